/* unpack.c — libarchive containers, logical paths, nested reads (unpack.h).
 *
 * Three layers: the source libarchive reads (a stream, a file on disk, a
 * memory copy), the entry reader that hands an entry's bytes on as a stream
 * charged to the budget, and ls_unpack, which opens the container and walks
 * its entries.  A limit hit crosses libarchive as an error number of its
 * own (ERRNO_LIMIT), so the layer above recognises it by value; which limit
 * it was is the budget's last_hit. */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unpack.h"

#define SRC_BLOCK 65536
/* The libarchive error number for "a limit stopped this read": libarchive
 * itself only uses system errno values, -1 and the ARCHIVE_ERRNO_* aliases. */
#define ERRNO_LIMIT (-19741)

/* --- sources: a stream, a file on disk, memory ------------------------- */

struct src {
    struct ls_budget *b;      /* for the time limit */
    struct ls_input *in;      /* stream source */
    int fd;                   /* disk source */
    const unsigned char *mem; /* memory source */
    uint64_t size, pos;       /* disk/memory: size and position */
    unsigned char *buf;       /* SRC_BLOCK bytes */
};

static la_ssize_t src_read(struct archive *a, void *ud, const void **out)
{
    struct src *s = ud;
    ssize_t n;
    enum ls_limit hit = ls_budget_time(s->b);

    if (hit) {
        archive_set_error(a, ERRNO_LIMIT, "%s", ls_limit_reason(hit));
        return -1;
    }
    if (s->in) {
        n = ls_input_read(s->in, s->buf, SRC_BLOCK);
        if (n < 0) { /* the stream below stopped: pass on why, as a value too */
            archive_set_error(a, s->in->fault.st == LS_ELIMIT ? ERRNO_LIMIT : EIO, "%s",
                              s->in->err);
            return -1;
        }
        *out = s->buf;
        return n;
    }
    if (s->pos >= s->size)
        return 0;
    n = (ssize_t)(s->size - s->pos < SRC_BLOCK ? s->size - s->pos : SRC_BLOCK);
    if (s->mem) {
        *out = s->mem + s->pos;
    } else {
        n = pread(s->fd, s->buf, (size_t)n, (off_t)s->pos);
        if (n < 0) {
            archive_set_error(a, errno, "%s", strerror(errno));
            return -1;
        }
        *out = s->buf;
    }
    s->pos += (uint64_t)n;
    return n;
}

static la_int64_t src_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
    struct src *s = ud;
    int64_t np;

    if (ls_budget_time(s->b)) {
        archive_set_error(a, ERRNO_LIMIT, "%s", ls_limit_reason(LS_LIMIT_TIME));
        return ARCHIVE_FATAL;
    }
    switch (whence) {
    case SEEK_SET:
        np = off;
        break;
    case SEEK_CUR:
        np = (int64_t)s->pos + off;
        break;
    case SEEK_END:
        np = (int64_t)s->size + off;
        break;
    default:
        return ARCHIVE_FATAL;
    }
    if (np < 0)
        return ARCHIVE_FATAL;
    if ((uint64_t)np > s->size)
        np = (int64_t)s->size;
    s->pos = (uint64_t)np;
    return np;
}

static la_int64_t src_skip(struct archive *a, void *ud, la_int64_t n)
{
    struct src *s = ud;
    uint64_t left = s->size - s->pos;

    (void)a;
    if (n < 0)
        return 0;
    if ((uint64_t)n > left)
        n = (la_int64_t)left;
    s->pos += (uint64_t)n;
    return n;
}

static int mem_read_at(void *ctx, void *buf, size_t n, uint64_t off)
{
    struct src *s = ctx;

    if (off > s->size || n > s->size - off)
        return -1;
    memcpy(buf, s->mem + off, n);
    return 0;
}

static int fd_read_at(void *ctx, void *buf, size_t n, uint64_t off)
{
    struct src *s = ctx;

    return pread(s->fd, buf, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

/* --- reading one entry as a stream, charged to the budget --------------- */

struct entry_rd {
    struct archive *a;
    struct ls_budget *b;
    const void *blk;         /* current block from libarchive */
    size_t blk_len, blk_pos; /* its size and how much was handed out */
    int64_t blk_off;         /* its offset in the entry (sparse files have holes) */
    uint64_t pos;            /* bytes of the entry produced so far */
    int raw;                 /* the single entry of a compressed stream */
    uint64_t consumed0;      /* compressed bytes consumed when the entry started */
    int done;                /* libarchive said EOF for this entry */
    enum ls_limit limit;     /* a limit hit while reading, or LS_LIMIT_NONE */
};

/* Compressed bytes behind an entry so far, for its expansion ratio.  For a
 * compressed stream (one raw entry) that is everything read from the source.
 * For an archive format (which compresses per entry, if at all) it is what the
 * format reader consumed since the entry began: filter 0's count moves when
 * the reader consumes, not when it reads ahead. */
static uint64_t entry_consumed(const struct entry_rd *e)
{
    if (e->raw)
        return (uint64_t)archive_filter_bytes(e->a, -1);
    return (uint64_t)archive_filter_bytes(e->a, 0) - e->consumed0;
}

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

/* libarchive could not produce the next block: a limit hit in a layer below
 * (the stream this archive reads), data it cannot decrypt, or damage.
 * libarchive reports encryption only in words, so those are looked for. */
static ssize_t entry_block_failed(struct entry_rd *e, struct ls_fault *fault, char *err,
                                  size_t errlen)
{
    const char *m = archive_error_string(e->a);

    e->blk = NULL;
    if (!m)
        m = "unknown error";
    if (archive_errno(e->a) == ERRNO_LIMIT && e->b->last_hit)
        return entry_stop(e, e->b->last_hit, fault, err, errlen);
    if (strstr(m, "assphrase") || strstr(m, "ncrypt") || strstr(m, "ecrypt")) {
        fault->st = LS_ESKIPPED;
        snprintf(err, errlen, "encrypted");
    } else {
        fault->st = LS_EFAILED;
        /* A layer below may have named itself already. */
        snprintf(err, errlen, "%s%s", strncmp(m, "archive: ", 9) ? "archive: " : "", m);
    }
    return -1;
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
        if (e->blk && e->pos < (uint64_t)e->blk_off) { /* a sparse hole: zeros */
            uint64_t hole = (uint64_t)e->blk_off - e->pos;
            k = hole < n ? (size_t)hole : n;
            memset(buf, 0, k);
            /* Holes cost no input: the ratio applies as they are made. */
            hit = ls_budget_charge(e->b, k, e->pos + k, entry_consumed(e));
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
            r = archive_read_data_block(e->a, &e->blk, &e->blk_len, &e->blk_off);
            e->blk_pos = 0;
            if (r == ARCHIVE_EOF) {
                e->done = 1;
                e->blk = NULL;
                return 0;
            }
            if (r < ARCHIVE_WARN)
                return entry_block_failed(e, fault, err, errlen);
            if (e->blk_off < 0)
                e->blk_off = (int64_t)e->pos;
            /* The ratio is checked here, when a block arrives: readers
             * consume a block only when asked for the next one, so only now
             * is everything handed out so far paid for in consumed bytes. */
            hit = ls_budget_charge(e->b, 0, e->pos, entry_consumed(e));
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

/* --- the container -------------------------------------------------------- */

static void enable_formats(struct archive *a, const struct ls_unpack_env *env, int compressed)
{
    const struct ls_filters *f = &env->filters;
    size_t i;

    /* A compressed stream is read as one raw entry, whatever it holds: the
     * engine sniffs that entry and unpacks it in turn if it is a container.
     * (Letting tar bid on the decompressed data directly would take a
     * gzip of zeros for an empty tar and never look at it.) */
    if (compressed) {
        archive_read_support_format_raw(a);
        goto filters;
    }
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
filters:
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
    for (i = 0; i < env->npasswords; i++)
        archive_read_add_passphrase(a, env->passwords[i]);
}

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

/* What ls_unpack works with while it reads one container. */
struct container {
    const struct ls_unpack_env *env;
    struct ls_budget *b;
    const struct ls_sniff *sn;
    const char *path; /* the container's logical path */
    size_t path_len;
    unsigned depth;
    const struct ls_unpack_cb *cb;
    struct archive *a;
    struct src s;        /* what libarchive reads */
    unsigned char *copy; /* a nested seekable archive's memory copy */
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

/* Points the source at the container's bytes: the stream as it comes, or
 * for a seekable format the file on disk or a bounded memory copy, which
 * is first checked for overlapping zip entries. */
static ls_status container_source(struct container *c, struct ls_input *in, int fd)
{
    struct src *s = &c->s;

    if (!(c->sn->kind == LS_KIND_ARCHIVE && c->sn->seekable_format)) {
        s->in = in;
        return LS_OK;
    }
    if (fd >= 0) { /* on disk: read the file with seeking */
        struct stat stb;
        if (fstat(fd, &stb) != 0) {
            snprintf(c->reason, c->reason_len, "%s", strerror(errno));
            return LS_EFAILED;
        }
        s->fd = fd;
        s->size = (uint64_t)stb.st_size;
    } else { /* nested: a bounded copy in memory */
        size_t len;
        ls_status st = ls_input_slurp(in, c->env->lim->max_buffer_bytes, &c->copy, &len);
        if (st != LS_OK) {
            snprintf(c->reason, c->reason_len, "%s", in->err);
            /* Encrypted data under this container: skipped, not failed. */
            return st == LS_EFAILED && in->fault.st == LS_ESKIPPED ? LS_ESKIPPED : st;
        }
        s->mem = c->copy;
        s->size = len;
    }
    if (strstr(c->sn->mime, "zip") &&
        ls_zip_overlaps(s->mem ? mem_read_at : fd_read_at, s, s->size))
        return container_limit(c, LS_LIMIT_OVERLAP);
    archive_read_set_seek_callback(c->a, src_seek);
    archive_read_set_skip_callback(c->a, src_skip);
    return LS_OK;
}

/* Opens the archive over its source; a compressed stream that no in-process
 * filter can decompress is skipped. */
static ls_status container_open(struct container *c)
{
    struct archive *a = c->a;

    archive_read_set_read_callback(a, src_read);
    archive_read_set_callback_data(a, &c->s);
    if (archive_read_open1(a) != ARCHIVE_OK) {
        snprintf(c->reason, c->reason_len, "archive: %s",
                 archive_error_string(a) ? archive_error_string(a) : "not a readable archive");
        return LS_EFAILED;
    }
    if (c->sn->kind == LS_KIND_COMPRESSED && archive_filter_count(a) <= 1) {
        /* Only the "none" filter: nothing in-process can decompress this. */
        snprintf(c->reason, c->reason_len, "unsupported: no in-process decompressor for %s",
                 c->sn->mime);
        return LS_ESKIPPED;
    }
    return LS_OK;
}

/* Why the next header could not be read: a limit hit below, encrypted
 * headers (named in words only by libarchive), or damage. */
static ls_status header_failed(struct container *c)
{
    struct archive *a = c->a;
    const char *m = archive_error_string(a);

    if (m && archive_errno(a) == ERRNO_LIMIT && c->b->last_hit)
        return container_limit(c, c->b->last_hit);
    if (archive_read_has_encrypted_entries(a) > 0 && m &&
        (strstr(m, "ncrypt") || strstr(m, "assphrase"))) {
        snprintf(c->reason, c->reason_len, "encrypted");
        return LS_ESKIPPED;
    }
    if (!m)
        m = "damaged header";
    snprintf(c->reason, c->reason_len, "%s%s", strncmp(m, "archive: ", 9) ? "archive: " : "", m);
    return LS_EFAILED;
}

/* Makes the entry's logical path parent!/name in c->epath (*plen its
 * length); LS_ELIMIT when it would be too long. */
static ls_status entry_path(struct container *c, struct archive_entry *ent, size_t *plen)
{
    const char *name;
    size_t nlen;

    if (archive_format(c->a) == ARCHIVE_FORMAT_RAW) {
        raw_entry_name(c->path, c->path_len, c->rawname, sizeof c->rawname);
        name = c->rawname;
    } else {
        name = archive_entry_pathname_utf8(ent);
        if (!name)
            name = archive_entry_pathname(ent);
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
static int entry_noted(struct container *c, struct archive_entry *ent, mode_t type, size_t plen)
{
    const struct ls_unpack_cb *cb = c->cb;

    if (archive_entry_hardlink(ent) && type != AE_IFREG) {
        cb->note(cb->ud, c->epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
        return 1;
    }
    if (type != AE_IFREG && type != 0) {
        cb->note(cb->ud, c->epath, plen, entry_type(type), LS_SKIPPED, entry_skip_reason(type));
        return 1;
    }
    if (archive_entry_hardlink(ent) && archive_entry_size(ent) <= 0 &&
        !archive_entry_size_is_set(ent)) {
        cb->note(cb->ud, c->epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
        return 1;
    }
    if (archive_entry_is_data_encrypted(ent) && c->env->npasswords == 0) {
        cb->note(cb->ud, c->epath, plen, "application/octet-stream", LS_SKIPPED, "encrypted");
        return 1;
    }
    return 0;
}

/* Hands the entry's data to the callback as a stream charged to the budget.
 * LS_OK to go on with the next entry; LS_ELIMIT when a limit stops the whole
 * container (a ratio hit, or the input's budget exhausted); a fatal status. */
static ls_status entry_hand_on(struct container *c, struct archive_entry *ent, size_t plen)
{
    struct archive *a = c->a;
    struct entry_rd er;
    struct ls_input ein;
    ls_status st;

    memset(&er, 0, sizeof er);
    er.a = a;
    er.b = c->b;
    er.raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
    er.consumed0 = er.raw ? 0 : (uint64_t)archive_filter_bytes(a, 0);
    memset(&ein, 0, sizeof ein);
    ein.read = entry_read;
    ein.ctx = &er;
    st = c->cb->entry(c->cb->ud, c->epath, plen, c->depth + 1, &ein,
                      archive_entry_size_is_set(ent) ? archive_entry_size(ent) : -1,
                      archive_format(a) == ARCHIVE_FORMAT_RAW, c->path_len);
    if (LS_IS_FATAL(st))
        return st;
    if (er.limit && (er.limit == LS_LIMIT_RATIO || c->b->exhausted)) {
        /* Expansion out of proportion: stop reading this container. */
        return container_limit(c, er.limit);
    }
    if (c->b->exhausted)
        return container_limit(c, c->b->exhausted);
    return LS_OK;
}

/* Reads the entries one by one to the end of the container. */
static ls_status container_entries(struct container *c)
{
    struct archive_entry *ent;
    enum ls_limit hit;
    ls_status st;
    size_t plen;
    mode_t type;
    int r;

    for (;;) {
        r = archive_read_next_header(c->a, &ent);
        if (r == ARCHIVE_EOF)
            return LS_OK;
        if (r < ARCHIVE_WARN)
            return header_failed(c);
        c->entries++;
        if ((hit = ls_budget_entries(c->b, c->entries)) != LS_LIMIT_NONE)
            return container_limit(c, hit);
        type = archive_entry_filetype(ent);
        if (type == AE_IFDIR)
            continue;
        if ((st = entry_path(c, ent, &plen)) != LS_OK)
            return st;
        if (entry_noted(c, ent, type, plen))
            continue;
        if ((st = entry_hand_on(c, ent, plen)) != LS_OK)
            return st;
    }
}

ls_status ls_unpack(const struct ls_unpack_env *env, struct ls_budget *b, const struct ls_sniff *sn,
                    const char *path, size_t path_len, unsigned depth, struct ls_input *in, int fd,
                    const struct ls_unpack_cb *cb, char *reason, size_t reason_len)
{
    struct container c;
    enum ls_limit hit;
    ls_status st = LS_OK;

    reason[0] = '\0';
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
    c.s.fd = -1;
    c.s.b = b;
    c.s.buf = malloc(SRC_BLOCK);
    c.epath = malloc(LS_MAX_PATH_BYTES + 1);
    c.a = archive_read_new();
    if (!c.s.buf || !c.epath || !c.a) {
        st = LS_ENOMEM;
        goto out;
    }
    enable_formats(c.a, env, sn->kind == LS_KIND_COMPRESSED);
    st = container_source(&c, in, fd);
    if (st == LS_OK)
        st = container_open(&c);
    if (st == LS_OK)
        st = container_entries(&c);
out:
    b->nesting--;
    if (c.a)
        archive_read_free(c.a);
    free(c.copy);
    free(c.epath);
    free(c.s.buf);
    return st;
}
