/* cattally.h — the per-worker tallies of the match stage: per-category
 * counters, distinct-value sets of keyed fingerprints (fpset.h), record-type
 * counters and the date span (dates.h).  Everything here is
 * owned by one worker's matcher and merged once at the end (ls_matcher_merge);
 * the merged one writes the report's categories, records and exposure
 * (data subjects, date span, GDPR classes, ENISA severity). */
#ifndef LS_CATTALLY_H
#define LS_CATTALLY_H

#include <stddef.h>
#include <stdint.h>

#include "jsonw.h"
#include "match/dates.h"
#include "match/fpset.h"
#include "status.h"
#include "strbuf.h"

struct ls_ruleset;

struct ls_cattally {
    uint64_t findings;
    uint64_t files;
    uint64_t records;
    uint64_t conf[3]; /* by enum ls_confidence */
    struct ls_fpset uniq;
};

struct ls_rectally {
    uint64_t count;
    uint64_t files;
};

/* Everything one matcher counts: per category (indexed like rs->cats), per
 * record type (like rs->rectypes), and the date span. */
struct ls_findtally {
    struct ls_cattally *cats;
    struct ls_rectally *rt;
    struct ls_datetally dates;
};
/* 0, or -1 out of memory (then ls_findtally_free cleans up). */
int ls_findtally_init(struct ls_findtally *t, size_t ncats, size_t nrectypes);
void ls_findtally_free(struct ls_findtally *t, size_t ncats);
/* Adds from into into (distinct sets are unioned). */
ls_status ls_findtally_merge(struct ls_findtally *into, const struct ls_findtally *from,
                             size_t ncats, size_t nrectypes);
/* The report members "categories", "records", "exposure" (match.h), and the
 * plain-text summary of the same. */
void ls_findtally_report_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                              struct ls_jsonw *w);
void ls_findtally_report_text(const struct ls_ruleset *rs, const struct ls_findtally *t,
                              struct ls_strbuf *out);

#endif
