/* tally.h — per-worker counters of the inventory: files by status and type,
 * bytes, media, problems and the files with most findings.  Each worker owns
 * one; the engine merges them once at the end (ls_tally_merge), so results do
 * not depend on the number of threads.  Categories, record types and distinct
 * values are counted by the matcher (match.h), merged the same way. */
#ifndef LS_TALLY_H
#define LS_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Outcome of one inventory item. */
enum ls_outcome { LS_SCANNED = 0, LS_SKIPPED = 1, LS_FAILED = 2 };

struct ls_problem {
    char *path; /* logical path (owned) */
    size_t path_len;
    enum ls_outcome status;
    char *reason; /* owned */
};

struct ls_topfile {
    char *path; /* owned */
    size_t path_len;
    uint64_t findings;
    char *categories_json; /* the item's {"cat": n} object, owned */
};

#define LS_TOP_FILES 20
/* Files with findings listed in the report ("files_with_findings"): the
 * ones with most findings, ties by path, so the list is the same for any -j.
 * 10 000 paths with their category counts keep the report near 2 MB. */
#define LS_FILES_LISTED 10000
#define LS_MAX_PROBLEMS 100000

struct ls_tally;

ls_status ls_tally_new(struct ls_tally **out);
void ls_tally_free(struct ls_tally *t);

/* Counts one inventory item.  type is its MIME type (may be NULL), size its
 * bytes; reason is needed for skipped/failed items (they become problems). */
void ls_tally_item(struct ls_tally *t, const char *path, size_t path_len, const char *type,
                   uint64_t size, enum ls_outcome status, const char *reason);
/* Bytes read from disk (raw), and bytes handed to extractors (expanded). */
void ls_tally_bytes(struct ls_tally *t, uint64_t read, uint64_t scanned);
/* Records that matching was cut short in an item (a PCRE2 limit), with the
 * rule and limit in note.  The item itself stays scanned. */
void ls_tally_match_limit(struct ls_tally *t, const char *path, size_t path_len, const char *note);
/* Offers a file with findings for the top-files list and the
 * files-with-findings list (and counts it). */
void ls_tally_topfile(struct ls_tally *t, const char *path, size_t path_len, uint64_t findings,
                      const char *categories_json);

/* Counts one scanned item's decoding: invalid sequences replaced, whether
 * the document was read only in part, whether it has no text layer. */
void ls_tally_decode(struct ls_tally *t, uint64_t invalid_sequences, int partial, int no_text);

/* Adds `from` into `into`. */
ls_status ls_tally_merge(struct ls_tally *into, const struct ls_tally *from);

struct ls_tally_view;
/* Adds what a view holds (of another tally, or read back from a partial
 * result, partial.c) into t, as ls_tally_merge adds a tally; the view's
 * top list is not read (it is made from the files list). */
ls_status ls_tally_absorb(struct ls_tally *t, const struct ls_tally_view *v);

/* Read access for the report (after merging). */
struct ls_tally_view {
    uint64_t total, scanned, skipped, failed;
    uint64_t bytes_read, bytes_scanned;
    uint64_t image, video, audio;
    uint64_t invalid_sequences, invalid_files; /* replaced while decoding, and in how many items */
    uint64_t partial_files;                    /* scanned documents read in part (a part failed) */
    uint64_t scanned_docs;                     /* documents without a text layer (scanned images) */
    uint64_t problems_dropped;                 /* past LS_MAX_PROBLEMS */
    size_t ntypes;
    const char *const *type_names; /* sorted by name */
    const uint64_t *type_counts;
    size_t nproblems;
    const struct ls_problem *problems; /* sorted by path */
    size_t ntop;
    const struct ls_topfile *top;   /* most findings first, then path */
    uint64_t files_with_findings;   /* items with at least one finding */
    size_t nfiles;                  /* of them listed (at most LS_FILES_LISTED) */
    const struct ls_topfile *files; /* the listed ones, sorted by path */
    size_t nlimits;
    const struct ls_problem *limits; /* PCRE2 limits hit (status scanned), sorted by path */
};
/* Sorts what needs sorting and fills *v; valid until the tally is changed or freed. */
ls_status ls_tally_view(struct ls_tally *t, struct ls_tally_view *v);

#endif
