/* test_extract_odf.c — .odt and .ods built in memory with libarchive's zip
 * writer and read back through the extractors. */
#include "extract_harness.h"

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
    size_t n = h_zip(buf, sizeof buf, m, H_ZIP_MEMBERS(m), 1);
    assert_int_equal(
        ls_extractor_odt.probe("application/vnd.oasis.opendocument.text", "binary", buf, n, "x"),
        90);
    assert_int_equal(ls_extractor_odt.probe("application/zip", "binary", buf, n, "x"), 90);
    assert_int_equal(ls_extractor_ods.probe("application/zip", "binary", buf, n, "x"), 0);
    struct h_run *h = h_run_doc(&ls_extractor_odt, buf, n, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h_str(h->r[0].part), "content.xml");
    const char *t = h->r[0].text;
    assert_non_null(
        strstr(t, "Proces-verbaal\nNaam: Jan  Peeters\tRRN 85.07.30-033.28\ntweede regel\n"));
    assert_non_null(strstr(t, "nota\n"));
    assert_null(strstr(t, "inspecteur X"));
    assert_non_null(strstr(t, "plaat\t1-ABC-123 bis\n"));
    assert_non_null(strstr(t, "Politiezone Gent\n"));
    assert_non_null(strstr(t, "Vertrouwelijk\n"));
    assert_null(strstr(t, "not a header"));
    h_free(h);
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
    size_t n = h_zip(buf, sizeof buf, m, H_ZIP_MEMBERS(m), 1);
    assert_int_equal(ls_extractor_ods.probe("application/zip", "binary", buf, n, "x"), 90);
    struct h_run *h = h_run_doc(&ls_extractor_ods, buf, n, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->r[0].text, "Jan\t0475 12 34 56");
    assert_string_equal(h_str(h->r[0].part), "Verdachten");
    assert_int_equal(h->r[0].line, 4);
    assert_int_equal(h->r[0].ncol, 2);
    assert_string_equal(h->r[0].cols[0], "naam");
    assert_string_equal(h->r[0].cols[1], "gsm");
    assert_string_equal(h->r[1].text, "x\tx");
    assert_int_equal(h->r[1].line, 5);
    assert_string_equal(h->r[2].text, "x\tx");
    assert_int_equal(h->r[2].line, 6);
    assert_string_equal(h->r[3].text, "v");
    assert_string_equal(h_str(h->r[3].part), "Tweede");
    assert_string_equal(h->r[3].cols[0], "h");
    h_free(h);
    assert_int_equal(h_status_doc(&ls_extractor_ods, "PK\3\4xx", 6), LS_EFAILED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_odt),
        cmocka_unit_test(test_ods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
