/* test_extract_ooxml.c — docx, xlsx and pptx built in memory with
 * libarchive's zip writer and read back through the extractors. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractors.h"

#define MAXREC 32

struct got {
    size_t n;
    char *text[MAXREC];
    char part[MAXREC][64];
    uint32_t page[MAXREC];
    uint64_t line[MAXREC];
    int prose[MAXREC];
    size_t ncol[MAXREC];
    char cols[MAXREC][8][32];
    char fields[MAXREC][8][64];
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n == MAXREC)
        return LS_OK;
    size_t i = g->n++;
    g->text[i] = strndup(r->text, r->len);
    snprintf(g->part[i], sizeof g->part[i], "%s", r->part ? r->part : "");
    g->page[i] = r->page;
    g->line[i] = r->line;
    g->prose[i] = r->prose;
    g->ncol[i] = r->ncolumns;
    for (size_t c = 0; c < r->ncolumns && c < 8; c++) {
        snprintf(g->cols[i][c], 32, "%s", r->columns[c] ? r->columns[c] : "");
        snprintf(g->fields[i][c], 64, "%.*s", (int)r->field_len[c], r->text + r->field_off[c]);
    }
    return LS_OK;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->text[i]);
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const struct ls_extractor *x, const unsigned char *data, size_t len,
                     struct got *g, struct ls_doc *doc, const struct ls_limits *lim)
{
    static struct ls_input in;
    static struct ls_limits deflim;
    memset(g, 0, sizeof *g);
    memset(doc, 0, sizeof *doc);
    ls_limits_default(&deflim);
    ls_input_from_memory(&in, data, len, head);
    ls_input_prime(&in);
    doc->path = "t";
    doc->in = &in;
    doc->limits = lim ? lim : &deflim;
    doc->on_record = on_rec;
    doc->ud = g;
    return x->run(doc);
}

/* Writes a zip of n (name, text) members into out; returns its size. */
static size_t zip_build(unsigned char *out, size_t cap, const char *const *m, size_t n)
{
    struct archive *a = archive_write_new();
    size_t used = 0;
    archive_write_set_format_zip(a);
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
    return zip_build(buf, cap, m, sizeof m / sizeof m[0] / 2);
}

static void test_docx_text(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    size_t n = make_docx(buf, sizeof buf, doc_xml);
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run(&ls_extractor_docx, buf, n, &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.prose[0], 1);
    assert_string_equal(g.part[0], "word/document.xml");
    const char *t = g.text[0];
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
    got_free(&g);
}

static void test_docx_split_records(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    size_t n = make_docx(buf, sizeof buf, doc_xml);
    struct got g;
    struct ls_doc doc;
    struct ls_limits lim;
    ls_limits_default(&lim);
    lim.max_record_bytes = 40;
    assert_int_equal(run(&ls_extractor_docx, buf, n, &g, &doc, &lim), LS_OK);
    assert_true(g.n > 2);
    for (size_t i = 0; i < g.n; i++)
        assert_true(strlen(g.text[i]) <= 40);
    got_free(&g);
}

static void test_docx_hostile(void **state)
{
    (void)state;
    static unsigned char buf[1 << 16];
    struct got g;
    struct ls_doc doc;
    /* billion laughs: refused at the DOCTYPE */
    size_t n = make_docx(buf, sizeof buf,
                         "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
                         "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><d>&b;</d>");
    assert_int_equal(run(&ls_extractor_docx, buf, n, &g, &doc, NULL), LS_EFAILED);
    assert_non_null(strstr(doc.reason, "DOCTYPE"));
    got_free(&g);
    /* external entity */
    n = make_docx(buf, sizeof buf,
                  "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>");
    assert_int_equal(run(&ls_extractor_docx, buf, n, &g, &doc, NULL), LS_EFAILED);
    got_free(&g);
    /* depth */
    static char deep[8192];
    size_t o = 0;
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, "<a>");
    for (int i = 0; i < 300; i++)
        o += (size_t)snprintf(deep + o, sizeof deep - o, "</a>");
    n = make_docx(buf, sizeof buf, deep);
    assert_int_equal(run(&ls_extractor_docx, buf, n, &g, &doc, NULL), LS_EFAILED);
    assert_non_null(strstr(doc.reason, "depth"));
    got_free(&g);
    /* not a zip */
    assert_int_equal(
        run(&ls_extractor_docx, (const unsigned char *)"PK\3\4garbage", 11, &g, &doc, NULL),
        LS_EFAILED);
    got_free(&g);
    /* truncated zip */
    n = make_docx(buf, sizeof buf, doc_xml);
    ls_status st = run(&ls_extractor_docx, buf, n / 2, &g, &doc, NULL);
    assert_true(st == LS_EFAILED || st == LS_OK);
    got_free(&g);
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
    assert_int_equal(
        ls_extractor_docx.probe("text/plain", "utf-8", (const unsigned char *)"hello", 5, "a.docx"),
        0);
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
    size_t n = zip_build(buf, sizeof buf, m, sizeof m / sizeof m[0] / 2);
    assert_int_equal(ls_extractor_xlsx.probe("application/zip", "binary", buf, n, "x"), 90);
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run(&ls_extractor_xlsx, buf, n, &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.text[0], "1-ABC-123\t2019-03-01 12:00:00\tE40 Gent");
    assert_string_equal(g.part[0], "ANPR");
    assert_int_equal(g.line[0], 2);
    assert_int_equal(g.prose[0], 0);
    assert_int_equal(g.ncol[0], 3);
    assert_string_equal(g.cols[0][0], "plaat");
    assert_string_equal(g.cols[0][1], "tijd");
    assert_string_equal(g.cols[0][2], "camera");
    assert_string_equal(g.fields[0][0], "1-ABC-123");
    assert_string_equal(g.fields[0][2], "E40 Gent");
    assert_string_equal(g.text[1], "\t1985-07-30\tE17");
    assert_string_equal(g.text[2], "12.5\tx");
    assert_string_equal(g.fields[1][2], "E17");
    got_free(&g);
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
    size_t n = zip_build(buf, sizeof buf, m, sizeof m / sizeof m[0] / 2);
    assert_int_equal(ls_extractor_pptx.probe("application/zip", "binary", buf, n, "x"), 90);
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run(&ls_extractor_pptx, buf, n, &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.text[0], "Titel\n");
    assert_int_equal(g.page[0], 1);
    assert_string_equal(g.text[1], "Verdachte: Piet\nGSM 0475 12 34 56\n");
    assert_int_equal(g.page[1], 2);
    assert_string_equal(g.part[1], "ppt/slides/slide2.xml");
    assert_int_equal(g.page[2], 10);
    got_free(&g);
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
