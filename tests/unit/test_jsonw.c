/* test_jsonw.c — unit tests of the streaming JSON writer (scanner/jsonw.c).
 *
 * Strings come out as valid JSON whatever bytes they hold: quotes,
 * backslashes, C0 and C1 controls escaped; invalid UTF-8 becomes U+FFFD.
 * Commas and indentation follow the nesting, compact or pretty; base64 is
 * checked against the RFC 4648 test vectors. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jsonw.h"

#define FFFD "\xEF\xBF\xBD"

/* Writes one string value of n bytes and checks the JSON text. */
static void check_str(const char *in, size_t n, const char *want)
{
    struct ls_strbuf b;
    struct ls_jsonw w;

    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_strn(&w, in, n);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    assert_true(ls_json_is_utf8(b.data, b.len));
    ls_strbuf_free(&b);
}

#define CHECK(lit, want) check_str(lit, sizeof lit - 1, want)

static void test_escape_quote_backslash(void **state)
{
    (void)state;
    CHECK("plain", "\"plain\"");
    CHECK("", "\"\"");
    CHECK("a\"b", "\"a\\\"b\"");
    CHECK("a\\b", "\"a\\\\b\"");
    CHECK("\\\"", "\"\\\\\\\"\"");
    CHECK("/", "\"/\""); /* solidus need not be escaped */
}

static void test_escape_controls(void **state)
{
    (void)state;
    CHECK("\n\r\t", "\"\\n\\r\\t\"");
    CHECK("\x01", "\"\\u0001\"");
    CHECK("\b\f", "\"\\u0008\\u000c\"");
    CHECK("\x1f", "\"\\u001f\"");
    CHECK("\x7f", "\"\\u007f\"");
    CHECK("a\0b", "\"a\\u0000b\"");       /* strn: an embedded NUL */
    CHECK("\x1b[31m", "\"\\u001b[31m\""); /* terminal escapes are defused */
}

static void test_escape_c1_controls(void **state)
{
    (void)state;
    CHECK("\xC2\x80", "\"\\u0080\"");
    CHECK("\xC2\x85", "\"\\u0085\""); /* NEL */
    CHECK("\xC2\x9B", "\"\\u009b\""); /* CSI */
    CHECK("\xC2\x9F", "\"\\u009f\"");
    CHECK("\xC2\xA0", "\"\xC2\xA0\""); /* NBSP is not a control */
}

static void test_valid_utf8_passes(void **state)
{
    (void)state;
    CHECK("caf\xC3\xA9", "\"caf\xC3\xA9\"");           /* é */
    CHECK("\xE2\x82\xAC", "\"\xE2\x82\xAC\"");         /* € */
    CHECK("\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""); /* 😀 */
    CHECK("\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\""); /* U+10FFFF */
    CHECK("\xEF\xBF\xBD", "\"\xEF\xBF\xBD\"");         /* U+FFFD itself */
}

static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    CHECK("\xFF", "\"" FFFD "\"");
    CHECK("a\x80z", "\"a" FFFD "z\"");                        /* lone continuation */
    CHECK("\xC0\xAF", "\"" FFFD FFFD "\"");                   /* overlong '/' */
    CHECK("\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"");          /* overlong, 3 bytes */
    CHECK("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"");          /* surrogate D800 */
    CHECK("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* past U+10FFFF */
    CHECK("\xE2\x82", "\"" FFFD FFFD "\"");                   /* truncated at the end */
    CHECK("\xE2\x82x", "\"" FFFD FFFD "x\"");                 /* truncated mid-string */
    CHECK("\xC3\"", "\"" FFFD "\\\"\"");                      /* a quote is never eaten */
    CHECK("\xC3\xA9\xFE\xC3\xA9", "\"\xC3\xA9" FFFD "\xC3\xA9\"");
}

static void test_is_utf8(void **state)
{
#define U8(lit) ls_json_is_utf8(lit, sizeof lit - 1)
    (void)state;
    assert_true(ls_json_is_utf8("", 0));
    assert_true(U8("ascii only"));
    assert_true(U8("a\0b")); /* NUL is valid UTF-8 */
    assert_true(U8("\xC2\x80"));
    assert_true(U8("\xDF\xBF"));
    assert_true(U8("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
    assert_true(U8("\xED\x9F\xBF"));     /* U+D7FF, just below the surrogates */
    assert_true(U8("\xEE\x80\x80"));     /* U+E000, just above */
    assert_true(U8("\xEF\xBF\xBF"));     /* U+FFFF */
    assert_true(U8("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
    assert_true(U8("\xF0\x9F\x98\x80"));
    assert_true(U8("\xF4\x8F\xBF\xBF")); /* U+10FFFF */

    /* Overlongs. */
    assert_false(U8("\xC0\x80"));
    assert_false(U8("\xC1\xBF"));
    assert_false(U8("\xE0\x80\x80"));
    assert_false(U8("\xE0\x9F\xBF"));
    assert_false(U8("\xF0\x80\x80\x80"));
    assert_false(U8("\xF0\x8F\xBF\xBF"));
    /* Surrogates. */
    assert_false(U8("\xED\xA0\x80"));
    assert_false(U8("\xED\xBF\xBF"));
    assert_false(U8("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
    /* Past U+10FFFF and bytes that never occur. */
    assert_false(U8("\xF4\x90\x80\x80"));
    assert_false(U8("\xF5\x80\x80\x80"));
    assert_false(U8("\xF8\x88\x80\x80\x80"));
    assert_false(U8("\xFE"));
    assert_false(U8("\xFF"));
    /* Truncated and broken sequences. */
    assert_false(U8("\x80"));
    assert_false(U8("\xC2"));
    assert_false(U8("\xE2\x82"));
    assert_false(U8("\xF0\x9F\x98"));
    assert_false(U8("\xC2\x41"));
    assert_false(U8("\xF0\x9F\x41\x80"));
    assert_false(U8("ok\xC3"));
    /* The length is honoured: the invalid byte is past n. */
    assert_true(ls_json_is_utf8("ok\xFF", 2));
#undef U8
}

static void test_compact_nesting(void **state)
{
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_ku64(&w, "a", 1);
    ls_jsonw_key(&w, "b");
    ls_jsonw_arr_begin(&w);
    ls_jsonw_u64(&w, 1);
    ls_jsonw_i64(&w, -2);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_obj_end(&w);
    ls_jsonw_arr_begin(&w);
    ls_jsonw_arr_end(&w);
    ls_jsonw_str(&w, "s");
    ls_jsonw_arr_end(&w);
    ls_jsonw_key(&w, "c");
    ls_jsonw_obj_begin(&w);
    ls_jsonw_key(&w, "d");
    ls_jsonw_null(&w);
    ls_jsonw_key(&w, "e");
    ls_jsonw_bool(&w, 1);
    ls_jsonw_key(&w, "f");
    ls_jsonw_bool(&w, 0);
    ls_jsonw_obj_end(&w);
    ls_jsonw_kstr(&w, "g", NULL);
    ls_jsonw_key(&w, "h");
    ls_jsonw_raw(&w, "{\"x\":[1]}", 9);
    ls_jsonw_key(&w, "i\"");
    ls_jsonw_dbl(&w, 1.5, 1);
    ls_jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\"a\":1,\"b\":[1,-2,{},[],\"s\"],\"c\":{\"d\":null,\"e\":true,"
                                "\"f\":false},\"g\":null,\"h\":{\"x\":[1]},\"i\\\"\":1.5}");
    assert_int_equal(w.depth, 0);
    ls_strbuf_free(&b);
}

static void test_top_level_sequence(void **state)
{
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    /* JSON Lines: one value per init, no comma between top-level values. */
    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_kstr(&w, "path", "a");
    ls_jsonw_obj_end(&w);
    ls_strbuf_putc(&b, '\n');
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_kstr(&w, "path", "b");
    ls_jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\"path\":\"a\"}\n{\"path\":\"b\"}");
    ls_strbuf_free(&b);
}

static void test_pretty(void **state)
{
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 1);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_ku64(&w, "a", 1);
    ls_jsonw_key(&w, "b");
    ls_jsonw_arr_begin(&w);
    ls_jsonw_u64(&w, 1);
    ls_jsonw_obj_begin(&w);
    ls_jsonw_kstr(&w, "k", "v");
    ls_jsonw_obj_end(&w);
    ls_jsonw_arr_end(&w);
    ls_jsonw_key(&w, "c");
    ls_jsonw_obj_begin(&w);
    ls_jsonw_obj_end(&w);
    ls_jsonw_key(&w, "d");
    ls_jsonw_arr_begin(&w);
    ls_jsonw_arr_end(&w);
    ls_jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\n"
                                "  \"a\": 1,\n"
                                "  \"b\": [\n"
                                "    1,\n"
                                "    {\n"
                                "      \"k\": \"v\"\n"
                                "    }\n"
                                "  ],\n"
                                "  \"c\": {},\n"
                                "  \"d\": []\n"
                                "}");
    ls_strbuf_free(&b);
}

static void test_numbers(void **state)
{
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_arr_begin(&w);
    ls_jsonw_u64(&w, UINT64_MAX);
    ls_jsonw_i64(&w, INT64_MIN);
    ls_jsonw_u64(&w, 0);
    ls_jsonw_i64(&w, 0);
    ls_jsonw_i64(&w, INT64_MAX);
    ls_jsonw_dbl(&w, 0.5, 3);
    ls_jsonw_dbl(&w, 2.0, 0);
    ls_jsonw_dbl(&w, NAN, 2); /* not a JSON number: null */
    ls_jsonw_dbl(&w, INFINITY, 2);
    ls_jsonw_arr_end(&w);
    assert_string_equal(
        b.data,
        "[18446744073709551615,-9223372036854775808,0,0,9223372036854775807,0.500,2,null,null]");
    ls_strbuf_free(&b);
}

static void test_too_deep_stays_in_bounds(void **state)
{
    struct ls_strbuf b;
    struct ls_jsonw w;
    int i, open = 0, close = 0;
    size_t k;

    (void)state;
    /* Past LS_JSONW_MAX_DEPTH the writer must not write outside first[];
     * brackets still balance. */
    ls_strbuf_init(&b, 4096);
    ls_jsonw_init(&w, &b, 1);
    for (i = 0; i < LS_JSONW_MAX_DEPTH + 8; i++)
        ls_jsonw_arr_begin(&w);
    for (i = 0; i < LS_JSONW_MAX_DEPTH + 8; i++)
        ls_jsonw_arr_end(&w);
    assert_true(w.depth >= 0 && w.depth < LS_JSONW_MAX_DEPTH);
    for (k = 0; k < b.len; k++) {
        open += b.data[k] == '[';
        close += b.data[k] == ']';
    }
    assert_int_equal(open, LS_JSONW_MAX_DEPTH + 8);
    assert_int_equal(close, LS_JSONW_MAX_DEPTH + 8);
    ls_strbuf_free(&b);
}

static void check_b64(const char *in, const char *want)
{
    struct ls_strbuf b;

    ls_strbuf_init(&b, 256);
    ls_base64_append(&b, (const unsigned char *)in, strlen(in));
    assert_string_equal(b.len ? b.data : "", want);
    ls_strbuf_free(&b);
}

static void test_base64_rfc4648(void **state)
{
    struct ls_strbuf b;
    static const unsigned char bin[] = {0xFB, 0xFF, 0x00, 0xFF, 0xFE, 0xFD};

    (void)state;
    /* RFC 4648, section 10. */
    check_b64("", "");
    check_b64("f", "Zg==");
    check_b64("fo", "Zm8=");
    check_b64("foo", "Zm9v");
    check_b64("foob", "Zm9vYg==");
    check_b64("fooba", "Zm9vYmE=");
    check_b64("foobar", "Zm9vYmFy");
    /* Bytes that use '+' and '/', and NUL. */
    ls_strbuf_init(&b, 256);
    ls_base64_append(&b, bin, 2);
    assert_string_equal(b.data, "+/8=");
    ls_strbuf_reset(&b);
    ls_base64_append(&b, bin, sizeof bin);
    assert_string_equal(b.data, "+/8A//79");
    /* It appends. */
    ls_base64_append(&b, (const unsigned char *)"f", 1);
    assert_string_equal(b.data, "+/8A//79Zg==");
    ls_strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_quote_backslash),
        cmocka_unit_test(test_escape_controls),
        cmocka_unit_test(test_escape_c1_controls),
        cmocka_unit_test(test_valid_utf8_passes),
        cmocka_unit_test(test_invalid_utf8_replaced),
        cmocka_unit_test(test_is_utf8),
        cmocka_unit_test(test_compact_nesting),
        cmocka_unit_test(test_top_level_sequence),
        cmocka_unit_test(test_pretty),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_too_deep_stays_in_bounds),
        cmocka_unit_test(test_base64_rfc4648),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
