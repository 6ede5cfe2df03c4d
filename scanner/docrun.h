/* docrun.h — a document extractor run in a supervised child (isolate.h):
 * the parent's side.  The worker calls this instead of the extractor's run
 * for the formats extract.c's table marks LS_EX_ISOLATED; the extractor's
 * records and child items come back through the same doc->on_record and
 * doc->on_child, in the same order, so matching is what it is in-process. */
#ifndef LS_DOCRUN_H
#define LS_DOCRUN_H

#include "budget.h"
#include "extract/extract.h"
#include "isolate.h"

/* Small documents on disk sent ahead, in one LS_ISO_DOCS request, to the
 * child of the first level, which runs them one after the other: one round
 * trip and one wake-up of the child for many files instead of one each.
 * Each document still gets its own outcome, from its own messages: a run of
 * ls_docrun() for a document of the batch (the next one, fd = its
 * descriptor, in order) reads what the child sends for it instead of
 * sending it.  When the child ended before the document's turn (it crashed
 * or timed out on an earlier one, was killed or retired), the document is
 * sent again, alone, to a fresh child: a crash fails the one document it
 * happened in. */
struct ls_docbatch {
    struct ls_child *ch;       /* the child the batch went to */
    uint64_t serial;           /* its serial (isolate.h) */
    unsigned n, next;          /* documents sent; the next one to be read */
    int fds[LS_ISO_MAX_BATCH]; /* their descriptors, in order */
};

/* Runs ex on doc (doc->in primed, as for ex->run) in the child of iso for
 * the next nesting level of b.  fd >= 0: the document is that file on disk,
 * handed to the child to read itself (doc->in is then not read past its
 * head); otherwise the child reads doc->in through the parent.  Returns
 * what ex->run would, with doc's out fields filled; besides: LS_EFAILED
 * when the child crashed ("parser crashed (signal N)"), was silent for
 * --max-item-seconds ("parser timed out") or ran out of its memory
 * ("parser out of memory"), the records it sent before staying matched;
 * LS_ELIMIT when the budget stopped the input meanwhile (its limit named);
 * a status a callback returned (the child is then ended). */
ls_status ls_docrun(struct ls_isolate *iso, struct ls_budget *b, const struct ls_extractor *ex,
                    struct ls_doc *doc, int fd, struct ls_docbatch *bt);

/* Sends n (<= LS_ISO_MAX_BATCH) documents, doc[i] on disk as fds[i], to be
 * read by ex[i], as a batch bt.  Nothing is sent (bt->n = 0) when the child
 * could not start or died meanwhile: each is then sent alone. */
void ls_docrun_batch(struct ls_isolate *iso, struct ls_docbatch *bt,
                     const struct ls_extractor *const *ex, struct ls_doc *const *doc,
                     const int *fds, unsigned n);

/* Ends the batch: a child still holding documents of it (their runs were
 * given up: an interrupt, a fatal error) is ended. */
void ls_docrun_batch_end(struct ls_docbatch *bt);

#endif
