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
 * message in err. */
ls_status ls_engine_run(const struct ls_config *cfg, char *err, size_t errlen);

#endif
