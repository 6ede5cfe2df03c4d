/* fpset.h — an exact set of 64-bit value hashes: the distinct values of one
 * category.
 *
 * The match stage hashes every value it counts (ls_value_hash, mask.h: a
 * keyed SipHash of the normalized value) and adds the hash to its category's
 * set (findtally.h); the sets of the workers are unioned once at the end and
 * the report's "unique" figure is a set's size.  Two distinct values count
 * as one only when their keyed 64-bit hashes collide (docs/architecture.md
 * gives the bound).  A leaf: it depends on nothing of ours but the
 * header-only table allocator bigtable.h.
 *
 * Layout, for memory: LS_FPSET_SHARDS open-addressing tables of 8-byte
 * slots, chosen by the hash's top bits.  A shard grows by half when it would
 * be more than 4/5 full, so a set holds about 10-15 bytes per value, and
 * growing copies one shard at a time (a sixteenth of the set), never the
 * whole table; large tables are mapped pages of their own, returned to the
 * system as soon as they are replaced. */
#ifndef LS_FPSET_H
#define LS_FPSET_H

#include <stddef.h>
#include <stdint.h>

#define LS_FPSET_SHARD_BITS 4
#define LS_FPSET_SHARDS (1u << LS_FPSET_SHARD_BITS)

struct ls_fpshard;

/* Past a size (--exact-distinct), a set becomes a HyperLogLog sketch of
 * 2^LS_HLL_P one-byte registers (64 KiB): its count is then an estimate,
 * with a relative standard error of 1.04 / sqrt(2^LS_HLL_P), about 0.41 %,
 * computed with Ertl's improved raw estimator (no bias table, good over
 * the whole range).  Sketches merge exactly (register by register), so a
 * sketched count does not depend on -j, on shards or on the order of the
 * values. */
#define LS_HLL_P 16
#define LS_HLL_REGS (1u << LS_HLL_P)
#define LS_HLL_STDERR 0.0041

/* A zeroed struct is an empty set that never becomes a sketch. */
struct ls_fpset {
    struct ls_fpshard *shard; /* LS_FPSET_SHARDS shards, or NULL while empty */
    uint64_t n;               /* distinct hashes held (exact sets only) */
    int has_zero;             /* the hash 0 (kept apart: 0 marks an empty slot) */
    uint8_t *hll;             /* LS_HLL_REGS registers once a sketch, else NULL */
    uint64_t sketch_at;       /* becomes a sketch when it would hold this many
                               * hashes (0: never) */
};

/* Adds h.  1 when it was new (or the set is a sketch), 0 when already
 * there, -1 out of memory (the set is unchanged). */
int ls_fpset_add(struct ls_fpset *s, uint64_t h);
/* 1 when h is in s, else 0. */
int ls_fpset_has(const struct ls_fpset *s, uint64_t h);
/* Asks the CPU to fetch the slot where h would go, so that an add of h a
 * little later finds it in the cache (no effect on the set). */
void ls_fpset_prefetch(const struct ls_fpset *s, uint64_t h);
/* Moves every hash of from into into, shard by shard, freeing each shard of
 * from once it is merged (so a merge needs little more memory than the two
 * sets before it); from is then empty.  A large exact merge (from holding
 * 65536 hashes or more) runs on two threads, a half of the shards each.
 * 0, or -1 out of memory (into then holds part of from and from the rest;
 * both stay valid sets, and nothing is lost from their union). */
int ls_fpset_merge(struct ls_fpset *into, struct ls_fpset *from);
/* Heap bytes the set holds (its shard table and slots; not the struct).  A
 * function of the set's content only, not of the order hashes came in or of
 * merges: the same hashes (values and key) give the same figure for any -j. */
uint64_t ls_fpset_bytes(const struct ls_fpset *s);
/* The number of distinct hashes: exact, or a sketch's estimate. */
uint64_t ls_fpset_count(const struct ls_fpset *s);
/* s's registers when it is a sketch (LS_HLL_REGS bytes), else NULL. */
const uint8_t *ls_fpset_sketch(const struct ls_fpset *s);
/* Makes s a sketch (when it is not) and merges the registers regs into it.
 * 0, or -1 out of memory. */
int ls_fpset_add_sketch(struct ls_fpset *s, const uint8_t *regs);
/* Calls fn(ud, h) once for every hash h of s (an exact set), in no set order (partial
 * results, partial.c). */
void ls_fpset_each(const struct ls_fpset *s, void (*fn)(void *ud, uint64_t h), void *ud);
/* Frees the slots; s is an empty set again. */
void ls_fpset_free(struct ls_fpset *s);

#endif
