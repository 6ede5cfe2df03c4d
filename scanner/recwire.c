/* recwire.c — records as bytes between a document child and the parent
 * (recwire.h).
 *
 * Layout: a fixed header (struct hdr), the text, then what the header's
 * flags say is there, in this order: the part name; the column names; the
 * field offsets, lengths and lines; the part offsets, names, pages and
 * lines.  A string is a 4-byte length (0: a NULL pointer) and that many
 * bytes, its NUL included; a number array is 8 bytes a number (pages 4). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recwire.h"
#include "wipe.h"

enum {
    F_PROSE = 1u << 0,
    F_PART = 1u << 1,
    F_COLUMNS = 1u << 2,
    F_FIELD_OFF = 1u << 3,
    F_FIELD_LEN = 1u << 4,
    F_FIELD_LINE = 1u << 5,
    F_PART_OFF = 1u << 6,
    F_PART_NAMES = 1u << 7,
    F_PART_PAGES = 1u << 8,
    F_PART_LINE = 1u << 9,
};

struct hdr {
    uint64_t len, index, line, offset, ncolumns, nparts;
    uint32_t page, flags;
};

/* --- encoding ------------------------------------------------------------- */

static int put_str(struct ls_strbuf *out, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) + 1 : 0;

    return ls_strbuf_append(out, &n, sizeof n) || (n && ls_strbuf_append(out, s, n)) ? -1 : 0;
}

static int put_u64s(struct ls_strbuf *out, const void *arr, size_t n, int is_size)
{
    size_t i;
    uint64_t v;

    for (i = 0; i < n; i++) {
        v = is_size ? (uint64_t)((const size_t *)arr)[i] : ((const uint64_t *)arr)[i];
        if (ls_strbuf_append(out, &v, sizeof v))
            return -1;
    }
    return 0;
}

int ls_recwire_put(struct ls_strbuf *out, const struct ls_record *r)
{
    struct hdr h;
    size_t i;
    int bad = 0;

    ls_strbuf_reset(out);
    memset(&h, 0, sizeof h);
    h.len = r->len;
    h.index = r->index;
    h.line = r->line;
    h.offset = r->offset;
    h.ncolumns = r->ncolumns;
    h.nparts = r->nparts;
    h.page = r->page;
    h.flags = (r->prose ? F_PROSE : 0) | (r->part ? F_PART : 0) |
              (r->ncolumns && r->columns ? F_COLUMNS : 0) |
              (r->ncolumns && r->field_off ? F_FIELD_OFF : 0) |
              (r->ncolumns && r->field_len ? F_FIELD_LEN : 0) |
              (r->ncolumns && r->field_line ? F_FIELD_LINE : 0) |
              (r->nparts && r->part_off ? F_PART_OFF : 0) |
              (r->nparts && r->part_names ? F_PART_NAMES : 0) |
              (r->nparts && r->part_pages ? F_PART_PAGES : 0) |
              (r->nparts && r->part_line ? F_PART_LINE : 0);
    bad |= ls_strbuf_append(out, &h, sizeof h);
    bad |= r->len && ls_strbuf_append(out, r->text, r->len);
    if (h.flags & F_PART)
        bad |= put_str(out, r->part);
    for (i = 0; (h.flags & F_COLUMNS) && i < r->ncolumns; i++)
        bad |= put_str(out, r->columns[i]);
    if (h.flags & F_FIELD_OFF)
        bad |= put_u64s(out, r->field_off, r->ncolumns, 1);
    if (h.flags & F_FIELD_LEN)
        bad |= put_u64s(out, r->field_len, r->ncolumns, 1);
    if (h.flags & F_FIELD_LINE)
        bad |= put_u64s(out, r->field_line, r->ncolumns, 0);
    if (h.flags & F_PART_OFF)
        bad |= put_u64s(out, r->part_off, r->nparts, 1);
    for (i = 0; (h.flags & F_PART_NAMES) && i < r->nparts; i++)
        bad |= put_str(out, r->part_names[i]);
    if (h.flags & F_PART_PAGES)
        bad |= ls_strbuf_append(out, r->part_pages, r->nparts * sizeof *r->part_pages);
    if (h.flags & F_PART_LINE)
        bad |= put_u64s(out, r->part_line, r->nparts, 0);
    return bad || out->overflow ? -1 : 0;
}

/* --- decoding ------------------------------------------------------------- */

struct rd {
    const unsigned char *p;
    size_t left;
};

static const void *take(struct rd *d, size_t n)
{
    const void *q = d->p;

    if (n > d->left)
        return NULL;
    d->p += n;
    d->left -= n;
    return q;
}

/* A string: 0 with *s set (NULL for a NULL pointer), -1 when malformed. */
static int get_str(struct rd *d, const char **s)
{
    uint32_t n;
    const char *q;
    const void *np = take(d, sizeof n);

    if (!np)
        return -1;
    memcpy(&n, np, sizeof n);
    *s = NULL;
    if (n == 0)
        return 0;
    if (!(q = take(d, n)) || q[n - 1] != '\0')
        return -1;
    *s = q;
    return 0;
}

static int get_u64s(struct rd *d, size_t n, uint64_t *out)
{
    const void *q = n <= SIZE_MAX / 8 ? take(d, n * 8) : NULL;

    if (!q)
        return -1;
    memcpy(out, q, n * 8);
    return 0;
}

static int get_sizes(struct rd *d, size_t n, size_t *out)
{
    size_t i;
    uint64_t v;

    for (i = 0; i < n; i++) {
        const void *q = take(d, sizeof v);
        if (!q)
            return -1;
        memcpy(&v, q, sizeof v);
        if (v > SIZE_MAX)
            return -1;
        out[i] = (size_t)v;
    }
    return 0;
}

/* Room for every array of a record with nc columns and np parts. */
static int scratch_fit(struct ls_recwire_scratch *s, size_t nc, size_t np)
{
    size_t need = nc * (sizeof(char *) + 2 * sizeof(size_t) + sizeof(uint64_t)) +
                  np * (sizeof(size_t) + sizeof(char *) + sizeof(uint32_t) + sizeof(uint64_t)) + 64;
    void *m;

    if (need <= s->cap)
        return 0;
    if (!(m = ls_wipe_realloc(s->mem, s->cap, need)))
        return -1;
    s->mem = m;
    s->cap = need;
    return 0;
}

int ls_recwire_get(const unsigned char *p, size_t len, struct ls_recwire_scratch *s,
                   struct ls_record *rec)
{
    struct rd d = {p, len};
    struct hdr h;
    const void *q = take(&d, sizeof h);
    const char **cols, **names;
    size_t *foff, *flen, *poff, i;
    uint64_t *fline, *pline;
    uint32_t *pages;
    char *m;

    memset(rec, 0, sizeof *rec);
    if (!q)
        return -1;
    memcpy(&h, q, sizeof h);
    /* Every column and part takes bytes of the message: a count beyond
     * them is malformed (and cannot make the scratch arrays huge). */
    if (h.len > d.left || h.ncolumns > d.left || h.nparts > d.left)
        return -1;
    if (!(rec->text = take(&d, (size_t)h.len)) && h.len)
        return -1;
    if (scratch_fit(s, (size_t)h.ncolumns, (size_t)h.nparts))
        return -1;
    m = s->mem; /* pointers first, then 8-byte numbers, then 4-byte ones */
    cols = (const char **)(void *)m;
    names = cols + h.ncolumns;
    foff = (size_t *)(void *)(names + h.nparts);
    flen = foff + h.ncolumns;
    poff = flen + h.ncolumns;
    fline = (uint64_t *)(void *)(poff + h.nparts);
    pline = fline + h.ncolumns;
    pages = (uint32_t *)(void *)(pline + h.nparts);
    rec->len = (size_t)h.len;
    rec->index = h.index;
    rec->line = h.line;
    rec->offset = h.offset;
    rec->page = h.page;
    rec->prose = (h.flags & F_PROSE) != 0;
    rec->ncolumns = (size_t)h.ncolumns;
    rec->nparts = (size_t)h.nparts;
    if ((h.flags & F_PART) && get_str(&d, &rec->part))
        return -1;
    if (h.flags & F_COLUMNS) {
        for (i = 0; i < h.ncolumns; i++)
            if (get_str(&d, &cols[i]))
                return -1;
        rec->columns = cols;
    }
    if ((h.flags & F_FIELD_OFF) && get_sizes(&d, (size_t)h.ncolumns, foff))
        return -1;
    if ((h.flags & F_FIELD_LEN) && get_sizes(&d, (size_t)h.ncolumns, flen))
        return -1;
    if ((h.flags & F_FIELD_LINE) && get_u64s(&d, (size_t)h.ncolumns, fline))
        return -1;
    if ((h.flags & F_PART_OFF) && get_sizes(&d, (size_t)h.nparts, poff))
        return -1;
    if (h.flags & F_PART_NAMES) {
        for (i = 0; i < h.nparts; i++)
            if (get_str(&d, &names[i]))
                return -1;
        rec->part_names = names;
    }
    if (h.flags & F_PART_PAGES) {
        if (!(q = take(&d, (size_t)h.nparts * sizeof *pages)))
            return -1;
        memcpy(pages, q, (size_t)h.nparts * sizeof *pages);
        rec->part_pages = pages;
    }
    if ((h.flags & F_PART_LINE) && get_u64s(&d, (size_t)h.nparts, pline))
        return -1;
    if (d.left)
        return -1;
    /* Fields and parts lie inside the text, parts in order. */
    for (i = 0; i < h.ncolumns; i++) {
        size_t o = (h.flags & F_FIELD_OFF) ? foff[i] : 0, l = (h.flags & F_FIELD_LEN) ? flen[i] : 0;
        if (o > rec->len || l > rec->len - o)
            return -1;
    }
    for (i = 0; (h.flags & F_PART_OFF) && i < h.nparts; i++)
        if (poff[i] > rec->len || (i && poff[i] < poff[i - 1]))
            return -1;
    rec->field_off = (h.flags & F_FIELD_OFF) ? foff : NULL;
    rec->field_len = (h.flags & F_FIELD_LEN) ? flen : NULL;
    rec->field_line = (h.flags & F_FIELD_LINE) ? fline : NULL;
    rec->part_off = (h.flags & F_PART_OFF) ? poff : NULL;
    rec->part_line = (h.flags & F_PART_LINE) ? pline : NULL;
    return 0;
}

void ls_recwire_scratch_free(struct ls_recwire_scratch *s)
{
    ls_wipe_free(s->mem, s->cap);
    s->mem = NULL;
    s->cap = 0;
}
