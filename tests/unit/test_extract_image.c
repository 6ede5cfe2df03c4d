/* test_extract_image.c — JPEG, PNG and TIFF with EXIF GPS and dates, PNG
 * text chunks (tEXt, zTXt, iTXt), XMP packets and JPEG comments, built byte
 * by byte in the test; damaged chunks and decompression bombs. */
#include <zlib.h>

#include "extract_harness.h"

static void be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void entry(unsigned char *p, unsigned tag, unsigned type, uint32_t count, uint32_t val)
{
    be16(p, tag);
    be16(p + 2, type);
    be32(p + 4, count);
    be32(p + 8, val);
}

/* A big-endian TIFF with IFD0 → Exif IFD and GPS IFD: 210 bytes. */
static size_t make_tiff(unsigned char *t)
{
    memset(t, 0, 210);
    memcpy(t, "MM\0\x2a", 4);
    be32(t + 4, 8);
    be16(t + 8, 3);
    entry(t + 10, 0x0132, 2, 20, 190);
    entry(t + 22, 0x8769, 4, 1, 50);
    entry(t + 34, 0x8825, 4, 1, 68);
    be16(t + 50, 1);
    entry(t + 52, 0x9003, 2, 20, 170);
    be16(t + 68, 4);
    entry(t + 70, 1, 2, 2, 0x4E000000); /* "N" */
    entry(t + 82, 2, 5, 3, 122);
    entry(t + 94, 3, 2, 2, 0x45000000); /* "E" */
    entry(t + 106, 4, 5, 3, 146);
    uint32_t lat[6] = {51, 1, 13, 1, 1000, 100}, lon[6] = {4, 1, 24, 1, 9, 1};
    for (int i = 0; i < 6; i++) {
        be32(t + 122 + 4 * i, lat[i]);
        be32(t + 146 + 4 * i, lon[i]);
    }
    memcpy(t + 170, "2019:03:01 10:22:33", 20);
    memcpy(t + 190, "2020:01:01 00:00:00", 20);
    return 210;
}

static void test_jpeg(void **state)
{
    (void)state;
    static unsigned char j[1024];
    size_t o = 0;
    memcpy(j, "\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 20);
    o = 20;
    j[o++] = 0xFF;
    j[o++] = 0xE1;
    be16(j + o, 2 + 6 + 210);
    o += 2;
    memcpy(j + o, "Exif\0\0", 6);
    o += 6;
    o += make_tiff(j + o);
    memcpy(j + o, "\xFF\xDA\x00\x02\x12\x34\xFF\xD9", 8);
    o += 8;
    assert_int_equal(ls_extractor_image.probe("image/jpeg", "binary", j, o, "x"), 80);
    assert_int_equal(ls_extractor_image.probe("application/octet-stream", "binary", j, o, "x"), 80);
    struct h_run *h = h_run_doc(&ls_extractor_image, j, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text,
                        "GPS 51.2194 N 4.4025 E\nDateTimeOriginal 2019:03:01 10:22:33\n");
    h_free(h);
    /* every truncation is safe */
    for (size_t cut = 0; cut < o; cut++)
        assert_int_equal(h_status_doc(&ls_extractor_image, j, cut), LS_OK);
    /* offsets pointing anywhere */
    for (size_t k = 30; k < 240; k++) {
        unsigned char save = j[k];
        j[k] = 0xFF;
        assert_int_equal(h_status_doc(&ls_extractor_image, j, o), LS_OK);
        j[k] = save;
    }
}

static void test_png_tiff_none(void **state)
{
    (void)state;
    static unsigned char p[1024];
    size_t o = 0;
    memcpy(p, "\x89PNG\r\n\x1a\n", 8);
    o = 8;
    be32(p + o, 13);
    memcpy(p + o + 4, "IHDR", 4);
    o += 8 + 13 + 4;
    be32(p + o, 210);
    memcpy(p + o + 4, "eXIf", 4);
    make_tiff(p + o + 8);
    o += 8 + 210 + 4;
    be32(p + o, 0);
    memcpy(p + o + 4, "IEND", 4);
    o += 12;
    struct h_run *h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_non_null(strstr(h->r[0].text, "GPS 51.2194 N 4.4025 E"));
    h_free(h);
    unsigned char t[210];
    make_tiff(t);
    assert_int_equal(ls_extractor_image.probe("image/tiff", "binary", t, 210, "x"), 80);
    h = h_run_doc(&ls_extractor_image, t, 210, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_non_null(strstr(h->r[0].text, "DateTimeOriginal 2019:03:01 10:22:33"));
    h_free(h);
    /* no EXIF: no record */
    h = h_run_doc(&ls_extractor_image, "\xFF\xD8\xFF\xD9", 4, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 0);
    h_free(h);
    assert_int_equal(h_probe(&ls_extractor_image, "text/plain", "utf-8", "hi", "x"), 0);
}

/* --- PNG text chunks and XMP ------------------------------------------------ */

#define PV1 "AN.55.L3.012345/2019"
#define PV2 "GE.12.L1.000123/2020"
#define PV3 "BR.44.L7.654321/2021"

static size_t png_put(unsigned char *p, const char *type, const void *data, size_t n)
{
    be32(p, (uint32_t)n);
    memcpy(p + 4, type, 4);
    memcpy(p + 8, data, n);
    be32(p + 8 + n, (uint32_t)crc32(0, p + 4, (uInt)(n + 4)));
    return 12 + n;
}

static size_t png_start(unsigned char *p)
{
    static const unsigned char ihdr[13] = {0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0};
    memcpy(p, "\x89PNG\r\n\x1a\n", 8);
    return 8 + png_put(p + 8, "IHDR", ihdr, 13);
}

/* keyword\0 + (compressed) text in kind's layout */
static size_t text_chunk(unsigned char *p, const char *kind, const char *kw, const char *text,
                         int compress_it)
{
    static unsigned char d[1 << 16];
    size_t o = strlen(kw) + 1;
    memcpy(d, kw, o);
    if (!strcmp(kind, "zTXt"))
        d[o++] = 0;
    if (!strcmp(kind, "iTXt")) {
        d[o++] = (unsigned char)compress_it;
        d[o++] = 0;
        memcpy(d + o, "nl\0Opmerking\0", 13);
        o += 13;
    }
    if (compress_it || !strcmp(kind, "zTXt")) {
        uLongf zl = sizeof d - o;
        assert_int_equal(compress2(d + o, &zl, (const Bytef *)text, strlen(text), 9), Z_OK);
        o += zl;
    } else {
        memcpy(d + o, text, strlen(text));
        o += strlen(text);
    }
    return png_put(p, kind, d, o);
}

static const char *xmp_packet =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
    "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmp:CreatorTool=\"Scanner 3000\">"
    "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">betrokkene 85.07.30-033.28"
    "</rdf:li></rdf:Alt></dc:description>"
    "<dc:subject><rdf:Bag><rdf:li>dossier</rdf:li><rdf:li>" PV1 "</rdf:li></rdf:Bag></dc:subject>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
    "<?xpacket end=\"w\"?>   \n";

static void assert_field(const struct h_rec *r, size_t i, const char *col, const char *val)
{
    assert_true(i < r->ncol);
    assert_string_equal(r->cols[i], col);
    assert_string_equal(r->fields[i], val);
}

static void test_png_text(void **state)
{
    (void)state;
    static unsigned char p[1 << 17];
    size_t o = png_start(p);
    o += text_chunk(p + o, "tEXt", "Comment", "PV " PV1, 0);
    o += png_put(p + o, "IDAT", "\x78\x9c\x63\x00\x00\x00\x01\x00\x01", 9);
    o += text_chunk(p + o, "zTXt", "Description", "dossier " PV2 " (caf\xE9)", 1);
    o += text_chunk(p + o, "iTXt", "Opmerking", "PV " PV3 " \xC3\xA9", 1);
    o += text_chunk(p + o, "iTXt", "Title", "niet gecomprimeerd", 0);
    o += text_chunk(p + o, "iTXt", "XML:com.adobe.xmp", xmp_packet, 0);
    o += png_put(p + o, "IEND", "", 0);
    struct h_run *h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_string_equal(h->doc.reason, "");
    assert_int_equal(h->n, 5);
    assert_string_equal(h->r[0].text, "Comment: PV " PV1);
    assert_string_equal(h->r[0].part, "PNG tEXt");
    assert_field(&h->r[0], 0, "Comment", "PV " PV1);
    assert_field(&h->r[1], 0, "Description", "dossier " PV2 " (caf\xC3\xA9)");
    assert_string_equal(h->r[1].part, "PNG zTXt");
    assert_field(&h->r[2], 0, "Opmerking", "PV " PV3 " \xC3\xA9");
    assert_string_equal(h->r[2].part, "PNG iTXt");
    assert_field(&h->r[3], 0, "Title", "niet gecomprimeerd");
    assert_string_equal(h->r[4].part, "XMP");
    assert_int_equal(h->r[4].ncol, 4);
    assert_field(&h->r[4], 0, "CreatorTool", "Scanner 3000");
    assert_field(&h->r[4], 1, "description", "betrokkene 85.07.30-033.28");
    assert_field(&h->r[4], 2, "subject", "dossier");
    assert_field(&h->r[4], 3, "subject", PV1);
    for (size_t i = 0; i < h->n; i++)
        assert_int_equal(h->r[i].index, i);
    h_free(h);
    /* every truncation: LS_OK, the chunks before the cut read, a problem named */
    for (size_t cut = 8; cut < o; cut += 7) {
        h = h_run_doc(&ls_extractor_image, p, cut, NULL);
        assert_int_equal(h->st, LS_OK);
        assert_non_null(strstr(h->doc.reason, "partial: PNG"));
        h_free(h);
    }
    /* every byte flipped: never a crash, always LS_OK */
    for (size_t k = 8; k < o; k++) {
        p[k] ^= 0x5A;
        assert_int_equal(h_status_doc(&ls_extractor_image, p, o), LS_OK);
        p[k] ^= 0x5A;
    }
}

static void test_png_damaged(void **state)
{
    (void)state;
    static unsigned char p[4096];
    size_t o = png_start(p), bad = o;
    o += text_chunk(p + o, "tEXt", "Comment", "PV " PV1, 0);
    p[o - 1] ^= 1; /* bad CRC: read anyway, named */
    size_t z = o;
    o += text_chunk(p + o, "zTXt", "Comment", "PV " PV2, 1);
    p[z + 8 + 8 + 2] ^= 0xFF; /* corrupt zlib data (and so a bad CRC too) */
    o += text_chunk(p + o, "tEXt", "Author", "PV " PV3, 0);
    o += png_put(p + o, "IEND", "", 0);
    struct h_run *h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    char want[120];
    snprintf(want, sizeof want,
             "partial: PNG: tEXt chunk at byte %zu: bad CRC (read anyway) (and 2 more problems)",
             bad);
    assert_string_equal(h->doc.reason, want);
    assert_int_equal(h->n, 2);
    assert_field(&h->r[0], 0, "Comment", "PV " PV1);
    assert_field(&h->r[1], 0, "Author", "PV " PV3);
    h_free(h);
    /* a length past the end: the chunks before it are read */
    o = png_start(p);
    o += text_chunk(p + o, "tEXt", "Comment", "PV " PV1, 0);
    be32(p + o, 0x7FFFFFF0u);
    memcpy(p + o + 4, "tEXt", 4);
    o += 8;
    h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_non_null(strstr(h->doc.reason, "limit: buffer-bytes"));
    h_free(h);
    /* no keyword, an iTXt with a broken header, no IEND */
    o = png_start(p);
    o += png_put(p + o, "tEXt", "\0text", 5);
    o += png_put(p + o, "iTXt", "Kw\0\x01", 4);
    h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 0);
    assert_non_null(strstr(h->doc.reason, "no keyword (and 2 more problems)"));
    h_free(h);
}

/* A zTXt bomb: 4 MiB of zeros in 4 KiB; cut at the ratio, never held. */
static void test_png_bomb(void **state)
{
    (void)state;
    size_t big = 4u << 20;
    unsigned char *zeros = calloc(1, big), *p = malloc(1 << 20);
    assert_non_null(zeros);
    assert_non_null(p);
    memcpy(zeros, "PV " PV1 " ", 24);
    size_t o = png_start(p);
    unsigned char *d = malloc(1 << 20);
    memcpy(d, "Comment\0\0", 9);
    uLongf zl = (1 << 20) - 9;
    assert_int_equal(compress2(d + 9, &zl, zeros, big, 9), Z_OK);
    o += png_put(p + o, "zTXt", d, 9 + zl);
    o += png_put(p + o, "IEND", "", 0);
    struct h_run *h = h_run_doc(&ls_extractor_image, p, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_non_null(strstr(h->doc.reason, "limit: ratio"));
    assert_int_equal(h->n, 1);
    assert_non_null(strstr(h->r[0].text, PV1));
    assert_true(h->r[0].len <= (1u << 20));
    h_free(h);
    /* with a high ratio the record limit cuts it */
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_ratio = 1e9;
    l.max_record_bytes = 4096;
    h = h_run_doc(&ls_extractor_image, p, o, &l);
    assert_int_equal(h->st, LS_OK);
    assert_non_null(strstr(h->doc.reason, "cut at the limit"));
    assert_true(h->r[0].len <= 4096);
    h_free(h);
    free(d);
    free(p);
    free(zeros);
}

static void test_jpeg_xmp_comment(void **state)
{
    (void)state;
    static unsigned char j[8192];
    static const char ns[] = "http://ns.adobe.com/xap/1.0/";
    size_t o = 2, xl = strlen(xmp_packet);
    memcpy(j, "\xFF\xD8", 2);
    j[o++] = 0xFF;
    j[o++] = 0xE1;
    be16(j + o, (unsigned)(2 + sizeof ns + xl));
    o += 2;
    memcpy(j + o, ns, sizeof ns);
    o += sizeof ns;
    memcpy(j + o, xmp_packet, xl);
    o += xl;
    j[o++] = 0xFF;
    j[o++] = 0xFE;
    be16(j + o, 2 + 24);
    memcpy(j + o + 2, "PV " PV2 " ", 24);
    o += 26;
    memcpy(j + o, "\xFF\xDA\x00\x02\xFF\xD9", 6);
    o += 6;
    struct h_run *h = h_run_doc(&ls_extractor_image, j, o, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_string_equal(h->doc.reason, "");
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].part, "XMP");
    assert_field(&h->r[0], 1, "description", "betrokkene 85.07.30-033.28");
    assert_string_equal(h->r[1].part, "JPEG COM");
    assert_field(&h->r[1], 0, "Comment", "PV " PV2);
    h_free(h);
    /* malformed XMP: the fields before the error stay, the problem is named */
    size_t cut = 2 + 4 + sizeof ns + (size_t)(strstr(xmp_packet, "<dc:subject>") - xmp_packet);
    be16(j + 4, (unsigned)(cut - 4));
    memcpy(j + cut, "\xFF\xDA\x00\x02\xFF\xD9", 6);
    h = h_run_doc(&ls_extractor_image, j, cut + 6, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_non_null(strstr(h->doc.reason, "partial: JPEG XMP: xml: "));
    assert_int_equal(h->n, 1);
    assert_field(&h->r[0], 1, "description", "betrokkene 85.07.30-033.28");
    h_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg),     cmocka_unit_test(test_png_tiff_none),
        cmocka_unit_test(test_png_text), cmocka_unit_test(test_png_damaged),
        cmocka_unit_test(test_png_bomb), cmocka_unit_test(test_jpeg_xmp_comment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
