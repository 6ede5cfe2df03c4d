/* test_extract_ooxml.c — docx, xlsx and pptx built in memory with
 * libarchive's zip writer and read back through the extractors. */
#include <stdio.h>

#include "extract_harness.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
static const char doc_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<w:document " W "><w:body>"
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
    "<w:r><w:t>Naam: Jan</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\"> "
    "Pee</w:t></w:r>"
    "<w:r><w:t>ters RRN 85.07.</w:t></w:r><w:r><w:t>30-033.28</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Plaat</w:t><w:tab/><w:t>1-ABC-123</w:t><w:br/><w:t>tweede</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Naam</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Geboren</"
    "w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:p><w:r><w:t>An</w:t></w:r></w:p><w:p><w:r><w:t>Smet</w:t></w:r></w:p></"
    "w:tc><w:tc><w:p><w:r><w:t>2001-02-03</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:p><w:r><w:instrText>HYPERLINK x</w:instrText><w:t>einde</w:t></w:r></w:p>"
    "</w:body></w:document>";

static size_t make_docx(unsigned char *buf, size_t cap, const char *body)
{
    const char *m[] = {
        "[Content_Types].xml",
        "<Types/>",
        "_rels/.rels",
        "<Relationships/>",
        "word/document.xml",
        body,
        "word/header1.xml",
        "<w:hdr " W "><w:p><w:r><w:t>PV-2019-0042 hoofding</w:t></w:r></w:p></w:hdr>",
        "word/footer1.xml",
        "<w:ftr " W "><w:p><w:r><w:t>voet</w:t></w:r></w:p></w:ftr>",
        "word/comments.xml",
        "<w:comments " W "><w:comment><w:p><w:r><w:t>opmerking "
        "inspecteur</w:t></w:r></w:p></w:comment></w:comments>",
        "word/footnotes.xml",
        "<w:footnotes " W
        "><w:footnote><w:p><w:r><w:t>voetnoot</w:t></w:r></w:p></w:footnote></w:footnotes>",
        "word/media/image1.png",
        "PNGDATA",
    };
    return h_zip(buf, cap, m, H_ZIP_MEMBERS(m), 0);
}

static void test_docx_text(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    size_t n = make_docx(buf, sizeof buf, doc_xml);
    struct h_run *h = h_run_doc(&ls_extractor_docx, buf, n, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_int_equal(h->r[0].prose, 1);
    assert_string_equal(h_str(h->r[0].part), "word/document.xml");
    const char *t = h->r[0].text;
    assert_non_null(strstr(t, "Naam: Jan Peeters RRN 85.07.30-033.28\n"));
    assert_non_null(strstr(t, "Plaat\t1-ABC-123\ntweede\n"));
    assert_non_null(strstr(t, "Naam\tGeboren\nAn Smet\t2001-02-03\n"));
    assert_non_null(strstr(t, "einde"));
    assert_null(strstr(t, "HYPERLINK"));
    assert_null(strstr(t, "720"));
    assert_non_null(strstr(t, "PV-2019-0042 hoofding"));
    assert_non_null(strstr(t, "voet"));
    assert_non_null(strstr(t, "opmerking inspecteur"));
    assert_non_null(strstr(t, "voetnoot"));
    /* body before header */
    assert_true(strstr(t, "Naam: Jan") < strstr(t, "hoofding"));
    h_free(h);
}

static void test_docx_split_records(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    size_t n = make_docx(buf, sizeof buf, doc_xml);
    struct ls_limits lim;
    ls_limits_default(&lim);
    lim.max_record_bytes = 40;
    struct h_run *h = h_run_doc(&ls_extractor_docx, buf, n, &lim);
    assert_int_equal(h->st, LS_OK);
    assert_true(h->n > 2);
    for (size_t i = 0; i < h->n; i++)
        assert_true(strlen(h->r[i].text) <= 40);
    h_free(h);
}

static void test_docx_hostile(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    /* billion laughs: refused at the DOCTYPE */
    size_t n = make_docx(buf, sizeof buf,
                         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><d>&b;</d>");
    struct h_run *h = h_run_doc(&ls_extractor_docx, buf, n, NULL);
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "DOCTYPE"));
    h_free(h);
    /* external entity */
    n = make_docx(buf, sizeof buf,
                  "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>");
    h = h_run_doc(&ls_extractor_docx, buf, n, NULL);
    assert_int_equal(h->st, LS_EFAILED);
    h_free(h);
    /* depth */
    static char deep[8192];
    size_t o = 0;
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, "<a>");
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, "</a>");
    n = make_docx(buf, sizeof buf, deep);
    h = h_run_doc(&ls_extractor_docx, buf, n, NULL);
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "depth"));
    h_free(h);
    /* not a zip */
    assert_int_equal(h_status_doc(&ls_extractor_docx, "PK\3\4garbage", 11), LS_EFAILED);
    /* truncated zip */
    n = make_docx(buf, sizeof buf, doc_xml);
    ls_status st = h_status_doc(&ls_extractor_docx, buf, n / 2);
    assert_true(st == LS_EFAILED || st == LS_OK);
}

static void test_probes(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    size_t n = make_docx(buf, sizeof buf, doc_xml);
    assert_int_equal(ls_extractor_docx.probe(
                         "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         "binary", buf, n, "a.docx"),
                     90);
    assert_int_equal(ls_extractor_docx.probe("application/zip", "binary", buf, n, "x"), 90);
    assert_int_equal(ls_extractor_docx.probe("application/octet-stream", "binary", buf, n, "x"),
                     90);
    assert_int_equal(ls_extractor_xlsx.probe("application/zip", "binary", buf, n, "x"), 0);
    assert_int_equal(ls_extractor_pptx.probe("application/zip", "binary", buf, n, "x"), 0);
    assert_int_equal(h_probe(&ls_extractor_docx, "text/plain", "utf-8", "hello", "a.docx"), 0);
    assert_int_equal(
        ls_extractor_xlsx.probe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                "binary", buf, n, "a.xlsx"),
        90);
}

static void test_xlsx(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    const char *m[] = {
        "[Content_Types].xml",
        "<Types/>",
        "xl/workbook.xml",
        "<workbook "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"ANPR\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Leeg\" sheetId=\"2\" "
        "r:id=\"rId2\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>",
        "xl/sharedStrings.xml",
        "<sst><si><t>plaat</t></si><si><t>tijd</t></si><si><r><t>1-AB</t></r><r><t>C-123</t></"
        "r><rPh><t>x</t></rPh></si><si><t>camera</t></si></sst>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" "
        "t=\"s\"><v>3</v></c></row>"
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" s=\"1\"><v>43525.5</v></c><c "
        "r=\"C2\" "
        "t=\"inlineStr\"><is><t>E40 Gent</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>99</v></c><c r=\"B3\" s=\"2\"><v>31258</v></c><c "
        "r=\"C3\" t=\"str\"><v>E17</v></c></row>"
        "<row r=\"5\"><c r=\"A5\" s=\"3\"><v>12.5</v></c><c r=\"B5\" s=\"2\"><v>x</v></c></row>"
        "<row r=\"4\"></row>"
        "</sheetData></worksheet>",
        "xl/styles.xml",
        "<styleSheet><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
        "formatCode=\"dd/mm/yyyy&quot;x&quot;\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00\"/></numFmts>"
        "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"
        "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/><xf numFmtId=\"164\"/><xf "
        "numFmtId=\"165\"/></cellXfs></styleSheet>",
        "xl/worksheets/sheet2.xml",
        "<worksheet><sheetData/></worksheet>",
    };
    size_t n = h_zip(buf, sizeof buf, m, H_ZIP_MEMBERS(m), 0);
    assert_int_equal(ls_extractor_xlsx.probe("application/zip", "binary", buf, n, "x"), 90);
    struct h_run *h = h_run_doc(&ls_extractor_xlsx, buf, n, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_string_equal(h->r[0].text, "1-ABC-123\t2019-03-01 12:00:00\tE40 Gent");
    assert_string_equal(h_str(h->r[0].part), "ANPR");
    assert_int_equal(h->r[0].line, 2);
    assert_int_equal(h->r[0].prose, 0);
    assert_int_equal(h->r[0].ncol, 3);
    assert_string_equal(h->r[0].cols[0], "plaat");
    assert_string_equal(h->r[0].cols[1], "tijd");
    assert_string_equal(h->r[0].cols[2], "camera");
    assert_string_equal(h->r[0].fields[0], "1-ABC-123");
    assert_string_equal(h->r[0].fields[2], "E40 Gent");
    assert_string_equal(h->r[1].text, "\t1985-07-30\tE17");
    assert_string_equal(h->r[2].text, "12.5\tx");
    assert_string_equal(h->r[1].fields[2], "E17");
    h_free(h);
}

static void test_pptx(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    const char *m[] = {
        "[Content_Types].xml",
        "<Types/>",
        "ppt/presentation.xml",
        "<p:presentation xmlns:p=\"p\"/>",
        "ppt/slides/slide10.xml",
        "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>tien</a:t></a:r></a:p></p:sld>",
        "ppt/slides/slide2.xml",
        "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>Verdachte: "
        "</a:t></a:r><a:r><a:t>Piet</a:t></a:r></a:p><a:p><a:r><a:t>GSM 0475 12 34 "
        "56</a:t></a:r></a:p></p:sld>",
        "ppt/slides/slide1.xml",
        "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>Titel</a:t></a:r></a:p></p:sld>",
        "ppt/slides/_rels/slide1.xml.rels",
        "<Relationships/>",
    };
    size_t n = h_zip(buf, sizeof buf, m, H_ZIP_MEMBERS(m), 0);
    assert_int_equal(ls_extractor_pptx.probe("application/zip", "binary", buf, n, "x"), 90);
    struct h_run *h = h_run_doc(&ls_extractor_pptx, buf, n, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_string_equal(h->r[0].text, "Titel\n");
    assert_int_equal(h->r[0].page, 1);
    assert_string_equal(h->r[1].text, "Verdachte: Piet\nGSM 0475 12 34 56\n");
    assert_int_equal(h->r[1].page, 2);
    assert_string_equal(h_str(h->r[1].part), "ppt/slides/slide2.xml");
    assert_int_equal(h->r[2].page, 10);
    h_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_text),    cmocka_unit_test(test_docx_split_records),
        cmocka_unit_test(test_docx_hostile), cmocka_unit_test(test_probes),
        cmocka_unit_test(test_xlsx),         cmocka_unit_test(test_pptx),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
