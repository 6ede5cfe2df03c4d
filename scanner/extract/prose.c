/* prose.c — hands a prose document (a police report, a mail body, a page) to
 * the matcher as records: the whole text as one record when it fits
 * limits->max_record_bytes, otherwise pieces cut at a newline (or a UTF-8
 * boundary) that carry their first line number.  Every document extractor
 * that produces running text uses this one function. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

ls_status ls_emit_prose(struct ls_doc *doc, const char *text, size_t len, const char *part,
                        uint32_t page, uint64_t *index)
{
    size_t off = 0;

    return ls_emit_prose_parts(doc, text, len, part ? 1 : 0, &off, &part, NULL, page, index);
}

ls_status ls_emit_prose_parts(struct ls_doc *doc, const char *text, size_t len, size_t nparts,
                              const size_t *off, const char *const *names, const uint32_t *pages,
                              uint32_t page, uint64_t *index)
{
    size_t max = doc->limits->max_record_bytes, pos = 0, first = 0;
    size_t *roff = NULL;    /* the part offsets of one piece, relative to it */
    uint64_t *rline = NULL; /* the line before each of them */
    ls_status st = LS_OK;
    uint64_t line = 1;
    if (max < 16)
        max = 16;
    /* Nothing but white space is no record. */
    size_t k;
    for (k = 0; k < len; k++)
        if (text[k] != ' ' && text[k] != '\n' && text[k] != '\t' && text[k] != '\r')
            break;
    if (k == len)
        return LS_OK;
    if (nparts > 1 &&
        (!(roff = malloc(nparts * sizeof *roff)) || !(rline = malloc(nparts * sizeof *rline)))) {
        free(roff);
        return LS_ENOMEM;
    }
    while (pos < len) {
        size_t n = len - pos;
        if (n > max) {
            size_t cut = max, nl;
            for (nl = max; nl > max / 2; nl--)
                if (text[pos + nl - 1] == '\n')
                    break;
            if (nl > max / 2)
                cut = nl;
            else
                while (cut > 1 && ((unsigned char)text[pos + cut] & 0xC0) == 0x80)
                    cut--;
            n = cut;
        }
        struct ls_record rec;
        memset(&rec, 0, sizeof rec);
        rec.text = text + pos;
        rec.len = n;
        rec.index = (*index)++;
        rec.line = line;
        rec.offset = pos;
        rec.page = page;
        rec.prose = 1;
        if (nparts) {
            /* the part of the piece's first byte, then those starting inside it */
            while (first + 1 < nparts && off[first + 1] <= pos)
                first++;
            rec.part = names ? names[first] : NULL;
            if (pages)
                rec.page = pages[first];
            if (roff) {
                size_t m = 0, at = 0;
                uint64_t nl = line - 1;
                for (size_t i = first; i < nparts && off[i] < pos + n; i++) {
                    size_t o = off[i] > pos ? off[i] - pos : 0;
                    for (; at < o; at++)
                        nl += text[pos + at] == '\n';
                    roff[m] = o;
                    rline[m++] = nl;
                }
                if (m > 1 || pages) {
                    rec.nparts = m;
                    rec.part_off = roff;
                    rec.part_names = names ? names + first : NULL;
                    rec.part_pages = pages ? pages + first : NULL;
                    rec.part_line = rline;
                }
            }
        }
        if ((st = doc->on_record(doc->ud, &rec)) != LS_OK)
            break;
        for (size_t i = 0; i < n; i++)
            if (text[pos + i] == '\n')
                line++;
        pos += n;
    }
    free(roff);
    free(rline);
    return st;
}
