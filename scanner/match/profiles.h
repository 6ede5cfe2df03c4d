/* profiles.h — movement profiles: licence plates seen by ANPR, counted per
 * plate so that the report can say how many vehicles could be followed over
 * time (docs/report.md, exposure.movement_profiles).
 *
 * persons.c feeds one sighting per plate of each ANPR record: the plate's
 * keyed value hash (the one its category's distinct set holds), a hash of
 * the camera field and the record's day.  Per plate the table keeps a
 * saturating hit count and up to min_sites - 1 distinct cameras and days
 * (a count that reaches min_sites is saturated: the values past it are not
 * kept), so an entry is 8 + 4 (min_sites - 1) bytes.  Merging two tables
 * keeps every answer of the form "at least min_hits sightings at min_sites
 * cameras or on min_sites days" exact, so the figures are the same for any
 * -j.  A leaf: it depends on nothing of ours but the header-only table
 * allocator bigtable.h. */
#ifndef LS_PROFILES_H
#define LS_PROFILES_H

#include <stddef.h>
#include <stdint.h>

/* Largest --profile-min-hits and --profile-min-sites (a hit count is one
 * byte, a site count half of one). */
#define LS_PROFILE_HITS_MAX 255
#define LS_PROFILE_SITES_MAX 15

struct ls_profiles;

/* A table for the thresholds (1..LS_PROFILE_HITS_MAX, 1..LS_PROFILE_SITES_MAX;
 * out-of-range values are clamped).  NULL out of memory. */
struct ls_profiles *ls_profiles_new(unsigned min_hits, unsigned min_sites);
void ls_profiles_free(struct ls_profiles *p);
/* One sighting of plate (a value hash) at camera (a hash; 0: no camera
 * field) on day (ls_profiles_day; 0: no date).  0, or -1 out of memory
 * (the sighting is then lost, the table stays valid). */
int ls_profiles_add(struct ls_profiles *p, uint64_t plate, uint32_t camera, uint16_t day);
/* Starts loading the slot of plate into the cache (a sighting of it will
 * follow soon: the record's end); no effect on the table. */
void ls_profiles_prefetch(const struct ls_profiles *p, uint64_t plate);
/* Moves every plate of from into into (same thresholds); from is emptied.
 * 0, or -1 out of memory. */
int ls_profiles_merge(struct ls_profiles *into, struct ls_profiles *from);
/* Distinct plates seen, and those with at least min_hits sightings at at
 * least min_sites distinct cameras or on at least min_sites distinct days. */
void ls_profiles_counts(const struct ls_profiles *p, uint64_t *plates, uint64_t *tracked);
/* One plate's entry as plain numbers (partial results, partial.c): its key
 * (the low 48 bits of the plate hash, never 0), its saturated hit count,
 * and its camera and day counts (min_sites: "at least that many") with the
 * values kept (at most min_sites - 1 of each). */
struct ls_profile_entry {
    uint64_t key;
    unsigned hits, ncams, ndays;
    uint16_t cams[LS_PROFILE_SITES_MAX], days[LS_PROFILE_SITES_MAX];
};
/* The thresholds p was made with. */
void ls_profiles_thresholds(const struct ls_profiles *p, unsigned *min_hits, unsigned *min_sites);
/* The entry at table position *pos or after it: 1 and *pos moved past it,
 * or 0 at the end.  Start with *pos = 0. */
int ls_profiles_next(const struct ls_profiles *p, size_t *pos, struct ls_profile_entry *e);
/* Grows p's shards for n more plates at once (each for its share of n,
 * with room for the spread), so that plates put in the order of another
 * table (by hash) do not pile up in a shard growing under them.  0, or -1
 * out of memory. */
int ls_profiles_reserve(struct ls_profiles *p, size_t n);
/* Merges e (from a table with the same thresholds) into p, as
 * ls_profiles_merge does an entry.  0, or -1 out of memory. */
int ls_profiles_put(struct ls_profiles *p, const struct ls_profile_entry *e);
/* Heap bytes of the table. */
uint64_t ls_profiles_bytes(const struct ls_profiles *p);
/* yyyymmdd → a day number (1 for 1900-01-01; one number per calendar day,
 * not a count of days), 0 for 0 or out of range (after 2076). */
uint16_t ls_profiles_day(uint32_t ymd);

#endif
