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
                    struct ls_doc *doc, int fd);

#endif
