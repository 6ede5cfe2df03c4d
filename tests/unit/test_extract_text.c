/* test_extract_text.c — plain text: a prose document is one record, a log or
 * a list one record per line. */
#include <stdio.h>

#include "extract_harness.h"

static void test_lines_and_numbers(void **state)
{
    (void)state;
    /* a log (lines start with a date or a time): a record per line, with
     * LF, CRLF and lone CR endings, blank lines skipped but counted */
    struct h_run *h = h_run(&ls_extractor_text, "text/plain", "utf-8",
                            "2021-01-06 first\r\n21:34:01 second\n\n   \n"
                            "[06/01/2021] fourth\rJan  6 fifth");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->r[0].text, "2021-01-06 first");
    assert_int_equal(h->r[0].line, 1);
    assert_int_equal(h->r[0].offset, 0);
    assert_int_equal(h->r[0].prose, 0);
    assert_string_equal(h->r[1].text, "21:34:01 second");
    assert_int_equal(h->r[1].line, 2);
    assert_int_equal(h->r[1].offset, 18);
    assert_string_equal(h->r[2].text, "[06/01/2021] fourth");
    assert_int_equal(h->r[2].line, 5);
    assert_int_equal(h->r[2].offset, 39);
    assert_string_equal(h->r[3].text, "Jan  6 fifth");
    assert_int_equal(h->r[3].line, 6);
    assert_int_equal(h->r[3].offset, 59);
    assert_int_equal(h->r[3].index, 3);
    assert_int_equal(h->r[3].ncol, 0);
    h_free(h);
}

static void test_prose_document_is_one_record(void **state)
{
    (void)state;
    /* a police report in .txt: paragraphs split by blank lines */
    const char *pv = "POLITIEZONE GENT (5415)\r\nPROCES-VERBAAL nr BR.54.F2.656956/2019\r\n"
                     "Datum: 14/11/2019\r\n\r\nBetrokkene 1\r\nNaam: Bram Willems\r\n"
                     "\r\nFeiten\r\nBetrokkene 1 wordt als verdachte gehoord.\r\n";
    struct h_run *h = h_run(&ls_extractor_text, "text/plain", "utf-8", pv);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_int_equal(h->r[0].prose, 1);
    assert_int_equal(h->r[0].line, 1);
    assert_int_equal(h->r[0].offset, 0);
    assert_int_equal(h->r[0].len, strlen(pv));
    assert_non_null(strstr(h->r[0].text, "Naam: Bram Willems"));
    h_free(h);
}

static void test_list_and_table_stay_lines(void **state)
{
    (void)state;
    /* no blank line and more than three lines: a list */
    struct h_run *h = h_run(&ls_extractor_text, "text/plain", "utf-8",
                            "Jan Peeters\nAn Janssens\nPiet Maes\nEls Wouters\n");
    assert_int_equal(h->n, 4);
    assert_int_equal(h->r[3].line, 4);
    h_free(h);
    /* a log with blank lines is still a log */
    h = h_run(&ls_extractor_text, "text/plain", "utf-8",
              "2021-01-06 a\n\n2021-01-07 b\n2021-01-08 c\nnote\n");
    assert_int_equal(h->n, 4);
    h_free(h);
    /* delimited rows (two tabs each) with a blank line */
    h = h_run(&ls_extractor_text, "text/plain", "utf-8", "a\tb\tc\n\nd\te\tf\n");
    assert_int_equal(h->n, 2);
    assert_int_equal(h->r[1].line, 3);
    h_free(h);
}

static void test_prose_over_one_record_is_lines(void **state)
{
    (void)state;
    /* paragraphs, but more text than one record holds: a record per line */
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    char s[2048];
    size_t n = 0;
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(s + n, sizeof s - n, "Paragraaf %d tekst.\n\n", i);
    struct h_run *h = h_run_lim(&ls_extractor_text, "text/plain", "utf-8", s, n, &l, 0);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 40);
    assert_int_equal(h->r[39].prose, 0);
    assert_int_equal(h->r[39].line, 79);
    h_free(h);
}

static void test_long_line_split_on_char_boundary(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    char s[1200];
    size_t n = 0;
    s[n++] = 'x';
    while (n + 2 <= 1000) {
        memcpy(s + n, "\xC3\xA9", 2);
        n += 2;
    }
    s[n++] = '\n';
    memcpy(s + n, "next", 4);
    n += 4;
    struct h_run *h = h_run_lim(&ls_extractor_text, "text/plain", "utf-8", s, n, &l, 0);
    assert_int_equal(h->st, LS_OK);
    assert_true(h->n >= 5);
    size_t total = 0;
    for (size_t i = 0; i + 1 < h->n; i++) {
        assert_true(h->r[i].len <= 256);
        assert_int_equal(h->r[i].line, 1);
        assert_int_equal(h->r[i].offset, total);
        /* every piece is valid UTF-8: never starts with a continuation byte */
        assert_true(((unsigned char)h->r[i].text[0] & 0xC0) != 0x80);
        total += h->r[i].len;
    }
    assert_int_equal(total, n - 5);
    assert_string_equal(h->r[h->n - 1].text, "next");
    assert_int_equal(h->r[h->n - 1].line, 2);
    h_free(h);
}

static void test_utf16_log(void **state)
{
    (void)state;
    const char s[] = "\xFF\xFE"
                     "o\0k\0\r\0\n\0\xE9\0";
    struct h_run *h =
        h_run_lim(&ls_extractor_text, "text/plain", "utf-16le", s, sizeof s - 1, NULL, 0);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "ok");
    assert_string_equal(h->r[1].text, "\xC3\xA9");
    assert_int_equal(h->doc.invalid_sequences, 0);
    h_free(h);
}

static void test_callback_stops(void **state)
{
    (void)state;
    const char *s = "a\nb\nc\n";
    struct h_run *h = h_run_lim(&ls_extractor_text, "text/plain", "utf-8", s, strlen(s), NULL, 2);
    assert_int_equal(h->st, LS_EFAILED);
    assert_int_equal(h->n, 2);
    h_free(h);
}

static void test_probe(void **state)
{
    (void)state;
    const unsigned char h[] = "hello";
    assert_int_equal(ls_extractor_text.probe("text/plain", "us-ascii", h, 5, "a.txt"), 10);
    assert_int_equal(ls_extractor_text.probe("application/pdf", "binary", h, 5, "a.pdf"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_numbers),
        cmocka_unit_test(test_prose_document_is_one_record),
        cmocka_unit_test(test_list_and_table_stay_lines),
        cmocka_unit_test(test_prose_over_one_record_is_lines),
        cmocka_unit_test(test_long_line_split_on_char_boundary),
        cmocka_unit_test(test_utf16_log),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
