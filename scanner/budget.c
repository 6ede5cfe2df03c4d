/* budget.c — expansion limits, checked as values (budget.h). */
#include <stdatomic.h>
#include <time.h>

#include "budget.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void ls_budget_init(struct ls_budget *b, const struct ls_limits *lim)
{
    b->lim = lim;
    b->input_expanded = 0;
    b->exhausted = LS_LIMIT_NONE;
    b->last_hit = LS_LIMIT_NONE;
    b->nesting = 0;
    b->cancel = NULL;
    b->deadline = lim->max_seconds > 0 ? now() + lim->max_seconds : 0;
}

int ls_budget_interrupted(struct ls_budget *b)
{
    if (!b->cancel || !atomic_load_explicit(b->cancel, memory_order_relaxed))
        return 0;
    b->last_hit = b->exhausted = LS_LIMIT_INTERRUPTED;
    return 1;
}

enum ls_limit ls_budget_time(struct ls_budget *b)
{
    if (ls_budget_interrupted(b))
        return LS_LIMIT_INTERRUPTED;
    if (b->deadline > 0 && now() > b->deadline)
        return b->last_hit = b->exhausted = LS_LIMIT_TIME;
    return LS_LIMIT_NONE;
}

enum ls_limit ls_budget_charge(struct ls_budget *b, uint64_t n, uint64_t entry_total,
                               uint64_t entry_consumed)
{
    const struct ls_limits *l = b->lim;

    b->input_expanded += n;
    if (ls_budget_time(b))
        return b->last_hit;
    if (b->input_expanded > l->max_input_bytes)
        return b->last_hit = b->exhausted = LS_LIMIT_INPUT_BYTES;
    if (entry_total > l->max_entry_bytes)
        return b->last_hit = LS_LIMIT_ENTRY_BYTES;
    if (entry_total > l->ratio_grace_bytes) {
        double consumed = entry_consumed ? (double)entry_consumed : 1.0;
        if ((double)entry_total / consumed > l->max_ratio)
            return b->last_hit = LS_LIMIT_RATIO;
    }
    return LS_LIMIT_NONE;
}

enum ls_limit ls_budget_entries(const struct ls_budget *b, uint64_t entries)
{
    return entries > b->lim->max_entries ? LS_LIMIT_ENTRIES : LS_LIMIT_NONE;
}

enum ls_limit ls_budget_depth(const struct ls_budget *b, unsigned depth)
{
    return depth > b->lim->max_depth ? LS_LIMIT_DEPTH : LS_LIMIT_NONE;
}
