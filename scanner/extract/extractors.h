/* extractors.h — every extractor of the extract stage, one file each
 * (extract/<fmt>.c, one `const struct ls_extractor`), listed by extract.c in
 * ls_extractor_table[].  The helpers the document extractors share have their own
 * headers: doczip.h (a zip's parts), docxml.h (the hardened XML parse),
 * doctable.h (spreadsheet rows); the text extractors read through the charset
 * layer (charset.h) and, for the tokenizers, the push-back reader (reader.h).
 *
 * Probe scores (the highest wins; see each file for the exact rules):
 *   text  10  any text/... (the fallback for text)
 *   csv   80  text/csv, application/csv, text/tab-separated-values
 *         45  text/plain whose first lines split consistently on , ; TAB or |
 *             (+10 with a .csv/.tsv/.tab/.psv name; 30 for such a name alone)
 *   json  80  application/json, application/x-ndjson
 *         60  text/plain (or any text/...) starting with a JSON object or array
 *             (65 with a .json/.jsonl/.ndjson name)
 *   xml   80  text/xml, application/xml, application/...+xml (not XHTML)
 *         70  text/plain starting with "<?xml";  40 starting with another tag
 *   html  85  text/html, application/xhtml+xml;  75 a head with <html / <!doctype html;
 *         45  a head starting with a common HTML tag (<p>, <div, <table, …)
 *   sql   80  application/x-sql, text/x-sql
 *         60  text/plain starting with SQL statements or a dump banner
 *             (INSERT INTO, CREATE TABLE, "-- MySQL dump", …); 65 with a
 *             .sql/.dump name, 30 for such a name alone
 *   docx/xlsx/pptx  90  (85: a zip with [Content_Types].xml and the matching name)
 *   odt/ods         90
 *   pdf   90
 *   rtf   85
 *   mail  80  (a message/rfc822 or application/mbox MIME type 85)
 *   image 80 */
#ifndef LS_EXTRACTORS_H
#define LS_EXTRACTORS_H

#include "extract/extract.h"

/* Text formats (read as a stream through the charset layer). */
extern const struct ls_extractor ls_extractor_text;
extern const struct ls_extractor ls_extractor_csv;
/* Tests only: 1 turns off the CSV reader's whole-line fast path, so that a
 * test can compare its records with the field-by-field path's. */
extern int ls_csv_plain_lines;
extern const struct ls_extractor ls_extractor_json;
extern const struct ls_extractor ls_extractor_xml;
extern const struct ls_extractor ls_extractor_html;
extern const struct ls_extractor ls_extractor_sql;

/* Documents (office, PDF, RTF, mail, images: mostly read whole, ls_doc_slurp). */
extern const struct ls_extractor ls_extractor_docx;
extern const struct ls_extractor ls_extractor_xlsx;
extern const struct ls_extractor ls_extractor_pptx;
extern const struct ls_extractor ls_extractor_odt;
extern const struct ls_extractor ls_extractor_ods;
extern const struct ls_extractor ls_extractor_pdf;
extern const struct ls_extractor ls_extractor_rtf;
extern const struct ls_extractor ls_extractor_mail;
extern const struct ls_extractor ls_extractor_image;

/* The code point of an HTML character reference's name (without & and ;:
 * "eacute", "#233", "#xE9"), or 0 when unknown; &nbsp; is a plain space.  An
 * invalid numeric reference gives U+FFFD and counts in *invalid (xml.c). */
uint32_t ls_html_entity_cp(const char *name, size_t n, uint64_t *invalid);

#endif
