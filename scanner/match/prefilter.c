/* prefilter.c — necessary conditions of a rule's matches, and the per-record
 * measure they are checked against (prefilter.h).
 *
 * The analysis reads the PCRE2 syntax the rule packs use (literals, classes,
 * \d \w \s \h \v \p{…} and their negations, groups of every plain kind,
 * lookarounds, backreferences, greedy, lazy and possessive quantifiers,
 * inline (?i)) and computes, bottom up, for each fixed byte class: the
 * shortest match, whether every byte a match consumes is in the class, and
 * the guaranteed runs (anywhere, at the start, at the end).  Everything is a
 * lower bound that holds for EVERY match: alternation takes minima,
 * lookarounds and backreferences count as consuming nothing known, a
 * character that may be non-ASCII counts as one byte of any byte >= 0x80, and
 * caseless letters may be non-ASCII (K and s have non-ASCII case partners).
 * Anything else (POSIX classes, verbs, \Q…\E, recursion, other flags) gives
 * up: the rule then runs on every record. */
#include "config.h"

#include <string.h>

#include "match/prefilter.h"

/* The classes (bit c of pf_class[b]: byte b is in class c):
 * 0 [0-9]  1 [A-Z]  2 [A-Za-z]  3 [0-9A-Za-z]  4 [0-9A-Fa-f:.]
 * 5 [0-9 ./-]  6 [0-9 ,./;-]  7 [A-Za-z\x80-\xFF] */
static const uint8_t pf_class[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x60, 0x70, 0x60,
    0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x79, 0x10, 0x40, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x9e, 0x9e, 0x9e, 0x9e, 0x9e, 0x9e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e,
    0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x8e, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x9c, 0x9c, 0x9c, 0x9c, 0x9c, 0x9c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c,
    0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x8c, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/* The same classes, byte k of pf_mask[b] 0xFF when b is in class k. */
static const uint64_t pf_mask[256] = {
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x00ffff0000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x00ff000000000000ull, 0x00ffff0000000000ull, 0x00ffffff00000000ull, 0x00ffff0000000000ull,
    0x00ffffffff0000ffull, 0x00ffffffff0000ffull, 0x00ffffffff0000ffull, 0x00ffffffff0000ffull,
    0x00ffffffff0000ffull, 0x00ffffffff0000ffull, 0x00ffffffff0000ffull, 0x00ffffffff0000ffull,
    0x00ffffffff0000ffull, 0x00ffffffff0000ffull, 0x000000ff00000000ull, 0x00ff000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0xff0000ffffffff00ull, 0xff0000ffffffff00ull, 0xff0000ffffffff00ull,
    0xff0000ffffffff00ull, 0xff0000ffffffff00ull, 0xff0000ffffffff00ull, 0xff000000ffffff00ull,
    0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull,
    0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull,
    0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull,
    0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull,
    0xff000000ffffff00ull, 0xff000000ffffff00ull, 0xff000000ffffff00ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0xff0000ffffff0000ull, 0xff0000ffffff0000ull, 0xff0000ffffff0000ull,
    0xff0000ffffff0000ull, 0xff0000ffffff0000ull, 0xff0000ffffff0000ull, 0xff000000ffff0000ull,
    0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull,
    0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull,
    0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull,
    0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull,
    0xff000000ffff0000ull, 0xff000000ffff0000ull, 0xff000000ffff0000ull, 0x0000000000000000ull,
    0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
    0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull, 0xff00000000000000ull,
};

/* The counted bytes (index i of need[LS_PF_CLASSES + i]), and the index of
 * each byte (LS_PF_COUNTED: not counted). */
static const char pf_counted[LS_PF_COUNTED + 1] = ".:-/@,+ ";
static const uint8_t pf_count_idx[256] = {
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 6, 5, 2, 0, 3, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 1, 8, 8, 8, 8, 8,
    4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
    8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

#define PF_ALL ((1u << LS_PF_CLASSES) - 1)
#define PF_CAP 100000u /* lengths saturate here (only lower bounds matter) */
#define PF_DEPTH 64    /* deepest group nesting read */

/* What holds for every match of a piece of pattern. */
struct facts {
    unsigned minlen;               /* bytes consumed, at least */
    unsigned allin;                /* classes holding every consumed byte */
    unsigned req[LS_PF_CLASSES];   /* a run of the class of at least this length */
    unsigned pre[LS_PF_CLASSES];   /* ... at the start of the piece */
    unsigned suf[LS_PF_CLASSES];   /* ... at its end */
    unsigned count[LS_PF_COUNTED]; /* occurrences of each counted byte */
    int nset;
    uint8_t set[2][32]; /* for each of the nset sets, one of its bytes is consumed */
};

/* A character class: its ASCII members and whether it can match more. */
struct cset {
    uint8_t a[16];
    int nonascii;
};

struct pst {
    const char *p;
    int ci; /* caseless somewhere: letters count as caseless everywhere */
    int bad;
};

static unsigned sat_add(unsigned a, unsigned b)
{
    return a + b > PF_CAP ? PF_CAP : a + b;
}

static unsigned sat_mul(unsigned a, unsigned m)
{
    return m && a > PF_CAP / m ? PF_CAP : a * m;
}

static unsigned umax(unsigned a, unsigned b)
{
    return a > b ? a : b;
}

static unsigned umin(unsigned a, unsigned b)
{
    return a < b ? a : b;
}

/* How common a byte set is in text (lower: more telling): letters, digits
 * and spaces weigh most, non-ASCII bytes weigh as a few letters together. */
static unsigned set_cost(const uint8_t s[32])
{
    unsigned cost = 0, c;

    for (c = 0; c < 128; c++)
        if ((s[c >> 3] >> (c & 7)) & 1)
            cost += c == ' ' ? 8 : (pf_class[c] & 8) ? 4 : 1;
    for (c = 16; c < 32; c++)
        if (s[c]) {
            cost += 8;
            break;
        }
    return cost;
}

/* Keeps in f the two most telling of its sets and the nb sets b, the most
 * telling first (an alternation unions its branches' sets rank by rank). */
static void keep_sets(struct facts *f, const uint8_t (*b)[32], int nb)
{
    for (int i = 0; i < nb; i++) {
        int at = f->nset < 2 ? f->nset : 2;

        if (f->nset == 2) { /* replace the costlier one if b[i] is better */
            at = set_cost(f->set[0]) >= set_cost(f->set[1]) ? 0 : 1;
            if (set_cost(b[i]) >= set_cost(f->set[at]) || !memcmp(b[i], f->set[1 - at], 32))
                continue;
        } else if (f->nset == 1 && !memcmp(b[i], f->set[0], 32)) {
            continue;
        } else {
            f->nset++;
        }
        memcpy(f->set[at], b[i], 32);
    }
    if (f->nset == 2 && set_cost(f->set[1]) < set_cost(f->set[0])) { /* cheapest first */
        uint8_t t[32];

        memcpy(t, f->set[0], 32);
        memcpy(f->set[0], f->set[1], 32);
        memcpy(f->set[1], t, 32);
    }
}

/* Zero width: consumes nothing. */
static void f_empty(struct facts *f)
{
    memset(f, 0, sizeof *f);
    f->allin = PF_ALL;
}

/* Consumes something unknown, possibly nothing (a backreference). */
static void f_unknown(struct facts *f)
{
    memset(f, 0, sizeof *f);
}

static void cs_add(struct cset *cs, unsigned c)
{
    if (c < 128)
        cs->a[c >> 3] |= (uint8_t)(1u << (c & 7));
    else
        cs->nonascii = 1;
}

static int cs_has(const struct cset *cs, unsigned c)
{
    return (cs->a[c >> 3] >> (c & 7)) & 1;
}

/* Caseless: both cases of every letter, and letters may be non-ASCII. */
static void cs_fold(struct cset *cs)
{
    for (unsigned c = 'A'; c <= 'Z'; c++)
        if (cs_has(cs, c) || cs_has(cs, c | 32)) {
            cs_add(cs, c);
            cs_add(cs, c | 32);
            cs->nonascii = 1;
        }
}

static void cs_negate(struct cset *cs)
{
    for (size_t i = 0; i < 16; i++)
        cs->a[i] = (uint8_t)~cs->a[i];
    cs->nonascii = 1;
}

static void cs_range(struct cset *cs, unsigned lo, unsigned hi)
{
    for (unsigned c = lo; c <= hi && c < 128; c++)
        cs_add(cs, c);
    if (hi >= 128)
        cs->nonascii = 1;
}

/* One character of the class cs. */
static void f_atom(struct facts *f, const struct cset *cs)
{
    memset(f, 0, sizeof *f);
    f->minlen = 1;
    for (unsigned k = 0; k < LS_PF_CLASSES; k++) {
        int in = !cs->nonascii || ((pf_class[0x80] >> k) & 1);

        for (unsigned c = 0; c < 128 && in; c++)
            if (cs_has(cs, c) && !((pf_class[c] >> k) & 1))
                in = 0;
        if (in) {
            f->allin |= 1u << k;
            f->req[k] = f->pre[k] = f->suf[k] = 1;
        }
    }
    for (unsigned i = 0; i < LS_PF_COUNTED; i++) {
        struct cset one;

        memset(&one, 0, sizeof one);
        cs_add(&one, (unsigned char)pf_counted[i]);
        f->count[i] = !memcmp(&one, cs, sizeof one); /* exactly that byte */
    }
    f->nset = 1;
    memcpy(f->set[0], cs->a, 16);
    if (cs->nonascii)
        memset(f->set[0] + 16, 0xff, 16);
}

/* a := a followed by b */
static void f_concat(struct facts *a, const struct facts *b)
{
    for (unsigned k = 0; k < LS_PF_CLASSES; k++) {
        unsigned bit = 1u << k;
        unsigned req = umax(umax(a->req[k], b->req[k]), sat_add(a->suf[k], b->pre[k]));
        unsigned pre = (a->allin & bit) ? sat_add(a->minlen, b->pre[k]) : a->pre[k];
        unsigned suf = (b->allin & bit) ? sat_add(b->minlen, a->suf[k]) : b->suf[k];

        a->req[k] = umax(req, umax(pre, suf));
        a->pre[k] = pre;
        a->suf[k] = suf;
    }
    for (unsigned i = 0; i < LS_PF_COUNTED; i++)
        a->count[i] = sat_add(a->count[i], b->count[i]);
    a->minlen = sat_add(a->minlen, b->minlen);
    a->allin &= b->allin;
    keep_sets(a, (const uint8_t(*)[32])b->set, b->nset);
}

/* a := a or b */
static void f_alt(struct facts *a, const struct facts *b)
{
    for (unsigned k = 0; k < LS_PF_CLASSES; k++) {
        a->req[k] = umin(a->req[k], b->req[k]);
        a->pre[k] = umin(a->pre[k], b->pre[k]);
        a->suf[k] = umin(a->suf[k], b->suf[k]);
    }
    for (unsigned i = 0; i < LS_PF_COUNTED; i++)
        a->count[i] = umin(a->count[i], b->count[i]);
    a->minlen = umin(a->minlen, b->minlen);
    a->allin &= b->allin;
    if (b->nset < a->nset)
        a->nset = b->nset; /* a match of either holds one byte of each union */
    for (int n = 0; n < a->nset; n++)
        for (size_t i = 0; i < 32; i++)
            a->set[n][i] |= b->set[n][i];
}

/* f := f repeated at least m times. */
static void f_repeat(struct facts *f, unsigned m)
{
    if (m == 0) {
        unsigned allin = f->allin;

        f_unknown(f);
        f->allin = allin;
        return;
    }
    for (unsigned k = 0; k < LS_PF_CLASSES; k++) {
        if (f->allin & (1u << k))
            f->req[k] = f->pre[k] = f->suf[k] = umax(f->req[k], sat_mul(f->minlen, m));
        else if (m >= 2)
            f->req[k] = umax(f->req[k], sat_add(f->suf[k], f->pre[k]));
    }
    for (unsigned i = 0; i < LS_PF_COUNTED; i++)
        f->count[i] = sat_mul(f->count[i], m);
    f->minlen = sat_mul(f->minlen, m);
}

static void parse_alt(struct pst *s, struct facts *out, int depth);

static int is_hex(int c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

static unsigned hex_val(int c)
{
    return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 32) - 'a' + 10);
}

/* \p{…} / \P{…}: the ASCII members known for the usual properties, any
 * ASCII otherwise; always possibly non-ASCII. */
static void parse_prop(struct pst *s, int neg, struct cset *cs)
{
    char name[48];
    size_t n = 0;

    if (*s->p == '{') {
        s->p++;
        if (*s->p == '^') {
            neg = !neg;
            s->p++;
        }
        while (*s->p && *s->p != '}' && n + 1 < sizeof name)
            name[n++] = *s->p++;
        if (*s->p != '}') {
            s->bad = 1;
            return;
        }
        s->p++;
    } else if (*s->p) {
        name[n++] = *s->p++;
    }
    name[n] = '\0';
    memset(cs, 0, sizeof *cs);
    if (!strcmp(name, "Lu"))
        cs_range(cs, 'A', 'Z');
    else if (!strcmp(name, "Ll"))
        cs_range(cs, 'a', 'z');
    else if (!strcmp(name, "L") || !strcmp(name, "L&")) {
        cs_range(cs, 'A', 'Z');
        cs_range(cs, 'a', 'z');
    } else if (!strcmp(name, "N") || !strcmp(name, "Nd"))
        cs_range(cs, '0', '9');
    else
        cs_range(cs, 0, 127);
    if (neg)
        cs_negate(cs);
    cs->nonascii = 1;
}

enum esc_kind { ESC_CHAR, ESC_SET, ESC_ZERO, ESC_BACKREF };

/* A backslash escape at s->p.  ESC_CHAR sets *code, ESC_SET fills cs. */
static enum esc_kind parse_escape(struct pst *s, int inclass, unsigned *code, struct cset *cs)
{
    int c = (unsigned char)s->p[1];
    int neg = c >= 'A' && c <= 'Z';

    s->p += c ? 2 : 1;
    memset(cs, 0, sizeof *cs);
    /* \d \w \s are ASCII without PCRE2_UCP; counted as possibly more anyway */
    cs->nonascii = 1;
    switch (c) {
    case 'd':
    case 'D':
        cs_range(cs, '0', '9');
        break;
    case 'w':
    case 'W':
        cs_range(cs, '0', '9');
        cs_range(cs, 'A', 'Z');
        cs_range(cs, 'a', 'z');
        cs_add(cs, '_');
        break;
    case 's':
    case 'S':
        cs_range(cs, '\t', '\r');
        cs_add(cs, ' ');
        break;
    case 'h':
    case 'H':
        cs_add(cs, '\t');
        cs_add(cs, ' ');
        break;
    case 'v':
    case 'V':
        cs_range(cs, '\n', '\r');
        break;
    case 'p':
    case 'P':
        parse_prop(s, c == 'P', cs);
        return ESC_SET;
    case 't':
        *code = '\t';
        return ESC_CHAR;
    case 'n':
        *code = '\n';
        return ESC_CHAR;
    case 'r':
        *code = '\r';
        return ESC_CHAR;
    case 'f':
        *code = '\f';
        return ESC_CHAR;
    case 'e':
        *code = 0x1b;
        return ESC_CHAR;
    case 'a':
        *code = 0x07;
        return ESC_CHAR;
    case 'x':
        *code = 0;
        if (*s->p == '{') {
            s->p++;
            while (is_hex(*s->p) && *code < 0x110000)
                *code = *code * 16 + hex_val(*s->p++);
            if (*s->p != '}')
                s->bad = 1;
            else
                s->p++;
        } else {
            for (int i = 0; i < 2 && is_hex(*s->p); i++)
                *code = *code * 16 + hex_val(*s->p++);
        }
        return ESC_CHAR;
    case 'b':
        if (inclass) {
            *code = 0x08;
            return ESC_CHAR;
        }
        return ESC_ZERO;
    case 'B':
    case 'A':
    case 'z':
    case 'Z':
    case 'G':
        if (inclass)
            s->bad = 1;
        return ESC_ZERO;
    default:
        if (c >= '1' && c <= '9' && !inclass) {
            while (*s->p >= '0' && *s->p <= '9')
                s->p++;
            return ESC_BACKREF;
        }
        if (c > 0 && c < 128 && !((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))) {
            *code = (unsigned)c;
            return ESC_CHAR;
        }
        s->bad = 1;
        return ESC_ZERO;
    }
    if (neg)
        cs_negate(cs);
    return ESC_SET;
}

/* One character of a class item: *code (>= 128 for a non-ASCII one), or a
 * set (returns 1). */
static int class_item(struct pst *s, unsigned *code, struct cset *set)
{
    unsigned char c = (unsigned char)*s->p;

    if (c == '\\') {
        enum esc_kind k = parse_escape(s, 1, code, set);

        if (k == ESC_SET)
            return 1;
        if (k != ESC_CHAR)
            s->bad = 1;
        return 0;
    }
    if (c == '[' && (s->p[1] == ':' || s->p[1] == '.' || s->p[1] == '=')) {
        s->bad = 1; /* POSIX classes: not read */
        return 0;
    }
    s->p++;
    if (c >= 0x80)
        while (((unsigned char)*s->p & 0xC0) == 0x80)
            s->p++;
    *code = c >= 0x80 ? 0x80 : c;
    return 0;
}

/* A bracketed class at s->p ('['). */
static void parse_class(struct pst *s, struct cset *cs)
{
    int neg = 0, first = 1;

    memset(cs, 0, sizeof *cs);
    s->p++;
    if (*s->p == '^') {
        neg = 1;
        s->p++;
    }
    while (!s->bad) {
        unsigned lo, hi;
        struct cset item;

        if (!*s->p) {
            s->bad = 1;
            return;
        }
        if (*s->p == ']' && !first) {
            s->p++;
            break;
        }
        first = 0;
        if (class_item(s, &lo, &item)) {
            for (size_t i = 0; i < 16; i++)
                cs->a[i] |= item.a[i];
            cs->nonascii |= item.nonascii;
            continue;
        }
        if (s->p[0] == '-' && s->p[1] && s->p[1] != ']') {
            s->p++;
            if (class_item(s, &hi, &item)) {
                s->bad = 1;
                return;
            }
            cs_range(cs, lo, hi);
            continue;
        }
        cs_add(cs, lo);
    }
    if (s->ci)
        cs_fold(cs);
    if (neg)
        cs_negate(cs);
}

/* Skips a group name up to its closing delimiter. */
static void skip_name(struct pst *s, char close)
{
    while (*s->p && *s->p != close)
        s->p++;
    if (*s->p != close)
        s->bad = 1;
    else
        s->p++;
}

/* A group at s->p ('('). */
static void parse_group(struct pst *s, struct facts *f, int depth)
{
    int zero = 0;
    struct facts inner;

    s->p++;
    if (*s->p == '?') {
        const char *q = s->p + 1;

        if (*q == ':' || *q == '>' || *q == '|') {
            s->p = q + 1;
        } else if (*q == '=' || *q == '!') {
            s->p = q + 1;
            zero = 1;
        } else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
            s->p = q + 2;
            zero = 1;
        } else if (*q == '<' || (*q == 'P' && q[1] == '<')) {
            s->p = q + (*q == 'P' ? 2 : 1);
            skip_name(s, '>');
        } else if (*q == '\'') {
            s->p = q + 1;
            skip_name(s, '\'');
        } else {
            /* inline flags: only i (caseless is applied to the whole pattern) */
            while (*q == 'i' || *q == '-')
                q++;
            if (*q == ')') {
                s->p = q + 1;
                f_empty(f);
                return;
            }
            if (*q != ':') {
                s->bad = 1;
                return;
            }
            s->p = q + 1;
        }
    } else if (*s->p == '*') {
        s->bad = 1;
        return;
    }
    if (s->bad)
        return;
    parse_alt(s, &inner, depth + 1);
    if (*s->p != ')') {
        s->bad = 1;
        return;
    }
    s->p++;
    if (zero)
        f_empty(f);
    else
        *f = inner;
}

static void parse_atom(struct pst *s, struct facts *f, int depth)
{
    unsigned char c = (unsigned char)*s->p;
    struct cset cs;
    unsigned code;

    memset(&cs, 0, sizeof cs);
    switch (c) {
    case '(':
        parse_group(s, f, depth);
        return;
    case '[':
        parse_class(s, &cs);
        f_atom(f, &cs);
        return;
    case '\\':
        switch (parse_escape(s, 0, &code, &cs)) {
        case ESC_ZERO:
            f_empty(f);
            return;
        case ESC_BACKREF:
            f_unknown(f);
            return;
        case ESC_CHAR:
            memset(&cs, 0, sizeof cs);
            cs_add(&cs, code);
            break;
        case ESC_SET:
            break;
        }
        break;
    case '.':
        cs_range(&cs, 0, 127); /* newline included: whatever the newline convention */
        cs.nonascii = 1;
        s->p++;
        break;
    case '^':
    case '$':
        s->p++;
        f_empty(f);
        return;
    case '*':
    case '+':
    case '?':
    case '{':
        s->bad = 1;
        return;
    default:
        s->p++;
        if (c >= 0x80)
            while (((unsigned char)*s->p & 0xC0) == 0x80)
                s->p++;
        cs_add(&cs, c);
    }
    if (s->ci)
        cs_fold(&cs);
    f_atom(f, &cs);
}

static unsigned parse_count(struct pst *s)
{
    unsigned n = 0;

    if (*s->p < '0' || *s->p > '9')
        s->bad = 1;
    while (*s->p >= '0' && *s->p <= '9') {
        n = n < PF_CAP ? n * 10 + (unsigned)(*s->p - '0') : PF_CAP;
        s->p++;
    }
    return n;
}

/* A quantifier after an atom, if any: applies its minimum to f. */
static void parse_quant(struct pst *s, struct facts *f)
{
    unsigned m;

    switch (*s->p) {
    case '*':
    case '?':
        m = 0;
        s->p++;
        break;
    case '+':
        m = 1;
        s->p++;
        break;
    case '{':
        s->p++;
        m = parse_count(s);
        if (*s->p == ',') {
            s->p++;
            if (*s->p != '}')
                (void)parse_count(s);
        }
        if (*s->p != '}')
            s->bad = 1;
        else
            s->p++;
        break;
    default:
        return;
    }
    if (*s->p == '?' || *s->p == '+')
        s->p++;
    if (*s->p == '*' || *s->p == '+' || *s->p == '?' || *s->p == '{')
        s->bad = 1;
    f_repeat(f, m);
}

static void parse_seq(struct pst *s, struct facts *out, int depth)
{
    f_empty(out);
    while (!s->bad && *s->p && *s->p != '|' && *s->p != ')') {
        struct facts a;

        parse_atom(s, &a, depth);
        if (s->bad)
            return;
        parse_quant(s, &a);
        f_concat(out, &a);
    }
}

static void parse_alt(struct pst *s, struct facts *out, int depth)
{
    if (depth > PF_DEPTH) {
        s->bad = 1;
        return;
    }
    parse_seq(s, out, depth);
    while (!s->bad && *s->p == '|') {
        struct facts b;

        s->p++;
        parse_seq(s, &b, depth);
        f_alt(out, &b);
    }
}

/* Whether the pattern sets the caseless flag anywhere ("(?i", "(?-i", …). */
static int sets_caseless(const char *p)
{
    for (; *p; p++) {
        const char *q;

        if (p[0] != '(' || p[1] != '?')
            continue;
        for (q = p + 2;
             (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' || *q == '^'; q++)
            if (*q == 'i')
                return 1;
    }
    return 0;
}

void ls_prefilter_build(const char *pattern, int caseless, struct ls_prefilter *pf)
{
    struct pst s = {pattern, caseless || sets_caseless(pattern), 0};
    struct facts f;

    memset(pf, 0, sizeof *pf);
    parse_alt(&s, &f, 0);
    if (s.bad || *s.p)
        return;
    pf->known = 1;
    for (unsigned k = 0; k < LS_PF_CLASSES; k++)
        pf->need[k] = (uint8_t)umin(f.req[k], 127);
    for (unsigned i = 0; i < LS_PF_COUNTED; i++)
        pf->need[LS_PF_CLASSES + i] = (uint8_t)umin(f.count[i], 127);
    pf->nset = f.nset;
    memcpy(pf->set, f.set, sizeof pf->set);
}

/* The runs of the 8 classes are kept in the 8 bytes of one word (7 bits
 * each, saturating at 127): per byte, one add, one mask, one maximum. */
#define PF_ONES 0x0101010101010101ull
#define PF_HIGH 0x8080808080808080ull

void ls_prefilter_measure(const char *text, size_t len, struct ls_pf_record *out)
{
    const unsigned char *p = (const unsigned char *)text, *e = p + len;
    uint64_t cur = 0, best = 0;
    unsigned cnt[LS_PF_COUNTED + 1] = {0};
    unsigned i;

    memset(out->bytes, 0, sizeof out->bytes);
    while (p < e) {
        unsigned c = *p++;
        uint64_t inc, ge;

        out->bytes[c >> 3] |= (uint8_t)(1u << (c & 7));
        cnt[pf_count_idx[c]]++;
        inc = (cur + PF_ONES) & pf_mask[c];
        inc -= (inc & PF_HIGH) >> 7; /* 128 back to 127 */
        cur = inc;
        /* per byte: best >= cur? (both < 128, so no borrow crosses bytes) */
        ge = (((best | PF_HIGH) - cur) & PF_HIGH) >> 7;
        ge *= 0xFF;
        best = (best & ge) | (cur & ~ge);
    }
    for (i = 0; i < LS_PF_CLASSES; i++)
        out->have[i] = (uint8_t)(best >> (8 * i));
    for (i = 0; i < LS_PF_COUNTED; i++)
        out->have[LS_PF_CLASSES + i] = (uint8_t)umin(cnt[i], 127);
}
