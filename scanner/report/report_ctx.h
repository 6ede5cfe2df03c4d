/* report_ctx.h — what every derived report format is given.
 *
 * The JSON report (report.c, schema leakscan-report/1) is the single source
 * of truth: the report stage builds it in memory, parses it with jansson,
 * and each derived format (text, html, ...) renders from the parsed tree
 * only, so no format can show a figure the JSON report does not hold. */
#ifndef LS_REPORT_CTX_H
#define LS_REPORT_CTX_H

#include <jansson.h>

#include "report.h"

struct ls_report_ctx {
    const struct ls_config *cfg;
    const struct ls_report_info *info;
    json_t *report;            /* the parsed JSON report */
    const char *findings_path; /* --findings file or NULL */
};

#endif
