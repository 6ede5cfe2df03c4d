/* extract/json.c — JSON documents and JSON Lines: objects become records.
 *
 * A small tolerant streaming tokenizer over the push-back reader (reader.h;
 * no DOM, so a 20 GB array costs one record buffer): single-quoted strings,
 * unquoted keys, trailing or missing commas and bare words are accepted;
 * anything it cannot read ends the item with LS_EFAILED and a reason, the
 * records already emitted staying counted.
 *
 * Records: each element of a top-level array; each top-level value of a JSON
 * Lines file (several values, the first ending on its own line); each object
 * of an array of objects directly under a top-level object (the "data"/
 * "results" envelope), the envelope's other members forming one more record;
 * otherwise the whole top-level value.  Nested values are flattened into
 * lines "path.to.key: value" so the rules see keys next to values; every leaf
 * is a field whose column is its own key (the last path component) and whose
 * span is the value.  A record longer than limits->max_record_bytes is
 * emitted in pieces (a long value continues in the next piece under the same
 * key).  Nesting is limited to limits->max_xml_depth (at most
 * JSON_DEPTH_CEIL: the parser recurses). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ascii.h"
#include "extract/charset.h"
#include "extract/extractors.h"
#include "extract/reader.h"

#define JSON_DEPTH_CEIL 512 /* recursion: a few hundred bytes of stack per level */
#define JSON_PATH_BYTES 512 /* flattened key path; deeper keys are not appended */
#define JSON_KEY_BYTES 128  /* one key; longer keys are cut */
#define JSON_WORD_BYTES 256 /* a bare word (number, literal); longer ones are cut */
#define JSON_SNIFF_BYTES (32 * 1024)

struct json {
    struct ls_doc *doc;
    struct ls_reader rd; /* the decoded stream, one byte of push-back, the line */
    size_t max;          /* record bytes */
    unsigned max_depth;
    char *text; /* "path: value\n" lines */
    size_t len;
    size_t *foff, *flen, *fname; /* per field: value span, name offset (or SIZE_MAX) */
    uint64_t *fline;             /* per field: the source line its value starts on */
    const char **cols;
    size_t nf, fcap;
    char *names; /* NUL-terminated keys of the fields (max bytes) */
    size_t nlen;
    char path[JSON_PATH_BYTES];
    size_t plen; /* bytes of path in use */
    size_t kpos; /* where the last key starts in path */
    int jsonl;   /* each top-level value is a record */
    uint64_t index, rec_line, rec_off;
    ls_status st; /* a callback or stream status that stops us */
};

/* 1 when name ends in one of exts (".json" …; case-insensitive). */
/* 60 when the head opens a JSON object or array, else 0. */
static int json_sniff(const char *charset, const unsigned char *head, size_t head_len)
{
    char buf[512];
    size_t n = ls_charset_decode_head(charset, head, head_len, buf, sizeof buf);
    size_t i = 0;
    while (i < n && strchr(" \t\r\n", buf[i]))
        i++;
    if (i >= n || (buf[i] != '{' && buf[i] != '['))
        return 0;
    char open = buf[i++];
    while (i < n && strchr(" \t\r\n", buf[i]))
        i++;
    if (i >= n)
        return 0;
    /* what can follow an opening bracket in JSON */
    char c = buf[i];
    if (open == '{' && (c == '"' || c == '}'))
        return 60;
    if (open != '[')
        return 0;
    if (c == '{' || c == '[' || c == '"' || c == ']')
        return 60;
    /* "[1, 2]" is JSON, "[2019-03-01 10:00] GET /" is a log line */
    size_t w = i;
    while (w < n && buf[w] && strchr("0123456789.eE+-truefalsn", buf[w]))
        w++;
    if (w == i || w >= n)
        return 0;
    while (w < n && (buf[w] == ' ' || buf[w] == '\t' || buf[w] == '\r' || buf[w] == '\n'))
        w++;
    return w < n && (buf[w] == ',' || buf[w] == ']') ? 60 : 0;
}

static int json_probe(const char *mime, const char *charset, const unsigned char *head,
                      size_t head_len, const char *name)
{
    static const char *const exts[] = {"json", "jsonl", "ndjson", NULL};
    if (!mime)
        return 0;
    if (!strcmp(mime, "application/json") || !strcmp(mime, "application/x-ndjson") ||
        !strcmp(mime, "application/jsonl"))
        return 80;
    if (strncmp(mime, "text/", 5) || !strcmp(mime, "text/html") || !strcmp(mime, "text/xml"))
        return 0;
    int s = json_sniff(charset, head, head_len);
    return s && ls_extract_name_has_ext(name, exts) ? s + 5 : s; /* the name only breaks ties */
}

static int jfail(struct json *j, const char *what)
{
    if (!j->doc->reason[0])
        snprintf(j->doc->reason, sizeof j->doc->reason, "json: %s at line %llu", what,
                 (unsigned long long)j->rd.line);
    return -1;
}

/* The next byte that is not white space. */
static int jskip(struct json *j)
{
    int c;
    do
        c = ls_reader_getc(&j->rd);
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n');
    return c;
}

static void rec_begin(struct json *j)
{
    j->len = j->nf = j->nlen = 0;
    j->rec_line = j->rd.line;
    j->rec_off = ls_reader_tell(&j->rd);
}

static int rec_emit(struct json *j)
{
    if (j->nf == 0)
        return 0;
    for (size_t i = 0; i < j->nf; i++)
        j->cols[i] = j->fname[i] == (size_t)-1 ? NULL : j->names + j->fname[i];
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = j->text;
    rec.len = j->len > 0 && j->text[j->len - 1] == '\n' ? j->len - 1 : j->len;
    rec.index = j->index++;
    rec.line = j->rec_line;
    rec.offset = j->rec_off;
    rec.ncolumns = j->nf;
    rec.columns = j->cols;
    rec.field_off = j->foff;
    rec.field_len = j->flen;
    rec.field_line = j->fline;
    ls_status st = j->doc->on_record(j->doc->ud, &rec);
    rec_begin(j);
    if (st != LS_OK) {
        j->st = st;
        return -1;
    }
    return 0;
}

static int grow(struct json *j)
{
    if (j->nf < j->fcap)
        return 0;
    size_t cap = j->fcap ? j->fcap * 2 : 32;
    size_t *a = realloc(j->foff, cap * sizeof *a);
    if (a)
        j->foff = a;
    size_t *b = realloc(j->flen, cap * sizeof *b);
    if (b)
        j->flen = b;
    size_t *c = realloc(j->fname, cap * sizeof *c);
    if (c)
        j->fname = c;
    const char **d = realloc(j->cols, cap * sizeof *d);
    if (d)
        j->cols = d;
    uint64_t *e = realloc(j->fline, cap * sizeof *e);
    if (e)
        j->fline = e;
    if (!a || !b || !c || !d || !e) {
        j->st = LS_ENOMEM;
        return -1;
    }
    j->fcap = cap;
    return 0;
}

/* Starts a field for the current path: writes "path: " and remembers the
 * key.  Emits the record first when the field would not fit. */
static int field_begin(struct json *j)
{
    size_t keylen = j->plen - j->kpos;
    size_t need = j->plen + 2 + 16; /* prefix and room for a few value bytes */
    if (j->len + need > j->max || j->nlen + keylen + 1 > j->max)
        if (rec_emit(j) < 0)
            return -1;
    if (grow(j) < 0)
        return -1;
    size_t plen = j->plen;
    if (plen + 2 + 16 > j->max) /* a tiny record limit: drop the path */
        plen = 0;
    if (plen) {
        memcpy(j->text + j->len, j->path, plen);
        j->len += plen;
        j->text[j->len++] = ':';
        j->text[j->len++] = ' ';
    }
    if (keylen) {
        j->fname[j->nf] = j->nlen;
        memcpy(j->names + j->nlen, j->path + j->kpos, keylen);
        j->nlen += keylen;
        j->names[j->nlen++] = 0;
    } else {
        j->fname[j->nf] = (size_t)-1;
    }
    j->foff[j->nf] = j->len;
    j->flen[j->nf] = 0;
    j->fline[j->nf] = j->rd.line;
    j->nf++;
    return 0;
}

static void field_end(struct json *j)
{
    j->flen[j->nf - 1] = j->len - j->foff[j->nf - 1];
    j->text[j->len++] = '\n'; /* field_begin/val_put keep a byte free for it */
}

static int val_put(struct json *j, const char *s, size_t n)
{
    while (n > 0) {
        if (j->len + 1 >= j->max) { /* full: this value goes on in the next piece */
            size_t keep =
                ls_utf8_boundary(j->text + j->foff[j->nf - 1], j->len - j->foff[j->nf - 1]);
            char carry[4];
            size_t nc = j->len - j->foff[j->nf - 1] - keep;
            memcpy(carry, j->text + j->len - nc, nc);
            j->len -= nc;
            field_end(j);
            if (rec_emit(j) < 0 || field_begin(j) < 0)
                return -1;
            memcpy(j->text + j->len, carry, nc);
            j->len += nc;
            continue;
        }
        size_t k = j->max - 1 - j->len;
        if (k > n)
            k = n;
        memcpy(j->text + j->len, s, k);
        j->len += k;
        s += k;
        n -= k;
    }
    return 0;
}

static size_t path_push(struct json *j, const char *key, size_t klen, size_t *old_kpos)
{
    size_t old = j->plen;
    *old_kpos = j->kpos;
    if (klen > JSON_KEY_BYTES)
        klen = ls_utf8_boundary(key, JSON_KEY_BYTES);
    size_t dot = j->plen ? 1 : 0;
    if (j->plen + dot + klen >= JSON_PATH_BYTES)
        return old; /* too deep to name: keep the parent's path */
    if (dot)
        j->path[j->plen++] = '.';
    j->kpos = j->plen;
    memcpy(j->path + j->plen, key, klen);
    j->plen += klen;
    return old;
}

/* Reads the four hex digits of a \u escape into *v.  Returns 1, or 0 when a
 * byte is not a hex digit (that byte is pushed back, *v untouched). */
static int read_hex4(struct json *j, uint32_t *v)
{
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        int h = ls_reader_getc(&j->rd);
        int d = ls_hexval(h);
        if (d < 0) {
            ls_reader_ungetc(&j->rd, h);
            return 0;
        }
        x = x * 16 + (uint32_t)d;
    }
    *v = x;
    return 1;
}

/* The character of a \u escape (after the "u"; a surrogate pair takes the
 * following \uXXXX too) as UTF-8 in u (room for 8 bytes).  A malformed
 * escape or a lone surrogate becomes U+FFFD and is counted.  Returns the
 * bytes written. */
static size_t parse_u_escape(struct json *j, unsigned char *u)
{
    uint32_t cp = 0, lo = 0;
    if (!read_hex4(j, &cp)) {
        cp = 0xFFFD;
        j->doc->invalid_sequences++;
    } else if (cp >= 0xD800 && cp <= 0xDBFF) {
        /* a high surrogate wants "\uDC00".."\uDFFF" next */
        int b1 = ls_reader_getc(&j->rd);
        if (b1 == '\\') {
            int b2 = ls_reader_getc(&j->rd);
            if (b2 == 'u') {
                int okl = read_hex4(j, &lo);
                if (okl && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    /* keep the second escape as its own character */
                    size_t un = ls_utf8_put(u, 0xFFFD);
                    un += ls_utf8_put(u + un, okl ? lo : 0xFFFD);
                    j->doc->invalid_sequences += okl ? 1 : 2;
                    return un;
                }
            } else {
                ls_reader_ungetc(&j->rd, b2); /* "\x" after a lone surrogate: drop the '\' */
                cp = 0xFFFD;
                j->doc->invalid_sequences++;
            }
        } else {
            ls_reader_ungetc(&j->rd, b1);
            cp = 0xFFFD;
            j->doc->invalid_sequences++;
        }
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        cp = 0xFFFD;
        j->doc->invalid_sequences++;
    }
    return ls_utf8_put(u, cp);
}

/* The run of plain bytes (no quote q, backslash or newline) at the reader's
 * position, taken in bulk: into key (as far as it has room), or into the
 * value buffer buf (cap bytes, *n used), which goes to the record whenever
 * a byte finds it full, the reader just past that byte: exactly what the
 * byte-at-a-time loop of parse_string does with them.  Returns 1 when there
 * was a run, 0 when there was none, -1 when the record failed. */
static int string_run(struct json *j, int q, char *key, size_t *klen, char *buf, size_t cap,
                      size_t *n)
{
    struct ls_charset_reader *r = j->rd.cs;
    const unsigned char *b, *x;
    size_t k, done = 0, at;

    if (j->rd.back >= 0 || r->out_pos >= r->out_len)
        return 0;
    at = r->out_pos;
    b = r->out + at;
    x = ls_find3(b, r->out + r->out_len, (unsigned char)q, '\\', '\n');
    k = (size_t)(x - b);
    if (k == 0)
        return 0;
    if (key) {
        size_t room = JSON_KEY_BYTES - *klen;
        memcpy(key + *klen, b, k < room ? k : room);
        *klen += k < room ? k : room;
    }
    while (!key && done < k) {
        if (*n == cap) { /* full when byte `done` is read */
            r->out_pos = at + done + 1;
            if (val_put(j, buf, *n) < 0)
                return -1;
            *n = 0;
        }
        size_t c = k - done < cap - *n ? k - done : cap - *n;
        memcpy(buf + *n, b + done, c);
        *n += c;
        done += c;
    }
    r->out_pos = at + k;
    return 1;
}

/* Reads a string after its opening quote q.  With key != NULL the bytes go
 * to key (at most JSON_KEY_BYTES, the rest read and dropped); otherwise they
 * are the value of the current field. */
static int parse_string(struct json *j, int q, char *key, size_t *klen)
{
    char buf[256];
    size_t n = 0;
    for (;;) {
        int run = string_run(j, q, key, klen, buf, sizeof buf, &n);
        if (run < 0)
            return -1;
        if (run)
            continue;
        int c = ls_reader_getc(&j->rd);
        if (c < 0) {
            if (!key && n)
                val_put(j, buf, n);
            return jfail(j, "unterminated string");
        }
        if (c == q)
            break;
        unsigned char u[8];
        size_t un = 1;
        u[0] = (unsigned char)c;
        if (c == '\\') {
            c = ls_reader_getc(&j->rd);
            if (c < 0)
                return jfail(j, "unterminated string");
            switch (c) {
            case 'n':
                u[0] = '\n';
                break;
            case 't':
                u[0] = '\t';
                break;
            case 'r':
                u[0] = '\r';
                break;
            case 'b':
                u[0] = '\b';
                break;
            case 'f':
                u[0] = '\f';
                break;
            case 'u':
                un = parse_u_escape(j, u);
                break;
            default:
                u[0] = (unsigned char)c; /* \" \\ \/ and unknown escapes: the byte */
            }
        }
        if (key) {
            for (size_t i = 0; i < un && *klen < JSON_KEY_BYTES; i++)
                key[(*klen)++] = (char)u[i];
            continue;
        }
        if (n + un > sizeof buf) {
            if (val_put(j, buf, n) < 0)
                return -1;
            n = 0;
        }
        memcpy(buf + n, u, un);
        n += un;
    }
    if (!key && n && val_put(j, buf, n) < 0)
        return -1;
    return 0;
}

static int is_delim(int c)
{
    return c < 0 || c == ',' || c == ':' || c == ']' || c == '}' || c == '[' || c == '{' ||
           c == '"' || c == '\'' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A bare word starting with c (number, true/false/null, or junk). */
static size_t parse_word(struct json *j, int c, char *w)
{
    size_t n = 0;
    while (!is_delim(c)) {
        if (n < JSON_WORD_BYTES)
            w[n++] = (char)c;
        c = ls_reader_getc(&j->rd);
    }
    ls_reader_ungetc(&j->rd, c);
    return n;
}

static int parse_value(struct json *j, int c, unsigned depth);

static int parse_array(struct json *j, unsigned depth, int records)
{
    if (depth > j->max_depth)
        return jfail(j, "nesting too deep");
    for (;;) {
        int c = jskip(j);
        if (c < 0)
            return jfail(j, "unterminated array");
        if (c == ']')
            return 0;
        if (c == ',')
            continue;
        if (c == '}' || c == ':')
            return jfail(j, "unexpected character in array");
        if (records) {
            ls_reader_ungetc(&j->rd, c);
            rec_begin(j);
            c = ls_reader_getc(&j->rd);
        }
        if (parse_value(j, c, depth + 1) < 0)
            return -1;
        if (records && rec_emit(j) < 0)
            return -1;
    }
}

static int parse_object(struct json *j, unsigned depth, int envelope)
{
    if (depth > j->max_depth)
        return jfail(j, "nesting too deep");
    for (;;) {
        char key[JSON_KEY_BYTES];
        size_t klen = 0;
        int c = jskip(j);
        if (c < 0)
            return jfail(j, "unterminated object");
        if (c == '}')
            return 0;
        if (c == ',')
            continue;
        if (c == '"' || c == '\'') {
            if (parse_string(j, c, key, &klen) < 0)
                return -1;
        } else if (!is_delim(c)) {
            char w[JSON_WORD_BYTES];
            klen = parse_word(j, c, w);
            if (klen > JSON_KEY_BYTES)
                klen = JSON_KEY_BYTES;
            memcpy(key, w, klen);
        } else {
            return jfail(j, "expected a key");
        }
        c = jskip(j);
        if (c != ':')
            return jfail(j, "expected ':'");
        size_t old_kpos, old = path_push(j, key, klen, &old_kpos);
        c = jskip(j);
        int rc;
        if (envelope && c == '[') {
            int d = jskip(j);
            ls_reader_ungetc(&j->rd, d);
            if (d == '{') {
                /* an array of objects in the envelope: each is a record */
                size_t saved = j->plen, saved_k = j->kpos;
                if (rec_emit(j) < 0)
                    return -1;
                j->plen = j->kpos = 0;
                rc = parse_array(j, depth + 1, 1);
                j->plen = saved;
                j->kpos = saved_k;
                rec_begin(j);
            } else {
                rc = parse_array(j, depth + 1, 0);
            }
        } else {
            rc = parse_value(j, c, depth + 1);
        }
        j->plen = old;
        j->kpos = old_kpos;
        if (rc < 0)
            return -1;
    }
}

static int parse_value(struct json *j, int c, unsigned depth)
{
    if (j->st != LS_OK)
        return -1;
    if (c == '{')
        return parse_object(j, depth, 0);
    if (c == '[')
        return parse_array(j, depth, 0);
    if (c == '"' || c == '\'') {
        if (field_begin(j) < 0)
            return -1;
        int rc = parse_string(j, c, NULL, NULL);
        if (j->st == LS_OK && j->nf > 0)
            field_end(j); /* also what was read of an unterminated string */
        return rc;
    }
    if (c < 0)
        return jfail(j, "unexpected end");
    if (is_delim(c))
        return jfail(j, "unexpected character");
    char w[JSON_WORD_BYTES];
    size_t n = parse_word(j, c, w);
    if (n == 4 && !memcmp(w, "null", 4))
        return 0; /* no data */
    if (field_begin(j) < 0 || val_put(j, w, n) < 0)
        return -1;
    field_end(j);
    return 0;
}

/* JSON Lines: the first value ends on its line and another value follows. */
static int sniff_jsonl(const char *s, size_t n)
{
    size_t i = 0;
    int depth = 0, inq = 0, started = 0;
    char q = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (inq) {
            if (c == '\\')
                i++;
            else if (c == q)
                inq = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            inq = 1;
            q = c;
        } else if (c == '{' || c == '[') {
            depth++;
            started = 1;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0 && started) {
                i++;
                break;
            }
        }
    }
    if (i >= n)
        return 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
        i++;
    if (i >= n || s[i] != '\n')
        return 0;
    while (i < n && strchr(" \t\r\n", s[i]))
        i++;
    return i < n && (s[i] == '{' || s[i] == '[');
}

static ls_status json_run(struct ls_doc *doc)
{
    struct json j;
    memset(&j, 0, sizeof j);
    j.doc = doc;
    j.st = LS_OK;
    ls_reader_init(&j.rd, &j.st);
    j.max = doc->limits->max_record_bytes < 256 ? 256 : doc->limits->max_record_bytes;
    j.max_depth = doc->limits->max_xml_depth;
    if (j.max_depth > JSON_DEPTH_CEIL)
        j.max_depth = JSON_DEPTH_CEIL;
    j.text = malloc(j.max);
    j.names = malloc(j.max);
    ls_status st = j.text && j.names ? ls_charset_reader_open(doc, &j.rd.cs) : LS_ENOMEM;
    int failed = 0;
    if (st != LS_OK)
        goto out;
    const char *p;
    size_t n;
    st = ls_charset_peek(j.rd.cs, JSON_SNIFF_BYTES, &p, &n);
    if (st != LS_OK)
        goto out;
    j.jsonl = sniff_jsonl(p, n);
    for (;;) {
        int c = jskip(&j);
        if (c < 0)
            break;
        rec_begin(&j);
        j.rec_off = ls_reader_tell(&j.rd) - 1;
        if (c == '[' && !j.jsonl) {
            if (parse_array(&j, 1, 1) < 0) {
                failed = 1;
                break;
            }
            continue;
        }
        int rc = c == '{' ? parse_object(&j, 1, !j.jsonl) : parse_value(&j, c, 1);
        if (rc < 0 || rec_emit(&j) < 0) {
            failed = 1;
            break;
        }
    }
    if (failed && j.st == LS_OK) {
        rec_emit(&j); /* what was read of the broken value */
        st = LS_EFAILED;
    } else {
        st = j.st;
    }
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "json: %s", ls_strerror(st));
    ls_charset_reader_close(j.rd.cs);
    free(j.text);
    free(j.names);
    free(j.foff);
    free(j.flen);
    free(j.fname);
    free(j.cols);
    free(j.fline);
    return st;
}

const struct ls_extractor ls_extractor_json = {"json", json_probe, json_run};
