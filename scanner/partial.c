/* partial.c — partial results: writing one, reading one back (partial.h;
 * the format is docs/partial.md, section by section in the same order as
 * the functions below). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "match/persons.h"
#include "match/profiles.h"
#include "match/rules.h"
#include "partial.h"
#include "sink.h"

static const unsigned char MAGIC[8] = {'L', 'S', 'P', 'A', 'R', 'T', '\r', '\n'};
/* A checkpoint (checkpoint.c): the same sections behind another magic,
 * with the checkpoint's own section between the head and the inventory. */
static const unsigned char CKPT_MAGIC[8] = {'L', 'S', 'C', 'K', 'P', 'T', '\r', '\n'};
#define KEY_LABEL "leakscan partial key digest v1"
#define SUM_BYTES 32
#define NYEARS (LS_YEAR_MAX - LS_YEAR_MIN + 1)

int ls_partial_key_digest(const unsigned char key[32], unsigned char out[32])
{
    return crypto_generichash(out, 32, (const unsigned char *)KEY_LABEL, strlen(KEY_LABEL), key,
                              32) == 0
               ? 0
               : -1;
}

/* --- writing ----------------------------------------------------------------- */

struct pw {
    FILE *f;
    crypto_generichash_state h;
    int err; /* the first write error (errno), 0 while none */
};

static void put(struct pw *w, const void *p, size_t n)
{
    if (!n)
        return;
    if (fwrite(p, 1, n, w->f) != n && !w->err)
        w->err = errno ? errno : EIO;
    crypto_generichash_update(&w->h, p, n);
}

static void put_u8(struct pw *w, unsigned v)
{
    unsigned char b = (unsigned char)v;

    put(w, &b, 1);
}

static void put_u16(struct pw *w, unsigned v)
{
    unsigned char b[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

    put(w, b, 2);
}

/* The low n bytes of v, little-endian. */
static void put_le(struct pw *w, uint64_t v, int n)
{
    unsigned char b[8];
    int i;

    for (i = 0; i < n; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    put(w, b, (size_t)n);
}

static void put_u32(struct pw *w, uint64_t v)
{
    put_le(w, v, 4);
}

static void put_u64(struct pw *w, uint64_t v)
{
    put_le(w, v, 8);
}

static void put_dbl(struct pw *w, double d)
{
    uint64_t v;

    memcpy(&v, &d, sizeof v);
    put_u64(w, v);
}

static void put_str(struct pw *w, const char *s, size_t n)
{
    put_u32(w, n);
    put(w, s, n);
}

static void put_cstr(struct pw *w, const char *s)
{
    put_str(w, s ? s : "", s ? strlen(s) : 0);
}

static void write_head(struct pw *w, const unsigned char *magic, const struct ls_config *cfg,
                       const struct ls_report_info *info, const unsigned char key[32])
{
    unsigned char kd[32], zero[32] = {0};
    size_t i;

    put(w, magic, sizeof MAGIC);
    put_u32(w, LS_PARTIAL_VERSION);
    put_u32(w, info->rules != NULL);
    put(w, info->rules ? info->rules->digest : zero, 32);
    if (ls_partial_key_digest(key, kd) != 0)
        memset(kd, 0, sizeof kd);
    put(w, kd, 32);
    put_u32(w, cfg->shard_k);
    put_u32(w, cfg->shard_n);
    put_u32(w, cfg->min_confidence);
    put_u32(w, cfg->profile_min_hits);
    put_u32(w, cfg->profile_min_sites);
    put_u32(w, cfg->scan_date);
    put_u64(w, cfg->exact_distinct);
    put_u64(w, cfg->limits.max_depth);
    put_u64(w, cfg->limits.max_entry_bytes);
    put_u64(w, cfg->limits.max_input_bytes);
    put_u64(w, cfg->limits.max_entries);
    put_u64(w, cfg->limits.max_buffer_bytes);
    put_dbl(w, cfg->limits.max_ratio);
    put_u64(w, (uint64_t)info->started_at);
    put_dbl(w, info->elapsed);
    put_u32(w, info->threads);
    put_u32(w, (uint32_t)info->signal);
    put_u32(w, info->abandoned);
    put_u32(w, cfg->ninputs);
    for (i = 0; i < cfg->ninputs; i++)
        put_cstr(w, cfg->inputs[i]);
}

static void write_inventory(struct pw *w, const struct ls_tally_view *v)
{
    const uint64_t c[] = {v->total,
                          v->scanned,
                          v->skipped,
                          v->failed,
                          v->bytes_read,
                          v->bytes_scanned,
                          v->image,
                          v->video,
                          v->audio,
                          v->invalid_sequences,
                          v->invalid_files,
                          v->partial_files,
                          v->scanned_docs,
                          v->problems_dropped,
                          v->files_with_findings};
    size_t i;

    for (i = 0; i < sizeof c / sizeof c[0]; i++)
        put_u64(w, c[i]);
    put_u32(w, v->ntypes);
    for (i = 0; i < v->ntypes; i++) {
        put_cstr(w, v->type_names[i]);
        put_u64(w, v->type_counts[i]);
    }
    put_u32(w, v->nproblems);
    for (i = 0; i < v->nproblems; i++) {
        put_str(w, v->problems[i].path, v->problems[i].path_len);
        put_u8(w, v->problems[i].status);
        put_cstr(w, v->problems[i].reason);
    }
    put_u32(w, v->nlimits);
    for (i = 0; i < v->nlimits; i++) {
        put_str(w, v->limits[i].path, v->limits[i].path_len);
        put_cstr(w, v->limits[i].reason);
    }
    put_u32(w, v->nfiles);
    for (i = 0; i < v->nfiles; i++) {
        put_str(w, v->files[i].path, v->files[i].path_len);
        put_u64(w, v->files[i].findings);
        put_cstr(w, v->files[i].categories_json);
    }
}

static void put_hash(void *ud, uint64_t h)
{
    put_u64(ud, h);
}

static void write_findings(struct pw *w, const struct ls_ruleset *rs, const struct ls_findtally *t)
{
    size_t i, k;

    put_u32(w, rs->ncats);
    for (i = 0; i < rs->ncats; i++) {
        const struct ls_cattally *c = &t->cats[i];

        put_cstr(w, rs->cats[i].id);
        put_u64(w, c->findings);
        put_u64(w, c->files);
        put_u64(w, c->records);
        for (k = 0; k <= LS_CONF_HIGH; k++)
            put_u64(w, c->conf[k]);
        if (ls_fpset_sketch(&c->uniq)) { /* a sketch: its registers */
            put_u8(w, 1);
            put(w, ls_fpset_sketch(&c->uniq), LS_HLL_REGS);
        } else {
            put_u8(w, 0);
            put_u64(w, c->uniq.n);
            ls_fpset_each(&c->uniq, put_hash, w);
        }
    }
    put_u32(w, rs->nrectypes);
    for (i = 0; i < rs->nrectypes; i++) {
        put_cstr(w, rs->rectypes[i].id);
        put_u64(w, t->rt[i].count);
        put_u64(w, t->rt[i].files);
    }
    put_u32(w, t->dates.first);
    put_u32(w, t->dates.last);
    put_u64(w, t->dates.n);
    put_u32(w, NYEARS);
    for (i = 0; i < NYEARS; i++)
        put_u64(w, t->dates.by_year[i]);
}

static void write_persons(struct pw *w, struct ls_persons *p)
{
    struct ls_persons_state s;
    struct ls_profile_entry e;
    const struct ls_profiles *pr = ls_persons_profiles(p);
    unsigned hits, sites, i;
    uint64_t plates, tracked;
    size_t k, pos = 0;

    ls_persons_get_state(p, &s);
    put_u64(w, s.records);
    put_u64(w, s.records_multi);
    put_u64(w, s.minor_by_record);
    put_u64(w, s.minor_by_scan);
    put_u64(w, s.minors_flagged);
    put_u64(w, s.nlinks);
    for (k = 0; k < 2 * s.nlinks; k++)
        put_u64(w, s.links[k]);
    put_u64(w, s.nminors);
    for (k = 0; k < s.nminors; k++)
        put_u64(w, s.minors[k]);
    ls_profiles_thresholds(pr, &hits, &sites);
    ls_profiles_counts(pr, &plates, &tracked);
    put_u32(w, hits);
    put_u32(w, sites);
    put_u64(w, plates);
    while (ls_profiles_next(pr, &pos, &e)) {
        put_u64(w, e.key);
        put_u8(w, e.hits);
        put_u8(w, e.ncams);
        put_u8(w, e.ndays);
        for (i = 0; i + 1 < sites; i++)
            put_u16(w, e.cams[i]);
        for (i = 0; i + 1 < sites; i++)
            put_u16(w, e.days[i]);
    }
}

/* Every section after the magic's head (and the checkpoint's own
 * section, extra, when magic is CKPT_MAGIC), then the checksum. */
static ls_status write_all(struct pw *w, const unsigned char *magic, const struct ls_config *cfg,
                           const struct ls_report_info *info, const unsigned char key[32],
                           struct ls_tally *t, struct ls_matcher *m, const void *extra,
                           size_t extralen)
{
    struct ls_tally_view v;
    unsigned char sum[SUM_BYTES];
    ls_status st;

    crypto_generichash_init(&w->h, NULL, 0, SUM_BYTES);
    write_head(w, magic, cfg, info, key);
    if (magic == CKPT_MAGIC) {
        put_u64(w, extralen);
        put(w, extra, extralen);
    }
    if ((st = ls_tally_view(t, &v)) == LS_OK)
        write_inventory(w, &v);
    if (st == LS_OK && info->rules && m) {
        write_findings(w, info->rules, ls_matcher_findtally(m));
        write_persons(w, ls_matcher_persons(m));
    }
    crypto_generichash_final(&w->h, sum, sizeof sum);
    if (fwrite(sum, 1, sizeof sum, w->f) != sizeof sum && !w->err)
        w->err = errno ? errno : EIO;
    return st;
}

ls_status ls_partial_write(const struct ls_config *cfg, const struct ls_report_info *info,
                           const unsigned char key[32], struct ls_tally *t, struct ls_matcher *m,
                           char *err, size_t errlen)
{
    struct ls_outfile *o = NULL;
    struct pw w;
    char e2[512];
    ls_status st;

    if ((st = ls_outfile_open(cfg->partial, &o, err, errlen)) != LS_OK)
        return st;
    memset(&w, 0, sizeof w);
    w.f = ls_outfile_stream(o);
    st = write_all(&w, MAGIC, cfg, info, key, t, m, NULL, 0);
    if (st != LS_OK) {
        ls_outfile_close(o, 0, 0, e2, sizeof e2);
        snprintf(err, errlen, "%s: %s", cfg->partial, ls_strerror(st));
        return st;
    }
    return ls_outfile_close(o, 1, w.err, err, errlen);
}

/* fsync of the folder that holds path, so that a rename in it is on disk. */
static int sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    int fd, r = -1;

    if (!dir)
        return -1;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd >= 0) {
        r = fsync(fd);
        close(fd);
    }
    return r;
}

ls_status ls_partial_write_checkpoint(const char *path, const struct ls_config *cfg,
                                      const struct ls_report_info *info,
                                      const unsigned char key[32], struct ls_tally *t,
                                      struct ls_matcher *m, const void *extra, size_t extralen,
                                      char *err, size_t errlen)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 5);
    struct pw w;
    ls_status st;
    int fd, e = 0;

    if (!tmp)
        return LS_ENOMEM;
    memcpy(tmp, path, n);
    memcpy(tmp + n, ".tmp", 5);
    memset(&w, 0, sizeof w);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || !(w.f = fdopen(fd, "w"))) {
        e = errno;
        if (fd >= 0)
            close(fd);
        snprintf(err, errlen, "%s: %s", tmp, strerror(e));
        free(tmp);
        return LS_EIO;
    }
    st = write_all(&w, CKPT_MAGIC, cfg, info, key, t, m, extra, extralen);
    e = w.err;
    if (fflush(w.f) != 0 && !e)
        e = errno;
    if (fsync(fileno(w.f)) != 0 && !e)
        e = errno;
    if (fclose(w.f) != 0 && !e)
        e = errno;
    if (st == LS_OK && !e && rename(tmp, path) != 0)
        e = errno;
    if (st == LS_OK && !e && sync_dir(path) != 0)
        e = errno;
    if (st != LS_OK || e) {
        unlink(tmp);
        snprintf(err, errlen, "%s: %s", path, st != LS_OK ? ls_strerror(st) : strerror(e));
        if (st == LS_OK)
            st = LS_EIO;
    }
    free(tmp);
    return st;
}

/* --- reading ----------------------------------------------------------------- */

struct ls_partial {
    char *path;
    unsigned char *buf;         /* the whole file */
    size_t len;                 /* its bytes before the checksum */
    size_t at;                  /* where reading goes on */
    int bad;                    /* read past the end */
    int ckpt;                   /* a checkpoint (CKPT_MAGIC) */
    const unsigned char *extra; /* a checkpoint's own section, in buf */
    size_t extralen;
    struct ls_partial_head head;
};

static const unsigned char *get(struct ls_partial *p, size_t n)
{
    const unsigned char *r;

    if (p->bad || n > p->len - p->at) {
        p->bad = 1;
        return NULL;
    }
    r = p->buf + p->at;
    p->at += n;
    return r;
}

static uint64_t get_le(struct ls_partial *p, size_t n)
{
    const unsigned char *b = get(p, n);
    uint64_t v = 0;
    size_t i;

    for (i = 0; b && i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static uint32_t get_u32(struct ls_partial *p)
{
    return (uint32_t)get_le(p, 4);
}

static uint64_t get_u64(struct ls_partial *p)
{
    return get_le(p, 8);
}

static double get_dbl(struct ls_partial *p)
{
    uint64_t v = get_u64(p);
    double d;

    memcpy(&d, &v, sizeof d);
    return d;
}

/* A string as a new NUL-terminated copy (*n its length); NULL when damaged
 * or out of memory (p->bad set). */
static char *get_str(struct ls_partial *p, size_t *n)
{
    uint32_t l = get_u32(p);
    const unsigned char *b = get(p, l);
    char *s;

    if (!b)
        return NULL;
    if (!(s = malloc((size_t)l + 1))) {
        p->bad = 1;
        return NULL;
    }
    memcpy(s, b, l);
    s[l] = '\0';
    if (n)
        *n = l;
    return s;
}

/* A count of items of at least min bytes each: 0 and p->bad when the file
 * cannot hold that many. */
static uint64_t get_count(struct ls_partial *p, int wide, size_t min)
{
    uint64_t n = wide ? get_u64(p) : get_u32(p);

    if (min && n > (p->len - p->at) / min) {
        p->bad = 1;
        return 0;
    }
    return n;
}

static ls_status damaged(struct ls_partial *p, const char *what, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: not a readable %s (%s)", p->path,
             p->ckpt ? "checkpoint" : "partial result", what);
    return LS_EUSAGE;
}

static void read_head(struct ls_partial *p)
{
    struct ls_partial_head *h = &p->head;
    const unsigned char *b;
    uint32_t i;

    h->has_rules = get_u32(p);
    if ((b = get(p, 32)))
        memcpy(h->rules_digest, b, 32);
    if ((b = get(p, 32)))
        memcpy(h->key_digest, b, 32);
    h->shard_k = get_u32(p);
    h->shard_n = get_u32(p);
    h->min_confidence = get_u32(p);
    h->profile_min_hits = get_u32(p);
    h->profile_min_sites = get_u32(p);
    h->scan_date = get_u32(p);
    h->exact_distinct = get_u64(p);
    h->max_depth = get_u64(p);
    h->max_entry_bytes = get_u64(p);
    h->max_input_bytes = get_u64(p);
    h->max_entries = get_u64(p);
    h->max_buffer_bytes = get_u64(p);
    h->max_ratio = get_dbl(p);
    h->started_at = get_u64(p);
    h->elapsed = get_dbl(p);
    h->threads = get_u32(p);
    h->signal = get_u32(p);
    h->abandoned = get_u32(p);
    h->ninputs = (uint32_t)get_count(p, 0, 4);
    h->inputs = p->bad ? NULL : calloc((size_t)h->ninputs + 1, sizeof *h->inputs);
    if (!h->inputs) {
        p->bad = 1;
        h->ninputs = 0;
    }
    for (i = 0; i < h->ninputs && !p->bad; i++)
        h->inputs[i] = get_str(p, NULL);
}

/* Reads path whole into p->buf. */
static ls_status slurp(struct ls_partial *p, char *err, size_t errlen)
{
    FILE *f = fopen(p->path, "rb");
    struct stat st;
    size_t got;

    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: %s", p->path, f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return LS_EIO;
    }
    p->buf = malloc((size_t)st.st_size + 1);
    if (!p->buf) {
        fclose(f);
        snprintf(err, errlen, "%s: %s", p->path, strerror(ENOMEM));
        return LS_ENOMEM;
    }
    got = fread(p->buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (got != (size_t)st.st_size) {
        snprintf(err, errlen, "%s: cannot read it whole", p->path);
        return LS_EIO;
    }
    p->len = got;
    return LS_OK;
}

/* The magic, the checksum over everything before it, the version. */
static ls_status check_frame(struct ls_partial *p, char *err, size_t errlen)
{
    unsigned char sum[SUM_BYTES];

    if (p->len < sizeof MAGIC + 4 + SUM_BYTES ||
        memcmp(p->buf, p->ckpt ? CKPT_MAGIC : MAGIC, sizeof MAGIC) != 0) {
        snprintf(err, errlen, "%s: %s", p->path,
                 p->ckpt ? "not a leakscan checkpoint (made by leakscan scan --checkpoint)"
                         : "not a leakscan partial result (made by leakscan scan --partial)");
        return LS_EUSAGE;
    }
    p->len -= SUM_BYTES;
    crypto_generichash(sum, sizeof sum, p->buf, p->len, NULL, 0);
    if (sodium_memcmp(sum, p->buf + p->len, SUM_BYTES) != 0)
        return damaged(p, "its checksum does not match: truncated or altered", err, errlen);
    p->at = sizeof MAGIC;
    p->head.version = get_u32(p);
    if (p->head.version != LS_PARTIAL_VERSION) {
        snprintf(err, errlen,
                 "%s: %s of schema version %u; this leakscan reads version %u "
                 "(%s with the leakscan that made it)",
                 p->path, p->ckpt ? "checkpoint" : "partial result", p->head.version,
                 LS_PARTIAL_VERSION, p->ckpt ? "resume" : "merge");
        return LS_EUSAGE;
    }
    return LS_OK;
}

static ls_status open_kind(const char *path, int ckpt, struct ls_partial **out, char *err,
                           size_t errlen)
{
    struct ls_partial *p = calloc(1, sizeof *p);
    ls_status st;
    uint64_t n;

    *out = NULL;
    if (!p || !(p->path = strdup(path))) {
        free(p);
        snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
        return LS_ENOMEM;
    }
    p->ckpt = ckpt;
    if ((st = slurp(p, err, errlen)) == LS_OK && (st = check_frame(p, err, errlen)) == LS_OK) {
        read_head(p);
        if (ckpt && (n = get_count(p, 1, 1)) > 0 && !p->bad) {
            p->extralen = (size_t)n;
            p->extra = get(p, p->extralen);
        }
        if (p->bad)
            st = damaged(p, "its head is cut short", err, errlen);
    }
    if (st != LS_OK) {
        ls_partial_close(p);
        return st;
    }
    *out = p;
    return LS_OK;
}

ls_status ls_partial_open(const char *path, struct ls_partial **out, char *err, size_t errlen)
{
    return open_kind(path, 0, out, err, errlen);
}

ls_status ls_partial_open_checkpoint(const char *path, struct ls_partial **out, char *err,
                                     size_t errlen)
{
    return open_kind(path, 1, out, err, errlen);
}

const unsigned char *ls_partial_extra(const struct ls_partial *p, size_t *len)
{
    *len = p->extralen;
    return p->extra;
}

const struct ls_partial_head *ls_partial_head(const struct ls_partial *p)
{
    return &p->head;
}

void ls_partial_close(struct ls_partial *p)
{
    uint32_t i;

    if (!p)
        return;
    for (i = 0; p->head.inputs && i < p->head.ninputs; i++)
        free(p->head.inputs[i]);
    free(p->head.inputs);
    free(p->buf);
    free(p->path);
    free(p);
}

/* The counters of the inventory, in write_inventory's order. */
static void read_counters(struct ls_partial *p, struct ls_tally_view *v)
{
    uint64_t *c[] = {&v->total,
                     &v->scanned,
                     &v->skipped,
                     &v->failed,
                     &v->bytes_read,
                     &v->bytes_scanned,
                     &v->image,
                     &v->video,
                     &v->audio,
                     &v->invalid_sequences,
                     &v->invalid_files,
                     &v->partial_files,
                     &v->scanned_docs,
                     &v->problems_dropped,
                     &v->files_with_findings};
    size_t i;

    for (i = 0; i < sizeof c / sizeof c[0]; i++)
        *c[i] = get_u64(p);
}

/* The strings read_lists made, freed. */
static void free_lists(struct ls_tally_view *v)
{
    size_t i;

    for (i = 0; i < v->ntypes; i++)
        free((char *)v->type_names[i]);
    free((void *)v->type_names);
    free((void *)v->type_counts);
    for (i = 0; i < v->nproblems; i++) {
        free(v->problems[i].path);
        free(v->problems[i].reason);
    }
    free((void *)v->problems);
    for (i = 0; i < v->nlimits; i++) {
        free(v->limits[i].path);
        free(v->limits[i].reason);
    }
    free((void *)v->limits);
    for (i = 0; i < v->nfiles; i++) {
        free(v->files[i].path);
        free(v->files[i].categories_json);
    }
    free((void *)v->files);
}

static void read_problems(struct ls_partial *p, struct ls_problem **out, size_t *n, int status)
{
    struct ls_problem *l;
    size_t i, cnt = (size_t)get_count(p, 0, status ? 9 : 8);

    *out = l = p->bad ? NULL : calloc(cnt + 1, sizeof *l);
    if (!l) {
        p->bad = 1;
        return;
    }
    for (i = 0; i < cnt && !p->bad; i++, (*n)++) {
        l[i].path = get_str(p, &l[i].path_len);
        l[i].status = status
                          ? (enum ls_outcome)(get_le(p, 1) == LS_SKIPPED ? LS_SKIPPED : LS_FAILED)
                          : LS_SCANNED;
        l[i].reason = get_str(p, NULL);
    }
}

static void read_lists(struct ls_partial *p, struct ls_tally_view *v)
{
    struct ls_problem *pr = NULL;
    struct ls_topfile *f;
    char **names;
    uint64_t *counts;
    size_t i, n = (size_t)get_count(p, 0, 12);

    v->type_names = (const char *const *)(names = calloc(n + 1, sizeof *names));
    v->type_counts = counts = calloc(n + 1, sizeof *counts);
    if (!names || !counts)
        p->bad = 1;
    for (i = 0; i < n && !p->bad; i++, v->ntypes++) {
        names[i] = get_str(p, NULL);
        counts[i] = get_u64(p);
    }
    read_problems(p, &pr, &v->nproblems, 1);
    v->problems = pr;
    pr = NULL;
    read_problems(p, &pr, &v->nlimits, 0);
    v->limits = pr;
    n = (size_t)get_count(p, 0, 16);
    v->files = f = p->bad ? NULL : calloc(n + 1, sizeof *f);
    if (!f)
        p->bad = 1;
    for (i = 0; i < n && !p->bad; i++, v->nfiles++) {
        f[i].path = get_str(p, &f[i].path_len);
        f[i].findings = get_u64(p);
        f[i].categories_json = get_str(p, NULL);
    }
}

static ls_status absorb_inventory(struct ls_partial *p, struct ls_tally *t, char *err,
                                  size_t errlen)
{
    struct ls_tally_view v;
    ls_status st = LS_OK;

    memset(&v, 0, sizeof v);
    read_counters(p, &v);
    read_lists(p, &v);
    if (p->bad)
        st = damaged(p, "its inventory is cut short", err, errlen);
    else
        st = ls_tally_absorb(t, &v);
    free_lists(&v);
    return st;
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
    while (b) {
        uint64_t t = a % b;

        a = b;
        b = t;
    }
    return a;
}

/* Adds the n hashes that follow to s, not in their order: they were
 * written in the order of the writer's tables (by hash), and added in that
 * order to a growing table they would pile up in long runs of its linear
 * probing.  A stride of about n / phi, prime to n, visits each once.
 * 0, or -2 out of memory. */
static int add_hashes(struct ls_partial *p, struct ls_fpset *s, uint64_t n)
{
    const unsigned char *b = get(p, (size_t)n * 8);
    uint64_t k, j = 0, step = n * 5 / 8 + 1;
    size_t i;

    if (!b)
        return 0;
    while (n > 1 && gcd(step, n) != 1)
        step++;
    step = n ? step % n : 0;
    for (k = 0; k < n; k++) {
        uint64_t h = 0;

        for (i = 0; i < 8; i++)
            h |= (uint64_t)b[8 * j + i] << (8 * i);
        if (ls_fpset_add(s, h) < 0)
            return -2;
        j += step;
        if (j >= n)
            j -= n;
    }
    return 0;
}

/* One category: its id must be the ruleset's i-th. */
static int absorb_cat(struct ls_partial *p, const struct ls_ruleset *rs, size_t i,
                      struct ls_cattally *c)
{
    char *id = get_str(p, NULL);
    uint64_t n, k;
    int same = id && strcmp(id, rs->cats[i].id) == 0;

    free(id);
    if (!same)
        return -1;
    c->findings += get_u64(p);
    c->files += get_u64(p);
    c->records += get_u64(p);
    for (k = 0; k <= LS_CONF_HIGH; k++)
        c->conf[k] += get_u64(p);
    if (get_le(p, 1)) { /* a sketch */
        const unsigned char *regs = get(p, LS_HLL_REGS);

        return regs && ls_fpset_add_sketch(&c->uniq, regs) < 0 ? -2 : 0;
    }
    n = get_count(p, 1, 8);
    return p->bad ? 0 : add_hashes(p, &c->uniq, n);
}

static ls_status absorb_findings(struct ls_partial *p, const struct ls_ruleset *rs,
                                 struct ls_findtally *t, char *err, size_t errlen)
{
    size_t i;
    uint32_t ny;
    int r = 0;

    if (get_u32(p) != rs->ncats)
        return damaged(p, "its categories are not those of the loaded rule packs", err, errlen);
    for (i = 0; i < rs->ncats && !p->bad && r == 0; i++)
        r = absorb_cat(p, rs, i, &t->cats[i]);
    if (r == -2)
        return LS_ENOMEM;
    if (r < 0 || get_u32(p) != rs->nrectypes)
        return damaged(p, "its categories are not those of the loaded rule packs", err, errlen);
    for (i = 0; i < rs->nrectypes && !p->bad; i++) {
        char *id = get_str(p, NULL);
        int same = id && strcmp(id, rs->rectypes[i].id) == 0;

        free(id);
        if (!same)
            return damaged(p, "its record types are not those of the loaded rule packs", err,
                           errlen);
        t->rt[i].count += get_u64(p);
        t->rt[i].files += get_u64(p);
    }
    {
        struct ls_datetally d;

        memset(&d, 0, sizeof d);
        d.first = get_u32(p);
        d.last = get_u32(p);
        d.n = get_u64(p);
        if ((ny = get_u32(p)) != NYEARS)
            return damaged(p, "its date span has another range of years", err, errlen);
        for (i = 0; i < NYEARS; i++)
            d.by_year[i] = get_u64(p);
        ls_date_merge(&t->dates, &d);
    }
    return p->bad ? damaged(p, "its findings are cut short", err, errlen) : LS_OK;
}

/* n numbers into a new array (NULL and p->bad when damaged). */
static uint64_t *get_array(struct ls_partial *p, uint64_t n)
{
    uint64_t *a, i;

    if (p->bad || n > (p->len - p->at) / 8 || !(a = malloc((size_t)(n ? n : 1) * 8))) {
        p->bad = 1;
        return NULL;
    }
    for (i = 0; i < n; i++)
        a[i] = get_u64(p);
    return a;
}

static ls_status absorb_plates(struct ls_partial *p, struct ls_persons *pp, char *err,
                               size_t errlen)
{
    struct ls_profiles *pr = ls_persons_profiles(pp);
    struct ls_profile_entry e;
    unsigned hits, sites, i;
    uint64_t n, k;

    ls_profiles_thresholds(pr, &hits, &sites);
    if (get_u32(p) != hits || get_u32(p) != sites)
        return damaged(p, "its movement-profile thresholds differ", err, errlen);
    n = get_count(p, 1, 11);
    if (!p->bad && ls_profiles_reserve(pr, (size_t)n) < 0)
        return LS_ENOMEM;
    for (k = 0; k < n && !p->bad; k++) {
        memset(&e, 0, sizeof e);
        e.key = get_u64(p);
        e.hits = (unsigned)get_le(p, 1);
        e.ncams = (unsigned)get_le(p, 1);
        e.ndays = (unsigned)get_le(p, 1);
        for (i = 0; i + 1 < sites; i++)
            e.cams[i] = (uint16_t)get_le(p, 2);
        for (i = 0; i + 1 < sites; i++)
            e.days[i] = (uint16_t)get_le(p, 2);
        if (!p->bad && ls_profiles_put(pr, &e) < 0)
            return LS_ENOMEM;
    }
    return p->bad ? damaged(p, "its plate table is cut short", err, errlen) : LS_OK;
}

static ls_status absorb_persons(struct ls_partial *p, struct ls_persons *pp, char *err,
                                size_t errlen)
{
    struct ls_persons_state s;
    uint64_t *links, *minors;
    ls_status st;

    memset(&s, 0, sizeof s);
    s.records = get_u64(p);
    s.records_multi = get_u64(p);
    s.minor_by_record = get_u64(p);
    s.minor_by_scan = get_u64(p);
    s.minors_flagged = get_u64(p);
    s.nlinks = (size_t)get_u64(p);
    links = s.nlinks > SIZE_MAX / 2 ? NULL : get_array(p, 2 * (uint64_t)s.nlinks);
    s.nminors = (size_t)get_u64(p);
    minors = get_array(p, s.nminors);
    s.links = links;
    s.minors = minors;
    if (p->bad || !links || !minors)
        st = damaged(p, "its persons' links are cut short", err, errlen);
    else
        st = ls_persons_add_state(pp, &s);
    free(links);
    free(minors);
    return st == LS_OK ? absorb_plates(p, pp, err, errlen) : st;
}

ls_status ls_partial_absorb(struct ls_partial *p, const struct ls_ruleset *rs, struct ls_tally *t,
                            struct ls_matcher *m, char *err, size_t errlen)
{
    ls_status st = absorb_inventory(p, t, err, errlen);

    if (st == LS_OK && p->head.has_rules && rs && m)
        st = absorb_findings(p, rs, ls_matcher_findtally(m), err, errlen);
    if (st == LS_OK && p->head.has_rules && rs && m)
        st = absorb_persons(p, ls_matcher_persons(m), err, errlen);
    if (st == LS_OK && p->at != p->len)
        st = damaged(p, "bytes left over after its last section", err, errlen);
    if (st == LS_ENOMEM)
        snprintf(err, errlen, "%s: %s", p->path, strerror(ENOMEM));
    free(p->buf); /* read: the head stays */
    p->buf = NULL;
    p->extra = NULL;
    p->extralen = 0;
    p->len = p->at = 0;
    return st;
}
