/* partial.h — a partial result (--partial FILE): what one shard of a scan
 * counted, written instead of a report, and read back by `leakscan merge`
 * (merge.c), which adds the partials of every shard together and writes
 * the report from the sum.  The format (leakscan-partial, version
 * LS_PARTIAL_VERSION) is documented in docs/partial.md: little-endian
 * binary, the rule-pack set's digest, a digest of the key (never the key),
 * the inventory tally, the findings tally with the distinct-value sets as
 * keyed 64-bit hashes, the persons' links and minors, the plate table, and
 * a BLAKE2b-256 checksum of everything before it. */
#ifndef LS_PARTIAL_H
#define LS_PARTIAL_H

#include <stddef.h>
#include <stdint.h>

#include "match/match.h"
#include "report.h"
#include "scanconf.h"
#include "status.h"
#include "tally.h"

#define LS_PARTIAL_VERSION 1u

/* Writes the partial result of a finished scan to cfg->partial (created
 * 0600 beside it and renamed into place: never half-written).  key is the
 * run's key (only its digest is written); m may be NULL (no rules).
 * LS_OK, or LS_EIO / LS_ENOMEM with a message in err. */
ls_status ls_partial_write(const struct ls_config *cfg, const struct ls_report_info *info,
                           const unsigned char key[32], struct ls_tally *t, struct ls_matcher *m,
                           char *err, size_t errlen);

/* A checkpoint (--checkpoint FILE, checkpoint.h): the same sections under
 * another magic (LSCKPT), with extra[0..extralen) (the checkpoint's own
 * section) after the head, written to FILE.tmp, fsync'ed, renamed into
 * place and the folder fsync'ed: a crash at any instant leaves the old
 * checkpoint or the new one.  LS_OK, or LS_EIO / LS_ENOMEM with err. */
ls_status ls_partial_write_checkpoint(const char *path, const struct ls_config *cfg,
                                      const struct ls_report_info *info,
                                      const unsigned char key[32], struct ls_tally *t,
                                      struct ls_matcher *m, const void *extra, size_t extralen,
                                      char *err, size_t errlen);

/* The head of a partial: what merge checks before adding it. */
struct ls_partial_head {
    uint32_t version;
    unsigned char rules_digest[32]; /* ruleset's digest, or zeros without rules */
    unsigned char key_digest[32];
    uint32_t has_rules;
    uint32_t shard_k, shard_n; /* 0/0: a whole scan */
    uint32_t min_confidence, profile_min_hits, profile_min_sites, scan_date;
    uint64_t exact_distinct;
    uint64_t max_depth, max_entry_bytes, max_input_bytes, max_entries, max_buffer_bytes;
    double max_ratio;
    uint64_t started_at;
    double elapsed;
    uint32_t threads, signal, abandoned;
    char **inputs; /* the scan's PATH arguments */
    uint32_t ninputs;
};

struct ls_partial;

/* Reads the partial at path whole, checks its magic, version and checksum
 * and parses its head.  LS_EUSAGE (not a partial, another version,
 * damaged) or LS_EIO with a message naming path in err. */
ls_status ls_partial_open(const char *path, struct ls_partial **out, char *err, size_t errlen);
/* The same for a checkpoint (ls_partial_write_checkpoint). */
ls_status ls_partial_open_checkpoint(const char *path, struct ls_partial **out, char *err,
                                     size_t errlen);
/* A checkpoint's own section (NULL, 0 for a partial), valid until
 * ls_partial_absorb. */
const unsigned char *ls_partial_extra(const struct ls_partial *p, size_t *len);
const struct ls_partial_head *ls_partial_head(const struct ls_partial *p);
/* Adds the partial's counts to t and to m's tally and persons (m made with
 * the same ruleset; NULL when the partial has no rules).  LS_OK, or
 * LS_EUSAGE (damaged, another ruleset's categories) / LS_ENOMEM with a
 * message naming path in err.  The file's bytes are then freed (the head
 * stays until ls_partial_close); call it once. */
ls_status ls_partial_absorb(struct ls_partial *p, const struct ls_ruleset *rs, struct ls_tally *t,
                            struct ls_matcher *m, char *err, size_t errlen);
void ls_partial_close(struct ls_partial *p);

/* The digest of a key that a partial holds: BLAKE2b-256 keyed with the key
 * over a fixed label.  0, or -1 (libsodium). */
int ls_partial_key_digest(const unsigned char key[32], unsigned char out[32]);

#endif
