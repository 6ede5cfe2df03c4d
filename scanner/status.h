/* status.h — the one status enum of leakscan, with stable numbers.
 *
 * "This item failed, go on" (LS_EFAILED, LS_ESKIPPED) is kept apart from
 * "this scan cannot go on" (LS_EFATAL, LS_ENOMEM, LS_EUSAGE, LS_EIO).  Details
 * (which file, which line of which rule pack) go in a message buffer owned by
 * the caller, never in a global. */
#ifndef LS_STATUS_H
#define LS_STATUS_H

typedef enum ls_status {
    LS_OK = 0,       /* done */
    LS_ESKIPPED = 1, /* this item was not scanned, on purpose (limit, encrypted, …) */
    LS_EFAILED = 2,  /* this item could not be read; the scan goes on */
    LS_ELIMIT = 3,   /* a limit was hit; the item is skipped with the limit named */
    LS_EUSAGE = 10,  /* bad command line or option value */
    LS_EIO = 11,     /* an output or required input could not be written/read */
    LS_ENOMEM = 12,  /* out of memory */
    LS_ERULES = 13,  /* a rule pack is broken */
    LS_EFATAL = 14   /* anything else that stops the scan */
} ls_status;

/* A short English description of a status; never NULL. */
const char *ls_strerror(ls_status st);

/* True for statuses after which the whole scan must stop. */
#define LS_IS_FATAL(st) ((st) >= LS_EUSAGE)

#endif
