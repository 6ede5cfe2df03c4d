/* wipe.h — --paranoid: buffers that held leak text are overwritten with
 * zeros before their memory goes back to the allocator, so that a later
 * allocation, a swap page or a core dump of a long-lived process does not
 * hold them.  The switch is process-wide: set once by the engine before any
 * worker starts and cleared after the last one is joined; read-only while
 * workers run.  Without it every helper is a plain free/realloc. */
#ifndef LS_WIPE_H
#define LS_WIPE_H

#include <stddef.h>

/* Turns wiping on (1) or off (0).  Not thread-safe: call with no worker running. */
void ls_wipe_set(int on);
/* Whether wiping is on. */
int ls_wipe_on(void);
/* Zeros n bytes at p when wiping is on (never optimised away). */
void ls_wipe(void *p, size_t n);
/* Zeros the n bytes at p when wiping is on, then frees p (p may be NULL). */
void ls_wipe_free(void *p, size_t n);
/* Zeros the whole malloc'd block p (its usable size) when wiping is on,
 * then frees it: for a buffer whose length its owner does not keep. */
void ls_wipe_free_block(void *p);
/* realloc(p, n) for a block of old bytes; when wiping is on the block is
 * moved by hand (malloc, copy, wipe, free) so that no copy of it is left
 * behind.  On failure p is untouched and NULL is returned. */
void *ls_wipe_realloc(void *p, size_t old, size_t n);

#endif
