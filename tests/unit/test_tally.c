/* test_tally.c — unit tests of the per-worker inventory tallies
 * (scanner/tally.c).
 *
 * Merging is what makes -j1 and -jN agree: two tallies merged must equal one
 * tally fed everything.  Problems come out sorted by path, top files by
 * findings then path and at most LS_TOP_FILES of them, media counted by MIME
 * prefix. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tally.h"

static struct ls_tally *tnew(void)
{
    struct ls_tally *t;

    assert_int_equal(ls_tally_new(&t), LS_OK);
    assert_non_null(t);
    return t;
}

static void item(struct ls_tally *t, const char *path, const char *type, enum ls_outcome st,
                 const char *reason)
{
    ls_tally_item(t, path, strlen(path), type, 10, st, reason);
}

static void top(struct ls_tally *t, const char *path, uint64_t n, const char *cats)
{
    ls_tally_topfile(t, path, strlen(path), n, cats);
}

static void test_empty(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;

    (void)state;
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.total, 0);
    assert_int_equal(v.ntypes, 0);
    assert_int_equal(v.nproblems, 0);
    assert_int_equal(v.ntop, 0);
    ls_tally_free(t);
    ls_tally_free(NULL);
}

static void test_counts_and_media(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;

    (void)state;
    item(t, "a.png", "image/png", LS_SCANNED, NULL);
    item(t, "b.jpg", "image/jpeg", LS_SCANNED, NULL);
    item(t, "c.mp4", "video/mp4", LS_SKIPPED, "binary");
    item(t, "d.mp3", "audio/mpeg", LS_SCANNED, NULL);
    item(t, "e.txt", "text/plain", LS_SCANNED, NULL);
    item(t, "f", "imagex/odd", LS_SCANNED, NULL); /* a prefix, not a substring */
    item(t, "g", "application/image", LS_SCANNED, NULL);
    item(t, "h", "image", LS_SCANNED, NULL); /* no slash: not media */
    item(t, "i", NULL, LS_FAILED, "read: EIO");
    item(t, "j", "", LS_SCANNED, NULL);
    item(t, "k.png", "image/png", LS_SCANNED, NULL);
    ls_tally_bytes(t, 100, 250);
    ls_tally_bytes(t, 1, 2);
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.total, 11);
    assert_int_equal(v.scanned, 9);
    assert_int_equal(v.skipped, 1);
    assert_int_equal(v.failed, 1);
    assert_int_equal(v.total, v.scanned + v.skipped + v.failed);
    assert_int_equal(v.image, 3);
    assert_int_equal(v.video, 1);
    assert_int_equal(v.audio, 1);
    assert_int_equal(v.bytes_read, 101);
    assert_int_equal(v.bytes_scanned, 252);

    /* Types sorted by name; no type counts as "unknown". */
    {
        static const char *const names[] = {"application/image", "audio/mpeg", "image",
                                            "image/jpeg",        "image/png",  "imagex/odd",
                                            "text/plain",        "unknown",    "video/mp4"};
        static const uint64_t counts[] = {1, 1, 1, 1, 2, 1, 1, 2, 1};
        size_t i;
        assert_int_equal(v.ntypes, 9);
        for (i = 0; i < 9; i++) {
            assert_string_equal(v.type_names[i], names[i]);
            assert_int_equal(v.type_counts[i], counts[i]);
        }
    }
    ls_tally_free(t);
}

static void test_problems_sorted_by_path(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;
    static const char *const want[] = {"a", "a!/x", "a!/x", "b", "b/c", "ba", "z\x80"};
    size_t i;

    (void)state;
    item(t, "z\x80", "x/y", LS_FAILED, "r");
    item(t, "ba", "x/y", LS_SKIPPED, "r");
    item(t, "b/c", "x/y", LS_SKIPPED, "r");
    item(t, "ok", "x/y", LS_SCANNED, NULL); /* scanned items are not problems */
    item(t, "a!/x", "x/y", LS_SKIPPED, "limit: ratio");
    item(t, "b", "x/y", LS_FAILED, "r");
    item(t, "a", "x/y", LS_SKIPPED, NULL);
    item(t, "a!/x", "x/y", LS_FAILED, "archive: damaged");
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.nproblems, 7);
    for (i = 0; i < 7; i++)
        assert_string_equal(v.problems[i].path, want[i]);
    /* Same path: ordered by reason, so the order never depends on threads. */
    assert_string_equal(v.problems[1].reason, "archive: damaged");
    assert_int_equal(v.problems[1].status, LS_FAILED);
    assert_string_equal(v.problems[2].reason, "limit: ratio");
    assert_int_equal(v.problems[2].status, LS_SKIPPED);
    assert_string_equal(v.problems[0].reason, ""); /* NULL reason: empty */
    ls_tally_free(t);
}

static void test_problem_paths_with_nul(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;

    (void)state;
    ls_tally_item(t, "a\0b", 3, "x/y", 0, LS_SKIPPED, "r");
    ls_tally_item(t, "a", 1, "x/y", 0, LS_SKIPPED, "r");
    ls_tally_item(t, "a\0a", 3, "x/y", 0, LS_SKIPPED, "r");
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.nproblems, 3);
    assert_int_equal(v.problems[0].path_len, 1);
    assert_int_equal(v.problems[1].path_len, 3);
    assert_memory_equal(v.problems[1].path, "a\0a", 3);
    assert_memory_equal(v.problems[2].path, "a\0b", 3);
    ls_tally_free(t);
}

static void test_problems_bounded(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;
    char p[32];
    int i, n;

    (void)state;
    for (i = 0; i < LS_MAX_PROBLEMS + 5; i++) {
        n = snprintf(p, sizeof p, "p%07d", LS_MAX_PROBLEMS + 5 - i);
        ls_tally_item(t, p, (size_t)n, "x/y", 0, LS_SKIPPED, "r");
    }
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.total, LS_MAX_PROBLEMS + 5);
    assert_int_equal(v.skipped, LS_MAX_PROBLEMS + 5);
    assert_int_equal(v.nproblems, LS_MAX_PROBLEMS);
    assert_int_equal(v.problems_dropped, 5);
    for (i = 1; i < (int)v.nproblems; i++)
        assert_true(strcmp(v.problems[i - 1].path, v.problems[i].path) < 0);
    ls_tally_free(t);
}

static void test_top_files_order_and_bound(void **state)
{
    struct ls_tally *t = tnew();
    struct ls_tally_view v;
    char p[32];
    size_t i;

    (void)state;
    top(t, "zero", 0, NULL); /* no findings: never a top file */
    /* 30 files; findings = i % 7 + 1, so many ties. */
    for (i = 0; i < 30; i++) {
        snprintf(p, sizeof p, "f%02zu", (i * 11) % 30);
        top(t, p, (i * 11) % 30 % 7 + 1, "{\"c\":1}");
    }
    top(t, "big", 1000, NULL);
    assert_int_equal(ls_tally_view(t, &v), LS_OK);
    assert_int_equal(v.ntop, LS_TOP_FILES);
    assert_string_equal(v.top[0].path, "big");
    assert_int_equal(v.top[0].findings, 1000);
    assert_string_equal(v.top[0].categories_json, "{}");
    assert_string_equal(v.top[1].categories_json, "{\"c\":1}");
    for (i = 1; i < v.ntop; i++) {
        const struct ls_topfile *a = &v.top[i - 1], *b = &v.top[i];
        assert_true(a->findings > b->findings ||
                    (a->findings == b->findings && strcmp(a->path, b->path) < 0));
    }
    /* The 19 best of f00..f29 by (findings desc, path asc): findings 7 for
     * f06 f13 f20 f27, 6 for f05 f12 f19 f26, 5 for f04 f11 f18 f25, 4 for
     * f03 f10 f17 f24, then 3 for f02 f09 f16 (and f23 dropped). */
    assert_string_equal(v.top[1].path, "f06");
    assert_string_equal(v.top[4].path, "f27");
    assert_string_equal(v.top[5].path, "f05");
    assert_string_equal(v.top[19].path, "f16");
    assert_int_equal(v.top[19].findings, 3);
    for (i = 0; i < v.ntop; i++)
        assert_string_not_equal(v.top[i].path, "zero");
    ls_tally_free(t);
}

/* --- merge ---------------------------------------------------------------- */

struct rec {
    char path[32];
    const char *type;
    enum ls_outcome st;
    const char *reason;
    uint64_t findings;
};

static const char *const types[] = {"text/plain",      "image/png", "video/mp4", "audio/ogg",
                                    "application/zip", NULL,        "text/csv",  "image/gif"};
static const char *const reasons[] = {"binary", "limit: ratio", "encrypted", "fifo"};

static void make_recs(struct rec *r, size_t n)
{
    size_t i;
    uint32_t x = 12345;

    for (i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        snprintf(r[i].path, sizeof r[i].path, "dir/%03u/file%zu", (x >> 8) % 500, i);
        r[i].type = types[(x >> 4) % 8];
        r[i].st = (enum ls_outcome)((x >> 12) % 5 < 3 ? LS_SCANNED : (x >> 12) % 5 - 2);
        r[i].reason = r[i].st == LS_SCANNED ? NULL : reasons[(x >> 16) % 4];
        r[i].findings = (x >> 20) % 9; /* 0..8: ties and zeros */
    }
}

static void feed(struct ls_tally *t, const struct rec *r)
{
    ls_tally_item(t, r->path, strlen(r->path), r->type, 5, r->st, r->reason);
    ls_tally_bytes(t, 7, 11);
    ls_tally_topfile(t, r->path, strlen(r->path), r->findings, "{\"x\":1}");
}

static void assert_views_equal(const struct ls_tally_view *a, const struct ls_tally_view *b)
{
    size_t i;

    assert_int_equal(a->total, b->total);
    assert_int_equal(a->scanned, b->scanned);
    assert_int_equal(a->skipped, b->skipped);
    assert_int_equal(a->failed, b->failed);
    assert_int_equal(a->bytes_read, b->bytes_read);
    assert_int_equal(a->bytes_scanned, b->bytes_scanned);
    assert_int_equal(a->image, b->image);
    assert_int_equal(a->video, b->video);
    assert_int_equal(a->audio, b->audio);
    assert_int_equal(a->problems_dropped, b->problems_dropped);
    assert_int_equal(a->ntypes, b->ntypes);
    for (i = 0; i < a->ntypes; i++) {
        assert_string_equal(a->type_names[i], b->type_names[i]);
        assert_int_equal(a->type_counts[i], b->type_counts[i]);
    }
    assert_int_equal(a->nproblems, b->nproblems);
    for (i = 0; i < a->nproblems; i++) {
        assert_int_equal(a->problems[i].path_len, b->problems[i].path_len);
        assert_memory_equal(a->problems[i].path, b->problems[i].path, a->problems[i].path_len);
        assert_int_equal(a->problems[i].status, b->problems[i].status);
        assert_string_equal(a->problems[i].reason, b->problems[i].reason);
    }
    assert_int_equal(a->ntop, b->ntop);
    for (i = 0; i < a->ntop; i++) {
        assert_string_equal(a->top[i].path, b->top[i].path);
        assert_int_equal(a->top[i].findings, b->top[i].findings);
        assert_string_equal(a->top[i].categories_json, b->top[i].categories_json);
    }
}

/* Splits n records over k tallies (record i to tally i % k, or in blocks),
 * merges them, and compares with one tally fed everything. */
static void merge_case(size_t n, size_t k, int blocks)
{
    struct rec *r = calloc(n, sizeof *r);
    struct ls_tally *all = tnew(), *merged = tnew(), *part[4];
    struct ls_tally_view va, vm;
    size_t i;

    assert_non_null(r);
    assert_true(k <= 4);
    make_recs(r, n);
    for (i = 0; i < k; i++)
        part[i] = tnew();
    for (i = 0; i < n; i++) {
        feed(all, &r[i]);
        feed(part[blocks ? i * k / n : i % k], &r[i]);
    }
    /* The engine merges every worker into a fresh tally. */
    for (i = 0; i < k; i++)
        assert_int_equal(ls_tally_merge(merged, part[i]), LS_OK);
    assert_int_equal(ls_tally_view(all, &va), LS_OK);
    assert_int_equal(ls_tally_view(merged, &vm), LS_OK);
    assert_int_equal(va.total, n);
    assert_int_equal(va.ntop, LS_TOP_FILES);
    assert_views_equal(&va, &vm);
    for (i = 0; i < k; i++)
        ls_tally_free(part[i]);
    ls_tally_free(all);
    ls_tally_free(merged);
    free(r);
}

/* files_with_findings: past LS_FILES_LISTED, the ones with most findings
 * (ties by path) are kept whatever the order and the split between
 * tallies; the view lists them by path; every file is counted. */
static void files_fill(struct ls_tally *a, struct ls_tally *b, unsigned n, unsigned stride)
{
    char path[32];
    unsigned i, k;

    for (i = 0; i < n; i++) {
        k = (i * stride) % n; /* a permutation of 0..n-1 (stride prime to n) */
        snprintf(path, sizeof path, "f%05u", k);
        top(k % 3 ? a : b, path, 1 + k % 7, "{\"x\":1}");
    }
}

static void test_files_with_findings(void **state)
{
    const unsigned n = LS_FILES_LISTED + 700;
    struct ls_tally *t1 = tnew(), *t2 = tnew(), *u1 = tnew(), *u2 = tnew();
    struct ls_tally_view v1, v2;
    size_t i, ones = 0;

    (void)state;
    files_fill(t1, t2, n, 7919);
    files_fill(u1, u2, n, 104729);
    assert_int_equal(ls_tally_merge(t1, t2), LS_OK);
    assert_int_equal(ls_tally_merge(u2, u1), LS_OK);
    assert_int_equal(ls_tally_view(t1, &v1), LS_OK);
    assert_int_equal(ls_tally_view(u2, &v2), LS_OK);
    assert_int_equal(v1.files_with_findings, n);
    assert_int_equal(v2.files_with_findings, n);
    assert_int_equal(v1.nfiles, LS_FILES_LISTED);
    assert_int_equal(v2.nfiles, LS_FILES_LISTED);
    for (i = 0; i < v1.nfiles; i++) {
        unsigned k = (unsigned)strtoul(v1.files[i].path + 1, NULL, 10);
        assert_string_equal(v1.files[i].path, v2.files[i].path);
        assert_int_equal(v1.files[i].findings, 1 + k % 7);
        assert_string_equal(v1.files[i].categories_json, "{\"x\":1}");
        if (i)
            assert_true(strcmp(v1.files[i - 1].path, v1.files[i].path) < 0);
        /* dropped: the 700 with the fewest findings (1: k = 7j, 1529 of
         * them), the greatest paths first: j = 829..1528 */
        if (v1.files[i].findings == 1) {
            assert_true(k <= 7 * 828);
            ones++;
        }
    }
    assert_int_equal(ones, 829);
    /* offered after the view: a heap again, and still the best kept */
    top(t1, "zzz-many", 1000, "{}");
    assert_int_equal(ls_tally_view(t1, &v1), LS_OK);
    assert_int_equal(v1.nfiles, LS_FILES_LISTED);
    assert_int_equal(v1.files_with_findings, n + 1);
    assert_string_equal(v1.files[v1.nfiles - 1].path, "zzz-many");
    ls_tally_free(t1);
    ls_tally_free(t2);
    ls_tally_free(u1);
    ls_tally_free(u2);
}

static void test_merge_equals_single(void **state)
{
    (void)state;
    merge_case(1000, 2, 0);
    merge_case(1000, 2, 1);
    merge_case(997, 3, 0);
    merge_case(500, 4, 1);
    merge_case(40, 4, 0);
}

static void test_merge_into_nonempty(void **state)
{
    struct rec r[300];
    struct ls_tally *all = tnew(), *a = tnew(), *b = tnew();
    struct ls_tally_view va, vb;
    size_t i;

    (void)state;
    make_recs(r, 300);
    for (i = 0; i < 300; i++) {
        feed(all, &r[i]);
        feed(i < 100 ? a : b, &r[i]);
    }
    /* Viewing (which sorts) before merging must not change the outcome. */
    assert_int_equal(ls_tally_view(b, &vb), LS_OK);
    assert_int_equal(ls_tally_merge(b, a), LS_OK);
    assert_int_equal(ls_tally_view(all, &va), LS_OK);
    assert_int_equal(ls_tally_view(b, &vb), LS_OK);
    assert_views_equal(&va, &vb);
    ls_tally_free(all);
    ls_tally_free(a);
    ls_tally_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_counts_and_media),
        cmocka_unit_test(test_problems_sorted_by_path),
        cmocka_unit_test(test_problem_paths_with_nul),
        cmocka_unit_test(test_problems_bounded),
        cmocka_unit_test(test_top_files_order_and_bound),
        cmocka_unit_test(test_files_with_findings),
        cmocka_unit_test(test_merge_equals_single),
        cmocka_unit_test(test_merge_into_nonempty),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
