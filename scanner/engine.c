/* engine.c — one scan: setup on the main thread, workers, walk, merge,
 * report (engine.h). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
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
        fprintf(stderr, "\rleakscan: %llu files and entries, %.1f MiB of text", (unsigned long long)items,
                (double)bytes / 1048576.0);
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

ls_status ls_engine_run(const struct ls_config *cfg, char *err, size_t errlen)
{
    struct ls_shared sh;
    struct ls_worker *workers = NULL;
    struct ls_ruleset *rules = NULL;
    struct ls_walk_cb wcb;
    struct ls_report_info info;
    unsigned nw, started = 0, i;
    ls_status st = LS_OK, st2;
    struct timespec t0, t1;
    char err2[256];
    long ncpu;
    struct progress prog;
    pthread_t prog_thread;
    int prog_on = 0;

    memset(&sh, 0, sizeof sh);
    memset(&info, 0, sizeof info);
    err[0] = '\0';
    clock_gettime(CLOCK_MONOTONIC, &t0);
    info.started_at = time(NULL);
    sh.cfg = cfg;
    sh.env.lim = &cfg->limits;

    nw = cfg->threads;
    if (nw == 0) {
        ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        nw = ncpu > 0 ? (unsigned)ncpu : 1;
    }
    if (nw > LS_CEIL_THREADS)
        nw = LS_CEIL_THREADS;
    sh.nworkers = nw;

    if (ls_crypto_init() != 0) {
        snprintf(err, errlen, "libsodium cannot initialise");
        return LS_EFATAL;
    }
    if (cfg->key_file) {
        if (ls_key_load(cfg->key_file, sh.key, err, errlen) != 0) {
            st = LS_EUSAGE;
            goto out;
        }
    } else if (ls_key_random(sh.key) != 0) {
        snprintf(err, errlen, "cannot make a random key");
        st = LS_EFATAL;
        goto out;
    }
    ls_sniff_probe_filters(&sh.env.filters);
    if (cfg->passwords && (st = load_passwords(cfg->passwords, &sh.env, err, errlen)) != LS_OK)
        goto out;
    if ((st = ls_ruleset_load(cfg, &rules, err, errlen)) != LS_OK)
        goto out;
    sh.rules = rules;
    if (cfg->inventory && (st = ls_sink_open(cfg->inventory, &sh.inventory, err, errlen)) != LS_OK)
        goto out;
    if (cfg->findings && (st = ls_sink_open(cfg->findings, &sh.findings, err, errlen)) != LS_OK)
        goto out;
    if ((st = ls_queue_new((size_t)nw * QUEUE_ITEMS_PER_WORKER, cfg->limits.max_queue_bytes,
                           &sh.queue)) != LS_OK)
        goto out;

    /* Everything per worker is made here, on the main thread (libmagic
     * handles must be loaded before threads start). */
    workers = calloc(nw, sizeof *workers);
    if (!workers) {
        st = LS_ENOMEM;
        goto out;
    }
    for (i = 0; i < nw; i++)
        if ((st = ls_worker_init(&workers[i], &sh, err, errlen)) != LS_OK) {
            nw = i + 1; /* fini what was made */
            goto out;
        }
    for (started = 0; started < nw; started++)
        if (pthread_create(&workers[started].thread, NULL, worker_main, &workers[started]) != 0) {
            snprintf(err, errlen, "cannot start a worker thread");
            st = LS_EFATAL;
            break;
        }

    memset(&prog, 0, sizeof prog);
    if (st == LS_OK && (cfg->progress == 1 || (cfg->progress < 0 && isatty(STDERR_FILENO)))) {
        prog.workers = workers;
        prog.n = started;
        pthread_mutex_init(&prog.lock, NULL);
        pthread_cond_init(&prog.cond, NULL);
        prog_on = pthread_create(&prog_thread, NULL, progress_main, &prog) == 0;
    }
    wcb.ud = sh.queue;
    wcb.file = walk_file;
    wcb.note = walk_note;
    for (i = 0; st == LS_OK && i < cfg->ninputs; i++)
        st = ls_walk(cfg->inputs[i], cfg->follow_symlinks, &wcb);
    ls_queue_close(sh.queue);
    for (i = 0; i < started; i++)
        pthread_join(workers[i].thread, NULL);
    if (prog_on) {
        pthread_mutex_lock(&prog.lock);
        prog.stop = 1;
        pthread_cond_signal(&prog.cond);
        pthread_mutex_unlock(&prog.lock);
        pthread_join(prog_thread, NULL);
        pthread_cond_destroy(&prog.cond);
        pthread_mutex_destroy(&prog.lock);
    }
    if (st != LS_OK)
        goto out;
    for (i = 0; i < nw; i++)
        if (workers[i].fatal) {
            st = workers[i].fatal;
            snprintf(err, errlen, "%s", workers[i].fatal_msg);
            goto out;
        }

    /* Merge once: everything into worker 0's tally and first matcher. */
    for (i = 1; i < nw && st == LS_OK; i++)
        st = ls_tally_merge(workers[0].tally, workers[i].tally);
    if (rules) {
        unsigned k;
        for (i = 0; i < nw && st == LS_OK; i++)
            for (k = (i == 0); k < LS_WORKER_MATCHERS && st == LS_OK; k++)
                if (workers[i].matchers[k])
                    st = ls_matcher_merge(workers[0].matchers[0], workers[i].matchers[k]);
    }
    if (st != LS_OK)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    info.elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    info.threads = nw;
    info.rules = rules;
    info.matcher = rules ? workers[0].matchers[0] : NULL;
    st = ls_report_write(cfg, &info, workers[0].tally, err, errlen);

out:
    if (workers) {
        for (i = 0; i < nw; i++)
            ls_worker_fini(&workers[i]);
        free(workers);
    }
    ls_queue_free(sh.queue);
    st2 = ls_sink_close(sh.inventory, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->inventory, err2);
    }
    st2 = ls_sink_close(sh.findings, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->findings, err2);
    }
    ls_ruleset_free(rules);
    for (i = 0; i < sh.env.npasswords; i++) {
        sodium_memzero(sh.env.passwords[i], strlen(sh.env.passwords[i]));
        free(sh.env.passwords[i]);
    }
    free(sh.env.passwords);
    sodium_memzero(sh.key, sizeof sh.key);
    return st;
}
