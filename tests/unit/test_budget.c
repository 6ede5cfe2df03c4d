/* test_budget.c — unit tests of the expansion limits (scanner/budget.c).
 *
 * Each limit on its own: entry bytes, input bytes (which exhausts the whole
 * input), the expansion ratio (only past the grace bytes), entries per
 * archive, nesting depth; and last_hit naming the last limit hit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "budget.h"

/* Limits that never trigger, for tests to lower one at a time. */
static void roomy(struct ls_limits *l)
{
    ls_limits_default(l);
    l->max_entry_bytes = UINT64_MAX;
    l->max_input_bytes = UINT64_MAX;
    l->max_ratio = 1e300;
    l->ratio_grace_bytes = 0;
    l->max_entries = UINT64_MAX;
    l->max_depth = 1000;
    l->max_seconds = 0;
}

static void test_init(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    b.input_expanded = 7;
    b.exhausted = "x";
    b.last_hit = "y";
    ls_budget_init(&b, &l);
    assert_ptr_equal(b.lim, &l);
    assert_int_equal(b.input_expanded, 0);
    assert_null(b.exhausted);
    assert_null(b.last_hit);
    assert_null(ls_budget_charge(&b, 1000, 1000, 1000));
    assert_int_equal(b.input_expanded, 1000);
}

static void test_entry_bytes(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_entry_bytes = 100;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_charge(&b, 60, 60, 60));
    assert_null(ls_budget_charge(&b, 40, 100, 100)); /* at the limit is fine */
    assert_string_equal(ls_budget_charge(&b, 1, 101, 101), "limit: entry-bytes");
    assert_string_equal(b.last_hit, "limit: entry-bytes");
    /* Only that entry stops; the input goes on. */
    assert_null(b.exhausted);
    assert_null(ls_budget_charge(&b, 50, 50, 50)); /* the next entry starts afresh */
    assert_int_equal(b.input_expanded, 151);
}

static void test_input_bytes_exhausts(void **state)
{
    struct ls_limits l;
    struct ls_budget b;
    const char *r;

    (void)state;
    roomy(&l);
    l.max_input_bytes = 100;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_charge(&b, 60, 60, 60));  /* entry 1 */
    assert_null(ls_budget_charge(&b, 40, 40, 40));  /* entry 2: exactly 100 in all */
    assert_null(b.exhausted);
    r = ls_budget_charge(&b, 1, 41, 41);
    assert_string_equal(r, "limit: input-bytes");
    assert_non_null(b.exhausted);
    assert_string_equal(b.exhausted, "limit: input-bytes");
    assert_string_equal(b.last_hit, "limit: input-bytes");
    /* Once exhausted, every later entry stops too. */
    assert_string_equal(ls_budget_charge(&b, 1, 1, 1), "limit: input-bytes");
}

static void test_input_bytes_wins_over_entry_bytes(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_input_bytes = 100;
    l.max_entry_bytes = 50;
    ls_budget_init(&b, &l);
    /* Both exceeded at once: the one that stops the whole input is named. */
    assert_string_equal(ls_budget_charge(&b, 200, 200, 200), "limit: input-bytes");
    assert_non_null(b.exhausted);
}

static void test_ratio_only_past_grace(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_ratio = 10.0;
    l.ratio_grace_bytes = 1000;
    ls_budget_init(&b, &l);
    /* 1000:1 but still within the grace bytes. */
    assert_null(ls_budget_charge(&b, 999, 999, 1));
    assert_null(ls_budget_charge(&b, 1, 1000, 1)); /* at the grace: not yet */
    assert_string_equal(ls_budget_charge(&b, 1, 1001, 1), "limit: ratio");
    assert_string_equal(b.last_hit, "limit: ratio");
    assert_null(b.exhausted); /* a ratio hit stops the entry, not the input */

    /* Past the grace, a ratio at or below the maximum goes on. */
    ls_budget_init(&b, &l);
    assert_null(ls_budget_charge(&b, 2000, 2000, 200)); /* exactly 10 */
    assert_string_equal(ls_budget_charge(&b, 1, 2001, 200), "limit: ratio");
    assert_null(ls_budget_charge(&b, 1, 2001, 201));

    /* Nothing consumed yet counts as one byte, not a division by zero. */
    ls_budget_init(&b, &l);
    assert_string_equal(ls_budget_charge(&b, 2000, 2000, 0), "limit: ratio");
}

static void test_ratio_grace_zero(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_ratio = 2.0;
    l.ratio_grace_bytes = 0;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_charge(&b, 2, 2, 1));
    assert_string_equal(ls_budget_charge(&b, 1, 3, 1), "limit: ratio");
}

static void test_entries(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_entries = 5;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_entries(&b, 0));
    assert_null(ls_budget_entries(&b, 5));
    assert_string_equal(ls_budget_entries(&b, 6), "limit: entries");
    assert_null(b.exhausted);
}

static void test_depth(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_depth = 2;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_depth(&b, 0));
    assert_null(ls_budget_depth(&b, 2));
    assert_string_equal(ls_budget_depth(&b, 3), "limit: depth");
    l.max_depth = 0;
    assert_null(ls_budget_depth(&b, 0));
    assert_string_equal(ls_budget_depth(&b, 1), "limit: depth");
}

static void test_last_hit_is_last(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_entry_bytes = 100;
    l.max_ratio = 10.0;
    l.ratio_grace_bytes = 50;
    l.max_input_bytes = 1000;
    ls_budget_init(&b, &l);
    assert_string_equal(ls_budget_charge(&b, 101, 101, 100), "limit: entry-bytes");
    assert_string_equal(b.last_hit, "limit: entry-bytes");
    /* A successful charge does not clear it: layers above read it after. */
    assert_null(ls_budget_charge(&b, 10, 10, 10));
    assert_string_equal(b.last_hit, "limit: entry-bytes");
    assert_string_equal(ls_budget_charge(&b, 60, 60, 1), "limit: ratio");
    assert_string_equal(b.last_hit, "limit: ratio");
    assert_null(b.exhausted);
    assert_string_equal(ls_budget_charge(&b, 900, 90, 90), "limit: input-bytes");
    assert_string_equal(b.last_hit, "limit: input-bytes");
    assert_string_equal(b.exhausted, "limit: input-bytes");
}

static void test_time(void **state)
{
    struct ls_limits l;
    struct ls_budget b;
    struct timespec ts = {0, 60 * 1000 * 1000};

    (void)state;
    roomy(&l);
    l.max_seconds = 0; /* no limit */
    ls_budget_init(&b, &l);
    assert_null(ls_budget_time(&b));
    l.max_seconds = 3600;
    ls_budget_init(&b, &l);
    assert_null(ls_budget_time(&b));
    assert_null(ls_budget_charge(&b, 1, 1, 1));
    /* A deadline in the past (the coarse clock ticks every few ms). */
    l.max_seconds = 0.001;
    ls_budget_init(&b, &l);
    nanosleep(&ts, NULL);
    assert_string_equal(ls_budget_time(&b), "limit: time");
    assert_string_equal(b.exhausted, "limit: time");
    assert_string_equal(b.last_hit, "limit: time");
    /* It stops every later charge of the input, whatever the bytes. */
    assert_string_equal(ls_budget_charge(&b, 1, 1, 1), "limit: time");
}

static void test_default_limits(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    ls_limits_default(&l);
    ls_limits_clamp(&l);
    ls_budget_init(&b, &l);
    /* An ordinary 10 MiB entry compressed 3:1 passes the defaults. */
    assert_null(ls_budget_charge(&b, 10u << 20, 10u << 20, (10u << 20) / 3));
    assert_null(ls_budget_entries(&b, 1000));
    assert_null(ls_budget_depth(&b, l.max_depth));
    assert_non_null(ls_budget_depth(&b, l.max_depth + 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_entry_bytes),
        cmocka_unit_test(test_input_bytes_exhausts),
        cmocka_unit_test(test_input_bytes_wins_over_entry_bytes),
        cmocka_unit_test(test_ratio_only_past_grace),
        cmocka_unit_test(test_ratio_grace_zero),
        cmocka_unit_test(test_entries),
        cmocka_unit_test(test_depth),
        cmocka_unit_test(test_last_hit_is_last),
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_default_limits),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
