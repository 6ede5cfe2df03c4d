/* test_extract_odf.c — .odt and .ods built in memory with libarchive's zip
 * writer and read back through the extractors. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractors.h"

#define MAXREC 32

struct got {
    size_t n;
    char *text[MAXREC];
    char part[MAXREC][64];
    uint64_t line[MAXREC];
    size_t ncol[MAXREC];
    char cols[MAXREC][4][32];
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n == MAXREC)
        return LS_OK;
    size_t i = g->n++;
    g->text[i] = strndup(r->text, r->len);
    snprintf(g->part[i], 64, "%s", r->part ? r->part : "");
    g->line[i] = r->line;
    g->ncol[i] = r->ncolumns;
    for (size_t c = 0; c < r->ncolumns && c < 4; c++)
        snprintf(g->cols[i][c], 32, "%s", r->columns[c] ? r->columns[c] : "");
    return LS_OK;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->text[i]);
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const struct ls_extractor *x, const unsigned char *data, size_t len,
                     struct got *g, struct ls_doc *doc)
{
    static struct ls_input in;
    static struct ls_limits lim;
    memset(g, 0, sizeof *g);
    memset(doc, 0, sizeof *doc);
    ls_limits_default(&lim);
    ls_input_from_memory(&in, data, len, head);
    ls_input_prime(&in);
    doc->in = &in;
    doc->limits = &lim;
    doc->on_record = on_rec;
    doc->ud = g;
    return x->run(doc);
}

static size_t zip_build(unsigned char *out, size_t cap, const char *const *m, size_t n)
{
    struct archive *a = archive_write_new();
    size_t used = 0;
    archive_write_set_format_zip(a);
    archive_write_zip_set_compression_store(a);
    assert_int_equal(archive_write_open_memory(a, out, cap, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, m[2 * i]);
        archive_entry_set_size(e, (la_int64_t)strlen(m[2 * i + 1]));
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        archive_write_data(a, m[2 * i + 1], strlen(m[2 * i + 1]));
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return used;
}

#define NS                                                                                         \
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "                           \
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "                               \
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "                             \
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "                             \
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

static void test_odt(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    const char *m[] = {
        "mimetype",
        "application/vnd.oasis.opendocument.text",
        "content.xml",
        "<?xml version=\"1.0\"?><office:document-content " NS "><office:body><office:text>"
        "<text:h>Proces-verbaal</text:h>"
        "<text:p>Naam:<text:s/>Jan<text:s "
        "text:c=\"2\"/><text:span>Pee</text:span>ters<text:tab/>RRN 85.07.30-033.28"
        "<text:line-break/>tweede regel</text:p>"
        "<office:annotation><dc:creator>inspecteur "
        "X</dc:creator><text:p>nota</text:p></office:annotation>"
        "<table:table><table:table-row><table:table-cell><text:p>plaat</text:p></table:table-cell>"
        "<table:table-cell><text:p>1-ABC-123</text:p><text:p>bis</text:p></table:table-cell></"
        "table:table-row></table:table>"
        "</office:text></office:body></office:document-content>",
        "styles.xml",
        "<office:document-styles " NS "><office:master-styles><style:master-page>"
        "<style:header><text:p>Politiezone Gent</text:p></style:header>"
        "<style:footer><text:p>Vertrouwelijk</text:p></style:footer></style:master-page>"
        "</office:master-styles><office:styles><text:p>not a "
        "header</text:p></office:styles></office:document-styles>",
    };
    size_t n = zip_build(buf, sizeof buf, m, sizeof m / sizeof m[0] / 2);
    assert_int_equal(
        ls_extractor_odt.probe("application/vnd.oasis.opendocument.text", "binary", buf, n, "x"),
        90);
    assert_int_equal(ls_extractor_odt.probe("application/zip", "binary", buf, n, "x"), 90);
    assert_int_equal(ls_extractor_ods.probe("application/zip", "binary", buf, n, "x"), 0);
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run(&ls_extractor_odt, buf, n, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.part[0], "content.xml");
    const char *t = g.text[0];
    assert_non_null(
        strstr(t, "Proces-verbaal\nNaam: Jan  Peeters\tRRN 85.07.30-033.28\ntweede regel\n"));
    assert_non_null(strstr(t, "nota\n"));
    assert_null(strstr(t, "inspecteur X"));
    assert_non_null(strstr(t, "plaat\t1-ABC-123 bis\n"));
    assert_non_null(strstr(t, "Politiezone Gent\n"));
    assert_non_null(strstr(t, "Vertrouwelijk\n"));
    assert_null(strstr(t, "not a header"));
    got_free(&g);
}

static void test_ods(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    const char *m[] = {
        "mimetype",
        "application/vnd.oasis.opendocument.spreadsheet",
        "content.xml",
        "<office:document-content " NS "><office:body><office:spreadsheet>"
        "<table:table table:name=\"Verdachten\">"
        "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
        "table:number-columns-repeated=\"3\"/></table:table-row>"
        "<table:table-row><table:table-cell><text:p>naam</text:p></table:table-cell>"
        "<table:table-cell><text:p>gsm</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Jan</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"string\"><text:p>0475<text:s/>12 34 "
        "56</text:p></table:table-cell>"
        "<table:table-cell table:number-columns-repeated=\"1000\"/></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell "
        "table:number-columns-repeated=\"2\"><text:p>x</text:p></table:table-cell></"
        "table:table-row>"
        "<table:table-row table:number-rows-repeated=\"1048000\"><table:table-cell "
        "table:number-columns-repeated=\"1024\"/></table:table-row>"
        "</table:table><table:table "
        "table:name=\"Tweede\"><table:table-row><table:table-cell><text:p>h</text:p></"
        "table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>v</text:p></table:table-cell></"
        "table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>",
    };
    size_t n = zip_build(buf, sizeof buf, m, sizeof m / sizeof m[0] / 2);
    assert_int_equal(ls_extractor_ods.probe("application/zip", "binary", buf, n, "x"), 90);
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run(&ls_extractor_ods, buf, n, &g, &doc), LS_OK);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.text[0], "Jan\t0475 12 34 56");
    assert_string_equal(g.part[0], "Verdachten");
    assert_int_equal(g.line[0], 4);
    assert_int_equal(g.ncol[0], 2);
    assert_string_equal(g.cols[0][0], "naam");
    assert_string_equal(g.cols[0][1], "gsm");
    assert_string_equal(g.text[1], "x\tx");
    assert_int_equal(g.line[1], 5);
    assert_string_equal(g.text[2], "x\tx");
    assert_int_equal(g.line[2], 6);
    assert_string_equal(g.text[3], "v");
    assert_string_equal(g.part[3], "Tweede");
    assert_string_equal(g.cols[3][0], "h");
    got_free(&g);
    assert_int_equal(run(&ls_extractor_ods, (const unsigned char *)"PK\3\4xx", 6, &g, &doc),
                     LS_EFAILED);
    got_free(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odt),
        cmocka_unit_test(test_ods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
