/* sample.c — a sampled scan: selection, per-unit counts, estimates
 * (sample.h; the method is docs/sampling.md). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"
#include "shard.h"

int ls_sample_parse_fraction(const char *s, double *p)
{
    char *end;
    double v;

    if (!s || !*s || (*s != '.' && (*s < '0' || *s > '9')))
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end || !(v > 0.0) || v > 1.0)
        return -1;
    *p = v;
    return 0;
}

int ls_sample_parse_seed(const char *s, uint64_t *seed)
{
    unsigned long long v;
    char *end;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *seed = (uint64_t)v;
    return 0;
}

int ls_sample_mine(double p, uint64_t seed, const char *rel, size_t len)
{
    uint64_t h;

    if (p >= 1.0)
        return 1;
    h = ls_shard_mix64(ls_shard_hash(rel, len) ^ ls_shard_mix64(seed + 0x9e3779b97f4a7c15ull));
    return (double)(h >> 11) * 0x1.0p-53 < p;
}

/* --- the accumulator: an open-addressed table of units by key ---------------- */

#define PER_CAT 3 /* findings, records, files of a unit, per category */

struct unit {
    uint64_t key; /* 0: an empty slot (a key of 0 is stored as 1) */
    uint64_t bytes;
    uint64_t *y; /* PER_CAT per category, or NULL: nothing found */
};

struct ls_sample_acc {
    size_t ncats;
    size_t n, cap; /* units, slots (a power of two) */
    struct unit *u;
};

ls_status ls_sample_acc_new(size_t ncats, struct ls_sample_acc **out)
{
    struct ls_sample_acc *a = calloc(1, sizeof *a);

    *out = NULL;
    if (!a)
        return LS_ENOMEM;
    a->ncats = ncats;
    a->cap = 64;
    if (!(a->u = calloc(a->cap, sizeof *a->u))) {
        free(a);
        return LS_ENOMEM;
    }
    *out = a;
    return LS_OK;
}

void ls_sample_acc_free(struct ls_sample_acc *a)
{
    size_t i;

    if (!a)
        return;
    for (i = 0; i < a->cap; i++)
        free(a->u[i].y);
    free(a->u);
    free(a);
}

static struct unit *slot_of(struct unit *u, size_t cap, uint64_t key)
{
    size_t i = (size_t)ls_shard_mix64(key) & (cap - 1);

    while (u[i].key && u[i].key != key)
        i = (i + 1) & (cap - 1);
    return &u[i];
}

static int grow(struct ls_sample_acc *a)
{
    size_t cap = a->cap * 2, i;
    struct unit *nu = calloc(cap, sizeof *nu);

    if (!nu)
        return -1;
    for (i = 0; i < a->cap; i++)
        if (a->u[i].key)
            *slot_of(nu, cap, a->u[i].key) = a->u[i];
    free(a->u);
    a->u = nu;
    a->cap = cap;
    return 0;
}

/* The unit of key, made (zeroed) when new; NULL out of memory. */
static struct unit *unit_get(struct ls_sample_acc *a, uint64_t key)
{
    struct unit *s;

    key = key ? key : 1;
    if ((a->n + 1) * 4 > a->cap * 3 && grow(a) != 0)
        return NULL;
    s = slot_of(a->u, a->cap, key);
    if (!s->key) {
        s->key = key;
        a->n++;
    }
    return s;
}

static uint64_t *unit_y(struct ls_sample_acc *a, struct unit *s)
{
    if (!s->y)
        s->y = calloc(a->ncats ? a->ncats * PER_CAT : 1, sizeof *s->y);
    return s->y;
}

ls_status ls_sample_unit(struct ls_sample_acc *a, uint64_t key, uint64_t bytes)
{
    struct unit *s = unit_get(a, key);

    if (!s)
        return LS_ENOMEM;
    s->bytes += bytes;
    return LS_OK;
}

ls_status ls_sample_item(struct ls_sample_acc *a, uint64_t key, const uint64_t *findings,
                         const uint64_t *records)
{
    struct unit *s;
    uint64_t *y;
    size_t c;

    for (c = 0; c < a->ncats && !findings[c]; c++)
        ;
    if (c == a->ncats)
        return LS_OK; /* nothing found: the unit counts through ls_sample_unit */
    if (!(s = unit_get(a, key)) || !(y = unit_y(a, s)))
        return LS_ENOMEM;
    for (c = 0; c < a->ncats; c++) {
        if (!findings[c])
            continue;
        y[c * PER_CAT] += findings[c];
        y[c * PER_CAT + 1] += records ? records[c] : 0;
        y[c * PER_CAT + 2]++;
    }
    return LS_OK;
}

ls_status ls_sample_acc_merge(struct ls_sample_acc *into, const struct ls_sample_acc *from)
{
    size_t i, k;
    struct unit *s;
    uint64_t *y;

    for (i = 0; i < from->cap; i++) {
        if (!from->u[i].key)
            continue;
        if (!(s = unit_get(into, from->u[i].key)))
            return LS_ENOMEM;
        s->bytes += from->u[i].bytes;
        if (!from->u[i].y)
            continue;
        if (!(y = unit_y(into, s)))
            return LS_ENOMEM;
        for (k = 0; k < into->ncats * PER_CAT; k++)
            y[k] += from->u[i].y[k];
    }
    return LS_OK;
}

void ls_sample_live_pop(struct ls_sample_live *l, struct ls_sample_pop *out)
{
    memset(out, 0, sizeof *out);
    if (!atomic_load(&l->lone)) {
        out->units = atomic_load(&l->walk_units);
        out->bytes = atomic_load(&l->walk_bytes);
    } else if (atomic_load(&l->entry_units)) {
        out->units = atomic_load(&l->entry_units);
        out->bytes = atomic_load(&l->entry_bytes);
        out->bytes_unknown = atomic_load(&l->entry_unknown);
    } else {
        out->units = 1;
        out->bytes = atomic_load(&l->root_bytes);
    }
}

/* --- the estimates ---------------------------------------------------------- */

double ls_sample_t975(uint64_t df)
{
    static const double t[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
    double z = 1.959963984540054, v = (double)df, z3 = z * z * z, z5 = z3 * z * z;

    if (df == 0)
        return INFINITY;
    if (df <= 30)
        return t[df - 1];
    /* Cornish-Fisher expansion of t about the normal quantile */
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
           (3 * z5 * z * z + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
}

const char *ls_sample_measure_name(enum ls_sample_measure m)
{
    static const char *const n[LS_SM_COUNT] = {"findings", "records", "files", "units"};
    return n[m];
}

const char *ls_sample_estimator_name(enum ls_sample_estimator e)
{
    static const char *const n[LS_SE_COUNT] = {"ratio_bytes", "per_unit", "horvitz_thompson"};
    return n[e];
}

/* A unit's value of measure m in category c. */
static double yval(const struct unit *u, size_t c, enum ls_sample_measure m)
{
    if (!u->y)
        return 0;
    if (m == LS_SM_UNITS)
        return u->y[c * PER_CAT] ? 1 : 0;
    return (double)u->y[c * PER_CAT + (size_t)m];
}

/* What the estimators need of the sample: n, the sums of x, and per
 * measure the sum of y. */
struct moments {
    double n, sx, N, X, p, t;
};

/* The three estimates of one category and measure (two passes over the
 * units: the sums, then the squared residuals about them). */
static void estimate_one(const struct ls_sample_acc *a, const struct moments *mo, size_t c,
                         enum ls_sample_measure m, int bytes_ok, struct ls_sample_cat *out)
{
    double sy = 0, r, ybar, ssr = 0, ssm = 0, ssh = 0, v[LS_SE_COUNT], est[LS_SE_COUNT], f;
    size_t i;
    int e;

    for (i = 0; i < a->cap; i++)
        if (a->u[i].key)
            sy += yval(&a->u[i], c, m);
    r = mo->sx > 0 ? sy / mo->sx : 0;
    ybar = sy / mo->n;
    for (i = 0; i < a->cap; i++) {
        double y, d;
        if (!a->u[i].key)
            continue;
        y = yval(&a->u[i], c, m);
        d = y - r * (double)a->u[i].bytes;
        ssr += d * d;
        ssm += (y - ybar) * (y - ybar);
        ssh += y * y;
    }
    f = 1.0 - mo->n / mo->N; /* the finite population correction */
    if (f < 0)
        f = 0;
    est[LS_SE_MEAN] = mo->N * ybar;
    v[LS_SE_MEAN] = mo->n > 1 ? mo->N * mo->N * f / mo->n * ssm / (mo->n - 1) : INFINITY;
    if (bytes_ok && mo->sx > 0) {
        double g = (mo->X / mo->N) / (mo->sx / mo->n); /* mean x of all over the sample's */
        est[LS_SE_RATIO_BYTES] = mo->X / mo->sx * sy;
        v[LS_SE_RATIO_BYTES] =
            mo->n > 1 ? mo->N * mo->N * f / mo->n * ssr / (mo->n - 1) * g * g : INFINITY;
    } else { /* no bytes to go by: the per-unit estimate */
        est[LS_SE_RATIO_BYTES] = est[LS_SE_MEAN];
        v[LS_SE_RATIO_BYTES] = v[LS_SE_MEAN];
    }
    est[LS_SE_HT] = sy / mo->p;
    v[LS_SE_HT] = (1.0 - mo->p) / (mo->p * mo->p) * ssh;
    for (e = 0; e < LS_SE_COUNT; e++) {
        struct ls_sample_ci *ci = &out->ci[e][m];
        double half = mo->t * sqrt(v[e]);
        if (f == 0 && mo->p >= 1.0) { /* every unit was scanned: the totals are exact */
            ci->est = ci->low = ci->high = sy;
            continue;
        }
        ci->est = est[e];
        ci->low = est[e] - half < sy ? sy : est[e] - half;
        ci->high = est[e] + half;
        if (m == LS_SM_UNITS && ci->high > mo->N - (mo->n - sy))
            ci->high = mo->N - (mo->n - sy); /* the sampled units without it are known */
        if (ci->high < ci->est)
            ci->high = ci->est;
    }
    out->sample[m] = (uint64_t)sy;
}

ls_status ls_sample_estimate(const struct ls_sample_acc *a, const struct ls_sample_pop *pop,
                             double fraction, uint64_t seed, struct ls_sample_result *out)
{
    struct moments mo;
    size_t i, c;
    int m;

    memset(out, 0, sizeof *out);
    out->fraction = fraction;
    out->seed = seed;
    out->pop = *pop;
    out->ncats = a->ncats;
    out->primary = LS_SE_MEAN; /* the best coverage on mkleak leaks (docs/sampling.md) */
    out->units = a->n;
    for (i = 0; i < a->cap; i++)
        if (a->u[i].key)
            out->bytes += a->u[i].bytes;
    if (!(out->cats = calloc(a->ncats ? a->ncats : 1, sizeof *out->cats)))
        return LS_ENOMEM;
    memset(&mo, 0, sizeof mo);
    mo.n = (double)a->n;
    mo.sx = (double)out->bytes;
    mo.N = (double)(pop->units > a->n ? pop->units : a->n);
    mo.X = (double)pop->bytes;
    mo.p = fraction;
    mo.t = ls_sample_t975(a->n > 1 ? a->n - 1 : 0);
    if (a->n == 0)
        return LS_OK; /* nothing sampled: no estimate (the report says so) */
    for (c = 0; c < a->ncats; c++) {
        struct ls_sample_cat *k = &out->cats[c];
        for (m = 0; m < LS_SM_COUNT; m++)
            estimate_one(a, &mo, c, (enum ls_sample_measure)m, !pop->bytes_unknown, k);
        k->units_seen = k->sample[LS_SM_UNITS];
        k->reliable =
            (a->n >= LS_SAMPLE_MIN_UNITS && k->units_seen >= LS_SAMPLE_MIN_SEEN) || a->n >= mo.N;
    }
    return LS_OK;
}

void ls_sample_result_free(struct ls_sample_result *r)
{
    if (r) {
        free(r->cats);
        r->cats = NULL;
    }
}
