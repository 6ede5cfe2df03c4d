/* test_cands.c — the candidate pass (scanner/match/cands.c and the shapes of
 * scanner/match/prefilter.c): PCRE2 anchored at the candidate starts finds
 * exactly the matches of the plain search, in the same order, for every
 * built-in rule on its examples, counterexamples and tricky inputs (and
 * mutations of them), and for patterns made to stress the analysis
 * (lookbehinds, alternations, optional and repeated pieces, lookaheads,
 * non-ASCII classes, caseless letters) on random strings, and the search
 * from the first pair of bytes a match can start with (rules without a shape); every match starts
 * at a position the shape admits; the masks of several blocks agree with the byte-by-byte
 * definition; and what the analysis derives, and where it gives up. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/cands.h"
#include "match/prefilter.h"
#include "match/rules.h"

static char err[1024];

static uint32_t rnd(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xffffff;
}

/* One pattern as the matcher holds it: searched and anchored code, shape,
 * and a plan of its own. */
struct pat {
    const char *src;
    pcre2_code *code, *acode;
    struct ls_shape shape;
    struct ls_cands plan;
    struct ls_pairs pairs; /* without a shape, as the ruleset builds them */
    int has_pairs;
};

static const uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;

static void pat_init(struct pat *p, const char *src)
{
    int ec;
    PCRE2_SIZE eo;
    uint32_t type = 0;
    const uint8_t *bitmap = NULL;
    const struct ls_shape *one = &p->shape;

    memset(p, 0, sizeof *p);
    p->src = src;
    p->code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
    if (!p->code)
        fail_msg("pattern does not compile: %s", src);
    (void)pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
    if (pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 && type == 0)
        (void)pcre2_pattern_info(p->code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
    ls_shape_build(src, 0, bitmap, &p->shape);
    if (p->shape.nvar) {
        p->acode = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED, opts | PCRE2_ANCHORED, &ec,
                                 &eo, NULL);
        assert_non_null(p->acode);
        (void)pcre2_jit_compile(p->acode, PCRE2_JIT_COMPLETE);
    }
    assert_int_equal(ls_cands_build(&p->plan, &one, 1), 0);
    p->has_pairs = !p->shape.nvar && ls_pairs_build(src, 0, bitmap, &p->pairs) == 0;
}

static void pat_free(struct pat *p)
{
    pcre2_code_free(p->code);
    pcre2_code_free(p->acode);
    ls_cands_free(&p->plan);
}

/* The matches of the plain search (as the matcher iterates them: after a
 * match, on from its end, or one character on after an empty one), as
 * start/end pairs into out (at most cap pairs); returns their count.  With
 * pairs, each search starts at the first pair of bytes a match can start
 * with, as the matcher runs a rule without a shape. */
static size_t plain_matches(const pcre2_code *code, const struct ls_pairs *pairs, const char *text,
                            size_t len, pcre2_match_data *md, size_t *out, size_t cap)
{
    size_t off = 0, n = 0;

    while (off <= len && n < cap) {
        size_t q = pairs ? ls_pairs_next(pairs, (const unsigned char *)text, len, off) : off;
        int rc;
        PCRE2_SIZE *ov;

        if (q == SIZE_MAX)
            break;
        rc = pcre2_match(code, (PCRE2_SPTR)text, len, q, 0, md, NULL);
        if (rc < 0)
            break;
        ov = pcre2_get_ovector_pointer(md);
        out[2 * n] = ov[0];
        out[2 * n + 1] = ov[1];
        n++;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
            off++;
    }
    return n;
}

/* The same through the candidate pass and the anchored code. */
static size_t cand_matches(const struct pat *p, const struct ls_cands_rec *r, const char *text,
                           size_t len, pcre2_match_data *md, size_t *out, size_t cap)
{
    size_t off = 0, n = 0;

    while (off <= len && n < cap) {
        size_t q = off;
        int rc = PCRE2_ERROR_NOMATCH;
        PCRE2_SIZE *ov;

        while ((q = ls_cands_next(&p->plan, 0, r, q)) != SIZE_MAX) {
            rc = pcre2_match(p->acode, (PCRE2_SPTR)text, len, q, 0, md, NULL);
            if (rc != PCRE2_ERROR_NOMATCH)
                break;
            q++;
        }
        if (rc < 0)
            break;
        ov = pcre2_get_ovector_pointer(md);
        out[2 * n] = ov[0];
        out[2 * n + 1] = ov[1];
        n++;
        off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
            off++;
    }
    return n;
}

/* Fails unless both ways find the same matches; counts them. */
static void check_same(const struct pat *p, const char *text, size_t len, pcre2_match_data *md,
                       struct ls_cands_rec *r, unsigned long *nmatch)
{
    size_t a[64], b[64], na, nb;

    na = plain_matches(p->code, NULL, text, len, md, a, 32);
    *nmatch += na;
    if (p->has_pairs) {
        for (size_t i = 0; i < na; i++)
            if (ls_pairs_next(&p->pairs, (const unsigned char *)text, len, a[2 * i]) != a[2 * i])
                fail_msg("%s: a match at %zu is not at a pair in '%.*s'", p->src, a[2 * i],
                         (int)len, text);
        nb = plain_matches(p->code, &p->pairs, text, len, md, b, 32);
        if (na != nb || memcmp(a, b, 2 * na * sizeof *a) != 0)
            fail_msg("%s: %zu matches plain, %zu from the pairs, in '%.*s'", p->src, na, nb,
                     (int)len, text);
    }
    if (!p->shape.nvar)
        return;
    for (size_t i = 0; i < na; i++)
        if (!ls_shape_fits(&p->shape, text, len, a[2 * i]))
            fail_msg("%s: a match at %zu is no candidate of the shape in '%.*s'", p->src, a[2 * i],
                     (int)len, text);
    if (!p->plan.rule[0].nvar || len > LS_CANDS_MAX_LEN)
        return;
    assert_int_equal(ls_cands_measure(&p->plan, text, len, r), 0);
    /* the masks admit every start the shape admits */
    for (size_t q = 0; q < len; q++)
        if (ls_shape_fits(&p->shape, text, len, q) && ls_cands_next(&p->plan, 0, r, q) != q)
            fail_msg("%s: the masks drop candidate %zu of '%.*s'", p->src, q, (int)len, text);
    nb = cand_matches(p, r, text, len, md, b, 32);
    if (na != nb || memcmp(a, b, 2 * na * sizeof *a) != 0)
        fail_msg("%s: %zu matches plain, %zu through candidates, in '%.*s'", p->src, na, nb,
                 (int)len, text);
}

static const char pool[] =
    " .-/:;,@+()'_#*=\t\n0123456789ABCZabczkKsS\xc3\xa9\xe2\x84\xaa\xc5\xbf\xff";

/* A mutation of src into dst: a few bytes replaced, inserted or deleted. */
static size_t mutate(const char *src, size_t n, char *dst, size_t cap, uint32_t *seed)
{
    size_t len = n < cap / 2 ? n : cap / 2;

    memcpy(dst, src, len);
    for (unsigned k = 1 + rnd(seed) % 3; k > 0 && len + 2 < cap; k--) {
        size_t at = len ? rnd(seed) % (len + 1) : 0;
        unsigned op = rnd(seed) % 3;

        if (op == 0 && at < len) {
            memmove(dst + at, dst + at + 1, len - at - 1);
            len--;
        } else if (op == 1) {
            memmove(dst + at + 1, dst + at, len - at);
            dst[at] = pool[rnd(seed) % (sizeof pool - 1)];
            len++;
        } else if (at < len) {
            dst[at] = pool[rnd(seed) % (sizeof pool - 1)];
        }
    }
    return len;
}

static const char *const tricky[] = {
    "12345678901 85.07.30-033.28 x12345678901 1.12345678901",
    "CAM53458;2017-01-01T00:00:03;2PKV886;B;1;0.97",
    "CAM53464;2017-01-01T00:00:06;1-HVZ-248;B;3;0.61",
    "jan.peeters@example.be, +32 470 12 34 56; 0470/12.34.56 (02) 123 45 67",
    "1-ABC-123 ABC-123 123-ABC AB-12-CD 1234 AB 75 WVWZZZ1JZXW000001",
    "BE68 5390 0754 7034 +++090/9337/55493+++ EUR 1.234,56 12/03/1985",
    "192.168.1.10 2001:db8::1 ::ffff:10.0.0.1 50.8503, 4.3517",
    "Naam: Jan Peeters, Kerkstraat 12 bus 3, 9000 Gent \xc3\x89milie Mertens",
    "\xff\xfe 12345678901 \xff\xc3(12345678901 a\xc3\xa9"
    "1-ABC-123",
};

/* Every built-in rule with a shape, on its examples, counterexamples and
 * the tricky inputs, alone and inside a longer text (past one block). */
static void builtin_rules_same_matches(void **state)
{
    struct ls_config cfg;
    struct ls_ruleset *rs = NULL;
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    struct ls_cands_rec r = {0};
    unsigned long nmatch = 0;
    uint32_t seed = 5;
    char buf[512];
    size_t nshaped = 0;

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    for (size_t i = 0; i < rs->nrules; i++) {
        struct pat p;

        pat_init(&p, rs->rules[i].pattern);
        nshaped += p.shape.nvar > 0;
        for (size_t k = 0; k < rs->nrules; k++) {
            const struct ls_rule *o = &rs->rules[k];

            for (size_t j = 0; j < o->nex + o->ncex; j++) {
                const char *t = j < o->nex ? o->ex[j].text : o->cex[j - o->nex].text;
                size_t tl = strlen(t), ml;

                check_same(&p, t, tl, md, &r, &nmatch);
                ml = mutate(t, tl, buf, sizeof buf, &seed);
                check_same(&p, buf, ml, md, &r, &nmatch);
            }
        }
        for (size_t j = 0; j < sizeof tricky / sizeof *tricky; j++) {
            size_t tl = strlen(tricky[j]), n = 0;

            check_same(&p, tricky[j], tl, md, &r, &nmatch);
            for (unsigned k = 0; k < 20; k++) {
                size_t ml = mutate(tricky[j], tl, buf, sizeof buf, &seed);

                check_same(&p, buf, ml, md, &r, &nmatch);
            }
            while (n + tl + 1 < sizeof buf && n < 300) { /* several blocks */
                memcpy(buf + n, tricky[j], tl);
                n += tl;
                buf[n++] = (char)pool[rnd(&seed) % (sizeof pool - 1)];
            }
            check_same(&p, buf, n, md, &r, &nmatch);
        }
        pat_free(&p);
    }
    assert_true(nshaped > rs->nrules / 2); /* most built-in rules have a shape */
    assert_true(nmatch > 1000);
    print_message("cands: %zu of %zu rules shaped, %lu matches compared\n", nshaped, rs->nrules,
                  nmatch);
    ls_cands_rec_free(&r);
    pcre2_match_data_free(md);
    ls_ruleset_free(rs);
}

/* Patterns made to stress the shapes: lookbehinds, alternations at the
 * start, optional and repeated pieces, lookaheads, non-ASCII classes. */
static const char *const stress[] = {
    "(?<![0-9])[0-9]{3}(?:[ -]?[0-9]){4,}",
    "(?<![A-Za-z0-9])(?:ab|[0-9]{2}c|x)[a-c]?[0-9]",
    "[0-3]?[0-9]([./-])[01]?[0-9]\\g{1}(?:19|20)?[0-9]",
    "(?<![0-9./-])(?:[0-9]{1,2}[./][0-9]{2}|[0-9]{4}-[0-9]{2})",
    "(?=[0-9a:]{3})(?:[0-9a]{0,4}:){2,3}",
    "(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}'-]{1,5}(?: \\p{Lu}\\p{L}+)?",
    "\xc3\xa9[a\xc3\xa9]{2}",
    "(?:EUR|\xe2\x82\xac) ?[0-9]{1,3}(?:[.][0-9]{3})*",
    "(?<!-)(?<![a-z])[0-9]{1,4}[ -]?[A-Z]{1,3}",
    "a(?<![0-9]a)[0-9]+",
    "(?:[0-9]{2}){1,3}x",
    "x{0,2}y[0-9]",
    "(?<=[:;])[0-9]{2}",
    "[^0-9 ]{2}[0-9]",
    "\\b[0-9]{2}\\b",
    "(?<![0-9])(?:1|12|123)(?![0-9])",
    "(?<value>[0-9]{2})(?:/[0-9]{2}){2}",
    /* caseless (no shape: pairs); K and s have non-ASCII partners */
    "(?i)(?<![a-z0-9])(?:ks|xy|a)[0-9]",
    "(?<![a-z])(?i:ks|b)[0-9]",
    "(?i)s{1,2}[a-c]?[0-9]",
    "(?i)(?:zk|\xc3\xa9"
    "b|\\x{17f}a) ?[0-9]{2}",
    "(?i:x)[0-9]",
};

static const char *const pieces[] = {
    "0",
    "1",
    "12",
    "123",
    "1234",
    "/12",
    ".-",
    " ",
    "-",
    ".",
    "/",
    ":",
    ";",
    "a",
    "b",
    "c",
    "x",
    "y",
    "A",
    "B",
    "Z",
    "ab",
    "19",
    "20",
    "2017",
    "EUR",
    "\n",
    "\xff",
    "\xc3\xa9",
    "\xc3\x89",
    "\xe2\x82\xac",
    "\xc3",
    "k",
    "K",
    "s",
    "S",
    "zk",
    "\xc3\x89"
    "B",
    "\xe2\x84\xaa",
    "\xc5\xbf",
};

static void stress_patterns_same_matches(void **state)
{
    pcre2_match_data *md = pcre2_match_data_create(32, NULL);
    struct ls_cands_rec r = {0};
    uint32_t seed = 13;
    char buf[256];

    (void)state;
    for (size_t i = 0; i < sizeof stress / sizeof *stress; i++) {
        struct pat p;
        unsigned long nmatch = 0;

        pat_init(&p, stress[i]);
        for (unsigned k = 0; k < 20000; k++) {
            size_t len = 0, n = rnd(&seed) % 40;

            for (size_t j = 0; j < n; j++) {
                const char *s = pieces[rnd(&seed) % (sizeof pieces / sizeof *pieces)];
                size_t sl = strlen(s);

                memcpy(buf + len, s, sl);
                len += sl;
            }
            check_same(&p, buf, len, md, &r, &nmatch);
        }
        if (nmatch == 0)
            fail_msg("stress pattern %s: no random match", stress[i]);
        pat_free(&p);
    }
    ls_cands_rec_free(&r);
    pcre2_match_data_free(md);
}

/* The fold the caseless reading relies on (prefilter.c, cs_fold): in UTF
 * mode the PCRE2 linked matches an ASCII letter caselessly with exactly
 * one non-ASCII character each for K, k (U+212A) and S, s (U+017F), and
 * with none for the other letters.  Every code point is tried. */
static void caseless_partners_of_this_pcre2(void **state)
{
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    int ec;
    PCRE2_SIZE eo;

    (void)state;
    for (unsigned c = 'A'; c <= 'z'; c++) {
        char pat[2] = {(char)c, 0};
        pcre2_code *re;
        unsigned found = 0, want = 0;

        if (c > 'Z' && c < 'a')
            continue;
        re = pcre2_compile((PCRE2_SPTR)pat, 1, opts | PCRE2_CASELESS | PCRE2_ANCHORED, &ec, &eo,
                           NULL);
        assert_non_null(re);
        (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
        if ((c | 32) == 'k')
            want = 0x212A;
        else if ((c | 32) == 's')
            want = 0x17F;
        for (unsigned u = 0x80; u < 0x110000; u++) {
            unsigned char b[4];
            size_t n;

            if (u >= 0xD800 && u < 0xE000)
                continue;
            if (u < 0x800) {
                b[0] = (unsigned char)(0xC0 | u >> 6);
                b[1] = (unsigned char)(0x80 | (u & 63));
                n = 2;
            } else if (u < 0x10000) {
                b[0] = (unsigned char)(0xE0 | u >> 12);
                b[1] = (unsigned char)(0x80 | (u >> 6 & 63));
                b[2] = (unsigned char)(0x80 | (u & 63));
                n = 3;
            } else {
                b[0] = (unsigned char)(0xF0 | u >> 18);
                b[1] = (unsigned char)(0x80 | (u >> 12 & 63));
                b[2] = (unsigned char)(0x80 | (u >> 6 & 63));
                b[3] = (unsigned char)(0x80 | (u & 63));
                n = 4;
            }
            if (pcre2_match(re, b, n, 0, 0, md, NULL) >= 0) {
                if (u != want)
                    fail_msg("caseless %c matches U+%04X: the analysis does not know", (char)c, u);
                found++;
            }
        }
        assert_int_equal(found, want ? 1 : 0);
        pcre2_code_free(re);
    }
    pcre2_match_data_free(md);
}

/* The pairs of a caseless pattern: both cases, and K (possibly U+212A, of
 * unknown length) followed by anything. */
static void derived_pairs(void **state)
{
    struct ls_pairs *pp = malloc(sizeof *pp);
    uint8_t first[32] = {0}; /* PCRE2's start bytes: a, A, k, K and U+212A's lead */
    const unsigned char starts[] = {'a', 'A', 'k', 'K', 0xE2};

    (void)state;
    assert_non_null(pp);
    for (size_t i = 0; i < sizeof starts; i++)
        first[starts[i] >> 3] |= (uint8_t)(1u << (starts[i] & 7));
    assert_int_equal(ls_pairs_build("(?i)(?:ab|kc)[0-9]", 0, first, pp), 0);
    assert_true(ls_set_has(pp->pair['a'], 'b') && ls_set_has(pp->pair['A'], 'B'));
    assert_false(ls_set_has(pp->pair['a'], 'c') || ls_set_has(pp->pair['b'], 'a'));
    assert_true(ls_set_has(pp->pair['K'], '!') && ls_set_has(pp->pair[0xE2], 0x84));
    assert_true(ls_set_has(pp->alone, 'k') && !ls_set_has(pp->alone, 'a'));
    assert_int_equal(ls_pairs_next(pp, (const unsigned char *)"xxAbx", 5, 0), 2);
    assert_int_equal(ls_pairs_next(pp, (const unsigned char *)"xxAbx", 5, 3), SIZE_MAX);
    assert_int_equal(ls_pairs_next(pp, (const unsigned char *)"xxk", 3, 0), 2);
    /* a filter that passes most pairs is not kept: here without PCRE2's
     * start bytes, a caseless k may be any non-ASCII character */
    assert_int_equal(ls_pairs_build("(?i)(?:ab|kc)[0-9]", 0, NULL, pp), -1);
    assert_int_equal(ls_pairs_build("(?i)[a-z0-9][^x]", 0, NULL, pp), -1);
    free(pp);
}

/* What the analysis derives. */
static void derived_shapes(void **state)
{
    struct ls_shape sh;

    (void)state;
    ls_shape_build("(?<![0-9])[0-9]{11}(?![0-9])", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 1);
    assert_int_equal(sh.npos[0], LS_SHAPE_POS);
    assert_true(sh.has_lb && ls_set_has(sh.lb, '7') && !ls_set_has(sh.lb, 'a'));
    assert_true(ls_set_has(sh.pos[0][6], '5') && !ls_set_has(sh.pos[0][6], 'x'));
    assert_true(ls_shape_fits(&sh, "a12345678901", 12, 1));
    assert_false(ls_shape_fits(&sh, "112345678901", 12, 1)); /* a digit before */
    assert_false(ls_shape_fits(&sh, "a123456", 7, 1));       /* too short */

    ls_shape_build("x?[0-9]", 0, NULL, &sh); /* an optional start: two variants */
    assert_int_equal(sh.nvar, 2);
    assert_true(ls_shape_fits(&sh, "x1", 2, 0) && ls_shape_fits(&sh, "1", 1, 0));
    assert_false(ls_shape_fits(&sh, "xx", 2, 0));

    ls_shape_build("(?=[0-9]{3})[0-9a]+", 0, NULL, &sh); /* a leading lookahead counts */
    assert_true(sh.nvar >= 1);
    for (unsigned v = 0; v < sh.nvar; v++) {
        assert_true(sh.npos[v] >= 3);
        assert_false(ls_set_has(sh.pos[v][2], 'a'));
    }

    /* a non-ASCII class: lead bytes start a match, continuation bytes never */
    ls_shape_build("\\p{Lu}[a-z]", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 1);
    assert_int_equal(sh.npos[0], 1);
    assert_true(ls_set_has(sh.pos[0][0], 'E') && ls_set_has(sh.pos[0][0], 0xC3));
    assert_false(ls_set_has(sh.pos[0][0], 0x89));

    /* no shape: caseless, possibly empty, or a start that is not known */
    ls_shape_build("(?i)abc", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 0);
    ls_shape_build("abc", 1, NULL, &sh);
    assert_int_equal(sh.nvar, 0);
    ls_shape_build("[0-9]*", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 0);
    ls_shape_build("(a)?\\1b", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 0);
    ls_shape_build("(*UTF)abc", 0, NULL, &sh);
    assert_int_equal(sh.nvar, 0);
}

/* Sets beyond LS_CANDS_SETS: later rules reuse a superset or are cut, and
 * still find every match. */
static void plan_when_sets_run_out(void **state)
{
    struct ls_shape sh[LS_CANDS_SETS + 8];
    const struct ls_shape *p[LS_CANDS_SETS + 8];
    struct ls_cands c;
    char pat[64];

    (void)state;
    for (size_t i = 0; i < LS_CANDS_SETS + 8; i++) {
        /* a set of its own for each: [0-9] plus one letter */
        snprintf(pat, sizeof pat, "[0-9%c][0-9]", (char)('A' + (i % 26)) + (i >= 26 ? 32 : 0));
        if (i >= 52)
            snprintf(pat, sizeof pat, "[0-9%c]x", (char)('!' + (i - 52)));
        ls_shape_build(pat, 0, NULL, &sh[i]);
        assert_int_equal(sh[i].nvar, 1);
        p[i] = &sh[i];
    }
    assert_int_equal(ls_cands_build(&c, p, LS_CANDS_SETS + 8), 0);
    assert_int_equal(c.nsets, LS_CANDS_SETS);
    for (size_t i = 0; i < LS_CANDS_SETS + 8; i++) {
        struct ls_cands_rec r = {0};
        const char *t = "5x 55 ";

        if (!c.rule[i].nvar)
            continue;
        assert_int_equal(ls_cands_measure(&c, t, strlen(t), &r), 0);
        for (size_t q = 0; q < strlen(t); q++) /* never fewer candidates than the shape */
            if (ls_shape_fits(&sh[i], t, strlen(t), q))
                assert_int_equal(ls_cands_next(&c, i, &r, q), q);
        ls_cands_rec_free(&r);
    }
    ls_cands_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(caseless_partners_of_this_pcre2),
        cmocka_unit_test(derived_pairs),
        cmocka_unit_test(derived_shapes),
        cmocka_unit_test(plan_when_sets_run_out),
        cmocka_unit_test(stress_patterns_same_matches),
        cmocka_unit_test(builtin_rules_same_matches),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
