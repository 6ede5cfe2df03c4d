/* bigtable.h — zeroed tables that can grow large (internal to the match
 * stage: the distinct-value sets, fpset.c, and the plate table, profiles.c).
 *
 * A table from LS_TABLE_MAP_BYTES on is mapped pages of its own (mmap), not
 * a heap chunk: when a growing table is replaced, the old one goes back to
 * the system at once, instead of leaving a hole in a thread's malloc arena
 * that the next, larger table cannot reuse (such holes, over every set of
 * every worker, once doubled the sets' footprint in RSS).  Smaller tables
 * come from the heap. */
#ifndef LS_BIGTABLE_H
#define LS_BIGTABLE_H

#include <stdlib.h>
#include <sys/mman.h>

#define LS_TABLE_MAP_BYTES ((size_t)64 << 10)

#ifdef MAP_POPULATE
#define LS_MAP_POPULATE MAP_POPULATE
#else
#define LS_MAP_POPULATE 0
#endif

/* bytes of zeroes, or NULL out of memory (bytes > 0). */
static inline void *ls_table_new(size_t bytes)
{
    void *t;

    if (bytes < LS_TABLE_MAP_BYTES)
        return calloc(1, bytes);
    /* populated at once: a hash table's entries land on every page anyway,
     * and one call costs less than a page fault per page (more so in a
     * virtual machine) */
    t = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | LS_MAP_POPULATE, -1,
             0);
    return t == MAP_FAILED ? NULL : t;
}

/* Frees a table of ls_table_new(bytes) (NULL: nothing). */
static inline void ls_table_free(void *t, size_t bytes)
{
    if (!t)
        return;
    if (bytes < LS_TABLE_MAP_BYTES)
        free(t);
    else
        munmap(t, bytes);
}

#endif
