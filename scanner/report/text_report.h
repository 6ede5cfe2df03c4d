/* text_report.h — the text report (the default format): a headline, then
 * categories, record types, media, bytes, file types and problems, rendered
 * from the parsed JSON report (report_ctx.h; docs/report.md, "Text report"). */
#ifndef LS_TEXT_REPORT_H
#define LS_TEXT_REPORT_H

#include <stdio.h>

#include "report/report_ctx.h"
#include "status.h"
#include "strbuf.h"

/* Appends the text report of ctx->report to out, with ANSI colours when
 * color is non-zero.  Every path and reason is made terminal-safe
 * (ls_term_safe).  LS_OK, or LS_EIO when out overflowed. */
ls_status ls_report_text(const struct ls_report_ctx *ctx, int color, struct ls_strbuf *out);

/* Whether the text report written to f gets colours: mode 1 always, 0
 * never, -1 (auto) when f is a terminal, NO_COLOR is unset or empty
 * (no-color.org) and TERM is not "dumb". */
int ls_report_color(int mode, FILE *f);

#endif
