/* doctable.h — table-row records for the spreadsheet extractors (xlsx in
 * ooxml.c, ods in odf.c).
 *
 * The extractor adds a row's cells with their column; at the row's end the
 * first non-empty row becomes the header (the column names, not a record)
 * and each later non-empty row is one record for doc->on_record: its fields
 * tab-separated in column order, with field spans and column names, as a CSV
 * row would be. */
#ifndef LS_DOCTABLE_H
#define LS_DOCTABLE_H

#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "strbuf.h"

/* Columns of a sheet (Excel's own maximum is 16384); cells past it are
 * dropped. */
#define LS_DOCTABLE_MAX_COLS 16384

struct ls_doctable {
    struct ls_doc *doc;
    const char *part; /* sheet name */
    uint64_t *index;  /* running record number */
    char **header;    /* column names of the first row */
    size_t nheader;
    int have_header;
    struct ls_strbuf pool; /* this row's cell values */
    struct ls_strbuf text; /* the row as record text */
    size_t *ccol, *coff, *clen, ncells, capcells;
    size_t *foff, *flen; /* field spans of the record */
    const char **cols;   /* column names of the record */
    int *slot;           /* column -> cell */
};

/* Sets t up for one sheet: records go to doc->on_record with part (not
 * copied: it must outlive t) and numbers from *index.  Row text is bounded
 * by limits->max_record_bytes.  Returns LS_OK or LS_ENOMEM; in both cases
 * free t with ls_doctable_free. */
ls_status ls_doctable_init(struct ls_doctable *t, struct ls_doc *doc, const char *part,
                           uint64_t *index);

/* Adds the cell v[0..n) (copied) at column col (0-based) to the current
 * row.  A column past LS_DOCTABLE_MAX_COLS, or a cell that does not fit the
 * row's bound, is dropped.  Returns LS_OK or LS_ENOMEM. */
ls_status ls_doctable_cell(struct ls_doctable *t, size_t col, const char *v, size_t n);

/* Ends the row (line = its 1-based row number): makes it the header or
 * emits it; an empty row is neither.  Returns LS_OK, LS_ENOMEM or what
 * doc->on_record returned. */
ls_status ls_doctable_row_end(struct ls_doctable *t, uint64_t line);

/* Frees what t holds and zeroes it. */
void ls_doctable_free(struct ls_doctable *t);

#endif
