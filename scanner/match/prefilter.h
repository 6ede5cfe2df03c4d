/* prefilter.h — what a record must hold for a rule to match it (internal to
 * the match stage).
 *
 * At ruleset load, prefilter.c reads each rule's pattern and derives
 * necessary conditions of any match: runs of bytes of a few fixed byte
 * classes it must contain (e.g. [0-9]{11} needs eleven digits in a row), how
 * many of a few separator bytes (an IPv4 address holds three '.') and a set
 * of bytes at least one of which it must contain (an e-mail needs '@').
 * Per record, one pass over its bytes measures the same things; a rule whose
 * conditions fail cannot match the record, and PCRE2 is not called for it.
 * PCRE2 stays the authority on every match: the analysis only ever weakens
 * (a construct it does not know makes the rule run on every record). */
#ifndef LS_PREFILTER_H
#define LS_PREFILTER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The fixed byte classes whose longest runs a record is measured by. */
#define LS_PF_CLASSES 8
/* The separator bytes whose occurrences a record is counted by. */
#define LS_PF_COUNTED 8

/* A rule's conditions (immutable after load). */
struct ls_prefilter {
    int known; /* 0: nothing derived (or pattern not understood): always run */
    /* need[c] (c < LS_PF_CLASSES): a match holds a run of at least that many
     * bytes of class c; need[LS_PF_CLASSES + i]: at least that many of
     * counted byte i.  All at most 127. */
    union {
        uint8_t need[LS_PF_CLASSES + LS_PF_COUNTED];
        uint64_t need_w[2]; /* the same, 8 at a time */
    };
    int nset;
    union {
        uint8_t set[2][32]; /* a match holds at least one byte of each of the nset sets */
        uint64_t set_w[2][4];
    };
};

/* What one record holds (per worker, rewritten per record). */
struct ls_pf_record {
    union {
        uint8_t bytes[32]; /* byte values present (bit set) */
        uint64_t bytes_w[4];
    };
    /* have[c]: longest run of class c; have[LS_PF_CLASSES + i]: occurrences
     * of counted byte i; both capped at 127. */
    union {
        uint8_t have[LS_PF_CLASSES + LS_PF_COUNTED];
        uint64_t have_w[2];
    };
};

/* Leading byte offsets of a match described by a shape (at most 7: one bit
 * of a table byte each), and the most variants a shape has. */
#define LS_SHAPE_POS 7
#define LS_SHAPE_VARS 12

/* Where a rule's matches can start (immutable after load), for the
 * candidate pass (cands.c).  Every match fits one of nvar variants: in
 * variant v, for offsets j < npos[v] from the match's start, the byte there
 * is in pos[v][j] (a 256-bit set); the byte at offset 0 always starts a
 * UTF-8 character.  With has_lb, the byte just before a match is never in
 * lb (a leading negative lookbehind of one character).  nvar 0: no shape,
 * the rule is searched for as usual. */
struct ls_shape {
    unsigned nvar;
    uint8_t npos[LS_SHAPE_VARS];
    uint8_t pos[LS_SHAPE_VARS][LS_SHAPE_POS][32];
    int has_lb;
    uint8_t lb[32];
};

/* Derives sh from a pattern (as ls_prefilter_build reads it).  first, when
 * not NULL, is PCRE2's own set of bytes a match starts with (it narrows
 * offset 0).  Caseless patterns and patterns that can match the empty
 * string get no shape. */
void ls_shape_build(const char *pattern, int caseless, const uint8_t *first, struct ls_shape *sh);

static inline int ls_set_has(const uint8_t set[32], unsigned char b)
{
    return (set[b >> 3] >> (b & 7)) & 1;
}

/* The pairs of bytes a rule's matches can start with, for a rule with no
 * shape (ls_shape_build leaves out caseless patterns: their letter pairs
 * would take the candidate pass's sets from the other rules): pair[a] bit
 * b, a match can start with byte a followed by b; alone, a match can start
 * at the text's last byte with a.  Read like a shape, caseless letters
 * included, the lookbehind left out. */
struct ls_pairs {
    uint8_t pair[256][32];
    uint8_t alone[32];
    uint8_t start[256]; /* 1: pair[a] is not empty */
};

/* A filter passing at most one pair of bytes in LS_PAIRS_TELLING is kept. */
#define LS_PAIRS_TELLING 16

/* Fills out from a pattern; 0, or -1 when it tells too little (out then
 * passes nothing: not to be used). */
int ls_pairs_build(const char *pattern, int caseless, const uint8_t *first, struct ls_pairs *out);

/* The first offset >= from of t[0, len) where a match can start, or
 * SIZE_MAX: no match starts at or after from. */
static inline size_t ls_pairs_next(const struct ls_pairs *p, const unsigned char *t, size_t len,
                                   size_t from)
{
    size_t i;

    for (i = from; i + 1 < len; i++)
        if (p->start[t[i]] && ((p->pair[t[i]][t[i + 1] >> 3] >> (t[i + 1] & 7)) & 1))
            return i;
    if (i == len - 1 && len > 0 && ls_set_has(p->alone, t[i]))
        return i;
    return SIZE_MAX;
}

/* Whether a match of shape sh can start at p of text[0, len): the
 * definition of a candidate, byte by byte (cands.c computes the same for
 * all rules at once). */
static inline int ls_shape_fits(const struct ls_shape *sh, const char *text, size_t len, size_t p)
{
    const unsigned char *t = (const unsigned char *)text;

    if (sh->has_lb && p > 0 && ls_set_has(sh->lb, t[p - 1]))
        return 0;
    for (unsigned v = 0; v < sh->nvar; v++) {
        size_t n = sh->npos[v], j;

        if (p > len || n > len - p)
            continue;
        for (j = 0; j < n && ls_set_has(sh->pos[v][j], t[p + j]); j++)
            ;
        if (j == n)
            return 1;
    }
    return 0;
}

/* Derives pf from a PCRE2 pattern compiled with PCRE2_UTF (plus
 * PCRE2_CASELESS when caseless).  Never fails: what it cannot read leaves
 * pf->known 0. */
void ls_prefilter_build(const char *pattern, int caseless, struct ls_prefilter *pf);

/* Measures text[0, len) into out. */
void ls_prefilter_measure(const char *text, size_t len, struct ls_pf_record *out);

/* 0 when no match of the rule can lie in the measured record; 1 otherwise.
 * Inline: called for every rule on every record.  The needs are compared 8
 * at a time (values below 128: (have | 0x80) - need keeps bit 7 iff
 * have >= need, and never borrows across bytes). */
static inline int ls_prefilter_may_match(const struct ls_prefilter *pf,
                                         const struct ls_pf_record *rec)
{
    const uint64_t high = 0x8080808080808080ull;
    const uint64_t *need = pf->need_w, *have = rec->have_w, *b = rec->bytes_w;

    if ((((have[0] | high) - need[0]) & ((have[1] | high) - need[1]) & high) != high)
        return 0;
    for (int n = 0; n < pf->nset; n++) {
        const uint64_t *s = pf->set_w[n];

        if (!((s[0] & b[0]) | (s[1] & b[1]) | (s[2] & b[2]) | (s[3] & b[3])))
            return 0;
    }
    return 1;
}

#endif
