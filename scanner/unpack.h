/* unpack.h — the unpack stage: reading containers with libarchive.
 *
 * Formats and filters are enabled one by one (never _all(): a CSV would be
 * taken for mtree, and some filters run external programs).  Streamable
 * formats are read straight from the parent stream; formats that need
 * seeking (zip, 7z, rar, iso9660, cab, lha, xar) are read from the file on
 * disk at the top level, or from a bounded memory copy when nested.  Nothing
 * is ever written to disk.  libarchive itself runs in supervised child
 * processes (isolate.h), so that a crash or a hang in it costs one container,
 * never the scan.  Every entry is handed to the engine through a
 * callback as a stream charged to the input's budget. */
#ifndef LS_UNPACK_H
#define LS_UNPACK_H

#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "input.h"
#include "isolate.h"
#include "sniff.h"
#include "status.h"
#include "tally.h"

/* Read-only settings shared by all workers. */
struct ls_unpack_env {
    const struct ls_limits *lim;
    struct ls_filters filters; /* in-process filters only */
    char **passwords;          /* --passwords, one per line */
    size_t npasswords;
};

struct ls_unpack_cb {
    void *ud;
    /* An entry with data.  in is not primed yet.  The entry's stream ends when
     * the callback returns (unread data is skipped).  Return a fatal status
     * to stop the scan; anything else goes on.  transparent is set for the
     * single entry of a compressed stream (x.tar.gz → x.tar): when that entry
     * is itself a container it takes the compressed file's place and path
     * (path[0..parent_len)), so a .tar.gz is one level, not two. */
    ls_status (*entry)(void *ud, const char *path, size_t path_len, unsigned depth,
                       struct ls_input *in, int64_t size_hint, int transparent, size_t parent_len);
    /* An entry recorded without reading (symlink, encrypted, limit…). */
    void (*note)(void *ud, const char *path, size_t path_len, const char *type,
                 enum ls_outcome outcome, const char *reason);
};

/* Reads the container at path (depth = its own depth).  in is its primed
 * stream; fd >= 0 when it is a regular file on disk (seekable formats then
 * read the file directly).  sn says what it is.  Returns LS_OK when the
 * container was read to its end, LS_EFAILED (damaged: reason holds
 * "archive: <libarchive's message>"), LS_ELIMIT / LS_ESKIPPED (reason names
 * the limit, "encrypted", "unsupported: …"), or a fatal status.
 *
 * libarchive runs in a child process of iso (the calling thread's pool, see
 * isolate.h), one per container open on this input.  A child that crashes
 * makes the container LS_EFAILED "parser crashed (signal N)" (or "(exit N)"),
 * one silent for --max-item-seconds "parser timed out", one whose address
 * space cap stops an allocation "parser out of memory"; entries handed to
 * the callback before stay handed on.  The interrupt flag and --max-seconds
 * are watched while the child works (LS_ELIMIT, the child killed). */
ls_status ls_unpack(const struct ls_unpack_env *env, struct ls_isolate *iso, struct ls_budget *b,
                    const struct ls_sniff *sn, const char *path, size_t path_len, unsigned depth,
                    struct ls_input *in, int fd, const struct ls_unpack_cb *cb, char *reason,
                    size_t reason_len);

/* Random access to a zip's bytes, for the overlap check. */
typedef int (*ls_read_at_fn)(void *ctx, void *buf, size_t n, uint64_t off);
/* 1 when two entries of the zip share bytes (a zip bomb of overlapping
 * entries, which libarchive does not detect), 0 when not or when the
 * central directory cannot be read (libarchive will then report the damage). */
int ls_zip_overlaps(ls_read_at_fn read_at, void *ctx, uint64_t size);

#endif
