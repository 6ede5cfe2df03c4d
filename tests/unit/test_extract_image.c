/* test_extract_image.c — JPEG, PNG and TIFF with EXIF GPS and dates, built
 * byte by byte in the test. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractors.h"

struct got {
    size_t n;
    char text[256];
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n++ == 0)
        snprintf(g->text, sizeof g->text, "%.*s", (int)r->len, r->text);
    return LS_OK;
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const unsigned char *data, size_t len, struct got *g)
{
    static struct ls_input in;
    static struct ls_limits lim;
    struct ls_doc doc;
    memset(g, 0, sizeof *g);
    memset(&doc, 0, sizeof doc);
    ls_limits_default(&lim);
    ls_input_from_memory(&in, data, len, head);
    ls_input_prime(&in);
    doc.in = &in;
    doc.limits = &lim;
    doc.on_record = on_rec;
    doc.ud = g;
    return ls_extractor_image.run(&doc);
}

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
    struct got g;
    assert_int_equal(ls_extractor_image.probe("image/jpeg", "binary", j, o, "x"), 80);
    assert_int_equal(ls_extractor_image.probe("application/octet-stream", "binary", j, o, "x"), 80);
    assert_int_equal(run(j, o, &g), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text, "GPS 51.2194 N 4.4025 E\nDateTimeOriginal 2019:03:01 10:22:33\n");
    /* every truncation is safe */
    for (size_t cut = 0; cut < o; cut++)
        assert_int_equal(run(j, cut, &g), LS_OK);
    /* offsets pointing anywhere */
    for (size_t k = 30; k < 240; k++) {
        unsigned char save = j[k];
        j[k] = 0xFF;
        assert_int_equal(run(j, o, &g), LS_OK);
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
    struct got g;
    assert_int_equal(run(p, o, &g), LS_OK);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.text, "GPS 51.2194 N 4.4025 E"));
    unsigned char t[210];
    make_tiff(t);
    assert_int_equal(ls_extractor_image.probe("image/tiff", "binary", t, 210, "x"), 80);
    assert_int_equal(run(t, 210, &g), LS_OK);
    assert_non_null(strstr(g.text, "DateTimeOriginal 2019:03:01 10:22:33"));
    /* no EXIF: no record */
    assert_int_equal(run((const unsigned char *)"\xFF\xD8\xFF\xD9", 4, &g), LS_OK);
    assert_int_equal(g.n, 0);
    assert_int_equal(
        ls_extractor_image.probe("text/plain", "utf-8", (const unsigned char *)"hi", 2, "x"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg),
        cmocka_unit_test(test_png_tiff_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
