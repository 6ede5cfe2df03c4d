/* extract/odf.c — OpenDocument: .odt and .ods.
 *
 * The shared document helpers read content.xml (and, for .odt, styles.xml,
 * where page headers and footers live): doczip.h the zip's parts, docxml.h
 * the hardened XML parse, doctable.h the rows of an .ods sheet.
 *
 *  - odt: one prose record (part "content.xml"): paragraphs and headings end
 *    with a newline, text:s is that many spaces, text:tab a tab,
 *    text:line-break a newline, a table row is one line with its cells
 *    tab-separated; then the headers and footers of styles.xml.
 *  - ods: each row of each table is a record, columns named by the first
 *    non-empty row (as for xlsx); part = the table's name.  Repeated cells
 *    are expanded (an empty run only moves the column), a repeated row is
 *    emitted at most ODS_MAX_ROW_REPEAT times. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doctable.h"
#include "extract/docxml.h"
#include "extract/doczip.h"
#include "extract/extractors.h"
#include "wipe.h"

#define ODF_MAX_SPACES 1000      /* text:s c="…" */
#define ODS_MAX_COLS 16384       /* columns of a sheet */
#define ODS_MAX_CELL_REPEAT 1024 /* copies of one non-empty repeated cell */
#define ODS_MAX_ROW_REPEAT 1000  /* copies of one non-empty repeated row */

/* --- odt ------------------------------------------------------------------- */

struct odt_st {
    struct ls_strbuf *out;
    int in_p;    /* inside text:p / text:h (nesting) */
    int in_cell; /* inside table:table-cell */
    int in_hf;   /* inside a header/footer (styles.xml) */
    int styles;  /* parsing styles.xml: only headers/footers count */
    int skip;    /* inside an element whose text is not content */
};

static int collecting(const struct odt_st *s)
{
    return s->in_p && !s->skip && (!s->styles || s->in_hf);
}

static int is_hf(const char *l)
{
    return !strcmp(l, "header") || !strcmp(l, "footer") || !strcmp(l, "header-left") ||
           !strcmp(l, "footer-left") || !strcmp(l, "header-first") || !strcmp(l, "footer-first");
}

static void odt_start(void *ud, const char *l, const char **a)
{
    struct odt_st *s = ud;
    if (!strcmp(l, "p") || !strcmp(l, "h"))
        s->in_p++;
    else if (!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell"))
        s->in_cell++;
    else if (is_hf(l))
        s->in_hf++;
    else if (!strcmp(l, "creator") || !strcmp(l, "date") || !strcmp(l, "tracked-changes"))
        s->skip++;
    else if (collecting(s)) {
        if (!strcmp(l, "s")) {
            const char *c = ls_docxml_attr(a, "c");
            long n = c ? strtol(c, NULL, 10) : 1;
            if (n < 1)
                n = 1;
            if (n > ODF_MAX_SPACES)
                n = ODF_MAX_SPACES;
            while (n-- > 0)
                ls_strbuf_putc(s->out, ' ');
        } else if (!strcmp(l, "tab"))
            ls_strbuf_putc(s->out, '\t');
        else if (!strcmp(l, "line-break"))
            ls_strbuf_putc(s->out, s->in_cell ? ' ' : '\n');
    }
}

static void trim(struct ls_strbuf *b, const char *set)
{
    while (b->len && strchr(set, b->data[b->len - 1]))
        b->data[--b->len] = 0;
}

static void odt_end(void *ud, const char *l)
{
    struct odt_st *s = ud;
    if (!strcmp(l, "p") || !strcmp(l, "h")) {
        if (collecting(s))
            ls_strbuf_putc(s->out, s->in_cell ? ' ' : '\n');
        if (s->in_p)
            s->in_p--;
    } else if (!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) {
        if (s->in_cell)
            s->in_cell--;
        if (!s->styles || s->in_hf) {
            trim(s->out, " ");
            ls_strbuf_putc(s->out, '\t');
        }
    } else if (!strcmp(l, "table-row")) {
        if (!s->styles || s->in_hf) {
            trim(s->out, "\t");
            ls_strbuf_putc(s->out, '\n');
        }
    } else if (is_hf(l)) {
        if (s->in_hf)
            s->in_hf--;
    } else if (!strcmp(l, "creator") || !strcmp(l, "date") || !strcmp(l, "tracked-changes")) {
        if (s->skip)
            s->skip--;
    }
}

static void odt_text(void *ud, const char *t, int len)
{
    struct odt_st *s = ud;
    if (len > 0 && collecting(s))
        ls_strbuf_append(s->out, t, (size_t)len);
}

static int odf_want(const char *n)
{
    return !strcmp(n, "content.xml") || !strcmp(n, "styles.xml");
}

static ls_status odf_load(struct ls_doc *doc, unsigned char **buf, struct ls_doczip_part **parts,
                          size_t *np)
{
    size_t len = 0;
    ls_status st = ls_doc_slurp(doc, buf, &len);
    if (st != LS_OK)
        return st;
    st = ls_doczip_load(*buf, len, doc->limits, odf_want, parts, np, doc->reason,
                        sizeof doc->reason);
    if (st != LS_OK)
        return st;
    if (!ls_doczip_find(*parts, *np, "content.xml")) {
        snprintf(doc->reason, sizeof doc->reason, "odf: no content.xml");
        return LS_EFAILED;
    }
    return LS_OK;
}

static ls_status odt_run(struct ls_doc *doc)
{
    unsigned char *buf = NULL;
    struct ls_doczip_part *parts = NULL;
    size_t np = 0;
    struct ls_strbuf out;
    uint64_t index = 0;
    char why[160];
    ls_strbuf_init(&out, doc->limits->max_buffer_bytes);
    ls_status status = odf_load(doc, &buf, &parts, &np);
    if (status != LS_OK)
        goto out;
    const struct ls_doczip_part *c = ls_doczip_find(parts, np, "content.xml");
    struct odt_st s = {&out, 0, 0, 0, 0, 0};
    struct ls_docxml_handlers h = {odt_start, odt_end, odt_text, &s, NULL};
    if (ls_docxml_parse(c->data, c->len, doc->limits, &h, why, sizeof why) != LS_OK) {
        if (out.len == 0) {
            snprintf(doc->reason, sizeof doc->reason, "content.xml: %.200s", why);
            status = LS_EFAILED;
            goto out;
        }
        snprintf(doc->reason, sizeof doc->reason, "partial: content.xml: %.180s", why);
    }
    const struct ls_doczip_part *st = ls_doczip_find(parts, np, "styles.xml");
    if (st) {
        struct odt_st s2 = {&out, 0, 0, 0, 1, 0};
        h.ud = &s2;
        if (out.len)
            ls_strbuf_putc(&out, '\n');
        if (ls_docxml_parse(st->data, st->len, doc->limits, &h, why, sizeof why) != LS_OK)
            snprintf(doc->reason, sizeof doc->reason, "partial: styles.xml: %.180s", why);
    }
    if (out.overflow)
        snprintf(doc->reason, sizeof doc->reason, "partial: limit: text over %zu bytes", out.max);
    status = ls_emit_prose(doc, out.data ? out.data : "", out.len, "content.xml", 0, &index);
out:
    ls_strbuf_free(&out);
    if (parts)
        ls_doczip_parts_free(parts, np);
    ls_wipe_free_block(buf);
    return status;
}

/* --- ods ------------------------------------------------------------------- */

struct ods_st {
    struct ls_doc *doc;
    uint64_t *index;
    struct ls_doctable tab;
    int have_tab;
    char name[256];
    ls_status status;
    int stop;
    uint64_t row; /* 1-based row number of the current row */
    long row_rep; /* table:number-rows-repeated of the current row */
    size_t col;   /* column of the current cell */
    long cell_rep;
    int in_cell, in_p, nps;
    struct ls_strbuf cell;
};

static void ods_fail(struct ods_st *s, ls_status st)
{
    if (st != LS_OK && s->status == LS_OK) {
        s->status = st;
        s->stop = 1;
    }
}

static void ods_start(void *ud, const char *l, const char **a)
{
    struct ods_st *s = ud;
    if (!strcmp(l, "table")) {
        if (s->have_tab)
            ls_doctable_free(&s->tab);
        const char *n = ls_docxml_attr(a, "name");
        snprintf(s->name, sizeof s->name, "%s", n ? n : "table");
        ods_fail(s, ls_doctable_init(&s->tab, s->doc, s->name, s->index));
        s->have_tab = 1;
        s->row = 0;
    } else if (!strcmp(l, "table-row") && s->have_tab) {
        const char *r = ls_docxml_attr(a, "number-rows-repeated");
        s->row_rep = r ? strtol(r, NULL, 10) : 1;
        if (s->row_rep < 1)
            s->row_rep = 1;
        s->row++;
        s->col = 0;
    } else if ((!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) && s->have_tab) {
        const char *r = ls_docxml_attr(a, "number-columns-repeated");
        s->cell_rep = r ? strtol(r, NULL, 10) : 1;
        if (s->cell_rep < 1)
            s->cell_rep = 1;
        s->in_cell = 1;
        s->nps = 0;
        ls_strbuf_reset(&s->cell);
    } else if (s->in_cell && (!strcmp(l, "p") || !strcmp(l, "h"))) {
        if (s->nps++)
            ls_strbuf_putc(&s->cell, ' ');
        s->in_p++;
    } else if (s->in_p && !strcmp(l, "s")) {
        const char *c = ls_docxml_attr(a, "c");
        long n = c ? strtol(c, NULL, 10) : 1;
        for (long i = 0; i < n && i < ODF_MAX_SPACES; i++)
            ls_strbuf_putc(&s->cell, ' ');
    } else if (s->in_p && (!strcmp(l, "tab") || !strcmp(l, "line-break"))) {
        ls_strbuf_putc(&s->cell, ' ');
    }
}

static void ods_end(void *ud, const char *l)
{
    struct ods_st *s = ud;
    if ((!strcmp(l, "p") || !strcmp(l, "h")) && s->in_p) {
        s->in_p--;
    } else if ((!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) && s->in_cell) {
        s->in_cell = 0;
        if (s->cell.len == 0) {
            s->col += (size_t)(s->cell_rep > ODS_MAX_COLS ? ODS_MAX_COLS : s->cell_rep);
            if (s->col > ODS_MAX_COLS)
                s->col = ODS_MAX_COLS;
            return;
        }
        for (long i = 0; i < s->cell_rep && i < ODS_MAX_CELL_REPEAT && s->col < ODS_MAX_COLS; i++)
            ods_fail(s, ls_doctable_cell(&s->tab, s->col++, s->cell.data, s->cell.len));
    } else if (!strcmp(l, "table-row") && s->have_tab) {
        /* emit the row once per repeat (a header row only once) */
        int had_header = s->tab.have_header;
        size_t nc = s->tab.ncells;
        if (nc == 0 || s->row_rep == 1 || !had_header) {
            ods_fail(s, ls_doctable_row_end(&s->tab, s->row));
        } else {
            /* keep the cells for each copy: rebuild them from the pool */
            struct ls_strbuf keep;
            size_t *cc = malloc(nc * 3 * sizeof *cc);
            ls_strbuf_init(&keep, s->tab.pool.max);
            if (!cc || ls_strbuf_append(&keep, s->tab.pool.data, s->tab.pool.len) != 0) {
                free(cc);
                ls_strbuf_free(&keep);
                ods_fail(s, LS_ENOMEM);
                return;
            }
            for (size_t i = 0; i < nc; i++) {
                cc[3 * i] = s->tab.ccol[i];
                cc[3 * i + 1] = s->tab.coff[i];
                cc[3 * i + 2] = s->tab.clen[i];
            }
            for (long r = 0; r < s->row_rep && r < ODS_MAX_ROW_REPEAT && s->status == LS_OK; r++) {
                if (r)
                    for (size_t i = 0; i < nc; i++)
                        ls_doctable_cell(&s->tab, cc[3 * i], keep.data + cc[3 * i + 1],
                                         cc[3 * i + 2]);
                ods_fail(s, ls_doctable_row_end(&s->tab, s->row + (uint64_t)r));
            }
            free(cc);
            ls_strbuf_free(&keep);
        }
        if (s->row_rep > 1)
            s->row += (uint64_t)(s->row_rep - 1);
    }
}

static void ods_text(void *ud, const char *t, int len)
{
    struct ods_st *s = ud;
    if (s->in_p && len > 0)
        ls_strbuf_append(&s->cell, t, (size_t)len);
}

static ls_status ods_run(struct ls_doc *doc)
{
    unsigned char *buf = NULL;
    struct ls_doczip_part *parts = NULL;
    size_t np = 0;
    uint64_t index = 0;
    char why[160];
    struct ods_st s;
    memset(&s, 0, sizeof s);
    s.doc = doc;
    s.index = &index;
    ls_strbuf_init(&s.cell, doc->limits->max_record_bytes);
    ls_status status = odf_load(doc, &buf, &parts, &np);
    if (status != LS_OK)
        goto out;
    const struct ls_doczip_part *c = ls_doczip_find(parts, np, "content.xml");
    struct ls_docxml_handlers h = {ods_start, ods_end, ods_text, &s, &s.stop};
    status = ls_docxml_parse(c->data, c->len, doc->limits, &h, why, sizeof why);
    if (status == LS_EFAILED) {
        if (index == 0) {
            snprintf(doc->reason, sizeof doc->reason, "content.xml: %.200s", why);
        } else {
            snprintf(doc->reason, sizeof doc->reason, "partial: content.xml: %.180s", why);
            status = LS_OK;
        }
    }
    if (s.status != LS_OK)
        status = s.status;
out:
    if (s.have_tab)
        ls_doctable_free(&s.tab);
    ls_strbuf_free(&s.cell);
    if (parts)
        ls_doczip_parts_free(parts, np);
    ls_wipe_free_block(buf);
    return status;
}

/* --- probes ------------------------------------------------------------------ */

static int odf_probe(const char *mime, const unsigned char *head, size_t hl, const char *want)
{
    char full[96];
    snprintf(full, sizeof full, "application/vnd.oasis.opendocument.%s", want);
    if (mime && !strcmp(mime, full))
        return 90;
    /* the first member is "mimetype", stored, holding the type */
    size_t fl = strlen(full);
    if (hl >= 30 && !memcmp(head, "PK\3\4", 4) && head[26] == 8 && head[27] == 0 &&
        !memcmp(head + 30, "mimetype", 8 < hl - 30 ? 8 : hl - 30)) {
        size_t off = 38 + ((size_t)head[28] | (size_t)head[29] << 8);
        if (off + fl <= hl && !memcmp(head + off, full, fl))
            return 90;
    }
    return 0;
}

static int odt_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                     const char *name)
{
    (void)cs;
    (void)name;
    return odf_probe(mime, head, hl, "text");
}

static int ods_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                     const char *name)
{
    (void)cs;
    (void)name;
    return odf_probe(mime, head, hl, "spreadsheet");
}

const struct ls_extractor ls_extractor_odt = {"odt", odt_probe, odt_run};
const struct ls_extractor ls_extractor_ods = {"ods", ods_probe, ods_run};
