/* recwire.h — a record (struct ls_record, extract.h) as bytes, for a record
 * that a document extractor emits in a child process (doc_child.c) and the
 * parent matches (docrun.c).  Both ends are the same binary, so numbers go
 * in host order.  The decoder trusts nothing: every length and offset is
 * checked against the bytes it was given and the text of the record. */
#ifndef LS_RECWIRE_H
#define LS_RECWIRE_H

#include <stddef.h>

#include "extract/extract.h"
#include "strbuf.h"

/* Appends rec to out (cleared first).  0, or -1 when out would pass its
 * maximum or memory ran out. */
int ls_recwire_put(struct ls_strbuf *out, const struct ls_record *rec);

/* The arrays a decoded record points into; reused from record to record. */
struct ls_recwire_scratch {
    void *mem;  /* one allocation for every array */
    size_t cap; /* its size */
};

/* Decodes len bytes at p into *rec, whose text and strings point into p and
 * whose arrays point into s (both must outlive rec).  0, or -1 when the
 * bytes are not a well-formed record (or memory ran out). */
int ls_recwire_get(const unsigned char *p, size_t len, struct ls_recwire_scratch *s,
                   struct ls_record *rec);

/* Frees the scratch arrays. */
void ls_recwire_scratch_free(struct ls_recwire_scratch *s);

#endif
