/* exposure.h — the report sections written from the merged tallies of a scan
 * and the ruleset that names them: "categories", "records" and "exposure"
 * (data subjects, persons, minors, movement profiles, date span, GDPR
 * classes, ENISA severity; docs/report.md), and the plain-text summary of
 * the same.
 *
 * The engine merges the workers' matchers once at the end and asks the merged
 * one for its report sections (ls_matcher_report_json/_text, match.h), which
 * hands its ruleset and tally to these.  Reads only; no state of its own. */
#ifndef LS_EXPOSURE_H
#define LS_EXPOSURE_H

#include "jsonw.h"
#include "match/findtally.h"
#include "match/persons.h"
#include "strbuf.h"

struct ls_ruleset;

/* Circumstances of the breach, for ENISA's CB (--circumstances; bits). */
enum {
    LS_CB_EXPOSED = 1 << 0,      /* confidentiality at risk, no evidence of access: +0.25 */
    LS_CB_KNOWN = 1 << 1,        /* disclosed to known recipients: +0.25 */
    LS_CB_PUBLIC = 1 << 2,       /* made public, or unknown recipients: +0.5 */
    LS_CB_ALTERED = 1 << 3,      /* data altered, recoverable: +0.25 */
    LS_CB_ALTERED_LOST = 1 << 4, /* data altered, not recoverable: +0.5 */
    LS_CB_UNAVAILABLE = 1 << 5,  /* data unavailable for a time: +0.25 */
    LS_CB_DATA_LOST = 1 << 6,    /* data lost for good: +0.5 */
    LS_CB_MALICIOUS = 1 << 7,    /* intentional: +0.5 */
    LS_CB_UNINTENDED = 1 << 8,   /* an error or accident: +0 */
    LS_CB_GIVEN = 1 << 15        /* the list was given (even "none") */
};

/* Parses --circumstances LIST (comma-separated names, docs/report.md) into
 * LS_CB_* bits with LS_CB_GIVEN.  0, or -1 with a message in err. */
int ls_circumstances_parse(const char *list, unsigned *out, char *err, size_t errlen);

/* What the exposure section needs besides the tallies. */
struct ls_exposure_in {
    struct ls_persons_fig fig;    /* persons, minors, movement profiles */
    int fig_ok;                   /* 0: the union-find ran out of memory (persons unknown) */
    unsigned min_hits, min_sites; /* the movement-profile thresholds */
    unsigned circumstances;       /* LS_CB_* bits; 0: not given (the default is assumed) */
};

/* Writes the members "categories", "records" and "exposure" (keys and
 * values) into w's open object.  t holds the counts of every worker, indexed
 * like rs's categories and record types; both are only read.  Categories
 * and record types with no finding are left out. */
void ls_exposure_report_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             const struct ls_exposure_in *x, struct ls_jsonw *w);
/* Appends the plain-text summary of the same (categories, record types, data
 * subjects, dates, severity) to out; rs and t as above. */
void ls_exposure_report_text(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             const struct ls_exposure_in *x, struct ls_strbuf *out);

#endif
