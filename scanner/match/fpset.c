/* fpset.c — the exact set of value hashes (fpset.h): LS_FPSET_SHARDS
 * open-addressing tables of 64-bit hashes, linear probing, each grown by
 * half on its own, merged shard by shard. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "match/bigtable.h"
#include "match/fpset.h"

struct ls_fpshard {
    uint64_t *slot; /* cap slots, 0 = empty; NULL while the shard is empty */
    uint32_t cap, n;
};

/* The first capacity, and the largest: a shard holds under 2^32 slots (that
 * is 2^36 values for the set, far past any leak). */
#define SHARD_CAP0 8u
#define SHARD_CAP_MAX 0xF0000000u
#define PAGE_BYTES ((size_t)4096)

/* The shard of h: its top bits.  The slot: the low 32 bits scaled to cap
 * (other bits than the shard's, so a shard's hashes spread over it). */
static size_t shard_of(uint64_t h)
{
    return (size_t)(h >> (64 - LS_FPSET_SHARD_BITS));
}

static uint32_t home_of(uint64_t h, uint32_t cap)
{
    return (uint32_t)(((h & 0xFFFFFFFFu) * (uint64_t)cap) >> 32);
}

/* The capacity after cap: half as much again, a multiple of 8 slots (one
 * cache line), or of a page once tables are mapped.  The sequence is fixed,
 * so a shard of n hashes always has the same capacity, whatever the order
 * its hashes came in. */
static uint32_t cap_next(uint32_t cap)
{
    uint64_t c = cap ? (uint64_t)cap + cap / 2 : SHARD_CAP0;

    c = (c + 7) & ~(uint64_t)7;
    if (c * sizeof(uint64_t) >= LS_TABLE_MAP_BYTES) /* mapped (bigtable.h): whole pages */
        c = (c * sizeof(uint64_t) + PAGE_BYTES - 1) / PAGE_BYTES * (PAGE_BYTES / sizeof(uint64_t));
    return c > SHARD_CAP_MAX ? 0 : (uint32_t)c;
}

/* A zeroed table of cap slots, or NULL out of memory. */
static uint64_t *table_new(uint32_t cap)
{
    return ls_table_new((size_t)cap * sizeof(uint64_t));
}

static void table_free(uint64_t *t, uint32_t cap)
{
    ls_table_free(t, (size_t)cap * sizeof(uint64_t));
}

/* Whether n hashes fit in cap slots: at most 4/5 full. */
static int fits(uint64_t n, uint32_t cap)
{
    return n * 5 <= (uint64_t)cap * 4;
}

/* Puts h (not 0, not present) into slot table t of cap slots. */
static void place(uint64_t *t, uint32_t cap, uint64_t h)
{
    uint32_t j = home_of(h, cap);

    while (t[j]) {
        if (++j == cap)
            j = 0;
    }
    t[j] = h;
}

/* Grows sh to the next capacity.  0, or -1 out of memory (sh unchanged). */
static int shard_grow(struct ls_fpshard *sh)
{
    uint32_t ncap = cap_next(sh->cap), i;
    uint64_t *nt;

    if (ncap == 0)
        return -1;
    nt = table_new(ncap);
    if (!nt)
        return -1;
    for (i = 0; i < sh->cap; i++)
        if (sh->slot[i])
            place(nt, ncap, sh->slot[i]);
    table_free(sh->slot, sh->cap);
    sh->slot = nt;
    sh->cap = ncap;
    return 0;
}

/* Adds h (not 0) to sh: 1 new, 0 already there, -1 out of memory. */
static int shard_add(struct ls_fpshard *sh, uint64_t h)
{
    uint32_t j;

    if (sh->cap) {
        for (j = home_of(h, sh->cap); sh->slot[j]; j = j + 1 == sh->cap ? 0 : j + 1)
            if (sh->slot[j] == h)
                return 0;
        if (fits((uint64_t)sh->n + 1, sh->cap)) {
            sh->slot[j] = h;
            sh->n++;
            return 1;
        }
    }
    /* h is new and the shard is full: grow (to the capacity n + 1 needs), then place */
    if (shard_grow(sh) < 0)
        return -1;
    place(sh->slot, sh->cap, h);
    sh->n++;
    return 1;
}

static int shard_has(const struct ls_fpshard *sh, uint64_t h)
{
    uint32_t j;

    if (!sh->cap)
        return 0;
    for (j = home_of(h, sh->cap); sh->slot[j]; j = j + 1 == sh->cap ? 0 : j + 1)
        if (sh->slot[j] == h)
            return 1;
    return 0;
}

/* --- the sketch ----------------------------------------------------------- */

/* The register of h: its top LS_HLL_P bits; its value: the position of the
 * first 1 in the other bits (64 - LS_HLL_P + 1 when they are all 0). */
static void hll_put(uint8_t *r, uint64_t h)
{
    uint64_t w = h << LS_HLL_P;
    unsigned v = w ? (unsigned)__builtin_clzll(w) + 1 : 64 - LS_HLL_P + 1;
    size_t i = (size_t)(h >> (64 - LS_HLL_P));

    if (r[i] < v)
        r[i] = (uint8_t)v;
}

static void hll_put_cb(void *ud, uint64_t h)
{
    hll_put(ud, h);
}

/* Makes s a sketch of the hashes it holds; 0, or -1 out of memory. */
static int to_sketch(struct ls_fpset *s)
{
    uint8_t *r;
    size_t i;

    if (s->hll)
        return 0;
    if (!(r = calloc(LS_HLL_REGS, 1)))
        return -1;
    ls_fpset_each(s, hll_put_cb, r);
    if (s->shard)
        for (i = 0; i < LS_FPSET_SHARDS; i++)
            table_free(s->shard[i].slot, s->shard[i].cap);
    free(s->shard);
    s->shard = NULL;
    s->has_zero = 0;
    s->n = 0;
    s->hll = r;
    return 0;
}

/* Ertl, "New cardinality estimation algorithms for HyperLogLog sketches"
 * (2017), the improved raw estimator: sigma and tau series. */
static double hll_sigma(double x)
{
    double y = 1, z = x, zp;

    if (x == 1)
        return INFINITY;
    do {
        x *= x;
        zp = z;
        z += x * y;
        y += y;
    } while (z != zp);
    return z;
}

static double hll_tau(double x)
{
    double y = 1, z = 1 - x, zp;

    if (x == 0 || x == 1)
        return 0;
    do {
        x = sqrt(x);
        zp = z;
        y *= 0.5;
        z -= (1 - x) * (1 - x) * y;
    } while (z != zp);
    return z / 3;
}

static uint64_t hll_estimate(const uint8_t *r)
{
    enum { Q = 64 - LS_HLL_P };
    uint64_t c[Q + 2] = {0};
    double m = LS_HLL_REGS, z;
    size_t i;
    int k;

    for (i = 0; i < LS_HLL_REGS; i++)
        c[r[i] <= Q + 1 ? r[i] : Q + 1]++;
    z = m * hll_tau(1 - (double)c[Q + 1] / m);
    for (k = Q; k >= 1; k--)
        z = 0.5 * (z + (double)c[k]);
    z += m * hll_sigma((double)c[0] / m);
    if (isinf(z))
        return 0;
    return (uint64_t)llround(m * m / (2 * log(2)) / z);
}

uint64_t ls_fpset_count(const struct ls_fpset *s)
{
    return s->hll ? hll_estimate(s->hll) : s->n;
}

const uint8_t *ls_fpset_sketch(const struct ls_fpset *s)
{
    return s->hll;
}

int ls_fpset_add_sketch(struct ls_fpset *s, const uint8_t *regs)
{
    size_t i;

    if (to_sketch(s) < 0)
        return -1;
    for (i = 0; i < LS_HLL_REGS; i++)
        if (s->hll[i] < regs[i])
            s->hll[i] = regs[i];
    return 0;
}

/* --- the set ------------------------------------------------------------- */

/* Adds h to an exact set. */
static int exact_add(struct ls_fpset *s, uint64_t h)
{
    int r;

    if (h == 0) {
        if (s->has_zero)
            return 0;
        s->has_zero = 1;
        s->n++;
        return 1;
    }
    if (!s->shard) {
        s->shard = calloc(LS_FPSET_SHARDS, sizeof *s->shard);
        if (!s->shard)
            return -1;
    }
    r = shard_add(&s->shard[shard_of(h)], h);
    if (r > 0)
        s->n++;
    return r;
}

void ls_fpset_prefetch(const struct ls_fpset *s, uint64_t h)
{
    const struct ls_fpshard *sh;

    if (!h || !s->shard)
        return;
    sh = &s->shard[shard_of(h)];
    if (sh->cap)
        __builtin_prefetch(&sh->slot[home_of(h, sh->cap)], 1);
}

int ls_fpset_add(struct ls_fpset *s, uint64_t h)
{
    int r;

    if (s->hll) {
        hll_put(s->hll, h);
        return 1;
    }
    r = exact_add(s, h);
    if (r > 0 && s->sketch_at && s->n >= s->sketch_at && to_sketch(s) < 0)
        return -1; /* the hash is in the exact set still: nothing lost */
    return r;
}

int ls_fpset_has(const struct ls_fpset *s, uint64_t h)
{
    if (h == 0)
        return s->has_zero;
    return s->shard ? shard_has(&s->shard[shard_of(h)], h) : 0;
}

/* The capacity of a shard of n hashes: the first of the sequence that holds
 * them (the one growing by single adds reaches). */
static uint32_t cap_for(uint64_t n)
{
    uint32_t cap = cap_next(0);

    while (cap && !fits(n, cap))
        cap = cap_next(cap);
    return cap;
}

/* Puts the hashes of slots [from, to) of table s into t (tcap slots),
 * skipping those already there; returns how many it put. */
static uint64_t put_run(uint64_t *t, uint32_t tcap, const uint64_t *s, uint32_t from, uint32_t to)
{
    uint64_t put = 0;

    for (uint32_t i = from; i < to; i++) {
        uint64_t h = s[i];
        uint32_t j;

        if (!h)
            continue;
        for (j = home_of(h, tcap); t[j] && t[j] != h; j = j + 1 == tcap ? 0 : j + 1)
            ;
        put += t[j] == 0;
        t[j] = h;
    }
    return put;
}

/* Slots of the largest table read at a time, from each table in turn. */
#define STREAM_RUN 256u

/* Puts the hashes of the tables s[0..ns) (ns <= 2, caps cap[]) into t
 * (tcap slots), skipping those already there; returns how many it put.
 * The tables are read side by side, a run of each at a time, each to the
 * same fraction of its length: their hashes come in about the order of
 * their home slots (linear probing keeps a hash at or a little after its
 * home, and home slots are the low 32 bits scaled to the capacity), so t
 * is written from its start to its end, cache line after cache line, where
 * puts in a table's own order would miss the caches at every hash. */
static uint64_t stream_into(uint64_t *t, uint32_t tcap, uint64_t *const *s, const uint32_t *cap,
                            unsigned ns)
{
    uint32_t at[2] = {0, 0}, most = 0;
    uint64_t put = 0, steps;

    for (unsigned i = 0; i < ns; i++)
        most = cap[i] > most ? cap[i] : most;
    steps = most / STREAM_RUN + 1;
    for (uint64_t k = 1; k <= steps; k++)
        for (unsigned i = 0; i < ns; i++) {
            uint32_t to = (uint32_t)((uint64_t)cap[i] * k / steps);

            put += put_run(t, tcap, s[i], at[i], to);
            at[i] = to;
        }
    return put;
}

/* Moves shard b of a set into shard a of another (the same shard index),
 * and frees b; *n (the other set's count, or a part of it) follows a's.
 * Both are read in one pass into a new table for the union, of the
 * capacity a shard of the union has when grown by single adds (so a set's
 * bytes do not depend on how its hashes were split and merged): when
 * hashes were in both, the table sized for the two is read into one that
 * fits the union.  0, or -1 out of memory (a and b are then unchanged). */
static int shard_merge(uint64_t *n, struct ls_fpshard *a, struct ls_fpshard *b)
{
    uint64_t *src[2], *t, *u;
    uint32_t cap[2], tcap, ucap;
    uint64_t put;

    if (a->n == 0) { /* nothing there yet: take b's table as it is */
        table_free(a->slot, a->cap);
        *n += b->n;
        *a = *b;
        memset(b, 0, sizeof *b);
        return 0;
    }
    if (b->n == 0) {
        table_free(b->slot, b->cap);
        memset(b, 0, sizeof *b);
        return 0;
    }
    tcap = cap_for((uint64_t)a->n + b->n);
    if (tcap == 0 || !(t = table_new(tcap)))
        return -1;
    src[0] = a->slot;
    src[1] = b->slot;
    cap[0] = a->cap;
    cap[1] = b->cap;
    put = stream_into(t, tcap, src, cap, 2);
    ucap = cap_for(put);
    if (ucap < tcap && (u = table_new(ucap)) != NULL) { /* shared hashes: the union's own size */
        (void)stream_into(u, ucap, &t, &tcap, 1);
        table_free(t, tcap);
        t = u;
        tcap = ucap;
    } else if (ucap < tcap) {
        table_free(t, tcap);
        return -1;
    }
    *n += put - a->n;
    table_free(a->slot, a->cap);
    table_free(b->slot, b->cap);
    a->slot = t;
    a->cap = tcap;
    a->n = (uint32_t)put;
    memset(b, 0, sizeof *b);
    return 0;
}

static int exact_merge(struct ls_fpset *into, struct ls_fpset *from);

int ls_fpset_merge(struct ls_fpset *into, struct ls_fpset *from)
{
    if (from->hll || into->hll) { /* a sketch: registers, or from's hashes, into into's */
        if (to_sketch(into) < 0)
            return -1;
        if (from->hll)
            (void)ls_fpset_add_sketch(into, from->hll);
        else
            ls_fpset_each(from, hll_put_cb, into->hll);
        ls_fpset_free(from);
        return 0;
    }
    if (exact_merge(into, from) < 0)
        return -1;
    if (into->sketch_at && into->n >= into->sketch_at)
        return to_sketch(into);
    return 0;
}

/* Shards [lo, hi) of from merged into into's, with the change of each
 * set's count (modulo 2^64) kept here: two of these run at once on
 * disjoint shards. */
struct mrange {
    struct ls_fpset *into, *from;
    unsigned lo, hi;
    uint64_t dn_into, dn_from;
    int rc;
};

static void *mrange_run(void *arg)
{
    struct mrange *m = arg;

    for (unsigned i = m->lo; i < m->hi; i++) {
        uint32_t bn = m->from->shard[i].n;

        if (bn == 0)
            continue;
        if (shard_merge(&m->dn_into, &m->into->shard[i], &m->from->shard[i]) < 0) {
            m->rc = -1;
            break;
        }
        m->dn_from += bn;
    }
    return NULL;
}

/* Below this many hashes in from a merge stays on one thread. */
#define MERGE_THREAD_MIN 65536u

/* Both exact.  A large merge runs on two threads, one per half of the
 * shards (the merge at the end of a scan is serial otherwise). */
static int exact_merge(struct ls_fpset *into, struct ls_fpset *from)
{
    struct mrange half[2];
    pthread_t th;
    int threaded;

    if (from->has_zero) {
        if (!into->has_zero) {
            into->has_zero = 1;
            into->n++;
        }
        from->has_zero = 0;
        from->n--;
    }
    if (!from->shard)
        return 0;
    if (!into->shard) { /* take the whole table */
        into->shard = from->shard;
        into->n += from->n;
        from->shard = NULL;
        from->n = 0;
        return 0;
    }
    for (unsigned k = 0; k < 2; k++) {
        half[k].into = into;
        half[k].from = from;
        half[k].lo = k * (LS_FPSET_SHARDS / 2);
        half[k].hi = (k + 1) * (LS_FPSET_SHARDS / 2);
        half[k].dn_into = half[k].dn_from = 0;
        half[k].rc = 0;
    }
    threaded = from->n >= MERGE_THREAD_MIN && pthread_create(&th, NULL, mrange_run, &half[1]) == 0;
    if (!threaded)
        half[0].hi = LS_FPSET_SHARDS;
    mrange_run(&half[0]);
    if (threaded)
        pthread_join(th, NULL);
    for (unsigned k = 0; k < (threaded ? 2u : 1u); k++) {
        into->n += half[k].dn_into;
        from->n -= half[k].dn_from;
    }
    if (half[0].rc < 0 || (threaded && half[1].rc < 0))
        return -1;
    free(from->shard);
    from->shard = NULL;
    return 0;
}

uint64_t ls_fpset_bytes(const struct ls_fpset *s)
{
    uint64_t b;
    size_t i;

    if (s->hll)
        return LS_HLL_REGS;
    if (!s->shard)
        return 0;
    b = LS_FPSET_SHARDS * sizeof *s->shard;
    for (i = 0; i < LS_FPSET_SHARDS; i++)
        b += (uint64_t)s->shard[i].cap * sizeof *s->shard[i].slot;
    return b;
}

void ls_fpset_each(const struct ls_fpset *s, void (*fn)(void *ud, uint64_t h), void *ud)
{
    /* a sketch has no hashes to give */
    size_t i;
    uint32_t j;

    if (s->has_zero)
        fn(ud, 0);
    for (i = 0; s->shard && i < LS_FPSET_SHARDS; i++)
        for (j = 0; j < s->shard[i].cap; j++)
            if (s->shard[i].slot[j])
                fn(ud, s->shard[i].slot[j]);
}

void ls_fpset_free(struct ls_fpset *s)
{
    uint64_t at = s->sketch_at;
    size_t i;

    if (s->shard)
        for (i = 0; i < LS_FPSET_SHARDS; i++)
            table_free(s->shard[i].slot, s->shard[i].cap);
    free(s->shard);
    free(s->hll);
    memset(s, 0, sizeof *s);
    s->sketch_at = at; /* empty, with the same size limit */
}
