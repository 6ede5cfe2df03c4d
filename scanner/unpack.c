/* unpack.c — libarchive containers, logical paths, nested reads (unpack.h). */
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

/* --- sources: a stream, a file on disk, memory ------------------------- */

struct src {
    struct ls_budget *b;        /* for the time limit */
    struct ls_input *in;        /* stream source */
    int fd;                     /* disk source */
    const unsigned char *mem;   /* memory source */
    uint64_t size, pos;         /* disk/memory: size and position */
    unsigned char *buf;         /* SRC_BLOCK bytes */
};

static la_ssize_t src_read(struct archive *a, void *ud, const void **out)
{
    struct src *s = ud;
    ssize_t n;
    const char *hit = ls_budget_time(s->b);

    if (hit) {
        archive_set_error(a, EIO, "%s", hit);
        return -1;
    }
    if (s->in) {
        n = ls_input_read(s->in, s->buf, SRC_BLOCK);
        if (n < 0) {
            archive_set_error(a, EIO, "%s", s->in->err);
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
        archive_set_error(a, EIO, "limit: time");
        return ARCHIVE_FATAL;
    }
    switch (whence) {
    case SEEK_SET: np = off; break;
    case SEEK_CUR: np = (int64_t)s->pos + off; break;
    case SEEK_END: np = (int64_t)s->size + off; break;
    default: return ARCHIVE_FATAL;
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
    const void *blk;          /* current block from libarchive */
    size_t blk_len, blk_pos;  /* its size and how much was handed out */
    int64_t blk_off;          /* its offset in the entry (sparse files have holes) */
    uint64_t pos;             /* bytes of the entry produced so far */
    int raw;                  /* the single entry of a compressed stream */
    uint64_t consumed0;       /* compressed bytes consumed when the entry started */
    int done;                 /* libarchive said EOF for this entry */
    const char *limit;        /* a limit hit while reading, or NULL */
    int encrypted;            /* the data could not be decrypted */
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

static ssize_t entry_read(void *ctx, void *buf, size_t n, char *err, size_t errlen)
{
    struct entry_rd *e = ctx;
    size_t k;
    const char *hit;
    int r;

    for (;;) {
        if (e->limit) {
            snprintf(err, errlen, "%s", e->limit);
            return -1;
        }
        if (e->blk && e->pos < (uint64_t)e->blk_off) { /* a sparse hole: zeros */
            uint64_t hole = (uint64_t)e->blk_off - e->pos;
            k = hole < n ? (size_t)hole : n;
            memset(buf, 0, k);
            /* Holes cost no input: the ratio applies as they are made. */
            hit = ls_budget_charge(e->b, k, e->pos + k, entry_consumed(e));
            if (hit) {
                e->limit = hit;
                snprintf(err, errlen, "%s", hit);
                return -1;
            }
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
            if (r < ARCHIVE_WARN) {
                const char *m = archive_error_string(e->a);
                if (!m)
                    m = "unknown error";
                if (strncmp(m, "limit:", 6) == 0 && e->b->last_hit) {
                    /* A limit hit in a layer below (the stream this archive reads). */
                    e->limit = e->b->last_hit;
                    snprintf(err, errlen, "%s", e->limit);
                } else if (strstr(m, "assphrase") || strstr(m, "ncrypt") || strstr(m, "ecrypt")) {
                    e->encrypted = 1;
                    snprintf(err, errlen, "encrypted");
                } else {
                    /* A layer below may have named itself already. */
                    snprintf(err, errlen, "%s%s", strncmp(m, "archive: ", 9) ? "archive: " : "", m);
                }
                e->blk = NULL;
                return -1;
            }
            if (e->blk_off < 0)
                e->blk_off = (int64_t)e->pos;
            /* The ratio is checked here, when a block arrives: readers
             * consume a block only when asked for the next one, so only now
             * is everything handed out so far paid for in consumed bytes. */
            hit = ls_budget_charge(e->b, 0, e->pos, entry_consumed(e));
            if (hit) {
                e->limit = hit;
                snprintf(err, errlen, "%s", hit);
                return -1;
            }
            continue;
        }
        hit = ls_budget_charge(e->b, k, e->pos + k, UINT64_MAX); /* bytes only */
        if (hit) {
            e->limit = hit;
            snprintf(err, errlen, "%s", hit);
            return -1;
        }
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
    if (f->gzip) archive_read_support_filter_gzip(a);
    if (f->bzip2) archive_read_support_filter_bzip2(a);
    if (f->xz) archive_read_support_filter_xz(a);
    if (f->lzma) archive_read_support_filter_lzma(a);
    if (f->zstd) archive_read_support_filter_zstd(a);
    if (f->lz4) archive_read_support_filter_lz4(a);
    if (f->compress) archive_read_support_filter_compress(a);
    if (f->uu) archive_read_support_filter_uu(a);
    for (i = 0; i < env->npasswords; i++)
        archive_read_add_passphrase(a, env->passwords[i]);
}

/* Name of the single entry of a bare compressed file: strip the suffix. */
static void raw_entry_name(const char *path, size_t path_len, char *out, size_t outlen)
{
    static const char *const sfx[] = {".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz", ".lzma",
                                      ".zst", ".lz4", ".Z", ".uu", ".uue", ".gzip", NULL};
    const char *base = path, *p;
    size_t blen, i, sl;

    for (p = path; p < path + path_len; p++)
        if (*p == '/')
            base = p + 1;
    blen = (size_t)(path + path_len - base);
    for (i = 0; sfx[i]; i++) {
        sl = strlen(sfx[i]);
        if (blen > sl && memcmp(base + blen - sl, sfx[i], sl) == 0) {
            const char *repl = strcmp(sfx[i], ".tgz") == 0 ? ".tar"
                               : strcmp(sfx[i], ".tbz2") == 0 ? ".tar"
                               : strcmp(sfx[i], ".txz") == 0  ? ".tar" : "";
            snprintf(out, outlen, "%.*s%s", (int)(blen - sl), base, repl);
            return;
        }
    }
    snprintf(out, outlen, "data");
}

static const char *entry_type(mode_t t)
{
    switch (t) {
    case AE_IFLNK: return "inode/symlink";
    case AE_IFIFO: return "inode/fifo";
    case AE_IFCHR: return "inode/chardevice";
    case AE_IFBLK: return "inode/blockdevice";
    case AE_IFSOCK: return "inode/socket";
    default: return "application/octet-stream";
    }
}

static const char *entry_skip_reason(mode_t t)
{
    switch (t) {
    case AE_IFLNK: return "symlink";
    case AE_IFIFO: return "fifo";
    case AE_IFCHR:
    case AE_IFBLK: return "device";
    case AE_IFSOCK: return "socket";
    default: return "unsupported: special file";
    }
}

ls_status ls_unpack(const struct ls_unpack_env *env, struct ls_budget *b, const struct ls_sniff *sn,
                    const char *path, size_t path_len, unsigned depth, struct ls_input *in, int fd,
                    const struct ls_unpack_cb *cb, char *reason, size_t reason_len)
{
    struct archive *a = NULL;
    struct archive_entry *ent;
    struct src s;
    unsigned char *copy = NULL;
    char *epath = NULL;
    char rawname[512];
    uint64_t entries = 0;
    ls_status st = LS_OK, cst;
    const char *hit;
    int r;

    memset(&s, 0, sizeof s);
    s.fd = -1;
    s.b = b;
    reason[0] = '\0';
    if ((hit = ls_budget_depth(b, depth)) != NULL) {
        snprintf(reason, reason_len, "%s", hit);
        return LS_ELIMIT;
    }
    /* Compressed layers do not count as depth (x.tar.gz is one level), but
     * every container open on this input does count here, so that a gzip
     * quine (a file that decompresses to itself) cannot recurse for ever. */
    if (b->nesting >= 2 * (unsigned)LS_CEIL_DEPTH) {
        snprintf(reason, reason_len, "limit: depth");
        return LS_ELIMIT;
    }
    b->nesting++;
    s.buf = malloc(SRC_BLOCK);
    epath = malloc(LS_MAX_PATH_BYTES + 1);
    a = archive_read_new();
    if (!s.buf || !epath || !a) {
        st = LS_ENOMEM;
        goto out;
    }
    enable_formats(a, env, sn->kind == LS_KIND_COMPRESSED);

    if (sn->kind == LS_KIND_ARCHIVE && sn->seekable_format) {
        if (fd >= 0) { /* on disk: read the file with seeking */
            struct stat stb;
            if (fstat(fd, &stb) != 0) {
                snprintf(reason, reason_len, "%s", strerror(errno));
                st = LS_EFAILED;
                goto out;
            }
            s.fd = fd;
            s.size = (uint64_t)stb.st_size;
        } else { /* nested: a bounded copy in memory */
            size_t len;
            st = ls_input_slurp(in, env->lim->max_buffer_bytes, &copy, &len);
            if (st != LS_OK) {
                snprintf(reason, reason_len, "%s", in->err);
                goto out;
            }
            s.mem = copy;
            s.size = len;
        }
        if (strstr(sn->mime, "zip") &&
            ls_zip_overlaps(s.mem ? mem_read_at : fd_read_at, &s, s.size)) {
            snprintf(reason, reason_len, "limit: overlapping entries");
            st = LS_ELIMIT;
            goto out;
        }
        archive_read_set_seek_callback(a, src_seek);
        archive_read_set_skip_callback(a, src_skip);
    } else {
        s.in = in;
    }
    archive_read_set_read_callback(a, src_read);
    archive_read_set_callback_data(a, &s);
    if (archive_read_open1(a) != ARCHIVE_OK) {
        snprintf(reason, reason_len, "archive: %s",
                 archive_error_string(a) ? archive_error_string(a) : "not a readable archive");
        st = LS_EFAILED;
        goto out;
    }
    if (sn->kind == LS_KIND_COMPRESSED && archive_filter_count(a) <= 1) {
        /* Only the "none" filter: nothing in-process can decompress this. */
        snprintf(reason, reason_len, "unsupported: no in-process decompressor for %s", sn->mime);
        st = LS_ESKIPPED;
        goto out;
    }

    for (;;) {
        struct entry_rd er;
        struct ls_input ein;
        const char *name;
        size_t nlen, plen;
        mode_t type;

        r = archive_read_next_header(a, &ent);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            const char *m = archive_error_string(a);
            if (m && strncmp(m, "limit:", 6) == 0 && b->last_hit) {
                snprintf(reason, reason_len, "%s", b->last_hit);
                st = LS_ELIMIT;
            } else if (archive_read_has_encrypted_entries(a) > 0 && m &&
                (strstr(m, "ncrypt") || strstr(m, "assphrase"))) {
                snprintf(reason, reason_len, "encrypted");
                st = LS_ESKIPPED;
            } else {
                if (!m)
                    m = "damaged header";
                snprintf(reason, reason_len, "%s%s", strncmp(m, "archive: ", 9) ? "archive: " : "", m);
                st = LS_EFAILED;
            }
            break;
        }
        entries++;
        if ((hit = ls_budget_entries(b, entries)) != NULL) {
            snprintf(reason, reason_len, "%s", hit);
            st = LS_ELIMIT;
            break;
        }
        type = archive_entry_filetype(ent);
        if (type == AE_IFDIR)
            continue;
        /* The entry's logical path: parent!/name. */
        if (archive_format(a) == ARCHIVE_FORMAT_RAW) {
            raw_entry_name(path, path_len, rawname, sizeof rawname);
            name = rawname;
        } else {
            name = archive_entry_pathname_utf8(ent);
            if (!name)
                name = archive_entry_pathname(ent);
            if (!name || !*name) {
                snprintf(rawname, sizeof rawname, "entry-%llu", (unsigned long long)entries);
                name = rawname;
            }
        }
        while (name[0] == '.' && name[1] == '/')
            name += 2;
        while (name[0] == '/')
            name++;
        nlen = strnlen(name, LS_MAX_NAME_BYTES);
        if (path_len + 2 + nlen > LS_MAX_PATH_BYTES) {
            snprintf(reason, reason_len, "limit: path length");
            st = LS_ELIMIT;
            break;
        }
        memcpy(epath, path, path_len);
        memcpy(epath + path_len, "!/", 2);
        memcpy(epath + path_len + 2, name, nlen);
        plen = path_len + 2 + nlen;
        epath[plen] = '\0';

        if (archive_entry_hardlink(ent) && type != AE_IFREG) {
            cb->note(cb->ud, epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
            continue;
        }
        if (type != AE_IFREG && type != 0) {
            cb->note(cb->ud, epath, plen, entry_type(type), LS_SKIPPED, entry_skip_reason(type));
            continue;
        }
        if (archive_entry_hardlink(ent) && archive_entry_size(ent) <= 0 &&
            !archive_entry_size_is_set(ent)) {
            cb->note(cb->ud, epath, plen, "inode/x-hardlink", LS_SKIPPED, "hardlink");
            continue;
        }
        if (archive_entry_is_data_encrypted(ent) && env->npasswords == 0) {
            cb->note(cb->ud, epath, plen, "application/octet-stream", LS_SKIPPED, "encrypted");
            continue;
        }

        memset(&er, 0, sizeof er);
        er.a = a;
        er.b = b;
        er.raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        er.consumed0 = er.raw ? 0 : (uint64_t)archive_filter_bytes(a, 0);
        memset(&ein, 0, sizeof ein);
        ein.read = entry_read;
        ein.ctx = &er;
        cst = cb->entry(cb->ud, epath, plen, depth + 1, &ein,
                        archive_entry_size_is_set(ent) ? archive_entry_size(ent) : -1,
                        archive_format(a) == ARCHIVE_FORMAT_RAW, path_len);
        if (LS_IS_FATAL(cst)) {
            st = cst;
            break;
        }
        if (er.limit && (strcmp(er.limit, "limit: ratio") == 0 || b->exhausted)) {
            /* Expansion out of proportion: stop reading this container. */
            snprintf(reason, reason_len, "%s", er.limit);
            st = LS_ELIMIT;
            break;
        }
        if (b->exhausted) {
            snprintf(reason, reason_len, "%s", b->exhausted);
            st = LS_ELIMIT;
            break;
        }
    }

out:
    b->nesting--;
    if (a)
        archive_read_free(a);
    free(copy);
    free(epath);
    free(s.buf);
    return st;
}
