/* charset.c — the one charset layer of the extract stage (see charset.h):
 * BOM / libmagic charset → UTF-8 as a bounded stream for the text
 * extractors, a whole-buffer conversion by MIME charset label for the
 * document extractors (mail, RTF, PDF), and the code-point helpers every
 * other module uses (the UTF-8 validator and encoder, the CP1252 table).
 * UTF-8 is validated here and CP1252 decoded from a table (both faster than
 * iconv, and neither stops on the five bytes CP1252 leaves undefined);
 * UTF-16/32 and any other named charset go through glibc iconv, one iconv
 * step serving both the stream and the buffer conversion.  Every invalid
 * sequence becomes U+FFFD and is counted; nothing is fatal but a failing
 * input stream. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "extract/charset.h"
#include "wipe.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CP1252 0x80..0x9F; U+FFFD where CP1252 leaves the byte undefined. */
static const uint16_t cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

/* One conversion: which decoder, and its iconv handle. */
struct conv {
    enum ls_charset_kind kind;
    iconv_t cd;  /* LS_CS_ICONV only */
    size_t unit; /* code unit to skip on an invalid sequence (iconv) */
};

struct ls_charset_priv {
    struct ls_doc *doc;
    struct conv conv;
    const char *name;   /* encoding in use, for messages */
    unsigned char *raw; /* raw bytes from doc->in */
    size_t raw_len, raw_pos;
    int raw_eof;
    ls_status st; /* LS_OK until the stream fails */
};

size_t ls_utf8_put(unsigned char *out, uint32_t cp)
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int ls_utf8_append(struct ls_strbuf *b, uint32_t cp)
{
    unsigned char u[4];
    size_t n = ls_utf8_put(u, cp);
    return ls_strbuf_append(b, u, n);
}

uint32_t ls_cp1252_decode(unsigned char b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_c1[b - 0x80] : b;
}

int ls_utf8_check(const unsigned char *s, size_t avail)
{
    unsigned c = s[0];
    int need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return -1;
    if (c < 0xE0) {
        need = 2;
    } else if (c < 0xF0) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c < 0xF5) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    for (int i = 1; i < need; i++) {
        if ((size_t)i >= avail)
            return 0;
        unsigned b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return -i;
    }
    return need;
}

size_t ls_utf8_len(const unsigned char *s, size_t avail)
{
    int l = ls_utf8_check(s, avail);
    return l > 0 ? (size_t)l : 0;
}

size_t ls_utf8_boundary(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    size_t i = len - 1;
    const unsigned char *u = (const unsigned char *)s;
    while (i > 0 && len - i < 4 && (u[i] & 0xC0) == 0x80)
        i--;
    int l = ls_utf8_check(u + i, len - i);
    return l == 0 ? i : len;
}

static size_t put_cp1252(unsigned char *out, unsigned char b, uint64_t *invalid)
{
    if (b < 0x80)
        return (out[0] = b), 1;
    uint32_t cp = ls_cp1252_decode(b);
    if (cp == 0xFFFD)
        ++*invalid;
    return ls_utf8_put(out, cp);
}

/* One iconv(3) call: converts src[*i..srclen) into dst[*o..dstcap), moving
 * *i and *o past what was converted.  Returns 0 when the source was used up,
 * otherwise why it stopped: E2BIG (dst is full), EILSEQ (an invalid
 * sequence at src[*i]) or EINVAL (an incomplete sequence ends the source). */
static int iconv_step(iconv_t cd, const unsigned char *src, size_t srclen, size_t *i,
                      unsigned char *dst, size_t dstcap, size_t *o)
{
    char *ip = (char *)(uintptr_t)(src + *i), *op = (char *)(dst + *o);
    size_t il = srclen - *i, ol = dstcap - *o;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    int e = errno;
    *i = (size_t)((const unsigned char *)ip - src);
    *o = (size_t)((unsigned char *)op - dst);
    if (rc != (size_t)-1)
        return 0;
    return e ? e : EILSEQ;
}

/* The length of the run of ASCII bytes at s (at most n), eight at a time. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    size_t k = 0;
    uint64_t w;

    while (n - k >= 8) {
        memcpy(&w, s + k, 8);
        if (w & 0x8080808080808080ULL)
            break;
        k += 8;
    }
    while (k < n && s[k] < 0x80)
        k++;
    return k;
}

/* Converts src into dst until src is used up (all but an incomplete tail
 * when !eof) or dst has fewer than 4 bytes of room.  *used gets the source
 * bytes consumed.  Returns the bytes written. */
static size_t conv_run(struct conv *c, const unsigned char *src, size_t srclen, size_t *used,
                       unsigned char *dst, size_t dstcap, int eof, uint64_t *invalid)
{
    size_t i = 0, o = 0;
    while (i < srclen && dstcap - o >= 4) {
        if (c->kind == LS_CS_CP1252) {
            o += put_cp1252(dst + o, src[i++], invalid);
            continue;
        }
        if (c->kind == LS_CS_ICONV) {
            /* dstcap - 4: keep room for a U+FFFD */
            int e = iconv_step(c->cd, src, srclen, &i, dst, dstcap - 4, &o);
            if (e == 0 || e == E2BIG || (e == EINVAL && !eof))
                break;
            /* EILSEQ, or an incomplete sequence at the end: skip a unit. */
            size_t skip = e == EINVAL ? srclen - i : c->unit;
            if (skip > srclen - i)
                skip = srclen - i;
            if (skip == 0)
                skip = 1;
            i += skip;
            o += ls_utf8_put(dst + o, 0xFFFD);
            ++*invalid;
            iconv(c->cd, NULL, NULL, NULL, NULL);
            continue;
        }
        /* UTF-8 (strict or loose) */
        if (src[i] < 0x80) {
            size_t room = dstcap - o, lim = srclen - i < room ? srclen - i : room;
            size_t n = ascii_run(src + i, lim);
            memcpy(dst + o, src + i, n);
            i += n;
            o += n;
            continue;
        }
        int l = ls_utf8_check(src + i, srclen - i);
        if (l > 0) {
            memcpy(dst + o, src + i, (size_t)l);
            i += (size_t)l;
            o += (size_t)l;
            continue;
        }
        if (l == 0 && !eof)
            break;
        ++*invalid;
        if (c->kind == LS_CS_UTF8_LOOSE) {
            unsigned char b = src[i++];
            uint64_t dummy = 0;
            o += put_cp1252(dst + o, b, &dummy);
            continue;
        }
        i += l == 0 ? srclen - i : (size_t)-l;
        o += ls_utf8_put(dst + o, 0xFFFD);
    }
    *used = i;
    return o;
}

/* UTF-16/32 without a BOM: mostly-ASCII text has a zero in every other (or
 * three of four) bytes. */
static const char *guess_wide(const unsigned char *h, size_t n)
{
    size_t z[4] = {0, 0, 0, 0};
    if (n > 4096)
        n = 4096;
    n &= ~(size_t)3;
    if (n < 8)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (h[i] == 0)
            z[i & 3]++;
    size_t q = n / 4; /* bytes per position class */
    if (z[1] + z[2] + z[3] > q * 27 / 10 && z[0] < q / 20)
        return "UTF-32LE";
    if (z[0] + z[1] + z[2] > q * 27 / 10 && z[3] < q / 20)
        return "UTF-32BE";
    size_t even = z[0] + z[2], odd = z[1] + z[3];
    if (odd > q * 2 * 6 / 10 && even < q * 2 / 20)
        return "UTF-16LE";
    if (even > q * 2 * 6 / 10 && odd < q * 2 / 20)
        return "UTF-16BE";
    return NULL;
}

enum ls_charset_kind ls_charset_detect(const char *charset, const unsigned char *h, size_t n,
                                       size_t *bom_len, const char **iconv_name)
{
    *bom_len = 0;
    *iconv_name = NULL;
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
        *bom_len = 3;
        return LS_CS_UTF8;
    }
    if (n >= 4 && h[0] == 0xFF && h[1] == 0xFE && h[2] == 0 && h[3] == 0) {
        *bom_len = 4;
        *iconv_name = "UTF-32LE";
        return LS_CS_ICONV;
    }
    if (n >= 4 && h[0] == 0 && h[1] == 0 && h[2] == 0xFE && h[3] == 0xFF) {
        *bom_len = 4;
        *iconv_name = "UTF-32BE";
        return LS_CS_ICONV;
    }
    if (n >= 2 && h[0] == 0xFF && h[1] == 0xFE) {
        *bom_len = 2;
        *iconv_name = "UTF-16LE";
        return LS_CS_ICONV;
    }
    if (n >= 2 && h[0] == 0xFE && h[1] == 0xFF) {
        *bom_len = 2;
        *iconv_name = "UTF-16BE";
        return LS_CS_ICONV;
    }
    static const char *const wide[] = {"utf-16le", "utf-16be", "utf-32le", "utf-32be"};
    static const char *const wide_up[] = {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"};
    if (charset && *charset) {
        if (!strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8"))
            return LS_CS_UTF8;
        for (size_t i = 0; i < 4; i++)
            if (!strcasecmp(charset, wide[i])) {
                *iconv_name = wide_up[i];
                return LS_CS_ICONV;
            }
        if (!strcasecmp(charset, "utf-16") || !strcasecmp(charset, "utf-32")) {
            const char *g = guess_wide(h, n);
            *iconv_name = g ? g : charset[4] == '1' ? "UTF-16LE" : "UTF-32LE";
            return LS_CS_ICONV;
        }
        if (!strcasecmp(charset, "iso-8859-1") || !strcasecmp(charset, "unknown-8bit") ||
            !strcasecmp(charset, "windows-1252") || !strcasecmp(charset, "cp1252") ||
            !strcasecmp(charset, "latin1"))
            return LS_CS_CP1252;
        if (strcasecmp(charset, "us-ascii") && strcasecmp(charset, "binary") &&
            strcasecmp(charset, "unknown")) {
            *iconv_name = charset;
            return LS_CS_ICONV;
        }
    }
    /* us-ascii, binary, unknown or nothing: look at the bytes. */
    const char *g = guess_wide(h, n);
    if (g) {
        *iconv_name = g;
        return LS_CS_ICONV;
    }
    return LS_CS_UTF8_LOOSE;
}

static const char *kind_name(enum ls_charset_kind k, const char *iconv_name)
{
    switch (k) {
    case LS_CS_UTF8:
        return "UTF-8";
    case LS_CS_UTF8_LOOSE:
        return "UTF-8";
    case LS_CS_CP1252:
        return "CP1252";
    case LS_CS_ICONV:
        return iconv_name;
    }
    return "?";
}

static void conv_open(struct conv *c, enum ls_charset_kind kind, const char *iconv_name)
{
    c->kind = kind;
    c->cd = (iconv_t)-1;
    c->unit = 1;
    if (kind != LS_CS_ICONV)
        return;
    c->cd = iconv_open("UTF-8", iconv_name);
    if (c->cd == (iconv_t)-1) {
        c->kind = LS_CS_UTF8_LOOSE; /* glibc does not know it: best effort */
        return;
    }
    if (!strncasecmp(iconv_name, "UTF-16", 6))
        c->unit = 2;
    else if (!strncasecmp(iconv_name, "UTF-32", 6))
        c->unit = 4;
}

static void conv_close(struct conv *c)
{
    if (c->kind == LS_CS_ICONV && c->cd != (iconv_t)-1)
        iconv_close(c->cd);
    c->cd = (iconv_t)-1;
}

size_t ls_charset_decode_head(const char *charset, const unsigned char *head, size_t head_len,
                              char *out, size_t outcap)
{
    if (!out || outcap == 0)
        return 0;
    out[0] = 0;
    if (!head || outcap < 5)
        return 0;
    size_t bom, used = 0;
    const char *iname;
    enum ls_charset_kind k = ls_charset_detect(charset, head, head_len, &bom, &iname);
    struct conv c;
    uint64_t inv = 0;
    conv_open(&c, k, iname);
    size_t o =
        conv_run(&c, head + bom, head_len - bom, &used, (unsigned char *)out, outcap - 1, 0, &inv);
    conv_close(&c);
    o = ls_utf8_boundary(out, o);
    out[o] = 0;
    return o;
}

/* --- whole buffers by MIME charset label ------------------------------------ */

static int label_is(const char *cs, const char *const *names)
{
    for (; *names; names++)
        if (!strcasecmp(cs, *names))
            return 1;
    return 0;
}

/* UTF-8 with each byte that is not part of a valid sequence read as CP1252
 * (mislabelled Latin-1 mail) and counted.  0, or -1 when b is full. */
static int append_utf8_loose(struct ls_strbuf *b, const unsigned char *in, size_t len,
                             uint64_t *invalid)
{
    for (size_t i = 0; i < len;) {
        size_t k = ls_utf8_len(in + i, len - i);
        if (k) {
            if (ls_strbuf_append(b, in + i, k) != 0)
                return -1;
            i += k;
        } else {
            if (invalid)
                (*invalid)++;
            if (ls_utf8_append(b, ls_cp1252_decode(in[i])) != 0)
                return -1;
            i++;
        }
    }
    return 0;
}

/* Every byte as CP1252; the undefined ones become U+FFFD, not counted. */
static int append_cp1252(struct ls_strbuf *b, const unsigned char *in, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (ls_utf8_append(b, ls_cp1252_decode(in[i])) != 0)
            return -1;
    return 0;
}

/* Through iconv, in steps of a 4 KiB buffer: an invalid or incomplete
 * sequence costs one byte and becomes one U+FFFD, counted.  0, or -1 when b
 * is full. */
static int append_iconv(struct ls_strbuf *b, iconv_t cd, const unsigned char *in, size_t len,
                        uint64_t *invalid)
{
    unsigned char obuf[4096];
    size_t i = 0;
    while (i < len) {
        size_t o = 0;
        int e = iconv_step(cd, in, len, &i, obuf, sizeof obuf, &o);
        if (ls_strbuf_append(b, obuf, o) != 0)
            return -1;
        if (e == 0)
            break;
        if (e == E2BIG)
            continue;
        /* EILSEQ or EINVAL: one replacement, skip a byte */
        if (invalid)
            (*invalid)++;
        ls_utf8_append(b, 0xFFFD);
        i++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    return 0;
}

int ls_charset_to_utf8(struct ls_strbuf *b, const char *label, const unsigned char *in, size_t len,
                       uint64_t *invalid)
{
    static const char *const utf8[] = {"utf-8",     "utf8",           "us-ascii",
                                       "ascii",     "ansi_x3.4-1968", "unknown-8bit",
                                       "x-unknown", "binary",         NULL};
    static const char *const latin[] = {"iso-8859-1",   "iso8859-1", "latin1",   "l1",
                                        "windows-1252", "cp1252",    "x-cp1252", NULL};
    char cs[64];
    snprintf(cs, sizeof cs, "%s", label ? label : "");
    char *star = strchr(cs, '*'); /* RFC 2231 language suffix */
    if (star)
        *star = 0;
    if (!cs[0] || label_is(cs, utf8))
        return append_utf8_loose(b, in, len, invalid);
    struct conv c;
    c.kind = LS_CS_CP1252;
    if (!label_is(cs, latin))
        conv_open(&c, LS_CS_ICONV, cs); /* falls back to another kind if glibc does not know it */
    if (c.kind != LS_CS_ICONV)
        return append_cp1252(b, in, len);
    int rc = append_iconv(b, c.cd, in, len, invalid);
    conv_close(&c);
    return rc;
}

/* Reads more raw bytes; 0 ok (or end), -1 error. */
static int raw_more(struct ls_charset_reader *r)
{
    struct ls_charset_priv *p = r->priv;
    if (p->raw_pos > 0) {
        memmove(p->raw, p->raw + p->raw_pos, p->raw_len - p->raw_pos);
        p->raw_len -= p->raw_pos;
        p->raw_pos = 0;
    }
    if (p->raw_len >= LS_CHARSET_CHUNK) { /* cannot happen: a sequence is at most 4 bytes */
        p->st = LS_EFAILED;
        snprintf(p->doc->reason, sizeof p->doc->reason, "charset: conversion stalled");
        return -1;
    }
    ssize_t n = ls_input_read(p->doc->in, p->raw + p->raw_len, LS_CHARSET_CHUNK - p->raw_len);
    if (n < 0) {
        const char *msg = p->doc->in->err[0] ? p->doc->in->err : "read error";
        p->st = p->doc->in->fault.st == LS_ELIMIT ? LS_ELIMIT : LS_EFAILED;
        snprintf(p->doc->reason, sizeof p->doc->reason, "%s", msg);
        return -1;
    }
    if (n == 0)
        p->raw_eof = 1;
    p->raw_len += (size_t)n;
    return 0;
}

/* Appends decoded bytes to r->out; > 0 bytes produced, 0 at the end, -1 on
 * error.  The caller leaves at least 4 bytes of room. */
static ssize_t produce(struct ls_charset_reader *r)
{
    struct ls_charset_priv *p = r->priv;
    if (p->st != LS_OK)
        return -1;
    for (;;) {
        if (p->raw_pos < p->raw_len) {
            size_t used = 0;
            size_t o = conv_run(&p->conv, p->raw + p->raw_pos, p->raw_len - p->raw_pos, &used,
                                r->out + r->out_len, LS_CHARSET_CHUNK - r->out_len, p->raw_eof,
                                &p->doc->invalid_sequences);
            p->raw_pos += used;
            r->out_len += o;
            if (o > 0)
                return (ssize_t)o;
            if (used > 0)
                continue;
        }
        if (p->raw_eof)
            return 0;
        if (raw_more(r) < 0)
            return -1;
    }
}

int ls_charset_fill(struct ls_charset_reader *r)
{
    r->out_base += r->out_len;
    r->out_len = r->out_pos = 0;
    ssize_t n = produce(r);
    if (n < 0)
        return LS_CHARSET_ERR;
    if (n == 0)
        return LS_CHARSET_EOF;
    return r->out[r->out_pos++];
}

ssize_t ls_charset_read(struct ls_charset_reader *r, void *buf, size_t n)
{
    if (n == 0)
        return 0;
    if (r->out_pos >= r->out_len) {
        r->out_base += r->out_len;
        r->out_len = r->out_pos = 0;
        ssize_t k = produce(r);
        if (k <= 0)
            return k;
    }
    size_t k = r->out_len - r->out_pos;
    if (k > n)
        k = n;
    memcpy(buf, r->out + r->out_pos, k);
    r->out_pos += k;
    return (ssize_t)k;
}

ls_status ls_charset_peek(struct ls_charset_reader *r, size_t want, const char **ptr, size_t *len)
{
    if (want > LS_CHARSET_CHUNK / 2)
        want = LS_CHARSET_CHUNK / 2;
    if (r->out_len - r->out_pos < want) {
        memmove(r->out, r->out + r->out_pos, r->out_len - r->out_pos);
        r->out_base += r->out_pos;
        r->out_len -= r->out_pos;
        r->out_pos = 0;
        while (r->out_len < want) {
            ssize_t n = produce(r);
            if (n < 0)
                return r->priv->st;
            if (n == 0)
                break;
        }
    }
    *ptr = (const char *)r->out + r->out_pos;
    *len = r->out_len - r->out_pos;
    return LS_OK;
}

ls_status ls_charset_status(const struct ls_charset_reader *r)
{
    return r->priv->st;
}

const char *ls_charset_reader_name(const struct ls_charset_reader *r)
{
    return r->priv->name;
}

ls_status ls_charset_reader_open(struct ls_doc *doc, struct ls_charset_reader **out)
{
    *out = NULL;
    struct ls_charset_reader *r = calloc(1, sizeof *r);
    struct ls_charset_priv *p = calloc(1, sizeof *p);
    unsigned char *ob = malloc(LS_CHARSET_CHUNK);
    unsigned char *rb = malloc(LS_CHARSET_CHUNK);
    if (!r || !p || !ob || !rb) {
        free(r);
        free(p);
        free(ob);
        free(rb);
        return LS_ENOMEM;
    }
    r->priv = p;
    r->out = ob;
    p->raw = rb;
    p->doc = doc;
    p->st = LS_OK;
    p->conv.cd = (iconv_t)-1;
    /* Enough raw bytes to see a BOM and the byte pattern of UTF-16. */
    while (!p->raw_eof && p->raw_len < 4096)
        if (raw_more(r) < 0) {
            ls_status st = p->st;
            ls_charset_reader_close(r);
            return st;
        }
    size_t bom;
    const char *iname;
    enum ls_charset_kind k = ls_charset_detect(doc->charset, p->raw, p->raw_len, &bom, &iname);
    conv_open(&p->conv, k, iname);
    p->name = kind_name(p->conv.kind, iname);
    p->raw_pos = bom;
    *out = r;
    return LS_OK;
}

void ls_charset_reader_close(struct ls_charset_reader *r)
{
    if (!r)
        return;
    if (r->priv) {
        conv_close(&r->priv->conv);
        ls_wipe_free(r->priv->raw, LS_CHARSET_CHUNK);
        free(r->priv);
    }
    ls_wipe_free(r->out, LS_CHARSET_CHUNK);
    free(r);
}
