/* extract.c — the extractor table and dispatch (extract.h): the table of
 * every extractor with where it runs (a child process or the worker
 * thread), and the choice of one by probe score.  Nothing here is
 * called by an extractor (shared helpers live in their own files, so no
 * extractor depends on the table that lists it). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "extract/extract.h"
#include "extract/extractors.h"

/* Every extractor, and where it runs.  Isolated: in a supervised child
 * process (isolate.h, docrun.h), since it parses attacker bytes with code
 * that is large, recursive or built on libraries (PDF objects and streams,
 * zip containers through libarchive, expat, MIME trees, RTF groups, image
 * metadata), where a crash or a loop must cost one document, not the scan.
 * In-process: on the worker thread, the fast path for the bulk of a leak:
 * the line-by-line streamers of plain text, CSV, JSON and SQL, small
 * hand-written state machines with bounded buffers, fuzzed (tests/fuzz)
 * and read at full speed with no copy to another process. */
const struct ls_extractor_entry ls_extractor_table[] = {
    {&ls_extractor_text, LS_EX_IN_PROCESS}, {&ls_extractor_csv, LS_EX_IN_PROCESS},
    {&ls_extractor_json, LS_EX_IN_PROCESS}, {&ls_extractor_xml, LS_EX_ISOLATED},
    {&ls_extractor_html, LS_EX_ISOLATED},   {&ls_extractor_sql, LS_EX_IN_PROCESS},
    {&ls_extractor_docx, LS_EX_ISOLATED},   {&ls_extractor_xlsx, LS_EX_ISOLATED},
    {&ls_extractor_pptx, LS_EX_ISOLATED},   {&ls_extractor_odt, LS_EX_ISOLATED},
    {&ls_extractor_ods, LS_EX_ISOLATED},    {&ls_extractor_pdf, LS_EX_ISOLATED},
    {&ls_extractor_rtf, LS_EX_ISOLATED},    {&ls_extractor_mail, LS_EX_ISOLATED},
    {&ls_extractor_image, LS_EX_ISOLATED},  {NULL, LS_EX_IN_PROCESS},
};

int ls_extract_isolated(const struct ls_extractor *ex)
{
    size_t i;

    for (i = 0; ls_extractor_table[i].ex; i++)
        if (ls_extractor_table[i].ex == ex)
            return ls_extractor_table[i].where == LS_EX_ISOLATED;
    return 0;
}

const struct ls_extractor *ls_extract_by_name(const char *name)
{
    size_t i;

    for (i = 0; ls_extractor_table[i].ex; i++)
        if (strcmp(ls_extractor_table[i].ex->name, name) == 0)
            return ls_extractor_table[i].ex;
    return NULL;
}

const struct ls_extractor *ls_extract_find(const char *mime, const char *charset,
                                           const unsigned char *head, size_t head_len,
                                           const char *name)
{
    const struct ls_extractor *best = NULL;
    int best_score = 0, s;
    size_t i;

    for (i = 0; ls_extractor_table[i].ex; i++) {
        s = ls_extractor_table[i].ex->probe(mime, charset, head, head_len, name);
        if (s > best_score) {
            best_score = s;
            best = ls_extractor_table[i].ex;
        }
    }
    return best;
}
