/* unpack_child.c — the child's side of isolate.h: libarchive driven by the
 * parent's requests, one container at a time (unpack_child.h), and the
 * loop that also serves document requests (doc_child.c).
 *
 * The child knows nothing of budgets, paths or the inventory: it opens the
 * container it is given (a descriptor it may seek, or a stream whose bytes it
 * asks the parent for), and answers each request with what libarchive
 * returned.  Everything that decides (limits, names, skipped or failed) stays
 * in the parent (unpack.c).  It ignores SIGINT and SIGTERM (the parent
 * decides when it ends), dies with the thread that started it
 * (PR_SET_PDEATHSIG), writes no core file, and may be capped in address
 * space. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "doc_child.h"
#include "isolate.h"
#include "sniff.h"
#include "unpack_child.h"
#include "wipe.h"

/* ASan and TSan reserve terabytes of address space up front: no RLIMIT_AS
 * cap under either. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LS_UNDER_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LS_UNDER_SANITIZER 1
#endif
#endif

#define SRC_BLOCK 65536
#define SOCK_FD 3

struct child {
    int sock;
    struct archive *a;  /* the open container, or NULL */
    int fd;             /* a seekable source, or -1 (a stream from the parent) */
    uint64_t size, pos; /* the seekable source's size and position */
    unsigned char *buf; /* SRC_BLOCK bytes */
    char **pw;          /* passwords */
    size_t npw;
    int raw;               /* the current entry is the raw format's */
    uint64_t consumed0;    /* compressed bytes consumed when the entry began */
    const char *blk;       /* a data block sent in parts: what is left */
    size_t blk_left;       /* its length */
    int64_t blk_off;       /* its offset in the entry (-1: unknown) */
    uint64_t blk_consumed; /* compressed bytes behind it */
    unsigned char *rbuf;   /* the payload of the last request */
    size_t rcap;
    unsigned fault_kind;    /* test hook: 1 crash, 2 hang at header number fault_at */
    unsigned long fault_at; /* (LEAKSCAN_TEST_PARSER_FAULT=crash:N or hang:N) */
    unsigned long headers;  /* headers asked for in this container */
    int in_thread;          /* a thread of the scanner (--parser-in-thread), not a process */
};

static void nomem(void)
{
    _exit(LS_ISO_EXIT_NOMEM);
}

/* Reads one request, with a descriptor when one is attached.  0, or -1 when
 * the parent is gone. */
static int req_read(struct child *c, struct ls_iso_msg *m, int *fd)
{
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    size_t got = 0;
    ssize_t r;

    *fd = -1;
    while (got < sizeof *m) {
        struct iovec iov = {(char *)m + got, sizeof *m - got};
        struct msghdr mh;
        struct cmsghdr *cm;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = ctl.buf;
        mh.msg_controllen = sizeof ctl.buf;
        r = recvmsg(c->sock, &mh, MSG_CMSG_CLOEXEC);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return -1;
        for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
            if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
                memcpy(fd, CMSG_DATA(cm), sizeof *fd);
        got += (size_t)r;
    }
    if (m->len > LS_ISO_MAX_PAYLOAD)
        return -1;
    if (m->len + 1 > c->rcap) {
        unsigned char *nb = ls_wipe_realloc(c->rbuf, c->rcap, (size_t)m->len + 1);
        if (!nb)
            nomem();
        c->rbuf = nb;
        c->rcap = (size_t)m->len + 1;
    }
    for (got = 0; got < m->len; got += (size_t)r) {
        r = read(c->sock, c->rbuf + got, m->len - got);
        if (r < 0 && errno == EINTR) {
            r = 0;
            continue;
        }
        if (r <= 0)
            return -1;
    }
    c->rbuf[m->len] = '\0';
    return 0;
}

/* Sends a reply; a parent that is gone ends the child. */
static void reply(struct child *c, uint32_t type, int r, int err, uint32_t flags, int64_t a,
                  int64_t b, const void *payload, size_t len)
{
    struct ls_iso_msg m;

    memset(&m, 0, sizeof m);
    m.type = type;
    m.r = r;
    m.err = err;
    m.flags = flags;
    m.a = a;
    m.b = b;
    m.len = (uint32_t)(len > LS_ISO_MAX_PAYLOAD ? LS_ISO_MAX_PAYLOAD : len);
    if (ls_iso_send(c->sock, &m, payload, -1) != 0) {
        if (c->in_thread)
            pthread_exit(NULL); /* the parent gave up on it: what it held leaks */
        _exit(0);
    }
}

static void reply_error(struct child *c, uint32_t type, int r)
{
    const char *e = archive_error_string(c->a);

    if (!e)
        e = "";
    reply(c, type, r, archive_errno(c->a), 0, 0, 0, e, strlen(e));
}

/* --- the source libarchive reads ---------------------------------------------- */

static la_ssize_t src_read(struct archive *a, void *ud, const void **out)
{
    struct child *c = ud;
    struct ls_iso_msg m;
    ssize_t n;
    int fd;

    if (c->fd < 0) { /* a stream: ask the parent */
        reply(c, LS_ISO_SRCREQ, 0, 0, 0, SRC_BLOCK, 0, NULL, 0);
        if (req_read(c, &m, &fd) != 0 || m.type != LS_ISO_SRC || m.r > SRC_BLOCK) {
            archive_set_error(a, EIO, "parser: the source was cut");
            return -1;
        }
        if (fd >= 0)
            close(fd);
        if (m.r < 0) {
            archive_set_error(a, (m.flags & LS_ISO_F_LIMIT) ? LS_ISO_ERRNO_LIMIT : EIO, "%s",
                              (const char *)c->rbuf);
            return -1;
        }
        memcpy(c->buf, c->rbuf, (size_t)m.r);
        *out = c->buf;
        return m.r;
    }
    if (c->pos >= c->size)
        return 0;
    n = (ssize_t)(c->size - c->pos < SRC_BLOCK ? c->size - c->pos : SRC_BLOCK);
    n = pread(c->fd, c->buf, (size_t)n, (off_t)c->pos);
    if (n < 0) {
        archive_set_error(a, errno, "%s", strerror(errno));
        return -1;
    }
    *out = c->buf;
    c->pos += (uint64_t)n;
    return n;
}

static la_int64_t src_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
    struct child *c = ud;
    int64_t np;

    (void)a;
    switch (whence) {
    case SEEK_SET:
        np = off;
        break;
    case SEEK_CUR:
        np = (int64_t)c->pos + off;
        break;
    case SEEK_END:
        np = (int64_t)c->size + off;
        break;
    default:
        return ARCHIVE_FATAL;
    }
    if (np < 0)
        return ARCHIVE_FATAL;
    if ((uint64_t)np > c->size)
        np = (int64_t)c->size;
    c->pos = (uint64_t)np;
    return np;
}

static la_int64_t src_skip(struct archive *a, void *ud, la_int64_t n)
{
    struct child *c = ud;
    uint64_t left = c->size - c->pos;

    (void)a;
    if (n < 0)
        return 0;
    if ((uint64_t)n > left)
        n = (la_int64_t)left;
    c->pos += (uint64_t)n;
    return n;
}

/* --- requests --------------------------------------------------------------------- */

static void enable_formats(struct child *c, const struct ls_filters *f, int compressed)
{
    struct archive *a = c->a;
    size_t i;

    /* A compressed stream is read as one raw entry, whatever it holds: the
     * parent sniffs that entry and unpacks it in turn if it is a container.
     * (Letting tar bid on the decompressed data directly would take a
     * gzip of zeros for an empty tar and never look at it.) */
    if (compressed) {
        archive_read_support_format_raw(a);
    } else {
        archive_read_support_format_tar(a);
        archive_read_support_format_zip(a);
        archive_read_support_format_7zip(a);
        archive_read_support_format_rar(a);
        archive_read_support_format_rar5(a);
        archive_read_support_format_cpio(a);
        archive_read_support_format_iso9660(a);
        archive_read_support_format_cab(a);
        archive_read_support_format_lha(a);
        archive_read_support_format_xar(a);
    }
    if (f->gzip)
        archive_read_support_filter_gzip(a);
    if (f->bzip2)
        archive_read_support_filter_bzip2(a);
    if (f->xz)
        archive_read_support_filter_xz(a);
    if (f->lzma)
        archive_read_support_filter_lzma(a);
    if (f->zstd)
        archive_read_support_filter_zstd(a);
    if (f->lz4)
        archive_read_support_filter_lz4(a);
    if (f->compress)
        archive_read_support_filter_compress(a);
    if (f->uu)
        archive_read_support_filter_uu(a);
    for (i = 0; i < c->npw; i++)
        archive_read_add_passphrase(a, c->pw[i]);
}

static void close_container(struct child *c)
{
    if (c->a)
        archive_read_free(c->a);
    c->a = NULL;
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->blk_left = 0;
}

static void on_open(struct child *c, const struct ls_iso_msg *m, int fd)
{
    struct ls_filters f;
    int r;

    close_container(c);
    memset(&f, 0, sizeof f);
    memcpy(&f, c->rbuf, m->len < sizeof f ? m->len : sizeof f);
    c->headers = 0;
    if (!(c->a = archive_read_new()))
        nomem();
    enable_formats(c, &f, (m->flags & LS_ISO_F_COMPRESSED) != 0);
    if ((m->flags & LS_ISO_F_FD) && fd >= 0) {
        c->fd = fd;
        c->size = (uint64_t)m->a;
        c->pos = 0;
        archive_read_set_seek_callback(c->a, src_seek);
        archive_read_set_skip_callback(c->a, src_skip);
    } else if (fd >= 0) {
        close(fd);
    }
    archive_read_set_read_callback(c->a, src_read);
    archive_read_set_callback_data(c->a, c);
    r = archive_read_open1(c->a);
    if (r != ARCHIVE_OK) {
        reply_error(c, LS_ISO_OPENED, r);
        return;
    }
    reply(c, LS_ISO_OPENED, r, 0, 0, archive_filter_count(c->a), 0, NULL, 0);
}

/* The test hook: a parser that crashes or hangs at a given header, so the
 * supervision can be tested without depending on one libarchive defect. */
static void fault_hook(struct child *c)
{
    if (!c->fault_kind || ++c->headers != c->fault_at)
        return;
    if (c->fault_kind == 1)
        raise(SIGSEGV);
    for (;;)
        pause();
}

static void on_next(struct child *c)
{
    struct archive_entry *ent;
    const char *name;
    uint32_t flags = 0;
    int r;

    fault_hook(c);
    c->blk_left = 0;
    if (!c->a) {
        reply(c, LS_ISO_HEADER, ARCHIVE_FATAL, EINVAL, 0, 0, 0, "no archive", 10);
        return;
    }
    r = archive_read_next_header(c->a, &ent);
    if (r == ARCHIVE_EOF) {
        reply(c, LS_ISO_HEADER, r, 0, 0, 0, 0, NULL, 0);
        return;
    }
    if (r < ARCHIVE_WARN) {
        const char *e = archive_error_string(c->a);
        if (archive_read_has_encrypted_entries(c->a) > 0)
            flags |= LS_ISO_H_ENCRYPTED_ENTRIES;
        reply(c, LS_ISO_HEADER, r, archive_errno(c->a), flags, 0, 0, e ? e : "", e ? strlen(e) : 0);
        return;
    }
    c->raw = archive_format(c->a) == ARCHIVE_FORMAT_RAW;
    c->consumed0 = c->raw ? 0 : (uint64_t)archive_filter_bytes(c->a, 0);
    flags |= c->raw ? LS_ISO_H_RAW : 0;
    flags |= archive_entry_hardlink(ent) ? LS_ISO_H_HARDLINK : 0;
    flags |= archive_entry_size_is_set(ent) ? LS_ISO_H_SIZE_SET : 0;
    flags |= archive_entry_is_data_encrypted(ent) ? LS_ISO_H_DATA_ENCRYPTED : 0;
    name = archive_entry_pathname_utf8(ent);
    if (!name)
        name = archive_entry_pathname(ent);
    if (name)
        flags |= LS_ISO_H_NAMED;
    reply(c, LS_ISO_HEADER, r, 0, flags, (int64_t)archive_entry_filetype(ent),
          archive_entry_size(ent), name, name ? strnlen(name, LS_MAX_NAME_BYTES) : 0);
}

/* Sends what is left of a block, at most LS_ISO_MAX_PAYLOAD bytes of it. */
static void send_block_part(struct child *c)
{
    size_t k = c->blk_left < LS_ISO_MAX_PAYLOAD ? c->blk_left : LS_ISO_MAX_PAYLOAD;

    reply(c, LS_ISO_DATA, ARCHIVE_OK, 0, 0, c->blk_off, (int64_t)c->blk_consumed, c->blk, k);
    if (k) /* an empty block may have no buffer: NULL + 0 is undefined */
        c->blk += k;
    c->blk_left -= k;
    if (c->blk_off >= 0)
        c->blk_off += (int64_t)k;
}

static void on_read(struct child *c)
{
    const void *blk;
    size_t len;
    la_int64_t off;
    int r;

    if (c->blk_left) {
        send_block_part(c);
        return;
    }
    if (!c->a) {
        reply(c, LS_ISO_DATA, ARCHIVE_FATAL, EINVAL, 0, 0, 0, "no archive", 10);
        return;
    }
    r = archive_read_data_block(c->a, &blk, &len, &off);
    if (r == ARCHIVE_EOF) {
        reply(c, LS_ISO_DATA, r, 0, 0, 0, 0, NULL, 0);
        return;
    }
    if (r < ARCHIVE_WARN) {
        reply_error(c, LS_ISO_DATA, r);
        return;
    }
    /* Compressed bytes behind the entry so far, for its expansion ratio: for
     * a compressed stream everything read from the source; for an archive
     * format what the format reader consumed since the entry began (filter
     * 0's count moves when the reader consumes, not when it reads ahead). */
    c->blk_consumed = c->raw ? (uint64_t)archive_filter_bytes(c->a, -1)
                             : (uint64_t)archive_filter_bytes(c->a, 0) - c->consumed0;
    c->blk = blk;
    c->blk_left = len;
    c->blk_off = off;
    send_block_part(c);
}

/* --- the process ------------------------------------------------------------------ */

/* Signals, parent death, core files, the memory cap, stray descriptors. */
static void child_setup(const char *mem, const char *ppid, const char *flags)
{
    struct rlimit rl = {0, 0};
    sigset_t none;
    unsigned long long cap = strtoull(mem, NULL, 10);

    signal(SIGINT, SIG_IGN);
    signal(SIGTERM, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if ((long)getppid() != strtol(ppid, NULL, 10))
        _exit(0); /* the parent died before PR_SET_PDEATHSIG took hold */
    setrlimit(RLIMIT_CORE, &rl);
    /* As the scanner itself (engine.c): no core file, not dumpable (exec
     * made it dumpable again), and --paranoid's wiping. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    ls_wipe_set(strchr(flags, 'p') != NULL);
    if (strchr(flags, 'd') && getrlimit(RLIMIT_CORE, &rl) == 0)
        fprintf(stderr,
                "leakscan: debug: parser child: core limit %llu/%llu, dumpable %d, "
                "paranoid %d\n",
                (unsigned long long)rl.rlim_cur, (unsigned long long)rl.rlim_max,
                prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), ls_wipe_on());
#ifndef LS_UNDER_SANITIZER
    if (cap > 0) {
        rl.rlim_cur = rl.rlim_max = (rlim_t)cap;
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    (void)cap;
#endif
    close_range(SOCK_FD + 1, ~0U, 0);
}

static void fault_setup(struct child *c)
{
    const char *f = getenv("LEAKSCAN_TEST_PARSER_FAULT");

    if (!f)
        return;
    if (strncmp(f, "crash:", 6) == 0)
        c->fault_kind = 1;
    else if (strncmp(f, "hang:", 5) == 0)
        c->fault_kind = 2;
    if (c->fault_kind)
        c->fault_at = strtoul(strchr(f, ':') + 1, NULL, 10);
}

static void add_password(struct child *c, const struct ls_iso_msg *m)
{
    char **np = realloc(c->pw, (c->npw + 1) * sizeof *np);

    if (!np)
        nomem();
    c->pw = np;
    if (!(c->pw[c->npw] = strndup((const char *)c->rbuf, m->len)))
        nomem();
    c->npw++;
}

/* The path of an LS_ISO_DOC request (its fourth string), or "?". */
static const char *batch_path(const struct ls_iso_msg *m, const unsigned char *p)
{
    size_t off = sizeof(struct ls_limits);
    int i;

    for (i = 0; i < 3; i++) {
        const unsigned char *e = off < m->len ? memchr(p + off, '\0', m->len - off) : NULL;
        if (!e)
            return "?";
        off = (size_t)(e - p) + 1;
    }
    return off < m->len ? (const char *)p + off : "?";
}

/* LS_ISO_DOCS (m): its m->a LS_ISO_DOC requests are read first, each with
 * its descriptor (the parent sends them all before it reads anything, and
 * a document's LS_ISO_ACK must find nothing but itself on the socket), then
 * run in order, each to its LS_ISO_DONE.  0, or -1 when the parent broke
 * the protocol or is gone. */
static int run_docs(struct child *c, const struct ls_iso_msg *m)
{
    struct ls_iso_msg reqs[LS_ISO_MAX_BATCH];
    unsigned char *pay[LS_ISO_MAX_BATCH];
    int fds[LS_ISO_MAX_BATCH];
    size_t n = 0, i;
    int rc = 0;

    if (m->a < 1 || m->a > LS_ISO_MAX_BATCH)
        return -1;
    for (n = 0; n < (size_t)m->a; n++) {
        if (req_read(c, &reqs[n], &fds[n]) != 0 || reqs[n].type != LS_ISO_DOC) {
            if (fds[n] >= 0)
                close(fds[n]);
            rc = -1;
            break;
        }
        if (!(pay[n] = malloc((size_t)reqs[n].len + 1)))
            nomem();
        memcpy(pay[n], c->rbuf, (size_t)reqs[n].len + 1);
    }
    if (rc == 0 && getenv("LEAKSCAN_TEST_PARSER_FAULT")) { /* for tests/e2e/isolate.py */
        fprintf(stderr, "leakscan: test hook: batch of %zu:", n);
        for (i = 0; i < n; i++)
            fprintf(stderr, " %s", batch_path(&reqs[i], pay[i]));
        fprintf(stderr, "\n");
    }
    for (i = 0; i < n; i++) {
        if (rc == 0 &&
            ls_doc_child_run(c->sock, c->in_thread, &reqs[i], pay[i], fds[i], c->pw, c->npw) != 0)
            rc = -1;
        else if (rc != 0 && fds[i] >= 0)
            close(fds[i]);
        ls_wipe_free(pay[i], (size_t)reqs[i].len + 1);
    }
    return rc;
}

int ls_unpack_child_main(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    child_setup(argv[2], argv[3], argv[4]);
    return ls_unpack_child_serve(SOCK_FD, 0);
}

int ls_unpack_child_serve(int sock, int in_thread)
{
    struct child c;
    struct ls_iso_msg m;
    int fd;
    size_t i;

    memset(&c, 0, sizeof c);
    c.sock = sock;
    c.in_thread = in_thread;
    c.fd = -1;
    if (!(c.buf = malloc(SRC_BLOCK)))
        nomem();
    fault_setup(&c);
    while (req_read(&c, &m, &fd) == 0) {
        if (fd >= 0 && m.type != LS_ISO_OPEN && m.type != LS_ISO_DOC) {
            close(fd);
            fd = -1;
        }
        switch (m.type) {
        case LS_ISO_PASSWORD:
            add_password(&c, &m);
            break;
        case LS_ISO_OPEN:
            on_open(&c, &m, fd);
            break;
        case LS_ISO_NEXT:
            on_next(&c);
            break;
        case LS_ISO_READ:
            on_read(&c);
            break;
        case LS_ISO_CLOSE:
            close_container(&c);
            reply(&c, LS_ISO_CLOSED, 0, 0, 0, 0, 0, NULL, 0);
            break;
        case LS_ISO_DOC: /* a document extractor (doc_child.c) */
            if (ls_doc_child_run(c.sock, c.in_thread, &m, c.rbuf, fd, c.pw, c.npw) != 0)
                goto out;
            break;
        case LS_ISO_DOCS: /* a batch of them: all read before the first runs */
            if (run_docs(&c, &m) != 0)
                goto out;
            break;
        default: /* out of protocol: end */
            goto out;
        }
    }
out:
    close_container(&c);
    for (i = 0; i < c.npw; i++) {
        explicit_bzero(c.pw[i], strlen(c.pw[i]));
        free(c.pw[i]);
    }
    free(c.pw);
    ls_wipe_free(c.buf, SRC_BLOCK);
    ls_wipe_free(c.rbuf, c.rcap);
    if (in_thread)
        close(sock);
    return 0;
}
