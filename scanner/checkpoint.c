/* checkpoint.c — --checkpoint FILE (checkpoint.h; the format and the
 * choices are in docs/partial.md, "Checkpoints"). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "match/mask.h"
#include "partial.h"
#include "report.h"
#include "sink.h"

#define UNIT_LABEL "leakscan checkpoint unit v1"
#define SETTINGS_LABEL "leakscan checkpoint settings v1"
/* A checkpoint is written at most every cfg->checkpoint_interval seconds,
 * and never more often than COST_FACTOR times its own cost (the quiet wait
 * and the write): at most about 1/COST_FACTOR of the scan goes to them,
 * even when the state is large. */
#define COST_FACTOR 20.0
#define NO_STREAM UINT64_MAX
/* Changed inputs named on stderr, then only counted. */
#define CHANGED_SAID 10

struct unit {
    uint64_t h; /* 0: an empty slot */
    uint64_t size, mtime_ns;
};

struct ls_ckpt {
    const struct ls_config *cfg;
    const struct ls_ruleset *rs;
    unsigned char key[32];
    unsigned char ukey[crypto_shorthash_KEYBYTES]; /* keys the units' hashes */
    unsigned char settings[32];                    /* digest of the settings that change results */
    char *key_path;                                /* FILE.key when made or read here, else NULL */
    pthread_mutex_t lock;                          /* units, lone_done, writing */
    struct unit *units;
    size_t nunits, cap; /* cap: a power of two */
    uint64_t fresh;     /* units done since the last checkpoint */
    /* --inventory, --findings: their kept files' lengths when the last
     * checkpoint was written, or NO_STREAM */
    uint64_t stream[2];
    int lone; /* the scan is one file: its first-level entries are units */
    uint64_t lone_resumed, lone_done;
    struct stat lone_st;
    struct ls_tally *base_t; /* the units done: the earlier runs' and those folded since */
    struct ls_matcher *base_m;
    time_t started_at;   /* the first run's start */
    double base_elapsed; /* the earlier runs' time */
    double t0, next_due; /* this run's start and the next checkpoint (monotonic) */
    double quiet_from;   /* when the current checkpoint began to wait for the quiet */
    _Atomic int stopping;
    _Atomic uint64_t stop_ms;
    _Atomic int write_failed; /* no more checkpoints (said once) */
    uint64_t skipped, changed;
};

static double mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t mtime_ns(const struct stat *st)
{
    return (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
}

/* --- the key -------------------------------------------------------------------- */

static char *suffixed(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    char *s = malloc(n + k + 1);

    if (s) {
        memcpy(s, path, n);
        memcpy(s + n, suffix, k + 1);
    }
    return s;
}

static ls_status not_inside(const struct ls_config *cfg, char *err, size_t errlen);

int ls_ckpt_key(const struct ls_config *cfg, unsigned char key[32], char *err, size_t errlen)
{
    char *kp;
    unsigned char raw[32];
    int fd, r = -1;

    if (not_inside(cfg, err, errlen) != LS_OK)
        return -1; /* before FILE.key is made there */
    if (!(kp = suffixed(cfg->checkpoint, ".key"))) {
        snprintf(err, errlen, "%s", strerror(ENOMEM));
        return -1;
    }
    fd = open(kp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) { /* the first run: a new random key */
        randombytes_buf(raw, sizeof raw);
        if (write(fd, raw, sizeof raw) != (ssize_t)sizeof raw || fsync(fd) != 0) {
            snprintf(err, errlen, "%s: %s", kp, strerror(errno));
            close(fd);
            unlink(kp);
            goto out;
        }
        close(fd);
    } else if (errno != EEXIST) {
        snprintf(err, errlen, "%s: %s", kp, strerror(errno));
        goto out;
    }
    r = ls_key_load(kp, key, err, errlen);
out:
    sodium_memzero(raw, sizeof raw);
    free(kp);
    return r;
}

/* --- the settings ----------------------------------------------------------------- */

static void hash_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    int i;

    for (i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(h, b, 8);
}

static void hash_dbl(crypto_generichash_state *h, double d)
{
    uint64_t v;

    memcpy(&v, &d, sizeof v);
    hash_u64(h, v);
}

/* What changes results and is not in the partial's head: the limits the
 * head does not hold, --follow-symlinks, the passwords (their file's
 * bytes), the scan date.  --max-queue-bytes, -j and the report options do
 * not change the counts. */
static int settings_digest(const struct ls_config *cfg, unsigned char out[32], char *err,
                           size_t errlen)
{
    const struct ls_limits *l = &cfg->limits;
    crypto_generichash_state h;
    unsigned char buf[4096];
    size_t n;
    FILE *f;

    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, (const unsigned char *)SETTINGS_LABEL, strlen(SETTINGS_LABEL));
    hash_u64(&h, (uint64_t)cfg->follow_symlinks);
    hash_u64(&h, l->ratio_grace_bytes);
    hash_dbl(&h, l->max_seconds);
    hash_u64(&h, l->max_record_bytes);
    hash_u64(&h, l->max_xml_depth);
    hash_u64(&h, l->max_attachments);
    hash_u64(&h, l->pcre2_match_limit);
    hash_u64(&h, l->pcre2_depth_limit);
    hash_u64(&h, l->pcre2_heap_limit);
    hash_dbl(&h, l->max_item_seconds);
    hash_u64(&h, l->max_parser_memory);
    hash_u64(&h, cfg->passwords != NULL);
    if (cfg->passwords) {
        if (!(f = fopen(cfg->passwords, "rb"))) {
            snprintf(err, errlen, "%s: %s", cfg->passwords, strerror(errno));
            return -1;
        }
        while ((n = fread(buf, 1, sizeof buf, f)) > 0)
            crypto_generichash_update(&h, buf, n);
        fclose(f);
        sodium_memzero(buf, sizeof buf);
    }
    crypto_generichash_final(&h, out, 32);
    return 0;
}

/* --- the done units ----------------------------------------------------------------- */

static struct unit *slot(struct unit *t, size_t cap, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);

    while (t[i].h && t[i].h != h)
        i = (i + 1) & (cap - 1);
    return &t[i];
}

/* Adds or replaces a unit (the lock held or single-threaded).  0, or -1. */
static int unit_put(struct ls_ckpt *ck, const struct unit *u)
{
    struct unit *s, *nt;
    size_t i, ncap;

    if ((ck->nunits + 1) * 4 > ck->cap * 3) {
        ncap = ck->cap ? ck->cap * 2 : 1024;
        if (!(nt = calloc(ncap, sizeof *nt)))
            return -1;
        for (i = 0; i < ck->cap; i++)
            if (ck->units[i].h)
                *slot(nt, ncap, ck->units[i].h) = ck->units[i];
        free(ck->units);
        ck->units = nt;
        ck->cap = ncap;
    }
    s = slot(ck->units, ck->cap, u->h);
    if (!s->h)
        ck->nunits++;
    *s = *u;
    return 0;
}

static uint64_t unit_hash(const struct ls_ckpt *ck, unsigned root, const char *rel, size_t rl)
{
    crypto_generichash_state st;
    unsigned char r[4] = {(unsigned char)root, (unsigned char)(root >> 8),
                          (unsigned char)(root >> 16), (unsigned char)(root >> 24)};
    unsigned char out[16];
    uint64_t h = 0;
    int i;

    crypto_generichash_init(&st, ck->ukey, sizeof ck->ukey, sizeof out);
    crypto_generichash_update(&st, r, sizeof r);
    crypto_generichash_update(&st, (const unsigned char *)rel, rl);
    crypto_generichash_final(&st, out, sizeof out);
    for (i = 0; i < 8; i++)
        h |= (uint64_t)out[i] << (8 * i);
    return h ? h : 1;
}

int ls_ckpt_walked(struct ls_ckpt *ck, unsigned root, const char *path, const char *rel, size_t rl,
                   uint64_t *unit)
{
    struct unit u = {0, 0, 0};
    struct stat st;
    int r;

    *unit = unit_hash(ck, root, rel, rl);
    pthread_mutex_lock(&ck->lock); /* workers add units meanwhile */
    if (ck->cap)
        u = *slot(ck->units, ck->cap, *unit);
    pthread_mutex_unlock(&ck->lock);
    if (!u.h)
        return 0;
    ck->skipped++;
    if (u.size || u.mtime_ns) {
        r = ck->cfg->follow_symlinks ? stat(path, &st) : lstat(path, &st);
        if (r != 0 || (uint64_t)st.st_size != u.size || mtime_ns(&st) != u.mtime_ns) {
            if (ck->changed++ < CHANGED_SAID)
                fprintf(stderr,
                        "leakscan: warning: %s changed since the checkpoint %s (size or time): "
                        "the report counts it as it was then\n",
                        path, ck->cfg->checkpoint);
        }
    }
    return 1;
}

void ls_ckpt_unit_done(struct ls_ckpt *ck, uint64_t unit, const struct stat *st)
{
    struct unit u = {unit, st ? (uint64_t)st->st_size : 0, st ? mtime_ns(st) : 0};

    pthread_mutex_lock(&ck->lock);
    if (unit_put(ck, &u) != 0)
        ck->write_failed = 1; /* out of memory: no more checkpoints */
    ck->fresh++;
    pthread_mutex_unlock(&ck->lock);
}

int ls_ckpt_lone(const struct ls_ckpt *ck)
{
    return ck->lone;
}

uint64_t ls_ckpt_lone_resumed(const struct ls_ckpt *ck)
{
    return ck->lone_resumed;
}

uint64_t ls_ckpt_skipped(const struct ls_ckpt *ck)
{
    return ck->skipped;
}

/* --- the checkpoint's own section ------------------------------------------------------ */

static void put_le(unsigned char **p, uint64_t v, int n)
{
    int i;

    for (i = 0; i < n; i++)
        *(*p)++ = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char **p, int n)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < n; i++)
        v |= (uint64_t) * (*p)++ << (8 * i);
    return v;
}

#define SECTION_HEAD (32 + 4 + 8 * 6)

/* settings digest, lone (u32), lone_done, lone size, lone mtime (ns), the
 * inventory's and the findings' lengths (2^64 - 1: none), n; then n ×
 * (hash, size, mtime ns).  The lock held. */
static unsigned char *section(const struct ls_ckpt *ck, uint64_t lone_done, size_t *len)
{
    unsigned char *b = malloc(SECTION_HEAD + ck->nunits * 24), *p = b;
    size_t i;

    if (!b)
        return NULL;
    memcpy(p, ck->settings, 32);
    p += 32;
    put_le(&p, (uint64_t)ck->lone, 4);
    put_le(&p, lone_done, 8);
    put_le(&p, ck->lone ? (uint64_t)ck->lone_st.st_size : 0, 8);
    put_le(&p, ck->lone ? mtime_ns(&ck->lone_st) : 0, 8);
    put_le(&p, ck->stream[0], 8);
    put_le(&p, ck->stream[1], 8);
    put_le(&p, ck->nunits, 8);
    for (i = 0; i < ck->cap; i++)
        if (ck->units[i].h) {
            put_le(&p, ck->units[i].h, 8);
            put_le(&p, ck->units[i].size, 8);
            put_le(&p, ck->units[i].mtime_ns, 8);
        }
    *len = (size_t)(p - b);
    return b;
}

/* Reads the section back into ck (checked against this run). */
static ls_status read_section(struct ls_ckpt *ck, const unsigned char *b, size_t len, char *err,
                              size_t errlen)
{
    const char *path = ck->cfg->checkpoint;
    uint64_t n, i, size, mt;
    struct unit u;
    int lone;

    if (!b || len < SECTION_HEAD) {
        snprintf(err, errlen, "%s: not a readable checkpoint (its own section is cut short)", path);
        return LS_EUSAGE;
    }
    if (sodium_memcmp(b, ck->settings, 32) != 0) {
        snprintf(err, errlen,
                 "%s: refused: made with other settings (limits, --follow-symlinks or "
                 "--passwords) than this scan: give the same options, or delete %s to start "
                 "over",
                 path, path);
        return LS_EUSAGE;
    }
    b += 32;
    lone = (int)get_le(&b, 4);
    ck->lone_resumed = ck->lone_done = get_le(&b, 8);
    size = get_le(&b, 8);
    mt = get_le(&b, 8);
    ck->stream[0] = get_le(&b, 8);
    ck->stream[1] = get_le(&b, 8);
    n = get_le(&b, 8);
    if (n != (len - SECTION_HEAD) / 24 || (len - SECTION_HEAD) % 24 || lone != ck->lone) {
        snprintf(err, errlen, "%s: not a readable checkpoint (its list of units is damaged)", path);
        return LS_EUSAGE;
    }
    if ((ck->stream[0] != NO_STREAM) != (ck->cfg->inventory != NULL) ||
        (ck->stream[1] != NO_STREAM) != (ck->cfg->findings != NULL)) {
        snprintf(err, errlen,
                 "%s: refused: the checkpoint of a scan with other --inventory or --findings "
                 "than this one: give the same command, or delete %s to start over",
                 path, path);
        return LS_EUSAGE;
    }
    if (lone && ck->lone_resumed &&
        (size != (uint64_t)ck->lone_st.st_size || mt != mtime_ns(&ck->lone_st))) {
        snprintf(err, errlen,
                 "%s: refused: %s changed since the checkpoint (size or time), so its entries "
                 "done cannot be told: delete %s to start over",
                 path, ck->cfg->inputs[0], path);
        return LS_EUSAGE;
    }
    for (i = 0; i < n; i++) {
        u.h = get_le(&b, 8);
        u.size = get_le(&b, 8);
        u.mtime_ns = get_le(&b, 8);
        if (unit_put(ck, &u) != 0)
            return LS_ENOMEM;
    }
    return LS_OK;
}

/* --- opening -------------------------------------------------------------------------- */

/* What the checkpoint's head must share with this scan; NULL when it does. */
static const char *unlike(const struct ls_ckpt *ck, const struct ls_partial_head *h)
{
    const struct ls_config *c = ck->cfg;
    unsigned char kd[32];
    size_t i;

    if (h->ninputs != c->ninputs)
        return "other PATHs";
    for (i = 0; i < c->ninputs; i++)
        if (strcmp(h->inputs[i], c->inputs[i]) != 0)
            return "other PATHs";
    if (h->has_rules != (ck->rs != NULL) ||
        (ck->rs && memcmp(h->rules_digest, ck->rs->digest, 32) != 0))
        return "another rule-pack set";
    if (ls_partial_key_digest(ck->key, kd) != 0 || memcmp(kd, h->key_digest, 32) != 0)
        return c->key_file ? "another key (--key-file)" : "another key (FILE.key, or --key-file)";
    if (h->shard_k != c->shard_k || h->shard_n != c->shard_n)
        return "another --shard";
    if (h->min_confidence != (uint32_t)c->min_confidence ||
        h->exact_distinct != c->exact_distinct || h->profile_min_hits != c->profile_min_hits ||
        h->profile_min_sites != c->profile_min_sites || h->scan_date != c->scan_date)
        return "other settings (--min-confidence, --exact-distinct, --profile-min-*, --scan-date)";
    if (h->max_depth != c->limits.max_depth || h->max_entry_bytes != c->limits.max_entry_bytes ||
        h->max_input_bytes != c->limits.max_input_bytes ||
        h->max_entries != c->limits.max_entries ||
        h->max_buffer_bytes != c->limits.max_buffer_bytes || h->max_ratio != c->limits.max_ratio)
        return "other limits (--max-*)";
    return NULL;
}

/* Reads FILE: checked, its units, its counts into the base tally. */
static ls_status resume(struct ls_ckpt *ck, char *err, size_t errlen)
{
    const char *path = ck->cfg->checkpoint, *why;
    const struct ls_partial_head *h;
    struct ls_partial *p = NULL;
    const unsigned char *x;
    size_t xl;
    ls_status st;

    if ((st = ls_partial_open_checkpoint(path, &p, err, errlen)) != LS_OK)
        return st;
    h = ls_partial_head(p);
    if ((why = unlike(ck, h)) != NULL) {
        snprintf(err, errlen,
                 "%s: refused: the checkpoint of a scan with %s than this one: give the same "
                 "command, or delete %s to start over",
                 path, why, path);
        st = LS_EUSAGE;
    }
    x = ls_partial_extra(p, &xl);
    if (st == LS_OK)
        st = read_section(ck, x, xl, err, errlen);
    if (st == LS_OK)
        st = ls_partial_absorb(p, ck->rs, ck->base_t, ck->base_m, err, errlen);
    if (st == LS_OK) {
        ck->started_at = (time_t)h->started_at;
        ck->base_elapsed = h->elapsed;
        fprintf(stderr, "leakscan: resuming from %s: %zu units done", path, ck->nunits);
        if (ck->lone_resumed)
            fprintf(stderr, ", and %llu first-level entries of %s",
                    (unsigned long long)ck->lone_resumed, ck->cfg->inputs[0]);
        fprintf(stderr, "\n");
    }
    ls_partial_close(p);
    return st;
}

/* The checkpoint changes while the walk runs: it must not be under a PATH. */
static ls_status not_inside(const struct ls_config *cfg, char *err, size_t errlen)
{
    char *dir = strdup(cfg->checkpoint), *slash, real[PATH_MAX], root[PATH_MAX];
    size_t i, n;

    if (!dir)
        return LS_ENOMEM;
    slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir] = '\0';
    if (!realpath(slash ? dir : ".", real)) {
        snprintf(err, errlen, "--checkpoint %s: %s", cfg->checkpoint, strerror(errno));
        free(dir);
        return LS_EUSAGE;
    }
    free(dir);
    for (i = 0; i < cfg->ninputs; i++) {
        if (!realpath(cfg->inputs[i], root))
            continue;
        n = strlen(root);
        if (strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/' || n == 1)) {
            snprintf(err, errlen,
                     "--checkpoint %s is inside %s, which is scanned: put it elsewhere",
                     cfg->checkpoint, cfg->inputs[i]);
            return LS_EUSAGE;
        }
    }
    return LS_OK;
}

static ls_status ckpt_init(struct ls_ckpt *ck, char *err, size_t errlen)
{
    const struct ls_config *cfg = ck->cfg;
    struct stat st;
    ls_status r;

    if ((r = not_inside(cfg, err, errlen)) != LS_OK)
        return r;
    if (settings_digest(cfg, ck->settings, err, errlen) != 0)
        return LS_EUSAGE;
    crypto_generichash(ck->ukey, sizeof ck->ukey, (const unsigned char *)UNIT_LABEL,
                       strlen(UNIT_LABEL), ck->key, sizeof ck->key);
    ck->lone = cfg->ninputs == 1 &&
               (cfg->follow_symlinks ? stat(cfg->inputs[0], &ck->lone_st)
                                     : lstat(cfg->inputs[0], &ck->lone_st)) == 0 &&
               S_ISREG(ck->lone_st.st_mode);
    if ((r = ls_tally_new(&ck->base_t)) != LS_OK ||
        (ck->rs && (r = ls_matcher_new(ck->rs, cfg, ck->key, NULL, &ck->base_m)) != LS_OK))
        return r;
    ck->started_at = time(NULL);
    ck->t0 = mono();
    ck->next_due = ck->t0 + cfg->checkpoint_interval;
    if (lstat(cfg->checkpoint, &st) != 0) {
        if (errno == ENOENT)
            return LS_OK; /* a new scan */
        snprintf(err, errlen, "%s: %s", cfg->checkpoint, strerror(errno));
        return LS_EIO;
    }
    return resume(ck, err, errlen);
}

ls_status ls_ckpt_open(const struct ls_config *cfg, const struct ls_ruleset *rs,
                       const unsigned char key[32], struct ls_ckpt **out, char *err, size_t errlen)
{
    struct ls_ckpt *ck = calloc(1, sizeof *ck);
    ls_status r;

    *out = NULL;
    if (!ck)
        return LS_ENOMEM;
    ck->cfg = cfg;
    ck->rs = rs;
    ck->stream[0] = ck->stream[1] = NO_STREAM;
    memcpy(ck->key, key, 32);
    pthread_mutex_init(&ck->lock, NULL);
    if (!cfg->key_file && !(ck->key_path = suffixed(cfg->checkpoint, ".key"))) {
        ls_ckpt_free(ck);
        return LS_ENOMEM;
    }
    if ((r = ckpt_init(ck, err, errlen)) != LS_OK) {
        if (r == LS_ENOMEM && !err[0])
            snprintf(err, errlen, "%s: %s", cfg->checkpoint, strerror(ENOMEM));
        ls_ckpt_free(ck);
        return r;
    }
    *out = ck;
    return LS_OK;
}

void ls_ckpt_free(struct ls_ckpt *ck)
{
    if (!ck)
        return;
    ls_matcher_free(ck->base_m);
    ls_tally_free(ck->base_t);
    free(ck->units);
    free(ck->key_path);
    sodium_memzero(ck->key, sizeof ck->key);
    sodium_memzero(ck->ukey, sizeof ck->ukey);
    pthread_mutex_destroy(&ck->lock);
    free(ck);
}

/* --- writing --------------------------------------------------------------------------- */

static ls_status write_state(struct ls_ckpt *ck, const struct ls_report_info *info,
                             struct ls_tally *t, struct ls_matcher *m, uint64_t lone_done,
                             char *err, size_t errlen)
{
    unsigned char *x;
    size_t xl;
    ls_status st;

    pthread_mutex_lock(&ck->lock);
    if (lone_done != UINT64_MAX)
        ck->lone_done = lone_done;
    ck->fresh = 0;
    x = section(ck, ck->lone_done, &xl);
    pthread_mutex_unlock(&ck->lock);
    if (!x)
        return LS_ENOMEM;
    st = ls_partial_write_checkpoint(ck->cfg->checkpoint, ck->cfg, info, ck->key, t, m, x, xl, err,
                                     errlen);
    free(x);
    return st;
}

/* The kept files of --inventory and --findings (inv, find: NULL when not
 * given) flushed to disk, and their lengths recorded: a resumed scan cuts
 * them back to these.  0, or -1. */
static int sync_streams(struct ls_ckpt *ck, struct ls_sink *inv, struct ls_sink *find)
{
    struct ls_sink *s[2] = {inv, find};
    uint64_t off[2] = {NO_STREAM, NO_STREAM};
    int i;

    for (i = 0; i < 2; i++)
        if (s[i] && ls_sink_sync(s[i], &off[i]) != 0)
            return -1;
    pthread_mutex_lock(&ck->lock);
    ck->stream[0] = off[0];
    ck->stream[1] = off[1];
    pthread_mutex_unlock(&ck->lock);
    return 0;
}

int ls_ckpt_due(struct ls_ckpt *ck, uint64_t lone_done)
{
    int stopping = atomic_load(&ck->stopping), nothing;

    if (ck->write_failed || (!stopping && mono() < ck->next_due))
        return 0;
    pthread_mutex_lock(&ck->lock); /* nothing done since the last one: no checkpoint */
    nothing = lone_done == UINT64_MAX ? ck->fresh == 0 : lone_done <= ck->lone_done;
    pthread_mutex_unlock(&ck->lock);
    if (nothing && !stopping)
        return 0;
    ck->quiet_from = mono();
    return 1;
}

void ls_ckpt_base(struct ls_ckpt *ck, struct ls_tally **t, struct ls_matcher **m)
{
    *t = ck->base_t;
    *m = ck->base_m;
}

ls_status ls_ckpt_commit(struct ls_ckpt *ck, struct ls_sink *inv, struct ls_sink *find,
                         unsigned threads, uint64_t lone_done, char *err, size_t errlen)
{
    struct ls_report_info info;
    double now;
    ls_status st;

    memset(&info, 0, sizeof info);
    info.started_at = ck->started_at;
    info.elapsed = ck->base_elapsed + (mono() - ck->t0);
    info.threads = threads;
    info.rules = ck->rs;
    info.matcher = ck->base_m;
    if (sync_streams(ck, inv, find) != 0) {
        snprintf(err, errlen, "the inventory or findings cannot be written");
        st = LS_EIO;
    } else {
        st = write_state(ck, &info, ck->base_t, ck->base_m, lone_done, err, errlen);
    }
    if (st != LS_OK)
        ck->write_failed = 1;
    now = mono();
    /* 0: at every boundary, whatever it costs (tests) */
    ck->next_due =
        now + (ck->cfg->checkpoint_interval == 0 ||
                       ck->cfg->checkpoint_interval > COST_FACTOR * (now - ck->quiet_from)
                   ? ck->cfg->checkpoint_interval
                   : COST_FACTOR * (now - ck->quiet_from));
    return st;
}

/* --- stopping, the end ------------------------------------------------------------------- */

void ls_ckpt_stop(struct ls_ckpt *ck, int sig)
{
    atomic_store(&ck->stop_ms, (uint64_t)(mono() * 1000.0));
    atomic_store(&ck->stopping, sig);
}

int ls_ckpt_stopping(const struct ls_ckpt *ck)
{
    return ck ? atomic_load(&ck->stopping) : 0;
}

void ls_ckpt_grace(struct ls_ckpt *ck, _Atomic int *cancel)
{
    int sig = atomic_load(&ck->stopping), zero = 0;

    if (sig && mono() * 1000.0 - (double)atomic_load(&ck->stop_ms) > LS_CKPT_GRACE * 1000.0)
        atomic_compare_exchange_strong(cancel, &zero, sig);
}

ls_status ls_ckpt_absorb(struct ls_ckpt *ck, struct ls_tally *t, struct ls_matcher *m,
                         struct ls_report_info *info)
{
    ls_status st = ls_tally_merge(t, ck->base_t);

    if (st == LS_OK && m)
        st = ls_matcher_merge(m, ck->base_m);
    info->started_at = ck->started_at;
    info->elapsed += ck->base_elapsed;
    return st;
}

ls_status ls_ckpt_write_final(struct ls_ckpt *ck, struct ls_sink *inv, struct ls_sink *find,
                              const struct ls_report_info *info, struct ls_tally *t,
                              struct ls_matcher *m, char *err, size_t errlen)
{
    if (ck->write_failed)
        return LS_OK; /* said already */
    if (sync_streams(ck, inv, find) != 0) {
        snprintf(err, errlen, "%s: the inventory or findings cannot be written",
                 ck->cfg->checkpoint);
        return LS_EIO;
    }
    return write_state(ck, info, t, m, UINT64_MAX, err, errlen);
}

int64_t ls_ckpt_stream(const struct ls_ckpt *ck, int which)
{
    return ck->stream[which] == NO_STREAM ? -1 : (int64_t)ck->stream[which];
}

void ls_ckpt_remove(struct ls_ckpt *ck)
{
    unlink(ck->cfg->checkpoint);
    if (ck->key_path)
        unlink(ck->key_path);
}
