/* scanconf.h — everything a scan is told, as one struct (no globals).
 * cli.c fills it from argv; tests fill it directly. */
#ifndef LS_SCANCONF_H
#define LS_SCANCONF_H

#include <stddef.h>
#include <stdint.h>

#include "failon.h"
#include "scanlimits.h"

/* Report formats (--format); LS_FMT_COUNT ends the list. */
enum ls_format {
    LS_FMT_TEXT = 0,
    LS_FMT_JSON = 1,
    LS_FMT_CSV = 2,
    LS_FMT_SARIF = 3,
    LS_FMT_HTML = 4,
    LS_FMT_NOTIFICATION = 5,
    LS_FMT_COUNT
};
enum ls_confidence { LS_CONF_LOW = 0, LS_CONF_MEDIUM = 1, LS_CONF_HIGH = 2 };

struct ls_config {
    const char *const *inputs; /* paths to scan (argv slice; not owned) */
    size_t ninputs;
    unsigned threads;              /* -j; 0 = online CPUs */
    enum ls_format format;         /* --format: the one format written to output */
    unsigned formats;              /* --format a,b,...: bit (1u << fmt) per format, or 0:
                                    * just `format` */
    const char *output;            /* -o; NULL or "-" = stdout */
    const char *output_dir;        /* --output-dir: one file per format in it, or NULL */
    const char *inventory;         /* --inventory FILE, or NULL */
    const char *findings;          /* --findings FILE, or NULL */
    const char *passwords;         /* --passwords FILE, or NULL */
    const char *key_file;          /* --key-file FILE, or NULL (random key per run) */
    const char *const *rule_paths; /* --rules / --rules-only PATH… */
    size_t nrule_paths;
    int rules_only;                    /* --rules-only: no built-in packs */
    enum ls_confidence min_confidence; /* --min-confidence (default medium) */
    int reveal;                        /* --reveal: raw values in findings */
    int follow_symlinks;               /* --follow-symlinks */
    int progress; /* 0 --no-progress; else (-1 default, 1 --progress) drawn when stderr is a tty */
    int pretty;   /* pretty-print the JSON report */
    int color;    /* --color: -1 auto (a terminal, NO_COLOR unset), 0 never, 1 always */
    int plain_match;       /* --plain-match: no prefilter, every rule on every record */
    int parser_in_thread;  /* hidden: libarchive runs on threads of the scanner, not isolated */
    int paranoid;          /* --paranoid: wipe buffers of leak text before freeing */
    int debug_hardening;   /* hidden: print core limit and dumpable at scan start */
    long long test_resize; /* hidden test hook: -1, or the size files named
                            * *resize-me* are truncated/grown to after open */
    size_t chunk_bytes;    /* --chunk-bytes (hidden): text per chunk of a large item; 0: default */
    int no_split;          /* --no-split (hidden): large items are not cut into chunks */
    unsigned profile_min_hits;  /* --profile-min-hits (default 3) */
    unsigned profile_min_sites; /* --profile-min-sites (default 2) */
    unsigned circumstances;     /* --circumstances: LS_CB_* bits (match/exposure.h); 0 none given */
    unsigned scan_date;         /* --scan-date (hidden, tests): yyyymmdd dating records without a
                                 * date; 0: today (UTC) */
    unsigned shard_k, shard_n;  /* --shard K/N (K from 1); 0/0: the whole scan */
    uint64_t exact_distinct;    /* --exact-distinct N: a category's distinct values past
                                 * N are a HyperLogLog sketch; UINT64_MAX (default):
                                 * always exact */
    const char *partial;        /* --partial FILE: a partial result instead of a report */
    double sample;              /* --sample FRACTION in (0, 1]; 0: every unit */
    uint64_t sample_seed;       /* --seed N (default LS_SAMPLE_SEED_DEFAULT) */
    int seed_given;             /* --seed was given */
    const char *checkpoint;     /* --checkpoint FILE: progress recorded, resumed (checkpoint.h) */
    double checkpoint_interval; /* --checkpoint-interval: seconds between checkpoints at least */
    struct ls_limits limits;    /* every limit */
    struct ls_failon fail_on;   /* --fail-on conditions (n = 0: none) */
};

/* Defaults: threads 0, text format, medium confidence, default limits. */
void ls_config_default(struct ls_config *c);

#endif
