/* isolate.c — the pool of unpack children and the messages (isolate.h).
 *
 * A child is the leakscan binary itself (/proc/self/exe) started with
 * posix_spawn and the hidden subcommand LS_ISO_SUBCOMMAND; its end of the
 * socket pair is descriptor 3, every other descriptor of ours is
 * close-on-exec.  The parent's end is non-blocking, so that waiting for a
 * reply can watch the clock: a child that sends nothing for
 * max_item_seconds after a request is killed, and so is one whose input
 * ran out of time or whose scan was interrupted. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "isolate.h"
#include "wipe.h"

extern char **environ;

/* How often a waiting parent looks at the clock and the interrupt flag. */
#define TICK_MS 100
/* Bytes read from a child at once: a document's last records and its end
 * usually arrive together, and one read takes them (and a header with its
 * payload) instead of one read per part. */
#define RX_BYTES (64u << 10)

struct ls_child {
    int pid;    /* 0: no process */
    int thread; /* a thread runs the child (serve_in_thread) */
    pthread_t tid;
    int sock;           /* the parent's end, non-blocking; -1 without a process */
    double last;        /* monotonic time of the last request sent or byte received */
    double max_silence; /* seconds (0: no limit) */
    unsigned char *buf; /* payload of the last message */
    size_t cap;         /* its room */
    unsigned char *rx;  /* RX_BYTES read ahead from the socket (lazily made) */
    size_t rx_pos;      /* next unread byte of rx */
    size_t rx_len;      /* bytes in rx */
    char why[64];       /* how the last process here ended */
    uint64_t serial;    /* the pool's count of children started when this one started */
};

struct ls_isolate {
    struct ls_isolate_conf conf;
    struct ls_child kids[LS_ISO_LEVELS];
    uint64_t spawned;
};

static double mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ls_iso_send(int sock, const struct ls_iso_msg *m, const void *payload, int fd)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    struct iovec iov[2];
    struct msghdr mh;
    size_t total = sizeof *m + m->len, sent = 0;
    ssize_t r;

    while (sent < total) {
        size_t k = 0, off = sent;
        memset(&mh, 0, sizeof mh);
        if (off < sizeof *m) {
            iov[k].iov_base = (char *)m + off;
            iov[k++].iov_len = sizeof *m - off;
            off = 0;
        } else {
            off -= sizeof *m;
        }
        if (m->len > off) {
            iov[k].iov_base = (char *)payload + off;
            iov[k++].iov_len = m->len - off;
        }
        mh.msg_iov = iov;
        mh.msg_iovlen = k;
        if (sent == 0 && fd >= 0) { /* the descriptor rides with the first byte */
            struct cmsghdr *c;
            memset(&ctl, 0, sizeof ctl);
            mh.msg_control = ctl.buf;
            mh.msg_controllen = sizeof ctl.buf;
            c = CMSG_FIRSTHDR(&mh);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int));
            memcpy(CMSG_DATA(c), &fd, sizeof fd);
        }
        r = sendmsg(sock, &mh, MSG_NOSIGNAL);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                struct pollfd p = {sock, POLLOUT, 0};
                if (poll(&p, 1, -1) < 0 && errno != EINTR)
                    return -1;
                continue;
            }
            return -1;
        }
        sent += (size_t)r;
    }
    return 0;
}

/* --- the pool ----------------------------------------------------------------- */

ls_status ls_isolate_new(const struct ls_isolate_conf *conf, struct ls_isolate **out)
{
    struct ls_isolate *iso = calloc(1, sizeof *iso);
    unsigned i;

    *out = NULL;
    if (!iso)
        return LS_ENOMEM;
    iso->conf = *conf;
    for (i = 0; i < LS_ISO_LEVELS; i++) {
        iso->kids[i].sock = -1;
        iso->kids[i].max_silence = conf->max_item_seconds;
    }
    *out = iso;
    return LS_OK;
}

/* Reaps the process (blocking: it has exited or was killed) and says how
 * it ended when it was not killed on purpose (why == NULL). */
static void child_reap(struct ls_child *ch, const char *why)
{
    int status = 0;
    pid_t r;

    if (ch->sock >= 0)
        close(ch->sock);
    ch->sock = -1;
    if (ch->thread) {
        /* Killed: it may be stuck in libarchive, so it is left to finish
         * on its own; otherwise it has seen the closed socket and ends. */
        if (why)
            pthread_detach(ch->tid);
        else
            pthread_join(ch->tid, NULL);
        ch->thread = 0;
        snprintf(ch->why, sizeof ch->why, "%s", why ? why : "parser ended");
    }
    if (ch->pid > 0) {
        do
            r = waitpid(ch->pid, &status, 0);
        while (r < 0 && errno == EINTR);
        if (why)
            snprintf(ch->why, sizeof ch->why, "%s", why);
        else if (r > 0 && WIFSIGNALED(status))
            snprintf(ch->why, sizeof ch->why, "parser crashed (signal %d)", WTERMSIG(status));
        else if (r > 0 && WIFEXITED(status) && WEXITSTATUS(status) == LS_ISO_EXIT_NOMEM)
            snprintf(ch->why, sizeof ch->why, "parser out of memory");
        else if (r > 0 && WIFEXITED(status))
            snprintf(ch->why, sizeof ch->why, "parser crashed (exit %d)", WEXITSTATUS(status));
        else
            snprintf(ch->why, sizeof ch->why, "parser crashed");
    }
    ch->pid = 0;
}

void ls_child_kill(struct ls_child *ch)
{
    if (ch->pid > 0)
        kill(ch->pid, SIGKILL);
    child_reap(ch, "parser killed");
}

const char *ls_child_why(const struct ls_child *ch)
{
    return ch->why[0] ? ch->why : "parser crashed";
}

/* Ends an idle child: its socket closed, it reads the end and exits; one
 * that does not within a second is killed. */
static void child_stop(struct ls_child *ch)
{
    int i, status;

    if (ch->thread) {
        close(ch->sock);
        ch->sock = -1;
        pthread_join(ch->tid, NULL);
        ch->thread = 0;
        return;
    }
    if (ch->pid <= 0)
        return;
    close(ch->sock);
    ch->sock = -1;
    for (i = 0; i < 100; i++) {
        if (waitpid(ch->pid, &status, WNOHANG) != 0) {
            ch->pid = 0;
            return;
        }
        usleep(10000);
    }
    kill(ch->pid, SIGKILL);
    child_reap(ch, "parser killed");
}

void ls_child_retire(struct ls_child *ch)
{
    child_stop(ch);
}

void ls_child_drop(struct ls_child *ch)
{
    if (ch->thread || ch->pid <= 0)
        child_stop(ch);
    else
        ls_child_kill(ch);
}

uint64_t ls_child_serial(const struct ls_child *ch)
{
    return ch->serial;
}

void ls_isolate_free(struct ls_isolate *iso)
{
    unsigned i;

    if (!iso)
        return;
    for (i = 0; i < LS_ISO_LEVELS; i++) {
        child_stop(&iso->kids[i]);
        ls_wipe_free(iso->kids[i].buf, iso->kids[i].cap);
        ls_wipe_free(iso->kids[i].rx, iso->kids[i].rx ? RX_BYTES : 0);
    }
    free(iso);
}

uint64_t ls_isolate_spawned(const struct ls_isolate *iso)
{
    return iso ? iso->spawned : 0;
}

static void send_passwords(struct ls_isolate *iso, struct ls_child *ch);

/* A started child (process pid, or a thread with pid 0) takes the slot:
 * the parent's end of its socket made non-blocking, the passwords sent. */
static ls_status child_attach(struct ls_isolate *iso, struct ls_child *ch, int pid, int sock)
{
    iso->spawned++;
    ch->serial = iso->spawned;
    ch->pid = pid;
    ch->sock = sock;
    ch->rx_pos = ch->rx_len = 0; /* nothing of an earlier child's is read */
    ch->why[0] = '\0';
    fcntl(ch->sock, F_SETFL, fcntl(ch->sock, F_GETFL) | O_NONBLOCK);
    send_passwords(iso, ch);
    return LS_OK;
}

struct thread_arg {
    int (*serve)(int sock, int in_thread);
    int sock;
};

static void *thread_main(void *p)
{
    struct thread_arg a = *(struct thread_arg *)p;

    free(p);
    a.serve(a.sock, 1);
    return NULL;
}

/* --parser-in-thread: the slot's child is a thread of this process. */
static ls_status thread_start(struct ls_isolate *iso, struct ls_child *ch, int sv[2], char *err,
                              size_t errlen)
{
    struct thread_arg *a = malloc(sizeof *a);
    int rc = a ? 0 : ENOMEM;

    if (a) {
        a->serve = iso->conf.serve_in_thread;
        a->sock = sv[1];
        rc = pthread_create(&ch->tid, NULL, thread_main, a);
        if (rc != 0)
            free(a);
    }
    if (rc != 0) {
        close(sv[0]);
        close(sv[1]);
        snprintf(err, errlen, "parser could not start: %s", strerror(rc));
        return LS_EFAILED;
    }
    ch->thread = 1;
    return child_attach(iso, ch, 0, sv[0]);
}

/* Starts the process of one slot and sends it the passwords. */
static ls_status child_start(struct ls_isolate *iso, struct ls_child *ch, char *err, size_t errlen)
{
    posix_spawn_file_actions_t fa;
    char mem[32], ppid[32], flags[4] = "-";
    char *argv[] = {"leakscan", LS_ISO_SUBCOMMAND, mem, ppid, flags, NULL};
    int sv[2], rc, pid;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
        snprintf(err, errlen, "parser could not start: %s", strerror(errno));
        return LS_EFAILED;
    }
    if (sv[1] == 3) { /* dup2 onto itself would keep close-on-exec */
        int d = fcntl(sv[1], F_DUPFD_CLOEXEC, 4);
        close(sv[1]);
        sv[1] = d;
    }
    if (iso->conf.serve_in_thread)
        return thread_start(iso, ch, sv, err, errlen);
    snprintf(mem, sizeof mem, "%llu", (unsigned long long)iso->conf.max_memory);
    snprintf(ppid, sizeof ppid, "%ld", (long)getpid());
    snprintf(flags, sizeof flags, "-%s%s", ls_wipe_on() ? "p" : "", iso->conf.debug ? "d" : "");
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
    rc = sv[1] < 0 ? errno : posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (sv[1] >= 0)
        close(sv[1]);
    if (rc != 0) {
        close(sv[0]);
        snprintf(err, errlen, "parser could not start: %s", strerror(rc));
        return LS_EFAILED;
    }
    return child_attach(iso, ch, pid, sv[0]);
}

static void send_passwords(struct ls_isolate *iso, struct ls_child *ch)
{
    size_t i;

    for (i = 0; i < iso->conf.npasswords; i++) {
        struct ls_iso_msg m;
        memset(&m, 0, sizeof m);
        m.type = LS_ISO_PASSWORD;
        m.len = (uint32_t)strlen(iso->conf.passwords[i]);
        if (ls_iso_send(ch->sock, &m, iso->conf.passwords[i], -1) != 0)
            break; /* it died already: the first request finds out how */
    }
}

ls_status ls_isolate_child(struct ls_isolate *iso, unsigned level, struct ls_child **out, char *err,
                           size_t errlen)
{
    struct ls_child *ch;
    ls_status st;

    *out = NULL;
    if (level >= LS_ISO_LEVELS) {
        snprintf(err, errlen, "%s", ls_limit_reason(LS_LIMIT_DEPTH));
        return LS_ELIMIT;
    }
    ch = &iso->kids[level];
    if (ch->pid <= 0 && !ch->thread && (st = child_start(iso, ch, err, errlen)) != LS_OK)
        return st;
    *out = ch;
    return LS_OK;
}

int ls_child_send(struct ls_child *ch, const struct ls_iso_msg *m, const void *payload, int fd)
{
    if (ch->sock < 0)
        return -1;
    ch->last = mono();
    return ls_iso_send(ch->sock, m, payload, fd);
}

/* Reads n bytes from the child, waiting as ls_child_recv says. */
static enum ls_child_wait child_read(struct ls_child *ch, struct ls_budget *b, void *buf, size_t n)
{
    size_t got = 0;
    ssize_t r;
    struct pollfd p;

    while (got < n) {
        if (ch->rx_pos < ch->rx_len) { /* read ahead before */
            size_t k = ch->rx_len - ch->rx_pos < n - got ? ch->rx_len - ch->rx_pos : n - got;
            memcpy((char *)buf + got, ch->rx + ch->rx_pos, k);
            ch->rx_pos += k;
            got += k;
            continue;
        }
        if (n - got < RX_BYTES && (ch->rx || (ch->rx = malloc(RX_BYTES)))) {
            r = read(ch->sock, ch->rx, RX_BYTES);
            if (r > 0) {
                ch->rx_pos = 0;
                ch->rx_len = (size_t)r;
                ch->last = mono();
                continue;
            }
        } else {
            r = read(ch->sock, (char *)buf + got, n - got);
        }
        if (r > 0) {
            got += (size_t)r;
            ch->last = mono();
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            child_reap(ch, NULL);
            return LS_CHILD_DIED;
        }
        p.fd = ch->sock;
        p.events = POLLIN;
        p.revents = 0;
        if (poll(&p, 1, TICK_MS) > 0)
            continue;
        if (b && ls_budget_time(b)) {
            ls_child_kill(ch);
            return LS_CHILD_STOPPED;
        }
        if (ch->max_silence > 0 && mono() - ch->last > ch->max_silence) {
            if (ch->pid > 0)
                kill(ch->pid, SIGKILL);
            child_reap(ch, "parser timed out");
            return LS_CHILD_TIMEOUT;
        }
    }
    return LS_CHILD_MSG;
}

enum ls_child_wait ls_child_recv(struct ls_child *ch, struct ls_budget *b, struct ls_iso_msg *m,
                                 const unsigned char **payload)
{
    enum ls_child_wait w;

    *payload = NULL;
    if (ch->sock < 0)
        return LS_CHILD_DIED;
    if ((w = child_read(ch, b, m, sizeof *m)) != LS_CHILD_MSG)
        return w;
    if (m->len > LS_ISO_MAX_PAYLOAD) {
        ls_child_kill(ch);
        snprintf(ch->why, sizeof ch->why, "parser: malformed message");
        return LS_CHILD_BROKEN;
    }
    if (m->len + 1 > ch->cap) {
        unsigned char *nb = ls_wipe_realloc(ch->buf, ch->cap, (size_t)m->len + 1);
        if (!nb) {
            ls_child_kill(ch);
            snprintf(ch->why, sizeof ch->why, "out of memory");
            return LS_CHILD_BROKEN;
        }
        ch->buf = nb;
        ch->cap = (size_t)m->len + 1;
    }
    if (m->len && (w = child_read(ch, b, ch->buf, m->len)) != LS_CHILD_MSG)
        return w;
    ch->buf[m->len] = '\0'; /* strings come without their NUL */
    *payload = ch->buf;
    return LS_CHILD_MSG;
}
