/* mask.c — masked previews and keyed fingerprints (see mask.h).
 *
 * Called by the tally/report stage for every finding that is written out:
 * the preview tells a reader what kind of value was found and keeps its
 * layout; the fingerprint lets two runs with the same key be merged
 * without either of them holding the value in clear. */
#include "match/mask.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

/* Largest key file read: a key is 32 bytes; anything far larger is a wrong
 * path, not a key. */
#define LS_KEY_FILE_MAX (64 * 1024)
/* Shortest key material accepted for derivation (128 bits). */
#define LS_KEY_FILE_MIN 16
/* BLAKE2b key used to derive the fingerprint key from a key file's content
 * (domain separation; the same derivation as engine.c's load_key, so a key
 * file gives the same fingerprints whichever path loads it). */
#define LS_KEY_CONTEXT "leakscan-key-v1"
/* At most this many leading letters/digits are ever revealed. */
#define LS_MASK_KEEP_MAX 6

/* Length of the UTF-8 unit starting at s[i]: a well-formed code point, or
 * 1 for a stray byte (which is then masked like a letter). */
static size_t unit_len(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t len;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c < 0xE0)
        len = 2;
    else if (c >= 0xE0 && c < 0xF0)
        len = 3;
    else if (c >= 0xF0 && c < 0xF5)
        len = 4;
    else
        return 1;
    if (i + len > n)
        return 1;
    for (size_t j = 1; j < len; j++)
        if (((unsigned char)s[i + j] & 0xC0) != 0x80)
            return 1;
    return len;
}

/* A letter, digit or any non-ASCII code point: something to mask.  ASCII
 * punctuation and spaces are layout and are kept. */
static int is_content(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int ascii_letter(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* Two letters, two digits, 15-34 ASCII letters/digits with spaces, dashes
 * or dots: shown as an IBAN (country and check digits, last 2). */
static int looks_iban(const char *s, size_t n)
{
    char c[40];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '-' || ch == '.')
            continue;
        if (ch >= 0x80 || !is_content(s, i) || k >= sizeof c)
            return 0;
        c[k++] = (char)ch;
    }
    return k >= 15 && k <= 34 && ascii_letter(c[0]) && ascii_letter(c[1]) && c[2] >= '0' &&
           c[2] <= '9' && c[3] >= '0' && c[3] <= '9';
}

static size_t mask_email(const char *s, size_t n, size_t at, char *out, size_t outlen)
{
    size_t first = unit_len(s, n, 0), len;
    if (first > at)
        first = at;
    len = first + 3 + (n - at);
    if (len + 1 > outlen)
        return 0;
    memcpy(out, s, first);
    memcpy(out + first, "***", 3);
    memcpy(out + first + 3, s + at, n - at);
    out[len] = '\0';
    return len;
}

/* How many leading letters/digits to reveal (see mask.h). */
static size_t keep_count(const char *s, size_t n, size_t total)
{
    size_t goal = (2 * total + 4) / 5; /* ceil(40 %) */
    size_t cap = (3 * total + 4) / 5;  /* ceil(60 %) */
    size_t keep = 0;
    if (cap > LS_MASK_KEEP_MAX)
        cap = LS_MASK_KEEP_MAX;
    if (cap >= total)
        cap = total > 0 ? total - 1 : 0;
    if (goal > cap)
        goal = cap;
    for (size_t i = 0; i < n && keep < goal;) {
        size_t glen = 0, j = i;
        if (!is_content(s, i)) {
            i += unit_len(s, n, i);
            continue;
        }
        while (j < n && is_content(s, j)) {
            glen++;
            j += unit_len(s, n, j);
        }
        if (keep + glen > cap) {
            if (keep == 0)
                keep = goal; /* one long group: cut it */
            break;
        }
        keep += glen; /* whole groups: 1-ABC-***, 85.07.30-***.** */
        i = j;
    }
    return keep;
}

size_t ls_mask(const char *s, size_t n, char *out, size_t outlen)
{
    size_t total = 0, keep, tail = 0, seen = 0, k = 0, at = 0;
    if (out == NULL || outlen == 0)
        return 0;
    out[0] = '\0';
    if (s == NULL)
        return 0;
    for (size_t i = 1; i < n && at == 0; i++)
        if (s[i] == '@')
            at = i;
    if (at > 0 && at + 1 < n && memchr(s + at + 1, '.', n - at - 1) != NULL)
        return mask_email(s, n, at, out, outlen);

    for (size_t i = 0; i < n; i += unit_len(s, n, i))
        if (is_content(s, i))
            total++;
    if (looks_iban(s, n)) {
        keep = 4; /* country + check digits */
        tail = 2;
    } else {
        keep = keep_count(s, n, total);
    }
    for (size_t i = 0; i < n;) {
        size_t u = unit_len(s, n, i);
        int reveal = 1;
        if (is_content(s, i)) {
            reveal = seen < keep || seen + tail >= total;
            seen++;
        }
        if (k + (reveal ? u : 1) + 1 > outlen) {
            out[0] = '\0';
            return 0;
        }
        if (reveal) {
            memcpy(out + k, s + i, u);
            k += u;
        } else {
            out[k++] = '*';
        }
        i += u;
    }
    out[k] = '\0';
    return k;
}

int ls_crypto_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

int ls_key_random(unsigned char key[32])
{
    if (key == NULL || sodium_init() < 0)
        return -1;
    randombytes_buf(key, LS_KEY_BYTES);
    return 0;
}

void ls_key_wipe(unsigned char key[32])
{
    if (key != NULL)
        sodium_memzero(key, LS_KEY_BYTES);
}

static void set_err(char *err, size_t errlen, const char *path, const char *what)
{
    if (err != NULL && errlen > 0)
        snprintf(err, errlen, "key file %s: %s", path, what);
}

int ls_key_load(const char *path, unsigned char key[32], char *err, size_t errlen)
{
    int status = -1;
    FILE *f = NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    if (path == NULL || key == NULL) {
        set_err(err, errlen, "(none)", "no path or key buffer");
        return -1;
    }
    if (sodium_init() < 0) {
        set_err(err, errlen, path, "libsodium cannot be initialised");
        goto out;
    }
    buf = malloc(LS_KEY_FILE_MAX + 1);
    if (buf == NULL) {
        set_err(err, errlen, path, "out of memory");
        goto out;
    }
    f = fopen(path, "rb");
    if (f == NULL) {
        set_err(err, errlen, path, strerror(errno));
        goto out;
    }
    len = fread(buf, 1, LS_KEY_FILE_MAX + 1, f);
    if (ferror(f)) {
        set_err(err, errlen, path, "read error");
        goto out;
    }
    if (len > LS_KEY_FILE_MAX) {
        set_err(err, errlen, path, "larger than 64 KiB, not a key");
        goto out;
    }
    if (len < LS_KEY_FILE_MIN) {
        set_err(err, errlen, path, "shorter than 16 bytes, refused");
        goto out;
    }
    if (crypto_generichash(key, LS_KEY_BYTES, buf, len, (const unsigned char *)LS_KEY_CONTEXT,
                           sizeof LS_KEY_CONTEXT - 1) != 0) {
        set_err(err, errlen, path, "key derivation failed");
        goto out;
    }
    status = 0;
out:
    if (f != NULL)
        fclose(f);
    if (buf != NULL) {
        sodium_memzero(buf, LS_KEY_FILE_MAX + 1);
        free(buf);
    }
    if (status != 0)
        sodium_memzero(key, LS_KEY_BYTES);
    return status;
}

int ls_fingerprint(const unsigned char key[32], const char *norm, size_t n, unsigned char out[16])
{
    if (key == NULL || out == NULL || (norm == NULL && n > 0))
        return -1;
    if (crypto_generichash(out, LS_FP_BYTES, (const unsigned char *)norm, n, key, LS_KEY_BYTES) !=
        0)
        return -1;
    return 0;
}

/* Label of the value-hash key (domain separation from the fingerprints). */
#define LS_VALKEY_CONTEXT "leakscan-distinct-v1"

_Static_assert(crypto_shorthash_siphash24_KEYBYTES == LS_VALKEY_BYTES, "SipHash key size");
_Static_assert(crypto_shorthash_siphash24_BYTES == 8, "SipHash-2-4 gives 64 bits");

int ls_valkey_derive(const unsigned char key[32], unsigned char vkey[16])
{
    if (key == NULL || vkey == NULL)
        return -1;
    if (crypto_generichash(vkey, LS_VALKEY_BYTES, (const unsigned char *)LS_VALKEY_CONTEXT,
                           sizeof LS_VALKEY_CONTEXT - 1, key, LS_KEY_BYTES) != 0)
        return -1;
    return 0;
}

void ls_valkey_wipe(unsigned char vkey[16])
{
    if (vkey != NULL)
        sodium_memzero(vkey, LS_VALKEY_BYTES);
}

uint64_t ls_value_hash(const unsigned char vkey[16], const char *norm, size_t n)
{
    unsigned char out[crypto_shorthash_siphash24_BYTES];
    uint64_t h;

    crypto_shorthash_siphash24(out, (const unsigned char *)norm, n, vkey);
    h = 0;
    for (int i = 7; i >= 0;
         i--) /* SipHash's output is little-endian: the same number on any host */
        h = h << 8 | out[i];
    return h;
}

/* One cached value: 64 bytes, one cache line. */
struct ls_fpcache_slot {
    unsigned char len; /* value bytes + 1; 0: empty */
    char v[LS_FPCACHE_VALUE];
    unsigned char pad;
    unsigned char fp[LS_FP_BYTES];
};
_Static_assert(sizeof(struct ls_fpcache_slot) == 64, "a cache slot is one cache line");

/* The slot of value s[0..n) (n <= LS_FPCACHE_VALUE): a multiplicative mix
 * of its 8-byte words (any well-spread hash will do; it only places). */
static size_t fpcache_index(const char *s, size_t n)
{
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15ULL, w;
    size_t i;

    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    if (i < n) {
        w = 0;
        memcpy(&w, s + i, n - i);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    h *= 0x94D049BB133111EBULL;
    return (size_t)(h >> 32) & (LS_FPCACHE_SLOTS - 1);
}

int ls_fingerprint_cached(struct ls_fpcache *c, const unsigned char key[32], const char *norm,
                          size_t n, unsigned char out[16])
{
    struct ls_fpcache_slot *sl;

    if (c == NULL || n > LS_FPCACHE_VALUE || key == NULL || out == NULL || norm == NULL)
        return ls_fingerprint(key, norm, n, out);
    if (c->slot == NULL) {
        c->slot = calloc(LS_FPCACHE_SLOTS, sizeof *c->slot);
        if (c->slot == NULL)
            return ls_fingerprint(key, norm, n, out);
        memcpy(c->key, key, sizeof c->key);
    } else if (memcmp(c->key, key, sizeof c->key) != 0) { /* another key: start over */
        sodium_memzero(c->slot, LS_FPCACHE_SLOTS * sizeof *c->slot);
        memcpy(c->key, key, sizeof c->key);
    }
    sl = &c->slot[fpcache_index(norm, n)];
    if (sl->len == n + 1 && memcmp(sl->v, norm, n) == 0) {
        memcpy(out, sl->fp, LS_FP_BYTES);
        c->hits++;
        return 0;
    }
    c->misses++;
    if (ls_fingerprint(key, norm, n, out) != 0)
        return -1;
    sl->len = (unsigned char)(n + 1);
    memcpy(sl->v, norm, n);
    memcpy(sl->fp, out, LS_FP_BYTES);
    return 0;
}

void ls_fpcache_free(struct ls_fpcache *c)
{
    if (c->slot) {
        sodium_memzero(c->slot, LS_FPCACHE_SLOTS * sizeof *c->slot);
        free(c->slot);
    }
    sodium_memzero(c, sizeof *c);
}

void ls_fingerprint_hex(const unsigned char fp[16], char hex[33])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < LS_FP_BYTES; i++) {
        hex[2 * i] = digits[fp[i] >> 4];
        hex[2 * i + 1] = digits[fp[i] & 15];
    }
    hex[2 * LS_FP_BYTES] = '\0';
}
