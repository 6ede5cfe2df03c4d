/* zipcheck.c — detects zips whose entries overlap (unpack.h).
 *
 * A "non-recursive zip bomb" points many central-directory entries at the
 * same (or overlapping) compressed data, so a small file expands to
 * petabytes.  libarchive reads each entry faithfully and does not notice, so
 * before reading a zip we walk its central directory and check that the
 * entries' byte ranges [local header, end of data) are disjoint. */
#include <stdlib.h>
#include <string.h>

#include "unpack.h"

struct range {
    uint64_t start, end;
};

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}
static uint32_t le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}
static uint64_t le64(const unsigned char *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int range_cmp(const void *a, const void *b)
{
    const struct range *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return 0;
}

/* Central directories past this many entries are checked up to it. */
#define ZIPCHECK_MAX_ENTRIES 1000000u

int ls_zip_overlaps(ls_read_at_fn read_at, void *ctx, uint64_t size)
{
    unsigned char tail[65536 + 22], h[46], z[56];
    size_t tn = size < sizeof tail ? (size_t)size : sizeof tail;
    uint64_t cd_off, cd_size, count, off, i;
    struct range *r = NULL;
    size_t nr = 0;
    int overlap = 0;
    long e;

    if (size < 22 || read_at(ctx, tail, tn, size - tn) != 0)
        return 0;
    for (e = (long)tn - 22; e >= 0; e--)
        if (memcmp(tail + e, "PK\5\6", 4) == 0)
            break;
    if (e < 0)
        return 0;
    count = le16(tail + e + 10);
    cd_size = le32(tail + e + 12);
    cd_off = le32(tail + e + 16);
    /* Zip64: the locator sits 20 bytes before the end record. */
    if ((count == 0xFFFF || cd_off == 0xFFFFFFFFu) && e >= 20 &&
        memcmp(tail + e - 20, "PK\6\7", 4) == 0) {
        uint64_t z64 = le64(tail + e - 20 + 8);
        if (z64 + 56 <= size && read_at(ctx, z, 56, z64) == 0 && memcmp(z, "PK\6\6", 4) == 0) {
            count = le64(z + 32);
            cd_size = le64(z + 40);
            cd_off = le64(z + 48);
        }
    }
    if (cd_off > size || cd_size > size - cd_off)
        return 0;
    if (count > ZIPCHECK_MAX_ENTRIES)
        count = ZIPCHECK_MAX_ENTRIES;
    r = malloc((size_t)(count ? count : 1) * sizeof *r);
    if (!r)
        return 0;
    off = cd_off;
    for (i = 0; i < count && off + 46 <= cd_off + cd_size; i++) {
        uint64_t csize, lho;
        uint32_t nlen, xlen, clen;
        if (read_at(ctx, h, 46, off) != 0 || memcmp(h, "PK\1\2", 4) != 0)
            break;
        csize = le32(h + 20);
        nlen = le16(h + 28);
        xlen = le16(h + 30);
        clen = le16(h + 32);
        lho = le32(h + 42);
        if (csize == 0xFFFFFFFFu || lho == 0xFFFFFFFFu) {
            /* Zip64 extra field (id 1): usize, csize, offset as flagged. */
            unsigned char x[512];
            uint32_t xl = xlen < sizeof x ? xlen : sizeof x, p = 0;
            if (read_at(ctx, x, xl, off + 46 + nlen) == 0)
                while (p + 4 <= xl) {
                    uint32_t id = le16(x + p), len = le16(x + p + 2), q = p + 4;
                    if (id == 1) {
                        if (le32(h + 24) == 0xFFFFFFFFu && q + 8 <= xl)
                            q += 8;
                        if (csize == 0xFFFFFFFFu && q + 8 <= xl) {
                            csize = le64(x + q);
                            q += 8;
                        }
                        if (lho == 0xFFFFFFFFu && q + 8 <= xl)
                            lho = le64(x + q);
                        break;
                    }
                    p = q + len;
                }
        }
        r[nr].start = lho;
        r[nr].end = lho + 30 + nlen + csize;
        nr++;
        off += 46 + (uint64_t)nlen + xlen + clen;
    }
    qsort(r, nr, sizeof *r, range_cmp);
    for (i = 1; i < nr; i++)
        if (r[i].start < r[i - 1].end) {
            overlap = 1;
            break;
        }
    free(r);
    return overlap;
}
