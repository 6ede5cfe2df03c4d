/* findtally.h — what one matcher counts: per category (findings, files,
 * records, confidence, distinct values), per record type, and the date span.
 *
 * Each worker's matcher (match.c) owns one ls_findtally and feeds it as it
 * matches; the engine merges the workers' tallies once at the end
 * (ls_matcher_merge), and exposure.c writes the merged one into the report.
 * The arrays are indexed like the ruleset's (rs->cats, rs->rectypes); this
 * module does not read the ruleset, it is only told the sizes. */
#ifndef LS_FINDTALLY_H
#define LS_FINDTALLY_H

#include <stddef.h>
#include <stdint.h>

#include "match/dates.h"
#include "match/fpset.h"
#include "scanconf.h"
#include "status.h"

/* One category. */
struct ls_cattally {
    uint64_t findings;
    uint64_t files;                  /* items with at least one finding of it */
    uint64_t records;                /* records with at least one finding of it */
    uint64_t conf[LS_CONF_HIGH + 1]; /* findings by enum ls_confidence */
    struct ls_fpset uniq;            /* fingerprints of its distinct values */
};

/* One record type. */
struct ls_rectally {
    uint64_t count; /* records of the type */
    uint64_t files; /* items with at least one */
};

/* Everything one matcher counts: per category (indexed like rs->cats), per
 * record type (like rs->rectypes), and the date span. */
struct ls_findtally {
    struct ls_cattally *cats;
    struct ls_rectally *rt;
    struct ls_datetally dates;
};

/* Sets t up, zeroed, for ncats categories and nrectypes record types (either
 * may be 0).  0, or -1 out of memory; either way ls_findtally_free(t, ncats)
 * releases it. */
int ls_findtally_init(struct ls_findtally *t, size_t ncats, size_t nrectypes);
/* Releases what ls_findtally_init and the counting allocated; t is zeroed.
 * ncats: as given to ls_findtally_init. */
void ls_findtally_free(struct ls_findtally *t, size_t ncats);
/* Adds every count of from into into and unions the distinct-value sets;
 * from is only read.  Both were set up with the same sizes.  LS_OK, or
 * LS_ENOMEM (into is then partly merged; it can still be freed). */
ls_status ls_findtally_merge(struct ls_findtally *into, const struct ls_findtally *from,
                             size_t ncats, size_t nrectypes);

#endif
