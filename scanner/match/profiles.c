/* profiles.c — per-plate sighting counts of ANPR records (profiles.h).
 *
 * PROF_SHARDS open-addressing tables of fixed-size entries, linear probing,
 * placed by the plate hash (keyed, so uniformly spread): its top key bits
 * choose the table (the shard), its low 32 bits the slot.  An entry:
 *   key 48 bits | hits u8 | counts u8 (cameras low nibble, days high) |
 *   cams u16[S] | days u16[S]
 * with S = min_sites - 1 slots, read and written with memcpy (entries are
 * not aligned): 12 bytes with the default min_sites 2.  The key is the low
 * 48 bits of the plate hash (0 marks an empty slot: a key of 0 is stored
 * as 1); two plates share an entry only when those bits are equal, for n
 * plates a chance of n²/2⁴⁹ (0.03 for 4 million).  A camera is a 16-bit
 * hash (two cameras of one plate count as one with a chance of 1/65 536).
 * A shard grows by half when it would be more than 4/5 full; from 64 KiB on
 * it is mapped pages of its own, returned to the system when replaced (as
 * fpset.c's tables, and for the same reason: no heap holes).  Shards keep
 * memory flat: a table that grows, or takes another one's entries in a
 * merge, holds its old and new copies of one shard at a time (a sixteenth
 * of the plates), never of the whole table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "match/bigtable.h"
#include "match/profiles.h"

#define PROF_SHARD_BITS 4
#define PROF_SHARDS (1u << PROF_SHARD_BITS)

struct pshard {
    unsigned char *slot; /* cap entries of stride bytes; NULL while empty */
    size_t cap, n;
};

struct ls_profiles {
    struct pshard sh[PROF_SHARDS];
    size_t stride;
    unsigned min_hits, min_sites, nslots;
};

/* Offsets in an entry. */
#define E_KEY_BYTES 6
#define E_HITS 6
#define E_COUNTS 7
#define E_CAMS 8

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
    p->stride = E_CAMS + 4 * (size_t)p->nslots;
    return p;
}

/* A zeroed table of cap entries (bigtable.h), or NULL. */
static unsigned char *table_new(const struct ls_profiles *p, size_t cap)
{
    return ls_table_new(cap * p->stride);
}

static void table_free(const struct ls_profiles *p, unsigned char *t, size_t cap)
{
    ls_table_free(t, cap * p->stride);
}

void ls_profiles_free(struct ls_profiles *p)
{
    if (!p)
        return;
    for (unsigned s = 0; s < PROF_SHARDS; s++)
        table_free(p, p->sh[s].slot, p->sh[s].cap);
    free(p);
}

/* An entry's key: its low 32 bits, then its high 16 (host order, the same
 * on put and get). */
static uint64_t key_at(const unsigned char *e)
{
    uint32_t lo;
    uint16_t hi;

    memcpy(&lo, e, 4);
    memcpy(&hi, e + 4, 2);
    return (uint64_t)hi << 32 | lo;
}

static void key_put(unsigned char *e, uint64_t k)
{
    uint32_t lo = (uint32_t)k;
    uint16_t hi = (uint16_t)(k >> 32);

    memcpy(e, &lo, 4);
    memcpy(e + 4, &hi, 2);
}

/* The key of a plate hash: its low 48 bits, never 0. */
static uint64_t key_of(uint64_t plate)
{
    uint64_t k = plate & (((uint64_t)1 << 48) - 1);

    return k ? k : 1;
}

/* The shard of key k: its top bits (the key is 48 bits). */
static unsigned shard_of(uint64_t k)
{
    return (unsigned)(k >> (48 - PROF_SHARD_BITS)) & (PROF_SHARDS - 1);
}

/* The home slot of k in a shard: its low 32 bits (not the shard's bits)
 * scaled to the capacity. */
static size_t home(const struct pshard *sh, uint64_t k)
{
    return (size_t)(((k & 0xFFFFFFFFu) * (uint64_t)sh->cap) >> 32);
}

/* The entry of key k in its shard sh, made (zeroed but for the key) when
 * absent.  Needs a free slot: the caller grows first. */
static unsigned char *entry(const struct ls_profiles *p, struct pshard *sh, uint64_t k)
{
    size_t i = home(sh, k);

    for (;;) {
        unsigned char *e = sh->slot + i * p->stride;
        uint64_t ek = key_at(e);

        if (ek == k)
            return e;
        if (ek == 0) {
            key_put(e, k);
            sh->n++;
            return e;
        }
        if (++i == sh->cap)
            i = 0;
    }
}

/* The first capacity after cap (0: none yet) of the sequence 64, then half
 * as much again each time, that holds need entries at most 4/5 full; past
 * 2^32 when none does. */
static size_t cap_after(size_t cap, size_t need)
{
    size_t ncap = cap ? cap + cap / 2 : 64;

    while (need * 5 > ncap * 4 && ncap <= ((size_t)1 << 32))
        ncap += ncap / 2;
    return ncap;
}

/* Rehashes shard sh into the capacity after its own that holds need
 * entries (at least the next one): one copy however far it grows. */
static int grow_to(const struct ls_profiles *p, struct pshard *sh, size_t need)
{
    size_t ncap = cap_after(sh->cap, need), i;
    unsigned char *old = sh->slot, *ns;
    size_t ocap = sh->cap;

    if (ncap > ((size_t)1 << 32))
        return -1;
    ns = table_new(p, ncap);
    if (!ns)
        return -1;
    sh->slot = ns;
    sh->cap = ncap;
    sh->n = 0;
    for (i = 0; i < ocap; i++) {
        const unsigned char *e = old + i * p->stride;
        uint64_t k = key_at(e);

        if (k)
            memcpy(entry(p, sh, k) + E_KEY_BYTES, e + E_KEY_BYTES, p->stride - E_KEY_BYTES);
    }
    table_free(p, old, ocap);
    return 0;
}

/* Room in sh for n more entries: 0, or -1 out of memory. */
static int reserve(const struct ls_profiles *p, struct pshard *sh, size_t n)
{
    return (sh->n + n) * 5 > sh->cap * 4 ? grow_to(p, sh, sh->n + n) : 0;
}

/* The count of the set at shift (0 cameras, 4 days) of entry e. */
static unsigned count_of(const unsigned char *e, int shift)
{
    return (unsigned)(e[E_COUNTS] >> shift) & 15u;
}

static void count_put(unsigned char *e, int shift, unsigned n)
{
    e[E_COUNTS] = (unsigned char)((e[E_COUNTS] & ~(15u << shift)) | n << shift);
}

/* Where the values of the set at shift start. */
static unsigned char *vals_of(const struct ls_profiles *p, unsigned char *e, int shift)
{
    return e + E_CAMS + (shift ? 2 * (size_t)p->nslots : 0);
}

/* Adds v to the saturating set at shift: nslots values kept, a count of
 * min_sites meaning "at least that many, not all kept". */
static void set_add(const struct ls_profiles *p, unsigned char *e, int shift, uint16_t v)
{
    unsigned char *vals = vals_of(p, e, shift);
    unsigned n = count_of(e, shift), i;

    if (n >= p->min_sites)
        return;
    for (i = 0; i < n; i++) {
        uint16_t x;

        memcpy(&x, vals + 2 * i, 2);
        if (x == v)
            return;
    }
    if (n < p->nslots)
        memcpy(vals + 2 * (size_t)n, &v, 2);
    count_put(e, shift, n + 1);
}

/* A 32-bit camera hash folded to the 16 bits an entry keeps. */
static uint16_t cam16(uint32_t camera)
{
    return (uint16_t)(camera ^ camera >> 16);
}

static void add_to(const struct ls_profiles *p, unsigned char *e, unsigned hits, uint32_t camera,
                   uint16_t day)
{
    unsigned h = e[E_HITS] + hits;

    e[E_HITS] = (unsigned char)(h > p->min_hits ? p->min_hits : h);
    if (camera)
        set_add(p, e, 0, cam16(camera));
    if (day)
        set_add(p, e, 4, day);
}

void ls_profiles_prefetch(const struct ls_profiles *p, uint64_t plate)
{
    uint64_t k = key_of(plate);
    const struct pshard *sh = &p->sh[shard_of(k)];

    if (sh->cap)
        __builtin_prefetch(sh->slot + home(sh, k) * p->stride, 1);
}

int ls_profiles_add(struct ls_profiles *p, uint64_t plate, uint32_t camera, uint16_t day)
{
    uint64_t k = key_of(plate);
    struct pshard *sh = &p->sh[shard_of(k)];

    if (reserve(p, sh, 1) < 0)
        return -1;
    add_to(p, entry(p, sh, k), 1, camera, day);
    return 0;
}

/* Adds the set at shift of from's entry f into into's entry e. */
static void merge_set(const struct ls_profiles *p, unsigned char *e, const unsigned char *f,
                      int shift)
{
    unsigned fn = count_of(f, shift), kept = fn < p->nslots ? fn : p->nslots, i;
    const unsigned char *fv = f + E_CAMS + (shift ? 2 * (size_t)p->nslots : 0);

    for (i = 0; i < kept; i++) {
        uint16_t x;

        memcpy(&x, fv + 2 * i, 2);
        set_add(p, e, shift, x);
    }
    if (fn >= p->min_sites)
        count_put(e, shift, p->min_sites);
}

/* Puts the entries of slots [from, to) of shard b into table t (tcap
 * slots, shard struct ts): new keys copied, known ones added to. */
static void put_run(const struct ls_profiles *p, struct pshard *ts, const struct pshard *b,
                    size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        const unsigned char *f = b->slot + i * p->stride;
        uint64_t k = key_at(f);
        size_t n0 = ts->n;
        unsigned char *e;

        if (!k)
            continue;
        e = entry(p, ts, k);
        if (ts->n != n0) { /* new here: the entry as it is */
            memcpy(e + E_KEY_BYTES, f + E_KEY_BYTES, p->stride - E_KEY_BYTES);
            continue;
        }
        add_to(p, e, f[E_HITS], 0, 0);
        merge_set(p, e, f, 0);
        merge_set(p, e, f, 4);
    }
}

/* Slots of the larger shard read at a time, from each in turn. */
#define STREAM_RUN 256u

/* Moves the entries of shard b of a table into shard a of another (the same
 * shard index) and frees b.  Both are read in one pass into a new table for
 * the two, side by side, a run of each at a time, each to the same fraction
 * of its length: entries sit at or a little after their home slots, and a
 * home slot is the key's low 32 bits scaled to the capacity, so the new
 * table is written from its start to its end, cache line after cache line
 * (entries put in a table's own order would miss the caches at every one).
 * 0, or -1 out of memory (a and b are then unchanged). */
static int shard_merge(const struct ls_profiles *p, struct pshard *a, struct pshard *b)
{
    struct pshard t = {NULL, 0, 0};
    size_t steps, at[2] = {0, 0};
    const struct pshard *src[2] = {a, b};

    if (!b->n) {
        table_free(p, b->slot, b->cap);
        memset(b, 0, sizeof *b);
        return 0;
    }
    if (!a->n) { /* nothing here: take b's table */
        struct pshard x = *a;

        *a = *b;
        *b = x;
        table_free(p, b->slot, b->cap);
        memset(b, 0, sizeof *b);
        return 0;
    }
    t.cap = cap_after(0, a->n + b->n);
    if (t.cap > ((size_t)1 << 32) || !(t.slot = table_new(p, t.cap)))
        return -1;
    steps = (a->cap > b->cap ? a->cap : b->cap) / STREAM_RUN + 1;
    for (size_t k = 1; k <= steps; k++)
        for (unsigned i = 0; i < 2; i++) {
            size_t to = (size_t)((uint64_t)src[i]->cap * k / steps);

            put_run(p, &t, src[i], at[i], to);
            at[i] = to;
        }
    table_free(p, a->slot, a->cap);
    table_free(p, b->slot, b->cap);
    *a = t;
    memset(b, 0, sizeof *b);
    return 0;
}

int ls_profiles_merge(struct ls_profiles *into, struct ls_profiles *from)
{
    if (!from)
        return 0;
    if (into->stride != from->stride || into->min_hits != from->min_hits)
        return -1;
    /* shard by shard, each of from's freed once merged: the merge holds one
     * shard twice at most */
    for (unsigned s = 0; s < PROF_SHARDS; s++)
        if (shard_merge(into, &into->sh[s], &from->sh[s]) < 0)
            return -1;
    return 0;
}

void ls_profiles_thresholds(const struct ls_profiles *p, unsigned *min_hits, unsigned *min_sites)
{
    *min_hits = p->min_hits;
    *min_sites = p->min_sites;
}

int ls_profiles_next(const struct ls_profiles *p, size_t *pos, struct ls_profile_entry *e)
{
    size_t base = 0; /* the shards' slots are numbered one after another */

    for (unsigned s = 0; s < PROF_SHARDS; base += p->sh[s++].cap) {
        const struct pshard *sh = &p->sh[s];

        for (; *pos >= base && *pos < base + sh->cap; (*pos)++) {
            unsigned char *slot = sh->slot + (*pos - base) * p->stride;
            unsigned i;

            if (!(e->key = key_at(slot)))
                continue;
            memset(e->cams, 0, sizeof e->cams);
            memset(e->days, 0, sizeof e->days);
            e->hits = slot[E_HITS];
            e->ncams = count_of(slot, 0);
            e->ndays = count_of(slot, 4);
            for (i = 0; i < p->nslots; i++) {
                memcpy(&e->cams[i], vals_of(p, slot, 0) + 2 * i, 2);
                memcpy(&e->days[i], vals_of(p, slot, 4) + 2 * i, 2);
            }
            (*pos)++;
            return 1;
        }
    }
    return 0;
}

/* Adds the n values of vals (a count of min_sites: saturated) to the set at
 * shift of entry e. */
static void put_set(const struct ls_profiles *p, unsigned char *e, int shift, unsigned n,
                    const uint16_t *vals)
{
    unsigned kept = n < p->nslots ? n : p->nslots, i;

    for (i = 0; i < kept; i++)
        set_add(p, e, shift, vals[i]);
    if (n >= p->min_sites)
        count_put(e, shift, p->min_sites);
}

int ls_profiles_reserve(struct ls_profiles *p, size_t n)
{
    /* keys are uniform over the shards: a shard's share of n, with room
     * for its spread (a quarter more, and 64) */
    size_t share = n / PROF_SHARDS, extra = share + share / 4 + 64;

    if (!n)
        return 0;
    for (unsigned s = 0; s < PROF_SHARDS; s++)
        if (reserve(p, &p->sh[s], extra) < 0)
            return -1;
    return 0;
}

int ls_profiles_put(struct ls_profiles *p, const struct ls_profile_entry *pe)
{
    unsigned char *e;
    struct pshard *sh;

    if (!pe->key || pe->key >> 48)
        return 0;
    sh = &p->sh[shard_of(pe->key)];
    if (reserve(p, sh, 1) < 0)
        return -1;
    e = entry(p, sh, pe->key);
    add_to(p, e, pe->hits, 0, 0);
    put_set(p, e, 0, pe->ncams, pe->cams);
    put_set(p, e, 4, pe->ndays, pe->days);
    return 0;
}

void ls_profiles_counts(const struct ls_profiles *p, uint64_t *plates, uint64_t *tracked)
{
    *plates = *tracked = 0;
    for (unsigned s = 0; p && s < PROF_SHARDS; s++) {
        const struct pshard *sh = &p->sh[s];

        *plates += sh->n;
        for (size_t i = 0; i < sh->cap; i++) {
            const unsigned char *e = sh->slot + i * p->stride;

            if (key_at(e) && e[E_HITS] >= p->min_hits &&
                (count_of(e, 0) >= p->min_sites || count_of(e, 4) >= p->min_sites))
                (*tracked)++;
        }
    }
}

uint64_t ls_profiles_bytes(const struct ls_profiles *p)
{
    uint64_t b = 0;

    for (unsigned s = 0; p && s < PROF_SHARDS; s++)
        b += (uint64_t)p->sh[s].cap * p->stride;
    return b;
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
