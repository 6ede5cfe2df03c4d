/* jsonw.c — streaming JSON writer (jsonw.h).  Which bytes are valid UTF-8
 * is decided by the charset layer's validator (ls_utf8_len, extract/charset.h),
 * the one the extractors use, so a string the extract stage emits is never
 * judged differently here. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "jsonw.h"

#include "extract/charset.h"

void ls_jsonw_init(struct ls_jsonw *w, struct ls_strbuf *out, int pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
    w->first[0] = 1;
}

static void indent(struct ls_jsonw *w)
{
    int i;

    if (!w->pretty)
        return;
    ls_strbuf_putc(w->out, '\n');
    for (i = 0; i < w->depth; i++)
        ls_strbuf_append(w->out, "  ", 2);
}

/* Called before every value or key: the comma and indentation. */
static void before_value(struct ls_jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        if (!w->first[w->depth])
            ls_strbuf_putc(w->out, ',');
        w->first[w->depth] = 0;
        indent(w);
    }
}

static void open_(struct ls_jsonw *w, char c)
{
    before_value(w);
    ls_strbuf_putc(w->out, c);
    if (w->depth + 1 < LS_JSONW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = 1;
}

static void close_(struct ls_jsonw *w, char c)
{
    int empty = w->first[w->depth];

    if (w->depth > 0)
        w->depth--;
    if (!empty)
        indent(w);
    ls_strbuf_putc(w->out, c);
}

void ls_jsonw_obj_begin(struct ls_jsonw *w)
{
    open_(w, '{');
}
void ls_jsonw_obj_end(struct ls_jsonw *w)
{
    close_(w, '}');
}
void ls_jsonw_arr_begin(struct ls_jsonw *w)
{
    open_(w, '[');
}
void ls_jsonw_arr_end(struct ls_jsonw *w)
{
    close_(w, ']');
}

int ls_json_is_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k;

    while (i < n) {
        k = ls_utf8_len(p + i, n - i);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

static void put_string(struct ls_strbuf *o, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k;
    char esc[8];

    ls_strbuf_putc(o, '"');
    while (i < n) {
        unsigned c = p[i];
        if (c == '"' || c == '\\') {
            ls_strbuf_putc(o, '\\');
            ls_strbuf_putc(o, (char)c);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            switch (c) {
            case '\n':
                ls_strbuf_append(o, "\\n", 2);
                break;
            case '\r':
                ls_strbuf_append(o, "\\r", 2);
                break;
            case '\t':
                ls_strbuf_append(o, "\\t", 2);
                break;
            default:
                snprintf(esc, sizeof esc, "\\u%04x", c);
                ls_strbuf_append(o, esc, 6);
            }
            i++;
        } else if (c < 0x80) { /* a run of bytes that stay as they are, in one append */
            k = i + 1;
            while (k < n && p[k] >= 0x20 && p[k] < 0x7F && p[k] != '"' && p[k] != '\\')
                k++;
            ls_strbuf_append(o, p + i, k - i);
            i = k;
        } else if ((k = ls_utf8_len(p + i, n - i)) != 0) {
            /* C1 controls (U+0080..U+009F) are escaped too: terminals obey some. */
            if (k == 2 && c == 0xC2 && p[i + 1] < 0xA0) {
                snprintf(esc, sizeof esc, "\\u%04x", p[i + 1]);
                ls_strbuf_append(o, esc, 6);
            } else {
                ls_strbuf_append(o, p + i, k);
            }
            i += k;
        } else {
            ls_strbuf_append(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
            i++;
        }
    }
    ls_strbuf_putc(o, '"');
}

void ls_jsonw_key(struct ls_jsonw *w, const char *key)
{
    before_value(w);
    put_string(w->out, key, strlen(key));
    ls_strbuf_append(w->out, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
    w->after_key = 1;
}

void ls_jsonw_strn(struct ls_jsonw *w, const char *s, size_t n)
{
    before_value(w);
    put_string(w->out, s, n);
}

void ls_jsonw_str(struct ls_jsonw *w, const char *s)
{
    if (!s) {
        ls_jsonw_null(w);
        return;
    }
    ls_jsonw_strn(w, s, strlen(s));
}

/* The decimal digits of v, written backwards from the end of buf (at least
 * 20 bytes); returns where they start.  (A findings line holds several
 * numbers: printf's format parsing was a tenth of writing one.) */
static char *u64_digits(uint64_t v, char *end)
{
    char *p = end;

    do {
        *--p = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return p;
}

void ls_jsonw_u64(struct ls_jsonw *w, uint64_t v)
{
    char buf[24], *p = u64_digits(v, buf + sizeof buf);

    before_value(w);
    ls_strbuf_append(w->out, p, (size_t)(buf + sizeof buf - p));
}

void ls_jsonw_i64(struct ls_jsonw *w, int64_t v)
{
    char buf[24], *p;

    /* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
    p = u64_digits(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, buf + sizeof buf);
    if (v < 0)
        *--p = '-';
    before_value(w);
    ls_strbuf_append(w->out, p, (size_t)(buf + sizeof buf - p));
}

void ls_jsonw_dbl(struct ls_jsonw *w, double v, int decimals)
{
    before_value(w);
    if (!isfinite(v))
        ls_strbuf_puts(w->out, "null");
    else
        ls_strbuf_printf(w->out, "%.*f", decimals, v);
}

void ls_jsonw_bool(struct ls_jsonw *w, int v)
{
    before_value(w);
    ls_strbuf_puts(w->out, v ? "true" : "false");
}

void ls_jsonw_null(struct ls_jsonw *w)
{
    before_value(w);
    ls_strbuf_puts(w->out, "null");
}

void ls_jsonw_raw(struct ls_jsonw *w, const char *json, size_t n)
{
    before_value(w);
    ls_strbuf_append(w->out, json, n);
}

void ls_jsonw_kstr(struct ls_jsonw *w, const char *key, const char *s)
{
    ls_jsonw_key(w, key);
    ls_jsonw_str(w, s);
}

void ls_jsonw_ku64(struct ls_jsonw *w, const char *key, uint64_t v)
{
    ls_jsonw_key(w, key);
    ls_jsonw_u64(w, v);
}

void ls_base64_append(struct ls_strbuf *out, const unsigned char *d, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t i;
    char q[4];

    for (i = 0; i + 2 < n; i += 3) {
        q[0] = tab[d[i] >> 2];
        q[1] = tab[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        q[2] = tab[((d[i + 1] & 15) << 2) | (d[i + 2] >> 6)];
        q[3] = tab[d[i + 2] & 63];
        ls_strbuf_append(out, q, 4);
    }
    if (n - i == 1) {
        q[0] = tab[d[i] >> 2];
        q[1] = tab[(d[i] & 3) << 4];
        q[2] = q[3] = '=';
        ls_strbuf_append(out, q, 4);
    } else if (n - i == 2) {
        q[0] = tab[d[i] >> 2];
        q[1] = tab[((d[i] & 3) << 4) | (d[i + 1] >> 4)];
        q[2] = tab[(d[i + 1] & 15) << 2];
        q[3] = '=';
        ls_strbuf_append(out, q, 4);
    }
}
