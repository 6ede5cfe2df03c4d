/* docrun.c — the parent's side of a document run in a child (docrun.h).
 *
 * One request (LS_ISO_DOC), then the child's messages until its
 * LS_ISO_DONE: requests for the document's bytes are served from doc->in,
 * records (in batches) are decoded (recwire.h) and handed to doc->on_record, child items
 * to doc->on_child (scanned here, on this thread, before the child is told
 * to go on).  The child persists from document to document; one that read a
 * document it found malformed, or ran out of memory, is retired (a fresh
 * process for the next one), as unpack does after a damaged archive.  What
 * a child sent before it crashed or hung stays: those records were matched
 * as they came, and the document is failed with the reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "docrun.h"
#include "recwire.h"
#include "strbuf.h"
#include "wipe.h"

/* The largest message sequence taken in: a batch of records (the largest
 * record, encoded: its text at the record ceiling, its columns and parts;
 * with what came before it in the batch), or a child item (at most the
 * buffer ceiling, its name before it). */
#define REC_MAX ((size_t)LS_CEIL_RECORD_BYTES * 4 + (1u << 20))
#define ITEM_MAX ((size_t)LS_CEIL_BUFFER_BYTES + LS_MAX_NAME_BYTES + 8)
/* The largest block of a streamed document served at once. */
#define SRC_MAX (1u << 20)

struct run {
    struct ls_child *ch;
    struct ls_budget *b;
    struct ls_doc *doc;
    unsigned char *sbuf; /* the source block being served */
    size_t scap;
    struct ls_strbuf parts; /* a message in parts, put together */
    uint32_t parts_type;    /* its type, 0: none under way */
    struct ls_recwire_scratch scratch;
    ls_status cb_st; /* what a callback returned, when not LS_OK */
    int ahead;       /* documents of a batch are queued behind this one */
};

/* Why the child is gone, as the document's status and reason. */
static ls_status gone(struct run *r, enum ls_child_wait w)
{
    if (w == LS_CHILD_STOPPED) {
        snprintf(r->doc->reason, sizeof r->doc->reason, "%s",
                 ls_limit_reason(r->b->last_hit ? r->b->last_hit : LS_LIMIT_INTERRUPTED));
        return LS_ELIMIT;
    }
    snprintf(r->doc->reason, sizeof r->doc->reason, "%s", ls_child_why(r->ch));
    return LS_EFAILED;
}

/* The child broke the protocol: it is killed and the document failed. */
static ls_status broken(struct run *r, const char *what)
{
    ls_child_kill(r->ch);
    snprintf(r->doc->reason, sizeof r->doc->reason, "parser: %s", what);
    return LS_EFAILED;
}

/* Serves up to want bytes of doc->in; its fault, when it stops, crosses
 * as a value (err, a) and in words. */
static void serve_source(struct run *r, int64_t want)
{
    struct ls_iso_msg m;
    size_t n = want > 0 && want < SRC_MAX ? (size_t)want : SRC_MAX;
    ssize_t got;

    if (n > r->scap) {
        unsigned char *nb = ls_wipe_realloc(r->sbuf, r->scap, n);
        if (nb) {
            r->sbuf = nb;
            r->scap = n;
        } else {
            n = r->scap;
        }
    }
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_SRC;
    got = n ? ls_input_read(r->doc->in, r->sbuf, n) : -1;
    if (got < 0) {
        const char *msg = n ? r->doc->in->err : "out of memory";
        m.r = -1;
        m.err = n ? (int32_t)r->doc->in->fault.st : LS_EFAILED;
        m.a = n ? (int64_t)r->doc->in->fault.limit : 0;
        m.flags = m.err == LS_ELIMIT ? LS_ISO_F_LIMIT : 0;
        m.len = (uint32_t)strlen(msg);
        ls_child_send(r->ch, &m, msg, -1);
        return;
    }
    m.r = (int32_t)got;
    m.len = (uint32_t)got;
    ls_child_send(r->ch, &m, r->sbuf, -1); /* a failure shows as the child's end */
}

/* Hands on a child item: a 4-byte name length, the name, the bytes. */
static ls_status hand_on_item(struct run *r, const unsigned char *p, size_t len)
{
    uint32_t nlen;
    char *name;
    ls_status st = LS_OK;
    struct ls_iso_msg m;

    if (len < sizeof nlen)
        return broken(r, "malformed message");
    memcpy(&nlen, p, sizeof nlen);
    if (nlen > LS_MAX_NAME_BYTES || nlen > len - sizeof nlen)
        return broken(r, "malformed message");
    if (!(name = strndup((const char *)p + sizeof nlen, nlen)))
        return broken(r, "out of memory");
    if (r->doc->on_child)
        st = r->doc->on_child(r->doc->ud, name, p + sizeof nlen + nlen, len - sizeof nlen - nlen);
    ls_wipe_free(name, strlen(name));
    if (st != LS_OK)
        r->cb_st = st;
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_ACK;
    m.r = (int32_t)st;
    ls_child_send(r->ch, &m, NULL, -1);
    return LS_OK;
}

/* One whole batch of records or item (after its parts): LS_OK to go on,
 * else the document's status (a callback's, or the protocol broken). */
static ls_status take(struct run *r, uint32_t type, const unsigned char *p, size_t len)
{
    struct ls_record rec;
    uint64_t n;
    ls_status st;

    if (type == LS_ISO_ITEM)
        return hand_on_item(r, p, len);
    while (len) { /* records: each an 8-byte length and its encoding */
        if (len < sizeof n)
            return broken(r, "malformed record");
        memcpy(&n, p, sizeof n);
        p += sizeof n;
        len -= sizeof n;
        if (n > len || ls_recwire_get(p, (size_t)n, &r->scratch, &rec) != 0)
            return broken(r, "malformed record");
        p += n;
        len -= (size_t)n;
        st = r->doc->on_record(r->doc->ud, &rec);
        if (st != LS_OK) { /* the extractor would stop here: so does its child */
            r->cb_st = st;
            ls_child_kill(r->ch);
            return st;
        }
    }
    return LS_OK;
}

/* A part of a record or item: taken whole when it is the last. */
static ls_status part(struct run *r, const struct ls_iso_msg *m, const unsigned char *p)
{
    size_t max = m->type == LS_ISO_REC ? REC_MAX : ITEM_MAX;
    ls_status st;

    if (r->parts_type && r->parts_type != m->type)
        return broken(r, "out-of-protocol message");
    if (!r->parts_type && !(m->flags & LS_ISO_F_MORE))
        return take(r, m->type, p, m->len); /* one part: no copy */
    if (!r->parts_type) {
        ls_strbuf_free(&r->parts);
        ls_strbuf_init(&r->parts, max);
        r->parts_type = m->type;
    }
    if (ls_strbuf_append(&r->parts, p, m->len) != 0)
        return broken(r, r->parts.len + m->len > max ? "message too long" : "out of memory");
    if (m->flags & LS_ISO_F_MORE)
        return LS_OK;
    r->parts_type = 0;
    st = take(r, m->type, (const unsigned char *)r->parts.data, r->parts.len);
    ls_strbuf_reset(&r->parts);
    return st;
}

/* The request for doc: the limits, then the extractor, type, charset and
 * path, in req (initialised here; the caller frees it).  0, or -1 when it
 * is too long. */
static int build_request(struct ls_strbuf *req, const struct ls_extractor *ex,
                         const struct ls_doc *doc)
{
    const char *s[4] = {ex->name, doc->mime, doc->charset, doc->path};
    size_t i;
    int bad = 0;

    ls_strbuf_init(req, LS_ISO_MAX_PAYLOAD);
    bad |= ls_strbuf_append(req, doc->limits, sizeof *doc->limits);
    for (i = 0; i < 4; i++)
        bad |= ls_strbuf_append(req, s[i] ? s[i] : "", strlen(s[i] ? s[i] : "") + 1);
    return bad ? -1 : 0;
}

/* Sends the request of doc (fd: the file on disk, or -1) to ch.  0, -1 when
 * it is too long, -2 when the child is gone (its end shows when read). */
static int request(struct ls_child *ch, const struct ls_extractor *ex, const struct ls_doc *doc,
                   int fd)
{
    struct ls_strbuf req;
    struct ls_iso_msg m;
    struct stat stb;
    int rc = 0;

    memset(&m, 0, sizeof m);
    m.type = LS_ISO_DOC;
    if (fd >= 0 && fstat(fd, &stb) == 0 && S_ISREG(stb.st_mode)) {
        m.flags = LS_ISO_F_FD;
        m.a = (int64_t)stb.st_size;
    } else {
        fd = -1;
    }
    if (build_request(&req, ex, doc) != 0) {
        ls_strbuf_free(&req);
        return -1;
    }
    m.len = (uint32_t)req.len;
    if (ls_child_send(ch, &m, req.data, fd) != 0)
        rc = -2;
    ls_strbuf_free(&req);
    return rc;
}

static ls_status send_request(struct run *r, const struct ls_extractor *ex, int fd)
{
    if (request(r->ch, ex, r->doc, fd) == -1) {
        snprintf(r->doc->reason, sizeof r->doc->reason, "%s",
                 ls_limit_reason(LS_LIMIT_PATH_LENGTH));
        return LS_ELIMIT;
    }
    return LS_OK; /* a failure to send shows as the child's end */
}

void ls_docrun_batch(struct ls_isolate *iso, struct ls_docbatch *bt,
                     const struct ls_extractor *const *ex, struct ls_doc *const *doc,
                     const int *fds, unsigned n)
{
    struct ls_iso_msg m;
    char err[256];
    unsigned i;

    memset(bt, 0, sizeof *bt);
    if (n == 0 || n > LS_ISO_MAX_BATCH || ls_isolate_child(iso, 0, &bt->ch, err, sizeof err))
        return;
    for (i = 0; i < n; i++) { /* a request too long for the wire goes alone (and fails) */
        struct ls_strbuf req;
        int bad = build_request(&req, ex[i], doc[i]);
        ls_strbuf_free(&req);
        if (bad)
            n = i;
    }
    if (n == 0)
        return;
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_DOCS;
    m.a = (int64_t)n;
    if (ls_child_send(bt->ch, &m, NULL, -1) != 0)
        goto gone;
    for (i = 0; i < n; i++) {
        if (request(bt->ch, ex[i], doc[i], fds[i]) != 0)
            goto gone;
        bt->fds[i] = fds[i];
    }
    bt->n = n;
    bt->serial = ls_child_serial(bt->ch);
    return;
gone: /* half a batch sent: the child cannot be trusted with the rest */
    ls_child_drop(bt->ch);
    memset(bt, 0, sizeof *bt);
}

void ls_docrun_batch_end(struct ls_docbatch *bt)
{
    if (bt->next < bt->n && ls_child_serial(bt->ch) == bt->serial)
        ls_child_drop(bt->ch);
    memset(bt, 0, sizeof *bt);
}

/* Whether doc (on disk as fd) is the next of the batch bt, already queued
 * in r->ch: then it is not sent again.  A batch whose child ended is
 * forgotten (its documents are sent alone); a document out of turn at the
 * first level, with documents still queued, ends the child (it would run
 * those first). */
static int queued(struct run *r, struct ls_docbatch *bt, int fd)
{
    if (!bt || bt->next >= bt->n || r->b->nesting != 1)
        return 0;
    if (r->ch != bt->ch || ls_child_serial(r->ch) != bt->serial) {
        bt->n = bt->next = 0;
        return 0;
    }
    if (fd >= 0 && fd == bt->fds[bt->next]) {
        bt->next++;
        r->ahead = bt->next < bt->n;
        return 1;
    }
    ls_child_drop(r->ch);
    bt->n = bt->next = 0;
    return 0;
}

/* A fresh child for the next document: this one is ended now, at once
 * when it is already busy with the next document of a batch. */
static void retire(struct run *r)
{
    if (r->ahead)
        ls_child_drop(r->ch);
    else
        ls_child_retire(r->ch);
}

/* After LS_ISO_DONE: the extractor's status, checked; a child whose
 * extractor ran out of memory or met a malformed document is retired. */
static ls_status done(struct run *r, const struct ls_iso_msg *m, const unsigned char *p)
{
    struct ls_doc *doc = r->doc;
    ls_status st;

    if (m->r < LS_OK || m->r > LS_EFATAL)
        return broken(r, "malformed message");
    st = (ls_status)m->r;
    doc->invalid_sequences = m->a > 0 ? (uint64_t)m->a : 0;
    doc->no_text_layer = (m->flags & LS_ISO_D_NO_TEXT) != 0;
    snprintf(doc->reason, sizeof doc->reason, "%s", m->len ? (const char *)p : "");
    if (st == LS_ENOMEM && r->cb_st != LS_ENOMEM) { /* its own memory, capped */
        snprintf(doc->reason, sizeof doc->reason, "parser out of memory");
        st = LS_EFAILED;
        retire(r);
    } else if (st == LS_EFAILED) {
        retire(r);
    }
    return st;
}

ls_status ls_docrun(struct ls_isolate *iso, struct ls_budget *b, const struct ls_extractor *ex,
                    struct ls_doc *doc, int fd, struct ls_docbatch *bt)
{
    struct run r;
    struct ls_iso_msg m;
    const unsigned char *p;
    enum ls_child_wait w;
    char err[256];
    ls_status st;

    /* Documents and containers open on this input share the levels. */
    if (b->nesting >= LS_ISO_LEVELS) {
        snprintf(doc->reason, sizeof doc->reason, "%s", ls_limit_reason(LS_LIMIT_DEPTH));
        return LS_ELIMIT;
    }
    memset(&r, 0, sizeof r);
    r.b = b;
    r.doc = doc;
    ls_strbuf_init(&r.parts, REC_MAX);
    b->nesting++;
    st = ls_isolate_child(iso, b->nesting - 1, &r.ch, err, sizeof err);
    if (st != LS_OK) {
        snprintf(doc->reason, sizeof doc->reason, "%s", err);
        goto out;
    }
    if (!queued(&r, bt, fd) && (st = send_request(&r, ex, fd)) != LS_OK)
        goto out;
    for (;;) {
        if ((w = ls_child_recv(r.ch, b, &m, &p)) != LS_CHILD_MSG) {
            st = gone(&r, w);
            break;
        }
        if (m.type == LS_ISO_SRCREQ) {
            serve_source(&r, m.a);
        } else if (m.type == LS_ISO_REC || m.type == LS_ISO_ITEM) {
            if ((st = part(&r, &m, p)) != LS_OK)
                break;
        } else if (m.type == LS_ISO_DONE && !r.parts_type) {
            st = done(&r, &m, p);
            break;
        } else {
            st = broken(&r, "out-of-protocol message");
            break;
        }
    }
out:
    b->nesting--;
    ls_strbuf_free(&r.parts);
    ls_recwire_scratch_free(&r.scratch);
    if (r.sbuf)
        ls_wipe_free(r.sbuf, r.scap);
    return st;
}
