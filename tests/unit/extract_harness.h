/* extract_harness.h — shared by the extractor unit tests: run an extractor
 * over bytes in memory and keep a copy of every record it emits. */
#ifndef LS_EXTRACT_HARNESS_H
#define LS_EXTRACT_HARNESS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "extract/extract.h"
#include "extract/extractors.h"
#include "input.h"
#include "scanlimits.h"

#define H_MAX_RECS 4096

struct h_rec {
    char *text;
    size_t len;
    uint64_t index, line, offset;
    int prose;
    size_t ncol;
    char **cols;   /* NULL entries kept */
    char **fields; /* each field's bytes, NUL-terminated */
};

struct h_run {
    struct h_rec r[H_MAX_RECS];
    size_t n;
    ls_status st;
    struct ls_doc doc;
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

static inline ls_status h_collect(void *ud, const struct ls_record *rec)
{
    struct h_run *h = ud;
    if (h->n >= H_MAX_RECS)
        return LS_OK;
    struct h_rec *r = &h->r[h->n++];
    memset(r, 0, sizeof *r);
    r->text = h_dup(rec->text, rec->len);
    r->len = rec->len;
    r->index = rec->index;
    r->line = rec->line;
    r->offset = rec->offset;
    r->prose = rec->prose;
    r->ncol = rec->ncolumns;
    if (rec->ncolumns) {
        r->cols = calloc(rec->ncolumns, sizeof *r->cols);
        r->fields = calloc(rec->ncolumns, sizeof *r->fields);
        assert_non_null(r->cols);
        assert_non_null(r->fields);
        for (size_t i = 0; i < rec->ncolumns; i++) {
            if (rec->columns && rec->columns[i])
                r->cols[i] = h_dup(rec->columns[i], strlen(rec->columns[i]));
            assert_true(rec->field_off[i] + rec->field_len[i] <= rec->len);
            r->fields[i] = h_dup(rec->text + rec->field_off[i], rec->field_len[i]);
        }
    }
    if (h->stop_after && h->n >= h->stop_after)
        return LS_EFAILED;
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
        free(r->cols);
        free(r->fields);
        free(r->text);
    }
    free(h);
}

/* Runs ex over data; lim NULL = defaults.  Returns a heap h_run (h_free it). */
static inline struct h_run *h_run_lim(const struct ls_extractor *ex, const char *mime,
                               const char *charset, const void *data, size_t len,
                               const struct ls_limits *lim, unsigned stop_after)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct h_run *h = calloc(1, sizeof *h);
    assert_non_null(h);
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
    h->doc.ud = h;
    h->st = ex->run(&h->doc);
    h->doc.in = NULL;
    h->doc.limits = NULL;
    return h;
}

static inline struct h_run *h_run(const struct ls_extractor *ex, const char *mime, const char *charset,
                           const char *s)
{
    return h_run_lim(ex, mime, charset, s, strlen(s), NULL, 0);
}

#endif
