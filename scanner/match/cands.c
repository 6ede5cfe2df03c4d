/* cands.c — the candidate pass (cands.h): rules' shapes as indexes of
 * shared byte sets, and per record one bit mask of positions per set. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "match/cands.h"

/* On x86-64 the measure is compiled twice, for AVX2 and for the baseline,
 * and ls_cands_build notes which one the CPU runs.  (Not GCC's
 * target_clones: its resolver runs while the program is relocated, before a
 * sanitizer's runtime is up, and a ThreadSanitizer build crashed there.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define LS_CANDS_AVX2 1
#endif

/* Index of set s in c: s itself (added when new) or, once c is full, the
 * smallest superset of s already there (a weaker condition, still true of
 * every match); -1 when there is none. */
static int set_index(struct ls_cands *c, uint8_t (*sets)[32], const uint8_t s[32])
{
    int best = -1, bestn = 257;

    for (unsigned k = 0; k < c->nsets; k++)
        if (!memcmp(sets[k], s, 32))
            return (int)k;
    if (c->nsets < LS_CANDS_SETS) {
        memcpy(sets[c->nsets], s, 32);
        return (int)c->nsets++;
    }
    for (unsigned k = 0; k < c->nsets; k++) {
        int sup = 1, n = 0;

        for (size_t i = 0; i < 32 && sup; i++) {
            sup = (s[i] & ~sets[k][i]) == 0;
            n += __builtin_popcount(sets[k][i]);
        }
        if (sup && n < bestn) {
            bestn = n;
            best = (int)k;
        }
    }
    return best;
}

static unsigned set_size(const uint8_t s[32])
{
    unsigned n = 0;

    for (size_t i = 0; i < 32; i++)
        n += (unsigned)__builtin_popcount(s[i]);
    return n;
}

/* Orders a variant's n conditions (set[i] at offset off[i]) by the size of
 * their set, smallest first: the AND of the masks is the same in any
 * order, and a small set most often empties it early. */
static void sort_conditions(uint8_t (*sets)[32], uint8_t *set, uint8_t *off, unsigned n)
{
    for (unsigned i = 1; i < n; i++)
        for (unsigned j = i; j > 0 && set_size(sets[set[j - 1]]) > set_size(sets[set[j]]); j--) {
            uint8_t t = set[j];

            set[j] = set[j - 1];
            set[j - 1] = t;
            t = off[j];
            off[j] = off[j - 1];
            off[j - 1] = t;
        }
}

/* Whether every condition of variant b is one of variant a's: a's
 * candidates are then a subset of b's. */
static int has_all(const struct ls_cands_rule *pr, unsigned a, unsigned b)
{
    for (unsigned i = 0; i < pr->npos[b]; i++) {
        unsigned k;

        for (k = 0; k < pr->npos[a]; k++)
            if (pr->set[a][k] == pr->set[b][i] && pr->off[a][k] == pr->off[b][i])
                break;
        if (k == pr->npos[a])
            return 0;
    }
    return 1;
}

/* Drops the variants whose candidates another variant already gives (the
 * union of the variants' candidates is unchanged). */
static void drop_subsumed(struct ls_cands_rule *pr)
{
    unsigned v = 0;

    while (v < pr->nvar) {
        unsigned w;

        for (w = 0; w < pr->nvar; w++)
            if (w != v && has_all(pr, v, w) && (!has_all(pr, w, v) || w < v))
                break;
        if (w == pr->nvar) {
            v++;
            continue;
        }
        /* v has every condition of w (and more, or is w's twin after it) */
        pr->nvar--;
        memmove(&pr->npos[v], &pr->npos[v + 1], pr->nvar - v);
        memmove(&pr->set[v], &pr->set[v + 1], (pr->nvar - v) * sizeof pr->set[0]);
        memmove(&pr->off[v], &pr->off[v + 1], (pr->nvar - v) * sizeof pr->off[0]);
    }
}

/* Moves the conditions that every variant has to the rule's common list
 * (the AND of all of a variant's conditions is unchanged: the common ones
 * are ANDed in first, once for all variants). */
static void take_common(uint8_t (*sets)[32], struct ls_cands_rule *pr)
{
    pr->ncommon = 0;
    if (pr->nvar == 0)
        return;
    for (unsigned i = 0; i < pr->npos[0]; i++) {
        uint8_t s = pr->set[0][i], o = pr->off[0][i];
        unsigned v;

        for (v = 1; v < pr->nvar; v++) {
            unsigned k;

            for (k = 0; k < pr->npos[v]; k++)
                if (pr->set[v][k] == s && pr->off[v][k] == o)
                    break;
            if (k == pr->npos[v])
                break;
        }
        if (v < pr->nvar)
            continue;
        pr->cset[pr->ncommon] = s;
        pr->coff[pr->ncommon] = o;
        pr->ncommon++;
        for (v = 0; v < pr->nvar; v++) { /* remove (s, o) from every variant */
            unsigned k = 0, n = 0;

            for (k = 0; k < pr->npos[v]; k++)
                if (!(pr->set[v][k] == s && pr->off[v][k] == o)) {
                    pr->set[v][n] = pr->set[v][k];
                    pr->off[v][n] = pr->off[v][k];
                    n++;
                }
            pr->npos[v] = (uint8_t)n;
        }
        i--; /* variant 0 lost its condition i: look at the one now there */
    }
    sort_conditions(sets, pr->cset, pr->coff, pr->ncommon);
}

/* A variant's conditions while its rule's tree is built. */
struct vcond {
    uint8_t n;
    uint8_t set[LS_SHAPE_POS], off[LS_SHAPE_POS];
};

static int vc_has(const struct vcond *v, uint8_t s, uint8_t o)
{
    for (unsigned j = 0; j < v->n; j++)
        if (v->set[j] == s && v->off[j] == o)
            return 1;
    return 0;
}

/* The condition most of vs[0, nv) have (fewest bytes in its set, then
 * lowest set and offset, among equals) into *s and *o. */
static void most_shared(uint8_t (*sets)[32], const struct vcond *vs, unsigned nv, uint8_t *s,
                        uint8_t *o)
{
    unsigned best = 0, bsize = 0;

    for (unsigned v = 0; v < nv; v++)
        for (unsigned j = 0; j < vs[v].n; j++) {
            uint8_t cs = vs[v].set[j], co = vs[v].off[j];
            unsigned n = 0, size = set_size(sets[cs]);

            for (unsigned w = 0; w < nv; w++)
                n += (unsigned)vc_has(&vs[w], cs, co);
            if (n > best || (n == best && (size < bsize || (size == bsize &&
                                                            (cs < *s || (cs == *s && co < *o)))))) {
                best = n;
                bsize = size;
                *s = cs;
                *o = co;
            }
        }
}

/* Appends to pr's tree the steps of vs[0, nv) (every variant with at least
 * one condition) at depth: the condition most of them share, with the
 * subtree of the variants that have it, then the others the same way. */
static void tree_add(uint8_t (*sets)[32], struct ls_cands_rule *pr, struct vcond *vs, unsigned nv,
                     unsigned depth)
{
    while (nv && pr->nops < LS_CANDS_OPS) {
        uint8_t s = 0, o = 0;
        unsigned k = 0, rest = 0, at = pr->nops;

        most_shared(sets, vs, nv, &s, &o);
        for (unsigned v = 0; v < nv; v++) /* the variants with (s, o) first */
            if (vc_has(&vs[v], s, o)) {
                struct vcond t = vs[k];

                vs[k++] = vs[v];
                vs[v] = t;
            }
        pr->op[at].set = s;
        pr->op[at].off = o;
        pr->op[at].depth = (uint8_t)depth;
        pr->op[at].leaf = 0;
        pr->nops++;
        for (unsigned v = 0; v < k; v++) { /* (s, o) tested: drop it from them */
            struct vcond t = vs[v];
            unsigned n = 0;

            for (unsigned j = 0; j < t.n; j++)
                if (!(t.set[j] == s && t.off[j] == o)) {
                    t.set[n] = t.set[j];
                    t.off[n++] = t.off[j];
                }
            t.n = (uint8_t)n;
            if (n == 0)
                pr->op[at].leaf = 1; /* a variant ends here */
            else
                vs[rest++] = t; /* the ones with conditions left, packed first */
        }
        tree_add(sets, pr, vs, rest, depth + 1);
        pr->op[at].next = pr->nops;
        vs += k;
        nv -= k;
    }
}

/* pr's variants (after take_common) as its condition tree. */
static void build_tree(uint8_t (*sets)[32], struct ls_cands_rule *pr)
{
    struct vcond vs[LS_SHAPE_VARS];
    unsigned nv = 0;

    pr->nops = 0;
    pr->all = 0;
    for (unsigned v = 0; v < pr->nvar && v < LS_SHAPE_VARS; v++) {
        if (pr->npos[v] == 0) { /* nothing but the common conditions */
            pr->all = 1;
            return;
        }
        vs[nv].n = pr->npos[v];
        memcpy(vs[nv].set, pr->set[v], sizeof vs[nv].set);
        memcpy(vs[nv].off, pr->off[v], sizeof vs[nv].off);
        nv++;
    }
    tree_add(sets, pr, vs, nv, 0);
}

/* The plan of one shape (nvar 0 when not even its first bytes fit): a
 * variant whose set at offset j has no index is cut to j offsets. */
static void plan_rule(struct ls_cands *c, uint8_t (*sets)[32], const struct ls_shape *sh,
                      struct ls_cands_rule *pr)
{
    int k;

    memset(pr, 0, sizeof *pr);
    pr->lb = LS_CANDS_SETS;
    if (sh->has_lb && (k = set_index(c, sets, sh->lb)) >= 0) {
        /* lb: bytes never before a match; only its exact set will do */
        if (!memcmp(sets[k], sh->lb, 32))
            pr->lb = (uint8_t)k;
        else
            pr->lb = LS_CANDS_SETS;
    }
    for (unsigned v = 0; v < sh->nvar; v++) {
        unsigned j;

        for (j = 0; j < sh->npos[v]; j++) {
            if ((k = set_index(c, sets, sh->pos[v][j])) < 0)
                break;
            pr->set[v][j] = (uint8_t)k;
        }
        if (j == 0) { /* a variant with no condition: every start is a candidate */
            memset(pr, 0, sizeof *pr);
            return;
        }
        pr->npos[v] = (uint8_t)j;
        for (unsigned i = 0; i < j; i++)
            pr->off[v][i] = (uint8_t)i;
    }
    pr->nvar = (uint8_t)sh->nvar;
    drop_subsumed(pr);
    take_common(sets, pr);
    build_tree(sets, pr);
}

/* A set the shapes use, and how much it decides. */
struct use {
    uint8_t set[32];
    unsigned weight;
};

/* Counts set s in u[0, *n) (cap entries) with weight w. */
static void use_add(struct use *u, size_t *n, size_t cap, const uint8_t s[32], unsigned w)
{
    size_t k;

    for (k = 0; k < *n; k++)
        if (!memcmp(u[k].set, s, 32))
            break;
    if (k == *n) {
        if (*n == cap)
            return;
        memcpy(u[k].set, s, 32);
        u[k].weight = 0;
        (*n)++;
    }
    u[k].weight += w;
}

static int use_cmp(const void *pa, const void *pb)
{
    const struct use *a = pa, *b = pb;

    return a->weight != b->weight ? (a->weight > b->weight ? -1 : 1) : memcmp(a->set, b->set, 32);
}

/* The sets kept when there are more than LS_CANDS_SETS: every rule's first
 * bytes and bytes before first, then the sets most variants use. */
static int choose_sets(struct ls_cands *c, uint8_t (*sets)[32],
                       const struct ls_shape *const *shapes, size_t n)
{
    size_t cap = n * (LS_SHAPE_VARS * LS_SHAPE_POS + 1) + 1, nu = 0;
    struct use *u = malloc(cap * sizeof *u);

    if (!u)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct ls_shape *sh = shapes[i];

        for (unsigned v = 0; sh && v < sh->nvar; v++)
            for (unsigned j = 0; j < sh->npos[v]; j++)
                use_add(u, &nu, cap, sh->pos[v][j], j == 0 ? 1000 : 1);
        if (sh && sh->nvar && sh->has_lb)
            use_add(u, &nu, cap, sh->lb, 1000);
    }
    qsort(u, nu, sizeof *u, use_cmp);
    for (size_t k = 0; k < nu && k < LS_CANDS_SETS; k++)
        (void)set_index(c, sets, u[k].set);
    free(u);
    return 0;
}

int ls_cands_build(struct ls_cands *c, const struct ls_shape *const *shapes, size_t n)
{
    uint8_t sets[LS_CANDS_SETS][32];

    memset(c, 0, sizeof *c);
    c->rule = calloc(n ? n : 1, sizeof *c->rule);
    if (!c->rule || choose_sets(c, sets, shapes, n) < 0) {
        ls_cands_free(c);
        return -1;
    }
    c->nrules = n;
#ifdef LS_CANDS_AVX2
    __builtin_cpu_init();
    c->avx2 = __builtin_cpu_supports("avx2") != 0;
#endif
    for (size_t i = 0; i < n; i++)
        if (shapes[i] && shapes[i]->nvar)
            plan_rule(c, sets, shapes[i], &c->rule[i]);
    for (unsigned b = 0; b < 256; b++)
        for (unsigned k = 0; k < c->nsets; k++)
            if (ls_set_has(sets[k], (unsigned char)b))
                c->tab[b] |= (uint64_t)1 << k;
    return 0;
}

void ls_cands_free(struct ls_cands *c)
{
    free(c->rule);
    memset(c, 0, sizeof *c);
}

void ls_cands_rec_free(struct ls_cands_rec *r)
{
    free(r->m);
    memset(r, 0, sizeof *r);
}

/* Four or two words as one vector (GCC's vector extension: SSE2 or AVX2 on
 * x86-64, NEON on arm64, plain words elsewhere). */
typedef uint64_t u64x4 __attribute__((vector_size(32)));
typedef uint64_t u64x2 __attribute__((vector_size(16)));

/* One step of the transpose (j = 4 .. 32): a[k] and a[k | j] (k without bit
 * j) swap their bits j apart under mask m, four words at a time. */
static inline __attribute__((always_inline)) void swap_step4(uint64_t a[64], unsigned j, uint64_t m)
{
    for (unsigned k = 0; k < 64; k = ((k | j) + 4) & ~j) {
        u64x4 x, y, t;

        memcpy(&x, &a[k], sizeof x);
        memcpy(&y, &a[k | j], sizeof y);
        t = ((x >> j) ^ y) & m;
        x ^= t << j;
        y ^= t;
        memcpy(&a[k], &x, sizeof x);
        memcpy(&a[k | j], &y, sizeof y);
    }
}

/* a[k] bit i becomes a[i] bit k (a 64 x 64 bit matrix transposed in
 * place: swaps of blocks of 32, 16, … 1 bits; the steps commute, each
 * exchanging one bit of the row index with the same bit of the column). */
static inline __attribute__((always_inline)) void transpose64(uint64_t a[64])
{
    swap_step4(a, 32, 0x00000000FFFFFFFFull);
    swap_step4(a, 16, 0x0000FFFF0000FFFFull);
    swap_step4(a, 8, 0x00FF00FF00FF00FFull);
    swap_step4(a, 4, 0x0F0F0F0F0F0F0F0Full);
    for (unsigned k = 0; k < 64; k += 4) { /* j = 2: two words at a time */
        u64x2 x, y, t;

        memcpy(&x, &a[k], sizeof x);
        memcpy(&y, &a[k + 2], sizeof y);
        t = ((x >> 2) ^ y) & 0x3333333333333333ull;
        x ^= t << 2;
        y ^= t;
        memcpy(&a[k], &x, sizeof x);
        memcpy(&a[k + 2], &y, sizeof y);
    }
    for (unsigned k = 0; k < 64; k += 2) { /* j = 1 */
        uint64_t t = ((a[k] >> 1) ^ a[k + 1]) & 0x5555555555555555ull;

        a[k] ^= t << 1;
        a[k + 1] ^= t;
    }
}

static inline __attribute__((always_inline)) int measure(const struct ls_cands *c, const char *text,
                                                         size_t len, struct ls_cands_rec *r)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t nblk = (len + LS_CANDS_BLOCK - 1) / LS_CANDS_BLOCK;

    if (nblk > r->cap) {
        uint64_t *m = realloc(r->m, nblk * LS_CANDS_SETS * sizeof *m);

        if (!m)
            return -1;
        r->m = m;
        r->cap = nblk;
    }
    r->len = len;
    r->nblk = nblk;
    for (size_t b = 0; b < nblk; b++) {
        uint64_t *a = r->m + b * LS_CANDS_SETS;
        size_t base = b * LS_CANDS_BLOCK; /* a[i]: byte base - 1 + i */

        for (size_t i = 0; i < 64; i++) {
            size_t at = base + i - 1;

            a[i] = (base + i >= 1 && at < len) ? c->tab[t[at]] : 0;
        }
        transpose64(a); /* a[k] bit i: byte base - 1 + i is in set k */
    }
    return 0;
}

#ifdef LS_CANDS_AVX2
__attribute__((target("avx2"))) static int measure_avx2(const struct ls_cands *c, const char *text,
                                                        size_t len, struct ls_cands_rec *r)
{
    return measure(c, text, len, r);
}
#endif

int ls_cands_measure(const struct ls_cands *c, const char *text, size_t len, struct ls_cands_rec *r)
{
#ifdef LS_CANDS_AVX2
    if (c->avx2)
        return measure_avx2(c, text, len, r);
#endif
    return measure(c, text, len, r);
}

/* Candidates of rule pr in block a: bit i for the position of byte i.
 * The tree is walked in pre-order with each depth's mask on a stack; a step
 * that leaves no position skips its subtree, and positions a variant has
 * already given are not tested again. */
static uint64_t block_cands(const struct ls_cands_rule *pr, const uint64_t *a)
{
    /* the block's own positions: bytes 1 .. LS_CANDS_BLOCK */
    uint64_t c = 0, own = (((uint64_t)1 << LS_CANDS_BLOCK) - 1) << 1, st[8 + 1];

    if (pr->lb < LS_CANDS_SETS)
        own &= ~(a[pr->lb] << 1); /* the byte before is not in lb */
    for (unsigned j = 0; j < pr->ncommon && j < LS_SHAPE_POS && own; j++)
        own &= a[pr->cset[j] % LS_CANDS_SETS] >> (pr->coff[j] & 7);
    if (!own || pr->all)
        return own;
    st[0] = own;
    for (unsigned i = 0; i < pr->nops;) {
        const struct ls_cands_op *o = &pr->op[i];
        /* depths and offsets < LS_SHAPE_POS < 8, sets < LS_CANDS_SETS = 64 */
        uint64_t x = st[o->depth & 7] & ~c & (a[o->set & 63] >> (o->off & 7));

        if (o->leaf)
            c |= x;
        if (!x) {
            i = o->next;
            continue;
        }
        st[(o->depth & 7) + 1] = x;
        i++;
    }
    return c;
}

uint64_t ls_cands_block(const struct ls_cands *c, size_t ri, const struct ls_cands_rec *r, size_t b,
                        size_t from)
{
    uint64_t x = block_cands(&c->rule[ri], r->m + b * LS_CANDS_SETS);
    size_t base = b * LS_CANDS_BLOCK;

    if (from > base) /* positions before from: bits 1 .. from - base */
        x &= ~(((uint64_t)1 << (from - base + 1)) - 1);
    return x;
}

size_t ls_cands_next(const struct ls_cands *c, size_t ri, const struct ls_cands_rec *r, size_t from)
{
    for (size_t b = from / LS_CANDS_BLOCK; b < r->nblk; b++) {
        uint64_t x = ls_cands_block(c, ri, r, b, from);

        if (x) {
            size_t p = b * LS_CANDS_BLOCK + (size_t)__builtin_ctzll(x) - 1;

            return p < r->len ? p : SIZE_MAX;
        }
    }
    return SIZE_MAX;
}
