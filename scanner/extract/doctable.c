/* doctable.c — table-row records for the spreadsheet extractors (see
 * doctable.h): cells collected per row, the first non-empty row kept as the
 * header, every later one emitted as a record with field spans. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strndup */
#endif
#include <stdlib.h>
#include <string.h>

#include "extract/doctable.h"

ls_status ls_doctable_init(struct ls_doctable *t, struct ls_doc *doc, const char *part,
                           uint64_t *index)
{
    memset(t, 0, sizeof *t);
    t->doc = doc;
    t->part = part;
    t->index = index;
    ls_strbuf_init(&t->pool, doc->limits->max_record_bytes);
    ls_strbuf_init(&t->text, doc->limits->max_record_bytes);
    t->foff = calloc(LS_DOCTABLE_MAX_COLS, sizeof *t->foff);
    t->flen = calloc(LS_DOCTABLE_MAX_COLS, sizeof *t->flen);
    t->cols = calloc(LS_DOCTABLE_MAX_COLS, sizeof *t->cols);
    t->slot = calloc(LS_DOCTABLE_MAX_COLS, sizeof *t->slot);
    return t->foff && t->flen && t->cols && t->slot ? LS_OK : LS_ENOMEM;
}

void ls_doctable_free(struct ls_doctable *t)
{
    for (size_t i = 0; i < t->nheader; i++)
        free(t->header[i]);
    free(t->header);
    free(t->ccol);
    free(t->coff);
    free(t->clen);
    free(t->foff);
    free(t->flen);
    free(t->cols);
    free(t->slot);
    ls_strbuf_free(&t->pool);
    ls_strbuf_free(&t->text);
    memset(t, 0, sizeof *t);
}

ls_status ls_doctable_cell(struct ls_doctable *t, size_t col, const char *v, size_t vl)
{
    if (col >= LS_DOCTABLE_MAX_COLS)
        return LS_OK;
    if (t->ncells == t->capcells) {
        if (t->capcells >= LS_DOCTABLE_MAX_COLS)
            return LS_OK;
        size_t nc = t->capcells ? t->capcells * 2 : 64;
        size_t *a = realloc(t->ccol, nc * sizeof *a);
        if (!a)
            return LS_ENOMEM;
        t->ccol = a;
        a = realloc(t->coff, nc * sizeof *a);
        if (!a)
            return LS_ENOMEM;
        t->coff = a;
        a = realloc(t->clen, nc * sizeof *a);
        if (!a)
            return LS_ENOMEM;
        t->clen = a;
        t->capcells = nc;
    }
    size_t off = t->pool.len;
    if (ls_strbuf_append(&t->pool, v, vl) != 0)
        return LS_OK; /* row over the record limit: the cell is dropped */
    t->ccol[t->ncells] = col;
    t->coff[t->ncells] = off;
    t->clen[t->ncells] = vl;
    t->ncells++;
    return LS_OK;
}

ls_status ls_doctable_row_end(struct ls_doctable *t, uint64_t line)
{
    size_t maxcol = 0, i;
    int nonempty = 0;
    ls_status st = LS_OK;
    for (i = 0; i < t->ncells; i++) {
        if (t->clen[i])
            nonempty = 1;
        if (t->ccol[i] > maxcol)
            maxcol = t->ccol[i];
    }
    if (!nonempty)
        goto out;
    size_t ncol = maxcol + 1;
    for (i = 0; i < ncol; i++)
        t->slot[i] = -1;
    for (i = 0; i < t->ncells; i++)
        t->slot[t->ccol[i]] = (int)i;
    if (!t->have_header) {
        t->header = calloc(ncol, sizeof *t->header);
        if (!t->header) {
            st = LS_ENOMEM;
            goto out;
        }
        t->nheader = ncol;
        for (i = 0; i < ncol; i++)
            if (t->slot[i] >= 0) {
                size_t k = (size_t)t->slot[i];
                t->header[i] = strndup(t->pool.data + t->coff[k], t->clen[k]);
            }
        t->have_header = 1;
        goto out;
    }
    ls_strbuf_reset(&t->text);
    t->text.overflow = 0;
    for (i = 0; i < ncol; i++) {
        if (i)
            ls_strbuf_putc(&t->text, '\t');
        t->foff[i] = t->text.len;
        if (t->slot[i] >= 0) {
            size_t k = (size_t)t->slot[i];
            ls_strbuf_append(&t->text, t->pool.data + t->coff[k], t->clen[k]);
        }
        t->flen[i] = t->text.len - t->foff[i];
        t->cols[i] = i < t->nheader ? t->header[i] : NULL;
    }
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = t->text.data ? t->text.data : "";
    rec.len = t->text.len;
    rec.index = (*t->index)++;
    rec.line = line;
    rec.part = t->part;
    rec.ncolumns = ncol;
    rec.columns = t->cols;
    rec.field_off = t->foff;
    rec.field_len = t->flen;
    st = t->doc->on_record(t->doc->ud, &rec);
out:
    t->ncells = 0;
    ls_strbuf_reset(&t->pool);
    return st;
}
