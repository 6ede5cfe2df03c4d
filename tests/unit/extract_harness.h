/* extract_harness.h — the harness of every extractor unit test
 * (tests/unit/test_extract_*.c).  It runs one extractor, through its public
 * `const struct ls_extractor`, over bytes in memory and keeps a copy of all
 * it hands back: each record (text, place, columns and field spans, the
 * parts of a joined document with their names, pages and lines) and each
 * child item (a mail attachment), checking every span as it arrives.  It
 * also writes small zip files in memory (libarchive) for the office and
 * OpenDocument tests. */
#ifndef LS_EXTRACT_HARNESS_H
#define LS_EXTRACT_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>

#include "extract/extract.h"
#include "extract/extractors.h"
#include "input.h"
#include "scanlimits.h"

#define H_MAX_RECS 4096
#define H_MAX_CHILDREN 64

/* A copy of one record; strings NUL-terminated. */
struct h_rec {
    char *text;
    size_t len;
    uint64_t index, line, offset;
    uint32_t page;
    char *part; /* NULL when the record names none */
    int prose, ascii;
    size_t ncol;
    char **cols;   /* NULL entries kept */
    char **fields; /* each field's bytes */
    /* the parts of a joined record (docx body and headers, PDF pages) */
    size_t nparts;
    size_t *part_off;
    char **part_names;    /* NULL entries when the record names none */
    uint32_t *part_pages; /* 0 when the record has no pages */
    uint64_t *part_line;  /* 0 when the record has no part lines */
};

/* A copy of one child item (data NUL-terminated, len its bytes). */
struct h_child {
    char *name;
    char *data;
    size_t len;
};

struct h_run {
    struct h_rec r[H_MAX_RECS];
    size_t n;
    struct h_child c[H_MAX_CHILDREN];
    size_t nchild;
    ls_status st;
    struct ls_doc doc;   /* after the run: reason, invalid_sequences, no_text_layer */
    unsigned stop_after; /* return LS_EFAILED from the callback after this many; 0 never */
};

static inline char *h_dup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    assert_non_null(d);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* s, or "" for NULL. */
static inline const char *h_str(const char *s)
{
    return s ? s : "";
}

static inline void *h_calloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    assert_non_null(p);
    return p;
}

static inline void h_copy_parts(struct h_rec *r, const struct ls_record *rec)
{
    r->nparts = rec->nparts;
    if (!rec->nparts)
        return;
    r->part_off = h_calloc(rec->nparts, sizeof *r->part_off);
    r->part_names = h_calloc(rec->nparts, sizeof *r->part_names);
    r->part_pages = h_calloc(rec->nparts, sizeof *r->part_pages);
    r->part_line = h_calloc(rec->nparts, sizeof *r->part_line);
    for (size_t i = 0; i < rec->nparts; i++) {
        /* in range and ascending */
        assert_true(rec->part_off[i] <= rec->len);
        assert_true(i == 0 || rec->part_off[i] >= rec->part_off[i - 1]);
        r->part_off[i] = rec->part_off[i];
        if (rec->part_names && rec->part_names[i])
            r->part_names[i] = h_dup(rec->part_names[i], strlen(rec->part_names[i]));
        if (rec->part_pages)
            r->part_pages[i] = rec->part_pages[i];
        if (rec->part_line)
            r->part_line[i] = rec->part_line[i];
    }
}

static inline ls_status h_collect(void *ud, const struct ls_record *rec)
{
    struct h_run *h = ud;
    if (h->n >= H_MAX_RECS)
        return LS_OK;
    for (size_t i = 0; rec->ascii && i < rec->len; i++) /* a claim of ASCII holds */
        assert_true((unsigned char)rec->text[i] < 0x80);
    struct h_rec *r = &h->r[h->n++];
    memset(r, 0, sizeof *r);
    r->text = h_dup(rec->text, rec->len);
    r->len = rec->len;
    r->index = rec->index;
    r->line = rec->line;
    r->offset = rec->offset;
    r->page = rec->page;
    r->part = rec->part ? h_dup(rec->part, strlen(rec->part)) : NULL;
    r->prose = rec->prose;
    r->ascii = rec->ascii;
    r->ncol = rec->ncolumns;
    if (rec->ncolumns) {
        r->cols = h_calloc(rec->ncolumns, sizeof *r->cols);
        r->fields = h_calloc(rec->ncolumns, sizeof *r->fields);
        for (size_t i = 0; i < rec->ncolumns; i++) {
            if (rec->columns && rec->columns[i])
                r->cols[i] = h_dup(rec->columns[i], strlen(rec->columns[i]));
            assert_true(rec->field_off[i] + rec->field_len[i] <= rec->len);
            r->fields[i] = h_dup(rec->text + rec->field_off[i], rec->field_len[i]);
        }
    }
    h_copy_parts(r, rec);
    if (h->stop_after && h->n >= h->stop_after)
        return LS_EFAILED;
    return LS_OK;
}

static inline ls_status h_collect_child(void *ud, const char *name, const unsigned char *data,
                                        size_t len)
{
    struct h_run *h = ud;
    if (h->nchild >= H_MAX_CHILDREN)
        return LS_OK;
    struct h_child *c = &h->c[h->nchild++];
    c->name = h_dup(name, strlen(name));
    c->data = h_dup((const char *)data, len);
    c->len = len;
    return LS_OK;
}

static inline void h_free(struct h_run *h)
{
    for (size_t i = 0; i < h->n; i++) {
        struct h_rec *r = &h->r[i];
        for (size_t j = 0; j < r->ncol; j++) {
            free(r->cols[j]);
            free(r->fields[j]);
        }
        for (size_t j = 0; j < r->nparts; j++)
            free(r->part_names[j]);
        free(r->cols);
        free(r->fields);
        free(r->part_off);
        free(r->part_names);
        free(r->part_pages);
        free(r->part_line);
        free(r->part);
        free(r->text);
    }
    for (size_t i = 0; i < h->nchild; i++) {
        free(h->c[i].name);
        free(h->c[i].data);
    }
    free(h);
}

/* Runs ex over data, declared as mime and charset; lim NULL = defaults.
 * Returns a heap h_run (h_free it). */
static inline struct h_run *h_run_lim(const struct ls_extractor *ex, const char *mime,
                                      const char *charset, const void *data, size_t len,
                                      const struct ls_limits *lim, unsigned stop_after)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct h_run *h = h_calloc(1, sizeof *h);
    if (lim)
        l = *lim;
    else
        ls_limits_default(&l);
    ls_input_from_memory(&in, data, len, head);
    h->stop_after = stop_after;
    h->doc.path = "test";
    h->doc.mime = mime;
    h->doc.charset = charset;
    h->doc.in = &in;
    h->doc.limits = &l;
    h->doc.on_record = h_collect;
    h->doc.on_child = h_collect_child;
    h->doc.ud = h;
    h->st = ex->run(&h->doc);
    h->doc.in = NULL;
    h->doc.limits = NULL;
    return h;
}

/* A text format over a C string. */
static inline struct h_run *h_run(const struct ls_extractor *ex, const char *mime,
                                  const char *charset, const char *s)
{
    return h_run_lim(ex, mime, charset, s, strlen(s), NULL, 0);
}

/* A document (the document extractors read no MIME type or charset). */
static inline struct h_run *h_run_doc(const struct ls_extractor *ex, const void *data, size_t len,
                                      const struct ls_limits *lim)
{
    return h_run_lim(ex, "application/octet-stream", "binary", data, len, lim, 0);
}

/* A document given as a C string (RTF, mail). */
static inline struct h_run *h_run_doc_str(const struct ls_extractor *ex, const char *s,
                                          const struct ls_limits *lim)
{
    return h_run_doc(ex, s, strlen(s), lim);
}

/* The status of a run of ex over a document, its records dropped. */
static inline ls_status h_status_doc(const struct ls_extractor *ex, const void *data, size_t len)
{
    struct h_run *h = h_run_doc(ex, data, len, NULL);
    ls_status st = h->st;
    h_free(h);
    return st;
}

/* The probe of ex over a C string. */
static inline int h_probe(const struct ls_extractor *ex, const char *mime, const char *charset,
                          const char *s, const char *name)
{
    return ex->probe(mime, charset, (const unsigned char *)s, strlen(s), name);
}

/* Writes into out (cap bytes) a zip of n members, m[2i] the name and
 * m[2i + 1] the text of member i: deflated, or stored when store is set (an
 * OpenDocument's mimetype comes first and stored).  Returns its size. */
static inline size_t h_zip(unsigned char *out, size_t cap, const char *const *m, size_t n,
                           int store)
{
    struct archive *a = archive_write_new();
    size_t used = 0;
    archive_write_set_format_zip(a);
    if (store)
        archive_write_zip_set_compression_store(a);
    assert_int_equal(archive_write_open_memory(a, out, cap, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, m[2 * i]);
        archive_entry_set_size(e, (la_int64_t)strlen(m[2 * i + 1]));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        archive_write_data(a, m[2 * i + 1], strlen(m[2 * i + 1]));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return used;
}

/* The number of members of a (name, text) array for h_zip. */
#define H_ZIP_MEMBERS(m) (sizeof(m) / sizeof(m)[0] / 2)

#endif
