/* extract_text.c — plain text and logs: each line is a record.
 *
 * Reads the item through the charset layer (so UTF-16 and CP1252 logs come
 * out as UTF-8), ends a line at LF, CRLF or a lone CR, and hands each
 * non-blank line to the matcher with its 1-based line number and its decoded
 * byte offset.  A line longer than limits->max_record_bytes is cut on a UTF-8
 * character boundary into several records that share the line number.  Memory
 * is one record buffer plus the reader's chunks, whatever the item's size. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "extractors.h"

static int text_probe(const char *mime, const char *charset, const unsigned char *head,
                      size_t head_len, const char *name)
{
    (void)charset;
    (void)head;
    (void)head_len;
    (void)name;
    if (mime && !strncmp(mime, "text/", 5))
        return 10;
    return 0;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\v' && s[i] != '\r')
            return 0;
    return 1;
}

struct text_state {
    struct ls_doc *doc;
    uint64_t index;
};

static ls_status emit(struct text_state *t, const char *s, size_t n, uint64_t line, uint64_t off)
{
    if (is_blank(s, n))
        return LS_OK;
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = s;
    rec.len = n;
    rec.index = t->index++;
    rec.line = line;
    rec.offset = off;
    return t->doc->on_record(t->doc->ud, &rec);
}

static ls_status text_run(struct ls_doc *doc)
{
    struct ls_charset_reader *r = NULL;
    struct text_state t = {doc, 0};
    size_t max = doc->limits->max_record_bytes;
    if (max < 16)
        max = 16;
    char *buf = malloc(max);
    size_t len = 0;
    uint64_t line = 1, off = 0;
    ls_status st = buf ? ls_charset_reader_open(doc, &r) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    for (;;) {
        int c = ls_charset_getc(r);
        if (c == LS_CHARSET_ERR) {
            st = ls_charset_status(r);
            break;
        }
        if (c == LS_CHARSET_EOF) {
            st = emit(&t, buf, len, line, off);
            break;
        }
        if (c == '\n' || c == '\r') {
            if (c == '\r') {
                int d = ls_charset_getc(r);
                if (d >= 0 && d != '\n')
                    ls_charset_ungetc(r);
            }
            st = emit(&t, buf, len, line, off);
            if (st != LS_OK)
                break;
            len = 0;
            line++;
            off = ls_charset_tell(r);
            continue;
        }
        buf[len++] = (char)c;
        if (len == max) {
            size_t k = ls_utf8_boundary(buf, len);
            if (k == 0)
                k = len;
            st = emit(&t, buf, k, line, off);
            if (st != LS_OK)
                break;
            memmove(buf, buf + k, len - k);
            len -= k;
            off += k;
        }
    }
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "text: %s", ls_strerror(st));
    ls_charset_reader_close(r);
    free(buf);
    return st;
}

const struct ls_extractor ls_extractor_text = {"text", text_probe, text_run};
