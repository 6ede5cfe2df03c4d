/* unpack.c — containers, logical paths, nested reads (unpack.h).
 *
 * libarchive runs in a child process (isolate.h, unpack_child.c); this file
 * is the parent's side and decides everything: which source the child reads
 * (a file descriptor it may seek, or this stream, served on request), the
 * logical path of each entry, which entries are read, and the budget every
 * block is charged to.  Three layers: talking to the child, the entry reader
 * that hands an entry's bytes on as a stream charged to the budget, and
 * ls_unpack, which has the child open the container and walks its entries.
 * A limit hit crosses the child and libarchive as an error number of its
 * own (LS_ISO_ERRNO_LIMIT), so the layer above recognises it by value; which
 * limit it was is the budget's last_hit.  A child that crashes, hangs or is
 * stopped ends the container (failed, or skipped on a limit); what was
 * handed on before stays. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "isolate.h"
#include "unpack.h"

#define SRC_BLOCK 65536

/* What ls_unpack works with while it reads one container. */
struct container {
    const struct ls_unpack_env *env;
    struct ls_budget *b;
    const struct ls_sniff *sn;
    const char *path; /* the container's logical path */
    size_t path_len;
    unsigned depth;
    const struct ls_unpack_cb *cb;
    struct ls_child *ch; /* the child process reading it */
    ls_status gone;      /* the child ended mid-container: the container's status */
    int opened;          /* the child was asked to open it */
    struct ls_input *in; /* a streamed source, or NULL */
    int fd;              /* a seekable source handed to the child, or -1 */
    int own_fd;          /* fd is a memory file of ours (a nested copy) */
    uint64_t size;       /* the seekable source's size */
    unsigned char *sbuf; /* SRC_BLOCK bytes of the streamed source */
    char *epath;         /* an entry's logical path: LS_MAX_PATH_BYTES + 1 bytes */
    char rawname[512];   /* an entry name made up here */
    uint64_t entries;    /* entries seen so far */
    char *reason;        /* why the container stopped (caller's buffer) */
    size_t reason_len;
};

/* Stops the container on a limit hit: LS_ELIMIT with the limit's reason. */
static ls_status container_limit(struct container *c, enum ls_limit hit)
{
    snprintf(c->reason, c->reason_len, "%s", ls_limit_reason(hit));
    return LS_ELIMIT;
}

/* --- talking to the child ----------------------------------------------------- */

/* The child is gone (crashed, timed out, stopped by the budget): the
 * container ends with that, and its reason says which. */
static ls_status child_gone(struct container *c, enum ls_child_wait w)
{
    if (w == LS_CHILD_STOPPED)
        c->gone = container_limit(c, c->b->last_hit ? c->b->last_hit : LS_LIMIT_INTERRUPTED);
    else {
        snprintf(c->reason, c->reason_len, "%s", ls_child_why(c->ch));
        c->gone = LS_EFAILED;
    }
    return c->gone;
}

/* Answers the child's request for up to want bytes of the streamed source:
 * checked against the time limit and the interrupt flag first, as every
 * read of the scan is. */
static int serve_source(struct container *c, int64_t want)
{
    struct ls_iso_msg m;
    enum ls_limit hit = ls_budget_time(c->b);
    const char *msg = NULL;
    ssize_t n = -1;

    memset(&m, 0, sizeof m);
    m.type = LS_ISO_SRC;
    if (hit) {
        msg = ls_limit_reason(hit);
        m.flags = LS_ISO_F_LIMIT;
    } else if (!c->in) {
        msg = "no stream";
    } else {
        n = ls_input_read(c->in, c->sbuf, want > 0 && want < SRC_BLOCK ? (size_t)want : SRC_BLOCK);
        if (n < 0) { /* the stream below stopped: pass on why, as a value too */
            msg = c->in->err;
            m.flags = c->in->fault.st == LS_ELIMIT ? LS_ISO_F_LIMIT : 0;
        }
    }
    m.r = n < 0 ? -1 : (int32_t)n;
    m.len = n < 0 ? (uint32_t)strlen(msg) : (uint32_t)n;
    return ls_child_send(c->ch, &m, n < 0 ? (const void *)msg : c->sbuf, -1);
}

/* Sends a request (type, with flags, a, payload, fd) and waits for the reply
 * of type want, serving the child's source requests meanwhile.  LS_OK with
 * *m and *p (valid until the next request), or the status the container
 * ends with when the child is gone (c->reason says why). */
static ls_status child_ask(struct container *c, uint32_t type, uint32_t flags, int64_t a,
                           const void *payload, uint32_t len, int fd, uint32_t want,
                           struct ls_iso_msg *m, const unsigned char **p)
{
    enum ls_child_wait w;

    if (c->gone)
        return c->gone;
    memset(m, 0, sizeof *m);
    m->type = type;
    m->flags = flags;
    m->a = a;
    m->len = len;
    ls_child_send(c->ch, m, payload, fd); /* a failure shows as the child's end below */
    for (;;) {
        if ((w = ls_child_recv(c->ch, c->b, m, p)) != LS_CHILD_MSG)
            return child_gone(c, w);
        if (m->type == LS_ISO_SRCREQ) {
            serve_source(c, m->a);
            continue;
        }
        if (m->type != want) {
            ls_child_kill(c->ch);
            snprintf(c->reason, c->reason_len, "parser: out-of-protocol message");
            return c->gone = LS_EFAILED;
        }
        return LS_OK;
    }
}

/* The reason for libarchive's error err/msg: a child out of memory (its
 * address space is capped) is told apart from damage.  Some of libarchive's
 * readers say so only in words (7-Zip: "Couldn't allocate memory" with
 * errno -1), so those are looked for too. */
static void archive_reason(char *out, size_t outlen, int err, const char *msg)
{
    if (err == ENOMEM || strstr(msg, "allocate memory") || strstr(msg, "Can't allocate") ||
        strstr(msg, "Out of memory") || strstr(msg, "out of memory"))
        snprintf(out, outlen, "parser out of memory");
    else
        snprintf(out, outlen, "%s%s", strncmp(msg, "archive: ", 9) ? "archive: " : "", msg);
}

static int fd_read_at(void *ctx, void *buf, size_t n, uint64_t off)
{
    const int *fd = ctx;

    return pread(*fd, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

/* --- reading one entry as a stream, charged to the budget --------------- */

struct entry_rd {
    struct container *c;
    struct ls_budget *b;
    const void *blk;         /* current block from the child */
    size_t blk_len, blk_pos; /* its size and how much was handed out */
    int64_t blk_off;         /* its offset in the entry (sparse files have holes) */
    uint64_t consumed;       /* compressed bytes behind the entry when the block came */
    uint64_t pos;            /* bytes of the entry produced so far */
    int done;                /* libarchive said EOF for this entry */
    enum ls_limit limit;     /* a limit hit while reading, or LS_LIMIT_NONE */
};

/* Stops the entry on a limit hit; every later read fails the same way. */
static ssize_t entry_stop(struct entry_rd *e, enum ls_limit hit, struct ls_fault *fault, char *err,
                          size_t errlen)
{
    e->limit = hit;
    fault->st = LS_ELIMIT;
    fault->limit = hit;
    snprintf(err, errlen, "%s", ls_limit_reason(hit));
    return -1;
}

/* The child is gone while the entry was read: the entry fails with the
 * container's reason (a crash, a timeout), or stops on the limit. */
static ssize_t entry_child_gone(struct entry_rd *e, struct ls_fault *fault, char *err,
                                size_t errlen)
{
    if (e->c->gone == LS_ELIMIT && e->b->last_hit)
        return entry_stop(e, e->b->last_hit, fault, err, errlen);
    fault->st = LS_EFAILED;
    snprintf(err, errlen, "%s", e->c->reason);
    return -1;
}

/* libarchive could not produce the next block: a limit hit in a layer below
 * (the stream this archive reads), data it cannot decrypt, or damage.
 * libarchive reports encryption only in words, so those are looked for. */
static ssize_t entry_block_failed(struct entry_rd *e, const struct ls_iso_msg *m, const char *msg,
                                  struct ls_fault *fault, char *err, size_t errlen)
{
    e->blk = NULL;
    if (!m->len)
        msg = "unknown error";
    if (m->err == LS_ISO_ERRNO_LIMIT && e->b->last_hit)
        return entry_stop(e, e->b->last_hit, fault, err, errlen);
    if (strstr(msg, "assphrase") || strstr(msg, "ncrypt") || strstr(msg, "ecrypt")) {
        fault->st = LS_ESKIPPED;
        snprintf(err, errlen, "encrypted");
    } else {
        fault->st = LS_EFAILED;
        /* A layer below may have named itself already. */
        archive_reason(err, errlen, m->err, msg);
    }
    return -1;
}

/* Asks the child for the entry's next block: 1 when one came, 0 at the
 * entry's end, -1 when the entry stops (fault and err say why). */
static int entry_next_block(struct entry_rd *e, struct ls_fault *fault, char *err, size_t errlen)
{
    struct ls_iso_msg m;
    const unsigned char *p;

    if (child_ask(e->c, LS_ISO_READ, 0, 0, NULL, 0, -1, LS_ISO_DATA, &m, &p) != LS_OK)
        return (int)entry_child_gone(e, fault, err, errlen);
    e->blk_pos = 0;
    if (m.r == ARCHIVE_EOF) {
        e->done = 1;
        e->blk = NULL;
        return 0;
    }
    if (m.r < ARCHIVE_WARN)
        return (int)entry_block_failed(e, &m, (const char *)p, fault, err, errlen);
    e->blk = p;
    e->blk_len = m.len;
    e->blk_off = m.a < 0 ? (int64_t)e->pos : m.a;
    e->consumed = (uint64_t)m.b;
    return 1;
}

static ssize_t entry_read(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                          size_t errlen)
{
    struct entry_rd *e = ctx;
    size_t k;
    enum ls_limit hit;
    int r;

    for (;;) {
        if (e->limit)
            return entry_stop(e, e->limit, fault, err, errlen);
        if (e->c->gone)
            return entry_child_gone(e, fault, err, errlen);
        if (e->blk && e->pos < (uint64_t)e->blk_off) { /* a sparse hole: zeros */
            uint64_t hole = (uint64_t)e->blk_off - e->pos;
            k = hole < n ? (size_t)hole : n;
            memset(buf, 0, k);
            /* Holes cost no input: the ratio applies as they are made. */
            hit = ls_budget_charge(e->b, k, e->pos + k, e->consumed);
            if (hit)
                return entry_stop(e, hit, fault, err, errlen);
            e->pos += k;
            return (ssize_t)k;
        } else if (e->blk && e->blk_pos < e->blk_len) {
            k = e->blk_len - e->blk_pos < n ? e->blk_len - e->blk_pos : n;
            memcpy(buf, (const unsigned char *)e->blk + e->blk_pos, k);
            e->blk_pos += k;
        } else if (e->done) {
            return 0;
        } else {
            if ((r = entry_next_block(e, fault, err, errlen)) <= 0)
                return r;
            /* The ratio is checked here, when a block arrives: readers
             * consume a block only when asked for the next one, so only now
             * is everything handed out so far paid for in consumed bytes. */
            hit = ls_budget_charge(e->b, 0, e->pos, e->consumed);
            if (hit)
                return entry_stop(e, hit, fault, err, errlen);
            continue;
        }
        hit = ls_budget_charge(e->b, k, e->pos + k, UINT64_MAX); /* bytes only */
        if (hit)
            return entry_stop(e, hit, fault, err, errlen);
        e->pos += k;
        return (ssize_t)k;
    }
}

/* --- names and kinds of entries ---------------------------------------------- */

/* Name of the single entry of a bare compressed file: strip the suffix. */
static void raw_entry_name(const char *path, size_t path_len, char *out, size_t outlen)
{
    static const char *const sfx[] = {".gz",  ".tgz", ".bz2", ".tbz2", ".xz",  ".txz",  ".lzma",
                                      ".zst", ".lz4", ".Z",   ".uu",   ".uue", ".gzip", NULL};
    const char *base = path, *p;
    size_t blen, i, sl;

    for (p = path; p < path + path_len; p++)
        if (*p == '/')
            base = p + 1;
    blen = (size_t)(path + path_len - base);
    for (i = 0; sfx[i]; i++) {
        sl = strlen(sfx[i]);
        if (blen > sl && memcmp(base + blen - sl, sfx[i], sl) == 0) {
            const char *repl = strcmp(sfx[i], ".tgz") == 0    ? ".tar"
                               : strcmp(sfx[i], ".tbz2") == 0 ? ".tar"
                               : strcmp(sfx[i], ".txz") == 0  ? ".tar"
                                                              : "";
            snprintf(out, outlen, "%.*s%s", (int)(blen - sl), base, repl);
            return;
        }
    }
    snprintf(out, outlen, "data");
}

static const char *entry_type(mode_t t)
{
    switch (t) {
    case AE_IFLNK:
        return "inode/symlink";
    case AE_IFIFO:
        return "inode/fifo";
    case AE_IFCHR:
        return "inode/chardevice";
    case AE_IFBLK:
        return "inode/blockdevice";
    case AE_IFSOCK:
        return "inode/socket";
    default:
        return "application/octet-stream";
    }
}

static const char *entry_skip_reason(mode_t t)
{
    switch (t) {
    case AE_IFLNK:
        return "symlink";
    case AE_IFIFO:
        return "fifo";
    case AE_IFCHR:
    case AE_IFBLK:
        return "device";
    case AE_IFSOCK:
        return "socket";
    default:
        return "unsupported: special file";
    }
}

/* --- one container, phase by phase ------------------------------------------- */

/* Points the source at the container's bytes: the stream as it comes, or
 * for a seekable format the file on disk or a bounded memory copy (in a
 * memory file, so the child can seek it too), which is first checked for
 * overlapping zip entries. */
static ls_status container_source(struct container *c, struct ls_input *in, int fd)
{
    if (!(c->sn->kind == LS_KIND_ARCHIVE && c->sn->seekable_format)) {
        c->in = in;
        return LS_OK;
    }
    if (fd >= 0) { /* on disk: the child reads the file with seeking */
        struct stat stb;
        if (fstat(fd, &stb) != 0) {
            snprintf(c->reason, c->reason_len, "%s", strerror(errno));
            return LS_EFAILED;
        }
        c->fd = fd;
        c->size = (uint64_t)stb.st_size;
    } else { /* nested: a bounded copy in a memory file, streamed (no heap copy) */
        uint64_t len = 0;
        int werr = 0;
        ls_status st = LS_EFAILED;
        c->fd = memfd_create("leakscan-nested", MFD_CLOEXEC);
        c->own_fd = c->fd >= 0;
        if (c->fd < 0)
            werr = errno;
        else
            st = ls_input_to_fd(in, c->env->lim->max_buffer_bytes, c->fd, c->sbuf, SRC_BLOCK, &len,
                                &werr);
        if (werr) {
            snprintf(c->reason, c->reason_len, "memory file: %s", strerror(werr));
            return LS_EFAILED;
        }
        if (st != LS_OK) {
            snprintf(c->reason, c->reason_len, "%s", in->err);
            /* Encrypted data under this container: skipped, not failed. */
            return st == LS_EFAILED && in->fault.st == LS_ESKIPPED ? LS_ESKIPPED : st;
        }
        c->size = len;
    }
    if (strstr(c->sn->mime, "zip") && ls_zip_overlaps(fd_read_at, &c->fd, c->size))
        return container_limit(c, LS_LIMIT_OVERLAP);
    return LS_OK;
}

/* Has the child open the archive over its source; a compressed stream that
 * no in-process filter can decompress is skipped. */
static ls_status container_open(struct container *c)
{
    struct ls_iso_msg m;
    const unsigned char *p;
    uint32_t flags = c->sn->kind == LS_KIND_COMPRESSED ? LS_ISO_F_COMPRESSED : 0;
    ls_status st;

    if (c->fd >= 0)
        flags |= LS_ISO_F_FD;
    c->opened = 1;
    st = child_ask(c, LS_ISO_OPEN, flags, (int64_t)c->size, &c->env->filters,
                   sizeof c->env->filters, c->fd, LS_ISO_OPENED, &m, &p);
    if (st != LS_OK)
        return st;
    if (m.r != ARCHIVE_OK) {
        if (m.err == ENOMEM)
            archive_reason(c->reason, c->reason_len, m.err, "");
        else
            snprintf(c->reason, c->reason_len, "archive: %s",
                     m.len ? (const char *)p : "not a readable archive");
        return LS_EFAILED;
    }
    if (c->sn->kind == LS_KIND_COMPRESSED && m.a <= 1) {
        /* Only the "none" filter: nothing in-process can decompress this. */
        snprintf(c->reason, c->reason_len, "unsupported: no in-process decompressor for %s",
                 c->sn->mime);
        return LS_ESKIPPED;
    }
    return LS_OK;
}

/* Why the next header could not be read: a limit hit below, encrypted
 * headers (named in words only by libarchive), or damage. */
static ls_status header_failed(struct container *c, const struct ls_iso_msg *h, const char *m)
{
    if (!h->len)
        m = NULL;
    if (m && h->err == LS_ISO_ERRNO_LIMIT && c->b->last_hit)
        return container_limit(c, c->b->last_hit);
    if ((h->flags & LS_ISO_H_ENCRYPTED_ENTRIES) && m &&
        (strstr(m, "ncrypt") || strstr(m, "assphrase"))) {
        snprintf(c->reason, c->reason_len, "encrypted");
        return LS_ESKIPPED;
    }
    archive_reason(c->reason, c->reason_len, h->err, m ? m : "damaged header");
    return LS_EFAILED;
}

/* Makes the entry's logical path parent!/name in c->epath (*plen its
 * length) from the header h and its payload; LS_ELIMIT when too long. */
static ls_status entry_path(struct container *c, const struct ls_iso_msg *h, const char *hname,
                            size_t *plen)
{
    const char *name;
    size_t nlen;

    if (h->flags & LS_ISO_H_RAW) {
        raw_entry_name(c->path, c->path_len, c->rawname, sizeof c->rawname);
        name = c->rawname;
    } else {
        name = (h->flags & LS_ISO_H_NAMED) ? hname : NULL;
        if (!name || !*name) {
            snprintf(c->rawname, sizeof c->rawname, "entry-%llu", (unsigned long long)c->entries);
            name = c->rawname;
        }
    }
    while (name[0] == '.' && name[1] == '/')
        name += 2;
    while (name[0] == '/')
        name++;
    nlen = strnlen(name, LS_MAX_NAME_BYTES);
    if (c->path_len + 2 + nlen > LS_MAX_PATH_BYTES)
        return container_limit(c, LS_LIMIT_PATH_LENGTH);
    memcpy(c->epath, c->path, c->path_len);
    memcpy(c->epath + c->path_len, "!/", 2);
    memcpy(c->epath + c->path_len + 2, name, nlen);
    *plen = c->path_len + 2 + nlen;
    c->epath[*plen] = '\0';
    return LS_OK;
}

/* Records an entry that is not read (links, special files, encrypted data
 * without passwords); 1 when it was, 0 when its data is to be read. */
static int entry_noted(struct container *c, const struct ls_iso_msg *h, mode_t type, size_t plen)
{
    const struct ls_unpack_cb *cb = c->cb;
    int hardlink = (h->flags & LS_ISO_H_HARDLINK) != 0;

    if (hardlink && type != AE_IFREG) {
        cb->note(cb->ud, c->epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
        return 1;
    }
    if (type != AE_IFREG && type != 0) {
        cb->note(cb->ud, c->epath, plen, entry_type(type), LS_SKIPPED, entry_skip_reason(type));
        return 1;
    }
    if (hardlink && h->b <= 0 && !(h->flags & LS_ISO_H_SIZE_SET)) {
        cb->note(cb->ud, c->epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
        return 1;
    }
    if ((h->flags & LS_ISO_H_DATA_ENCRYPTED) && c->env->npasswords == 0) {
        cb->note(cb->ud, c->epath, plen, "application/octet-stream", LS_SKIPPED, "encrypted");
        return 1;
    }
    return 0;
}

/* Hands the entry's data to the callback as a stream charged to the budget.
 * LS_OK to go on with the next entry; LS_ELIMIT when a limit stops the whole
 * container (a ratio hit, or the input's budget exhausted); LS_EFAILED when
 * the child is gone; a fatal status. */
static ls_status entry_hand_on(struct container *c, const struct ls_iso_msg *h, size_t plen)
{
    struct entry_rd er;
    struct ls_input ein;
    ls_status st;

    memset(&er, 0, sizeof er);
    er.c = c;
    er.b = c->b;
    memset(&ein, 0, sizeof ein);
    ein.read = entry_read;
    ein.ctx = &er;
    st = c->cb->entry(c->cb->ud, c->epath, plen, c->depth + 1, &ein,
                      (h->flags & LS_ISO_H_SIZE_SET) ? h->b : -1, (h->flags & LS_ISO_H_RAW) != 0,
                      c->path_len);
    if (LS_IS_FATAL(st))
        return st;
    if (er.limit && (er.limit == LS_LIMIT_RATIO || c->b->exhausted)) {
        /* Expansion out of proportion: stop reading this container. */
        return container_limit(c, er.limit);
    }
    if (c->b->exhausted)
        return container_limit(c, c->b->exhausted);
    if (c->gone)
        return c->gone; /* the reason was set when the child went */
    return LS_OK;
}

/* Reads the entries one by one to the end of the container. */
static ls_status container_entries(struct container *c)
{
    struct ls_iso_msg h;
    const unsigned char *p;
    enum ls_limit hit;
    ls_status st;
    size_t plen;
    mode_t type;

    for (;;) {
        if ((st = child_ask(c, LS_ISO_NEXT, 0, 0, NULL, 0, -1, LS_ISO_HEADER, &h, &p)) != LS_OK)
            return st;
        if (h.r == ARCHIVE_EOF)
            return LS_OK;
        if (h.r < ARCHIVE_WARN)
            return header_failed(c, &h, (const char *)p);
        c->entries++;
        if ((hit = ls_budget_entries(c->b, c->entries)) != LS_LIMIT_NONE)
            return container_limit(c, hit);
        type = (mode_t)h.a;
        if (type == AE_IFDIR)
            continue;
        if ((st = entry_path(c, &h, (const char *)p, &plen)) != LS_OK)
            return st;
        if (entry_noted(c, &h, type, plen))
            continue;
        if ((st = entry_hand_on(c, &h, plen)) != LS_OK)
            return st;
    }
}

/* Has the child free the container, so it is ready for the next one.  A
 * child that crashes doing so (libarchive frees what a damaged archive
 * left broken) makes the container failed with that reason, unless st is
 * fatal; what was handed on stays.  Returns the container's status. */
static ls_status container_close(struct container *c, ls_status st)
{
    struct ls_iso_msg m;
    const unsigned char *p;
    ls_status cst = LS_OK;

    if (c->ch && c->opened && !c->gone)
        cst = child_ask(c, LS_ISO_CLOSE, 0, 0, NULL, 0, -1, LS_ISO_CLOSED, &m, &p);
    if (c->own_fd)
        close(c->fd);
    st = cst != LS_OK && !LS_IS_FATAL(st) ? cst : st;
    /* A reader that met damage may have left the child's heap broken: the
     * next container gets a fresh child (one spawn per damaged archive). */
    if (st == LS_EFAILED && c->ch && !c->gone)
        ls_child_retire(c->ch);
    return st;
}

ls_status ls_unpack(const struct ls_unpack_env *env, struct ls_isolate *iso, struct ls_budget *b,
                    const struct ls_sniff *sn, const char *path, size_t path_len, unsigned depth,
                    struct ls_input *in, int fd, const struct ls_unpack_cb *cb, char *reason,
                    size_t reason_len)
{
    struct container c;
    enum ls_limit hit;
    char gone[512];
    ls_status st = LS_OK;

    reason[0] = '\0';
    gone[0] = '\0';
    if ((hit = ls_budget_depth(b, depth)) != LS_LIMIT_NONE) {
        snprintf(reason, reason_len, "%s", ls_limit_reason(hit));
        return LS_ELIMIT;
    }
    /* Compressed layers do not count as depth (x.tar.gz is one level), but
     * every container open on this input does count here, so that a gzip
     * quine (a file that decompresses to itself) cannot recurse for ever. */
    if (b->nesting >= 2 * (unsigned)LS_CEIL_DEPTH) {
        snprintf(reason, reason_len, "%s", ls_limit_reason(LS_LIMIT_DEPTH));
        return LS_ELIMIT;
    }
    b->nesting++;
    memset(&c, 0, sizeof c);
    c.env = env;
    c.b = b;
    c.sn = sn;
    c.path = path;
    c.path_len = path_len;
    c.depth = depth;
    c.cb = cb;
    c.reason = reason;
    c.reason_len = reason_len;
    c.fd = -1;
    c.sbuf = malloc(SRC_BLOCK);
    c.epath = malloc(LS_MAX_PATH_BYTES + 1);
    if (!c.sbuf || !c.epath) {
        st = LS_ENOMEM;
        goto out;
    }
    st = container_source(&c, in, fd);
    /* One child per nesting level of this thread: the containers open
     * around this one have theirs. */
    if (st == LS_OK)
        st = ls_isolate_child(iso, b->nesting - 1, &c.ch, gone, sizeof gone);
    if (st != LS_OK && c.ch == NULL && reason[0] == '\0')
        snprintf(reason, reason_len, "%s", gone);
    if (st == LS_OK)
        st = container_open(&c);
    if (st == LS_OK)
        st = container_entries(&c);
out:
    st = container_close(&c, st);
    b->nesting--;
    free(c.epath);
    free(c.sbuf);
    return st;
}
