/* test_reader.c — the extract stage's push-back reader (extract/reader.h):
 * bytes in order, one byte of push-back, the line count, the offset, and a
 * stream error recorded once in the owner's status. */
#include "extract_harness.h"

#include "extract/charset.h"
#include "extract/reader.h"

/* A reader over a memory stream, with its doc and input kept alive. */
struct fixture {
    unsigned char head[LS_SNIFF_BYTES];
    struct ls_input in;
    struct ls_limits l;
    struct ls_doc doc;
    ls_status st;
    struct ls_reader rd;
};

static void fixture_open(struct fixture *f, const char *charset, const char *data)
{
    memset(f, 0, sizeof *f);
    ls_limits_default(&f->l);
    ls_input_from_memory(&f->in, (const unsigned char *)data, strlen(data), f->head);
    f->doc.charset = charset;
    f->doc.in = &f->in;
    f->doc.limits = &f->l;
    f->st = LS_OK;
    ls_reader_init(&f->rd, &f->st);
    assert_int_equal(ls_charset_reader_open(&f->doc, &f->rd.cs), LS_OK);
}

static void test_bytes_lines_pushback(void **state)
{
    (void)state;
    static struct fixture f;
    fixture_open(&f, "utf-8", "ab\ncd");
    assert_int_equal(f.rd.line, 1);
    assert_int_equal(ls_reader_getc(&f.rd), 'a');
    assert_int_equal(ls_reader_tell(&f.rd), 1);
    int c = ls_reader_getc(&f.rd);
    assert_int_equal(c, 'b');
    ls_reader_ungetc(&f.rd, c);
    assert_int_equal(ls_reader_tell(&f.rd), 1); /* the pushed-back byte is not read yet */
    assert_int_equal(ls_reader_getc(&f.rd), 'b');
    c = ls_reader_getc(&f.rd);
    assert_int_equal(c, '\n');
    assert_int_equal(f.rd.line, 2);
    ls_reader_ungetc(&f.rd, c); /* a newline pushed back takes its line back */
    assert_int_equal(f.rd.line, 1);
    assert_int_equal(ls_reader_getc(&f.rd), '\n');
    assert_int_equal(f.rd.line, 2);
    assert_int_equal(ls_reader_getc(&f.rd), 'c');
    assert_int_equal(ls_reader_getc(&f.rd), 'd');
    c = ls_reader_getc(&f.rd);
    assert_int_equal(c, LS_CHARSET_EOF);
    ls_reader_ungetc(&f.rd, c); /* EOF is not pushed back */
    assert_int_equal(f.rd.back, -1);
    assert_int_equal(ls_reader_getc(&f.rd), LS_CHARSET_EOF);
    assert_int_equal(ls_reader_tell(&f.rd), 5);
    assert_int_equal(f.st, LS_OK);
    ls_charset_reader_close(f.rd.cs);
}

static void test_decoded_bytes(void **state)
{
    (void)state;
    static struct fixture f;
    /* us-ascii per libmagic, stray Latin-1 bytes: read as CP1252, counted */
    fixture_open(&f, "us-ascii", "\xE9t\xE9");
    const char *want = "\xC3\xA9t\xC3\xA9";
    for (size_t i = 0; want[i]; i++)
        assert_int_equal(ls_reader_getc(&f.rd), (unsigned char)want[i]);
    assert_int_equal(ls_reader_getc(&f.rd), LS_CHARSET_EOF);
    assert_int_equal(f.doc.invalid_sequences, 2);
    ls_charset_reader_close(f.rd.cs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bytes_lines_pushback),
        cmocka_unit_test(test_decoded_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
