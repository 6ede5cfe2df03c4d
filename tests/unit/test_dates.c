/* test_dates.c — unit tests of date parsing and the date span
 * (scanner/match/dates.c).
 *
 * Every written form of a date parses to yyyymmdd; impossible calendar dates
 * and years outside 1900–2100 are no dates; the span widens to the earliest
 * and latest date, a record is counted once in its year, and merging two
 * spans equals one span fed both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match/dates.h"

static uint32_t parse(const char *s)
{
    return ls_date_parse(s, strlen(s));
}

static void test_parse_formats(void **state)
{
    (void)state;
    assert_int_equal(parse("28.02.2021"), 20210228);
    assert_int_equal(parse("28/02/2021"), 20210228);
    assert_int_equal(parse("28-02-2021"), 20210228);
    assert_int_equal(parse("1/3/85"), 19850301); /* 70–99: 19xx */
    assert_int_equal(parse("1/3/05"), 20050301); /* 00–69: 20xx */
    assert_int_equal(parse("2019-03-01 10:00"), 20190301);
    assert_int_equal(parse("2019/3/1"), 20190301);
    assert_int_equal(parse("2019.03.01"), 20190301);
    assert_int_equal(parse("20190301"), 20190301);
    assert_int_equal(parse("on 5.6.1999, late"), 19990605);         /* leading non-digits skipped */
    assert_int_equal(ls_date_parse("01/02/2003xyz", 10), 20030201); /* only n bytes read */
    assert_int_equal(parse("29/02/2020"), 20200229);                /* leap year */
    assert_int_equal(parse("29/02/2000"), 20000229);                /* 400-year rule */
}

static void test_parse_rejects(void **state)
{
    (void)state;
    assert_int_equal(parse("31/02/2020"), 0);
    assert_int_equal(parse("29/02/2021"), 0);
    assert_int_equal(parse("29/02/1900"), 0); /* 100-year rule */
    assert_int_equal(parse("85.07.30"), 0);   /* no y.m.d with a 2-digit year */
    assert_int_equal(parse("1/13/2020"), 0);
    assert_int_equal(parse("0/12/2020"), 0);
    assert_int_equal(parse("1/12/1899"), 0); /* before LS_YEAR_MIN */
    assert_int_equal(parse("1/12/2101"), 0); /* after LS_YEAR_MAX */
    assert_int_equal(parse("1/12-2020"), 0); /* mixed separators */
    assert_int_equal(parse("1 12 2020"), 0);
    assert_int_equal(parse("1/12/202"), 0); /* a 3-digit year */
    assert_int_equal(parse("123/12/2020"), 0);
    assert_int_equal(parse("2020-1-123"), 0); /* a 3-digit day */
    assert_int_equal(parse("19991332"), 0);
    assert_int_equal(parse("1/12"), 0);
    assert_int_equal(parse(""), 0);
    assert_int_equal(parse("no date"), 0);
}

static void test_span(void **state)
{
    struct ls_datetally d;

    (void)state;
    memset(&d, 0, sizeof d);
    ls_date_add(&d, 0); /* nothing */
    ls_date_extend(&d, 0);
    assert_int_equal(d.first, 0);
    assert_int_equal(d.n, 0);
    ls_date_add(&d, 20190301);
    ls_date_add(&d, 20181231);
    ls_date_add(&d, 20190101);
    ls_date_extend(&d, 20200615); /* widens, counts no record */
    assert_int_equal(d.first, 20181231);
    assert_int_equal(d.last, 20200615);
    assert_int_equal(d.n, 3);
    assert_int_equal(d.by_year[2018 - LS_YEAR_MIN], 1);
    assert_int_equal(d.by_year[2019 - LS_YEAR_MIN], 2);
    assert_int_equal(d.by_year[2020 - LS_YEAR_MIN], 0);
    ls_date_add(&d, 19000101);
    ls_date_add(&d, 21001231);
    assert_int_equal(d.by_year[0], 1);
    assert_int_equal(d.by_year[LS_YEAR_MAX - LS_YEAR_MIN], 1);
    assert_int_equal(d.first, 19000101);
    assert_int_equal(d.last, 21001231);
}

static void test_merge_equals_single(void **state)
{
    static const uint32_t ymd[] = {20190301, 20181231, 19850301, 20210228, 20190302, 20050101};
    struct ls_datetally one, a, b, empty;
    size_t i;

    (void)state;
    memset(&one, 0, sizeof one);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&empty, 0, sizeof empty);
    for (i = 0; i < sizeof ymd / sizeof ymd[0]; i++) {
        ls_date_add(&one, ymd[i]);
        ls_date_add(i % 2 ? &a : &b, ymd[i]);
    }
    ls_date_merge(&a, &b);
    assert_memory_equal(&a, &one, sizeof one);
    ls_date_merge(&a, &empty); /* an empty span changes nothing */
    assert_memory_equal(&a, &one, sizeof one);
    ls_date_merge(&empty, &one); /* into an empty span: a copy */
    assert_memory_equal(&empty, &one, sizeof one);
    assert_int_equal(one.first, 19850301);
    assert_int_equal(one.last, 20210228);
    assert_int_equal(one.n, 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_formats),
        cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_span),
        cmocka_unit_test(test_merge_equals_single),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
