/* cattally.h — the per-worker tallies
 * of the match stage: per-category counters, distinct-value sets of keyed
 * fingerprints, record-type counters and the date span.  Everything here is
 * owned by one worker's matcher and merged once at the end (ls_matcher_merge);
 * the merged one writes the report's categories, records and exposure
 * (data subjects, date span, GDPR classes, ENISA severity). */
#ifndef LS_CATTALLY_H
#define LS_CATTALLY_H

#include <stddef.h>
#include <stdint.h>

#include "jsonw.h"
#include "status.h"
#include "strbuf.h"

struct ls_ruleset;

/* An exact set of 16-byte fingerprints (open addressing, linear probing).
 * The all-zero value is the empty slot: a zero fingerprint is stored with its
 * first byte set to 1 (a 2^-128 event; harmless). */
struct ls_fpset {
    unsigned char (*slot)[16];
    size_t cap; /* power of two, or 0 */
    size_t n;
};
/* 1 when new, 0 when already there, -1 out of memory. */
int ls_fpset_add(struct ls_fpset *s, const unsigned char fp[16]);
int ls_fpset_merge(struct ls_fpset *into, const struct ls_fpset *from);
void ls_fpset_free(struct ls_fpset *s);

struct ls_cattally {
    uint64_t findings;
    uint64_t files;
    uint64_t records;
    uint64_t conf[3]; /* by enum ls_confidence */
    struct ls_fpset uniq;
};

struct ls_rectally {
    uint64_t count;
    uint64_t files;
};

#define LS_YEAR_MIN 1900
#define LS_YEAR_MAX 2100
struct ls_datetally {
    uint32_t first; /* yyyymmdd, 0 = none */
    uint32_t last;
    uint64_t by_year[LS_YEAR_MAX - LS_YEAR_MIN + 1];
    uint64_t n;
};
/* Parses a date (d/m/y, d-m-y, d.m.y with 2- or 4-digit years; y-m-d; 8-digit
 * ymd) into yyyymmdd; 0 when it is not a date of 1900–2100. */
uint32_t ls_date_parse(const char *s, size_t n);
/* Widens the span to ymd (0: nothing). */
void ls_date_extend(struct ls_datetally *d, uint32_t ymd);
/* Widens the span and counts one dated record in ymd's year (0: nothing). */
void ls_date_add(struct ls_datetally *d, uint32_t ymd);
void ls_date_merge(struct ls_datetally *into, const struct ls_datetally *from);

/* Everything one matcher counts: per category (indexed like rs->cats), per
 * record type (like rs->rectypes), and the date span. */
struct ls_findtally {
    struct ls_cattally *cats;
    struct ls_rectally *rt;
    struct ls_datetally dates;
};
/* 0, or -1 out of memory (then ls_findtally_free cleans up). */
int ls_findtally_init(struct ls_findtally *t, size_t ncats, size_t nrectypes);
void ls_findtally_free(struct ls_findtally *t, size_t ncats);
/* Adds from into into (distinct sets are unioned). */
ls_status ls_findtally_merge(struct ls_findtally *into, const struct ls_findtally *from,
                             size_t ncats, size_t nrectypes);
/* The report members "categories", "records", "exposure" (match.h), and the
 * plain-text summary of the same. */
void ls_findtally_report_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                              struct ls_jsonw *w);
void ls_findtally_report_text(const struct ls_ruleset *rs, const struct ls_findtally *t,
                              struct ls_strbuf *out);

#endif
