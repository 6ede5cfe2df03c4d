/* test_fpset.c — unit tests of the exact fingerprint set
 * (scanner/match/fpset.c).
 *
 * A fingerprint is counted once however often it is added; the all-zero
 * fingerprint (the empty-slot marker) is a value too; merging is a union,
 * whatever the sizes and the overlap, and leaves the source as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match/fpset.h"

static void fp_of(unsigned v, unsigned char fp[16])
{
    unsigned k;

    memset(fp, 0, 16);
    for (k = 0; k < 16; k++) /* a cheap mix, spread over all bytes */
        fp[k] = (unsigned char)((v * 2654435761u) >> ((k % 4) * 8)) ^ (unsigned char)(k * 31 + v);
}

static void test_add_and_duplicate(void **state)
{
    struct ls_fpset s = {0};
    unsigned char fp[16];
    unsigned v;

    (void)state;
    for (v = 0; v < 50000; v++) {
        fp_of(v, fp);
        assert_int_equal(ls_fpset_add(&s, fp), 1);
        assert_int_equal(ls_fpset_add(&s, fp), 0);
    }
    assert_int_equal(s.n, 50000);
    assert_true(s.n * 4 <= s.cap * 3); /* at most 3/4 full */
    assert_int_equal(s.cap & (s.cap - 1), 0);
    for (v = 0; v < 50000; v += 7) {
        fp_of(v, fp);
        assert_int_equal(ls_fpset_add(&s, fp), 0);
    }
    assert_int_equal(s.n, 50000);
    ls_fpset_free(&s);
    assert_null(s.slot);
    assert_int_equal(s.n, 0);
    ls_fpset_free(&s); /* twice is harmless */
}

static void test_zero_fingerprint(void **state)
{
    struct ls_fpset s = {0};
    unsigned char zero[16] = {0}, one[16] = {1};

    (void)state;
    assert_int_equal(ls_fpset_add(&s, zero), 1); /* the all-zero value is a value too */
    assert_int_equal(ls_fpset_add(&s, zero), 0);
    assert_int_equal(s.n, 1);
    /* stored as 01 00…00: that value collides with it (a 2^-128 event) */
    assert_int_equal(ls_fpset_add(&s, one), 0);
    assert_int_equal(s.n, 1);
    ls_fpset_free(&s);
}

static void test_merge(void **state)
{
    struct ls_fpset a = {0}, b = {0}, empty = {0};
    unsigned char fp[16], zero[16] = {0};
    unsigned v;

    (void)state;
    for (v = 0; v < 50000; v++) {
        fp_of(v, fp);
        assert_int_equal(ls_fpset_add(&a, fp), 1);
    }
    for (v = 40000; v < 90000; v++) {
        fp_of(v, fp);
        assert_int_equal(ls_fpset_add(&b, fp), 1);
    }
    assert_int_equal(ls_fpset_add(&b, zero), 1);
    assert_int_equal(ls_fpset_merge(&a, &b), 0);
    assert_int_equal(a.n, 90001);
    assert_int_equal(b.n, 50001);                /* the source is only read */
    assert_int_equal(ls_fpset_merge(&a, &b), 0); /* again: nothing new */
    assert_int_equal(a.n, 90001);
    assert_int_equal(ls_fpset_merge(&a, &empty), 0);
    assert_int_equal(a.n, 90001);
    assert_int_equal(ls_fpset_merge(&empty, &b), 0); /* into an empty set */
    assert_int_equal(empty.n, 50001);
    for (v = 40000; v < 90000; v += 13) {
        fp_of(v, fp);
        assert_int_equal(ls_fpset_add(&empty, fp), 0);
    }
    assert_int_equal(ls_fpset_add(&empty, zero), 0);
    ls_fpset_free(&a);
    ls_fpset_free(&b);
    ls_fpset_free(&empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_and_duplicate),
        cmocka_unit_test(test_zero_fingerprint),
        cmocka_unit_test(test_merge),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
