/* extractors_doc.h — the document extractors (office, PDF, RTF, mail,
 * images) and the few helpers they share.
 *
 * Each extractor is one file and one `const struct ls_extractor`; extract.c
 * lists them in its dispatch table.  Probe scores (the highest wins; plain
 * text is 10): docx/xlsx/pptx/odt/ods 90, pdf 90, rtf 85, mail 80 (a
 * message/rfc822 or application/mbox MIME type 85), image 80.
 *
 * The helpers below (ls_docx_…) are internal to the document extractors:
 * the zip and XML ones live in scanner/extract/ooxml.c, the charset ones in
 * scanner/extract/mail.c.  Nothing outside the extract_* files should call them. */
#ifndef LS_EXTRACTORS_DOC_H
#define LS_EXTRACTORS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "strbuf.h"

extern const struct ls_extractor ls_extractor_docx, ls_extractor_xlsx, ls_extractor_pptx,
    ls_extractor_odt, ls_extractor_ods, ls_extractor_pdf, ls_extractor_rtf, ls_extractor_mail,
    ls_extractor_image;

/* --- shared helpers (scanner/extract/ooxml.c) ----------------------------------- */

/* Reads the whole of doc->in into a malloc'd buffer of at most
 * limits->max_buffer_bytes (NUL-terminated).  On failure returns the status
 * and fills doc->reason. */
ls_status ls_docx_slurp(struct ls_doc *doc, unsigned char **out, size_t *len);

/* One member of a zip read into memory. */
struct ls_docx_zip_part {
    char *name;          /* entry name, NUL-terminated */
    unsigned char *data; /* inflated bytes, NUL-terminated */
    size_t len;          /* bytes of data */
};

/* Reads the entries of the zip in buf whose names `want` accepts into
 * *parts (malloc'd, *nparts entries).  Each entry is bounded by
 * limits->max_entry_bytes and max_buffer_bytes, all of them together by
 * max_buffer_bytes.  Returns LS_OK (possibly with a partial set: reason
 * then says what was left out), LS_EFAILED for an unreadable zip, LS_ENOMEM.
 * Free with ls_docx_zip_parts_free. */
ls_status ls_docx_zip_load(const unsigned char *buf, size_t len, const struct ls_limits *lim,
                           int (*want)(const char *name), struct ls_docx_zip_part **parts,
                           size_t *nparts, char *reason, size_t reasonlen);
void ls_docx_zip_parts_free(struct ls_docx_zip_part *parts, size_t nparts);
/* The part of that name, or NULL. */
const struct ls_docx_zip_part *ls_docx_zip_find(const struct ls_docx_zip_part *parts, size_t nparts,
                                                const char *name);

/* A hardened expat parse: no DOCTYPE (so no entities at all, internal or
 * external), depth bounded by limits->max_xml_depth.  Element names are
 * given without their namespace prefix ("w:p" -> "p").  Returns LS_OK or
 * LS_EFAILED with reason filled. */
struct ls_docx_xml_handlers {
    void (*start)(void *ud, const char *local, const char **attrs);
    void (*end)(void *ud, const char *local);
    void (*text)(void *ud, const char *s, int len);
    void *ud;
    const int *stop; /* optional: when *stop becomes non-zero the parse ends (LS_OK) */
};
ls_status ls_docx_xml_parse(const unsigned char *data, size_t len, const struct ls_limits *lim,
                            const struct ls_docx_xml_handlers *h, char *reason, size_t reasonlen);
/* The value of attribute `local` (prefix ignored) in an expat attribute list, or NULL. */
const char *ls_docx_xml_attr(const char **attrs, const char *local);
/* Local part of a possibly prefixed XML name. */
const char *ls_docx_xml_local(const char *name);

/* True when a zip head (a file's first bytes) has a local header whose
 * entry name starts with prefix (or equals it). */
int ls_docx_zip_head_has(const unsigned char *head, size_t head_len, const char *prefix);

/* Builds table-row records (xlsx, ods): cells are added with their column,
 * the first non-empty row becomes the header (column names) and is not a
 * record; each later non-empty row is one record, fields tab-separated. */
struct ls_docx_table {
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
ls_status ls_docx_table_init(struct ls_docx_table *t, struct ls_doc *doc, const char *part,
                             uint64_t *index);
ls_status ls_docx_table_cell(struct ls_docx_table *t, size_t col, const char *v, size_t n);
/* Ends a row: makes it the header or emits it (line = its 1-based row). */
ls_status ls_docx_table_row_end(struct ls_docx_table *t, uint64_t line);
void ls_docx_table_free(struct ls_docx_table *t);

#endif
