/* worker.h — per-thread state and the processing of one work item:
 * sniff → unpack (containers) or extract → match → tally, and its
 * inventory line.  Internal to the engine. */
#ifndef LS_WORKER_H
#define LS_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "checkpoint.h"
#include "chunk.h"
#include "docrun.h"
#include "isolate.h"
#include "match/match.h"
#include "progress.h"
#include "queue.h"
#include "sample.h"
#include "sink.h"
#include "sniff.h"
#include "strbuf.h"
#include "tally.h"
#include "unpack.h"

/* Shared, read-only while workers run. */
struct ls_shared {
    const struct ls_config *cfg;
    struct ls_unpack_env env;
    struct ls_queue *queue;
    struct ls_sink *inventory;      /* --inventory, or NULL */
    struct ls_sink *findings;       /* --findings, or NULL */
    const struct ls_ruleset *rules; /* may be NULL */
    unsigned char key[32];          /* fingerprint key of the run */
    unsigned nworkers;
    _Atomic int *cancel;           /* set (to the signal) when the scan is interrupted */
    struct ls_progress *progress;  /* the progress line, or NULL (progress.h) */
    struct ls_sample_live *sample; /* --sample: the population as counted, else NULL */
    struct ls_ckpt *ckpt;          /* --checkpoint (checkpoint.h), or NULL */
    struct ls_worker *workers;     /* all nworkers of them (a checkpoint adds them up) */
};

/* Documents can contain documents (mail attachments); each nesting level has
 * its own matcher, since a matcher follows one item at a time. */
#define LS_WORKER_MATCHERS 8

struct ls_worker {
    const struct ls_shared *sh;
    struct ls_sniffer *sniffer;                      /* this thread's libmagic */
    struct ls_matcher *matchers[LS_WORKER_MATCHERS]; /* by document nesting; [0] made up front */
    unsigned doc_level;                              /* documents open on this thread */
    struct ls_matcher *chunk_m;   /* matches chunks of large items (any worker's); lazy */
    struct ls_splitter *splitter; /* cuts this worker's large items into chunks; lazy */
    struct ls_tally *tally;
    struct ls_isolate *iso; /* this thread's unpack children (isolate.h) */
    struct ls_strbuf line;  /* inventory line scratch */
    pthread_t thread;
    _Atomic uint64_t done_items; /* inventory lines written, for --progress */
    _Atomic uint64_t done_bytes; /* bytes of text extracted, for --progress */
    _Atomic uint64_t disk_files; /* top-level files done, for the progress line */
    _Atomic uint64_t disk_bytes; /* their bytes read (per read, topped up at the end) */
    unsigned slot;               /* this worker's slot in the progress line */
    ls_status fatal;             /* a fatal status stops this worker */
    int abandoned;               /* still running 1.5 s after an interrupt: left alone */
    char fatal_msg[1024];
    const void *disk;          /* the file on disk being processed (worker.c), NULL between files */
    struct ls_docbatch *batch; /* small documents sent ahead to the child (docrun.h), or NULL */
    struct filejob *jobs;      /* files of a batch (worker.c); lazy */
    /* --shard of a lone root file (shard.h): while it is processed, its
     * path's length (0 otherwise) and whether its own line is this shard's */
    size_t split_len;
    int split_owner;
    /* --sample (sample.h): this worker's sampled units; the path length
     * of the unit being processed (0: none); for a lone root file, whether
     * it is sampled as a whole and how many first-level entries it had */
    struct ls_sample_acc *sacc;
    size_t unit_len;
    int root_in;
    uint64_t split_entries;
    /* --checkpoint of a lone root file: while it is processed, 1, and the
     * rank of its next first-level entry (entries are units, checkpoint.h) */
    int ck_lone;
    uint64_t ck_ord;
};

ls_status ls_worker_init(struct ls_worker *w, const struct ls_shared *sh, char *err, size_t errlen);
void ls_worker_fini(struct ls_worker *w);
/* --checkpoint, while w is idle between units (checkpoint.c): moves what
 * w counted into t and m (a merged tally and matcher) and starts w afresh.
 * LS_OK, or LS_ENOMEM (then w->fatal is set: counts may be on both
 * sides). */
ls_status ls_worker_fold(struct ls_worker *w, struct ls_tally *t, struct ls_matcher *m);
/* --checkpoint, at a unit boundary (checkpoint.h): when a checkpoint is
 * due, waits until the queue is quiet (keep: 1 from a worker, between two
 * entries of a lone file; 0 from the walker), folds every worker's counts
 * into the checkpoint's and writes it; lone_done: the lone file's entries
 * done, or UINT64_MAX.  A failed write is said once on stderr and the scan
 * goes on.  When the scan is stopping (Ctrl-C), it is then cancelled. */
void ls_worker_checkpoint(const struct ls_shared *sh, unsigned keep, uint64_t lone_done);
/* Processes one queued item (and everything nested in it).  A chunk
 * (LS_ITEM_CHUNK) is matched, whatever the worker's state. */
void ls_worker_process(struct ls_worker *w, struct ls_item *it);
/* Processes a file on disk (LS_ITEM_FILE) that the queue gave; when it is
 * a small document parsed in a child, takes the small documents queued
 * right behind it and sends them to the child as one batch (docrun.h).
 * Those items are processed, counted, freed and marked done here (the
 * caller does so for it only). */
void ls_worker_files(struct ls_worker *w, struct ls_item *it);

#endif
