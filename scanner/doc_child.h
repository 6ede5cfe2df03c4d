/* doc_child.h — the child's side of a document (isolate.h, LS_ISO_DOC): a
 * document extractor run on the bytes the parent hands over, its records
 * and child items sent back.  Called by the child's loop (unpack_child.c). */
#ifndef LS_DOC_CHILD_H
#define LS_DOC_CHILD_H

#include "isolate.h"

/* Serves one LS_ISO_DOC request m (payload p, the attached descriptor fd or
 * -1, closed here) on socket sock, to its LS_ISO_DONE.  pw: the npw
 * passwords the child was sent (--passwords), for encrypted documents.  A
 * parent that is gone ends the child (in_thread: the thread).  0, or -1 when
 * the parent broke the protocol (the child then ends). */
int ls_doc_child_run(int sock, int in_thread, const struct ls_iso_msg *m, const unsigned char *p,
                     int fd, char *const *pw, size_t npw);

#endif
