/* html.h — the HTML report (--format html): one self-contained page for a
 * data protection officer, rendered from the parsed JSON report
 * (report_ctx.h; docs/report.md, "HTML report").
 *
 * The page needs nothing else: inline CSS, charts as inline SVG, no script,
 * no font, image or style sheet fetched, and a Content-Security-Policy that
 * forbids all of them.  Every string of the report (file names come from
 * whoever made the leak) is made safe to show and HTML-escaped.  Like every
 * output, it holds counts and names, never a found value. */
#ifndef LS_HTML_H
#define LS_HTML_H

#include "report/report_ctx.h"
#include "status.h"
#include "strbuf.h"

/* Appends the HTML report of ctx->report to out.  LS_OK, or LS_EIO when out
 * overflowed. */
ls_status ls_report_html(const struct ls_report_ctx *ctx, struct ls_strbuf *out);

#endif
