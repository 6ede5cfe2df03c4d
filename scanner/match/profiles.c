/* profiles.c — per-plate sighting counts of ANPR records (profiles.h).
 *
 * One open-addressing table of fixed-size entries, linear probing, placed by
 * the plate hash (keyed, so uniformly spread); key 0 marks an empty slot (a
 * plate hash of 0 is stored as 1).  An entry:
 *   key u64 | hits u8 | ncam u8 | nday u8 | pad u8 | cams u32[S] | days u16[S]
 * with S = min_sites - 1 slots, read and written with memcpy (entries are
 * not aligned).  The table grows by half when it would be more than 4/5
 * full. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "match/profiles.h"

struct ls_profiles {
    unsigned char *slot; /* cap entries of stride bytes */
    size_t cap, n, stride;
    unsigned min_hits, min_sites, nslots;
};

/* Offsets in an entry. */
#define E_HITS 8
#define E_NCAM 9
#define E_NDAY 10
#define E_CAMS 12

struct ls_profiles *ls_profiles_new(unsigned min_hits, unsigned min_sites)
{
    struct ls_profiles *p = calloc(1, sizeof *p);

    if (!p)
        return NULL;
    p->min_hits = min_hits < 1                     ? 1
                  : min_hits > LS_PROFILE_HITS_MAX ? LS_PROFILE_HITS_MAX
                                                   : min_hits;
    p->min_sites = min_sites < 1                      ? 1
                   : min_sites > LS_PROFILE_SITES_MAX ? LS_PROFILE_SITES_MAX
                                                      : min_sites;
    p->nslots = p->min_sites - 1;
    p->stride = E_CAMS + 6 * (size_t)p->nslots;
    return p;
}

void ls_profiles_free(struct ls_profiles *p)
{
    if (!p)
        return;
    free(p->slot);
    free(p);
}

static uint64_t key_at(const unsigned char *e)
{
    uint64_t k;

    memcpy(&k, e, 8);
    return k;
}

static size_t home(const struct ls_profiles *p, uint64_t k)
{
    return (size_t)(((k >> 32) * (uint64_t)p->cap) >> 32);
}

/* The entry of key k, made (zeroed but for the key) when absent.  Needs a
 * free slot: the caller grows first. */
static unsigned char *entry(struct ls_profiles *p, uint64_t k)
{
    size_t i = home(p, k);

    for (;;) {
        unsigned char *e = p->slot + i * p->stride;
        uint64_t ek = key_at(e);

        if (ek == k)
            return e;
        if (ek == 0) {
            memcpy(e, &k, 8);
            p->n++;
            return e;
        }
        if (++i == p->cap)
            i = 0;
    }
}

static int grow(struct ls_profiles *p)
{
    size_t ncap = p->cap ? p->cap + p->cap / 2 : 1024, i;
    unsigned char *old = p->slot, *ns;
    size_t ocap = p->cap;

    if (ncap > ((size_t)1 << 32))
        return -1;
    ns = calloc(ncap, p->stride);
    if (!ns)
        return -1;
    p->slot = ns;
    p->cap = ncap;
    p->n = 0;
    for (i = 0; i < ocap; i++) {
        const unsigned char *e = old + i * p->stride;
        uint64_t k = key_at(e);

        if (k)
            memcpy(entry(p, k) + 8, e + 8, p->stride - 8);
    }
    free(old);
    return 0;
}

/* Adds v to a saturating set of nslots values of size sz at vals, whose
 * count is *n (min_sites means "at least that many, not all kept"). */
static void set_add(const struct ls_profiles *p, unsigned char *n, unsigned char *vals, size_t sz,
                    uint32_t v)
{
    unsigned i;

    if (*n >= p->min_sites)
        return;
    for (i = 0; i < *n; i++) {
        uint32_t x = 0;

        memcpy(&x, vals + i * sz, sz);
        if (x == v)
            return;
    }
    if (*n < p->nslots)
        memcpy(vals + (size_t)*n * sz, &v, sz);
    (*n)++;
}

static void add_to(const struct ls_profiles *p, unsigned char *e, unsigned hits, uint32_t camera,
                   uint16_t day)
{
    unsigned h = e[E_HITS] + hits;

    e[E_HITS] = (unsigned char)(h > p->min_hits ? p->min_hits : h);
    if (camera)
        set_add(p, &e[E_NCAM], e + E_CAMS, 4, camera);
    if (day)
        set_add(p, &e[E_NDAY], e + E_CAMS + 4 * (size_t)p->nslots, 2, day);
}

void ls_profiles_prefetch(const struct ls_profiles *p, uint64_t plate)
{
    if (p->cap)
        __builtin_prefetch(p->slot + home(p, plate ? plate : 1) * p->stride, 1);
}

int ls_profiles_add(struct ls_profiles *p, uint64_t plate, uint32_t camera, uint16_t day)
{
    if (!plate)
        plate = 1;
    if ((p->n + 1) * 5 > p->cap * 4 && grow(p) < 0)
        return -1;
    add_to(p, entry(p, plate), 1, camera, day);
    return 0;
}

/* Adds a saturated or stored set of from's entry f into into's entry e. */
static void merge_set(const struct ls_profiles *p, unsigned char *ne, unsigned char *vals,
                      unsigned char fn, const unsigned char *fvals, size_t sz)
{
    unsigned i, kept = fn < p->nslots ? fn : p->nslots;

    for (i = 0; i < kept; i++) {
        uint32_t x = 0;

        memcpy(&x, fvals + i * sz, sz);
        set_add(p, ne, vals, sz, x);
    }
    if (fn >= p->min_sites)
        *ne = (unsigned char)p->min_sites;
}

int ls_profiles_merge(struct ls_profiles *into, struct ls_profiles *from)
{
    size_t i, days = E_CAMS + 4 * (size_t)into->nslots;

    if (!from || !from->n)
        return 0;
    if (into->stride != from->stride || into->min_hits != from->min_hits)
        return -1;
    for (i = 0; i < from->cap; i++) {
        const unsigned char *f = from->slot + i * from->stride;
        uint64_t k = key_at(f);
        unsigned char *e;

        if (!k)
            continue;
        if ((into->n + 1) * 5 > into->cap * 4 && grow(into) < 0)
            return -1;
        e = entry(into, k);
        add_to(into, e, f[E_HITS], 0, 0);
        merge_set(into, &e[E_NCAM], e + E_CAMS, f[E_NCAM], f + E_CAMS, 4);
        merge_set(into, &e[E_NDAY], e + days, f[E_NDAY], f + days, 2);
    }
    free(from->slot);
    from->slot = NULL;
    from->cap = from->n = 0;
    return 0;
}

void ls_profiles_counts(const struct ls_profiles *p, uint64_t *plates, uint64_t *tracked)
{
    size_t i;

    *plates = p ? p->n : 0;
    *tracked = 0;
    for (i = 0; p && i < p->cap; i++) {
        const unsigned char *e = p->slot + i * p->stride;

        if (key_at(e) && e[E_HITS] >= p->min_hits &&
            (e[E_NCAM] >= p->min_sites || e[E_NDAY] >= p->min_sites))
            (*tracked)++;
    }
}

uint64_t ls_profiles_bytes(const struct ls_profiles *p)
{
    return p ? (uint64_t)p->cap * p->stride : 0;
}

uint16_t ls_profiles_day(uint32_t ymd)
{
    /* a day number, not a calendar count: 31 days a month, 372 a year (a
     * few numbers are never used), 1900-01-01 is 1 and 2076 still fits */
    uint32_t y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100, n;

    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    n = (y - 1900) * 372 + (m - 1) * 31 + d;
    return n > 65535 ? 0 : (uint16_t)n;
}
