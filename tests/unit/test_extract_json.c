/* test_extract_json.c — JSON arrays, JSON Lines, envelopes, flattening,
 * escapes, tolerance and limits. */
#include "extract_harness.h"

static void test_array_of_objects(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_json, "application/json", "utf-8",
                            "[\n {\"naam\": \"Jan\", \"plaat\": \"1-ABC-123\", \"boete\": 58.5},\n"
                            " {\"naam\": \"An\\u00e9\", \"adres\": {\"straat\": \"Kerkstraat 1\","
                            " \"tel\": [\"0470\", \"0471\"]}, \"x\": null, \"ok\": true}\n]");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "naam: Jan\nplaat: 1-ABC-123\nboete: 58.5");
    assert_int_equal(h->r[0].ncol, 3);
    assert_string_equal(h->r[0].cols[0], "naam");
    assert_string_equal(h->r[0].cols[2], "boete");
    assert_string_equal(h->r[0].fields[1], "1-ABC-123");
    assert_int_equal(h->r[0].line, 2);
    assert_int_equal(h->r[1].line, 3);
    assert_string_equal(h->r[1].text, "naam: An\xC3\xA9\nadres.straat: Kerkstraat 1\n"
                                      "adres.tel: 0470\nadres.tel: 0471\nok: true");
    assert_int_equal(h->r[1].ncol, 5);
    assert_string_equal(h->r[1].cols[1], "straat");
    assert_string_equal(h->r[1].cols[3], "tel");
    assert_string_equal(h->r[1].fields[3], "0471");
    h_free(h);
}

static void test_jsonl(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_json, "application/json", "utf-8",
                            "{\"id\":1,\"rows\":[{\"a\":\"x\"}]}\n\n{\"id\":2}\n[\"v\"]\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_string_equal(h->r[0].text, "id: 1\nrows.a: x"); /* not split in JSON Lines */
    assert_int_equal(h->r[1].line, 3);
    assert_string_equal(h->r[1].text, "id: 2");
    assert_string_equal(h->r[2].text, "v");
    assert_null(h->r[2].cols[0]);
    h_free(h);
}

static void test_envelope(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_json, "application/json", "utf-8",
                            "{\"export\": \"pv\", \"data\": [{\"id\": 1}, {\"id\": 2}],\n"
                            " \"count\": 2}");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->r[0].text, "export: pv");
    assert_string_equal(h->r[1].text, "id: 1");
    assert_string_equal(h->r[2].text, "id: 2");
    assert_string_equal(h->r[3].text, "count: 2");
    assert_int_equal(h->r[3].index, 3);
    h_free(h);
}

static void test_escapes_and_surrogates(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_json, "application/json", "utf-8",
                            "[\"a\\\"b\\\\c\\/d\\n\", \"\\ud83d\\ude00\", \"\\ud800x\", "
                            "\"\\udc00\", \"\\u12\"]");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 5);
    assert_string_equal(h->r[0].fields[0], "a\"b\\c/d\n");
    assert_string_equal(h->r[1].text, "\xF0\x9F\x98\x80");
    assert_string_equal(h->r[2].text, "\xEF\xBF\xBDx");
    assert_string_equal(h->r[3].text, "\xEF\xBF\xBD");
    assert_string_equal(h->r[4].text, "\xEF\xBF\xBD");
    assert_int_equal(h->doc.invalid_sequences, 3);
    h_free(h);
}

static void test_tolerant(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_json, "text/plain", "utf-8",
                            "[{naam: 'Jan', 'plaat': \"1ABC123\",}, {\"a\": 1 \"b\": 2},]");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "naam: Jan\nplaat: 1ABC123");
    assert_string_equal(h->r[1].text, "a: 1\nb: 2");
    h_free(h);
}

static void test_malformed_partial(void **state)
{
    (void)state;
    struct h_run *h =
        h_run(&ls_extractor_json, "application/json", "utf-8", "[{\"a\": \"ok\"}, {\"b\": \"cut");
    assert_int_equal(h->st, LS_EFAILED);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "a: ok");
    assert_string_equal(h->r[1].text, "b: cut");
    assert_non_null(strstr(h->doc.reason, "unterminated string"));
    h_free(h);
    h = h_run(&ls_extractor_json, "application/json", "utf-8", "{\"a\" 1}");
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "expected ':'"));
    h_free(h);
}

static void test_depth_limit(void **state)
{
    (void)state;
    char s[4000];
    memset(s, '[', sizeof s);
    struct h_run *h =
        h_run_lim(&ls_extractor_json, "application/json", "utf-8", s, sizeof s, NULL, 0);
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "too deep"));
    h_free(h);
}

static void test_long_value_split(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    char s[2100];
    memcpy(s, "[{\"k\": \"", 8);
    memset(s + 8, 'v', 2000);
    memcpy(s + 2008, "\", \"z\": 1}]", 11);
    struct h_run *h = h_run_lim(&ls_extractor_json, "application/json", "utf-8", s, 2019, &l, 0);
    assert_int_equal(h->st, LS_OK);
    assert_true(h->n >= 8);
    size_t total = 0;
    for (size_t i = 0; i < h->n; i++) {
        assert_true(h->r[i].len <= 256);
        for (size_t f = 0; f < h->r[i].ncol; f++)
            if (!strcmp(h->r[i].cols[f], "k"))
                total += strlen(h->r[i].fields[f]);
    }
    assert_int_equal(total, 2000);
    struct h_rec *last = &h->r[h->n - 1];
    assert_string_equal(last->cols[last->ncol - 1], "z");
    assert_string_equal(last->fields[last->ncol - 1], "1");
    h_free(h);
}

static void test_probe(void **state)
{
    (void)state;
    const unsigned char a[] = "  [ {\"a\":1}]", o[] = "{\"a\"", t[] = "[INFO] started",
                        g[] = "[2019-03-01 10:00:00] GET /x\n", num[] = "[1, -2.5e3]";
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", g, sizeof g - 1, NULL), 0);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", num, sizeof num - 1, NULL), 60);
    assert_int_equal(ls_extractor_json.probe("application/json", "utf-8", a, 5, NULL), 80);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", a, sizeof a - 1, NULL), 60);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", o, sizeof o - 1, NULL), 60);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", o, sizeof o - 1, "a.jsonl"),
                     65);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", t, sizeof t - 1, "a.json"), 0);
    assert_int_equal(ls_extractor_json.probe("text/plain", "utf-8", t, sizeof t - 1, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_array_of_objects),
        cmocka_unit_test(test_jsonl),
        cmocka_unit_test(test_envelope),
        cmocka_unit_test(test_escapes_and_surrogates),
        cmocka_unit_test(test_tolerant),
        cmocka_unit_test(test_malformed_partial),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_long_value_split),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
