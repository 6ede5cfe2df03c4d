/* report_ctx.h — what every derived report format renders from, and the
 * small helpers they share.
 *
 * The JSON report (scanner/report.c, schema leakscan-report/1) is the single
 * source of truth: the report stage builds it once, parses it with jansson
 * and hands the tree to each derived format (csv, sarif, notification,
 * html), so that every format says the same numbers.  Each format is one
 * file of this folder with one entry point
 *
 *     ls_status ls_report_<fmt>(const struct ls_report_ctx *ctx, struct ls_strbuf *out);
 *
 * which appends the whole document to out (a bounded buffer: an overflow is
 * the caller's error) and returns LS_OK, or an error with a message in
 * ctx->err.  The table of formats is in output.c. */
#ifndef LS_REPORT_CTX_H
#define LS_REPORT_CTX_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "scanconf.h"
#include "status.h"
#include "strbuf.h"

struct ls_report_ctx {
    const struct ls_config *cfg;
    const struct ls_report_info *info;
    json_t *report;            /* the parsed JSON report */
    const char *findings_path; /* a file holding the --findings lines of this scan, or NULL */
    char *err;                 /* a renderer's message on failure (may stay empty) */
    size_t errlen;
};

/* The value at a dotted path of keys ("exposure.severity.level") under
 * root, or NULL when a key is missing or a step is not an object.  Keys
 * holding a dot cannot be reached this way: look them up with json_object_get. */
json_t *ls_rj_get(const json_t *root, const char *path);
/* The string at path, or def when it is missing or not a string. */
const char *ls_rj_str(const json_t *root, const char *path, const char *def);
/* The number at path (an integer >= 0, or a real >= 0 rounded down and
 * capped at UINT64_MAX: integers of a report parsed as reals), or def. */
uint64_t ls_rj_u64(const json_t *root, const char *path, uint64_t def);
/* The number at path as a double, or def. */
double ls_rj_dbl(const json_t *root, const char *path, double def);

/* A few words naming a category, keyword class or record type id of the
 * taxonomy ("Belgian national register number"); a pack's own id is
 * returned as it is. */
const char *ls_report_taxon_name(const char *id);

/* The derived formats. */
ls_status ls_report_csv(const struct ls_report_ctx *ctx, struct ls_strbuf *out);
ls_status ls_report_csv_files(const struct ls_report_ctx *ctx, struct ls_strbuf *out);
ls_status ls_report_sarif(const struct ls_report_ctx *ctx, struct ls_strbuf *out);
ls_status ls_report_notification(const struct ls_report_ctx *ctx, struct ls_strbuf *out);
ls_status ls_report_html(const struct ls_report_ctx *ctx, struct ls_strbuf *out);

#endif
