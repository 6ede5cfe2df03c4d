/* test_recwire.c — unit tests of records as bytes (scanner/recwire.c), the
 * form in which a document child sends its records to the parent.
 *
 * A table record (columns, one of them unnamed, field spans and lines) and
 * a joined prose record (part names, pages and lines) come back field for
 * field; every cut of an encoding, a byte too many, a field or part outside
 * the text, parts out of order, a string without its NUL and a column count
 * larger than the message are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "recwire.h"

static const char TABLE[] = "Jan Peeters;85.07.30-001.23;BE32 1234";
static const char *const COLS[] = {"name", NULL, "iban"};
static const size_t FOFF[] = {0, 12, 28};
static const size_t FLEN[] = {11, 15, 9};
static const uint64_t FLINE[] = {4, 4, 5};

static void table_record(struct ls_record *r)
{
    memset(r, 0, sizeof *r);
    r->text = TABLE;
    r->len = strlen(TABLE);
    r->index = 3;
    r->line = 4;
    r->offset = 120;
    r->part = "Sheet1";
    r->ncolumns = 3;
    r->columns = COLS;
    r->field_off = FOFF;
    r->field_len = FLEN;
    r->field_line = FLINE;
}

static const char PROSE[] = "page one text\npage two text\n";
static const size_t POFF[] = {0, 14};
static const char *const PNAMES[] = {"word/document.xml", "word/footer1.xml"};
static const uint32_t PPAGES[] = {1, 2};
static const uint64_t PLINE[] = {0, 1};

static void prose_record(struct ls_record *r)
{
    memset(r, 0, sizeof *r);
    r->text = PROSE;
    r->len = strlen(PROSE);
    r->line = 1;
    r->page = 1;
    r->prose = 1;
    r->part = PNAMES[0];
    r->nparts = 2;
    r->part_off = POFF;
    r->part_names = PNAMES;
    r->part_pages = PPAGES;
    r->part_line = PLINE;
}

static void test_table_roundtrip(void **state)
{
    struct ls_strbuf b;
    struct ls_recwire_scratch s = {NULL, 0};
    struct ls_record in, out;
    size_t i;

    (void)state;
    table_record(&in);
    ls_strbuf_init(&b, 1 << 20);
    assert_int_equal(ls_recwire_put(&b, &in), 0);
    assert_int_equal(ls_recwire_get((const unsigned char *)b.data, b.len, &s, &out), 0);
    assert_int_equal(out.len, in.len);
    assert_memory_equal(out.text, TABLE, in.len);
    assert_int_equal(out.index, 3);
    assert_int_equal(out.line, 4);
    assert_int_equal(out.offset, 120);
    assert_int_equal(out.prose, 0);
    assert_string_equal(out.part, "Sheet1");
    assert_int_equal(out.ncolumns, 3);
    assert_string_equal(out.columns[0], "name");
    assert_null(out.columns[1]);
    assert_string_equal(out.columns[2], "iban");
    for (i = 0; i < 3; i++) {
        assert_int_equal(out.field_off[i], FOFF[i]);
        assert_int_equal(out.field_len[i], FLEN[i]);
        assert_int_equal(out.field_line[i], FLINE[i]);
    }
    assert_int_equal(out.nparts, 0);
    assert_null(out.part_off);
    ls_recwire_scratch_free(&s);
    ls_strbuf_free(&b);
}

static void test_prose_roundtrip(void **state)
{
    struct ls_strbuf b;
    struct ls_recwire_scratch s = {NULL, 0};
    struct ls_record in, out;
    size_t i;

    (void)state;
    prose_record(&in);
    ls_strbuf_init(&b, 1 << 20);
    assert_int_equal(ls_recwire_put(&b, &in), 0);
    assert_int_equal(ls_recwire_get((const unsigned char *)b.data, b.len, &s, &out), 0);
    assert_memory_equal(out.text, PROSE, in.len);
    assert_int_equal(out.prose, 1);
    assert_int_equal(out.page, 1);
    assert_int_equal(out.ncolumns, 0);
    assert_null(out.columns);
    assert_null(out.field_off);
    assert_int_equal(out.nparts, 2);
    for (i = 0; i < 2; i++) {
        assert_int_equal(out.part_off[i], POFF[i]);
        assert_string_equal(out.part_names[i], PNAMES[i]);
        assert_int_equal(out.part_pages[i], PPAGES[i]);
        assert_int_equal(out.part_line[i], PLINE[i]);
    }
    ls_recwire_scratch_free(&s);
    ls_strbuf_free(&b);
}

/* Encodes r and expects the decoder to refuse it. */
static void refused(const struct ls_record *r)
{
    struct ls_strbuf b;
    struct ls_recwire_scratch s = {NULL, 0};
    struct ls_record out;

    ls_strbuf_init(&b, 1 << 20);
    assert_int_equal(ls_recwire_put(&b, r), 0);
    assert_int_equal(ls_recwire_get((const unsigned char *)b.data, b.len, &s, &out), -1);
    ls_recwire_scratch_free(&s);
    ls_strbuf_free(&b);
}

static void test_cut_and_overlong(void **state)
{
    struct ls_strbuf b;
    struct ls_recwire_scratch s = {NULL, 0};
    struct ls_record in, out;
    unsigned char *p;
    size_t k;

    (void)state;
    table_record(&in);
    ls_strbuf_init(&b, 1 << 20);
    assert_int_equal(ls_recwire_put(&b, &in), 0);
    for (k = 0; k < b.len; k++)
        assert_int_equal(ls_recwire_get((const unsigned char *)b.data, k, &s, &out), -1);
    p = malloc(b.len + 1);
    assert_non_null(p);
    memcpy(p, b.data, b.len);
    p[b.len] = 0;
    assert_int_equal(ls_recwire_get(p, b.len + 1, &s, &out), -1);
    /* The part name without its NUL: its last byte changed. */
    memcpy(p, b.data, b.len);
    p[56 + in.len + 4 + strlen("Sheet1")] = 'x';
    assert_int_equal(ls_recwire_get(p, b.len, &s, &out), -1);
    /* A column count far beyond the message (the header's fifth number). */
    memcpy(p, b.data, b.len);
    memset(p + 32, 0x7f, 8);
    assert_int_equal(ls_recwire_get(p, b.len, &s, &out), -1);
    free(p);
    ls_recwire_scratch_free(&s);
    ls_strbuf_free(&b);
}

static void test_spans_checked(void **state)
{
    struct ls_record r;
    size_t foff[] = {0, 12, 30}, poff[] = {14, 0}, pend[] = {0, 100};

    (void)state;
    table_record(&r);
    r.field_off = foff; /* 30 + 9 is past the text */
    refused(&r);
    prose_record(&r);
    r.part_off = poff; /* out of order */
    refused(&r);
    r.part_off = pend; /* past the text */
    refused(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_roundtrip),
        cmocka_unit_test(test_prose_roundtrip),
        cmocka_unit_test(test_cut_and_overlong),
        cmocka_unit_test(test_spans_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
