/* extract/image.c — JPEG, PNG and TIFF: no text, but EXIF metadata.
 *
 * A photo from a police file can carry where and when it was taken.  The
 * EXIF block (JPEG APP1 "Exif\0\0", PNG eXIf chunk, or a TIFF file itself)
 * is read: IFD0 → GPS IFD (GPSLatitude/Ref, GPSLongitude/Ref rationals) and
 * the Exif IFD (DateTimeOriginal; IFD0 DateTime when there is none).  When
 * found they form ONE record such as
 *   GPS 51.2194 N 4.4025 E
 *   DateTimeOriginal 2019:03:01 10:22:33
 * so that the rules for coordinates and dates see them.  No EXIF: LS_OK and
 * no record.  Only the first IMAGE_MAX_READ bytes are read; every offset is
 * checked against them. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractors.h"

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

static int find_exif(const unsigned char *b, size_t n, struct exif *x)
{
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xD8) { /* JPEG */
        size_t pos = 2;
        while (pos + 4 <= n) {
            if (b[pos] != 0xFF)
                return -1;
            unsigned char m = b[pos + 1];
            if (m == 0xFF) {
                pos++;
                continue;
            }
            if (m == 0xD9 || m == 0xDA)
                return -1;
            if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                pos += 2;
                continue;
            }
            size_t len = (size_t)b[pos + 2] << 8 | b[pos + 3];
            if (len < 2 || pos + 2 + len > n)
                return -1;
            if (m == 0xE1 && len >= 8 && !memcmp(b + pos + 4, "Exif\0\0", 6))
                return parse_tiff(b + pos + 10, len - 8, x);
            pos += 2 + len;
        }
        return -1;
    }
    if (n >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) {
        size_t pos = 8;
        while (pos + 12 <= n) {
            size_t len = (size_t)b[pos] << 24 | (size_t)b[pos + 1] << 16 | (size_t)b[pos + 2] << 8 |
                         b[pos + 3];
            if (len > n - pos - 12)
                return -1;
            if (!memcmp(b + pos + 4, "eXIf", 4))
                return parse_tiff(b + pos + 8, len, x);
            if (!memcmp(b + pos + 4, "IEND", 4))
                return -1;
            pos += 12 + len;
        }
        return -1;
    }
    return parse_tiff(b, n, x);
}

static ls_status image_run(struct ls_doc *doc)
{
    size_t cap = doc->limits->max_buffer_bytes < IMAGE_MAX_READ
                     ? (size_t)doc->limits->max_buffer_bytes
                     : IMAGE_MAX_READ;
    size_t len = 0, have = cap < 65536 ? cap : 65536;
    unsigned char *buf = malloc(have + 1);
    struct exif x;
    ls_status st = LS_OK;
    if (!buf)
        return LS_ENOMEM;
    while (len < cap) {
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
        ssize_t r = ls_input_read(doc->in, buf + len, have - len);
        if (r < 0) {
            snprintf(doc->reason, sizeof doc->reason, "read error: %.200s", doc->in->err);
            free(buf);
            return LS_EFAILED;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    memset(&x, 0, sizeof x);
    if (find_exif(buf, len, &x) == 0) {
        char text[200];
        size_t o = 0;
        if (x.have_lat && x.have_lon)
            o += (size_t)snprintf(text + o, sizeof text - o, "GPS %.4f %c %.4f %c\n", x.lat,
                                  x.lat_ref ? x.lat_ref : 'N', x.lon, x.lon_ref ? x.lon_ref : 'E');
        if (x.dto[0])
            o += (size_t)snprintf(text + o, sizeof text - o, "DateTimeOriginal %s\n", x.dto);
        else if (x.dt[0])
            o += (size_t)snprintf(text + o, sizeof text - o, "DateTime %s\n", x.dt);
        if (o) {
            struct ls_record rec;
            memset(&rec, 0, sizeof rec);
            rec.text = text;
            rec.len = o;
            rec.line = 1;
            rec.part = "EXIF";
            st = doc->on_record(doc->ud, &rec);
        }
    }
    free(buf);
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
