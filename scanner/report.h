/* report.h — the report stage: every output format, from the merged tally
 * and matcher only.  Formats: text (a summary for a terminal) and JSON
 * (schema leakscan-report/1, docs/report.md). */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <time.h>

#include "match/match.h"
#include "scanconf.h"
#include "status.h"
#include "strbuf.h"
#include "tally.h"

struct ls_report_info {
    time_t started_at;
    double elapsed; /* seconds */
    unsigned threads;
    const struct ls_ruleset *rules;   /* may be NULL */
    const struct ls_matcher *matcher; /* merged; may be NULL */
    int signal;                       /* the signal that interrupted the scan, or 0 */
    unsigned abandoned;               /* workers left stuck in a parser after it */
};

/* Writes the report in cfg->format to cfg->output (stdout when NULL or "-";
 * a file is created 0600 and never through a symlink). */
ls_status ls_report_write(const struct ls_config *cfg, const struct ls_report_info *info,
                          struct ls_tally *t, char *err, size_t errlen);

/* Appends s[0..n) made safe for a terminal: control bytes (C0, DEL, C1) and
 * bytes that are not UTF-8 become \xNN, so no escape sequence from a file
 * name reaches the screen. */
void ls_term_safe(struct ls_strbuf *out, const char *s, size_t n);

#endif
