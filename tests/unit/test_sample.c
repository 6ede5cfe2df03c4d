/* test_sample.c — unit tests of --sample (scanner/sample.c, docs/sampling.md).
 *
 * The parsing of --sample and --seed; the selection (every unit at 1, the
 * share of units near the fraction, the same for a seed, other for another
 * seed); the t quantile; the three estimators and their intervals on a
 * small sample worked out by hand from the formulas of docs/sampling.md
 * (the clamps at the sample's own count and, for units, at N - (n - seen));
 * an exact answer when every unit is sampled; and the merge of two
 * workers' accumulators counting a unit met by both once. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "sample.h"

static int close_to(double a, double b)
{
    return fabs(a - b) < 1e-9 * (1 + fabs(b));
}
#define CLOSE(a, b) assert_true(close_to((a), (b)))

static void test_parse(void **state)
{
    static const char *const bad_f[] = {"0",   "1.5", "-0.1", "abc",   "",
                                        "nan", "inf", "0.2x", "1.0001"};
    static const char *const bad_s[] = {"-1", "x", "1.5", "", "18446744073709551616", " 1"};
    double p = 0;
    uint64_t s = 0;
    size_t i;

    (void)state;
    assert_int_equal(ls_sample_parse_fraction("0.2", &p), 0);
    CLOSE(p, 0.2);
    assert_int_equal(ls_sample_parse_fraction("1", &p), 0);
    CLOSE(p, 1.0);
    assert_int_equal(ls_sample_parse_fraction(".5", &p), 0);
    CLOSE(p, 0.5);
    for (i = 0; i < sizeof bad_f / sizeof bad_f[0]; i++)
        assert_int_equal(ls_sample_parse_fraction(bad_f[i], &p), -1);
    assert_int_equal(ls_sample_parse_seed("0", &s), 0);
    assert_true(s == 0);
    assert_int_equal(ls_sample_parse_seed("18446744073709551615", &s), 0);
    assert_true(s == UINT64_MAX);
    for (i = 0; i < sizeof bad_s / sizeof bad_s[0]; i++)
        assert_int_equal(ls_sample_parse_seed(bad_s[i], &s), -1);
}

static void test_mine(void **state)
{
    char path[32];
    unsigned i, in1 = 0, both = 0;
    int a, b;

    (void)state;
    for (i = 0; i < 100000; i++) {
        int n = snprintf(path, sizeof path, "pv/%u.odt", i);
        assert_int_equal(ls_sample_mine(1.0, 7, path, (size_t)n), 1);
        a = ls_sample_mine(0.2, 7, path, (size_t)n);
        assert_int_equal(a, ls_sample_mine(0.2, 7, path, (size_t)n)); /* the same seed */
        b = ls_sample_mine(0.2, 8, path, (size_t)n);
        in1 += (unsigned)a;
        both += (unsigned)(a && b);
    }
    /* about 20 000 in, and a seed's choice independent of the other's (4 000) */
    assert_in_range(in1, 19400, 20600);
    assert_in_range(both, 3700, 4300);
}

static void test_t975(void **state)
{
    (void)state;
    assert_true(isinf(ls_sample_t975(0)));
    CLOSE(ls_sample_t975(1), 12.706);
    CLOSE(ls_sample_t975(3), 3.182);
    CLOSE(ls_sample_t975(30), 2.042);
    assert_true(fabs(ls_sample_t975(31) - 2.0395) < 5e-4);
    assert_true(fabs(ls_sample_t975(100) - 1.9840) < 5e-4);
    assert_true(fabs(ls_sample_t975(1000000) - 1.95997) < 1e-4);
}

/* One category; four sampled units (bytes, findings): (100, 2), (200, 4),
 * (100, 0), (300, 6); N = 10 units of 1000 bytes; p = 0.4. */
static void four_units(struct ls_sample_acc **a)
{
    static const uint64_t bytes[4] = {100, 200, 100, 300}, y[4] = {2, 4, 0, 6};
    uint64_t f, r;
    unsigned i;

    assert_int_equal(ls_sample_acc_new(1, a), LS_OK);
    for (i = 0; i < 4; i++) {
        assert_int_equal(ls_sample_unit(*a, 1000 + i, bytes[i]), LS_OK);
        f = y[i];
        r = y[i] / 2; /* records with a finding */
        assert_int_equal(ls_sample_item(*a, 1000 + i, &f, &r), LS_OK);
    }
}

static void test_estimates(void **state)
{
    struct ls_sample_pop pop = {10, 1000, 0};
    struct ls_sample_result r;
    struct ls_sample_acc *a;
    const struct ls_sample_cat *c;
    double t = 3.182, f = 1 - 4.0 / 10, se, R, g;

    (void)state;
    four_units(&a);
    assert_int_equal(ls_sample_estimate(a, &pop, 0.4, 1, &r), LS_OK);
    assert_true(r.units == 4 && r.bytes == 700 && r.ncats == 1);
    assert_int_equal(r.primary, LS_SE_MEAN);
    c = &r.cats[0];
    assert_true(c->sample[LS_SM_FINDINGS] == 12 && c->sample[LS_SM_RECORDS] == 6);
    assert_true(c->sample[LS_SM_FILES] == 3 && c->units_seen == 3);
    assert_int_equal(c->reliable, 0); /* 4 units sampled */

    /* per unit: 10 * mean 3; s^2 = 20/3 */
    se = sqrt(100 * f / 4 * (20.0 / 3));
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_FINDINGS].est, 30);
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_FINDINGS].low, 12); /* 30 - t se < 12: the sample's count */
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_FINDINGS].high, 30 + t * se);

    /* ratio by bytes: 1000 * 12 / 700; residuals about R = 12/700 */
    R = 12.0 / 700;
    g = (1000.0 / 10) / (700.0 / 4);
    se = sqrt(100 * f / 4 *
              ((2 - 100 * R) * (2 - 100 * R) + (4 - 200 * R) * (4 - 200 * R) +
               (0 - 100 * R) * (0 - 100 * R) + (6 - 300 * R) * (6 - 300 * R)) /
              3 * g * g);
    CLOSE(c->ci[LS_SE_RATIO_BYTES][LS_SM_FINDINGS].est, 1000 * R);
    CLOSE(c->ci[LS_SE_RATIO_BYTES][LS_SM_FINDINGS].low, 12);
    CLOSE(c->ci[LS_SE_RATIO_BYTES][LS_SM_FINDINGS].high, 1000 * R + t * se);

    /* Horvitz-Thompson: 12 / 0.4, variance 0.6 / 0.16 * (4 + 16 + 0 + 36) */
    CLOSE(c->ci[LS_SE_HT][LS_SM_FINDINGS].est, 30);
    CLOSE(c->ci[LS_SE_HT][LS_SM_FINDINGS].high, 30 + t * sqrt(0.6 / 0.16 * 56));

    /* units: 3 of 4 sampled units; at most 10 - 1 (one is known not to) */
    se = sqrt(100 * f / 4 * 0.25);
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_UNITS].est, 7.5);
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_UNITS].low, 3);
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_UNITS].high, fmin(7.5 + t * se, 9));
    CLOSE(c->ci[LS_SE_MEAN][LS_SM_UNITS].high, 9);
    ls_sample_result_free(&r);

    /* the same four units as the whole population, every one sampled:
     * the totals, exactly, zero-width */
    pop.units = 4;
    pop.bytes = 700;
    assert_int_equal(ls_sample_estimate(a, &pop, 1.0, 1, &r), LS_OK);
    for (int e = 0; e < LS_SE_COUNT; e++) {
        CLOSE(r.cats[0].ci[e][LS_SM_FINDINGS].est, 12);
        CLOSE(r.cats[0].ci[e][LS_SM_FINDINGS].low, 12);
        CLOSE(r.cats[0].ci[e][LS_SM_FINDINGS].high, 12);
        CLOSE(r.cats[0].ci[e][LS_SM_RECORDS].high, 6);
    }
    assert_int_equal(r.cats[0].reliable, 1);
    ls_sample_result_free(&r);
    ls_sample_acc_free(a);
}

static void test_merge(void **state)
{
    struct ls_sample_pop pop = {100, 10000, 0};
    struct ls_sample_acc *a, *b;
    struct ls_sample_result r;
    uint64_t f = 5, rec = 2;

    (void)state;
    assert_int_equal(ls_sample_acc_new(1, &a), LS_OK);
    assert_int_equal(ls_sample_acc_new(1, &b), LS_OK);
    /* unit 7 started on a; one of its documents was matched on b */
    assert_int_equal(ls_sample_unit(a, 7, 300), LS_OK);
    assert_int_equal(ls_sample_item(b, 7, &f, &rec), LS_OK);
    assert_int_equal(ls_sample_unit(b, 8, 50), LS_OK);
    assert_int_equal(ls_sample_item(a, 7, &f, &rec), LS_OK);
    assert_int_equal(ls_sample_acc_merge(a, b), LS_OK);
    assert_int_equal(ls_sample_estimate(a, &pop, 0.02, 3, &r), LS_OK);
    assert_true(r.units == 2 && r.bytes == 350);
    assert_true(r.cats[0].sample[LS_SM_FINDINGS] == 10 && r.cats[0].sample[LS_SM_RECORDS] == 4);
    assert_true(r.cats[0].sample[LS_SM_FILES] == 2 && r.cats[0].units_seen == 1);
    ls_sample_result_free(&r);
    ls_sample_acc_free(a);
    ls_sample_acc_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),     cmocka_unit_test(test_mine),  cmocka_unit_test(test_t975),
        cmocka_unit_test(test_estimates), cmocka_unit_test(test_merge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
