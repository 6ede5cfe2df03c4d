/* validate.c — the named checksum and format validators (see validate.h).
 *
 * Sits between match.c (a regex found a candidate) and classify.c (context
 * decides): each function here answers "is this text a well-formed value of
 * the kind" from the text alone.  The facts (checksums, series, ranges) come
 * from docs/identifiers.md; where python-stdnum is stricter or looser the
 * choice is documented next to the code and in tests/unit/validate_stdnum.py.
 *
 * Conventions: every function takes (s, n) and returns 1/0, never reads past
 * s + n, allocates nothing and touches no mutable global.  Digits are copied
 * into small stack buffers after the separators are checked. */
#include "match/validate.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ascii.h"

/* Longest digit string any validator here needs (IBAN is at most 34). */
#define LS_VAL_MAX_DIGITS 40

/* --- small helpers ----------------------------------------------------- */

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int is_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_alpha(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int to_upper(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* Copies the digits of s[0..n) into d (NUL-terminated) when every other byte
 * is one of `seps`.  Returns the digit count, or -1 if another byte occurs
 * or there are more than cap - 1 digits. */
static int digits_of(const char *s, size_t n, const char *seps, char *d, size_t cap)
{
    size_t k = 0;
    if (s == NULL || n == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_digit(c)) {
            if (k + 1 >= cap)
                return -1;
            d[k++] = (char)c;
        } else if (c == 0 || strchr(seps, c) == NULL) {
            return -1;
        }
    }
    d[k] = '\0';
    return (int)k;
}

/* Value of the decimal digits d[0..len) modulo m (len may exceed 19). */
static unsigned mod_digits(const char *d, size_t len, unsigned m)
{
    unsigned long r = 0;
    for (size_t i = 0; i < len; i++)
        r = (r * 10 + (unsigned)(d[i] - '0')) % m;
    return (unsigned)r;
}

static unsigned num2(const char *d)
{
    return (unsigned)(d[0] - '0') * 10 + (unsigned)(d[1] - '0');
}

static int all_zero(const char *d)
{
    for (; *d; d++)
        if (*d != '0')
            return 0;
    return 1;
}

/* Luhn over the decimal string d (the last digit is the check digit). */
static int luhn_ok(const char *d, size_t len)
{
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned v = (unsigned)(d[len - 1 - i] - '0');
        if (i & 1) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    return len > 0 && sum % 10 == 0;
}

static int is_leap(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y))
        return 29;
    return dim[m - 1];
}

/* The current UTC year, computed from time() without gmtime (not
 * thread-safe): civil-from-days (H. Hinnant's algorithm). */
static unsigned current_year(void)
{
    time_t t = time(NULL);
    long long z, era, doe, yoe, y, doy, mp;
    if (t == (time_t)-1)
        return 2099;
    z = (long long)t / 86400 + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    return (unsigned)(mp >= 10 ? y + 1 : y);
}

/* --- Belgian national register (NN) and BIS numbers -------------------- */

/* Returns the birth century (1900 or 2000) whose checksum fits the 11 digits
 * d, or 0.  As stdnum: 19xx first, then 20xx with the '2' prefix, the
 * latter only when 20YY is not after the current year. */
static unsigned nn_century(const char *d)
{
    unsigned cc = num2(d + 9);
    unsigned v = mod_digits(d, 9, 97);
    if (97 - v == cc)
        return 1900;
    if (2000 + num2(d) <= current_year()) {
        /* "2" followed by 9 digits = 2 000 000 000 + v. */
        unsigned v2 = (unsigned)((2000000000ULL % 97 + v) % 97);
        if (97 - v2 == cc)
            return 2000;
    }
    return 0;
}

/* Month offset 0 (NN), 20 or 40 (BIS).  Month 00 and day 00 are legal
 * (unknown date, exhausted counter); otherwise the date must exist. */
static int nn_check(const char *s, size_t n, int bis)
{
    char d[16];
    unsigned century, month, day;
    if (digits_of(s, n, " .-/", d, sizeof d) != 11 || all_zero(d))
        return 0;
    century = nn_century(d);
    if (century == 0)
        return 0;
    month = num2(d + 2);
    day = num2(d + 4);
    if (bis) {
        if (month >= 40 && month <= 52)
            month -= 40;
        else if (month >= 20 && month <= 32)
            month -= 20;
        else
            return 0;
    }
    if (month > 12 || day > 31)
        return 0;
    if (month != 0 && day != 0 && day > days_in_month(century + num2(d), month))
        return 0;
    return 1;
}

int ls_valid_nn_be(const char *s, size_t n)
{
    return nn_check(s, n, 0);
}

int ls_valid_bis_be(const char *s, size_t n)
{
    return nn_check(s, n, 1);
}

int ls_valid_nn_or_bis_be(const char *s, size_t n)
{
    return nn_check(s, n, 0) || nn_check(s, n, 1);
}

int ls_valid_nn_be_unpadded(const char *s, size_t n)
{
    char d[16], p[16];
    int k = digits_of(s, n, "", d, sizeof d);
    if (k < 8 || k > 10 || d[0] == '0')
        return 0;
    memset(p, '0', (size_t)(11 - k));
    memcpy(p + 11 - k, d, (size_t)k + 1);
    /* born 2000-2009: the 2000 rule must give the checksum (1900-1909 would
     * fit the padding too, but nobody born then is in a register export) */
    return nn_century(p) == 2000 && nn_check(p, 11, 0);
}

/* --- 10 digits + (mod 97, 0 -> 97): eID card, old account, OGM --------- */

static int mod97_digits_ok(const char *d)
{
    unsigned r = mod_digits(d, 10, 97);
    return num2(d + 10) == (r ? r : 97);
}

int ls_valid_mod97_be(const char *s, size_t n)
{
    char d[16];
    if (digits_of(s, n, " .-/+*", d, sizeof d) != 12)
        return 0;
    return mod97_digits_ok(d);
}

/* Matches s[0..n) against digit groups `groups` (e.g. {3,7,2}) with exactly
 * one separator from `seps` between groups, or none at all (all digits
 * contiguous).  On success copies the digits to d. */
static int grouped_digits(const char *s, size_t n, const unsigned *groups, size_t ng,
                          const char *seps, char *d)
{
    size_t i = 0, k = 0, total = 0;
    int compact = 1;
    for (size_t g = 0; g < ng; g++)
        total += groups[g];
    if (n == total) {
        for (i = 0; i < n; i++) {
            if (!is_digit((unsigned char)s[i]))
                compact = 0;
        }
        if (compact) {
            memcpy(d, s, n);
            d[n] = '\0';
            return 1;
        }
    }
    i = 0;
    for (size_t g = 0; g < ng; g++) {
        if (g > 0) {
            if (i >= n || s[i] == '\0' || strchr(seps, s[i]) == NULL)
                return 0;
            i++;
        }
        for (unsigned j = 0; j < groups[g]; j++, i++) {
            if (i >= n || !is_digit((unsigned char)s[i]))
                return 0;
            d[k++] = s[i];
        }
    }
    d[k] = '\0';
    return i == n;
}

int ls_valid_eid_be(const char *s, size_t n)
{
    static const unsigned g[] = {3, 7, 2};
    char d[16];
    if (s == NULL || n > 14 || !grouped_digits(s, n, g, 3, "- .", d))
        return 0;
    return mod97_digits_ok(d);
}

int ls_valid_bank_account_be(const char *s, size_t n)
{
    /* Same layout as the eID card (3-7-2); only context tells them apart. */
    return ls_valid_eid_be(s, n);
}

int ls_valid_ogm_be(const char *s, size_t n)
{
    static const unsigned g[] = {3, 4, 5};
    char d[16];
    if (s == NULL || n > 40)
        return 0;
    /* Optional +++ ... +++ or *** ... *** frame, spaces inside it allowed. */
    if (n >= 6 && (memcmp(s, "+++", 3) == 0 || memcmp(s, "***", 3) == 0)) {
        if (memcmp(s + n - 3, s, 3) != 0)
            return 0;
        s += 3;
        n -= 6;
        while (n > 0 && s[0] == ' ')
            s++, n--;
        while (n > 0 && s[n - 1] == ' ')
            n--;
    }
    if (n > 14 || !grouped_digits(s, n, g, 3, "/", d))
        return 0;
    return mod97_digits_ok(d);
}

int ls_valid_enterprise_be(const char *s, size_t n)
{
    char d[16];
    if (s == NULL)
        return 0;
    if (n >= 2 && to_upper((unsigned char)s[0]) == 'B' && to_upper((unsigned char)s[1]) == 'E')
        s += 2, n -= 2;
    if (digits_of(s, n, " .-", d, sizeof d) != 10 || (d[0] != '0' && d[0] != '1'))
        return 0;
    /* docs/identifiers.md: (first 8) mod 97 + last 2 = 97, so check digits 01..97;
     * stdnum also takes 00 when the first 8 are a multiple of 97. */
    return mod_digits(d, 8, 97) + num2(d + 8) == 97;
}

/* --- IBAN -------------------------------------------------------------- */

/* BBAN structure per country from the SWIFT IBAN registry (as shipped in
 * python-stdnum's iban.dat): count + n (digits), a (upper-case letters),
 * c (letters or digits). */
static const struct {
    char cc[3];
    const char *bban;
} iban_countries[] = {
    {"AD", "4n4n12c"},   {"AE", "3n16n"},       {"AL", "8n16c"},       {"AT", "5n11n"},
    {"AZ", "4a20c"},     {"BA", "3n3n8n2n"},    {"BE", "3n7n2n"},      {"BG", "4a4n2n8c"},
    {"BH", "4a14c"},     {"BI", "5n5n11n2n"},   {"BR", "8n5n10n1a1c"}, {"BY", "4c4n16c"},
    {"CH", "5n12c"},     {"CR", "4n14n"},       {"CY", "3n5n16c"},     {"CZ", "4n6n10n"},
    {"DE", "8n10n"},     {"DJ", "5n5n11n2n"},   {"DK", "4n9n1n"},      {"DO", "4c20n"},
    {"EE", "2n2n11n1n"}, {"EG", "4n4n17n"},     {"ES", "4n4n1n1n10n"}, {"FI", "3n11n"},
    {"FO", "4n9n1n"},    {"FR", "5n5n11c2n"},   {"GB", "4a6n8n"},      {"GE", "2a16n"},
    {"GI", "4a15c"},     {"GL", "4n9n1n"},      {"GR", "3n4n16c"},     {"GT", "4c20c"},
    {"HR", "7n10n"},     {"HU", "3n4n1n15n1n"}, {"IE", "4a6n8n"},      {"IL", "3n3n13n"},
    {"IQ", "4a3n12n"},   {"IS", "4n2n6n10n"},   {"IT", "1a5n5n12c"},   {"JO", "4a4n18c"},
    {"KW", "4a22c"},     {"KZ", "3n13c"},       {"LB", "4n20c"},       {"LC", "4a24c"},
    {"LI", "5n12c"},     {"LT", "5n11n"},       {"LU", "3n13c"},       {"LV", "4a13c"},
    {"LY", "3n3n15n"},   {"MC", "5n5n11c2n"},   {"MD", "2c18c"},       {"ME", "3n13n2n"},
    {"MK", "3n10c2n"},   {"MR", "5n5n11n2n"},   {"MT", "4a5n18c"},     {"MU", "4a2n2n12n3n3a"},
    {"NL", "4a10n"},     {"NO", "4n6n1n"},      {"PK", "4a16c"},       {"PL", "8n16n"},
    {"PS", "4a21c"},     {"PT", "4n4n11n2n"},   {"QA", "4a21c"},       {"RO", "4a16c"},
    {"RS", "3n13n2n"},   {"RU", "9n5n15c"},     {"SA", "2n18c"},       {"SC", "4a2n2n16n3a"},
    {"SD", "2n12n"},     {"SE", "3n16n1n"},     {"SI", "5n8n2n"},      {"SK", "4n6n10n"},
    {"SM", "1a5n5n12c"}, {"ST", "4n4n11n2n"},   {"SV", "4a20n"},       {"TL", "3n14n2n"},
    {"TN", "2n3n13n2n"}, {"TR", "5n1n16c"},     {"UA", "6n19c"},       {"VA", "3n15n"},
    {"VG", "4a16n"},     {"XK", "4n10n2n"},
};

/* 1 if the upper-case alnum string b (NUL-terminated) has structure st. */
static int bban_ok(const char *b, const char *st)
{
    while (*st) {
        unsigned cnt = 0;
        char kind;
        while (is_digit((unsigned char)*st))
            cnt = cnt * 10 + (unsigned)(*st++ - '0');
        kind = *st++;
        for (unsigned i = 0; i < cnt; i++, b++) {
            int c = (unsigned char)*b;
            if (c == 0)
                return 0;
            if (kind == 'n' && !is_digit(c))
                return 0;
            if (kind == 'a' && !is_upper(c))
                return 0;
            if (kind == 'c' && !is_digit(c) && !is_upper(c))
                return 0;
        }
    }
    return *b == '\0';
}

int ls_valid_iban(const char *s, size_t n)
{
    char c[LS_VAL_MAX_DIGITS];
    size_t k = 0;
    unsigned long r = 0;
    const char *st = NULL;
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '-' || ch == '.')
            continue;
        if (!is_digit(ch) && !is_alpha(ch))
            return 0;
        if (k + 1 >= sizeof c)
            return 0;
        c[k++] = (char)to_upper(ch);
    }
    c[k] = '\0';
    if (k < 15 || !is_upper((unsigned char)c[0]) || !is_upper((unsigned char)c[1]) ||
        !is_digit((unsigned char)c[2]) || !is_digit((unsigned char)c[3]))
        return 0;
    for (size_t i = 0; i < sizeof iban_countries / sizeof iban_countries[0]; i++) {
        if (c[0] == iban_countries[i].cc[0] && c[1] == iban_countries[i].cc[1]) {
            st = iban_countries[i].bban;
            break;
        }
    }
    if (st == NULL || !bban_ok(c + 4, st))
        return 0;
    /* ISO 7064 mod 97-10 over BBAN + country + check digits. */
    for (size_t j = 0; j < k; j++) {
        int ch = (unsigned char)c[(j + 4) % k];
        if (is_digit(ch))
            r = (r * 10 + (unsigned)(ch - '0')) % 97;
        else
            r = (r * 100 + (unsigned)(ch - 'A' + 10)) % 97;
    }
    if (r != 1)
        return 0;
    /* Belgian national check: the BBAN is an old account number.  Unknown
     * bank codes are NOT rejected (docs/identifiers.md; stdnum.be.iban rejects
     * them). */
    if (c[0] == 'B' && c[1] == 'E')
        return mod97_digits_ok(c + 4);
    return 1;
}

/* --- Luhn family --------------------------------------------------------- */

int ls_valid_luhn(const char *s, size_t n)
{
    char d[LS_VAL_MAX_DIGITS];
    int len = digits_of(s, n, " -", d, sizeof d);
    return len >= 2 && luhn_ok(d, (size_t)len);
}

int ls_valid_imei(const char *s, size_t n)
{
    char d[LS_VAL_MAX_DIGITS];
    int len = digits_of(s, n, " -/.", d, sizeof d);
    if (len == 15)
        return luhn_ok(d, 15);
    return len == 16; /* IMEISV: 14 digits + 2-digit software version */
}

int ls_valid_iccid(const char *s, size_t n)
{
    char d[LS_VAL_MAX_DIGITS];
    int len = digits_of(s, n, " -", d, sizeof d);
    if (len < 19 || len > 20 || d[0] != '8' || d[1] != '9')
        return 0;
    return luhn_ok(d, (size_t)len);
}

/* MCC and MNCs accepted by imsi: Belgium (docs/identifiers.md) and the operational
 * networks of its neighbours and the UK (ITU-T E.212, as listed in
 * python-stdnum's imsi.dat).  MNCs are space-separated and padded. */
static const struct {
    const char *mcc;
    const char *mncs;
} imsi_networks[] = {
    /* Belgium */
    {"206", " 01 02 03 05 06 08 10 12 20 28 "},
    /* Netherlands */
    {"204", " 02 03 04 07 08 09 10 11 12 15 16 17 18 20 21 23 25 27 33 62 66 "},
    /* France */
    {"208", " 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 19 20 23 24 25 26 27 28 29 "
            "30 31 34 35 36 38 88 96 "},
    /* Germany */
    {"262", " 01 02 03 09 10 12 14 15 18 19 20 23 43 60 70 "},
    /* United Kingdom */
    {"234", " 00 01 02 03 08 10 11 12 13 14 15 16 18 19 20 24 25 26 27 28 30 33 34 36 50 "
            "51 53 54 55 58 72 73 76 78 "},
};

int ls_valid_imsi(const char *s, size_t n)
{
    char d[LS_VAL_MAX_DIGITS];
    char mnc[5];
    if (digits_of(s, n, " -", d, sizeof d) != 15)
        return 0;
    mnc[0] = ' ';
    mnc[1] = d[3];
    mnc[2] = d[4];
    mnc[3] = ' ';
    mnc[4] = '\0';
    for (size_t i = 0; i < sizeof imsi_networks / sizeof imsi_networks[0]; i++)
        if (memcmp(d, imsi_networks[i].mcc, 3) == 0)
            return strstr(imsi_networks[i].mncs, mnc) != NULL;
    return 0;
}

/* IIN ranges (leading digits lo..hi, compared on `width` digits) with the
 * card lengths each scheme issues. */
static const struct {
    unsigned width, lo, hi, minlen, maxlen;
} card_ranges[] = {
    {1, 4, 4, 13, 19},       /* Visa */
    {2, 51, 55, 16, 16},     /* Mastercard */
    {4, 2221, 2720, 16, 16}, /* Mastercard 2-series */
    {2, 34, 34, 15, 15},     /* American Express */
    {2, 37, 37, 15, 15},     /* American Express */
    {2, 50, 50, 12, 19},     /* Maestro */
    {2, 56, 69, 12, 19},     /* Maestro, Bancontact (6703), Discover, UnionPay */
    {4, 3528, 3589, 16, 19}, /* JCB */
    {3, 300, 305, 14, 19},   /* Diners Club */
    {2, 36, 36, 14, 19},     /* Diners Club */
    {2, 38, 39, 14, 19},     /* Diners Club */
};

int ls_valid_payment_card(const char *s, size_t n)
{
    char d[LS_VAL_MAX_DIGITS];
    int len = digits_of(s, n, " -", d, sizeof d);
    if (len < 13 || len > 19 || !luhn_ok(d, (size_t)len))
        return 0;
    for (size_t i = 0; i < sizeof card_ranges / sizeof card_ranges[0]; i++) {
        unsigned v = 0;
        for (unsigned j = 0; j < card_ranges[i].width; j++)
            v = v * 10 + (unsigned)(d[j] - '0');
        if (v >= card_ranges[i].lo && v <= card_ranges[i].hi &&
            (unsigned)len >= card_ranges[i].minlen && (unsigned)len <= card_ranges[i].maxlen)
            return 1;
    }
    return 0;
}

/* --- licence plates ------------------------------------------------------ */

/* Matches s[0..n) against pat: 'D' digit, 'N' digit 1-9, 'L' upper-case
 * letter not in excl, 'A' any upper-case letter, '-' a group boundary where
 * one of "- ." (or a space) may stand.  Plates are written in capitals;
 * lower case is refused.  The compact form (alnum only) goes to out. */
static int plate_match(const char *s, size_t n, const char *pat, const char *excl, char *out)
{
    size_t i = 0, k = 0;
    for (const char *p = pat; *p; p++) {
        int c = i < n ? (unsigned char)s[i] : 0;
        if (*p == '-') {
            if (c == '-' || c == ' ' || c == '.')
                i++;
            continue;
        }
        if (i >= n)
            return 0;
        switch (*p) {
        case 'D':
            if (!is_digit(c))
                return 0;
            break;
        case 'N':
            if (c < '1' || c > '9')
                return 0;
            break;
        case 'L':
            if (!is_upper(c) || strchr(excl, c) != NULL)
                return 0;
            break;
        default: /* 'A' */
            if (!is_upper(c))
                return 0;
            break;
        }
        out[k++] = (char)c;
        i++;
    }
    out[k] = '\0';
    return i == n;
}

int ls_valid_plate_be(const char *s, size_t n)
{
    char c[16];
    if (s == NULL || n == 0 || n > 12)
        return 0;
    /* Since 16 Nov 2010: 1-ABC-123 (1, 2 ...; 8 special; 9 personalised). */
    if (plate_match(s, n, "N-LLL-DDD", "O", c))
        return 1;
    /* 1973-2008 ABC-123 (also EUR-100: context decides) and 2008-2010
     * 123-ABC: no I, O, Q. */
    if (plate_match(s, n, "LLL-DDD", "IOQ", c) || plate_match(s, n, "DDD-LLL", "IOQ", c))
        return 1;
    /* Index letters since Oct 2014: Q trailers, M motorcycles, O oldtimers,
     * T-X taxis, T-L hire cars, S-A/S-B/S-U mopeds, G agricultural, Z
     * dealers. */
    if (plate_match(s, n, "A-LLL-DDD", "O", c)) {
        switch (c[0]) {
        case 'Q':
        case 'M':
        case 'O':
        case 'G':
        case 'Z':
            return 1;
        case 'T':
            return c[1] == 'X' || c[1] == 'L';
        case 'S':
            return c[1] == 'A' || c[1] == 'B' || c[1] == 'U';
        default:
            return 0;
        }
    }
    if (plate_match(s, n, "A-DDD-LLL", "O", c))
        return c[0] == 'M';
    return 0;
}

int ls_valid_plate_be_personal(const char *s, size_t n)
{
    /* Personalised plates: 1-8 characters, at least one letter; '-' or ' '
     * between characters.  Only meaningful with strong context. */
    size_t alnum = 0, letters = 0;
    if (s == NULL || n == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[i];
        if (is_upper(c))
            letters++, alnum++;
        else if (is_digit(c))
            alnum++;
        else if ((c != '-' && c != ' ') || i == 0 || i + 1 == n)
            return 0;
    }
    return alnum >= 1 && alnum <= 8 && letters >= 1;
}

int ls_valid_plate_nl(const char *s, size_t n)
{
    static const char *const sidecodes[] = {
        "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", /* 1-3 */
        "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", /* 4-6 */
        "DD-LLL-D", "D-LLL-DD", "LL-DDD-L", /* 7-9 */
        "L-DDD-LL", "LLL-DD-L", "D-LL-DDD", /* 10, 11, 13 */
    };
    char c[16];
    if (s == NULL || n == 0 || n > 10)
        return 0;
    for (size_t i = 0; i < sizeof sidecodes / sizeof sidecodes[0]; i++) {
        /* No C or Q anywhere; no vowels since sidecode 4. */
        const char *excl = i < 3 ? "CQ" : "AEIOUCQ";
        if (plate_match(s, n, sidecodes[i], excl, c))
            return 1;
    }
    return 0;
}

/* French FNI département: 01-95 (20 became 2A/2B), 2A, 2B, 971-976. */
static int fr_departement(const char *d, size_t len)
{
    if (len == 2 && d[0] == '2' && (d[1] == 'A' || d[1] == 'B'))
        return 1;
    if (len == 2 && is_digit((unsigned char)d[0]) && is_digit((unsigned char)d[1])) {
        unsigned v = num2(d);
        return v >= 1 && v <= 95 && v != 20;
    }
    if (len == 3 && d[0] == '9' && d[1] == '7' && d[2] >= '1' && d[2] <= '6')
        return 1;
    return 0;
}

int ls_valid_plate_fr(const char *s, size_t n)
{
    char c[16];
    size_t i = 0, nd = 0, nl = 0;
    if (s == NULL || n == 0 || n > 14)
        return 0;
    /* SIV since 2009: AB-123-CD, no I, O, U; no SS block; not 000. */
    if (plate_match(s, n, "LL-DDD-LL", "IOU", c))
        return memcmp(c, "SS", 2) != 0 && memcmp(c + 5, "SS", 2) != 0 &&
               memcmp(c + 2, "000", 3) != 0;
    /* FNI (1950-2009): 1-4 digits, 1-3 letters, département. */
    while (i < n && is_digit((unsigned char)s[i]) && nd < 5)
        i++, nd++;
    if (nd < 1 || nd > 4 || s[0] == '0')
        return 0;
    if (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    while (i < n && is_upper((unsigned char)s[i]) && nl < 4)
        i++, nl++;
    if (nl < 1 || nl > 3)
        return 0;
    if (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    return i < n && fr_departement(s + i, n - i);
}

/* --- IP addresses -------------------------------------------------------- */

/* Dotted quad at s[0..n): octets 0-255, no leading zeros.  Writes the 4
 * bytes to out when out != NULL. */
static int ipv4_parse(const char *s, size_t n, unsigned char *out)
{
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        unsigned v = 0, nd = 0;
        if (part > 0) {
            if (i >= n || s[i] != '.')
                return 0;
            i++;
        }
        while (i < n && is_digit((unsigned char)s[i]) && nd < 4) {
            v = v * 10 + (unsigned)(s[i] - '0');
            i++, nd++;
        }
        if (nd == 0 || nd > 3 || v > 255 || (nd > 1 && s[i - nd] == '0'))
            return 0;
        if (out)
            out[part] = (unsigned char)v;
    }
    return i == n;
}

int ls_valid_ipv4(const char *s, size_t n)
{
    return s != NULL && ipv4_parse(s, n, NULL);
}

int ls_ipv6_parse(const char *s, size_t n, unsigned char out[16])
{
    unsigned short w[8];
    int nw = 0, dc = -1;
    size_t i = 0;
    if (s == NULL || n < 2)
        return 0;
    for (size_t z = 0; z < n; z++) {
        if (s[z] == '%') { /* zone index: non-empty, [A-Za-z0-9._~-] */
            if (z + 1 == n)
                return 0;
            for (size_t j = z + 1; j < n; j++) {
                int c = (unsigned char)s[j];
                if (!is_digit(c) && !is_alpha(c) && c != '.' && c != '_' && c != '~' && c != '-')
                    return 0;
            }
            n = z;
            break;
        }
    }
    if (n >= 2 && s[0] == ':' && s[1] == ':') {
        dc = 0;
        i = 2;
    } else if (n > 0 && s[0] == ':') {
        return 0;
    }
    while (i < n) {
        size_t end = i;
        unsigned v = 0;
        int has_dot = 0;
        while (end < n && s[end] != ':') {
            if (s[end] == '.')
                has_dot = 1;
            end++;
        }
        if (has_dot) { /* embedded IPv4: the last 32 bits */
            unsigned char v4[4];
            if (end != n || nw > 6 || !ipv4_parse(s + i, end - i, v4))
                return 0;
            w[nw++] = (unsigned short)(v4[0] << 8 | v4[1]);
            w[nw++] = (unsigned short)(v4[2] << 8 | v4[3]);
            i = n;
            break;
        }
        if (end == i || end - i > 4 || nw >= 8)
            return 0;
        for (size_t j = i; j < end; j++) {
            int h = ls_hexval((unsigned char)s[j]);
            if (h < 0)
                return 0;
            v = v << 4 | (unsigned)h;
        }
        w[nw++] = (unsigned short)v;
        i = end;
        if (i == n)
            break;
        /* s[i] == ':' */
        if (i + 1 < n && s[i + 1] == ':') {
            if (dc >= 0)
                return 0;
            dc = nw;
            i += 2;
        } else {
            i++;
            if (i == n)
                return 0; /* trailing single ':' */
        }
    }
    if (dc < 0 ? nw != 8 : nw > 7)
        return 0;
    if (out) {
        int gap = 8 - nw, k = 0;
        for (int a = 0; a <= nw; a++) {
            if (a == dc)
                for (int g = 0; g < gap; g++, k++)
                    out[2 * k] = out[2 * k + 1] = 0;
            if (a == nw)
                break;
            out[2 * k] = (unsigned char)(w[a] >> 8);
            out[2 * k + 1] = (unsigned char)(w[a] & 0xff);
            k++;
        }
    }
    return 1;
}

int ls_valid_ipv6(const char *s, size_t n)
{
    unsigned char b[16];
    return ls_ipv6_parse(s, n, b);
}

/* --- dates, VIN, e-mail ------------------------------------------------- */

/* Reads up to maxd + 1 digits at s[*i] (one more than allowed, so that too
 * long a number is seen); returns the count. */
static unsigned read_num(const char *s, size_t n, size_t *i, unsigned maxd, unsigned *v)
{
    unsigned nd = 0;
    *v = 0;
    while (*i < n && is_digit((unsigned char)s[*i]) && nd <= maxd) {
        *v = *v * 10 + (unsigned)(s[*i] - '0');
        (*i)++, nd++;
    }
    return nd;
}

int ls_valid_excel_date(const char *s, size_t n)
{
    char d[8];
    if (digits_of(s, n, "", d, sizeof d) != 5)
        return 0;
    unsigned long v = strtoul(d, NULL, 10);
    return v >= LS_EXCEL_DATE_MIN && v <= LS_EXCEL_DATE_MAX;
}

int ls_valid_date(const char *s, size_t n)
{
    size_t i = 0;
    unsigned a, b, c, na, nb, nc, y, m, d;
    char sep;
    if (s == NULL || n < 8 || n > 10)
        return 0;
    na = read_num(s, n, &i, 4, &a);
    if (i >= n || (s[i] != '-' && s[i] != '.' && s[i] != '/'))
        return 0;
    sep = s[i++];
    nb = read_num(s, n, &i, 2, &b);
    if (i >= n || s[i] != sep)
        return 0;
    i++;
    nc = read_num(s, n, &i, 4, &c);
    if (i != n || nb < 1 || nb > 2)
        return 0;
    if (na == 4 && nc >= 1 && nc <= 2) /* Y-M-D */
        y = a, m = b, d = c;
    else if (na >= 1 && na <= 2 && nc == 4) /* D-M-Y */
        y = c, m = b, d = a;
    else
        return 0;
    if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days_in_month(y, m);
}

/* VIN transliteration (ISO 3779 / 49 CFR 565): -1 for I, O, Q and others. */
static int vin_value(int c)
{
    static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static const char values[] = "12345678123457923456789";
    const char *p;
    if (is_digit(c))
        return c - '0';
    if (c == 0)
        return -1;
    p = strchr(letters, c);
    return p != NULL ? values[p - letters] - '0' : -1;
}

int ls_valid_vin(const char *s, size_t n)
{
    static const unsigned weights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    unsigned sum = 0, letters = 0, check;
    if (s == NULL || n != 17 || s[0] == '0')
        return 0;
    for (size_t i = 0; i < 17; i++) {
        int c = (unsigned char)s[i];
        int v = vin_value(c);
        if (v < 0)
            return 0; /* lower case, I, O, Q, punctuation */
        if (is_upper(c))
            letters++;
        sum += (unsigned)v * weights[i];
    }
    /* ISO 3779: the last four characters are numeric. */
    for (size_t i = 13; i < 17; i++)
        if (!is_digit((unsigned char)s[i]))
            return 0;
    if (letters == 0)
        return 0;
    /* The check digit in position 9 is mandatory only in North America
     * (WMI starting 1-5); European and Asian makers often put a letter or
     * an unrelated digit there, so it is not verified for them (decision:
     * recall over precision; the rule's context words decide). */
    check = sum % 11;
    if (s[0] >= '1' && s[0] <= '5')
        return s[8] == (check == 10 ? 'X' : (char)('0' + check));
    return 1;
}

/* Plausible top-level domains: every ISO 3166 ccTLD plus eu, and the
 * generic and city/regional TLDs seen in Belgian data.  Space-separated. */
static const char tld_list[] =
    " ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo"
    " br bs bt bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm"
    " do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs"
    " gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km"
    " kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp"
    " mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk"
    " pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so sr ss"
    " st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va"
    " vc ve vg vi vn vu wf ws ye yt za zm zw"
    " com net org edu gov mil int info biz name pro mobi app dev page cloud online site"
    " website shop store tech xyz top club live email news media blog art design agency"
    " company services solutions digital network host global world today life link space"
    " brussels vlaanderen gent paris berlin amsterdam london wien bzh cat frl nrw bayern"
    " koeln hamburg law legal immo bank insurance health care museum coop aero jobs travel"
    " asia post tel ";

static int tld_ok(const char *t, size_t len)
{
    char buf[16];
    if (len < 2 || len > 12)
        return 0;
    buf[0] = ' ';
    for (size_t i = 0; i < len; i++) {
        if (!is_alpha((unsigned char)t[i]))
            return 0;
        buf[i + 1] = (char)(t[i] | 0x20);
    }
    buf[len + 1] = ' ';
    buf[len + 2] = '\0';
    return strstr(tld_list, buf) != NULL;
}

static int email_local_char(int c)
{
    return is_digit(c) || is_alpha(c) || (c != 0 && strchr("!#$%&'*+/=?^_`{|}~-", c) != NULL);
}

int ls_valid_email(const char *s, size_t n)
{
    size_t at = n, lab = 0, last_dot = 0, labels = 1;
    if (s == NULL || n < 6 || n > 254)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@') {
            if (at != n)
                return 0;
            at = i;
        }
    }
    if (at == n || at == 0 || at > 64 || n - at - 1 < 4)
        return 0;
    for (size_t i = 0; i < at; i++) {
        int c = (unsigned char)s[i];
        if (c == '.') {
            if (i == 0 || i + 1 == at || s[i + 1] == '.')
                return 0;
        } else if (!email_local_char(c)) {
            return 0;
        }
    }
    for (size_t i = at + 1; i < n; i++) {
        int c = (unsigned char)s[i];
        if (c == '.') {
            if (lab == 0 || s[i - 1] == '-')
                return 0;
            lab = 0;
            last_dot = i;
            labels++;
        } else if (is_digit(c) || is_alpha(c) || c == '-') {
            if ((lab == 0 && c == '-') || ++lab > 63)
                return 0;
        } else {
            return 0;
        }
    }
    if (labels < 2 || lab == 0)
        return 0;
    return tld_ok(s + last_dot + 1, n - last_dot - 1);
}

/* --- phones -------------------------------------------------------------- */

/* Belgian national significant number (after +32 or the trunk 0): mobiles
 * 4[5-9] + 7 digits; landlines and special numbers 8 digits in a zone. */
static int be_nsn_ok(const char *d, size_t len)
{
    if (len == 9)
        return d[0] == '4' && d[1] >= '5' && d[1] <= '9';
    if (len != 8)
        return 0;
    switch (d[0]) {
    case '1': /* 010-016, 019 */
        return (d[1] >= '0' && d[1] <= '6') || d[1] == '9';
    case '2': /* Brussels */
    case '3': /* Antwerp */
    case '9': /* Ghent; 090x premium */
    case '5': /* 050-059 */
        return 1;
    case '4': /* Liège (04 + 7 digits); 045x-049x are mobiles */
        return d[1] <= '4';
    case '6': /* 060, 061, 063-065, 067-069 */
        return d[1] != '2' && d[1] != '6';
    case '7': /* 070 premium, 071 Charleroi, 078 national */
        return d[1] == '0' || d[1] == '1' || d[1] == '8';
    case '8': /* 080x free, 081-087, 089 */
        return d[1] != '8';
    default:
        return 0;
    }
}

int ls_valid_phone_be(const char *s, size_t n)
{
    char d[24];
    size_t i = 0, k = 0, opened = 0, closed = 0, run = 0;
    if (s == NULL || n < 9 || n > 26)
        return 0;
    if (s[0] == '+') {
        i = 1;
        while (i < n && s[i] == ' ')
            i++;
        if (n - i < 2 || s[i] != '3' || s[i + 1] != '2')
            return 0;
        i += 2;
    } else if (memcmp(s, "0032", 4) == 0) {
        i = 4;
    } else if (s[0] == '3' && s[1] == '2') {
        /* MSISDN: 32 + NSN, digits only */
        for (size_t j = 0; j < n; j++)
            if (!is_digit((unsigned char)s[j]))
                return 0;
        return (n == 10 || n == 11) && be_nsn_ok(s + 2, n - 2);
    } else if (s[0] == '0' || (s[0] == '(' && s[1] == '0')) {
        if (s[0] == '(')
            opened = 1, i = 1;
        if (s[i + 1] == '0')
            return 0; /* 00xx: another country */
        i++;          /* the trunk 0 */
    } else {
        return 0;
    }
    if (i > 2 && s[0] != '(') {
        /* International form: an optional "(0)" trunk in parentheses. */
        size_t j = i;
        while (j < n && s[j] == ' ')
            j++;
        if (j + 2 < n && s[j] == '(' && s[j + 1] == '0' && s[j + 2] == ')')
            i = j + 3;
        else if (j < n && s[j] == '0')
            i = j + 1; /* "+32 0470 ..." is written too */
    }
    for (; i < n; i++) {
        int c = (unsigned char)s[i];
        if (is_digit(c)) {
            if (k + 1 >= sizeof d)
                return 0;
            d[k++] = (char)c;
            run = 0;
            continue;
        }
        if (c == '(') {
            if (opened++ || k > 0)
                return 0;
        } else if (c == ')') {
            if (closed++ || !opened)
                return 0;
        } else if (c != ' ' && c != '.' && c != '/' && c != '-') {
            return 0;
        }
        if (++run > 3)
            return 0;
    }
    if (opened != closed || run > 0 || k == 0)
        return 0;
    return be_nsn_ok(d, k);
}

/* --- GPS ----------------------------------------------------------------- */

/* Parses a decimal degree at s[*i]: sign, 1-3 digits, '.' or ',' and at
 * least 2 decimals, an optional degree sign and a hemisphere letter from
 * hemi.  Stores the absolute value in millionths of a degree. */
static int read_degree(const char *s, size_t n, size_t *i, const char *hemi, long *v)
{
    unsigned nd = 0, nf = 0;
    long ip = 0, frac = 0, scale = 1000000;
    size_t j;
    if (*i < n && (s[*i] == '-' || s[*i] == '+'))
        (*i)++;
    while (*i < n && is_digit((unsigned char)s[*i]) && nd < 4)
        ip = ip * 10 + (s[*i] - '0'), (*i)++, nd++;
    if (nd < 1 || nd > 3 || *i + 1 >= n || (s[*i] != '.' && s[*i] != ',') ||
        !is_digit((unsigned char)s[*i + 1]))
        return 0;
    (*i)++;
    while (*i < n && is_digit((unsigned char)s[*i])) {
        if (scale > 1) {
            scale /= 10;
            frac += (s[*i] - '0') * scale;
        }
        (*i)++, nf++;
    }
    if (nf < 2 || nf > 12)
        return 0;
    if (*i + 1 < n && (unsigned char)s[*i] == 0xC2 && (unsigned char)s[*i + 1] == 0xB0)
        *i += 2; /* degree sign */
    j = *i;
    while (j < n && s[j] == ' ')
        j++;
    if (j < n && s[j] != 0 && strchr(hemi, s[j]) != NULL)
        *i = j + 1;
    *v = ip * 1000000 + frac;
    return 1;
}

int ls_valid_gps(const char *s, size_t n)
{
    size_t i = 0;
    long lat, lon;
    int sep = 0;
    if (s == NULL || n < 7 || n > 64)
        return 0;
    if (!read_degree(s, n, &i, "NSns", &lat))
        return 0;
    while (i < n && s[i] == ' ')
        i++, sep = 1;
    if (i < n && (s[i] == ',' || s[i] == ';' || s[i] == '/'))
        i++, sep = 1;
    while (i < n && s[i] == ' ')
        i++;
    if (!sep || !read_degree(s, n, &i, "EWOew", &lon) || i != n)
        return 0;
    return lat <= 90000000L && lon <= 180000000L;
}

/* --- Belgian postcodes ---------------------------------------------------- */

static int postcode_cmp(const void *a, const void *b)
{
    unsigned x = *(const unsigned short *)a, y = *(const unsigned short *)b;

    return x < y ? -1 : x > y;
}

static int isdig(char c)
{
    return c >= '0' && c <= '9';
}

int ls_valid_postcode_be(const char *s, size_t n)
{
    size_t i, found = 0;
    unsigned short pc = 0;

    /* the last run of exactly four digits followed by a space and a non-digit */
    for (i = 0; i < n; i++) {
        if (i + 5 >= n || (i > 0 && isdig(s[i - 1])) || !isdig(s[i]) || !isdig(s[i + 1]) ||
            !isdig(s[i + 2]) || !isdig(s[i + 3]))
            continue;
        /* followed by a space and its place, not by more digits */
        if (s[i + 4] != ' ' || isdig(s[i + 5]))
            continue;
        pc = (unsigned short)((s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 +
                              (s[i + 3] - '0'));
        found = 1;
    }
    return found &&
           bsearch(&pc, ls_postcodes_be, ls_npostcodes_be, sizeof pc, postcode_cmp) != NULL;
}

/* --- the table ----------------------------------------------------------- */

const struct ls_validator ls_validators[] = {
    {"nn_be", ls_valid_nn_be, "Belgian national register number (mod 97, 2000 rule, dates)"},
    {"bis_be", ls_valid_bis_be, "Belgian BIS number (month +20/+40, mod 97)"},
    {"nn_or_bis_be", ls_valid_nn_or_bis_be, "Belgian national register or BIS number"},
    {"nn_be_unpadded", ls_valid_nn_be_unpadded,
     "national register number of 2000-2009 without its leading zeros (8-10 digits)"},
    {"mod97_be", ls_valid_mod97_be, "10 digits + (mod 97, 0 -> 97): eID card, account, OGM"},
    {"eid_be", ls_valid_eid_be, "Belgian eID card number 3-7-2 digits, mod 97"},
    {"bank_account_be", ls_valid_bank_account_be, "Belgian pre-IBAN account 3-7-2, mod 97"},
    {"ogm_be", ls_valid_ogm_be, "Belgian structured communication +++3/4/5+++, mod 97"},
    {"enterprise_be", ls_valid_enterprise_be, "Belgian enterprise/VAT number, 0/1 + mod 97"},
    {"iban", ls_valid_iban, "IBAN: ISO 7064 mod 97-10, country length and BBAN structure"},
    {"luhn", ls_valid_luhn, "Luhn checksum over digits (separators space or -)"},
    {"imei", ls_valid_imei, "IMEI 15 digits Luhn, or 16-digit IMEISV"},
    {"iccid", ls_valid_iccid, "SIM serial: 89..., 19-20 digits, Luhn"},
    {"imsi", ls_valid_imsi, "IMSI 15 digits with a known BE/NL/FR/DE/UK MCC+MNC"},
    {"payment_card", ls_valid_payment_card, "payment card: Luhn, IIN range and length"},
    {"plate_be", ls_valid_plate_be, "Belgian licence plate series (incl. index letters)"},
    {"plate_be_personal", ls_valid_plate_be_personal, "Belgian personalised plate (1-8 chars)"},
    {"plate_nl", ls_valid_plate_nl, "Dutch licence plate sidecodes 1-11, 13"},
    {"plate_fr", ls_valid_plate_fr, "French licence plate (SIV or FNI with departement)"},
    {"ipv4", ls_valid_ipv4, "IPv4 dotted quad, octets <= 255, no leading zeros"},
    {"ipv6", ls_valid_ipv6, "IPv6 in RFC 4291 text form, optional %zone"},
    {"date", ls_valid_date, "calendar date Y-M-D or D-M-Y (- . /), 1900-2099"},
    {"excel_date", ls_valid_excel_date,
     "spreadsheet serial date, 5 digits: 10000 (1927-05-18) to 54788 (2049-12-31)"},
    {"vin", ls_valid_vin, "vehicle identification number (check digit for WMI 1-5)"},
    {"email", ls_valid_email, "e-mail address with a plausible TLD"},
    {"phone_be", ls_valid_phone_be, "Belgian phone number (+32, 0032, 0, MSISDN 32...)"},
    {"gps", ls_valid_gps, "latitude, longitude pair in decimal degrees"},
    {"postcode_be", ls_valid_postcode_be,
     "Belgian address whose postcode is in rules/data/postcodes_be.tsv"},
    {NULL, NULL, NULL},
};

const struct ls_validator *ls_validator_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const struct ls_validator *v = ls_validators; v->name != NULL; v++)
        if (strcmp(v->name, name) == 0)
            return v;
    return NULL;
}
