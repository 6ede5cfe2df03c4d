/* scanlimits.c — defaults and clamping of the run-time limits, and the
 * printed reason of each kind of limit hit (see scanlimits.h). */
#include "scanlimits.h"

/* The reasons as printed in the inventory and the report (stable text). */
static const char *const limit_reasons[] = {
    [LS_LIMIT_NONE] = "",
    [LS_LIMIT_TIME] = "limit: time",
    [LS_LIMIT_INPUT_BYTES] = "limit: input-bytes",
    [LS_LIMIT_ENTRY_BYTES] = "limit: entry-bytes",
    [LS_LIMIT_RATIO] = "limit: ratio",
    [LS_LIMIT_ENTRIES] = "limit: entries",
    [LS_LIMIT_DEPTH] = "limit: depth",
    [LS_LIMIT_BUFFER_BYTES] = "limit: buffer-bytes",
    [LS_LIMIT_OVERLAP] = "limit: overlapping entries",
    [LS_LIMIT_PATH_LENGTH] = "limit: path length",
    [LS_LIMIT_DIR_DEPTH] = "limit: directory depth",
    [LS_LIMIT_INTERRUPTED] = "interrupted",
};

const char *ls_limit_reason(enum ls_limit k)
{
    if ((unsigned)k >= sizeof limit_reasons / sizeof limit_reasons[0])
        return "";
    return limit_reasons[k];
}

void ls_limits_default(struct ls_limits *l)
{
    l->max_depth = 16;
    l->max_entry_bytes = (uint64_t)16 << 30; /* 16 GiB */
    l->max_input_bytes = (uint64_t)1 << 40;  /* 1 TiB */
    l->max_ratio = 200.0;
    l->ratio_grace_bytes = (uint64_t)256 << 10; /* 256 KiB */
    l->max_entries = 1000000;
    l->max_buffer_bytes = (uint64_t)256 << 20; /* 256 MiB */
    l->max_queue_bytes = (uint64_t)32 << 20;   /* 32 MiB */
    l->max_seconds = 1800.0;                   /* 30 min for one input file */
    l->max_record_bytes = 1u << 20;            /* 1 MiB */
    l->max_xml_depth = 256;
    l->max_attachments = 1000;
    l->pcre2_match_limit = 1000000;
    l->pcre2_depth_limit = 10000;
    l->pcre2_heap_limit = 20000; /* KiB */
    l->max_item_seconds = 60.0;
    /* Room for libarchive's largest legitimate dictionaries (7z and xz
     * allow 1.5 GiB) and the binary's own mappings. */
    l->max_parser_memory = (uint64_t)2 << 30;
}

void ls_limits_clamp(struct ls_limits *l)
{
    if (l->max_depth > LS_CEIL_DEPTH)
        l->max_depth = LS_CEIL_DEPTH;
    if (l->max_buffer_bytes > LS_CEIL_BUFFER_BYTES)
        l->max_buffer_bytes = LS_CEIL_BUFFER_BYTES;
    if (l->max_buffer_bytes < 4096)
        l->max_buffer_bytes = 4096;
    if (l->max_entry_bytes < 1)
        l->max_entry_bytes = 1;
    if (l->max_entry_bytes > l->max_input_bytes) /* an entry is part of its input */
        l->max_entry_bytes = l->max_input_bytes;
    if (l->max_ratio < 1.0)
        l->max_ratio = 1.0;
    if (l->max_entries < 1)
        l->max_entries = 1;
    if (l->max_queue_bytes < (1u << 20))
        l->max_queue_bytes = 1u << 20;
    if (l->max_record_bytes > LS_CEIL_RECORD_BYTES)
        l->max_record_bytes = LS_CEIL_RECORD_BYTES;
    if (l->max_record_bytes < 256)
        l->max_record_bytes = 256;
    if (!(l->max_seconds >= 0.0))
        l->max_seconds = 0.0;
    if (!(l->max_item_seconds >= 0.0))
        l->max_item_seconds = 0.0;
    /* A cap below what the child needs to start would fail every container. */
    if (l->max_parser_memory > 0 && l->max_parser_memory < ((uint64_t)64 << 20))
        l->max_parser_memory = (uint64_t)64 << 20;
    if (l->max_xml_depth < 8)
        l->max_xml_depth = 8;
    if (l->max_attachments < 1)
        l->max_attachments = 1;
}
