/* normalize.h — canonical forms of matched values, for distinct counting.
 *
 * The tally counts `unique` values per category (docs/report.md): two writings of
 * the same national number (`85.07.30-033.28`, `85073003328`) or phone
 * (`03/250.64.10`, `+32 3 250 64 10`) must count once.  A rule names its
 * normalizer; the canonical form is then fingerprinted (mask.h) and never
 * written out in clear.  Pure, thread-safe, no allocation. */
#ifndef LS_NORMALIZE_H
#define LS_NORMALIZE_H

#include <stddef.h>

/* Writes the canonical form of s[0..n) to out[0..outlen) (not
 * NUL-terminated) and returns its length.  Returns 0 when the form does not
 * fit in outlen (never a truncated form) or when s holds nothing to keep.
 * An output buffer of n + 48 bytes is always large enough. */
typedef size_t (*ls_normalize_fn)(const char *s, size_t n, char *out, size_t outlen);

struct ls_normalizer {
    const char *name;    /* stable id used by rule packs, e.g. "digits" */
    ls_normalize_fn fn;  /* the transformation */
    const char *summary; /* one line for docs and `leakscan rules --list` */
};

/* All normalizers, terminated by {NULL, NULL, NULL}.  Read-only. */
extern const struct ls_normalizer ls_normalizers[];

/* The normalizer called `name` (NUL-terminated), or NULL if unknown. */
const struct ls_normalizer *ls_normalizer_find(const char *name);

/* digits: the decimal digits only. */
size_t ls_norm_digits(const char *s, size_t n, char *out, size_t outlen);
size_t ls_norm_date(const char *s, size_t n, char *out, size_t outlen);
/* excel_date: YYYY-MM-DD of a 5-digit spreadsheet serial date (days since
 * 1899-12-30, the 1900 date system); anything else: its digits. */
size_t ls_norm_excel_date(const char *s, size_t n, char *out, size_t outlen);
/* upper_alnum: ASCII letters (upper-cased) and digits only. */
size_t ls_norm_upper_alnum(const char *s, size_t n, char *out, size_t outlen);
/* lower: ASCII lower case, everything else as is (e-mail). */
size_t ls_norm_lower(const char *s, size_t n, char *out, size_t outlen);
/* e164_be: "+<country><number>"; national forms are Belgian (+32). */
size_t ls_norm_e164_be(const char *s, size_t n, char *out, size_t outlen);
/* nn_be: the 11 digits of a national register or BIS number; 8 to 10 digits
 * (leading zeros dropped by a spreadsheet) are padded with zeros to 11. */
size_t ls_norm_nn_be(const char *s, size_t n, char *out, size_t outlen);
/* ipv6: RFC 5952 text (lower case, longest zero run as "::", zone
 * dropped); input that does not parse is lower-cased. */
size_t ls_norm_ipv6(const char *s, size_t n, char *out, size_t outlen);
/* casefold_ws: ASCII lower case, Latin-1 letters folded to ASCII (é -> e,
 * ß -> ss), white space (incl. NBSP) collapsed to one space and trimmed. */
size_t ls_norm_casefold_ws(const char *s, size_t n, char *out, size_t outlen);
/* none: the text as matched. */
size_t ls_norm_none(const char *s, size_t n, char *out, size_t outlen);

#endif /* LS_NORMALIZE_H */
