/* test_budget.c — unit tests of the expansion limits (scanner/budget.c).
 *
 * Each limit on its own: entry bytes, input bytes (which exhausts the whole
 * input), the expansion ratio (only past the grace bytes), entries per
 * archive, nesting depth; and last_hit naming the last limit hit.  A hit is
 * a value (enum ls_limit); its printed reason comes from ls_limit_reason(). */
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
    b.exhausted = LS_LIMIT_RATIO;
    b.last_hit = LS_LIMIT_TIME;
    ls_budget_init(&b, &l);
    assert_ptr_equal(b.lim, &l);
    assert_int_equal(b.input_expanded, 0);
    assert_int_equal(b.exhausted, LS_LIMIT_NONE);
    assert_int_equal(b.last_hit, LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 1000, 1000, 1000), LS_LIMIT_NONE);
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
    assert_int_equal(ls_budget_charge(&b, 60, 60, 60), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 40, 100, 100), LS_LIMIT_NONE); /* at the limit is fine */
    assert_int_equal(ls_budget_charge(&b, 1, 101, 101), LS_LIMIT_ENTRY_BYTES);
    assert_int_equal(b.last_hit, LS_LIMIT_ENTRY_BYTES);
    /* Only that entry stops; the input goes on. */
    assert_int_equal(b.exhausted, LS_LIMIT_NONE);
    /* The next entry starts afresh. */
    assert_int_equal(ls_budget_charge(&b, 50, 50, 50), LS_LIMIT_NONE);
    assert_int_equal(b.input_expanded, 151);
}

static void test_input_bytes_exhausts(void **state)
{
    struct ls_limits l;
    struct ls_budget b;
    enum ls_limit r;

    (void)state;
    roomy(&l);
    l.max_input_bytes = 100;
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_charge(&b, 60, 60, 60), LS_LIMIT_NONE); /* entry 1 */
    /* Entry 2: exactly 100 in all. */
    assert_int_equal(ls_budget_charge(&b, 40, 40, 40), LS_LIMIT_NONE);
    assert_int_equal(b.exhausted, LS_LIMIT_NONE);
    r = ls_budget_charge(&b, 1, 41, 41);
    assert_int_equal(r, LS_LIMIT_INPUT_BYTES);
    assert_int_not_equal(b.exhausted, LS_LIMIT_NONE);
    assert_int_equal(b.exhausted, LS_LIMIT_INPUT_BYTES);
    assert_int_equal(b.last_hit, LS_LIMIT_INPUT_BYTES);
    /* Once exhausted, every later entry stops too. */
    assert_int_equal(ls_budget_charge(&b, 1, 1, 1), LS_LIMIT_INPUT_BYTES);
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
    assert_int_equal(ls_budget_charge(&b, 200, 200, 200), LS_LIMIT_INPUT_BYTES);
    assert_int_not_equal(b.exhausted, LS_LIMIT_NONE);
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
    assert_int_equal(ls_budget_charge(&b, 999, 999, 1), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 1, 1000, 1), LS_LIMIT_NONE); /* at the grace: not yet */
    assert_int_equal(ls_budget_charge(&b, 1, 1001, 1), LS_LIMIT_RATIO);
    assert_int_equal(b.last_hit, LS_LIMIT_RATIO);
    assert_int_equal(b.exhausted, LS_LIMIT_NONE); /* a ratio hit stops the entry, not the input */

    /* Past the grace, a ratio at or below the maximum goes on. */
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_charge(&b, 2000, 2000, 200), LS_LIMIT_NONE); /* exactly 10 */
    assert_int_equal(ls_budget_charge(&b, 1, 2001, 200), LS_LIMIT_RATIO);
    assert_int_equal(ls_budget_charge(&b, 1, 2001, 201), LS_LIMIT_NONE);

    /* Nothing consumed yet counts as one byte, not a division by zero. */
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_charge(&b, 2000, 2000, 0), LS_LIMIT_RATIO);
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
    assert_int_equal(ls_budget_charge(&b, 2, 2, 1), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 1, 3, 1), LS_LIMIT_RATIO);
}

static void test_entries(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_entries = 5;
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_entries(&b, 0), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_entries(&b, 5), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_entries(&b, 6), LS_LIMIT_ENTRIES);
    assert_int_equal(b.exhausted, LS_LIMIT_NONE);
}

static void test_depth(void **state)
{
    struct ls_limits l;
    struct ls_budget b;

    (void)state;
    roomy(&l);
    l.max_depth = 2;
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_depth(&b, 0), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_depth(&b, 2), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_depth(&b, 3), LS_LIMIT_DEPTH);
    l.max_depth = 0;
    assert_int_equal(ls_budget_depth(&b, 0), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_depth(&b, 1), LS_LIMIT_DEPTH);
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
    assert_int_equal(ls_budget_charge(&b, 101, 101, 100), LS_LIMIT_ENTRY_BYTES);
    assert_int_equal(b.last_hit, LS_LIMIT_ENTRY_BYTES);
    /* A successful charge does not clear it: layers above read it after. */
    assert_int_equal(ls_budget_charge(&b, 10, 10, 10), LS_LIMIT_NONE);
    assert_int_equal(b.last_hit, LS_LIMIT_ENTRY_BYTES);
    assert_int_equal(ls_budget_charge(&b, 60, 60, 1), LS_LIMIT_RATIO);
    assert_int_equal(b.last_hit, LS_LIMIT_RATIO);
    assert_int_equal(b.exhausted, LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 900, 90, 90), LS_LIMIT_INPUT_BYTES);
    assert_int_equal(b.last_hit, LS_LIMIT_INPUT_BYTES);
    assert_int_equal(b.exhausted, LS_LIMIT_INPUT_BYTES);
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
    assert_int_equal(ls_budget_time(&b), LS_LIMIT_NONE);
    l.max_seconds = 3600;
    ls_budget_init(&b, &l);
    assert_int_equal(ls_budget_time(&b), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_charge(&b, 1, 1, 1), LS_LIMIT_NONE);
    /* A deadline in the past (the coarse clock ticks every few ms). */
    l.max_seconds = 0.001;
    ls_budget_init(&b, &l);
    nanosleep(&ts, NULL);
    assert_int_equal(ls_budget_time(&b), LS_LIMIT_TIME);
    assert_int_equal(b.exhausted, LS_LIMIT_TIME);
    assert_int_equal(b.last_hit, LS_LIMIT_TIME);
    /* It stops every later charge of the input, whatever the bytes. */
    assert_int_equal(ls_budget_charge(&b, 1, 1, 1), LS_LIMIT_TIME);
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
    assert_int_equal(ls_budget_charge(&b, 10u << 20, 10u << 20, (10u << 20) / 3), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_entries(&b, 1000), LS_LIMIT_NONE);
    assert_int_equal(ls_budget_depth(&b, l.max_depth), LS_LIMIT_NONE);
    assert_int_not_equal(ls_budget_depth(&b, l.max_depth + 1), LS_LIMIT_NONE);
}

/* The printed reasons are part of the inventory and report: pinned here. */
static void test_limit_reasons(void **state)
{
    (void)state;
    assert_string_equal(ls_limit_reason(LS_LIMIT_NONE), "");
    assert_string_equal(ls_limit_reason(LS_LIMIT_TIME), "limit: time");
    assert_string_equal(ls_limit_reason(LS_LIMIT_INPUT_BYTES), "limit: input-bytes");
    assert_string_equal(ls_limit_reason(LS_LIMIT_ENTRY_BYTES), "limit: entry-bytes");
    assert_string_equal(ls_limit_reason(LS_LIMIT_RATIO), "limit: ratio");
    assert_string_equal(ls_limit_reason(LS_LIMIT_ENTRIES), "limit: entries");
    assert_string_equal(ls_limit_reason(LS_LIMIT_DEPTH), "limit: depth");
    assert_string_equal(ls_limit_reason(LS_LIMIT_BUFFER_BYTES), "limit: buffer-bytes");
    assert_string_equal(ls_limit_reason(LS_LIMIT_OVERLAP), "limit: overlapping entries");
    assert_string_equal(ls_limit_reason(LS_LIMIT_PATH_LENGTH), "limit: path length");
    assert_string_equal(ls_limit_reason(LS_LIMIT_DIR_DEPTH), "limit: directory depth");
    assert_string_equal(ls_limit_reason((enum ls_limit)1000), "");
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
        cmocka_unit_test(test_limit_reasons),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
