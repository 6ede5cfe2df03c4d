/* fuzz_doc.h — the body shared by the document extractor fuzz targets
 * (office, ODF, PDF, RTF, mail, image): the bytes go through each listed
 * extractor over an in-memory input, with every record and child touched so
 * that ASan sees out-of-range spans.  `make fuzz` builds the targets with
 * libFuzzer into tests/fuzz/bin/; in `make check` they are linked with
 * tests/fuzz/standalone_main.c and run over its seeds. */
#ifndef LS_FUZZ_DOC_H
#define LS_FUZZ_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract/extractors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ls_status on_record(void *ud, const struct ls_record *r)
{
    /* touch every byte so that ASan sees out-of-range records */
    volatile unsigned char sum = 0;
    (void)ud;
    for (size_t i = 0; i < r->len; i++)
        sum = (unsigned char)(sum + (unsigned char)r->text[i]);
    for (size_t c = 0; c < r->ncolumns; c++) {
        if (r->field_off[c] + r->field_len[c] > r->len)
            __builtin_trap();
        if (r->columns && r->columns[c])
            sum = (unsigned char)(sum + strlen(r->columns[c]));
        if (r->field_line)
            sum = (unsigned char)(sum + r->field_line[c]);
    }
    /* the part spans of a joined document (docx body, headers, comments) */
    for (size_t i = 0; i < r->nparts; i++) {
        if (r->part_off[i] > r->len || (i > 0 && r->part_off[i] < r->part_off[i - 1]))
            __builtin_trap();
        if (r->part_names && r->part_names[i])
            sum = (unsigned char)(sum + strlen(r->part_names[i]));
        if (r->part_pages)
            sum = (unsigned char)(sum + r->part_pages[i]);
    }
    if (r->part)
        sum = (unsigned char)(sum + strlen(r->part));
    return LS_OK;
}

static ls_status on_child(void *ud, const char *name, const unsigned char *d, size_t n)
{
    volatile unsigned char sum = 0;
    (void)ud;
    sum = (unsigned char)strlen(name);
    for (size_t i = 0; i < n; i++)
        sum = (unsigned char)(sum + d[i]);
    return LS_OK;
}

static void fuzz_docs(const struct ls_extractor *const *x, size_t nx, const uint8_t *data,
                      size_t size)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_limits lim;
    ls_limits_default(&lim);
    lim.max_buffer_bytes = 16u << 20;
    lim.max_entry_bytes = 16u << 20;
    lim.max_record_bytes = 4096;
    for (size_t i = 0; i < nx; i++) {
        struct ls_input in;
        struct ls_doc doc;
        memset(&doc, 0, sizeof doc);
        ls_input_from_memory(&in, data, size, head);
        ls_input_prime(&in);
        doc.path = "fuzz";
        doc.mime = "application/octet-stream";
        doc.in = &in;
        doc.limits = &lim;
        doc.on_record = on_record;
        doc.on_child = on_child;
        x[i]->probe(doc.mime, "binary", in.head, in.head_len, "fuzz");
        x[i]->run(&doc);
    }
}

#endif
