/* reader.h — the byte reader of the extract stage's hand-written tokenizers
 * (JSON, SQL, HTML): the charset layer's decoded UTF-8 stream with one byte
 * of push-back and a running line number.
 *
 * It sits between the charset layer (extract/charset.h, which owns the
 * stream) and a tokenizer, which owns the struct ls_reader, usually inside
 * its own state.  A read error of the stream is recorded once in the
 * tokenizer's status (the first failure wins, a status already set by a
 * callback is kept).  Header only: every byte of an item passes through
 * getc, so it is inlined. */
#ifndef LS_READER_H
#define LS_READER_H

#include <stdint.h>

#include "extract/charset.h"
#include "status.h"

struct ls_reader {
    struct ls_charset_reader *cs; /* the decoded stream (opened and closed by the owner) */
    ls_status *st;                /* the owner's status, set when the stream fails */
    uint64_t line;                /* 1-based line of the next byte */
    int back;                     /* the pushed-back byte, or -1 */
};

/* Sets rd up at line 1 with nothing pushed back and no stream yet (the owner
 * opens rd->cs with ls_charset_reader_open()).  A stream failure will be
 * stored in *st while *st is LS_OK; st must outlive rd. */
static inline void ls_reader_init(struct ls_reader *rd, ls_status *st)
{
    rd->cs = NULL;
    rd->st = st;
    rd->line = 1;
    rd->back = -1;
}

/* The next byte (0..255): the pushed-back one if any, else the stream's.
 * LS_CHARSET_EOF at the end, LS_CHARSET_ERR on a read error (then recorded in
 * *rd->st).  A '\n' advances the line. */
static inline int ls_reader_getc(struct ls_reader *rd)
{
    int c;
    if (rd->back >= 0) {
        c = rd->back;
        rd->back = -1;
    } else {
        c = ls_charset_getc(rd->cs);
        if (c == LS_CHARSET_ERR && *rd->st == LS_OK)
            *rd->st = ls_charset_status(rd->cs);
    }
    if (c == '\n')
        rd->line++;
    return c;
}

/* Pushes c, the byte getc just returned, back (one byte at most; a
 * negative c, EOF or an error, is ignored).  A '\n' takes its line back. */
static inline void ls_reader_ungetc(struct ls_reader *rd, int c)
{
    if (c < 0)
        return;
    if (c == '\n')
        rd->line--;
    rd->back = c;
}

/* Decoded offset of the next byte getc returns (a pushed-back byte
 * counted as not yet read). */
static inline uint64_t ls_reader_tell(const struct ls_reader *rd)
{
    return ls_charset_tell(rd->cs) - (rd->back >= 0);
}

#endif
