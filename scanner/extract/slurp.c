/* slurp.c — reading a whole item into memory (ls_doc_slurp, extract.h), for
 * the extractors that need it at once: zip-packaged documents, PDF, RTF, a
 * lone mail message.  The bound is limits->max_buffer_bytes; a failure is
 * put in words in doc->reason. */
#include <stdio.h>

#include "extract/extract.h"

ls_status ls_doc_slurp(struct ls_doc *doc, unsigned char **out, size_t *len)
{
    ls_status st = ls_input_slurp(doc->in, doc->limits->max_buffer_bytes, out, len);
    if (st == LS_ELIMIT)
        snprintf(doc->reason, sizeof doc->reason, "limit: document larger than %llu bytes",
                 (unsigned long long)doc->limits->max_buffer_bytes);
    else if (st == LS_EFAILED)
        snprintf(doc->reason, sizeof doc->reason, "read error: %.200s", doc->in->err);
    else if (st != LS_OK)
        snprintf(doc->reason, sizeof doc->reason, "%s", ls_strerror(st));
    return st;
}
