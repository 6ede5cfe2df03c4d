/* test_mask.c — masked previews, normalizers and keyed fingerprints
 * (mask.h, normalize.h). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "match/mask.h"
#include "match/normalize.h"

static void check_mask(const char *in, const char *want)
{
    char out[256];
    size_t len = ls_mask(in, strlen(in), out, sizeof out);
    if (strcmp(out, want) != 0)
        print_error("ls_mask(\"%s\") = \"%s\", expected \"%s\"\n", in, out, want);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
}

/* The masking examples of docs/architecture.md, and the ~40 % rule. */
static void test_mask_examples(void **state)
{
    (void)state;
    check_mask("1-ABC-123", "1-ABC-***");
    check_mask("85.07.30-033.28", "85.07.30-***.**");
    check_mask("jan.peeters@example.be", "j***@example.be");
    check_mask("BE32 1234 5678 9002", "BE32 **** **** **02");
    check_mask("BE32123456789002", "BE32**********02");
    check_mask("85073003328", "85073******");
    check_mask("+++123/4567/89002+++", "+++123/****/*****+++");
    check_mask("0470/12.34.56", "0470/**.**.**");
    check_mask("ABC-123", "ABC-***");
    check_mask("1.2.3.4", "1.2.*.*");
    check_mask("X", "*");
    check_mask("AB", "A*");
    check_mask("", "");
}

static void test_mask_utf8(void **state)
{
    (void)state;
    /* whole code points: each non-ASCII character is one '*' */
    check_mask("Jos\xc3\xa9 Fran\xc3\xa7ois", "Jos\xc3\xa9 ********");
    check_mask("\xc3\xa9l\xc3\xa8ve", "\xc3\xa9l***");
    check_mask("\xc3\xa9@example.be", "\xc3\xa9***@example.be");
    check_mask("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
               "\xe2\x82\xac\xe2\x82\xac***");
    /* a stray byte is one unit */
    check_mask("ab\xff"
               "cdef",
               "ab\xff"
               "****");
    check_mask("abcd\xe2\x82", "abc***");
}

static void test_mask_small_buffer(void **state)
{
    char out[5];
    char exact[10];
    (void)state;
    assert_int_equal(ls_mask("1-ABC-123", 9, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(ls_mask("1-ABC-123", 9, NULL, 0), 0);
    assert_int_equal(ls_mask("1-ABC-123", 9, exact, sizeof exact), 9);
    assert_int_equal(ls_mask("a@b.be", 6, exact, sizeof exact), 9); /* n + 3 */
}

/* Random UTF-8-ish strings: the preview fits in n + 4 bytes, keeps the
 * layout, and always masks something in a value with two or more
 * letters/digits; every normalizer stays inside n + 48 bytes. */
static void test_random_inputs(void **state)
{
    static const char alphabet[] = "0123456789ABCDEFabcdef.-/ +:@()*\xc3\xa9\xe2\x82\xac\xff";
    uint64_t x = 0x2545F4914F6CDD1DULL;
    (void)state;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n, len, alnum = 0, stars_in = 0, stars_out = 0;
        char *buf, *out, *norm;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        n = (size_t)(x % 40);
        buf = test_malloc(n ? n : 1);
        out = test_malloc(n + 4);
        norm = test_malloc(n + 48);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        len = ls_mask(buf, n, out, n + 4);
        assert_true(len <= n + 3);
        assert_int_equal(strlen(out), len);
        if (memchr(buf, '@', n) == NULL) {
            for (size_t i = 0; i < n; i++) {
                alnum += (buf[i] >= '0' && buf[i] <= '9') || (buf[i] >= 'A' && buf[i] <= 'F') ||
                         (buf[i] >= 'a' && buf[i] <= 'f');
                stars_in += buf[i] == '*';
            }
            for (size_t i = 0; i < len; i++)
                stars_out += out[i] == '*';
            if (alnum >= 2)
                assert_true(stars_out > stars_in); /* something was masked */
        }
        for (const struct ls_normalizer *z = ls_normalizers; z->name; z++)
            assert_true(z->fn(buf, n, norm, n + 48) <= n + 48);
        test_free(norm);
        test_free(out);
        test_free(buf);
    }
}

static void check_norm(const char *name, const char *in, const char *want)
{
    char out[128];
    const struct ls_normalizer *z = ls_normalizer_find(name);
    size_t len;
    assert_non_null(z);
    len = z->fn(in, strlen(in), out, sizeof out);
    if (len != strlen(want) || memcmp(out, want, len) != 0)
        print_error("%s(\"%s\") = \"%.*s\", expected \"%s\"\n", name, in, (int)len, out, want);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(out, want, len);
}

static void test_normalizers(void **state)
{
    char small[4];
    (void)state;
    check_norm("digits", "85.07.30-033.28", "85073003328");
    check_norm("nn_be", "85 07 30 033 28", "85073003328");
    check_norm("nn_be", "3021404529", "03021404529"); /* leading zero put back */
    check_norm("nn_be", "11512345", "00011512345");
    check_norm("excel_date", "31258", "1985-07-30");
    check_norm("excel_date", "10000", "1927-05-18");
    check_norm("excel_date", "54788", "2049-12-31");
    check_norm("excel_date", "1234", "1234"); /* not 5 digits: its digits */
    check_norm("upper_alnum", "be32 1234 5678 9002", "BE32123456789002");
    check_norm("upper_alnum", "1-abc-123", "1ABC123");
    check_norm("lower", "Jan.Peeters@Example.BE", "jan.peeters@example.be");
    check_norm("date", "30/07/1985", "1985-07-30");
    check_norm("date", "1985-07-30", "1985-07-30");
    check_norm("date", "3.7.1985", "1985-07-03");
    check_norm("date", "85-07-30", "850730");
    check_norm("e164_be", "03/250.64.10", "+3232506410");
    check_norm("e164_be", "+32 (0)3 250 64 10", "+3232506410");
    check_norm("e164_be", "0032 3 250 64 10", "+3232506410");
    check_norm("e164_be", "0470/12.34.56", "+32470123456");
    check_norm("e164_be", "0032 (0)470 12 34 56", "+32470123456");
    check_norm("e164_be", "32470123456", "+32470123456");
    check_norm("e164_be", "+32 0470 12 34 56", "+32470123456");
    check_norm("e164_be", "+31 20 123 4567", "+31201234567");
    check_norm("ipv6", "2001:DB8:0:0:0:0:2:1", "2001:db8::2:1");
    check_norm("ipv6", "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
    check_norm("ipv6", "0:0:0:0:0:0:0:1", "::1");
    check_norm("ipv6", "1:0:0:0:0:0:0:0", "1::");
    check_norm("ipv6", "0:0:0:0:0:0:0:0", "::");
    check_norm("ipv6", "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");
    check_norm("ipv6", "2001:0db8::0001", "2001:db8::1");
    check_norm("ipv6", "1:0:0:2:0:0:0:3", "1:0:0:2::3");
    check_norm("ipv6", "::FFFF:192.0.2.1", "::ffff:192.0.2.1");
    check_norm("ipv6", "fe80::1%eth0", "fe80::1");
    check_norm("casefold_ws", "  Jos\xc3\xa9   FRAN\xc3\x87OIS \t", "jose francois");
    check_norm("casefold_ws",
               "Stra\xc3\x9f"
               "e\xc2\xa0"
               "12",
               "strasse 12");
    check_norm("casefold_ws", "\xc3\x86sop \xc3\x98rsted", "aesop orsted");
    check_norm("none", "As Is", "As Is");
    assert_null(ls_normalizer_find("nope"));
    assert_null(ls_normalizer_find(NULL));
    /* never a truncated form */
    assert_int_equal(ls_norm_digits("85073003328", 11, small, sizeof small), 0);
    assert_int_equal(ls_norm_e164_be("0470123456", 10, small, sizeof small), 0);
    assert_int_equal(ls_norm_ipv6("2001:db8::1", 11, small, sizeof small), 0);
    assert_int_equal(ls_norm_casefold_ws("Jos\xc3\xa9 X", 7, small, sizeof small), 0);
}

/* RFC 5952 text of 16 address bytes, written with snprintf as the
 * normalizer once was: the reference for the hand-written one. */
static void ref_ipv6(const unsigned char b[16], char *out, size_t cap)
{
    unsigned w[8];
    int best = -1, bestlen = 0;
    size_t k = 0;

    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    for (int i = 0; i < 8;) {
        int j = i;

        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > bestlen && j - i >= 2)
            best = i, bestlen = j - i;
        i = j > i ? j : i + 1;
    }
    if (best == 0 && bestlen == 5 && w[5] == 0xffff) {
        snprintf(out, cap, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
        return;
    }
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            k += (size_t)snprintf(out + k, cap - k, "::");
            i += bestlen - 1;
            continue;
        }
        k += (size_t)snprintf(out + k, cap - k, "%x%s", w[i], (i < 7 && i + 1 != best) ? ":" : "");
    }
}

/* Random addresses (groups zero, small or large, so that every run of
 * zeros and every group width occurs), written out in full: normalized as
 * the reference writes them. */
static void test_ipv6_matches_reference(void **state)
{
    uint32_t seed = 77;

    (void)state;
    for (int it = 0; it < 20000; it++) {
        unsigned char b[16];
        char in[64], want[64], got[64];
        size_t n = 0, k;

        for (int g = 0; g < 8; g++) {
            unsigned v, kind;

            seed = seed * 1103515245u + 12345u;
            kind = (seed >> 16) % 4;
            v = kind == 0   ? 0
                : kind == 1 ? (seed >> 8) % 16
                : kind == 2 ? (seed >> 4) % 0x100
                            : (seed >> 3) & 0xFFFF;
            b[2 * g] = (unsigned char)(v >> 8);
            b[2 * g + 1] = (unsigned char)v;
            n += (size_t)snprintf(in + n, sizeof in - n, "%s%X", g ? ":" : "", v);
        }
        if (it % 97 == 0) { /* IPv4-mapped */
            memset(b, 0, 10);
            b[10] = b[11] = 0xff;
            n = (size_t)snprintf(in, sizeof in, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
        }
        ref_ipv6(b, want, sizeof want);
        k = ls_norm_ipv6(in, n, got, sizeof got - 1);
        got[k] = '\0';
        assert_string_equal(got, want);
    }
}

/* Dates with random groups, year first or last: written as
 * "%04lu-%02lu-%02lu" of the year, month and day (each kept to its width). */
static void test_date_matches_reference(void **state)
{
    uint32_t seed = 78;

    (void)state;
    for (int it = 0; it < 20000; it++) {
        unsigned long y, m, d;
        char in[64], want[32], got[32];
        size_t n, k;

        seed = seed * 1103515245u + 12345u;
        y = 1000 + (seed >> 8) % 9000;
        seed = seed * 1103515245u + 12345u;
        m = (seed >> 8) % (it % 5 ? 13 : 1000);
        seed = seed * 1103515245u + 12345u;
        d = (seed >> 8) % (it % 7 ? 32 : 1000);
        if (it % 2)
            n = (size_t)snprintf(in, sizeof in, "%lu-%lu-%lu", y, m, d);
        else
            n = (size_t)snprintf(in, sizeof in, "%lu/%lu/%lu", d, m, y);
        snprintf(want, sizeof want, "%04lu-%02lu-%02lu", y % 10000, m % 100, d % 100);
        k = ls_norm_date(in, n, got, sizeof got - 1);
        got[k] = '\0';
        assert_string_equal(got, want);
    }
}

/* The case-and-space fold as first written (a string per character): the
 * reference for the one with an ASCII fast path. */
static size_t ref_casefold_ws(const char *s, size_t n, char *out, size_t outlen)
{
    static const char *const fold[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
    };
    size_t k = 0;
    int pending = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        char one[2] = {0, 0};

        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            pending = k > 0;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            pending = k > 0;
            i++;
            continue;
        }
        if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0xBF)
            rep = fold[(unsigned char)s[i + 1] - 0x80];
        if (rep != NULL) {
            i++;
        } else {
            one[0] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (char)c;
            rep = one;
        }
        if (pending) {
            if (k >= outlen)
                return 0;
            out[k++] = ' ';
        }
        pending = 0;
        for (size_t j = 0; rep[j]; j++) {
            if (k >= outlen)
                return 0;
            out[k++] = rep[j];
        }
    }
    return k;
}

static void test_casefold_matches_reference(void **state)
{
    static const char *const pieces[] = {
        "A", "z",        "Q",        " ",        "\t",       "\n",   "\0",   "7",
        "-", "\xc3\xa9", "\xc3\x87", "\xc3\x97", "\xc2\xa0", "\xff", "\xc3", "\xc3\x9f"};
    uint32_t seed = 79;

    (void)state;
    for (int it = 0; it < 20000; it++) {
        char in[64], want[80], got[80];
        size_t n = 0, cap, kw, kg;

        seed = seed * 1103515245u + 12345u;
        for (unsigned j = (seed >> 8) % 20; j > 0; j--) {
            const char *p;
            size_t l;

            seed = seed * 1103515245u + 12345u;
            p = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
            l = p[0] ? strlen(p) : 1; /* "\0": one NUL byte */
            memcpy(in + n, p, l);
            n += l;
        }
        cap = it % 3 ? sizeof want : (seed >> 4) % 12; /* sometimes too small */
        kw = ref_casefold_ws(in, n, want, cap);
        kg = ls_norm_casefold_ws(in, n, got, cap);
        assert_int_equal(kg, kw);
        assert_memory_equal(got, want, kw);
    }
}

static void test_fingerprint(void **state)
{
    unsigned char k1[32], k2[32], a[16], b[16], c[16];
    char hex[33];
    (void)state;
    assert_int_equal(ls_crypto_init(), 0);
    memset(k1, 1, sizeof k1);
    memset(k2, 2, sizeof k2);
    assert_int_equal(ls_fingerprint(k1, "85073003328", 11, a), 0);
    assert_int_equal(ls_fingerprint(k1, "85073003328", 11, b), 0);
    assert_memory_equal(a, b, 16);
    assert_int_equal(ls_fingerprint(k2, "85073003328", 11, c), 0);
    assert_memory_not_equal(a, c, 16);
    assert_int_equal(ls_fingerprint(k1, "85073003329", 11, c), 0);
    assert_memory_not_equal(a, c, 16);
    assert_int_equal(ls_fingerprint(NULL, "x", 1, c), -1);
    ls_fingerprint_hex(a, hex);
    assert_int_equal(strlen(hex), 32);
    assert_int_equal(strspn(hex, "0123456789abcdef"), 32);
    assert_int_equal(ls_key_random(k1), 0);
    assert_int_equal(ls_key_random(k2), 0);
    assert_memory_not_equal(k1, k2, 32);
    ls_key_wipe(k1);
    memset(k2, 0, sizeof k2);
    assert_memory_equal(k1, k2, 32);
}

/* The distinct-value hash.  Known answers: the key is python3
 * hashlib.blake2b(b"leakscan-distinct-v1", key=bytes(range(32)),
 * digest_size=16), the hash SipHash-2-4 of the value under it (a reference
 * implementation in Python, checked on SipHash's own first test vector). */
static void test_value_hash(void **state)
{
    unsigned char key[32], k2[32], vk[16], vk2[16];
    static const unsigned char want_vk[16] = {0x2b, 0x3b, 0xc6, 0xab, 0xe1, 0xaf, 0x70, 0xb4,
                                              0x79, 0x31, 0xc9, 0x11, 0xd8, 0x7b, 0xf6, 0xfe};
    (void)state;
    assert_int_equal(ls_crypto_init(), 0);
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)i;
    assert_int_equal(ls_valkey_derive(key, vk), 0);
    assert_memory_equal(vk, want_vk, 16);
    assert_true(ls_value_hash(vk, "abc", 3) == 0xa9f108a9c4ac9273ULL);
    assert_true(ls_value_hash(vk, "85073003328", 11) == 0xeaf68cb78a092dcbULL);
    assert_true(ls_value_hash(vk, "85073003329", 11) != ls_value_hash(vk, "85073003328", 11));
    /* another run key: other hashes */
    memset(k2, 2, sizeof k2);
    assert_int_equal(ls_valkey_derive(k2, vk2), 0);
    assert_memory_not_equal(vk, vk2, 16);
    assert_true(ls_value_hash(vk2, "abc", 3) != ls_value_hash(vk, "abc", 3));
    assert_int_equal(ls_valkey_derive(NULL, vk2), -1);
    ls_valkey_wipe(vk2);
    memset(k2, 0, 16);
    assert_memory_equal(vk2, k2, 16);
}

/* Known answer: python3 hashlib.blake2b(b"abc", key=bytes(range(32)),
 * digest_size=16).hexdigest(). */
static void test_fingerprint_kat(void **state)
{
    unsigned char key[32], fp[16];
    char hex[33];
    (void)state;
    for (int i = 0; i < 32; i++)
        key[i] = (unsigned char)i;
    assert_int_equal(ls_fingerprint(key, "abc", 3, fp), 0);
    ls_fingerprint_hex(fp, hex);
    assert_string_equal(hex, "1a64be47e4729d951c302ee543f97cf3");
}

static char *write_tmp(const char *content, size_t len)
{
    static const char tmpl[] = "/tmp/ls_test_key_XXXXXX";
    char *path = malloc(sizeof tmpl);
    int fd;
    assert_non_null(path);
    memcpy(path, tmpl, sizeof tmpl);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    close(fd);
    return path;
}

/* The cache gives ls_fingerprint's bytes for every value: repeated, long
 * (not cached), empty, colliding in the table, and after a key change. */
static void test_fingerprint_cache(void **state)
{
    struct ls_fpcache c = {0};
    unsigned char k1[32], k2[32], want[16], got[16];
    char v[80];
    int i, round;

    (void)state;
    memset(k1, 7, sizeof k1);
    memset(k2, 9, sizeof k2);
    assert_int_equal(ls_fingerprint_cached(&c, k1, "", 0, got), 0);
    assert_int_equal(ls_fingerprint(k1, "", 0, want), 0);
    assert_memory_equal(got, want, 16);
    for (round = 0; round < 3; round++) {
        const unsigned char *k = round == 2 ? k2 : k1;

        for (i = 0; i < 40000; i++) { /* more values than slots: collisions */
            size_t n = (size_t)snprintf(v, sizeof v, "%d-ABC-%d%s", i % 7, i,
                                        i % 5 == 0 ? "-a-rather-long-value-past-the-cache" : "");
            assert_int_equal(ls_fingerprint(k, v, n, want), 0);
            assert_int_equal(ls_fingerprint_cached(&c, k, v, n, got), 0);
            assert_memory_equal(got, want, 16);
            /* a value that differs in its last byte only */
            v[n - 1] ^= 1;
            assert_int_equal(ls_fingerprint(k, v, n, want), 0);
            assert_int_equal(ls_fingerprint_cached(&c, k, v, n, got), 0);
            assert_memory_equal(got, want, 16);
        }
    }
    assert_true(c.hits > 0);
    assert_int_equal(ls_fingerprint_cached(NULL, k1, "x", 1, got), 0);
    assert_int_equal(ls_fingerprint(k1, "x", 1, want), 0);
    assert_memory_equal(got, want, 16);
    assert_int_equal(ls_fingerprint_cached(&c, NULL, "x", 1, got), -1);
    ls_fpcache_free(&c);
    assert_null(c.slot);
}

static void test_key_load(void **state)
{
    unsigned char k1[32], k2[32], zero[32] = {0};
    char err[256], hex[65];
    static const char hex64[] =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n";
    char *p;
    (void)state;
    assert_int_equal(ls_crypto_init(), 0);

    /* python3: hashlib.blake2b(hex64, key=b"leakscan-key-v1",
     * digest_size=32).hexdigest() */
    p = write_tmp(hex64, sizeof hex64 - 1);
    assert_int_equal(ls_key_load(p, k1, err, sizeof err), 0);
    ls_fingerprint_hex(k1, hex);
    ls_fingerprint_hex(k1 + 16, hex + 32);
    assert_string_equal(hex, "a3be9409f50edbfb4e3da1f99726e5a73d7bfe41f8255ab9bf8a8d23774d87f5");
    unlink(p);
    free(p);

    p = write_tmp("a passphrase of some length", 27);
    assert_int_equal(ls_key_load(p, k1, err, sizeof err), 0);
    assert_int_equal(ls_key_load(p, k2, err, sizeof err), 0);
    assert_memory_equal(k1, k2, 32); /* deterministic derivation */
    unlink(p);
    free(p);

    p = write_tmp("too short", 9);
    memset(k1, 7, sizeof k1);
    assert_int_equal(ls_key_load(p, k1, err, sizeof err), -1);
    assert_non_null(strstr(err, "shorter"));
    assert_memory_equal(k1, zero, 32); /* wiped on failure */
    unlink(p);
    free(p);

    {
        char *big = calloc(1, 70000);
        assert_non_null(big);
        p = write_tmp(big, 70000);
        assert_int_equal(ls_key_load(p, k1, err, sizeof err), -1);
        assert_non_null(strstr(err, "64 KiB"));
        unlink(p);
        free(p);
        free(big);
    }

    assert_int_equal(ls_key_load("/nonexistent/leakscan.key", k1, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/leakscan.key"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mask_examples),
        cmocka_unit_test(test_mask_utf8),
        cmocka_unit_test(test_mask_small_buffer),
        cmocka_unit_test(test_normalizers),
        cmocka_unit_test(test_random_inputs),
        cmocka_unit_test(test_fingerprint),
        cmocka_unit_test(test_value_hash),
        cmocka_unit_test(test_fingerprint_kat),
        cmocka_unit_test(test_fingerprint_cache),
        cmocka_unit_test(test_key_load),
        cmocka_unit_test(test_ipv6_matches_reference),
        cmocka_unit_test(test_date_matches_reference),
        cmocka_unit_test(test_casefold_matches_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
