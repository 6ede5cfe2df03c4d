/* input.h — one byte stream being processed: a file on disk, an archive
 * entry read from its archive, a nested archive buffered in memory, or a MIME
 * attachment.  The first bytes (up to LS_SNIFF_BYTES) are read ahead for
 * sniffing and replayed by ls_input_read(), so a stream is read exactly once. */
#ifndef LS_INPUT_H
#define LS_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "status.h"

/* Pulls up to n bytes into buf.  Returns the number of bytes read, 0 at end
 * of stream, -1 on error (with a message in err, at most errlen bytes). */
typedef ssize_t (*ls_read_fn)(void *ctx, void *buf, size_t n, char *err, size_t errlen);

struct ls_input {
    ls_read_fn read;           /* the underlying stream */
    void *ctx;                 /* its state */
    unsigned char *head;       /* read-ahead bytes (owned by whoever made the input) */
    size_t head_len;           /* how many bytes are in head */
    size_t head_pos;           /* how many of them ls_input_read() has handed out */
    int eof;                   /* the underlying stream has ended */
    uint64_t consumed;         /* bytes handed out so far by ls_input_read() */
    const unsigned char *mem;  /* memory inputs (read == NULL): the bytes after head */
    size_t mem_len, mem_pos;   /* their length and read position */
    char err[256];             /* last error of the stream */
};

/* Reads ahead up to LS_SNIFF_BYTES into in->head (which must have that many
 * bytes of room).  Returns LS_OK or LS_EFAILED (message in in->err) or the
 * budget's status when a limit is hit. */
ls_status ls_input_prime(struct ls_input *in);

/* Reads up to n bytes: first the replayed head, then the stream.  Returns
 * bytes read, 0 at end, -1 on error (in->err says why; a limit hit is an
 * error whose message begins with "limit:"). */
ssize_t ls_input_read(struct ls_input *in, void *buf, size_t n);

/* Reads the whole remaining stream into a new malloc'd buffer of at most max
 * bytes (plus one NUL byte after the data, not counted in *len).  On
 * success *out owns the data.  LS_ELIMIT when the stream is longer than max
 * (nothing is returned), LS_EFAILED on a read error, LS_ENOMEM. */
ls_status ls_input_slurp(struct ls_input *in, uint64_t max, unsigned char **out, size_t *len);

/* An input over a memory buffer (not copied; must outlive the input).  head
 * must point at LS_SNIFF_BYTES of scratch room.  The input comes back primed
 * (head filled), ready for probing and ls_input_read(). */
void ls_input_from_memory(struct ls_input *in, const unsigned char *data, size_t len,
                          unsigned char *head);

#endif
