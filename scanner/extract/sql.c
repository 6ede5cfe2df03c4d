/* extract/sql.c — SQL dumps (mysqldump, pg_dump, phpMyAdmin, hand-written):
 * each tuple of an INSERT is a record.
 *
 * A streaming tokenizer (over the push-back reader, reader.h) reads
 * statements (comments --, # and slash-star skipped; strings with '' and, in
 * MySQL dialect, backslash escapes; `x`, "x" and [x] identifiers).
 * `INSERT|REPLACE [IGNORE] INTO t [(a, b, c)] VALUES (…), (…);` gives one
 * record per tuple whose columns are the column list, or the columns of an
 * earlier `CREATE TABLE t (…)` (mysqldump writes INSERTs without a column
 * list), or none.  pg_dump's `COPY t (a, b) FROM stdin;` data lines are
 * records too.  Every other statement is skipped.
 * A record's text is its values joined by TAB (NULL is an empty field), with
 * field spans.  Memory: one token and one record buffer (max_record_bytes
 * each; longer values are cut) and the column names of at most
 * SQL_MAX_TABLES tables. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/charset.h"
#include "extract/extractors.h"
#include "extract/reader.h"

#define SQL_MAX_TABLES 4096        /* CREATE TABLE column lists remembered */
#define SQL_MAX_COLUMNS 4096       /* columns of one table or column list */
#define SQL_NAME_BYTES 128         /* one identifier; longer ones are cut */
#define SQL_TABLE_BYTES (8u << 20) /* names kept for all remembered tables */

enum tok_type { T_EOF = 0, T_WORD, T_STRING, T_QIDENT, T_PUNCT, T_ERR };

struct cols {
    char *name; /* table name (last component), owned */
    char **col; /* owned names */
    size_t n;
};

struct sql {
    struct ls_doc *doc;
    struct ls_reader rd; /* the decoded stream, one byte of push-back, the line */
    size_t max;
    int backslash; /* backslash escapes in strings (MySQL) */
    /* the current token */
    enum tok_type t;
    char *tok; /* max bytes */
    size_t tlen;
    int tcut; /* the token was longer than max */
    /* the current record */
    char *text;
    size_t len;
    size_t *foff, *flen;
    const char **colp;
    size_t nf, fcap;
    size_t col_start;
    uint64_t index, rec_line, rec_off;
    /* columns of the current statement */
    struct cols cur;
    struct cols *tables;
    size_t ntables;
    size_t table_bytes; /* bytes of names in tables[] */
    ls_status st;
};

/* 1 when name ends in one of exts (".json" …; case-insensitive). */
/* 60 when the head starts with SQL statements or a dump banner, else 0. */
static int sql_sniff(const char *charset, const unsigned char *head, size_t head_len)
{
    char buf[4096];
    size_t n = ls_charset_decode_head(charset, head, head_len, buf, sizeof buf);
    static const char *const banners[] = {"-- MySQL dump", "-- PostgreSQL database dump",
                                          "-- phpMyAdmin SQL Dump", "-- MariaDB dump", NULL};
    /* case-insensitive: two-word statements; exact case: the short ones,
     * which also begin English sentences ("Set up …", "Use …") */
    static const char *const starts[] = {"INSERT INTO",  "INSERT IGNORE",     "REPLACE INTO",
                                         "CREATE TABLE", "DROP TABLE",        "CREATE DATABASE",
                                         "LOCK TABLES",  "START TRANSACTION", NULL};
    static const char *const starts_cs[] = {"SET ", "USE ", "BEGIN;", "COPY ", "/*!", NULL};
    for (size_t i = 0; banners[i]; i++)
        if (n >= strlen(banners[i]) && !strncmp(buf, banners[i], strlen(banners[i])))
            return 60;
    /* the first line that is neither blank nor a comment */
    size_t i = 0;
    while (i < n) {
        while (i < n && strchr(" \t\r\n", buf[i]))
            i++;
        if (i + 1 < n && buf[i] == '-' && buf[i + 1] == '-') {
            while (i < n && buf[i] != '\n')
                i++;
            continue;
        }
        break;
    }
    for (size_t k = 0; starts[k]; k++) {
        size_t l = strlen(starts[k]);
        if (n - i >= l && !strncasecmp(buf + i, starts[k], l))
            return 60;
    }
    for (size_t k = 0; starts_cs[k]; k++) {
        size_t l = strlen(starts_cs[k]);
        if (n - i >= l && !strncmp(buf + i, starts_cs[k], l))
            return 60;
    }
    return 0;
}

static int sql_probe(const char *mime, const char *charset, const unsigned char *head,
                     size_t head_len, const char *name)
{
    static const char *const exts[] = {"sql", "dump", NULL};
    if (!mime)
        return 0;
    if (!strcmp(mime, "application/x-sql") || !strcmp(mime, "text/x-sql") ||
        !strcmp(mime, "application/sql"))
        return 80;
    if (strncmp(mime, "text/", 5) || !strcmp(mime, "text/html") || !strcmp(mime, "text/xml"))
        return 0;
    int s = sql_sniff(charset, head, head_len);
    int hint = ls_extract_name_has_ext(name, exts);
    /* a .sql file whose head is all comments still reads as SQL: the parser
     * skips what is not a statement it knows */
    return s ? s + 5 * hint : hint ? 30 : 0;
}

static void tput(struct sql *s, int c)
{
    if (s->tlen < s->max)
        s->tok[s->tlen++] = (char)c;
    else
        s->tcut = 1;
}

static int is_word(int c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Reads a quoted string or identifier after its opening quote. */
static enum tok_type lex_quoted(struct sql *s, int q, int esc, enum tok_type type)
{
    for (;;) {
        int c = ls_reader_getc(&s->rd);
        if (c < 0)
            return type; /* unterminated: what there is */
        if (c == q) {
            int d = ls_reader_getc(&s->rd);
            if (d == q) {
                tput(s, q);
                continue;
            }
            ls_reader_ungetc(&s->rd, d);
            return type;
        }
        if (c == '\\' && esc) {
            int d = ls_reader_getc(&s->rd);
            if (d < 0)
                return type;
            switch (d) {
            case 'n':
                c = '\n';
                break;
            case 'r':
                c = '\r';
                break;
            case 't':
                c = '\t';
                break;
            case '0':
                c = ' ';
                break;
            case 'Z':
                c = 0x1A;
                break;
            case 'b':
                c = '\b';
                break;
            default:
                c = d;
            }
        }
        tput(s, c);
    }
}

/* The next token into s->tok. */
static enum tok_type lex(struct sql *s)
{
    s->tlen = 0;
    s->tcut = 0;
    for (;;) {
        int c = ls_reader_getc(&s->rd);
        if (c == LS_CHARSET_ERR)
            return s->t = T_ERR;
        if (c < 0)
            return s->t = T_EOF;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f')
            continue;
        if (c == '-' || c == '/' || c == '#') {
            int d = c == '#' ? '#' : ls_reader_getc(&s->rd);
            if ((c == '-' && d == '-') || c == '#') {
                while ((c = ls_reader_getc(&s->rd)) >= 0 && c != '\n')
                    ;
                continue;
            }
            if (c == '/' && d == '*') {
                int prev = 0;
                while ((c = ls_reader_getc(&s->rd)) >= 0 && !(prev == '*' && c == '/'))
                    prev = c;
                continue;
            }
            ls_reader_ungetc(&s->rd, d);
        }
        if (c == '\'')
            return s->t = lex_quoted(s, '\'', s->backslash, T_STRING);
        if (c == '`')
            return s->t = lex_quoted(s, '`', 0, T_QIDENT);
        if (c == '"')
            return s->t = lex_quoted(s, '"', s->backslash, T_QIDENT);
        if (c == '[')
            return s->t = lex_quoted(s, ']', 0, T_QIDENT);
        if (is_word(c)) {
            while (is_word(c)) {
                tput(s, c);
                c = ls_reader_getc(&s->rd);
            }
            ls_reader_ungetc(&s->rd, c);
            return s->t = T_WORD;
        }
        tput(s, c);
        return s->t = T_PUNCT;
    }
}

static int tok_is(const struct sql *s, const char *w)
{
    return s->t == T_WORD && strlen(w) == s->tlen && !strncasecmp(s->tok, w, s->tlen);
}

static int tok_punct(const struct sql *s, char c)
{
    return s->t == T_PUNCT && s->tok[0] == c;
}

static int stop(const struct sql *s)
{
    return s->t == T_EOF || s->t == T_ERR || s->st != LS_OK;
}

/* Skips to the end of the statement (past ';'). */
static void skip_statement(struct sql *s)
{
    while (!stop(s) && !tok_punct(s, ';'))
        lex(s);
}

static char *name_dup(const char *p, size_t n)
{
    if (n > SQL_NAME_BYTES)
        n = ls_utf8_boundary(p, SQL_NAME_BYTES);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, p, n);
        d[n] = 0;
    }
    return d;
}

static void cols_free(struct cols *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->col[i]);
    free(c->col);
    free(c->name);
    memset(c, 0, sizeof *c);
}

static int cols_add(struct sql *s, struct cols *c, const char *p, size_t n)
{
    if (c->n >= SQL_MAX_COLUMNS)
        return 0;
    char **a = realloc(c->col, (c->n + 1) * sizeof *a);
    if (!a)
        return s->st = LS_ENOMEM, -1;
    c->col = a;
    if (!(c->col[c->n] = name_dup(p, n)))
        return s->st = LS_ENOMEM, -1;
    c->n++;
    return 0;
}

/* A table name: ident [. ident [. ident]]; the last component is kept in
 * c->name.  Leaves the token after the name current. */
static int parse_table_name(struct sql *s, struct cols *c)
{
    if (s->t != T_WORD && s->t != T_QIDENT)
        return -1;
    for (;;) {
        free(c->name);
        if (!(c->name = name_dup(s->tok, s->tlen)))
            return s->st = LS_ENOMEM, -1;
        lex(s);
        if (!tok_punct(s, '.'))
            return 0;
        lex(s);
        if (s->t != T_WORD && s->t != T_QIDENT)
            return -1;
    }
}

static const struct cols *table_find(const struct sql *s, const char *name)
{
    for (size_t i = s->ntables; i-- > 0;)
        if (!strcasecmp(s->tables[i].name, name))
            return &s->tables[i];
    return NULL;
}

/* CREATE TABLE [IF NOT EXISTS] name ( col type …, PRIMARY KEY …, … ) …; */
static void parse_create(struct sql *s)
{
    struct cols c;
    memset(&c, 0, sizeof c);
    lex(s);
    while (tok_is(s, "IF") || tok_is(s, "NOT") || tok_is(s, "EXISTS"))
        lex(s);
    if (parse_table_name(s, &c) < 0 || !tok_punct(s, '(')) {
        cols_free(&c);
        return skip_statement(s);
    }
    static const char *const not_cols[] = {"PRIMARY", "KEY",      "UNIQUE",  "INDEX", "CONSTRAINT",
                                           "FOREIGN", "FULLTEXT", "SPATIAL", "CHECK", "PERIOD",
                                           "EXCLUDE", "LIKE",     NULL};
    int depth = 1, item_start = 1;
    while (depth > 0) {
        lex(s);
        if (stop(s) || tok_punct(s, ';'))
            break;
        if (item_start && depth == 1 && (s->t == T_WORD || s->t == T_QIDENT)) {
            int skip = 0;
            for (size_t i = 0; s->t == T_WORD && not_cols[i]; i++)
                skip |= tok_is(s, not_cols[i]);
            if (!skip && cols_add(s, &c, s->tok, s->tlen) < 0)
                break;
        }
        item_start = 0;
        if (tok_punct(s, '('))
            depth++;
        else if (tok_punct(s, ')'))
            depth--;
        else if (tok_punct(s, ',') && depth == 1)
            item_start = 1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < c.n; i++)
        bytes += strlen(c.col[i]) + 1 + sizeof(char *);
    if (c.n > 0 && s->st == LS_OK && s->table_bytes + bytes <= SQL_TABLE_BYTES) {
        s->table_bytes += bytes;
        const struct cols *old = table_find(s, c.name);
        if (old) { /* a table created again: the new definition wins */
            struct cols *o = (struct cols *)old;
            cols_free(o);
            *o = c;
            memset(&c, 0, sizeof c);
        } else if (s->ntables < SQL_MAX_TABLES) {
            struct cols *a = realloc(s->tables, (s->ntables + 1) * sizeof *a);
            if (a) {
                s->tables = a;
                s->tables[s->ntables++] = c;
                memset(&c, 0, sizeof c);
            }
        }
    }
    cols_free(&c);
    skip_statement(s);
}

static int rec_grow(struct sql *s)
{
    if (s->nf < s->fcap)
        return 0;
    size_t cap = s->fcap ? s->fcap * 2 : 32;
    size_t *a = realloc(s->foff, cap * sizeof *a);
    if (a)
        s->foff = a;
    size_t *b = realloc(s->flen, cap * sizeof *b);
    if (b)
        s->flen = b;
    const char **c = realloc(s->colp, cap * sizeof *c);
    if (c)
        s->colp = c;
    if (!a || !b || !c)
        return s->st = LS_ENOMEM, -1;
    s->fcap = cap;
    return 0;
}

static void rec_begin(struct sql *s)
{
    s->len = s->nf = s->col_start = 0;
    s->rec_line = s->rd.line;
    s->rec_off = ls_charset_tell(s->rd.cs);
}

static int rec_emit(struct sql *s, const struct cols *c)
{
    if (s->nf == 0)
        return 0;
    for (size_t i = 0; i < s->nf; i++)
        s->colp[i] = c && s->col_start + i < c->n ? c->col[s->col_start + i] : NULL;
    struct ls_record rec;
    memset(&rec, 0, sizeof rec);
    rec.text = s->text;
    rec.len = s->len;
    rec.index = s->index++;
    rec.line = s->rec_line;
    rec.offset = s->rec_off;
    rec.ncolumns = s->nf;
    rec.columns = s->colp;
    rec.field_off = s->foff;
    rec.field_len = s->flen;
    ls_status st = s->doc->on_record(s->doc->ud, &rec);
    s->col_start += s->nf;
    s->len = s->nf = 0;
    if (st != LS_OK)
        return s->st = st, -1;
    return 0;
}

/* Adds a field to the record; a record that would outgrow max is emitted
 * first (the rest of the tuple goes on in a new record). */
static int rec_field(struct sql *s, const struct cols *c, const char *p, size_t n)
{
    size_t sep = s->nf ? 1 : 0;
    if (s->len + sep + n > s->max && s->nf > 0) {
        if (rec_emit(s, c) < 0)
            return -1;
        sep = 0;
    }
    if (n > s->max - sep)
        n = ls_utf8_boundary(p, s->max - sep);
    if (rec_grow(s) < 0)
        return -1;
    if (sep)
        s->text[s->len++] = '\t';
    memmove(s->text + s->len, p, n);
    s->foff[s->nf] = s->len;
    s->flen[s->nf] = n;
    s->len += n;
    s->nf++;
    return 0;
}

/* One tuple, its '(' current.  Values are read into a scratch copy of the
 * tokens: a lone string (possibly after a _charset or X prefix) is the value;
 * anything else (numbers, expressions, function calls) is the tokens' text. */
static int parse_tuple(struct sql *s, const struct cols *c, char *val)
{
    rec_begin(s);
    for (;;) {
        size_t vlen = 0, nstr = 0, ntok = 0, nparen = 0, str_off = 0, str_len = 0;
        int depth = 0, is_null = 0;
        enum tok_type prev = T_PUNCT;
        for (;;) {
            lex(s);
            if (stop(s) || tok_punct(s, ';'))
                break;
            if (depth == 0 && (tok_punct(s, ',') || tok_punct(s, ')')))
                break;
            if (tok_punct(s, '(')) {
                depth++;
                nparen++;
            } else if (tok_punct(s, ')')) {
                depth--;
            }
            is_null = ntok == 0 && tok_is(s, "NULL");
            if (vlen > 0 && vlen < s->max && s->t != T_PUNCT && prev != T_PUNCT)
                val[vlen++] = ' ';
            if (s->t == T_STRING || s->t == T_QIDENT) {
                nstr++;
                str_off = vlen;
                str_len = s->tlen;
            }
            size_t k = s->tlen;
            if (k > s->max - vlen)
                k = s->max - vlen;
            memcpy(val + vlen, s->tok, k);
            vlen += k;
            ntok++;
            prev = s->t;
        }
        if (ntok > 0) {
            const char *p = val;
            size_t n = vlen;
            if (is_null && ntok == 1)
                n = 0;
            else if (nstr == 1 && nparen == 0) {
                p = val + str_off;
                n = str_len <= vlen - str_off ? str_len : vlen - str_off;
            }
            if (rec_field(s, c, p, n) < 0)
                return -1;
        } else if (tok_punct(s, ',')) {
            if (rec_field(s, c, "", 0) < 0) /* (1,,2): an empty value */
                return -1;
        }
        if (!tok_punct(s, ','))
            break;
    }
    return rec_emit(s, c);
}

/* After "(": reads the column names into s->cur up to the first token that
 * is neither a name nor a comma (normally ")", the current token then).
 * Returns 0, or -1 when out of memory (s->st says so). */
static int column_list(struct sql *s)
{
    for (;;) {
        lex(s);
        if (s->t == T_WORD || s->t == T_QIDENT) {
            if (cols_add(s, &s->cur, s->tok, s->tlen) < 0)
                return -1;
        } else if (!tok_punct(s, ',')) {
            return 0;
        }
    }
}

/* INSERT|REPLACE … INTO name [(cols)] VALUES (…), …; */
static void parse_insert(struct sql *s, char *val)
{
    cols_free(&s->cur);
    lex(s);
    while (tok_is(s, "LOW_PRIORITY") || tok_is(s, "DELAYED") || tok_is(s, "HIGH_PRIORITY") ||
           tok_is(s, "IGNORE") || tok_is(s, "INTO"))
        lex(s);
    if (parse_table_name(s, &s->cur) < 0)
        return skip_statement(s);
    const struct cols *c = NULL;
    if (tok_punct(s, '(')) {
        if (column_list(s) < 0)
            return;
        if (!tok_punct(s, ')'))
            return skip_statement(s);
        lex(s);
        c = &s->cur;
    } else {
        c = table_find(s, s->cur.name);
    }
    if (!tok_is(s, "VALUES") && !tok_is(s, "VALUE"))
        return skip_statement(s);
    for (;;) {
        lex(s);
        if (!tok_punct(s, '('))
            break;
        if (parse_tuple(s, c, val) < 0)
            return;
        if (!tok_punct(s, ')'))
            break;
        lex(s);
        if (!tok_punct(s, ','))
            break;
    }
    skip_statement(s);
}

/* COPY name [(cols)] FROM stdin; then TAB-separated lines up to "\.". */
static void parse_copy(struct sql *s)
{
    cols_free(&s->cur);
    lex(s);
    if (parse_table_name(s, &s->cur) < 0)
        return skip_statement(s);
    const struct cols *c = table_find(s, s->cur.name);
    if (tok_punct(s, '(')) {
        if (column_list(s) < 0)
            return;
        c = &s->cur;
        lex(s);
    }
    if (!tok_is(s, "FROM")) {
        return skip_statement(s);
    }
    lex(s);
    int stdin_ = tok_is(s, "stdin");
    skip_statement(s);
    if (!stdin_ || stop(s))
        return;
    /* the rest of the statement's line */
    int ch;
    while ((ch = ls_reader_getc(&s->rd)) >= 0 && ch != '\n')
        ;
    for (;;) {
        rec_begin(s);
        size_t flen = 0;
        int any = 0, first = 1, end = 0;
        char *f = s->tok; /* the field being read */
        for (;;) {
            ch = ls_reader_getc(&s->rd);
            if (ch < 0 || ch == '\n' || ch == '\t') {
                if (first && flen == 2 && f[0] == '\\' && f[1] == '.' && ch != '\t') {
                    end = 1;
                    break;
                }
                if (ch < 0 && !any && flen == 0) {
                    end = 1;
                    break;
                }
                int null = flen == 2 && f[0] == '\\' && f[1] == 'N';
                /* unescape \t \n \\ … */
                size_t o = 0;
                for (size_t i = 0; i < flen; i++) {
                    if (f[i] == '\\' && i + 1 < flen) {
                        char e = f[++i];
                        f[o++] = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
                    } else {
                        f[o++] = f[i];
                    }
                }
                if (rec_field(s, c, f, null ? 0 : o) < 0)
                    return;
                any = 1;
                first = 0;
                flen = 0;
                if (ch != '\t')
                    break;
                continue;
            }
            if (flen < s->max)
                f[flen++] = (char)ch;
        }
        if (end) {
            s->nf = 0;
            break;
        }
        if (rec_emit(s, c) < 0 || ch < 0)
            return;
    }
    s->t = T_PUNCT; /* as if after ';' */
    s->tok[0] = ';';
}

static ls_status sql_run(struct ls_doc *doc)
{
    struct sql s;
    memset(&s, 0, sizeof s);
    s.doc = doc;
    s.backslash = 1;
    s.st = LS_OK;
    ls_reader_init(&s.rd, &s.st);
    s.max = doc->limits->max_record_bytes < 256 ? 256 : doc->limits->max_record_bytes;
    s.tok = malloc(s.max);
    s.text = malloc(s.max);
    char *val = malloc(s.max);
    ls_status st = s.tok && s.text && val ? ls_charset_reader_open(doc, &s.rd.cs) : LS_ENOMEM;
    if (st != LS_OK)
        goto out;
    const char *p;
    size_t n;
    if ((st = ls_charset_peek(s.rd.cs, 4096, &p, &n)) != LS_OK)
        goto out;
    for (size_t i = 0; i + 26 <= n; i++)
        if (!memcmp(p + i, "PostgreSQL database dump", 24)) {
            s.backslash = 0; /* standard_conforming_strings */
            break;
        }
    for (;;) {
        lex(&s);
        if (stop(&s))
            break;
        if (tok_is(&s, "INSERT") || tok_is(&s, "REPLACE"))
            parse_insert(&s, val);
        else if (tok_is(&s, "CREATE")) {
            lex(&s);
            while (tok_is(&s, "TEMPORARY") || tok_is(&s, "UNLOGGED") || tok_is(&s, "OR") ||
                   tok_is(&s, "REPLACE"))
                lex(&s);
            if (tok_is(&s, "TABLE"))
                parse_create(&s);
            else
                skip_statement(&s);
        } else if (tok_is(&s, "COPY"))
            parse_copy(&s);
        else if (tok_is(&s, "SET")) {
            /* SET standard_conforming_strings = on|off (pg) */
            lex(&s);
            if (tok_is(&s, "standard_conforming_strings")) {
                lex(&s);
                lex(&s);
                if (s.t == T_WORD || s.t == T_STRING)
                    s.backslash = !(s.tlen == 2 && !strncasecmp(s.tok, "on", 2));
            }
            skip_statement(&s);
        } else if (!tok_punct(&s, ';'))
            skip_statement(&s);
    }
    st = s.st;
out:
    if (st != LS_OK && !doc->reason[0])
        snprintf(doc->reason, sizeof doc->reason, "sql: %s", ls_strerror(st));
    ls_charset_reader_close(s.rd.cs);
    cols_free(&s.cur);
    for (size_t i = 0; i < s.ntables; i++)
        cols_free(&s.tables[i]);
    free(s.tables);
    free(s.tok);
    free(s.text);
    free(val);
    free(s.foff);
    free(s.flen);
    free(s.colp);
    return st;
}

const struct ls_extractor ls_extractor_sql = {"sql", sql_probe, sql_run};
