/* merge.h — `leakscan merge PARTIAL...`: the partial results of the shards
 * of one scan (partial.h) added together, and the report written from the
 * sum in every format a scan writes. */
#ifndef LS_MERGE_H
#define LS_MERGE_H

#include <stddef.h>

#include "engine.h"
#include "scanconf.h"
#include "status.h"

/* Merges the partials cfg->inputs[0..ninputs) and writes the report as
 * ls_engine_run does (cfg: the report options, the rule packs, and
 * optionally --key-file to check the partials against).  Partials made
 * with another key, schema version, rule-pack set or settings, and shards
 * missing or given twice, are refused with a message naming the file.
 * LS_OK, or LS_EUSAGE / LS_EIO / LS_ERULES / LS_ENOMEM with a message in
 * err; end->fail_on as for a scan. */
ls_status ls_merge_run(const struct ls_config *cfg, struct ls_run_end *end, char *err,
                       size_t errlen);

#endif
