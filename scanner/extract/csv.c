/* extract/csv.c — CSV, TSV, semicolon- and pipe-separated tables: each row is
 * a record.
 *
 * The delimiter is sniffed on the first lines (the candidate among , ; TAB |
 * that splits them into the most consistent number of fields, quotes
 * respected).  Fields may be quoted with '"' (or with '\'' when the first
 * lines quote fields that way and never with '"'); a quote only opens a field
 * at its start; quoted fields may hold delimiters, newlines and doubled quotes.
 * A first row of short, distinct, non-numeric fields is taken as the header:
 * it is not a record, and its names become the `columns` of every row.
 * A record's text is the row's field values joined by the delimiter, and
 * field_off/field_len locate each value in it.  A row longer than
 * limits->max_record_bytes is emitted in pieces (the later pieces carry the
 * column names from where they start), so an unterminated quote in a 20 GB
 * file costs one record buffer, not the file. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/charset.h"
#include "extract/extractors.h"

#define CSV_SNIFF_BYTES (32 * 1024) /* decoded bytes looked at for the delimiter */
#define CSV_SNIFF_LINES 20
#define CSV_HEADER_MAX_FIELD 64    /* a header name is short */
#define CSV_HEADER_MAX_FIELDS 1024 /* more columns than this: no header check */

static const char csv_delims[] = {'\t', ',', ';', '|'};

int ls_csv_plain_lines;

/* Sniffs the delimiter of the first lines of s.  Returns the number of
 * complete lines looked at; *delim gets the delimiter (',' when nothing
 * fits), *consistency the share of lines with the modal field count and
 * *mode that count minus one (delimiters per line). */
static size_t csv_sniff(const char *s, size_t n, int at_end, char *delim, double *consistency,
                        size_t *mode)
{
    size_t lines = 0;
    double best_c = 0.0;
    size_t best_m = 0;
    *delim = ',';
    for (size_t d = 0; d < sizeof csv_delims; d++) {
        size_t counts[CSV_SNIFF_LINES];
        size_t nl = 0, cnt = 0, i = 0;
        int inq = 0, field_start = 1;
        while (i < n && nl < CSV_SNIFF_LINES) {
            char c = s[i++];
            if (inq) {
                if (c == '"') {
                    if (i < n && s[i] == '"')
                        i++;
                    else
                        inq = 0;
                }
                continue;
            }
            if (c == '"' && field_start) {
                inq = 1;
                continue;
            }
            field_start = 0;
            if (c == csv_delims[d]) {
                cnt++;
                field_start = 1;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i < n && s[i] == '\n')
                    i++;
                counts[nl++] = cnt;
                cnt = 0;
                field_start = 1;
            }
        }
        if (at_end && i >= n && cnt > 0 && nl < CSV_SNIFF_LINES)
            counts[nl++] = cnt;
        if (nl == 0)
            continue;
        /* the modal count among the lines */
        size_t m = 0, mf = 0;
        for (size_t a = 0; a < nl; a++) {
            size_t f = 0;
            for (size_t b = 0; b < nl; b++)
                f += counts[b] == counts[a];
            if (f > mf || (f == mf && counts[a] > m)) {
                mf = f;
                m = counts[a];
            }
        }
        double c = (double)mf / (double)nl;
        if (m > 0 && (c > best_c || (c == best_c && m > best_m))) {
            best_c = c;
            best_m = m;
            *delim = csv_delims[d];
        }
        if (nl > lines)
            lines = nl;
    }
    *consistency = best_c;
    *mode = best_m;
    return lines;
}

static int csv_probe(const char *mime, const char *charset, const unsigned char *head,
                     size_t head_len, const char *name)
{
    static const char *const exts[] = {"csv", "tsv", "tab", "psv", NULL};
    if (!mime)
        return 0;
    if (!strcmp(mime, "text/csv") || !strcmp(mime, "application/csv") ||
        !strcmp(mime, "text/tab-separated-values"))
        return 80;
    if (strncmp(mime, "text/", 5) || !strcmp(mime, "text/html") || !strcmp(mime, "text/xml"))
        return 0;
    char buf[8192];
    size_t n = ls_charset_decode_head(charset, head, head_len, buf, sizeof buf);
    char delim;
    double cons;
    size_t mode;
    size_t lines = csv_sniff(buf, n, n < sizeof buf - 8, &delim, &cons, &mode);
    int hint = ls_extract_name_has_ext(name, exts);
    if (lines >= 2 && mode >= 1 && cons >= 0.9)
        return hint ? 55 : 45;
    return hint ? 30 : 0;
}

/* The quote character: '"', unless fields of the sample start with '\''
 * (after a delimiter or at a line start) and none with '"'. */
static char csv_sniff_quote(const char *s, size_t n, char delim)
{
    size_t dq = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && s[i - 1] != delim && s[i - 1] != '\n')
            continue;
        dq += s[i] == '"';
        sq += s[i] == '\'';
    }
    return dq == 0 && sq >= 2 ? '\'' : '"';
}

struct csv {
    struct ls_doc *doc;
    struct ls_charset_reader *r;
    char delim;
    char quote;
    size_t max; /* record bytes */
    char *text; /* the row's values joined by delim (max bytes) */
    size_t len;
    size_t *foff, *flen; /* spans of the finished fields */
    const char **cols;   /* column names handed out with a record */
    size_t nf, fcap;
    size_t cols_ok;   /* cols[0..cols_ok) name the columns of a row's first piece */
    size_t cur;       /* offset in text where the current field starts */
    size_t col_start; /* column index of the record's first field */
    char **hdr;       /* header names (owned), NULL when no header */
    size_t nhdr;
    int first_row;        /* the next row ended is the first one */
    int row_ascii;        /* the row's bytes all came through csv_line and are ASCII */
    struct ls_record rec; /* handed out: the fields set per row, the rest stay 0 */
    uint64_t index, line, row_line, row_off;
};

__attribute__((noinline)) static int csv_grow(struct csv *c)
{
    if (c->nf < c->fcap)
        return 0;
    size_t cap = c->fcap ? c->fcap * 2 : 64;
    size_t *a = realloc(c->foff, cap * sizeof *a);
    if (!a)
        return -1;
    c->foff = a;
    size_t *b = realloc(c->flen, cap * sizeof *b);
    if (!b)
        return -1;
    c->flen = b;
    const char **d = realloc(c->cols, cap * sizeof *d);
    if (!d)
        return -1;
    c->cols = d;
    c->fcap = cap;
    return 0;
}

static inline ls_status csv_end_field(struct csv *c)
{
    if (c->nf == c->fcap && csv_grow(c) < 0)
        return LS_ENOMEM;
    c->foff[c->nf] = c->cur;
    c->flen[c->nf] = c->len - c->cur;
    c->nf++;
    return LS_OK;
}

static ls_status csv_emit(struct csv *c, size_t nf)
{
    if (nf == 0 || (nf == 1 && c->flen[0] == 0 && c->col_start == 0))
        return LS_OK;                           /* a blank line */
    if (c->col_start != 0 || nf > c->cols_ok) { /* else cols[0..nf) hold the names already */
        for (size_t i = 0; i < nf; i++)
            c->cols[i] = c->col_start + i < c->nhdr ? c->hdr[c->col_start + i] : NULL;
        c->cols_ok = c->col_start == 0 ? nf : 0;
    }
    struct ls_record *rec = &c->rec;
    rec->text = c->text;
    rec->len = c->len;
    rec->index = c->index++;
    rec->line = c->row_line;
    rec->offset = c->row_off;
    rec->ncolumns = nf;
    rec->columns = c->cols;
    rec->field_off = c->foff;
    rec->field_len = c->flen;
    rec->ascii = c->row_ascii;
    return c->doc->on_record(c->doc->ud, rec);
}

static int field_is_name(const char *s, size_t n)
{
    int letter = 0;
    if (n == 0 || n > CSV_HEADER_MAX_FIELD)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z'))
            letter = 1;
        if (b == '\n' || b == '\r')
            return 0;
    }
    return letter;
}

/* A first row of non-numeric, distinct, short fields is a header. */
static int csv_is_header(const struct csv *c)
{
    if (c->nf == 0 || c->nf > CSV_HEADER_MAX_FIELDS)
        return 0;
    for (size_t i = 0; i < c->nf; i++) {
        if (!field_is_name(c->text + c->foff[i], c->flen[i]))
            return 0;
        for (size_t j = 0; j < i; j++)
            if (c->flen[i] == c->flen[j] &&
                !strncasecmp(c->text + c->foff[i], c->text + c->foff[j], c->flen[i]))
                return 0;
    }
    return 1;
}

static ls_status csv_take_header(struct csv *c)
{
    c->hdr = calloc(c->nf, sizeof *c->hdr);
    if (!c->hdr)
        return LS_ENOMEM;
    c->nhdr = c->nf;
    c->cols_ok = 0;
    for (size_t i = 0; i < c->nf; i++) {
        c->hdr[i] = malloc(c->flen[i] + 1);
        if (!c->hdr[i])
            return LS_ENOMEM;
        memcpy(c->hdr[i], c->text + c->foff[i], c->flen[i]);
        c->hdr[i][c->flen[i]] = 0;
    }
    return LS_OK;
}

static void csv_row_reset(struct csv *c)
{
    c->len = c->cur = c->nf = c->col_start = 0;
    c->row_ascii = 1;
    c->row_line = c->line;
    c->row_off = ls_charset_tell(c->r);
}

static ls_status csv_end_row(struct csv *c)
{
    ls_status st = csv_end_field(c);
    if (st != LS_OK)
        return st;
    if (c->first_row && c->col_start == 0 && !(c->nf == 1 && c->flen[0] == 0)) {
        c->first_row = 0;
        if (csv_is_header(c))
            st = csv_take_header(c);
        else
            st = csv_emit(c, c->nf);
    } else {
        st = csv_emit(c, c->nf);
    }
    csv_row_reset(c);
    return st;
}

/* The row no longer fits: emit what there is (the current field cut on a
 * character boundary) and go on with the rest of the row as a new record
 * whose first field is the rest of the cut one. */
static ls_status csv_overflow(struct csv *c)
{
    c->row_ascii = 0;
    size_t nf0 = c->nf, cut = c->len;
    ls_status st;
    if (c->cur < c->len) {
        size_t keep = ls_utf8_boundary(c->text + c->cur, c->len - c->cur);
        if (keep == 0)
            keep = c->len - c->cur;
        cut = c->cur + keep;
        size_t full = c->len;
        c->len = cut;
        st = csv_end_field(c);
        c->len = full;
        if (st != LS_OK)
            return st;
    }
    size_t rest = c->len - cut;
    c->first_row = 0;
    c->len = cut;
    st = csv_emit(c, c->nf);
    memmove(c->text, c->text + cut, rest);
    c->col_start += nf0;
    c->len = rest;
    c->cur = 0;
    c->nf = 0;
    c->row_off = ls_charset_tell(c->r) - rest;
    c->row_line = c->line;
    return st;
}

static ls_status csv_put(struct csv *c, char ch)
{
    c->row_ascii = 0; /* not looked at */
    if (c->len == c->max) {
        ls_status st = csv_overflow(c);
        if (st != LS_OK)
            return st;
    }
    c->text[c->len++] = ch;
    return LS_OK;
}

/* Appends the n ordinary bytes at the reader's position (s) to the field
 * and consumes them: as n csv_put calls would, a full record overflowing
 * at the byte that does not fit (the reader then just past that byte). */
static ls_status csv_append_run(struct csv *c, const unsigned char *s, size_t n)
{
    c->row_ascii = 0; /* not looked at */
    while (n > 0) {
        if (c->len == c->max) {
            c->r->out_pos++; /* the byte being put is read */
            ls_status st = csv_overflow(c);
            if (st != LS_OK)
                return st;
            c->text[c->len++] = (char)*s++;
            n--;
            continue;
        }
        size_t k = c->max - c->len < n ? c->max - c->len : n;
        memcpy(c->text + c->len, s, k);
        c->len += k;
        c->r->out_pos += k;
        s += k;
        n -= k;
    }
    return LS_OK;
}

/* The run of ordinary bytes at the reader's position: outside quotes, up to
 * a delimiter or a line end (a quote only counts at the start of a field);
 * inside, up to a quote or a newline (which counts a line).  Their bytes go
 * to the record as they are, in bulk.  Sets *took when there was a run. */
static ls_status csv_run_bytes(struct csv *c, int inq, int field_start, int *took)
{
    struct ls_charset_reader *r = c->r;
    const unsigned char *b = r->out + r->out_pos, *e = r->out + r->out_len, *q;

    *took = 0;
    if (b >= e)
        return LS_OK;
    if (inq)
        q = ls_find3(b, e, (unsigned char)c->quote, '\n', (unsigned char)c->quote);
    else if (field_start && *b == (unsigned char)c->quote)
        return LS_OK;
    else
        q = ls_find3(b, e, (unsigned char)c->delim, '\n', '\r');
    if (q == b)
        return LS_OK;
    *took = 1;
    return csv_append_run(c, b, (size_t)(q - b));
}

/* The field spans being cut from a line, in locals (a store through
 * foff/flen could otherwise alias the struct csv's counters). */
struct cuts {
    size_t nf, cur, cap;
    size_t *off, *len;
};

/* Ends the field that runs from k->cur to t, and starts the next one past
 * the delimiter at t. */
static inline ls_status csv_cut(struct csv *c, struct cuts *k, size_t t)
{
    if (k->nf == k->cap) {
        c->nf = k->nf;
        if (csv_grow(c) < 0)
            return LS_ENOMEM;
        k->off = c->foff;
        k->len = c->flen;
        k->cap = c->fcap;
    }
    k->off[k->nf] = k->cur;
    k->len[k->nf] = t - k->cur;
    k->nf++;
    k->cur = t + 1;
    return LS_OK;
}

/* Outside quotes, the rest of a line that holds no quote byte and fits in
 * the record: its fields are cut at the delimiters, found with the line's
 * end in one pass 16 bytes at a time, and its bytes copied in one move.  The
 * same result as csv_fields' field-by-field loop (the line end, or the end
 * of the buffer, is left to the general path).  Returns 0, having changed
 * nothing, when the line does not qualify. */
static int csv_line(struct csv *c, int *field_start, ls_status *st)
{
    struct ls_charset_reader *r = c->r;
    const unsigned char *p = r->out + r->out_pos;
    const unsigned char d = (unsigned char)c->delim, q = (unsigned char)c->quote;
    size_t n = r->out_len - r->out_pos, room = c->max - c->len, base = c->len, i = 0, k = n;
    unsigned high = 0; /* a byte >= 0x80 among those taken */
    struct cuts f = {c->nf, c->cur, c->fcap, c->foff, c->flen};
    size_t nf0 = c->nf; /* csv_cut's growing sets c->nf */

    *st = LS_OK;
#ifdef __SSE2__
    /* 16-byte loads stay inside the reader's buffer (its bytes past out_len
     * are masked off) */
    size_t fit = LS_CHARSET_CHUNK - r->out_pos; /* bytes of the buffer from p */
    const __m128i vd = _mm_set1_epi8((char)d), vq = _mm_set1_epi8((char)q),
                  vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
    for (; i < n && i + 16 <= fit && i <= room; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd));
        unsigned mt = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)), _mm_cmpeq_epi8(x, vq)));
        unsigned mh = (unsigned)_mm_movemask_epi8(x);
        if (n - i < 16)
            mt |= 0xffffu << (n - i); /* the end of the data stops the line too */
        if (mt) {
            md &= (1u << __builtin_ctz(mt)) - 1;
            mh &= (1u << __builtin_ctz(mt)) - 1;
        }
        high |= mh;
        for (; md; md &= md - 1)
            if ((*st = csv_cut(c, &f, base + i + (size_t)__builtin_ctz(md))) != LS_OK)
                return 1;
        if (mt) {
            k = i + (size_t)__builtin_ctz(mt);
            goto found;
        }
    }
#endif
    for (; i < n && i <= room; i++) {
        unsigned char b = p[i];
        if (b == '\n' || b == '\r' || b == q) {
            k = i;
            goto found;
        }
        high |= b & 0x80;
        if (b == d && (*st = csv_cut(c, &f, base + i)) != LS_OK)
            return 1;
    }
    if (i < n)
        goto undo; /* longer than the room left */
found:
    if (k == 0 || k > room || (k < n && p[k] == q))
        goto undo;
    memcpy(c->text + base, p, k);
    c->len = base + k;
    c->nf = f.nf;
    c->cur = f.cur;
    if (high)
        c->row_ascii = 0;
    *field_start = p[k - 1] == d;
    r->out_pos += k;
    return 1;
undo:
    c->nf = nf0;
    return 0;
}

/* Outside quotes: whole lines (see csv_line) and the line ends after them,
 * each line end ending its row as the general path would ("\r\n", or a
 * lone '\r' or '\n'; a '\r' that ends the buffer is left to it), while
 * the reader's buffer lasts. */
static ls_status csv_lines(struct csv *c, int *field_start)
{
    struct ls_charset_reader *r = c->r;
    ls_status st = LS_OK;

    while (r->out_pos < r->out_len) {
        const unsigned char *p = r->out + r->out_pos;
        if (*p == '\n' || (*p == '\r' && r->out_pos + 1 < r->out_len)) {
            r->out_pos += 1 + (*p == '\r' && p[1] == '\n');
            c->line++;
            *field_start = 1;
            if ((st = csv_end_row(c)) != LS_OK)
                break;
        } else if (!csv_line(c, field_start, &st) || st != LS_OK) {
            break;
        }
    }
    return st;
}

/* Outside quotes: whole fields of ordinary bytes and the delimiters after
 * them, straight from the reader's buffer, while they fit in the record.
 * Stops (leaving the byte to the general path) at a line end, a quote that
 * opens a field, the end of the buffer, or a byte that would overflow the
 * record; the result is what the general path would have made of them. */
static ls_status csv_fields(struct csv *c, int *field_start)
{
    struct ls_charset_reader *r = c->r;
    ls_status st = ls_csv_plain_lines ? LS_OK : csv_lines(c, field_start);
    if (st != LS_OK)
        return st;
    const unsigned char *p = r->out + r->out_pos, *e = r->out + r->out_len;
    const unsigned char *room16 = r->out + LS_CHARSET_CHUNK - 16; /* 16-byte reads from p fit */
    const unsigned char d = (unsigned char)c->delim, q = (unsigned char)c->quote;
    char *text = c->text;
    size_t len = c->len, max = c->max;

    if (p < e)
        c->row_ascii = 0; /* bytes taken here are not looked at */
    while (p < e) {
        if (*field_start && *p == q)
            break;
        const unsigned char *x = ls_find3(p, e, d, '\n', '\r');
        size_t k = (size_t)(x - p);
        if (k > max - len)
            break;
        if (k <= 16 && max - len >= 16 && p <= room16)
            memcpy(text + len, p, 16); /* a short field in one move (the tail is overwritten) */
        else
            memcpy(text + len, p, k);
        len += k;
        p = x;
        if (k)
            *field_start = 0;
        if (x == e || *x != d || len == max)
            break;
        c->len = len;
        if ((st = csv_end_field(c)) != LS_OK)
            break;
        text[len++] = (char)d;
        c->cur = len;
        p++;
        *field_start = 1;
    }
    c->len = len;
    r->out_pos = (size_t)(p - r->out);
    return st;
}

static ls_status csv_parse(struct csv *c)
{
    int inq = 0, field_start = 1, took;
    ls_status st = LS_OK;
    csv_row_reset(c);
    for (;;) {
        if (!inq && (st = csv_fields(c, &field_start)) != LS_OK)
            return st;
        st = csv_run_bytes(c, inq, field_start, &took);
        if (st != LS_OK)
            return st;
        if (took) {
            if (!inq)
                field_start = 0;
            continue;
        }
        int ch = ls_charset_getc(c->r);
        if (ch == LS_CHARSET_ERR)
            return ls_charset_status(c->r);
        if (ch == LS_CHARSET_EOF) {
            if (inq)
                snprintf(c->doc->reason, sizeof c->doc->reason,
                         "csv: unterminated quote in the row at line %llu",
                         (unsigned long long)c->row_line);
            if (c->len > 0 || c->nf > 0)
                st = csv_end_row(c);
            return st;
        }
        if (inq) {
            if (ch == c->quote) {
                int d = ls_charset_getc(c->r);
                if (d == c->quote) {
                    st = csv_put(c, c->quote);
                } else {
                    inq = 0;
                    if (d >= 0)
                        ls_charset_ungetc(c->r);
                }
            } else {
                if (ch == '\n')
                    c->line++;
                st = csv_put(c, (char)ch);
            }
        } else if (ch == c->delim) {
            st = csv_end_field(c);
            c->cur = c->len;
            if (st == LS_OK)
                st = csv_put(c, c->delim);
            if (st == LS_OK)
                c->cur = c->len;
            field_start = 1;
        } else if (ch == '\n' || ch == '\r') {
            if (ch == '\r') {
                int d = ls_charset_getc(c->r);
                if (d >= 0 && d != '\n')
                    ls_charset_ungetc(c->r);
            }
            c->line++;
            st = csv_end_row(c);
            field_start = 1;
        } else if (ch == c->quote && field_start) {
            inq = 1;
            field_start = 0;
        } else {
            field_start = 0;
            st = csv_put(c, (char)ch);
        }
        if (st != LS_OK)
            return st;
    }
}

static ls_status csv_run(struct ls_doc *doc)
{
    struct csv c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.max = doc->limits->max_record_bytes < 64 ? 64 : doc->limits->max_record_bytes;
    c.line = 1;
    c.first_row = 1;
    c.text = malloc(c.max);
    ls_status st = c.text ? ls_charset_reader_open(doc, &c.r) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    const char *p;
    size_t n;
    st = ls_charset_peek(c.r, CSV_SNIFF_BYTES, &p, &n);
    if (st != LS_OK)
        goto out;
    double cons;
    size_t mode;
    csv_sniff(p, n, n < CSV_SNIFF_BYTES, &c.delim, &cons, &mode);
    c.quote = csv_sniff_quote(p, n, c.delim);
    st = csv_parse(&c);
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "csv: %s", ls_strerror(st));
    ls_charset_reader_close(c.r);
    for (size_t i = 0; i < c.nhdr; i++)
        free(c.hdr ? c.hdr[i] : NULL);
    free(c.hdr);
    free(c.text);
    free(c.foff);
    free(c.flen);
    free(c.cols);
    return st;
}

const struct ls_extractor ls_extractor_csv = {"csv", csv_probe, csv_run};
