/* meta.h — metadata as records of named fields, and XMP packets read into
 * them: the text chunks of a PNG (tEXt, zTXt, iTXt), the XMP packets of a
 * JPEG, a PNG or a PDF.
 *
 * A field record renders its fields as "name: value" lines; each field is a
 * column of the record (its name the column header, its span the value), so
 * that the column context of the rules sees a keyword such as "Comment" or
 * "description" as it sees a CSV header. */
#ifndef LS_META_H
#define LS_META_H

#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "strbuf.h"

/* A record of named fields, at most max bytes of text. */
struct ls_fieldrec {
    struct ls_strbuf text;
    char **names;
    size_t *off, *len;
    size_t n, cap;
    int cut; /* a field was left out or cut short: the record would pass max */
};

void ls_fieldrec_init(struct ls_fieldrec *r, size_t max);
void ls_fieldrec_free(struct ls_fieldrec *r);

/* Adds a field: name (NUL-terminated) and value (UTF-8, vlen bytes; white
 * space around it is dropped, an empty value adds nothing).  A value that
 * does not fit is cut at a UTF-8 boundary and r->cut set.  Returns 0, or -1
 * when out of memory. */
int ls_fieldrec_add(struct ls_fieldrec *r, const char *name, const char *val, size_t vlen);

/* Emits the fields gathered so far as one record (part names where they
 * come from, *index is the running record number) and empties r.  Nothing
 * when there are no fields.  Returns what doc->on_record returned. */
ls_status ls_fieldrec_emit(struct ls_doc *doc, struct ls_fieldrec *r, const char *part,
                           uint64_t *index);

/* Reads an XMP packet (UTF-8 XML, e.g. "<?xpacket ...?><x:xmpmeta ...>")
 * into r: each property with a value becomes a field named by the
 * property's local name ("dc:description" -> "description"; an rdf:Alt,
 * rdf:Seq or rdf:Bag item takes its property's name), and so does each
 * property written as an attribute of rdf:Description.  The XML is parsed
 * with the hardened document parse (docxml.h: no DOCTYPE, bounded depth).
 * Returns LS_OK (also for malformed XML: the fields read before the error
 * stay, and why says what was wrong), or LS_ENOMEM.  why is "" when the
 * packet was read whole. */
ls_status ls_xmp_read(const unsigned char *xml, size_t len, const struct ls_limits *lim,
                      struct ls_fieldrec *r, char *why, size_t whylen);

#endif
