/* strbuf.h — a growable byte buffer with a maximum fixed at creation
 * (curl's dynbuf).  Appends past the maximum fail and set `overflow`, never
 * realloc without bound.  The data is always NUL-terminated.  With --paranoid
 * (wipe.h) the memory is zeroed before it is freed or moved. */
#ifndef LS_STRBUF_H
#define LS_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct ls_strbuf {
    char *data;   /* NUL-terminated; NULL until the first append */
    size_t len;   /* bytes used, without the NUL */
    size_t cap;   /* bytes allocated */
    size_t max;   /* most bytes it may ever hold */
    int overflow; /* an append failed (too long or out of memory) */
};

void ls_strbuf_init(struct ls_strbuf *b, size_t max);
void ls_strbuf_free(struct ls_strbuf *b);
void ls_strbuf_reset(struct ls_strbuf *b);                          /* len = 0, keeps memory */
int ls_strbuf_append(struct ls_strbuf *b, const void *p, size_t n); /* 0 ok, -1 overflow */
int ls_strbuf_putc(struct ls_strbuf *b, char c);
int ls_strbuf_puts(struct ls_strbuf *b, const char *s);
int ls_strbuf_printf(struct ls_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int ls_strbuf_vprintf(struct ls_strbuf *b, const char *fmt, va_list ap);

#endif
