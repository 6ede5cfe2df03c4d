/* checkpoint.h — --checkpoint FILE: a long scan that resumes after a crash,
 * a SIGKILL or Ctrl-C, and ends with the report an uninterrupted scan
 * would have written (docs/partial.md, "Checkpoints").
 *
 * Units of progress: each top-level input (a file or a walker note, by its
 * path relative to its PATH, as --shard) and, when the scan is one file
 * given alone, each first-level entry of it, by its rank in the archive.
 * A checkpoint is taken only when the work queue is quiet (nothing queued,
 * no worker busy but the caller): then the workers' tallies hold exactly
 * the units recorded as done.  It is the partial-result format (partial.h)
 * under its own magic, with the done units as keyed hashes, written to
 * FILE.tmp, fsync'ed and renamed.  The key is --key-file, else FILE.key
 * (32 random bytes, 0600, made on the first run).  --inventory and
 * --findings lines go to kept files (sink.h) whose lengths each checkpoint
 * records; the scan that resumes cuts them back to those and goes on. */
#ifndef LS_CHECKPOINT_H
#define LS_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "match/rules.h"
#include "scanconf.h"
#include "status.h"

struct ls_ckpt;
struct ls_sink;
struct ls_tally;
struct ls_matcher;
struct ls_report_info;

/* The run's key with --checkpoint and no --key-file: FILE.key, made (32
 * random bytes, 0600) when absent.  0, or -1 with err. */
int ls_ckpt_key(const struct ls_config *cfg, unsigned char key[32], char *err, size_t errlen);

/* Opens the checkpoint of cfg->checkpoint: when FILE exists, checks that it
 * is this scan's (PATHs, rule-pack set, key, settings) and reads what it
 * holds; else starts empty.  LS_OK, or LS_EUSAGE (refused, damaged: the
 * message names FILE) / LS_EIO / LS_ENOMEM with err. */
ls_status ls_ckpt_open(const struct ls_config *cfg, const struct ls_ruleset *rs,
                       const unsigned char key[32], struct ls_ckpt **out, char *err, size_t errlen);
void ls_ckpt_free(struct ls_ckpt *ck);

/* The walker: the hash of a top-level unit (root index, path relative to
 * it) in *unit; 1 when it was done before (not to be queued: a change of
 * its size or time since is reported on stderr), else 0. */
int ls_ckpt_walked(struct ls_ckpt *ck, unsigned root, const char *path, const char *rel, size_t rl,
                   uint64_t *unit);
/* A worker: the unit is done (st: the file's stat at open, or NULL).
 * Thread-safe. */
void ls_ckpt_unit_done(struct ls_ckpt *ck, uint64_t unit, const struct stat *st);

/* Whether the scan is one file given alone (its entries are units), and
 * how many of its first-level entries were done before. */
int ls_ckpt_lone(const struct ls_ckpt *ck);
uint64_t ls_ckpt_lone_resumed(const struct ls_ckpt *ck);

/* A unit boundary (worker.h, ls_worker_checkpoint, takes the checkpoint):
 * 1 when one is due — its interval passed and a unit (or, lone_done
 * beyond the last, an entry of the lone file) was done since the last, or
 * the scan is stopping — else 0.  lone_done: the lone file's entries done,
 * or UINT64_MAX (not counting entries).  Called by one thread at a time. */
int ls_ckpt_due(struct ls_ckpt *ck, uint64_t lone_done);
/* The checkpoint's own tally and matcher, into which the workers' counts
 * are folded at a quiet point. */
void ls_ckpt_base(struct ls_ckpt *ck, struct ls_tally **t, struct ls_matcher **m);
/* Writes the base once the workers' counts are folded into it, with the
 * lengths of inv and find (the kept --inventory and --findings, NULL when
 * not given), and sets when the next one is due.  LS_OK, or LS_EIO /
 * LS_ENOMEM with err (then no more checkpoints are written). */
ls_status ls_ckpt_commit(struct ls_ckpt *ck, struct ls_sink *inv, struct ls_sink *find,
                         unsigned threads, uint64_t lone_done, char *err, size_t errlen);

/* Ctrl-C: the first SIGINT/SIGTERM stops the taking of new units; those in
 * progress end, a checkpoint is written, then the scan is cancelled (or at
 * once past LS_CKPT_GRACE seconds). */
#define LS_CKPT_GRACE 10.0
void ls_ckpt_stop(struct ls_ckpt *ck, int sig);
int ls_ckpt_stopping(const struct ls_ckpt *ck);
/* Past the grace: the scan is cancelled (*cancel set).  Called while the
 * main thread waits. */
void ls_ckpt_grace(struct ls_ckpt *ck, _Atomic int *cancel);

/* At the end, after the workers were joined and merged: adds what the
 * checkpoint held before this run into t and m, and sets the report's
 * start (the first run's) and elapsed time (every run's). */
ls_status ls_ckpt_absorb(struct ls_ckpt *ck, struct ls_tally *t, struct ls_matcher *m,
                         struct ls_report_info *info);
/* A stopped scan whose units in progress all ended: writes the final state
 * (t, m: merged, the earlier runs' included).  LS_OK or LS_EIO with err. */
ls_status ls_ckpt_write_final(struct ls_ckpt *ck, struct ls_sink *inv, struct ls_sink *find,
                              const struct ls_report_info *info, struct ls_tally *t,
                              struct ls_matcher *m, char *err, size_t errlen);
/* --inventory (which 0) and --findings (1): the length of the lines of the
 * units done that the kept file holds (sink.h, ls_sink_open_kept), or -1
 * for a new scan. */
int64_t ls_ckpt_stream(const struct ls_ckpt *ck, int which);
/* The scan is complete and its report written: FILE (and FILE.key when
 * made here) are removed. */
void ls_ckpt_remove(struct ls_ckpt *ck);
/* Units skipped as done (for the message at the end of the walk). */
uint64_t ls_ckpt_skipped(const struct ls_ckpt *ck);

#endif
