/* budget.h — the one place every expansion limit is checked.
 *
 * One budget per top-level input, charged by unpack for every block an
 * archive entry yields (between archive_read_data_block calls): bytes of the
 * entry, bytes of the whole input, the entry's expansion ratio.  A hit is a
 * value (enum ls_limit, scanlimits.h); the item is skipped with LS_ELIMIT and
 * the limit's printed reason ("limit: ratio"). */
#ifndef LS_BUDGET_H
#define LS_BUDGET_H

#include <stdint.h>

#include "scanlimits.h"

struct ls_budget {
    const struct ls_limits *lim; /* the run's limits (shared, read-only) */
    uint64_t input_expanded;     /* bytes expanded so far from this top-level input */
    enum ls_limit exhausted;     /* set when a limit stops the whole input */
    enum ls_limit last_hit;      /* the last limit hit, so that layers above can name it */
    double deadline;             /* monotonic seconds after which the input is abandoned; 0 none */
    unsigned nesting;            /* containers open on this input now (unpack's recursion) */
    _Atomic int *cancel;         /* the run's interrupt flag (set by the engine), or NULL */
};

/* Checks whether the scan was interrupted, then the input's wall-time limit;
 * LS_LIMIT_NONE, LS_LIMIT_INTERRUPTED or LS_LIMIT_TIME (either exhausts the
 * input).  Called from every read, seek and skip of unpack and of a file. */
enum ls_limit ls_budget_time(struct ls_budget *b);

/* Whether the scan was interrupted: then 1, and the input is exhausted
 * (LS_LIMIT_INTERRUPTED).  A relaxed atomic load: cheap enough for every read. */
int ls_budget_interrupted(struct ls_budget *b);

/* Starts the budget of one top-level input under the run's limits lim (not
 * copied; must outlive the budget).  Starts the wall-time clock; no
 * interrupt flag (the caller may set cancel). */
void ls_budget_init(struct ls_budget *b, const struct ls_limits *lim);

/* Charges n more expanded bytes of an entry that has now produced
 * entry_total bytes from entry_consumed compressed bytes (UINT64_MAX: do not
 * check the ratio; n = 0: only check).  Returns LS_LIMIT_NONE to go on, or the
 * limit hit (LS_LIMIT_ENTRY_BYTES, _INPUT_BYTES, _RATIO, _TIME) to stop; the
 * hit is also kept in last_hit (and in exhausted when it stops the input). */
enum ls_limit ls_budget_charge(struct ls_budget *b, uint64_t n, uint64_t entry_total,
                               uint64_t entry_consumed);

/* Checks the entry count of one archive; LS_LIMIT_NONE or LS_LIMIT_ENTRIES. */
enum ls_limit ls_budget_entries(const struct ls_budget *b, uint64_t entries);

/* Checks the nesting depth of a container about to be opened; LS_LIMIT_NONE
 * or LS_LIMIT_DEPTH. */
enum ls_limit ls_budget_depth(const struct ls_budget *b, unsigned depth);

#endif
