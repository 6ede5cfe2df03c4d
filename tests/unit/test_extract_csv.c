/* test_extract_csv.c — CSV/TSV/semicolon tables: sniffing, quoting, header,
 * columns and field spans. */
#include "extract_harness.h"

static void test_header_and_fields(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_csv, "text/csv", "utf-8",
                            "naam,nummerplaat,tijd\r\n"
                            "Jan Peeters,1-ABC-123,2019-03-01 10:00\r\n"
                            "\"Janssens, An\",\"2-\"\"X\"\"-9\",\r\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "Jan Peeters,1-ABC-123,2019-03-01 10:00");
    assert_int_equal(h->r[0].line, 2);
    assert_int_equal(h->r[0].index, 0);
    assert_int_equal(h->r[0].ncol, 3);
    assert_string_equal(h->r[0].cols[0], "naam");
    assert_string_equal(h->r[0].cols[1], "nummerplaat");
    assert_string_equal(h->r[0].cols[2], "tijd");
    assert_string_equal(h->r[0].fields[1], "1-ABC-123");
    assert_string_equal(h->r[1].fields[0], "Janssens, An");
    assert_string_equal(h->r[1].fields[1], "2-\"X\"-9");
    assert_string_equal(h->r[1].fields[2], "");
    assert_int_equal(h->r[1].line, 3);
    h_free(h);
}

static void test_semicolon_no_header_multiline(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_csv, "text/plain", "utf-8",
                            "1;Jan;\"line one\nline two\";x\n"
                            "2;An;b;y\n"
                            "3;Piet;c;z\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_int_equal(h->r[0].ncol, 4);
    assert_null(h->r[0].cols[0]);
    assert_string_equal(h->r[0].fields[2], "line one\nline two");
    assert_int_equal(h->r[0].line, 1);
    assert_int_equal(h->r[1].line, 3);
    assert_int_equal(h->r[2].line, 4);
    assert_string_equal(h->r[2].text, "3;Piet;c;z");
    h_free(h);
}

static void test_tsv_utf16(void **state)
{
    (void)state;
    const char *t = "name\tplate\nJos\t1ABC123\n";
    char s[128];
    size_t n = 0;
    s[n++] = (char)0xFF;
    s[n++] = (char)0xFE;
    for (const char *p = t; *p; p++) {
        s[n++] = *p;
        s[n++] = 0;
    }
    struct h_run *h = h_run_lim(&ls_extractor_csv, "text/plain", "utf-16le", s, n, NULL, 0);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].cols[1], "plate");
    assert_string_equal(h->r[0].fields[1], "1ABC123");
    h_free(h);
}

static void test_numeric_first_row_is_data(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_csv, "text/csv", "utf-8", "a,1\nb,2\n");
    assert_int_equal(h->n, 2);
    assert_null(h->r[0].cols[0]);
    h_free(h);
    h = h_run(&ls_extractor_csv, "text/csv", "utf-8", "a,a\nb,2\n"); /* not distinct */
    assert_int_equal(h->n, 2);
    h_free(h);
}

static void test_unterminated_quote_bounded(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    size_t n = 5000;
    char *s = malloc(n);
    assert_non_null(s);
    memcpy(s, "h1,h2\nx,\"", 9);
    memset(s + 9, 'q', n - 9);
    struct h_run *h = h_run_lim(&ls_extractor_csv, "text/csv", "utf-8", s, n, &l, 0);
    assert_int_equal(h->st, LS_OK);
    assert_true(h->n >= 19);
    size_t total = 0;
    for (size_t i = 0; i < h->n; i++) {
        assert_true(h->r[i].len <= 256);
        total += h->r[i].len;
    }
    assert_string_equal(h->r[0].cols[0], "h1");
    assert_string_equal(h->r[1].cols[0], "h2"); /* the continuation keeps its column */
    assert_true(strstr(h->doc.reason, "unterminated") != NULL);
    free(s);
    h_free(h);
}

static void test_single_quotes_sniffed(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_csv, "text/csv", "utf-8",
                            "'naam','adres'\n'Jan','Kerkstraat 1, Gent'\n'An','it''s'\n");
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].cols[1], "adres");
    assert_string_equal(h->r[0].fields[1], "Kerkstraat 1, Gent");
    assert_string_equal(h->r[1].fields[1], "it's");
    h_free(h);
}

static void test_probe(void **state)
{
    (void)state;
    const char *c = "id;naam;plaat\n1;Jan;1ABC123\n2;An;2XYZ999\n";
    const char *p = "This is a report. It has, sometimes, commas.\nAnd lines\nwithout them\n";
    assert_int_equal(h_probe(&ls_extractor_csv, "text/csv", "utf-8", "a", NULL), 80);
    assert_int_equal(h_probe(&ls_extractor_csv, "text/plain", "utf-8", c, "x.txt"), 45);
    assert_int_equal(h_probe(&ls_extractor_csv, "text/plain", "utf-8", c, "x.csv"), 55);
    assert_int_equal(h_probe(&ls_extractor_csv, "text/plain", "utf-8", p, "r.txt"), 0);
    assert_int_equal(h_probe(&ls_extractor_csv, "application/pdf", "binary", c, "x.csv"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_and_fields),
        cmocka_unit_test(test_semicolon_no_header_multiline),
        cmocka_unit_test(test_tsv_utf16),
        cmocka_unit_test(test_numeric_first_row_is_data),
        cmocka_unit_test(test_unterminated_quote_bounded),
        cmocka_unit_test(test_single_quotes_sniffed),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
