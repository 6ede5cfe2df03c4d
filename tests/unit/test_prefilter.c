/* test_prefilter.c — the matcher's prefilter (scanner/match/prefilter.c)
 * never drops a rule that PCRE2 would match: on every example and
 * counterexample of every built-in rule, on tricky inputs (lookbehinds at the
 * start of a record, UTF-8 text, caseless letters with non-ASCII partners,
 * invalid UTF-8, NUL bytes), on mutations of all of them, and on random
 * strings against patterns made to stress the analysis.  Also what the
 * analysis derives and where it gives up. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/prefilter.h"
#include "match/rules.h"

static char err[1024];

/* Whether code matches anywhere in text[0, len) (the matcher's options). */
static int pcre_any(const pcre2_code *code, const char *text, size_t len, pcre2_match_data *md)
{
    int rc = pcre2_match(code, (PCRE2_SPTR)text, len, 0, 0, md, NULL);

    return rc >= 0 || (rc != PCRE2_ERROR_NOMATCH && rc < 0);
}

/* Fails when PCRE2 matches text but the prefilter would skip the rule. */
static void check_one(const char *what, const struct ls_prefilter *pf, const pcre2_code *code,
                      const char *text, size_t len, pcre2_match_data *md, unsigned long *nmatch)
{
    struct ls_pf_record rec;

    if (!pcre_any(code, text, len, md))
        return;
    (*nmatch)++;
    ls_prefilter_measure(text, len, &rec);
    if (!ls_prefilter_may_match(pf, &rec))
        fail_msg("prefilter of %s drops a record PCRE2 matches: '%.*s'", what, (int)len, text);
}

static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

/* Bytes mutations insert: separators, digits, letters, UTF-8 pieces. */
static const char pool[] = " .-/:;,@+()'_#*=\t\n0123456789ABCZabcz\xc3\xa9\xe2\x84\xaa\xc5\xbf\xff";

/* A mutation of src into dst (returns its length): deletes, duplicates,
 * inserts, replaces or case-flips a few bytes, or cuts a piece. */
static size_t mutate(const char *src, size_t n, char *dst, size_t cap, uint32_t *seed)
{
    size_t len = n < cap / 2 ? n : cap / 2, k, edits = 1 + rnd(seed) % 3;

    memcpy(dst, src, len);
    for (k = 0; k < edits && len + 4 < cap; k++) {
        size_t at = len ? rnd(seed) % (len + 1) : 0;

        switch (rnd(seed) % 6) {
        case 0: /* delete */
            if (at < len) {
                memmove(dst + at, dst + at + 1, len - at - 1);
                len--;
            }
            break;
        case 1: /* insert */
            memmove(dst + at + 1, dst + at, len - at);
            dst[at] = pool[rnd(seed) % (sizeof pool - 1)];
            len++;
            break;
        case 2: /* replace */
            if (at < len)
                dst[at] = pool[rnd(seed) % (sizeof pool - 1)];
            break;
        case 3: /* flip case */
            if (at < len && ((dst[at] | 32) >= 'a' && (dst[at] | 32) <= 'z'))
                dst[at] ^= 32;
            break;
        case 4: /* duplicate */
            if (at < len) {
                memmove(dst + at + 1, dst + at, len - at);
                len++;
            }
            break;
        default: /* keep a piece */
            if (at < len) {
                size_t e = at + rnd(seed) % (len - at + 1);

                memmove(dst, dst + at, e - at);
                len = e - at;
            }
        }
    }
    return len;
}

static const char *const tricky[] = {
    "",
    "0",
    "12345678901",
    " 12345678901 ",
    "85.07.30-033.28",
    "85073003328",
    "BE0123.456.789",
    "0123456789",
    "BE68539007547034",
    "BE68 5390 0754 7034",
    "jan.peeters@example.be",
    "Jan.Peeters@Example.BE",
    "+32 470 12 34 56",
    "0032470123456",
    "0470/12.34.56",
    "(02) 123 45 67",
    "1-ABC-123",
    "1ABC123",
    "ABC-123",
    "ABC 123",
    "123-ABC",
    "G-ABC-123",
    "GABC123",
    "AB-12-CD",
    "12-AB-34",
    "AB123CD",
    "AB-123-CD",
    "AB 123 CD",
    "1234 AB 75",
    "WVWZZZ1JZXW000001",
    "IMEI 35-209900-176148-1",
    "356938035643809",
    "206011234567890",
    "8932 0112 3456 7890 123",
    "192.168.1.10",
    "2001:db8::1",
    "fe80::1%eth0",
    "::ffff:10.0.0.1",
    "206-01-1234-56789",
    "50.8503, 4.3517",
    "50.8503 N 4.3517 E",
    "12/03/1985",
    "1985-03-12",
    "1.2.1985",
    "EUR 1.234,56",
    "1.234,56 €",
    "12,50 euro",
    "+++090/9337/55493+++",
    "***090/9337/55493***",
    "BX.12.L3.012345/2019",
    "Politiezone Brussel-Noord (5344)",
    "ZONE DE POLICE Mons-Quévy (5324)",
    "proces-verbaal nr",
    "PROCÈS-VERBAL N°",
    "procès-verbal no",
    "PROTOKOLL Nummer",
    "password=hunter22",
    "PASSWORD: hunter22",
    "pa\xc5\xbfsword=hunter22",
    "Wachtwoord = geheim123",
    "mot de passe: s3cr3tpass",
    "Kennwort=\xe2\x84\xaa"
    "ennwort1",
    "-----BEGIN RSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "AKIAABCDEFGHIJKLMNOP",
    "Bearer abcdefghijklmnopqrstuvwxyz012345",
    "BEARER abcdefghijklmnopqrstuvwxyz012345",
    "b\xc3\xa9"
    "arer abcdefghijklmnopqrstuvwxyz012345",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk",
    "Naam: Jan Peeters",
    "NOM : Dupont",
    "Prénom: Élodie",
    "Name der verdachte: Müller",
    "Jan Van den Broeck",
    "Élodie Dubois-Lefèvre",
    "Ünal Öztürk",
    "Jean d'Hondt",
    "Rue de la Loi 16, 1000 Bruxelles",
    "Kerkstraat 12 bus 3, 9000 Gent",
    "Avenue Louise 54/2, 1050 Ixelles",
    "\xc3\x89milie Mertens",
    "Ève Dupont, rue Haute 3, 1000 Bruxelles",
    "\xff\xfe 12345678901 \xff",
    "85.07.30-033.28\xc3",
    "\xc3(12345678901",
    "a\0b 12345678901",
    "Naam:\0Jan",
    "\xe2\x80\xaf"
    "85073003328",
    "85073003328\xe2\x80\xaf",
    "x12345678901",
    "12345678901x",
    "1.12345678901",
};

static void check_text(const struct ls_ruleset *rs, const char *text, size_t len,
                       pcre2_match_data *md, unsigned long *nmatch)
{
    size_t i;

    for (i = 0; i < rs->nrules; i++)
        check_one(rs->rules[i].id, &rs->rules[i].pf, rs->rules[i].code, text, len, md, nmatch);
}

/* Examples, counterexamples and tricky inputs, each with 40 mutations,
 * against every built-in rule. */
static void builtin_rules_never_dropped(void **state)
{
    struct ls_config cfg;
    struct ls_ruleset *rs = NULL;
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    unsigned long nmatch = 0, ntext = 0;
    uint32_t seed = 7;
    char buf[1024];
    size_t i, j, k;

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    for (i = 0; i < rs->nrules + 1; i++) {
        const struct ls_rule *r = i < rs->nrules ? &rs->rules[i] : NULL;
        size_t n = r ? r->nex + r->ncex : sizeof tricky / sizeof *tricky;

        if (r)
            assert_true(r->pf.known); /* every built-in pattern is understood */
        for (j = 0; j < n; j++) {
            const char *t = !r ? tricky[j] : j < r->nex ? r->ex[j].text : r->cex[j - r->nex].text;
            size_t tl = strlen(t);

            check_text(rs, t, tl, md, &nmatch);
            ntext++;
            for (k = 0; k < 40; k++) {
                size_t ml = mutate(t, tl, buf, sizeof buf, &seed);

                check_text(rs, buf, ml, md, &nmatch);
                ntext++;
            }
        }
    }
    /* the tricky NUL-holding inputs, at their full length */
    check_text(rs, "a\0b 12345678901", 15, md, &nmatch);
    check_text(rs, "Naam:\0Jan Peeters", 17, md, &nmatch);
    assert_true(nmatch > 1000); /* the inputs do exercise the rules */
    print_message("prefilter: %lu texts, %lu rule matches, none dropped\n", ntext, nmatch);
    pcre2_match_data_free(md);
    ls_ruleset_free(rs);
}

/* Patterns made to stress the analysis, against random strings. */
static const char *const stress[] = {
    "[0-9]{11}",
    "(?<![0-9])[0-9]{3}(?:[ -]?[0-9]){4,}",
    "a|bc|[0-9]{5}",
    "(?:ab|)c{2,3}",
    "(?i)k{2}",
    "(?i:s)[0-9]{2}",
    "[^a-z]{4}",
    "\\d{3}\\D\\w\\W\\s\\S",
    "\\p{Lu}\\p{L}{2}",
    "\\P{L}{3}",
    "([0-9])\\1{2}",
    "(?=[0-9]{3})\\w+",
    "x*+y{2}?z",
    "(?>[0-9]+)-",
    "[\\x41-\\x43]{3}",
    "\\x{e9}{2}",
    "\xc3\xa9[a\xc3\xa9]{2}",
    "[]a]{2}",
    "[^]a]{2}",
    "[a-]{3}",
    "\\.\\-[.][-]",
    "(?<value>[0-9]{2})(?:/[0-9]{2}){2}",
    "(?'n'a)(?P<m>b)\\b-c\\B",
    "^[0-9]+$",
    "\\h\\v.{3}",
    "(?|(a)|(b))[ab]{3}",
    "(?:(?:[0-9]{2}){2}){2}",
    "[0-9]{2,}[A-Z]?[0-9]{2}",
    "(?i)[^k]{3}",
};

/* Random strings are made of these pieces. */
static const char *const pieces[] = {
    "0",        "1",    "12", "123",  "1234",     "12345",    "/12",
    ".-",       " ",    "-",  ".",    "/",        ":",        "a",
    "b",        "c",    "k",  "s",    "x",        "y",        "z",
    "ab",       "cc",   "yy", "A",    "B",        "K",        "S",
    "Z",        "_",    "\n", "\xff", "\xc3\xa9", "\xc3\x89", "\xe2\x84\xaa",
    "\xc5\xbf", "\xc3",
};

static void stress_patterns_never_dropped(void **state)
{
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    uint32_t seed = 11;
    char buf[128];
    size_t i, k, j;

    (void)state;
    for (i = 0; i < sizeof stress / sizeof *stress; i++) {
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)stress[i], PCRE2_ZERO_TERMINATED,
                                         PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo, NULL);
        struct ls_prefilter pf;
        unsigned long nmatch = 0;

        if (!code)
            fail_msg("stress pattern %zu does not compile", i);
        ls_prefilter_build(stress[i], 0, &pf);
        assert_true(pf.known);
        for (k = 0; k < 20000; k++) {
            size_t len = 0, n = rnd(&seed) % 16;

            for (j = 0; j < n; j++) {
                const char *p = pieces[rnd(&seed) % (sizeof pieces / sizeof *pieces)];
                size_t pl = strlen(p);

                memcpy(buf + len, p, pl);
                len += pl;
            }
            check_one(stress[i], &pf, code, buf, len, md, &nmatch);
        }
        if (nmatch == 0)
            fail_msg("stress pattern %s: %lu random matches", stress[i], nmatch);
        pcre2_code_free(code);
    }
    pcre2_match_data_free(md);
}

/* The measure against its definition, on random texts with runs longer
 * than the 127 it caps at (and than a byte holds): the longest run of each
 * class, the occurrences of each counted byte, the bytes present. */
static int in_class(unsigned k, unsigned char b)
{
    int digit = b >= '0' && b <= '9', upper = b >= 'A' && b <= 'Z', lower = b >= 'a' && b <= 'z';

    switch (k) {
    case 0:
        return digit;
    case 1:
        return upper;
    case 2:
        return upper || lower;
    case 3:
        return digit || upper || lower;
    case 4:
        return digit || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f') || b == ':' || b == '.';
    case 5:
        return digit || b == ' ' || b == '.' || b == '/' || b == '-';
    case 6:
        return digit || b == ' ' || b == ',' || b == '.' || b == '/' || b == ';' || b == '-';
    default:
        return upper || lower || b >= 0x80;
    }
}

static void measure_matches_definition(void **state)
{
    static const char alphabet[] = "0123456789ABFZabfz:./- ,;@+\t\xc3\xa9\xff";
    unsigned char text[700];
    uint32_t seed = 11;

    (void)state;
    for (unsigned round = 0; round < 3000; round++) {
        size_t len = 0, want_len = (seed = seed * 1103515245u + 12345u) >> 16 & 511;
        struct ls_pf_record rec;

        while (len < want_len) { /* runs of one byte, some long */
            unsigned char b;
            size_t run;

            seed = seed * 1103515245u + 12345u;
            b = (unsigned char)alphabet[(seed >> 16) % (sizeof alphabet - 1)];
            run = (seed >> 8) % 7 == 0 ? (seed >> 4) % 300 : 1 + (seed >> 4) % 3;
            for (; run > 0 && len < sizeof text; run--)
                text[len++] = b;
        }
        ls_prefilter_measure((const char *)text, len, &rec);
        for (unsigned k = 0; k < 8; k++) {
            size_t cur = 0, best = 0;

            for (size_t i = 0; i < len; i++) {
                cur = in_class(k, text[i]) ? cur + 1 : 0;
                best = cur > best ? cur : best;
            }
            assert_int_equal(rec.have[k], best < 127 ? best : 127);
        }
        for (unsigned i = 0; i < 8; i++) {
            size_t n = 0;

            for (size_t j = 0; j < len; j++)
                n += text[j] == (unsigned char)".:-/@,+ "[i];
            assert_int_equal(rec.have[8 + i], n < 127 ? n : 127);
        }
        for (unsigned b = 0; b < 256; b++) {
            int seen = memchr(text, (int)b, len) != NULL;

            assert_int_equal((rec.bytes[b >> 3] >> (b & 7)) & 1, seen);
        }
    }
}

static void derived_conditions(void **state)
{
    struct ls_prefilter pf;
    struct ls_pf_record rec;

    (void)state;
    ls_prefilter_build("(?<![0-9])[0-9]{11}(?![0-9])", 0, &pf);
    assert_true(pf.known);
    assert_int_equal(pf.need[0], 11); /* eleven digits in a row */
    ls_prefilter_measure("tel 1234567890 x", 16, &rec);
    assert_int_equal(rec.have[0], 10);
    assert_false(ls_prefilter_may_match(&pf, &rec));
    ls_prefilter_measure("nn 12345678901", 14, &rec);
    assert_true(ls_prefilter_may_match(&pf, &rec));

    ls_prefilter_build("[a-z]+@[a-z]+", 0, &pf);
    ls_prefilter_measure("no at sign here", 15, &rec);
    assert_false(ls_prefilter_may_match(&pf, &rec));
    ls_prefilter_measure("a@b", 3, &rec);
    assert_true(ls_prefilter_may_match(&pf, &rec));

    /* alternation keeps what every branch has */
    ls_prefilter_build("[0-9]{8}|[0-9]{3}", 0, &pf);
    assert_int_equal(pf.need[0], 3);
    /* caseless letters may be non-ASCII: no ASCII-letter run required */
    ls_prefilter_build("(?i)kk", 0, &pf);
    assert_int_equal(pf.need[2], 0);
    ls_prefilter_measure("\xe2\x84\xaa\xe2\x84\xaa", 6, &rec);
    assert_true(ls_prefilter_may_match(&pf, &rec));

    /* what is not read leaves the rule running everywhere */
    ls_prefilter_build("(?x) a b", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("[[:alpha:]]{3}", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("(*UTF)abc", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("\\Qa.b\\E", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("(a)(?1)", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("a{,3}", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_build("(ab", 0, &pf);
    assert_false(pf.known);
    ls_prefilter_measure("", 0, &rec);
    assert_true(ls_prefilter_may_match(&pf, &rec));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(builtin_rules_never_dropped),
        cmocka_unit_test(stress_patterns_never_dropped),
        cmocka_unit_test(measure_matches_definition),
        cmocka_unit_test(derived_conditions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
