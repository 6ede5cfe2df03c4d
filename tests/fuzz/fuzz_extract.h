/* fuzz_extract.h — the body shared by the extractor fuzz targets: feed the
 * bytes to one extractor through ls_input_from_memory, with small limits so
 * that the split/overflow paths are reached, and count the records. */
#ifndef LS_FUZZ_EXTRACT_H
#define LS_FUZZ_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/extractors.h"
#include "input.h"
#include "scanlimits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ls_status fuzz_on_record(void *ud, const struct ls_record *rec)
{
    size_t *sum = ud;
    /* touch every byte the record claims, so ASan checks the spans */
    for (size_t i = 0; i < rec->len; i++)
        *sum += (unsigned char)rec->text[i];
    for (size_t i = 0; i < rec->ncolumns; i++) {
        if (rec->field_off[i] > rec->len || rec->field_len[i] > rec->len - rec->field_off[i])
            __builtin_trap();
        if (rec->columns && rec->columns[i])
            *sum += strlen(rec->columns[i]);
        if (rec->field_line)
            *sum += (size_t)rec->field_line[i];
    }
    for (size_t i = 0; i < rec->nparts; i++) {
        if (rec->part_off[i] > rec->len || (i > 0 && rec->part_off[i] < rec->part_off[i - 1]))
            __builtin_trap();
        if (rec->part_names && rec->part_names[i])
            *sum += strlen(rec->part_names[i]);
        if (rec->part_pages)
            *sum += rec->part_pages[i];
    }
    if (rec->part)
        *sum += strlen(rec->part);
    return LS_OK;
}

static void fuzz_extract(const struct ls_extractor *ex, const char *mime, const uint8_t *data,
                         size_t size)
{
    static unsigned char head[LS_SNIFF_BYTES];
    static const char *const charsets[] = {"utf-8", "us-ascii", "iso-8859-1", "utf-16le",
                                           "utf-16be", NULL};
    struct ls_input in;
    struct ls_limits l;
    struct ls_doc doc;
    size_t sum = 0;
    ls_limits_default(&l);
    l.max_record_bytes = 300; /* small, to reach the split paths */
    l.max_xml_depth = 32;
    ls_limits_clamp(&l);
    /* the first byte picks the declared charset */
    const char *cs = charsets[size ? data[0] % 6 : 0];
    ex->probe(mime, cs, data, size, "fuzz");
    ls_input_from_memory(&in, data, size, head);
    memset(&doc, 0, sizeof doc);
    doc.path = "fuzz";
    doc.mime = mime;
    doc.charset = cs;
    doc.in = &in;
    doc.limits = &l;
    doc.on_record = fuzz_on_record;
    doc.ud = &sum;
    ex->run(&doc);
}

#endif
