/* prefilter.h — what a record must hold for a rule to match it (internal to
 * the match stage).
 *
 * At ruleset load, prefilter.c reads each rule's pattern and derives
 * necessary conditions of any match: runs of bytes of a few fixed byte
 * classes it must contain (e.g. [0-9]{11} needs eleven digits in a row) and
 * a set of bytes at least one of which it must contain (an e-mail needs '@').
 * Per record, one pass over its bytes measures the same things; a rule whose
 * conditions fail cannot match the record, and PCRE2 is not called for it.
 * PCRE2 stays the authority on every match: the analysis only ever weakens
 * (a construct it does not know makes the rule run on every record). */
#ifndef LS_PREFILTER_H
#define LS_PREFILTER_H

#include <stddef.h>
#include <stdint.h>

/* The fixed byte classes whose longest runs a record is measured by. */
#define LS_PF_CLASSES 8

/* A rule's conditions (immutable after load). */
struct ls_prefilter {
    int known;                  /* 0: nothing derived (or pattern not understood): always run */
    uint8_t run[LS_PF_CLASSES]; /* a match holds a run of at least run[c] bytes of class c */
    int has_set;
    uint8_t set[32]; /* has_set: a match holds at least one of these bytes (bit set) */
};

/* What one record holds (per worker, rewritten per record). */
struct ls_pf_record {
    uint8_t bytes[32];             /* byte values present (bit set) */
    uint8_t maxrun[LS_PF_CLASSES]; /* longest run of each class, capped at 255 */
};

/* Derives pf from a PCRE2 pattern compiled with PCRE2_UTF (plus
 * PCRE2_CASELESS when caseless).  Never fails: what it cannot read leaves
 * pf->known 0. */
void ls_prefilter_build(const char *pattern, int caseless, struct ls_prefilter *pf);

/* Measures text[0, len) into out. */
void ls_prefilter_measure(const char *text, size_t len, struct ls_pf_record *out);

/* 0 when no match of the rule can lie in the measured record; 1 otherwise. */
int ls_prefilter_may_match(const struct ls_prefilter *pf, const struct ls_pf_record *rec);

#endif
