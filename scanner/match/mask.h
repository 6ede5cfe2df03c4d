/* mask.h — what the report may say about a matched value.
 *
 * docs/report.md, privacy of the output: by default no matched value is written
 * anywhere.  A finding carries a masked preview that keeps the layout and
 * reveals little (ls_mask) and a keyed fingerprint of its normalized form
 * (ls_fingerprint: keyed BLAKE2b via libsodium) so that runs with the same
 * key can be compared and merged.  An unkeyed hash of an 11-digit national
 * number is reversible by brute force in seconds: there is none here. */
#ifndef LS_MASK_H
#define LS_MASK_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of a key, of a fingerprint and of its hex form (with NUL). */
#define LS_KEY_BYTES 32
#define LS_FP_BYTES 16
#define LS_FP_HEX_BYTES 33

/* Writes a masked preview of the UTF-8 text s[0..n) to out, NUL-terminated,
 * and returns its length.  Layout (ASCII punctuation and spaces) is kept;
 * the first ~40 % of the letters/digits (at most 6, whole groups where
 * possible, never all) are kept and every other letter, digit or non-ASCII
 * code point becomes one '*'.  E-mail: first character + "***" + "@domain".
 * IBAN: country, check digits and the last 2 characters.  The result is
 * never longer than n + 3 bytes (an e-mail with a one-character local
 * part), so outlen >= n + 4 always suffices; if it does not fit, out is set
 * to "" and 0 is returned.  Pure, thread-safe. */
size_t ls_mask(const char *s, size_t n, char *out, size_t outlen);

/* Once, on the main thread, before the functions below: initialises
 * libsodium.  Returns 0 on success, -1 if libsodium cannot be used. */
int ls_crypto_init(void);

/* Fills key with LS_KEY_BYTES random bytes (a per-run key that is never
 * written anywhere).  Returns 0, or -1 if libsodium cannot be used. */
int ls_key_random(unsigned char key[32]);

/* Loads a key from the file at path: the key is BLAKE2b-256 of the whole
 * content (16 bytes to 64 KiB, e.g. 32 random bytes or 64 hex characters),
 * keyed with "leakscan-key-v1", so any key file of at least 16 bytes gives
 * a full-strength key.  Shorter or larger files are refused.  Returns 0, or
 * -1 with a message naming the path in err[0..errlen) and key wiped.  The
 * file buffer is wiped; wipe the key itself with ls_key_wipe() when done. */
int ls_key_load(const char *path, unsigned char key[32], char *err, size_t errlen);

/* sodium_memzero() of a key. */
void ls_key_wipe(unsigned char key[32]);

/* out = BLAKE2b-128 keyed with key over norm[0..n) (the normalized value,
 * normalize.h).  Returns 0, or -1 on bad arguments.  Thread-safe. */
int ls_fingerprint(const unsigned char key[32], const char *norm, size_t n, unsigned char out[16]);

/* The distinct-value sets (fpset.h) hold a cheaper keyed hash than the
 * fingerprint: SipHash-2-4 (libsodium crypto_shorthash), 64 bits, under a
 * 16-byte key derived from the run's key (BLAKE2b-128 keyed with it over a
 * fixed label), so every thread of a run derives the same one.  The hash
 * only ever lives in memory and is never written; a fingerprint is only
 * computed for a findings line. */
#define LS_VALKEY_BYTES 16

/* Derives the value-hash key from the run's key.  0, or -1 on bad
 * arguments.  Wipe it with sodium_memzero (ls_key_wipe wipes 32 bytes: use
 * ls_valkey_wipe). */
int ls_valkey_derive(const unsigned char key[32], unsigned char vkey[16]);
/* Wipes a value-hash key. */
void ls_valkey_wipe(unsigned char vkey[16]);
/* SipHash-2-4 of norm[0..n) under vkey, as a number.  Pure, thread-safe. */
uint64_t ls_value_hash(const unsigned char vkey[16], const char *norm, size_t n);

/* A memo of recent fingerprints, for one thread (one matcher): a value that
 * comes back (a plate seen by every camera, a phone number in every call
 * record) costs a table look-up instead of a BLAKE2b.  Direct-mapped, at
 * most LS_FPCACHE_SLOTS values (4 MiB) of at most LS_FPCACHE_VALUE bytes (longer
 * ones are always computed); an entry is only ever used for the exact
 * bytes and key it was computed from, so the fingerprints are exactly
 * ls_fingerprint's.  A zeroed struct is an empty cache (the table is
 * allocated on first use); it holds values in clear: free it with
 * ls_fpcache_free(), which wipes it. */
#define LS_FPCACHE_SLOTS 65536
#define LS_FPCACHE_VALUE 46
struct ls_fpcache {
    struct ls_fpcache_slot *slot; /* LS_FPCACHE_SLOTS entries, or NULL */
    unsigned char key[32];        /* the key of every cached fingerprint */
    unsigned long long hits, misses;
};

/* ls_fingerprint(key, norm, n, out) through the cache c (NULL: no cache).
 * Same result and return value; when the table cannot be allocated the
 * value is simply computed.  Not thread-safe for one c. */
int ls_fingerprint_cached(struct ls_fpcache *c, const unsigned char key[32], const char *norm,
                          size_t n, unsigned char out[16]);

/* Wipes and frees the table; c is an empty cache again. */
void ls_fpcache_free(struct ls_fpcache *c);

/* Lower-case hex of a fingerprint, NUL-terminated (33 bytes). */
void ls_fingerprint_hex(const unsigned char fp[16], char hex[33]);

#endif /* LS_MASK_H */
