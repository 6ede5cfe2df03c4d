/* input.h — one byte stream being processed: a file on disk, an archive
 * entry read from its archive, a nested archive buffered in memory, or a MIME
 * attachment.  The first bytes (up to LS_SNIFF_BYTES) are read ahead for
 * sniffing and replayed by ls_input_read(), so a stream is read exactly once.
 * When a stream stops, why is a value (struct ls_fault: a read error, a limit
 * and which one, encrypted data) that callers test; the message in err is
 * only for people (it is what the inventory prints). */
#ifndef LS_INPUT_H
#define LS_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "scanlimits.h"
#include "status.h"

/* Why a stream stopped. */
struct ls_fault {
    ls_status st;        /* LS_OK (it did not), LS_EFAILED (read error), LS_ELIMIT (a limit,
                          * named by limit), LS_ESKIPPED (the data could not be decrypted) */
    enum ls_limit limit; /* with LS_ELIMIT: which limit */
};

/* Pulls up to n bytes into buf.  Returns the number of bytes read, 0 at end
 * of stream, -1 on error: then *fault says why (left at LS_OK it counts as a
 * read error, LS_EFAILED) and err holds a message of at most errlen bytes. */
typedef ssize_t (*ls_read_fn)(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                              size_t errlen);

struct ls_input {
    ls_read_fn read;          /* the underlying stream */
    void *ctx;                /* its state */
    unsigned char *head;      /* read-ahead bytes (owned by whoever made the input) */
    size_t head_len;          /* how many bytes are in head */
    size_t head_pos;          /* how many of them ls_input_read() has handed out */
    int eof;                  /* the underlying stream has ended */
    uint64_t consumed;        /* bytes handed out so far by ls_input_read() */
    const unsigned char *mem; /* memory inputs (read == NULL): the bytes after head */
    size_t mem_len, mem_pos;  /* their length and read position */
    struct ls_fault fault;    /* why the stream stopped (st LS_OK while it has not) */
    char err[256];            /* the message of that fault, for people */
};

/* Reads ahead up to LS_SNIFF_BYTES into in->head (which must have that many
 * bytes of room).  Returns LS_OK, LS_ELIMIT when a limit stopped the stream,
 * or LS_EFAILED for any other fault (in->fault and in->err say which). */
ls_status ls_input_prime(struct ls_input *in);

/* Reads up to n bytes: first the replayed head, then the stream.  Returns
 * bytes read, 0 at end, -1 on error (in->fault says why, in->err in words). */
ssize_t ls_input_read(struct ls_input *in, void *buf, size_t n);

/* Copies the rest of the stream into fd (a memory file), through buf (n
 * bytes), at most max bytes: without a copy in this process's heap.
 * LS_OK with *len; like ls_input_slurp on a stream fault or over max
 * (LS_LIMIT_BUFFER_BYTES); LS_EFAILED with *werr (errno) when fd cannot be
 * written. */
ls_status ls_input_to_fd(struct ls_input *in, uint64_t max, int fd, unsigned char *buf, size_t n,
                         uint64_t *len, int *werr);
/* Reads the whole remaining stream into a new malloc'd buffer of at most max
 * bytes (plus one NUL byte after the data, not counted in *len).  On
 * success *out owns the data.  LS_ELIMIT when the stream is longer than max
 * (nothing is returned; in->fault then names LS_LIMIT_BUFFER_BYTES, or the
 * limit that stopped the stream), LS_EFAILED on any other fault of the
 * stream (in->fault says which), LS_ENOMEM. */
ls_status ls_input_slurp(struct ls_input *in, uint64_t max, unsigned char **out, size_t *len);

/* An input over a memory buffer (not copied; must outlive the input).  head
 * must point at LS_SNIFF_BYTES of scratch room.  The input comes back primed
 * (head filled), ready for probing and ls_input_read(). */
void ls_input_from_memory(struct ls_input *in, const unsigned char *data, size_t len,
                          unsigned char *head);

#endif
