/* rjson.c — reading the parsed JSON report (rjson.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/rjson.h"

uint64_t ls_rj_count(const json_t *v)
{
    double d;

    if (json_is_integer(v))
        return json_integer_value(v) < 0 ? 0 : (uint64_t)json_integer_value(v);
    if (!json_is_real(v) || !((d = json_real_value(v)) >= 0))
        return 0;
    return d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)(d + 0.5);
}

/* The value of one base64 digit, or -1. */
static int b64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

void ls_rj_path_bytes(const json_t *item, struct ls_strbuf *out)
{
    const char *b64 = ls_rj_str(item, "path_bytes", NULL);
    const json_t *p = json_object_get(item, "path");
    unsigned acc = 0;
    int bits = 0, d;

    if (!b64) {
        if (json_is_string(p))
            ls_strbuf_append(out, json_string_value(p), json_string_length(p));
        return;
    }
    for (; *b64 && (d = b64_digit(*b64)) >= 0; b64++) {
        acc = (acc << 6 | (unsigned)d) & 0xFFFFFF;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            ls_strbuf_putc(out, (char)(acc >> bits & 0xFF));
        }
    }
}

/* The largest records count of a category or record type, and the sum of
 * the categories' records. */
static void records_bounds(const json_t *report, struct ls_headline *h)
{
    const char *id;
    json_t *v;

    json_object_foreach(ls_rj_get(report, "categories"), id, v)
    {
        uint64_t n = ls_rj_u64(v, "records", 0);
        h->records_max += n;
        if (n > h->records_min) {
            h->records_min = n;
            h->records_min_of = id;
        }
    }
    json_object_foreach(ls_rj_get(report, "records"), id, v)
    {
        uint64_t n = ls_rj_u64(v, "count", 0);
        if (n > h->records_min) {
            h->records_min = n;
            h->records_min_of = id;
        }
    }
    if (h->records_max < h->records_min) /* a record type of records without findings */
        h->records_max = h->records_min;
    h->person_records = ls_rj_u64(report, "records.person_record.count", 0);
}

void ls_headline_read(const json_t *report, struct ls_headline *h)
{
    const json_t *complete = ls_rj_get(report, "scan.complete");

    memset(h, 0, sizeof *h);
    h->level = ls_rj_str(report, "exposure.severity.level", NULL);
    if (!h->level)
        h->level = "n/a";
    h->score = ls_rj_dbl(report, "exposure.severity.score", 0);
    h->dpc = ls_rj_u64(report, "exposure.severity.dpc", 0);
    h->ei = ls_rj_dbl(report, "exposure.severity.ei", 0);
    h->cb = ls_rj_dbl(report, "exposure.severity.cb", 0);
    h->dpc_basis = ls_rj_str(report, "exposure.severity.dpc_basis", NULL);
    h->ei_basis = ls_rj_str(report, "exposure.severity.ei_basis", NULL);
    h->subjects = ls_rj_u64(report, "exposure.data_subjects.estimate", 0);
    h->subjects_basis = ls_rj_str(report, "exposure.data_subjects.basis", NULL);
    records_bounds(report, h);
    h->dated = ls_rj_u64(report, "exposure.date_span.dated_records", 0);
    h->first = ls_rj_str(report, "exposure.date_span.first", NULL);
    h->last = ls_rj_str(report, "exposure.date_span.last", NULL);
    if (h->first && h->last) {
        h->first_year = (unsigned)strtoul(h->first, NULL, 10);
        h->last_year = (unsigned)strtoul(h->last, NULL, 10);
        if (h->last_year >= h->first_year)
            h->years = h->last_year - h->first_year + 1;
    }
    h->files_total = ls_rj_u64(report, "scan.files.total", 0);
    h->scanned = ls_rj_u64(report, "scan.files.scanned", 0);
    h->skipped = ls_rj_u64(report, "scan.files.skipped", 0);
    h->failed = ls_rj_u64(report, "scan.files.failed", 0);
    h->complete = !json_is_false(complete);
    h->interrupted_by = ls_rj_str(report, "scan.interrupted_by", NULL);
}
