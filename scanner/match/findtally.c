/* findtally.c — a matcher's tallies: setting up, freeing and merging them
 * (findtally.h).  The counting itself is done by match.c as it matches. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "match/findtally.h"

int ls_findtally_init(struct ls_findtally *t, size_t ncats, size_t nrectypes)
{
    memset(t, 0, sizeof *t);
    t->cats = calloc(ncats ? ncats : 1, sizeof *t->cats);
    t->rt = calloc(nrectypes ? nrectypes : 1, sizeof *t->rt);
    return t->cats && t->rt ? 0 : -1;
}

void ls_findtally_free(struct ls_findtally *t, size_t ncats)
{
    size_t i;

    if (t->cats)
        for (i = 0; i < ncats; i++)
            ls_fpset_free(&t->cats[i].uniq);
    free(t->cats);
    free(t->rt);
    memset(t, 0, sizeof *t);
}

/* Heap bytes of t's sets. */
static uint64_t sets_bytes(const struct ls_findtally *t, size_t ncats)
{
    uint64_t b = 0;
    size_t i;

    for (i = 0; i < ncats; i++)
        b += ls_fpset_bytes(&t->cats[i].uniq);
    return b;
}

ls_status ls_findtally_merge(struct ls_findtally *into, struct ls_findtally *from, size_t ncats,
                             size_t nrectypes)
{
    size_t i, k;

    if (!into->merged) {
        into->scan_bytes = sets_bytes(into, ncats);
        into->merged = 1;
    }
    into->scan_bytes += from->merged ? from->scan_bytes : sets_bytes(from, ncats);

    for (i = 0; i < ncats; i++) {
        struct ls_cattally *a = &into->cats[i];
        struct ls_cattally *b = &from->cats[i];

        a->findings += b->findings;
        a->files += b->files;
        a->records += b->records;
        for (k = 0; k <= LS_CONF_HIGH; k++)
            a->conf[k] += b->conf[k];
        if (ls_fpset_merge(&a->uniq, &b->uniq) < 0)
            return LS_ENOMEM;
    }
    for (i = 0; i < nrectypes; i++) {
        into->rt[i].count += from->rt[i].count;
        into->rt[i].files += from->rt[i].files;
    }
    ls_date_merge(&into->dates, &from->dates);
    return LS_OK;
}

void ls_findtally_memory(const struct ls_findtally *t, size_t ncats, struct ls_setmem *out)
{
    size_t i;

    memset(out, 0, sizeof *out);
    for (i = 0; i < ncats; i++)
        out->values += ls_fpset_count(&t->cats[i].uniq);
    out->bytes = sets_bytes(t, ncats);
    out->scan_bytes = t->merged ? t->scan_bytes : out->bytes;
}

void ls_findtally_exact_max(struct ls_findtally *t, size_t ncats, uint64_t exact_max)
{
    size_t i;

    for (i = 0; t->cats && i < ncats; i++)
        t->cats[i].uniq.sketch_at = exact_max == UINT64_MAX ? 0 : exact_max + 1;
}
