/* sniff.c — libmagic and container detection (sniff.h). */
#include <archive.h>
#include <ctype.h>
#include <magic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/charset.h"
#include "scanlimits.h"
#include "sniff.h"

struct ls_sniffer {
    magic_t magic;
};

ls_status ls_sniffer_new(struct ls_sniffer **out, char *err, size_t errlen)
{
    struct ls_sniffer *s = calloc(1, sizeof *s);
    size_t bytes = LS_SNIFF_BYTES;

    *out = NULL;
    if (!s)
        return LS_ENOMEM;
    /* MAGIC_MIME gives "type; charset=…".  No MAGIC_COMPRESS (forks), no
     * following symlinks (we only ever give it buffers). */
    s->magic = magic_open(MAGIC_MIME | MAGIC_ERROR);
    if (!s->magic) {
        free(s);
        snprintf(err, errlen, "libmagic: cannot open a handle");
        return LS_EFATAL;
    }
    if (magic_setparam(s->magic, MAGIC_PARAM_BYTES_MAX, &bytes) != 0 ||
        magic_load(s->magic, NULL) != 0) {
        snprintf(err, errlen, "libmagic: %s", magic_error(s->magic));
        magic_close(s->magic);
        free(s);
        return LS_EFATAL;
    }
    *out = s;
    return LS_OK;
}

void ls_sniffer_free(struct ls_sniffer *s)
{
    if (!s)
        return;
    magic_close(s->magic);
    free(s);
}

struct container {
    const char *mime;
    enum ls_kind kind;
    int seekable;
};

/* MIME types of containers; the format libarchive picks is decided by its
 * own bidding among the formats unpack enables. */
static const struct container containers[] = {
    {"application/x-tar", LS_KIND_ARCHIVE, 0},
    {"application/zip", LS_KIND_ARCHIVE, 1},
    {"application/x-zip-compressed", LS_KIND_ARCHIVE, 1},
    {"application/x-7z-compressed", LS_KIND_ARCHIVE, 1},
    {"application/x-rar", LS_KIND_ARCHIVE, 1},
    {"application/vnd.rar", LS_KIND_ARCHIVE, 1},
    {"application/x-rar-compressed", LS_KIND_ARCHIVE, 1},
    {"application/x-cpio", LS_KIND_ARCHIVE, 0},
    {"application/x-iso9660-image", LS_KIND_ARCHIVE, 1},
    {"application/vnd.ms-cab-compressed", LS_KIND_ARCHIVE, 1},
    {"application/x-lha", LS_KIND_ARCHIVE, 1},
    {"application/x-lharc", LS_KIND_ARCHIVE, 1},
    {"application/x-xar", LS_KIND_ARCHIVE, 1},
    {"application/gzip", LS_KIND_COMPRESSED, 0},
    {"application/x-gzip", LS_KIND_COMPRESSED, 0},
    {"application/x-bzip2", LS_KIND_COMPRESSED, 0},
    {"application/x-xz", LS_KIND_COMPRESSED, 0},
    {"application/x-lzma", LS_KIND_COMPRESSED, 0},
    {"application/zstd", LS_KIND_COMPRESSED, 0},
    {"application/x-zstd", LS_KIND_COMPRESSED, 0},
    {"application/x-lz4", LS_KIND_COMPRESSED, 0},
    {"application/x-compress", LS_KIND_COMPRESSED, 0},
};

/* uuencode: libmagic calls it text/plain; a first line "begin NNN name". */
static int is_uuencode(const unsigned char *h, size_t n)
{
    size_t i = 0, digits = 0;

    if (n >= 13 && memcmp(h, "begin-base64 ", 13) == 0)
        return 1;
    if (n < 8 || memcmp(h, "begin ", 6) != 0)
        return 0;
    for (i = 6; i < n && h[i] >= '0' && h[i] <= '7'; i++)
        digits++;
    return digits >= 3 && digits <= 4 && i < n && h[i] == ' ';
}

/* A head that starts with a byte-order mark and reads as text in that
 * encoding (at most one character in twenty a replacement or a control
 * character): libmagic calls a UTF-16 file "binary" for one bad unit, but it
 * is text with an error, which the charset layer replaces and counts.  The
 * BOM and the decoding are the charset layer's.  Returns the charset (in
 * buf), or NULL. */
static const char *bom_text(const unsigned char *h, size_t n, char *buf, size_t cap)
{
    char text[4096];
    size_t bom, i, k, chars = 0, bad = 0;
    const char *name;

    ls_charset_detect(NULL, h, n, &bom, &name);
    if (bom == 0)
        return NULL;
    snprintf(buf, cap, "%s", name ? name : "utf-8");
    for (i = 0; buf[i]; i++)
        buf[i] = (char)tolower((unsigned char)buf[i]);
    k = ls_charset_decode_head(buf, h, n, text, sizeof text);
    for (i = 0; i < k; i++) {
        unsigned char b = (unsigned char)text[i];

        if ((b & 0xC0) == 0x80)
            continue; /* inside a character */
        chars++;
        if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') ||
            (b == 0xEF && i + 2 < k && (unsigned char)text[i + 1] == 0xBF &&
             (unsigned char)text[i + 2] == 0xBD))
            bad++;
    }
    return chars >= 8 && bad * 20 <= chars ? buf : NULL;
}

void ls_sniff_buffer(struct ls_sniffer *s, const unsigned char *head, size_t len,
                     struct ls_sniff *out)
{
    const char *m;
    const char *semi;
    size_t i, tl;

    memset(out, 0, sizeof *out);
    if (len == 0) {
        snprintf(out->mime, sizeof out->mime, "inode/x-empty");
        snprintf(out->charset, sizeof out->charset, "binary");
        return;
    }
    m = magic_buffer(s->magic, head, len);
    if (!m)
        m = "application/octet-stream; charset=binary";
    semi = strchr(m, ';');
    tl = semi ? (size_t)(semi - m) : strlen(m);
    if (tl >= sizeof out->mime)
        tl = sizeof out->mime - 1;
    memcpy(out->mime, m, tl);
    out->mime[tl] = '\0';
    if (semi && (semi = strstr(semi, "charset=")) != NULL)
        snprintf(out->charset, sizeof out->charset, "%s", semi + 8);
    else
        snprintf(out->charset, sizeof out->charset, "binary");

    if (strcmp(out->charset, "binary") == 0 && strcmp(out->mime, "application/octet-stream") == 0) {
        char csbuf[16];
        const char *cs = bom_text(head, len, csbuf, sizeof csbuf);

        if (cs) {
            snprintf(out->mime, sizeof out->mime, "text/plain");
            snprintf(out->charset, sizeof out->charset, "%s", cs);
        }
    }
    for (i = 0; i < sizeof containers / sizeof containers[0]; i++)
        if (strcmp(out->mime, containers[i].mime) == 0) {
            out->kind = containers[i].kind;
            out->seekable_format = containers[i].seekable;
            return;
        }
    if (strncmp(out->mime, "text/", 5) == 0 && is_uuencode(head, len)) {
        out->kind = LS_KIND_COMPRESSED;
        snprintf(out->mime, sizeof out->mime, "text/x-uuencode");
    }
}

void ls_sniff_probe_filters(struct ls_filters *f)
{
    struct archive *a = archive_read_new();

    memset(f, 0, sizeof *f);
    if (!a)
        return;
    /* ARCHIVE_WARN means "works, through an external program": refused. */
    f->gzip = archive_read_support_filter_gzip(a) == ARCHIVE_OK;
    f->bzip2 = archive_read_support_filter_bzip2(a) == ARCHIVE_OK;
    f->xz = archive_read_support_filter_xz(a) == ARCHIVE_OK;
    f->lzma = archive_read_support_filter_lzma(a) == ARCHIVE_OK;
    f->zstd = archive_read_support_filter_zstd(a) == ARCHIVE_OK;
    f->lz4 = archive_read_support_filter_lz4(a) == ARCHIVE_OK;
    f->compress = archive_read_support_filter_compress(a) == ARCHIVE_OK;
    f->uu = archive_read_support_filter_uu(a) == ARCHIVE_OK;
    archive_read_free(a);
}
