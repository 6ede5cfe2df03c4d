/* extract.h — the extract stage: turning a byte stream into UTF-8 text split
 * into records.
 *
 * A record is what a DPO counts (docs/architecture.md): a line of a plain or
 * log file, a row of a CSV/TSV file, an object of a JSON array or a JSON line,
 * a tuple of an SQL INSERT, one whole document for prose (a
 * .txt/.docx/.odt/.pdf police report, an e-mail body).  Each extractor is one
 * file (extract/<fmt>.c) exporting one `const struct ls_extractor`, declared
 * in extractors.h and listed in the table of extract.c.  Extractors see a
 * stream (struct ls_input), never a path on disk, and emit records through a
 * callback; matching sees records only.  The helpers extractors share are
 * declared here (ls_emit_prose, ls_doc_slurp) or in their own headers
 * (charset.h, reader.h, doczip.h, docxml.h, doctable.h). */
#ifndef LS_EXTRACT_H
#define LS_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "scanlimits.h"
#include "status.h"

/* One record: UTF-8 text and where it sits, in terms a person can use. */
struct ls_record {
    const char *text; /* UTF-8, not necessarily NUL-terminated */
    size_t len;       /* bytes of text */
    uint64_t index;   /* 0-based record number within the item */
    uint64_t line;    /* 1-based line where the record starts; 0 if none */
    uint64_t offset;  /* byte offset of the record in the decoded text */
    uint32_t page;    /* 1-based PDF page; 0 if none */
    const char *part; /* part/sheet/section (e.g. "word/document.xml", "Sheet1"); NULL if none */
    /* Tables (CSV/TSV, xlsx/ods sheets, SQL tuples, JSON objects): the header
     * names of the columns and the span of each field inside text.  ncolumns
     * is 0 for untabulated text. */
    size_t ncolumns;
    const char *const
        *columns; /* header name of each field (UTF-8, NUL-terminated); may be NULL entries */
    const size_t *field_off;    /* offset of each field in text */
    const size_t *field_len;    /* length of each field */
    const uint64_t *field_line; /* source line of each field when text is a rendering
                                 * ("key: value" lines of JSON/XML); NULL: lines are
                                 * counted in text from line */
    int prose; /* 1 when the record is a whole prose document (police report, mail body) */
    int ascii; /* 1: text is known to hold ASCII bytes only (the CSV reader's whole lines);
                * 0: not known */
    /* A record joined from several parts (a .docx body with its headers,
     * footers and comments; a PDF's pages): part i runs from offset
     * part_off[i] in text to the next one, named part_names[i] (when
     * part_names is not NULL; part is then the first) or being page
     * part_pages[i] (when part_pages is not NULL; page is then the first),
     * its first line being line part_line[i] + 1 of the record (lines of a
     * finding then count from its page).  nparts 0: part and page alone. */
    size_t nparts;
    const size_t *part_off;
    const char *const *part_names;
    const uint32_t *part_pages;
    const uint64_t *part_line;
};

/* Called for every record, in order.  Return LS_OK to go on; anything else
 * stops the extractor, which returns that status. */
typedef ls_status (*ls_record_fn)(void *ud, const struct ls_record *rec);

/* Called by container-like documents (a mail attachment, an embedded file) to
 * hand back a child item, which then goes through sniff and extract again under
 * the same limits as an archive entry.  name is the child's name within its
 * parent (its logical path becomes parent!/name).  data is not kept after the
 * call returns. */
typedef ls_status (*ls_child_fn)(void *ud, const char *name, const unsigned char *data, size_t len);

/* What an extractor is given. */
struct ls_doc {
    const char *path;               /* logical path, for messages only */
    const char *mime;               /* libmagic MIME type, e.g. "text/plain" */
    const char *charset;            /* libmagic charset, e.g. "utf-8", "iso-8859-1", "utf-16le" */
    struct ls_input *in;            /* the stream, primed: in->head holds the first bytes */
    const struct ls_limits *limits; /* record length, buffer sizes, XML depth, attachments */
    ls_record_fn on_record;         /* where records go */
    ls_child_fn on_child; /* where child items go (may be NULL: then children are not scanned) */
    void *ud;             /* passed to both callbacks */
    /* --passwords (NULL, 0: none), tried on encrypted documents (PDF) after
     * the empty password. */
    const char *const *passwords;
    size_t npasswords;
    /* Out: counters the extractor fills in for the inventory. */
    uint64_t invalid_sequences; /* charset conversion replacements */
    int no_text_layer;          /* 1: a document with no text (a scanned image PDF) */
    char reason[256];           /* why it failed or was skipped, when it returns non-LS_OK */
};

struct ls_extractor {
    const char *name; /* short, stable: "text", "csv", "json", "docx", "pdf", "mail" … */
    /* Returns a score > 0 when this extractor reads this type; the highest
     * score wins.  mime/charset come from libmagic; head is the first bytes,
     * name the entry's base name (a hint only; content decides). */
    int (*probe)(const char *mime, const char *charset, const unsigned char *head, size_t head_len,
                 const char *name);
    /* Reads doc->in to the end (or to a limit) and emits records.  Returns
     * LS_OK, LS_ESKIPPED (e.g. encrypted PDF; doc->reason says why),
     * LS_EFAILED (malformed; records already emitted stay counted), LS_ELIMIT,
     * or a fatal status. */
    ls_status (*run)(struct ls_doc *doc);
};

/* The extractor for an item, or NULL when no extractor reads it. */
const struct ls_extractor *ls_extract_find(const char *mime, const char *charset,
                                           const unsigned char *head, size_t head_len,
                                           const char *name);

/* For probes: 1 when name ends in "." and one of exts (NULL-terminated,
 * compared without case).  A name is only ever a tiebreaker hint. */
static inline int ls_extract_name_has_ext(const char *name, const char *const *exts)
{
    const char *dot = name ? strrchr(name, '.') : NULL;
    size_t i;

    for (i = 0; dot && exts[i]; i++)
        if (!strcasecmp(dot + 1, exts[i]))
            return 1;
    return 0;
}

/* prose.c: hands text to doc->on_record as prose records (rec.prose = 1) of at
 * most limits->max_record_bytes each (split at a newline or a UTF-8 boundary;
 * nothing for white space only).  *index is the running record number,
 * advanced for each record. */
ls_status ls_emit_prose(struct ls_doc *doc, const char *text, size_t len, const char *part,
                        uint32_t page, uint64_t *index);
/* The same for a text joined from nparts parts starting at off[i]
 * (ascending, off[0] == 0): named names[i] and/or on page pages[i] (either
 * array may be NULL; a NULL pages uses page for all). */
ls_status ls_emit_prose_parts(struct ls_doc *doc, const char *text, size_t len, size_t nparts,
                              const size_t *off, const char *const *names, const uint32_t *pages,
                              uint32_t page, uint64_t *index);

/* slurp.c: reads the whole of doc->in into a malloc'd buffer (*out, *len
 * bytes, NUL-terminated; the caller frees it), for the extractors that need
 * an item at once (zip-packaged documents, PDF, RTF, a lone mail message).
 * At most limits->max_buffer_bytes: a larger item is LS_ELIMIT.  On failure
 * returns LS_ELIMIT, LS_EFAILED (read error) or LS_ENOMEM with doc->reason
 * filled. */
ls_status ls_doc_slurp(struct ls_doc *doc, unsigned char **out, size_t *len);

/* Where an extractor runs (the one table, extract.c, says which and why). */
enum ls_extractor_where {
    LS_EX_IN_PROCESS = 0, /* on the worker thread */
    LS_EX_ISOLATED        /* in a supervised child process (docrun.h) */
};

struct ls_extractor_entry {
    const struct ls_extractor *ex;
    enum ls_extractor_where where;
};

/* The table of every extractor (ended by a NULL ex); extract.c owns it. */
extern const struct ls_extractor_entry ls_extractor_table[];

/* 1 when ex runs in a child process (LS_EX_ISOLATED), 0 otherwise. */
int ls_extract_isolated(const struct ls_extractor *ex);

/* The extractor named name (struct ls_extractor's name), or NULL. */
const struct ls_extractor *ls_extract_by_name(const char *name);

#endif
