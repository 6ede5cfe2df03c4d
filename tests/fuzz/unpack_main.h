/* unpack_main.h — the main() of fuzz_unpack built without libFuzzer
 * (fuzz_unpack.c includes it unless LS_LIBFUZZER is defined).
 *
 *   fuzz_unpack                          run over the built-in seeds
 *   fuzz_unpack FILE...                  replay files (a corpus, a crash)
 *   fuzz_unpack --write-seeds DIR [FILE...]
 *                                        write the built-in seeds to DIR,
 *                                        each archive also holding FILEs
 *
 * The seeds are archives written here with libarchive from a few synthetic
 * entries (a CSV, a text, a JSON, a folder, a symlink): tar, tar.gz,
 * tar.bz2, tar.xz, zip (deflate, stored, ZipCrypto with the password
 * "fuzz"), 7z, cpio, iso9660, ar, a lone .gz, and nestings of them.  With no
 * argument each seed runs whole, cut at 32 places and with 32 bytes
 * flipped, so that `make check` covers damaged archives too; `make fuzz-run`
 * writes them (with samples of a synthetic leak inside) as seeds of the
 * libFuzzer run. */
#ifndef LS_FUZZ_UNPACK_MAIN_H
#define LS_FUZZ_UNPACK_MAIN_H

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Room for one seed archive. */
#define SEED_CAP (4u << 20)
/* Bytes taken from each sample file given to --write-seeds. */
#define SAMPLE_BYTES 16384
#define MAX_SAMPLES 8

struct seed_entry {
    const char *name;
    const unsigned char *data;
    size_t len;
    int kind; /* 0 file, 1 folder, 2 symlink (data is the target) */
};

struct seed_format {
    const char *name;
    int (*format)(struct archive *);
    int (*filter)(struct archive *); /* NULL: none */
    const char *options;             /* NULL: none */
};

static int filter_none(struct archive *a)
{
    (void)a;
    return ARCHIVE_OK;
}

static const struct seed_format seed_formats[] = {
    {"ustar.tar", archive_write_set_format_ustar, NULL, NULL},
    {"pax.tar.gz", archive_write_set_format_pax_restricted, archive_write_add_filter_gzip, NULL},
    {"gnu.tar.bz2", archive_write_set_format_gnutar, archive_write_add_filter_bzip2, NULL},
    {"pax.tar.xz", archive_write_set_format_pax, archive_write_add_filter_xz, NULL},
    {"deflate.zip", archive_write_set_format_zip, NULL, NULL},
    {"stored.zip", archive_write_set_format_zip, NULL, "zip:compression=store"},
    {"zipcrypto.zip", archive_write_set_format_zip, NULL, "zip:encryption=zipcrypt"},
    {"lzma.7z", archive_write_set_format_7zip, NULL, NULL},
    {"newc.cpio.gz", archive_write_set_format_cpio_newc, archive_write_add_filter_gzip, NULL},
    {"odc.cpio", archive_write_set_format_cpio, NULL, NULL},
    {"image.iso", archive_write_set_format_iso9660, NULL, NULL},
    {"svr4.a", archive_write_set_format_ar_svr4, NULL, NULL},
};

/* Writes the entries as one archive of format f into buf; returns its
 * length, or 0 when this libarchive cannot write it. */
static size_t seed_write(const struct seed_format *f, const struct seed_entry *e, size_t n,
                         unsigned char *buf)
{
    struct archive *a = archive_write_new();
    struct archive_entry *ae = archive_entry_new();
    size_t used = 0;
    int ok = a && ae && f->format(a) == ARCHIVE_OK &&
             (f->filter ? f->filter : filter_none)(a) == ARCHIVE_OK &&
             (!f->options || archive_write_set_options(a, f->options) == ARCHIVE_OK) &&
             (!strstr(f->name, "zipcrypto") || archive_write_set_passphrase(a, "fuzz") == 0) &&
             archive_write_open_memory(a, buf, SEED_CAP, &used) == ARCHIVE_OK;

    for (size_t i = 0; ok && i < n; i++) {
        int isdir = e[i].kind == 1, islink = e[i].kind == 2;
        if ((isdir || islink) && strcmp(f->name, "svr4.a") == 0)
            continue; /* ar holds files only */
        archive_entry_clear(ae);
        archive_entry_set_pathname(ae, e[i].name);
        archive_entry_set_mtime(ae, 1614834367, 0);
        archive_entry_set_mode(ae, isdir ? AE_IFDIR | 0755 : islink ? AE_IFLNK | 0777 : 0100644);
        if (islink)
            archive_entry_set_symlink(ae, (const char *)e[i].data);
        archive_entry_set_size(ae, isdir || islink ? 0 : (la_int64_t)e[i].len);
        ok = archive_write_header(a, ae) == ARCHIVE_OK;
        if (ok && !isdir && !islink && e[i].len)
            ok = archive_write_data(a, e[i].data, e[i].len) == (la_ssize_t)e[i].len;
    }
    ok = ok && archive_write_close(a) == ARCHIVE_OK;
    archive_entry_free(ae);
    archive_write_free(a);
    return ok ? used : 0;
}

/* A lone gzip stream of data (a compressed file, not an archive). */
static size_t seed_gzip(const unsigned char *data, size_t len, unsigned char *buf)
{
    struct archive *a = archive_write_new();
    struct archive_entry *ae = archive_entry_new();
    size_t used = 0;
    int ok = a && ae && archive_write_set_format_raw(a) == ARCHIVE_OK &&
             archive_write_add_filter_gzip(a) == ARCHIVE_OK &&
             archive_write_open_memory(a, buf, SEED_CAP, &used) == ARCHIVE_OK;

    if (ok) {
        archive_entry_set_pathname(ae, "calls.csv");
        archive_entry_set_mode(ae, 0100644);
        archive_entry_set_size(ae, (la_int64_t)len);
        ok = archive_write_header(a, ae) == ARCHIVE_OK &&
             archive_write_data(a, data, len) == (la_ssize_t)len;
    }
    ok = ok && archive_write_close(a) == ARCHIVE_OK;
    archive_entry_free(ae);
    archive_write_free(a);
    return ok ? used : 0;
}

static const char seed_csv[] = "naam;plaat;tijd;telefoon\n"
                               "Jan Peeters;1-ABC-123;2019-03-01 10:22;0470/12.34.56\n"
                               "An Janssens;2-XYZ-987;2019-03-02 11:00;+32 470 98 76 54\n";
static const char seed_txt[] = "Proces-verbaal 2019/00133.  De verdachte, geboren op "
                               "30.07.1985, e-mail jan.peeters@example.be, IBAN BE32 1234 5678 "
                               "9002.\n";
static const char seed_json[] = "[{\"naam\":\"Jan\",\"plaat\":\"1ABC123\"},{\"naam\":\"An\"}]\n";

/* Called with each seed (name, bytes) by seeds_each. */
typedef void (*seed_fn)(void *ud, const char *name, const unsigned char *data, size_t len);

/* Makes every seed: each format over the entries (the built-in ones, then
 * the nx samples), then a zip holding a tar.gz and a 7z, a tar.gz holding
 * that zip, and a lone .gz. */
static int seeds_each(const struct seed_entry *extra, size_t nx, seed_fn fn, void *ud)
{
    struct seed_entry e[4 + MAX_SAMPLES + 2] = {
        {"leak/calls.csv", (const unsigned char *)seed_csv, sizeof seed_csv - 1, 0},
        {"leak/pv/", NULL, 0, 1},
        {"leak/pv/PV-2019-00133.txt", (const unsigned char *)seed_txt, sizeof seed_txt - 1, 0},
        {"leak/pv/link", (const unsigned char *)"../calls.csv", 0, 2},
    };
    size_t n = 4, nfmt = sizeof seed_formats / sizeof seed_formats[0], len, tgz = 0, sz = 0, z;
    unsigned char *buf = malloc(SEED_CAP), *tgzb = malloc(SEED_CAP), *szb = malloc(SEED_CAP);
    int made = 0;

    if (!buf || !tgzb || !szb)
        abort();
    for (size_t i = 0; i < nx && i < MAX_SAMPLES; i++)
        e[n++] = extra[i];
    e[n++] = (struct seed_entry){"leak/data.json", (const unsigned char *)seed_json,
                                 sizeof seed_json - 1, 0};
    for (size_t i = 0; i < nfmt; i++) {
        if ((len = seed_write(&seed_formats[i], e, n, buf)) == 0)
            continue; /* not writable by this libarchive */
        fn(ud, seed_formats[i].name, buf, len);
        made++;
        if (strcmp(seed_formats[i].name, "pax.tar.gz") == 0)
            memcpy(tgzb, buf, tgz = len);
        if (strcmp(seed_formats[i].name, "lzma.7z") == 0)
            memcpy(szb, buf, sz = len);
    }
    {
        struct seed_entry nest[3] = {
            {"inner/leak.tar.gz", tgzb, tgz, 0},
            {"inner/telecom.7z", szb, sz, 0},
            {"calls.csv", (const unsigned char *)seed_csv, sizeof seed_csv - 1, 0}};
        if ((len = seed_write(&seed_formats[4], nest, 3, buf)) != 0) {
            fn(ud, "nested.zip", buf, len);
            made++;
            memcpy(tgzb, buf, tgz = len);
            struct seed_entry outer[1] = {{"dump/2019.zip", tgzb, tgz, 0}};
            if ((z = seed_write(&seed_formats[1], outer, 1, buf)) != 0) {
                fn(ud, "nested.tar.gz", buf, z);
                made++;
            }
        }
    }
    if ((len = seed_gzip((const unsigned char *)seed_csv, sizeof seed_csv - 1, buf)) != 0) {
        fn(ud, "calls.csv.gz", buf, len);
        made++;
    }
    free(buf);
    free(tgzb);
    free(szb);
    return made;
}

/* Each seed whole, cut at 32 places, and with one byte flipped at 32 places. */
static void seed_run(void *ud, const char *name, const unsigned char *data, size_t len)
{
    unsigned char *m = malloc(len ? len : 1);
    unsigned *runs = ud;

    if (!m)
        abort();
    LLVMFuzzerTestOneInput(data, len);
    for (size_t k = 0; k < 32; k++)
        LLVMFuzzerTestOneInput(data, len * k / 32);
    for (size_t k = 0; k < 32 && len; k++) {
        size_t at = len * k / 32 + k % 7;
        memcpy(m, data, len);
        if (at < len)
            m[at] ^= (unsigned char)(0x5a + k);
        LLVMFuzzerTestOneInput(m, len);
    }
    free(m);
    (*runs)++;
    printf("seed %s: %zu bytes ok\n", name, len);
}

static void seed_save(void *ud, const char *name, const unsigned char *data, size_t len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/seed-%s", (const char *)ud, name);
    if (!(f = fopen(path, "wb")) || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        exit(1);
    }
}

/* The first SAMPLE_BYTES of each file, as entries named by their base name. */
static size_t samples_load(char **files, size_t n, struct seed_entry *e, unsigned char **bufs)
{
    size_t k = 0;

    for (size_t i = 0; i < n && k < MAX_SAMPLES; i++) {
        FILE *f = fopen(files[i], "rb");
        const char *b = strrchr(files[i], '/');
        if (!f) {
            fprintf(stderr, "%s: %s\n", files[i], strerror(errno));
            continue;
        }
        bufs[k] = malloc(SAMPLE_BYTES);
        if (!bufs[k])
            abort();
        e[k].len = fread(bufs[k], 1, SAMPLE_BYTES, f);
        fclose(f);
        e[k].data = bufs[k];
        e[k].name = b ? b + 1 : files[i];
        e[k].kind = 0;
        k++;
    }
    return k;
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, n = 0, k;
    unsigned char *buf = malloc(cap), *nb;

    if (!f || !buf) {
        perror(path);
        free(buf);
        if (f)
            fclose(f);
        return 1;
    }
    while ((k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            if (!(nb = realloc(buf, cap * 2)))
                break;
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    struct seed_entry e[MAX_SAMPLES] = {{NULL, NULL, 0, 0}};
    unsigned char *bufs[MAX_SAMPLES];
    unsigned runs = 0;
    int bad = 0, made;
    size_t ns;

    if (argc > 2 && strcmp(argv[1], "--write-seeds") == 0) {
        if (mkdir(argv[2], 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
            return 1;
        }
        ns = samples_load(argv + 3, (size_t)argc - 3, e, bufs);
        made = seeds_each(e, ns, seed_save, argv[2]);
        for (size_t i = 0; i < ns; i++)
            free(bufs[i]);
        printf("fuzz_unpack: %d seeds written to %s\n", made, argv[2]);
        return made > 0 ? 0 : 1;
    }
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            bad |= run_file(argv[i]);
        return bad;
    }
    made = seeds_each(NULL, 0, seed_run, &runs);
    printf("standalone: %u seeds ok\n", runs);
    /* at least the formats every libarchive writes: tar, zip, cpio, the nestings */
    return made >= 8 ? 0 : 1;
}

#endif
