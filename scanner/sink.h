/* sink.h — output files, and the JSON Lines outputs shared by all workers
 * (--inventory, --findings).
 *
 * Every output file is created 0600 and never written through a symbolic
 * link.  A regular file (or a path that does not exist yet) is written to a
 * temporary file beside it and renamed into place only when the scan ends
 * (ls_outfile_close with commit): a scan that dies or is interrupted twice
 * never leaves a half-written file at an output path, and an earlier file
 * there stays whole until the new one replaces it.  "-" is stdout; a device
 * or a FIFO (/dev/null, a pipe) is written directly.
 *
 * A sink: each worker formats a whole line in its own buffer and hands it
 * over in one call; lines never interleave, and none is written once the
 * file is closed. */
#ifndef LS_SINK_H
#define LS_SINK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "status.h"

struct ls_outfile;

/* Opens path for writing as above.  On failure returns LS_EIO with the
 * system's message (naming path) in err, and *out is NULL. */
ls_status ls_outfile_open(const char *path, struct ls_outfile **out, char *err, size_t errlen);
/* The stream to write to. */
FILE *ls_outfile_stream(const struct ls_outfile *o);
/* The temporary file being written (NULL when written directly). */
const char *ls_outfile_tmp(const struct ls_outfile *o);
/* The file written to: its device and inode (0 when it is stdout). */
int ls_outfile_id(const struct ls_outfile *o, dev_t *dev, ino_t *ino);
/* Flushes and closes.  commit > 0: renames the temporary file into place;
 * 0: removes it (the path keeps what it had); < 0: leaves it (a sink of
 * ls_sink_open_kept, for the scan that resumes).  LS_EIO (message in
 * err) if a write, the close or the rename failed — then nothing is renamed.
 * wrote_error: a write error seen before (errno), which fails the close too.
 * NULL is fine. */
ls_status ls_outfile_close(struct ls_outfile *o, int commit, int wrote_error, char *err,
                           size_t errlen);

struct ls_sink;

/* Opens a sink on path (as ls_outfile_open). */
ls_status ls_sink_open(const char *path, struct ls_sink **out, char *err, size_t errlen);
/* --checkpoint (checkpoint.h): a sink on path whose temporary file has a
 * fixed name, "DIR/.NAME.ckpt", new when offset < 0, else the one an
 * interrupted scan left, cut back to offset bytes (what its checkpoint
 * recorded) and written on.  Closed with commit < 0, it is kept.  path must
 * be a regular file or new.  LS_OK, or LS_EUSAGE (the kept file is missing
 * or shorter) / LS_EIO / LS_ENOMEM with err. */
ls_status ls_sink_open_kept(const char *path, int64_t offset, struct ls_sink **out, char *err,
                            size_t errlen);
/* Flushes the lines written so far to disk (fsync) and gives the file's
 * length in *offset.  0, or -1 (a write failed). */
int ls_sink_sync(struct ls_sink *s, uint64_t *offset);
/* Writes one line (a '\n' is appended); thread-safe.  A write error is
 * remembered and returned by ls_sink_close(). */
void ls_sink_line(struct ls_sink *s, const char *line, size_t len);
/* Writes a block of whole lines, each already ending in '\n', in one go
 * (no other line lands among them); thread-safe, as ls_sink_line. */
void ls_sink_lines(struct ls_sink *s, const char *lines, size_t len);
/* The sink's file (for its temporary name and its identity). */
const struct ls_outfile *ls_sink_file(const struct ls_sink *s);
/* Flushes and closes, committing or discarding as ls_outfile_close; LS_EIO
 * (message in err) if any write failed.  NULL is fine. */
ls_status ls_sink_close(struct ls_sink *s, int commit, char *err, size_t errlen);
/* The same, but the sink itself stays (it is never freed): a line handed
 * over afterwards is dropped.  For a sink that threads which cannot be
 * joined (workers abandoned in a parser) may still write to.  Then
 * ls_sink_file() is NULL.  NULL is fine. */
ls_status ls_sink_finish(struct ls_sink *s, int commit, char *err, size_t errlen);

#endif
