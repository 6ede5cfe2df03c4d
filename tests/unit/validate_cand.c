/* validate_cand.c — candidates for the differential test of validate.c.
 *
 * Prints, for each checksum validator, N candidates (default 100 000) with
 * the C verdict, one per line: "<validator>\t<candidate>\t<0|1>".  Half of
 * the candidates are generated valid (with the edge cases: month 00, day 00,
 * born in 2000 or later, BIS +20/+40, birth years in the future, check
 * digits 97) and half of those are then mutated (digit change,
 * transposition, insertion, deletion); the other half are random strings of
 * the right shape or a nearby length.  tests/validate_stdnum.py checks every
 * verdict against python-stdnum.  Deterministic: the seed is argv[2] or a
 * fixed default.
 *
 * Usage: validate_cand [count-per-validator [seed]] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/validate.h"

struct rng {
    uint64_t s;
};

/* splitmix64: small, fast, good enough for test data. */
static uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static unsigned rnd(struct rng *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

static char rdigit(struct rng *r)
{
    return (char)('0' + rnd(r, 10));
}

static void rdigits(struct rng *r, char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        d[i] = rdigit(r);
    d[n] = '\0';
}

static unsigned mod97(const char *d, size_t n)
{
    unsigned long v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v * 10 + (unsigned)(d[i] - '0')) % 97;
    return (unsigned)v;
}

static void put2(char *d, unsigned v)
{
    d[0] = (char)('0' + v / 10 % 10);
    d[1] = (char)('0' + v % 10);
}

/* Mutates the NUL-terminated string in place (buffer of cap bytes): change
 * a character, swap two neighbours, insert or delete a digit. */
static void mutate(struct rng *r, char *s, size_t cap)
{
    size_t n = strlen(s);
    size_t i = n ? rnd(r, (unsigned)n) : 0;
    switch (rnd(r, 4)) {
    case 0:
        if (n)
            s[i] = (s[i] >= '0' && s[i] <= '9') ? rdigit(r) : (char)('A' + rnd(r, 26));
        break;
    case 1:
        if (n > 1) {
            char t;
            if (i + 1 >= n)
                i = n - 2;
            t = s[i];
            s[i] = s[i + 1];
            s[i + 1] = t;
        }
        break;
    case 2:
        if (n + 2 < cap) {
            memmove(s + i + 1, s + i, n - i + 1);
            s[i] = rdigit(r);
        }
        break;
    default:
        if (n)
            memmove(s + i, s + i + 1, n - i);
        break;
    }
}

/* Writes 11 valid-checksum NN/BIS digits into d, with the edge cases:
 * month 00, day 00, impossible days, both centuries (so future years). */
static void gen_nn_digits(struct rng *r, char *d, int bis)
{
    unsigned yy = rnd(r, 100), mm, dd, cc, pick = rnd(r, 10);
    mm = pick == 0 ? 0 : 1 + rnd(r, 12);
    dd = pick == 1 ? 0 : 1 + rnd(r, 31);
    if (bis)
        mm += rnd(r, 2) ? 20 : 40;
    put2(d, yy);
    put2(d + 2, mm);
    put2(d + 4, dd);
    rdigits(r, d + 6, 3);
    if (rnd(r, 2)) { /* born 2000 or later: '2' prefix */
        char t[11];
        t[0] = '2';
        memcpy(t + 1, d, 9);
        cc = 97 - mod97(t, 10);
    } else {
        cc = 97 - mod97(d, 9);
    }
    put2(d + 9, cc);
    d[11] = '\0';
}

/* NN layouts as written (stdnum strips ' ', '-', '.'). */
static void format_nn(struct rng *r, const char *d, char *out, size_t cap)
{
    if (strlen(d) != 11) {
        snprintf(out, cap, "%s", d);
        return;
    }
    switch (rnd(r, 4)) {
    case 0:
        snprintf(out, cap, "%.2s.%.2s.%.2s-%.3s.%.2s", d, d + 2, d + 4, d + 6, d + 9);
        break;
    case 1:
        snprintf(out, cap, "%.2s %.2s %.2s %.3s %.2s", d, d + 2, d + 4, d + 6, d + 9);
        break;
    case 2:
        snprintf(out, cap, "%.6s-%.3s-%.2s", d, d + 6, d + 9);
        break;
    default:
        snprintf(out, cap, "%s", d);
        break;
    }
}

static void gen_nn(struct rng *r, char *out, size_t cap, int bis)
{
    char d[16];
    if (rnd(r, 2)) {
        gen_nn_digits(r, d, bis);
        format_nn(r, d, out, cap);
        if (rnd(r, 2))
            mutate(r, out, cap);
    } else {
        unsigned len = rnd(r, 10) == 0 ? 10 + rnd(r, 3) : 11;
        rdigits(r, d, len);
        if (len == 11 && rnd(r, 2)) /* a plausible month */
            put2(d + 2, rnd(r, 3) == 0 ? rnd(r, 60) : (bis ? 20 + rnd(r, 33) : rnd(r, 13)));
        format_nn(r, d, out, cap);
    }
}

/* Countries for the IBAN candidates (BBAN structures as in validate.c,
 * merged; ZZ and US have none). */
static const struct {
    const char *cc, *bban;
} countries[] = {
    {"BE", "12n"},      {"BE", "12n"},     {"BE", "12n"},   {"NL", "4a10n"}, {"DE", "18n"},
    {"FR", "10n11c2n"}, {"LU", "3n13c"},   {"GB", "4a14n"}, {"ES", "20n"},   {"IT", "1a10n12c"},
    {"CH", "5n12c"},    {"AT", "16n"},     {"PL", "24n"},   {"NO", "11n"},   {"MT", "4a5n18c"},
    {"SC", "4a20n3a"},  {"BR", "23n1a1c"}, {"XK", "16n"},   {"ZZ", "12n"},   {"US", "12n"},
};

static void gen_bban(struct rng *r, const char *st, char *out)
{
    size_t k = 0;
    while (*st) {
        unsigned cnt = 0;
        char kind;
        while (*st >= '0' && *st <= '9')
            cnt = cnt * 10 + (unsigned)(*st++ - '0');
        kind = *st++;
        for (unsigned i = 0; i < cnt; i++) {
            int letter = kind == 'a' || (kind == 'c' && rnd(r, 3) == 0);
            out[k++] = letter ? (char)('A' + rnd(r, 26)) : rdigit(r);
        }
    }
    out[k] = '\0';
}

/* ISO 7064 mod 97-10 check digits for cc + bban. */
static unsigned iban_check(const char *cc, const char *bban)
{
    char t[64];
    unsigned long v = 0;
    snprintf(t, sizeof t, "%s%s00", bban, cc);
    for (const char *p = t; *p; p++) {
        if (*p >= '0' && *p <= '9')
            v = (v * 10 + (unsigned)(*p - '0')) % 97;
        else
            v = (v * 100 + (unsigned)(*p - 'A' + 10)) % 97;
    }
    return 98 - (unsigned)v;
}

static void gen_iban(struct rng *r, char *out, size_t cap)
{
    char bban[48], raw[64];
    unsigned ci = rnd(r, sizeof countries / sizeof countries[0]);
    const char *cc = countries[ci].cc;
    unsigned ck;
    gen_bban(r, countries[ci].bban, bban);
    if (strcmp(cc, "BE") == 0 && rnd(r, 4) != 0) {
        unsigned m = mod97(bban, 10);
        put2(bban + 10, m ? m : 97); /* Belgian national check */
    }
    ck = rnd(r, 2) ? iban_check(cc, bban) : rnd(r, 100);
    snprintf(raw, sizeof raw, "%s%02u%s", cc, ck, bban);
    if (rnd(r, 4) == 0)
        mutate(r, raw, sizeof raw);
    if (rnd(r, 8) == 0 && raw[0])
        raw[rnd(r, (unsigned)strlen(raw))] |= 0x20; /* lower case (digits unchanged) */
    if (rnd(r, 2)) {
        size_t k = 0;
        for (size_t i = 0; raw[i] && k + 2 < cap; i++) {
            if (i && i % 4 == 0)
                out[k++] = ' ';
            out[k++] = raw[i];
        }
        out[k] = '\0';
    } else {
        snprintf(out, cap, "%s", raw);
    }
}

/* Appends the Luhn check digit to the n digits of d. */
static void luhn_complete(char *d, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(d[n - 1 - i] - '0');
        if (!(i & 1)) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    d[n] = (char)('0' + (10 - sum % 10) % 10);
    d[n + 1] = '\0';
}

static void gen_luhn_like(struct rng *r, char *out, size_t cap, const char *prefix, unsigned len)
{
    size_t pl = strlen(prefix);
    memcpy(out, prefix, pl);
    rdigits(r, out + pl, len - 1 - pl);
    if (rnd(r, 2)) {
        luhn_complete(out, len - 1);
        if (rnd(r, 2))
            mutate(r, out, cap);
    } else {
        out[len - 1] = rdigit(r);
        out[len] = '\0';
    }
}

static void gen_imei(struct rng *r, char *out, size_t cap)
{
    unsigned pick = rnd(r, 10);
    unsigned len = pick == 0 ? 16 : pick == 1 ? 14 + rnd(r, 4) : 15;
    char d[32];
    gen_luhn_like(r, d, sizeof d, "", len);
    if (rnd(r, 4) == 0 && strlen(d) == 15) /* 35-417803-685978-9 layout */
        snprintf(out, cap, "%.2s-%.6s-%.6s-%s", d, d + 2, d + 8, d + 14);
    else
        snprintf(out, cap, "%s", d);
}

static void gen_enterprise(struct rng *r, char *out, size_t cap)
{
    char d[16];
    if (rnd(r, 2)) {
        d[0] = (char)('0' + rnd(r, 2));
        rdigits(r, d + 1, 7);
        put2(d + 8, 97 - mod97(d, 8));
        d[10] = '\0';
        if (rnd(r, 50) == 0) { /* first 8 a multiple of 97: check 97 (or 00) */
            unsigned long v = (unsigned long)rnd(r, 100000) * 97;
            snprintf(d, sizeof d, "%08lu%s", v % 100000000UL, rnd(r, 2) ? "97" : "00");
        }
        if (rnd(r, 2))
            mutate(r, d, sizeof d);
    } else {
        rdigits(r, d, rnd(r, 10) == 0 ? 9 + rnd(r, 3) : 10);
        if (rnd(r, 2))
            d[0] = (char)('0' + rnd(r, 2));
    }
    switch (rnd(r, 4)) {
    case 0:
        snprintf(out, cap, "BE%s", d);
        break;
    case 1:
        if (strlen(d) == 10) {
            snprintf(out, cap, "%.4s.%.3s.%.3s", d, d + 4, d + 7);
            break;
        }
        /* fall through */
    default:
        snprintf(out, cap, "%s", d);
        break;
    }
}

static void gen_mod97(struct rng *r, char *d, size_t cap)
{
    if (rnd(r, 2)) {
        unsigned m;
        rdigits(r, d, 10);
        if (rnd(r, 20) == 0)
            memcpy(d, "00000000", 8); /* small values, 0 -> 97 */
        m = mod97(d, 10);
        put2(d + 10, m ? m : 97);
        d[12] = '\0';
        if (rnd(r, 2))
            mutate(r, d, cap);
    } else {
        rdigits(r, d, rnd(r, 10) == 0 ? 11 + rnd(r, 3) : 12);
    }
}

static void gen_ogm(struct rng *r, char *out, size_t cap)
{
    static const char *const frames[] = {"+++", "***", ""};
    char d[24];
    gen_mod97(r, d, sizeof d);
    if (strlen(d) == 12) {
        const char *f = frames[rnd(r, 3)];
        snprintf(out, cap, "%s%.3s/%.4s/%.5s%s", f, d, d + 3, d + 7, f);
        if (rnd(r, 8) == 0)
            mutate(r, out, cap);
    } else {
        snprintf(out, cap, "%s", d);
    }
}

int main(int argc, char **argv)
{
    static const char *const kinds[] = {"nn_be", "bis_be",        "iban",     "imei",  "luhn",
                                        "iccid", "enterprise_be", "mod97_be", "ogm_be"};
    unsigned long count = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    struct rng r = {argc > 2 ? strtoull(argv[2], NULL, 10) : 20260101ULL};
    char buf[128];
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const struct ls_validator *v = ls_validator_find(kinds[k]);
        if (v == NULL) {
            fprintf(stderr, "validate_cand: no validator %s\n", kinds[k]);
            return 1;
        }
        for (unsigned long i = 0; i < count; i++) {
            switch (k) {
            case 0:
                gen_nn(&r, buf, sizeof buf, 0);
                break;
            case 1:
                gen_nn(&r, buf, sizeof buf, 1);
                break;
            case 2:
                gen_iban(&r, buf, sizeof buf);
                break;
            case 3:
                gen_imei(&r, buf, sizeof buf);
                break;
            case 4:
                gen_luhn_like(&r, buf, sizeof buf, "", 2 + rnd(&r, 19));
                break;
            case 5:
                gen_luhn_like(&r, buf, sizeof buf, rnd(&r, 10) ? "89" : "", 18 + rnd(&r, 4));
                break;
            case 6:
                gen_enterprise(&r, buf, sizeof buf);
                break;
            case 7:
                gen_mod97(&r, buf, sizeof buf);
                break;
            default:
                gen_ogm(&r, buf, sizeof buf);
                break;
            }
            printf("%s\t%s\t%d\n", kinds[k], buf, v->fn(buf, strlen(buf)));
        }
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
