/* test_progress.c — unit tests of the progress line (scanner/progress.c).
 *
 * The line's figures, "+" while the walk still finds files, an ETA only once
 * the total is known (and none before half a second of data), the item's
 * tail behind "…" when the terminal is narrow, control bytes of a name as
 * \xNN, and no line wider than the terminal minus one column.  Messages
 * through ls_progress_say go out whole when no line is drawn. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "progress.h"

static char *fmt(const struct ls_progress_sample *s, double elapsed, const char *item,
                 unsigned width)
{
    static char out[1024];
    struct ls_strbuf b;

    ls_strbuf_init(&b, sizeof out - 1);
    ls_progress_format(s, elapsed, item, item ? strlen(item) : 0, width, &b);
    assert_false(b.overflow);
    snprintf(out, sizeof out, "%s", b.data ? b.data : "");
    ls_strbuf_free(&b);
    return out;
}

/* Display columns of a UTF-8 string (every code point one column here). */
static size_t cols(const char *s)
{
    size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void test_walking(void **state)
{
    struct ls_progress_sample s = {3, 10, 7, 2000000, 8000000, 0};
    char *l = fmt(&s, 2.0, "leak.tar.gz!/a.csv", 200);

    (void)state;
    assert_string_equal(l, "3/10+ files  7 items  2.0 MB/8.0 MB+  1.0 MB/s  leak.tar.gz!/a.csv");
}

static void test_eta_when_known(void **state)
{
    struct ls_progress_sample s = {3, 10, 7, 2000000, 8000000, 1};

    (void)state;
    /* 6 MB left at 1 MB/s */
    assert_string_equal(fmt(&s, 2.0, NULL, 200),
                        "3/10 files  7 items  2.0 MB/8.0 MB  1.0 MB/s  ETA 0:06");
    s.bytes_found = 2000000ull + 7200ull * 1000000ull; /* two hours left */
    assert_non_null(strstr(fmt(&s, 2.0, NULL, 200), "ETA 2:00:00"));
    /* under half a second: no rate, no ETA */
    assert_null(strstr(fmt(&s, 0.2, NULL, 200), "MB/s"));
    assert_null(strstr(fmt(&s, 0.2, NULL, 200), "ETA"));
    /* all read (an archive expanding still): no ETA */
    s.bytes_done = s.bytes_found;
    assert_null(strstr(fmt(&s, 2.0, NULL, 200), "ETA"));
}

static void test_narrow(void **state)
{
    struct ls_progress_sample s = {1, 2, 1, 100, 200, 0};
    char *l;

    (void)state;
    l = fmt(&s, 0.1, "dump/very/long/folder/name/with/the/file/at/the/end.csv", 50);
    assert_true(cols(l) <= 49);
    assert_non_null(strstr(l, "\xe2\x80\xa6"));
    assert_non_null(strstr(l, "end.csv"));
    /* narrower than the figures: the figures cut, no item */
    l = fmt(&s, 0.1, "x.csv", 12);
    assert_int_equal(cols(l), 11);
    assert_null(strstr(l, "x.csv"));
    /* a multibyte name keeps whole characters */
    l = fmt(&s, 0.1, "d\xc3\xa9j\xc3\xa0/\xc3\xa9t\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9.txt",
            44);
    assert_true(cols(l) <= 43);
    assert_non_null(strstr(l, "\xe2\x80\xa6\xc3\xa9"));
    assert_non_null(strstr(l, ".txt"));
}

static void test_term_safe(void **state)
{
    struct ls_progress_sample s = {0, 1, 0, 0, 10, 0};
    char *l = fmt(&s, 0.1, "evil\x1b]0;title\x07.txt", 120);

    (void)state;
    assert_null(strchr(l, '\x1b'));
    assert_null(strchr(l, '\x07'));
    assert_non_null(strstr(l, "evil\\x1b]0;title\\x07.txt"));
}

static void test_say(void **state)
{
    struct ls_progress *p = NULL;
    int fds[2];
    char buf[64];
    ssize_t n;

    (void)state;
    assert_int_equal(pipe(fds), 0);
    assert_int_equal(ls_progress_new(fds[1], 2, &p), LS_OK);
    ls_progress_item(p, 1, "a.txt", 5);
    ls_progress_item(p, 7, "ignored", 7); /* no such slot */
    ls_progress_say(p, "leakscan: warning: x\n");
    ls_progress_halt(p); /* nothing drawn: nothing to erase */
    ls_progress_free(p);
    close(fds[1]);
    n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "leakscan: warning: x\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walking), cmocka_unit_test(test_eta_when_known),
        cmocka_unit_test(test_narrow),  cmocka_unit_test(test_term_safe),
        cmocka_unit_test(test_say),
    };

    setlocale(LC_CTYPE, "C.UTF-8");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
