/* test_extract_rtf.c — RTF strings written in the test. */
#include <stdio.h>

#include "extract_harness.h"

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
    assert_int_equal(h_probe(&ls_extractor_rtf, "text/rtf", "us-ascii", rtf, "x"), 85);
    assert_int_equal(h_probe(&ls_extractor_rtf, "text/plain", "us-ascii", rtf, "x"), 85);
    assert_int_equal(h_probe(&ls_extractor_rtf, "text/plain", "us-ascii", "hello", "x"), 0);
    struct h_run *h = h_run_doc_str(&ls_extractor_rtf, rtf, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_int_equal(h->r[0].prose, 1);
    assert_string_equal(h->r[0].text, "Naam: Jos\xc3\xa9 Peeters\nRRN 85.07.30-033.28\t\xe2\x82\xac"
                                      "5\nlink\n"
                                      "{x}\\  yz\n\xf0\x9f\x98\x8a!");
    h_free(h);
}

static void test_codepage_and_junk(void **state)
{
    (void)state;
    const char *cp1251 = "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\par}";
    struct h_run *h = h_run_doc_str(&ls_extractor_rtf, cp1251, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_string_equal(h->r[0].text, "\xd0\x9f\xd1\x80\xd0\xb8\n");
    h_free(h);
    const char *junk = "not rtf";
    assert_int_equal(h_status_doc(&ls_extractor_rtf, junk, strlen(junk)), LS_EFAILED);
    /* deep nesting, unbalanced, truncated escapes */
    static char deep[20000];
    size_t o = (size_t)snprintf(deep, sizeof deep, "{\\rtf1 ");
    for (int i = 0; i < 5000; i++)
        deep[o++] = '{';
    memcpy(deep + o, "abc\\'4", 7);
    h = h_run_doc_str(&ls_extractor_rtf, deep, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_string_equal(h->r[0].text, "abc4"); /* a cut \x27h escape: the digit stays */
    h_free(h);
    junk = "{\\rtf1 }}}}} x\\u";
    assert_int_equal(h_status_doc(&ls_extractor_rtf, junk, strlen(junk)), LS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtf),
        cmocka_unit_test(test_codepage_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
