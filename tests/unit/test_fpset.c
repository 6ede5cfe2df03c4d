/* test_fpset.c — unit tests of the exact set of value hashes
 * (scanner/match/fpset.c).
 *
 * A hash is counted once however often it is added; the hash 0 (the
 * empty-slot marker) is a value too; the set's size and membership agree
 * with a reference (a sorted array) through growth, with hashes that share a
 * shard or a home slot; merging is a union that empties the source; and the
 * bytes a set holds depend only on its content, not on the order of adds or
 * on merges (the report's figure is the same for any -j).  Past its size
 * limit a set becomes a HyperLogLog sketch: its estimate lies within 4
 * standard errors of the truth from a few values to millions, and is the
 * same however the values were split and merged (exact sets merged into
 * sketches, sketches into sketches, registers added). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/fpset.h"

/* splitmix64: a well-spread 64-bit hash of i, like a keyed SipHash. */
static uint64_t mix(uint64_t i)
{
    uint64_t z = i + 0x9E3779B97F4A7C15ULL;

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* The reference: distinct values of v[0..n) (sorts v). */
static uint64_t ref_distinct(uint64_t *v, size_t n)
{
    uint64_t d = 0;
    size_t i;

    qsort(v, n, sizeof *v, cmp_u64);
    for (i = 0; i < n; i++)
        if (i == 0 || v[i] != v[i - 1])
            d++;
    return d;
}

static void test_add_and_duplicate(void **state)
{
    struct ls_fpset s = {0};
    uint64_t i;

    (void)state;
    assert_int_equal(ls_fpset_bytes(&s), 0);
    for (i = 0; i < 100000; i++) {
        assert_int_equal(ls_fpset_add(&s, mix(i)), 1);
        assert_int_equal(ls_fpset_add(&s, mix(i)), 0);
    }
    assert_int_equal(s.n, 100000);
    for (i = 0; i < 100000; i++)
        assert_int_equal(ls_fpset_has(&s, mix(i)), 1);
    for (i = 100000; i < 200000; i++)
        assert_int_equal(ls_fpset_has(&s, mix(i)), 0);
    /* 8-byte slots at most 4/5 full, grown by half: 10 to 15 bytes a value,
     * plus the shard table and the rounding of tables to pages */
    assert_true(ls_fpset_bytes(&s) >= 100000 * 10);
    assert_true(ls_fpset_bytes(&s) <= 100000 * 15 + LS_FPSET_SHARDS * (16 + 4096));
    ls_fpset_free(&s);
    assert_int_equal(s.n, 0);
    assert_int_equal(ls_fpset_bytes(&s), 0);
    ls_fpset_free(&s); /* twice is harmless */
}

static void test_zero_is_a_value(void **state)
{
    struct ls_fpset s = {0};

    (void)state;
    assert_int_equal(ls_fpset_has(&s, 0), 0);
    assert_int_equal(ls_fpset_add(&s, 0), 1);
    assert_int_equal(ls_fpset_add(&s, 0), 0);
    assert_int_equal(ls_fpset_has(&s, 0), 1);
    assert_int_equal(ls_fpset_has(&s, 1), 0);
    assert_int_equal(ls_fpset_add(&s, 1), 1); /* 1 is not 0 */
    assert_int_equal(s.n, 2);
    ls_fpset_free(&s);
}

/* Adds v[0..n) to a fresh set and checks its size and membership against
 * the reference. */
static void check_against_reference(uint64_t *v, size_t n)
{
    struct ls_fpset s = {0};
    uint64_t *ref = malloc(n * sizeof *ref), added = 0;
    size_t i;

    assert_non_null(ref);
    memcpy(ref, v, n * sizeof *ref);
    for (i = 0; i < n; i++) {
        int r = ls_fpset_add(&s, v[i]);

        assert_true(r == 0 || r == 1);
        added += (uint64_t)r;
    }
    assert_int_equal(s.n, ref_distinct(ref, n));
    assert_int_equal(added, s.n);
    for (i = 0; i < n; i++)
        assert_int_equal(ls_fpset_has(&s, ref[i]), 1);
    for (i = 0; i < 1000; i++) {
        uint64_t x = mix(i + 0x5000000);

        assert_int_equal(ls_fpset_has(&s, x), bsearch(&x, ref, n, sizeof *ref, cmp_u64) != NULL);
    }
    free(ref);
    ls_fpset_free(&s);
}

static void test_counts_vs_reference(void **state)
{
    size_t n = 300000, i;
    uint64_t *v = malloc(n * sizeof *v);

    (void)state;
    assert_non_null(v);
    /* many repeats: 300 000 adds of about 120 000 distinct values */
    for (i = 0; i < n; i++)
        v[i] = mix(mix(i) % 120000);
    check_against_reference(v, n);
    /* one shard only (the same top bits): that shard grows alone */
    for (i = 0; i < n; i++)
        v[i] = (mix(i % 50000) >> 8) | 0xAB00000000000000ULL;
    check_against_reference(v, n);
    /* one shard and the same home slot (the same low 32 bits): one long
     * probe run, wrapping round the end of the shard */
    for (i = 0; i < 3000; i++)
        v[i] = (mix(i % 2000) & 0x00FFFFFF00000000ULL) | 0x42000000FFFFFFFFULL;
    check_against_reference(v, 3000);
    /* small values, and 0 among them */
    for (i = 0; i < 1000; i++)
        v[i] = i % 300;
    check_against_reference(v, 1000);
    free(v);
}

/* The same values added in two orders, or merged from parts, hold the same
 * bytes: the report's figure does not depend on -j. */
static void test_bytes_depend_on_content_only(void **state)
{
    struct ls_fpset a = {0}, b = {0}, c = {0}, d = {0};
    uint64_t i, n = 70000;

    (void)state;
    for (i = 0; i < n; i++)
        assert_int_not_equal(ls_fpset_add(&a, mix(i)), -1);
    for (i = n; i-- > 0;)
        assert_int_not_equal(ls_fpset_add(&b, mix(i)), -1);
    for (i = 0; i < n; i++) /* c: the even ones and a third; d: the odd ones and a third */
        if (i % 2 == 0 || i % 3 == 0)
            assert_int_not_equal(ls_fpset_add(&c, mix(i)), -1);
    for (i = 0; i < n; i++)
        if (i % 2 == 1 || i % 3 == 0)
            assert_int_not_equal(ls_fpset_add(&d, mix(i)), -1);
    assert_int_equal(ls_fpset_bytes(&a), ls_fpset_bytes(&b));
    assert_int_equal(ls_fpset_merge(&c, &d), 0);
    assert_int_equal(c.n, n);
    assert_int_equal(ls_fpset_bytes(&c), ls_fpset_bytes(&a));
    ls_fpset_free(&a);
    ls_fpset_free(&b);
    ls_fpset_free(&c);
    ls_fpset_free(&d);
}

static void test_merge_is_union_and_empties_source(void **state)
{
    struct ls_fpset a = {0}, b = {0}, empty = {0}, only_zero = {0};
    uint64_t i;

    (void)state;
    for (i = 0; i < 20000; i++) /* a: 0..19999 */
        assert_int_equal(ls_fpset_add(&a, mix(i)), 1);
    for (i = 10000; i < 50000; i++) /* b: 10000..49999, overlap 10000 */
        assert_int_equal(ls_fpset_add(&b, mix(i)), 1);
    assert_int_equal(ls_fpset_add(&b, 0), 1);
    assert_int_equal(ls_fpset_merge(&a, &b), 0);
    assert_int_equal(a.n, 50001);
    assert_int_equal(b.n, 0);
    assert_int_equal(ls_fpset_bytes(&b), 0);
    assert_int_equal(ls_fpset_has(&b, mix(20000)), 0);
    for (i = 0; i < 50000; i++)
        assert_int_equal(ls_fpset_has(&a, mix(i)), 1);
    assert_int_equal(ls_fpset_has(&a, 0), 1);
    assert_int_equal(ls_fpset_merge(&a, &b), 0); /* again: b is empty now */
    assert_int_equal(a.n, 50001);
    assert_int_equal(ls_fpset_merge(&a, &empty), 0);
    assert_int_equal(a.n, 50001);
    /* into an empty set: it takes the source's table */
    assert_int_equal(ls_fpset_merge(&empty, &a), 0);
    assert_int_equal(empty.n, 50001);
    assert_int_equal(a.n, 0);
    for (i = 0; i < 50000; i++)
        assert_int_equal(ls_fpset_add(&empty, mix(i)), 0);
    assert_int_equal(ls_fpset_add(&empty, 0), 0);
    /* a set holding only 0 */
    assert_int_equal(ls_fpset_add(&only_zero, 0), 1);
    assert_int_equal(ls_fpset_merge(&empty, &only_zero), 0);
    assert_int_equal(empty.n, 50001);
    assert_int_equal(only_zero.n, 0);
    ls_fpset_free(&a);
    ls_fpset_free(&b);
    ls_fpset_free(&empty);
    ls_fpset_free(&only_zero);
}

/* A merge of a large set runs on two threads (a half of the shards each):
 * the union, its count and its bytes are those of one set holding it all. */
static void test_large_merge_on_two_threads(void **state)
{
    struct ls_fpset a = {0}, b = {0}, whole = {0};
    uint64_t i;

    (void)state;
    for (i = 0; i < 150000; i++) /* a: 0..149999 */
        assert_int_equal(ls_fpset_add(&a, mix(i)), 1);
    for (i = 100000; i < 250000; i++) /* b: 100000..249999 and 0, over the threshold */
        assert_int_equal(ls_fpset_add(&b, mix(i)), 1);
    assert_int_equal(ls_fpset_add(&b, 0), 1);
    for (i = 0; i < 250000; i++)
        assert_int_equal(ls_fpset_add(&whole, mix(i)), 1);
    assert_int_equal(ls_fpset_add(&whole, 0), 1);
    assert_int_equal(ls_fpset_merge(&a, &b), 0);
    assert_int_equal(a.n, 250001);
    assert_int_equal(b.n, 0);
    assert_int_equal(ls_fpset_bytes(&b), 0);
    for (i = 0; i < 250000; i++)
        assert_int_equal(ls_fpset_has(&a, mix(i)), 1);
    assert_int_equal(ls_fpset_has(&a, 0), 1);
    assert_int_equal(ls_fpset_has(&a, mix(250000)), 0);
    assert_int_equal(ls_fpset_count(&a), ls_fpset_count(&whole));
    assert_int_equal(ls_fpset_bytes(&a), ls_fpset_bytes(&whole));
    ls_fpset_free(&a);
    ls_fpset_free(&b);
    ls_fpset_free(&whole);
}

/* Merging into a set whose shards are partly empty: some shards are taken
 * whole, others merged value by value. */
static void test_merge_partly_empty_shards(void **state)
{
    struct ls_fpset a = {0}, b = {0};
    uint64_t i, n = 40000, want = 0;

    (void)state;
    for (i = 0; i < n; i++) {
        uint64_t h = mix(i);

        if ((h >> (64 - LS_FPSET_SHARD_BITS)) % 2 == 0) /* a: only the even shards */
            want += (uint64_t)ls_fpset_add(&a, h);
        if (i % 3 == 0)
            assert_int_equal(ls_fpset_add(&b, h), 1);
    }
    for (i = 0; i < n; i++)
        if (i % 3 == 0 && !ls_fpset_has(&a, mix(i)))
            want++;
    assert_int_equal(ls_fpset_merge(&a, &b), 0);
    assert_int_equal(a.n, want);
    for (i = 0; i < n; i++)
        assert_int_equal(ls_fpset_has(&a, mix(i)),
                         (mix(i) >> (64 - LS_FPSET_SHARD_BITS)) % 2 == 0 || i % 3 == 0);
    ls_fpset_free(&a);
    ls_fpset_free(&b);
}

/* The estimate of n distinct values (sketch from the first one on) is
 * within 4 standard errors, and exact for tiny sets in practice. */
static void test_sketch_estimates(void **state)
{
    static const uint64_t sizes[] = {1, 10, 100, 1000, 30000, 100000, 400000, 2000000};
    size_t k;

    (void)state;
    for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        struct ls_fpset s = {0};
        uint64_t i, n = sizes[k], est;
        double err;

        s.sketch_at = 1;
        for (i = 0; i < n; i++)
            assert_int_equal(ls_fpset_add(&s, mix(i + 1000000 * k)), 1);
        assert_non_null(ls_fpset_sketch(&s));
        assert_int_equal(ls_fpset_bytes(&s), LS_HLL_REGS);
        est = ls_fpset_count(&s);
        err = ((double)est - (double)n) / (double)n;
        if (err < 0)
            err = -err;
        assert_true(err <= 4 * LS_HLL_STDERR || (n <= 100 && est == n));
        ls_fpset_free(&s);
    }
}

/* A set switches past its limit; split four ways, merged in any of these
 * ways, the sketch gives the whole one's estimate. */
static void test_sketch_merge_is_order_free(void **state)
{
    struct ls_fpset whole = {0}, part[4], regs = {0};
    uint64_t i, n = 50000;
    size_t k;

    (void)state;
    whole.sketch_at = 1001;
    for (i = 0; i < n; i++)
        ls_fpset_add(&whole, mix(i));
    assert_non_null(ls_fpset_sketch(&whole));
    memset(part, 0, sizeof part);
    for (k = 0; k < 4; k++)
        part[k].sketch_at = 1001;
    for (i = 0; i < n; i++) /* parts 0 and 1 stay exact, 2 and 3 become sketches */
        ls_fpset_add(&part[i < 1000 ? i % 2 : 2 + i % 2], mix(i));
    assert_null(ls_fpset_sketch(&part[0]));
    assert_null(ls_fpset_sketch(&part[1]));
    assert_non_null(ls_fpset_sketch(&part[2]));
    /* exact into exact, then a sketch into it, then it into a sketch */
    assert_int_equal(ls_fpset_merge(&part[0], &part[1]), 0);
    assert_int_equal(ls_fpset_merge(&part[0], &part[2]), 0);
    assert_int_equal(ls_fpset_merge(&part[3], &part[0]), 0);
    assert_int_equal(ls_fpset_count(&part[3]), ls_fpset_count(&whole));
    assert_int_equal(ls_fpset_count(&part[0]), 0);
    assert_int_equal(ls_fpset_add_sketch(&regs, ls_fpset_sketch(&part[3])), 0);
    assert_memory_equal(ls_fpset_sketch(&regs), ls_fpset_sketch(&whole), LS_HLL_REGS);
    for (k = 0; k < 4; k++)
        ls_fpset_free(&part[k]);
    ls_fpset_free(&regs);
    ls_fpset_free(&whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sketch_estimates),
        cmocka_unit_test(test_sketch_merge_is_order_free),
        cmocka_unit_test(test_add_and_duplicate),
        cmocka_unit_test(test_zero_is_a_value),
        cmocka_unit_test(test_counts_vs_reference),
        cmocka_unit_test(test_bytes_depend_on_content_only),
        cmocka_unit_test(test_merge_is_union_and_empties_source),
        cmocka_unit_test(test_merge_partly_empty_shards),
        cmocka_unit_test(test_large_merge_on_two_threads),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
