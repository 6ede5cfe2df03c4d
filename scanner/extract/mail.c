/* extract/mail.c — e-mail: one .eml message or an mbox of many.
 *
 * A small bounded MIME parser of our own (GMime is not a dependency): nested
 * multipart with boundaries (depth at most MAIL_MAX_DEPTH), base64 and
 * quoted-printable, RFC 2047 encoded words (B and Q) in headers, RFC 2231
 * filename*=, text parts converted to UTF-8 by the charset layer
 * (ls_charset_to_utf8: by the part's charset label), text/html stripped of
 * tags.  In multipart/alternative only the text/plain branch is read (the
 * HTML one when there is no plain text), so a body is not counted twice.
 *
 * Records: the From/To/Cc/Subject/Date headers and the text body of a
 * message form one prose record; in an mbox, part = "message N" (N 1-based).
 *
 * Children: every other part (a filename, or a non-text type) goes to
 * doc->on_child: named by its filename (or "part-K", K its 1-based leaf part
 * index) for a lone message and "N!/filename" in an mbox, so the logical
 * path becomes inbox.mbox!/3!/calls.csv.  At most limits->max_attachments
 * parts per message, each bounded by max_buffer_bytes.
 *
 * An mbox is read as a stream, split on lines starting "From "; one message
 * is bounded by max_buffer_bytes (a longer one is cut and reported partial). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* memmem, strcasecmp */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ascii.h"
#include "extract/charset.h"
#include "extract/extractors.h"
#include "wipe.h"

#define MAIL_MAX_DEPTH 16     /* multipart nesting */
#define MAIL_MAX_HEADER 65536 /* one unfolded header value */

/* --- decoders ------------------------------------------------------------------ */

static int b64v(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

/* out must have room for n bytes. */
static size_t b64_decode(const unsigned char *in, size_t n, unsigned char *out)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (in[i] == '=')
            break;
        int v = b64v(in[i]);
        if (v < 0)
            continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return o;
}

static size_t qp_decode(const unsigned char *in, size_t n, unsigned char *out, int header)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        if (header && c == '_') {
            out[o++] = ' ';
        } else if (c == '=' && i + 2 < n + 0 && ls_hexval(in[i + 1]) >= 0 &&
                   ls_hexval(in[i + 2]) >= 0) {
            out[o++] = (unsigned char)(ls_hexval(in[i + 1]) << 4 | ls_hexval(in[i + 2]));
            i += 2;
        } else if (c == '=' && i + 1 < n && in[i + 1] == '\n') {
            i += 1;
        } else if (c == '=' && i + 2 < n && in[i + 1] == '\r' && in[i + 2] == '\n') {
            i += 2;
        } else
            out[o++] = c;
    }
    return o;
}

/* RFC 2047: decodes encoded words in a header value, the rest read as UTF-8
 * (stray bytes as cp1252). */
static void hdr_decode(struct ls_strbuf *out, const char *v, size_t n, uint64_t *invalid)
{
    const unsigned char *p = (const unsigned char *)v, *e = p + n;
    const unsigned char *pending = p; /* raw text not yet written */
    int last_encoded = 0;
    while (p < e) {
        const unsigned char *q = memmem(p, (size_t)(e - p), "=?", 2);
        if (!q)
            break;
        /* =?charset?X?text?= */
        /* an encoded word is short (RFC 2047: 75 bytes; allow more) */
        size_t room = (size_t)(e - q - 2);
        const unsigned char *c1 = memchr(q + 2, '?', room < 64 ? room : 64);
        if (!c1 || c1 + 3 >= e || c1[2] != '?' || c1 - q - 2 >= 60) {
            p = q + 2;
            continue;
        }
        const unsigned char *t = c1 + 3;
        size_t tr = (size_t)(e - t);
        const unsigned char *end = memmem(t, tr < 4096 ? tr : 4096, "?=", 2);
        if (!end) {
            p = q + 2;
            continue;
        }
        char cs[64];
        memcpy(cs, q + 2, (size_t)(c1 - q - 2));
        cs[c1 - q - 2] = 0;
        char enc = (char)(c1[1] | 0x20);
        if (enc != 'b' && enc != 'q') {
            p = q + 2;
            continue;
        }
        /* text before: dropped when it is only white space between two words */
        int ws_only = 1;
        for (const unsigned char *w = pending; w < q; w++)
            if (*w != ' ' && *w != '\t' && *w != '\r' && *w != '\n')
                ws_only = 0;
        if (!(last_encoded && ws_only))
            ls_charset_to_utf8(out, "utf-8", pending, (size_t)(q - pending), invalid);
        size_t tl = (size_t)(end - t);
        unsigned char *tmp = malloc(tl + 1);
        if (tmp) {
            size_t dl = enc == 'b' ? b64_decode(t, tl, tmp) : qp_decode(t, tl, tmp, 1);
            ls_charset_to_utf8(out, cs, tmp, dl, invalid);
            free(tmp);
        }
        p = pending = end + 2;
        last_encoded = 1;
    }
    ls_charset_to_utf8(out, "utf-8", pending, (size_t)(e - pending), invalid);
}

/* --- headers ------------------------------------------------------------------- */

/* Unfolded value of the first header `name` in hdr[0..n), into out. */
static int hdr_get(const char *h, size_t n, const char *name, struct ls_strbuf *out)
{
    size_t nl = strlen(name);
    ls_strbuf_reset(out);
    for (size_t i = 0; i < n;) {
        size_t eol = i;
        while (eol < n && h[eol] != '\n')
            eol++;
        if (eol - i > nl && h[i + nl] == ':' && !strncasecmp(h + i, name, nl)) {
            size_t s = i + nl + 1;
            for (;;) {
                while (s < eol && (h[s] == ' ' || h[s] == '\t') && out->len == 0)
                    s++;
                size_t le = eol;
                if (le > s && h[le - 1] == '\r')
                    le--;
                if (out->len)
                    ls_strbuf_putc(out, ' ');
                ls_strbuf_append(out, h + s, le - s);
                if (eol + 1 < n && (h[eol + 1] == ' ' || h[eol + 1] == '\t')) {
                    s = eol + 1;
                    while (s < n && (h[s] == ' ' || h[s] == '\t'))
                        s++;
                    eol = s;
                    while (eol < n && h[eol] != '\n')
                        eol++;
                    continue;
                }
                break;
            }
            return 1;
        }
        i = eol + 1;
    }
    return 0;
}

/* A parameter of a structured header value ("type/sub; name=value"). */
static int param_get(const char *v, const char *name, char *out, size_t outsz)
{
    size_t nl = strlen(name);
    const char *p = v;
    out[0] = 0;
    while ((p = strchr(p, ';')) != NULL) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, name, nl) != 0)
            continue;
        const char *q = p + nl;
        int ext = 0;
        if (*q == '*') {
            ext = 1;
            q++;
            if (*q == '0') { /* first RFC 2231 continuation only */
                q++;
                if (*q == '*')
                    q++;
                else
                    ext = 0;
            }
        }
        while (*q == ' ')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ')
            q++;
        size_t o = 0;
        if (*q == '"') {
            for (q++; *q && *q != '"' && o + 1 < outsz; q++) {
                if (*q == '\\' && q[1])
                    q++;
                out[o++] = *q;
            }
        } else {
            for (; *q && *q != ';' && *q != ' ' && *q != '\t' && o + 1 < outsz; q++)
                out[o++] = *q;
        }
        out[o] = 0;
        if (ext) { /* charset'lang'%XX-encoded: percent-decode, keep as UTF-8 */
            char *a = strchr(out, '\''), *b = a ? strchr(a + 1, '\'') : NULL;
            if (b) {
                size_t w = 0;
                for (char *r = b + 1; *r; r++) {
                    if (*r == '%' && ls_hexval((unsigned char)r[1]) >= 0 &&
                        ls_hexval((unsigned char)r[2]) >= 0) {
                        out[w++] = (char)(ls_hexval((unsigned char)r[1]) << 4 |
                                          ls_hexval((unsigned char)r[2]));
                        r += 2;
                    } else
                        out[w++] = *r;
                }
                out[w] = 0;
            }
        }
        return 1;
    }
    return 0;
}

/* --- MIME ---------------------------------------------------------------------- */

struct msg {
    struct ls_doc *doc;
    uint64_t msgno;        /* 1-based in an mbox, 0 for a lone message */
    struct ls_strbuf body; /* the message's text */
    struct ls_strbuf hv;   /* scratch: one header value */
    unsigned leaves;       /* leaf parts seen (K of part-K) */
    unsigned children;     /* attachments handed on */
    ls_status status;      /* a fatal status from a callback */
    int partial;
};

static void note(struct msg *m, const char *why)
{
    if (!m->partial && !m->doc->reason[0])
        snprintf(m->doc->reason, sizeof m->doc->reason, "partial: %s", why);
    m->partial = 1;
}

/* Splits an entity into header block and body. */
static void split_entity(const char *p, size_t n, size_t *hlen, const char **body, size_t *blen)
{
    size_t i = 0;
    for (;;) {
        if (i >= n) {
            *hlen = n;
            *body = p + n;
            *blen = 0;
            return;
        }
        if (p[i] == '\n') { /* empty first line */
            *hlen = i;
            *body = p + i + 1;
            *blen = n - i - 1;
            return;
        }
        if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') {
            *hlen = i;
            *body = p + i + 2;
            *blen = n - i - 2;
            return;
        }
        const char *nl = memchr(p + i, '\n', n - i);
        if (!nl) {
            *hlen = n;
            *body = p + n;
            *blen = 0;
            return;
        }
        i = (size_t)(nl - p) + 1;
    }
}

static void html_strip(struct ls_strbuf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == '<') {
            size_t j = i + 1;
            while (j < n && s[j] != '>')
                j++;
            char tag[16];
            size_t k = 0, t = i + 1;
            if (t < n && s[t] == '/')
                t++;
            while (
                t < n && k + 1 < sizeof tag &&
                ((s[t] | 0x20) >= 'a' && (s[t] | 0x20) <= 'z' ? 1 : (s[t] >= '1' && s[t] <= '6')))
                tag[k++] = (char)(s[t++] | 0x20);
            tag[k] = 0;
            if ((!strcmp(tag, "script") || !strcmp(tag, "style")) && s[i + 1] != '/') {
                char close[24];
                snprintf(close, sizeof close, "</%s", tag);
                const char *c = memmem(s + j, n - (j < n ? j : n), close, strlen(close));
                if (!c)
                    c = memmem(s + j, n - (j < n ? j : n), tag[1] == 'c' ? "</SCRIPT" : "</STYLE",
                               strlen(close));
                j = c ? (size_t)(c - s) : n;
                while (j < n && s[j] != '>')
                    j++;
            } else if (!strcmp(tag, "br") || !strcmp(tag, "p") || !strcmp(tag, "div") ||
                       !strcmp(tag, "tr") || !strcmp(tag, "li") ||
                       (tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6')) {
                ls_strbuf_putc(out, '\n');
            } else if (!strcmp(tag, "td") || !strcmp(tag, "th")) {
                ls_strbuf_putc(out, '\t');
            }
            i = j < n ? j + 1 : n;
        } else if (s[i] == '&') {
            /* character references: the HTML extractor's table (every Latin-1
             * name, numeric references) */
            size_t j = i + 1;
            uint64_t invalid = 0;
            uint32_t cp = 0;
            while (j < n && j - i <= 10 && s[j] != ';' && s[j] != '&' && s[j] != '<')
                j++;
            if (j < n && s[j] == ';' && j > i + 1)
                cp = ls_html_entity_cp(s + i + 1, j - i - 1, &invalid);
            int done = cp != 0;
            if (done) {
                ls_utf8_append(out, cp);
                i = j + 1;
            }
            if (!done)
                ls_strbuf_putc(out, s[i++]);
        } else {
            ls_strbuf_putc(out, s[i++]);
        }
    }
}

/* Decodes a body by its Content-Transfer-Encoding into a malloc'd buffer. */
static unsigned char *cte_decode(const char *cte, const char *b, size_t n, size_t *out)
{
    unsigned char *d = malloc(n + 1);
    if (!d)
        return NULL;
    if (!strcasecmp(cte, "base64"))
        *out = b64_decode((const unsigned char *)b, n, d);
    else if (!strcasecmp(cte, "quoted-printable"))
        *out = qp_decode((const unsigned char *)b, n, d, 0);
    else {
        memcpy(d, b, n);
        *out = n;
    }
    d[*out] = 0;
    return d;
}

static void safe_name(char *dst, size_t dsz, const char *fn, unsigned k)
{
    const char *base = fn;
    for (const char *p = fn; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t o = 0;
    for (const char *p = base; *p && o + 1 < dsz && o < 200; p++)
        if ((unsigned char)*p >= 0x20 && *p != 0x7F)
            dst[o++] = *p;
    while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80 && o >= 200)
        o--;
    dst[o] = 0;
    if (!o || !strcmp(dst, ".") || !strcmp(dst, ".."))
        snprintf(dst, dsz, "part-%u", k);
}

static void entity(struct msg *m, const char *p, size_t n, int depth);

static void multipart(struct msg *m, const char *body, size_t n, const char *boundary,
                      int alternative, int depth)
{
    char delim[210];
    size_t dl = (size_t)snprintf(delim, sizeof delim, "--%s", boundary);
    const char *parts[256];
    size_t plen[256], np = 0;
    const char *cur = NULL;
    size_t i = 0;
    /* find delimiter lines */
    while (i < n) {
        const char *line = body + i;
        const char *nl = memchr(line, '\n', n - i);
        size_t ll = nl ? (size_t)(nl - line) : n - i;
        if (ll >= dl && !memcmp(line, delim, dl)) {
            if (cur && np < 256) {
                size_t pl = (size_t)(line - cur);
                if (pl && cur[pl - 1] == '\n')
                    pl--;
                if (pl && cur[pl - 1] == '\r')
                    pl--;
                parts[np] = cur;
                plen[np++] = pl;
            }
            if (ll >= dl + 2 && line[dl] == '-' && line[dl + 1] == '-') {
                cur = NULL;
                break;
            }
            cur = nl ? nl + 1 : body + n;
        }
        i += ll + 1;
    }
    if (cur && np < 256) { /* no closing delimiter */
        parts[np] = cur;
        plen[np++] = (size_t)(body + n - cur);
    }
    if (np == 256)
        note(m, "more than 256 parts in one multipart");
    if (alternative) {
        /* prefer text/plain, then text/html, then the last part */
        size_t best = np, html = np;
        for (size_t k = 0; k < np; k++) {
            size_t hl, bl;
            const char *b;
            split_entity(parts[k], plen[k], &hl, &b, &bl);
            if (hdr_get(parts[k], hl, "Content-Type", &m->hv)) {
                if (!strncasecmp(m->hv.data, "text/plain", 10) && best == np)
                    best = k;
                else if (!strncasecmp(m->hv.data, "text/html", 9) && html == np)
                    html = k;
            } else if (best == np)
                best = k;
        }
        if (best == np)
            best = html;
        if (best == np && np)
            best = np - 1;
        if (best < np)
            entity(m, parts[best], plen[best], depth + 1);
        return;
    }
    for (size_t k = 0; k < np && m->status == LS_OK; k++)
        entity(m, parts[k], plen[k], depth + 1);
}

static void entity(struct msg *m, const char *p, size_t n, int depth)
{
    size_t hl, bl;
    const char *body;
    char ctype[128] = "text/plain", charset[64] = "", boundary[200] = "", fname[256] = "";
    char cte[32] = "7bit";
    int attach = 0;

    if (m->status != LS_OK)
        return;
    if (depth > MAIL_MAX_DEPTH) {
        note(m, "MIME nesting too deep");
        return;
    }
    split_entity(p, n, &hl, &body, &bl);
    if (hdr_get(p, hl, "Content-Type", &m->hv) && m->hv.data) {
        size_t k = 0;
        const char *v = m->hv.data;
        while (*v == ' ')
            v++;
        for (; v[k] && v[k] != ';' && v[k] != ' ' && k + 1 < sizeof ctype; k++)
            ctype[k] = (char)(v[k] >= 'A' && v[k] <= 'Z' ? v[k] + 32 : v[k]);
        ctype[k] = 0;
        param_get(v, "charset", charset, sizeof charset);
        param_get(v, "boundary", boundary, sizeof boundary);
        param_get(v, "name", fname, sizeof fname);
    }
    if (hdr_get(p, hl, "Content-Transfer-Encoding", &m->hv) && m->hv.data)
        sscanf(m->hv.data, " %31[^; \t\r]", cte);
    if (hdr_get(p, hl, "Content-Disposition", &m->hv) && m->hv.data) {
        if (!strncasecmp(m->hv.data, "attachment", 10))
            attach = 1;
        char f2[256];
        if (param_get(m->hv.data, "filename", f2, sizeof f2) && f2[0])
            memcpy(fname, f2, sizeof fname);
    }
    if (!strncmp(ctype, "multipart/", 10) && boundary[0]) {
        multipart(m, body, bl, boundary, !strcmp(ctype, "multipart/alternative"), depth);
        return;
    }
    unsigned k = ++m->leaves;
    if (k > m->doc->limits->max_attachments) {
        if (k == m->doc->limits->max_attachments + 1)
            note(m, "limit: MIME parts of one message");
        return;
    }
    int is_text = !strcmp(ctype, "text/plain") || !strcmp(ctype, "text/html") || !ctype[0];
    size_t dlen = 0;
    unsigned char *data = cte_decode(cte, body, bl, &dlen);
    if (!data) {
        m->status = LS_ENOMEM;
        return;
    }
    if (is_text && !attach && !fname[0]) {
        if (m->body.len)
            ls_strbuf_putc(&m->body, '\n');
        if (!strcmp(ctype, "text/html")) {
            struct ls_strbuf u;
            ls_strbuf_init(&u, m->doc->limits->max_buffer_bytes);
            ls_charset_to_utf8(&u, charset, data, dlen, &m->doc->invalid_sequences);
            if (u.len)
                html_strip(&m->body, u.data, u.len);
            ls_strbuf_free(&u);
        } else
            ls_charset_to_utf8(&m->body, charset, data, dlen, &m->doc->invalid_sequences);
    } else if (m->doc->on_child) {
        char nm[256], full[300];
        struct ls_strbuf fn;
        ls_strbuf_init(&fn, 1024);
        if (fname[0])
            hdr_decode(&fn, fname, strlen(fname), NULL);
        safe_name(nm, sizeof nm, fn.data ? fn.data : "", k);
        ls_strbuf_free(&fn);
        if (m->msgno)
            snprintf(full, sizeof full, "%llu!/%s", (unsigned long long)m->msgno, nm);
        else
            snprintf(full, sizeof full, "%s", nm);
        if (dlen > m->doc->limits->max_buffer_bytes)
            note(m, "limit: attachment larger than the buffer limit");
        else {
            ls_status st = m->doc->on_child(m->doc->ud, full, data, dlen);
            m->children++;
            if (LS_IS_FATAL(st))
                m->status = st;
        }
    }
    free(data);
}

/* One message: headers and body as a prose record, attachments as children. */
static ls_status message(struct ls_doc *doc, const char *p, size_t n, uint64_t msgno,
                         uint64_t *index)
{
    struct msg m;
    ls_status status;
    size_t hl, bl;
    const char *body;
    static const char *const show[] = {"From", "To", "Cc", "Subject", "Date"};
    struct ls_strbuf text;

    memset(&m, 0, sizeof m);
    m.doc = doc;
    m.msgno = msgno;
    m.status = LS_OK;
    ls_strbuf_init(&m.body, doc->limits->max_buffer_bytes);
    ls_strbuf_init(&m.hv, MAIL_MAX_HEADER);
    ls_strbuf_init(&text, doc->limits->max_buffer_bytes);
    if (msgno && n >= 5 && !memcmp(p, "From ", 5)) { /* the mbox separator line */
        const char *nl = memchr(p, '\n', n);
        size_t skip = nl ? (size_t)(nl - p) + 1 : n;
        p += skip;
        n -= skip;
    }
    split_entity(p, n, &hl, &body, &bl);
    for (size_t i = 0; i < sizeof show / sizeof show[0]; i++) {
        if (!hdr_get(p, hl, show[i], &m.hv) || !m.hv.data)
            continue;
        ls_strbuf_printf(&text, "%s: ", show[i]);
        hdr_decode(&text, m.hv.data, m.hv.len, &doc->invalid_sequences);
        ls_strbuf_putc(&text, '\n');
    }
    entity(&m, p, n, 0);
    if (m.body.len) {
        ls_strbuf_putc(&text, '\n');
        ls_strbuf_append(&text, m.body.data, m.body.len);
    }
    if (text.overflow || m.body.overflow)
        note(&m, "limit: message text too long");
    status = m.status;
    if (status == LS_OK && text.len) {
        char part[40];
        snprintf(part, sizeof part, "message %llu", (unsigned long long)msgno);
        status = ls_emit_prose(doc, text.data, text.len, msgno ? part : NULL, 0, index);
    }
    ls_strbuf_free(&m.body);
    ls_strbuf_free(&m.hv);
    ls_strbuf_free(&text);
    return status;
}

/* --- mbox ---------------------------------------------------------------------- */

static ls_status mbox_run(struct ls_doc *doc)
{
    ls_status status = LS_OK;
    size_t max = (size_t)doc->limits->max_buffer_bytes, cap = 65536, len = 0, scan = 1;
    unsigned char *buf = malloc(cap + 1);
    uint64_t msgno = 0, index = 0;
    int eof = 0, skipping = 0;
    if (!buf)
        return LS_ENOMEM;
    while (status == LS_OK) {
        if (!eof && len < cap) {
            ssize_t r = ls_input_read(doc->in, buf + len, cap - len);
            if (r < 0) {
                snprintf(doc->reason, sizeof doc->reason, "read error: %.200s", doc->in->err);
                status = LS_EFAILED;
                break;
            }
            if (r == 0)
                eof = 1;
            len += (size_t)r;
            if (!eof && len < cap)
                continue;
        }
        const unsigned char *q = NULL;
        if (len > scan) {
            q = memmem(buf + scan - 1, len - scan + 1, "\nFrom ", 6);
            /* a separator needs its whole line to be in the buffer */
        }
        if (q) {
            size_t cut = (size_t)(q - buf) + 1;
            if (!skipping && cut > 0)
                status = message(doc, (const char *)buf, cut, ++msgno, &index);
            skipping = 0;
            memmove(buf, buf + cut, len - cut);
            len -= cut;
            scan = 1;
            continue;
        }
        if (eof) {
            if (!skipping && len)
                status = message(doc, (const char *)buf, len, ++msgno, &index);
            break;
        }
        /* no separator in a full buffer: grow, or give the message up */
        if (cap < max) {
            size_t nc = cap * 2 > max ? max : cap * 2;
            unsigned char *nb = realloc(buf, nc + 1);
            if (!nb) {
                status = LS_ENOMEM;
                break;
            }
            buf = nb;
            scan = len > 6 ? len - 6 : 1;
            cap = nc;
            continue;
        }
        if (!skipping) {
            status = message(doc, (const char *)buf, len, ++msgno, &index);
            snprintf(doc->reason, sizeof doc->reason,
                     "partial: limit: message %llu larger than %zu bytes, cut",
                     (unsigned long long)msgno, max);
            skipping = 1;
        }
        size_t keep = len > 6 ? 6 : len;
        memmove(buf, buf + len - keep, keep);
        len = keep;
        scan = 1;
    }
    ls_wipe_free_block(buf);
    return status;
}

static ls_status mail_run(struct ls_doc *doc)
{
    const struct ls_input *in = doc->in;
    if (in->head_len >= 5 && !memcmp(in->head, "From ", 5))
        return mbox_run(doc);
    unsigned char *buf = NULL;
    size_t len = 0;
    uint64_t index = 0;
    ls_status st = ls_doc_slurp(doc, &buf, &len);
    if (st != LS_OK)
        return st;
    st = message(doc, (const char *)buf, len, 0, &index);
    ls_wipe_free_block(buf);
    return st;
}

static int header_name(const unsigned char *h, size_t n, const char *name)
{
    size_t l = strlen(name);
    return n > l && !strncasecmp((const char *)h, name, l) && h[l] == ':';
}

/* How many of the first lines look like mail headers. */
static int mail_headers(const unsigned char *h, size_t n)
{
    static const char *const names[] = {
        "Received", "Return-Path", "From",         "To",           "Subject",
        "Date",     "Message-ID",  "MIME-Version", "Content-Type", "Delivered-To",
        "Cc",       "Reply-To",    "X-Mailer",     "User-Agent",   NULL};
    int hits = 0;
    size_t i = 0;
    for (int line = 0; line < 40 && i < n; line++) {
        const unsigned char *nl = memchr(h + i, '\n', n - i);
        size_t ll = nl ? (size_t)(nl - h - i) : n - i;
        if (ll == 0 || (ll == 1 && h[i] == '\r'))
            break;
        for (int k = 0; names[k]; k++)
            if (header_name(h + i, ll, names[k]))
                hits++;
        if (!nl)
            break;
        i += ll + 1;
    }
    return hits;
}

static int mail_probe(const char *mime, const char *cs, const unsigned char *head, size_t hl,
                      const char *name)
{
    (void)cs;
    (void)name;
    if (mime && (!strcmp(mime, "message/rfc822") || !strcmp(mime, "application/mbox")))
        return 85;
    if (mime && strncmp(mime, "text/", 5) != 0 && strcmp(mime, "application/octet-stream") != 0)
        return 0;
    if (hl >= 5 && !memcmp(head, "From ", 5)) {
        const unsigned char *nl = memchr(head, '\n', hl);
        if (nl && mail_headers(nl + 1, hl - (size_t)(nl + 1 - head)) >= 1)
            return 80;
        return 0;
    }
    if (hl > 9 && (header_name(head, hl, "Received") || header_name(head, hl, "Return-Path") ||
                   header_name(head, hl, "Delivered-To")))
        return 80;
    if (mail_headers(head, hl) >= 3)
        return 80;
    return 0;
}

const struct ls_extractor ls_extractor_mail = {"mail", mail_probe, mail_run};
