/* test_chunk.c — one large item matched in chunks (scanner/chunk.c): the
 * records of the text extractors (CSV with a header, quoted fields holding
 * newlines and delimiters, CRLF, no final newline, a UTF-8 BOM, UTF-16LE;
 * log lines; JSON Lines) are cut into chunks as small as one record and
 * matched by a second thread and the cutter, and the findings lines, the
 * item's findings object and the report sections must be those of matching
 * every record on one matcher, byte for byte. */
#include "config.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "chunk.h"
#include "extract/extractors.h"
#include "input.h"
#include "match/match.h"
#include "match/rules.h"
#include "queue.h"
#include "sink.h"
#include "strbuf.h"

static const unsigned char key[32] = {7, 1, 2};
static char err[1024];
static struct ls_ruleset *rules;
static struct ls_config cfg;

/* What a run gives: the findings file, the item's findings object, the
 * report sections of every matcher merged. */
struct result {
    char *findings;
    struct ls_strbuf inv, report;
    uint64_t cuts;
};

static void result_free(struct result *r)
{
    free(r->findings);
    ls_strbuf_free(&r->inv);
    ls_strbuf_free(&r->report);
}

static int group_setup(void **state)
{
    const struct ls_builtin_pack *b;

    (void)state;
    ls_config_default(&cfg);
    if (ls_ruleset_new(&rules) != LS_OK)
        return -1;
    for (b = ls_builtin_packs; b->name; b++)
        if (ls_ruleset_add_text(rules, b->name, b->text, strlen(b->text), 1, err, sizeof err))
            return -1;
    return ls_ruleset_finish(rules, err, sizeof err) == LS_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    ls_ruleset_free(rules);
    return 0;
}

static struct ls_sink *sink_new(char *path)
{
    struct ls_sink *s = NULL;
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    assert_int_equal(ls_sink_open(path, &s, err, sizeof err), LS_OK);
    return s;
}

static char *sink_done(struct ls_sink *s, const char *path)
{
    FILE *f;
    char *buf = calloc(1, 64u << 20);
    size_t n;

    assert_int_equal(ls_sink_close(s, 1, err, sizeof err), LS_OK);
    f = fopen(path, "r");
    assert_non_null(f);
    assert_non_null(buf);
    n = fread(buf, 1, (64u << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

static ls_status extract(const struct ls_extractor *ex, const char *mime, const char *charset,
                         const void *data, size_t len, ls_record_fn fn, void *ud)
{
    static unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits lim;
    struct ls_doc doc;

    ls_limits_default(&lim);
    ls_input_from_memory(&in, data, len, head);
    memset(&doc, 0, sizeof doc);
    doc.path = "big";
    doc.mime = mime;
    doc.charset = charset;
    doc.in = &in;
    doc.limits = &lim;
    doc.on_record = fn;
    doc.ud = ud;
    return ex->run(&doc);
}

static ls_status to_matcher(void *ud, const struct ls_record *rec)
{
    return ls_matcher_record(ud, rec);
}

static ls_status to_splitter(void *ud, const struct ls_record *rec)
{
    return ls_splitter_record(ud, rec);
}

static void end_item(struct ls_matcher *m, struct result *r)
{
    struct ls_jsonw j;

    ls_strbuf_init(&r->inv, 1u << 20);
    ls_jsonw_init(&j, &r->inv, 0);
    ls_jsonw_obj_begin(&j);
    ls_matcher_item_end(m, &j, NULL);
    ls_jsonw_obj_end(&j);
}

static void report(struct ls_matcher *m, struct result *r)
{
    struct ls_jsonw j;

    ls_strbuf_init(&r->report, 16u << 20);
    ls_jsonw_init(&j, &r->report, 0);
    ls_jsonw_obj_begin(&j);
    ls_matcher_report_json(m, &j);
    ls_jsonw_obj_end(&j);
}

/* Every record on one matcher: what a scan does without chunks. */
static void run_whole(const struct ls_extractor *ex, const char *charset, const void *data,
                      size_t len, struct result *r)
{
    char path[] = "/tmp/ls_test_chunk_XXXXXX";
    struct ls_sink *s = sink_new(path);
    struct ls_matcher *m = NULL;

    assert_int_equal(ls_matcher_new(rules, &cfg, key, s, &m), LS_OK);
    ls_matcher_item_begin(m, "big.csv");
    assert_int_equal(extract(ex, "text/plain", charset, data, len, to_matcher, m), LS_OK);
    end_item(m, r);
    report(m, r);
    ls_matcher_free(m);
    r->findings = sink_done(s, path);
    r->cuts = 0;
}

struct server {
    struct ls_queue *q;
    struct ls_matcher *m;
};

/* A second worker: matches chunks until the queue ends. */
static void *serve(void *arg)
{
    struct server *sv = arg;
    struct ls_item *it;

    while ((it = ls_queue_pop(sv->q)) != NULL) {
        if (it->kind != LS_ITEM_CHUNK) /* no cmocka assert off the main thread */
            abort();
        ls_chunk_serve(it, sv->m);
        ls_queue_done(sv->q);
    }
    return NULL;
}

/* The records cut into chunks of chunk_bytes, nchunks in flight, matched by
 * a second thread and by the cutter while it waits. */
static void run_split(const struct ls_extractor *ex, const char *charset, const void *data,
                      size_t len, size_t chunk_bytes, unsigned nchunks, int64_t size_hint,
                      struct result *r)
{
    char path[] = "/tmp/ls_test_chunk_XXXXXX";
    struct ls_sink *s = sink_new(path);
    struct ls_matcher *owner = NULL, *self = NULL;
    struct ls_splitter *sp = NULL;
    struct server sv = {NULL, NULL};
    pthread_t th;

    assert_int_equal(ls_queue_new(64, 1u << 30, &sv.q), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s, &owner), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s, &self), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s, &sv.m), LS_OK);
    assert_int_equal(ls_splitter_new(sv.q, s, nchunks, chunk_bytes, NULL, &sp), LS_OK);
    assert_int_equal(pthread_create(&th, NULL, serve, &sv), 0);
    ls_matcher_item_begin(owner, "big.csv");
    assert_int_equal(ls_splitter_begin(sp, "big.csv", owner, self, size_hint), LS_OK);
    assert_int_equal(extract(ex, "text/plain", charset, data, len, to_splitter, sp), LS_OK);
    assert_int_equal(ls_splitter_end(sp), LS_OK);
    r->cuts = ls_splitter_cuts(sp);
    end_item(owner, r);
    ls_queue_close(sv.q);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(ls_matcher_merge(owner, self), LS_OK);
    assert_int_equal(ls_matcher_merge(owner, sv.m), LS_OK);
    report(owner, r);
    ls_splitter_free(sp);
    ls_matcher_free(owner);
    ls_matcher_free(self);
    ls_matcher_free(sv.m);
    ls_queue_free(sv.q);
    r->findings = sink_done(s, path);
}

/* Whole and split runs agree, for chunk sizes from one record up, and for
 * an item of unknown size (its first chunk's worth matched by the cutter)
 * as for one of known size (cut from its first record). */
static void check_same(const struct ls_extractor *ex, const char *charset, const void *data,
                       size_t len)
{
    static const size_t sizes[] = {1, 50, 333, 4096, 1u << 20};
    static const unsigned counts[] = {2, 5};
    struct result whole, split;
    size_t i, k;

    run_whole(ex, charset, data, len, &whole);
    assert_true(strlen(whole.findings) > 1000); /* something to compare */
    assert_non_null(strstr(whole.inv.data, "vehicle_plate_be"));
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        for (k = 0; k < 2 * sizeof counts / sizeof counts[0]; k++) {
            int known = (int)(k % 2);

            run_split(ex, charset, data, len, sizes[i], counts[k / 2], known ? (int64_t)len : -1,
                      &split);
            assert_string_equal(split.findings, whole.findings);
            assert_string_equal(split.inv.data, whole.inv.data);
            assert_string_equal(split.report.data, whole.report.data);
            if (sizes[i] < 4096)
                assert_true(split.cuts > 10); /* cut many times */
            else if (sizes[i] == 4096)
                assert_true(split.cuts >= 1);
            else if (known) /* one chunk, from the first record */
                assert_true(split.cuts == 1);
            else /* under one chunk: matched by the cutter as it comes */
                assert_true(split.cuts == 0);
            result_free(&split);
        }
    result_free(&whole);
}

/* A ;-separated table with a header; every third row has a quoted note
 * holding a newline, the delimiter and a doubled quote.  eol "\n" or
 * "\r\n"; final: end with a line end. */
static char *table(const char *bom, const char *eol, int final, size_t rows)
{
    struct ls_strbuf b;
    size_t i;

    ls_strbuf_init(&b, 64u << 20);
    ls_strbuf_printf(&b, "%sid;kenteken;email;opmerking%s", bom, eol);
    for (i = 0; i < rows; i++) {
        ls_strbuf_printf(&b, "%zu;%zu-%c%c%c-%03zu;user%zu@example.be;", i, 1 + i % 9,
                         'A' + (int)(i % 26), 'B' + (int)(i % 20), 'C' + (int)(i % 7), i % 1000,
                         i % 97);
        if (i % 3 == 0)
            ls_strbuf_printf(&b, "\"gezien%sop de E40; \"\"snel\"\" 2-XYZ-%03zu\"", eol, i % 500);
        else
            ls_strbuf_printf(&b, "controle %zu", i);
        if (final || i + 1 < rows)
            ls_strbuf_puts(&b, eol);
    }
    assert_false(b.overflow);
    return b.data;
}

static void test_csv_lf(void **state)
{
    char *t = table("", "\n", 1, 600);

    (void)state;
    check_same(&ls_extractor_csv, "utf-8", t, strlen(t));
    free(t);
}

static void test_csv_crlf_no_final_newline(void **state)
{
    char *t = table("", "\r\n", 0, 600);

    (void)state;
    check_same(&ls_extractor_csv, "utf-8", t, strlen(t));
    free(t);
}

static void test_csv_bom(void **state)
{
    char *t = table("\xef\xbb\xbf", "\n", 0, 400);

    (void)state;
    check_same(&ls_extractor_csv, "utf-8", t, strlen(t));
    free(t);
}

static void test_csv_utf16(void **state)
{
    char *t = table("", "\r\n", 1, 400);
    size_t n = strlen(t), i;
    unsigned char *u = malloc(2 * n + 2);

    (void)state;
    assert_non_null(u);
    u[0] = 0xff; /* a UTF-16LE BOM, then ASCII as UTF-16LE */
    u[1] = 0xfe;
    for (i = 0; i < n; i++) {
        u[2 + 2 * i] = (unsigned char)t[i];
        u[3 + 2 * i] = 0;
    }
    check_same(&ls_extractor_csv, "utf-16le", u, 2 * n + 2);
    free(u);
    free(t);
}

static void test_text_lines(void **state)
{
    struct ls_strbuf b;
    size_t i;

    (void)state;
    ls_strbuf_init(&b, 64u << 20);
    for (i = 0; i < 800; i++)
        ls_strbuf_printf(&b,
                         "2021-01-%02zu 12:%02zu:01 camera %zu kenteken 1-ABC-%03zu mail "
                         "jan%zu@example.be%s",
                         1 + i % 28, i % 60, i % 13, i % 1000, i % 50, i % 5 ? "\n" : "\r\n");
    check_same(&ls_extractor_text, "utf-8", b.data, b.len);
    ls_strbuf_free(&b);
}

static void test_json_lines(void **state)
{
    struct ls_strbuf b;
    size_t i;

    (void)state;
    ls_strbuf_init(&b, 64u << 20);
    for (i = 0; i < 500; i++)
        ls_strbuf_printf(&b,
                         "{\"id\": %zu, \"kenteken\": \"1-ABC-%03zu\", \"contact\": {\"email\": "
                         "\"piet%zu@example.be\", \"note\": \"lijn\\nen 2-XYZ-%03zu\"}}\n",
                         i, i % 1000, i % 40, i % 300);
    check_same(&ls_extractor_json, "utf-8", b.data, b.len);
    ls_strbuf_free(&b);
}

/* A record joined from parts is matched by the cutter after every chunk
 * before it: the findings keep their order. */
static void test_parts_record(void **state)
{
    static const char *const names[] = {"word/document.xml", "word/footer1.xml"};
    const size_t off[] = {0, 20};
    const char *txt = "kenteken 1-ABC-123 \nen mail jan@example.be hier\n";
    struct ls_record rec;
    char p1[] = "/tmp/ls_test_chunk_XXXXXX", p2[] = "/tmp/ls_test_chunk_XXXXXX";
    struct ls_sink *s1 = sink_new(p1), *s2 = sink_new(p2);
    struct ls_matcher *m = NULL, *owner = NULL, *self = NULL;
    struct ls_splitter *sp = NULL;
    struct ls_queue *q = NULL;
    struct result a, b;
    char *fa, *fb;
    int i;

    (void)state;
    assert_int_equal(ls_queue_new(8, 1u << 20, &q), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s1, &m), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s2, &owner), LS_OK);
    assert_int_equal(ls_matcher_new(rules, &cfg, key, s2, &self), LS_OK);
    assert_int_equal(ls_splitter_new(q, s2, 2, 8, NULL, &sp), LS_OK);
    ls_matcher_item_begin(m, "d.docx");
    ls_matcher_item_begin(owner, "d.docx");
    assert_int_equal(ls_splitter_begin(sp, "d.docx", owner, self, -1), LS_OK);
    for (i = 0; i < 6; i++) {
        memset(&rec, 0, sizeof rec);
        rec.text = txt;
        rec.len = strlen(txt);
        rec.index = (uint64_t)i;
        rec.line = 1;
        if (i % 3 == 1) { /* a record of two named parts */
            rec.nparts = 2;
            rec.part_off = off;
            rec.part_names = names;
            rec.part = names[0];
        }
        assert_int_equal(ls_matcher_record(m, &rec), LS_OK);
        assert_int_equal(ls_splitter_record(sp, &rec), LS_OK); /* no server: the cutter matches */
    }
    assert_int_equal(ls_splitter_end(sp), LS_OK);
    end_item(m, &a);
    end_item(owner, &b);
    assert_string_equal(a.inv.data, b.inv.data);
    ls_matcher_free(m);
    ls_matcher_free(owner);
    ls_matcher_free(self);
    ls_splitter_free(sp);
    ls_queue_free(q);
    fa = sink_done(s1, p1);
    fb = sink_done(s2, p2);
    assert_non_null(strstr(fa, "word/footer1.xml"));
    assert_string_equal(fa, fb);
    free(fa);
    free(fb);
    ls_strbuf_free(&a.inv);
    ls_strbuf_free(&b.inv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_lf),       cmocka_unit_test(test_csv_crlf_no_final_newline),
        cmocka_unit_test(test_csv_bom),      cmocka_unit_test(test_csv_utf16),
        cmocka_unit_test(test_text_lines),   cmocka_unit_test(test_json_lines),
        cmocka_unit_test(test_parts_record),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
