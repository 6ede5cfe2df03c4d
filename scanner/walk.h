/* walk.h — the walk stage: enumerating the files under the inputs.
 *
 * openat-based, directories in name order (so output order is stable).
 * Symlinks are not followed unless asked; when they are, every directory and
 * file is visited once (device + inode), so loops end.  FIFOs, sockets and
 * devices are reported, never opened. */
#ifndef LS_WALK_H
#define LS_WALK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "status.h"
#include "tally.h"

struct ls_walk_cb {
    void *ud;
    /* A regular file to scan. */
    void (*file)(void *ud, const char *path, size_t path_len);
    /* Something recorded without scanning (symlink, fifo, unreadable dir…). */
    void (*note)(void *ud, const char *path, size_t path_len, const char *type,
                 enum ls_outcome outcome, const char *reason);
    /* Set (non-zero) when the scan is interrupted: the walk stops at once. */
    _Atomic int *cancel;
    /* The scan's own output files (device, inode): noted as skipped ("own
     * output"), never scanned, when they lie under an input. */
    const dev_t *own_dev;
    const ino_t *own_ino;
    size_t nown;
    /* Optional (NULL: not counted): regular files handed to file() and
     * their sizes, for the progress line's totals. */
    _Atomic uint64_t *found_files;
    _Atomic uint64_t *found_bytes;
};

/* Walks one input path (a file or a directory).  Never fails as a whole:
 * every problem becomes a note.  Returns LS_ENOMEM only. */
ls_status ls_walk(const char *root, int follow_symlinks, const struct ls_walk_cb *cb);

#endif
