/* sample.h — a sampled scan (--sample FRACTION --seed N): which units are
 * scanned, what each sampled unit counted, and the estimated totals with
 * their 95 % confidence intervals (docs/sampling.md).
 *
 * A unit is what --shard shares out (shard.h): a file under a PATH, or an
 * entry of the first level of a lone archive given alone.  A unit is in
 * the sample when a hash of its path, keyed by the seed, falls below the
 * fraction: the sample depends on neither the walk's order nor -j.
 * Each worker counts its sampled units in an accumulator (the units'
 * bytes and, per category, findings, records and items with findings);
 * the engine merges them once at the end, as it merges the tallies, and
 * works out the estimates.  A leaf but for status.h. */
#ifndef LS_SAMPLE_H
#define LS_SAMPLE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* The default seed of --sample (docs/sampling.md). */
#define LS_SAMPLE_SEED_DEFAULT 1u

/* Parses a fraction in (0, 1] ("0.2", "1").  0, or -1. */
int ls_sample_parse_fraction(const char *s, double *p);
/* Parses a non-negative integer seed (at most 2^64 - 1).  0, or -1. */
int ls_sample_parse_seed(const char *s, uint64_t *seed);

/* Whether the unit at rel[0..len) is in the sample of fraction p, seed seed. */
int ls_sample_mine(double p, uint64_t seed, const char *rel, size_t len);

/* The measures counted per category and unit. */
enum ls_sample_measure {
    LS_SM_FINDINGS = 0, /* findings */
    LS_SM_RECORDS,      /* records with a finding of it */
    LS_SM_FILES,        /* items (files, entries) with a finding of it */
    LS_SM_UNITS,        /* units with a finding of it (0 or 1 per unit) */
    LS_SM_COUNT
};

/* A worker's sampled units. */
struct ls_sample_acc;
ls_status ls_sample_acc_new(size_t ncats, struct ls_sample_acc **out);
void ls_sample_acc_free(struct ls_sample_acc *a);
/* Counts a sampled unit (by the 64-bit hash of its full path) of bytes
 * bytes.  A unit met again (its items handed to another worker) keeps
 * one count: its bytes are given where it starts, 0 elsewhere. */
ls_status ls_sample_unit(struct ls_sample_acc *a, uint64_t key, uint64_t bytes);
/* Adds one item of the unit: its findings and records with findings per
 * category (ncats each; records may be NULL). */
ls_status ls_sample_item(struct ls_sample_acc *a, uint64_t key, const uint64_t *findings,
                         const uint64_t *records);
/* Adds from into into (from is left as it was). */
ls_status ls_sample_acc_merge(struct ls_sample_acc *into, const struct ls_sample_acc *from);

/* The population, known exactly from the walk (or the archive's headers). */
struct ls_sample_pop {
    uint64_t units, bytes;
    int bytes_unknown; /* an entry's size was not in its header: no ratio by bytes */
};

/* What the walk and the workers count of the population while they run
 * (shared; every field atomic). */
struct ls_sample_live {
    _Atomic uint64_t walk_units;  /* files and notes met by the walk */
    _Atomic uint64_t walk_bytes;  /* the files' bytes (set once the walk is done) */
    _Atomic uint64_t entry_units; /* a lone root file's first-level entries */
    _Atomic uint64_t entry_bytes;
    _Atomic int entry_unknown; /* an entry's size was not in its header */
    _Atomic int lone;          /* a lone root file was processed */
    _Atomic uint64_t root_bytes;
};
/* The population: a lone root file's entries (or the file itself when it
 * had none), else what the walk met. */
void ls_sample_live_pop(struct ls_sample_live *l, struct ls_sample_pop *out);

/* One estimate: the estimated total and its 95 % interval. */
struct ls_sample_ci {
    double est, low, high;
};

enum ls_sample_estimator {
    LS_SE_RATIO_BYTES = 0, /* sum y / sum bytes over the sample, times the bytes of all */
    LS_SE_MEAN,            /* mean y per sampled unit times the number of units */
    LS_SE_HT,              /* Horvitz-Thompson: sum y / fraction */
    LS_SE_COUNT
};

struct ls_sample_cat {
    uint64_t sample[LS_SM_COUNT]; /* what the sampled units counted */
    struct ls_sample_ci ci[LS_SE_COUNT][LS_SM_COUNT];
    uint64_t units_seen; /* sampled units with a finding of it */
    int reliable;        /* enough sampled units, and units_seen large enough */
};

/* Everything the report says of a sampled run. */
struct ls_sample_result {
    double fraction;
    uint64_t seed;
    struct ls_sample_pop pop;
    uint64_t units, bytes;            /* sampled */
    enum ls_sample_estimator primary; /* the one the report leads with */
    size_t ncats;                     /* as the ruleset's, same order */
    struct ls_sample_cat *cats;       /* owned */
};

/* What a sampled report says of its figures (every format). */
#define LS_SAMPLE_NOTE                                                                             \
    "SAMPLE: only a random share of the units was scanned. The totals in \"sample\" are "          \
    "ESTIMATES with 95 % confidence intervals; every other count in this report (categories, "     \
    "records, distinct values, persons, exposure, files) counts the sampled units only and is "    \
    "not a total of the leak."

/* Below these the interval is marked unreliable (docs/sampling.md). */
#define LS_SAMPLE_MIN_UNITS 30u
#define LS_SAMPLE_MIN_SEEN 5u

/* Works the estimates out of the merged accumulator.  LS_OK or LS_ENOMEM. */
ls_status ls_sample_estimate(const struct ls_sample_acc *a, const struct ls_sample_pop *pop,
                             double fraction, uint64_t seed, struct ls_sample_result *out);
void ls_sample_result_free(struct ls_sample_result *r);

/* The 0.975 quantile of Student's t with df degrees of freedom (df >= 1). */
double ls_sample_t975(uint64_t df);

/* The JSON names of the measures and estimators. */
const char *ls_sample_measure_name(enum ls_sample_measure m);
const char *ls_sample_estimator_name(enum ls_sample_estimator e);

#endif
