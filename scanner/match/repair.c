/* repair.c — value-level repair of a record before it is matched (repair.h). */
#ifdef HAVE_CONFIG_H
#include <config.h>
#endif

#include "match/repair.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_lower(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || c >= 0xc3; /* a UTF-8 letter counts as lower case */
}

static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alnum(unsigned char c)
{
    return is_digit(c) || is_upper(c) || (c >= 'a' && c <= 'z');
}

static int is_ocr(unsigned char c)
{
    return c == 'O' || c == 'o' || c == 'I' || c == 'l';
}

/* The replacement of the multi-byte sequence at s (n bytes left): its length
 * in *used and the ASCII byte (0: dropped), or -1 when it is kept as is. */
static int fold_seq(const unsigned char *s, size_t n, size_t *used)
{
    if (n >= 2 && s[0] == 0xc2 && (s[1] == 0xa0 || s[1] == 0xad)) {
        *used = 2;
        return s[1] == 0xa0 ? ' ' : 0;
    }
    if (n < 3 || (s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
        return -1;
    *used = 3;
    if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x87 || s[2] == 0x89 || s[2] == 0xaf))
        return ' ';
    if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0x90 || s[2] == 0x91))
        return '-';
    if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
        return ' ';
    if (s[0] == 0xef && (s[1] == 0xbc || s[1] == 0xbd)) {
        unsigned cp = ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu); /* low 12 bits of U+FFxx */
        if (cp >= 0xf01 && cp <= 0xf5e)
            return (int)(0x21 + cp - 0xf01);
    }
    return -1;
}

/* "-\n" or "-\r\n" at i (s[i] == '-') that the prose rule joins: 0 none, 1 the
 * line break goes, 2 the hyphen too.  *nl the bytes of the line break. */
static int hyphen_break(const unsigned char *s, size_t len, size_t i, size_t *nl)
{
    size_t j = i + 1;
    if (i == 0 || j >= len)
        return 0;
    if (s[j] == '\r')
        j++;
    if (j >= len || s[j] != '\n' || j + 1 >= len)
        return 0;
    *nl = j + 1 - (i + 1);
    unsigned char x = s[i - 1], y = s[j + 1];
    int xl = (x >= 'a' && x <= 'z') || is_upper(x) || x >= 0x80;
    if (xl && is_lower(y))
        return 2;
    if ((is_digit(x) && is_digit(y)) || (xl && is_upper(y)))
        return 1;
    return 0;
}

/* Whether a digit is at most two bytes from s[i] (87.II.26 holds one). */
static int near_digit(const unsigned char *s, size_t n, size_t i)
{
    return (i > 0 && is_digit(s[i - 1])) || (i > 1 && is_digit(s[i - 2])) ||
           (i + 1 < n && is_digit(s[i + 1])) || (i + 2 < n && is_digit(s[i + 2]));
}

/* Whether a record holds anything ls_repair_record changes.  Outside prose
 * only bytes >= 0xC2 can: ASCII is skipped eight bytes at a time. */
static size_t ascii_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    while (i + 16 <= n) {
        int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(s + i)));
        if (m)
            return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
    if (n >= 16 && i < n) { /* the tail: the last 16 bytes, those before i masked off */
        unsigned m = (unsigned)_mm_movemask_epi8(
                         _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16))) &
                     (0xffffu << (i - (n - 16)));
        return m ? n - 16 + (size_t)__builtin_ctz(m) : n;
    }
#endif
    uint64_t w;
    while (i + 8 <= n && (memcpy(&w, s + i, 8), (w & 0x8080808080808080ULL) == 0))
        i += 8;
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

static int needs_repair(const struct ls_record *rec)
{
    const unsigned char *s = (const unsigned char *)rec->text;
    size_t n = rec->len, used;
    if (rec->ascii && !rec->prose)
        return 0; /* its reader saw every byte: none is >= 0x80 */
    for (size_t i = 0; i < n; i++) {
        if (!rec->prose && (i = ascii_run(s, i, n)) >= n)
            break;
        unsigned char c = s[i];
        if (c >= 0xc2 && fold_seq(s + i, n - i, &used) >= 0)
            return 1;
        if (!rec->prose)
            continue;
        if (c == '-' && hyphen_break(s, n, i, &used))
            return 1;
        if (is_ocr(c) && near_digit(s, n, i))
            return 1;
    }
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 256;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* Pass 1: the byte-level folds and, in prose, the line-end joins. */
static size_t fold_pass(struct ls_repair *r, const struct ls_record *rec)
{
    const unsigned char *s = (const unsigned char *)rec->text;
    size_t n = rec->len, k = 0, pending = 0, used, nl;
    for (size_t i = 0; i < n;) {
        int c = -1, h = 0;
        r->inv[i] = k;
        if (s[i] >= 0xc2)
            c = fold_seq(s + i, n - i, &used);
        else if (rec->prose && s[i] == '-' && (h = hyphen_break(s, n, i, &nl)) != 0)
            used = 1 + nl;
        else if (s[i] == '\n')
            for (; pending; pending--) { /* the joined line's break, put back */
                r->map[k] = i;
                r->buf[k++] = '\n';
            }
        if (h == 1) {
            r->map[k] = i;
            r->buf[k++] = '-';
        }
        if (h) {
            pending++;
        } else if (c > 0) {
            r->map[k] = i;
            r->buf[k++] = (char)c;
        } else if (c < 0) {
            used = 1;
            r->map[k] = i;
            r->buf[k++] = (char)s[i];
        }
        for (size_t j = 1; j < used; j++)
            r->inv[i + j] = k;
        i += used;
    }
    for (; pending; pending--) {
        r->map[k] = n;
        r->buf[k++] = '\n';
    }
    r->inv[n] = k;
    r->map[k] = n;
    return k;
}

/* The end of the segment of [0-9OoIl] at a (a itself when there is none or
 * the word holds another letter); its digits in *d. */
static size_t ocr_segment(const char *t, size_t n, size_t a, size_t *d)
{
    size_t e = a;
    *d = 0;
    while (e < n && is_alnum((unsigned char)t[e])) {
        if (!is_digit((unsigned char)t[e]) && !is_ocr((unsigned char)t[e]))
            return a;
        *d += is_digit((unsigned char)t[e]);
        e++;
    }
    return e < n && (unsigned char)t[e] >= 0x80 ? a : e;
}

/* O/0 and I/1 in the segments of the run t[start..end): every segment with
 * a digit; a letters-only one when . - / joins it to the run (Ol.08.19,
 * 87.II.26) or when it sits between two segments with digits (046O IO 72). */
static void ocr_fix_run(char *t, size_t n, size_t start, size_t end)
{
    size_t prev_d = 0, d, dn;
    for (size_t a = start; a < end;) {
        size_t b = ocr_segment(t, n, a, &d);
        int fix = d != 0;
        if (!fix) {
            int joined_before = a > start && t[a - 1] != ' ';
            int joined_after = b < end && t[b] != ' ';
            int between =
                a > start && prev_d && b < end && ocr_segment(t, n, b + 1, &dn) > b + 1 && dn;
            fix = joined_before || joined_after || (between && b - a <= 3);
        }
        for (size_t j = a; fix && j < b; j++)
            if (is_ocr((unsigned char)t[j]))
                t[j] = t[j] == 'O' || t[j] == 'o' ? '0' : '1';
        prev_d = d;
        a = b + 1;
    }
}

/* Pass 2 (prose): O/0 and I/1 inside runs of number groups, in place. */
static void ocr_pass(char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!is_alnum((unsigned char)t[i])) {
            i++;
            continue;
        }
        if (i > 0 && (unsigned char)t[i - 1] >= 0x80) { /* inside a word */
            while (i < n && is_alnum((unsigned char)t[i]))
                i++;
            continue;
        }
        size_t start = i, end = i, digits = 0, chars = 0, d, e;
        while ((e = ocr_segment(t, n, end, &d)) > end) { /* segments joined by one separator */
            digits += d;
            chars += d ? e - end : 0;
            end = e;
            if (!(end + 1 < n && t[end] && strchr(" .-/", t[end]) &&
                  is_alnum((unsigned char)t[end + 1])))
                break;
            if (ocr_segment(t, n, end + 1, &d) == end + 1)
                break;
            end++;
        }
        if ((start > 0 && strchr("@_", t[start - 1])) ||
            (end < n && t[end] && strchr("@_", t[end])))
            digits = 0; /* part of an e-mail address or an identifier */
        if (chars < 8 || digits < 4)
            digits = 0; /* too short or too few digits to read as a number */
        if (digits)
            ocr_fix_run(t, n, start, end);
        i = end > start ? end : start;
        while (i < n && is_alnum((unsigned char)t[i]))
            i++;
    }
}

static int remap(struct ls_repair *r, const struct ls_record *rec)
{
    if (rec->ncolumns && rec->field_off && rec->field_len) {
        size_t fc = r->fcap;
        if (grow((void **)&r->foff, &fc, rec->ncolumns, sizeof *r->foff) < 0)
            return -1;
        fc = r->fcap;
        if (grow((void **)&r->flen, &fc, rec->ncolumns, sizeof *r->flen) < 0)
            return -1;
        r->fcap = fc;
        for (size_t i = 0; i < rec->ncolumns; i++) {
            size_t a = rec->field_off[i], b = a + rec->field_len[i];
            a = a < rec->len ? a : rec->len;
            b = b < rec->len ? b : rec->len;
            r->foff[i] = r->inv[a];
            r->flen[i] = r->inv[b] - r->inv[a];
        }
        r->rec.field_off = r->foff;
        r->rec.field_len = r->flen;
    }
    if (rec->nparts && rec->part_off) {
        if (grow((void **)&r->poff, &r->pcap, rec->nparts, sizeof *r->poff) < 0)
            return -1;
        for (size_t i = 0; i < rec->nparts; i++)
            r->poff[i] = r->inv[rec->part_off[i] < rec->len ? rec->part_off[i] : rec->len];
        r->rec.part_off = r->poff;
    }
    return 0;
}

const struct ls_record *ls_repair_record(struct ls_repair *r, const struct ls_record *rec)
{
    r->active = 0;
    if (!needs_repair(rec))
        return rec;
    size_t need = rec->len + 1;
    size_t mc = r->mapcap;
    if (grow((void **)&r->buf, &r->cap, need, 1) < 0 ||
        grow((void **)&r->map, &mc, need, sizeof *r->map) < 0)
        return NULL;
    mc = r->mapcap;
    if (grow((void **)&r->inv, &mc, need, sizeof *r->inv) < 0)
        return NULL;
    r->mapcap = mc;
    r->rec = *rec;
    r->rec.len = fold_pass(r, rec);
    if (rec->prose)
        ocr_pass(r->buf, r->rec.len);
    r->rec.text = r->buf;
    if (remap(r, rec) < 0)
        return NULL;
    r->active = 1;
    return &r->rec;
}

size_t ls_repair_orig(const struct ls_repair *r, size_t off)
{
    return r->active ? r->map[off] : off;
}

void ls_repair_free(struct ls_repair *r)
{
    free(r->buf);
    free(r->map);
    free(r->inv);
    free(r->foff);
    free(r->flen);
    free(r->poff);
    memset(r, 0, sizeof *r);
}
