/* wipe.c — wiping buffers before they are freed (wipe.h). */
#include <malloc.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "wipe.h"

/* Set before workers start, read by them: no lock needed. */
static int wipe_on;

void ls_wipe_set(int on)
{
    wipe_on = on != 0;
}

int ls_wipe_on(void)
{
    return wipe_on;
}

void ls_wipe(void *p, size_t n)
{
    if (wipe_on && p && n)
        sodium_memzero(p, n);
}

void ls_wipe_free(void *p, size_t n)
{
    ls_wipe(p, n);
    free(p);
}

void ls_wipe_free_block(void *p)
{
    if (wipe_on && p)
        sodium_memzero(p, malloc_usable_size(p));
    free(p);
}

void *ls_wipe_realloc(void *p, size_t old, size_t n)
{
    void *q;

    if (!wipe_on || !p)
        return realloc(p, n);
    if (!(q = malloc(n ? n : 1)))
        return NULL;
    memcpy(q, p, old < n ? old : n);
    ls_wipe_free(p, old);
    return q;
}
