/* sniff.h — the sniff stage: what an item is, from its first bytes.
 *
 * libmagic gives the MIME type and charset (one magic_t per worker, all
 * opened and loaded on the main thread before the workers start; never
 * MAGIC_COMPRESS, which would fork decompressors).  On top of it, sniff
 * decides whether the item is a container that unpack reads (and with which
 * libarchive formats), a document an extractor reads, media, or binary. */
#ifndef LS_SNIFF_H
#define LS_SNIFF_H

#include <stddef.h>

#include "status.h"

struct ls_sniffer;

/* What an item is. */
enum ls_kind {
    LS_KIND_OTHER = 0,  /* no extractor, no container: see mime */
    LS_KIND_ARCHIVE,    /* a multi-entry container libarchive reads (tar, zip, 7z, …) */
    LS_KIND_COMPRESSED, /* a single compressed stream (gzip, bzip2, xz, …, uuencode) */
    LS_KIND_DOCUMENT    /* an extractor reads it */
};

struct ls_sniff {
    char mime[128];   /* e.g. "text/plain" */
    char charset[48]; /* e.g. "utf-8", "binary" */
    enum ls_kind kind;
    int seekable_format; /* ARCHIVE: the format needs seeking (zip, 7z, rar, iso, cab, xar, lha) */
    const char *unsupported; /* non-NULL: a container we refuse, and why */
};

/* Opens and loads one libmagic handle.  Call on the main thread. */
ls_status ls_sniffer_new(struct ls_sniffer **out, char *err, size_t errlen);
void ls_sniffer_free(struct ls_sniffer *s);

/* Fills *out for the first bytes of an item.  name is the item's base name
 * (used only to name the entry of a bare compressed file, never to decide).
 * extractor_claims tells whether a document extractor reads this type (so a
 * .docx zip is a document, not an archive). */
void ls_sniff_buffer(struct ls_sniffer *s, const unsigned char *head, size_t len,
                     struct ls_sniff *out);

/* Which compression filters libarchive can run in-process (no external
 * program).  Computed once on the main thread by ls_sniff_probe_filters(). */
struct ls_filters {
    unsigned char gzip, bzip2, xz, lzma, zstd, lz4, compress, uu;
};
void ls_sniff_probe_filters(struct ls_filters *f);

#endif
