/* queue.h — the bounded work queue between the walker and the workers.
 *
 * Bounded twice: by item count and by bytes of entry data held (blob items).
 * The walker blocks when it is full (ls_queue_push); a worker that produces
 * items never blocks (ls_queue_try_push fails, and the worker processes the
 * item itself), so workers cannot deadlock on each other.  The queue ends when
 * it is closed by the walker, empty, and no worker is busy (a busy worker
 * may still produce items). */
#ifndef LS_QUEUE_H
#define LS_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

enum ls_item_kind {
    LS_ITEM_FILE = 0, /* a path on disk to open */
    LS_ITEM_BLOB = 1, /* an archive entry already read into memory */
    LS_ITEM_NOTE = 2, /* nothing to read: a walker verdict (skipped/failed) to record */
    LS_ITEM_CHUNK = 3 /* records of a large item to match (chunk.h); owned by its splitter */
};

struct ls_item {
    enum ls_item_kind kind; /* what it is */
    char *path;             /* logical path (owned) */
    size_t path_len;        /* bytes of path (it may hold any byte but NUL) */
    unsigned depth;         /* nesting depth: 0 on disk */
    size_t unit_len;        /* --sample: its unit's path is path[0..unit_len) (0: none) */
    unsigned char *data;    /* BLOB: the bytes (owned) */
    size_t len;             /* BLOB: their number */
    int note_status;        /* NOTE: LS_ESKIPPED or LS_EFAILED */
    char *note_reason;      /* NOTE: the reason (owned) */
    char *note_type;        /* NOTE: the type to report, e.g. "inode/symlink" (owned) */
    void *chunk;            /* CHUNK: the struct ls_chunk (not owned) */
    uint64_t unit;          /* FILE, NOTE with --checkpoint: the unit's hash (checkpoint.h) */
    struct ls_item *next;   /* queue link */
};

struct ls_queue;

ls_status ls_queue_new(size_t max_items, uint64_t max_bytes, struct ls_queue **out);
void ls_queue_free(struct ls_queue *q);
/* Blocks while full; takes ownership of it. */
void ls_queue_push(struct ls_queue *q, struct ls_item *it);
/* Takes ownership and returns 0, or returns -1 (caller keeps it) when full. */
int ls_queue_try_push(struct ls_queue *q, struct ls_item *it);
/* A chunk (LS_ITEM_CHUNK, chunk.h): never blocks and is not bounded here
 * (a splitter has a fixed number of chunks in flight); chunks are popped
 * before any other item.  The queue does not own or free it. */
void ls_queue_push_front(struct ls_queue *q, struct ls_item *it);
/* The next chunk, or NULL when none waits; never blocks and does not mark
 * the caller busy (it is busy already: a worker waiting on its own chunks). */
struct ls_item *ls_queue_take_front(struct ls_queue *q);
/* No more pushes from the walker. */
void ls_queue_close(struct ls_queue *q);
/* Blocks for the next item and marks the caller busy; NULL when the queue has
 * ended.  Every non-NULL pop must be followed by ls_queue_done(). */
struct ls_item *ls_queue_pop(struct ls_queue *q);
void ls_queue_done(struct ls_queue *q);
/* The next item without waiting, marked busy as by ls_queue_pop, when it is
 * a file on disk (LS_ITEM_FILE), no chunk waits, and more than keep items
 * are queued (left for the other workers); else NULL. */
struct ls_item *ls_queue_try_pop_file(struct ls_queue *q, size_t keep);

/* Waits (at most ms milliseconds) until nothing is queued and at most keep
 * workers are busy (keep: 1 when the caller is a busy worker itself): then
 * every item pushed so far, and everything it queued, is done.  0, or -1
 * on timeout.  For --checkpoint (checkpoint.h). */
int ls_queue_quiesce(struct ls_queue *q, unsigned keep, unsigned ms);

struct ls_item *ls_item_new(enum ls_item_kind kind, const char *path, size_t path_len,
                            unsigned depth);
void ls_item_free(struct ls_item *it);

#endif
