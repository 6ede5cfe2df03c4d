/* rjson.c — reading the parsed JSON report (rjson.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/rjson.h"

json_t *ls_rj_get(const json_t *root, const char *path)
{
    const json_t *cur = root;
    char key[64];

    while (cur && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof key || !json_is_object(cur))
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        cur = json_object_get(cur, key);
        path += n;
        if (*path == '.')
            path++;
    }
    return (json_t *)cur;
}

uint64_t ls_rj_count(const json_t *v)
{
    double d;

    if (json_is_integer(v))
        return json_integer_value(v) < 0 ? 0 : (uint64_t)json_integer_value(v);
    if (!json_is_real(v) || !((d = json_real_value(v)) >= 0))
        return 0;
    return d >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)(d + 0.5);
}

uint64_t ls_rj_u64(const json_t *root, const char *path)
{
    return ls_rj_count(ls_rj_get(root, path));
}

double ls_rj_num(const json_t *root, const char *path)
{
    const json_t *v = ls_rj_get(root, path);

    return json_is_number(v) ? json_number_value(v) : 0.0;
}

const char *ls_rj_str(const json_t *root, const char *path)
{
    const json_t *v = ls_rj_get(root, path);

    return json_is_string(v) ? json_string_value(v) : NULL;
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
    const char *b64 = ls_rj_str(item, "path_bytes");
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
        uint64_t n = ls_rj_u64(v, "records");
        h->records_max += n;
        if (n > h->records_min) {
            h->records_min = n;
            h->records_min_of = id;
        }
    }
    json_object_foreach(ls_rj_get(report, "records"), id, v)
    {
        uint64_t n = ls_rj_u64(v, "count");
        if (n > h->records_min) {
            h->records_min = n;
            h->records_min_of = id;
        }
    }
    if (h->records_max < h->records_min) /* a record type of records without findings */
        h->records_max = h->records_min;
    h->person_records = ls_rj_u64(report, "records.person_record.count");
}

void ls_headline_read(const json_t *report, struct ls_headline *h)
{
    const json_t *complete = ls_rj_get(report, "scan.complete");

    memset(h, 0, sizeof *h);
    h->level = ls_rj_str(report, "exposure.severity.level");
    if (!h->level)
        h->level = "n/a";
    h->score = ls_rj_num(report, "exposure.severity.score");
    h->dpc = ls_rj_u64(report, "exposure.severity.dpc");
    h->ei = ls_rj_num(report, "exposure.severity.ei");
    h->cb = ls_rj_num(report, "exposure.severity.cb");
    h->dpc_basis = ls_rj_str(report, "exposure.severity.dpc_basis");
    h->ei_basis = ls_rj_str(report, "exposure.severity.ei_basis");
    h->subjects = ls_rj_u64(report, "exposure.data_subjects.estimate");
    h->subjects_basis = ls_rj_str(report, "exposure.data_subjects.basis");
    records_bounds(report, h);
    h->dated = ls_rj_u64(report, "exposure.date_span.dated_records");
    h->first = ls_rj_str(report, "exposure.date_span.first");
    h->last = ls_rj_str(report, "exposure.date_span.last");
    if (h->first && h->last) {
        h->first_year = (unsigned)strtoul(h->first, NULL, 10);
        h->last_year = (unsigned)strtoul(h->last, NULL, 10);
        if (h->last_year >= h->first_year)
            h->years = h->last_year - h->first_year + 1;
    }
    h->files_total = ls_rj_u64(report, "scan.files.total");
    h->scanned = ls_rj_u64(report, "scan.files.scanned");
    h->skipped = ls_rj_u64(report, "scan.files.skipped");
    h->failed = ls_rj_u64(report, "scan.files.failed");
    h->complete = !json_is_false(complete);
    h->interrupted_by = ls_rj_str(report, "scan.interrupted_by");
}
