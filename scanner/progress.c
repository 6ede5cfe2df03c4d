/* progress.c — the progress line on a terminal (progress.h).
 *
 * One thread wakes LS_PROGRESS_HZ times a second, samples the counters
 * through the engine's sampler, and redraws the line under the lock that
 * every other stderr message of the scan takes too (ls_progress_say), so a
 * message never lands in the middle of the line.  Nothing is drawn while
 * the process is not the terminal's foreground job (a write would stop it
 * with SIGTTOU under `stty tostop`). */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "progress.h"
#include "report.h"

/* Erase from the cursor to the end of the line (ECMA-48 EL). */
#define ERASE_LINE "\033[K"
/* Width used when the terminal does not say. */
#define DEFAULT_WIDTH 80
/* Bytes of one drawn line, at most (a wide terminal, multibyte names). */
#define LINE_MAX_BYTES 4096

struct slot {
    pthread_mutex_t lock;
    char path[LS_PROGRESS_ITEM_BYTES]; /* the tail of the item's path */
    size_t len;
    uint64_t seq; /* when it was set, in ls_progress_item calls; 0: never */
};

struct ls_progress {
    int fd;
    unsigned width;       /* fixed width, or 0: ask the terminal each time */
    pthread_mutex_t lock; /* the line and every message */
    pthread_cond_t cond;  /* wakes the thread early (halt) */
    int halted;           /* no more drawing; the thread ends */
    int drawn;            /* a line is on the screen */
    int running;          /* the thread was started */
    pthread_t thread;
    ls_progress_sampler sample;
    void *ud;
    struct timespec t0;
    _Atomic uint64_t seq; /* item counter: the newest item is shown */
    unsigned nslots;
    struct slot *slots;
};

static void put(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t r = write(fd, s, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        s += r;
        n -= (size_t)r;
    }
}

ls_status ls_progress_new(int fd, unsigned nslots, struct ls_progress **out)
{
    struct ls_progress *p = calloc(1, sizeof *p);
    pthread_condattr_t ca;
    unsigned i;

    *out = NULL;
    if (!p || !(p->slots = calloc(nslots ? nslots : 1, sizeof *p->slots))) {
        free(p);
        return LS_ENOMEM;
    }
    p->fd = fd;
    p->nslots = nslots;
    pthread_mutex_init(&p->lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->cond, &ca);
    pthread_condattr_destroy(&ca);
    for (i = 0; i < nslots; i++)
        pthread_mutex_init(&p->slots[i].lock, NULL);
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    *out = p;
    return LS_OK;
}

void ls_progress_item(struct ls_progress *p, unsigned slot, const char *path, size_t len)
{
    struct slot *s;

    if (!p || slot >= p->nslots)
        return;
    s = &p->slots[slot];
    if (len > sizeof s->path) { /* keep the tail: the innermost names */
        path += len - sizeof s->path;
        len = sizeof s->path;
    }
    pthread_mutex_lock(&s->lock);
    memcpy(s->path, path, len);
    s->len = len;
    s->seq = atomic_fetch_add_explicit(&p->seq, 1, memory_order_relaxed) + 1;
    pthread_mutex_unlock(&s->lock);
}

/* --- the line ------------------------------------------------------------------ */

/* n bytes as B, kB, MB, GB, TB (powers of 1000, as the rate's MB/s). */
static void human(uint64_t n, char *buf, size_t len)
{
    const char *u[] = {"B", "kB", "MB", "GB", "TB"};
    double d = (double)n;
    int i = 0;

    while (d >= 1000 && i < 4) {
        d /= 1000;
        i++;
    }
    snprintf(buf, len, i ? "%.1f %s" : "%.0f %s", d, u[i]);
}

/* Display columns of the UTF-8 sequence at s (length *k set), 1 when unknown. */
static int cols_of(const char *s, size_t n, size_t *k)
{
    mbstate_t st;
    wchar_t wc;
    size_t r;
    int w;

    memset(&st, 0, sizeof st);
    r = mbrtowc(&wc, s, n, &st);
    if (r == 0 || r == (size_t)-1 || r == (size_t)-2) {
        *k = 1;
        return 1;
    }
    *k = r;
    w = wcwidth(wc);
    return w < 0 ? 1 : w;
}

/* Appends the tail of s[0..n) that fits in cols columns, with "…" in front
 * when it had to be cut. */
static void append_tail(struct ls_strbuf *out, const char *s, size_t n, unsigned cols)
{
    size_t i = 0, k, *starts;
    unsigned total = 0, *widths, used;
    size_t count = 0, j;

    if (cols == 0)
        return;
    starts = malloc((n + 1) * sizeof *starts);
    widths = malloc((n + 1) * sizeof *widths);
    if (!starts || !widths)
        goto out;
    while (i < n) {
        int w = cols_of(s + i, n - i, &k);
        starts[count] = i;
        widths[count++] = (unsigned)w;
        total += (unsigned)w;
        i += k;
    }
    if (total <= cols) {
        ls_strbuf_append(out, s, n);
        goto out;
    }
    /* "…" takes one column; keep the last characters that fit in cols - 1. */
    used = 0;
    for (j = count; j > 0 && used + widths[j - 1] <= cols - 1; j--)
        used += widths[j - 1];
    ls_strbuf_puts(out, "\xe2\x80\xa6");
    if (j < count)
        ls_strbuf_append(out, s + starts[j], n - starts[j]);
out:
    free(starts);
    free(widths);
}

void ls_progress_format(const struct ls_progress_sample *s, double elapsed, const char *item,
                        size_t item_len, unsigned width, struct ls_strbuf *out)
{
    char a[32], b[32], line[256];
    const char *more = s->walk_done ? "" : "+";
    double rate = elapsed >= 0.5 ? (double)s->bytes_done / elapsed : 0;
    size_t n;
    unsigned cols;
    int len;

    if (width < 2)
        width = 2;
    human(s->bytes_done, a, sizeof a);
    human(s->bytes_found, b, sizeof b);
    len = snprintf(line, sizeof line, "%llu/%llu%s files  %llu items  %s/%s%s",
                   (unsigned long long)s->files_done, (unsigned long long)s->files_found, more,
                   (unsigned long long)s->items_done, a, b, more);
    n = len < 0 ? 0 : (size_t)len < sizeof line ? (size_t)len : sizeof line - 1;
    if (rate > 0) {
        len = snprintf(line + n, sizeof line - n, "  %.1f MB/s", rate / 1e6);
        n += len < 0 ? 0 : (size_t)len < sizeof line - n ? (size_t)len : sizeof line - n - 1;
    }
    /* An ETA only when the total is known, and only over the input bytes:
     * what an archive expands to is not known before it is read. */
    if (s->walk_done && rate > 0 && s->bytes_found > s->bytes_done) {
        double eta = (double)(s->bytes_found - s->bytes_done) / rate;
        unsigned long t = eta > 359999 ? 359999 : (unsigned long)(eta + 0.5);
        if (t >= 3600)
            len = snprintf(line + n, sizeof line - n, "  ETA %lu:%02lu:%02lu", t / 3600,
                           t / 60 % 60, t % 60);
        else
            len = snprintf(line + n, sizeof line - n, "  ETA %lu:%02lu", t / 60, t % 60);
        n += len < 0 ? 0 : (size_t)len < sizeof line - n ? (size_t)len : sizeof line - n - 1;
    }
    cols = width - 1; /* never the last column: some terminals wrap there */
    if (n >= cols) {
        ls_strbuf_append(out, line, cols);
        return;
    }
    ls_strbuf_append(out, line, n);
    if (item && item_len && cols - (unsigned)n > 3) {
        struct ls_strbuf safe;
        ls_strbuf_init(&safe, LS_PROGRESS_ITEM_BYTES * 4 + 16);
        ls_term_safe(&safe, item, item_len);
        if (!safe.overflow && safe.len) {
            ls_strbuf_puts(out, "  ");
            append_tail(out, safe.data, safe.len, cols - (unsigned)n - 2);
        }
        ls_strbuf_free(&safe);
    }
}

/* The newest item of any slot, copied into buf (its length returned). */
static size_t newest_item(struct ls_progress *p, char *buf)
{
    uint64_t best = 0;
    size_t len = 0;
    unsigned i;

    for (i = 0; i < p->nslots; i++) {
        struct slot *s = &p->slots[i];
        pthread_mutex_lock(&s->lock);
        if (s->seq > best) {
            best = s->seq;
            len = s->len;
            memcpy(buf, s->path, len);
        }
        pthread_mutex_unlock(&s->lock);
    }
    return len;
}

static unsigned term_width(const struct ls_progress *p)
{
    struct winsize ws;

    if (p->width)
        return p->width;
    if (ioctl(p->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return DEFAULT_WIDTH;
}

/* Draws one line (the lock held). */
static void draw(struct ls_progress *p, char *item)
{
    struct ls_progress_sample s;
    struct ls_strbuf line;
    struct timespec now;
    size_t ilen;
    pid_t fg = tcgetpgrp(p->fd);

    if (fg >= 0 && fg != getpgrp())
        return; /* a background job: leave the terminal alone */
    memset(&s, 0, sizeof s);
    p->sample(p->ud, &s);
    ilen = newest_item(p, item);
    clock_gettime(CLOCK_MONOTONIC, &now);
    ls_strbuf_init(&line, LINE_MAX_BYTES);
    ls_strbuf_putc(&line, '\r');
    ls_progress_format(
        &s, (double)(now.tv_sec - p->t0.tv_sec) + (double)(now.tv_nsec - p->t0.tv_nsec) / 1e9, item,
        ilen, term_width(p), &line);
    ls_strbuf_puts(&line, ERASE_LINE);
    if (!line.overflow) {
        put(p->fd, line.data, line.len);
        p->drawn = 1;
    }
    ls_strbuf_free(&line);
}

static void *progress_main(void *arg)
{
    struct ls_progress *p = arg;
    struct timespec until;
    char *item = malloc(LS_PROGRESS_ITEM_BYTES);

    if (!item)
        return NULL;
    pthread_mutex_lock(&p->lock);
    while (!p->halted) {
        draw(p, item);
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 1000000000L / LS_PROGRESS_HZ;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!p->halted && pthread_cond_timedwait(&p->cond, &p->lock, &until) == 0)
            ; /* woken early but not halted: sleep out the tick */
    }
    pthread_mutex_unlock(&p->lock);
    free(item);
    return NULL;
}

int ls_progress_start(struct ls_progress *p, ls_progress_sampler sample, void *ud, unsigned width)
{
    if (!p)
        return -1;
    p->sample = sample;
    p->ud = ud;
    p->width = width;
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
    p->running = pthread_create(&p->thread, NULL, progress_main, p) == 0;
    return p->running ? 0 : -1;
}

void ls_progress_say(struct ls_progress *p, const char *msg)
{
    if (!p) {
        put(STDERR_FILENO, msg, strlen(msg));
        return;
    }
    pthread_mutex_lock(&p->lock);
    if (p->drawn)
        put(p->fd, "\r" ERASE_LINE, sizeof "\r" ERASE_LINE - 1);
    p->drawn = 0;
    put(p->fd, msg, strlen(msg));
    pthread_mutex_unlock(&p->lock);
}

void ls_progress_halt(struct ls_progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    if (p->drawn)
        put(p->fd, "\r" ERASE_LINE, sizeof "\r" ERASE_LINE - 1);
    p->drawn = 0;
    p->halted = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

void ls_progress_free(struct ls_progress *p)
{
    unsigned i;

    if (!p)
        return;
    ls_progress_halt(p);
    if (p->running)
        pthread_join(p->thread, NULL);
    for (i = 0; i < p->nslots; i++) {
        memset(p->slots[i].path, 0, sizeof p->slots[i].path);
        pthread_mutex_destroy(&p->slots[i].lock);
    }
    free(p->slots);
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
