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
 * caseless K and S may be non-ASCII (they have non-ASCII case partners).
 * Anything else (POSIX classes, verbs, \Q…\E, recursion, other flags) gives
 * up: the rule then runs on every record. */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* One way a piece's matches begin: for j < npos the byte at offset j is in
 * pos[j]; open: the piece then ends (it consumed exactly npos bytes), so
 * what follows it continues the positions. */
struct var {
    unsigned npos;
    int open;
    uint8_t pos[LS_SHAPE_POS][32];
};

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
    /* The shape of a match's start (ls_shape_build): */
    unsigned maxlen; /* bytes consumed, at most (PF_CAP: unbounded or unknown) */
    unsigned nvar;   /* every match fits one of the variants v[0, nvar) */
    struct var v[LS_SHAPE_VARS];
    unsigned nla; /* a leading positive lookahead: the byte at offset j < nla is in la[j] */
    uint8_t la[LS_SHAPE_POS][32];
    int onechar; /* consumes exactly one character (a class, a literal) */
    int has_lb;  /* a match is never preceded by an ASCII byte of lb */
    uint8_t lb[16];
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
    /* bytes 0-63 and 64-127 as words: the space, and [0-9A-Za-z] (class 3) */
    const uint64_t sp = (uint64_t)1 << ' ', digit = 0x03FF000000000000ull,
                   alpha = 0x07FFFFFE07FFFFFEull;
    uint64_t lo = 0, hi = 0;
    unsigned cost, c;

    for (c = 0; c < 8; c++) { /* bit b of a word: byte b of its half */
        lo |= (uint64_t)s[c] << (8 * c);
        hi |= (uint64_t)s[8 + c] << (8 * c);
    }
    cost = 8 * (unsigned)__builtin_popcountll(lo & sp) +
           4 * (unsigned)(__builtin_popcountll(lo & digit) + __builtin_popcountll(hi & alpha)) +
           (unsigned)(__builtin_popcountll(lo & ~(sp | digit)) + __builtin_popcountll(hi & ~alpha));
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
    f->nvar = 1;
    f->v[0].open = 1;
}

/* Consumes something unknown, possibly nothing (a backreference). */
static void f_unknown(struct facts *f)
{
    memset(f, 0, sizeof *f);
    f->maxlen = PF_CAP;
    f->nvar = 1;
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

/* Caseless: both cases of every letter.  In UTF mode PCRE2 (without UCP)
 * folds exactly two ASCII letters with a non-ASCII character: K and k with
 * U+212A (Kelvin sign), S and s with U+017F (long s); test_cands checks
 * this against the PCRE2 linked.  So K and S may be non-ASCII, and a class
 * with non-ASCII members may be K or S. */
static void cs_fold(struct cset *cs)
{
    int wide = cs->nonascii;

    for (unsigned c = 'A'; c <= 'Z'; c++)
        if (cs_has(cs, c) || cs_has(cs, c | 32)) {
            cs_add(cs, c);
            cs_add(cs, c | 32);
            if (c == 'K' || c == 'S')
                cs->nonascii = 1;
        }
    if (wide) {
        cs_add(cs, 'K');
        cs_add(cs, 'k');
        cs_add(cs, 'S');
        cs_add(cs, 's');
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
    /* a non-ASCII character takes up to 4 bytes: its first byte is a
     * lead byte, and nothing is known about the bytes after it */
    f->maxlen = cs->nonascii ? 4 : 1;
    f->nvar = 1;
    f->v[0].npos = 1;
    f->v[0].open = !cs->nonascii;
    memcpy(f->v[0].pos[0], cs->a, 16);
    if (cs->nonascii)
        memset(f->v[0].pos[0] + 16, 0xff, 16);
    f->onechar = 1;
    /* the classes that hold every member (and any byte >= 0x80 if it may
     * be non-ASCII) */
    unsigned in = cs->nonascii ? pf_class[0x80] : 0xFFu, members = 0, only = 0;

    for (unsigned c = 0; c < 128; c++)
        if (cs_has(cs, c)) {
            in &= pf_class[c];
            members++;
            only = c;
        }
    for (unsigned k = 0; k < LS_PF_CLASSES; k++)
        if ((in >> k) & 1) {
            f->allin |= 1u << k;
            f->req[k] = f->pre[k] = f->suf[k] = 1;
        }
    for (unsigned i = 0; i < LS_PF_COUNTED; i++) /* exactly that byte */
        f->count[i] = !cs->nonascii && members == 1 && only == (unsigned char)pf_counted[i];
    f->nset = 1;
    memcpy(f->set[0], cs->a, 16);
    if (cs->nonascii)
        memset(f->set[0] + 16, 0xff, 16);
}

static unsigned len_add(unsigned a, unsigned b)
{
    return a >= PF_CAP || b >= PF_CAP ? PF_CAP : sat_add(a, b);
}

/* The variants of f as one: the union of their positions, open when all
 * are open with one length. */
static void vars_merge(struct facts *f)
{
    struct var *u = &f->v[0];

    for (unsigned i = 1; i < f->nvar; i++) {
        const struct var *w = &f->v[i];

        u->open = u->open && w->open && u->npos == w->npos;
        u->npos = umin(u->npos, w->npos);
        for (unsigned j = 0; j < u->npos; j++)
            for (size_t k = 0; k < 32; k++)
                u->pos[j][k] |= w->pos[j][k];
    }
    f->nvar = 1;
}

static void vars_prune(struct facts *f);

/* The variants of a followed by those of b: each open variant of a goes on
 * with each of b (b merged into one when that would make too many). */
static void vars_concat(struct facts *a, const struct facts *b)
{
    struct var r[LS_SHAPE_VARS];
    struct facts one;
    unsigned nopen = 0, n = 0;

    for (unsigned i = 0; i < a->nvar; i++)
        nopen += a->v[i].open != 0;
    if (!nopen)
        return;
    if (a->nvar - nopen + nopen * b->nvar > LS_SHAPE_VARS) {
        one = *b;
        vars_merge(&one);
        b = &one;
    }
    for (unsigned i = 0; i < a->nvar; i++) {
        const struct var *va = &a->v[i];

        if (!va->open) {
            r[n++] = *va;
            continue;
        }
        for (unsigned k = 0; k < b->nvar; k++) {
            const struct var *vb = &b->v[k];
            struct var *w = &r[n++];

            *w = *va;
            w->open = vb->open;
            for (unsigned j = 0; j < vb->npos; j++) {
                if (w->npos == LS_SHAPE_POS) {
                    w->open = 0;
                    break;
                }
                memcpy(w->pos[w->npos++], vb->pos[j], 32);
            }
            if (w->npos == LS_SHAPE_POS)
                w->open = 0; /* nothing more is recorded */
        }
    }
    memcpy(a->v, r, n * sizeof *r);
    a->nvar = n;
    vars_prune(a);
}

/* Whether every text that fits variant b also fits a (a is then enough). */
static int var_covers(const struct var *a, const struct var *b)
{
    if (a->npos > b->npos || (a->open && (!b->open || a->npos != b->npos)))
        return 0;
    for (unsigned j = 0; j < a->npos; j++)
        for (size_t k = 0; k < 32; k++)
            if (b->pos[j][k] & ~a->pos[j][k])
                return 0;
    return 1;
}

/* Drops the variants of v[0, n) another one covers; returns how many stay. */
static unsigned vars_prune_n(struct var *v, unsigned n0)
{
    unsigned n = 0;

    for (unsigned i = 0; i < n0; i++) {
        unsigned k;

        for (k = 0; k < n; k++)
            if (var_covers(&v[k], &v[i]))
                break;
        if (k < n)
            continue;
        for (k = 0; k < n;) { /* the new one may cover earlier ones */
            if (var_covers(&v[i], &v[k]))
                v[k] = v[--n];
            else
                k++;
        }
        v[n++] = v[i];
    }
    return n;
}

static void vars_prune(struct facts *f)
{
    f->nvar = vars_prune_n(f->v, f->nvar);
}

/* The variants of a or b (when they are too many, each side as one). */
static void vars_alt(struct facts *a, const struct facts *b)
{
    struct var r[2 * LS_SHAPE_VARS];
    unsigned n;
    struct facts one;

    memcpy(r, a->v, a->nvar * sizeof *r);
    memcpy(r + a->nvar, b->v, b->nvar * sizeof *r);
    n = vars_prune_n(r, a->nvar + b->nvar);
    if (n <= LS_SHAPE_VARS) {
        memcpy(a->v, r, n * sizeof *r);
        a->nvar = n;
        return;
    }
    one = *b;
    vars_merge(a);
    vars_merge(&one);
    a->v[1] = one.v[0];
    a->nvar = 2;
    vars_prune(a);
}

/* Positions of a zero-width piece at offset 0 (la) and of what follows it. */
static void la_meet(unsigned *na, uint8_t (*a)[32], unsigned nb, const uint8_t (*b)[32])
{
    for (unsigned j = 0; j < nb; j++) {
        if (j < *na) {
            for (size_t k = 0; k < 32; k++)
                a[j][k] &= b[j][k];
        } else {
            memcpy(a[j], b[j], 32);
        }
    }
    *na = umax(*na, nb);
}

/* The shape of a followed by b (before a's lengths are updated). */
static void shape_concat(struct facts *a, const struct facts *b)
{
    if (a->maxlen == 0) { /* a consumes nothing: b's lookarounds are at the start too */
        if (b->has_lb)
            for (size_t i = 0; i < 16; i++)
                a->lb[i] = (uint8_t)((a->has_lb ? a->lb[i] : 0) | b->lb[i]);
        a->has_lb |= b->has_lb;
        a->onechar = b->onechar;
        la_meet(&a->nla, a->la, b->nla, (const uint8_t(*)[32])b->la);
    } else if (b->maxlen != 0) {
        a->onechar = 0;
    }
    vars_concat(a, b);
    a->maxlen = len_add(a->maxlen, b->maxlen);
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
    keep_sets(a, (const uint8_t(*)[32])b->set, b->nset);
    shape_concat(a, b);
    a->minlen = sat_add(a->minlen, b->minlen);
    a->allin &= b->allin;
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
    a->maxlen = umax(a->maxlen, b->maxlen);
    a->allin &= b->allin;
    vars_alt(a, b);
    a->nla = umin(a->nla, b->nla);
    for (unsigned j = 0; j < a->nla; j++)
        for (size_t i = 0; i < 32; i++)
            a->la[j][i] |= b->la[j][i];
    a->onechar &= b->onechar;
    for (size_t i = 0; i < 16; i++) /* not preceded by a byte of both */
        a->lb[i] &= b->lb[i];
    a->has_lb &= b->has_lb;
    if (b->nset < a->nset)
        a->nset = b->nset; /* a match of either holds one byte of each union */
    for (int n = 0; n < a->nset; n++)
        for (size_t i = 0; i < 32; i++)
            a->set[n][i] |= b->set[n][i];
}

/* Every open variant of f closed: what follows is not known. */
static void vars_close(struct facts *f)
{
    for (unsigned i = 0; i < f->nvar; i++)
        f->v[i].open = 0;
}

/* The variants of f repeated m to mx times (mx PF_CAP: no maximum): m
 * copies, then 0 to mx - m more.  Past LS_SHAPE_POS copies nothing more
 * is recorded. */
static void vars_repeat(struct facts *f, unsigned m, unsigned mx)
{
    struct facts unit = *f, opt, acc;
    unsigned c, more = mx - m;

    f->nvar = 1; /* nothing yet: one open variant */
    f->v[0].npos = 0;
    f->v[0].open = 1;
    for (c = 0; c < m && c <= LS_SHAPE_POS; c++)
        vars_concat(f, &unit);
    if (c < m) {
        vars_close(f);
        return;
    }
    if (more == 0)
        return;
    f_empty(&opt); /* no more copy, or 1, 2, … */
    f_empty(&acc);
    for (c = 0; c < more && c <= LS_SHAPE_POS; c++) {
        vars_concat(&acc, &unit);
        vars_alt(&opt, &acc);
    }
    if (c < more || mx >= PF_CAP) { /* and maybe more copies still: unknown */
        f_empty(&acc);
        vars_concat(&acc, &unit);
        vars_close(&acc);
        vars_alt(&opt, &acc);
    }
    vars_concat(f, &opt);
}

/* The shape of f repeated m to mx times. */
static void shape_repeat(struct facts *f, unsigned m, unsigned mx)
{
    struct facts keep = *f;
    unsigned len = f->maxlen;

    vars_repeat(f, m, mx);
    f->onechar = keep.onechar && m == 1 && mx == 1;
    f->maxlen = len == 0 || mx == 0 ? 0 : len >= PF_CAP || mx >= PF_CAP ? PF_CAP : sat_mul(len, mx);
    f->has_lb = m ? keep.has_lb : 0;
    memcpy(f->lb, keep.lb, sizeof f->lb);
    f->nla = m ? keep.nla : 0;
    memcpy(f->la, keep.la, sizeof f->la);
}

/* f := f repeated m to mx times; the prefilter's facts use only the minimum. */
static void f_repeat(struct facts *f, unsigned m, unsigned mx)
{
    shape_repeat(f, m, mx);
    if (m == 0) { /* possibly absent: nothing is required */
        f->minlen = 0;
        memset(f->req, 0, sizeof f->req);
        memset(f->pre, 0, sizeof f->pre);
        memset(f->suf, 0, sizeof f->suf);
        memset(f->count, 0, sizeof f->count);
        f->nset = 0;
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
    int zero = 0, neg_behind = 0, ahead = 0;
    struct facts inner;

    s->p++;
    if (*s->p == '?') {
        const char *q = s->p + 1;

        if (*q == ':' || *q == '>' || *q == '|') {
            s->p = q + 1;
        } else if (*q == '=' || *q == '!') {
            s->p = q + 1;
            zero = 1;
            ahead = *q == '=';
        } else if (*q == '<' && (q[1] == '=' || q[1] == '!')) {
            s->p = q + 2;
            zero = 1;
            neg_behind = q[1] == '!';
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
    if (neg_behind && inner.onechar && inner.nvar == 1 && inner.v[0].npos == 1) {
        /* (?<![…]): the byte before a match is not an ASCII member (a
         * non-ASCII character before it decides nothing here) */
        f->has_lb = 1;
        memcpy(f->lb, inner.v[0].pos[0], 16);
    }
    if (ahead) { /* (?=…): its positions hold at the lookahead's place */
        struct facts one = inner;

        vars_merge(&one);
        f->nla = 0;
        la_meet(&f->nla, f->la, one.v[0].npos, (const uint8_t(*)[32])one.v[0].pos);
        la_meet(&f->nla, f->la, inner.nla, (const uint8_t(*)[32])inner.la);
    }
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
    unsigned m, mx;

    switch (*s->p) {
    case '*':
    case '?':
        m = 0;
        mx = *s->p == '?' ? 1 : PF_CAP;
        s->p++;
        break;
    case '+':
        m = 1;
        mx = PF_CAP;
        s->p++;
        break;
    case '{':
        s->p++;
        m = mx = parse_count(s);
        if (*s->p == ',') {
            s->p++;
            mx = PF_CAP;
            if (*s->p != '}')
                mx = parse_count(s);
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
    f_repeat(f, m, mx);
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

/* Fills sh from the variants of f (see ls_shape_build); 0 when the shape
 * tells nothing. */
static int shape_fill(struct facts *f, const uint8_t *first, struct ls_shape *sh)
{
    unsigned nv = 0;

    for (unsigned i = 0; i < f->nvar; i++) {
        struct var *v = &f->v[i];
        int empty = 0;

        /* a leading lookahead's positions hold for every variant */
        for (unsigned j = 0; j < f->nla; j++) {
            if (j < v->npos) {
                for (size_t k = 0; k < 32; k++)
                    v->pos[j][k] &= f->la[j][k];
            } else {
                memcpy(v->pos[j], f->la[j], 32);
            }
        }
        v->npos = umax(v->npos, f->nla);
        if (first && v->npos == 0) {
            memcpy(v->pos[0], first, 32);
            v->npos = 1;
        } else if (first) {
            for (size_t k = 0; k < 32; k++)
                v->pos[0][k] &= first[k];
        }
        if (v->npos == 0)
            return 0; /* a match may start with any byte */
        memset(v->pos[0] + (0x80 >> 3), 0, (0xC0 - 0x80) >> 3); /* never inside a character */
        for (unsigned j = 0; j < v->npos; j++) {
            int any = 0;

            for (size_t k = 0; k < 32; k++)
                any |= v->pos[j][k];
            empty |= !any;
        }
        if (empty)
            continue; /* no text fits this variant */
        sh->npos[nv] = (uint8_t)v->npos;
        memcpy(sh->pos[nv], v->pos, v->npos * sizeof v->pos[0]);
        nv++;
    }
    sh->has_lb = f->has_lb;
    memcpy(sh->lb, f->lb, sizeof f->lb);
    sh->nvar = nv;
    return nv > 0;
}

void ls_shape_build(const char *pattern, int caseless, const uint8_t *first, struct ls_shape *sh)
{
    struct pst s = {pattern, 0, 0};
    struct facts f;

    memset(sh, 0, sizeof *sh);
    if (caseless || sets_caseless(pattern))
        return;
    parse_alt(&s, &f, 0);
    if (s.bad || *s.p || f.minlen == 0)
        return; /* not read, or a match may be empty: no shape */
    if (!shape_fill(&f, first, sh))
        memset(sh, 0, sizeof *sh);
}

int ls_pairs_build(const char *pattern, int caseless, const uint8_t *first, struct ls_pairs *out)
{
    struct pst s = {pattern, caseless || sets_caseless(pattern), 0};
    struct facts f;
    struct ls_shape sh;
    unsigned long n = 0;

    memset(out, 0, sizeof *out);
    memset(&sh, 0, sizeof sh);
    parse_alt(&s, &f, 0);
    if (s.bad || *s.p || f.minlen == 0 || !shape_fill(&f, first, &sh))
        return -1;
    for (unsigned v = 0; v < sh.nvar; v++)
        for (unsigned a = 0; a < 256; a++) {
            if (!ls_set_has(sh.pos[v][0], (unsigned char)a))
                continue;
            if (sh.npos[v] < 2) { /* any byte after, or none: the record's last byte */
                memset(out->pair[a], 0xff, 32);
                out->alone[a >> 3] |= (uint8_t)(1u << (a & 7));
            } else {
                for (size_t k = 0; k < 32; k++)
                    out->pair[a][k] |= sh.pos[v][1][k];
            }
        }
    for (unsigned a = 0; a < 256; a++)
        for (size_t k = 0; k < 32; k++) {
            n += (unsigned long)__builtin_popcount(out->pair[a][k]);
            out->start[a] |= out->pair[a][k] != 0;
        }
    /* a filter that passes a pair of bytes in 16 tells little */
    return n * LS_PAIRS_TELLING <= 65536ul ? 0 : -1;
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
#ifdef __SSE2__
    /* the same with byte vectors: a saturating add and a maximum per byte
     * (runs saturate at 255, capped to 127 at the end: the same result) */
    __m128i vcur = _mm_setzero_si128(), vbest = vcur;
    const __m128i one = _mm_set1_epi8(1);

    (void)cur;
    while (p < e) {
        unsigned c = *p++;

        out->bytes[c >> 3] |= (uint8_t)(1u << (c & 7));
        cnt[pf_count_idx[c]]++;
        vcur = _mm_and_si128(_mm_adds_epu8(vcur, one),
                             _mm_loadl_epi64((const __m128i *)(const void *)&pf_mask[c]));
        vbest = _mm_max_epu8(vbest, vcur);
    }
    vbest = _mm_min_epu8(vbest, _mm_set1_epi8(127));
    _mm_storel_epi64((__m128i *)(void *)&best, vbest);
#else
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
#endif
    for (i = 0; i < LS_PF_CLASSES; i++)
        out->have[i] = (uint8_t)(best >> (8 * i));
    for (i = 0; i < LS_PF_COUNTED; i++)
        out->have[LS_PF_CLASSES + i] = (uint8_t)umin(cnt[i], 127);
}
