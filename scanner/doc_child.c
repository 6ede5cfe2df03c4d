/* doc_child.c — a document extractor in the child (doc_child.h).
 *
 * The parent asks with LS_ISO_DOC: which extractor, the document's type and
 * path, the limits, and its bytes (the file on disk as a descriptor, read
 * here with pread; otherwise a stream, asked for read by read with
 * LS_ISO_SRCREQ, exactly as the extractor reads, so the parent's stream is
 * consumed as far as it would be in-process).  The extractor runs here as
 * it would on a worker thread; its records go back in batches as
 * LS_ISO_REC (each an 8-byte length and the record, recwire.h), each child
 * item (a mail attachment) as LS_ISO_ITEM, answered by LS_ISO_ACK once the
 * parent has scanned it; LS_ISO_DONE carries what the extractor returned.
 * Records are not acknowledged: they stream while the parent matches.  A
 * batch is sent before anything else (a request for bytes, an item, the
 * end), so the parent sees everything in the order the extractor emitted
 * it; records still in the batch when the child crashes are lost with it
 * (at most BATCH_BYTES, about BATCH_SECONDS of work).  Out of memory in the
 * extractor's own allocations is LS_ENOMEM in LS_ISO_DONE (the parent
 * names it), in this file's the child's exit status LS_ISO_EXIT_NOMEM. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "doc_child.h"
#include "extract/extract.h"
#include "recwire.h"
#include "wipe.h"

/* The largest block of a streamed document asked for at once. */
#define SRC_MAX (1u << 20)
/* The largest record sent (encoded): the record ceiling, its columns and parts. */
#define REC_MAX ((size_t)LS_CEIL_RECORD_BYTES * 4)
/* Records are sent in batches of about this many bytes (a spreadsheet's
 * rows, an XML file's elements: one message each would cost a round of
 * system calls and a context switch per record), or as soon as a batch is
 * BATCH_SECONDS old when the next record comes, so that a slow document
 * still shows progress. */
#define BATCH_BYTES (64u << 10)
#define BATCH_SECONDS 1.0

struct dchild {
    int sock;
    int in_thread;
    int fd;                 /* the file on disk, or -1: a stream from the parent */
    uint64_t pos;           /* read position in fd */
    struct ls_strbuf rb;    /* the encoded record */
    struct ls_strbuf batch; /* records not sent yet: an 8-byte length, a record, … */
    double batch_t0;        /* monotonic time of its first record */
    unsigned char *msg;     /* the payload of the parent's last reply */
    size_t msg_cap;
};

static void nomem(void)
{
    _exit(LS_ISO_EXIT_NOMEM);
}

/* Sends a message; a parent that is gone ends the child. */
static void send_or_end(struct dchild *c, struct ls_iso_msg *m, const void *payload)
{
    if (ls_iso_send(c->sock, m, payload, -1) == 0)
        return;
    if (c->in_thread)
        pthread_exit(NULL); /* the parent gave up on it: what it held leaks */
    _exit(0);
}

/* Sends type with len payload bytes in parts of at most LS_ISO_MAX_PAYLOAD
 * (LS_ISO_F_MORE on all but the last). */
static void send_parts(struct dchild *c, uint32_t type, const unsigned char *p, size_t len)
{
    struct ls_iso_msg m;

    do {
        size_t k = len < LS_ISO_MAX_PAYLOAD ? len : LS_ISO_MAX_PAYLOAD;
        memset(&m, 0, sizeof m);
        m.type = type;
        m.len = (uint32_t)k;
        m.flags = len > k ? LS_ISO_F_MORE : 0;
        send_or_end(c, &m, p);
        p += k;
        len -= k;
    } while (len);
}

static double mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sends the records batched so far (before anything else is sent, so
 * that the parent sees them in order). */
static void flush(struct dchild *c)
{
    if (!c->batch.len)
        return;
    send_parts(c, LS_ISO_REC, (const unsigned char *)c->batch.data, c->batch.len);
    ls_strbuf_reset(&c->batch);
}

/* Sends the last batch and LS_ISO_DONE (m, payload) with one system call
 * when the batch fits one message, so that the parent wakes up once for
 * both. */
static void send_last(struct dchild *c, struct ls_iso_msg *m, const void *payload)
{
    struct ls_iso_msg h;
    unsigned char *buf;
    size_t len, off = 0;
    ssize_t r;

    if (!c->batch.len || c->batch.len > LS_ISO_MAX_PAYLOAD) {
        flush(c);
        send_or_end(c, m, payload);
        return;
    }
    memset(&h, 0, sizeof h);
    h.type = LS_ISO_REC;
    h.len = (uint32_t)c->batch.len;
    len = 2 * sizeof h + c->batch.len + m->len;
    if (!(buf = malloc(len)))
        nomem();
    memcpy(buf, &h, sizeof h);
    memcpy(buf + sizeof h, c->batch.data, c->batch.len);
    memcpy(buf + sizeof h + c->batch.len, m, sizeof *m);
    if (m->len)
        memcpy(buf + 2 * sizeof h + c->batch.len, payload, m->len);
    while (off < len) {
        r = send(c->sock, buf + off, len - off, MSG_NOSIGNAL);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            ls_wipe_free(buf, len);
            if (c->in_thread)
                pthread_exit(NULL); /* the parent gave up on it: what it held leaks */
            _exit(0);
        }
        off += (size_t)r;
    }
    ls_wipe_free(buf, len);
    ls_strbuf_reset(&c->batch);
}

/* Reads the parent's reply (blocking).  0, or -1 when the parent is gone
 * or the reply is malformed. */
static int reply_read(struct dchild *c, struct ls_iso_msg *m)
{
    size_t got;
    ssize_t r;

    for (got = 0; got < sizeof *m; got += (size_t)r) {
        r = read(c->sock, (char *)m + got, sizeof *m - got);
        if (r < 0 && errno == EINTR) {
            r = 0;
            continue;
        }
        if (r <= 0)
            return -1;
    }
    if (m->len > LS_ISO_MAX_PAYLOAD)
        return -1;
    if (m->len + 1 > c->msg_cap) {
        unsigned char *nb = ls_wipe_realloc(c->msg, c->msg_cap, (size_t)m->len + 1);
        if (!nb)
            nomem();
        c->msg = nb;
        c->msg_cap = (size_t)m->len + 1;
    }
    for (got = 0; got < m->len; got += (size_t)r) {
        r = read(c->sock, c->msg + got, m->len - got);
        if (r < 0 && errno == EINTR) {
            r = 0;
            continue;
        }
        if (r <= 0)
            return -1;
    }
    c->msg[m->len] = '\0';
    return 0;
}

/* The document's bytes (struct ls_input's read function). */
static ssize_t doc_read(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                        size_t errlen)
{
    struct dchild *c = ctx;
    struct ls_iso_msg m;
    ssize_t r;

    if (c->fd >= 0) {
        do
            r = pread(c->fd, buf, n, (off_t)c->pos);
        while (r < 0 && errno == EINTR);
        if (r < 0) {
            fault->st = LS_EFAILED;
            snprintf(err, errlen, "%s", strerror(errno));
            return -1;
        }
        c->pos += (uint64_t)r;
        return r;
    }
    flush(c);
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_SRCREQ;
    m.a = (int64_t)(n < SRC_MAX ? n : SRC_MAX);
    send_or_end(c, &m, NULL);
    if (reply_read(c, &m) != 0 || m.type != LS_ISO_SRC || m.r > (int64_t)n ||
        (m.r >= 0 && (uint32_t)m.r != m.len)) {
        fault->st = LS_EFAILED;
        snprintf(err, errlen, "parser: the source was cut");
        return -1;
    }
    if (m.r < 0) { /* the parent's stream stopped: its fault, as a value and in words */
        fault->st = m.err == LS_ELIMIT || m.err == LS_ESKIPPED ? (ls_status)m.err : LS_EFAILED;
        fault->limit = fault->st == LS_ELIMIT ? (enum ls_limit)m.a : LS_LIMIT_NONE;
        snprintf(err, errlen, "%s", (const char *)c->msg);
        return -1;
    }
    memcpy(buf, c->msg, (size_t)m.r);
    return m.r;
}

static ls_status on_record(void *ud, const struct ls_record *rec)
{
    struct dchild *c = ud;
    uint64_t n;

    if (ls_recwire_put(&c->rb, rec) != 0)
        nomem(); /* REC_MAX is above any record the limits allow */
    n = c->rb.len;
    if (c->batch.len && c->batch.len + sizeof n + n > BATCH_BYTES)
        flush(c);
    if (!c->batch.len)
        c->batch_t0 = mono();
    if (ls_strbuf_append(&c->batch, &n, sizeof n) || ls_strbuf_append(&c->batch, c->rb.data, n))
        nomem();
    if (c->batch.len >= BATCH_BYTES || mono() - c->batch_t0 > BATCH_SECONDS)
        flush(c);
    return LS_OK;
}

/* A child item: sent with its name, scanned by the parent, which answers
 * with its status. */
static ls_status on_child(void *ud, const char *name, const unsigned char *data, size_t len)
{
    struct dchild *c = ud;
    struct ls_iso_msg m;
    uint32_t nlen = (uint32_t)strnlen(name, LS_MAX_NAME_BYTES);
    size_t total = sizeof nlen + nlen + len;
    unsigned char *buf = malloc(total);

    if (!buf)
        nomem();
    flush(c);
    memcpy(buf, &nlen, sizeof nlen);
    memcpy(buf + sizeof nlen, name, nlen);
    if (len)
        memcpy(buf + sizeof nlen + nlen, data, len);
    send_parts(c, LS_ISO_ITEM, buf, total);
    ls_wipe_free(buf, total);
    if (reply_read(c, &m) != 0 || m.type != LS_ISO_ACK)
        return LS_EFATAL; /* the parent broke the protocol: stop */
    return m.r >= LS_OK && m.r <= LS_EFATAL ? (ls_status)m.r : LS_EFATAL;
}

/* The test hook LEAKSCAN_TEST_PARSER_FAULT=crash:doc:NAME, hang:doc:NAME or
 * alloc:doc:NAME: once extractor NAME, or the extractor of a document
 * whose file name is NAME, has sent its records, the child crashes, stops
 * answering, or allocates until memory runs out. */
static void fault_hook(struct dchild *c, const char *exname, const char *path)
{
    const char *f = getenv("LEAKSCAN_TEST_PARSER_FAULT"), *k;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    void **chain = NULL, **p;
    unsigned long i;

    if (!f || !(k = strstr(f, ":doc:")) || (strcmp(k + 5, exname) != 0 && strcmp(k + 5, base) != 0))
        return;
    flush(c); /* the records reach the parent first */
    if (strncmp(f, "crash:", 6) == 0)
        raise(SIGSEGV);
    if (strncmp(f, "hang:", 5) == 0)
        for (;;)
            pause();
    if (strncmp(f, "alloc:", 6) != 0)
        return;
    /* Address space, barely touched: one pointer per 64 MiB, so that with
     * no cap the storm costs no real memory before it gives up. */
    for (i = 0; i < (1ul << 16); i++) {
        if (!(p = malloc((size_t)64 << 20)))
            nomem();
        *p = chain;
        chain = p;
    }
    nomem();
}

/* Splits the LS_ISO_DOC payload: the limits, then four strings. */
static int doc_args(const unsigned char *p, size_t len, struct ls_limits *lim, const char *s[4])
{
    size_t i, off = sizeof *lim;
    const char *e;

    if (len < off)
        return -1;
    memcpy(lim, p, sizeof *lim);
    for (i = 0; i < 4; i++) {
        if (off >= len || !(e = memchr(p + off, '\0', len - off)))
            return -1;
        s[i] = (const char *)p + off;
        off = (size_t)((const unsigned char *)e - p) + 1;
    }
    return 0;
}

int ls_doc_child_run(int sock, int in_thread, const struct ls_iso_msg *req, const unsigned char *p,
                     int fd, char *const *pw, size_t npw)
{
    struct dchild c;
    struct ls_limits lim;
    struct ls_input in;
    struct ls_doc doc;
    struct ls_iso_msg m;
    const struct ls_extractor *ex = NULL;
    const char *s[4];
    unsigned char *head = NULL;
    ls_status st;

    memset(&c, 0, sizeof c);
    c.sock = sock;
    c.in_thread = in_thread;
    c.fd = (req->flags & LS_ISO_F_FD) ? fd : -1;
    if (fd >= 0 && c.fd < 0)
        close(fd);
    ls_strbuf_init(&c.rb, REC_MAX);
    ls_strbuf_init(&c.batch, REC_MAX + BATCH_BYTES);
    memset(&doc, 0, sizeof doc);
    if (doc_args(p, req->len, &lim, s) != 0 || !(ex = ls_extract_by_name(s[0]))) {
        st = LS_EFAILED;
        snprintf(doc.reason, sizeof doc.reason, "parser: malformed document request");
        goto done;
    }
    if (!(head = malloc(LS_SNIFF_BYTES)))
        nomem();
    memset(&in, 0, sizeof in);
    in.read = doc_read;
    in.ctx = &c;
    in.head = head;
    st = ls_input_prime(&in);
    if (st != LS_OK) {
        snprintf(doc.reason, sizeof doc.reason, "%s", in.err);
        goto done;
    }
    doc.path = s[3];
    doc.mime = s[1];
    doc.charset = s[2];
    doc.in = &in;
    doc.limits = &lim;
    doc.on_record = on_record;
    doc.on_child = on_child;
    doc.ud = &c;
    doc.passwords = (const char *const *)pw;
    doc.npasswords = npw;
    st = ex->run(&doc);
    fault_hook(&c, ex->name, s[3]);
done:
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_DONE;
    m.r = (int32_t)st;
    m.a = (int64_t)doc.invalid_sequences;
    m.flags = doc.no_text_layer ? LS_ISO_D_NO_TEXT : 0;
    m.len = (uint32_t)strnlen(doc.reason, sizeof doc.reason);
    send_last(&c, &m, doc.reason);
    if (head)
        ls_wipe_free(head, LS_SNIFF_BYTES);
    if (c.fd >= 0)
        close(c.fd);
    ls_strbuf_free(&c.rb);
    ls_strbuf_free(&c.batch);
    ls_wipe_free(c.msg, c.msg_cap);
    return ex || st == LS_OK ? 0 : -1;
}
