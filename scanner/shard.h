/* shard.h — which share of a scan is this one's (--shard K/N).
 *
 * A shard takes the top-level inputs whose path relative to their scan
 * root hashes to it, so every machine of a cluster, whatever the order or
 * the absolute path of its view of the leak, agrees on who scans what.
 * When the scan has one root and it is a file (one huge archive), each
 * shard opens it and takes the entries of its first level that hash to it,
 * with everything nested in them; the archive's own inventory line and its
 * bytes read are counted by the one shard its name hashes to.  A leaf: it
 * depends on nothing of ours. */
#ifndef LS_SHARD_H
#define LS_SHARD_H

#include <stddef.h>
#include <stdint.h>

/* Parses "K/N" (1 <= K <= N <= LS_SHARD_MAX) into *k, *n.  0, or -1. */
#define LS_SHARD_MAX 100000u
int ls_shard_parse(const char *s, unsigned *k, unsigned *n);

/* The SplitMix64 finalizer: a 64-bit value's bits mixed (part of the
 * format of shards and samples, docs/partial.md). */
uint64_t ls_shard_mix64(uint64_t h);

/* The stable hash of a relative path: FNV-1a 64 over its bytes, then the
 * SplitMix64 finalizer (docs/partial.md). */
uint64_t ls_shard_hash(const char *rel, size_t len);

/* Whether rel[0..len) is shard k's of n (k 1-based; n 0 or 1: always). */
int ls_shard_mine(unsigned k, unsigned n, const char *rel, size_t len);

/* The path of path[0..plen) relative to its scan root root[0..rlen) (a
 * prefix of it): what follows the root and its '/'s; for the root itself
 * (a file given as a root), its last name.  *rel_len gets the length. */
const char *ls_shard_rel(const char *root, size_t rlen, const char *path, size_t plen,
                         size_t *rel_len);

#endif
