/* engine.c — one scan: setup on the main thread, workers, walk, merge,
 * report (engine.h).  ls_engine_run calls the phases in order:
 * shared_setup → workers_start → walk_and_wait → workers_merge →
 * ls_report_write → shared_release. */
#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "match/mask.h"
#include "report.h"
#include "walk.h"
#include "worker.h"

/* Queue slots per worker: enough to keep every worker fed while the walker
 * stats the next files. */
#define QUEUE_ITEMS_PER_WORKER 64
/* Passwords: at most this many, each at most this long. */
#define MAX_PASSWORDS 10000
#define MAX_PASSWORD_LEN 1024

/* --progress: one line on stderr, rewritten every second. */
struct progress {
    struct ls_worker *workers;
    unsigned n;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int stop;
};

static void *progress_main(void *arg)
{
    struct progress *p = arg;
    struct timespec until;
    uint64_t items, bytes;
    unsigned i;

    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += 1;
        pthread_cond_timedwait(&p->cond, &p->lock, &until);
        items = bytes = 0;
        for (i = 0; i < p->n; i++) {
            items += atomic_load_explicit(&p->workers[i].done_items, memory_order_relaxed);
            bytes += atomic_load_explicit(&p->workers[i].done_bytes, memory_order_relaxed);
        }
        fprintf(stderr, "\rleakscan: %llu files and entries, %.1f MiB of text",
                (unsigned long long)items, (double)bytes / 1048576.0);
    }
    pthread_mutex_unlock(&p->lock);
    fputc('\n', stderr);
    return NULL;
}

static void *worker_main(void *arg)
{
    struct ls_worker *w = arg;
    struct ls_item *it;

    while ((it = ls_queue_pop(w->sh->queue)) != NULL) {
        if (!w->fatal)
            ls_worker_process(w, it);
        ls_item_free(it);
        ls_queue_done(w->sh->queue);
    }
    return NULL;
}

/* The walker's callbacks push items (blocking when the queue is full). */
static void walk_file(void *ud, const char *path, size_t plen)
{
    struct ls_item *it = ls_item_new(LS_ITEM_FILE, path, plen, 0);

    if (it)
        ls_queue_push(ud, it);
}

static void walk_note(void *ud, const char *path, size_t plen, const char *type,
                      enum ls_outcome outcome, const char *reason)
{
    struct ls_item *it = ls_item_new(LS_ITEM_NOTE, path, plen, 0);

    if (!it)
        return;
    it->note_status = (int)outcome;
    it->note_reason = strdup(reason);
    it->note_type = strdup(type);
    if (!it->note_reason || !it->note_type) {
        ls_item_free(it);
        return;
    }
    ls_queue_push(ud, it);
}

static ls_status load_passwords(const char *path, struct ls_unpack_env *env, char *err,
                                size_t errlen)
{
    FILE *f = fopen(path, "r");
    char line[MAX_PASSWORD_LEN + 2];
    char **pw;

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return LS_EUSAGE;
    }
    while (fgets(line, sizeof line, f) && env->npasswords < MAX_PASSWORDS) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n == 0)
            continue;
        pw = realloc(env->passwords, (env->npasswords + 1) * sizeof *pw);
        if (!pw || !(pw[env->npasswords] = strdup(line))) {
            if (pw)
                env->passwords = pw;
            fclose(f);
            return LS_ENOMEM;
        }
        env->passwords = pw;
        env->npasswords++;
    }
    fclose(f);
    return LS_OK;
}

/* --- phases of one scan ------------------------------------------------------ */

/* Worker threads: -j, else one per online CPU, at most LS_CEIL_THREADS. */
static unsigned worker_count(const struct ls_config *cfg)
{
    unsigned nw = cfg->threads;
    long ncpu;

    if (nw == 0) {
        ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        nw = ncpu > 0 ? (unsigned)ncpu : 1;
    }
    if (nw > LS_CEIL_THREADS)
        nw = LS_CEIL_THREADS;
    return nw;
}

/* Makes everything the workers share: the fingerprint key, the filters,
 * the passwords, the rules (*rules, owned by the caller), the output sinks
 * and the queue.  What was made before an error is released by
 * shared_release(). */
static ls_status shared_setup(const struct ls_config *cfg, struct ls_shared *sh,
                              struct ls_ruleset **rules, char *err, size_t errlen)
{
    ls_status st;

    if (ls_crypto_init() != 0) {
        snprintf(err, errlen, "libsodium cannot initialise");
        return LS_EFATAL;
    }
    if (cfg->key_file) {
        if (ls_key_load(cfg->key_file, sh->key, err, errlen) != 0)
            return LS_EUSAGE;
    } else if (ls_key_random(sh->key) != 0) {
        snprintf(err, errlen, "cannot make a random key");
        return LS_EFATAL;
    }
    ls_sniff_probe_filters(&sh->env.filters);
    if (cfg->passwords && (st = load_passwords(cfg->passwords, &sh->env, err, errlen)) != LS_OK)
        return st;
    if ((st = ls_ruleset_load(cfg, rules, err, errlen)) != LS_OK)
        return st;
    sh->rules = *rules;
    if (cfg->inventory && (st = ls_sink_open(cfg->inventory, &sh->inventory, err, errlen)) != LS_OK)
        return st;
    if (cfg->findings && (st = ls_sink_open(cfg->findings, &sh->findings, err, errlen)) != LS_OK)
        return st;
    return ls_queue_new((size_t)sh->nworkers * QUEUE_ITEMS_PER_WORKER, cfg->limits.max_queue_bytes,
                        &sh->queue);
}

/* Closes the sinks (a failure to write them out is the scan's error when it
 * had none), wipes the passwords and the key, frees the rest. */
static ls_status shared_release(const struct ls_config *cfg, struct ls_shared *sh,
                                struct ls_ruleset *rules, ls_status st, char *err, size_t errlen)
{
    char err2[256];
    ls_status st2;
    size_t i;

    ls_queue_free(sh->queue);
    st2 = ls_sink_close(sh->inventory, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->inventory, err2);
    }
    st2 = ls_sink_close(sh->findings, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->findings, err2);
    }
    ls_ruleset_free(rules);
    for (i = 0; i < sh->env.npasswords; i++) {
        sodium_memzero(sh->env.passwords[i], strlen(sh->env.passwords[i]));
        free(sh->env.passwords[i]);
    }
    free(sh->env.passwords);
    sodium_memzero(sh->key, sizeof sh->key);
    return st;
}

/* Makes the workers' state here, on the main thread (libmagic handles must
 * be loaded before threads start), then starts their threads.  *made says
 * how many need ls_worker_fini, *started how many threads run (to join). */
static ls_status workers_start(const struct ls_shared *sh, struct ls_worker *workers,
                               unsigned *made, unsigned *started, char *err, size_t errlen)
{
    ls_status st;
    unsigned i;

    for (i = 0; i < sh->nworkers; i++) {
        *made = i + 1;
        if ((st = ls_worker_init(&workers[i], sh, err, errlen)) != LS_OK)
            return st;
    }
    for (*started = 0; *started < sh->nworkers; (*started)++)
        if (pthread_create(&workers[*started].thread, NULL, worker_main, &workers[*started]) != 0) {
            snprintf(err, errlen, "cannot start a worker thread");
            return LS_EFATAL;
        }
    return LS_OK;
}

/* --progress, or a terminal on stderr unless --no-progress. */
static int progress_start(struct progress *prog, pthread_t *thread, const struct ls_config *cfg,
                          struct ls_worker *workers, unsigned started)
{
    memset(prog, 0, sizeof *prog);
    if (!(cfg->progress == 1 || (cfg->progress < 0 && isatty(STDERR_FILENO))))
        return 0;
    prog->workers = workers;
    prog->n = started;
    pthread_mutex_init(&prog->lock, NULL);
    pthread_cond_init(&prog->cond, NULL);
    return pthread_create(thread, NULL, progress_main, prog) == 0;
}

static void progress_stop(struct progress *prog, pthread_t thread)
{
    pthread_mutex_lock(&prog->lock);
    prog->stop = 1;
    pthread_cond_signal(&prog->cond);
    pthread_mutex_unlock(&prog->lock);
    pthread_join(thread, NULL);
    pthread_cond_destroy(&prog->cond);
    pthread_mutex_destroy(&prog->lock);
}

/* Walks every input into the queue, closes it and waits for the workers
 * (and the progress line) to finish. */
static ls_status walk_and_wait(const struct ls_config *cfg, struct ls_shared *sh,
                               struct ls_worker *workers, unsigned started, ls_status st)
{
    struct ls_walk_cb wcb;
    struct progress prog;
    pthread_t prog_thread;
    int prog_on = 0;
    size_t i;

    if (st == LS_OK)
        prog_on = progress_start(&prog, &prog_thread, cfg, workers, started);
    wcb.ud = sh->queue;
    wcb.file = walk_file;
    wcb.note = walk_note;
    for (i = 0; st == LS_OK && i < cfg->ninputs; i++)
        st = ls_walk(cfg->inputs[i], cfg->follow_symlinks, &wcb);
    ls_queue_close(sh->queue);
    for (i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    if (prog_on)
        progress_stop(&prog, prog_thread);
    return st;
}

/* A worker's fatal status stops the scan; otherwise everything is merged
 * once, into worker 0's tally and first matcher. */
static ls_status workers_merge(struct ls_worker *workers, unsigned nw, int have_rules, char *err,
                               size_t errlen)
{
    ls_status st = LS_OK;
    unsigned i, k;

    for (i = 0; i < nw; i++)
        if (workers[i].fatal) {
            snprintf(err, errlen, "%s", workers[i].fatal_msg);
            return workers[i].fatal;
        }
    for (i = 1; i < nw && st == LS_OK; i++)
        st = ls_tally_merge(workers[0].tally, workers[i].tally);
    if (have_rules)
        for (i = 0; i < nw && st == LS_OK; i++)
            for (k = (i == 0); k < LS_WORKER_MATCHERS && st == LS_OK; k++)
                if (workers[i].matchers[k])
                    st = ls_matcher_merge(workers[0].matchers[0], workers[i].matchers[k]);
    return st;
}

ls_status ls_engine_run(const struct ls_config *cfg, char *err, size_t errlen)
{
    struct ls_shared sh;
    struct ls_worker *workers = NULL;
    struct ls_ruleset *rules = NULL;
    struct ls_report_info info;
    unsigned made = 0, started = 0, i;
    ls_status st;
    struct timespec t0, t1;

    memset(&sh, 0, sizeof sh);
    memset(&info, 0, sizeof info);
    err[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    info.started_at = time(NULL);
    sh.cfg = cfg;
    sh.env.lim = &cfg->limits;
    sh.nworkers = worker_count(cfg);

    if ((st = shared_setup(cfg, &sh, &rules, err, errlen)) != LS_OK)
        goto out;
    workers = calloc(sh.nworkers, sizeof *workers);
    if (!workers) {
        st = LS_ENOMEM;
        goto out;
    }
    st = workers_start(&sh, workers, &made, &started, err, errlen);
    if (st != LS_OK && started == 0)
        goto out; /* no thread runs */
    st = walk_and_wait(cfg, &sh, workers, started, st);
    if (st != LS_OK)
        goto out;
    if ((st = workers_merge(workers, sh.nworkers, rules != NULL, err, errlen)) != LS_OK)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    info.elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    info.threads = sh.nworkers;
    info.rules = rules;
    info.matcher = rules ? workers[0].matchers[0] : NULL;
    st = ls_report_write(cfg, &info, workers[0].tally, err, errlen);

out:
    if (workers) {
        for (i = 0; i < made; i++)
            ls_worker_fini(&workers[i]);
        free(workers);
    }
    return shared_release(cfg, &sh, rules, st, err, errlen);
}
