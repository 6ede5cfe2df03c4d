/* extract/text.c — plain text and logs: a prose document is one record, a
 * log or a list is a record per line.
 *
 * Reads the item through the charset layer (so UTF-16 and CP1252 text comes
 * out as UTF-8).  A text whose decoded size fits one record
 * (limits->max_record_bytes) and that reads like prose — paragraphs split by
 * blank lines, few log lines or delimited rows — is one record, as a .docx
 * police report is (docs/architecture.md: one whole document for prose).
 * Anything else is read line by line: a line ends at LF, CRLF or a lone CR,
 * and each non-blank line goes to the matcher with its 1-based line number
 * and its decoded byte offset; a line longer than max_record_bytes is cut on
 * a UTF-8 character boundary into several records that share the line number.
 * Memory is at most two record buffers plus the reader's chunks, whatever the
 * item's size. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/charset.h"
#include "extract/extractors.h"
#include "wipe.h"

static int text_probe(const char *mime, const char *charset, const unsigned char *head,
                      size_t head_len, const char *name)
{
    (void)charset;
    (void)head;
    (void)head_len;
    (void)name;
    if (mime && !strncmp(mime, "text/", 5))
        return 10;
    return 0;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v' && s[i] != '\r')
            return 0;
    return 1;
}

/* A log line starts with a date or a time ("2021-01-06 21:34:01", "[06/01/2021",
 * "21:34:01", "Jan  6 21:34:01"). */
static int is_log_line(const char *s, size_t n)
{
    static const char mon[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    size_t i = 0, d = 0;

    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '['))
        i++;
    if (n - i >= 4 && s[i + 3] == ' ') {
        for (size_t k = 0; k + 3 <= sizeof mon - 1; k += 3)
            if (!memcmp(s + i, mon + k, 3))
                return 1;
    }
    while (i + d < n && d < 5 && s[i + d] >= '0' && s[i + d] <= '9')
        d++;
    return d >= 1 && d <= 4 && i + d + 1 < n &&
           (s[i + d] == '-' || s[i + d] == '/' || s[i + d] == '.' || s[i + d] == ':') &&
           s[i + d + 1] >= '0' && s[i + d + 1] <= '9';
}

/* A delimited row: two tabs, or three semicolons or pipes. */
static int is_delimited(const char *s, size_t n)
{
    size_t tab = 0, semi = 0, pipe = 0;

    for (size_t i = 0; i < n; i++) {
        tab += s[i] == '\t';
        semi += s[i] == ';';
        pipe += s[i] == '|';
    }
    return tab >= 2 || semi >= 3 || pipe >= 3;
}

struct text_state {
    struct ls_doc *doc;
    uint64_t index;
    /* line mode */
    char *buf; /* the current line */
    size_t len, max;
    uint64_t line; /* 1-based number of the current line */
    uint64_t off;  /* decoded offset where the current line (piece) starts */
    uint64_t pos;  /* decoded offset of the next byte */
    int after_cr;
    /* the prose test, over the lines seen while the text fits one record */
    uint64_t lines, blank, logs, delimited;
};

static ls_status emit(struct text_state *t, const char *s, size_t n, uint64_t line, uint64_t off)
{
    if (is_blank(s, n))
        return LS_OK;
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = s;
    rec.len = n;
    rec.index = t->index++;
    rec.line = line;
    rec.offset = off;
    return t->doc->on_record(t->doc->ud, &rec);
}

/* Line mode: one decoded byte.  A line ends at LF, CRLF or a lone CR; a line
 * longer than max is cut on a UTF-8 boundary into pieces sharing its number. */
static ls_status feed(struct text_state *t, char c)
{
    ls_status st;

    t->pos++;
    if (c == '\n' && t->after_cr) {
        t->after_cr = 0;
        t->off = t->pos;
        return LS_OK;
    }
    t->after_cr = c == '\r';
    if (c == '\n' || c == '\r') {
        st = emit(t, t->buf, t->len, t->line, t->off);
        t->len = 0;
        t->line++;
        t->off = t->pos;
        return st;
    }
    t->buf[t->len++] = c;
    if (t->len == t->max) {
        size_t k = ls_utf8_boundary(t->buf, t->len);
        if (k == 0)
            k = t->len;
        if ((st = emit(t, t->buf, k, t->line, t->off)) != LS_OK)
            return st;
        memmove(t->buf, t->buf + k, t->len - k);
        t->len -= k;
        t->off += k;
    }
    return LS_OK;
}

/* Line mode: n bytes of which none is a LF or a CR, in bulk (what feed()
 * does with each of them: the line grows, and is cut whenever it is full). */
static ls_status feed_run(struct text_state *t, const char *s, size_t n)
{
    ls_status st;

    if (n == 0)
        return LS_OK;
    t->pos += n;
    t->after_cr = 0;
    while (n > 0) {
        size_t k = t->max - t->len < n ? t->max - t->len : n;

        memcpy(t->buf + t->len, s, k);
        t->len += k;
        s += k;
        n -= k;
        if (t->len == t->max) {
            size_t b = ls_utf8_boundary(t->buf, t->len);
            if (b == 0)
                b = t->len;
            if ((st = emit(t, t->buf, b, t->line, t->off)) != LS_OK)
                return st;
            memmove(t->buf, t->buf + b, t->len - b);
            t->len -= b;
            t->off += b;
        }
    }
    return LS_OK;
}

/* Line mode over s[0..n): runs in bulk, line ends through feed(). */
static ls_status feed_all(struct text_state *t, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    ls_status st;

    while (p < e) {
        const unsigned char *x = ls_find3(p, e, '\n', '\r', '\n');
        if ((st = feed_run(t, (const char *)p, (size_t)(x - p))) != LS_OK)
            return st;
        if (x == e)
            break;
        if ((st = feed(t, (char)*x)) != LS_OK)
            return st;
        p = x + 1;
    }
    return LS_OK;
}

/* The run of bytes before the next LF or CR in the reader's buffer, at most
 * max of them: *p and the length (0: none buffered, or a line end is next).
 * The caller consumes what it takes by moving r->out_pos. */
static size_t reader_run(const struct ls_charset_reader *r, size_t max, const char **p)
{
    const unsigned char *b = r->out + r->out_pos, *e = r->out + r->out_len;

    if (b >= e)
        return 0;
    if ((size_t)(e - b) > max)
        e = b + max;
    *p = (const char *)b;
    return (size_t)(ls_find3(b, e, '\n', '\r', '\n') - b);
}

/* The prose test on one line of the document buffer. */
static void count_line(struct text_state *t, const char *s, size_t n)
{
    if (is_blank(s, n)) {
        t->blank++;
        return;
    }
    t->lines++;
    t->logs += is_log_line(s, n);
    t->delimited += is_delimited(s, n);
}

/* Prose reads as a document: paragraphs split by blank lines, and at most one
 * line in four a log line or a delimited row. */
static int is_prose(const struct text_state *t)
{
    return t->lines > 0 && t->blank > 0 && t->logs * 4 < t->lines && t->delimited * 4 < t->lines;
}

static ls_status text_run(struct ls_doc *doc)
{
    struct ls_charset_reader *r = NULL;
    struct text_state t;
    size_t max = doc->limits->max_record_bytes, dlen = 0, lstart = 0;
    char *dbuf = NULL;
    int c;
    ls_status st;

    if (max < 16)
        max = 16;
    memset(&t, 0, sizeof t);
    t.doc = doc;
    t.max = max;
    t.line = 1;
    t.buf = malloc(max);
    st = t.buf ? ls_charset_reader_open(doc, &r) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    /* A text that fits one record is first read whole, to tell a prose
     * document (one record, like a .docx) from a log or a list (a record per
     * line).  The buffer grows as the text does, up to one record. */
    for (;;) {
        size_t cap = dlen ? dlen * 2 : 64 * 1024;
        char *p;

        if (cap > max)
            cap = max;
        if (!(p = ls_wipe_realloc(dbuf, dlen, cap))) {
            st = LS_ENOMEM;
            goto out;
        }
        dbuf = p;
        for (;;) {
            const char *run;
            size_t k = reader_run(r, cap - dlen, &run);
            if (k > 0) { /* no line end in it: copied as the loop below would */
                memcpy(dbuf + dlen, run, k);
                dlen += k;
                r->out_pos += k;
                continue;
            }
            if (dlen >= cap || (c = ls_charset_getc(r)) < 0)
                break;
            dbuf[dlen++] = (char)c;
            if (c == '\n' && dlen >= 2 && dbuf[dlen - 2] == '\r' && lstart == dlen - 1) {
                lstart = dlen; /* the LF of a CRLF */
            } else if (c == '\n' || c == '\r') {
                count_line(&t, dbuf + lstart, dlen - 1 - lstart);
                lstart = dlen;
            }
        }
        if (dlen < cap || cap == max)
            break;
    }
    if (dlen < max) {
        c = ls_charset_getc(r);
        if (c == LS_CHARSET_ERR) {
            st = ls_charset_status(r);
            goto out;
        }
        if (c == LS_CHARSET_EOF) {
            if (lstart < dlen)
                count_line(&t, dbuf + lstart, dlen - lstart);
            if (is_prose(&t)) {
                st = ls_emit_prose(doc, dbuf, dlen, NULL, 0, &t.index);
                goto out;
            }
        } else {
            ls_charset_ungetc(r);
        }
    }
    /* Line mode: the buffered text first, then the rest of the stream. */
    if ((st = feed_all(&t, dbuf, dlen)) != LS_OK)
        goto out;
    ls_wipe_free(dbuf, dlen);
    dbuf = NULL;
    for (;;) {
        const char *run;
        size_t k = reader_run(r, SIZE_MAX, &run);
        if (k > 0) {
            r->out_pos += k;
            if ((st = feed_run(&t, run, k)) != LS_OK)
                break;
            continue;
        }
        c = ls_charset_getc(r);
        if (c == LS_CHARSET_ERR) {
            st = ls_charset_status(r);
            break;
        }
        if (c == LS_CHARSET_EOF) {
            st = emit(&t, t.buf, t.len, t.line, t.off);
            break;
        }
        if ((st = feed(&t, (char)c)) != LS_OK)
            break;
    }
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "text: %s", ls_strerror(st));
    ls_charset_reader_close(r);
    ls_wipe_free(dbuf, dlen);
    ls_wipe_free(t.buf, t.max);
    return st;
}

const struct ls_extractor ls_extractor_text = {"text", text_probe, text_run};
