/* normalize.c — canonical forms for distinct counting (see normalize.h).
 *
 * Used by the tally after validation: the canonical form of each finding is
 * fingerprinted with a keyed hash (mask.c) and only the fingerprints are
 * counted, so the forms made here never leave the process. */
#include "match/normalize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/validate.h"

/* Appends c when it fits; returns 0 when it does not. */
static int put(char *out, size_t outlen, size_t *k, char c)
{
    if (*k >= outlen)
        return 0;
    out[(*k)++] = c;
    return 1;
}

static int put_n(char *out, size_t outlen, size_t *k, const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!put(out, outlen, k, p[i]))
            return 0;
    return 1;
}

size_t ls_norm_none(const char *s, size_t n, char *out, size_t outlen)
{
    if (s == NULL || out == NULL || n > outlen)
        return 0;
    memcpy(out, s, n);
    return n;
}

size_t ls_norm_digits(const char *s, size_t n, char *out, size_t outlen)
{
    size_t k = 0;
    if (s == NULL || out == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9' && !put(out, outlen, &k, s[i]))
            return 0;
    return k;
}

size_t ls_norm_date(const char *s, size_t n, char *out, size_t outlen)
{
    /* Three runs of digits: Y-M-D when the first has 4 digits, else D-M-Y;
     * written YYYY-MM-DD so that 30/07/1985 and 1985-07-30 are one value.
     * Anything else falls back to its digits. */
    unsigned long v[3] = {0, 0, 0};
    size_t len[3] = {0, 0, 0}, g = 0, i;
    unsigned long y, m, d;
    char buf[16];
    int w;

    if (s == NULL || out == NULL)
        return 0;
    for (i = 0; i < n && g < 3; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (len[g] < 8)
                v[g] = v[g] * 10 + (unsigned long)(s[i] - '0');
            len[g]++;
        } else if (len[g]) {
            g++;
        }
    }
    if (g < 3 && len[g])
        g++;
    if (g != 3)
        return ls_norm_digits(s, n, out, outlen);
    if (len[0] == 4) {
        y = v[0];
        m = v[1];
        d = v[2];
    } else if (len[2] == 4) {
        d = v[0];
        m = v[1];
        y = v[2];
    } else {
        return ls_norm_digits(s, n, out, outlen);
    }
    /* "%04lu-%02lu-%02lu" of y % 10000, m % 100, d % 100, by hand */
    y %= 10000;
    m %= 100;
    d %= 100;
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    w = 10;
    if ((size_t)w > outlen)
        return 0;
    memcpy(out, buf, (size_t)w);
    return (size_t)w;
}

size_t ls_norm_excel_date(const char *s, size_t n, char *out, size_t outlen)
{
    /* days since 1899-12-30 -> civil date (H. Hinnant's civil_from_days) */
    char d[8], buf[16];
    size_t k = ls_norm_digits(s, n, d, sizeof d - 1);
    if (k != 5)
        return ls_norm_digits(s, n, out, outlen);
    d[k] = '\0';
    long z = strtol(d, NULL, 10) - 25569 + 719468;
    long era = z / 146097, doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1, mon = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (mon <= 2);
    int w = snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, mon, day);
    if (w < 0 || (size_t)w > outlen)
        return 0;
    memcpy(out, buf, (size_t)w);
    return (size_t)w;
}

size_t ls_norm_nn_be(const char *s, size_t n, char *out, size_t outlen)
{
    /* Separators and layout are not part of the number; leading zeros a
     * spreadsheet dropped (8-10 digits) are put back. */
    size_t k = ls_norm_digits(s, n, out, outlen);
    if (k < 8 || k > 10)
        return k;
    if (outlen < 11)
        return 0;
    memmove(out + 11 - k, out, k);
    memset(out, '0', 11 - k);
    return 11;
}

size_t ls_norm_upper_alnum(const char *s, size_t n, char *out, size_t outlen)
{
    size_t k = 0;
    if (s == NULL || out == NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) && !put(out, outlen, &k, c))
            return 0;
    }
    return k;
}

size_t ls_norm_lower(const char *s, size_t n, char *out, size_t outlen)
{
    if (s == NULL || out == NULL || n > outlen)
        return 0;
    for (size_t i = 0; i < n; i++)
        out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    return n;
}

size_t ls_norm_e164_be(const char *s, size_t n, char *out, size_t outlen)
{
    char d[32];
    size_t k = 0, o = 0, i = 0, start;
    int plus = 0;
    if (s == NULL || out == NULL)
        return 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i < n && s[i] == '+')
        plus = 1;
    for (; i < n; i++) {
        if (i + 2 < n && s[i] == '(' && s[i + 1] == '0' && s[i + 2] == ')' && k > 0) {
            i += 2; /* "(0)": the trunk prefix after the country code */
            continue;
        }
        if (s[i] >= '0' && s[i] <= '9') {
            if (k >= sizeof d)
                return 0;
            d[k++] = s[i];
        }
    }
    if (k == 0)
        return 0;
    if (plus) {
        start = 0;
    } else if (k > 2 && d[0] == '0' && d[1] == '0') {
        start = 2;
    } else if (d[0] == '0') {
        if (!put_n(out, outlen, &o, "+32", 3) || !put_n(out, outlen, &o, d + 1, k - 1))
            return 0;
        return o;
    } else if ((k == 10 || k == 11) && d[0] == '3' && d[1] == '2') {
        start = 0; /* MSISDN */
    } else {
        return put_n(out, outlen, &o, d, k) ? o : 0;
    }
    if (!put(out, outlen, &o, '+'))
        return 0;
    if (k - start > 3 && d[start] == '3' && d[start + 1] == '2' && d[start + 2] == '0') {
        /* "+32 0470 ...": a trunk 0 written after the country code */
        if (!put_n(out, outlen, &o, "32", 2) ||
            !put_n(out, outlen, &o, d + start + 3, k - start - 3))
            return 0;
        return o;
    }
    return put_n(out, outlen, &o, d + start, k - start) ? o : 0;
}

size_t ls_norm_ipv6(const char *s, size_t n, char *out, size_t outlen)
{
    unsigned char b[16];
    unsigned w[8];
    int best = -1, bestlen = 0;
    char buf[64];
    size_t k = 0;
    if (s == NULL || out == NULL)
        return 0;
    if (!ls_ipv6_parse(s, n, b))
        return ls_norm_lower(s, n, out, outlen);
    for (int i = 0; i < 8; i++)
        w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    /* RFC 5952 4.2: compress the longest run (>= 2) of zero groups, the
     * first one on a tie; 5: IPv4-mapped addresses end in dotted form. */
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && w[j] == 0)
            j++;
        if (j - i > bestlen && j - i >= 2)
            best = i, bestlen = j - i;
        i = j > i ? j : i + 1;
    }
    if (best == 0 && bestlen == 5 && w[5] == 0xffff) {
        k = (size_t)snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    } else {
        /* by hand, not snprintf (a call per group cost 8,800 instructions
         * an address): the group in lower-case hex without leading zeros */
        for (int i = 0; i < 8; i++) {
            int sh = 12;

            if (i == best) {
                buf[k++] = ':';
                buf[k++] = ':';
                i += bestlen - 1;
                continue;
            }
            while (sh > 0 && !((w[i] >> sh) & 0xF))
                sh -= 4;
            for (; sh >= 0; sh -= 4)
                buf[k++] = "0123456789abcdef"[(w[i] >> sh) & 0xF];
            if (i < 7 && i + 1 != best)
                buf[k++] = ':';
        }
    }
    if (k > outlen)
        return 0;
    memcpy(out, buf, k);
    return k;
}

/* ASCII folding of U+00C0..U+00FF (UTF-8 C3 80..C3 BF); NULL keeps it
 * (the multiplication and division signs). */
static const char *const latin1_fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

size_t ls_norm_casefold_ws(const char *s, size_t n, char *out, size_t outlen)
{
    size_t k = 0;
    int pending_space = 0;
    if (s == NULL || out == NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        char one[2] = {0, 0};
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            pending_space = k > 0;
            continue;
        }
        if (c < 0x80) { /* ASCII: one byte, lower case (the common case, without a lookup) */
            if (pending_space && !put(out, outlen, &k, ' '))
                return 0;
            pending_space = 0;
            /* (a NUL byte adds nothing, as its empty string did before) */
            if (c &&
                !put(out, outlen, &k, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (char)c))
                return 0;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* NBSP */
            pending_space = k > 0;
            i++;
            continue;
        }
        if (c == 0xC3 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0xBF)
            rep = latin1_fold[(unsigned char)s[i + 1] - 0x80];
        if (rep != NULL) {
            i++;
        } else {
            one[0] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (char)c;
            rep = one;
        }
        if (pending_space && !put(out, outlen, &k, ' '))
            return 0;
        pending_space = 0;
        if (!put_n(out, outlen, &k, rep, strlen(rep)))
            return 0;
    }
    return k;
}

const struct ls_normalizer ls_normalizers[] = {
    {"digits", ls_norm_digits, "the decimal digits only"},
    {"upper_alnum", ls_norm_upper_alnum, "letters and digits, upper case (plates, IBAN, VIN)"},
    {"lower", ls_norm_lower, "ASCII lower case (e-mail)"},
    {"e164_be", ls_norm_e164_be, "phone number as +<country><number>, Belgian by default"},
    {"excel_date", ls_norm_excel_date,
     "YYYY-MM-DD of a spreadsheet serial date (days since 1899-12-30)"},
    {"nn_be", ls_norm_nn_be,
     "the 11 digits of a national register or BIS number (8-10 digits: zero-padded)"},
    {"date", ls_norm_date, "a calendar date as YYYY-MM-DD (D/M/Y, D.M.Y, D-M-Y or Y-M-D)"},
    {"ipv6", ls_norm_ipv6, "RFC 5952 canonical IPv6 text"},
    {"casefold_ws", ls_norm_casefold_ws, "lower case, Latin-1 accents folded, spaces collapsed"},
    {"none", ls_norm_none, "the text as matched"},
    {NULL, NULL, NULL},
};

const struct ls_normalizer *ls_normalizer_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const struct ls_normalizer *z = ls_normalizers; z->name != NULL; z++)
        if (strcmp(z->name, name) == 0)
            return z;
    return NULL;
}
