/* fpset.c — the exact fingerprint set (fpset.h): a hash table of 16-byte
 * keyed fingerprints, grown by doubling, unioned slot by slot. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/fpset.h"

static int fp_zero(const unsigned char *p)
{
    int i;

    for (i = 0; i < 16; i++)
        if (p[i])
            return 0;
    return 1;
}

static size_t fp_hash(const unsigned char *p, size_t mask)
{
    uint64_t h;

    memcpy(&h, p, sizeof h); /* already a keyed hash: any 8 bytes are uniform */
    return (size_t)h & mask;
}

/* Grows to the smallest power of two that keeps n entries under 3/4 full. */
static int fpset_reserve(struct ls_fpset *s, size_t n)
{
    size_t ncap = s->cap ? s->cap : 64, i;
    unsigned char(*ns)[16];

    while (n * 4 > ncap * 3)
        ncap *= 2;
    if (ncap == s->cap)
        return 0;
    ns = calloc(ncap, 16);
    if (!ns)
        return -1;
    for (i = 0; i < s->cap; i++) {
        size_t j;

        if (fp_zero(s->slot[i]))
            continue;
        j = fp_hash(s->slot[i], ncap - 1);
        while (!fp_zero(ns[j]))
            j = (j + 1) & (ncap - 1);
        memcpy(ns[j], s->slot[i], 16);
    }
    free(s->slot);
    s->slot = ns;
    s->cap = ncap;
    return 0;
}

int ls_fpset_add(struct ls_fpset *s, const unsigned char fp[16])
{
    unsigned char v[16];
    size_t j;

    memcpy(v, fp, 16);
    if (fp_zero(v))
        v[0] = 1;
    if ((s->n + 1) * 4 > s->cap * 3 && fpset_reserve(s, (s->n + 1) * 2) < 0)
        return -1;
    j = fp_hash(v, s->cap - 1);
    while (!fp_zero(s->slot[j])) {
        if (memcmp(s->slot[j], v, 16) == 0)
            return 0;
        j = (j + 1) & (s->cap - 1);
    }
    memcpy(s->slot[j], v, 16);
    s->n++;
    return 1;
}

int ls_fpset_merge(struct ls_fpset *into, const struct ls_fpset *from)
{
    size_t i;

    /* Sized first: inserting another table's slots, which come in hash
     * order, into a smaller table would pile them up in long probe runs. */
    if (fpset_reserve(into, into->n + from->n) < 0)
        return -1;
    for (i = 0; i < from->cap; i++)
        if (!fp_zero(from->slot[i]) && ls_fpset_add(into, from->slot[i]) < 0)
            return -1;
    return 0;
}

void ls_fpset_free(struct ls_fpset *s)
{
    free(s->slot);
    memset(s, 0, sizeof *s);
}
