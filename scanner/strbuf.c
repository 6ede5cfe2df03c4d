/* strbuf.c — bounded growable buffer (strbuf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "wipe.h"

void ls_strbuf_init(struct ls_strbuf *b, size_t max)
{
    memset(b, 0, sizeof *b);
    b->max = max;
}

void ls_strbuf_free(struct ls_strbuf *b)
{
    ls_wipe_free(b->data, b->cap);
    memset(b, 0, sizeof *b);
}

void ls_strbuf_reset(struct ls_strbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int grow(struct ls_strbuf *b, size_t need)
{
    size_t cap;
    char *p;

    if (need > b->max || need + 1 < need) {
        b->overflow = 1;
        return -1;
    }
    if (need + 1 <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < need + 1)
        cap = cap > ((size_t)-1) / 2 ? need + 1 : cap * 2;
    if (cap - 1 > b->max) /* not cap > max + 1: max may be SIZE_MAX */
        cap = b->max + 1;
    p = ls_wipe_realloc(b->data, b->cap, cap);
    if (!p) {
        b->overflow = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int ls_strbuf_append(struct ls_strbuf *b, const void *p, size_t n)
{
    if (n > b->max - b->len) { /* also when len + n would wrap around */
        b->overflow = 1;
        return -1;
    }
    if (b->len + n >= b->cap && grow(b, b->len + n) < 0) /* else it fits with its NUL */
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int ls_strbuf_putc(struct ls_strbuf *b, char c)
{
    if (b->len + 2 <= b->cap && b->len < b->max) { /* room for c and the NUL */
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
        return 0;
    }
    return ls_strbuf_append(b, &c, 1);
}

int ls_strbuf_puts(struct ls_strbuf *b, const char *s)
{
    return ls_strbuf_append(b, s, strlen(s));
}

int ls_strbuf_vprintf(struct ls_strbuf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || grow(b, b->len + (size_t)n) < 0)
        return -1;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return 0;
}

int ls_strbuf_printf(struct ls_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = ls_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}
