/* sink.h — the JSON Lines outputs shared by all workers (--inventory,
 * --findings).  Each worker formats a whole line in its own buffer and hands
 * it over in one call; lines never interleave.  Files are created 0600 with
 * O_NOFOLLOW (never written through a symlink). */
#ifndef LS_SINK_H
#define LS_SINK_H

#include <stddef.h>

#include "status.h"

struct ls_sink;

/* Opens path for writing (0600, O_CREAT|O_TRUNC|O_NOFOLLOW; "-" is stdout).
 * On failure returns LS_EIO with the system's message in err. */
ls_status ls_sink_open(const char *path, struct ls_sink **out, char *err, size_t errlen);
/* Writes one line (a '\n' is appended); thread-safe.  A write error is
 * remembered and returned by ls_sink_close(). */
void ls_sink_line(struct ls_sink *s, const char *line, size_t len);
/* Flushes and closes; LS_EIO (message in err) if any write failed.  NULL is fine. */
ls_status ls_sink_close(struct ls_sink *s, char *err, size_t errlen);

/* Opens a report file the same way (0600, no symlink), returning a stdio
 * stream; "-" gives stdout.  NULL with the system's message in err. */
#include <stdio.h>
FILE *ls_open_output(const char *path, char *err, size_t errlen);

#endif
