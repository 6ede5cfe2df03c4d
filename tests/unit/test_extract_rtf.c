/* test_extract_rtf.c — RTF strings written in the test. */
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
    char *text;
    int prose;
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n++ == 0) {
        g->text = strndup(r->text, r->len);
        g->prose = r->prose;
    }
    return LS_OK;
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const char *data, struct got *g, struct ls_doc *doc)
{
    static struct ls_input in;
    static struct ls_limits lim;
    memset(g, 0, sizeof *g);
    memset(doc, 0, sizeof *doc);
    ls_limits_default(&lim);
    ls_input_from_memory(&in, (const unsigned char *)data, strlen(data), head);
    ls_input_prime(&in);
    doc->in = &in;
    doc->limits = &lim;
    doc->on_record = on_rec;
    doc->ud = g;
    return ls_extractor_rtf.run(doc);
}

static void test_rtf(void **state)
{
    (void)state;
    static const char rtf[] =
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss "
        "Arial;}}{\\colortbl;\\red0\\green0\\blue0;}"
        "{\\*\\generator Msftedit 5.41;}{\\info{\\author Agent X}}\\viewkind4\\uc1\\pard\\f0\\fs24 "
        "Naam: Jos\\'e9 Pee{\\b ters}\\par\r\nRRN 85.07.30-033.28\\tab \\u8364?5\\line "
        "{\\field{\\*\\fldinst HYPERLINK \"mailto:x@y.be\"}{\\fldrslt link}}\\par "
        "\\{x\\}\\\\ \\~y\\bin3 abcz\\par {\\pict\\pngblip 89504e47}\\u-10179?\\u-8694?!}";
    struct got g;
    struct ls_doc doc;
    assert_int_equal(ls_extractor_rtf.probe("text/rtf", "us-ascii", (const unsigned char *)rtf,
                                            strlen(rtf), "x"),
                     85);
    assert_int_equal(ls_extractor_rtf.probe("text/plain", "us-ascii", (const unsigned char *)rtf,
                                            strlen(rtf), "x"),
                     85);
    assert_int_equal(
        ls_extractor_rtf.probe("text/plain", "us-ascii", (const unsigned char *)"hello", 5, "x"),
        0);
    assert_int_equal(run(rtf, &g, &doc), LS_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(g.prose, 1);
    assert_string_equal(g.text, "Naam: Jos\xc3\xa9 Peeters\nRRN 85.07.30-033.28\t\xe2\x82\xac"
                                "5\nlink\n"
                                "{x}\\  yz\n\xf0\x9f\x98\x8a!");
    free(g.text);
}

static void test_codepage_and_junk(void **state)
{
    (void)state;
    struct got g;
    struct ls_doc doc;
    assert_int_equal(run("{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\par}", &g, &doc), LS_OK);
    assert_string_equal(g.text, "\xd0\x9f\xd1\x80\xd0\xb8\n");
    free(g.text);
    assert_int_equal(run("not rtf", &g, &doc), LS_EFAILED);
    /* deep nesting, unbalanced, truncated escapes */
    static char deep[20000];
    size_t o = (size_t)snprintf(deep, sizeof deep, "{\\rtf1 ");
    for (int i = 0; i < 5000; i++)
        deep[o++] = '{';
    memcpy(deep + o, "abc\\'4", 7);
    assert_int_equal(run(deep, &g, &doc), LS_OK);
    assert_string_equal(g.text, "abc4"); /* a cut \x27h escape: the digit stays */
    free(g.text);
    assert_int_equal(run("{\\rtf1 }}}}} x\\u", &g, &doc), LS_OK);
    free(g.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtf),
        cmocka_unit_test(test_codepage_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
