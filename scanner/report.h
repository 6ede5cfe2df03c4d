/* report.h — the report stage: every output format, from the merged tally
 * and matcher only.  Formats: JSON (schema leakscan-report/1,
 * docs/report.md), and rendered from it text (a summary for a terminal) and
 * HTML (one self-contained page). */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <time.h>

#include "match/match.h"
#include "report/termsafe.h" /* ls_term_safe, which the report used to hold */
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

#endif
