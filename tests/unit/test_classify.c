/* test_classify.c — unit tests of the text helpers of the classify stage
 * (scanner/match/classify.c) against plain byte-at-a-time references.
 *
 * Folding and tokens are computed in blocks (eight or sixteen
 * bytes at a time); whatever the length, the alignment and the bytes (ASCII,
 * Latin-1 letters, punctuation, invalid UTF-8), the result must be exactly
 * the reference's: same folded bytes, same offset map, same tokens. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "match/classify.h"

/* A small deterministic generator (xorshift32). */
static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static int ref_tokch(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The tokens of s, byte at a time: their number, offsets in off, lengths in len. */
static size_t ref_tokens(const char *s, size_t n, size_t *off, size_t *len)
{
    size_t i = 0, k = 0;

    while (i < n) {
        size_t st;

        while (i < n && !ref_tokch((unsigned char)s[i]))
            i++;
        if (i >= n)
            break;
        st = i;
        while (i < n && ref_tokch((unsigned char)s[i]))
            i++;
        off[k] = st;
        len[k++] = i - st;
    }
    return k;
}

/* Random text of n bytes from one of several alphabets. */
static void fill(char *s, size_t n, int mode, uint32_t *seed)
{
    static const char al[] = "aZz09 ,.-@A[`{/:\x80\xff";
    size_t i;

    for (i = 0; i < n; i++) {
        uint32_t r = rnd(seed);

        if (mode == 0)
            s[i] = (char)(r & 0xFF);
        else if (mode == 1)
            s[i] = al[r % 5];
        else if (mode == 2)
            s[i] = al[r % (sizeof al - 1)];
        else
            s[i] = (char)(r & 0x7F);
    }
}

static void test_tokens_match_reference(void **state)
{
    struct ls_toks tk = {0};
    static char s[300];
    static size_t off[300], len[300];
    uint32_t seed = 12345;
    int it;

    (void)state;
    for (it = 0; it < 200000; it++) {
        size_t n = rnd(&seed) % 200, k, j;
        size_t skip = rnd(&seed) % 16; /* any alignment */

        fill(s + skip, n, (int)(rnd(&seed) % 4), &seed);
        k = ref_tokens(s + skip, n, off, len);
        assert_int_equal(ls_tokenize(&tk, s + skip, n), 0);
        assert_int_equal(tk.n, k);
        for (j = 0; j < k; j++) {
            assert_int_equal(tk.t[j].off, off[j]);
            assert_int_equal(tk.t[j].len, len[j]);
        }
    }
    ls_toks_free(&tk);
}

static void test_tokens_edges(void **state)
{
    struct ls_toks tk = {0};
    char s[64];

    (void)state;
    assert_int_equal(ls_tokenize(&tk, "", 0), 0);
    assert_int_equal(tk.n, 0);
    /* a token running to the end of a 16-byte block, and of the text */
    memset(s, 'a', 32);
    assert_int_equal(ls_tokenize(&tk, s, 16), 0);
    assert_int_equal(tk.n, 1);
    assert_int_equal(tk.t[0].len, 16);
    assert_int_equal(ls_tokenize(&tk, s, 32), 0);
    assert_int_equal(tk.n, 1);
    assert_int_equal(tk.t[0].len, 32);
    s[15] = ' ';
    assert_int_equal(ls_tokenize(&tk, s, 17), 0);
    assert_int_equal(tk.n, 2);
    assert_int_equal(tk.t[1].off, 16);
    assert_int_equal(tk.t[1].len, 1);
    /* every other byte a token: the most tokens text can hold */
    memcpy(s, "a b c d e f g h i j k l m n o p q", 33);
    assert_int_equal(ls_tokenize(&tk, s, 33), 0);
    assert_int_equal(tk.n, 17);
    ls_toks_free(&tk);
}

static void test_fold_ascii_matches_reference(void **state)
{
    struct ls_fold f = {0};
    static char s[300], want[300];
    uint32_t seed = 99;
    int it;

    (void)state;
    for (it = 0; it < 100000; it++) {
        size_t n = rnd(&seed) % 200, i;

        fill(s, n, 3, &seed);
        for (i = 0; i < n; i++)
            want[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
        assert_int_equal(ls_fold_text(&f, s, n), 0);
        assert_int_equal(f.identity, 1);
        assert_int_equal(f.len, n);
        assert_memory_equal(f.buf, want, n);
        assert_int_equal(f.buf[n], '\0');
    }
    ls_fold_free(&f);
}

/* Non-ASCII after an ASCII prefix of any length: the prefix keeps its
 * offsets, the rest is folded as before. */
static void test_fold_mixed(void **state)
{
    struct ls_fold f = {0};
    char s[64];
    size_t p, i;

    (void)state;
    for (p = 0; p < 40; p++) {
        memset(s, 'X', p);
        memcpy(s + p, "\xc3\x89t\xc3\xa9 \xe2\x80\x99Q", 10); /* "Été ’Q" */
        assert_int_equal(ls_fold_text(&f, s, p + 10), 0);
        assert_int_equal(f.identity, 0);
        assert_int_equal(f.len, p + 6);
        for (i = 0; i < p; i++) {
            assert_int_equal(f.buf[i], 'x');
            assert_int_equal(ls_fold_orig(&f, i), i);
        }
        assert_memory_equal(f.buf + p, "ete  q", 6);
        assert_int_equal(ls_fold_orig(&f, p + 1), p + 2); /* 't' */
        assert_int_equal(ls_fold_orig(&f, p + 5), p + 9); /* 'q' */
        assert_int_equal(ls_fold_orig(&f, p + 6), p + 10);
    }
    ls_fold_free(&f);
}

static int ref_phrase_at(const struct ls_phrase *p, const char *s, const struct ls_toks *tk,
                         size_t i)
{
    size_t j;

    if (i + p->ntok > tk->n)
        return 0;
    for (j = 0; j < p->ntok; j++) {
        const struct ls_tok *t = &tk->t[i + j];
        size_t pl = strlen(p->tok[j]);

        if (t->len < pl || memcmp(s + t->off, p->tok[j], pl) != 0)
            return 0;
        if (t->len != pl && !(p->prefix && j + 1 == p->ntok))
            return 0;
    }
    return 1;
}

static int ref_wordlist_any(const struct ls_wordlist *wl, const char *s, const struct ls_toks *tk,
                            size_t from, size_t to)
{
    size_t i, k;

    if (to > tk->n)
        to = tk->n;
    for (i = from; i < to; i++)
        for (k = 0; k < wl->n; k++)
            if (wl->p[k].tok[0][0] == s[tk->t[i].off] && i + wl->p[k].ntok <= to &&
                ref_phrase_at(&wl->p[k], s, tk, i))
                return 1;
    return 0;
}

static void phrase_free(struct ls_phrase *p)
{
    size_t j;

    for (j = 0; j < p->ntok; j++)
        free(p->tok[j]);
    free(p->tok);
    free(p->text);
    memset(p, 0, sizeof *p);
}

/* Phrases (one or two words, some prefixes) over texts of the same few
 * words: every window gives the reference's answer, with the list indexed
 * by first byte or not. */
static void test_wordlist_matches_reference(void **state)
{
    static const char *const words[] = {"tel",   "telefoon", "gsm",           "nr", "n",
                                        "rijks", "register", "num\xc3\xa9ro", "e",  "mail"};
    static const char *const phrases[] = {"tel",    "gsm", "telefoon*", "rijks register", "numero",
                                          "e mail", "nr",  "register*", "mail*",          "n"};
    struct ls_wordlist wl = {0};
    struct ls_fold f = {0};
    struct ls_toks tk = {0};
    uint32_t seed = 4242;
    char text[400];
    size_t i;
    int it;

    (void)state;
    wl.p = calloc(10, sizeof *wl.p);
    assert_non_null(wl.p);
    for (it = 0; it < 20000; it++) {
        size_t n = 0, nw = rnd(&seed) % 12, from, to;

        wl.n = 1 + rnd(&seed) % 3;
        for (i = 0; i < wl.n; i++)
            assert_int_equal(ls_phrase_make(&wl.p[i], phrases[rnd(&seed) % 10]), 0);
        for (i = 0; i < nw; i++) {
            const char *w = words[rnd(&seed) % 10];
            size_t l = strlen(w);

            memcpy(text + n, w, l);
            n += l;
            if (rnd(&seed) % 3 == 0)
                text[n++] = 'x'; /* a longer token */
            text[n++] = rnd(&seed) % 2 ? ' ' : ':';
        }
        assert_int_equal(ls_fold_text(&f, text, n), 0);
        assert_int_equal(ls_tokenize(&tk, f.buf, f.len), 0);
        from = tk.n ? rnd(&seed) % (tk.n + 1) : 0;
        to = from + rnd(&seed) % 6;
        assert_int_equal(ls_wordlist_any(&wl, f.buf, &tk, from, to),
                         ref_wordlist_any(&wl, f.buf, &tk, from, to));
        assert_int_equal(ls_wordlist_index(&wl), 0); /* indexed by first byte: the same */
        assert_int_equal(ls_wordlist_any(&wl, f.buf, &tk, from, to),
                         ref_wordlist_any(&wl, f.buf, &tk, from, to));
        free(wl.index);
        wl.index = NULL;
        for (i = 0; i < tk.n; i++)
            assert_int_equal(ls_phrase_at(&wl.p[0], f.buf, &tk, i),
                             ref_phrase_at(&wl.p[0], f.buf, &tk, i));
        for (i = 0; i < wl.n; i++)
            phrase_free(&wl.p[i]);
    }
    wl.n = 0;
    ls_wordlist_free(&wl);
    ls_fold_free(&f);
    ls_toks_free(&tk);
}

/* Field names with doubled or undoubled letters: one-word phrases of 4
 * letters or more match them; shorter ones, prefixes and longer phrases
 * only exactly. */
static void test_wordlist_field(void **state)
{
    static const struct {
        const char *phrase, *field;
        int want;
    } cases[] = {
        {"naam", "naaam", 1},
        {"naam", "nam", 0},
        {"adres", "adress", 1},
        {"adres", "WOON_ADDRES", 1},
        {"naam", "name", 0},
        {"naam", "naamm_x", 1},
        {"rrn", "rrrn", 0},
        {"nom", "noom", 0},
        {"straat", "strat", 1},
        {"telefoon*", "telefon", 0},
        {"e mail", "ee mail", 0},
        {"naam", "naar", 0},
        {"geboortedatum", "geboortedatum", 1},
    };
    struct ls_wordlist wl = {0};
    struct ls_fold f = {0};
    struct ls_toks tk = {0};
    size_t i;

    (void)state;
    wl.p = calloc(1, sizeof *wl.p);
    assert_non_null(wl.p);
    wl.n = 1;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(ls_phrase_make(&wl.p[0], cases[i].phrase), 0);
        assert_int_equal(ls_fold_text(&f, cases[i].field, strlen(cases[i].field)), 0);
        assert_int_equal(ls_tokenize(&tk, f.buf, f.len), 0);
        if (ls_wordlist_any_field(&wl, f.buf, &tk) != cases[i].want)
            fail_msg("%s against %s: want %d", cases[i].phrase, cases[i].field, cases[i].want);
        phrase_free(&wl.p[0]);
    }
    wl.n = 0;
    ls_wordlist_free(&wl);
    ls_fold_free(&f);
    ls_toks_free(&tk);
}

/* Field names: camelCase words apart, everything else as written. */
static void test_split_camel(void **state)
{
    static const char *const cases[][2] = {
        {"ownerRrn", "owner Rrn"},
        {"NISSNummer", "NISS Nummer"},
        {"eigenaar_insz", "eigenaar_insz"},
        {"Owner.NN", "Owner.NN"},
        {"RRN", "RRN"},
        {"rijksregisternr", "rijksregisternr"},
        {"numéroNational", "numéro National"},
        {"telNr2Mobile", "tel Nr2 Mobile"},
        {"ipv4", "ipv4"},
        {"A", "A"},
        {"", ""},
    };
    char out[64];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = ls_split_camel(cases[i][0], strlen(cases[i][0]), out);

        assert_string_equal(out, cases[i][1]);
        assert_int_equal(n, strlen(cases[i][1]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_match_reference),
        cmocka_unit_test(test_tokens_edges),
        cmocka_unit_test(test_fold_ascii_matches_reference),
        cmocka_unit_test(test_fold_mixed),
        cmocka_unit_test(test_wordlist_matches_reference),
        cmocka_unit_test(test_split_camel),
        cmocka_unit_test(test_wordlist_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
