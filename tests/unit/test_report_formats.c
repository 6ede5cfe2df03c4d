/* test_report_formats.c — unit tests of the derived report formats
 * (scanner/report/): the JSON accessors, the --format list, CSV quoting and
 * formula neutralising, SARIF from a findings file (nesting, counts, masked
 * samples only) and the Art. 33 notification draft, each from a small JSON
 * report written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "report/output.h"
#include "report/report_ctx.h"

static const char *report_text =
    "{\"schema\":\"leakscan-report/1\",\"tool\":{\"name\":\"leakscan\",\"version\":\"9.9\"},"
    "\"scan\":{\"inputs\":[\"leak*.tar\"],\"started_at\":\"2026-01-02T03:04:05Z\","
    "\"complete\":true,\"files\":{\"total\":5,\"scanned\":4,\"skipped\":1,\"failed\":0}},"
    "\"categories\":{"
    "\"email\":{\"findings\":3,\"unique\":2,\"files\":2,\"records\":3,\"gdpr\":\"personal\","
    "\"confidence\":{\"high\":1,\"medium\":2,\"low\":0}},"
    "\"special_health\":{\"findings\":4,\"unique\":1,\"files\":1,\"records\":2,\"gdpr\":"
    "\"special\",\"confidence\":{\"high\":4,\"medium\":0,\"low\":0}}},"
    "\"records\":{},"
    "\"exposure\":{\"data_subjects\":{\"estimate\":2,\"basis\":\"distinct e-mail addresses\"},"
    "\"date_span\":{\"first\":null,\"last\":null,\"by_year\":{},\"dated_records\":0},"
    "\"gdpr_classes\":[\"personal\",\"special\"],\"severity\":{\"method\":\"ENISA\","
    "\"score\":4.75,\"level\":\"very high\",\"dpc\":4,\"dpc_basis\":\"sensitive\",\"ei\":0.75,"
    "\"ei_basis\":\"names\",\"cb\":1.0,\"cb_basis\":\"assumed\"}},"
    "\"files_with_findings\":["
    "{\"path\":\"=cmd|' /C calc'!A0\",\"findings\":1,\"categories\":{\"email\":1}},"
    "{\"path\":\"a,b \\\"q\\\".txt\",\"findings\":4,\"categories\":{\"special_health\":4}},"
    "{\"path\":\"@x\",\"findings\":1,\"categories\":{\"email\":1}},"
    "{\"path\":\"\\tt\",\"findings\":1,\"categories\":{\"email\":1}}],"
    "\"files_with_findings_not_listed\":0}";

static json_t *report(void)
{
    json_error_t e;
    json_t *r = json_loads(report_text, 0, &e);

    if (!r)
        fprintf(stderr, "test report: line %d: %s\n", e.line, e.text);
    assert_non_null(r);
    return r;
}

static void test_accessors(void **state)
{
    json_t *r = report();

    (void)state;
    assert_string_equal(ls_rj_str(r, "exposure.severity.level", "?"), "very high");
    assert_int_equal(ls_rj_u64(r, "categories.email.confidence.medium", 7), 2);
    assert_true(ls_rj_dbl(r, "exposure.severity.score", 0) == 4.75);
    assert_int_equal(ls_rj_u64(r, "exposure.severity.cb", 9), 1); /* a real, rounded down */
    assert_string_equal(ls_rj_str(r, "scan.nothing", "def"), "def");
    assert_string_equal(ls_rj_str(r, "scan.files.total", "def"), "def"); /* not a string */
    assert_int_equal(ls_rj_u64(r, "scan.inputs.x", 5), 5); /* through an array: missing */
    assert_null(ls_rj_get(r, "exposure.date_span.first.x"));
    assert_true(json_is_null(ls_rj_get(r, "exposure.date_span.first")));
    assert_string_equal(ls_report_taxon_name("email"), "e-mail address");
    assert_string_equal(ls_report_taxon_name("acme.customer_id"), "acme.customer_id");
    json_decref(r);
}

static void test_formats_parse(void **state)
{
    unsigned mask;
    enum ls_format one;
    char err[256];

    (void)state;
    assert_int_equal(ls_report_formats_parse("json", &mask, &one, err, sizeof err), LS_OK);
    assert_int_equal(mask, 1u << LS_FMT_JSON);
    assert_int_equal(one, LS_FMT_JSON);
    assert_int_equal(
        ls_report_formats_parse("text,csv,notification,sarif", &mask, &one, err, sizeof err),
        LS_OK);
    assert_int_equal(mask, 1u << LS_FMT_TEXT | 1u << LS_FMT_CSV | 1u << LS_FMT_NOTIFICATION |
                               1u << LS_FMT_SARIF);
    assert_int_equal(one, LS_FMT_COUNT);
    assert_int_equal(ls_report_formats_parse("csv,csv", &mask, &one, err, sizeof err), LS_OK);
    assert_int_equal(one, LS_FMT_CSV);
    assert_int_equal(ls_report_formats_parse("json,", &mask, &one, err, sizeof err), LS_EUSAGE);
    assert_non_null(strstr(err, "unknown format ''"));
    assert_int_equal(ls_report_formats_parse("JSON", &mask, &one, err, sizeof err), LS_EUSAGE);
    assert_non_null(strstr(err, "valid: text, json, csv, sarif, html, notification"));
    assert_int_equal(ls_report_formats_parse("html", &mask, &one, err, sizeof err), LS_OK);
    assert_int_equal(one, LS_FMT_HTML);
    assert_string_equal(ls_report_format_name(LS_FMT_NOTIFICATION), "notification");
}

static void render(ls_status (*fn)(const struct ls_report_ctx *, struct ls_strbuf *),
                   struct ls_report_ctx *ctx, struct ls_strbuf *b)
{
    ls_strbuf_init(b, 1 << 20);
    assert_int_equal(fn(ctx, b), LS_OK);
    assert_false(b->overflow);
    assert_non_null(b->data);
}

static void test_csv(void **state)
{
    char err[256] = "";
    struct ls_report_ctx ctx = {NULL, NULL, report(), NULL, err, sizeof err};
    struct ls_strbuf b;

    (void)state;
    render(ls_report_csv, &ctx, &b);
    assert_string_equal(b.data, "category,name,gdpr_class,findings,distinct_values,files,records,"
                                "confidence_high,confidence_medium,confidence_low\r\n"
                                "email,e-mail address,personal,3,2,2,3,1,2,0\r\n"
                                "special_health,health data,special,4,1,1,2,4,0,0\r\n");
    ls_strbuf_free(&b);
    render(ls_report_csv_files, &ctx, &b);
    assert_string_equal(b.data, "path,findings,email,special_health\r\n"
                                "\"'=cmd|' /C calc'!A0\",1,1,0\r\n"
                                "\"a,b \"\"q\"\".txt\",4,0,4\r\n"
                                "\"'@x\",1,1,0\r\n"
                                "\"'\tt\",1,1,0\r\n");
    ls_strbuf_free(&b);
    json_decref(ctx.report);
}

/* A findings file: two rules in a nested member, one at the top level, a
 * line with a value in clear (as --reveal writes) and a broken line. */
static void findings_file(char *path)
{
    FILE *f;
    int fd;

    strcpy(path, "/tmp/test_report_formats.XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("{\"path\":\"l.tgz!/in ner.zip!/c.csv\",\"category\":\"email\",\"rule\":\"r.mail\","
          "\"line\":9,\"masked\":\"b***@x.be\",\"value\":\"SECRET-VALUE\"}\n"
          "{\"path\":\"l.tgz!/in ner.zip!/c.csv\",\"category\":\"email\",\"rule\":\"r.mail\","
          "\"line\":3,\"masked\":\"a***@x.be\"}\n"
          "{\"path\":\"l.tgz!/in ner.zip!/c.csv\",\"category\":\"special_health\",\"rule\":"
          "\"k.health\",\"line\":4,\"masked\":\"z***\"}\n"
          "{\"path\":\"top.pdf\",\"category\":\"email\",\"rule\":\"r.mail\",\"line\":2,"
          "\"page\":3,\"masked\":\"c***@y.be\"}\n"
          "not json\n",
          f);
    assert_int_equal(fclose(f), 0);
}

static json_t *result_for(json_t *results, const char *rule, const char *uri)
{
    json_t *r;
    size_t i;

    json_array_foreach(results, i, r)
    {
        if (!strcmp(ls_rj_str(r, "ruleId", ""), rule) &&
            !strcmp(json_string_value(json_object_get(
                        json_object_get(
                            json_object_get(json_array_get(json_object_get(r, "locations"), 0),
                                            "physicalLocation"),
                            "artifactLocation"),
                        "uri")),
                    uri))
            return r;
    }
    return NULL;
}

static void test_sarif(void **state)
{
    char err[256] = "", path[64];
    struct ls_report_ctx ctx = {NULL, NULL, report(), NULL, err, sizeof err};
    struct ls_strbuf b;
    json_t *s, *run, *arts, *res, *r;
    const json_t *a;

    (void)state;
    ls_strbuf_init(&b, 1 << 20);
    assert_int_equal(ls_report_sarif(&ctx, &b), LS_EUSAGE); /* no findings file */
    assert_non_null(strstr(err, "sarif:"));
    ls_strbuf_free(&b);

    findings_file(path);
    ctx.findings_path = path;
    render(ls_report_sarif, &ctx, &b);
    unlink(path);
    assert_null(strstr(b.data, "SECRET-VALUE"));
    s = json_loads(b.data, 0, NULL);
    assert_non_null(s);
    assert_string_equal(ls_rj_str(s, "version", ""), "2.1.0");
    run = json_array_get(json_object_get(s, "runs"), 0);
    assert_string_equal(ls_rj_str(run, "tool.driver.name", ""), "leakscan");
    assert_string_equal(ls_rj_str(run, "tool.driver.version", ""), "9.9");
    assert_int_equal(json_array_size(ls_rj_get(run, "tool.driver.rules")), 2);
    assert_int_equal(ls_rj_u64(run, "properties.findings_lines_unreadable", 0), 1);
    assert_true(ls_rj_get(run, "properties.truncated") == json_false());
    /* artifacts: l.tgz <- l.tgz!/in ner.zip <- ...!/c.csv, and top.pdf */
    arts = json_object_get(run, "artifacts");
    assert_int_equal(json_array_size(arts), 4);
    a = json_array_get(arts, 2);
    assert_string_equal(ls_rj_str(a, "location.uri", ""), "l.tgz!/in%20ner.zip!/c.csv");
    a = json_array_get(arts, ls_rj_u64(a, "parentIndex", 99));
    assert_string_equal(ls_rj_str(a, "location.uri", ""), "l.tgz!/in%20ner.zip");
    a = json_array_get(arts, ls_rj_u64(a, "parentIndex", 99));
    assert_string_equal(ls_rj_str(a, "location.uri", ""), "l.tgz");
    assert_null(json_object_get(a, "parentIndex"));
    /* results: one per (rule, item), counts, the lowest line's sample, levels */
    res = json_object_get(run, "results");
    assert_int_equal(json_array_size(res), 3);
    r = result_for(res, "r.mail", "l.tgz!/in%20ner.zip!/c.csv");
    assert_non_null(r);
    assert_int_equal(ls_rj_u64(r, "properties.findings", 0), 2);
    assert_string_equal(ls_rj_str(r, "properties.masked_sample", ""), "a***@x.be");
    assert_string_equal(ls_rj_str(r, "level", ""), "warning");
    assert_string_equal(ls_rj_str(r, "message.text", ""),
                        "2 findings of e-mail address (personal) (masked sample: a***@x.be)");
    assert_int_equal(ls_rj_u64(json_array_get(json_object_get(r, "locations"), 0),
                               "physicalLocation.region.startLine", 0),
                     3);
    r = result_for(res, "k.health", "l.tgz!/in%20ner.zip!/c.csv");
    assert_non_null(r);
    assert_string_equal(ls_rj_str(r, "level", ""), "error");
    r = result_for(res, "r.mail", "top.pdf");
    assert_non_null(r);
    assert_int_equal(ls_rj_u64(r, "properties.page", 0), 3); /* no region: a line on its page */
    assert_null(
        ls_rj_get(json_array_get(json_object_get(r, "locations"), 0), "physicalLocation.region"));
    json_decref(s);
    ls_strbuf_free(&b);
    json_decref(ctx.report);
}

static void test_notification(void **state)
{
    char err[256] = "";
    struct ls_report_ctx ctx = {NULL, NULL, report(), NULL, err, sizeof err};
    struct ls_strbuf b;

    (void)state;
    render(ls_report_notification, &ctx, &b);
    assert_true(strncmp(b.data, "# DRAFT", 7) == 0);
    assert_non_null(strstr(b.data, "draft generated by leakscan 9.9"));
    assert_non_null(strstr(b.data, "Data scanned: leak\\*.tar (5 files"));
    assert_non_null(strstr(b.data, "| health data (special\\_health) | special | 4 | 1 | 1 |"));
    assert_non_null(strstr(b.data, "special (Art. 9 special categories)"));
    assert_non_null(strstr(b.data, "data subjects concerned: **2** (distinct e-mail"));
    assert_non_null(strstr(b.data, "**between 3 and 5** records"));
    assert_non_null(strstr(b.data, "**Discrimination, stigma and distress**"));
    assert_null(strstr(b.data, "**Financial loss**")); /* no financial data */
    assert_non_null(strstr(b.data, "**4.75, very high**"));
    assert_non_null(strstr(b.data, "## (b) Data protection officer"));
    assert_non_null(strstr(b.data, "## (d) Measures taken or proposed"));
    assert_non_null(strstr(b.data, "No event dates were found"));
    ls_strbuf_free(&b);
    json_decref(ctx.report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accessors),    cmocka_unit_test(test_formats_parse),
        cmocka_unit_test(test_csv),          cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_notification),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
