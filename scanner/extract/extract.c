/* extract.c — the extract stage's entry points (extract.h): the table of
 * extractors, the dispatch that picks one by probe score, and reading a
 * whole item into memory for the extractors that need it all at once. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "extract/extract.h"
#include "extract/extractors.h"

const struct ls_extractor *const ls_extractors[] = {
    &ls_extractor_text, &ls_extractor_csv, &ls_extractor_json,
    &ls_extractor_xml,  &ls_extractor_html, &ls_extractor_sql,
    &ls_extractor_docx, &ls_extractor_xlsx, &ls_extractor_pptx,
    &ls_extractor_odt,  &ls_extractor_ods,  &ls_extractor_pdf,
    &ls_extractor_rtf,  &ls_extractor_mail, &ls_extractor_image,
    NULL,
};

const struct ls_extractor *ls_extract_find(const char *mime, const char *charset,
                                           const unsigned char *head, size_t head_len,
                                           const char *name)
{
    const struct ls_extractor *best = NULL;
    int best_score = 0, s;
    size_t i;

    for (i = 0; ls_extractors[i]; i++) {
        s = ls_extractors[i]->probe(mime, charset, head, head_len, name);
        if (s > best_score) {
            best_score = s;
            best = ls_extractors[i];
        }
    }
    return best;
}

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
