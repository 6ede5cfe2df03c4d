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
    int merged;          /* another tally was merged into this one */
    uint64_t scan_bytes; /* once merged: the sets' bytes of this tally and of
                          * every tally merged in, each just before its merge */
};

/* What the distinct-value sets of a matcher hold in memory. */
struct ls_setmem {
    uint64_t bytes;               /* heap bytes of the sets now (ls_fpset_bytes, summed) */
    uint64_t values;              /* distinct values in them, summed over the categories */
    uint64_t scan_bytes;          /* the sets of the scan before their merge: bytes of this
                                   * matcher's own and of every matcher merged into it, each
                                   * taken just before the merge (== bytes when none was) */
    uint64_t exposure_bytes;      /* persons.c: edges, minors and plate table held now */
    uint64_t exposure_link_bytes; /* persons.c: the union-find's arrays at the end */
};

/* Sets t up, zeroed, for ncats categories and nrectypes record types (either
 * may be 0).  0, or -1 out of memory; either way ls_findtally_free(t, ncats)
 * releases it. */
int ls_findtally_init(struct ls_findtally *t, size_t ncats, size_t nrectypes);
/* Makes the distinct-value sets of t sketches (fpset.h) once they would
 * hold more than exact_max values; UINT64_MAX: always exact (the default). */
void ls_findtally_exact_max(struct ls_findtally *t, size_t ncats, uint64_t exact_max);
/* Releases what ls_findtally_init and the counting allocated; t is zeroed.
 * ncats: as given to ls_findtally_init. */
void ls_findtally_free(struct ls_findtally *t, size_t ncats);
/* Adds every count of from into into and moves the distinct values of
 * from's sets into into's (ls_fpset_merge: from's sets end empty, the rest
 * of from is only read).  Both were set up with the same sizes.  LS_OK, or
 * LS_ENOMEM (into is then partly merged; both can still be freed). */
ls_status ls_findtally_merge(struct ls_findtally *into, struct ls_findtally *from, size_t ncats,
                             size_t nrectypes);
/* Fills *out with what t's distinct-value sets hold. */
void ls_findtally_memory(const struct ls_findtally *t, size_t ncats, struct ls_setmem *out);

#endif
