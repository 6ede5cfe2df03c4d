/* scanlimits.h — every limit of a scan, in one place.
 *
 * Two layers (as in YARA's limits.h and SQLite's sqlite3_limit): compile-time
 * ceilings with the reason for each, and run-time limits (struct ls_limits),
 * every one a command-line flag, clamped to its ceiling by ls_limits_clamp().
 * The one place where the byte/ratio/entry limits are *checked* is budget.c.
 * A limit hit travels as a value (enum ls_limit, with LS_ELIMIT); its printed
 * reason ("limit: ratio") comes from one table, ls_limit_reason(). */
#ifndef LS_SCANLIMITS_H
#define LS_SCANLIMITS_H

#include <stddef.h>
#include <stdint.h>

/* --- compile-time ceilings --------------------------------------------- */

/* Deeper nesting than this is never legitimate; recursion uses C stack
 * (a few KiB per level) so keep it far below any thread stack size. */
#define LS_CEIL_DEPTH 64
/* Worker threads: beyond this the queue and merge costs dominate. */
#define LS_CEIL_THREADS 256
/* Bytes libmagic may look at (MAGIC_PARAM_BYTES_MAX) and that are read ahead
 * of every item for sniffing. */
#define LS_SNIFF_BYTES (64 * 1024)
/* Largest in-memory buffer ever made for one item (seekable nested archive,
 * document): 4 GiB, so that sizes fit comfortably in size_t on 64-bit. */
#define LS_CEIL_BUFFER_BYTES ((uint64_t)4 << 30)
/* Longest record handed to the matcher; longer lines are split. */
#define LS_CEIL_RECORD_BYTES (16u << 20)
/* Entry names longer than this are truncated in the logical path. */
#define LS_MAX_NAME_BYTES 4096
/* Logical paths longer than this are refused (depth × name). */
#define LS_MAX_PATH_BYTES 65536

/* --- run-time limits ---------------------------------------------------- */

struct ls_limits {
    unsigned max_depth;         /* archive nesting depth (top-level file = 0) */
    uint64_t max_entry_bytes;   /* expanded bytes of one archive entry */
    uint64_t max_input_bytes;   /* expanded bytes of all entries of one top-level input */
    double max_ratio;           /* expanded / compressed bytes of one archive */
    uint64_t ratio_grace_bytes; /* the ratio is only enforced past this many expanded bytes */
    uint64_t max_entries;       /* entries of one archive */
    uint64_t max_buffer_bytes;  /* in-memory buffer for a nested seekable archive or a document */
    uint64_t max_queue_bytes;   /* bytes of entry data waiting in the work queue */
    double max_seconds;         /* wall time for one top-level input (0: none) */
    size_t max_record_bytes;    /* one record handed to the matcher */
    unsigned max_xml_depth;     /* element nesting in XML-based documents */
    unsigned max_attachments;   /* MIME parts of one message */
    uint32_t pcre2_match_limit; /* PCRE2 match limit per record and rule */
    uint32_t pcre2_depth_limit; /* PCRE2 depth limit */
    uint32_t pcre2_heap_limit;  /* PCRE2 heap limit, KiB */
    double max_item_seconds;    /* a parser child silent this long is killed (0: never) */
    uint64_t max_parser_memory; /* address space of a parser child (0: no cap) */
};

/* --- limit hits ------------------------------------------------------------ */

/* Which limit stopped an item.  Callers test this value; the text of
 * ls_limit_reason() is only for people (inventory, report). */
enum ls_limit {
    LS_LIMIT_NONE = 0,     /* no limit was hit */
    LS_LIMIT_TIME,         /* --max-seconds of one top-level input */
    LS_LIMIT_INPUT_BYTES,  /* expanded bytes of one top-level input */
    LS_LIMIT_ENTRY_BYTES,  /* expanded bytes of one archive entry */
    LS_LIMIT_RATIO,        /* expansion ratio of one entry */
    LS_LIMIT_ENTRIES,      /* entries of one archive */
    LS_LIMIT_DEPTH,        /* archive nesting depth */
    LS_LIMIT_BUFFER_BYTES, /* in-memory buffer of one item */
    LS_LIMIT_OVERLAP,      /* zip entries sharing bytes (a zip bomb) */
    LS_LIMIT_PATH_LENGTH,  /* logical path longer than LS_MAX_PATH_BYTES */
    LS_LIMIT_DIR_DEPTH,    /* directory nesting of the walk */
    LS_LIMIT_INTERRUPTED   /* the scan was interrupted (SIGINT, SIGTERM): work abandoned */
};

/* The reason printed for a limit hit, e.g. "limit: ratio" (static storage;
 * "" for LS_LIMIT_NONE or an unknown value). */
const char *ls_limit_reason(enum ls_limit k);

/* Fills *l with the defaults (documented in --help and README). */
void ls_limits_default(struct ls_limits *l);
/* Clamps every field to its ceiling and sane minimum. */
void ls_limits_clamp(struct ls_limits *l);

#endif
