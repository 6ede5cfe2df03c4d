/* doczip.h — the parts of a zip-packaged document (OOXML .docx/.xlsx/.pptx,
 * OpenDocument .odt/.ods), read in memory.
 *
 * The document extractors slurp the item (ls_doc_slurp, extract.h), then load
 * the parts they want with ls_doczip_load and hand each to the XML helper
 * (docxml.h).  The probes look for a part name in the item's first bytes with
 * ls_doczip_head_has.  A document zip is not an archive: its parts are not
 * items, so this never goes through unpack. */
#ifndef LS_DOCZIP_H
#define LS_DOCZIP_H

#include <stddef.h>

#include "scanlimits.h"
#include "status.h"

/* Parts of one zip ever loaded; more is not an office document. */
#define LS_DOCZIP_MAX_PARTS 4096

/* One member of a zip read into memory. */
struct ls_doczip_part {
    char *name;          /* entry name, NUL-terminated */
    unsigned char *data; /* inflated bytes, NUL-terminated */
    size_t len;          /* bytes of data */
};

/* Reads the entries of the zip in buf[0..len) whose names `want` accepts
 * (directories left out) into *parts (malloc'd, *nparts entries, in zip
 * order).  Each entry is bounded by lim->max_entry_bytes and
 * max_buffer_bytes, all of them together by max_buffer_bytes; at most
 * LS_DOCZIP_MAX_PARTS entries.  buf is not kept.
 * Returns LS_OK, possibly with a partial set (an encrypted, unreadable or
 * oversized part; reason then says what was left out or cut); LS_EFAILED
 * for an unreadable zip (reason says why; *parts NULL); LS_ENOMEM.  The
 * caller frees the parts with ls_doczip_parts_free. */
ls_status ls_doczip_load(const unsigned char *buf, size_t len, const struct ls_limits *lim,
                         int (*want)(const char *name), struct ls_doczip_part **parts,
                         size_t *nparts, char *reason, size_t reasonlen);

/* Frees parts[0..nparts) and the array (NULL with 0 is fine). */
void ls_doczip_parts_free(struct ls_doczip_part *parts, size_t nparts);

/* The part of that exact name, or NULL. */
const struct ls_doczip_part *ls_doczip_find(const struct ls_doczip_part *parts, size_t nparts,
                                            const char *name);

/* 1 when a zip head (a file's first head_len bytes) holds a local header
 * whose entry name starts with prefix (or equals it), else 0.  For probes:
 * reads nothing but head. */
int ls_doczip_head_has(const unsigned char *head, size_t head_len, const char *prefix);

#endif
