/* rules_cmd.c — `leakscan rules list|check|lint|export` (rules_cmd.h).
 *
 * check runs every example and counterexample through the whole ruleset, as a
 * one-record text at confidence low, exactly as a scan would see it; lint
 * looks for what makes a rule weak or slow: missing examples, nested
 * quantifiers, catastrophic backtracking on adversarial input (a probe with a
 * low PCRE2 match limit), context words that no example uses; export
 * --patterns writes the rules' patterns as a ripgrep pattern file (the
 * baseline of make bench). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/classify.h"
#include "match/rules.h"
#include "match/taxonomy.h"
#include "rules_cmd.h"
#include "strbuf.h"

/* Match limit of the lint probe: a tenth of the scan default (1e6), so that a
 * pattern that needs more on 4 KiB of adversarial text is flagged. */
#define LS_PROBE_MATCH_LIMIT 100000
#define LS_PROBE_BYTES 4096
/* A probe slower than this is reported. */
#define LS_PROBE_MS 100.0

struct seen {
    struct ls_found f[64];
    size_t n;
};

static void collect(void *ud, const struct ls_found *f)
{
    struct seen *s = ud;

    if (s->n < sizeof s->f / sizeof s->f[0])
        s->f[s->n++] = *f;
}

/* Runs the whole ruleset on text as one record; findings (any confidence) in *out. */
static ls_status run_text(const struct ls_ruleset *rs, const char *text, struct seen *out)
{
    static const unsigned char key[32];
    struct ls_config cfg;
    struct ls_matcher *m = NULL;
    struct ls_record rec;
    ls_status st;

    ls_config_default(&cfg);
    cfg.min_confidence = LS_CONF_LOW;
    out->n = 0;
    if ((st = ls_matcher_new(rs, &cfg, key, NULL, &m)) != LS_OK)
        return st;
    ls_matcher_set_hook(m, collect, out);
    memset(&rec, 0, sizeof rec);
    rec.text = text;
    rec.len = strlen(text);
    rec.line = 1;
    ls_matcher_item_begin(m, "example");
    st = ls_matcher_record(m, &rec);
    ls_matcher_item_end(m, NULL, NULL);
    ls_matcher_free(m);
    return st;
}

/* For a signal rule: does its pattern (and validator) yield [s, e)?  (e == 0: anything) */
static int signal_hits(const struct ls_rule *r, const char *text, size_t s, size_t e)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    size_t off = 0, len = strlen(text);
    int hit = 0;

    if (!md)
        return 0;
    while (off <= len && !hit) {
        int rc = pcre2_match(r->code, (PCRE2_SPTR)text, len, off, 0, md, NULL);
        PCRE2_SIZE *ov;
        size_t ms, me;

        if (rc < 0)
            break;
        ov = pcre2_get_ovector_pointer(md);
        ms = ov[0];
        me = ov[1];
        off = me > ms ? me : ms + 1;
        if (r->value_group && r->value_group < rc && ov[2 * r->value_group] != PCRE2_UNSET) {
            ms = ov[2 * r->value_group];
            me = ov[2 * r->value_group + 1];
        }
        if (me <= ms || (r->validator && !r->validator->fn(text + ms, me - ms)))
            continue;
        hit = e == 0 || (ms == s && me == e);
    }
    pcre2_match_data_free(md);
    return hit;
}

/* The text on one line, shortened. */
static void show(const char *s, char *out, size_t outlen)
{
    size_t k = 0;

    for (; *s && k + 4 < outlen; s++)
        out[k++] = (*s == '\n' || *s == '\t') ? ' ' : *s;
    if (*s) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

static int check_rule(const struct ls_ruleset *rs, const struct ls_rule *r, size_t *nex,
                      size_t *ncex)
{
    const char *cat = r->cat >= 0 ? rs->cats[r->cat].id : rs->signals[r->signal];
    struct seen seen;
    char shown[120];
    size_t i, k;
    int fails = 0;

    for (i = 0; i < r->nex; i++) {
        const struct ls_example *x = &r->ex[i];
        const char *at = strstr(x->text, x->match);
        size_t s = at ? (size_t)(at - x->text) : 0, e = s + strlen(x->match);
        int ok = 0;

        (*nex)++;
        seen.n = 0;
        if (r->cat < 0) {
            ok = signal_hits(r, x->text, s, e);
        } else {
            if (run_text(rs, x->text, &seen) != LS_OK)
                return fails + 1;
            for (k = 0; k < seen.n && !ok; k++)
                ok = !strcmp(seen.f[k].category, cat) && seen.f[k].start == s &&
                     seen.f[k].end == e && seen.f[k].conf >= x->conf;
        }
        if (!ok) {
            show(x->text, shown, sizeof shown);
            printf("%s:%u: rule %s: example '%s' does not yield %s '%s' at confidence %s or above",
                   r->file, x->line, r->id, shown, cat, x->match, ls_conf_name(x->conf));
            if (r->cat >= 0) {
                printf(" (found:");
                for (k = 0; k < seen.n; k++)
                    printf(" %s '%.*s' %s by %s;", seen.f[k].category,
                           (int)(seen.f[k].end - seen.f[k].start), x->text + seen.f[k].start,
                           ls_conf_name(seen.f[k].conf), seen.f[k].rule);
                printf("%s)", seen.n ? "" : " nothing");
            }
            printf("\n");
            fails++;
        }
    }
    for (i = 0; i < r->ncex; i++) {
        const struct ls_example *x = &r->cex[i];

        (*ncex)++;
        if (r->cat < 0) {
            if (signal_hits(r, x->text, 0, 0)) {
                show(x->text, shown, sizeof shown);
                printf("%s:%u: rule %s: counterexample '%s' yields signal %s\n", r->file, x->line,
                       r->id, shown, cat);
                fails++;
            }
            continue;
        }
        if (run_text(rs, x->text, &seen) != LS_OK)
            return fails + 1;
        for (k = 0; k < seen.n; k++)
            if (!strcmp(seen.f[k].category, cat) && seen.f[k].conf >= x->conf) {
                show(x->text, shown, sizeof shown);
                printf("%s:%u: rule %s: counterexample '%s' yields %s '%.*s' (confidence %s, rule "
                       "%s)\n",
                       r->file, x->line, r->id, shown, cat, (int)(seen.f[k].end - seen.f[k].start),
                       x->text + seen.f[k].start, ls_conf_name(seen.f[k].conf), seen.f[k].rule);
                fails++;
                break;
            }
    }
    return fails;
}

static int unbounded_brace(const char *p)
{
    const char *e = strchr(p, '}'), *comma = strchr(p, ',');

    return e && comma && comma < e && comma + 1 == e;
}

/* An unbounded quantifier applied to a group that itself holds one: (a+)+, (\d*x)*. */
static int nested_quantifier(const char *p)
{
    int stack[64], depth = 0;
    size_t i, n = strlen(p);

    stack[0] = 0;
    for (i = 0; i < n; i++) {
        char c = p[i];

        if (c == '\\') {
            if (p[i + 1] == 'Q') {
                const char *e = strstr(p + i, "\\E");

                if (!e)
                    return 0;
                i = (size_t)(e - p) + 1;
            } else {
                i++;
            }
        } else if (c == '[') {
            i++;
            if (p[i] == '^')
                i++;
            if (p[i] == ']')
                i++;
            while (i < n && p[i] != ']') {
                if (p[i] == '\\') {
                    i++;
                } else if (p[i] == '[' && p[i + 1] == ':') {
                    const char *e = strstr(p + i, ":]");

                    if (e)
                        i = (size_t)(e - p) + 1;
                }
                i++;
            }
        } else if (c == '(') {
            if (p[i + 1] == '*') { /* (*VERB) */
                while (i < n && p[i] != ')')
                    i++;
                continue;
            }
            if (depth + 1 < (int)(sizeof stack / sizeof stack[0]))
                stack[++depth] = 0;
        } else if (c == ')') {
            int inner = depth > 0 ? stack[depth] : 0;
            char q = p[i + 1];
            int unbounded = q == '+' || q == '*' || (q == '{' && unbounded_brace(p + i + 1));

            if (depth > 0)
                depth--;
            if (unbounded && inner)
                return 1;
            if (inner || unbounded)
                stack[depth] = 1;
        } else if (c == '+' || c == '*') {
            if (i > 0 && (p[i - 1] == '+' || p[i - 1] == '*' || p[i - 1] == '?' ||
                          p[i - 1] == '}' || p[i - 1] == '('))
                continue; /* possessive or lazy marker, or (*… */
            stack[depth] = 1;
        } else if (c == '{' && unbounded_brace(p + i)) {
            stack[depth] = 1;
        }
    }
    return 0;
}

/* Runs the pattern on adversarial text; a description of the worst outcome, or NULL. */
static const char *probe(const struct ls_rule *r, char *msg, size_t msglen)
{
    static const char *const seeds[] = {"a",  "A",  "1",  "1-", "1.", "a.",
                                        "a@", "1 ", "A1", " ",  NULL};
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    char *buf = malloc(LS_PROBE_BYTES + 2);
    const char *found = NULL;
    size_t si, nseeds = sizeof seeds / sizeof seeds[0] - 1, total = nseeds + r->nex;

    if (!mc || !md || !buf)
        goto out;
    pcre2_set_match_limit(mc, LS_PROBE_MATCH_LIMIT);
    pcre2_set_depth_limit(mc, 10000);
    for (si = 0; si < total && !found; si++) {
        const char *seed = si < nseeds ? seeds[si] : r->ex[si - nseeds].text;
        size_t sl = strlen(seed), k = 0, off = 0;
        struct timespec t0, t1;
        double ms;
        int rc = 0;

        if (si >= nseeds && sl > 1)
            sl--; /* an example less its last byte, repeated: near misses */
        if (!sl)
            continue;
        while (k + sl <= LS_PROBE_BYTES) {
            memcpy(buf + k, seed, sl);
            k += sl;
        }
        buf[k++] = '!';
        clock_gettime(CLOCK_MONOTONIC, &t0);
        while (off <= k) {
            PCRE2_SIZE *ov;

            rc = pcre2_match(r->code, (PCRE2_SPTR)buf, k, off, 0, md, mc);
            if (rc < 0)
                break;
            ov = pcre2_get_ovector_pointer(md);
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
            rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
            snprintf(msg, msglen,
                     "PCRE2 limit hit on %zu bytes of repeated '%.*s' (match limit %d): "
                     "catastrophic backtracking",
                     k, (int)(sl > 20 ? 20 : sl), seed, LS_PROBE_MATCH_LIMIT);
            found = msg;
        } else if (ms > LS_PROBE_MS) {
            snprintf(msg, msglen, "%.0f ms on %zu bytes of repeated '%.*s': slow pattern", ms, k,
                     (int)(sl > 20 ? 20 : sl), seed);
            found = msg;
        }
    }
out:
    pcre2_match_context_free(mc);
    pcre2_match_data_free(md);
    free(buf);
    return found;
}

/* Warns about words of wl that occur in no example of r. */
static int lint_context(const struct ls_rule *r, const struct ls_wordlist *wl, const char *what)
{
    struct ls_fold f = {0};
    struct ls_toks tk = {0};
    size_t p, i, k;
    int warns = 0;

    for (p = 0; p < wl->n; p++) {
        int seen = 0;

        for (i = 0; i < r->nex && !seen; i++) {
            if (ls_fold_text(&f, r->ex[i].text, strlen(r->ex[i].text)) < 0 ||
                ls_tokenize(&tk, f.buf, f.len) < 0)
                break;
            for (k = 0; k < tk.n && !seen; k++)
                seen = ls_phrase_at(&wl->p[p], f.buf, &tk, k);
        }
        if (!seen) {
            printf("%s:%u: rule %s: warning: %s word '%s' occurs in no example\n", r->file,
                   wl->p[p].line, r->id, what, wl->p[p].text);
            warns++;
        }
    }
    ls_fold_free(&f);
    ls_toks_free(&tk);
    return warns;
}

static int lint_rule(const struct ls_rule *r)
{
    char msg[256];
    int warns = 0;

    if (r->nex == 0) {
        printf("%s:%u: rule %s: warning: no examples\n", r->file, r->line, r->id);
        warns++;
    }
    if (r->ncex == 0) {
        printf("%s:%u: rule %s: warning: no counterexamples\n", r->file, r->line, r->id);
        warns++;
    }
    if (nested_quantifier(r->pattern)) {
        printf("%s:%u: rule %s: warning: nested unbounded quantifiers (like (a+)+) can backtrack "
               "catastrophically\n",
               r->file, r->line, r->id);
        warns++;
    }
    if (probe(r, msg, sizeof msg)) {
        printf("%s:%u: rule %s: warning: %s\n", r->file, r->line, r->id, msg);
        warns++;
    }
    warns += lint_context(r, &r->ctx, "context");
    warns += lint_context(r, &r->neg, "negative_context");
    return warns;
}

static const char *what_of(const struct ls_ruleset *rs, int cat, int signal)
{
    static char buf[160];

    if (cat >= 0)
        return rs->cats[cat].id;
    snprintf(buf, sizeof buf, "signal:%s", rs->signals[signal]);
    return buf;
}

/* The words of wl after a label, wrapped at about 100 columns, continued
 * lines indented under the first word. */
static void list_words(const char *label, const struct ls_wordlist *wl)
{
    int indent = 11 + (int)strlen(label) + 1;
    size_t i, col = 0;

    for (i = 0; i < wl->n; i++) {
        size_t w = strlen(wl->p[i].text) + (i + 1 < wl->n ? 1 : 0);

        if (i == 0)
            col = (size_t)printf("           %s ", label);
        else if (col + 1 + w > 100)
            col = (size_t)printf("\n%*s", indent, "");
        else
            col += (size_t)printf(" ");
        col += (size_t)printf("%s%s", wl->p[i].text, i + 1 < wl->n ? "," : "");
    }
    if (wl->n)
        printf("\n");
}

static void list_pack(const struct ls_ruleset *rs, size_t p)
{
    size_t i, ncol = 0, nkw = 0, nrt = 0;

    for (i = 0; i < rs->ncolumns; i++)
        ncol += rs->columns[i].pack == p;
    for (i = 0; i < rs->nkw; i++)
        nkw += rs->kw[i].pack == p;
    for (i = 0; i < rs->nrectypes; i++)
        nrt += rs->rectypes[i].pack == p;
    printf("pack %s %s (%s%s): %zu rules, %zu columns, %zu keyword classes, %zu record types\n",
           rs->packs[p].name, rs->packs[p].version, rs->packs[p].builtin ? "built-in " : "",
           rs->packs[p].file, rs->packs[p].nrules, ncol, nkw, nrt);
    if (rs->packs[p].description)
        printf("  %s\n", rs->packs[p].description);
    for (i = 0; i < rs->nrules; i++) {
        const struct ls_rule *r = &rs->rules[i];

        if (r->pack != p)
            continue;
        printf("  rule     %-22s %-28s validate=%-12s confidence=%-6s examples=%zu "
               "counterexamples=%zu%s%s\n",
               r->id, what_of(rs, r->cat, r->signal), r->validator ? r->validator->name : "-",
               ls_conf_name(r->conf), r->nex, r->ncex,
               r->field_conf >= 0 ? " field_confidence=" : "",
               r->field_conf >= 0 ? ls_conf_name(r->field_conf) : "");
    }
    for (i = 0; i < rs->ncolumns; i++) {
        const struct ls_column *c = &rs->columns[i];

        if (c->pack == p)
            printf("  column   %-22s %-28s %s, %zu header keywords\n", c->id,
                   what_of(rs, c->cat, c->signal),
                   c->signal >= 0              ? "signal"
                   : c->values == LS_COL_COUNT ? "values counted"
                                               : "values by pattern",
                   c->kw.n);
        if (c->pack == p)
            list_words("field names:", &c->kw);
    }
    for (i = 0; i < rs->nkw; i++)
        if (rs->kw[i].pack == p)
            printf("  keywords %-22s %-28s %zu words\n", rs->kw[i].id, rs->cats[rs->kw[i].cat].id,
                   rs->kw[i].words.n);
    for (i = 0; i < rs->nrectypes; i++)
        if (rs->rectypes[i].pack == p)
            printf("  record   %-22s %zu groups\n", rs->rectypes[i].id, rs->rectypes[i].ngroups);
}

/* ---- rules export --patterns: the patterns as a ripgrep pattern file ----
 *
 * `rg -f FILE` reads one pattern a line and joins the lines with '|' into one
 * regex (one PCRE2 pattern with -P), so each line is rewritten to mean, inside
 * that alternation, what the rule's pattern means alone in a scan:
 *   - wrapped in (?:…), with (?i) inside for a case_insensitive rule, so that
 *     neither an option nor a top-level '|' reaches the next line;
 *   - named groups become plain capture groups (the same name in two rules
 *     would not compile) and every reference to a group, by number or by name
 *     (\1, \g{1}, \k<value>, (?P=value), (?(1)…), (?1), (?&value)), is
 *     renumbered past the groups of the lines before;
 *   - \d \s \w (\D \S \W outside a class) become their ASCII classes: rg -P
 *     compiles in UCP mode, leakscan does not;
 *   - a newline or carriage return becomes \n or \r.
 * Not rewritten (documented in docs/performance.md): \b \B and [[:posix:]]
 * keep rg's Unicode meaning; a pattern in (?x) mode is copied as it is.
 * Recursion of the whole pattern ((?R), (?0)) and start-of-pattern options
 * ((*UTF) …) cannot be expressed inside the alternation: such a rule is
 * reported and left out (exit status 1). */

struct xport {
    struct ls_strbuf *o;
    const pcre2_code *code;
    unsigned off;    /* capture groups of the lines before */
    unsigned ncap;   /* capture groups of this pattern */
    const char *why; /* set when the pattern cannot be exported */
};

/* The number of the group named at p, up to the byte term; *len: bytes of
 * the name and term.  -1 when there is no such group. */
static int group_number(const struct xport *x, const char *p, char term, size_t *len)
{
    char name[128];
    size_t n = 0;
    int g;

    while (p[n] && p[n] != term && n + 1 < sizeof name) {
        name[n] = p[n];
        n++;
    }
    if (p[n] != term)
        return -1;
    name[n] = '\0';
    *len = n + 1;
    g = pcre2_substring_number_from_name(x->code, (PCRE2_SPTR)name);
    return g > 0 ? g : -1;
}

/* A reference to group g (absolute, in this pattern), moved past the groups
 * of the lines before: kind 'b' backreference \g{N}, 'a' subroutine call
 * \g<N>, 's' subroutine call (?N), 'c' condition (?(N). */
static void put_group(struct xport *x, char kind, long g)
{
    unsigned long n = (unsigned long)g + x->off;

    if (g == 0)
        x->why = "recursion of the whole pattern";
    if (kind == 'b')
        ls_strbuf_printf(x->o, "\\g{%lu}", n);
    else if (kind == 'a')
        ls_strbuf_printf(x->o, "\\g<%lu>", n);
    else if (kind == 's')
        ls_strbuf_printf(x->o, "(?%lu)", n);
    else
        ls_strbuf_printf(x->o, "(?(%lu)", n);
}

/* The ASCII meaning of \d \s \w (PCRE2 without UCP): inside a class, its
 * members; outside, a class.  A '-' right after it in a class is escaped
 * (it was literal after a class escape, it would make a range here).
 * Returns the bytes consumed at p (the escape letter and maybe a '-'), or 0
 * when the letter is none of these. */
static size_t ascii_class(struct xport *x, const char *p, int cls)
{
    const char *set = NULL;
    int neg = p[0] == 'D' || p[0] == 'S' || p[0] == 'W';

    switch (p[0] | 32) {
    case 'd':
        set = "0-9";
        break;
    case 's':
        set = "\\t\\n\\x0b\\f\\r\\x20";
        break;
    case 'w':
        set = "0-9A-Za-z_";
        break;
    default:
        return 0;
    }
    if (cls && neg)
        return 0; /* [\D…]: no simple ASCII spelling; kept */
    if (cls) {
        ls_strbuf_puts(x->o, set);
        if (p[1] == '-' && p[2] != ']') {
            ls_strbuf_puts(x->o, "\\-");
            return 2;
        }
        return 1;
    }
    ls_strbuf_printf(x->o, "[%s%s]", neg ? "^" : "", set);
    return 1;
}

/* \g… at p (after the backslash): references by number or name. */
static size_t escape_g(struct xport *x, const char *p)
{
    char open = p[1], close = open == '{' ? '}' : open == '<' ? '>' : open == '\'' ? '\'' : 0;
    const char *q = close ? p + 2 : p + 1;
    size_t len = 0;
    char *end;
    long g;

    if (*q == '-' || *q == '+') {
        ls_strbuf_puts(x->o, "\\g"); /* relative: unchanged */
        return 1;
    }
    g = strtol(q, &end, 10);
    if (end > q && (!close || *end == close)) {
        len = (size_t)(end - p) + (close ? 1 : 0);
    } else if (close) {
        g = group_number(x, q, close, &len);
        len += 2;
    } else {
        g = -1;
    }
    if (g < 0) {
        ls_strbuf_puts(x->o, "\\g");
        return 1;
    }
    put_group(x, open == '<' || open == '\'' ? 'a' : 'b', g);
    return len;
}

/* The escape at p (a backslash); returns the bytes consumed. */
static size_t escape(struct xport *x, const char *p, int cls)
{
    size_t n, len = 0;
    char *end;
    long g;

    if (p[1] == 'Q') { /* \Q…\E: literal, copied */
        const char *e = strstr(p + 2, "\\E");

        n = e ? (size_t)(e - p) + 2 : strlen(p);
        ls_strbuf_append(x->o, p, n);
        return n;
    }
    if ((n = ascii_class(x, p + 1, cls)) > 0)
        return n + 1;
    if (!cls && p[1] >= '1' && p[1] <= '9') {
        g = strtol(p + 1, &end, 10);
        if (g < 10 || p[1] >= '8' || (unsigned long)g <= x->ncap) {
            put_group(x, 'b', g);
            return (size_t)(end - p);
        }
    }
    if (!cls && p[1] == 'g')
        return 1 + escape_g(x, p + 1);
    if (!cls && p[1] == 'k' && (p[2] == '<' || p[2] == '\'' || p[2] == '{')) {
        g = group_number(x, p + 3, p[2] == '<' ? '>' : p[2] == '{' ? '}' : '\'', &len);
        if (g > 0) {
            put_group(x, 'b', g);
            return 3 + len;
        }
    }
    n = p[1] == 'c' && p[2] ? 3 : p[1] ? 2 : 1; /* \cX: X is not syntax */
    ls_strbuf_append(x->o, p, n);
    return n;
}

/* A conditional group at p, "(?(": its condition when it names a group. */
static size_t group_cond(struct xport *x, const char *p)
{
    const char *c = p + 3;
    size_t len = 0;
    char *end;
    long g = -1;

    if (*c == 'R') {
        x->why = "recursion condition (?(R…)";
        return 0;
    }
    if (*c >= '0' && *c <= '9') {
        g = strtol(c, &end, 10);
        len = *end == ')' ? (size_t)(end - c) + 1 : 0;
    } else if (*c == '<' || *c == '\'') {
        g = group_number(x, c + 1, *c == '<' ? '>' : '\'', &len);
        len = g > 0 && c[len + 1] == ')' ? len + 2 : 0;
    } else if (*c != '?' && *c != '*' && strncmp(c, "DEFINE)", 7)) {
        g = group_number(x, c, ')', &len);
    }
    if (g <= 0 || len == 0)
        return 0;
    put_group(x, 'c', g);
    return 3 + len;
}

/* A group opening at p, "(?" or "(*"; returns the bytes consumed. */
static size_t group(struct xport *x, const char *p)
{
    const char *e;
    size_t len = 0, n;
    char *end;
    long g;

    if (p[1] == '*' && p[2] >= 'A' && p[2] <= 'Z' &&
        (!strncmp(p + 2, "UTF", 3) || !strncmp(p + 2, "UCP", 3) || !strncmp(p + 2, "NO_", 3) ||
         !strncmp(p + 2, "LIMIT_", 6) || !strncmp(p + 2, "CR)", 3) || !strncmp(p + 2, "LF)", 3) ||
         !strncmp(p + 2, "CRLF)", 5) || !strncmp(p + 2, "ANY", 3) || !strncmp(p + 2, "NUL)", 4) ||
         !strncmp(p + 2, "BSR_", 4) || !strncmp(p + 2, "NOTEMPTY", 8)))
        x->why = "start-of-pattern option (*…)";
    if (p[1] == '?' && p[2] == '#' && (e = strchr(p, ')'))) { /* comment */
        ls_strbuf_append(x->o, p, (size_t)(e - p) + 1);
        return (size_t)(e - p) + 1;
    }
    if (p[1] != '?') {
        ls_strbuf_putc(x->o, '(');
        return 1;
    }
    /* named group → plain capture group */
    if ((p[2] == '<' && p[3] != '=' && p[3] != '!') || p[2] == '\'' ||
        (p[2] == 'P' && p[3] == '<')) {
        char term = p[2] == '\'' ? '\'' : '>';

        if ((e = strchr(p + 3, term))) {
            ls_strbuf_putc(x->o, '(');
            return (size_t)(e - p) + 1;
        }
    }
    /* references by name: (?P=name) (?P>name) (?&name) */
    if ((p[2] == 'P' && (p[3] == '=' || p[3] == '>')) || p[2] == '&') {
        n = p[2] == '&' ? 3 : 4;
        g = group_number(x, p + n, ')', &len);
        if (g > 0) {
            put_group(x, p[3] == '=' ? 'b' : 's', g);
            return n + len;
        }
    }
    if (p[2] == '(' && (n = group_cond(x, p)) > 0)
        return n;
    if (p[2] == 'R' && p[3] == ')')
        x->why = "recursion of the whole pattern (?R)";
    if (p[2] >= '0' && p[2] <= '9') { /* subroutine call (?N) */
        g = strtol(p + 2, &end, 10);
        if (*end == ')') {
            put_group(x, 's', g);
            return (size_t)(end - p) + 1;
        }
    }
    ls_strbuf_puts(x->o, "(?");
    return 2;
}

/* r's pattern as one line of a ripgrep pattern file, in o; NULL, or why not. */
static const char *export_rule(const struct ls_rule *r, unsigned off, struct ls_strbuf *o)
{
    struct xport x = {o, r->code, off, 0, NULL};
    uint32_t opts = 0, ncap = 0;
    const char *p = r->pattern;
    int cls = 0;

    pcre2_pattern_info(r->code, PCRE2_INFO_ARGOPTIONS, &opts);
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    x.ncap = ncap;
    ls_strbuf_puts(o, opts & PCRE2_CASELESS ? "(?:(?i)" : "(?:");
    while (*p && !x.why) {
        if (*p == '\\') {
            p += escape(&x, p, cls);
        } else if (*p == '\n' || *p == '\r') {
            ls_strbuf_puts(o, *p == '\n' ? "\\n" : "\\r");
            p++;
        } else if (cls) {
            const char *e = p[0] == '[' && p[1] == ':' ? strstr(p, ":]") : NULL;
            size_t n = e ? (size_t)(e - p) + 2 : 1;

            cls = *p != ']';
            ls_strbuf_append(o, p, n);
            p += n;
        } else if (*p == '[') {
            size_t n = 1 + (p[1] == '^');

            n += p[n] == ']'; /* a leading ']' is a member */
            ls_strbuf_append(o, p, n);
            p += n;
            cls = 1;
        } else if (*p == '(') {
            p += group(&x, p);
        } else {
            ls_strbuf_putc(o, *p++);
        }
    }
    ls_strbuf_putc(o, ')');
    if (!x.why && o->overflow)
        x.why = "out of memory";
    return x.why;
}

/* Prints the patterns of the regex rules of packs [first, npacks), one a
 * line; returns the number of rules left out (reported on stderr). */
static int export_patterns(const struct ls_ruleset *rs, size_t first)
{
    struct ls_strbuf line;
    unsigned off = 0;
    size_t i;
    int left_out = 0;

    ls_strbuf_init(&line, (size_t)1 << 24);
    for (i = 0; i < rs->nrules; i++) {
        const struct ls_rule *r = &rs->rules[i];
        const char *why;
        uint32_t ncap = 0;

        if (r->pack < first || !r->pattern || !r->code)
            continue; /* not a regex rule */
        ls_strbuf_reset(&line);
        if ((why = export_rule(r, off, &line)) != NULL) {
            fprintf(stderr, "%s:%u: rule %s: not exported: %s\n", r->file, r->line, r->id, why);
            left_out++;
            continue;
        }
        pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
        off += ncap;
        fwrite(line.data, 1, line.len, stdout);
        putchar('\n');
    }
    ls_strbuf_free(&line);
    return left_out;
}

static int usage(void)
{
    fprintf(stderr, "usage: leakscan rules list|check|lint [PATH...]\n"
                    "       leakscan rules export --patterns [PATH...]\n"
                    "       leakscan rules categories\n");
    return 2;
}

/* `rules categories`: every id --fail-on takes, from the taxonomy (a pack's
 * own ids, PACK.ID, are listed by `rules list PATH`). */
static int list_categories(void)
{
    static const char *const kinds[] = {"category", "keyword class", "record type"};
    const struct ls_taxon *t;
    const char *const *c;

    printf("GDPR classes:");
    for (c = ls_gdpr_classes; *c; c++)
        printf(" %s", *c);
    printf("\nSeverity levels: low medium high very high (--fail-on severity>=LEVEL)\n\n");
    printf("%-32s %-14s %s\n", "id", "kind", "GDPR class");
    for (t = ls_taxonomy; t->id; t++)
        printf("%-32s %-14s %s\n", t->id, kinds[t->kind], t->gdpr ? t->gdpr : "-");
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}

/* The packs that PATHs hold, loaded on their own, for their names (errors
 * are left to the real load).  A ruleset to free, or NULL. */
static struct ls_ruleset *path_packs(int argc, char **argv, int argi)
{
    struct ls_ruleset *rs = NULL;
    char err[256];

    if (ls_ruleset_new(&rs) != LS_OK)
        return NULL;
    for (; argi < argc; argi++)
        if (ls_ruleset_add_path(rs, argv[argi], err, sizeof err) != LS_OK)
            break;
    return rs;
}

/* Is the built-in pack b also given as a PATH (same pack name)? */
static int builtin_overridden(const struct ls_builtin_pack *b, const struct ls_ruleset *paths)
{
    struct ls_ruleset *one = NULL;
    char err[256];
    size_t i;
    int hit = 0;

    if (!paths || ls_ruleset_new(&one) != LS_OK)
        return 0;
    if (ls_ruleset_add_text(one, b->name, b->text, strlen(b->text), 1, err, sizeof err) == LS_OK &&
        one->npacks == 1)
        for (i = 0; i < paths->npacks && !hit; i++)
            hit = paths->packs[i].name && !strcmp(paths->packs[i].name, one->packs[0].name);
    ls_ruleset_free(one);
    return hit;
}

int ls_rules_main(int argc, char **argv)
{
    struct ls_ruleset *rs = NULL, *paths;
    const struct ls_builtin_pack *b;
    const char *cmd;
    char err[1024];
    size_t first_user, p, i, nex = 0, ncex = 0, nrules = 0;
    int argi = 0, problems = 0, rc;
    ls_status st;

    if (argi < argc && !strcmp(argv[argi], "rules"))
        argi++;
    if (argi >= argc)
        return usage();
    cmd = argv[argi++];
    if (!strcmp(cmd, "categories"))
        return argi < argc ? usage() : list_categories();
    if (!strcmp(cmd, "export")) {
        /* the one export format so far: a ripgrep pattern file */
        if (argi >= argc || strcmp(argv[argi], "--patterns"))
            return usage();
        argi++;
    } else if (strcmp(cmd, "list") && strcmp(cmd, "check") && strcmp(cmd, "lint")) {
        return usage();
    }
    err[0] = '\0';
    if ((st = ls_ruleset_new(&rs)) != LS_OK) {
        fprintf(stderr, "leakscan rules: %s\n", ls_strerror(st));
        return 2;
    }
    /* A pack given as PATH replaces the built-in pack of the same name, so
     * that an author checks the edited rules/starter.yaml without rebuilding. */
    paths = argi < argc ? path_packs(argc, argv, argi) : NULL;
    for (b = ls_builtin_packs; b->name && st == LS_OK; b++)
        if (!builtin_overridden(b, paths))
            st = ls_ruleset_add_text(rs, b->name, b->text, strlen(b->text), 1, err, sizeof err);
    ls_ruleset_free(paths);
    first_user = rs->npacks;
    for (; argi < argc && st == LS_OK; argi++)
        st = ls_ruleset_add_path(rs, argv[argi], err, sizeof err);
    if (st == LS_OK)
        st = ls_ruleset_finish(rs, err, sizeof err);
    if (st != LS_OK) {
        fprintf(stderr, "leakscan rules: %s\n", err[0] ? err : ls_strerror(st));
        ls_ruleset_free(rs);
        return 2;
    }
    if (first_user == rs->npacks)
        first_user = 0; /* no PATH: the built-in packs */
    if (!strcmp(cmd, "export")) {
        rc = export_patterns(rs, first_user) ? 1 : 0;
        if (fflush(stdout) != 0 || ferror(stdout)) {
            perror("leakscan rules export");
            rc = 2;
        }
        ls_ruleset_free(rs);
        return rc;
    }
    for (p = first_user; p < rs->npacks; p++) {
        if (!strcmp(cmd, "list")) {
            list_pack(rs, p);
            continue;
        }
        for (i = 0; i < rs->nrules; i++) {
            if (rs->rules[i].pack != p)
                continue;
            nrules++;
            if (!strcmp(cmd, "check"))
                problems += check_rule(rs, &rs->rules[i], &nex, &ncex);
            else
                problems += lint_rule(&rs->rules[i]);
        }
    }
    if (!strcmp(cmd, "check"))
        printf("rules check: %zu packs, %zu rules, %zu examples, %zu counterexamples: %s%d "
               "failures\n",
               rs->npacks - first_user, nrules, nex, ncex, problems ? "" : "ok, ", problems);
    else if (!strcmp(cmd, "lint"))
        printf("rules lint: %zu packs, %zu rules: %s%d warnings\n", rs->npacks - first_user, nrules,
               problems ? "" : "ok, ", problems);
    rc = problems ? 1 : 0;
    ls_ruleset_free(rs);
    return rc;
}
