/* extract/image.c — JPEG, PNG and TIFF: no text, but metadata.
 *
 * A photo from a police file can carry where and when it was taken, and
 * the text a tool or a person wrote into it.  Read:
 *  - EXIF (JPEG APP1 "Exif\0\0", PNG eXIf chunk, or a TIFF file itself):
 *    IFD0 -> GPS IFD (GPSLatitude/Ref, GPSLongitude/Ref rationals) and the
 *    Exif IFD (DateTimeOriginal; IFD0 DateTime when there is none), as ONE
 *    record such as
 *      GPS 51.2194 N 4.4025 E
 *      DateTimeOriginal 2019:03:01 10:22:33
 *    (part "EXIF") so that the rules for coordinates and dates see them;
 *  - PNG text chunks: each tEXt, zTXt and iTXt chunk is one record
 *    "keyword: text" whose one column is the keyword (part "PNG tEXt", …);
 *    zTXt and compressed iTXt are inflated up to --max-record-bytes, within
 *    the expansion ratio (--max-ratio past its grace) and, for the whole
 *    image, --max-buffer-bytes;
 *  - XMP packets (JPEG APP1 "http://ns.adobe.com/xap/1.0/", PNG iTXt
 *    "XML:com.adobe.xmp"): one record of named fields (meta.h, part "XMP");
 *  - JPEG comments (COM): one record "Comment: text" (part "JPEG COM").
 * A PNG is read chunk by chunk from the stream (image data is read past);
 * a JPEG or TIFF through its first IMAGE_MAX_READ bytes, every offset
 * checked against them.  A damaged chunk or segment (bad CRC, cut short,
 * impossible length, corrupt zlib data) is a problem: the rest of the image
 * is read, the status stays LS_OK and doc->reason says "partial: …" with
 * the first problem.  A text chunk with a bad CRC is still read.  No
 * metadata: LS_OK and no record. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "extract/charset.h"
#include "extract/extractors.h"
#include "extract/meta.h"

#define IMAGE_MAX_READ (16u << 20) /* EXIF sits near the start; TIFF IFDs may not */
#define TIFF_MAX_ENTRIES 1024      /* entries read from one IFD */

struct tiff {
    const unsigned char *p;
    size_t n;
    int be; /* big-endian ("MM") */
};

static int rd16(const struct tiff *t, size_t off, uint32_t *v)
{
    if (off > t->n || t->n - off < 2)
        return -1;
    const unsigned char *q = t->p + off;
    *v = t->be ? (uint32_t)q[0] << 8 | q[1] : (uint32_t)q[1] << 8 | q[0];
    return 0;
}

static int rd32(const struct tiff *t, size_t off, uint32_t *v)
{
    if (off > t->n || t->n - off < 4)
        return -1;
    const unsigned char *q = t->p + off;
    *v = t->be ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]
               : (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
    return 0;
}

struct exif {
    int have_lat, have_lon;
    double lat, lon;
    char lat_ref, lon_ref;
    char dto[32]; /* DateTimeOriginal */
    char dt[32];  /* DateTime (IFD0) */
    uint32_t gps_ifd, exif_ifd;
};

/* Where an entry's value sits: inline (4 bytes) or at an offset. */
static size_t value_at(const struct tiff *t, size_t entry, uint32_t type, uint32_t count)
{
    static const unsigned sizes[13] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8};
    uint64_t bytes = (uint64_t)(type < 13 ? sizes[type] : 1) * count;
    if (bytes <= 4)
        return entry + 8;
    uint32_t off;
    if (rd32(t, entry + 8, &off) != 0 || off > t->n || t->n - off < bytes)
        return (size_t)-1;
    return off;
}

static void read_ascii(const struct tiff *t, size_t at, uint32_t count, char *out, size_t outsz)
{
    size_t o = 0;
    for (uint32_t i = 0; i < count && at + i < t->n && o + 1 < outsz; i++) {
        unsigned char c = t->p[at + i];
        if (c == 0)
            break;
        out[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
    }
    out[o] = 0;
}

static int read_dms(const struct tiff *t, size_t at, double *deg)
{
    double v[3];
    for (int i = 0; i < 3; i++) {
        uint32_t num, den;
        if (rd32(t, at + 8 * (size_t)i, &num) != 0 || rd32(t, at + 8 * (size_t)i + 4, &den) != 0)
            return -1;
        if (den == 0) {
            if (num != 0)
                return -1;
            v[i] = 0;
        } else
            v[i] = (double)num / den;
    }
    *deg = v[0] + v[1] / 60.0 + v[2] / 3600.0;
    return *deg <= 180.0 ? 0 : -1;
}

/* kind: 0 IFD0, 1 Exif IFD, 2 GPS IFD */
static void read_ifd(const struct tiff *t, uint32_t off, int kind, struct exif *x)
{
    uint32_t count;
    if (rd16(t, off, &count) != 0)
        return;
    if (count > TIFF_MAX_ENTRIES)
        count = TIFF_MAX_ENTRIES;
    for (uint32_t i = 0; i < count; i++) {
        size_t e = (size_t)off + 2 + 12 * (size_t)i;
        uint32_t tag, type, cnt, v32;
        if (rd16(t, e, &tag) != 0 || rd16(t, e + 2, &type) != 0 || rd32(t, e + 4, &cnt) != 0)
            return;
        size_t at = value_at(t, e, type, cnt);
        if (at == (size_t)-1)
            continue;
        if (kind == 0 && tag == 0x8825 && rd32(t, e + 8, &v32) == 0)
            x->gps_ifd = v32;
        else if (kind == 0 && tag == 0x8769 && rd32(t, e + 8, &v32) == 0)
            x->exif_ifd = v32;
        else if (kind == 0 && tag == 0x0132 && type == 2)
            read_ascii(t, at, cnt, x->dt, sizeof x->dt);
        else if (kind == 1 && tag == 0x9003 && type == 2)
            read_ascii(t, at, cnt, x->dto, sizeof x->dto);
        else if (kind == 2 && (tag == 1 || tag == 3) && type == 2 && cnt >= 1 && at < t->n) {
            char c = (char)t->p[at];
            if (tag == 1 && (c == 'N' || c == 'S'))
                x->lat_ref = c;
            if (tag == 3 && (c == 'E' || c == 'W'))
                x->lon_ref = c;
        } else if (kind == 2 && (tag == 2 || tag == 4) && type == 5 && cnt == 3) {
            double d;
            if (read_dms(t, at, &d) == 0) {
                if (tag == 2) {
                    x->lat = d;
                    x->have_lat = d <= 90.0;
                } else {
                    x->lon = d;
                    x->have_lon = 1;
                }
            }
        }
    }
}

static int parse_tiff(const unsigned char *p, size_t n, struct exif *x)
{
    struct tiff t = {p, n, 0};
    uint32_t magic, ifd0;
    if (n < 8)
        return -1;
    if (p[0] == 'I' && p[1] == 'I')
        t.be = 0;
    else if (p[0] == 'M' && p[1] == 'M')
        t.be = 1;
    else
        return -1;
    if (rd16(&t, 2, &magic) != 0 || magic != 42 || rd32(&t, 4, &ifd0) != 0)
        return -1;
    read_ifd(&t, ifd0, 0, x);
    /* sub-IFDs only once each, and never back onto IFD0 */
    if (x->exif_ifd && x->exif_ifd != ifd0)
        read_ifd(&t, x->exif_ifd, 1, x);
    if (x->gps_ifd && x->gps_ifd != ifd0 && x->gps_ifd != x->exif_ifd)
        read_ifd(&t, x->gps_ifd, 2, x);
    return 0;
}

/* --- one image ----------------------------------------------------------------- */

struct img {
    struct ls_doc *doc;
    struct ls_fieldrec fr;
    uint64_t index;
    uint64_t inflated; /* bytes decompressed from text chunks so far */
    uint64_t pos;      /* PNG: bytes of the stream read so far */
    int have_exif;     /* the first EXIF block was read: later ones are left */
    int problems;
    char why[200]; /* the first problem */
};

static void problem(struct img *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records a problem with the image (the first is kept for the inventory). */
static void problem(struct img *g, const char *fmt, ...)
{
    if (g->problems++ == 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(g->why, sizeof g->why, fmt, ap);
        va_end(ap);
    }
}

/* The EXIF record of a TIFF block: GPS and date, as before. */
static ls_status emit_exif(struct img *g, const unsigned char *p, size_t n)
{
    struct exif x;
    if (g->have_exif)
        return LS_OK;
    memset(&x, 0, sizeof x);
    if (parse_tiff(p, n, &x) != 0)
        return LS_OK;
    g->have_exif = 1;
    char text[200];
    size_t o = 0;
    if (x.have_lat && x.have_lon)
        o += (size_t)snprintf(text + o, sizeof text - o, "GPS %.4f %c %.4f %c\n", x.lat,
                              x.lat_ref ? x.lat_ref : 'N', x.lon, x.lon_ref ? x.lon_ref : 'E');
    if (x.dto[0])
        o += (size_t)snprintf(text + o, sizeof text - o, "DateTimeOriginal %s\n", x.dto);
    else if (x.dt[0])
        o += (size_t)snprintf(text + o, sizeof text - o, "DateTime %s\n", x.dt);
    if (!o)
        return LS_OK;
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = text;
    rec.len = o;
    rec.index = g->index++;
    rec.line = 1;
    rec.part = "EXIF";
    return g->doc->on_record(g->doc->ud, &rec);
}

static ls_status emit_xmp(struct img *g, const unsigned char *xml, size_t n, const char *where)
{
    char why[160];
    ls_status st = ls_xmp_read(xml, n, g->doc->limits, &g->fr, why, sizeof why);
    if (st != LS_OK)
        return st;
    if (why[0])
        problem(g, "%s XMP: %s", where, why);
    return ls_fieldrec_emit(g->doc, &g->fr, "XMP", &g->index);
}

/* A Latin-1 text (PNG tEXt, zTXt and their keywords) as UTF-8 in b. */
static void latin1_to_utf8(struct ls_strbuf *b, const unsigned char *s, size_t n)
{
    ls_strbuf_reset(b);
    b->overflow = 0;
    for (size_t i = 0; i < n && !b->overflow; i++)
        if (ls_utf8_append(b, s[i] >= 0x80 && s[i] < 0xA0 ? ls_cp1252_decode(s[i]) : s[i]) != 0)
            break;
}

/* --- JPEG ------------------------------------------------------------------------ */

static ls_status read_jpeg(struct img *g, const unsigned char *b, size_t n, int whole)
{
    static const char xmp_ns[] = "http://ns.adobe.com/xap/1.0/"; /* and a NUL */
    size_t pos = 2;
    ls_status st = LS_OK;
    while (st == LS_OK && pos + 4 <= n) {
        if (b[pos] != 0xFF) {
            problem(g, "JPEG: no marker at byte %zu", pos);
            return LS_OK;
        }
        unsigned char m = b[pos + 1];
        if (m == 0xFF) {
            pos++;
            continue;
        }
        if (m == 0xD9 || m == 0xDA)
            return LS_OK; /* image data: no metadata after it is read */
        if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            pos += 2;
            continue;
        }
        size_t len = (size_t)b[pos + 2] << 8 | b[pos + 3];
        if (len < 2 || pos + 2 + len > n) {
            if (len < 2 || whole)
                problem(g, "JPEG: segment at byte %zu runs past the end", pos);
            return LS_OK;
        }
        const unsigned char *d = b + pos + 4;
        size_t dl = len - 2;
        if (m == 0xE1 && dl >= 6 && !memcmp(d, "Exif\0\0", 6))
            st = emit_exif(g, d + 6, dl - 6);
        else if (m == 0xE1 && dl >= sizeof xmp_ns && !memcmp(d, xmp_ns, sizeof xmp_ns))
            st = emit_xmp(g, d + sizeof xmp_ns, dl - sizeof xmp_ns, "JPEG");
        else if (m == 0xFE) { /* COM: a comment */
            if (ls_fieldrec_add(&g->fr, "Comment", (const char *)d, dl) != 0)
                return LS_ENOMEM;
            st = ls_fieldrec_emit(g->doc, &g->fr, "JPEG COM", &g->index);
        }
        pos += 2 + len;
    }
    if (pos < n && whole && st == LS_OK)
        problem(g, "JPEG: ends inside a segment");
    return st;
}

/* --- PNG ------------------------------------------------------------------------- */

/* Reads exactly n bytes (fewer only at the end of the stream); -1 on a read
 * error. */
static ssize_t read_full(struct img *g, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = ls_input_read(g->doc->in, buf + got, n - got);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    g->pos += got;
    return (ssize_t)got;
}

/* Reads and drops n bytes; returns the bytes dropped, -1 on a read error. */
static int64_t skip_bytes(struct img *g, uint64_t n)
{
    unsigned char tmp[16384];
    uint64_t done = 0;
    while (done < n) {
        size_t k = n - done < sizeof tmp ? (size_t)(n - done) : sizeof tmp;
        ssize_t r = read_full(g, tmp, k);
        if (r < 0)
            return -1;
        done += (uint64_t)r;
        if ((size_t)r < k)
            break;
    }
    return (int64_t)done;
}

/* zlib data of a zTXt or iTXt chunk, at most cap bytes out and within the
 * expansion limits: 0 read whole, 1 cut (why says by what), -1 corrupt, -2
 * out of memory.  *out is malloc'd (also when cut). */
static int inflate_text(struct img *g, const unsigned char *in, size_t n, size_t cap,
                        unsigned char **out, size_t *outlen, const char **why)
{
    const struct ls_limits *lim = g->doc->limits;
    uint64_t left = lim->max_buffer_bytes > g->inflated ? lim->max_buffer_bytes - g->inflated : 0;
    if (cap > left)
        cap = (size_t)left;
    size_t bcap = cap < 4096 ? cap : 4096, used = 0;
    unsigned char *b = malloc(bcap + 1);
    z_stream z;
    int rc = 0;
    *why = NULL;
    if (!b)
        return -2;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        free(b);
        return -2;
    }
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = n > (1u << 30) ? (1u << 30) : (uInt)n;
    for (;;) {
        if (used == bcap) {
            if (bcap >= cap) {
                rc = 1;
                *why = cap == left ? ls_limit_reason(LS_LIMIT_BUFFER_BYTES) : "cut at the limit";
                break;
            }
            size_t nc = bcap * 2 < cap ? bcap * 2 : cap;
            unsigned char *nb = realloc(b, nc + 1);
            if (!nb) {
                rc = -2;
                break;
            }
            b = nb;
            bcap = nc;
        }
        z.next_out = b + used;
        z.avail_out = (uInt)(bcap - used);
        int zr = inflate(&z, Z_NO_FLUSH);
        used = (size_t)(z.next_out - b);
        if (used > lim->ratio_grace_bytes && (double)used > lim->max_ratio * (double)n) {
            rc = 1;
            *why = ls_limit_reason(LS_LIMIT_RATIO);
            break;
        }
        if (zr == Z_STREAM_END)
            break;
        if (zr == Z_BUF_ERROR && z.avail_out > 0) {
            rc = 1;
            *why = "zlib data cut short";
            break;
        }
        if (zr != Z_OK) {
            rc = -1;
            break;
        }
    }
    inflateEnd(&z);
    if (rc < 0) {
        free(b);
        return rc;
    }
    g->inflated += used;
    b[used] = 0;
    *out = b;
    *outlen = used;
    return rc;
}

/* The text of a tEXt, zTXt or iTXt chunk (already split from its header)
 * into one record: XMP when the keyword says so, else keyword: text. */
static ls_status png_text(struct img *g, const char *type, const char *kw, const unsigned char *t,
                          size_t tn, int compressed, int utf8, size_t at)
{
    unsigned char *dec = NULL;
    size_t decn = 0;
    int xmp = utf8 && strcmp(kw, "XML:com.adobe.xmp") == 0;
    ls_status st = LS_OK;
    if (compressed) {
        const char *why;
        size_t cap = xmp ? IMAGE_MAX_READ : g->doc->limits->max_record_bytes;
        int r = inflate_text(g, t, tn, cap, &dec, &decn, &why);
        if (r == -2)
            return LS_ENOMEM;
        if (r == -1) {
            problem(g, "PNG: %s chunk at byte %zu: corrupt zlib data", type, at);
            return LS_OK;
        }
        if (r == 1)
            problem(g, "PNG: %s chunk at byte %zu: %s", type, at, why);
        t = dec;
        tn = decn;
    }
    if (xmp) {
        st = emit_xmp(g, t, tn, "PNG");
    } else {
        struct ls_strbuf name, val;
        ls_strbuf_init(&name, 4 * 80);
        ls_strbuf_init(&val, 4 * g->doc->limits->max_record_bytes);
        latin1_to_utf8(&name, (const unsigned char *)kw, strlen(kw));
        if (!utf8)
            latin1_to_utf8(&val, t, tn);
        if (ls_fieldrec_add(&g->fr, name.data ? name.data : "", utf8 ? (const char *)t : val.data,
                            utf8 ? tn : val.len) != 0)
            st = LS_ENOMEM;
        else
            st = ls_fieldrec_emit(g->doc, &g->fr,
                                  type[0] == 'i'   ? "PNG iTXt"
                                  : type[0] == 'z' ? "PNG zTXt"
                                                   : "PNG tEXt",
                                  &g->index);
        ls_strbuf_free(&name);
        ls_strbuf_free(&val);
    }
    free(dec);
    return st;
}

/* One text chunk's data: its header parsed, its text handed to png_text. */
static ls_status png_chunk(struct img *g, const char *type, const unsigned char *d, size_t n,
                           size_t at)
{
    const unsigned char *z = memchr(d, 0, n < 80 ? n : 80);
    if (!z || z == d) {
        problem(g, "PNG: %s chunk at byte %zu: no keyword", type, at);
        return LS_OK;
    }
    char kw[80];
    memcpy(kw, d, (size_t)(z - d) + 1);
    const unsigned char *p = z + 1, *e = d + n;
    if (!strcmp(type, "tEXt"))
        return png_text(g, type, kw, p, (size_t)(e - p), 0, 0, at);
    if (!strcmp(type, "zTXt")) {
        if (p >= e || *p != 0) {
            problem(g, "PNG: zTXt chunk at byte %zu: unknown compression method", at);
            return LS_OK;
        }
        return png_text(g, type, kw, p + 1, (size_t)(e - p - 1), 1, 0, at);
    }
    /* iTXt: flag, method, language\0, translated keyword\0, text */
    const unsigned char *lang = p + 2 <= e ? p + 2 : e;
    const unsigned char *l0 = memchr(lang, 0, (size_t)(e - lang));
    const unsigned char *t0 = l0 ? memchr(l0 + 1, 0, (size_t)(e - l0 - 1)) : NULL;
    if (p + 2 > e || !t0 || p[0] > 1 || (p[0] == 1 && p[1] != 0)) {
        problem(g, "PNG: iTXt chunk at byte %zu: malformed header", at);
        return LS_OK;
    }
    return png_text(g, type, kw, t0 + 1, (size_t)(e - t0 - 1), p[0], 1, at);
}

static int png_wanted(const char *type)
{
    return !strcmp(type, "tEXt") || !strcmp(type, "zTXt") || !strcmp(type, "iTXt") ||
           !strcmp(type, "eXIf");
}

/* The chunks of a PNG, read from the stream one by one (image data is read
 * past, never kept): EXIF, text chunks and XMP. */
static ls_status read_png(struct img *g)
{
    unsigned char h[8];
    size_t cap = g->doc->limits->max_buffer_bytes < IMAGE_MAX_READ
                     ? (size_t)g->doc->limits->max_buffer_bytes
                     : IMAGE_MAX_READ;
    ls_status st = LS_OK;
    while (st == LS_OK) {
        size_t at = (size_t)g->pos;
        ssize_t r = read_full(g, h, 8);
        if (r < 0)
            return LS_EFAILED;
        if (r < 8) {
            problem(g, "PNG: ends at byte %zu without IEND", at + (size_t)r);
            break;
        }
        uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
        char type[5];
        memcpy(type, h + 4, 4);
        type[4] = 0;
        if (len > 0x7FFFFFFFu) {
            problem(g, "PNG: chunk at byte %zu: length %u over 2^31-1", at, len);
            break;
        }
        if (!strcmp(type, "IEND"))
            break;
        if (!png_wanted(type) || len > cap) {
            if (png_wanted(type))
                problem(g, "PNG: %s chunk at byte %zu: %s", type, at,
                        ls_limit_reason(LS_LIMIT_BUFFER_BYTES));
            int64_t k = skip_bytes(g, (uint64_t)len + 4);
            if (k < 0)
                return LS_EFAILED;
            if ((uint64_t)k < (uint64_t)len + 4) {
                problem(g, "PNG: %s chunk at byte %zu cut short", type, at);
                break;
            }
            continue;
        }
        unsigned char *d = malloc((size_t)len + 4);
        if (!d)
            return LS_ENOMEM;
        r = read_full(g, d, (size_t)len + 4);
        if (r < 0) {
            free(d);
            return LS_EFAILED;
        }
        size_t n = (size_t)r < len ? (size_t)r : len;
        if ((size_t)r < (size_t)len + 4)
            problem(g, "PNG: %s chunk at byte %zu cut short", type, at);
        else {
            uint32_t want = (uint32_t)d[len] << 24 | (uint32_t)d[len + 1] << 16 |
                            (uint32_t)d[len + 2] << 8 | d[len + 3];
            uLong crc = crc32(crc32(0L, Z_NULL, 0), h + 4, 4);
            if (crc32(crc, d, (uInt)len) != want)
                problem(g, "PNG: %s chunk at byte %zu: bad CRC (read anyway)", type, at);
        }
        if (!strcmp(type, "eXIf"))
            st = emit_exif(g, d, n);
        else
            st = png_chunk(g, type, d, n, at);
        free(d);
        if ((size_t)r < (size_t)len + 4)
            break;
    }
    return st;
}

/* JPEG and TIFF: the first IMAGE_MAX_READ bytes in memory (EXIF, XMP and
 * comments sit before the image data of a JPEG). */
static ls_status read_buffered(struct img *g, const unsigned char *first, size_t nfirst)
{
    size_t cap = g->doc->limits->max_buffer_bytes < IMAGE_MAX_READ
                     ? (size_t)g->doc->limits->max_buffer_bytes
                     : IMAGE_MAX_READ;
    size_t len = 0, have = cap < 65536 ? cap : 65536;
    unsigned char *buf = malloc(have + 1);
    int whole = 0;
    ls_status st;
    if (!buf)
        return LS_ENOMEM;
    memcpy(buf, first, nfirst);
    len = nfirst;
    if (nfirst < 8)
        whole = 1;
    while (!whole && len < cap) {
        if (len == have) {
            size_t nh = have * 2 < cap ? have * 2 : cap;
            unsigned char *nb = realloc(buf, nh + 1);
            if (!nb) {
                free(buf);
                return LS_ENOMEM;
            }
            buf = nb;
            have = nh;
        }
        ssize_t r = ls_input_read(g->doc->in, buf + len, have - len);
        if (r < 0) {
            free(buf);
            return LS_EFAILED;
        }
        if (r == 0) {
            whole = 1;
            break;
        }
        len += (size_t)r;
    }
    if (len >= 4 && buf[0] == 0xFF && buf[1] == 0xD8)
        st = read_jpeg(g, buf, len, whole);
    else
        st = emit_exif(g, buf, len);
    free(buf);
    return st;
}

static ls_status image_run(struct ls_doc *doc)
{
    struct img g;
    unsigned char first[8];
    ls_status st;
    memset(&g, 0, sizeof g);
    g.doc = doc;
    ls_fieldrec_init(&g.fr, doc->limits->max_record_bytes);
    ssize_t r = read_full(&g, first, sizeof first);
    if (r < 0)
        st = LS_EFAILED;
    else if (r == 8 && !memcmp(first, "\x89PNG\r\n\x1a\n", 8))
        st = read_png(&g);
    else
        st = read_buffered(&g, first, (size_t)r);
    ls_fieldrec_free(&g.fr);
    if (st == LS_EFAILED)
        snprintf(doc->reason, sizeof doc->reason, "read error: %.200s", doc->in->err);
    else if (st == LS_OK && g.problems > 1)
        snprintf(doc->reason, sizeof doc->reason, "partial: %s (and %d more problems)", g.why,
                 g.problems - 1);
    else if (st == LS_OK && g.problems)
        snprintf(doc->reason, sizeof doc->reason, "partial: %s", g.why);
    return st;
}

static int image_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                       const char *name)
{
    (void)cs;
    (void)name;
    if (mime &&
        (!strcmp(mime, "image/jpeg") || !strcmp(mime, "image/png") || !strcmp(mime, "image/tiff")))
        return 80;
    if (hl >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        return 80;
    if (hl >= 8 && !memcmp(head, "\x89PNG\r\n\x1a\n", 8))
        return 80;
    if (hl >= 4 && (!memcmp(head, "II*\0", 4) || !memcmp(head, "MM\0*", 4)))
        return 80;
    return 0;
}

const struct ls_extractor ls_extractor_image = {"image", image_probe, image_run};
