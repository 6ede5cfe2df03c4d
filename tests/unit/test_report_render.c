/* test_report_render.c — unit tests of the helpers of the derived report
 * formats (scanner/report/): HTML escaping and safe names (svg.c), counts
 * with separators, the exact bytes of a path from path_bytes and the
 * headline figures (rjson.c), when the text report gets colours
 * (text_report.c), and the text and HTML reports of a small JSON report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/report_ctx.h"
#include "report/rjson.h"
#include "report/svg.h"
#include "report/text_report.h"

static void test_html_esc(void **state)
{
    struct ls_strbuf b;
    const char evil[] = "<script>alert(1)</script>\"q'&\x1b[31m\xe2\x80\xae.txt";

    (void)state;
    ls_strbuf_init(&b, 4096);
    ls_html_esc(&b, "a<b>&\"c'", 8);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&#39;");
    ls_strbuf_reset(&b);
    ls_html_safe(&b, evil, strlen(evil));
    assert_string_equal(b.data, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;q&#39;&amp;"
                                "\\x1b[31m\\u202e.txt");
    ls_strbuf_free(&b);
}

static void test_fmt_count(void **state)
{
    char buf[32];

    (void)state;
    assert_string_equal(ls_fmt_count(0, buf), "0");
    assert_string_equal(ls_fmt_count(999, buf), "999");
    assert_string_equal(ls_fmt_count(1000, buf), "1,000");
    assert_string_equal(ls_fmt_count(360001, buf), "360,001");
    assert_string_equal(ls_fmt_count(18446744073709551615ull, buf), "18,446,744,073,709,551,615");
}

static const char report_json[] =
    "{\"schema\":\"leakscan-report/1\",\"tool\":{\"name\":\"leakscan\",\"version\":\"9.9\"},"
    "\"scan\":{\"inputs\":[\"in\"],\"started_at\":\"2026-01-01T00:00:00Z\","
    "\"elapsed_seconds\":1.5,\"threads\":2,\"complete\":false,\"interrupted_by\":\"SIGINT\","
    "\"files\":{\"total\":5,\"scanned\":3,\"skipped\":1,\"failed\":1,\"partial\":0},"
    "\"types\":{\"text/plain\":4,\"image/png\":1}},"
    "\"categories\":{\"person_name\":{\"findings\":7,\"unique\":3,\"files\":2,\"records\":6,"
    "\"gdpr\":\"personal\",\"confidence\":{\"high\":0,\"medium\":7,\"low\":0}},"
    "\"pv_number\":{\"findings\":4,\"unique\":4,\"files\":1,\"records\":4,\"gdpr\":\"criminal\","
    "\"confidence\":{\"high\":4,\"medium\":0,\"low\":0}}},"
    "\"records\":{\"police_report\":{\"count\":9,\"files\":1},"
    "\"person_record\":{\"count\":6,\"files\":2}},"
    "\"exposure\":{\"data_subjects\":{\"estimate\":3,\"basis\":\"distinct person names\"},"
    "\"date_span\":{\"first\":\"2019-03-01\",\"last\":\"2021-12-31\","
    "\"by_year\":{\"2019\":2,\"2021\":5},\"dated_records\":7},"
    "\"gdpr_classes\":[\"personal\",\"criminal\"],"
    "\"severity\":{\"score\":4.0,\"level\":\"very high\",\"dpc\":4,\"dpc_basis\":\"sensitive\","
    "\"ei\":0.75,\"ei_basis\":\"names\",\"cb\":1.0}},"
    "\"media\":{\"image\":1,\"video\":0,\"audio\":0,\"scanned_documents\":0},"
    "\"top_files\":[{\"path\":\"in/a.txt\",\"findings\":11,\"categories\":{\"person_name\":7}}],"
    "\"problems\":[{\"path\":\"in/\\ufffd.zip\",\"path_bytes\":\"aW4v/y56aXA=\","
    "\"status\":\"failed\",\"reason\":\"archive: truncated\"}],\"problems_not_listed\":0,"
    "\"match_limits\":[]}";

static json_t *load_flags(size_t flags)
{
    json_error_t e;
    json_t *r = json_loads(report_json, flags, &e);

    if (!r)
        fail_msg("test report does not parse: %s", e.text);
    return r;
}

static json_t *load(void)
{
    return load_flags(0);
}

static void test_headline(void **state)
{
    json_t *r = load();
    struct ls_headline h;
    struct ls_strbuf b;

    (void)state;
    ls_headline_read(r, &h);
    assert_string_equal(h.level, "very high");
    assert_int_equal(h.dpc, 4);
    assert_int_equal(h.subjects, 3);
    assert_int_equal(h.records_min, 9); /* the record type beats any category */
    assert_string_equal(h.records_min_of, "police_report");
    assert_int_equal(h.records_max, 10); /* 6 + 4 */
    assert_int_equal(h.person_records, 6);
    assert_int_equal(h.years, 3);
    assert_int_equal(h.files_total, 5);
    assert_int_equal(h.complete, 0);
    assert_string_equal(h.interrupted_by, "SIGINT");
    ls_strbuf_init(&b, 1024);
    ls_rj_path_bytes(json_array_get(json_object_get(r, "problems"), 0), &b);
    assert_int_equal(b.len, 8);
    assert_memory_equal(b.data, "in/\xff.zip", 8);
    ls_strbuf_free(&b);
    json_decref(r);
    /* the same read with integers as reals (as report.c parses) */
    r = load_flags(JSON_DECODE_INT_AS_REAL);
    ls_headline_read(r, &h);
    assert_int_equal(h.dpc, 4);
    assert_int_equal(h.records_min, 9);
    assert_int_equal(h.records_max, 10);
    assert_int_equal(h.files_total, 5);
    assert_int_equal(ls_rj_count(json_object_get(ls_rj_get(r, "scan.types"), "text/plain")), 4);
    json_decref(r);
}

static void test_color_choice(void **state)
{
    FILE *f = tmpfile();

    (void)state;
    assert_non_null(f);
    assert_int_equal(ls_report_color(1, f), 1);
    assert_int_equal(ls_report_color(0, f), 0);
    setenv("NO_COLOR", "", 1);
    unsetenv("TERM");
    assert_int_equal(ls_report_color(-1, f), 0); /* a file is no terminal */
    setenv("NO_COLOR", "1", 1);
    assert_int_equal(ls_report_color(1, f), 1); /* --color=always wins */
    unsetenv("NO_COLOR");
    fclose(f);
}

static void test_render(void **state)
{
    char err[256] = "";
    struct ls_report_ctx ctx = {NULL, NULL, load(), NULL, err, sizeof err};
    struct ls_strbuf t, h;

    (void)state;
    ls_strbuf_init(&t, 1 << 20);
    ls_strbuf_init(&h, 1 << 20);
    assert_int_equal(ls_report_text(&ctx, 0, &t), LS_OK);
    assert_non_null(strstr(t.data, "INCOMPLETE: interrupted by SIGINT"));
    assert_non_null(strstr(t.data, "Severity:      very high (ENISA score 4.00"));
    assert_non_null(strstr(t.data, "at least 9 with findings (police_report), at most 10"));
    assert_non_null(strstr(t.data, "2019-03-01 to 2021-12-31, 3 year(s)"));
    assert_non_null(strstr(t.data, "failed   in/\\xff.zip: archive: truncated"));
    assert_null(strchr(t.data, '\033'));
    ls_strbuf_reset(&t);
    assert_int_equal(ls_report_text(&ctx, 1, &t), LS_OK);
    assert_non_null(strstr(t.data, "\033[1;31mvery high\033[0m"));
    assert_int_equal(ls_report_html(&ctx, &h), LS_OK);
    assert_non_null(strstr(h.data, "<!DOCTYPE html>"));
    assert_non_null(strstr(h.data, "Severity: very high"));
    assert_non_null(strstr(h.data, "in/\\xff.zip"));
    assert_non_null(strstr(h.data, "INCOMPLETE"));
    /* every year from the first to the last, 2020 with 0 */
    assert_non_null(strstr(h.data, "<title>2020: 0</title>"));
    assert_null(strstr(h.data, "<script"));
    ls_strbuf_free(&t);
    ls_strbuf_free(&h);
    json_decref(ctx.report);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_esc), cmocka_unit_test(test_fmt_count),
        cmocka_unit_test(test_headline), cmocka_unit_test(test_color_choice),
        cmocka_unit_test(test_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
