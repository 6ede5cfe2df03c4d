/* test_extract_pdf.c — PDFs built as strings in the test (content streams
 * compressed with zlib's compress()) and read back through the extractor. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "extract/extractors.h"

#define MAXREC 16

struct got {
    size_t n;
    char *text[MAXREC];
    uint32_t page[MAXREC];
    int prose[MAXREC];
    size_t nparts[MAXREC];
    size_t part_off[MAXREC][4];
    uint32_t part_page[MAXREC][4];
    uint64_t part_line[MAXREC][4];
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n == MAXREC)
        return LS_OK;
    g->text[g->n] = strndup(r->text, r->len);
    g->page[g->n] = r->page;
    g->prose[g->n] = r->prose;
    g->nparts[g->n] = r->nparts;
    for (size_t i = 0; i < r->nparts && i < 4; i++) {
        g->part_off[g->n][i] = r->part_off[i];
        g->part_page[g->n][i] = r->part_pages ? r->part_pages[i] : 0;
        g->part_line[g->n][i] = r->part_line ? r->part_line[i] : 0;
    }
    g->n++;
    return LS_OK;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->text[i]);
    g->n = 0;
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const char *data, size_t len, struct got *g, struct ls_doc *doc)
{
    static struct ls_input in;
    static struct ls_limits lim;
    memset(g, 0, sizeof *g);
    memset(doc, 0, sizeof *doc);
    ls_limits_default(&lim);
    ls_input_from_memory(&in, (const unsigned char *)data, len, head);
    ls_input_prime(&in);
    doc->in = &in;
    doc->limits = &lim;
    doc->on_record = on_rec;
    doc->ud = g;
    return ls_extractor_pdf.run(doc);
}

/* A PDF assembler: objects appended in order, a trailer at the end. */
struct pdfb {
    char buf[65536];
    size_t len;
};

static void add(struct pdfb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct pdfb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->buf + b->len, sizeof b->buf - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void add_raw(struct pdfb *b, const void *p, size_t n)
{
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

/* A stream object, FlateDecode'd when flate is set. */
static void add_stream(struct pdfb *b, int num, const char *extra, const char *content, int flate)
{
    unsigned char z[8192];
    uLongf zl = sizeof z;
    if (flate) {
        assert_int_equal(compress(z, &zl, (const Bytef *)content, strlen(content)), Z_OK);
        add(b, "%d 0 obj\n<< /Length %lu /Filter /FlateDecode %s >>\nstream\n", num,
            (unsigned long)zl, extra);
        add_raw(b, z, zl);
    } else {
        add(b, "%d 0 obj\n<< /Length %zu %s >>\nstream\n", num, strlen(content), extra);
        add_raw(b, content, strlen(content));
    }
    add(b, "\nendstream\nendobj\n");
}

static void make_two_pages(struct pdfb *b, const char *trailer_extra)
{
    b->len = 0;
    add(b, "%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n");
    add(b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    /* page order: 4 (first) then 3 */
    add(b, "2 0 obj\n<< /Type /Pages /Kids [4 0 R 3 0 R] /Count 2 /Resources << /Font << /F1 5 0 R "
           ">> >> >>\nendobj\n");
    add(b, "3 0 obj\n<< /Type /Page /Parent 2 0 R /Contents [6 0 R 7 0 R] >>\nendobj\n");
    add(b, "4 0 obj\n<< /Type /Page /Parent 2 0 R /Contents 8 0 R >>\nendobj\n");
    add(b, "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
           "/WinAnsiEncoding >>\nendobj\n");
    add_stream(b, 6, "", "BT /F1 12 Tf 72 720 Td (Tweede pagina: Jan) Tj ET", 1);
    add_stream(b, 7, "", "BT /F1 12 Tf 72 700 Td (Peeters) Tj ET", 0);
    add_stream(b, 8, "",
               "BT /F1 12 Tf 72 720 Td (PV nr. 2019/42 \\(Gent\\)) Tj 0 -14 Td "
               "[(Nummer)-250(plaat: 1-A)20(BC-123)] TJ T* (oct\\141al \\351t\\351) Tj "
               "0 -14 Td <48656c6c6f> Tj ( wereld) ' ET",
               1);
    add(b,
        "xref\n0 9\n0000000000 65535 f \ntrailer\n<< /Size 9 /Root 1 0 R %s "
        ">>\nstartxref\n0\n%%%%EOF\n",
        trailer_extra);
}

static void test_pages(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    make_two_pages(&b, "");
    assert_int_equal(
        ls_extractor_pdf.probe("application/pdf", "binary", (unsigned char *)b.buf, b.len, "x"),
        90);
    assert_int_equal(ls_extractor_pdf.probe("application/octet-stream", "binary",
                                            (unsigned char *)b.buf, b.len, "x"),
                     90);
    assert_int_equal(
        ls_extractor_pdf.probe("text/plain", "utf-8", (const unsigned char *)"hi", 2, "x"), 0);
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    /* the document is one record (one police report), its pages spans */
    assert_int_equal(g.n, 1);
    assert_int_equal(g.page[0], 1);
    assert_int_equal(g.prose[0], 1);
    const char *t = g.text[0];
    assert_non_null(strstr(t, "PV nr. 2019/42 (Gent)"));
    assert_non_null(strstr(t, "\nNummer plaat: 1-ABC-123\n"));
    assert_non_null(strstr(t, "octaal \xc3\xa9t\xc3\xa9"));
    assert_non_null(strstr(t, "Hello\n wereld"));
    assert_int_equal(g.nparts[0], 2);
    assert_int_equal(g.part_off[0][0], 0);
    assert_int_equal(g.part_page[0][0], 1);
    assert_int_equal(g.part_line[0][0], 0);
    assert_int_equal(g.part_page[0][1], 2);
    const char *p2 = t + g.part_off[0][1];
    assert_true(!strncmp(p2, "Tweede pagina: Jan", 18));
    assert_non_null(strstr(p2, "Peeters"));
    /* page 2 starts after the newline that ends page 1 */
    assert_int_equal(p2[-1], '\n');
    uint64_t nl = 0;
    for (const char *q = t; q < p2; q++)
        nl += *q == '\n';
    assert_int_equal(g.part_line[0][1], nl);
    assert_int_equal(doc.no_text_layer, 0);
    got_free(&g);
}

static void test_encrypted(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    make_two_pages(&b, "/Encrypt 9 0 R");
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_ESKIPPED);
    assert_string_equal(doc.reason, "encrypted");
    assert_int_equal(g.n, 0);
}

static void test_no_text(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    b.len = 0;
    add(&b, "%%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    add(&b, "3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /Im0 5 "
            "0 R >> >> >> endobj\n");
    add_stream(&b, 4, "", "q 595 0 0 842 0 0 cm /Im0 Do Q", 1);
    add(&b, "trailer << /Root 1 0 R >>\n%%%%EOF\n");
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 0);
    assert_int_equal(doc.no_text_layer, 1);
}

static void test_tounicode_objstm(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    /* Catalog, pages and font live in a compressed object stream; the font
     * has a 2-byte ToUnicode CMap and the text is shown as glyph ids. */
    const char *objs =
        "<< /Type /Catalog /Pages 2 0 R >> "
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >> "
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F9 5 0 R >> >> >> "
        "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>";
    char hdr[64], body[1024];
    /* offsets of each object within objs */
    const char *p = objs;
    size_t off[4];
    for (int i = 0; i < 4; i++) {
        off[i] = (size_t)(strstr(p, "<< /Type") - objs);
        p = objs + off[i] + 1;
        /* skip nested << of the same object: find next top-level "<< /Type /" */
        if (i < 3) {
            const char *q = strstr(objs + off[i] + 1, i == 0   ? "<< /Type /Pages"
                                                      : i == 1 ? "<< /Type /Page "
                                                               : "<< /Type /Font");
            p = q;
        }
    }
    off[1] = (size_t)(strstr(objs, "<< /Type /Pages") - objs);
    off[2] = (size_t)(strstr(objs, "<< /Type /Page ") - objs);
    off[3] = (size_t)(strstr(objs, "<< /Type /Font") - objs);
    off[0] = 0;
    int hl = snprintf(hdr, sizeof hdr, "1 %zu 2 %zu 3 %zu 5 %zu ", off[0], off[1], off[2], off[3]);
    snprintf(body, sizeof body, "%s%s", hdr, objs);
    char extra[64];
    snprintf(extra, sizeof extra, "/Type /ObjStm /N 4 /First %d", hl);
    b.len = 0;
    add(&b, "%%PDF-1.5\n");
    add_stream(&b, 10, extra, body, 1);
    add_stream(&b, 4, "",
               "BT /F9 10 Tf 100 700 Td <0001000200030003> Tj 0 -12 Td [<0004>-300<0005>] TJ ET",
               1);
    add_stream(&b, 6, "",
               "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
               "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
               "2 beginbfchar <0001> <0052> <0002> <0052> endbfchar\n"
               "1 beginbfrange <0003> <0004> <004E> endbfrange\n"
               "1 beginbfrange <0005> <0005> [<00E9>] endbfrange\n"
               "endcmap CMapName currentdict /CMap defineresource pop end end",
               1);
    add(&b, "11 0 obj << /Type /XRef /Root 1 0 R /Size 12 >> stream\nendstream endobj\n%%%%EOF\n");
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "RRNN\nO \xc3\xa9");
    got_free(&g);
}

static void test_differences_and_fallback(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    b.len = 0;
    add(&b, "%%PDF-1.3\n");
    /* no catalog at all: every content stream is read, in file order */
    add(&b, "5 0 obj << /Type /Font /Subtype /Type1 /Encoding << /Differences [65 /eacute /uni0141 "
            "/space] >> >> endobj\n");
    add_stream(&b, 6, "", "BT /F1 9 Tf (ABC) Tj ET", 1);
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "ABC"); /* no font resources: WinAnsi */
    got_free(&g);
    /* with a page tree, the /Differences apply */
    b.len = 0;
    add(&b, "%%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n");
    add(&b, "3 0 obj << /Type /Page /Contents 6 0 R /Resources << /Font << /F1 5 0 R >> >> >> "
            "endobj\n");
    add(&b, "5 0 obj << /Type /Font /Subtype /Type1 /Encoding << /Differences [65 /eacute /uni0141 "
            "/space] >> >> endobj\n");
    add_stream(&b, 6, "", "BT /F1 9 Tf (ABCD) Tj ET", 0);
    add(&b, "trailer << /Root 1 0 R >>");
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "\xc3\xa9\xc5\x81 D");
    got_free(&g);
}

static void test_partial_and_garbage(void **state)
{
    (void)state;
    static struct pdfb b;
    struct got g;
    struct ls_doc doc;
    b.len = 0;
    add(&b, "%%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R 2 0 R 3 0 R] >> endobj\n"); /* a loop */
    add(&b, "3 0 obj << /Type /Page /Contents [6 0 R 7 0 R] >> endobj\n");
    add_stream(&b, 6, "/Filter /LZWDecode", "xxxx", 0);
    add_stream(&b, 7, "", "BT (zichtbaar) Tj ET", 0);
    add(&b, "trailer << /Root 1 0 R >>");
    /* the LZW stream has two /Filter keys: the first (FlateDecode) wins in
     * add_stream's dict only when flate is set; here /LZWDecode is alone */
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "zichtbaar");
    assert_non_null(strstr(doc.reason, "LZWDecode"));
    got_free(&g);
    assert_int_equal(run("not a pdf", 9, &g, &doc), LS_EFAILED);
    assert_int_equal(run("%PDF-1.4\n garbage ((((( <<<< [[[[", 33, &g, &doc), LS_EFAILED);
    /* a corrupt flate stream */
    b.len = 0;
    add(&b, "%%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n");
    add(&b, "3 0 obj << /Type /Page /Contents 6 0 R >> endobj\n");
    add(&b, "6 0 obj << /Length 5 /Filter /FlateDecode >> stream\nx\x9c\xff\xff\xff\nendstream "
            "endobj\n");
    assert_int_equal(run(b.buf, b.len, &g, &doc), LS_OK);
    assert_int_equal(g.n, 0);
    assert_int_equal(doc.no_text_layer, 1);
    assert_non_null(strstr(doc.reason, "partial"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_no_text),
        cmocka_unit_test(test_tounicode_objstm),
        cmocka_unit_test(test_differences_and_fallback),
        cmocka_unit_test(test_partial_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
