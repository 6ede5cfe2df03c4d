/* persons.c — persons, minors and movement profiles from the identifiers of
 * each record (persons.h).
 *
 * A record's identifiers wait in a fixed array until the record ends (no
 * allocation per record).  Then:
 *  - a name and a date of birth make one identifier when the record holds
 *    exactly one distinct value of each;
 *  - every identifier is a node (an edge to itself), and when the record
 *    speaks of one person they are joined by edges to the first.  A record
 *    speaks of several persons when it holds two distinct values of a kind
 *    a person has once (national number, eID card, passport, name with date
 *    of birth), or, without any such value, two distinct contact values
 *    (e-mail, phone, account) of one kind: a mail between two people, a
 *    call between two numbers.  Its identifiers are then nodes only;
 *  - a national number whose birth date gives an age under 18 at the
 *    record's date (its earliest event date, else the scan date) is kept as
 *    a minor;
 *  - the plates of an ANPR record are sightings for profiles.c.
 * Nodes are keyed by the value hash mixed with the kind, so equal text of two
 * kinds stays two nodes.  Edges and minors are kept in arrays that are
 * sorted and deduplicated whenever they fill up (and grown only when that
 * frees less than half); the components are counted once, at the end, by a
 * union-find over the sorted distinct nodes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "match/persons.h"
#include "match/profiles.h"

struct pent {
    uint64_t h;
    size_t off;     /* offset in the record */
    uint32_t birth; /* national numbers: ls_nn_birth */
    uint8_t kind;
};

struct pedge {
    uint64_t a, b; /* a <= b; a == b: a node alone */
};
_Static_assert(sizeof(struct pedge) == 2 * sizeof(uint64_t), "a link is two numbers");

/* A growable array of fixed-size items, sorted and deduplicated when full. */
struct pvec {
    void *v;
    size_t n, cap;
};

struct ls_persons {
    struct pent rec[LS_PERSONS_REC_MAX]; /* the current record's identifiers */
    size_t nrec;
    int overflow;       /* the current record had more: its identifiers are nodes only */
    struct pvec edges;  /* struct pedge */
    struct pvec minors; /* uint64_t nodes */
    struct ls_profiles *prof;
    uint32_t scan_date;
    uint64_t records, records_multi, minor_by_record, minor_by_scan, minors_flagged;
    int done;
    struct ls_persons_fig fig;
};

/* Initial items of an array (grown by doubling). */
#define PVEC_FIRST 1024

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

static int cmp_edge(const void *a, const void *b)
{
    const struct pedge *x = a, *y = b;

    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* Sorts n items of w 64-bit words (1 or 2) by their first word: a
 * least-significant-digit radix sort, 11 bits a pass (six passes), the
 * passes whose digit is the same in every item left out.  tmp holds n items,
 * cnt RADIX_PASSES zeroed counts.
 * The keys are hashes, so a pass costs n moves where a comparison sort
 * costs log2(n) calls of a comparison through a pointer per item. */
#define RADIX_BITS 11
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)
#define RADIX_MASK ((1u << RADIX_BITS) - 1)

static void radix_sort(uint64_t *v, uint64_t *tmp, size_t (*cnt)[1u << RADIX_BITS], size_t n,
                       unsigned w)
{
    uint64_t *src = v, *dst = tmp;
    size_t i, sum;
    unsigned p, d;

    for (i = 0; i < n; i++)
        for (p = 0; p < RADIX_PASSES; p++)
            cnt[p][v[i * w] >> (RADIX_BITS * p) & RADIX_MASK]++;
    for (p = 0; p < RADIX_PASSES; p++) {
        unsigned shift = RADIX_BITS * p;
        size_t *c = cnt[p];

        if (c[src[0] >> shift & RADIX_MASK] == n)
            continue; /* one value of this digit: the pass would not move anything */
        for (d = 0, sum = 0; d <= RADIX_MASK; d++) {
            size_t t = c[d];

            c[d] = sum;
            sum += t;
        }
        for (i = 0; i < n; i++) {
            uint64_t *o = dst + c[src[i * w] >> shift & RADIX_MASK]++ * w;

            o[0] = src[i * w];
            if (w == 2)
                o[1] = src[i * w + 1];
        }
        src = dst;
        dst = src == v ? tmp : v;
    }
    if (src != v)
        memcpy(v, src, n * w * sizeof *v);
}

/* Items of two words sorted by the first: each run of one first word sorted
 * by the second (runs are short: insertion; a long one: qsort). */
static void sort_runs(struct pedge *e, size_t n)
{
    size_t i = 0, j, k;

    while (i < n) {
        for (j = i + 1; j < n && e[j].a == e[i].a; j++)
            ;
        if (j - i > 16) {
            qsort(e + i, j - i, sizeof *e, cmp_edge);
        } else {
            for (k = i + 1; k < j; k++) {
                struct pedge t = e[k];
                size_t m;

                for (m = k; m > i && e[m - 1].b > t.b; m--)
                    e[m] = e[m - 1];
                e[m] = t;
            }
        }
        i = j;
    }
}

/* Sorts the n items of v (w words each) in place. */
static void sort_words(uint64_t *v, size_t n, unsigned w)
{
    uint64_t *tmp = NULL;
    size_t(*cnt)[1u << RADIX_BITS] = NULL;

    if (n >= 256) { /* short ones, or out of memory: qsort */
        tmp = malloc(n * w * sizeof *tmp);
        cnt = calloc(RADIX_PASSES, sizeof *cnt);
    }
    if (tmp && cnt) {
        radix_sort(v, tmp, cnt, n, w);
        if (w == 2)
            sort_runs((struct pedge *)v, n);
    } else {
        qsort(v, n, w * sizeof *v, w == 1 ? cmp_u64 : cmp_edge);
    }
    free(tmp);
    free(cnt);
}

/* Whether x comes before y (items of w words: by the first, then the
 * second). */
static int item_lt(const uint64_t *x, const uint64_t *y, unsigned w)
{
    return x[0] != y[0] ? x[0] < y[0] : w == 2 && x[1] < y[1];
}

/* Whether the items of v are in order, without repeats (then a compaction
 * has nothing to do, and needs no sorting buffer). */
static int pvec_sorted(const struct pvec *v, unsigned w)
{
    const uint64_t *p = v->v;
    size_t i;

    for (i = 1; i < v->n; i++)
        if (!item_lt(p + (i - 1) * w, p + i * w, w))
            return 0;
    return 1;
}

/* Drops the repeats of sorted v. */
static void pvec_unique(struct pvec *v, size_t sz)
{
    unsigned char *p = v->v;
    size_t i, k = 0;

    if (v->n < 2)
        return;
    for (i = 1; i < v->n; i++)
        if (memcmp(p + i * sz, p + k * sz, sz) != 0)
            memcpy(p + ++k * sz, p + i * sz, sz);
    v->n = k + 1;
}

/* Sorts v and drops repeats. */
static void pvec_compact(struct pvec *v, size_t sz)
{
    unsigned w = (unsigned)(sz / sizeof(uint64_t));

    if (v->n < 2 || pvec_sorted(v, w))
        return;
    sort_words(v->v, v->n, w);
    pvec_unique(v, sz);
}

static int pvec_push(struct pvec *v, size_t sz, const void *item)
{
    if (v->n == v->cap) {
        pvec_compact(v, sz);
        if (v->n * 2 > v->cap || !v->cap) {
            size_t nc = v->cap ? v->cap * 2 : PVEC_FIRST;
            void *nv = realloc(v->v, nc * sz);

            if (!nv)
                return -1;
            v->v = nv;
            v->cap = nc;
        }
    }
    memcpy((unsigned char *)v->v + v->n++ * sz, item, sz);
    return 0;
}

ls_status ls_persons_new(uint32_t scan_date, unsigned min_hits, unsigned min_sites,
                         struct ls_persons **out)
{
    struct ls_persons *p = calloc(1, sizeof *p);

    *out = NULL;
    if (!p)
        return LS_ENOMEM;
    p->scan_date = scan_date;
    p->prof = ls_profiles_new(min_hits, min_sites);
    if (!p->prof) {
        free(p);
        return LS_ENOMEM;
    }
    *out = p;
    return LS_OK;
}

void ls_persons_free(struct ls_persons *p)
{
    if (!p)
        return;
    free(p->edges.v);
    free(p->minors.v);
    ls_profiles_free(p->prof);
    free(p);
}

static uint64_t node_of(uint64_t h, unsigned kind)
{
    uint64_t x = h ^ ((uint64_t)kind * 0x9E3779B97F4A7C15ull);

    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    return x >> 4 | (uint64_t)kind << 60; /* the kind in the top 4 bits */
}

/* Whether node x names a person (official number, name with date of birth
 * or address), not only a contact value. */
static int identifies(uint64_t x)
{
    unsigned k = (unsigned)(x >> 60);

    return k == LS_PK_NATIONAL || k == LS_PK_EID || k == LS_PK_PASSPORT || k == LS_PK_NAMEDOB ||
           k == LS_PK_NAMEADDR;
}

static int add_edge(struct ls_persons *p, uint64_t a, uint64_t b)
{
    struct pedge e;

    e.a = a < b ? a : b;
    e.b = a < b ? b : a;
    return pvec_push(&p->edges, sizeof e, &e);
}

static int strong(unsigned kind)
{
    return kind != LS_PK_NAME && kind != LS_PK_DOB && kind != LS_PK_ADDRESS && kind != LS_PK_PLATE;
}

void ls_persons_note(struct ls_persons *p, enum ls_pkind kind, uint64_t h, size_t off,
                     const char *norm, size_t nn)
{
    struct pent *e;

    if (!p || kind <= LS_PK_NONE || kind >= LS_PK_NAMEDOB)
        return;
    if (p->nrec == LS_PERSONS_REC_MAX) {
        /* a list: what it holds are nodes alone (an allocation failure here
         * only loses a node; the record's end reports none) */
        size_t i;

        if (!p->overflow)
            for (i = 0; i < p->nrec; i++)
                if (strong(p->rec[i].kind)) {
                    uint64_t x = node_of(p->rec[i].h, p->rec[i].kind);

                    (void)add_edge(p, x, x);
                }
        p->overflow = 1;
        if (strong(kind)) {
            uint64_t x = node_of(h, kind);

            (void)add_edge(p, x, x);
        }
        return;
    }
    if (kind == LS_PK_PLATE)
        ls_profiles_prefetch(p->prof, h); /* its sighting comes at the record's end */
    e = &p->rec[p->nrec++];
    e->h = h;
    e->off = off;
    e->kind = (uint8_t)kind;
    e->birth = kind == LS_PK_NATIONAL ? ls_nn_birth(norm, nn) : 0;
}

static int record_minors(struct ls_persons *p, const struct ls_precord *r)
{
    uint32_t date = r->date ? r->date : p->scan_date;
    size_t i;

    for (i = 0; i < p->nrec; i++) {
        const struct pent *e = &p->rec[i];
        int age;

        if (e->kind != LS_PK_NATIONAL || !e->birth)
            continue;
        age = ls_age_years(e->birth, date);
        if (age < 0 || age >= 18)
            continue;
        uint64_t x = node_of(e->h, e->kind);

        if (pvec_push(&p->minors, sizeof x, &x) < 0)
            return -1;
        if (r->date)
            p->minor_by_record++;
        else
            p->minor_by_scan++;
    }
    return 0;
}

static int record_plates(struct ls_persons *p, const struct ls_precord *r)
{
    uint16_t day = ls_profiles_day(r->date);
    size_t i, j;

    for (i = 0; i < p->nrec; i++) {
        if (p->rec[i].kind != LS_PK_PLATE)
            continue;
        for (j = 0; j < i; j++)
            if (p->rec[j].kind == LS_PK_PLATE && p->rec[j].h == p->rec[i].h)
                break;
        if (j == i && ls_profiles_add(p->prof, p->rec[i].h, r->camera, day) < 0)
            return -1;
    }
    return 0;
}

/* Distinct values of kind in rec[from, to); *first gets the first one's index. */
static unsigned distinct(const struct ls_persons *p, size_t from, size_t to, unsigned kind,
                         size_t *first)
{
    unsigned n = 0;
    size_t i, j;

    for (i = from; i < to; i++) {
        if (p->rec[i].kind != kind)
            continue;
        for (j = from; j < i; j++)
            if (p->rec[j].kind == kind && p->rec[j].h == p->rec[i].h)
                break;
        if (j < i)
            continue;
        if (!n && first)
            *first = i;
        n++;
    }
    return n;
}

/* A name with the one value of kind other in rec[from, to), as one node
 * (0 when the segment does not hold exactly one name and one such value). */
static int compound(const struct ls_persons *p, size_t from, size_t to, unsigned other,
                    unsigned kind, uint64_t *x)
{
    size_t a = 0, b = 0;

    if (distinct(p, from, to, LS_PK_NAME, &a) != 1 || distinct(p, from, to, other, &b) != 1)
        return 0;
    *x = node_of(p->rec[a].h * 0x9E3779B97F4A7C15ull ^ p->rec[b].h, kind);
    return 1;
}

/* The nodes of rec[from, to): the kinds with one distinct value there are
 * joined (with the name compounds when with_names), the others alone; with
 * join 0 all are alone.  Returns 1 when a kind had several values, or -1. */
static int segment(struct ls_persons *p, size_t from, size_t to, int join, int with_names)
{
    unsigned cnt[LS_PK_N] = {0};
    uint64_t first = 0, x;
    int any = 0, several = 0;
    size_t i;

    for (i = from; i < to; i++) {
        unsigned k = p->rec[i].kind;

        if (strong(k) && !cnt[k])
            cnt[k] = distinct(p, from, to, k, NULL);
        several |= cnt[k] > 1;
    }
    for (i = from; i <= to + 1; i++) {
        int alone = !join;

        if (i == to) { /* a name with its date of birth, a name with its address */
            if (!with_names || !compound(p, from, to, LS_PK_DOB, LS_PK_NAMEDOB, &x))
                continue;
        } else if (i == to + 1) {
            if (!with_names || !compound(p, from, to, LS_PK_ADDRESS, LS_PK_NAMEADDR, &x))
                continue;
        } else {
            if (!strong(p->rec[i].kind))
                continue;
            x = node_of(p->rec[i].h, p->rec[i].kind);
            alone |= cnt[p->rec[i].kind] > 1;
        }
        if (add_edge(p, alone || !any ? x : first, x) < 0)
            return -1;
        if (!alone && !any) {
            first = x;
            any = 1;
        }
    }
    return several;
}

/* The record's nodes and edges (the file's top comment). */
static int record_links(struct ls_persons *p)
{
    size_t i, j, at = 0;
    int several = 0, rc = 0, any = 0;

    for (i = 0; i < p->nrec; i++)
        any |= strong(p->rec[i].kind) || p->rec[i].kind == LS_PK_NAME;
    if (!any && !p->overflow)
        return 0;
    p->records++;
    if (p->overflow) {
        p->records_multi++;
        return 0;
    }
    for (i = 1; i < p->nrec; i++) /* by offset: insertion sort of at most 32 */
        for (j = i; j > 0 && p->rec[j - 1].off > p->rec[j].off; j--) {
            struct pent t = p->rec[j];

            p->rec[j] = p->rec[j - 1];
            p->rec[j - 1] = t;
        }
    if (distinct(p, 0, p->nrec, LS_PK_NATIONAL, NULL) < 2) {
        rc = segment(p, 0, p->nrec, 1, 1);
    } else { /* several national numbers: each takes what follows it */
        several = 1;
        for (i = 0; i <= p->nrec && rc >= 0; i++)
            if (i == p->nrec || p->rec[i].kind == LS_PK_NATIONAL) {
                rc = segment(p, at, i, at > 0 || p->rec[0].kind == LS_PK_NATIONAL, 0);
                at = i;
            }
    }
    if (rc < 0)
        return -1;
    if (several || rc)
        p->records_multi++;
    return 0;
}

ls_status ls_persons_record_end(struct ls_persons *p, const struct ls_precord *r)
{
    int rc = 0;

    if (!p)
        return LS_OK;
    if (r->minors_kw)
        p->minors_flagged++;
    if (p->nrec || p->overflow) {
        p->done = 0;
        rc = record_links(p);
        if (!rc)
            rc = record_minors(p, r);
        if (!rc && r->anpr)
            rc = record_plates(p, r);
    }
    p->nrec = 0;
    p->overflow = 0;
    return rc < 0 ? LS_ENOMEM : LS_OK;
}

/* Moves from's items into into, and frees from's array: both are
 * compacted, then merged in place from the back of into's array (grown to
 * hold both, no larger): the merge needs no buffer besides the two arrays.
 * 0, or -1 out of memory (into is then compacted and from is whole). */
static int pvec_merge(struct pvec *into, struct pvec *from, size_t sz)
{
    unsigned w = (unsigned)(sz / sizeof(uint64_t));
    size_t i, j, k;
    uint64_t *a;
    const uint64_t *b;

    pvec_compact(into, sz);
    pvec_compact(from, sz);
    if (from->n && into->cap < into->n + from->n) {
        void *nv = realloc(into->v, (into->n + from->n) * sz);

        if (!nv)
            return -1;
        into->v = nv;
        into->cap = into->n + from->n;
    }
    a = into->v;
    b = from->v;
    for (i = into->n, j = from->n, k = i + j; j > 0; k--) {
        if (i > 0 && item_lt(b + (j - 1) * w, a + (i - 1) * w, w))
            memcpy(a + (k - 1) * w, a + --i * w, sz);
        else
            memcpy(a + (k - 1) * w, b + --j * w, sz);
    }
    into->n += from->n;
    pvec_unique(into, sz);
    free(from->v);
    memset(from, 0, sizeof *from);
    return 0;
}

ls_status ls_persons_merge(struct ls_persons *into, struct ls_persons *from)
{
    if (!into || !from)
        return LS_OK;
    into->done = 0;
    into->records += from->records;
    into->records_multi += from->records_multi;
    into->minor_by_record += from->minor_by_record;
    into->minor_by_scan += from->minor_by_scan;
    into->minors_flagged += from->minors_flagged;
    if (pvec_merge(&into->edges, &from->edges, sizeof(struct pedge)) < 0 ||
        pvec_merge(&into->minors, &from->minors, sizeof(uint64_t)) < 0 ||
        ls_profiles_merge(into->prof, from->prof) < 0)
        return LS_ENOMEM;
    return LS_OK;
}

void ls_persons_get_state(struct ls_persons *p, struct ls_persons_state *s)
{
    pvec_compact(&p->edges, sizeof(struct pedge));
    pvec_compact(&p->minors, sizeof(uint64_t));
    s->records = p->records;
    s->records_multi = p->records_multi;
    s->minor_by_record = p->minor_by_record;
    s->minor_by_scan = p->minor_by_scan;
    s->minors_flagged = p->minors_flagged;
    s->links = p->edges.v; /* struct pedge is two uint64_t, nothing between */
    s->nlinks = p->edges.n;
    s->minors = p->minors.v;
    s->nminors = p->minors.n;
}

ls_status ls_persons_add_state(struct ls_persons *p, const struct ls_persons_state *s)
{
    size_t i;

    p->done = 0;
    p->records += s->records;
    p->records_multi += s->records_multi;
    p->minor_by_record += s->minor_by_record;
    p->minor_by_scan += s->minor_by_scan;
    p->minors_flagged += s->minors_flagged;
    for (i = 0; i < s->nlinks; i++)
        if (add_edge(p, s->links[2 * i], s->links[2 * i + 1]) < 0)
            return LS_ENOMEM;
    for (i = 0; i < s->nminors; i++)
        if (pvec_push(&p->minors, sizeof(uint64_t), &s->minors[i]) < 0)
            return LS_ENOMEM;
    return LS_OK;
}

struct ls_profiles *ls_persons_profiles(struct ls_persons *p)
{
    return p->prof;
}

/* The index of x in the sorted nodes[0..n), or n. */
static size_t node_index(const uint64_t *nodes, size_t n, uint64_t x)
{
    size_t lo = 0, len = n, half;

    while (len > 1) { /* the last node <= x is in [lo, lo + len) */
        half = len / 2;
        if (nodes[lo + half] <= x)
            lo += half;
        len -= half;
    }
    return n && nodes[lo] == x ? lo : n;
}

static uint32_t find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

/* Components over the distinct nodes of the edges, and those with a minor. */
static int components(struct ls_persons *p, struct ls_persons_fig *f)
{
    const struct pedge *e = p->edges.v;
    uint64_t *nodes = NULL;
    uint32_t *parent = NULL;
    unsigned char *mark = NULL;
    size_t i, at, n = 0, ne = p->edges.n;
    int rc = -1;

    nodes = malloc((2 * ne + 1) * sizeof *nodes);
    if (!nodes)
        goto out;
    for (i = 0; i < ne; i++) {
        nodes[n++] = e[i].a;
        if (e[i].b != e[i].a)
            nodes[n++] = e[i].b;
        f->links += e[i].b != e[i].a;
    }
    sort_words(nodes, n, 1);
    for (i = 1, f->nodes = n ? 1 : 0; i < n; i++)
        if (nodes[i] != nodes[f->nodes - 1])
            nodes[f->nodes++] = nodes[i];
    n = (size_t)f->nodes;
    if (n > UINT32_MAX)
        goto out;
    parent = malloc((n + 1) * sizeof *parent);
    mark = calloc(n + 1, 1);
    if (!parent || !mark)
        goto out;
    f->link_bytes = (2 * ne + 1) * sizeof *nodes + (n + 1) * (sizeof *parent + 1);
    for (i = 0; i < n; i++)
        parent[i] = (uint32_t)i;
    f->persons = n;
    for (i = 0, at = 0; i < ne; i++) {
        /* the edges are sorted by their first node: its index only grows */
        while (at < n && nodes[at] < e[i].a)
            at++;
        uint32_t a = find(
            parent, (uint32_t)(at < n && nodes[at] == e[i].a ? at : node_index(nodes, n, e[i].a)));
        uint32_t b = find(parent, (uint32_t)node_index(nodes, n, e[i].b));

        if (a != b) {
            parent[a < b ? b : a] = a < b ? a : b;
            f->persons--;
        }
    }
    for (i = 0; i < p->minors.n; i++) {
        size_t k = node_index(nodes, n, ((const uint64_t *)p->minors.v)[i]);

        if (k < n && !(mark[find(parent, (uint32_t)k)] & 1)) {
            mark[find(parent, (uint32_t)k)] |= 1;
            f->minors++;
        }
    }
    for (i = 0; i < n; i++)
        if (identifies(nodes[i]) && !(mark[find(parent, (uint32_t)i)] & 2)) {
            mark[find(parent, (uint32_t)i)] |= 2;
            f->identified++;
        }
    rc = 0;
out:
    free(nodes);
    free(parent);
    free(mark);
    return rc;
}

ls_status ls_persons_figures(struct ls_persons *p, struct ls_persons_fig *out)
{
    struct ls_persons_fig f;
    int rc;

    memset(out, 0, sizeof *out);
    if (!p)
        return LS_OK;
    if (p->done) {
        *out = p->fig;
        return LS_OK;
    }
    memset(&f, 0, sizeof f);
    pvec_compact(&p->edges, sizeof(struct pedge));
    pvec_compact(&p->minors, sizeof(uint64_t));
    f.records = p->records;
    f.records_multi = p->records_multi;
    f.minor_numbers = p->minors.n;
    f.minor_by_record = p->minor_by_record;
    f.minor_by_scan = p->minor_by_scan;
    f.minors_flagged = p->minors_flagged;
    ls_profiles_counts(p->prof, &f.plates_seen, &f.vehicles_tracked);
    rc = components(p, &f);
    f.bytes = ls_persons_bytes(p);
    *out = f;
    if (rc < 0)
        return LS_ENOMEM;
    p->fig = f;
    p->done = 1;
    return LS_OK;
}

uint64_t ls_persons_bytes(const struct ls_persons *p)
{
    if (!p)
        return 0;
    return sizeof *p + (uint64_t)p->edges.cap * sizeof(struct pedge) +
           (uint64_t)p->minors.cap * sizeof(uint64_t) + ls_profiles_bytes(p->prof);
}

uint32_t ls_nn_birth(const char *d, size_t n)
{
    char g[11];
    size_t i, k = 0;
    uint64_t first9 = 0;
    unsigned cc, yy, mm, dd, century;

    for (i = 0; d && i < n; i++) {
        if (d[i] < '0' || d[i] > '9')
            continue;
        if (k == 11)
            return 0;
        g[k++] = d[i];
    }
    if (k != 11)
        return 0;
    for (i = 0; i < 9; i++)
        first9 = first9 * 10 + (unsigned)(g[i] - '0');
    cc = (unsigned)(g[9] - '0') * 10 + (unsigned)(g[10] - '0');
    if (97 - first9 % 97 == cc)
        century = 1900;
    else if (97 - (2000000000ull + first9) % 97 == cc)
        century = 2000;
    else
        return 0;
    yy = (unsigned)(first9 / 10000000);
    mm = (unsigned)(first9 / 100000 % 100);
    dd = (unsigned)(first9 / 1000 % 100);
    if (mm >= 40)
        mm -= 40; /* BIS, sex known */
    else if (mm >= 20)
        mm -= 20; /* BIS, sex unknown */
    if (mm > 12 || dd > 31)
        return 0;
    return (century + yy) * 10000 + mm * 100 + dd;
}

int ls_age_years(uint32_t birth, uint32_t date)
{
    uint32_t bmd, dmd;
    int age;

    if (!birth || !date)
        return -1;
    bmd = birth % 10000;
    if (bmd / 100 == 0)
        bmd = 101; /* month unknown: 1 January */
    else if (bmd % 100 == 0)
        bmd += 1; /* day unknown: the 1st */
    dmd = date % 10000;
    age = (int)(date / 10000) - (int)(birth / 10000) - (dmd < bmd);
    return age;
}
