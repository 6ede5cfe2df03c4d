/* extract/meta.c — records of named metadata fields, and XMP packets read
 * into them (meta.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strndup */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/charset.h"
#include "extract/docxml.h"
#include "extract/meta.h"

#define META_MAX_FIELDS 4096 /* fields of one record */
#define META_NAME_MAX 80     /* bytes of a field name (PNG keywords are at most 79) */

void ls_fieldrec_init(struct ls_fieldrec *r, size_t max)
{
    memset(r, 0, sizeof *r);
    ls_strbuf_init(&r->text, max);
}

static void fieldrec_clear(struct ls_fieldrec *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->names[i]);
    r->n = 0;
    ls_strbuf_reset(&r->text);
    r->text.overflow = 0;
}

void ls_fieldrec_free(struct ls_fieldrec *r)
{
    fieldrec_clear(r);
    free(r->names);
    free(r->off);
    free(r->len);
    ls_strbuf_free(&r->text);
    memset(r, 0, sizeof *r);
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int fieldrec_grow(struct ls_fieldrec *r)
{
    size_t cap = r->cap ? 2 * r->cap : 8;
    char **nm = realloc(r->names, cap * sizeof *nm);
    if (!nm)
        return -1;
    r->names = nm;
    size_t *o = realloc(r->off, cap * sizeof *o);
    if (!o)
        return -1;
    r->off = o;
    size_t *l = realloc(r->len, cap * sizeof *l);
    if (!l)
        return -1;
    r->len = l;
    r->cap = cap;
    return 0;
}

/* Appends v as UTF-8, each invalid sequence as U+FFFD, as much as fits in
 * room bytes.  Returns 1 when all of it went in. */
static int put_utf8(struct ls_strbuf *b, const unsigned char *v, size_t n, size_t room)
{
    size_t i = 0, start = b->len;
    while (i < n) {
        int k = ls_utf8_check(v + i, n - i);
        size_t step = k > 0 ? (size_t)k : k < 0 ? (size_t)-k : n - i;
        size_t out = k > 0 ? (size_t)k : 3;
        if (b->len - start + out > room)
            return 0;
        if (k > 0 ? ls_strbuf_append(b, v + i, (size_t)k) != 0 : ls_utf8_append(b, 0xFFFD) != 0)
            return 0;
        i += step;
    }
    return 1;
}

int ls_fieldrec_add(struct ls_fieldrec *r, const char *name, const char *val, size_t vlen)
{
    const unsigned char *v = (const unsigned char *)val;
    while (vlen && is_space(v[0]))
        v++, vlen--;
    while (vlen && is_space(v[vlen - 1]))
        vlen--;
    if (vlen == 0)
        return 0;
    size_t nl = strnlen(name, META_NAME_MAX);
    /* "name: " + at least one byte + "\n" */
    if (r->n >= META_MAX_FIELDS || r->text.len + nl + 4 > r->text.max) {
        r->cut = 1;
        return 0;
    }
    if (r->n == r->cap && fieldrec_grow(r) != 0)
        return -1;
    char *nm = strndup(name, nl);
    if (!nm)
        return -1;
    size_t mark = r->text.len;
    if (ls_strbuf_append(&r->text, nm, nl) != 0 || ls_strbuf_append(&r->text, ": ", 2) != 0) {
        free(nm);
        r->text.len = mark;
        r->cut = 1;
        return 0;
    }
    size_t off = r->text.len;
    if (!put_utf8(&r->text, v, vlen, r->text.max - r->text.len - 1))
        r->cut = 1;
    r->text.overflow = 0;
    if (r->text.len == off) {
        free(nm);
        r->text.len = mark;
        return 0;
    }
    r->names[r->n] = nm;
    r->off[r->n] = off;
    r->len[r->n] = r->text.len - off;
    r->n++;
    ls_strbuf_putc(&r->text, '\n');
    return 0;
}

ls_status ls_fieldrec_emit(struct ls_doc *doc, struct ls_fieldrec *r, const char *part,
                           uint64_t *index)
{
    ls_status st = LS_OK;
    if (r->n) {
        struct ls_record rec;
        memset(&rec, 0, sizeof rec);
        rec.text = r->text.data;
        rec.len = r->text.len;
        if (rec.len && rec.text[rec.len - 1] == '\n')
            rec.len--;
        rec.index = (*index)++;
        rec.line = 1;
        rec.part = part;
        rec.ncolumns = r->n;
        rec.columns = (const char *const *)r->names;
        rec.field_off = r->off;
        rec.field_len = r->len;
        st = doc->on_record(doc->ud, &rec);
    }
    fieldrec_clear(r);
    return st;
}

/* --- XMP --------------------------------------------------------------------- */

#define XMP_MAX_DEPTH 64

struct xmp {
    struct ls_fieldrec *r;
    struct ls_strbuf val;
    char name[XMP_MAX_DEPTH][META_NAME_MAX]; /* the property each open element belongs to */
    unsigned depth;
    int oom;
};

/* rdf structure and packet wrappers: their names are not properties. */
static int structural(const char *local)
{
    static const char *const s[] = {"RDF", "Description", "Alt",     "Seq", "Bag",
                                    "li",  "xmpmeta",     "xapmeta", NULL};
    for (size_t i = 0; s[i]; i++)
        if (strcmp(local, s[i]) == 0)
            return 1;
    return 0;
}

/* Attributes that are syntax, not properties. */
static int syntax_attr(const char *name)
{
    return strncmp(name, "xmlns", 5) == 0 || strncmp(name, "rdf:", 4) == 0 ||
           strncmp(name, "xml:", 4) == 0 || strncmp(name, "x:", 2) == 0 ||
           strcmp(name, "about") == 0;
}

static void xmp_flush(struct xmp *x)
{
    if (x->val.len && x->depth && x->name[x->depth - 1][0] &&
        ls_fieldrec_add(x->r, x->name[x->depth - 1], x->val.data, x->val.len) != 0)
        x->oom = 1;
    ls_strbuf_reset(&x->val);
    x->val.overflow = 0;
}

static void xmp_start(void *ud, const char *local, const char **attrs)
{
    struct xmp *x = ud;
    xmp_flush(x);
    if (x->depth < XMP_MAX_DEPTH) {
        char *slot = x->name[x->depth];
        if (!structural(local))
            snprintf(slot, META_NAME_MAX, "%s", local);
        else if (x->depth)
            memcpy(slot, x->name[x->depth - 1], META_NAME_MAX);
        else
            slot[0] = 0;
    }
    x->depth++;
    for (size_t i = 0; attrs && attrs[i] && attrs[i + 1]; i += 2)
        if (!syntax_attr(attrs[i]) && ls_fieldrec_add(x->r, ls_docxml_local(attrs[i]), attrs[i + 1],
                                                      strlen(attrs[i + 1])) != 0)
            x->oom = 1;
}

static void xmp_end(void *ud, const char *local)
{
    struct xmp *x = ud;
    (void)local;
    xmp_flush(x);
    if (x->depth)
        x->depth--;
}

static void xmp_text(void *ud, const char *s, int len)
{
    struct xmp *x = ud;
    if (x->depth && x->depth <= XMP_MAX_DEPTH && len > 0)
        ls_strbuf_append(&x->val, s, (size_t)len); /* past the maximum: the value is cut */
}

ls_status ls_xmp_read(const unsigned char *xml, size_t len, const struct ls_limits *lim,
                      struct ls_fieldrec *r, char *why, size_t whylen)
{
    struct xmp x;
    memset(&x, 0, sizeof x);
    x.r = r;
    ls_strbuf_init(&x.val, r->text.max);
    struct ls_docxml_handlers h = {xmp_start, xmp_end, xmp_text, &x, NULL};
    why[0] = 0;
    /* the packet's trailing padding and NULs are not XML */
    while (len && (xml[len - 1] == 0 || is_space(xml[len - 1])))
        len--;
    ls_status st = ls_docxml_parse(xml, len, lim, &h, why, whylen);
    if (st == LS_EFAILED) {
        xmp_flush(&x); /* the value being read when the XML broke */
        st = LS_OK;
    }
    ls_strbuf_free(&x.val);
    if (x.oom)
        st = LS_ENOMEM;
    if (st == LS_OK && r->cut && !why[0])
        snprintf(why, whylen, "fields cut at the record limit");
    return st;
}
