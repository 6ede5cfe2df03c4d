/* test_charset.c — the charset layer: detection, conversion, invalid
 * sequences, chunk boundaries; the code-point helpers (UTF-8 validator and
 * encoder, CP1252 table) and the conversion by MIME charset label. */
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
    const char s[] = "a\x80"
                     "b\xC0\xAF"
                     "c\xED\xA0\x80"
                     "d\xE2\x82";
    char *o = decode_all("utf-8", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "a\xEF\xBF\xBD"
                           "b\xEF\xBF\xBD\xEF\xBF\xBD"
                           "c\xEF\xBF\xBD\xEF\xBF\xBD"
                           "\xEF\xBF\xBD"
                           "d\xEF\xBF\xBD");
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
    const char s[] = "\xFF\xFE"
                     "a\0;\0\xE9\0\n\0"
                     "\x3D\xD8\x00\xDE"; /* a;é\n U+1F600 */
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
    const char s[] = "\xFF\xFE"
                     "a\0\x00\xD8"
                     "b\0"
                     "c"; /* lone high surrogate, odd byte */
    char *o = decode_all("utf-16le", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "a\xEF\xBF\xBD"
                           "b\xEF\xBF\xBD");
    assert_int_equal(inv, 2);
    free(o);
}

static void test_utf32(void **state)
{
    (void)state;
    uint64_t inv;
    const char s[] = "\xFF\xFE\0\0"
                     "x\0\0\0"
                     "\xAC\x20\0\0";
    char *o = decode_all("binary", s, sizeof s - 1, &inv, NULL);
    assert_string_equal(o, "x\xE2\x82\xAC");
    free(o);
    const char b[] = "\0\0\xFE\xFF"
                     "\0\0\0y";
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
    const char s[] = "abc\xE9"
                     "def";
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
    assert_memory_equal(p,
                        "bc\xC3\xA9"
                        "def",
                        7);
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
    const unsigned char h[] = "\xFF\xFE"
                              "a\0b\0";
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

static void test_utf8_check(void **state)
{
    (void)state;
#define CHK(lit) ls_utf8_check((const unsigned char *)(lit), sizeof(lit) - 1)
#define LEN(lit) ls_utf8_len((const unsigned char *)(lit), sizeof(lit) - 1)
    assert_int_equal(CHK("a"), 1);
    assert_int_equal(CHK("\xC3\xA9"), 2);
    assert_int_equal(CHK("\xE2\x82\xAC"), 3);
    assert_int_equal(CHK("\xF0\x9F\x98\x80"), 4);
    assert_int_equal(CHK("\xF4\x8F\xBF\xBF"), 4); /* U+10FFFF */
    /* a valid but incomplete prefix */
    assert_int_equal(CHK("\xE2\x82"), 0);
    assert_int_equal(CHK("\xF0"), 0);
    /* invalid: -n bytes make one U+FFFD (the maximal ill-formed subpart) */
    assert_int_equal(CHK("\x80"), -1);
    assert_int_equal(CHK("\xC0\x80"), -1);         /* overlong lead */
    assert_int_equal(CHK("\xE0\x80\x80"), -1);     /* overlong 3-byte */
    assert_int_equal(CHK("\xF0\x80\x80\x80"), -1); /* overlong 4-byte */
    assert_int_equal(CHK("\xED\xA0\x80"), -1);     /* surrogate U+D800 */
    assert_int_equal(CHK("\xF4\x90\x80\x80"), -1); /* past U+10FFFF */
    assert_int_equal(CHK("\xF5\x80\x80\x80"), -1);
    assert_int_equal(CHK("\xE2\x82\x28"), -2);
    /* ls_utf8_len: the valid length, 0 for anything else */
    assert_int_equal(LEN("\xC3\xA9x"), 2);
    assert_int_equal(LEN("\xE2\x82"), 0);
    assert_int_equal(LEN("\xED\xA0\x80"), 0);
    assert_int_equal(LEN("\xC0\xAF"), 0);
#undef CHK
#undef LEN
}

static void test_utf8_put_append(void **state)
{
    (void)state;
    unsigned char u[4];
    assert_int_equal(ls_utf8_put(u, 0x41), 1);
    assert_int_equal(ls_utf8_put(u, 0xE9), 2);
    assert_memory_equal(u, "\xC3\xA9", 2);
    assert_int_equal(ls_utf8_put(u, 0xD800), 3); /* surrogate: U+FFFD */
    assert_memory_equal(u, "\xEF\xBF\xBD", 3);
    assert_int_equal(ls_utf8_put(u, 0x110000), 3);
    assert_memory_equal(u, "\xEF\xBF\xBD", 3);
    assert_int_equal(ls_utf8_put(u, 0x1F600), 4);
    assert_memory_equal(u, "\xF0\x9F\x98\x80", 4);
    struct ls_strbuf b;
    ls_strbuf_init(&b, 4);
    assert_int_equal(ls_utf8_append(&b, 0xE9), 0);
    assert_int_equal(ls_utf8_append(&b, 0x20AC), -1); /* 2 + 3 > 4: nothing appended */
    assert_int_equal(b.len, 2);
    assert_true(b.overflow);
    assert_string_equal(b.data, "\xC3\xA9");
    ls_strbuf_free(&b);
}

static void test_cp1252_decode(void **state)
{
    (void)state;
    assert_int_equal(ls_cp1252_decode('A'), 'A');
    assert_int_equal(ls_cp1252_decode(0x80), 0x20AC);
    assert_int_equal(ls_cp1252_decode(0x9F), 0x0178);
    assert_int_equal(ls_cp1252_decode(0xA0), 0xA0);
    assert_int_equal(ls_cp1252_decode(0xE9), 0xE9);
    static const unsigned char undefined[] = {0x81, 0x8D, 0x8F, 0x90, 0x9D};
    for (size_t i = 0; i < sizeof undefined; i++)
        assert_int_equal(ls_cp1252_decode(undefined[i]), 0xFFFD);
}

/* ls_charset_to_utf8 over a literal; returns the invalid count. */
static uint64_t to_utf8(struct ls_strbuf *b, const char *label, const char *in, size_t n)
{
    uint64_t inv = 0;
    ls_strbuf_reset(b);
    assert_int_equal(ls_charset_to_utf8(b, label, (const unsigned char *)in, n, &inv), 0);
    return inv;
}
#define TO_UTF8(b, label, lit) to_utf8(b, label, lit, sizeof(lit) - 1)

static void test_to_utf8_labels(void **state)
{
    (void)state;
    struct ls_strbuf b;
    ls_strbuf_init(&b, 1024);
    /* no label, utf-8, us-ascii: UTF-8, a stray byte read as CP1252, counted */
    assert_int_equal(TO_UTF8(&b, NULL, "caf\xE9"), 1);
    assert_string_equal(b.data, "caf\xC3\xA9");
    assert_int_equal(TO_UTF8(&b, "UTF-8", "\xE2\x82\xAC \x80"), 1);
    assert_string_equal(b.data, "\xE2\x82\xAC \xE2\x82\xAC");
    assert_int_equal(TO_UTF8(&b, "us-ascii", "\x81"), 1); /* undefined: U+FFFD, counted once */
    assert_string_equal(b.data, "\xEF\xBF\xBD");
    /* Latin-1 labels and unknown names: CP1252, nothing counted */
    assert_int_equal(TO_UTF8(&b, "iso-8859-1", "\x80\x81\xE9"), 0);
    assert_string_equal(b.data, "\xE2\x82\xAC\xEF\xBF\xBD\xC3\xA9");
    assert_int_equal(TO_UTF8(&b, "x-no-such-charset", "\x80"), 0);
    assert_string_equal(b.data, "\xE2\x82\xAC");
    /* iconv, with an RFC 2231 language suffix ignored */
    assert_int_equal(TO_UTF8(&b, "iso-8859-15*fr", "\xA4"), 0);
    assert_string_equal(b.data, "\xE2\x82\xAC");
    /* iconv: an incomplete sequence costs one byte per U+FFFD (the stream
     * reader drops the whole tail instead: test_utf16_lone_surrogate_and_odd_tail) */
    assert_int_equal(TO_UTF8(&b, "utf-16le", "a\0b"), 1);
    assert_string_equal(b.data, "a\xEF\xBF\xBD");
    assert_int_equal(TO_UTF8(&b, "utf-32le", "a\0\0\0b\0"), 2);
    assert_string_equal(b.data, "a\xEF\xBF\xBD\xEF\xBF\xBD");
    ls_strbuf_free(&b);
}

static void test_to_utf8_full_buffer(void **state)
{
    (void)state;
    struct ls_strbuf b;
    uint64_t inv = 0;
    ls_strbuf_init(&b, 5);
    /* appended character by character: what fits stays */
    assert_int_equal(
        ls_charset_to_utf8(&b, "utf-8", (const unsigned char *)"abc\xE2\x82\xAC", 6, &inv), -1);
    assert_string_equal(b.data, "abc");
    assert_true(b.overflow);
    ls_strbuf_free(&b);
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
        cmocka_unit_test(test_utf8_check),
        cmocka_unit_test(test_utf8_put_append),
        cmocka_unit_test(test_cp1252_decode),
        cmocka_unit_test(test_to_utf8_labels),
        cmocka_unit_test(test_to_utf8_full_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
