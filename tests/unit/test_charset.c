/* test_charset.c — the charset layer: detection, conversion, invalid
 * sequences, chunk boundaries. */
#include "extract_harness.h"

#include "extract/charset.h"

/* Decodes all of data through a reader; returns a malloc'd NUL-terminated
 * string and the invalid count. */
static char *decode_all(const char *charset, const void *data, size_t len, uint64_t *invalid,
                        size_t *outlen)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct ls_doc doc;
    struct ls_charset_reader *r = NULL;
    ls_limits_default(&l);
    memset(&doc, 0, sizeof doc);
    ls_input_from_memory(&in, data, len, head);
    doc.charset = charset;
    doc.in = &in;
    doc.limits = &l;
    assert_int_equal(ls_charset_reader_open(&doc, &r), LS_OK);
    size_t cap = len * 4 + 16, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    for (;;) {
        /* alternate getc and read to exercise both */
        int c = ls_charset_getc(r);
        if (c == LS_CHARSET_EOF)
            break;
        assert_true(c >= 0);
        assert_true(n < cap);
        out[n++] = (char)c;
        ssize_t k = ls_charset_read(r, out + n, cap - n > 7 ? 7 : cap - n);
        assert_true(k >= 0);
        n += (size_t)k;
    }
    assert_true(n < cap);
    out[n] = 0;
    assert_int_equal(ls_charset_tell(r), n);
    ls_charset_reader_close(r);
    *invalid = doc.invalid_sequences;
    if (outlen)
        *outlen = n;
    return out;
}

static void test_utf8_passthrough(void **state)
{
    (void)state;
    uint64_t inv;
    const char *s = "Jan Peeters, Gent – 1-ABC-123 €\n";
    char *o = decode_all("utf-8", s, strlen(s), &inv, NULL);
    assert_string_equal(o, s);
    assert_int_equal(inv, 0);
    free(o);
}

static void test_utf8_bom_skipped(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "\xEF\xBB\xBFnaam;adres\n";
    char *o = decode_all("utf-8", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "naam;adres\n");
    free(o);
}

static void test_utf8_invalid_replaced(void **state)
{
    (void)state;
    uint64_t inv;
    /* lone continuation, overlong, surrogate, truncated at the end */
    const char s[] = "a\x80" "b\xC0\xAF" "c\xED\xA0\x80" "d\xE2\x82";
    char *o = decode_all("utf-8", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD"
                           "\xEF\xBF\xBD" "d\xEF\xBF\xBD");
    assert_int_equal(inv, 7);
    free(o);
}

static void test_cp1252(void **state)
{
    (void)state;
    uint64_t inv;
    /* "Müller € “x”" in CP1252, and an undefined byte 0x81 */
    const char s[] = "M\xFCller \x80 \x93x\x94 \x81";
    char *o = decode_all("iso-8859-1", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "M\xC3\xBCller \xE2\x82\xAC \xE2\x80\x9Cx\xE2\x80\x9D \xEF\xBF\xBD");
    assert_int_equal(inv, 1);
    free(o);
}

static void test_ascii_with_latin1_later(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "plain ascii then caf\xE9 and caf\xC3\xA9";
    char *o = decode_all("us-ascii", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "plain ascii then caf\xC3\xA9 and caf\xC3\xA9");
    assert_int_equal(inv, 1);
    free(o);
}

static void test_utf16le_bom(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "\xFF\xFE" "a\0;\0\xE9\0\n\0" "\x3D\xD8\x00\xDE"; /* a;é\n U+1F600 */
    char *o = decode_all("utf-16le", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "a;\xC3\xA9\n\xF0\x9F\x98\x80");
    assert_int_equal(inv, 0);
    free(o);
}

static void test_utf16be_no_bom_guessed(void **state)
{
    (void)state;
    uint64_t inv;
    char s[64];
    const char *t = "name,plate\nJan,1ABC123\n";
    size_t n = strlen(t);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = 0;
        s[2 * i + 1] = t[i];
    }
    char *o = decode_all(NULL, s, 2 * n, &inv, NULL);
    assert_string_equal(o, t);
    free(o);
}

static void test_utf16_lone_surrogate_and_odd_tail(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "\xFF\xFE" "a\0\x00\xD8" "b\0" "c"; /* lone high surrogate, odd byte */
    char *o = decode_all("utf-16le", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    assert_int_equal(inv, 2);
    free(o);
}

static void test_utf32(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "\xFF\xFE\0\0" "x\0\0\0" "\xAC\x20\0\0";
    char *o = decode_all("binary", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "x\xE2\x82\xAC");
    free(o);
    const char b[] = "\0\0\xFE\xFF" "\0\0\0y";
    o = decode_all(NULL, b, sizeof b - 1, &inv, NULL);
    assert_string_equal(o, "y");
    free(o);
}

/* Multibyte characters straddling the reader's chunk boundaries. */
static void test_chunk_boundaries(void **state)
{
    (void)state;
    size_t n = 3 * LS_CHARSET_CHUNK + 7;
    char *s = malloc(n + 1);
    assert_non_null(s);
    size_t i = 0;
    s[i++] = 'x';
    while (i + 3 <= n) {
        memcpy(s + i, "\xE2\x82\xAC", 3);
        i += 3;
    }
    while (i < n)
        s[i++] = 'y';
    uint64_t inv;
    size_t olen;
    char *o = decode_all("utf-8", s, n, &inv, &olen);
    assert_int_equal(olen, n);
    assert_memory_equal(o, s, n);
    assert_int_equal(inv, 0);
    free(o);
    /* the same in UTF-16LE */
    size_t m = 2 * LS_CHARSET_CHUNK + 1;
    unsigned char *w = malloc(2 * m);
    assert_non_null(w);
    for (size_t k = 0; k < m; k++) {
        w[2 * k] = 0xE9;
        w[2 * k + 1] = 0;
    }
    o = decode_all("utf-16le", w, 2 * m, &inv, &olen);
    assert_int_equal(olen, 2 * m);
    assert_int_equal(inv, 0);
    assert_memory_equal(o, "\xC3\xA9\xC3\xA9", 4);
    free(o);
    free(w);
    free(s);
}

static void test_peek_then_read(void **state)
{
    (void)state;
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct ls_doc doc;
    struct ls_charset_reader *r = NULL;
    const char s[] = "abc\xE9" "def";
    ls_limits_default(&l);
    memset(&doc, 0, sizeof doc);
    ls_input_from_memory(&in, (const unsigned char *)s, sizeof s - 1, head);
    doc.charset = "iso-8859-1";
    doc.in = &in;
    doc.limits = &l;
    assert_int_equal(ls_charset_reader_open(&doc, &r), LS_OK);
    assert_string_equal(ls_charset_reader_name(r), "CP1252");
    assert_int_equal(ls_charset_getc(r), 'a');
    const char *p;
    size_t n;
    assert_int_equal(ls_charset_peek(r, 100, &p, &n), LS_OK);
    assert_int_equal(n, 7);
    assert_memory_equal(p, "bc\xC3\xA9" "def", 7);
    assert_int_equal(ls_charset_tell(r), 1);
    assert_int_equal(ls_charset_getc(r), 'b');
    ls_charset_ungetc(r);
    assert_int_equal(ls_charset_getc(r), 'b');
    ls_charset_reader_close(r);
}

static void test_decode_head_and_detect(void **state)
{
    (void)state;
    char out[16];
    const unsigned char h[] = "\xFF\xFE" "a\0b\0";
    assert_int_equal(ls_charset_decode_head("utf-16le", h, sizeof h - 1, out, sizeof out), 2);
    assert_string_equal(out, "ab");
    /* truncated multibyte character at the end of the head is dropped */
    const unsigned char u[] = "ab\xE2\x82";
    assert_int_equal(ls_charset_decode_head("utf-8", u, sizeof u - 1, out, sizeof out), 2);
    size_t bom;
    const char *name;
    assert_int_equal(ls_charset_detect("unknown-8bit", u, 2, &bom, &name), LS_CS_CP1252);
    assert_int_equal(ls_charset_detect("us-ascii", u, 2, &bom, &name), LS_CS_UTF8_LOOSE);
    assert_int_equal(ls_charset_detect("iso-8859-15", u, 2, &bom, &name), LS_CS_ICONV);
    assert_string_equal(name, "iso-8859-15");
    assert_int_equal(ls_utf8_boundary("ab\xE2\x82", 4), 2);
    assert_int_equal(ls_utf8_boundary("ab\xE2\x82\xAC", 5), 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_passthrough),
        cmocka_unit_test(test_utf8_bom_skipped),
        cmocka_unit_test(test_utf8_invalid_replaced),
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_ascii_with_latin1_later),
        cmocka_unit_test(test_utf16le_bom),
        cmocka_unit_test(test_utf16be_no_bom_guessed),
        cmocka_unit_test(test_utf16_lone_surrogate_and_odd_tail),
        cmocka_unit_test(test_utf32),
        cmocka_unit_test(test_chunk_boundaries),
        cmocka_unit_test(test_peek_then_read),
        cmocka_unit_test(test_decode_head_and_detect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
