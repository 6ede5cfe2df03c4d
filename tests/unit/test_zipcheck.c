/* test_zipcheck.c — unit tests of the overlapping-entries check of zips
 * (scanner/zipcheck.c, ls_zip_overlaps).
 *
 * A zip written by libarchive is fine; zips built by hand here whose central
 * directory points two entries at the same bytes (the "non-recursive zip
 * bomb"), plainly or through Zip64 fields, are caught; garbage is not a zip. */
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

#include "unpack.h"

struct mem {
    const unsigned char *p;
    size_t n;
};

static int mem_read_at(void *ctx, void *buf, size_t n, uint64_t off)
{
    const struct mem *m = ctx;

    if (off > m->n || n > m->n - off)
        return -1;
    memcpy(buf, m->p + off, n);
    return 0;
}

static int overlaps(const unsigned char *p, size_t n)
{
    struct mem m = {p, n};

    return ls_zip_overlaps(mem_read_at, &m, n);
}

/* --- a zip from libarchive ------------------------------------------------ */

#define OUT_MAX (1 << 20)

static size_t libarchive_zip(unsigned char *buf, unsigned nentries, const char *options)
{
    struct archive *a = archive_write_new();
    struct archive_entry *e;
    char name[32], text[200];
    size_t used = 0;
    unsigned i;
    int n;

    assert_non_null(a);
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    if (options && archive_write_set_options(a, options) != ARCHIVE_OK) {
        archive_write_free(a);
        return 0;
    }
    assert_int_equal(archive_write_open_memory(a, buf, OUT_MAX, &used), ARCHIVE_OK);
    for (i = 0; i < nentries; i++) {
        e = archive_entry_new();
        snprintf(name, sizeof name, "dir/file%03u.csv", i);
        n = snprintf(text, sizeof text, "id;naam\n%u;Persoon %u\n%u;Persoon %u\n", i, i, i + 1,
                     i + 1);
        archive_entry_set_pathname(e, name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, n);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, text, (size_t)n), n);
        archive_entry_free(e);
    }
    e = archive_entry_new(); /* and an empty directory entry */
    archive_entry_set_pathname(e, "empty/");
    archive_entry_set_filetype(e, AE_IFDIR);
    archive_entry_set_perm(e, 0755);
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    archive_entry_free(e);
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return used;
}

static void test_libarchive_zip_is_fine(void **state)
{
    unsigned char *buf = malloc(OUT_MAX);
    size_t n;

    (void)state;
    assert_non_null(buf);
    n = libarchive_zip(buf, 1, NULL);
    assert_true(n > 22);
    assert_int_equal(overlaps(buf, n), 0);
    n = libarchive_zip(buf, 50, NULL);
    assert_int_equal(overlaps(buf, n), 0);
    n = libarchive_zip(buf, 5, "zip:compression=store");
    assert_true(n > 0);
    assert_int_equal(overlaps(buf, n), 0);
    n = libarchive_zip(buf, 5, "zip:zip64");
    if (n)
        assert_int_equal(overlaps(buf, n), 0);
    free(buf);
}

/* --- zips by hand ----------------------------------------------------------- */

struct zb {
    unsigned char b[4096];
    size_t n;
};

static void u16(struct zb *z, uint32_t v)
{
    z->b[z->n++] = (unsigned char)v;
    z->b[z->n++] = (unsigned char)(v >> 8);
}

static void u32(struct zb *z, uint32_t v)
{
    u16(z, v & 0xFFFF);
    u16(z, v >> 16);
}

static void u64(struct zb *z, uint64_t v)
{
    u32(z, (uint32_t)v);
    u32(z, (uint32_t)(v >> 32));
}

static void bytes(struct zb *z, const void *p, size_t n)
{
    memcpy(z->b + z->n, p, n);
    z->n += n;
}

/* A stored local entry; returns its offset. */
static uint32_t local(struct zb *z, const char *name, const char *data)
{
    uint32_t off = (uint32_t)z->n;

    bytes(z, "PK\3\4", 4);
    u16(z, 20);   /* version needed */
    u16(z, 0);    /* flags */
    u16(z, 0);    /* stored */
    u16(z, 0);    /* time */
    u16(z, 0x21); /* date */
    u32(z, 0);    /* crc (not checked here) */
    u32(z, (uint32_t)strlen(data));
    u32(z, (uint32_t)strlen(data));
    u16(z, (uint32_t)strlen(name));
    u16(z, 0);
    bytes(z, name, strlen(name));
    bytes(z, data, strlen(data));
    return off;
}

/* A central entry; with zip64 set, sizes and offset go in a Zip64 extra. */
static void central(struct zb *z, const char *name, uint64_t size, uint64_t lho, int zip64)
{
    bytes(z, "PK\1\2", 4);
    u16(z, 0x031E); /* made by */
    u16(z, zip64 ? 45 : 20);
    u16(z, 0);
    u16(z, 0);
    u16(z, 0);
    u16(z, 0x21);
    u32(z, 0);
    u32(z, zip64 ? 0xFFFFFFFFu : (uint32_t)size); /* compressed */
    u32(z, zip64 ? 0xFFFFFFFFu : (uint32_t)size); /* uncompressed */
    u16(z, (uint32_t)strlen(name));
    u16(z, zip64 ? 4 + 4 + 28 : 0); /* an unrelated extra first, then Zip64 */
    u16(z, 0);                      /* comment */
    u16(z, 0);                      /* disk */
    u16(z, 0);                      /* internal attributes */
    u32(z, 0);                      /* external attributes */
    u32(z, zip64 ? 0xFFFFFFFFu : (uint32_t)lho);
    bytes(z, name, strlen(name));
    if (zip64) {
        u16(z, 0x5455); /* extended timestamp, to be skipped */
        u16(z, 0);
        u16(z, 0x7875); /* unix uid/gid, empty */
        u16(z, 0);
        u16(z, 1); /* Zip64: usize, csize, offset */
        u16(z, 24);
        u64(z, size);
        u64(z, size);
        u64(z, lho);
    }
}

static void eocd(struct zb *z, uint32_t count, uint32_t cd_off)
{
    uint32_t cd_size = (uint32_t)z->n - cd_off;

    bytes(z, "PK\5\6", 4);
    u16(z, 0);
    u16(z, 0);
    u16(z, count);
    u16(z, count);
    u32(z, cd_size);
    u32(z, cd_off);
    u16(z, 0);
}

/* Zip64 end records, with the 32-bit fields saturated. */
static void eocd64(struct zb *z, uint64_t count, uint64_t cd_off)
{
    uint64_t cd_size = z->n - cd_off, rec = z->n;

    bytes(z, "PK\6\6", 4);
    u64(z, 44);
    u16(z, 45);
    u16(z, 45);
    u32(z, 0);
    u32(z, 0);
    u64(z, count);
    u64(z, count);
    u64(z, cd_size);
    u64(z, cd_off);
    bytes(z, "PK\6\7", 4);
    u32(z, 0);
    u64(z, rec);
    u32(z, 1);
    bytes(z, "PK\5\6", 4);
    u16(z, 0xFFFF);
    u16(z, 0xFFFF);
    u16(z, 0xFFFF);
    u16(z, 0xFFFF);
    u32(z, 0xFFFFFFFFu);
    u32(z, 0xFFFFFFFFu);
    u16(z, 0);
}

static void test_hand_built_normal(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, b, cd;

    (void)state;
    a = local(&z, "a.txt", "alpha\n");
    b = local(&z, "b.txt", "beta\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 5, b, 0);
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 0);
}

static void test_two_entries_one_local_header(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, cd;

    (void)state;
    a = local(&z, "a.txt", "alpha\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 6, a, 0); /* the same bytes again */
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

static void test_entry_inside_another(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, b, cd;

    (void)state;
    /* b's header sits inside a's data: a claims more bytes than it has. */
    a = local(&z, "a.txt", "alpha\n");
    b = local(&z, "b.txt", "beta\n");
    cd = (uint32_t)z.n;
    central(&z, "b.txt", 5, b, 0); /* order in the directory does not matter */
    central(&z, "a.txt", b - a - 30 - 5 + 1, a, 0);
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

static void test_zip64_fields(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, b, cd;

    (void)state;
    a = local(&z, "a.txt", "alpha\n");
    b = local(&z, "b.txt", "beta\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 1);
    central(&z, "b.txt", 5, b, 1);
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 0);

    z.n = 0;
    a = local(&z, "a.txt", "alpha\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 1);
    central(&z, "b.txt", 6, a, 1);
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

static void test_zip64_end_records(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, b, cd;

    (void)state;
    a = local(&z, "a.txt", "alpha\n");
    b = local(&z, "b.txt", "beta\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 5, b, 0);
    eocd64(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n), 0);

    z.n = 0;
    a = local(&z, "a.txt", "alpha\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 6, a, 1);
    central(&z, "c.txt", 6, a, 0);
    eocd64(&z, 3, cd);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

static void test_garbage(void **state)
{
    unsigned char junk[70000];
    uint32_t x = 7;
    size_t i;
    struct zb z = {{0}, 0};
    uint32_t a, cd;

    (void)state;
    for (i = 0; i < sizeof junk; i++) {
        x = x * 1664525u + 1013904223u;
        junk[i] = (unsigned char)(x >> 24);
    }
    assert_int_equal(overlaps(junk, sizeof junk), 0);
    assert_int_equal(overlaps(junk, 0), 0);
    assert_int_equal(overlaps(junk, 21), 0);
    assert_int_equal(overlaps((const unsigned char *)"PK\5\6", 4), 0);

    /* An end record whose directory lies outside the file. */
    memcpy(junk + sizeof junk - 22, "PK\5\6\0\0\0\0\2\0\2\0\x10\0\0\0\xF0\xFF\xFF\x0F\0\0", 22);
    assert_int_equal(overlaps(junk, sizeof junk), 0);
    /* One whose directory is in the file but is junk. */
    memcpy(junk + sizeof junk - 22, "PK\5\6\0\0\0\0\2\0\2\0\x60\0\0\0\x10\0\0\0\0\0", 22);
    assert_int_equal(overlaps(junk, sizeof junk), 0);
    /* A saturated end record with no Zip64 locator before it. */
    memcpy(junk + sizeof junk - 22,
           "PK\5\6\0\0\0\0\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\0\0", 22);
    assert_int_equal(overlaps(junk, sizeof junk), 0);

    /* A real overlapping zip cut short: its end record is gone. */
    a = local(&z, "a.txt", "alpha\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 6, a, 0);
    eocd(&z, 2, cd);
    assert_int_equal(overlaps(z.b, z.n - 1), 0);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

static void test_count_larger_than_directory(void **state)
{
    struct zb z = {{0}, 0};
    uint32_t a, cd;

    (void)state;
    /* The end record claims 65535 entries; the directory holds two. */
    a = local(&z, "a.txt", "alpha\n");
    cd = (uint32_t)z.n;
    central(&z, "a.txt", 6, a, 0);
    central(&z, "b.txt", 6, a, 0);
    eocd(&z, 0xFFFE, cd);
    assert_int_equal(overlaps(z.b, z.n), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_libarchive_zip_is_fine),
        cmocka_unit_test(test_hand_built_normal),
        cmocka_unit_test(test_two_entries_one_local_header),
        cmocka_unit_test(test_entry_inside_another),
        cmocka_unit_test(test_zip64_fields),
        cmocka_unit_test(test_zip64_end_records),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_count_larger_than_directory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
