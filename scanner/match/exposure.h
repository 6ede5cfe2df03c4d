/* exposure.h — the report sections written from the merged tallies of a scan
 * and the ruleset that names them: "categories", "records" and "exposure"
 * (data subjects, date span, GDPR classes, ENISA severity; docs/report.md),
 * and the plain-text summary of the same.
 *
 * The engine merges the workers' matchers once at the end and asks the merged
 * one for its report sections (ls_matcher_report_json/_text, match.h), which
 * hands its ruleset and tally to these.  Reads only; no state of its own. */
#ifndef LS_EXPOSURE_H
#define LS_EXPOSURE_H

#include "jsonw.h"
#include "match/findtally.h"
#include "strbuf.h"

struct ls_ruleset;

/* Writes the members "categories", "records" and "exposure" (keys and
 * values) into w's open object.  t holds the counts of every worker, indexed
 * like rs's categories and record types; both are only read.  Categories
 * and record types with no finding are left out. */
void ls_exposure_report_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             struct ls_jsonw *w);
/* Appends the plain-text summary of the same (categories, record types, data
 * subjects, dates, severity) to out; rs and t as above. */
void ls_exposure_report_text(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             struct ls_strbuf *out);

#endif
