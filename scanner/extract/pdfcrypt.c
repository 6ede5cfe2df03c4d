/* extract/pdfcrypt.c — the PDF standard security handler (pdfcrypt.h), on
 * nettle.  The algorithm numbers are those of ISO 32000-2, 7.6.4.
 *
 * Passwords are used as given (bytes): R 2-4 pads or cuts them to 32
 * bytes, R 5-6 cuts them to 127 bytes (a password file is expected to hold
 * them already in the form the author typed, UTF-8 for R 5-6; SASLprep is
 * not applied). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/aes.h>
#include <nettle/arcfour.h>
#include <nettle/cbc.h>
#include <nettle/md5.h>
#include <nettle/sha2.h>

#include "extract/pdfcrypt.h"

static const unsigned char pad32[32] = {
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
    0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A};

static void rc4(const unsigned char *key, size_t kl, unsigned char *buf, size_t n)
{
    struct arcfour_ctx a;
    arcfour_set_key(&a, kl, key);
    arcfour_crypt(&a, n, buf, buf);
}

static void padded(const char *pw, size_t pwlen, unsigned char out[32])
{
    size_t k = pwlen < 32 ? pwlen : 32;
    memcpy(out, pw, k);
    memcpy(out + k, pad32, 32 - k);
}

/* Algorithm 2: the file key from a (user) password, R 2-4. */
static void key_r4(const struct ls_pdfcrypt_params *p, const char *pw, size_t pwlen,
                   unsigned char key[16])
{
    struct md5_ctx m;
    unsigned char h[MD5_DIGEST_SIZE], pb[32], pp[4];
    padded(pw, pwlen, pb);
    md5_init(&m);
    md5_update(&m, 32, pb);
    md5_update(&m, 32, p->o);
    pp[0] = (unsigned char)p->p;
    pp[1] = (unsigned char)(p->p >> 8);
    pp[2] = (unsigned char)(p->p >> 16);
    pp[3] = (unsigned char)(p->p >> 24);
    md5_update(&m, 4, pp);
    md5_update(&m, p->id0len, p->id0);
    if (p->r >= 4 && !p->encrypt_metadata)
        md5_update(&m, 4, (const uint8_t *)"\xFF\xFF\xFF\xFF");
    md5_digest(&m, sizeof h, h);
    if (p->r >= 3)
        for (int i = 0; i < 50; i++) {
            md5_init(&m);
            md5_update(&m, p->keylen, h);
            md5_digest(&m, sizeof h, h);
        }
    memcpy(key, h, 16);
}

/* Algorithms 4 and 5: 1 when key opens /U. */
static int check_u_r4(const struct ls_pdfcrypt_params *p, const unsigned char *key)
{
    unsigned char u[32];
    if (p->r == 2) {
        memcpy(u, pad32, 32);
        rc4(key, p->keylen, u, 32);
        return memcmp(u, p->u, 32) == 0;
    }
    struct md5_ctx m;
    md5_init(&m);
    md5_update(&m, 32, pad32);
    md5_update(&m, p->id0len, p->id0);
    md5_digest(&m, 16, u);
    for (unsigned i = 0; i < 20; i++) {
        unsigned char k[16];
        for (unsigned j = 0; j < p->keylen; j++)
            k[j] = (unsigned char)(key[j] ^ i);
        rc4(k, p->keylen, u, 16);
    }
    return memcmp(u, p->u, 16) == 0;
}

/* Algorithm 7's first steps: the user password held in /O, from an owner
 * password (R 2-4); out gets 32 bytes. */
static void user_from_owner(const struct ls_pdfcrypt_params *p, const char *pw, size_t pwlen,
                            unsigned char out[32])
{
    struct md5_ctx m;
    unsigned char h[MD5_DIGEST_SIZE], pb[32];
    padded(pw, pwlen, pb);
    md5_init(&m);
    md5_update(&m, 32, pb);
    md5_digest(&m, sizeof h, h);
    if (p->r >= 3)
        for (int i = 0; i < 50; i++) {
            md5_init(&m);
            md5_update(&m, sizeof h, h);
            md5_digest(&m, sizeof h, h);
        }
    memcpy(out, p->o, 32);
    if (p->r == 2) {
        rc4(h, p->keylen, out, 32);
        return;
    }
    for (int i = 19; i >= 0; i--) {
        unsigned char k[16];
        for (unsigned j = 0; j < p->keylen; j++)
            k[j] = (unsigned char)(h[j] ^ (unsigned)i);
        rc4(k, p->keylen, out, 32);
    }
}

/* Algorithm 2.B (R 6; R 5 is the first SHA-256 alone): the hash of a
 * password with an 8-byte salt and, for the owner, the 48 bytes of /U. */
static void hash_r6(int r, const unsigned char *pw, size_t pwlen, const unsigned char *salt,
                    const unsigned char *udata, size_t ulen, unsigned char out[32])
{
    struct sha256_ctx s256;
    struct sha384_ctx s384;
    struct sha512_ctx s512;
    unsigned char k[64];
    size_t kl = 32;
    sha256_init(&s256);
    sha256_update(&s256, pwlen, pw);
    sha256_update(&s256, 8, salt);
    if (ulen)
        sha256_update(&s256, ulen, udata);
    sha256_digest(&s256, 32, k);
    if (r == 5) {
        memcpy(out, k, 32);
        return;
    }
    size_t seq = pwlen + 64 + ulen; /* at most 127 + 64 + 48 */
    unsigned char *k1 = malloc(seq * 64), *e = malloc(seq * 64);
    if (!k1 || !e) {
        free(k1);
        free(e);
        memset(out, 0, 32); /* matches nothing: the password is taken as wrong */
        return;
    }
    for (unsigned i = 0;; i++) {
        size_t l = pwlen + kl + ulen;
        for (int j = 0; j < 64; j++) {
            memcpy(k1 + (size_t)j * l, pw, pwlen);
            memcpy(k1 + (size_t)j * l + pwlen, k, kl);
            if (ulen) /* the user's hash has no /U data */
                memcpy(k1 + (size_t)j * l + pwlen + kl, udata, ulen);
        }
        struct aes128_ctx a;
        unsigned char iv[16];
        aes128_set_encrypt_key(&a, k);
        memcpy(iv, k + 16, 16);
        cbc_encrypt(&a, (nettle_cipher_func *)aes128_encrypt, 16, iv, l * 64, e, k1);
        unsigned sum = 0;
        for (int j = 0; j < 16; j++)
            sum += e[j];
        switch (sum % 3) {
        case 0:
            sha256_init(&s256);
            sha256_update(&s256, l * 64, e);
            sha256_digest(&s256, 32, k);
            kl = 32;
            break;
        case 1:
            sha384_init(&s384);
            sha384_update(&s384, l * 64, e);
            sha384_digest(&s384, 48, k);
            kl = 48;
            break;
        default:
            sha512_init(&s512);
            sha512_update(&s512, l * 64, e);
            sha512_digest(&s512, 64, k);
            kl = 64;
        }
        if (i >= 63 && e[l * 64 - 1] <= i - 31)
            break;
    }
    memcpy(out, k, 32);
    free(k1);
    free(e);
}

static void aes256_cbc_nopad_decrypt(const unsigned char key[32], const unsigned char *in,
                                     unsigned char out[32])
{
    struct aes256_ctx a;
    unsigned char iv[16] = {0};
    aes256_set_decrypt_key(&a, key);
    cbc_decrypt(&a, (nettle_cipher_func *)aes256_decrypt, 16, iv, 32, out, in);
}

/* Algorithms 2.A, 11 and 12 (R 5-6): 0 opened, 1 wrong password. */
static int open_r6(struct ls_pdfcrypt *c, const char *pw, size_t pwlen)
{
    const struct ls_pdfcrypt_params *p = &c->p;
    const unsigned char *w = (const unsigned char *)pw;
    unsigned char h[32];
    if (pwlen > 127)
        pwlen = 127;
    hash_r6(p->r, w, pwlen, p->u + 32, NULL, 0, h);
    if (memcmp(h, p->u, 32) == 0) {
        hash_r6(p->r, w, pwlen, p->u + 40, NULL, 0, h);
        aes256_cbc_nopad_decrypt(h, p->ue, c->key);
        return 0;
    }
    hash_r6(p->r, w, pwlen, p->o + 32, p->u, 48, h);
    if (memcmp(h, p->o, 32) == 0) {
        hash_r6(p->r, w, pwlen, p->o + 40, p->u, 48, h);
        aes256_cbc_nopad_decrypt(h, p->oe, c->key);
        return 0;
    }
    return 1;
}

static int check_params(const struct ls_pdfcrypt_params *p, char *why, size_t whylen)
{
    if (p->r < 2 || p->r > 6) {
        snprintf(why, whylen, "unsupported revision /R %d", p->r);
        return -1;
    }
    size_t want = p->r >= 5 ? 48 : 32;
    if (p->olen < want || p->ulen < want) {
        snprintf(why, whylen, "/O or /U is %zu or %zu bytes, want %zu", p->olen, p->ulen, want);
        return -1;
    }
    if (p->r >= 5 && (p->oelen < 32 || p->uelen < 32)) {
        snprintf(why, whylen, "/OE or /UE is %zu or %zu bytes, want 32", p->oelen, p->uelen);
        return -1;
    }
    if (p->r <= 4 && (p->keylen < 5 || p->keylen > 16)) {
        snprintf(why, whylen, "key length of %u bits", p->keylen * 8);
        return -1;
    }
    if ((p->stm == LS_PDFC_AESV3 || p->str == LS_PDFC_AESV3) != (p->r >= 5) &&
        (p->stm != LS_PDFC_IDENTITY || p->str != LS_PDFC_IDENTITY)) {
        snprintf(why, whylen, "crypt filter does not fit revision %d", p->r);
        return -1;
    }
    return 0;
}

int ls_pdfcrypt_open(struct ls_pdfcrypt *c, const struct ls_pdfcrypt_params *params,
                     const char *password, size_t pwlen, char *why, size_t whylen)
{
    memset(c, 0, sizeof *c);
    c->p = *params;
    if (check_params(&c->p, why, whylen) != 0)
        return -1;
    if (c->p.r >= 5) {
        c->keylen = 32;
        return open_r6(c, password, pwlen);
    }
    c->keylen = c->p.keylen;
    key_r4(&c->p, password, pwlen, c->key);
    if (check_u_r4(&c->p, c->key))
        return 0;
    unsigned char user[32];
    user_from_owner(&c->p, password, pwlen, user);
    key_r4(&c->p, (const char *)user, 32, c->key);
    return check_u_r4(&c->p, c->key) ? 0 : 1;
}

/* Algorithm 1: the key of one object (R 2-4). */
static size_t object_key(const struct ls_pdfcrypt *c, uint32_t num, uint32_t gen, int aes,
                         unsigned char out[16])
{
    struct md5_ctx m;
    unsigned char h[MD5_DIGEST_SIZE],
        ng[5] = {(unsigned char)num, (unsigned char)(num >> 8), (unsigned char)(num >> 16),
                 (unsigned char)gen, (unsigned char)(gen >> 8)};
    md5_init(&m);
    md5_update(&m, c->keylen, c->key);
    md5_update(&m, 5, ng);
    if (aes)
        md5_update(&m, 4, (const uint8_t *)"sAlT");
    md5_digest(&m, sizeof h, h);
    size_t n = c->keylen + 5 < 16 ? c->keylen + 5 : 16;
    memcpy(out, h, n);
    return n;
}

static unsigned char *aes_cbc(const struct ls_pdfcrypt *c, const unsigned char *key, int bits256,
                              const unsigned char *in, size_t n, size_t *outn)
{
    *outn = 0;
    if (n < 32) /* an IV and at least one block */
        return n == 16 ? calloc(1, 1) : NULL;
    (void)c;
    size_t bl = (n - 16) / 16 * 16;
    unsigned char *out = malloc(bl + 1), iv[16];
    if (!out)
        return NULL;
    memcpy(iv, in, 16);
    if (bits256) {
        struct aes256_ctx a;
        aes256_set_decrypt_key(&a, key);
        cbc_decrypt(&a, (nettle_cipher_func *)aes256_decrypt, 16, iv, bl, out, in + 16);
    } else {
        struct aes128_ctx a;
        aes128_set_decrypt_key(&a, key);
        cbc_decrypt(&a, (nettle_cipher_func *)aes128_decrypt, 16, iv, bl, out, in + 16);
    }
    unsigned padn = out[bl - 1];
    if (padn >= 1 && padn <= 16)
        bl -= padn;
    out[bl] = 0;
    *outn = bl;
    return out;
}

unsigned char *ls_pdfcrypt_decrypt(const struct ls_pdfcrypt *c, int stream, uint32_t num,
                                   uint32_t gen, const unsigned char *in, size_t n, size_t *outn)
{
    enum ls_pdfcrypt_method how = stream ? c->p.stm : c->p.str;
    unsigned char k[16];
    unsigned char *out;
    if (how == LS_PDFC_AESV3)
        return aes_cbc(c, c->key, 1, in, n, outn);
    if (how == LS_PDFC_AESV2) {
        object_key(c, num, gen, 1, k);
        return aes_cbc(c, k, 0, in, n, outn);
    }
    if (!(out = malloc(n + 1)))
        return NULL;
    memcpy(out, in, n);
    out[n] = 0;
    *outn = n;
    if (how == LS_PDFC_RC4)
        rc4(k, object_key(c, num, gen, 0, k), out, n);
    return out;
}
