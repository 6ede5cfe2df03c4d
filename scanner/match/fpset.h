/* fpset.h — an exact set of 16-byte fingerprints: the distinct values of one
 * category.
 *
 * The match stage keys every value it counts (ls_fingerprint, mask.h: a keyed
 * hash of the normalized value) and adds it to its category's set
 * (findtally.h); the sets of the workers are unioned once at the end and the
 * report's "unique" figure is a set's size.  A leaf: it depends on nothing
 * of ours. */
#ifndef LS_FPSET_H
#define LS_FPSET_H

#include <stddef.h>

/* Open addressing, linear probing, at most 3/4 full.  The all-zero value is
 * the empty slot: a zero fingerprint is stored with its first byte set to 1
 * (a 2^-128 event; harmless).  A zeroed struct is an empty set. */
struct ls_fpset {
    unsigned char (*slot)[16];
    size_t cap; /* power of two, or 0 */
    size_t n;   /* distinct fingerprints held */
};

/* Adds fp (16 bytes, copied).  1 when it was new, 0 when already there, -1
 * out of memory (the set is unchanged). */
int ls_fpset_add(struct ls_fpset *s, const unsigned char fp[16]);
/* Adds every fingerprint of from to into (from is only read).  0, or -1 out
 * of memory (into then holds part of from; it stays a valid set). */
int ls_fpset_merge(struct ls_fpset *into, const struct ls_fpset *from);
/* Frees the slots; s is an empty set again. */
void ls_fpset_free(struct ls_fpset *s);

#endif
