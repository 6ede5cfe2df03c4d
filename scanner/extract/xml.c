/* extract/xml.c — XML (expat) and HTML (a tolerant tag stripper).
 *
 * XML: expat parses the UTF-8 stream of the charset layer (the document's own
 * encoding declaration is overridden: the bytes are already UTF-8), hardened:
 * no external entities or DTDs are loaded, the billion-laughs protection
 * limits entity amplification, element nesting stops at
 * limits->max_xml_depth.  Text and attribute values become fields "name:
 * value" (entities decoded).  A record is an element that repeats under its
 * parent (`<fine>` in `<fines><fine>…</fine><fine>…`) and has child elements
 * or attributes: its fields are its attributes and the texts of its
 * descendants, columns the child element (or attribute) names.  Fields not
 * inside such an element go into one record per root (emitted at its end).
 * Records over limits->max_record_bytes are emitted in pieces.
 *
 * HTML: not expat (real HTML is rarely well-formed), a tokenizer reading the
 * decoded stream through the push-back reader (reader.h).  Tags are
 * stripped, script/style dropped, entities decoded, white space collapsed; block
 * elements (p, div, br, li, tr, h1…, table, …) end a record, so table rows and
 * paragraphs are records and cells are separated by TAB.  The values of the
 * attributes that carry text (href with its mailto:/tel: links, title, alt,
 * value, content, placeholder, label, data-*) are text after their tag. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* Debian's libexpat is built with DTD support (XML_DTD), which also declares
 * the billion-laughs protection setters; expat.h only declares them when the
 * macro is set by the includer. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "extract/charset.h"
#include "extract/extractors.h"
#include "extract/reader.h"

#define XML_NAME_BYTES 64 /* element/attribute names are cut to this */
#define H_ATTR_BYTES 2048 /* the text attribute values of one HTML tag; more is cut */
#define XML_FEED_BYTES (64 * 1024)

static int head_has(const char *s, size_t n, const char *needle)
{
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (!strncasecmp(s + i, needle, l))
            return 1;
    return 0;
}

static size_t skip_space(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", s[i]))
        i++;
    return i;
}

static int xml_probe(const char *mime, const char *charset, const unsigned char *head,
                     size_t head_len, const char *name)
{
    (void)name;
    if (!mime)
        return 0;
    size_t ml = strlen(mime);
    if (!strcmp(mime, "application/xhtml+xml"))
        return 0;
    if (!strcmp(mime, "text/xml") || !strcmp(mime, "application/xml") ||
        (ml > 4 && !strcmp(mime + ml - 4, "+xml")))
        return 80;
    if (strncmp(mime, "text/", 5) || !strcmp(mime, "text/html"))
        return 0;
    char buf[1024];
    size_t n = ls_charset_decode_head(charset, head, head_len, buf, sizeof buf);
    size_t i = skip_space(buf, n);
    if (head_has(buf, n, "<html") || head_has(buf, n, "<!doctype html"))
        return 0;
    if (n - i >= 5 && !strncmp(buf + i, "<?xml", 5))
        return 70;
    if (n - i >= 2 && buf[i] == '<' &&
        ((buf[i + 1] >= 'a' && buf[i + 1] <= 'z') || (buf[i + 1] >= 'A' && buf[i + 1] <= 'Z')))
        return 40;
    return 0;
}

static int html_probe(const char *mime, const char *charset, const unsigned char *head,
                      size_t head_len, const char *name)
{
    (void)name;
    if (!mime)
        return 0;
    if (!strcmp(mime, "text/html") || !strcmp(mime, "application/xhtml+xml"))
        return 85;
    if (strncmp(mime, "text/", 5) && strcmp(mime, "application/xml"))
        return 0;
    char buf[1024];
    size_t n = ls_charset_decode_head(charset, head, head_len, buf, sizeof buf);
    if (head_has(buf, n, "<html") || head_has(buf, n, "<!doctype html"))
        return 75;
    size_t i = skip_space(buf, n);
    static const char *const tags[] = {"<p>",   "<div", "<table", "<body", "<head", "<br",
                                       "<span", "<h1",  "<h2",    "<ul",   NULL};
    for (size_t k = 0; tags[k]; k++)
        if (n - i >= strlen(tags[k]) && !strncasecmp(buf + i, tags[k], strlen(tags[k])))
            return 45;
    return 0;
}

/* --- the record buffer shared by XML and HTML ----------------------------- */

struct recbuf {
    struct ls_doc *doc;
    size_t max;
    char *text; /* "name: value\n" lines (XML) or plain text (HTML) */
    size_t len;
    size_t *foff, *flen, *fname; /* per field; fname: offset in names or SIZE_MAX */
    uint64_t *fline;             /* per field: source line (XML; NULL for HTML) */
    size_t nf, fcap;
    char *names; /* NUL-terminated field names */
    size_t nlen;
    size_t *eoff; /* scratch for emitting a sub-range */
    const char **cols;
    uint64_t index;
    ls_status st;
};

static int rb_init(struct recbuf *b, struct ls_doc *doc)
{
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->st = LS_OK;
    b->max = doc->limits->max_record_bytes < 256 ? 256 : doc->limits->max_record_bytes;
    b->text = malloc(b->max);
    b->names = malloc(b->max);
    return b->text && b->names ? 0 : -1;
}

static void rb_free(struct recbuf *b)
{
    free(b->text);
    free(b->names);
    free(b->foff);
    free(b->flen);
    free(b->fname);
    free(b->eoff);
    free(b->cols);
    free(b->fline);
}

static int rb_grow(struct recbuf *b)
{
    if (b->nf < b->fcap)
        return 0;
    size_t cap = b->fcap ? b->fcap * 2 : 32;
    size_t **arrs[] = {&b->foff, &b->flen, &b->fname, &b->eoff};
    for (size_t i = 0; i < 4; i++) {
        size_t *a = realloc(*arrs[i], cap * sizeof **arrs[i]);
        if (!a)
            return b->st = LS_ENOMEM, -1;
        *arrs[i] = a;
    }
    const char **c = realloc(b->cols, cap * sizeof *c);
    if (!c)
        return b->st = LS_ENOMEM, -1;
    b->cols = c;
    uint64_t *fl = realloc(b->fline, cap * sizeof *fl);
    if (!fl)
        return b->st = LS_ENOMEM, -1;
    b->fline = fl;
    b->fcap = cap;
    return 0;
}

/* Emits fields [nf0, nf) and text [len0, len) as one record, then truncates
 * the buffer back to those marks. */
static int rb_emit(struct recbuf *b, size_t nf0, size_t len0, size_t nlen0, uint64_t line,
                   uint64_t off)
{
    int rc = 0;
    size_t n = b->nf - nf0, tl = b->len - len0;
    if (tl > 0 && b->text[b->len - 1] == '\n')
        tl--;
    if (tl > 0 && b->st == LS_OK) {
        for (size_t i = 0; i < n; i++) {
            b->eoff[i] = b->foff[nf0 + i] - len0;
            b->cols[i] = b->fname[nf0 + i] == (size_t)-1 ? NULL : b->names + b->fname[nf0 + i];
        }
        struct ls_record rec;
        memset(&rec, 0, sizeof rec);
        rec.text = b->text + len0;
        rec.len = tl;
        rec.index = b->index++;
        rec.line = line;
        rec.offset = off;
        rec.ncolumns = n;
        rec.columns = n ? b->cols : NULL;
        rec.field_off = n ? b->eoff : NULL;
        rec.field_len = n ? b->flen + nf0 : NULL;
        rec.field_line = n ? b->fline + nf0 : NULL;
        ls_status st = b->doc->on_record(b->doc->ud, &rec);
        if (st != LS_OK) {
            b->st = st;
            rc = -1;
        }
    }
    b->nf = nf0;
    b->len = len0;
    b->nlen = nlen0;
    return rc;
}

/* --- XML ---------------------------------------------------------------- */

struct xframe {
    char name[XML_NAME_BYTES];
    size_t nf, len, nlen; /* buffer marks at the element's start */
    uint64_t line, off;   /* where it starts */
    int children, attrs;
    char last[XML_NAME_BYTES]; /* the previous child element's name */
    size_t lnf, llen, lnlen;   /* marks at the previous child's start */
    uint64_t lline, loff;
    int lpending;                /* the previous child's fields are still here */
    int lrecord;                 /* … and it looked like a record */
    char repeat[XML_NAME_BYTES]; /* a child name seen twice in a row */
};

struct xml {
    struct recbuf b;
    XML_Parser p;
    struct xframe *f; /* f[1..depth] */
    size_t fcap;
    unsigned depth, max_depth;
    char *cdata; /* text of the innermost element (max bytes) */
    size_t clen;
    uint64_t cline; /* line of the first non-blank byte of cdata; 0 none yet */
    int too_deep;
};

static void local_name(char *dst, const char *name)
{
    const char *c = strrchr(name, ':');
    if (c && c[1])
        name = c + 1;
    size_t n = strlen(name);
    if (n >= XML_NAME_BYTES)
        n = ls_utf8_boundary(name, XML_NAME_BYTES - 1);
    memcpy(dst, name, n);
    dst[n] = 0;
}

static void x_stop(struct xml *x)
{
    XML_StopParser(x->p, XML_FALSE);
}

/* Everything in the buffer goes out as one record; all marks reset. */
static int x_flush_all(struct xml *x)
{
    uint64_t line = x->depth ? x->f[1].line : 0;
    if (rb_emit(&x->b, 0, 0, 0, line, x->depth ? x->f[1].off : 0) < 0)
        return -1;
    for (unsigned d = 1; d <= x->depth; d++) {
        x->f[d].nf = x->f[d].len = x->f[d].nlen = 0;
        x->f[d].lpending = 0;
    }
    return 0;
}

/* Adds "name: value" (value trimmed) from source line line; a value that
 * does not fit is split. */
static int x_field(struct xml *x, const char *name, const char *v, size_t n, uint64_t line)
{
    struct recbuf *b = &x->b;
    while (n > 0 && strchr(" \t\r\n", v[0]))
        v++, n--;
    while (n > 0 && strchr(" \t\r\n", v[n - 1]))
        n--;
    size_t nl = strlen(name);
    while (n > 0) {
        if (b->len + nl + 3 + 16 > b->max || b->nlen + nl + 1 > b->max)
            if (x_flush_all(x) < 0)
                return -1;
        if (rb_grow(b) < 0)
            return -1;
        size_t room = b->max - b->len - nl - 3;
        size_t k = n <= room ? n : ls_utf8_boundary(v, room);
        if (k == 0)
            k = room;
        b->fname[b->nf] = b->nlen;
        memcpy(b->names + b->nlen, name, nl + 1);
        b->nlen += nl + 1;
        memcpy(b->text + b->len, name, nl);
        b->len += nl;
        b->text[b->len++] = ':';
        b->text[b->len++] = ' ';
        b->foff[b->nf] = b->len;
        b->flen[b->nf] = k;
        b->fline[b->nf] = line;
        memcpy(b->text + b->len, v, k);
        b->len += k;
        b->text[b->len++] = '\n';
        b->nf++;
        v += k;
        n -= k;
    }
    return 0;
}

static void x_flush_cdata(struct xml *x)
{
    if (x->clen && x->depth && x_field(x, x->f[x->depth].name, x->cdata, x->clen, x->cline) < 0)
        x_stop(x);
    x->clen = 0;
    x->cline = 0;
}

static void XMLCALL x_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml *x = ud;
    if (x->depth + 1 > x->max_depth) {
        x->too_deep = 1;
        return x_stop(x);
    }
    if (x->depth + 2 > x->fcap) {
        size_t cap = x->fcap ? x->fcap * 2 : 16;
        struct xframe *f = realloc(x->f, cap * sizeof *f);
        if (!f) {
            x->b.st = LS_ENOMEM;
            return x_stop(x);
        }
        x->f = f;
        x->fcap = cap;
    }
    char lname[XML_NAME_BYTES];
    local_name(lname, name);
    struct recbuf *b = &x->b;
    if (x->depth > 0) {
        struct xframe *p = &x->f[x->depth];
        if (p->lpending && p->lrecord && !strcmp(p->last, lname)) {
            /* the previous sibling had the same name: it was a record */
            if (rb_emit(b, p->lnf, p->llen, p->lnlen, p->lline, p->loff) < 0)
                return x_stop(x);
            strcpy(p->repeat, lname);
        }
        x_flush_cdata(x);
        p->children = 1;
        strcpy(p->last, lname);
        p->lnf = b->nf;
        p->llen = b->len;
        p->lnlen = b->nlen;
        p->lline = (uint64_t)XML_GetCurrentLineNumber(x->p);
        p->loff = (uint64_t)XML_GetCurrentByteIndex(x->p);
        p->lpending = 1;
        p->lrecord = 0;
    }
    struct xframe *f = &x->f[++x->depth];
    memset(f, 0, sizeof *f);
    strcpy(f->name, lname);
    f->nf = b->nf;
    f->len = b->len;
    f->nlen = b->nlen;
    f->line = (uint64_t)XML_GetCurrentLineNumber(x->p);
    f->off = (uint64_t)XML_GetCurrentByteIndex(x->p);
    x->clen = 0;
    x->cline = 0;
    for (size_t i = 0; atts[i] && atts[i + 1]; i += 2) {
        char an[XML_NAME_BYTES];
        local_name(an, atts[i]);
        if (!strcmp(an, "xmlns") || !strncmp(atts[i], "xmlns:", 6))
            continue;
        f->attrs = 1;
        if (x_field(x, an, atts[i + 1], strlen(atts[i + 1]), f->line) < 0)
            return x_stop(x);
    }
}

static void XMLCALL x_end(void *ud, const XML_Char *name)
{
    struct xml *x = ud;
    (void)name;
    if (x->depth == 0)
        return;
    struct xframe *f = &x->f[x->depth];
    x_flush_cdata(x);
    int record_like = f->children || f->attrs;
    if (x->depth == 1) {
        if (rb_emit(&x->b, f->nf, f->len, f->nlen, f->line, f->off) < 0)
            x_stop(x);
    } else {
        struct xframe *p = &x->f[x->depth - 1];
        p->lrecord = record_like;
        if (record_like && !strcmp(p->repeat, f->name)) {
            if (rb_emit(&x->b, f->nf, f->len, f->nlen, f->line, f->off) < 0)
                x_stop(x);
            p->lpending = 0;
        }
    }
    x->depth--;
}

static void XMLCALL x_text(void *ud, const XML_Char *s, int len)
{
    struct xml *x = ud;
    if (len <= 0)
        return;
    size_t n = (size_t)len;
    if (!x->cline) { /* the line of the text's first non-blank byte */
        uint64_t line = (uint64_t)XML_GetCurrentLineNumber(x->p);
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '\n') {
                line++;
            } else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
                x->cline = line;
                break;
            }
        }
    }
    while (n > 0) {
        size_t room = x->b.max - x->clen;
        if (room == 0) {
            x_flush_cdata(x); /* a very long text node: several fields */
            continue;
        }
        size_t k = n < room ? n : room;
        memcpy(x->cdata + x->clen, s, k);
        x->clen += k;
        s += k;
        n -= k;
    }
}

static ls_status xml_run(struct ls_doc *doc)
{
    struct xml x;
    struct ls_charset_reader *r = NULL;
    char *feed = malloc(XML_FEED_BYTES);
    memset(&x, 0, sizeof x);
    x.max_depth = doc->limits->max_xml_depth;
    int ok = rb_init(&x.b, doc) == 0 && feed;
    x.cdata = ok ? malloc(x.b.max) : NULL;
    ls_status st = ok && x.cdata ? ls_charset_reader_open(doc, &r) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    x.p = XML_ParserCreate("UTF-8"); /* the reader already converted to UTF-8 */
    if (!x.p) {
        st = LS_ENOMEM;
        goto out;
    }
    XML_SetUserData(x.p, &x);
    XML_SetElementHandler(x.p, x_start, x_end);
    XML_SetCharacterDataHandler(x.p, x_text);
    XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION * 10000 + XML_MINOR_VERSION * 100 + XML_MICRO_VERSION >= 20400
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x.p, 50.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x.p, 1u << 20);
#endif
    for (;;) {
        ssize_t n = ls_charset_read(r, feed, XML_FEED_BYTES);
        if (n < 0) {
            st = ls_charset_status(r);
            break;
        }
        if (XML_Parse(x.p, feed, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (x.b.st != LS_OK)
                st = x.b.st;
            else {
                st = LS_EFAILED;
                if (x.too_deep)
                    snprintf(doc->reason, sizeof doc->reason,
                             "xml: elements nested deeper than %u at line %lu", x.max_depth,
                             (unsigned long)XML_GetCurrentLineNumber(x.p));
                else
                    snprintf(doc->reason, sizeof doc->reason, "xml: %s at line %lu",
                             XML_ErrorString(XML_GetErrorCode(x.p)),
                             (unsigned long)XML_GetCurrentLineNumber(x.p));
            }
            break;
        }
        if (n == 0)
            break;
    }
    if (st == LS_EFAILED && x.b.st == LS_OK) {
        x.depth = x.depth > 0 ? 1 : 0;
        x_flush_cdata(&x);
        x_flush_all(&x); /* what was read before the error */
    }
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "xml: %s", ls_strerror(st));
    if (x.p)
        XML_ParserFree(x.p);
    ls_charset_reader_close(r);
    rb_free(&x.b);
    free(x.f);
    free(x.cdata);
    free(feed);
    return st;
}

/* --- HTML --------------------------------------------------------------- */

/* Latin-1 entity names, U+00A0..U+00FF in order. */
static const char *const latin1_ents[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

static const struct {
    const char *name;
    uint32_t cp;
} other_ents[] = {{"amp", '&'},      {"lt", '<'},       {"gt", '>'},        {"quot", '"'},
                  {"apos", '\''},    {"euro", 0x20AC},  {"ndash", 0x2013},  {"mdash", 0x2014},
                  {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},  {"rdquo", 0x201D},
                  {"sbquo", 0x201A}, {"bdquo", 0x201E}, {"hellip", 0x2026}, {"bull", 0x2022},
                  {"trade", 0x2122}, {"OElig", 0x152},  {"oelig", 0x153},   {"Scaron", 0x160},
                  {"scaron", 0x161}, {"Yuml", 0x178},   {"zwnj", 0x200C},   {"ensp", ' '},
                  {"emsp", ' '},     {"thinsp", ' '}};

/* The code point of entity name (without & and ;), or 0 when unknown
 * (extractors.h; the mail body's HTML uses the same table). */
uint32_t ls_html_entity_cp(const char *name, size_t n, uint64_t *invalid)
{
    if (n >= 2 && name[0] == '#') {
        uint32_t cp = 0;
        int hex = name[1] == 'x' || name[1] == 'X';
        size_t i = hex ? 2 : 1;
        if (i >= n)
            return 0;
        for (; i < n; i++) {
            char c = name[i];
            int v = hex ? ls_hexval(c) : c >= '0' && c <= '9' ? c - '0' : -1;
            if (v < 0)
                return 0;
            cp = cp * (hex ? 16 : 10) + (uint32_t)v;
            if (cp > 0x10FFFF)
                cp = 0x110000;
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            ++*invalid;
            return 0xFFFD;
        }
        return cp;
    }
    for (size_t i = 0; i < 96; i++)
        if (latin1_ents[i][0] == name[0] && strlen(latin1_ents[i]) == n &&
            !memcmp(latin1_ents[i], name, n))
            return i == 0 ? ' ' : 0xA0 + (uint32_t)i; /* nbsp as a plain space */
    for (size_t i = 0; i < sizeof other_ents / sizeof other_ents[0]; i++)
        if (other_ents[i].name[0] == name[0] && strlen(other_ents[i].name) == n &&
            !memcmp(other_ents[i].name, name, n))
            return other_ents[i].cp;
    return 0;
}

struct html {
    struct recbuf b;
    struct ls_reader rd; /* the decoded stream, one byte of push-back, the line */
    uint64_t rec_line, rec_off;
    int space; /* white space seen since the last byte put */
};

static int h_break(struct html *h)
{
    h->space = 0;
    while (h->b.len > 0 && h->b.text[h->b.len - 1] == '\t')
        h->b.len--;
    return rb_emit(&h->b, 0, 0, 0, h->rec_line, h->rec_off);
}

/* Appends text bytes, collapsing white space. */
static int h_put(struct html *h, const char *s, size_t n)
{
    struct recbuf *b = &h->b;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            h->space = 1;
            continue;
        }
        if (b->len + 2 > b->max) { /* full: emit up to a character boundary */
            size_t k = ls_utf8_boundary(b->text, b->len), rest = b->len - k;
            char carry[4];
            memcpy(carry, b->text + k, rest);
            b->len = k;
            if (rb_emit(b, 0, 0, 0, h->rec_line, h->rec_off) < 0)
                return -1;
            memcpy(b->text, carry, rest);
            b->len = rest;
            h->rec_line = h->rd.line;
            h->rec_off = ls_charset_tell(h->rd.cs);
            h->space = 0;
        }
        if (b->len == 0) {
            h->rec_line = h->rd.line;
            h->rec_off = ls_charset_tell(h->rd.cs);
        } else if (h->space && c != '\t' && b->text[b->len - 1] != '\t') {
            b->text[b->len++] = ' ';
        }
        h->space = 0;
        b->text[b->len++] = c;
    }
    return 0;
}

static int h_entity(struct html *h)
{
    char name[40];
    size_t n = 0;
    int c = ls_reader_getc(&h->rd);
    while (
        n < sizeof name - 1 && c >= 0 &&
        (c == '#' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        name[n++] = (char)c;
        c = ls_reader_getc(&h->rd);
    }
    int semi = c == ';';
    if (!semi)
        ls_reader_ungetc(&h->rd, c);
    uint32_t cp = n ? ls_html_entity_cp(name, n, &h->b.doc->invalid_sequences) : 0;
    if (cp) {
        unsigned char u[4];
        return h_put(h, (const char *)u, ls_utf8_put(u, cp));
    }
    if (h_put(h, "&", 1) < 0 || h_put(h, name, n) < 0)
        return -1;
    return semi ? h_put(h, ";", 1) : 0;
}

/* Attributes whose values are text a person wrote or a link to a person
 * (mailto:, tel:). */
static int h_text_attr(const char *a)
{
    static const char *const names[] = {"href",        "title", "alt",     "value", "content",
                                        "placeholder", "label", "summary", NULL};
    for (size_t i = 0; names[i]; i++)
        if (!strcmp(a, names[i]))
            return 1;
    return !strncmp(a, "data-", 5);
}

/* Appends an attribute value with its entities decoded. */
static int h_put_decoded(struct html *h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '&') {
            char name[40];
            size_t k = 0, j = i + 1;
            while (j < n && k < sizeof name - 1 &&
                   (s[j] == '#' || (s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'z') ||
                    (s[j] >= 'A' && s[j] <= 'Z')))
                name[k++] = s[j++];
            uint32_t cp = k ? ls_html_entity_cp(name, k, &h->b.doc->invalid_sequences) : 0;
            if (cp) {
                unsigned char u[4];
                if (h_put(h, (const char *)u, ls_utf8_put(u, cp)) < 0)
                    return -1;
                i = j < n && s[j] == ';' ? j : j - 1;
                continue;
            }
        }
        if (h_put(h, s + i, 1) < 0)
            return -1;
    }
    return 0;
}

/* Skips to the end of `</name` (case-insensitive) and its '>'. */
static void h_skip_until_end(struct html *h, const char *name)
{
    size_t nl = strlen(name), m = 0;
    const char *pat_end = "</";
    int c;
    while ((c = ls_reader_getc(&h->rd)) >= 0) {
        char lc = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        char want = m < 2 ? pat_end[m] : name[m - 2];
        if (lc == want) {
            if (++m == nl + 2)
                break;
        } else {
            m = lc == '<' ? 1 : 0;
        }
    }
    while (c >= 0 && c != '>')
        c = ls_reader_getc(&h->rd);
}

static int is_block(const char *t)
{
    static const char *const blocks[] = {
        "p",       "div",      "br",     "tr",     "li",         "ul",     "ol",
        "dl",      "dt",       "dd",     "h1",     "h2",         "h3",     "h4",
        "h5",      "h6",       "table",  "thead",  "tbody",      "tfoot",  "caption",
        "section", "article",  "header", "footer", "nav",        "aside",  "main",
        "form",    "fieldset", "legend", "pre",    "blockquote", "hr",     "address",
        "title",   "body",     "head",   "html",   "option",     "figure", "figcaption",
        "details", "summary",  NULL};
    for (size_t i = 0; blocks[i]; i++)
        if (t[0] == blocks[i][0] && !strcmp(t, blocks[i]))
            return 1;
    return 0;
}

/* After '<': a tag, comment, declaration, or a literal '<'. */
static int h_tag(struct html *h)
{
    int c = ls_reader_getc(&h->rd);
    if (c == '!') {
        int d1 = ls_reader_getc(&h->rd), d2 = d1 == '-' ? ls_reader_getc(&h->rd) : -1;
        if (d1 == '-' && d2 == '-') { /* comment: up to "-->" */
            int a = 0, b = 0;
            while ((c = ls_reader_getc(&h->rd)) >= 0 && !(a == '-' && b == '-' && c == '>'))
                a = b, b = c;
            return 0;
        }
        ls_reader_ungetc(&h->rd, d2 >= 0 ? d2 : d1);
        while ((c = ls_reader_getc(&h->rd)) >= 0 && c != '>')
            ;
        return 0;
    }
    if (c == '?') {
        while ((c = ls_reader_getc(&h->rd)) >= 0 && c != '>')
            ;
        return 0;
    }
    int end = c == '/';
    if (end)
        c = ls_reader_getc(&h->rd);
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        ls_reader_ungetc(&h->rd, c);
        return h_put(h, end ? "</" : "<", end ? 2 : 1);
    }
    char t[16];
    size_t n = 0;
    while ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        if (n < sizeof t - 1)
            t[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        c = ls_reader_getc(&h->rd);
    }
    t[n] = 0;
    /* Attributes: the values of those that carry text (href, title, alt,
     * value, content, …) become text after the tag's break. */
    char av[H_ATTR_BYTES];
    size_t avl = 0;
    while (c >= 0 && c != '>') {
        char an[24];
        size_t anl = 0;
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/')
            c = ls_reader_getc(&h->rd);
        while (c >= 0 && c != '>' && c != '=' && c != ' ' && c != '\t' && c != '\n' && c != '\r' &&
               c != '\f' && c != '/') {
            if (anl < sizeof an - 1)
                an[anl++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            c = ls_reader_getc(&h->rd);
        }
        an[anl] = 0;
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
            c = ls_reader_getc(&h->rd);
        if (c != '=')
            continue;
        c = ls_reader_getc(&h->rd);
        while (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')
            c = ls_reader_getc(&h->rd);
        int q = c == '"' || c == '\'' ? c : 0, keep = !end && anl && h_text_attr(an);
        if (q)
            c = ls_reader_getc(&h->rd);
        if (keep && avl && avl < sizeof av)
            av[avl++] = ' ';
        while (c >= 0 &&
               (q ? c != q
                  : (c != '>' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f'))) {
            if (keep && avl < sizeof av)
                av[avl++] = (char)c;
            c = ls_reader_getc(&h->rd);
        }
        if (q && c == q)
            c = ls_reader_getc(&h->rd);
    }
    if (!end && (!strcmp(t, "script") || !strcmp(t, "style"))) {
        h_skip_until_end(h, t);
        return 0;
    }
    if (is_block(t) && h_break(h) < 0)
        return -1;
    if (!end && (!strcmp(t, "td") || !strcmp(t, "th")) && h->b.len &&
        h->b.text[h->b.len - 1] != '\t' && h_put(h, "\t", 1) < 0)
        return -1;
    if (avl) {
        h->space = h->b.len > 0;
        if (h_put_decoded(h, av, avl) < 0)
            return -1;
        h->space = 1;
    }
    return 0; /* an inline tag: no break, as a browser renders it */
}

static ls_status html_run(struct ls_doc *doc)
{
    struct html h;
    memset(&h, 0, sizeof h);
    ls_reader_init(&h.rd, &h.b.st);
    ls_status st = rb_init(&h.b, doc) == 0 ? ls_charset_reader_open(doc, &h.rd.cs) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    for (;;) {
        int c = ls_reader_getc(&h.rd);
        if (c < 0)
            break;
        int rc;
        if (c == '<')
            rc = h_tag(&h);
        else if (c == '&')
            rc = h_entity(&h);
        else {
            char ch = (char)c;
            rc = h_put(&h, &ch, 1);
        }
        if (rc < 0 || h.b.st != LS_OK)
            break;
    }
    if (h.b.st == LS_OK)
        h_break(&h);
    st = h.b.st;
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "html: %s", ls_strerror(st));
    ls_charset_reader_close(h.rd.cs);
    rb_free(&h.b);
    return st;
}

const struct ls_extractor ls_extractor_xml = {"xml", xml_probe, xml_run};
const struct ls_extractor ls_extractor_html = {"html", html_probe, html_run};
