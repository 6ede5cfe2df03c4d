/* docxml.h — the hardened XML parse of the document extractors (the parts of
 * OOXML and OpenDocument files, read by doczip.h).
 *
 * expat with no DOCTYPE at all (so no entity, internal or external, is ever
 * declared or expanded) and the element depth bounded by
 * limits->max_xml_depth.  Callbacks see element and attribute names without
 * their namespace prefix ("w:p" -> "p").  The XML/HTML text extractor
 * (xml.c) has its own streaming parse: it reads an item, not a part. */
#ifndef LS_DOCXML_H
#define LS_DOCXML_H

#include <stddef.h>

#include "scanlimits.h"
#include "status.h"

/* What a parse calls; any callback may be NULL. */
struct ls_docxml_handlers {
    void (*start)(void *ud, const char *local, const char **attrs);
    void (*end)(void *ud, const char *local);
    void (*text)(void *ud, const char *s, int len);
    void *ud;
    const int *stop; /* optional: when *stop becomes non-zero the parse ends (LS_OK) */
};

/* Parses data[0..len) (UTF-8) with the handlers h.  Returns LS_OK (also when
 * *h->stop ended it early), LS_EFAILED with reason filled (malformed, a
 * DOCTYPE, or deeper than lim->max_xml_depth: "limit: xml depth over N"),
 * or LS_ENOMEM. */
ls_status ls_docxml_parse(const unsigned char *data, size_t len, const struct ls_limits *lim,
                          const struct ls_docxml_handlers *h, char *reason, size_t reasonlen);

/* The value of attribute `local` (prefix ignored) in an expat attribute list
 * (name, value pairs, NULL-terminated), or NULL. */
const char *ls_docxml_attr(const char **attrs, const char *local);

/* The local part of a possibly prefixed XML name (a pointer into name). */
const char *ls_docxml_local(const char *name);

#endif
