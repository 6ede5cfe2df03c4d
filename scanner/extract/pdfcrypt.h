/* pdfcrypt.h — the PDF standard security handler (ISO 32000-2, 7.6.4): the
 * file key from a password, and the decryption of one object's strings and
 * streams.  Revisions 2 to 4 (RC4 of 40 to 128 bits, AESV2: AES-128-CBC)
 * and 5 and 6 (AESV3: AES-256-CBC; R6 with the SHA-256/384/512 hash of
 * ISO 32000-2).  The crypto is nettle's.  pdf.c reads the /Encrypt
 * dictionary into struct ls_pdfcrypt_params; nothing here parses PDF. */
#ifndef LS_PDFCRYPT_H
#define LS_PDFCRYPT_H

#include <stddef.h>
#include <stdint.h>

/* How strings or streams are encrypted (a crypt filter's /CFM). */
enum ls_pdfcrypt_method {
    LS_PDFC_IDENTITY = 0, /* not encrypted (/Identity, /None) */
    LS_PDFC_RC4,          /* /V2, and V 1 and 2 */
    LS_PDFC_AESV2,        /* AES-128-CBC, IV first, PKCS#5 padding */
    LS_PDFC_AESV3         /* AES-256-CBC, the file key for every object */
};

/* What the /Encrypt dictionary and the trailer's /ID say. */
struct ls_pdfcrypt_params {
    int v, r;        /* /V, /R */
    unsigned keylen; /* file key bytes: /Length / 8 (5 to 16) for R 2-4, 32 for R 5-6 */
    const unsigned char *o, *u, *oe, *ue; /* /O, /U, /OE, /UE (R 5-6) */
    size_t olen, ulen, oelen, uelen;
    uint32_t p;               /* /P as 32 bits */
    const unsigned char *id0; /* first string of the trailer's /ID (R 2-4), may be empty */
    size_t id0len;
    int encrypt_metadata;             /* /EncryptMetadata (default true) */
    enum ls_pdfcrypt_method stm, str; /* for streams and for strings */
};

struct ls_pdfcrypt {
    struct ls_pdfcrypt_params p;
    unsigned char key[32];
    unsigned keylen;
};

/* Checks params and tries password (pwlen bytes; "" for the empty user
 * password) as the user and then as the owner password.  Returns 0 and fills
 * *c when it opens the file; 1 when the password is wrong; -1 when params
 * are damaged or unsupported, why saying which (e.g. "/U is 12 bytes, want
 * 32"). */
int ls_pdfcrypt_open(struct ls_pdfcrypt *c, const struct ls_pdfcrypt_params *params,
                     const char *password, size_t pwlen, char *why, size_t whylen);

/* Decrypts in[0..n) of object num, generation gen (a string when stream is
 * 0) into a malloc'd buffer (*outn bytes, NUL-terminated).  NULL when out of
 * memory or when AES data is damaged (shorter than its IV, not whole
 * blocks, bad padding: *outn is then 0 and the caller names it). */
unsigned char *ls_pdfcrypt_decrypt(const struct ls_pdfcrypt *c, int stream, uint32_t num,
                                   uint32_t gen, const unsigned char *in, size_t n, size_t *outn);

#endif
