/* extract/ooxml.c — Office Open XML: .docx, .xlsx, .pptx.
 *
 * The zip is read in memory (ls_doc_slurp, bounded by
 * limits->max_buffer_bytes; its parts by doczip.h, each bounded by
 * max_entry_bytes), the parts are parsed by docxml.h (expat with no DOCTYPE
 * at all, so neither external entities nor entity expansion; element depth
 * bounded by limits->max_xml_depth), sheet rows become records through
 * doctable.h.  This file holds only what is OOXML.
 *
 * Records:
 *  - docx: the whole document is one prose record (part "word/document.xml"):
 *    the body, then headers, footers, footnotes, endnotes and comments.  Text
 *    runs are joined across <w:r> boundaries, paragraphs end with a newline,
 *    a table row is one line with its cells tab-separated.
 *  - xlsx: each sheet row is a record; columns are the first non-empty row's
 *    values (that header row is not itself a record); part = sheet name.
 *    Shared and inline strings are resolved; a number in a date format
 *    (styles.xml) is written as YYYY-MM-DD[ HH:MM:SS] so date rules see it.
 *  - pptx: each slide is a prose record (part = its part name, page = N).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strdup */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doctable.h"
#include "extract/docxml.h"
#include "extract/doczip.h"
#include "extract/extractors.h"
#include "wipe.h"

/* Shared strings of one workbook. */
#define LS_SST_MAX 4000000

/* --- docx ---------------------------------------------------------------- */

struct docx_st {
    struct ls_strbuf *out;
    int in_t;    /* inside w:t / w:delText */
    int in_r;    /* inside w:r (tab, br count only there) */
    int in_cell; /* table cell nesting */
};

static void trim_trailing(struct ls_strbuf *b, const char *set)
{
    while (b->len && strchr(set, b->data[b->len - 1]))
        b->data[--b->len] = 0;
}

static void docx_start(void *ud, const char *l, const char **attrs)
{
    struct docx_st *s = ud;
    (void)attrs;
    if (!strcmp(l, "t") || !strcmp(l, "delText"))
        s->in_t = 1;
    else if (!strcmp(l, "r"))
        s->in_r++;
    else if (!strcmp(l, "tc"))
        s->in_cell++;
    else if (s->in_r && !strcmp(l, "tab"))
        ls_strbuf_putc(s->out, '\t');
    else if (s->in_r && (!strcmp(l, "br") || !strcmp(l, "cr")))
        ls_strbuf_putc(s->out, s->in_cell ? ' ' : '\n');
    else if (s->in_r && !strcmp(l, "noBreakHyphen"))
        ls_strbuf_putc(s->out, '-');
}

static void docx_end(void *ud, const char *l)
{
    struct docx_st *s = ud;
    if (!strcmp(l, "t") || !strcmp(l, "delText"))
        s->in_t = 0;
    else if (!strcmp(l, "r")) {
        if (s->in_r)
            s->in_r--;
    } else if (!strcmp(l, "p")) {
        ls_strbuf_putc(s->out, s->in_cell ? ' ' : '\n');
    } else if (!strcmp(l, "tc")) {
        if (s->in_cell)
            s->in_cell--;
        trim_trailing(s->out, " \n");
        ls_strbuf_putc(s->out, '\t');
    } else if (!strcmp(l, "tr")) {
        trim_trailing(s->out, "\t");
        ls_strbuf_putc(s->out, s->in_cell ? ' ' : '\n');
    }
}

static void docx_text(void *ud, const char *t, int len)
{
    struct docx_st *s = ud;
    if (s->in_t && len > 0)
        ls_strbuf_append(s->out, t, (size_t)len);
}

static int docx_want(const char *n)
{
    if (strncmp(n, "word/", 5) != 0)
        return 0;
    n += 5;
    if (strchr(n, '/'))
        return 0;
    return !strcmp(n, "document.xml") || !strncmp(n, "header", 6) || !strncmp(n, "footer", 6) ||
           !strcmp(n, "footnotes.xml") || !strcmp(n, "endnotes.xml") || !strcmp(n, "comments.xml");
}

static int part_cmp(const void *a, const void *b)
{
    const struct ls_doczip_part *x = a, *y = b;
    size_t lx = strlen(x->name), ly = strlen(y->name);
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x->name, y->name);
}

static ls_status docx_run(struct ls_doc *doc)
{
    ls_status status;
    unsigned char *buf = NULL;
    size_t len = 0, np = 0;
    struct ls_doczip_part *parts = NULL;
    struct ls_strbuf out;
    uint64_t index = 0;
    size_t *soff = NULL, nspan = 0;
    const char **snames = NULL;
    static const char *const order[] = {"document",  "header",   "footer",
                                        "footnotes", "endnotes", "comments"};

    ls_strbuf_init(&out, doc->limits->max_buffer_bytes);
    status = ls_doc_slurp(doc, &buf, &len);
    if (status != LS_OK)
        goto out;
    status = ls_doczip_load(buf, len, doc->limits, docx_want, &parts, &np, doc->reason,
                            sizeof doc->reason);
    if (status != LS_OK)
        goto out;
    if (!ls_doczip_find(parts, np, "word/document.xml")) {
        snprintf(doc->reason, sizeof doc->reason, "docx: no word/document.xml");
        status = LS_EFAILED;
        goto out;
    }
    qsort(parts, np, sizeof *parts, part_cmp);
    if (!(soff = malloc(np * sizeof *soff)) || !(snames = malloc(np * sizeof *snames))) {
        status = LS_ENOMEM;
        goto out;
    }
    for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
        for (size_t i = 0; i < np; i++) {
            if (strncmp(parts[i].name + 5, order[o], strlen(order[o])) != 0)
                continue;
            struct docx_st s = {&out, 0, 0, 0};
            struct ls_docxml_handlers h = {docx_start, docx_end, docx_text, &s, NULL};
            if (out.len)
                ls_strbuf_putc(&out, '\n');
            /* one record for the document, each part's text located by name */
            if (nspan && soff[nspan - 1] == out.len)
                nspan--; /* the previous part gave no text */
            soff[nspan] = out.len;
            snames[nspan++] = parts[i].name;
            char why[128];
            ls_status st =
                ls_docxml_parse(parts[i].data, parts[i].len, doc->limits, &h, why, sizeof why);
            if (st == LS_ENOMEM) {
                status = st;
                goto out;
            }
            if (st != LS_OK) {
                if (o == 0 && out.len == 0) {
                    snprintf(doc->reason, sizeof doc->reason, "%s: %s", parts[i].name, why);
                    status = LS_EFAILED;
                    goto out;
                }
                snprintf(doc->reason, sizeof doc->reason, "partial: %.60s: %.150s", parts[i].name,
                         why);
            }
        }
    }
    if (out.overflow)
        snprintf(doc->reason, sizeof doc->reason, "partial: limit: text over %zu bytes", out.max);
    if (out.len)
        status = ls_emit_prose_parts(doc, out.data, out.len, nspan, soff,
                                     (const char *const *)snames, NULL, 0, &index);
out:
    free(soff);
    free(snames);
    ls_strbuf_free(&out);
    if (parts)
        ls_doczip_parts_free(parts, np);
    ls_wipe_free_block(buf);
    return status;
}

/* --- probes ----------------------------------------------------------------- */

static int zipish(const char *mime)
{
    return !mime || !*mime || !strcmp(mime, "application/zip") ||
           !strcmp(mime, "application/octet-stream") || !strcmp(mime, "application/x-zip") ||
           !strcmp(mime, "application/x-zip-compressed");
}

static int name_ends(const char *name, const char *ext)
{
    size_t n = name ? strlen(name) : 0, e = strlen(ext);
    if (n < e)
        return 0;
    for (size_t i = 0; i < e; i++) {
        char c = name[n - e + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != ext[i])
            return 0;
    }
    return 1;
}

static int probe_office(const char *mime, const unsigned char *head, size_t hl, const char *name,
                        const char *mimesub, const char *dir, const char *ext)
{
    if (mime && !strncmp(mime, "application/vnd.openxmlformats-officedocument.", 46) &&
        strstr(mime, mimesub))
        return 90;
    if (hl < 4 || memcmp(head, "PK\3\4", 4) != 0)
        return 0;
    if (!zipish(mime) && !(mime && !strncmp(mime, "application/vnd.openxmlformats", 30)))
        return 0;
    if (ls_doczip_head_has(head, hl, dir))
        return 90;
    if (ls_doczip_head_has(head, hl, "[Content_Types].xml") && name_ends(name, ext))
        return 85;
    return 0;
}

static int docx_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                      const char *name)
{
    (void)cs;
    return probe_office(mime, head, hl, name, "wordprocessingml", "word/", ".docx");
}

static int xlsx_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                      const char *name)
{
    (void)cs;
    return probe_office(mime, head, hl, name, "spreadsheetml", "xl/", ".xlsx");
}

static int pptx_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                      const char *name)
{
    (void)cs;
    return probe_office(mime, head, hl, name, "presentationml", "ppt/", ".pptx");
}

const struct ls_extractor ls_extractor_docx = {"docx", docx_probe, docx_run};

/* --- xlsx ----------------------------------------------------------------- */

/* The shared-string table: every <si>'s text (phonetic runs left out). */
struct sst {
    struct ls_strbuf pool;
    size_t *off, *len;
    size_t n, cap;
    int in_si, in_t, in_rph;
    size_t start;
    int full;
};

static void sst_start(void *ud, const char *l, const char **a)
{
    struct sst *s = ud;
    (void)a;
    if (!strcmp(l, "si")) {
        s->in_si = 1;
        s->start = s->pool.len;
    } else if (!strcmp(l, "t"))
        s->in_t = 1;
    else if (!strcmp(l, "rPh"))
        s->in_rph = 1;
}

static void sst_end(void *ud, const char *l)
{
    struct sst *s = ud;
    if (!strcmp(l, "t"))
        s->in_t = 0;
    else if (!strcmp(l, "rPh"))
        s->in_rph = 0;
    else if (!strcmp(l, "si") && s->in_si) {
        s->in_si = 0;
        if (s->n == s->cap) {
            size_t nc = s->cap ? s->cap * 2 : 256;
            if (nc > LS_SST_MAX || s->full) {
                s->full = 1;
                return;
            }
            size_t *o = realloc(s->off, nc * sizeof *o);
            if (!o) {
                s->full = 1;
                return;
            }
            s->off = o;
            size_t *ln = realloc(s->len, nc * sizeof *ln);
            if (!ln) {
                s->full = 1;
                return;
            }
            s->len = ln;
            s->cap = nc;
        }
        s->off[s->n] = s->start;
        s->len[s->n] = s->pool.len >= s->start ? s->pool.len - s->start : 0;
        s->n++;
    }
}

static void sst_text(void *ud, const char *t, int len)
{
    struct sst *s = ud;
    if (s->in_si && s->in_t && !s->in_rph && len > 0)
        ls_strbuf_append(&s->pool, t, (size_t)len);
}

/* Which cell styles (xf indexes of styles.xml cellXfs) show a number as a
 * date: 0 no, 1 date, 2 date and time.  Excel stores dates as day serials. */
struct xl_styles {
    unsigned char *xf; /* per xf index */
    size_t nxf;
    int in_cellxfs, in_numfmts;
    uint32_t custom[256]; /* custom numFmtIds that are dates (bit 30: with time) */
    size_t ncustom;
    int date1904; /* workbook uses the 1904 date system */
};

struct sheet_st {
    struct ls_doctable tab;
    const struct sst *sst;
    const struct xl_styles *styles;
    long style; /* s="…" of the current cell, -1 if none */
    ls_status status;
    int stop;
    int in_c, in_v, in_is, in_t, in_rph;
    char ctype[16];
    size_t col, next_col;
    uint64_t rownum, rowcount;
    struct ls_strbuf cell; /* current cell's raw text */
};

static size_t col_of_ref(const char *r, size_t dflt)
{
    size_t c = 0;
    int any = 0;
    for (; *r >= 'A' && *r <= 'Z'; r++) {
        c = c * 26 + (size_t)(*r - 'A' + 1);
        any = 1;
        if (c > LS_DOCTABLE_MAX_COLS)
            return LS_DOCTABLE_MAX_COLS - 1;
    }
    return any ? c - 1 : dflt;
}

/* Is a number format a date?  Built-in ids 14-22, 27-36, 45-47, 50-58;
 * a custom format code with d or y outside quotes and brackets. */
static int numfmt_is_date(long id, const char *code)
{
    if (!code)
        return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
               (id >= 50 && id <= 58);
    int date = 0, time = 0, q = 0, br = 0;
    for (const char *c = code; *c; c++) {
        if (*c == '\\' && c[1]) {
            c++;
            continue;
        }
        if (*c == '"')
            q = !q;
        else if (!q && *c == '[')
            br = 1;
        else if (!q && *c == ']')
            br = 0;
        else if (!q && !br) {
            char l = (char)(*c | 0x20);
            if (l == 'd' || l == 'y')
                date = 1;
            else if (l == 'h' || l == 's')
                time = 1;
        }
    }
    return date ? (time ? 2 : 1) : 0;
}

static void styles_start(void *ud, const char *l, const char **a)
{
    struct xl_styles *x = ud;
    if (!strcmp(l, "cellXfs"))
        x->in_cellxfs = 1;
    else if (!strcmp(l, "numFmts"))
        x->in_numfmts = 1;
    else if (x->in_numfmts && !strcmp(l, "numFmt") && x->ncustom < 256) {
        const char *id = ls_docxml_attr(a, "numFmtId"), *code = ls_docxml_attr(a, "formatCode");
        int d = code ? numfmt_is_date(0, code) : 0;
        if (id && d)
            x->custom[x->ncustom++] = (uint32_t)strtoul(id, NULL, 10) | (d == 2 ? 1u << 30 : 0);
    } else if (x->in_cellxfs && !strcmp(l, "xf") && x->nxf < 65536) {
        if (x->nxf % 256 == 0) {
            unsigned char *n = realloc(x->xf, x->nxf + 256);
            if (!n)
                return;
            x->xf = n;
        }
        const char *id = ls_docxml_attr(a, "numFmtId");
        long nid = id ? strtol(id, NULL, 10) : 0;
        int d = 0;
        for (size_t i = 0; i < x->ncustom; i++)
            if ((long)(x->custom[i] & 0xFFFFu) == nid)
                d = x->custom[i] & (1u << 30) ? 2 : 1;
        if (!d && nid < 164)
            d = numfmt_is_date(nid, NULL) ? (nid == 22 || nid == 47 ? 2 : 1) : 0;
        x->xf[x->nxf++] = (unsigned char)d;
    }
}

static void styles_end(void *ud, const char *l)
{
    struct xl_styles *x = ud;
    if (!strcmp(l, "cellXfs"))
        x->in_cellxfs = 0;
    else if (!strcmp(l, "numFmts"))
        x->in_numfmts = 0;
}

/* A day serial as "YYYY-MM-DD" (and " HH:MM:SS"); 0 when it is not one. */
static size_t xl_date(const char *v, int date1904, int with_time, char *out, size_t outsz)
{
    char *e;
    double d = strtod(v, &e);
    if (e == v || *e || !(d >= 1.0 && d < 2958466.0)) /* up to 9999-12-31 */
        return 0;
    long days = (long)d;
    long secs = (long)((d - (double)days) * 86400.0 + 0.5);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    /* days since 1970-01-01: 1900 system counts from 1899-12-30 (Lotus leap bug) */
    long z = days + (date1904 ? 24107 : -25569) + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, dd = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    int n = with_time ? snprintf(out, outsz, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld", y, m, dd,
                                 secs / 3600, secs / 60 % 60, secs % 60)
                      : snprintf(out, outsz, "%04ld-%02ld-%02ld", y, m, dd);
    return n > 0 && (size_t)n < outsz ? (size_t)n : 0;
}

static void sheet_cell_end(struct sheet_st *s)
{
    const char *v = s->cell.data ? s->cell.data : "";
    size_t vl = s->cell.len;
    if (!strcmp(s->ctype, "s")) {
        char *e;
        unsigned long k = strtoul(v, &e, 10);
        if (e != v && k < s->sst->n) {
            v = s->sst->pool.data + s->sst->off[k];
            vl = s->sst->len[k];
        } else {
            vl = 0;
        }
    }
    char date[32];
    if (!strcmp(s->ctype, "n") && vl && s->styles && s->style >= 0 &&
        (size_t)s->style < s->styles->nxf && s->styles->xf[s->style]) {
        size_t dl =
            xl_date(v, s->styles->date1904, s->styles->xf[s->style] == 2, date, sizeof date);
        if (dl) {
            v = date;
            vl = dl;
        }
    }
    ls_status st = ls_doctable_cell(&s->tab, s->col, v, vl);
    if (st != LS_OK) {
        s->status = st;
        s->stop = 1;
    }
}

static void sheet_start(void *ud, const char *l, const char **a)
{
    struct sheet_st *s = ud;
    if (!strcmp(l, "row")) {
        const char *r = ls_docxml_attr(a, "r");
        s->rowcount++;
        s->rownum = r ? strtoull(r, NULL, 10) : 0;
        s->next_col = 0;
    } else if (!strcmp(l, "c")) {
        const char *r = ls_docxml_attr(a, "r"), *t = ls_docxml_attr(a, "t");
        s->in_c = 1;
        s->col = r ? col_of_ref(r, s->next_col) : s->next_col;
        if (s->col >= LS_DOCTABLE_MAX_COLS)
            s->col = LS_DOCTABLE_MAX_COLS - 1;
        s->next_col = s->col + 1;
        snprintf(s->ctype, sizeof s->ctype, "%s", t ? t : "n");
        const char *st = ls_docxml_attr(a, "s");
        s->style = st ? strtol(st, NULL, 10) : -1;
        ls_strbuf_reset(&s->cell);
    } else if (s->in_c && !strcmp(l, "v"))
        s->in_v = 1;
    else if (s->in_c && !strcmp(l, "is"))
        s->in_is = 1;
    else if (s->in_is && !strcmp(l, "t"))
        s->in_t = 1;
    else if (s->in_is && !strcmp(l, "rPh"))
        s->in_rph = 1;
}

static void sheet_end(void *ud, const char *l)
{
    struct sheet_st *s = ud;
    if (!strcmp(l, "v"))
        s->in_v = 0;
    else if (!strcmp(l, "t"))
        s->in_t = 0;
    else if (!strcmp(l, "rPh"))
        s->in_rph = 0;
    else if (!strcmp(l, "is"))
        s->in_is = 0;
    else if (!strcmp(l, "c") && s->in_c) {
        s->in_c = 0;
        sheet_cell_end(s);
    } else if (!strcmp(l, "row")) {
        ls_status st = ls_doctable_row_end(&s->tab, s->rownum ? s->rownum : s->rowcount);
        if (st != LS_OK) {
            s->status = st;
            s->stop = 1;
        }
    }
}

static void sheet_text(void *ud, const char *t, int len)
{
    struct sheet_st *s = ud;
    if (len > 0 && ((s->in_v && !s->in_is) || (s->in_is && s->in_t && !s->in_rph)))
        ls_strbuf_append(&s->cell, t, (size_t)len);
}

/* workbook.xml sheets and their relationship targets */
struct wb_sheet {
    char *name, *rid, *target;
};
struct wb_st {
    struct wb_sheet *v;
    size_t n;
    int rels; /* parsing workbook.xml.rels */
    int date1904;
};

static void wb_start(void *ud, const char *l, const char **a)
{
    struct wb_st *w = ud;
    if (!w->rels && !strcmp(l, "workbookPr")) {
        const char *d = ls_docxml_attr(a, "date1904");
        w->date1904 = d && (!strcmp(d, "1") || !strcmp(d, "true"));
    }
    if (!w->rels && !strcmp(l, "sheet") && w->n < LS_DOCZIP_MAX_PARTS) {
        const char *n = ls_docxml_attr(a, "name"), *id = ls_docxml_attr(a, "id");
        if (n && id) {
            w->v[w->n].name = strdup(n);
            w->v[w->n].rid = strdup(id);
            w->n++;
        }
    } else if (w->rels && !strcmp(l, "Relationship")) {
        const char *id = ls_docxml_attr(a, "Id"), *t = ls_docxml_attr(a, "Target");
        if (!id || !t)
            return;
        for (size_t i = 0; i < w->n; i++)
            if (w->v[i].rid && !strcmp(w->v[i].rid, id) && !w->v[i].target) {
                char buf[512];
                if (t[0] == '/')
                    snprintf(buf, sizeof buf, "%s", t + 1);
                else
                    snprintf(buf, sizeof buf, "xl/%s", t);
                w->v[i].target = strdup(buf);
            }
    }
}

static int xlsx_want(const char *n)
{
    return !strcmp(n, "xl/workbook.xml") || !strcmp(n, "xl/_rels/workbook.xml.rels") ||
           !strcmp(n, "xl/sharedStrings.xml") || !strcmp(n, "xl/styles.xml") ||
           (!strncmp(n, "xl/worksheets/", 14) && !strchr(n + 14, '/'));
}

static ls_status xlsx_sheet(struct ls_doc *doc, const struct ls_doczip_part *p, const char *name,
                            const struct sst *sst, const struct xl_styles *styles, uint64_t *index)
{
    struct sheet_st s;
    ls_status status;
    char why[160];
    memset(&s, 0, sizeof s);
    s.sst = sst;
    s.styles = styles;
    ls_strbuf_init(&s.cell, doc->limits->max_record_bytes);
    status = ls_doctable_init(&s.tab, doc, name, index);
    if (status == LS_OK) {
        struct ls_docxml_handlers h = {sheet_start, sheet_end, sheet_text, &s, &s.stop};
        status = ls_docxml_parse(p->data, p->len, doc->limits, &h, why, sizeof why);
        if (status == LS_EFAILED) {
            snprintf(doc->reason, sizeof doc->reason, "partial: %.60s: %.150s", p->name, why);
            status = LS_OK;
        }
        if (s.status != LS_OK)
            status = s.status;
    }
    ls_doctable_free(&s.tab);
    ls_strbuf_free(&s.cell);
    return status;
}

/* Emits the rows of every sheet: in workbook order, then any sheet part the
 * workbook does not name.  LS_EFAILED (reason filled) when there is none. */
static ls_status xlsx_sheets(struct ls_doc *doc, const struct ls_doczip_part *parts, size_t np,
                             const struct wb_st *wb, const struct sst *sst,
                             const struct xl_styles *xs, uint64_t *index)
{
    ls_status status = LS_OK;
    size_t i, nsheets = 0;
    char *done = calloc(np ? np : 1, 1);
    if (!done)
        return LS_ENOMEM;
    for (size_t k = 0; k < wb->n && status == LS_OK; k++) {
        if (!wb->v[k].target)
            continue;
        for (i = 0; i < np; i++)
            if (!done[i] && !strcmp(parts[i].name, wb->v[k].target)) {
                done[i] = 1;
                nsheets++;
                status = xlsx_sheet(doc, &parts[i], wb->v[k].name, sst, xs, index);
                break;
            }
    }
    for (i = 0; i < np && status == LS_OK; i++) {
        if (done[i] || strncmp(parts[i].name, "xl/worksheets/", 14) != 0)
            continue;
        nsheets++;
        char nm[256];
        snprintf(nm, sizeof nm, "%s", parts[i].name + 14);
        char *dot = strrchr(nm, '.');
        if (dot)
            *dot = 0;
        status = xlsx_sheet(doc, &parts[i], nm, sst, xs, index);
    }
    free(done);
    if (status == LS_OK && nsheets == 0) {
        snprintf(doc->reason, sizeof doc->reason, "xlsx: no worksheet");
        status = LS_EFAILED;
    }
    return status;
}

static ls_status xlsx_run(struct ls_doc *doc)
{
    ls_status status;
    unsigned char *buf = NULL;
    size_t len = 0, np = 0, i;
    struct ls_doczip_part *parts = NULL;
    struct sst sst;
    struct wb_st wb = {NULL, 0, 0, 0};
    struct xl_styles xs;
    uint64_t index = 0;
    char why[160];
    const struct ls_doczip_part *p;

    memset(&sst, 0, sizeof sst);
    memset(&xs, 0, sizeof xs);
    ls_strbuf_init(&sst.pool, doc->limits->max_buffer_bytes);
    status = ls_doc_slurp(doc, &buf, &len);
    if (status != LS_OK)
        goto out;
    status = ls_doczip_load(buf, len, doc->limits, xlsx_want, &parts, &np, doc->reason,
                            sizeof doc->reason);
    if (status != LS_OK)
        goto out;
    qsort(parts, np, sizeof *parts, part_cmp);
    wb.v = calloc(LS_DOCZIP_MAX_PARTS, sizeof *wb.v);
    if (!wb.v) {
        status = LS_ENOMEM;
        goto out;
    }
    if ((p = ls_doczip_find(parts, np, "xl/workbook.xml")) != NULL) {
        struct ls_docxml_handlers h = {wb_start, NULL, NULL, &wb, NULL};
        ls_docxml_parse(p->data, p->len, doc->limits, &h, why, sizeof why);
        if ((p = ls_doczip_find(parts, np, "xl/_rels/workbook.xml.rels")) != NULL) {
            wb.rels = 1;
            ls_docxml_parse(p->data, p->len, doc->limits, &h, why, sizeof why);
        }
    }
    xs.date1904 = wb.date1904;
    if ((p = ls_doczip_find(parts, np, "xl/styles.xml")) != NULL) {
        struct ls_docxml_handlers h = {styles_start, styles_end, NULL, &xs, NULL};
        ls_docxml_parse(p->data, p->len, doc->limits, &h, why, sizeof why);
    }
    if ((p = ls_doczip_find(parts, np, "xl/sharedStrings.xml")) != NULL) {
        struct ls_docxml_handlers h = {sst_start, sst_end, sst_text, &sst, NULL};
        if (ls_docxml_parse(p->data, p->len, doc->limits, &h, why, sizeof why) != LS_OK)
            snprintf(doc->reason, sizeof doc->reason, "partial: sharedStrings: %.150s", why);
    }
    if (!sst.pool.data)
        ls_strbuf_append(&sst.pool, "", 0);
    status = xlsx_sheets(doc, parts, np, &wb, &sst, &xs, &index);
out:
    if (wb.v) {
        for (i = 0; i < wb.n; i++) {
            free(wb.v[i].name);
            free(wb.v[i].rid);
            free(wb.v[i].target);
        }
        free(wb.v);
    }
    free(xs.xf);
    free(sst.off);
    free(sst.len);
    ls_strbuf_free(&sst.pool);
    if (parts)
        ls_doczip_parts_free(parts, np);
    ls_wipe_free_block(buf);
    return status;
}

/* --- pptx ----------------------------------------------------------------- */

struct slide_st {
    struct ls_strbuf *out;
    int in_t;
};

static void slide_start(void *ud, const char *l, const char **a)
{
    struct slide_st *s = ud;
    (void)a;
    if (!strcmp(l, "t"))
        s->in_t = 1;
    else if (!strcmp(l, "br"))
        ls_strbuf_putc(s->out, '\n');
}

static void slide_end(void *ud, const char *l)
{
    struct slide_st *s = ud;
    if (!strcmp(l, "t"))
        s->in_t = 0;
    else if (!strcmp(l, "p"))
        ls_strbuf_putc(s->out, '\n');
    else if (!strcmp(l, "tc"))
        ls_strbuf_putc(s->out, '\t');
}

static void slide_text(void *ud, const char *t, int len)
{
    struct slide_st *s = ud;
    if (s->in_t && len > 0)
        ls_strbuf_append(s->out, t, (size_t)len);
}

static int pptx_want(const char *n)
{
    return !strncmp(n, "ppt/slides/slide", 16) && !strchr(n + 11, '/');
}

static ls_status pptx_run(struct ls_doc *doc)
{
    ls_status status;
    unsigned char *buf = NULL;
    size_t len = 0, np = 0;
    struct ls_doczip_part *parts = NULL;
    struct ls_strbuf out;
    uint64_t index = 0;

    ls_strbuf_init(&out, doc->limits->max_buffer_bytes);
    status = ls_doc_slurp(doc, &buf, &len);
    if (status != LS_OK)
        goto out;
    status = ls_doczip_load(buf, len, doc->limits, pptx_want, &parts, &np, doc->reason,
                            sizeof doc->reason);
    if (status != LS_OK)
        goto out;
    qsort(parts, np, sizeof *parts, part_cmp);
    for (size_t i = 0; i < np && status == LS_OK; i++) {
        struct slide_st s = {&out, 0};
        struct ls_docxml_handlers h = {slide_start, slide_end, slide_text, &s, NULL};
        char why[160];
        ls_strbuf_reset(&out);
        out.overflow = 0;
        if (ls_docxml_parse(parts[i].data, parts[i].len, doc->limits, &h, why, sizeof why) != LS_OK)
            snprintf(doc->reason, sizeof doc->reason, "partial: %.60s: %.150s", parts[i].name, why);
        uint32_t page = (uint32_t)strtoul(parts[i].name + 16, NULL, 10);
        if (out.len)
            status = ls_emit_prose(doc, out.data, out.len, parts[i].name, page, &index);
    }
out:
    ls_strbuf_free(&out);
    if (parts)
        ls_doczip_parts_free(parts, np);
    ls_wipe_free_block(buf);
    return status;
}

const struct ls_extractor ls_extractor_xlsx = {"xlsx", xlsx_probe, xlsx_run};
const struct ls_extractor ls_extractor_pptx = {"pptx", pptx_probe, pptx_run};
