/* fuzz_harness.h — the body of every extractor fuzz target
 * (fuzz_extract_<format>.c).  The bytes go, over an in-memory input, through
 * one extractor or several (probe, then run) under small limits, so that
 * the split, overflow and partial paths are reached.  Each record is
 * checked as it arrives: every byte of its text and names is touched (so
 * that ASan sees a span out of range), its field and part spans must lie
 * inside it and its parts be in order (__builtin_trap otherwise); each
 * child item (a mail attachment) is touched byte by byte.
 *
 * `make fuzz` builds the targets with libFuzzer (LS_LIBFUZZER defined) into
 * tests/fuzz/bin/; in `make check` each is a program of its own, with the
 * main() of standalone_main.h, run over its seeds. */
#ifndef LS_FUZZ_HARNESS_H
#define LS_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/extractors.h"
#include "input.h"
#include "scanlimits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the touched bytes are summed, so that no read is optimised away. */
static volatile size_t fuzz_sink;

static size_t fuzz_strlen(const char *s)
{
    return s ? strlen(s) : 0;
}

static ls_status fuzz_on_record(void *ud, const struct ls_record *rec)
{
    size_t sum = 0;
    (void)ud;
    for (size_t i = 0; i < rec->len; i++)
        sum += (unsigned char)rec->text[i];
    for (size_t i = 0; i < rec->ncolumns; i++) {
        if (rec->field_off[i] > rec->len || rec->field_len[i] > rec->len - rec->field_off[i])
            __builtin_trap();
        if (rec->columns)
            sum += fuzz_strlen(rec->columns[i]);
        if (rec->field_line)
            sum += (size_t)rec->field_line[i];
    }
    /* the parts of a joined record (docx body and headers, PDF pages) */
    for (size_t i = 0; i < rec->nparts; i++) {
        if (rec->part_off[i] > rec->len || (i > 0 && rec->part_off[i] < rec->part_off[i - 1]))
            __builtin_trap();
        if (rec->part_names)
            sum += fuzz_strlen(rec->part_names[i]);
        if (rec->part_pages)
            sum += rec->part_pages[i];
        if (rec->part_line)
            sum += (size_t)rec->part_line[i];
    }
    sum += fuzz_strlen(rec->part);
    fuzz_sink += sum;
    return LS_OK;
}

static ls_status fuzz_on_child(void *ud, const char *name, const unsigned char *data, size_t len)
{
    size_t sum = strlen(name);
    (void)ud;
    for (size_t i = 0; i < len; i++)
        sum += data[i];
    fuzz_sink += sum;
    return LS_OK;
}

/* Probes and runs ex over the bytes, declared as mime and charset. */
static void fuzz_one(const struct ls_extractor *ex, const char *mime, const char *charset,
                     const uint8_t *data, size_t size)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct ls_doc doc;
    ls_limits_default(&l);
    l.max_record_bytes = 300; /* small, to reach the split paths */
    l.max_xml_depth = 32;
    l.max_buffer_bytes = 16u << 20;
    l.max_entry_bytes = 16u << 20;
    ls_limits_clamp(&l);
    ex->probe(mime, charset, data, size, "fuzz");
    ls_input_from_memory(&in, data, size, head);
    memset(&doc, 0, sizeof doc);
    doc.path = "fuzz";
    doc.mime = mime;
    doc.charset = charset;
    doc.in = &in;
    doc.limits = &l;
    doc.on_record = fuzz_on_record;
    doc.on_child = fuzz_on_child;
    ex->run(&doc);
}

/* A text format: the first byte picks the declared charset. */
static inline void fuzz_extract(const struct ls_extractor *ex, const char *mime,
                                const uint8_t *data, size_t size)
{
    static const char *const charsets[] = {"utf-8",    "us-ascii", "iso-8859-1",
                                           "utf-16le", "utf-16be", NULL};
    fuzz_one(ex, mime, charsets[size ? data[0] % 6 : 0], data, size);
}

/* A document format: the bytes go through each of the nx extractors. */
static inline void fuzz_docs(const struct ls_extractor *const *x, size_t nx, const uint8_t *data,
                             size_t size)
{
    for (size_t i = 0; i < nx; i++)
        fuzz_one(x[i], "application/octet-stream", "binary", data, size);
}

#ifndef LS_LIBFUZZER
#include "standalone_main.h"
#endif

#endif
