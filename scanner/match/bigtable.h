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

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define LS_TABLE_MAP_BYTES ((size_t)64 << 10)

#ifdef MAP_POPULATE
#define LS_MAP_POPULATE MAP_POPULATE
#else
#define LS_MAP_POPULATE 0
#endif

/* From this size on a table asks for huge pages (2 MiB), placed on a huge
 * page boundary.  A table is read and written at random: one page-table
 * entry then covers 512 pages, and the table is populated writable at once
 * (MADV_POPULATE_WRITE; a hash table's entries land on every page anyway).
 * Measured on our 2-core virtual machines, mapping 64 MiB and writing it
 * once took 90-120 ms with MAP_POPULATE (4 KiB pages still faulted on their
 * first write) and 6-9 ms this way; a merge of two sets of 3 million values
 * went from 150 to 100 ms.  A kernel older than 5.14 refuses the advice:
 * the pages then fault in as they are touched. */
#define LS_TABLE_HUGE_BYTES ((size_t)2 << 20)

/* bytes of zeroes, or NULL out of memory (bytes > 0). */
static inline void *ls_table_new(size_t bytes)
{
    void *t;

    if (bytes < LS_TABLE_MAP_BYTES)
        return calloc(1, bytes);
#ifdef MADV_POPULATE_WRITE
#ifdef MADV_HUGEPAGE
    if (bytes >= LS_TABLE_HUGE_BYTES) {
        /* at a huge-page boundary: mapped a huge page larger, the ends cut */
        size_t over = bytes + LS_TABLE_HUGE_BYTES, head;
        char *m = mmap(NULL, over, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (m == MAP_FAILED)
            return NULL;
        head = (LS_TABLE_HUGE_BYTES - (uintptr_t)m % LS_TABLE_HUGE_BYTES) % LS_TABLE_HUGE_BYTES;
        if (head)
            munmap(m, head);
        munmap(m + head + bytes, over - head - bytes);
        t = m + head;
        (void)madvise(t, bytes, MADV_HUGEPAGE);
    } else
#endif
    {
        t = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (t == MAP_FAILED)
            return NULL;
    }
    (void)madvise(t, bytes, MADV_POPULATE_WRITE);
#else
    t = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | LS_MAP_POPULATE, -1,
             0);
    if (t == MAP_FAILED)
        return NULL;
#endif
    return t;
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
