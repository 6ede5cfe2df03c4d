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

ls_status ls_findtally_merge(struct ls_findtally *into, const struct ls_findtally *from,
                             size_t ncats, size_t nrectypes)
{
    size_t i, k;

    for (i = 0; i < ncats; i++) {
        struct ls_cattally *a = &into->cats[i];
        const struct ls_cattally *b = &from->cats[i];

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
