/* extract/rtf.c — RTF to text: one prose record.
 *
 * Control words are stripped; \par, \line, \row, \sect, \page are newlines,
 * \tab and \cell tabs.  \'hh bytes are decoded in the document's code page
 * (\ansicpgN, cp1252 by default; iconv for the others), \uN is a Unicode
 * character (its \ucN fallback characters skipped).  Ignorable destinations
 * ({\*\…}) and the groups that hold no document text (font and colour
 * tables, style sheets, pictures, embedded objects, document info, field
 * instructions) are skipped; \binN data is skipped.  Group nesting is
 * bounded by limits->max_xml_depth: deeper groups inherit their parent's
 * state. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "extract/charset.h"
#include "extract/extractors.h"
#include "wipe.h"

struct rtf_group {
    unsigned char skip; /* text of this group is not document text */
    unsigned char uc;   /* fallback characters after \uN */
};

struct rtf {
    struct ls_doc *doc;
    struct ls_strbuf *out;
    unsigned char pend[256]; /* \'hh bytes not yet converted */
    size_t npend;
    char charset[32];
    /* the parse */
    struct rtf_group *stack; /* maxdepth + 1 groups; stack[depth] is the current one */
    unsigned maxdepth;
    size_t depth, over; /* over: levels past the stack, sharing its top */
    long skipchars;     /* \uN fallback characters still to skip */
    long hi_sur;        /* a high surrogate waiting for its pair */
};

static void flush(struct rtf *r)
{
    if (r->npend) {
        ls_charset_to_utf8(r->out, r->charset, r->pend, r->npend, &r->doc->invalid_sequences);
        r->npend = 0;
    }
}

static void put_byte(struct rtf *r, unsigned char c)
{
    if (r->npend == sizeof r->pend)
        flush(r);
    r->pend[r->npend++] = c;
}

static int skip_word(const char *w)
{
    static const char *const words[] = {"fonttbl",
                                        "colortbl",
                                        "stylesheet",
                                        "info",
                                        "pict",
                                        "object",
                                        "objdata",
                                        "themedata",
                                        "colorschememapping",
                                        "datastore",
                                        "latentstyles",
                                        "listtable",
                                        "listoverridetable",
                                        "rsidtbl",
                                        "generator",
                                        "xmlnstbl",
                                        "fldinst",
                                        "filetbl",
                                        "revtbl",
                                        "pgdsctbl",
                                        "mmathPr",
                                        "fchars",
                                        "lchars",
                                        "wgrffmtfilter",
                                        "nonshppict",
                                        "blipuid",
                                        "bkmkstart",
                                        "bkmkend",
                                        "shpinst",
                                        "sp",
                                        "sn",
                                        "sv",
                                        "template",
                                        "docvar",
                                        "passwordhash",
                                        NULL};
    for (int i = 0; words[i]; i++)
        if (!strcmp(w, words[i]))
            return 1;
    return 0;
}

static int is_letter(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void group_open(struct rtf *r)
{
    flush(r);
    if (r->depth < r->maxdepth) {
        r->stack[r->depth + 1] = r->stack[r->depth];
        r->depth++;
    } else
        r->over++;
}

static void group_close(struct rtf *r)
{
    flush(r);
    if (r->over)
        r->over--;
    else if (r->depth)
        r->depth--;
    r->skipchars = 0;
}

/* A byte of text outside any control. */
static void text_byte(struct rtf *r, unsigned char c)
{
    if (r->skipchars > 0) {
        r->skipchars--;
    } else if (!r->stack[r->depth].skip) {
        if (c >= 0x80)
            put_byte(r, c);
        else {
            flush(r);
            ls_strbuf_putc(r->out, (char)c);
        }
    }
}

/* The control symbol at s[i] (a backslash and a byte that is not a letter,
 * s[i + 1] in range): \'hh, \* or an escaped character.  Returns the index
 * after it. */
static size_t control_symbol(struct rtf *r, const unsigned char *s, size_t n, size_t i)
{
    struct rtf_group *g = &r->stack[r->depth];
    unsigned char d = s[i + 1];
    if (d == '\'') {
        int hi = i + 2 < n ? ls_hexval(s[i + 2]) : -1;
        int lo = i + 3 < n ? ls_hexval(s[i + 3]) : -1;
        i += 2;
        if (hi >= 0 && lo >= 0) {
            i += 2;
            if (r->skipchars > 0)
                r->skipchars--;
            else if (!g->skip)
                put_byte(r, (unsigned char)(hi << 4 | lo));
        }
        return i;
    }
    i += 2;
    if (d == '*') {
        g->skip = 1;
        return i;
    }
    if (r->skipchars > 0) {
        r->skipchars--;
        return i;
    }
    if (g->skip)
        return i;
    flush(r);
    if (d == '\\' || d == '{' || d == '}')
        ls_strbuf_putc(r->out, (char)d);
    else if (d == '~')
        ls_strbuf_putc(r->out, ' ');
    else if (d == '_')
        ls_strbuf_putc(r->out, '-');
    else if (d == '\n' || d == '\r')
        ls_strbuf_putc(r->out, '\n');
    else if (d == '\t')
        ls_strbuf_putc(r->out, '\t');
    return i;
}

/* Reads the control word at s[i] (a backslash, letters, an optional signed
 * number, an optional space): its name into w (cut to 32 bytes), its number
 * into *param (0 and *has_param 0 when there is none).  Returns the index
 * after it. */
static size_t word_read(const unsigned char *s, size_t n, size_t i, char w[33], long *param,
                        int *has_param)
{
    size_t k = 0, j = i + 1;
    int neg = 0;
    while (j < n && is_letter(s[j])) {
        if (k < 32)
            w[k++] = (char)s[j];
        j++;
    }
    w[k] = 0;
    *param = 0;
    *has_param = 0;
    if (j < n && s[j] == '-') {
        neg = 1;
        j++;
    }
    while (j < n && s[j] >= '0' && s[j] <= '9') {
        if (*param < 100000000)
            *param = *param * 10 + (s[j] - '0');
        *has_param = 1;
        j++;
    }
    if (neg)
        *param = -*param;
    if (j < n && s[j] == ' ')
        j++;
    return j;
}

/* \uN: one UTF-16 code unit (a surrogate pair comes as two \u words), then
 * the group's \ucN fallback characters are skipped. */
static void word_unicode(struct rtf *r, long param)
{
    long cp = param < 0 ? param + 65536 : param;
    flush(r);
    if (cp >= 0xD800 && cp < 0xDC00) {
        r->hi_sur = cp;
        r->skipchars = r->stack[r->depth].uc;
        return;
    }
    if (cp >= 0xDC00 && cp < 0xE000 && r->hi_sur)
        cp = 0x10000 + ((r->hi_sur - 0xD800) << 10) + (cp - 0xDC00);
    r->hi_sur = 0;
    ls_utf8_append(r->out, (uint32_t)cp);
    r->skipchars = r->stack[r->depth].uc;
}

/* A control word other than \bin: group state, code page, \uN, or the text
 * it stands for. */
static void word_apply(struct rtf *r, const char *w, long param, int has_param)
{
    struct rtf_group *g = &r->stack[r->depth];
    if (skip_word(w)) {
        g->skip = 1;
        return;
    }
    if (!strcmp(w, "uc")) {
        g->uc = (unsigned char)(param < 0 ? 0 : param > 8 ? 8 : param);
        return;
    }
    if (!strcmp(w, "ansicpg") && has_param && param > 0 && param != 1252) {
        snprintf(r->charset, sizeof r->charset, "CP%ld", param);
        return;
    }
    if (r->skipchars > 0) {
        r->skipchars--;
        return;
    }
    if (g->skip)
        return;
    if (!strcmp(w, "u") && has_param) {
        word_unicode(r, param);
        return;
    }
    flush(r);
    if (!strcmp(w, "par") || !strcmp(w, "line") || !strcmp(w, "row") || !strcmp(w, "sect") ||
        !strcmp(w, "page"))
        ls_strbuf_putc(r->out, '\n');
    else if (!strcmp(w, "tab") || !strcmp(w, "cell"))
        ls_strbuf_putc(r->out, '\t');
    else if (!strcmp(w, "emdash"))
        ls_utf8_append(r->out, 0x2014);
    else if (!strcmp(w, "endash"))
        ls_utf8_append(r->out, 0x2013);
    else if (!strcmp(w, "lquote") || !strcmp(w, "rquote"))
        ls_strbuf_putc(r->out, '\'');
    else if (!strcmp(w, "ldblquote") || !strcmp(w, "rdblquote"))
        ls_strbuf_putc(r->out, '"');
    else if (!strcmp(w, "bullet"))
        ls_utf8_append(r->out, 0x2022);
}

/* The control word at s[i]; \binN skips its N bytes of data.  Returns the
 * index after it. */
static size_t control_word(struct rtf *r, const unsigned char *s, size_t n, size_t i)
{
    char w[33];
    long param;
    int has_param;
    i = word_read(s, n, i, w, &param, &has_param);
    if (!strcmp(w, "bin")) {
        if (has_param && param > 0)
            i += (size_t)param < n - i ? (size_t)param : n - i;
        return i;
    }
    word_apply(r, w, param, has_param);
    return i;
}

/* The document text of s[0..n) into r->out, until it is full. */
static void rtf_text(struct rtf *r, const unsigned char *s, size_t n)
{
    r->maxdepth = r->doc->limits->max_xml_depth;
    r->stack = calloc((size_t)r->maxdepth + 1, sizeof *r->stack);
    if (!r->stack)
        return;
    r->stack[0].uc = 1;
    for (size_t i = 0; i < n && !r->out->overflow;) {
        unsigned char c = s[i];
        if (c == '{') {
            group_open(r);
            i++;
        } else if (c == '}') {
            group_close(r);
            i++;
        } else if (c == '\r' || c == '\n') {
            i++;
        } else if (c != '\\') {
            text_byte(r, c);
            i++;
        } else if (i + 1 >= n) {
            break;
        } else if (is_letter(s[i + 1])) {
            i = control_word(r, s, n, i);
        } else {
            i = control_symbol(r, s, n, i);
        }
    }
    flush(r);
    free(r->stack);
    r->stack = NULL;
}

static ls_status rtf_run(struct ls_doc *doc)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    uint64_t index = 0;
    struct ls_strbuf out;
    struct rtf r;
    ls_status st = ls_doc_slurp(doc, &buf, &len);
    if (st != LS_OK)
        return st;
    if (len < 5 || memcmp(buf, "{\\rtf", 5) != 0) {
        snprintf(doc->reason, sizeof doc->reason, "rtf: no {\\rtf header");
        ls_wipe_free_block(buf);
        return LS_EFAILED;
    }
    ls_strbuf_init(&out, doc->limits->max_buffer_bytes);
    memset(&r, 0, sizeof r);
    r.doc = doc;
    r.out = &out;
    snprintf(r.charset, sizeof r.charset, "windows-1252");
    rtf_text(&r, buf, len);
    if (out.overflow)
        snprintf(doc->reason, sizeof doc->reason, "partial: limit: text over %zu bytes", out.max);
    st = ls_emit_prose(doc, out.data ? out.data : "", out.len, NULL, 0, &index);
    ls_strbuf_free(&out);
    ls_wipe_free_block(buf);
    return st;
}

static int rtf_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                     const char *name)
{
    (void)cs;
    (void)name;
    if (hl >= 5 && !memcmp(head, "{\\rtf", 5))
        return 85;
    if (mime && (!strcmp(mime, "text/rtf") || !strcmp(mime, "application/rtf")))
        return 85;
    return 0;
}

const struct ls_extractor ls_extractor_rtf = {"rtf", rtf_probe, rtf_run};
