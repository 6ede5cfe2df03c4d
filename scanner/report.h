/* report.h — the report stage: every output format, from the merged tally
 * and matcher only: the JSON report (schema leakscan-report/1,
 * docs/report.md) is rendered here (report.c); every other format (text,
 * csv, sarif, notification, html) is rendered from the parsed JSON report,
 * and every format written, in scanner/report/. */
#ifndef LS_REPORT_H
#define LS_REPORT_H

#include <time.h>

#include "match/match.h"
#include "report/termsafe.h" /* ls_term_safe, which the report used to hold */
#include "sample.h"
#include "scanconf.h"
#include "status.h"
#include "strbuf.h"
#include "tally.h"

struct ls_report_info {
    time_t started_at;
    double elapsed; /* seconds */
    unsigned threads;
    const struct ls_ruleset *rules;        /* may be NULL */
    const struct ls_matcher *matcher;      /* merged; may be NULL */
    int signal;                            /* the signal that interrupted the scan, or 0 */
    unsigned abandoned;                    /* workers left stuck in a parser after it */
    const char *findings_file;             /* the --findings lines written so far can be read
                                            * back from this file (its temporary file), or NULL */
    const struct ls_sample_result *sample; /* --sample: the estimates, else NULL */
};

/* Writes the report in every format of cfg->formats (or cfg->format) to
 * cfg->output (stdout when NULL or "-") or, with cfg->output_dir, to one
 * file per format in it; each file is created 0600 and never through a
 * symlink (scanner/report/output.c). */
ls_status ls_report_write(const struct ls_config *cfg, const struct ls_report_info *info,
                          struct ls_tally *t, char *err, size_t errlen);

/* Appends the JSON report of the merged tally view to b (b's maximum
 * bounds it: check b->overflow). */
void ls_report_render_json(const struct ls_config *cfg, const struct ls_report_info *info,
                           const struct ls_tally_view *v, struct ls_strbuf *b);

#endif
