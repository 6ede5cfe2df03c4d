/* cands.h — the candidate pass: where in a record each rule's matches can
 * start (internal to the match stage).
 *
 * At ruleset load every rule's shape (prefilter.h: for each variant, the
 * byte sets at the first few offsets of a match, and the bytes that never
 * come just before one) is turned into indexes of at most LS_CANDS_SETS
 * distinct byte sets shared by all rules.  Per record, one pass classifies
 * every byte into those sets at once (a table lookup) and turns the result
 * into one bit mask of positions per set, 56 positions per block; a rule's
 * candidate starts are then a few shifts and ANDs of those masks.  The
 * matcher runs PCRE2, anchored, only at candidates: a start that is not a
 * candidate cannot start a match, so the matches found are the same. */
#ifndef LS_CANDS_H
#define LS_CANDS_H

#include <stddef.h>
#include <stdint.h>

#include "match/prefilter.h"

/* Distinct byte sets of all rules' shapes (bits of one word). */
#define LS_CANDS_SETS 64
/* Longest record the pass is used for: longer ones are searched by PCRE2
 * itself, whose own scan is as fast once a call's cost is spread over many
 * bytes (and the masks of a long record would not stay in cache). */
#define LS_CANDS_MAX_LEN 4096
/* Positions per block: a block's masks cover the byte before its first
 * position and LS_SHAPE_POS bytes after its last one, 64 bits in all. */
#define LS_CANDS_BLOCK (64 - 1 - LS_SHAPE_POS)

/* One step of a rule's condition tree: the mask of its parent step (depth
 * - 1; depth 0: the rule's positions left after its common conditions)
 * ANDed with "the byte at offset off from a start is in set set".  leaf: a
 * variant ends here (its positions are candidates); next: the step after
 * this one's subtree, where evaluation goes on when no position is left. */
struct ls_cands_op {
    uint8_t set, off, depth, leaf, next;
};

/* Most steps of a tree: one per condition of every variant. */
#define LS_CANDS_OPS (LS_SHAPE_VARS * LS_SHAPE_POS)

/* A rule's shape as set indexes (nvar 0: the rule has no candidates plan). */
struct ls_cands_rule {
    uint8_t nvar;
    uint8_t npos[LS_SHAPE_VARS];
    /* variant v's conditions: the byte at offset off[v][j] from a start is
     * in set set[v][j]; read only while the plan is built (the common
     * conditions and the tree below are made from them) */
    uint8_t set[LS_SHAPE_VARS][LS_SHAPE_POS];
    uint8_t off[LS_SHAPE_VARS][LS_SHAPE_POS];
    /* the conditions every variant has, taken out of the variants and
     * tested once, first */
    uint8_t ncommon;
    uint8_t cset[LS_SHAPE_POS], coff[LS_SHAPE_POS];
    uint8_t lb; /* set of the bytes never before a match, or LS_CANDS_SETS: none */
    /* The variants' conditions (after the common ones) as one tree: a
     * condition several variants share is tested once for all of them, in
     * pre-order (ls_cands_block).  all: a variant has no condition left, so
     * every position the common conditions leave is a candidate. */
    uint8_t nops, all;
    struct ls_cands_op op[LS_CANDS_OPS];
};

/* The plan of a ruleset (immutable after ls_cands_build). */
struct ls_cands {
    uint64_t tab[256]; /* bit k: the byte is in set k */
    unsigned nsets;
    int avx2; /* the CPU runs AVX2: the measure's AVX2 copy is used (x86-64) */
    size_t nrules;
    struct ls_cands_rule *rule;
};

/* The masks of one record (per worker, rewritten per record). */
struct ls_cands_rec {
    size_t len;  /* of the record measured */
    size_t nblk; /* blocks measured */
    uint64_t *m; /* nblk * LS_CANDS_SETS masks: bit i of block b, set k: byte
                  * b * LS_CANDS_BLOCK - 1 + i is in set k */
    size_t cap;  /* blocks allocated */
};

/* Builds the plan of n rules from their shapes (shapes[i] NULL or nvar 0:
 * no plan for rule i; a rule whose sets do not fit in LS_CANDS_SETS gets
 * none either).  Returns 0, or -1 out of memory. */
int ls_cands_build(struct ls_cands *c, const struct ls_shape *const *shapes, size_t n);
void ls_cands_free(struct ls_cands *c);

/* Measures text[0, len) (len <= LS_CANDS_MAX_LEN) into r.  Returns 0, or -1
 * out of memory. */
int ls_cands_measure(const struct ls_cands *c, const char *text, size_t len,
                     struct ls_cands_rec *r);
void ls_cands_rec_free(struct ls_cands_rec *r);

/* The candidates of rule ri in block b of the measured record that are at
 * or after from: bit i for position b * LS_CANDS_BLOCK - 1 + i (bits 1 to
 * LS_CANDS_BLOCK; a candidate needs its first byte, so none lies at or
 * past the record's end). */
uint64_t ls_cands_block(const struct ls_cands *c, size_t ri, const struct ls_cands_rec *r, size_t b,
                        size_t from);

/* The first candidate start p >= from of rule ri in the measured record,
 * or SIZE_MAX.  The same positions as ls_shape_fits of the rule's shape. */
size_t ls_cands_next(const struct ls_cands *c, size_t ri, const struct ls_cands_rec *r,
                     size_t from);

#endif
