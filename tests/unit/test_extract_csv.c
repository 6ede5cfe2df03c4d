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

/* The whole-line fast path (csv_lines) against the field-by-field path, on
 * random tables made of the bytes that matter (delimiters, both quotes, CR,
 * LF, a two-byte UTF-8 letter), with lines that cross the reader's 64 KiB
 * buffers and records that overflow small record limits: identical records,
 * field spans, columns, lines, offsets, status and reason. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static size_t random_table(char *s, size_t cap)
{
    static const char *const bits[] = {";",  ";",   ",",       "\t",   "|",  "\"",
                                       "'",  "\n",  "\n",      "\r\n", "\r", "\xc3\xa9",
                                       "ab", "Jan", "1234567", "x y",  "",   ";;"};
    size_t n = 0, want = (size_t)(rnd() % cap);
    int wide = rnd() % 4 == 0; /* long runs without a line end */
    while (n + 8 < want) {
        const char *b = bits[rnd() % (sizeof bits / sizeof *bits)];
        if (wide && (b[0] == '\n' || b[0] == '\r') && rnd() % 64)
            b = "abcdefgh";
        size_t k = strlen(b);
        memcpy(s + n, b, k);
        n += k;
    }
    return n;
}

static void assert_same_run(const struct h_run *a, const struct h_run *b)
{
    assert_int_equal(a->st, b->st);
    assert_string_equal(a->doc.reason, b->doc.reason);
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        const struct h_rec *x = &a->r[i], *y = &b->r[i];
        assert_int_equal(x->len, y->len);
        assert_memory_equal(x->text, y->text, x->len);
        assert_int_equal(x->index, y->index);
        assert_int_equal(x->line, y->line);
        assert_int_equal(x->offset, y->offset);
        assert_int_equal(x->ncol, y->ncol);
        for (size_t j = 0; j < x->ncol; j++) {
            assert_string_equal(h_str(x->cols[j]), h_str(y->cols[j]));
            assert_string_equal(x->fields[j], y->fields[j]);
        }
    }
}

static void test_line_fast_path_equivalent(void **state)
{
    (void)state;
    const size_t cap = 200 * 1024;
    static const size_t maxrec[] = {64, 100, 4096, 0};
    char *s = malloc(cap);
    assert_non_null(s);
    size_t compared = 0, ascii_rows = 0;
    for (int round = 0; round < 2000; round++) {
        size_t n = random_table(s, round % 10 == 0 ? cap : 2048);
        struct ls_limits l;
        ls_limits_default(&l);
        if (maxrec[round % 4])
            l.max_record_bytes = maxrec[round % 4];
        ls_csv_plain_lines = 1;
        struct h_run *plain = h_run_lim(&ls_extractor_csv, "text/csv", "utf-8", s, n, &l, 0);
        ls_csv_plain_lines = 0;
        struct h_run *fast = h_run_lim(&ls_extractor_csv, "text/csv", "utf-8", s, n, &l, 0);
        assert_same_run(plain, fast);
        compared += fast->n;
        for (size_t i = 0; i < fast->n; i++)
            ascii_rows += fast->r[i].ascii;
        h_free(plain);
        h_free(fast);
    }
    assert_true(compared > 10000);  /* the rounds did make records */
    assert_true(ascii_rows > 1000); /* and rows known to be ASCII (the harness checks them) */
    free(s);
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
        cmocka_unit_test(test_line_fast_path_equivalent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
