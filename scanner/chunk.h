/* chunk.h — one large item matched on every worker: its records are cut
 * into chunks that any worker matches, and the chunks' results are put back
 * together in order (docs/architecture.md, "One large item on every core").
 *
 * The worker that reads the item (the cutter) runs the extractor as usual;
 * the records it emits are copied, whole and at their record boundaries,
 * into chunks of about chunk_bytes of text, and each full chunk is pushed to
 * the front of the work queue, where idle workers take it before any new
 * item.  A worker matches a chunk on its own chunk matcher, with the
 * findings lines kept in the chunk and the item's counts saved with it
 * (match.h: ls_matcher_set_lines, ls_matcher_item_save).  The cutter puts
 * the chunks back in the order they were cut: it writes their findings lines
 * to the sink and adds their counts to the item's matcher, so the findings,
 * the inventory line and the report are what matching every record on the
 * cutter gives.  A splitter has a fixed number of chunks; when all are in
 * flight the cutter matches queued chunks itself while it waits, so memory
 * stays bounded and no thread waits on another that waits on it. */
#ifndef LS_CHUNK_H
#define LS_CHUNK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "match/match.h"
#include "queue.h"
#include "sink.h"
#include "status.h"

/* Text bytes of records per chunk, when the configuration does not say. */
#define LS_CHUNK_BYTES_DEFAULT (256u << 10)
/* Most records in one chunk (bounds its record table for short lines). */
#define LS_CHUNK_MAX_RECORDS 4096u

struct ls_splitter;

/* A splitter pushing chunks to q, writing findings lines to findings (NULL:
 * none), with nchunks chunks (at least 2) of about chunk_bytes (at least 1)
 * each.  cancel (may be NULL) is the scan's interrupt flag: once it is set,
 * chunks are no longer matched (the item is being abandoned, and the scan
 * must end within its grace time).  LS_ENOMEM on failure. */
ls_status ls_splitter_new(struct ls_queue *q, struct ls_sink *findings, unsigned nchunks,
                          size_t chunk_bytes, _Atomic int *cancel, struct ls_splitter **out);
/* Frees it; no item may be open.  NULL is fine. */
void ls_splitter_free(struct ls_splitter *sp);

/* Starts an item.  path (kept until ls_splitter_end) names it in findings;
 * owner is the item's matcher, on which ls_matcher_item_begin was called:
 * the chunks' counts are added to it.  self is the calling thread's chunk
 * matcher, with which it matches chunks while it waits.  size_hint is the
 * item's size in bytes, or -1 when it is not known (an entry of a
 * compressed stream).  LS_ENOMEM on failure (then nothing is open). */
ls_status ls_splitter_begin(struct ls_splitter *sp, const char *path, struct ls_matcher *owner,
                            struct ls_matcher *self, int64_t size_hint);
/* One record of the item, in order.  In an item of unknown size, the first
 * chunk_bytes of record text are matched on owner at once (no chunk yet: an
 * item that turns out small costs nothing more); an item known to be large
 * is cut from its first record, so that the other workers start on it at
 * once.  Every other record is copied into the current chunk.  Returns
 * the failure of a chunk matched earlier (a fatal status), else LS_OK. */
ls_status ls_splitter_record(struct ls_splitter *sp, const struct ls_record *rec);
/* Ends the item: every chunk is matched and put back in order.  Returns the
 * first failure of a chunk (LS_ELIMIT: the scan was interrupted and chunks
 * were left unmatched), else LS_OK. */
ls_status ls_splitter_end(struct ls_splitter *sp);

/* Chunks cut for the item begun last (for tests and measurements). */
uint64_t ls_splitter_cuts(const struct ls_splitter *sp);

/* Matches the chunk of a queue item (LS_ITEM_CHUNK) on m, the calling
 * thread's chunk matcher, and hands it back to its cutter.  The item stays
 * owned by its splitter. */
void ls_chunk_serve(struct ls_item *it, struct ls_matcher *m);

#endif
