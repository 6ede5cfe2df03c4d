/* engine.h — one scan: the queue, the workers, the merge and the report.
 *
 * The main thread loads everything shared (rules, libmagic handles, filters),
 * starts the workers, walks the inputs into the bounded queue, waits, merges
 * the per-worker tallies once, and writes the report. */
#ifndef LS_ENGINE_H
#define LS_ENGINE_H

#include <stddef.h>

#include "scanconf.h"
#include "status.h"

/* Runs a scan.  Returns LS_OK when the scan completed (whatever it found),
 * or LS_EUSAGE / LS_EIO / LS_ERULES / LS_ENOMEM / LS_EFATAL with a one-line
 * message in err.
 *
 * Interrupts: SIGINT and SIGTERM are blocked in every thread of the scan and
 * taken by a signal thread.  The first one stops the walk and the taking of
 * new work, and abandons the items in progress at their next read (they end
 * as skipped, "interrupted"); the report, the inventory and the findings are
 * then written with what was done, the report marked incomplete, and
 * end->signal is set to the signal (the caller exits 128 + signal).  A
 * worker still busy 1.5 s after the signal (a parser that hangs) is abandoned:
 * the report counts what the other workers did, and end->abandoned says how
 * many were left running — the caller must then _exit, not exit, since
 * those threads still use the scan's memory.  A second signal exits at once
 * (status 128 + signal), removing the temporary output files: no
 * half-written file is ever left at an output path.  With --checkpoint
 * (checkpoint.h), the first signal lets the units in progress end (at most
 * LS_CKPT_GRACE seconds) and writes a checkpoint before the report, and the
 * inventory and findings are kept aside for the scan that resumes. */
struct ls_run_end {
    int signal;          /* the signal that interrupted the scan, or 0 */
    unsigned abandoned;  /* workers still stuck in a parser 1.5 s after it */
    int fail_on;         /* a --fail-on condition holds (the caller exits 1) */
    char fail_what[256]; /* which, and why (e.g. "iban: 12 findings") */
};
ls_status ls_engine_run(const struct ls_config *cfg, struct ls_run_end *end, char *err,
                        size_t errlen);

struct ls_matcher;
/* --fail-on: whether a condition of cfg holds on the report sections of the
 * merged matcher m (the first that holds is named in end->fail_what), for
 * a scan and for leakscan merge.  LS_OK, or LS_EFATAL with err. */
ls_status ls_engine_fail_on(const struct ls_config *cfg, const struct ls_matcher *m,
                            struct ls_run_end *end, char *err, size_t errlen);

#endif
