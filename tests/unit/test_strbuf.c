/* test_strbuf.c — unit tests of the bounded buffer (scanner/strbuf.c).
 *
 * The maximum fixed at creation is never exceeded: an append past it fails,
 * sets `overflow` and leaves the contents as they were; the data is always
 * NUL-terminated.  With --paranoid (wipe.h) it behaves the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"
#include "wipe.h"

static void test_empty(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 10);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.max, 10);
    assert_int_equal(b.overflow, 0);
    ls_strbuf_reset(&b); /* fine before any append */
    assert_int_equal(ls_strbuf_append(&b, "", 0), 0);
    assert_non_null(b.data);
    assert_string_equal(b.data, "");
    ls_strbuf_free(&b);
    assert_null(b.data);
    ls_strbuf_free(&b); /* twice is harmless */
}

static void test_append_to_max(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 10);
    assert_int_equal(ls_strbuf_append(&b, "hello", 5), 0);
    assert_int_equal(ls_strbuf_puts(&b, "world"), 0); /* exactly max */
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "helloworld");
    assert_int_equal(b.overflow, 0);
    assert_true(b.cap <= b.max + 1); /* never allocates past max + NUL */

    assert_int_equal(ls_strbuf_putc(&b, '!'), -1);
    assert_int_equal(b.overflow, 1);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "helloworld"); /* untouched */
    /* Appending nothing still fits, and overflow stays set. */
    assert_int_equal(ls_strbuf_append(&b, "", 0), 0);
    assert_int_equal(b.overflow, 1);
    ls_strbuf_free(&b);
    assert_int_equal(b.overflow, 0);
}

static void test_append_too_long_at_once(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 4);
    assert_int_equal(ls_strbuf_puts(&b, "ab"), 0);
    assert_int_equal(ls_strbuf_puts(&b, "cde"), -1); /* 5 > 4: nothing of it goes in */
    assert_int_equal(b.overflow, 1);
    assert_string_equal(b.data, "ab");
    assert_int_equal(ls_strbuf_puts(&b, "cd"), 0); /* a shorter one still fits */
    assert_string_equal(b.data, "abcd");
    ls_strbuf_free(&b);
}

static void test_max_zero(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 0);
    assert_int_equal(ls_strbuf_putc(&b, 'a'), -1);
    assert_int_equal(b.overflow, 1);
    assert_int_equal(b.len, 0);
    ls_strbuf_free(&b);
}

static void test_huge_append_does_not_wrap(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 100);
    assert_int_equal(ls_strbuf_puts(&b, "x"), 0);
    /* len + n wraps around to a small number: must fail, not write. */
    assert_int_equal(ls_strbuf_append(&b, "y", (size_t)-1), -1);
    assert_int_equal(b.overflow, 1);
    assert_string_equal(b.data, "x");
    ls_strbuf_free(&b);

    /* A maximum of SIZE_MAX ("no bound") must not wrap max + 1 either. */
    ls_strbuf_init(&b, (size_t)-1);
    assert_int_equal(ls_strbuf_puts(&b, "abc"), 0);
    assert_true(b.cap >= 4);
    assert_string_equal(b.data, "abc");
    assert_int_equal(ls_strbuf_append(&b, "y", (size_t)-2), -1);
    assert_string_equal(b.data, "abc");
    ls_strbuf_free(&b);
}

static void test_grows(void **state)
{
    struct ls_strbuf b;
    char chunk[1000];
    size_t i;

    (void)state;
    memset(chunk, 'q', sizeof chunk);
    ls_strbuf_init(&b, 100000);
    for (i = 0; i < 100; i++) {
        chunk[0] = (char)('a' + i % 26);
        assert_int_equal(ls_strbuf_append(&b, chunk, sizeof chunk), 0);
    }
    assert_int_equal(b.len, 100000);
    assert_int_equal(b.data[100000], '\0');
    for (i = 0; i < 100; i++) {
        assert_int_equal(b.data[i * 1000], 'a' + i % 26);
        assert_int_equal(b.data[i * 1000 + 999], 'q');
    }
    assert_int_equal(b.cap, 100001); /* clamped to max + NUL, not doubled past it */
    assert_int_equal(ls_strbuf_putc(&b, 'z'), -1);
    ls_strbuf_free(&b);
}

static void test_reset_keeps_memory(void **state)
{
    struct ls_strbuf b;
    char *p;
    size_t cap;

    (void)state;
    ls_strbuf_init(&b, 1000);
    assert_int_equal(ls_strbuf_puts(&b, "some text"), 0);
    p = b.data;
    cap = b.cap;
    ls_strbuf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_ptr_equal(b.data, p);
    assert_int_equal(b.cap, cap);
    assert_string_equal(b.data, "");
    assert_int_equal(ls_strbuf_puts(&b, "new"), 0);
    assert_string_equal(b.data, "new");
    ls_strbuf_free(&b);
}

static void test_printf(void **state)
{
    struct ls_strbuf b;
    char big[600];

    (void)state;
    ls_strbuf_init(&b, 1000);
    assert_int_equal(ls_strbuf_printf(&b, "%d-%s-%03u", -42, "x", 7u), 0);
    assert_string_equal(b.data, "-42-x-007");
    assert_int_equal(ls_strbuf_printf(&b, "%s", ""), 0);
    assert_int_equal(b.len, 9);
    /* Across the first allocation (256). */
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(ls_strbuf_printf(&b, "[%s]", big), 0);
    assert_int_equal(b.len, 9 + 601);
    assert_int_equal(b.data[9], '[');
    assert_int_equal(b.data[9 + 600], ']');
    assert_int_equal(b.data[b.len], '\0');
    ls_strbuf_free(&b);
}

static void test_printf_overflow(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 8);
    assert_int_equal(ls_strbuf_printf(&b, "%s", "abcde"), 0);
    assert_int_equal(ls_strbuf_printf(&b, "%d", 1234), -1); /* 9 > 8 */
    assert_int_equal(b.overflow, 1);
    assert_int_equal(b.len, 5);
    assert_string_equal(b.data, "abcde");
    assert_int_equal(ls_strbuf_printf(&b, "%d", 123), 0); /* exactly 8 */
    assert_string_equal(b.data, "abcde123");
    assert_int_equal(b.len, 8);
    ls_strbuf_free(&b);
}

static void test_binary(void **state)
{
    struct ls_strbuf b;

    (void)state;
    ls_strbuf_init(&b, 16);
    assert_int_equal(ls_strbuf_append(&b, "a\0b", 3), 0);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    ls_strbuf_free(&b);
}

/* --paranoid (wipe.h): ls_wipe zeroes only when on; a moved or grown
 * buffer keeps its bytes; the strbuf behaves the same with wiping on. */
static void test_paranoid(void **state)
{
    struct ls_strbuf b;
    char buf[8];
    char *p;
    int i;

    (void)state;
    memcpy(buf, "secret!", 8);
    ls_wipe_set(0);
    ls_wipe(buf, sizeof buf);
    assert_string_equal(buf, "secret!");
    ls_wipe_set(1);
    assert_int_equal(ls_wipe_on(), 1);
    ls_wipe(buf, sizeof buf);
    for (i = 0; i < 8; i++)
        assert_int_equal(buf[i], 0);

    p = ls_wipe_realloc(NULL, 0, 4);
    assert_non_null(p);
    memcpy(p, "abc", 4);
    p = ls_wipe_realloc(p, 4, 1000);
    assert_non_null(p);
    assert_string_equal(p, "abc");
    p = ls_wipe_realloc(p, 1000, 2);
    assert_non_null(p);
    assert_memory_equal(p, "ab", 2);
    ls_wipe_free(p, 2);
    ls_wipe_free(NULL, 10);

    ls_strbuf_init(&b, 100000);
    for (i = 0; i < 10000; i++)
        assert_int_equal(ls_strbuf_printf(&b, "%d,", i % 10), 0);
    assert_int_equal(b.len, 20000);
    assert_memory_equal(b.data + 19990, "5,6,7,8,9,", 10);
    ls_strbuf_free(&b);
    assert_null(b.data);
    ls_wipe_set(0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_append_to_max),
        cmocka_unit_test(test_append_too_long_at_once),
        cmocka_unit_test(test_max_zero),
        cmocka_unit_test(test_huge_append_does_not_wrap),
        cmocka_unit_test(test_grows),
        cmocka_unit_test(test_reset_keeps_memory),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_printf_overflow),
        cmocka_unit_test(test_binary),
        cmocka_unit_test(test_paranoid),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
