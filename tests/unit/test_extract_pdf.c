/* test_extract_pdf.c — PDFs built as strings in the test (content streams
 * compressed with zlib's compress()) and read back through the extractor. */
#include <stdio.h>
#include <zlib.h>

#include "extract_harness.h"

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
    make_two_pages(&b, "");
    assert_int_equal(
        ls_extractor_pdf.probe("application/pdf", "binary", (unsigned char *)b.buf, b.len, "x"),
        90);
    assert_int_equal(ls_extractor_pdf.probe("application/octet-stream", "binary",
                                            (unsigned char *)b.buf, b.len, "x"),
                     90);
    assert_int_equal(h_probe(&ls_extractor_pdf, "text/plain", "utf-8", "hi", "x"), 0);
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    /* the document is one record (one police report), its pages spans */
    assert_int_equal(h->n, 1);
    assert_int_equal(h->r[0].page, 1);
    assert_int_equal(h->r[0].prose, 1);
    const char *t = h->r[0].text;
    assert_non_null(strstr(t, "PV nr. 2019/42 (Gent)"));
    assert_non_null(strstr(t, "\nNummer plaat: 1-ABC-123\n"));
    assert_non_null(strstr(t, "octaal \xc3\xa9t\xc3\xa9"));
    assert_non_null(strstr(t, "Hello\n wereld"));
    assert_int_equal(h->r[0].nparts, 2);
    assert_int_equal(h->r[0].part_off[0], 0);
    assert_int_equal(h->r[0].part_pages[0], 1);
    assert_int_equal(h->r[0].part_line[0], 0);
    assert_int_equal(h->r[0].part_pages[1], 2);
    const char *p2 = t + h->r[0].part_off[1];
    assert_true(!strncmp(p2, "Tweede pagina: Jan", 18));
    assert_non_null(strstr(p2, "Peeters"));
    /* page 2 starts after the newline that ends page 1 */
    assert_int_equal(p2[-1], '\n');
    uint64_t nl = 0;
    for (const char *q = t; q < p2; q++)
        nl += *q == '\n';
    assert_int_equal(h->r[0].part_line[1], nl);
    assert_int_equal(h->doc.no_text_layer, 0);
    h_free(h);
}

/* t with its "%s" replaced: the first two by a, the others by b. */
static void fill(char *out, size_t n, const char *t, const char *a, const char *b)
{
    size_t o = 0, k = 0;
    for (; *t && o + 1 < n; t++) {
        if (t[0] == '%' && t[1] == 's') {
            const char *r = k++ < 2 ? a : b;
            size_t rl = strlen(r);
            assert_true(o + rl < n);
            memcpy(out + o, r, rl);
            o += rl;
            t++;
        } else
            out[o++] = *t;
    }
    out[o] = 0;
}

/* Encryption dictionaries the handler cannot use: damaged ones fail, other
 * handlers and versions are skipped, a wrong empty password asks for one;
 * each with its reason, never a crash.  (Real encrypted files, made by qpdf,
 * are read by tests/e2e/pdf_encrypted.py.) */
static void test_encrypted(void **state)
{
    (void)state;
    static struct pdfb b;
    static const char u32[] = "<000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f>";
    static const char u48[] = "<000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f"
                              "000102030405060708090a0b0c0d0e0f>";
    char d[1024];
    const struct {
        const char *dict;
        ls_status st;
        const char *reason;
    } cases[] = {
        {"/Encrypt 9 0 R", LS_EFAILED,
         "pdf: damaged encryption dictionary: /Encrypt is not a dictionary"},
        {"/Encrypt << /Filter /FooSec /V 1 /R 2 >>", LS_ESKIPPED,
         "encrypted: unsupported security handler /FooSec"},
        {"/Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >>", LS_EFAILED,
         "pdf: damaged encryption dictionary: /O or /U is 1 or 1 bytes, want 32"},
        {"/Encrypt << /Filter /Standard /V 3 /R 3 >>", LS_ESKIPPED,
         "encrypted: unsupported encryption /V 3"},
        {"/Encrypt << /Filter /Standard /V 4 /R 4 /StmF /StdCF /StrF /StdCF >>", LS_ESKIPPED,
         "encrypted: unsupported crypt filter"},
        {"/Encrypt << /Filter /Standard /V 2 /R 9 /O %s /U %s >>", LS_EFAILED,
         "pdf: damaged encryption dictionary: unsupported revision /R 9"},
        {"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 8 /O %s /U %s >>", LS_EFAILED,
         "pdf: damaged encryption dictionary: key length of 0 bits"},
        {"/Encrypt << /Filter /Standard /V 5 /R 6 /O %s /U %s /CF << /StdCF << /CFM /AESV3 >> >> "
         "/StmF /StdCF /StrF /StdCF >>",
         LS_EFAILED, "pdf: damaged encryption dictionary: /OE or /UE is 0 or 0 bytes, want 32"},
        {"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O %s /U %s /P -4 >> /ID [<01> <01>]",
         LS_ESKIPPED, "encrypted: a password is needed (give it with --passwords)"},
        {"/Encrypt << /Filter /Standard /V 5 /R 6 /O %s /U %s /OE %s /UE %s /CF << /StdCF << /CFM "
         "/AESV3 >> >> /StmF /StdCF /StrF /StdCF >>",
         LS_ESKIPPED, "encrypted: a password is needed (give it with --passwords)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int r6 = strstr(cases[i].dict, "/R 6") != NULL;
        const char *s = r6 ? u48 : u32;
        fill(d, sizeof d, cases[i].dict, s, u32);
        make_two_pages(&b, d);
        struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
        assert_int_equal(h->st, cases[i].st);
        assert_string_equal(h->doc.reason, cases[i].reason);
        assert_int_equal(h->n, 0);
        h_free(h);
    }
}

/* The document information dictionary and the XMP metadata stream: one
 * record each, their keys and properties the columns. */
static void test_info_xmp(void **state)
{
    (void)state;
    static struct pdfb b;
    make_two_pages(&b, "");
    const char *x = memmem(b.buf, b.len, "xref\n0 9", 8); /* its table and trailer go */
    assert_non_null(x);
    b.len = (size_t)(x - b.buf);
    add(&b, "10 0 obj\n<< /Title (Proces-verbaal) /Author <FEFF004A0061006E00200050> "
            "/Producer (ignored) /Subject 11 0 R >>\nendobj\n11 0 obj\n(over \\351\\351n "
            "dossier)\nendobj\n");
    add_stream(&b, 12, "/Type /Metadata /Subtype /XML",
               "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta "
               "xmlns:x='adobe:ns:meta/'><rdf:RDF "
               "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description "
               "xmlns:dc='http://purl.org/dc/elements/1.1/'><dc:description><rdf:Alt><rdf:li>"
               "rijksregister 85.07.30-033.28</rdf:li></rdf:Alt></dc:description>"
               "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end='w'?>",
               1);
    /* the catalog again, later in the file, with its /Metadata */
    add(&b, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /Metadata 12 0 R >>\nendobj\n");
    add(&b, "trailer\n<< /Size 13 /Root 1 0 R /Info 10 0 R >>\n%%%%EOF\n");
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_string_equal(h->doc.reason, "");
    assert_int_equal(h->n, 3);
    assert_int_equal(h->r[0].prose, 1);
    assert_string_equal(h->r[1].part, "Info");
    assert_int_equal(h->r[1].ncol, 3);
    assert_string_equal(h->r[1].cols[0], "Title");
    assert_string_equal(h->r[1].fields[0], "Proces-verbaal");
    assert_string_equal(h->r[1].cols[1], "Author");
    assert_string_equal(h->r[1].fields[1], "Jan P");
    assert_string_equal(h->r[1].cols[2], "Subject");
    assert_string_equal(h->r[1].fields[2], "over \xc3\xa9\xc3\xa9n dossier");
    assert_string_equal(h->r[2].part, "XMP");
    assert_int_equal(h->r[2].ncol, 1);
    assert_string_equal(h->r[2].cols[0], "description");
    assert_string_equal(h->r[2].fields[0], "rijksregister 85.07.30-033.28");
    assert_int_equal(h->r[2].index, 2);
    h_free(h);
}

static void test_no_text(void **state)
{
    (void)state;
    static struct pdfb b;
    b.len = 0;
    add(&b, "%%PDF-1.5\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
    add(&b, "3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /XObject << /Im0 5 "
            "0 R >> >> >> endobj\n");
    add_stream(&b, 4, "", "q 595 0 0 842 0 0 cm /Im0 Do Q", 1);
    add(&b, "trailer << /Root 1 0 R >>\n%%%%EOF\n");
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 0);
    assert_int_equal(h->doc.no_text_layer, 1);
    h_free(h);
}

static void test_tounicode_objstm(void **state)
{
    (void)state;
    static struct pdfb b;
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
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "RRNN\nO \xc3\xa9");
    h_free(h);
}

static void test_differences_and_fallback(void **state)
{
    (void)state;
    static struct pdfb b;
    b.len = 0;
    add(&b, "%%PDF-1.3\n");
    /* no catalog at all: every content stream is read, in file order */
    add(&b, "5 0 obj << /Type /Font /Subtype /Type1 /Encoding << /Differences [65 /eacute /uni0141 "
            "/space] >> >> endobj\n");
    add_stream(&b, 6, "", "BT /F1 9 Tf (ABC) Tj ET", 1);
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "ABC"); /* no font resources: WinAnsi */
    h_free(h);
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
    h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "\xc3\xa9\xc5\x81 D");
    h_free(h);
}

static void test_partial_and_garbage(void **state)
{
    (void)state;
    static struct pdfb b;
    b.len = 0;
    add(&b, "%%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R 2 0 R 3 0 R] >> endobj\n"); /* a loop */
    add(&b, "3 0 obj << /Type /Page /Contents [6 0 R 7 0 R] >> endobj\n");
    add_stream(&b, 6, "/Filter /LZWDecode", "xxxx", 0);
    add_stream(&b, 7, "", "BT (zichtbaar) Tj ET", 0);
    add(&b, "trailer << /Root 1 0 R >>");
    /* the LZW stream has two /Filter keys: the first (FlateDecode) wins in
     * add_stream's dict only when flate is set; here /LZWDecode is alone */
    struct h_run *h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "zichtbaar");
    assert_non_null(strstr(h->doc.reason, "LZWDecode"));
    h_free(h);
    assert_int_equal(h_status_doc(&ls_extractor_pdf, "not a pdf", 9), LS_EFAILED);
    assert_int_equal(h_status_doc(&ls_extractor_pdf, "%PDF-1.4\n garbage ((((( <<<< [[[[", 33),
                     LS_EFAILED);
    /* a corrupt flate stream */
    b.len = 0;
    add(&b, "%%PDF-1.3\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
    add(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n");
    add(&b, "3 0 obj << /Type /Page /Contents 6 0 R >> endobj\n");
    add(&b, "6 0 obj << /Length 5 /Filter /FlateDecode >> stream\nx\x9c\xff\xff\xff\nendstream "
            "endobj\n");
    h = h_run_doc(&ls_extractor_pdf, b.buf, b.len, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 0);
    assert_int_equal(h->doc.no_text_layer, 1);
    assert_non_null(strstr(h->doc.reason, "partial"));
    h_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_info_xmp),
        cmocka_unit_test(test_no_text),
        cmocka_unit_test(test_tounicode_objstm),
        cmocka_unit_test(test_differences_and_fallback),
        cmocka_unit_test(test_partial_and_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
