/* test_persons.c — unit tests of the persons, minors and movement-profile
 * figures (scanner/match/persons.c, profiles.c).
 *
 * The birth date of a national register or BIS number (century from the
 * check digits, BIS month offsets, unknown month and day) and the age at a
 * date; identifiers of one record joined into one person, across records
 * by a shared identifier, not joined when a record speaks of several
 * persons (national numbers each take what follows them); a name counts
 * only with one date of birth or address; a record with more identifiers
 * than the buffer makes nodes alone; minors by the record's date or the
 * scan date, and keyword-flagged records; the same figures whatever way the
 * records are shared between merged halves; plates tracked by hits and
 * distinct cameras or days, also when their sightings were counted by two
 * tables that are then merged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "match/persons.h"
#include "match/profiles.h"

/* A valid national number (11 digits) for a birth date and sequence: the
 * check digits computed as the register does, with the "2" prefix for a
 * birth in 2000 or later; mm may carry the BIS offset 20 or 40. */
static void make_nn(char out[12], unsigned year, unsigned mm, unsigned dd, unsigned seq)
{
    unsigned long long first9 =
        (unsigned long long)(year % 100) * 10000000ull + mm * 100000ull + dd * 1000ull + seq;
    unsigned long long v = year >= 2000 ? 2000000000ull + first9 : first9;

    snprintf(out, 12, "%09llu%02llu", first9, 97 - v % 97);
}

static void test_nn_birth(void **state)
{
    (void)state;
    char d[12];

    assert_int_equal(ls_nn_birth("85073003328", 11), 19850730);
    assert_int_equal(ls_nn_birth("85.07.30-033.28", 15), 19850730); /* separators skipped */
    assert_int_equal(ls_nn_birth("17073003384", 11), 20170730);
    assert_int_equal(ls_nn_birth("90000000146", 11), 19900000); /* month, day unknown */
    assert_int_equal(ls_nn_birth("98472899765", 11), 19980728); /* BIS, sex known */
    assert_int_equal(ls_nn_birth("01490700185", 11), 20010907); /* BIS, born 2001 */
    make_nn(d, 2009, 22, 15, 123);                              /* BIS, sex unknown */
    assert_int_equal(ls_nn_birth(d, 11), 20090215);
    assert_int_equal(ls_nn_birth("85073003329", 11), 0); /* check digits wrong */
    assert_int_equal(ls_nn_birth("8507300332", 10), 0);
    assert_int_equal(ls_nn_birth("850730033281", 12), 0);
    assert_int_equal(ls_nn_birth(NULL, 0), 0);
}

static void test_age(void **state)
{
    (void)state;
    assert_int_equal(ls_age_years(20050314, 20230313), 17);
    assert_int_equal(ls_age_years(20050314, 20230314), 18);
    assert_int_equal(ls_age_years(20050314, 20050314), 0);
    assert_int_equal(ls_age_years(20050314, 20050313), -1);
    /* unknown month: the oldest possible, born on 1 January */
    assert_int_equal(ls_age_years(20050000, 20221231), 17);
    assert_int_equal(ls_age_years(20050000, 20230101), 18);
    /* unknown day: the first of the month */
    assert_int_equal(ls_age_years(20050300, 20230301), 18);
    assert_int_equal(ls_age_years(0, 20230101), -1);
    assert_int_equal(ls_age_years(20050314, 0), -1);
}

/* One record: kinds, hashes, offsets (n entries), a date, an ANPR flag. */
struct rv {
    enum ls_pkind kind;
    uint64_t h;
    const char *norm; /* national numbers */
};

static void rec(struct ls_persons *p, const struct rv *v, size_t n, uint32_t date, int minors_kw)
{
    struct ls_precord r;
    size_t i;

    for (i = 0; i < n; i++)
        ls_persons_note(p, v[i].kind, v[i].h, i * 10, v[i].norm, v[i].norm ? strlen(v[i].norm) : 0);
    memset(&r, 0, sizeof r);
    r.date = date;
    r.minors_kw = minors_kw;
    assert_int_equal(ls_persons_record_end(p, &r), LS_OK);
}

static struct ls_persons *fresh(void)
{
    struct ls_persons *p = NULL;

    assert_int_equal(ls_persons_new(20240101, 3, 2, &p), LS_OK);
    return p;
}

/* The records of test_link, fed to p: every i-th of them (from start) when
 * step > 0. */
static void link_records(struct ls_persons *p, int start, int step)
{
    static char nn1[12], nn2[12], nn3[12], nn4[12];
    int k = 0;

    make_nn(nn1, 1985, 7, 30, 33);
    make_nn(nn2, 1990, 1, 2, 45);
    make_nn(nn3, 1970, 5, 6, 7);
    make_nn(nn4, 1971, 5, 6, 8);
    const struct rv a[] = {{LS_PK_NATIONAL, 1, nn1}, {LS_PK_PHONE, 100, NULL}};
    const struct rv b[] = {{LS_PK_PHONE, 100, NULL}, {LS_PK_EMAIL, 200, NULL}};
    const struct rv c[] = {{LS_PK_NATIONAL, 2, nn2}};
    /* a mail between two addresses: two persons, not joined */
    const struct rv d[] = {{LS_PK_EMAIL, 201, NULL}, {LS_PK_EMAIL, 202, NULL}};
    /* a report about two persons: each number takes what follows it */
    const struct rv e[] = {{LS_PK_NATIONAL, 3, nn3},
                           {LS_PK_PHONE, 103, NULL},
                           {LS_PK_NATIONAL, 4, nn4},
                           {LS_PK_PHONE, 104, NULL}};
    /* a name alone is no identifier; with one date of birth it is */
    const struct rv f[] = {{LS_PK_NAME, 300, NULL}, {LS_PK_PHONE, 105, NULL}};
    const struct rv g[] = {
        {LS_PK_NAME, 300, NULL}, {LS_PK_DOB, 400, NULL}, {LS_PK_PHONE, 106, NULL}};
    const struct rv h[] = {
        {LS_PK_DOB, 400, NULL}, {LS_PK_NAME, 300, NULL}, {LS_PK_EMAIL, 206, NULL}};
    /* the name with its address joins another record of it */
    const struct rv i[] = {
        {LS_PK_NAME, 301, NULL}, {LS_PK_ADDRESS, 500, NULL}, {LS_PK_ACCOUNT, 7, NULL}};
    const struct rv j[] = {{LS_PK_ACCOUNT, 7, NULL},
                           {LS_PK_NAME, 301, NULL},
                           {LS_PK_ADDRESS, 500, NULL},
                           {LS_PK_PHONE, 107, NULL}};
    const struct {
        const struct rv *v;
        size_t n;
    } all[] = {{a, 2}, {b, 2}, {c, 1}, {d, 2}, {e, 4}, {f, 2}, {g, 3}, {h, 3}, {i, 3}, {j, 4}};

    for (size_t r = 0; r < sizeof all / sizeof all[0]; r++, k++)
        if (step <= 0 || k % step == start)
            rec(p, all[r].v, all[r].n, 20200101, 0);
}

static void test_link(void **state)
{
    (void)state;
    struct ls_persons *p = fresh();
    struct ls_persons_fig f;

    link_records(p, 0, 0);
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    /* persons: {nn1, 100, 200}, {nn2}, {201}, {202}, {nn3, 103}, {nn4, 104},
     * {105}, {name+dob, 106, 206}, {name+addr, acct 7, 107} */
    assert_int_equal(f.persons, 9);
    /* identified: all but the lone e-mails 201, 202 and phone 105 */
    assert_int_equal(f.identified, 6);
    assert_int_equal(f.records_multi, 2);
    assert_int_equal(f.records, 10);
    ls_persons_free(p);
}

/* Identifiers of another kind that happen to have the same hash stay apart. */
static void test_kinds_apart(void **state)
{
    (void)state;
    struct ls_persons *p = fresh();
    struct ls_persons_fig f;
    const struct rv a[] = {{LS_PK_PHONE, 42, NULL}};
    const struct rv b[] = {{LS_PK_EMAIL, 42, NULL}};

    rec(p, a, 1, 0, 0);
    rec(p, b, 1, 0, 0);
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    assert_int_equal(f.persons, 2);
    assert_int_equal(f.nodes, 2);
    ls_persons_free(p);
}

static void test_merge_any_split(void **state)
{
    (void)state;
    struct ls_persons_fig whole, f;
    struct ls_persons *p = fresh();

    link_records(p, 0, 0);
    assert_int_equal(ls_persons_figures(p, &whole), LS_OK);
    ls_persons_free(p);
    for (int step = 2; step <= 4; step++) {
        struct ls_persons *into = fresh();

        link_records(into, step - 1, step);
        for (int s = 0; s < step - 1; s++) {
            struct ls_persons *part = fresh();

            link_records(part, s, step);
            assert_int_equal(ls_persons_merge(into, part), LS_OK);
            ls_persons_free(part);
        }
        assert_int_equal(ls_persons_figures(into, &f), LS_OK);
        assert_int_equal(f.persons, whole.persons);
        assert_int_equal(f.identified, whole.identified);
        assert_int_equal(f.links, whole.links);
        assert_int_equal(f.nodes, whole.nodes);
        ls_persons_free(into);
    }
}

/* Many records: the links are sorted by radix passes and compacted many
 * times over, and a node shared by many links (the e-mail address of the
 * hub) makes a long run of one first node.  N phones each with its account,
 * the first 40 phones also with one e-mail address, every record twice. */
static void many_records(struct ls_persons *p, int part, int parts)
{
    const int n = 3000;

    for (int k = 0; k < 2 * n + 80; k++) {
        const struct rv pair[] = {{LS_PK_PHONE, 1000000 + (uint64_t)(k % n), NULL},
                                  {LS_PK_ACCOUNT, 2000000 + (uint64_t)(k % n), NULL}};
        const struct rv hub[] = {{LS_PK_EMAIL, 42, NULL},
                                 {LS_PK_PHONE, 1000000 + (uint64_t)((k - 2 * n) % 40), NULL}};

        if (parts > 1 && k % parts != part)
            continue;
        if (k < 2 * n)
            rec(p, pair, 2, 0, 0);
        else
            rec(p, hub, 2, 0, 0);
    }
}

static void test_many_records(void **state)
{
    (void)state;
    struct ls_persons_fig f, g;
    struct ls_persons *p = fresh(), *q = fresh(), *r = fresh();

    many_records(p, 0, 1);
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    assert_int_equal(f.nodes, 2 * 3000 + 1);
    assert_int_equal(f.links, 3000 + 40);
    assert_int_equal(f.persons, 3000 - 39);
    assert_int_equal(f.identified, 0);
    many_records(q, 0, 3);
    many_records(r, 1, 3);
    assert_int_equal(ls_persons_merge(q, r), LS_OK);
    ls_persons_free(r);
    r = fresh();
    many_records(r, 2, 3);
    assert_int_equal(ls_persons_merge(q, r), LS_OK);
    assert_int_equal(ls_persons_figures(q, &g), LS_OK);
    assert_int_equal(g.nodes, f.nodes);
    assert_int_equal(g.links, f.links);
    assert_int_equal(g.persons, f.persons);
    ls_persons_free(p);
    ls_persons_free(q);
    ls_persons_free(r);
}

static void test_overflow(void **state)
{
    (void)state;
    struct ls_persons *p = fresh();
    struct ls_persons_fig f;
    struct rv v[LS_PERSONS_REC_MAX + 8];
    size_t i;

    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        v[i].kind = LS_PK_EMAIL;
        v[i].h = 1000 + i;
        v[i].norm = NULL;
    }
    rec(p, v, sizeof v / sizeof v[0], 0, 0);
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    assert_int_equal(f.persons, sizeof v / sizeof v[0]);
    assert_int_equal(f.links, 0);
    assert_int_equal(f.records_multi, 1);
    ls_persons_free(p);
}

static void test_minors(void **state)
{
    (void)state;
    struct ls_persons *p = fresh(); /* scan date 2024-01-01 */
    struct ls_persons_fig f;
    char kid[12], adult[12], later[12];

    make_nn(kid, 2010, 6, 1, 11);
    make_nn(adult, 1980, 6, 1, 12);
    make_nn(later, 2005, 6, 1, 13);
    {
        /* a child in 2020, with a phone: one person under 18 */
        const struct rv a[] = {{LS_PK_NATIONAL, 1, kid}, {LS_PK_PHONE, 9, NULL}};
        /* the same child seen as an adult later: still counted once */
        const struct rv b[] = {{LS_PK_NATIONAL, 1, kid}};
        const struct rv c[] = {{LS_PK_NATIONAL, 2, adult}};
        /* born 2005: 18 by the scan date, 17 at the record's date */
        const struct rv d[] = {{LS_PK_NATIONAL, 3, later}};

        rec(p, a, 2, 20200601, 0);
        rec(p, b, 1, 20300601, 0);
        rec(p, c, 1, 0, 1);
        rec(p, d, 1, 0, 0);
        rec(p, d, 1, 20230531, 1);
    }
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    assert_int_equal(f.minors, 2);
    assert_int_equal(f.minor_numbers, 2);
    assert_int_equal(f.minor_by_record, 2);
    assert_int_equal(f.minor_by_scan, 0);
    assert_int_equal(f.minors_flagged, 2);
    ls_persons_free(p);

    /* a record without a date is dated by the scan date */
    p = fresh();
    {
        const struct rv a[] = {{LS_PK_NATIONAL, 1, kid}};

        rec(p, a, 1, 0, 0);
    }
    assert_int_equal(ls_persons_figures(p, &f), LS_OK);
    assert_int_equal(f.minors, 1);
    assert_int_equal(f.minor_by_scan, 1);
    ls_persons_free(p);
}

static void test_profiles(void **state)
{
    (void)state;
    struct ls_profiles *a = ls_profiles_new(3, 2), *b = ls_profiles_new(3, 2);
    uint16_t d1 = ls_profiles_day(20200101), d2 = ls_profiles_day(20200102);
    uint64_t plates, tracked;

    assert_non_null(a);
    assert_non_null(b);
    assert_true(d1 && d2 && d1 != d2);
    assert_int_equal(ls_profiles_day(20201232), 0);
    assert_int_equal(ls_profiles_day(0), 0);
    /* plate 11: 3 hits at two cameras on one day: tracked */
    assert_int_equal(ls_profiles_add(a, 11, 10, d1), 0);
    assert_int_equal(ls_profiles_add(a, 11, 11, d1), 0);
    assert_int_equal(ls_profiles_add(a, 11, 10, d1), 0);
    /* plate 12: 3 hits at one camera on one day: not */
    for (int i = 0; i < 3; i++)
        assert_int_equal(ls_profiles_add(a, 12, 10, d1), 0);
    /* plate 13: 2 hits at two cameras: not (min_hits 3) */
    assert_int_equal(ls_profiles_add(a, 13, 10, d1), 0);
    assert_int_equal(ls_profiles_add(a, 13, 11, d1), 0);
    /* plate 14: 3 hits at one camera on two days: tracked (days) */
    assert_int_equal(ls_profiles_add(a, 14, 10, d1), 0);
    assert_int_equal(ls_profiles_add(a, 14, 10, d2), 0);
    assert_int_equal(ls_profiles_add(a, 14, 10, d2), 0);
    /* plate 15: split over two tables, twice at camera 10 here, once at 12
     * there: tracked only once merged */
    assert_int_equal(ls_profiles_add(a, 15, 10, d1), 0);
    assert_int_equal(ls_profiles_add(a, 15, 10, d1), 0);
    assert_int_equal(ls_profiles_add(b, 15, 12, d1), 0);
    /* plate 0 is a plate too */
    assert_int_equal(ls_profiles_add(b, 0, 12, d1), 0);
    ls_profiles_counts(a, &plates, &tracked);
    assert_int_equal(plates, 5);
    assert_int_equal(tracked, 2);
    /* many plates: growth keeps them */
    for (uint64_t k = 100; k < 5100; k++)
        for (int i = 0; i < (k % 2 ? 3 : 1); i++)
            assert_int_equal(ls_profiles_add(b, k * 0x9E3779B97F4A7C15ull, (uint32_t)(i + 1), d1),
                             0);
    assert_int_equal(ls_profiles_merge(a, b), 0);
    ls_profiles_counts(a, &plates, &tracked);
    assert_int_equal(plates, 5 + 1 + 5000);
    assert_int_equal(tracked, 3 + 2500);
    ls_profiles_counts(b, &plates, &tracked);
    assert_int_equal(plates, 0);
    assert_true(ls_profiles_bytes(a) > 0);
    ls_profiles_free(a);
    ls_profiles_free(b);
}

/* Saturated site counts survive a merge: three cameras with min_sites 3
 * seen as two here and one there, and a table that already saw three. */
static void test_profiles_saturation(void **state)
{
    (void)state;
    struct ls_profiles *a = ls_profiles_new(1, 3), *b = ls_profiles_new(1, 3);
    uint64_t plates, tracked;

    assert_int_equal(ls_profiles_add(a, 7, 1, 0), 0);
    assert_int_equal(ls_profiles_add(a, 7, 2, 0), 0);
    assert_int_equal(ls_profiles_add(b, 7, 2, 0), 0);
    ls_profiles_counts(a, &plates, &tracked);
    assert_int_equal(tracked, 0);
    assert_int_equal(ls_profiles_merge(a, b), 0);
    ls_profiles_counts(a, &plates, &tracked);
    assert_int_equal(tracked, 0); /* camera 2 twice: still two */
    ls_profiles_free(b);
    b = ls_profiles_new(1, 3);
    for (uint32_t c = 3; c <= 5; c++)
        assert_int_equal(ls_profiles_add(b, 8, c, 0), 0);
    assert_int_equal(ls_profiles_add(b, 7, 9, 0), 0);
    assert_int_equal(ls_profiles_merge(a, b), 0);
    ls_profiles_counts(a, &plates, &tracked);
    assert_int_equal(plates, 2);
    assert_int_equal(tracked, 2);
    ls_profiles_free(a);
    ls_profiles_free(b);
}

/* Many plates over many shards: a table merged from three parts, and one
 * rebuilt from another's entries (ls_profiles_next, ls_profiles_put, as
 * partial results do), give the counts of one table that saw everything. */
static uint64_t mix64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void test_profiles_tables(void **state)
{
    (void)state;
    struct ls_profiles *all = ls_profiles_new(3, 2), *part[3], *copy = ls_profiles_new(3, 2);
    uint64_t seed = 42, plates, tracked, p2, t2, keys = 0, keys2 = 0, hits = 0, hits2 = 0;
    struct ls_profile_entry e;
    size_t pos = 0, n = 0;

    for (int k = 0; k < 3; k++)
        assert_non_null(part[k] = ls_profiles_new(3, 2));
    for (int i = 0; i < 60000; i++) {
        uint64_t r = mix64(&seed), plate = mix64(&(uint64_t){r % 15000});
        uint32_t cam = (uint32_t)(r >> 20) % 3 + 1;
        uint16_t day = ls_profiles_day(20200101 + (uint32_t)(r >> 40) % 2);

        assert_int_equal(ls_profiles_add(all, plate, cam, day), 0);
        assert_int_equal(ls_profiles_add(part[i % 3], plate, cam, day), 0);
    }
    ls_profiles_counts(all, &plates, &tracked);
    assert_true(plates > 14000 && plates <= 15000);
    assert_true(tracked > 1000 && tracked < plates);
    assert_int_equal(ls_profiles_merge(part[0], part[1]), 0);
    assert_int_equal(ls_profiles_merge(part[2], part[0]), 0);
    ls_profiles_counts(part[2], &p2, &t2);
    assert_int_equal(p2, plates);
    assert_int_equal(t2, tracked);
    ls_profiles_counts(part[0], &p2, &t2);
    assert_int_equal(p2, 0);
    assert_int_equal(ls_profiles_bytes(part[0]), 0);
    /* every entry once, then put into an empty table */
    assert_int_equal(ls_profiles_reserve(copy, (size_t)plates), 0);
    while (ls_profiles_next(all, &pos, &e)) {
        n++;
        keys ^= e.key * 0x9E3779B97F4A7C15ull;
        hits += e.hits;
        assert_int_equal(ls_profiles_put(copy, &e), 0);
    }
    assert_int_equal(n, plates);
    ls_profiles_counts(copy, &p2, &t2);
    assert_int_equal(p2, plates);
    assert_int_equal(t2, tracked);
    for (pos = 0; ls_profiles_next(copy, &pos, &e);) {
        keys2 ^= e.key * 0x9E3779B97F4A7C15ull;
        hits2 += e.hits;
    }
    assert_int_equal(keys2, keys);
    assert_int_equal(hits2, hits);
    ls_profiles_free(all);
    ls_profiles_free(copy);
    for (int k = 0; k < 3; k++)
        ls_profiles_free(part[k]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nn_birth),
        cmocka_unit_test(test_age),
        cmocka_unit_test(test_link),
        cmocka_unit_test(test_kinds_apart),
        cmocka_unit_test(test_merge_any_split),
        cmocka_unit_test(test_many_records),
        cmocka_unit_test(test_overflow),
        cmocka_unit_test(test_minors),
        cmocka_unit_test(test_profiles),
        cmocka_unit_test(test_profiles_saturation),
        cmocka_unit_test(test_profiles_tables),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
