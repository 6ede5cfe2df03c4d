/* validate.h — named, pure checksum and format validators.
 *
 * A rule pack names a validator ("nn_be", "iban", ...) for each pattern; the
 * rule engine looks it up once at load time with ls_validator_find() and
 * calls it on every regex match.  A validator sees the matched text as it
 * appears in the document (separators such as '.', '-', '/', ' ', '+' are
 * allowed where the written forms of docs/identifiers.md use them) and answers "could
 * this be a real one": a checksum, a calendar, a range or a table.  Context
 * (keywords nearby) is the rule engine's business, not the validator's:
 * `EUR-100` is a valid *shape* for plate_be.
 *
 * Every validator is pure and thread-safe: no allocation, no global state
 * (nn_be and bis_be read the clock to refuse birth years in the future). */
#ifndef LS_VALIDATE_H
#define LS_VALIDATE_H

#include <stddef.h>

/* s[0..n) is the matched text as it appears (not NUL-terminated); returns 1
 * when it is a valid value of the kind, 0 otherwise (including n == 0 or
 * s == NULL).  Never reads outside s[0..n). */
typedef int (*ls_validate_fn)(const char *s, size_t n);

struct ls_validator {
    const char *name;    /* stable id used by rule packs, e.g. "nn_be" */
    ls_validate_fn fn;   /* the check itself */
    const char *summary; /* one line for `leakscan rules --list` and docs */
};

/* All validators, terminated by {NULL, NULL, NULL}.  Read-only. */
extern const struct ls_validator ls_validators[];

/* The validator called `name` (NUL-terminated), or NULL if unknown. */
const struct ls_validator *ls_validator_find(const char *name);

/* The individual validators, exported for the unit and differential tests
 * and for callers that want one without a table look-up. */
int ls_valid_nn_be(const char *s, size_t n);
int ls_valid_bis_be(const char *s, size_t n);
/* 8 to 10 digits, no leading zero: a national register number of someone born
 * 2000-2009 whose leading zeros a spreadsheet dropped; valid once padded to
 * 11 digits with zeros, by the 2000 rule only. */
int ls_valid_nn_be_unpadded(const char *s, size_t n);
/* A spreadsheet serial date (days since 1899-12-30, the 1900 date system) as
 * a spreadsheet shows a date cell it lost the format of: 5 digits from
 * LS_EXCEL_DATE_MIN (1927-05-18) to LS_EXCEL_DATE_MAX (2049-12-31). */
#define LS_EXCEL_DATE_MIN 10000
#define LS_EXCEL_DATE_MAX 54788
int ls_valid_excel_date(const char *s, size_t n);
int ls_valid_nn_or_bis_be(const char *s, size_t n);
int ls_valid_mod97_be(const char *s, size_t n);
int ls_valid_eid_be(const char *s, size_t n);
int ls_valid_bank_account_be(const char *s, size_t n);
int ls_valid_ogm_be(const char *s, size_t n);
int ls_valid_enterprise_be(const char *s, size_t n);
int ls_valid_iban(const char *s, size_t n);
int ls_valid_luhn(const char *s, size_t n);
int ls_valid_imei(const char *s, size_t n);
int ls_valid_iccid(const char *s, size_t n);
int ls_valid_imsi(const char *s, size_t n);
int ls_valid_payment_card(const char *s, size_t n);
int ls_valid_plate_be(const char *s, size_t n);
int ls_valid_plate_be_personal(const char *s, size_t n);
int ls_valid_plate_nl(const char *s, size_t n);
int ls_valid_plate_fr(const char *s, size_t n);
int ls_valid_ipv4(const char *s, size_t n);
int ls_valid_ipv6(const char *s, size_t n);
int ls_valid_date(const char *s, size_t n);
int ls_valid_vin(const char *s, size_t n);
int ls_valid_email(const char *s, size_t n);
int ls_valid_phone_be(const char *s, size_t n);
int ls_valid_gps(const char *s, size_t n);
/* A Belgian address: its postcode (the last 4-digit number followed by a
 * place name) is one of ls_postcodes_be (rules/data/postcodes_be.tsv). */
int ls_valid_postcode_be(const char *s, size_t n);
/* The distinct Belgian postcodes, ascending (postcodes_be.c, generated). */
extern const unsigned short ls_postcodes_be[];
extern const size_t ls_npostcodes_be;

/* Parses an IPv6 address in any RFC 4291 text form (optionally followed by
 * "%zone") into 16 bytes.  Returns 1 on success, 0 if s is not one.  Shared
 * with normalize.c, which prints the RFC 5952 form. */
int ls_ipv6_parse(const char *s, size_t n, unsigned char out[16]);

#endif /* LS_VALIDATE_H */
