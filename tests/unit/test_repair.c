/* test_repair.c — unit tests of the value-level repair of a record before it
 * is matched (scanner/match/repair.c).
 *
 * Non-breaking and other fixed-width spaces, full-width forms and soft
 * hyphens are folded in every record; in prose only, words and values broken
 * at a line end are joined (the line break goes to the end of the joined
 * line) and O/0, I/1 confusions inside runs of number groups are undone,
 * never inside words, e-mail addresses or short numbers.  A record with
 * nothing to repair is returned as is; field and part offsets and the
 * offsets of the original follow the repaired bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match/repair.h"

/* The repaired text of s (prose or not), as a NUL-terminated copy in out. */
static const char *rep(struct ls_repair *r, const char *s, int prose, char *out, size_t cap)
{
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = s;
    rec.len = strlen(s);
    rec.prose = prose;
    const struct ls_record *got = ls_repair_record(r, &rec);
    assert_non_null(got);
    assert_true(got->len < cap);
    memcpy(out, got->text, got->len);
    out[got->len] = '\0';
    return out;
}

#define REP(in, prose) rep(&r, (in), (prose), buf, sizeof buf)

static void test_spaces_and_full_width(void **state)
{
    struct ls_repair r = {0};
    char buf[256];
    (void)state;
    assert_string_equal(REP("90\xc2\xa0"
                            "07\xc2\xa0"
                            "06 237\xe2\x80\xaf"
                            "67",
                            0),
                        "90 07 06 237 67");
    assert_string_equal(REP("tel\xe2\x80\x89"
                            "0470\xe3\x80\x80"
                            "12",
                            0),
                        "tel 0470 12");
    /* U+FF10..U+FF19 digits, U+FF21 A, U+FF0E full stop, U+FF0D hyphen */
    assert_string_equal(REP("\xef\xbc\x98\xef\xbc\x95\xef\xbc\x8e\xef\xbc\x90\xef\xbc\x97", 0),
                        "85.07");
    assert_string_equal(REP("\xef\xbc\xa2\xef\xbc\xa5\xef\xbd\x81", 0), "BEa");
    assert_string_equal(REP("Rijks\xc2\xadregister", 0), "Rijksregister"); /* soft hyphen */
    assert_string_equal(REP("85\xe2\x80\x91"
                            "07",
                            0),
                        "85-07"); /* non-breaking hyphen */
    /* other multi-byte text is kept: accents, the euro sign, U+FF61 (half-width) */
    assert_string_equal(REP("Zo\xc3\xab \xe2\x82\xac 5 \xef\xbd\xa1", 1),
                        "Zo\xc3\xab \xe2\x82\xac 5 \xef\xbd\xa1");
    ls_repair_free(&r);
}

static void test_line_ends(void **state)
{
    struct ls_repair r = {0};
    char buf[256];
    (void)state;
    /* a word hyphenated at the line end: joined, the break moved to the end of the line */
    assert_string_equal(REP("Rijks-\nregisternummer: 1\nnext", 1),
                        "Rijksregisternummer: 1\n\nnext");
    assert_string_equal(REP("Naam: Ver-\r\nstraeten Bram", 1), "Naam: Verstraeten Bram\n");
    /* a value broken after its hyphen, a compound name: only the break goes */
    assert_string_equal(REP("nr 85.07.30-\n033.28\n", 1), "nr 85.07.30-033.28\n\n");
    assert_string_equal(REP("Jean-\nPierre", 1), "Jean-Pierre\n");
    /* not prose, or not a word: untouched */
    assert_string_equal(REP("Rijks-\nregister", 0), "Rijks-\nregister");
    assert_string_equal(REP("a -\nb", 1), "a -\nb");
    assert_string_equal(REP("total -\n", 1), "total -\n");
    ls_repair_free(&r);
}

static void test_ocr(void **state)
{
    struct ls_repair r = {0};
    char buf[256];
    (void)state;
    assert_string_equal(REP("RRN 85O73OO3328.", 1), "RRN 85073003328.");
    assert_string_equal(REP("RRN 4O.10.I2-821.20", 1), "RRN 40.10.12-821.20");
    assert_string_equal(REP("RRN 87.II.26-795.38", 1), "RRN 87.11.26-795.38");
    assert_string_equal(REP("tel O471 98 8l 69", 1), "tel 0471 98 81 69");
    assert_string_equal(REP("O427lOl09", 1), "042710109");
    assert_string_equal(REP("RRN Ol.08.19-045.73", 1), "RRN 01.08.19-045.73");
    assert_string_equal(REP("tel 046O IO 72 90", 1), "tel 0460 10 72 90");
    assert_string_equal(REP("IO 046O 72 90", 1), "IO 0460 72 90"); /* not between digits */
    /* words, short numbers, letters apart from digits, mail addresses, tables: untouched */
    assert_string_equal(REP("Il lOOp 1O", 1), "Il lOOp 1O");
    assert_string_equal(REP("ISO 27001 OI", 1), "ISO 27001 OI");
    assert_string_equal(REP("I 1234567", 1), "I 1234567");
    assert_string_equal(REP("x1O23456789", 1), "x1O23456789");
    assert_string_equal(REP("1O23456789@example.be", 1), "1O23456789@example.be");
    assert_string_equal(REP("Zo\xc3\xab"
                            "1O23456789",
                            1),
                        "Zo\xc3\xab"
                        "1O23456789");
    assert_string_equal(REP("85O73OO3328", 0), "85O73OO3328");
    ls_repair_free(&r);
}

/* Nothing to repair: the record itself; offsets map through a repair. */
static void test_offsets(void **state)
{
    struct ls_repair r = {0};
    struct ls_record rec;
    static const char text[] = "a\xc2\xa0"
                               "b;\xef\xbc\x91\xef\xbc\x92;c";
    static const char *const cols[] = {"x", "y", "z"};
    static const size_t off[] = {0, 5, 12}, len[] = {4, 6, 1};
    (void)state;
    memset(&rec, 0, sizeof rec);
    rec.text = "plain ascii 85O73OO3328";
    rec.len = strlen(rec.text);
    assert_ptr_equal(ls_repair_record(&r, &rec), &rec);
    assert_int_equal(ls_repair_orig(&r, 7), 7);
    /* letters that need no repair (é, ü) in the last 16 bytes of a longer
     * record, and at every place of a 40-byte one: left as they are */
    rec.text = "Kerkstraat 12, 9000 Gent; Jos\xc3\xa9 M\xc3\xbcller";
    rec.len = strlen(rec.text);
    assert_ptr_equal(ls_repair_record(&r, &rec), &rec);
    char lat[41];
    for (size_t at = 0; at + 2 <= 40; at++) {
        memset(lat, 'a', 40);
        lat[40] = 0;
        memcpy(lat + at, "\xc3\xa9", 2);
        rec.text = lat;
        rec.len = 40;
        assert_ptr_equal(ls_repair_record(&r, &rec), &rec);
    }
    rec.text = text;
    rec.len = sizeof text - 1;
    rec.ncolumns = 3;
    rec.columns = cols;
    rec.field_off = off;
    rec.field_len = len;
    const struct ls_record *got = ls_repair_record(&r, &rec);
    assert_ptr_not_equal(got, &rec);
    assert_int_equal(got->len, 8);
    assert_memory_equal(got->text, "a b;12;c", 8);
    assert_int_equal(got->field_off[0], 0);
    assert_int_equal(got->field_len[0], 3);
    assert_int_equal(got->field_off[1], 4);
    assert_int_equal(got->field_len[1], 2);
    assert_int_equal(got->field_off[2], 7);
    assert_int_equal(got->field_len[2], 1);
    assert_int_equal(ls_repair_orig(&r, 2), 3);  /* b */
    assert_int_equal(ls_repair_orig(&r, 5), 8);  /* the full-width 2 */
    assert_int_equal(ls_repair_orig(&r, 8), 13); /* the end */
    assert_ptr_equal(rec.field_off, off);        /* the original is untouched */
    ls_repair_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spaces_and_full_width),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_ocr),
        cmocka_unit_test(test_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
