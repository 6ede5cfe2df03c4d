/* engine.c — one scan: setup on the main thread, workers, walk, merge,
 * report (engine.h).  ls_engine_run calls the phases in order:
 * shared_setup → workers_start → walk_and_wait → workers_merge →
 * ls_report_write → shared_release. */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "engine.h"
#include "jsonw.h"
#include "match/mask.h"
#include "partial.h"
#include "report.h"
#include "report/output.h"
#include "sample.h"
#include "shard.h"
#include "sink.h"
#include "walk.h"
#include "wipe.h"
#include "worker.h"

/* Queue slots per worker: enough to keep every worker fed while the walker
 * stats the next files. */
#define QUEUE_ITEMS_PER_WORKER 64
/* Passwords: at most this many, each at most this long. */
#define MAX_PASSWORDS 10000
#define MAX_PASSWORD_LEN 1024
/* The scan's own output files, never scanned: the report, the inventory and
 * the findings, each as it is now and as its temporary file, the partial
 * result as it is now, and the report files of --output-dir (7). */
#define MAX_OWN 15

/* SIGINT and SIGTERM: blocked in every thread of the scan (the mask is set
 * before any thread starts and inherited) and taken by this thread.  The
 * wake signal, sent to this thread alone, ends its wait at once when the
 * scan is over (without it, the end of every scan waited up to a tick). */
#define SIGWATCH_WAKE SIGRTMIN
struct sigwatch {
    _Atomic int cancel;         /* the first signal taken, 0 before */
    _Atomic int done;           /* the scan is over: the thread ends */
    const struct ls_shared *sh; /* whose temporary output files a second signal removes */
    sigset_t set, old;          /* the two signals; the mask before */
    pthread_t thread;
    int on; /* the thread runs */
};

static void say(const char *m)
{
    ssize_t r = write(STDERR_FILENO, m, strlen(m));
    (void)r;
}

static void *sigwatch_main(void *arg)
{
    struct sigwatch *s = arg;
    const struct timespec tick = {0, 100 * 1000 * 1000};
    const char *tmp;
    int sig;

    while (!atomic_load(&s->done)) {
        sig = sigtimedwait(&s->set, NULL, &tick);
        if (sig <= 0 || sig == SIGWATCH_WAKE)
            continue;
        if (!atomic_load(&s->cancel) && s->sh->ckpt && !ls_ckpt_stopping(s->sh->ckpt)) {
            ls_ckpt_stop(s->sh->ckpt, sig); /* the files in progress end, then a checkpoint */
            ls_progress_halt(s->sh->progress);
            say("\nleakscan: interrupted: finishing the files in progress (at most 10 s), "
                "writing the checkpoint, then the report of what was done (interrupt again to "
                "stop at once)\n");
            continue;
        }
        if (!atomic_load(&s->cancel) && !ls_ckpt_stopping(s->sh->ckpt)) {
            atomic_store(&s->cancel, sig);
            ls_progress_halt(s->sh->progress); /* the line stops; the message stands alone */
            say("\nleakscan: interrupted: stopping, then writing the report of what was done "
                "(interrupt again to stop at once)\n");
            continue;
        }
        /* with --checkpoint, they are the lines its resumed scan goes on */
        if (!s->sh->ckpt && (tmp = ls_outfile_tmp(ls_sink_file(s->sh->inventory))) != NULL)
            unlink(tmp);
        if (!s->sh->ckpt && (tmp = ls_outfile_tmp(ls_sink_file(s->sh->findings))) != NULL)
            unlink(tmp);
        say("leakscan: interrupted again: stopped, no report written\n");
        _exit(128 + sig);
    }
    return NULL;
}

/* Blocks the two signals in this thread (and so in every thread it starts)
 * and starts the signal thread; without it, signals keep their default.  A
 * signal the process was started with ignored (SIGINT for a background job
 * of a shell) stays ignored. */
static void sigwatch_start(struct sigwatch *s, const struct ls_shared *sh)
{
    struct sigaction sa;

    memset(s, 0, sizeof *s);
    s->sh = sh;
    sigemptyset(&s->set);
    if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
        sigaddset(&s->set, SIGINT);
    if (sigaction(SIGTERM, NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
        sigaddset(&s->set, SIGTERM);
    sigaddset(&s->set, SIGWATCH_WAKE);
    if (pthread_sigmask(SIG_BLOCK, &s->set, &s->old) != 0)
        return;
    s->on = pthread_create(&s->thread, NULL, sigwatch_main, s) == 0;
    if (!s->on)
        pthread_sigmask(SIG_SETMASK, &s->old, NULL);
}

/* Ends the signal thread.  The signals stay blocked until sigwatch_unblock:
 * one that comes while the outputs are renamed into place waits for them. */
static void sigwatch_stop(struct sigwatch *s)
{
    if (!s->on)
        return;
    atomic_store(&s->done, 1);
    pthread_kill(s->thread, SIGWATCH_WAKE);
    pthread_join(s->thread, NULL);
}

static void sigwatch_unblock(struct sigwatch *s)
{
    if (s->on)
        pthread_sigmask(SIG_SETMASK, &s->old, NULL);
}

/* The progress line's sources: the walk's counters and the workers'. */
struct progress_src {
    struct ls_worker *workers;
    unsigned n;
    _Atomic uint64_t found_files, found_bytes;
    _Atomic int walk_done;
};

static void progress_sample(void *ud, struct ls_progress_sample *s)
{
    struct progress_src *p = ud;
    unsigned i;

    s->files_found = atomic_load_explicit(&p->found_files, memory_order_relaxed);
    s->bytes_found = atomic_load_explicit(&p->found_bytes, memory_order_relaxed);
    s->walk_done = atomic_load_explicit(&p->walk_done, memory_order_relaxed);
    for (i = 0; i < p->n; i++) {
        s->items_done += atomic_load_explicit(&p->workers[i].done_items, memory_order_relaxed);
        s->files_done += atomic_load_explicit(&p->workers[i].disk_files, memory_order_relaxed);
        s->bytes_done += atomic_load_explicit(&p->workers[i].disk_bytes, memory_order_relaxed);
    }
}

static void *worker_main(void *arg)
{
    struct ls_worker *w = arg;
    struct ls_item *it;

    while ((it = ls_queue_pop(w->sh->queue)) != NULL) {
        if (it->kind == LS_ITEM_CHUNK) { /* always: its cutter waits for it */
            ls_worker_process(w, it);
        } else {
            int go = !w->fatal && !atomic_load_explicit(w->sh->cancel, memory_order_relaxed);
            /* stopping for a checkpoint: no new unit starts */
            if (it->kind != LS_ITEM_BLOB && ls_ckpt_stopping(w->sh->ckpt))
                go = 0;
            if (go && it->kind == LS_ITEM_FILE)
                ls_worker_files(w, it); /* and the small documents right behind it */
            else if (go)
                ls_worker_process(w, it);
            if (go && it->kind == LS_ITEM_NOTE && w->sh->ckpt &&
                !atomic_load_explicit(w->sh->cancel, memory_order_relaxed))
                ls_ckpt_unit_done(w->sh->ckpt, it->unit, NULL);
            if (it->kind == LS_ITEM_FILE)
                atomic_fetch_add_explicit(&w->disk_files, 1, memory_order_relaxed);
            ls_item_free(it);
        }
        ls_queue_done(w->sh->queue);
    }
    return NULL;
}

/* What the walker's callbacks need: the queue, and for --shard the root
 * being walked. */
struct walk_ud {
    struct ls_queue *queue;
    const struct ls_config *cfg;
    const struct ls_shared *sh;
    const char *root;
    size_t root_len;
    struct ls_sample_live *sample; /* --sample, else NULL */
    unsigned root_index;
};

/* --checkpoint: whether the walked path is a unit done by an earlier run
 * (*unit: its hash); else a checkpoint may be taken here, between units. */
static int walk_done_before(const struct walk_ud *u, const char *path, size_t plen, uint64_t *unit)
{
    const char *rel;
    size_t rl;

    *unit = 0;
    if (!u->sh->ckpt)
        return 0;
    rel = ls_shard_rel(u->root, u->root_len, path, plen, &rl);
    if (ls_ckpt_walked(u->sh->ckpt, u->root_index, path, rel, rl, unit))
        return 1;
    ls_worker_checkpoint(u->sh, 0, UINT64_MAX);
    return atomic_load(u->sh->cancel) != 0;
}

/* Whether the walked path is this shard's (shard.h): by its path relative
 * to the root; a lone root that is a file is everyone's (its entries are
 * shared out by the workers, worker.c). */
static int walk_mine(const struct walk_ud *u, const char *path, size_t plen)
{
    const char *rel;
    size_t rl;

    if (u->cfg->shard_n <= 1 && u->cfg->sample <= 0)
        return 1;
    if (u->cfg->ninputs == 1 && plen == u->root_len)
        return 1;
    rel = ls_shard_rel(u->root, u->root_len, path, plen, &rl);
    if (u->sample) { /* --sample: every unit met is one of the population */
        atomic_fetch_add(&u->sample->walk_units, 1);
        return ls_sample_mine(u->cfg->sample, u->cfg->sample_seed, rel, rl);
    }
    return ls_shard_mine(u->cfg->shard_k, u->cfg->shard_n, rel, rl);
}

/* The walker's callbacks push items (blocking when the queue is full). */
static void walk_file(void *ud, const char *path, size_t plen)
{
    struct walk_ud *u = ud;
    struct ls_item *it;
    uint64_t unit;

    if (!walk_mine(u, path, plen) || walk_done_before(u, path, plen, &unit))
        return;
    it = ls_item_new(LS_ITEM_FILE, path, plen, 0);
    if (!it)
        return;
    it->unit = unit;
    ls_queue_push(u->queue, it);
}

static void walk_note(void *ud, const char *path, size_t plen, const char *type,
                      enum ls_outcome outcome, const char *reason)
{
    struct walk_ud *u = ud;
    struct ls_item *it;
    uint64_t unit;

    if (!walk_mine(u, path, plen) || walk_done_before(u, path, plen, &unit))
        return;
    it = ls_item_new(LS_ITEM_NOTE, path, plen, 0);
    if (!it)
        return;
    it->unit = unit;
    it->note_status = (int)outcome;
    it->note_reason = strdup(reason);
    it->note_type = strdup(type);
    if (!it->note_reason || !it->note_type) {
        ls_item_free(it);
        return;
    }
    ls_queue_push(u->queue, it);
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

/* Opens --inventory (which 0) or --findings (1); with --checkpoint, on its
 * kept file, which a resumed scan goes on writing. */
static ls_status sink_open(const struct ls_shared *sh, const char *path, int which,
                           struct ls_sink **s, char *err, size_t errlen)
{
    char e2[768];
    ls_status st;

    if (!sh->ckpt)
        return ls_sink_open(path, s, err, errlen);
    st = ls_sink_open_kept(path, ls_ckpt_stream(sh->ckpt, which), s, e2, sizeof e2);
    if (st == LS_EUSAGE && ls_ckpt_stream(sh->ckpt, which) >= 0)
        snprintf(err, errlen,
                 "%s: refused: the %s lines of the interrupted scan are lost (%s): delete %s to "
                 "start over",
                 sh->cfg->checkpoint, which ? "findings" : "inventory", e2, sh->cfg->checkpoint);
    else if (st != LS_OK)
        snprintf(err, errlen, "%s", e2);
    return st;
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
    } else if (cfg->checkpoint) { /* FILE.key: the same key when the scan resumes */
        if (ls_ckpt_key(cfg, sh->key, err, errlen) != 0)
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
    if (cfg->checkpoint &&
        (st = ls_ckpt_open(cfg, *rules, sh->key, &sh->ckpt, err, errlen)) != LS_OK)
        return st;
    /* Before the sinks: --findings may be a file in --output-dir. */
    if (cfg->output_dir && (st = ls_report_dir_make(cfg->output_dir, err, errlen)) != LS_OK)
        return st;
    if (cfg->inventory &&
        (st = sink_open(sh, cfg->inventory, 0, &sh->inventory, err, errlen)) != LS_OK)
        return st;
    if (cfg->findings &&
        (st = sink_open(sh, cfg->findings, 1, &sh->findings, err, errlen)) != LS_OK)
        return st;
    return ls_queue_new((size_t)sh->nworkers * QUEUE_ITEMS_PER_WORKER, cfg->limits.max_queue_bytes,
                        &sh->queue);
}

/* Closes the sinks — renamed into place when commit > 0, removed when 0,
 * kept for a resumed scan when < 0 (--checkpoint) — (a failure to write
 * them out is the scan's error when it had none); with --checkpoint and
 * commit > 0 (the scan complete), removes the checkpoint; wipes
 * the passwords and the key, frees the rest; but when workers were
 * abandoned (still running), only closes the sinks' files: the rest, the
 * sinks included, is theirs until the process exits. */
static ls_status shared_release(const struct ls_config *cfg, struct ls_shared *sh,
                                struct ls_ruleset *rules, int commit, int abandoned, ls_status st,
                                char *err, size_t errlen)
{
    char err2[256];
    ls_status st2;
    size_t i;

    /* An abandoned worker may still hand a line to a sink: the sinks are
     * then closed under their lock and left allocated (lines dropped). */
    ls_status (*close_sink)(struct ls_sink *, int, char *, size_t) =
        abandoned ? ls_sink_finish : ls_sink_close;

    st2 = close_sink(sh->inventory, commit, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->inventory, err2);
    }
    st2 = close_sink(sh->findings, commit, err2, sizeof err2);
    if (st == LS_OK && st2 != LS_OK) {
        st = st2;
        snprintf(err, errlen, "%s: %s", cfg->findings, err2);
    }
    if (abandoned)
        return st;
    if (sh->ckpt && commit > 0 && st == LS_OK)
        ls_ckpt_remove(sh->ckpt); /* complete: nothing to resume */
    ls_ckpt_free(sh->ckpt);
    ls_queue_free(sh->queue);
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
        workers[i].slot = i;
    }
    for (*started = 0; *started < sh->nworkers; (*started)++)
        if (pthread_create(&workers[*started].thread, NULL, worker_main, &workers[*started]) != 0) {
            snprintf(err, errlen, "cannot start a worker thread");
            return LS_EFATAL;
        }
    return LS_OK;
}

/* The line is drawn when stderr is a terminal, unless --no-progress. */
static int progress_wanted(const struct ls_config *cfg)
{
    return cfg->progress != 0 && isatty(STDERR_FILENO);
}

static double mono_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Joins the workers.  Once the scan is interrupted, a worker still running
 * ABANDON_SECONDS later (stuck in a parser that does not read through the
 * budget) is marked abandoned and left running. */
#define ABANDON_SECONDS 1.5
static void join_workers(const struct ls_shared *sh, struct ls_worker *workers, unsigned n)
{
    double seen = 0;
    struct timespec dl;
    unsigned i;

    for (i = 0; i < n; i++)
        for (;;) {
            clock_gettime(CLOCK_REALTIME, &dl);
            dl.tv_nsec += 100 * 1000 * 1000;
            if (dl.tv_nsec >= 1000000000) {
                dl.tv_sec++;
                dl.tv_nsec -= 1000000000;
            }
            if (pthread_timedjoin_np(workers[i].thread, NULL, &dl) == 0)
                break;
            if (sh->ckpt) /* stopping for a checkpoint: at most LS_CKPT_GRACE */
                ls_ckpt_grace(sh->ckpt, sh->cancel);
            if (!atomic_load(sh->cancel))
                continue;
            if (seen == 0)
                seen = mono_now();
            if (mono_now() - seen > ABANDON_SECONDS) {
                workers[i].abandoned = 1;
                break;
            }
        }
}

/* The scan's own output files (device, inode), so that the walk never scans
 * them: the sinks' temporary files, what is now at each output path, and
 * the report files of --output-dir (from an earlier run). */
static size_t own_outputs(const struct ls_config *cfg, const struct ls_shared *sh, dev_t *dev,
                          ino_t *ino)
{
    const char *paths[4] = {cfg->output, cfg->inventory, cfg->findings, cfg->partial};
    const struct ls_sink *sinks[2] = {sh->inventory, sh->findings};
    char dpath[4096];
    const char *name;
    struct stat st;
    size_t n = 0, i;

    for (i = 0; i < 2; i++)
        if (sinks[i] && ls_outfile_id(ls_sink_file(sinks[i]), &dev[n], &ino[n]) == 0)
            n++;
    for (i = 0; i < 4; i++)
        if (paths[i] && strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
            S_ISREG(st.st_mode)) {
            dev[n] = st.st_dev;
            ino[n++] = st.st_ino;
        }
    for (i = 0; cfg->output_dir && (name = ls_report_out_file(i)) != NULL && n < MAX_OWN; i++)
        if ((size_t)snprintf(dpath, sizeof dpath, "%s/%s", cfg->output_dir, name) < sizeof dpath &&
            lstat(dpath, &st) == 0 && S_ISREG(st.st_mode)) {
            dev[n] = st.st_dev;
            ino[n++] = st.st_ino;
        }
    return n;
}

/* Walks every input into the queue, closes it and waits for the workers
 * (and the progress line) to finish. */
static ls_status walk_and_wait(const struct ls_config *cfg, struct ls_shared *sh,
                               struct ls_worker *workers, unsigned started, ls_status st)
{
    struct ls_walk_cb wcb;
    struct walk_ud wud = {sh->queue, cfg, sh, NULL, 0, sh->sample, 0};
    dev_t own_dev[MAX_OWN];
    ino_t own_ino[MAX_OWN];
    struct progress_src src;
    size_t i;

    memset(&src, 0, sizeof src);
    src.workers = workers;
    src.n = started;
    if (st == LS_OK && sh->progress)
        ls_progress_start(sh->progress, progress_sample, &src, 0);
    memset(&wcb, 0, sizeof wcb);
    wcb.ud = &wud;
    wcb.file = walk_file;
    wcb.note = walk_note;
    wcb.cancel = sh->cancel;
    wcb.own_dev = own_dev;
    wcb.own_ino = own_ino;
    wcb.nown = own_outputs(cfg, sh, own_dev, own_ino);
    wcb.found_files = &src.found_files;
    wcb.found_bytes = &src.found_bytes;
    for (i = 0; st == LS_OK && i < cfg->ninputs && !atomic_load(sh->cancel); i++) {
        wud.root = cfg->inputs[i];
        wud.root_len = strlen(wud.root);
        wud.root_index = (unsigned)i;
        st = ls_walk(cfg->inputs[i], cfg->follow_symlinks, &wcb);
    }
    atomic_store_explicit(&src.walk_done, 1, memory_order_relaxed);
    if (sh->sample)
        atomic_store(&sh->sample->walk_bytes, atomic_load(&src.found_bytes));
    ls_queue_close(sh->queue);
    join_workers(sh, workers, started);
    ls_progress_halt(sh->progress); /* erased before the report is printed */
    if (sh->ckpt && ls_ckpt_skipped(sh->ckpt))
        fprintf(stderr, "leakscan: checkpoint: %llu units done before were skipped\n",
                (unsigned long long)ls_ckpt_skipped(sh->ckpt));
    return st;
}

/* The worker everything is merged into: the first one not abandoned (worker
 * 0 but after an interrupt with a stuck parser), or -1 when none is left. */
static int merge_target(const struct ls_worker *workers, unsigned nw)
{
    for (unsigned i = 0; i < nw; i++)
        if (!workers[i].abandoned)
            return (int)i;
    return -1;
}

/* A worker's fatal status stops the scan; otherwise everything is merged
 * once, into worker t's tally and first matcher (abandoned workers left out). */
static ls_status workers_merge(struct ls_worker *workers, unsigned nw, unsigned t, int have_rules,
                               char *err, size_t errlen)
{
    ls_status st = LS_OK;
    unsigned i, k;

    for (i = 0; i < nw; i++)
        if (workers[i].fatal && !workers[i].abandoned) {
            snprintf(err, errlen, "%s", workers[i].fatal_msg);
            return workers[i].fatal;
        }
    for (i = 0; i < nw && st == LS_OK; i++)
        if (i != t && !workers[i].abandoned)
            st = ls_tally_merge(workers[t].tally, workers[i].tally);
    if (have_rules)
        for (i = 0; i < nw && st == LS_OK; i++)
            for (k = (i == t); k < LS_WORKER_MATCHERS && st == LS_OK && !workers[i].abandoned; k++)
                if (workers[i].matchers[k])
                    st = ls_matcher_merge(workers[t].matchers[0], workers[i].matchers[k]);
    if (have_rules) /* what the workers matched of large items' chunks */
        for (i = 0; i < nw && st == LS_OK; i++)
            if (workers[i].chunk_m && !workers[i].abandoned)
                st = ls_matcher_merge(workers[t].matchers[0], workers[i].chunk_m);
    for (i = 0; i < nw && st == LS_OK; i++) /* --sample: the sampled units */
        if (i != t && workers[i].sacc && !workers[i].abandoned)
            st = ls_sample_acc_merge(workers[t].sacc, workers[i].sacc);
    return st;
}

/* --sample: the estimates from the merged sampled units and the
 * population as counted. */
static ls_status sample_estimate(const struct ls_config *cfg, struct ls_shared *sh,
                                 const struct ls_sample_acc *acc, struct ls_sample_result *out)
{
    struct ls_sample_pop pop;

    ls_sample_live_pop(sh->sample, &pop);
    return ls_sample_estimate(acc, &pop, cfg->sample, cfg->sample_seed, out);
}

/* The merged tally and matcher the report is written from: worker t's, or,
 * when every worker was abandoned, new empty ones (*spare_*, to free). */
static ls_status report_source(struct ls_worker *workers, int t, const struct ls_shared *sh,
                               struct ls_tally **tally, struct ls_matcher **m,
                               struct ls_tally **spare_t, struct ls_matcher **spare_m)
{
    ls_status st;

    if (t >= 0) {
        *tally = workers[t].tally;
        *m = sh->rules ? workers[t].matchers[0] : NULL;
        return LS_OK;
    }
    if ((st = ls_tally_new(spare_t)) != LS_OK)
        return st;
    *tally = *spare_t;
    *m = NULL;
    if (sh->rules && (st = ls_matcher_new(sh->rules, sh->cfg, sh->key, NULL, spare_m)) != LS_OK)
        return st;
    *m = *spare_m;
    return LS_OK;
}

/* --fail-on: the conditions read the report's own "categories", "records"
 * and "exposure" sections, so a scan and a diff of reports agree.  The
 * first condition that holds is named in end->fail_what. */
#define FAIL_ON_JSON_MAX ((size_t)64 << 20)
ls_status ls_engine_fail_on(const struct ls_config *cfg, const struct ls_matcher *m,
                            struct ls_run_end *end, char *err, size_t errlen)
{
    struct ls_strbuf b;
    struct ls_jsonw j;
    json_error_t jerr;
    json_t *rep;
    size_t i;

    ls_strbuf_init(&b, FAIL_ON_JSON_MAX);
    ls_jsonw_init(&j, &b, 0);
    ls_jsonw_obj_begin(&j);
    ls_matcher_report_json(m, &j);
    ls_jsonw_obj_end(&j);
    rep = b.overflow ? NULL : json_loadb(b.data, b.len, 0, &jerr);
    ls_strbuf_free(&b);
    if (!rep) {
        snprintf(err, errlen, "--fail-on: the report's sections cannot be read back");
        return LS_EFATAL;
    }
    for (i = 0; i < cfg->fail_on.n && !end->fail_on; i++)
        end->fail_on =
            ls_failon_holds(&cfg->fail_on.c[i], rep, end->fail_what, sizeof end->fail_what);
    json_decref(rep);
    return LS_OK;
}

/* --checkpoint, once the workers are merged: the earlier runs' counts are
 * added in; a scan stopped (Ctrl-C) whose units in progress all ended
 * writes its checkpoint, and is reported as interrupted by that signal. */
static ls_status ckpt_end(const struct ls_shared *sh, struct ls_report_info *info,
                          struct ls_tally *t, struct ls_matcher *m, char *err, size_t errlen)
{
    struct ls_ckpt *ck = sh->ckpt;
    _Atomic int *cancel = sh->cancel;
    ls_status st = ls_ckpt_absorb(ck, t, m, info);
    int stop = ls_ckpt_stopping(ck);

    if (st != LS_OK || !stop || atomic_load(cancel))
        return st;
    info->signal = stop;
    atomic_store(cancel, stop);
    return ls_ckpt_write_final(ck, sh->inventory, sh->findings, info, t, m, err, errlen);
}

/* No core dump while leak text is in memory: the core-file limit is 0 and
 * the process is not dumpable (which also keeps other processes of the same
 * user from attaching to it or reading its memory through /proc).  Neither
 * is undone: the process ends with the scan. */
static void harden(const struct ls_config *cfg)
{
    struct rlimit rl = {0, 0};

    if (setrlimit(RLIMIT_CORE, &rl) != 0)
        fprintf(stderr, "leakscan: warning: cannot turn core dumps off: %s\n", strerror(errno));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        fprintf(stderr, "leakscan: warning: cannot make the process undumpable: %s\n",
                strerror(errno));
    ls_wipe_set(cfg->paranoid);
    if (cfg->debug_hardening && getrlimit(RLIMIT_CORE, &rl) == 0)
        fprintf(stderr, "leakscan: debug: core limit %llu/%llu, dumpable %d, paranoid %d\n",
                (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max,
                prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), ls_wipe_on());
}

ls_status ls_engine_run(const struct ls_config *cfg, struct ls_run_end *end, char *err,
                        size_t errlen)
{
    struct sigwatch sw;
    int commit = 0, t;
    struct ls_tally *tally, *spare_t = NULL;
    struct ls_matcher *matcher, *spare_m = NULL;
    struct ls_shared sh;
    struct ls_worker *workers = NULL;
    struct ls_ruleset *rules = NULL;
    struct ls_report_info info;
    unsigned made = 0, started = 0, i;
    ls_status st;
    struct timespec t0, t1;
    struct ls_sample_live slive;
    struct ls_sample_result sres;

    memset(&sh, 0, sizeof sh);
    memset(&slive, 0, sizeof slive);
    memset(&sres, 0, sizeof sres);
    if (cfg->sample > 0)
        sh.sample = &slive;
    memset(&info, 0, sizeof info);
    err[0] = '\0';
    harden(cfg);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    info.started_at = time(NULL);
    sh.cfg = cfg;
    sh.env.lim = &cfg->limits;
    sh.nworkers = worker_count(cfg);
    end->signal = 0;
    end->abandoned = 0;
    /* Before the signal thread starts: it erases the line on an interrupt. */
    if (progress_wanted(cfg) && ls_progress_new(STDERR_FILENO, sh.nworkers, &sh.progress) != LS_OK)
        sh.progress = NULL; /* no line, the scan goes on */
    sigwatch_start(&sw, &sh);
    sh.cancel = &sw.cancel;

    if ((st = shared_setup(cfg, &sh, &rules, err, errlen)) != LS_OK)
        goto out;
    workers = calloc(sh.nworkers, sizeof *workers);
    if (!workers) {
        st = LS_ENOMEM;
        goto out;
    }
    sh.workers = workers;
    st = workers_start(&sh, workers, &made, &started, err, errlen);
    if (st != LS_OK && started == 0)
        goto out; /* no thread runs */
    st = walk_and_wait(cfg, &sh, workers, started, st);
    if (st != LS_OK)
        goto out;
    for (i = 0; i < started; i++)
        end->abandoned += workers[i].abandoned != 0;
    t = merge_target(workers, sh.nworkers);
    if (t >= 0 && (st = workers_merge(workers, sh.nworkers, (unsigned)t, rules != NULL, err,
                                      errlen)) != LS_OK)
        goto out;
    if ((st = report_source(workers, t, &sh, &tally, &matcher, &spare_t, &spare_m)) != LS_OK)
        goto out;
    commit = 1; /* the inventory and findings hold the scan's lines: keep them */
    info.signal = end->signal = atomic_load(&sw.cancel);
    info.abandoned = end->abandoned;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    info.elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    info.threads = sh.nworkers;
    info.rules = rules;
    info.matcher = matcher;
    if (sh.sample && t >= 0 && (st = sample_estimate(cfg, &sh, workers[t].sacc, &sres)) != LS_OK)
        goto out;
    info.sample = sh.sample && t >= 0 ? &sres : NULL;
    if (sh.ckpt && (st = ckpt_end(&sh, &info, tally, matcher, err, errlen)) != LS_OK)
        goto out;
    end->signal = info.signal;
    if (sh.findings && ls_sink_file(sh.findings)) {
        /* The derived formats (SARIF) read the findings back: flushed to
         * the temporary file, which is renamed into place afterwards. */
        const struct ls_outfile *fo = ls_sink_file(sh.findings);

        if (fflush(ls_outfile_stream(fo)) == 0)
            info.findings_file = ls_outfile_tmp(fo);
    }
    if (cfg->partial) /* a shard: the counts for leakscan merge, no report */
        st = ls_partial_write(cfg, &info, sh.key, tally, matcher, err, errlen);
    else
        st = ls_report_write(cfg, &info, tally, err, errlen);
    if (st == LS_OK && cfg->fail_on.n && matcher && !cfg->partial)
        st = ls_engine_fail_on(cfg, matcher, end, err, errlen);

out:
    ls_sample_result_free(&sres);
    ls_matcher_free(spare_m);
    ls_tally_free(spare_t);
    if (workers && !end->abandoned) { /* else: still in use by the stuck threads */
        for (i = 0; i < made; i++)
            ls_worker_fini(&workers[i]);
        free(workers);
    }
    sigwatch_stop(&sw);
    if (!end->abandoned) /* else an abandoned worker may still name its item */
        ls_progress_free(sh.progress);
    else
        ls_progress_halt(sh.progress);
    if (sh.ckpt && (commit <= 0 || st != LS_OK || info.signal))
        commit = -1; /* unfinished: the sinks' lines are kept for the scan that resumes */
    st = shared_release(cfg, &sh, rules, commit, end->abandoned != 0, st, err, errlen);
    sigwatch_unblock(&sw);
    return st;
}
