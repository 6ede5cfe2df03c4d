/* test_sniff.c — unit tests of the sniff stage (scanner/sniff.c).
 *
 * Container headers made here with libarchive's writer (gzip, zip, tar, 7z,
 * uuencode) must come out as the right kind; an empty buffer is
 * inode/x-empty; text stays text. */
#include <archive.h>
#include <archive_entry.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sniff.h"

#define OUT_MAX (256 * 1024)

enum filt { F_NONE, F_GZIP, F_BZIP2, F_XZ, F_UU, F_B64 };
enum fmt { FMT_TAR, FMT_ZIP, FMT_7Z, FMT_RAW };

/* Writes one small text entry in the given format and filter into a new
 * buffer; returns its length, or 0 when this libarchive lacks the filter. */
static size_t make(enum fmt fmt, enum filt filt, unsigned char **out)
{
    static const char text[] = "naam;rijksregisternummer\nJan;85073003328\n";
    struct archive *a = archive_write_new();
    struct archive_entry *e = archive_entry_new();
    unsigned char *buf = calloc(1, OUT_MAX);
    size_t used = 0;
    int r = ARCHIVE_OK;

    assert_non_null(a);
    assert_non_null(e);
    assert_non_null(buf);
    switch (filt) {
    case F_NONE:
        break;
    case F_GZIP:
        r = archive_write_add_filter_gzip(a);
        break;
    case F_BZIP2:
        r = archive_write_add_filter_bzip2(a);
        break;
    case F_XZ:
        r = archive_write_add_filter_xz(a);
        break;
    case F_UU:
        r = archive_write_add_filter_uuencode(a);
        break;
    case F_B64:
        r = archive_write_add_filter_b64encode(a);
        break;
    }
    if (r != ARCHIVE_OK) { /* not built into this libarchive */
        archive_entry_free(e);
        archive_write_free(a);
        free(buf);
        *out = NULL;
        return 0;
    }
    switch (fmt) {
    case FMT_TAR:
        r = archive_write_set_format_ustar(a);
        break;
    case FMT_ZIP:
        r = archive_write_set_format_zip(a);
        break;
    case FMT_7Z:
        r = archive_write_set_format_7zip(a);
        break;
    case FMT_RAW:
        r = archive_write_set_format_raw(a);
        break;
    }
    assert_int_equal(r, ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, buf, OUT_MAX, &used), ARCHIVE_OK);
    archive_entry_set_pathname(e, "people.csv");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)(sizeof text - 1));
    archive_entry_set_mtime(e, 1500000000, 0);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    assert_int_equal(archive_write_data(a, text, sizeof text - 1), (la_ssize_t)(sizeof text - 1));
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    archive_entry_free(e);
    assert_true(used > 0);
    *out = buf;
    return used;
}

static int setup(void **state)
{
    struct ls_sniffer *s;
    char err[256] = "";

    if (ls_sniffer_new(&s, err, sizeof err) != LS_OK) {
        fprintf(stderr, "cannot load libmagic: %s\n", err);
        return -1;
    }
    *state = s;
    return 0;
}

static int teardown(void **state)
{
    ls_sniffer_free(*state);
    return 0;
}

static void sniff(void **state, const void *p, size_t n, struct ls_sniff *out)
{
    memset(out, 0x5A, sizeof *out); /* the sniffer must fill every field */
    ls_sniff_buffer(*state, p, n, out);
    assert_non_null(memchr(out->mime, '\0', sizeof out->mime));
    assert_non_null(memchr(out->charset, '\0', sizeof out->charset));
}

static void check_made(void **state, enum fmt fmt, enum filt filt, enum ls_kind kind, int seekable)
{
    unsigned char *buf;
    size_t n = make(fmt, filt, &buf);
    struct ls_sniff sn;

    if (!n) {
        fprintf(stderr, "(filter %d not available: not checked)\n", (int)filt);
        return;
    }
    sniff(state, buf, n, &sn);
    assert_int_equal(sn.kind, kind);
    assert_int_equal(sn.seekable_format, seekable);
    assert_null(sn.unsupported);
    assert_string_equal(sn.charset, "binary");
    free(buf);
}

static void test_gzip(void **state)
{
    unsigned char *buf;
    size_t n = make(FMT_TAR, F_GZIP, &buf);
    struct ls_sniff sn;

    assert_true(n > 0);
    assert_int_equal(buf[0], 0x1F);
    assert_int_equal(buf[1], 0x8B);
    sniff(state, buf, n, &sn);
    assert_int_equal(sn.kind, LS_KIND_COMPRESSED); /* the gzip layer, not the tar inside */
    assert_int_equal(sn.seekable_format, 0);
    assert_true(strcmp(sn.mime, "application/gzip") == 0 ||
                strcmp(sn.mime, "application/x-gzip") == 0);
    /* Only the first bytes, as for a big file: still gzip. */
    sniff(state, buf, 16, &sn);
    assert_int_equal(sn.kind, LS_KIND_COMPRESSED);
    free(buf);
}

static void test_tar(void **state)
{
    unsigned char *buf;
    size_t n = make(FMT_TAR, F_NONE, &buf);
    struct ls_sniff sn;

    assert_true(n >= 512);
    assert_memory_equal(buf + 257, "ustar", 5);
    sniff(state, buf, n, &sn);
    assert_string_equal(sn.mime, "application/x-tar");
    assert_int_equal(sn.kind, LS_KIND_ARCHIVE);
    assert_int_equal(sn.seekable_format, 0); /* read as a stream */
    free(buf);
}

static void test_zip(void **state)
{
    unsigned char *buf;
    size_t n = make(FMT_ZIP, F_NONE, &buf);
    struct ls_sniff sn;

    assert_memory_equal(buf, "PK\3\4", 4);
    sniff(state, buf, n, &sn);
    assert_string_equal(sn.mime, "application/zip");
    assert_int_equal(sn.kind, LS_KIND_ARCHIVE);
    assert_int_equal(sn.seekable_format, 1); /* needs its central directory */
    free(buf);
}

static void test_7z(void **state)
{
    unsigned char *buf;
    size_t n = make(FMT_7Z, F_NONE, &buf);
    struct ls_sniff sn;

    assert_memory_equal(buf, "7z\xBC\xAF\x27\x1C", 6);
    sniff(state, buf, n, &sn);
    assert_string_equal(sn.mime, "application/x-7z-compressed");
    assert_int_equal(sn.kind, LS_KIND_ARCHIVE);
    assert_int_equal(sn.seekable_format, 1);
    free(buf);
}

static void test_other_filters(void **state)
{
    check_made(state, FMT_TAR, F_BZIP2, LS_KIND_COMPRESSED, 0);
    check_made(state, FMT_TAR, F_XZ, LS_KIND_COMPRESSED, 0);
    check_made(state, FMT_RAW, F_GZIP, LS_KIND_COMPRESSED, 0);
}

static void test_uuencode(void **state)
{
    unsigned char *buf;
    size_t n = make(FMT_TAR, F_UU, &buf);
    struct ls_sniff sn;

    assert_true(n > 0);
    assert_memory_equal(buf, "begin ", 6);
    sniff(state, buf, n, &sn);
    assert_string_equal(sn.mime, "text/x-uuencode");
    assert_int_equal(sn.kind, LS_KIND_COMPRESSED);
    free(buf);

    n = make(FMT_TAR, F_B64, &buf);
    assert_true(n > 0);
    assert_memory_equal(buf, "begin-base64 ", 13);
    sniff(state, buf, n, &sn);
    assert_string_equal(sn.mime, "text/x-uuencode");
    assert_int_equal(sn.kind, LS_KIND_COMPRESSED);
    free(buf);
}

static void test_uuencode_lookalikes(void **state)
{
    static const char *const texts[] = {
        "begin 12 x\nnot uuencoded, two mode digits\n",
        "begin 12345 x\nfive mode digits\n",
        "begin 644\n", /* no name after the mode */
        "beginning of a police report: on the 3rd of May\n",
        "Begin 644 x\nwrong case\n",
        "begin 6x4 name\n",
    };
    struct ls_sniff sn;
    size_t i;

    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sniff(state, texts[i], strlen(texts[i]), &sn);
        assert_int_equal(sn.kind, LS_KIND_OTHER);
        assert_string_not_equal(sn.mime, "text/x-uuencode");
    }
    /* And a hand-written one with a 3-digit mode. */
    {
        static const char uu[] = "begin 600 a.txt\n#86)C\n`\nend\n";
        sniff(state, uu, sizeof uu - 1, &sn);
        assert_string_equal(sn.mime, "text/x-uuencode");
        assert_int_equal(sn.kind, LS_KIND_COMPRESSED);
    }
}

static void test_empty(void **state)
{
    struct ls_sniff sn;

    sniff(state, "", 0, &sn);
    assert_string_equal(sn.mime, "inode/x-empty");
    assert_string_equal(sn.charset, "binary");
    assert_int_equal(sn.kind, LS_KIND_OTHER);
    assert_int_equal(sn.seekable_format, 0);
    assert_null(sn.unsupported);
}

static void test_text(void **state)
{
    static const char csv[] = "naam;geboortedatum\nJan Janssens;1985-07-30\n";
    static const char utf8[] = "Gemeente Li\xC3\xA8ge, proc\xC3\xA8s-verbal du 3 mai\n";
    struct ls_sniff sn;

    sniff(state, csv, sizeof csv - 1, &sn);
    assert_memory_equal(sn.mime, "text/", 5);
    assert_string_equal(sn.charset, "us-ascii");
    assert_int_equal(sn.kind, LS_KIND_OTHER);
    sniff(state, utf8, sizeof utf8 - 1, &sn);
    assert_memory_equal(sn.mime, "text/", 5);
    assert_string_equal(sn.charset, "utf-8");
    assert_int_equal(sn.kind, LS_KIND_OTHER);
}

static void test_binary_junk(void **state)
{
    unsigned char junk[4096];
    uint32_t x = 99;
    struct ls_sniff sn;
    size_t i;

    for (i = 0; i < sizeof junk; i++) {
        x = x * 1664525u + 1013904223u;
        junk[i] = (unsigned char)(x >> 24);
    }
    junk[0] = 0x00; /* not a known magic */
    sniff(state, junk, sizeof junk, &sn);
    assert_int_equal(sn.kind, LS_KIND_OTHER);
    assert_string_equal(sn.charset, "binary");
}

static void test_probe_filters(void **state)
{
    struct ls_filters f;

    (void)state;
    memset(&f, 0x7F, sizeof f);
    ls_sniff_probe_filters(&f);
    /* Built into every libarchive we accept; the others depend on the build. */
    assert_int_equal(f.gzip, 1);
    assert_int_equal(f.uu, 1);
    assert_int_equal(f.compress, 1);
    assert_true(f.bzip2 <= 1 && f.xz <= 1 && f.lzma <= 1 && f.zstd <= 1 && f.lz4 <= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_tar),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_7z),
        cmocka_unit_test(test_other_filters),
        cmocka_unit_test(test_uuencode),
        cmocka_unit_test(test_uuencode_lookalikes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_probe_filters),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
