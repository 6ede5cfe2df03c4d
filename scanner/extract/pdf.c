/* extract/pdf.c — text out of PDF documents.
 *
 * The whole file is slurped (bounded by limits->max_buffer_bytes).  Objects
 * are found by scanning for "N G obj" (so a broken xref table does not
 * matter; a later definition wins, as with incremental updates) and inside
 * object streams (/Type /ObjStm).  Streams are decoded with zlib
 * (FlateDecode), ASCIIHexDecode and ASCII85Decode, each bounded by
 * max_entry_bytes/max_buffer_bytes, all of a document together by
 * max_buffer_bytes; other filters are left out and named in doc->reason
 * ("partial: …").
 *
 * Pages are taken in page-tree order (/Root /Pages /Kids, resources
 * inherited); when there is no usable page tree every stream that looks like
 * a content stream is read instead.  Text comes from Tj, TJ (a kerning
 * adjustment below -200 is a space), ' and "; T*, Td/TD/Tm with a vertical
 * move are newlines.  Strings are decoded through the font's ToUnicode CMap
 * (bfchar, bfrange) when there is one, else through WinAnsi with the font's
 * /Differences.  Each page with text is one prose record (page = N).
 *
 * An /Encrypt entry in a trailer or xref stream: LS_ESKIPPED, "encrypted".
 * Pages but no text (a scan): doc->no_text_layer = 1, LS_OK, no records.
 * The pages of a document are one prose record (one police report), each
 * finding located by its page and its line on that page; a document of more
 * than limits->max_record_bytes of text is emitted in pieces at page breaks. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memmem */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "ascii.h"
#include "extract/charset.h"
#include "extract/extractors.h"
#include "extract/meta.h"
#include "extract/pdfcrypt.h"
#include "wipe.h"

#define PDF_MAX_OBJECTS 4000000    /* objects indexed in one file */
#define PDF_MAX_DEPTH 48           /* nesting of arrays/dicts, page tree depth */
#define PDF_MAX_PAGES 200000       /* pages walked */
#define PDF_ARENA_MAX (256u << 20) /* parsed values of one document */
#define PDF_MAX_FONTS 4096         /* fonts cached per document */
#define PDF_MAX_CMAP 200000        /* ToUnicode entries of one font */
#define PDF_MAX_OPERANDS 64
#define PDF_MAX_TRAILERS 256 /* trailers (revisions) read for /Root and /Encrypt */

/* memmem without the sanitizer interceptor, which checks the whole haystack
 * on every call and makes repeated searches quadratic under ASan. */
static const void *find_bytes(const void *hay, size_t n, const void *needle, size_t m)
{
    const unsigned char *h = hay, *nd = needle;
    if (m == 0 || n < m)
        return m == 0 ? hay : NULL;
    for (size_t i = 0; i + m <= n; i++)
        if (h[i] == nd[0] && memcmp(h + i + 1, nd + 1, m - 1) == 0)
            return h + i;
    return NULL;
}

/* --- arena ----------------------------------------------------------------- */

struct chunk {
    struct chunk *prev;
    size_t used, cap;
    unsigned char mem[];
};

struct arena {
    struct chunk *top;
    size_t total;
};

static void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->top || a->top->cap - a->top->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        if (a->total + cap > PDF_ARENA_MAX)
            return NULL;
        struct chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->prev = a->top;
        c->used = 0;
        c->cap = cap;
        a->top = c;
        a->total += cap;
    }
    void *p = a->top->mem + a->top->used;
    a->top->used += n;
    memset(p, 0, n);
    return p;
}

struct arena_mark {
    struct chunk *c;
    size_t used;
};

static struct arena_mark arena_mark(struct arena *a)
{
    struct arena_mark m = {a->top, a->top ? a->top->used : 0};
    return m;
}

static void arena_release(struct arena *a, struct arena_mark m)
{
    while (a->top && a->top != m.c) {
        struct chunk *p = a->top->prev;
        a->total -= a->top->cap;
        free(a->top);
        a->top = p;
    }
    if (a->top)
        a->top->used = m.used;
}

/* --- lexer ----------------------------------------------------------------- */

enum tok { T_EOF, T_NUM, T_NAME, T_STR, T_HEX, T_ALO, T_ACL, T_DLO, T_DCL, T_KW };

struct token {
    enum tok t;
    const unsigned char *s; /* name without '/', string contents, keyword */
    size_t n;
    double num;
    int is_int;
};

struct lex {
    const unsigned char *p, *end;
};

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

/* The first byte at or after p that is neither white space nor in a
 * comment. */
static const unsigned char *skip_space(const unsigned char *p, const unsigned char *e)
{
    for (;;) {
        while (p < e && is_ws(*p))
            p++;
        if (p < e && *p == '%') {
            while (p < e && *p != '\n' && *p != '\r')
                p++;
            continue;
        }
        return p;
    }
}

/* A literal string after its "(" at p (nested parentheses, escapes kept
 * for lit_decode).  Returns the byte after its ")". */
static const unsigned char *lex_string(const unsigned char *p, const unsigned char *e,
                                       struct token *t)
{
    const unsigned char *s = p;
    int depth = 1;
    while (p < e) {
        if (*p == '\\') {
            p += 2;
            continue;
        }
        if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            break;
        p++;
    }
    if (p > e)
        p = e;
    t->t = T_STR;
    t->s = s;
    t->n = (size_t)(p - s);
    if (p < e)
        p++;
    return p;
}

/* A number at p (sign, digits, one dot); a run like "1.2.3" or a lone sign
 * is a keyword.  Returns the byte after it. */
static const unsigned char *lex_number(const unsigned char *p, const unsigned char *e,
                                       struct token *t)
{
    const unsigned char *s = p;
    double v = 0, frac = 0, scale = 1;
    int neg = 0, dot = 0, digits = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    while (p < e && ((*p >= '0' && *p <= '9') || *p == '.')) {
        if (*p == '.') {
            if (dot)
                break;
            dot = 1;
        } else if (!dot) {
            if (v < 1e15)
                v = v * 10 + (*p - '0');
            digits++;
        } else {
            if (scale < 1e12) {
                scale *= 10;
                frac = frac * 10 + (*p - '0');
            }
            digits++;
        }
        p++;
    }
    /* "-" or "+" alone, or a run like "1.2.3": a keyword-ish token */
    while (p < e && !is_ws(*p) && !is_delim(*p))
        p++, digits = -1000;
    t->t = digits > 0 ? T_NUM : T_KW;
    t->s = s;
    t->n = (size_t)(p - s);
    t->num = (neg ? -1 : 1) * (v + frac / scale);
    t->is_int = !dot;
    return p;
}

static void lex_next(struct lex *L, struct token *t)
{
    const unsigned char *p = skip_space(L->p, L->end), *e = L->end;
    memset(t, 0, sizeof *t);
    if (p >= e) {
        L->p = e;
        t->t = T_EOF;
        return;
    }
    unsigned char c = *p;
    if (c == '/') {
        const unsigned char *s = ++p;
        while (p < e && !is_ws(*p) && !is_delim(*p))
            p++;
        t->t = T_NAME;
        t->s = s;
        t->n = (size_t)(p - s);
    } else if (c == '(') {
        p = lex_string(p + 1, e, t);
    } else if (c == '<' && p + 1 < e && p[1] == '<') {
        t->t = T_DLO;
        p += 2;
    } else if (c == '>' && p + 1 < e && p[1] == '>') {
        t->t = T_DCL;
        p += 2;
    } else if (c == '<') {
        const unsigned char *s = ++p;
        while (p < e && *p != '>')
            p++;
        t->t = T_HEX;
        t->s = s;
        t->n = (size_t)(p - s);
        if (p < e)
            p++;
    } else if (c == '[') {
        t->t = T_ALO;
        p++;
    } else if (c == ']') {
        t->t = T_ACL;
        p++;
    } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
        p = lex_number(p, e, t);
    } else if (c == ')' || c == '>' || c == '{' || c == '}') {
        t->t = T_KW;
        t->s = p++;
        t->n = 1;
    } else {
        const unsigned char *s = p;
        while (p < e && !is_ws(*p) && !is_delim(*p))
            p++;
        t->t = T_KW;
        t->s = s;
        t->n = (size_t)(p - s);
    }
    L->p = p;
}

static int tok_is(const struct token *t, const char *kw)
{
    size_t n = strlen(kw);
    return t->n == n && memcmp(t->s, kw, n) == 0;
}

/* --- values ---------------------------------------------------------------- */

enum pvt { PV_NULL, PV_NUM, PV_NAME, PV_STR, PV_HEX, PV_ARR, PV_DICT, PV_REF, PV_KW };

struct pv {
    enum pvt t;
    double num;
    const unsigned char *s;
    size_t n;         /* string length, or item count for arrays/dicts */
    struct pv *items; /* arrays: n values; dicts: n key/value pairs (2n values) */
    uint32_t ref;
};

struct objent {
    uint32_t num;
    uint32_t gen;                 /* generation (0 inside an object stream) */
    int packed;                   /* in an object stream (its strings are not encrypted) */
    uint32_t seq;                 /* order of discovery: later wins */
    const unsigned char *p, *end; /* just after "obj" (or the object in an ObjStm); buffer end */
    const unsigned char *lim;     /* where the next object starts: parsing stops there */
    int visited;
};

struct font {
    uint32_t obj; /* 0 for a direct font dict */
    int two_byte; /* codes are 2 bytes (Type0 or a 2-byte codespace) */
    int has_cmap;
    uint32_t simple[256]; /* code → code point without a CMap (0: none) */
    struct cmr {
        uint32_t lo, hi;
        uint16_t dst[8];
        uint8_t ndst;
    } * r;
    size_t nr;
};

struct pdf {
    struct ls_doc *doc;
    const unsigned char *buf;
    size_t len;
    struct objent *obj;
    size_t nobj, capobj;
    size_t nsorted; /* obj[0..nsorted) is sorted and searchable */
    uint32_t seq;   /* discovery counter */
    struct arena ar;
    unsigned char **bufs; /* decoded object streams, kept for the object table */
    size_t nbufs, capbufs;
    uint64_t inflated; /* bytes decoded so far */
    struct font **fonts;
    size_t nfonts;
    int partial;
    char why[160];
    int oom;
    /* from the trailers (or xref stream dictionaries) */
    struct pv *enc;            /* /Encrypt (a reference or a dictionary), NULL: not encrypted */
    struct pv *id;             /* /ID */
    uint32_t info;             /* /Info object, 0: none */
    uint32_t enc_obj;          /* the /Encrypt dictionary's object (never decrypted), 0: direct */
    struct ls_pdfcrypt *crypt; /* decryption, once a password opened the file */
};

static void set_partial(struct pdf *P, const char *why)
{
    if (!P->partial)
        snprintf(P->why, sizeof P->why, "%s", why);
    P->partial = 1;
}

static struct pv *parse_val(struct pdf *P, struct lex *L, int depth);

static struct pv *parse_from(struct pdf *P, struct lex *L, const struct token *t, int depth)
{
    struct pv *v = arena_alloc(&P->ar, sizeof *v);
    if (!v) {
        P->oom = 1;
        return NULL;
    }
    switch (t->t) {
    case T_NUM: {
        v->t = PV_NUM;
        v->num = t->num;
        if (t->is_int && t->num >= 0) {
            struct lex save = *L;
            struct token a, b;
            lex_next(L, &a);
            if (a.t == T_NUM && a.is_int) {
                lex_next(L, &b);
                if (b.t == T_KW && tok_is(&b, "R") && t->num < 4294967295.0) {
                    v->t = PV_REF;
                    v->ref = (uint32_t)t->num;
                    return v;
                }
            }
            *L = save;
        }
        return v;
    }
    case T_NAME:
        v->t = PV_NAME;
        break;
    case T_STR:
        v->t = PV_STR;
        break;
    case T_HEX:
        v->t = PV_HEX;
        break;
    case T_KW:
        v->t = tok_is(t, "null") ? PV_NULL : PV_KW;
        break;
    case T_ALO:
    case T_DLO: {
        int dict = t->t == T_DLO;
        size_t cap = 8, n = 0;
        struct pv *tmp = malloc(cap * sizeof *tmp);
        if (!tmp || depth >= PDF_MAX_DEPTH) {
            free(tmp);
            v->t = PV_NULL;
            return v;
        }
        for (;;) {
            struct token it;
            lex_next(L, &it);
            if (it.t == T_EOF || it.t == (dict ? T_DCL : T_ACL))
                break;
            if (it.t == T_ACL || it.t == T_DCL)
                break; /* mismatched close: end here */
            if (it.t == T_KW && (tok_is(&it, "endobj") || tok_is(&it, "stream")))
                break;
            struct pv *c = parse_from(P, L, &it, depth + 1);
            if (!c)
                break;
            if (n == cap) {
                if (cap >= (1u << 20))
                    break;
                struct pv *nt = realloc(tmp, cap * 2 * sizeof *nt);
                if (!nt)
                    break;
                tmp = nt;
                cap *= 2;
            }
            tmp[n++] = *c;
        }
        if (dict && (n & 1))
            n--;
        v->t = dict ? PV_DICT : PV_ARR;
        v->items = n ? arena_alloc(&P->ar, n * sizeof *v->items) : NULL;
        if (n && !v->items) {
            P->oom = 1;
            n = 0;
        }
        if (n)
            memcpy(v->items, tmp, n * sizeof *tmp);
        v->n = dict ? n / 2 : n;
        free(tmp);
        return v;
    }
    default:
        v->t = PV_NULL;
        return v;
    }
    v->s = t->s;
    v->n = t->n;
    return v;
}

static struct pv *parse_val(struct pdf *P, struct lex *L, int depth)
{
    struct token t;
    lex_next(L, &t);
    if (t.t == T_EOF)
        return NULL;
    return parse_from(P, L, &t, depth);
}

static int name_is(const struct pv *v, const char *s)
{
    size_t n = strlen(s);
    return v && v->t == PV_NAME && v->n == n && memcmp(v->s, s, n) == 0;
}

static struct pv *dget(const struct pv *d, const char *key)
{
    if (!d || d->t != PV_DICT)
        return NULL;
    for (size_t i = 0; i < d->n; i++)
        if (name_is(&d->items[2 * i], key))
            return &d->items[2 * i + 1];
    return NULL;
}

static struct objent *obj_find(struct pdf *P, uint32_t num)
{
    size_t lo = 0, hi = P->nsorted;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (P->obj[mid].num < num)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < P->nsorted && P->obj[lo].num == num ? &P->obj[lo] : NULL;
}

/* Parses object num; *stream (if not NULL) gets its raw stream data. */
static struct pv *obj_get(struct pdf *P, uint32_t num, const unsigned char **sdata, size_t *slen)
{
    struct objent *o = obj_find(P, num);
    if (sdata)
        *sdata = NULL;
    if (!o)
        return NULL;
    struct lex L = {o->p, o->lim};
    struct pv *v = parse_val(P, &L, 0);
    if (!v || !sdata || v->t != PV_DICT)
        return v;
    struct token t;
    lex_next(&L, &t);
    if (t.t != T_KW || !tok_is(&t, "stream"))
        return v;
    const unsigned char *s = L.p, *e = o->end;
    if (s < e && *s == '\r')
        s++;
    if (s < e && *s == '\n')
        s++;
    struct pv *lv = dget(v, "Length");
    double want = -1;
    if (lv && lv->t == PV_NUM)
        want = lv->num;
    else if (lv && lv->t == PV_REF && lv->ref != num) {
        struct objent *lo = obj_find(P, lv->ref);
        if (lo) {
            struct lex L2 = {lo->p, lo->lim};
            struct token nt;
            lex_next(&L2, &nt);
            if (nt.t == T_NUM)
                want = nt.num;
        }
    }
    size_t n = (size_t)(e - s);
    int ok = 0;
    if (want >= 0 && want <= (double)n) {
        const unsigned char *q = s + (size_t)want;
        while (q < e && is_ws(*q))
            q++;
        if ((size_t)(e - q) >= 9 && memcmp(q, "endstream", 9) == 0) {
            n = (size_t)want;
            ok = 1;
        }
    }
    if (!ok) {
        /* a wrong /Length: the data ends at "endstream", looked for only up
         * to the next object so that many broken streams stay linear */
        n = s < o->lim ? (size_t)(o->lim - s) : 0;
        const unsigned char *q = find_bytes(s, n, "endstream", 9);
        if (q) {
            n = (size_t)(q - s);
            if (n && s[n - 1] == '\n')
                n--;
            if (n && s[n - 1] == '\r')
                n--;
        }
    }
    *sdata = s;
    *slen = n;
    return v;
}

static struct pv *resolve(struct pdf *P, struct pv *v)
{
    for (int i = 0; v && v->t == PV_REF && i < 8; i++)
        v = obj_get(P, v->ref, NULL, NULL);
    return v;
}

/* --- stream filters ----------------------------------------------------------- */

static int inflate_into(const unsigned char *in, size_t inlen, size_t cap, unsigned char **out,
                        size_t *outlen, int raw)
{
    z_stream z;
    size_t bcap = inlen * 4 + 1024, used = 0;
    int rc = 0, zr;
    if (bcap > cap)
        bcap = cap;
    unsigned char *b = malloc(bcap + 1);
    if (!b)
        return -2;
    memset(&z, 0, sizeof z);
    if ((raw ? inflateInit2(&z, -15) : inflateInit(&z)) != Z_OK) {
        free(b);
        return -2;
    }
    z.next_in = (unsigned char *)(uintptr_t)in;
    for (;;) {
        size_t chunk_in = inlen - (size_t)(z.next_in - in);
        z.avail_in = chunk_in > (1u << 30) ? (1u << 30) : (uInt)chunk_in;
        if (used == bcap) {
            if (bcap >= cap) {
                rc = 1; /* truncated */
                break;
            }
            size_t nc = bcap * 2 > cap ? cap : bcap * 2;
            unsigned char *nb = realloc(b, nc + 1);
            if (!nb) {
                rc = -2;
                break;
            }
            b = nb;
            bcap = nc;
        }
        size_t room = bcap - used;
        z.next_out = b + used;
        z.avail_out = room > (1u << 30) ? (1u << 30) : (uInt)room;
        zr = inflate(&z, Z_NO_FLUSH);
        used = (size_t)(z.next_out - b);
        if (zr == Z_STREAM_END)
            break;
        if (zr == Z_BUF_ERROR && z.avail_out > 0)
            break; /* input ran out */
        if (zr != Z_OK) {
            rc = used ? 1 : -1;
            break;
        }
    }
    inflateEnd(&z);
    if (rc < 0 && rc != -1) {
        free(b);
        return rc;
    }
    if (rc == -1) {
        free(b);
        return -1;
    }
    b[used] = 0;
    *out = b;
    *outlen = used;
    return rc;
}

static size_t hex_decode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0;
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        int v = ls_hexval(in[i]);
        if (v < 0) {
            if (in[i] == '>')
                break;
            continue;
        }
        if (hi < 0)
            hi = v;
        else {
            out[o++] = (unsigned char)(hi << 4 | v);
            hi = -1;
        }
    }
    if (hi >= 0)
        out[o++] = (unsigned char)(hi << 4);
    return o;
}

static size_t a85_decode(const unsigned char *in, size_t n, unsigned char *out)
{
    size_t o = 0;
    uint32_t acc = 0;
    int k = 0;
    size_t i = 0;
    if (n >= 2 && in[0] == '<' && in[1] == '~')
        i = 2;
    for (; i < n; i++) {
        int c = in[i];
        if (c == '~')
            break;
        if (c == 'z' && k == 0) {
            memset(out + o, 0, 4);
            o += 4;
            continue;
        }
        if (c < '!' || c > 'u')
            continue;
        acc = acc * 85 + (uint32_t)(c - '!');
        if (++k == 5) {
            out[o++] = (unsigned char)(acc >> 24);
            out[o++] = (unsigned char)(acc >> 16);
            out[o++] = (unsigned char)(acc >> 8);
            out[o++] = (unsigned char)acc;
            acc = 0;
            k = 0;
        }
    }
    if (k > 1) {
        for (int j = k; j < 5; j++)
            acc = acc * 85 + 84;
        for (int j = 0; j < k - 1; j++)
            out[o++] = (unsigned char)(acc >> (24 - 8 * j));
    }
    return o;
}

static unsigned char *stream_decrypt(struct pdf *P, uint32_t num, struct pv *dict,
                                     const unsigned char *raw, size_t rawlen, size_t *outlen);

/* Decodes the stream of object num: decrypted when the file is, then through
 * its /Filter chain.  Returns a malloc'd buffer (NUL-terminated) or NULL
 * (unsupported filter, corrupt, limit). */
static unsigned char *stream_decode(struct pdf *P, uint32_t num, struct pv *dict,
                                    const unsigned char *raw, size_t rawlen, size_t *outlen)
{
    const struct ls_limits *lim = P->doc->limits;
    uint64_t cap =
        lim->max_entry_bytes < lim->max_buffer_bytes ? lim->max_entry_bytes : lim->max_buffer_bytes;
    struct pv *f = resolve(P, dget(dict, "Filter"));
    struct pv one, *filters = NULL;
    size_t nf = 0;
    if (P->inflated >= lim->max_buffer_bytes) {
        set_partial(P, "partial: limit: decoded stream bytes");
        return NULL;
    }
    if (cap > lim->max_buffer_bytes - P->inflated)
        cap = lim->max_buffer_bytes - P->inflated;
    if (f && f->t == PV_NAME) {
        one = *f;
        filters = &one;
        nf = 1;
    } else if (f && f->t == PV_ARR) {
        filters = f->items;
        nf = f->n;
    }
    size_t curlen = rawlen;
    unsigned char *cur = stream_decrypt(P, num, dict, raw, rawlen, &curlen);
    if (!cur)
        return NULL;
    for (size_t i = 0; i < nf; i++) {
        struct pv *fn = &filters[i];
        unsigned char *next = NULL;
        size_t nlen = 0;
        if (name_is(fn, "Crypt"))
            continue; /* stream_decrypt read it */
        if (name_is(fn, "FlateDecode") || name_is(fn, "Fl")) {
            int r = inflate_into(cur, curlen, (size_t)cap, &next, &nlen, 0);
            if (r == -1)
                r = inflate_into(cur, curlen, (size_t)cap, &next, &nlen, 1);
            if (r < 0) {
                set_partial(P, "partial: corrupt FlateDecode stream");
                free(cur);
                return NULL;
            }
            if (r == 1)
                set_partial(P, "partial: FlateDecode stream truncated (corrupt or limit)");
        } else if (name_is(fn, "ASCIIHexDecode") || name_is(fn, "AHx")) {
            next = malloc(curlen / 2 + 2);
            if (next) {
                nlen = hex_decode(cur, curlen, next);
                next[nlen] = 0;
            }
        } else if (name_is(fn, "ASCII85Decode") || name_is(fn, "A85")) {
            next = malloc(curlen / 5 * 4 + curlen + 8);
            if (next) {
                nlen = a85_decode(cur, curlen, next);
                next[nlen] = 0;
            }
        } else {
            char w[120];
            snprintf(w, sizeof w, "partial: unsupported filter /%.*s",
                     fn->t == PV_NAME ? (int)(fn->n > 40 ? 40 : fn->n) : 1,
                     fn->t == PV_NAME ? (const char *)fn->s : "?");
            set_partial(P, w);
            free(cur);
            return NULL;
        }
        free(cur);
        if (!next)
            return NULL;
        cur = next;
        curlen = nlen;
    }
    P->inflated += curlen;
    *outlen = curlen;
    return cur;
}

/* 1 when a stream's own /Crypt filter says /Identity (or names none). */
static int crypt_identity(struct pdf *P, struct pv *dict)
{
    struct pv *f = resolve(P, dget(dict, "Filter")), *dp = resolve(P, dget(dict, "DecodeParms"));
    if (f && f->t == PV_ARR && f->n) {
        f = &f->items[0];
        dp = dp && dp->t == PV_ARR && dp->n ? resolve(P, &dp->items[0]) : NULL;
    }
    if (!name_is(f, "Crypt"))
        return 0;
    struct pv *n = dget(dp, "Name");
    return !n || name_is(n, "Identity");
}

/* The bytes of the stream of object num as stored, decrypted when the file
 * is encrypted and the stream is: not the xref streams, not the metadata
 * when /EncryptMetadata is false, not a stream whose /Crypt filter is
 * /Identity.  malloc'd, NUL-terminated; NULL when out of memory or damaged. */
static unsigned char *stream_decrypt(struct pdf *P, uint32_t num, struct pv *dict,
                                     const unsigned char *raw, size_t rawlen, size_t *outlen)
{
    struct pv *type = dget(dict, "Type");
    if (!P->crypt || (num == P->enc_obj && num) || name_is(type, "XRef") ||
        (name_is(type, "Metadata") && !P->crypt->p.encrypt_metadata) || crypt_identity(P, dict)) {
        unsigned char *cur = malloc(rawlen + 1);
        if (!cur)
            return NULL;
        memcpy(cur, raw, rawlen);
        cur[rawlen] = 0;
        *outlen = rawlen;
        return cur;
    }
    struct objent *o = obj_find(P, num);
    unsigned char *out = ls_pdfcrypt_decrypt(P->crypt, 1, num, o ? o->gen : 0, raw, rawlen, outlen);
    if (!out)
        set_partial(P, "partial: an encrypted stream is damaged (not whole AES blocks)");
    return out;
}

/* --- object table ---------------------------------------------------------- */

static int add_obj(struct pdf *P, uint32_t num, uint32_t gen, const unsigned char *p,
                   const unsigned char *end)
{
    if (P->nobj == P->capobj) {
        if (P->capobj >= PDF_MAX_OBJECTS)
            return -1;
        size_t nc = P->capobj ? P->capobj * 2 : 1024;
        struct objent *n = realloc(P->obj, nc * sizeof *n);
        if (!n)
            return -1;
        P->obj = n;
        P->capobj = nc;
    }
    struct objent *o = &P->obj[P->nobj];
    o->num = num;
    o->gen = gen;
    o->packed = 0;
    o->seq = P->seq++;
    o->p = p;
    o->end = end;
    o->lim = end;
    o->visited = 0;
    P->nobj++;
    return 0;
}

static int obj_cmp(const void *a, const void *b)
{
    const struct objent *x = a, *y = b;
    if (x->num != y->num)
        return x->num < y->num ? -1 : 1;
    return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0; /* later first */
}

static void obj_sort(struct pdf *P)
{
    if (P->nobj)
        qsort(P->obj, P->nobj, sizeof *P->obj, obj_cmp);
    size_t w = 0;
    for (size_t i = 0; i < P->nobj; i++)
        if (w == 0 || P->obj[w - 1].num != P->obj[i].num)
            P->obj[w++] = P->obj[i];
    P->nobj = w;
    P->nsorted = w;
}

static void scan_objects(struct pdf *P)
{
    const unsigned char *b = P->buf, *e = b + P->len, *p = b;
    while (p < e) {
        const unsigned char *q = find_bytes(p, (size_t)(e - p), "obj", 3);
        if (!q)
            break;
        p = q + 3;
        if (p < e && !is_ws(*p) && !is_delim(*p))
            continue;
        /* back over: ws gen ws num */
        const unsigned char *r = q;
        if (r == b || !is_ws(r[-1]))
            continue;
        while (r > b && is_ws(r[-1]))
            r--;
        const unsigned char *g = r;
        while (r > b && r[-1] >= '0' && r[-1] <= '9' && g - r < 6)
            r--;
        const unsigned char *gs = r;
        if (r == g || r == b || !is_ws(r[-1]))
            continue;
        while (r > b && is_ws(r[-1]))
            r--;
        const unsigned char *ne = r;
        while (r > b && r[-1] >= '0' && r[-1] <= '9' && ne - r < 10)
            r--;
        if (r == ne || (r > b && !is_ws(r[-1]) && !is_delim(r[-1])))
            continue;
        unsigned long num = strtoul((const char *)r, NULL, 10);
        unsigned long gen = strtoul((const char *)gs, NULL, 10);
        if (num > 0xFFFFFFF0ul)
            continue;
        if (P->nobj && P->obj[P->nobj - 1].end == e)
            P->obj[P->nobj - 1].lim = r; /* the previous object ends here */
        if (add_obj(P, (uint32_t)num, (uint32_t)(gen & 0xFFFF), p, e) != 0) {
            set_partial(P, "partial: limit: too many objects");
            break;
        }
    }
}

static void load_objstms(struct pdf *P)
{
    size_t n = P->nobj;
    for (size_t i = 0; i < n && !P->oom; i++) {
        const unsigned char *sd;
        size_t sl;
        struct arena_mark m = arena_mark(&P->ar);
        struct lex L = {P->obj[i].p, P->obj[i].lim};
        struct token t;
        /* quick check before a full parse */
        lex_next(&L, &t);
        if (t.t != T_DLO) {
            continue;
        }
        struct pv *d = obj_get(P, P->obj[i].num, &sd, &sl);
        if (!d || !sd || !name_is(dget(d, "Type"), "ObjStm")) {
            arena_release(&P->ar, m);
            continue;
        }
        struct pv *nv = dget(d, "N"), *fv = dget(d, "First");
        size_t dl = 0;
        unsigned char *data = stream_decode(P, P->obj[i].num, d, sd, sl, &dl);
        if (!data || !nv || !fv || nv->t != PV_NUM || fv->t != PV_NUM || fv->num < 0 ||
            fv->num > (double)dl) {
            free(data);
            arena_release(&P->ar, m);
            continue;
        }
        if (P->nbufs == P->capbufs) {
            size_t nc = P->capbufs ? P->capbufs * 2 : 16;
            unsigned char **nb = realloc(P->bufs, nc * sizeof *nb);
            if (!nb) {
                free(data);
                P->oom = 1;
                break;
            }
            P->bufs = nb;
            P->capbufs = nc;
        }
        P->bufs[P->nbufs++] = data;
        size_t first = (size_t)fv->num;
        struct lex H = {data, data + first};
        double cnt = nv->num;
        for (double k = 0; k < cnt && k < 1e6; k++) {
            struct token a, b;
            lex_next(&H, &a);
            lex_next(&H, &b);
            if (a.t != T_NUM || b.t != T_NUM || b.num < 0 || first + b.num > (double)dl ||
                a.num < 0 || a.num > 4e9)
                break;
            /* An object stream's objects rank below direct definitions found
             * later in the file; seq is their position of discovery. */
            const unsigned char *at = data + first + (size_t)b.num;
            if (k > 0 && P->obj[P->nobj - 1].end == data + dl && P->obj[P->nobj - 1].p < at)
                P->obj[P->nobj - 1].lim = at;
            if (add_obj(P, (uint32_t)a.num, 0, at, data + dl) != 0)
                break;
            P->obj[P->nobj - 1].packed = 1;
        }
        arena_release(&P->ar, m);
    }
}

/* --- fonts and encodings ----------------------------------------------------- */

static const char *const glyph_ascii[95] = {"space",       "exclam",
                                            "quotedbl",    "numbersign",
                                            "dollar",      "percent",
                                            "ampersand",   "quotesingle",
                                            "parenleft",   "parenright",
                                            "asterisk",    "plus",
                                            "comma",       "hyphen",
                                            "period",      "slash",
                                            "zero",        "one",
                                            "two",         "three",
                                            "four",        "five",
                                            "six",         "seven",
                                            "eight",       "nine",
                                            "colon",       "semicolon",
                                            "less",        "equal",
                                            "greater",     "question",
                                            "at",          "A",
                                            "B",           "C",
                                            "D",           "E",
                                            "F",           "G",
                                            "H",           "I",
                                            "J",           "K",
                                            "L",           "M",
                                            "N",           "O",
                                            "P",           "Q",
                                            "R",           "S",
                                            "T",           "U",
                                            "V",           "W",
                                            "X",           "Y",
                                            "Z",           "bracketleft",
                                            "backslash",   "bracketright",
                                            "asciicircum", "underscore",
                                            "grave",       "a",
                                            "b",           "c",
                                            "d",           "e",
                                            "f",           "g",
                                            "h",           "i",
                                            "j",           "k",
                                            "l",           "m",
                                            "n",           "o",
                                            "p",           "q",
                                            "r",           "s",
                                            "t",           "u",
                                            "v",           "w",
                                            "x",           "y",
                                            "z",           "braceleft",
                                            "bar",         "braceright",
                                            "asciitilde"};
static const char *const glyph_latin1[64] = {
    "Agrave",      "Aacute",     "Acircumflex", "Atilde",      "Adieresis",   "Aring",
    "AE",          "Ccedilla",   "Egrave",      "Eacute",      "Ecircumflex", "Edieresis",
    "Igrave",      "Iacute",     "Icircumflex", "Idieresis",   "Eth",         "Ntilde",
    "Ograve",      "Oacute",     "Ocircumflex", "Otilde",      "Odieresis",   "multiply",
    "Oslash",      "Ugrave",     "Uacute",      "Ucircumflex", "Udieresis",   "Yacute",
    "Thorn",       "germandbls", "agrave",      "aacute",      "acircumflex", "atilde",
    "adieresis",   "aring",      "ae",          "ccedilla",    "egrave",      "eacute",
    "ecircumflex", "edieresis",  "igrave",      "iacute",      "icircumflex", "idieresis",
    "eth",         "ntilde",     "ograve",      "oacute",      "ocircumflex", "otilde",
    "odieresis",   "divide",     "oslash",      "ugrave",      "uacute",      "ucircumflex",
    "udieresis",   "yacute",     "thorn",       "ydieresis"};
static const struct {
    const char *name;
    uint32_t cp;
} glyph_more[] = {{"quoteright", 0x2019},
                  {"quoteleft", 0x2018},
                  {"endash", 0x2013},
                  {"emdash", 0x2014},
                  {"quotedblleft", 0x201C},
                  {"quotedblright", 0x201D},
                  {"quotesinglbase", 0x201A},
                  {"quotedblbase", 0x201E},
                  {"bullet", 0x2022},
                  {"ellipsis", 0x2026},
                  {"Euro", 0x20AC},
                  {"section", 0xA7},
                  {"degree", 0xB0},
                  {"nbspace", 0xA0},
                  {"nonbreakingspace", 0xA0},
                  {"fi", 0xFB01},
                  {"fl", 0xFB02},
                  {"minus", 0x2212},
                  {"periodcentered", 0xB7},
                  {"copyright", 0xA9},
                  {"registered", 0xAE},
                  {"trademark", 0x2122},
                  {"sterling", 0xA3},
                  {"paragraph", 0xB6},
                  {"guillemotleft", 0xAB},
                  {"guillemotright", 0xBB},
                  {"dagger", 0x2020},
                  {"Scaron", 0x160},
                  {"scaron", 0x161},
                  {"Zcaron", 0x17D},
                  {"zcaron", 0x17E},
                  {"OE", 0x152},
                  {"oe", 0x153},
                  {"Ydieresis", 0x178},
                  {"dotlessi", 0x131},
                  {"mu", 0xB5},
                  {"ordfeminine", 0xAA},
                  {"ordmasculine", 0xBA}};

static uint32_t glyph_cp(const unsigned char *s, size_t n)
{
    char nm[64];
    if (n == 0 || n >= sizeof nm)
        return 0;
    memcpy(nm, s, n);
    nm[n] = 0;
    char *dot = strchr(nm, '.');
    if (dot && dot != nm)
        *dot = 0; /* "a.sc" → "a" */
    for (int i = 0; i < 95; i++)
        if (!strcmp(nm, glyph_ascii[i]))
            return (uint32_t)(0x20 + i);
    for (int i = 0; i < 64; i++)
        if (!strcmp(nm, glyph_latin1[i]))
            return (uint32_t)(0xC0 + i);
    for (size_t i = 0; i < sizeof glyph_more / sizeof glyph_more[0]; i++)
        if (!strcmp(nm, glyph_more[i].name))
            return glyph_more[i].cp;
    if ((!strncmp(nm, "uni", 3) && strlen(nm) >= 7) || (nm[0] == 'u' && strlen(nm) >= 5)) {
        const char *h = nm[1] == 'n' ? nm + 3 : nm + 1;
        char hx[7];
        size_t hl = nm[1] == 'n' ? 4 : strlen(h);
        if (hl > 6)
            return 0;
        memcpy(hx, h, hl);
        hx[hl] = 0;
        char *e;
        unsigned long v = strtoul(hx, &e, 16);
        if (*e == 0 && v > 0 && v < 0x110000)
            return (uint32_t)v;
    }
    return 0;
}

static uint32_t hexval(const unsigned char *s, size_t n, size_t *ndig)
{
    uint32_t v = 0;
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        int x = ls_hexval(s[i]);
        if (x < 0)
            continue;
        if (d < 8)
            v = v << 4 | (uint32_t)x;
        d++;
    }
    if (ndig)
        *ndig = d;
    return v;
}

static void cmap_add(struct font *f, size_t *cap, uint32_t lo, uint32_t hi, const struct token *dst)
{
    if (f->nr >= PDF_MAX_CMAP || hi < lo)
        return;
    if (f->nr == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct cmr *n = realloc(f->r, nc * sizeof *n);
        if (!n)
            return;
        f->r = n;
        *cap = nc;
    }
    struct cmr *r = &f->r[f->nr++];
    memset(r, 0, sizeof *r);
    r->lo = lo;
    r->hi = hi;
    /* dst: UTF-16BE hex */
    unsigned char tmp[16];
    size_t nb = 0;
    int half = -1;
    for (size_t i = 0; i < dst->n && nb < sizeof tmp; i++) {
        size_t dd;
        uint32_t v = hexval(dst->s + i, 1, &dd);
        if (!dd)
            continue;
        if (half < 0)
            half = (int)v;
        else {
            tmp[nb++] = (unsigned char)(half << 4 | (int)v);
            half = -1;
        }
    }
    for (size_t i = 0; i + 1 < nb && r->ndst < 8; i += 2)
        r->dst[r->ndst++] = (uint16_t)(tmp[i] << 8 | tmp[i + 1]);
    if (nb == 1)
        r->dst[r->ndst++] = tmp[0];
}

static int cmr_cmp(const void *a, const void *b)
{
    const struct cmr *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void parse_tounicode(struct pdf *P, struct font *f, const unsigned char *s, size_t n)
{
    struct lex L = {s, s + n};
    struct token t, a, b, c;
    size_t cap = 0;
    for (;;) {
        lex_next(&L, &t);
        if (t.t == T_EOF)
            break;
        if (t.t != T_KW)
            continue;
        if (tok_is(&t, "begincodespacerange")) {
            lex_next(&L, &a);
            if (a.t == T_HEX) {
                size_t d;
                hexval(a.s, a.n, &d);
                if (d >= 4)
                    f->two_byte = 1;
            }
        } else if (tok_is(&t, "beginbfchar")) {
            for (;;) {
                lex_next(&L, &a);
                if (a.t != T_HEX)
                    break;
                lex_next(&L, &b);
                if (b.t != T_HEX)
                    break;
                size_t d;
                uint32_t code = hexval(a.s, a.n, &d);
                if (d >= 4)
                    f->two_byte = 1;
                cmap_add(f, &cap, code, code, &b);
            }
        } else if (tok_is(&t, "beginbfrange")) {
            for (;;) {
                lex_next(&L, &a);
                if (a.t != T_HEX)
                    break;
                lex_next(&L, &b);
                if (b.t != T_HEX)
                    break;
                lex_next(&L, &c);
                size_t d;
                uint32_t lo = hexval(a.s, a.n, &d), hi = hexval(b.s, b.n, NULL);
                if (d >= 4)
                    f->two_byte = 1;
                if (c.t == T_HEX)
                    cmap_add(f, &cap, lo, hi, &c);
                else if (c.t == T_ALO) {
                    uint32_t code = lo;
                    for (;;) {
                        lex_next(&L, &c);
                        if (c.t != T_HEX)
                            break;
                        if (code <= hi)
                            cmap_add(f, &cap, code, code, &c);
                        code++;
                    }
                } else
                    break;
            }
        }
    }
    (void)P;
    if (f->nr) {
        f->has_cmap = 1;
        qsort(f->r, f->nr, sizeof *f->r, cmr_cmp);
    }
}

static void font_simple_defaults(struct font *f)
{
    for (int i = 0; i < 256; i++)
        f->simple[i] = i < 32 ? 0 : ls_cp1252_decode((unsigned char)i);
}

static struct font *font_load(struct pdf *P, struct pv *fref)
{
    uint32_t num = fref && fref->t == PV_REF ? fref->ref : 0;
    if (num)
        for (size_t i = 0; i < P->nfonts; i++)
            if (P->fonts[i]->obj == num)
                return P->fonts[i];
    struct font *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->obj = num;
    font_simple_defaults(f);
    struct arena_mark m = arena_mark(&P->ar);
    struct pv *fd = resolve(P, fref);
    if (fd && fd->t == PV_DICT) {
        if (name_is(dget(fd, "Subtype"), "Type0"))
            f->two_byte = 1;
        struct pv *enc = resolve(P, dget(fd, "Encoding"));
        if (enc && enc->t == PV_DICT) {
            struct pv *dif = resolve(P, dget(enc, "Differences"));
            if (dif && dif->t == PV_ARR) {
                long code = 0;
                for (size_t i = 0; i < dif->n; i++) {
                    struct pv *it = &dif->items[i];
                    if (it->t == PV_NUM)
                        code = (long)it->num;
                    else if (it->t == PV_NAME) {
                        if (code >= 0 && code < 256) {
                            uint32_t cp = glyph_cp(it->s, it->n);
                            if (cp)
                                f->simple[code] = cp;
                        }
                        code++;
                    }
                }
            }
        }
        struct pv *tu = dget(fd, "ToUnicode");
        if (tu && tu->t == PV_REF) {
            const unsigned char *sd;
            size_t sl, dl;
            struct pv *sdict = obj_get(P, tu->ref, &sd, &sl);
            if (sdict && sd) {
                unsigned char *data = stream_decode(P, tu->ref, sdict, sd, sl, &dl);
                if (data) {
                    parse_tounicode(P, f, data, dl);
                    free(data);
                }
            }
        }
    }
    arena_release(&P->ar, m);
    if (num) {
        if (P->nfonts < PDF_MAX_FONTS) {
            if (P->nfonts % 64 == 0) {
                struct font **nf = realloc(P->fonts, (P->nfonts + 64) * sizeof *nf);
                if (!nf) {
                    free(f->r);
                    free(f);
                    return NULL;
                }
                P->fonts = nf;
            }
            P->fonts[P->nfonts++] = f;
        } else {
            f->obj = 0; /* caller frees */
        }
    }
    return f;
}

static void font_free(struct font *f)
{
    if (f) {
        free(f->r);
        free(f);
    }
}

static const struct cmr *cmap_find(const struct font *f, uint32_t code)
{
    size_t lo = 0, hi = f->nr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->r[mid].lo <= code)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* f->r[lo-1] is the last range starting at or below code */
    for (size_t k = lo; k > 0 && lo - k < 4; k--)
        if (f->r[k - 1].lo <= code && code <= f->r[k - 1].hi)
            return &f->r[k - 1];
    return NULL;
}

static void put_cp(struct ls_strbuf *b, uint32_t cp)
{
    if (cp == 0xFB01)
        ls_strbuf_puts(b, "fi");
    else if (cp == 0xFB02)
        ls_strbuf_puts(b, "fl");
    else if (cp == 0xA0)
        ls_strbuf_putc(b, ' ');
    else if (cp >= 0x20 || cp == '\t' || cp == '\n')
        ls_utf8_append(b, cp);
}

static void show_bytes(struct ls_strbuf *out, const struct font *f, const unsigned char *s,
                       size_t n)
{
    if (!f) {
        for (size_t i = 0; i < n; i++)
            if (s[i] >= 32)
                put_cp(out, ls_cp1252_decode(s[i]));
        return;
    }
    size_t w = f->two_byte ? 2 : 1;
    for (size_t i = 0; i + w <= n; i += w) {
        uint32_t code = w == 2 ? (uint32_t)s[i] << 8 | s[i + 1] : s[i];
        const struct cmr *r = f->has_cmap ? cmap_find(f, code) : NULL;
        if (r && r->ndst) {
            uint16_t u[8];
            memcpy(u, r->dst, sizeof u);
            u[r->ndst - 1] = (uint16_t)(u[r->ndst - 1] + (code - r->lo));
            for (size_t k = 0; k < r->ndst; k++) {
                uint32_t cp = u[k];
                if (cp >= 0xD800 && cp < 0xDC00 && k + 1 < r->ndst && u[k + 1] >= 0xDC00 &&
                    u[k + 1] < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (uint32_t)(u[k + 1] - 0xDC00);
                    k++;
                }
                put_cp(out, cp);
            }
        } else if (w == 1 && f->simple[code]) {
            put_cp(out, f->simple[code]);
        }
    }
}

/* Decodes a literal string's escapes into out (at most n bytes). */
static size_t lit_decode(const unsigned char *s, size_t n, unsigned char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c != '\\') {
            if (c == '\r') {
                out[o++] = '\n';
                if (i + 1 < n && s[i + 1] == '\n')
                    i++;
            } else
                out[o++] = c;
            continue;
        }
        if (++i >= n)
            break;
        c = s[i];
        switch (c) {
        case 'n':
            out[o++] = '\n';
            break;
        case 'r':
            out[o++] = '\r';
            break;
        case 't':
            out[o++] = '\t';
            break;
        case 'b':
            out[o++] = '\b';
            break;
        case 'f':
            out[o++] = '\f';
            break;
        case '\r':
            if (i + 1 < n && s[i + 1] == '\n')
                i++;
            break;
        case '\n':
            break;
        default:
            if (c >= '0' && c <= '7') {
                unsigned v = (unsigned)(c - '0');
                for (int k = 0; k < 2 && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
                    v = v * 8 + (unsigned)(s[++i] - '0');
                out[o++] = (unsigned char)v;
            } else
                out[o++] = c;
        }
    }
    return o;
}

/* --- content streams ------------------------------------------------------------ */

static double dabs(double v)
{
    return v < 0 ? -v : v;
}

struct page_ctx {
    struct pdf *P;
    struct pv *fonts;   /* the page's /Font resource dict */
    struct font *font;  /* current font */
    struct font *owned; /* a direct (uncached) font to free */
    struct ls_strbuf *out;
    double last_y;
    int have_y;
};

static void sep(struct ls_strbuf *b, char c)
{
    if (b->len == 0)
        return;
    char l = b->data[b->len - 1];
    if (l == '\n' || (c == ' ' && (l == ' ' || l == '\t')))
        return;
    if (c == '\n' && l == ' ')
        b->data[b->len - 1] = '\n';
    else
        ls_strbuf_putc(b, c);
}

static void show_tok(struct page_ctx *C, const struct token *t)
{
    unsigned char stackbuf[512], *tmp = t->n < sizeof stackbuf ? stackbuf : malloc(t->n + 2);
    size_t n;
    if (!tmp)
        return;
    n = t->t == T_HEX ? hex_decode(t->s, t->n, tmp) : lit_decode(t->s, t->n, tmp);
    show_bytes(C->out, C->font, tmp, n);
    if (tmp != stackbuf)
        free(tmp);
}

static void set_font(struct page_ctx *C, const struct token *name)
{
    if (C->owned) {
        font_free(C->owned);
        C->owned = NULL;
    }
    C->font = NULL;
    if (!C->fonts || C->fonts->t != PV_DICT)
        return;
    for (size_t i = 0; i < C->fonts->n; i++) {
        struct pv *k = &C->fonts->items[2 * i];
        if (k->t == PV_NAME && k->n == name->n && !memcmp(k->s, name->s, name->n)) {
            C->font = font_load(C->P, &C->fonts->items[2 * i + 1]);
            if (C->font && C->font->obj == 0)
                C->owned = C->font;
            return;
        }
    }
}

/* After "[": a TJ array shows its strings (a kerning below -200 is a
 * space), any other array is skipped.  Moves *L past the array (and its
 * TJ). */
static void show_array(struct page_ctx *C, struct lex *L)
{
    const unsigned char *start = L->p;
    int depth = 1;
    struct lex A = *L;
    struct token it;
    while (depth > 0) {
        lex_next(&A, &it);
        if (it.t == T_EOF)
            break;
        if (it.t == T_ALO)
            depth++;
        else if (it.t == T_ACL)
            depth--;
    }
    struct lex after = A;
    lex_next(&after, &it);
    if (it.t != T_KW || !tok_is(&it, "TJ")) {
        *L = A;
        return;
    }
    struct lex B = {start, A.p};
    for (;;) {
        lex_next(&B, &it);
        if (it.t == T_EOF || it.t == T_ACL)
            break;
        if (it.t == T_STR || it.t == T_HEX)
            show_tok(C, &it);
        else if (it.t == T_NUM && it.num < -200)
            sep(C->out, ' ');
    }
    *L = after;
}

/* After "<<": moves *L past the matching ">>". */
static void skip_dict(struct lex *L)
{
    struct token t;
    int depth = 1;
    while (depth > 0) {
        lex_next(L, &t);
        if (t.t == T_EOF)
            break;
        if (t.t == T_DLO)
            depth++;
        else if (t.t == T_DCL)
            depth--;
    }
}

/* After "BI": moves *L past the inline image's data and its "EI". */
static void skip_inline_image(struct lex *L)
{
    const unsigned char *p = L->p, *e = L->end;
    const unsigned char *id = NULL;
    for (; p + 2 <= e; p++)
        if (p[0] == 'I' && p[1] == 'D' && (p + 2 == e || is_ws(p[2])) && is_ws(p[-1])) {
            id = p + 2;
            break;
        }
    p = id ? id : e;
    for (; p + 2 <= e; p++)
        if (p[0] == 'E' && p[1] == 'I' && is_ws(p[-1]) && (p + 2 == e || is_ws(p[2])))
            break;
    L->p = p + 2 <= e ? p + 2 : e;
}

/* Runs the operator t on its operands ops[0..nops): the text-showing and
 * text-positioning ones write text and separators, Tf picks the font, BI
 * skips an inline image; the others do nothing. */
static void content_op(struct page_ctx *C, struct lex *L, const struct token *t,
                       const struct token *ops, int nops)
{
    if (tok_is(t, "Tj") || tok_is(t, "'") || tok_is(t, "\"")) {
        if (t->s[0] != 'T')
            sep(C->out, '\n');
        if (nops > 0 && (ops[nops - 1].t == T_STR || ops[nops - 1].t == T_HEX))
            show_tok(C, &ops[nops - 1]);
    } else if (tok_is(t, "T*")) {
        sep(C->out, '\n');
    } else if (tok_is(t, "Td") || tok_is(t, "TD")) {
        if (nops >= 2 && ops[nops - 1].t == T_NUM && ops[nops - 2].t == T_NUM) {
            if (dabs(ops[nops - 1].num) > 0.01)
                sep(C->out, '\n');
            else if (dabs(ops[nops - 2].num) > 0.01)
                sep(C->out, ' ');
        }
    } else if (tok_is(t, "Tm")) {
        if (nops >= 6 && ops[nops - 1].t == T_NUM) {
            double y = ops[nops - 1].num;
            if (C->have_y && dabs(y - C->last_y) > 0.01)
                sep(C->out, '\n');
            else
                sep(C->out, ' ');
            C->last_y = y;
            C->have_y = 1;
        }
    } else if (tok_is(t, "BT")) {
        sep(C->out, ' ');
    } else if (tok_is(t, "ET")) {
        sep(C->out, ' ');
    } else if (tok_is(t, "Tf")) {
        if (nops >= 2 && ops[nops - 2].t == T_NAME)
            set_font(C, &ops[nops - 2]);
    } else if (tok_is(t, "BI")) {
        skip_inline_image(L);
    }
}

/* Interprets the content stream s[0..n) of a page: operands are collected
 * until their operator runs. */
static void run_content(struct page_ctx *C, const unsigned char *s, size_t n)
{
    struct lex L = {s, s + n};
    struct token ops[PDF_MAX_OPERANDS], t;
    int nops = 0;
    for (;;) {
        lex_next(&L, &t);
        if (t.t == T_EOF || C->out->overflow)
            break;
        if (t.t == T_ALO) {
            show_array(C, &L);
            nops = 0;
            continue;
        }
        if (t.t == T_DLO) {
            skip_dict(&L);
            if (nops < PDF_MAX_OPERANDS)
                ops[nops++].t = T_DLO;
            continue;
        }
        if (t.t != T_KW) {
            if (nops < PDF_MAX_OPERANDS)
                ops[nops++] = t;
            continue;
        }
        content_op(C, &L, &t, ops, nops);
        nops = 0;
    }
    if (C->owned) {
        font_free(C->owned);
        C->owned = NULL;
    }
    C->font = NULL;
}

/* --- pages ------------------------------------------------------------------ */

struct walk {
    struct pdf *P;
    uint32_t page;      /* pages seen */
    uint32_t with_text; /* records emitted */
    uint64_t index;
    ls_status status;
    struct ls_strbuf text; /* the current page */
    /* The document: the text of its pages so far, where each starts and its
     * number.  A PDF is one record (one police report) up to
     * limits->max_record_bytes of text; past that it is emitted in pieces. */
    struct ls_strbuf doc;
    size_t *poff;
    uint32_t *pno;
    size_t np, pcap;
};

/* Emits the pages gathered so far as one prose document. */
static ls_status flush_doc(struct walk *W)
{
    ls_status st = LS_OK;
    uint64_t before = W->index;

    if (W->doc.len)
        st = ls_emit_prose_parts(W->P->doc, W->doc.data, W->doc.len, W->np, W->poff, NULL, W->pno,
                                 0, &W->index);
    if (W->index != before)
        W->with_text++;
    ls_strbuf_reset(&W->doc);
    W->np = 0;
    return st;
}

static void append_stream(struct pdf *P, struct pv *ref, struct ls_strbuf *content)
{
    const unsigned char *sd;
    size_t sl, dl;
    if (!ref || ref->t != PV_REF)
        return;
    struct pv *d = obj_get(P, ref->ref, &sd, &sl);
    if (!d || !sd)
        return;
    unsigned char *data = stream_decode(P, ref->ref, d, sd, sl, &dl);
    if (!data)
        return;
    if (ls_strbuf_append(content, data, dl) != 0 || ls_strbuf_putc(content, '\n') != 0)
        set_partial(P, "partial: limit: page content too large");
    free(data);
}

static ls_status emit_page(struct walk *W, struct pv *fonts, const unsigned char *cs, size_t cl)
{
    struct page_ctx C;
    memset(&C, 0, sizeof C);
    C.P = W->P;
    C.fonts = fonts;
    C.out = &W->text;
    ls_strbuf_reset(&W->text);
    W->text.overflow = 0;
    run_content(&C, cs, cl);
    if (W->text.overflow)
        set_partial(W->P, "partial: limit: page text too long");
    while (W->text.len &&
           (W->text.data[W->text.len - 1] == ' ' || W->text.data[W->text.len - 1] == '\n'))
        W->text.data[--W->text.len] = 0;
    if (W->text.len == 0)
        return LS_OK;
    ls_status st = LS_OK;
    if (W->doc.len && W->doc.len + 1 + W->text.len > W->P->doc->limits->max_record_bytes &&
        (st = flush_doc(W)) != LS_OK)
        return st;
    if (W->np == W->pcap) {
        size_t cap = W->pcap ? 2 * W->pcap : 16;
        size_t *o = realloc(W->poff, cap * sizeof *o);
        if (!o)
            return LS_ENOMEM;
        W->poff = o;
        uint32_t *n = realloc(W->pno, cap * sizeof *n);
        if (!n)
            return LS_ENOMEM;
        W->pno = n;
        W->pcap = cap;
    }
    if (W->doc.len && ls_strbuf_putc(&W->doc, '\n') != 0)
        return LS_ENOMEM;
    W->poff[W->np] = W->doc.len;
    W->pno[W->np++] = W->page;
    if (ls_strbuf_append(&W->doc, W->text.data, W->text.len) != 0)
        return LS_ENOMEM;
    return st;
}

static void walk_pages(struct walk *W, struct pv *node, struct pv *res, int depth)
{
    struct pdf *P = W->P;
    if (!node || W->status != LS_OK || depth > PDF_MAX_DEPTH || W->page >= PDF_MAX_PAGES || P->oom)
        return;
    struct objent *oe = NULL;
    if (node->t == PV_REF) {
        oe = obj_find(P, node->ref);
        if (!oe || oe->visited)
            return;
        oe->visited = 1;
    }
    struct arena_mark m = arena_mark(&P->ar);
    struct pv *d = resolve(P, node);
    if (!d || d->t != PV_DICT)
        goto out;
    struct pv *r = resolve(P, dget(d, "Resources"));
    if (r && r->t == PV_DICT)
        res = r;
    struct pv *kids = resolve(P, dget(d, "Kids"));
    if (kids && kids->t == PV_ARR && !name_is(dget(d, "Type"), "Page")) {
        for (size_t i = 0; i < kids->n && W->status == LS_OK; i++)
            walk_pages(W, &kids->items[i], res, depth + 1);
        goto out;
    }
    W->page++;
    struct ls_strbuf content;
    ls_strbuf_init(&content, P->doc->limits->max_buffer_bytes);
    struct pv *c = dget(d, "Contents");
    if (c && c->t == PV_REF) {
        struct pv *cr = obj_get(P, c->ref, NULL, NULL);
        if (cr && cr->t == PV_ARR)
            c = cr;
    }
    if (c && c->t == PV_ARR) {
        for (size_t i = 0; i < c->n && i < 10000; i++)
            append_stream(P, &c->items[i], &content);
    } else
        append_stream(P, c, &content);
    struct pv *fonts = res ? resolve(P, dget(res, "Font")) : NULL;
    if (content.len)
        W->status = emit_page(W, fonts, (const unsigned char *)content.data, content.len);
    ls_strbuf_free(&content);
out:
    arena_release(&P->ar, m);
}

/* Without a usable page tree: every stream that looks like page content. */
static void all_streams(struct walk *W)
{
    struct pdf *P = W->P;
    for (size_t i = 0; i < P->nobj && W->status == LS_OK && !P->oom; i++) {
        struct arena_mark m = arena_mark(&P->ar);
        const unsigned char *sd;
        size_t sl, dl;
        struct pv *d = obj_get(P, P->obj[i].num, &sd, &sl);
        if (d && sd && !dget(d, "Type") && !dget(d, "Subtype") && !dget(d, "Length1") &&
            !dget(d, "Length2") && !dget(d, "Width")) {
            unsigned char *data = stream_decode(P, P->obj[i].num, d, sd, sl, &dl);
            if (data && (find_bytes(data, dl, "Tj", 2) || find_bytes(data, dl, "TJ", 2))) {
                W->page++;
                W->status = emit_page(W, NULL, data, dl);
            }
            free(data);
        }
        arena_release(&P->ar, m);
    }
}

/* --- encryption and metadata -------------------------------------------------- */

/* The bytes of a string value (escapes or hex decoded), in the arena. */
static const unsigned char *str_bytes(struct pdf *P, const struct pv *v, size_t *n)
{
    *n = 0;
    if (!v || (v->t != PV_STR && v->t != PV_HEX))
        return NULL;
    unsigned char *out = arena_alloc(&P->ar, v->n + 2);
    if (!out) {
        P->oom = 1;
        return NULL;
    }
    *n = v->t == PV_HEX ? hex_decode(v->s, v->n, out) : lit_decode(v->s, v->n, out);
    return out;
}

/* A crypt filter by name (/StmF, /StrF) in /CF: its method, or -1. */
static int cf_method(struct pdf *P, struct pv *enc, struct pv *name)
{
    if (!name || name_is(name, "Identity"))
        return LS_PDFC_IDENTITY;
    struct pv *cf = resolve(P, dget(enc, "CF")), *f = NULL;
    for (size_t i = 0; name->t == PV_NAME && cf && cf->t == PV_DICT && i < cf->n; i++) {
        struct pv *k = &cf->items[2 * i];
        if (k->t == PV_NAME && k->n == name->n && memcmp(k->s, name->s, k->n) == 0)
            f = resolve(P, &cf->items[2 * i + 1]);
    }
    struct pv *cfm = dget(f, "CFM");
    if (!f || !cfm || name_is(cfm, "None"))
        return f ? LS_PDFC_IDENTITY : -1;
    if (name_is(cfm, "V2"))
        return LS_PDFC_RC4;
    if (name_is(cfm, "AESV2"))
        return LS_PDFC_AESV2;
    if (name_is(cfm, "AESV3"))
        return LS_PDFC_AESV3;
    return -1;
}

static double num_or(struct pdf *P, struct pv *d, const char *key, double dflt)
{
    struct pv *v = resolve(P, dget(d, key));
    return v && v->t == PV_NUM ? v->num : dflt;
}

/* The /Encrypt dictionary read into *c: 0, or 1 when it is not the standard
 * handler or a version it has (why says which). */
static int crypt_params(struct pdf *P, struct pv *enc, struct ls_pdfcrypt_params *c, char *why,
                        size_t wl)
{
    struct pv *flt = dget(enc, "Filter"), *em = dget(enc, "EncryptMetadata");
    memset(c, 0, sizeof *c);
    if (!name_is(flt, "Standard")) {
        snprintf(why, wl, "encrypted: unsupported security handler /%.*s",
                 flt && flt->t == PV_NAME ? (int)(flt->n > 40 ? 40 : flt->n) : 1,
                 flt && flt->t == PV_NAME ? (const char *)flt->s : "?");
        return 1;
    }
    double v = num_or(P, enc, "V", 0), len = num_or(P, enc, "Length", 40);
    c->v = v >= 0 && v < 100 ? (int)v : -1;
    c->r = (int)num_or(P, enc, "R", 0);
    c->p = (uint32_t)(int32_t)num_or(P, enc, "P", 0);
    c->o = str_bytes(P, resolve(P, dget(enc, "O")), &c->olen);
    c->u = str_bytes(P, resolve(P, dget(enc, "U")), &c->ulen);
    c->oe = str_bytes(P, resolve(P, dget(enc, "OE")), &c->oelen);
    c->ue = str_bytes(P, resolve(P, dget(enc, "UE")), &c->uelen);
    c->encrypt_metadata = !(em && em->t == PV_KW && em->n == 5 && !memcmp(em->s, "false", 5));
    struct pv *id = resolve(P, P->id);
    c->id0 = id && id->t == PV_ARR && id->n ? str_bytes(P, &id->items[0], &c->id0len) : NULL;
    if (!c->id0)
        c->id0 = (const unsigned char *)"";
    c->keylen = len >= 40 && len <= 128 ? (unsigned)len / 8 : 0;
    if (c->v == 1 || c->v == 2) {
        c->keylen = c->v == 1 ? 5 : c->keylen;
        c->stm = c->str = LS_PDFC_RC4;
        return 0;
    }
    if (c->v == 4 || c->v == 5) {
        int stm = cf_method(P, enc, dget(enc, "StmF")), str = cf_method(P, enc, dget(enc, "StrF"));
        if (stm < 0 || str < 0) {
            snprintf(why, wl, "encrypted: unsupported crypt filter");
            return 1;
        }
        c->stm = (enum ls_pdfcrypt_method)stm;
        c->str = (enum ls_pdfcrypt_method)str;
        if (c->v == 4 && (stm == LS_PDFC_AESV2 || str == LS_PDFC_AESV2 || !dget(enc, "Length")))
            c->keylen = 16;
        return 0;
    }
    snprintf(why, wl, "encrypted: unsupported encryption /V %d", c->v);
    return 1;
}

/* Opens an encrypted file with the empty user password or one of
 * --passwords.  LS_OK (P->crypt set), LS_ESKIPPED (a password is needed,
 * or a handler it does not read) or LS_EFAILED (a damaged dictionary), with
 * doc->reason filled. */
static ls_status crypt_setup(struct pdf *P, struct ls_doc *doc)
{
    struct pv *enc = P->enc;
    struct ls_pdfcrypt_params prm;
    char why[160] = "";
    if (enc && enc->t == PV_REF) {
        P->enc_obj = enc->ref;
        enc = obj_get(P, enc->ref, NULL, NULL);
    }
    if (!enc || enc->t != PV_DICT) {
        snprintf(doc->reason, sizeof doc->reason,
                 "pdf: damaged encryption dictionary: /Encrypt is not a dictionary");
        return LS_EFAILED;
    }
    if (crypt_params(P, enc, &prm, doc->reason, sizeof doc->reason) != 0)
        return LS_ESKIPPED;
    if (!(P->crypt = malloc(sizeof *P->crypt)))
        return LS_ENOMEM;
    int r = ls_pdfcrypt_open(P->crypt, &prm, "", 0, why, sizeof why);
    for (size_t i = 0; r == 1 && i < doc->npasswords; i++)
        r = ls_pdfcrypt_open(P->crypt, &prm, doc->passwords[i], strlen(doc->passwords[i]), why,
                             sizeof why);
    if (r == 0)
        return LS_OK;
    ls_wipe(P->crypt, sizeof *P->crypt);
    free(P->crypt);
    P->crypt = NULL;
    if (r < 0) {
        snprintf(doc->reason, sizeof doc->reason, "pdf: damaged encryption dictionary: %s", why);
        return LS_EFAILED;
    }
    if (doc->npasswords)
        snprintf(doc->reason, sizeof doc->reason,
                 "encrypted: a password is needed (none of the %zu of --passwords opens it)",
                 doc->npasswords);
    else
        snprintf(doc->reason, sizeof doc->reason,
                 "encrypted: a password is needed (give it with --passwords)");
    return LS_ESKIPPED;
}

/* A PDF text string (UTF-16BE or UTF-8 with a BOM, else PDFDocEncoding,
 * read as CP1252) as UTF-8 in b. */
static void text_string(struct ls_strbuf *b, const unsigned char *s, size_t n)
{
    ls_strbuf_reset(b);
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        for (size_t i = 2; i + 1 < n; i += 2) {
            uint32_t cp = (uint32_t)s[i] << 8 | s[i + 1];
            if (cp >= 0xD800 && cp < 0xDC00 && i + 3 < n) {
                uint32_t lo = (uint32_t)s[i + 2] << 8 | s[i + 3];
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 2;
                }
            }
            ls_utf8_append(b, cp);
        }
    } else if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        ls_strbuf_append(b, s + 3, n - 3);
    } else {
        for (size_t i = 0; i < n; i++)
            ls_utf8_append(b, ls_cp1252_decode(s[i]));
    }
}

/* The document information dictionary (/Info): its Title, Author, Subject
 * and Keywords as one record of named fields (part "Info"). */
static ls_status emit_info(struct pdf *P, struct ls_fieldrec *fr, uint64_t *index)
{
    static const char *const keys[] = {"Title", "Author", "Subject", "Keywords", NULL};
    struct pv *d = P->info ? obj_get(P, P->info, NULL, NULL) : NULL;
    struct ls_strbuf t;
    ls_status st = LS_OK;
    if (!d || d->t != PV_DICT || P->info == P->enc_obj)
        return LS_OK;
    ls_strbuf_init(&t, P->doc->limits->max_record_bytes);
    for (size_t k = 0; keys[k] && st == LS_OK; k++) {
        struct pv *v = dget(d, keys[k]);
        uint32_t num = v && v->t == PV_REF ? v->ref : P->info;
        struct objent *o = obj_find(P, num);
        size_t n, dn = 0;
        const unsigned char *s = str_bytes(P, resolve(P, v), &n);
        unsigned char *dec = NULL;
        if (!s)
            continue;
        if (P->crypt && o && !o->packed &&
            !(dec = ls_pdfcrypt_decrypt(P->crypt, 0, num, o->gen, s, n, &dn)))
            continue;
        text_string(&t, dec ? dec : s, dec ? dn : n);
        free(dec);
        if (t.len && ls_fieldrec_add(fr, keys[k], t.data, t.len) != 0)
            st = LS_ENOMEM;
    }
    ls_strbuf_free(&t);
    return st == LS_OK ? ls_fieldrec_emit(P->doc, fr, "Info", index) : st;
}

/* The catalog's XMP metadata stream as one record of named fields. */
static ls_status emit_xmp(struct pdf *P, struct pv *cat, struct ls_fieldrec *fr, uint64_t *index)
{
    struct pv *m = dget(cat, "Metadata");
    const unsigned char *sd;
    size_t sl, dl;
    char why[160];
    if (!m || m->t != PV_REF)
        return LS_OK;
    struct pv *d = obj_get(P, m->ref, &sd, &sl);
    if (!d || !sd)
        return LS_OK;
    unsigned char *x = stream_decode(P, m->ref, d, sd, sl, &dl);
    if (!x)
        return LS_OK;
    ls_status st = ls_xmp_read(x, dl, P->doc->limits, fr, why, sizeof why);
    free(x);
    if (st != LS_OK)
        return st;
    if (why[0]) {
        char w[160];
        snprintf(w, sizeof w, "partial: XMP: %.140s", why);
        set_partial(P, w);
    }
    return ls_fieldrec_emit(P->doc, fr, "XMP", index);
}

/* The document's metadata records: /Info, then the XMP stream. */
static ls_status emit_meta(struct pdf *P, struct pv *cat, uint64_t *index)
{
    struct ls_fieldrec fr;
    struct arena_mark m = arena_mark(&P->ar);
    ls_fieldrec_init(&fr, P->doc->limits->max_record_bytes);
    ls_status st = emit_info(P, &fr, index);
    if (st == LS_OK && cat)
        st = emit_xmp(P, cat, &fr, index);
    ls_fieldrec_free(&fr);
    arena_release(&P->ar, m);
    return st;
}

/* True when a trailer or an xref stream dictionary has /Encrypt. */
static int encrypted(struct pdf *P, struct pv **root)
{
    const unsigned char *b = P->buf, *e = b + P->len, *p = b;
    int enc = 0;
    size_t total = 0, seen = 0;
    /* Only the last PDF_MAX_TRAILERS trailers are read (one per revision). */
    for (const unsigned char *t = b; t < e; total++) {
        const unsigned char *q = find_bytes(t, (size_t)(e - t), "trailer", 7);
        if (!q)
            break;
        t = q + 7;
    }
    while (p < e) {
        const unsigned char *q = find_bytes(p, (size_t)(e - p), "trailer", 7);
        if (!q)
            break;
        if (total > PDF_MAX_TRAILERS && seen++ < total - PDF_MAX_TRAILERS) {
            p = q + 7;
            continue;
        }
        /* a trailer dictionary is small: parse at most 64 KiB of it */
        struct lex L = {q + 7, (size_t)(e - q - 7) > 65536 ? q + 7 + 65536 : e};
        struct arena_mark m = arena_mark(&P->ar);
        struct pv *d = parse_val(P, &L, 0);
        int keep = 0;
        if (d && d->t == PV_DICT) {
            struct pv *rv = dget(d, "Root"), *iv = dget(d, "Info");
            if (dget(d, "Encrypt")) {
                /* the dictionary stays: /Encrypt and /ID are read later */
                enc = keep = 1;
                P->enc = dget(d, "Encrypt");
                P->id = dget(d, "ID");
            }
            if (iv && iv->t == PV_REF)
                P->info = iv->ref;
            if (rv && rv->t == PV_REF && keep) {
                *root = rv;
            } else if (rv && rv->t == PV_REF) {
                /* keep only the reference: the parsed dict is released */
                uint32_t num = rv->ref;
                arena_release(&P->ar, m);
                struct pv *r = arena_alloc(&P->ar, sizeof *r);
                if (r) {
                    r->t = PV_REF;
                    r->ref = num;
                    *root = r;
                }
                keep = 1;
            }
        }
        if (!keep)
            arena_release(&P->ar, m);
        p = q + 7;
    }
    for (size_t i = 0; i < P->nobj; i++) {
        struct lex L = {P->obj[i].p, P->obj[i].lim};
        struct token t;
        lex_next(&L, &t);
        if (t.t != T_DLO)
            continue;
        /* cheap pre-check: /XRef within the first bytes of the dict */
        size_t look = (size_t)(P->obj[i].lim - P->obj[i].p);
        if (look > 4096)
            look = 4096;
        if (!find_bytes(P->obj[i].p, look, "/XRef", 5) &&
            !find_bytes(P->obj[i].p, look, "/Catalog", 8))
            continue;
        struct pv *d = obj_get(P, P->obj[i].num, NULL, NULL);
        if (name_is(dget(d, "Type"), "XRef")) {
            if (dget(d, "Encrypt")) {
                enc = 1;
                if (!P->enc) {
                    P->enc = dget(d, "Encrypt");
                    P->id = dget(d, "ID");
                }
            }
            if (!P->info && dget(d, "Info") && dget(d, "Info")->t == PV_REF)
                P->info = dget(d, "Info")->ref;
            if (!*root && dget(d, "Root") && dget(d, "Root")->t == PV_REF)
                *root = dget(d, "Root");
        } else if (name_is(dget(d, "Type"), "Catalog") && !*root) {
            struct pv *r = arena_alloc(&P->ar, sizeof *r);
            if (r) {
                r->t = PV_REF;
                r->ref = P->obj[i].num;
                *root = r;
            }
        }
    }
    return enc;
}

static ls_status pdf_run(struct ls_doc *doc)
{
    ls_status status;
    unsigned char *buf = NULL;
    size_t len = 0;
    struct pdf P;
    struct walk W;
    struct pv *root = NULL;

    memset(&P, 0, sizeof P);
    memset(&W, 0, sizeof W);
    ls_strbuf_init(&W.text, doc->limits->max_buffer_bytes);
    ls_strbuf_init(&W.doc, doc->limits->max_buffer_bytes);
    status = ls_doc_slurp(doc, &buf, &len);
    if (status != LS_OK)
        goto out;
    P.doc = doc;
    P.buf = buf;
    P.len = len;
    W.P = &P;
    if (!find_bytes(buf, len < 1024 ? len : 1024, "%PDF", 4)) {
        snprintf(doc->reason, sizeof doc->reason, "pdf: no %%PDF header");
        status = LS_EFAILED;
        goto out;
    }
    scan_objects(&P);
    obj_sort(&P);
    if (encrypted(&P, &root) && (status = crypt_setup(&P, doc)) != LS_OK)
        goto out;
    load_objstms(&P);
    obj_sort(&P);
    if (P.nobj == 0) {
        snprintf(doc->reason, sizeof doc->reason, "pdf: no objects");
        status = LS_EFAILED;
        goto out;
    }
    if (!root)
        encrypted(&P, &root); /* the catalog may sit in an object stream */
    struct pv *cat = resolve(&P, root);
    struct pv *pages = cat ? dget(cat, "Pages") : NULL;
    if (pages)
        walk_pages(&W, pages, NULL, 0);
    if (W.page == 0 && W.status == LS_OK)
        all_streams(&W);
    if (W.status == LS_OK)
        W.status = flush_doc(&W);
    if (W.status == LS_OK && !P.oom)
        W.status = emit_meta(&P, cat && cat->t == PV_DICT ? cat : NULL, &W.index);
    status = W.status;
    if (status == LS_OK && P.oom) {
        snprintf(doc->reason, sizeof doc->reason, "partial: limit: parsed object memory");
    } else if (status == LS_OK && P.partial)
        snprintf(doc->reason, sizeof doc->reason, "%s", P.why);
    if (status == LS_OK && W.with_text == 0) {
        if (W.page > 0)
            doc->no_text_layer = 1;
        else if (!P.partial) {
            snprintf(doc->reason, sizeof doc->reason, "pdf: no pages found");
            status = LS_EFAILED;
        }
    }
out:
    while (P.ar.top) {
        struct chunk *c = P.ar.top->prev;
        free(P.ar.top);
        P.ar.top = c;
    }
    for (size_t i = 0; i < P.nbufs; i++)
        free(P.bufs[i]);
    free(P.bufs);
    for (size_t i = 0; i < P.nfonts; i++)
        font_free(P.fonts[i]);
    free(P.fonts);
    free(P.obj);
    if (P.crypt)
        ls_wipe(P.crypt, sizeof *P.crypt);
    free(P.crypt);
    ls_strbuf_free(&W.text);
    ls_strbuf_free(&W.doc);
    free(W.poff);
    free(W.pno);
    ls_wipe_free_block(buf);
    return status;
}

static int pdf_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                     const char *name)
{
    (void)cs;
    (void)name;
    if (mime && !strcmp(mime, "application/pdf"))
        return 90;
    if (hl >= 5 && find_bytes(head, hl < 1024 ? hl : 1024, "%PDF-", 5))
        return 90;
    return 0;
}

const struct ls_extractor ls_extractor_pdf = {"pdf", pdf_probe, pdf_run};
