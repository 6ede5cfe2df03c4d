/* status.c — descriptions of the status enum (status.h). */
#include "status.h"

const char *ls_strerror(ls_status st)
{
    switch (st) {
    case LS_OK:
        return "ok";
    case LS_ESKIPPED:
        return "skipped";
    case LS_EFAILED:
        return "failed";
    case LS_ELIMIT:
        return "limit reached";
    case LS_EUSAGE:
        return "usage error";
    case LS_EIO:
        return "input/output error";
    case LS_ENOMEM:
        return "out of memory";
    case LS_ERULES:
        return "rule pack error";
    case LS_EFATAL:
        return "fatal error";
    }
    return "unknown status";
}
