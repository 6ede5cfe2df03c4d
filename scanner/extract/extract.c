/* extract.c — the extractor table and dispatch (extract.h): the table of
 * every extractor and the choice of one by probe score.  Nothing here is
 * called by an extractor (shared helpers live in their own files, so no
 * extractor depends on the table that lists it). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "extract/extract.h"
#include "extract/extractors.h"

const struct ls_extractor *const ls_extractors[] = {
    &ls_extractor_text, &ls_extractor_csv,  &ls_extractor_json,  &ls_extractor_xml,
    &ls_extractor_html, &ls_extractor_sql,  &ls_extractor_docx,  &ls_extractor_xlsx,
    &ls_extractor_pptx, &ls_extractor_odt,  &ls_extractor_ods,   &ls_extractor_pdf,
    &ls_extractor_rtf,  &ls_extractor_mail, &ls_extractor_image, NULL,
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
