/* rules.c — YAML rule packs → one immutable ruleset (rules.h).
 *
 * Packs are read with libyaml's document API (every node keeps its
 * line:column); the format is described in rules/README.md.  Every error is
 * reported as "file:line:column: what" and stops the load with LS_ERULES.
 * Patterns are compiled and JIT-compiled here, once; workers share them. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "match/classify.h"
#include "match/rules.h"
#include "match/taxonomy.h"

/* A pack file larger than this is refused (packs are hand-written text). */
#define LS_MAX_PACK_BYTES (16u << 20)
/* Largest context window, in bytes around the match. */
#define LS_MAX_WINDOW 1000
#define LS_DEFAULT_WINDOW 40

struct ld {
    struct ls_ruleset *rs;
    const char *file; /* owned by the pack once it exists */
    yaml_document_t *doc;
    size_t pack;
    char *err;
    size_t errlen;
    int nomem;
};

static const char *const conf_names[] = {"low", "medium", "high"};

const char *ls_conf_name(int conf)
{
    return conf >= 0 && conf <= 2 ? conf_names[conf] : "low";
}

__attribute__((format(printf, 3, 4))) static int fail(struct ld *l, const yaml_node_t *n,
                                                      const char *fmt, ...)
{
    va_list ap;
    int k = snprintf(l->err, l->errlen, "%s:%lu:%lu: ", l->file,
                     n ? (unsigned long)n->start_mark.line + 1 : 1UL,
                     n ? (unsigned long)n->start_mark.column + 1 : 1UL);

    if (k >= 0 && (size_t)k < l->errlen) {
        va_start(ap, fmt);
        vsnprintf(l->err + k, l->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int oom(struct ld *l)
{
    l->nomem = 1;
    snprintf(l->err, l->errlen, "%s: out of memory", l->file);
    return -1;
}

/* Arrays grow by one element; packs are small. */
static void *grow(void *p, size_t n, size_t size)
{
    return realloc(p, (n + 1) * size);
}

static yaml_node_t *node(struct ld *l, yaml_node_item_t i)
{
    return yaml_document_get_node(l->doc, i);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int want_scalar(struct ld *l, const yaml_node_t *n, const char *what, const char **out)
{
    *out = scalar(n);
    if (!*out)
        return fail(l, n, "%s must be a scalar", what);
    return 0;
}

static int want_type(struct ld *l, const yaml_node_t *n, yaml_node_type_t t, const char *what)
{
    static const char *const tn[] = {"", "a scalar", "a sequence", "a mapping"};

    if (n->type != t)
        return fail(l, n, "%s must be %s", what, tn[t]);
    return 0;
}

/* Checks the keys of a mapping against a NULL-terminated list. */
static int check_keys(struct ld *l, const yaml_node_t *map, const char *what,
                      const char *const *allowed)
{
    yaml_node_pair_t *p;

    for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key);
        const char *ks = scalar(k);
        const char *const *a;

        if (!ks)
            return fail(l, k, "%s: keys must be scalars", what);
        for (a = allowed; *a; a++)
            if (strcmp(*a, ks) == 0)
                break;
        if (!*a)
            return fail(l, k, "%s: unknown key '%s'", what, ks);
    }
    return 0;
}

static yaml_node_t *get(struct ld *l, const yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p;

    for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        const char *ks = scalar(node(l, p->key));

        if (ks && strcmp(ks, key) == 0)
            return node(l, p->value);
    }
    return NULL;
}

static int parse_uint(struct ld *l, const yaml_node_t *n, const char *what, unsigned max,
                      unsigned *out)
{
    const char *s;
    char *end;
    unsigned long v;

    if (want_scalar(l, n, what, &s) < 0)
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (!*s || *end || errno || v > max || *s == '-')
        return fail(l, n, "%s must be a whole number from 0 to %u", what, max);
    *out = (unsigned)v;
    return 0;
}

static int parse_bool(struct ld *l, const yaml_node_t *n, const char *what, int *out)
{
    const char *s;

    if (want_scalar(l, n, what, &s) < 0)
        return -1;
    if (!strcmp(s, "true") || !strcmp(s, "yes"))
        *out = 1;
    else if (!strcmp(s, "false") || !strcmp(s, "no"))
        *out = 0;
    else
        return fail(l, n, "%s must be true or false", what);
    return 0;
}

static int parse_conf(struct ld *l, const yaml_node_t *n, const char *what, int *out)
{
    const char *s;
    int i;

    if (want_scalar(l, n, what, &s) < 0)
        return -1;
    for (i = 0; i < 3; i++)
        if (!strcmp(s, conf_names[i])) {
            *out = i;
            return 0;
        }
    return fail(l, n, "%s must be low, medium or high, not '%s'", what, s);
}

static int ident_ok(const char *s, int dots)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
              (dots && *s == '.')))
            return 0;
    return 1;
}

int ls_ruleset_cat(const struct ls_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->ncats; i++)
        if (!strcmp(rs->cats[i].id, id))
            return (int)i;
    return -1;
}

static int add_cat(struct ls_ruleset *rs, const char *id, const char *gdpr)
{
    struct ls_cat *nc = grow(rs->cats, rs->ncats, sizeof *nc);

    if (!nc)
        return -1;
    rs->cats = nc;
    rs->cats[rs->ncats].id = strdup(id);
    rs->cats[rs->ncats].gdpr = gdpr;
    if (!rs->cats[rs->ncats].id)
        return -1;
    return (int)rs->ncats++;
}

static int find_signal(const struct ls_ruleset *rs, const char *id)
{
    size_t i;

    for (i = 0; i < rs->nsignals; i++)
        if (!strcmp(rs->signals[i], id))
            return (int)i;
    return -1;
}

/* Is id this pack's own prefixed id ("<pack>.<x>")? */
static int own_prefix(struct ld *l, const char *id)
{
    const char *pn = l->rs->packs[l->pack].name;
    size_t pl = strlen(pn);

    return strncmp(id, pn, pl) == 0 && id[pl] == '.' && ident_ok(id + pl + 1, 1);
}

/* Resolves the category of a rule, column or keyword class. */
static int category_of(struct ld *l, const yaml_node_t *n, int keyword_class, int *out)
{
    /* A keyword dictionary feeds a keyword class; a rule or a column feeds a
     * value category or a keyword class (a rule may find special_*). */
    unsigned allowed =
        keyword_class ? LS_TAXON_M_KEYWORD_CLASS : LS_TAXON_M_CATEGORY | LS_TAXON_M_KEYWORD_CLASS;
    const char *s;
    int c;

    if (want_scalar(l, n, "category", &s) < 0)
        return -1;
    c = ls_ruleset_cat(l->rs, s);
    if (c >= 0 && (strchr(s, '.') || ls_taxon_find(s, allowed))) {
        *out = c;
        return 0;
    }
    if (ls_taxon_find(s, LS_TAXON_M_ANY))
        return fail(l, n, "category '%s' cannot be used here (%s)", s,
                    keyword_class ? "keyword classes are special_* or criminal_offence"
                                  : "it is a record type");
    if (!own_prefix(l, s))
        return fail(l, n,
                    "unknown category '%s' (not in the taxonomy, docs/taxonomy.md; a pack's own "
                    "categories are "
                    "prefixed with its name, e.g. '%s.%s')",
                    s, l->rs->packs[l->pack].name, s);
    c = add_cat(l->rs, s, "personal");
    if (c < 0)
        return oom(l);
    *out = c;
    return 0;
}

static int signal_of(struct ld *l, const yaml_node_t *n, int *out)
{
    const char *s;
    char **ns;
    int c;

    if (want_scalar(l, n, "signal", &s) < 0)
        return -1;
    if (!ident_ok(s, 1))
        return fail(l, n, "signal '%s' must be lower-case letters, digits, '_', '-' or '.'", s);
    if (ls_taxon_find(s, LS_TAXON_M_ANY) || ls_ruleset_cat(l->rs, s) >= 0)
        return fail(l, n, "signal '%s' is a category id; use category: instead", s);
    c = find_signal(l->rs, s);
    if (c < 0) {
        ns = grow(l->rs->signals, l->rs->nsignals, sizeof *ns);
        if (!ns)
            return oom(l);
        l->rs->signals = ns;
        ns[l->rs->nsignals] = strdup(s);
        if (!ns[l->rs->nsignals])
            return oom(l);
        c = (int)l->rs->nsignals++;
    }
    *out = c;
    return 0;
}

static int add_word(struct ld *l, struct ls_wordlist *wl, const yaml_node_t *n)
{
    const char *s;
    struct ls_phrase *np;
    int r;

    if (want_scalar(l, n, "a word", &s) < 0)
        return -1;
    np = grow(wl->p, wl->n, sizeof *np);
    if (!np)
        return oom(l);
    wl->p = np;
    r = ls_phrase_make(&wl->p[wl->n], s);
    if (r == -2)
        return fail(l, n, "word '%s' has no letters or digits", s);
    if (r < 0)
        return oom(l);
    wl->p[wl->n].line = (unsigned)n->start_mark.line + 1;
    wl->p[wl->n].col = (unsigned)n->start_mark.column + 1;
    wl->n++;
    return 0;
}

/* A word list: a sequence of words, or a mapping nl/fr/de/en → sequence. */
static int parse_words(struct ld *l, const yaml_node_t *n, const char *what, struct ls_wordlist *wl)
{
    static const char *const langs[] = {"nl", "fr", "de", "en", NULL};
    yaml_node_item_t *it;
    yaml_node_pair_t *p;

    if (n->type == YAML_SEQUENCE_NODE) {
        for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++)
            if (add_word(l, wl, node(l, *it)) < 0)
                return -1;
        return 0;
    }
    if (n->type != YAML_MAPPING_NODE)
        return fail(l, n, "%s must be a list of words or a mapping of nl/fr/de/en to lists", what);
    if (check_keys(l, n, what, langs) < 0)
        return -1;
    for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *v = node(l, p->value);

        if (want_type(l, v, YAML_SEQUENCE_NODE, what) < 0)
            return -1;
        for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
            if (add_word(l, wl, node(l, *it)) < 0)
                return -1;
    }
    return 0;
}

static int parse_examples(struct ld *l, const yaml_node_t *n, int counter, struct ls_example **out,
                          size_t *nout)
{
    static const char *const ek[] = {"text", "match", "confidence", NULL};
    static const char *const ck[] = {"text", "confidence", NULL};
    const char *what = counter ? "counterexamples" : "examples";
    yaml_node_item_t *it;

    if (want_type(l, n, YAML_SEQUENCE_NODE, what) < 0)
        return -1;
    for (it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        yaml_node_t *e = node(l, *it), *t, *m, *c;
        struct ls_example *ne = grow(*out, *nout, sizeof *ne), *x;
        const char *ts, *ms;

        if (!ne)
            return oom(l);
        *out = ne;
        x = &ne[*nout];
        memset(x, 0, sizeof *x);
        x->line = (unsigned)e->start_mark.line + 1;
        x->col = (unsigned)e->start_mark.column + 1;
        x->conf = LS_CONF_LOW;
        if (e->type == YAML_SCALAR_NODE) {
            ts = scalar(e);
            ms = ts;
        } else if (e->type == YAML_MAPPING_NODE) {
            if (check_keys(l, e, what, counter ? ck : ek) < 0)
                return -1;
            t = get(l, e, "text");
            if (!t)
                return fail(l, e, "%s: an example mapping needs text:", what);
            if (want_scalar(l, t, "text", &ts) < 0)
                return -1;
            ms = ts;
            if ((m = get(l, e, "match"))) {
                if (want_scalar(l, m, "match", &ms) < 0)
                    return -1;
                if (!*ms || !strstr(ts, ms))
                    return fail(l, m, "match '%s' does not occur in text", ms);
            }
            if ((c = get(l, e, "confidence")) && parse_conf(l, c, "confidence", &x->conf) < 0)
                return -1;
        } else {
            return fail(l, e, "each of %s must be a string or a mapping", what);
        }
        x->text = strdup(ts);
        x->match = strdup(ms);
        (*nout)++;
        if (!x->text || !x->match)
            return oom(l);
    }
    return 0;
}

static int parse_context(struct ld *l, const yaml_node_t *n, int negative, struct ls_rule *r)
{
    static const char *const ck[] = {"words", "window", "side", NULL};
    static const char *const nk[] = {"words", "window", NULL};
    const char *what = negative ? "negative_context" : "context";
    yaml_node_t *w;
    unsigned win = LS_DEFAULT_WINDOW;

    if (want_type(l, n, YAML_MAPPING_NODE, what) < 0 ||
        check_keys(l, n, what, negative ? nk : ck) < 0)
        return -1;
    w = get(l, n, "words");
    if (!w)
        return fail(l, n, "%s needs words:", what);
    if (parse_words(l, w, what, negative ? &r->neg : &r->ctx) < 0)
        return -1;
    if ((w = get(l, n, "window")) && parse_uint(l, w, "window", LS_MAX_WINDOW, &win) < 0)
        return -1;
    if (negative) {
        r->neg_window = win;
    } else {
        const char *s;

        r->ctx_window = win;
        if ((w = get(l, n, "side"))) {
            if (want_scalar(l, w, "side", &s) < 0)
                return -1;
            if (!strcmp(s, "both"))
                r->ctx_side = LS_SIDE_BOTH;
            else if (!strcmp(s, "before"))
                r->ctx_side = LS_SIDE_BEFORE;
            else if (!strcmp(s, "after"))
                r->ctx_side = LS_SIDE_AFTER;
            else
                return fail(l, w, "side must be before, after or both");
        }
    }
    return 0;
}

/* Whether the pattern turns caseless matching on with an inline option
 * group anywhere — (?i), (?i:…), (?xi) — not after a '-' ((?-i) turns it
 * off).  Conservative: an escaped "\\(?" followed by letters also counts,
 * which only weakens the start-byte check. */
static int inline_caseless(const char *p)
{
    for (; (p = strstr(p, "(?")) != NULL; p += 2) {
        int off = 0;

        for (const char *q = p + 2; *q && *q != ')' && *q != ':'; q++) {
            if (*q == '-')
                off = 1;
            else if (*q == 'i' && !off)
                return 1;
            else if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '^'))
                break;
        }
    }
    return 0;
}

/* The bytes a match of r can start with, as PCRE2 itself computed them
 * (first code unit or start bitmap); nothing known leaves has_first 0. */
static void first_bytes(struct ls_rule *r, int caseless)
{
    uint32_t type = 0, unit = 0;
    const uint8_t *bitmap = NULL;

    r->has_first = 0;
    /* PCRE2 keeps whether its first code unit is caseless to itself: an
     * inline (?i) must be seen here, or "PROCES-VERBAAL" never reaches a
     * (?i)proces-verbaal rule. */
    caseless = caseless || inline_caseless(r->pattern);
    if (pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODETYPE, &type) != 0)
        return;
    if (type == 1 && pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 &&
        unit < 128) {
        memset(r->first, 0, sizeof r->first);
        r->first[unit >> 3] |= (uint8_t)(1u << (unit & 7));
        if (caseless && (unit | 32) >= 'a' && (unit | 32) <= 'z') {
            unit ^= 32;
            r->first[unit >> 3] |= (uint8_t)(1u << (unit & 7));
            /* Unicode case partners outside ASCII: K and U+212A KELVIN SIGN
             * (E2 84 AA), S and U+017F LONG S (C5 BF): their lead bytes. */
            if ((unit | 32) == 'k')
                r->first[0xE2 >> 3] |= (uint8_t)(1u << (0xE2 & 7));
            if ((unit | 32) == 's')
                r->first[0xC5 >> 3] |= (uint8_t)(1u << (0xC5 & 7));
        }
        r->has_first = 1;
        return;
    }
    if (type == 0 && pcre2_pattern_info(r->code, PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
        memcpy(r->first, bitmap, sizeof r->first);
        r->has_first = 1;
    }
}

static int compile_pattern(struct ld *l, const yaml_node_t *n, int caseless, struct ls_rule *r)
{
    int ec, g;
    PCRE2_SIZE eo;
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | (caseless ? PCRE2_CASELESS : 0);
    PCRE2_UCHAR msg[256];

    r->code = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED, opts, &ec, &eo, NULL);
    if (!r->code) {
        pcre2_get_error_message(ec, msg, sizeof msg);
        return fail(l, n, "pattern does not compile: %s at pattern offset %lu", (char *)msg,
                    (unsigned long)eo);
    }
    /* JIT is an optimisation: without it (unsupported CPU) the interpreter runs. */
    (void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
    g = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR) "value");
    r->value_group = g > 0 ? g : 0;
    first_bytes(r, caseless);
    ls_prefilter_build(r->pattern, caseless, &r->pf);
    ls_shape_build(r->pattern, caseless, r->has_first ? r->first : NULL, &r->shape);
    if (r->shape.nvar) {
        /* the same pattern, anchored: it matches at a start offset exactly
         * as the unanchored search would match starting there */
        r->acode = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
                                 opts | PCRE2_ANCHORED, &ec, &eo, NULL);
        if (r->acode)
            r->acode_jit = pcre2_jit_compile(r->acode, PCRE2_JIT_COMPLETE) == 0;
        else
            r->shape.nvar = 0;
    }
    if (!r->shape.nvar && (r->pairs = malloc(sizeof *r->pairs)) != NULL &&
        ls_pairs_build(r->pattern, caseless, r->has_first ? r->first : NULL, r->pairs) != 0) {
        free(r->pairs);
        r->pairs = NULL;
    }
    return 0;
}

static int parse_rule(struct ld *l, const yaml_node_t *n)
{
    static const char *const keys[] = {"id",
                                       "category",
                                       "signal",
                                       "description",
                                       "pattern",
                                       "validate",
                                       "normalize",
                                       "context",
                                       "negative_context",
                                       "confidence",
                                       "context_confidence",
                                       "field_confidence",
                                       "examples",
                                       "counterexamples",
                                       "case_insensitive",
                                       NULL};
    struct ls_ruleset *rs = l->rs;
    struct ls_rule *nr, *r;
    yaml_node_t *v, *idn, *pat;
    const char *s;
    size_t i;
    int caseless = 0;

    if (want_type(l, n, YAML_MAPPING_NODE, "a rule") < 0 || check_keys(l, n, "rule", keys) < 0)
        return -1;
    nr = grow(rs->rules, rs->nrules, sizeof *nr);
    if (!nr)
        return oom(l);
    rs->rules = nr;
    r = &nr[rs->nrules];
    memset(r, 0, sizeof *r);
    r->cat = r->signal = -1;
    r->file = l->file;
    r->line = (unsigned)n->start_mark.line + 1;
    r->col = (unsigned)n->start_mark.column + 1;
    r->pack = l->pack;
    r->conf = LS_CONF_MEDIUM;
    r->ctx_conf = -1;
    r->field_conf = -1;
    rs->nrules++; /* counted now so that ls_ruleset_free frees a half-built rule */

    idn = get(l, n, "id");
    if (!idn)
        return fail(l, n, "rule has no id");
    if (want_scalar(l, idn, "id", &s) < 0)
        return -1;
    if (!ident_ok(s, 1))
        return fail(l, idn, "rule id '%s' must be lower-case letters, digits, '.', '_' or '-'", s);
    for (i = 0; i + 1 < rs->nrules; i++)
        if (!strcmp(rs->rules[i].id, s))
            return fail(l, idn, "duplicate rule id '%s' (first defined at %s:%u:%u)", s,
                        rs->rules[i].file, rs->rules[i].line, rs->rules[i].col);
    if (!(r->id = strdup(s)))
        return oom(l);

    v = get(l, n, "category");
    if (v && get(l, n, "signal"))
        return fail(l, v, "rule '%s': give category or signal, not both", r->id);
    if (v) {
        if (category_of(l, v, 0, &r->cat) < 0)
            return -1;
    } else if ((v = get(l, n, "signal"))) {
        if (signal_of(l, v, &r->signal) < 0)
            return -1;
    } else {
        return fail(l, n, "rule '%s' has no category", r->id);
    }

    if ((v = get(l, n, "case_insensitive")) && parse_bool(l, v, "case_insensitive", &caseless) < 0)
        return -1;
    pat = get(l, n, "pattern");
    if (!pat)
        return fail(l, n, "rule '%s' has no pattern", r->id);
    if (want_scalar(l, pat, "pattern", &s) < 0)
        return -1;
    if (!(r->pattern = strdup(s)))
        return oom(l);
    if (compile_pattern(l, pat, caseless, r) < 0)
        return -1;

    if ((v = get(l, n, "validate"))) {
        if (want_scalar(l, v, "validate", &s) < 0)
            return -1;
        if (!(r->validator = ls_validator_find(s)))
            return fail(l, v, "unknown validator '%s'", s);
        r->is_date = strcmp(s, "date") == 0;
    }
    if ((v = get(l, n, "normalize"))) {
        if (want_scalar(l, v, "normalize", &s) < 0)
            return -1;
        if (!(r->normalizer = ls_normalizer_find(s)))
            return fail(l, v, "unknown normalizer '%s'", s);
    }
    if ((v = get(l, n, "confidence")) && parse_conf(l, v, "confidence", &r->conf) < 0)
        return -1;
    if ((v = get(l, n, "context_confidence")) &&
        parse_conf(l, v, "context_confidence", &r->ctx_conf) < 0)
        return -1;
    if (r->ctx_conf < 0)
        r->ctx_conf = r->conf < LS_CONF_HIGH ? r->conf + 1 : LS_CONF_HIGH;
    if ((v = get(l, n, "field_confidence"))) {
        if (parse_conf(l, v, "field_confidence", &r->field_conf) < 0)
            return -1;
        if (!r->validator)
            return fail(l, v, "rule '%s': field_confidence needs a validator", r->id);
    }
    if ((v = get(l, n, "context")) && parse_context(l, v, 0, r) < 0)
        return -1;
    if ((v = get(l, n, "negative_context")) && parse_context(l, v, 1, r) < 0)
        return -1;
    if ((v = get(l, n, "examples")) && parse_examples(l, v, 0, &r->ex, &r->nex) < 0)
        return -1;
    if ((v = get(l, n, "counterexamples")) && parse_examples(l, v, 1, &r->cex, &r->ncex) < 0)
        return -1;
    rs->packs[l->pack].nrules++;
    return 0;
}

static int parse_column(struct ld *l, const yaml_node_t *n, size_t idx)
{
    static const char *const keys[] = {"id",        "category",    "signal",
                                       "keywords",  "values",      "confidence",
                                       "normalize", "description", NULL};
    struct ls_ruleset *rs = l->rs;
    struct ls_column *nc, *c;
    yaml_node_t *v;
    const char *s;
    char idbuf[256];

    if (want_type(l, n, YAML_MAPPING_NODE, "a column") < 0 || check_keys(l, n, "column", keys) < 0)
        return -1;
    nc = grow(rs->columns, rs->ncolumns, sizeof *nc);
    if (!nc)
        return oom(l);
    rs->columns = nc;
    c = &nc[rs->ncolumns++];
    memset(c, 0, sizeof *c);
    c->cat = c->signal = -1;
    c->pack = l->pack;
    if ((v = get(l, n, "id"))) {
        if (want_scalar(l, v, "id", &s) < 0)
            return -1;
        snprintf(idbuf, sizeof idbuf, "%s", s);
    } else {
        snprintf(idbuf, sizeof idbuf, "%s.column.%zu", rs->packs[l->pack].name, idx + 1);
    }
    if (!(c->id = strdup(idbuf)))
        return oom(l);
    if ((v = get(l, n, "category"))) {
        if (get(l, n, "signal"))
            return fail(l, v, "column: give category or signal, not both");
        if (category_of(l, v, 0, &c->cat) < 0)
            return -1;
    } else if ((v = get(l, n, "signal"))) {
        if (signal_of(l, v, &c->signal) < 0)
            return -1;
    } else {
        return fail(l, n, "column has no category or signal");
    }
    if (!(v = get(l, n, "keywords")))
        return fail(l, n, "column has no keywords");
    if (parse_words(l, v, "keywords", &c->kw) < 0)
        return -1;
    c->values = LS_COL_COUNT;
    if ((v = get(l, n, "values"))) {
        if (want_scalar(l, v, "values", &s) < 0)
            return -1;
        if (!strcmp(s, "count"))
            c->values = LS_COL_COUNT;
        else if (!strcmp(s, "pattern"))
            c->values = LS_COL_PATTERN;
        else
            return fail(l, v, "values must be count or pattern");
        if (c->signal >= 0 && c->values == LS_COL_PATTERN)
            return fail(l, v, "a signal column has no pattern values");
    }
    c->conf = c->values == LS_COL_PATTERN ? LS_CONF_HIGH : LS_CONF_MEDIUM;
    if ((v = get(l, n, "confidence")) && parse_conf(l, v, "confidence", &c->conf) < 0)
        return -1;
    c->normalizer = ls_normalizer_find("casefold_ws");
    if ((v = get(l, n, "normalize"))) {
        if (want_scalar(l, v, "normalize", &s) < 0)
            return -1;
        if (!(c->normalizer = ls_normalizer_find(s)))
            return fail(l, v, "unknown normalizer '%s'", s);
    }
    return 0;
}

static int parse_keywords(struct ld *l, const yaml_node_t *n)
{
    static const char *const keys[] = {"words", "confidence", NULL};
    struct ls_ruleset *rs = l->rs;
    yaml_node_pair_t *p;

    if (want_type(l, n, YAML_MAPPING_NODE, "keywords") < 0)
        return -1;
    for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key), *v = node(l, p->value), *w;
        struct ls_kwclass *nk = grow(rs->kw, rs->nkw, sizeof *nk), *kc;
        char idbuf[256];

        if (!nk)
            return oom(l);
        rs->kw = nk;
        kc = &nk[rs->nkw++];
        memset(kc, 0, sizeof *kc);
        kc->pack = l->pack;
        kc->conf = LS_CONF_MEDIUM;
        if (category_of(l, k, 1, &kc->cat) < 0)
            return -1;
        snprintf(idbuf, sizeof idbuf, "%s.keywords.%s", rs->packs[l->pack].name, scalar(k));
        if (!(kc->id = strdup(idbuf)))
            return oom(l);
        w = v;
        if (v->type == YAML_MAPPING_NODE && (get(l, v, "words") || get(l, v, "confidence"))) {
            if (check_keys(l, v, "keyword class", keys) < 0)
                return -1;
            if (!(w = get(l, v, "words")))
                return fail(l, v, "keyword class needs words:");
            if ((k = get(l, v, "confidence")) && parse_conf(l, k, "confidence", &kc->conf) < 0)
                return -1;
        }
        if (parse_words(l, w, "keywords", &kc->words) < 0)
            return -1;
    }
    return 0;
}

static int parse_records(struct ld *l, const yaml_node_t *n)
{
    static const char *const keys[] = {"requires", "description", NULL};
    struct ls_ruleset *rs = l->rs;
    yaml_node_pair_t *p;

    if (want_type(l, n, YAML_MAPPING_NODE, "records") < 0)
        return -1;
    for (p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(l, p->key), *v = node(l, p->value), *req;
        struct ls_rectype *nt, *t;
        yaml_node_item_t *g, *it;
        const char *id;
        size_t i;

        if (want_scalar(l, k, "record type", &id) < 0)
            return -1;
        if (!ls_taxon_find(id, LS_TAXON_M_RECORD_TYPE) && !own_prefix(l, id))
            return fail(l, k,
                        "unknown record type '%s' (not in the taxonomy, docs/taxonomy.md; a pack's "
                        "own record "
                        "types are prefixed with its name)",
                        id);
        for (i = 0; i < rs->nrectypes; i++)
            if (!strcmp(rs->rectypes[i].id, id))
                return fail(l, k, "record type '%s' is defined twice", id);
        if (want_type(l, v, YAML_MAPPING_NODE, "a record type") < 0 ||
            check_keys(l, v, "record type", keys) < 0)
            return -1;
        nt = grow(rs->rectypes, rs->nrectypes, sizeof *nt);
        if (!nt)
            return oom(l);
        rs->rectypes = nt;
        t = &nt[rs->nrectypes++];
        memset(t, 0, sizeof *t);
        t->pack = l->pack;
        if (!(t->id = strdup(id)))
            return oom(l);
        if (!(req = get(l, v, "requires")))
            return fail(l, v, "record type '%s' has no requires:", id);
        if (want_type(l, req, YAML_SEQUENCE_NODE, "requires") < 0)
            return -1;
        for (g = req->data.sequence.items.start; g < req->data.sequence.items.top; g++) {
            yaml_node_t *gn = node(l, *g);
            struct ls_term **ng;
            size_t *nn;

            if (want_type(l, gn, YAML_SEQUENCE_NODE, "each group of requires") < 0)
                return -1;
            if (gn->data.sequence.items.start == gn->data.sequence.items.top)
                return fail(l, gn, "an empty group can never hold");
            ng = grow(t->groups, t->ngroups, sizeof *ng);
            if (!ng)
                return oom(l);
            t->groups = ng;
            nn = grow(t->ngroup, t->ngroups, sizeof *nn);
            if (!nn)
                return oom(l);
            t->ngroup = nn;
            ng[t->ngroups] = NULL;
            nn[t->ngroups] = 0;
            t->ngroups++;
            for (it = gn->data.sequence.items.start; it < gn->data.sequence.items.top; it++) {
                yaml_node_t *tn = node(l, *it);
                size_t gi = t->ngroups - 1;
                struct ls_term *nterm = grow(ng[gi], nn[gi], sizeof *nterm), *term;
                const char *ts;

                if (!nterm)
                    return oom(l);
                ng[gi] = nterm;
                term = &nterm[nn[gi]++];
                memset(term, 0, sizeof *term);
                term->cat = term->signal = -1;
                if (want_scalar(l, tn, "a term", &ts) < 0)
                    return -1;
                term->file = l->file;
                term->line = (unsigned)tn->start_mark.line + 1;
                term->col = (unsigned)tn->start_mark.column + 1;
                if (!(term->name = strdup(ts)))
                    return oom(l);
            }
        }
        if (t->ngroups == 0)
            return fail(l, req, "record type '%s': requires is empty", id);
    }
    return 0;
}

static int parse_pack(struct ld *l, const yaml_node_t *root, int builtin)
{
    static const char *const keys[] = {"pack", "rules", "columns", "keywords", "records", NULL};
    static const char *const pkeys[] = {"name", "version", "description", NULL};
    struct ls_ruleset *rs = l->rs;
    yaml_node_t *p, *v;
    yaml_node_item_t *it;
    struct ls_pack *np, *pk;
    const char *s;
    size_t i;

    if (!root)
        return fail(l, NULL, "empty rule pack");
    if (want_type(l, root, YAML_MAPPING_NODE, "a rule pack") < 0 ||
        check_keys(l, root, "rule pack", keys) < 0)
        return -1;
    if (!(p = get(l, root, "pack")))
        return fail(l, root, "missing pack: {name, version}");
    if (want_type(l, p, YAML_MAPPING_NODE, "pack") < 0 || check_keys(l, p, "pack", pkeys) < 0)
        return -1;
    np = grow(rs->packs, rs->npacks, sizeof *np);
    if (!np)
        return oom(l);
    rs->packs = np;
    pk = &np[rs->npacks];
    memset(pk, 0, sizeof *pk);
    l->pack = rs->npacks++;
    pk->builtin = builtin;
    if (!(pk->file = strdup(l->file)))
        return oom(l);
    l->file = pk->file;
    if (!(v = get(l, p, "name")))
        return fail(l, p, "pack has no name");
    if (want_scalar(l, v, "name", &s) < 0)
        return -1;
    if (!ident_ok(s, 0))
        return fail(l, v, "pack name '%s' must be lower-case letters, digits, '_' or '-'", s);
    for (i = 0; i + 1 < rs->npacks; i++)
        if (rs->packs[i].name && !strcmp(rs->packs[i].name, s))
            return fail(l, v, "pack '%s' is already loaded (from %s)", s, rs->packs[i].file);
    if (!(pk->name = strdup(s)))
        return oom(l);
    if (!(v = get(l, p, "version")))
        return fail(l, p, "pack has no version");
    if (want_scalar(l, v, "version", &s) < 0)
        return -1;
    if (!(pk->version = strdup(s)))
        return oom(l);
    if ((v = get(l, p, "description"))) {
        if (want_scalar(l, v, "description", &s) < 0)
            return -1;
        if (!(pk->description = strdup(s)))
            return oom(l);
    }
    if ((v = get(l, root, "rules"))) {
        if (want_type(l, v, YAML_SEQUENCE_NODE, "rules") < 0)
            return -1;
        for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
            if (parse_rule(l, node(l, *it)) < 0)
                return -1;
    }
    if ((v = get(l, root, "columns"))) {
        if (want_type(l, v, YAML_SEQUENCE_NODE, "columns") < 0)
            return -1;
        for (it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
            if (parse_column(l, node(l, *it), (size_t)(it - v->data.sequence.items.start)) < 0)
                return -1;
    }
    if ((v = get(l, root, "keywords")) && parse_keywords(l, v) < 0)
        return -1;
    if ((v = get(l, root, "records")) && parse_records(l, v) < 0)
        return -1;
    return 0;
}

/* Whether text has a '*' where a YAML alias could start: first on its
 * line, or after an indicator that a node follows (":", "-", "?", "[",
 * "{", ",", "!"), blanks between.  A '*' inside a quoted pattern ("\\d*")
 * is none of these, so a pack without aliases is parsed once, not twice. */
static int may_hold_alias(const char *text, size_t len)
{
    const char *p = text, *end = text + len;

    while ((p = memchr(p, '*', (size_t)(end - p))) != NULL) {
        const char *b = p;

        while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (b == text || strchr(":-?[{,!\n\r", b[-1]))
            return 1;
        p++;
    }
    return 0;
}

/* Aliases would let a small pack describe an exponentially large tree: refuse them. */
static int refuse_aliases(struct ld *l, const char *text, size_t len)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    int st = 0, done = 0;

    if (!may_hold_alias(text, len))
        return 0;
    if (!yaml_parser_initialize(&ps))
        return oom(l);
    yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
    while (!done) {
        if (!yaml_parser_parse(&ps, &ev))
            break; /* the document loader reports syntax errors */
        if (ev.type == YAML_ALIAS_EVENT) {
            snprintf(l->err, l->errlen,
                     "%s:%lu:%lu: YAML aliases (*name) are not allowed in rule packs", l->file,
                     (unsigned long)ev.start_mark.line + 1,
                     (unsigned long)ev.start_mark.column + 1);
            st = -1;
            done = 1;
        }
        if (ev.type == YAML_STREAM_END_EVENT)
            done = 1;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&ps);
    return st;
}

/* Chains a loaded pack into rs->digest: BLAKE2b-256 of the digest so far,
 * the built-in flag, the text's length (8 bytes, little-endian) and the
 * text. */
static void digest_pack(struct ls_ruleset *rs, const char *text, size_t len, int builtin)
{
    crypto_generichash_state h;
    unsigned char lenb[9];
    size_t i;

    lenb[0] = builtin ? 1 : 0;
    for (i = 0; i < 8; i++)
        lenb[1 + i] = (unsigned char)((uint64_t)len >> (8 * i));
    crypto_generichash_init(&h, NULL, 0, sizeof rs->digest);
    crypto_generichash_update(&h, rs->digest, sizeof rs->digest);
    crypto_generichash_update(&h, lenb, sizeof lenb);
    crypto_generichash_update(&h, (const unsigned char *)text, len);
    crypto_generichash_final(&h, rs->digest, sizeof rs->digest);
}

ls_status ls_ruleset_add_text(struct ls_ruleset *rs, const char *file, const char *text, size_t len,
                              int builtin, char *err, size_t errlen)
{
    struct ld l = {rs, file, NULL, 0, err, errlen, 0};
    yaml_parser_t ps;
    yaml_document_t doc;
    int st;

    if (refuse_aliases(&l, text, len) < 0)
        return l.nomem ? LS_ENOMEM : LS_ERULES;
    if (!yaml_parser_initialize(&ps))
        return LS_ENOMEM;
    yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
    if (!yaml_parser_load(&ps, &doc)) {
        snprintf(err, errlen, "%s:%lu:%lu: bad YAML: %s%s%s", file,
                 (unsigned long)ps.problem_mark.line + 1, (unsigned long)ps.problem_mark.column + 1,
                 ps.problem ? ps.problem : "syntax error", ps.context ? " " : "",
                 ps.context ? ps.context : "");
        yaml_parser_delete(&ps);
        return LS_ERULES;
    }
    l.doc = &doc;
    st = parse_pack(&l, yaml_document_get_root_node(&doc), builtin);
    yaml_document_delete(&doc);
    yaml_parser_delete(&ps);
    if (st < 0)
        return l.nomem ? LS_ENOMEM : LS_ERULES;
    digest_pack(rs, text, len, builtin);
    return LS_OK;
}

static ls_status add_file(struct ls_ruleset *rs, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t len;
    ls_status st;

    if (!f) {
        snprintf(err, errlen, "%s:1:1: cannot open: %s", path, strerror(errno));
        return LS_ERULES;
    }
    buf = malloc(LS_MAX_PACK_BYTES + 1);
    if (!buf) {
        fclose(f);
        return LS_ENOMEM;
    }
    len = fread(buf, 1, LS_MAX_PACK_BYTES + 1, f);
    if (ferror(f) || len > LS_MAX_PACK_BYTES) {
        snprintf(err, errlen, "%s:1:1: %s", path,
                 ferror(f) ? "read error" : "rule pack larger than 16 MiB");
        fclose(f);
        free(buf);
        return LS_ERULES;
    }
    fclose(f);
    st = ls_ruleset_add_text(rs, path, buf, len, 0, err, errlen);
    free(buf);
    return st;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

ls_status ls_ruleset_add_path(struct ls_ruleset *rs, const char *path, char *err, size_t errlen)
{
    struct stat sb;
    DIR *d;
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, i;
    ls_status st = LS_OK;

    if (stat(path, &sb) < 0) {
        snprintf(err, errlen, "%s:1:1: cannot open: %s", path, strerror(errno));
        return LS_ERULES;
    }
    if (!S_ISDIR(sb.st_mode))
        return add_file(rs, path, err, errlen);
    if (!(d = opendir(path))) {
        snprintf(err, errlen, "%s:1:1: cannot open folder: %s", path, strerror(errno));
        return LS_ERULES;
    }
    while ((de = readdir(d))) {
        size_t nl = strlen(de->d_name);
        char **nn;

        if (de->d_name[0] == '.' || nl < 6 || strcmp(de->d_name + nl - 5, ".yaml") != 0)
            continue;
        nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn) {
            st = LS_ENOMEM;
            break;
        }
        names = nn;
        if (!(names[n] = malloc(strlen(path) + nl + 2))) {
            st = LS_ENOMEM;
            break;
        }
        sprintf(names[n++], "%s/%s", path, de->d_name);
    }
    closedir(d);
    if (st == LS_OK && n == 0) {
        snprintf(err, errlen, "%s:1:1: no rule packs (*.yaml) in this folder", path);
        st = LS_ERULES;
    }
    if (st == LS_OK) {
        qsort(names, n, sizeof *names, cmp_str); /* load order is rule order: keep it stable */
        for (i = 0; i < n && st == LS_OK; i++)
            st = add_file(rs, names[i], err, errlen);
    }
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

static int build_kwidx(struct ls_ruleset *rs)
{
    size_t k, p, n = 0, b;
    uint32_t pos[256];

    free(rs->kwidx);
    rs->kwidx = NULL;
    memset(rs->kwstart, 0, sizeof rs->kwstart);
    for (k = 0; k < rs->nkw; k++)
        for (p = 0; p < rs->kw[k].words.n; p++) {
            rs->kwstart[(unsigned char)rs->kw[k].words.p[p].tok[0][0] + 1]++;
            n++;
        }
    for (b = 1; b < 257; b++)
        rs->kwstart[b] += rs->kwstart[b - 1];
    if (!n)
        return 0;
    rs->kwidx = malloc(n * sizeof *rs->kwidx);
    if (!rs->kwidx)
        return -1;
    memcpy(pos, rs->kwstart, sizeof pos);
    for (k = 0; k < rs->nkw; k++) /* class order, then phrase order, within each bucket */
        for (p = 0; p < rs->kw[k].words.n; p++) {
            struct ls_kwref *e = &rs->kwidx[pos[(unsigned char)rs->kw[k].words.p[p].tok[0][0]]++];

            e->kw = (uint32_t)k;
            e->ph = (uint32_t)p;
        }
    return 0;
}

/* The candidates plan of the rules that have a shape and an anchored copy. */
static int build_cands(struct ls_ruleset *rs)
{
    const struct ls_shape **sh = calloc(rs->nrules ? rs->nrules : 1, sizeof *sh);
    int rc;

    if (!sh)
        return -1;
    for (size_t i = 0; i < rs->nrules; i++)
        sh[i] = rs->rules[i].acode ? &rs->rules[i].shape : NULL;
    ls_cands_free(&rs->cands);
    rc = ls_cands_build(&rs->cands, sh, rs->nrules);
    free(sh);
    return rc;
}

/* Every word list indexed by first byte (classify.c). */
static int index_wordlists(struct ls_ruleset *rs)
{
    size_t i;
    int rc = 0;

    for (i = 0; i < rs->nrules; i++)
        rc |= ls_wordlist_index(&rs->rules[i].ctx) | ls_wordlist_index(&rs->rules[i].neg);
    for (i = 0; i < rs->ncolumns; i++)
        rc |= ls_wordlist_index(&rs->columns[i].kw);
    for (i = 0; i < rs->nkw; i++)
        rc |= ls_wordlist_index(&rs->kw[i].words);
    return rc;
}

ls_status ls_ruleset_finish(struct ls_ruleset *rs, char *err, size_t errlen)
{
    size_t i, g, k;

    for (i = 0; i < rs->nrectypes; i++)
        for (g = 0; g < rs->rectypes[i].ngroups; g++)
            for (k = 0; k < rs->rectypes[i].ngroup[g]; k++) {
                struct ls_term *t = &rs->rectypes[i].groups[g][k];

                t->cat = ls_ruleset_cat(rs, t->name);
                if (t->cat < 0)
                    t->signal = find_signal(rs, t->name);
                if (t->cat < 0 && t->signal < 0) {
                    snprintf(err, errlen,
                             "%s:%u:%u: record type '%s': unknown term '%s' (neither a category "
                             "nor a signal of a loaded rule or column)",
                             t->file, t->line, t->col, rs->rectypes[i].id, t->name);
                    return LS_ERULES;
                }
            }
    return build_kwidx(rs) < 0 || build_cands(rs) < 0 || index_wordlists(rs) < 0 ? LS_ENOMEM
                                                                                 : LS_OK;
}

ls_status ls_ruleset_new(struct ls_ruleset **out)
{
    struct ls_ruleset *rs = calloc(1, sizeof *rs);
    const struct ls_taxon *t;

    *out = NULL;
    if (!rs)
        return LS_ENOMEM;
    for (t = ls_taxonomy; t->id; t++)
        if (t->kind != LS_TAXON_RECORD_TYPE && add_cat(rs, t->id, t->gdpr) < 0) {
            ls_ruleset_free(rs);
            return LS_ENOMEM;
        }
    *out = rs;
    return LS_OK;
}

ls_status ls_ruleset_load(const struct ls_config *cfg, struct ls_ruleset **out, char *err,
                          size_t errlen)
{
    struct ls_ruleset *rs = NULL;
    const struct ls_builtin_pack *b;
    ls_status st;
    size_t i;

    *out = NULL;
    if ((st = ls_ruleset_new(&rs)) != LS_OK)
        return st;
    if (!cfg->rules_only)
        for (b = ls_builtin_packs; b->name && st == LS_OK; b++)
            st = ls_ruleset_add_text(rs, b->name, b->text, strlen(b->text), 1, err, errlen);
    for (i = 0; i < cfg->nrule_paths && st == LS_OK; i++)
        st = ls_ruleset_add_path(rs, cfg->rule_paths[i], err, errlen);
    if (st == LS_OK)
        st = ls_ruleset_finish(rs, err, errlen);
    if (st != LS_OK) {
        ls_ruleset_free(rs);
        return st;
    }
    *out = rs;
    return LS_OK;
}

static void free_examples(struct ls_example *e, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        free(e[i].text);
        free(e[i].match);
    }
    free(e);
}

void ls_ruleset_free(struct ls_ruleset *rs)
{
    size_t i, g, k;

    if (!rs)
        return;
    for (i = 0; i < rs->nrules; i++) {
        struct ls_rule *r = &rs->rules[i];

        free(r->id);
        free(r->pattern);
        pcre2_code_free(r->code);
        pcre2_code_free(r->acode);
        free(r->pairs);
        ls_wordlist_free(&r->ctx);
        ls_wordlist_free(&r->neg);
        free_examples(r->ex, r->nex);
        free_examples(r->cex, r->ncex);
    }
    free(rs->rules);
    for (i = 0; i < rs->ncolumns; i++) {
        free(rs->columns[i].id);
        ls_wordlist_free(&rs->columns[i].kw);
    }
    free(rs->columns);
    for (i = 0; i < rs->nkw; i++) {
        free(rs->kw[i].id);
        ls_wordlist_free(&rs->kw[i].words);
    }
    free(rs->kw);
    for (i = 0; i < rs->nrectypes; i++) {
        for (g = 0; g < rs->rectypes[i].ngroups; g++) {
            for (k = 0; k < rs->rectypes[i].ngroup[g]; k++)
                free(rs->rectypes[i].groups[g][k].name);
            free(rs->rectypes[i].groups[g]);
        }
        free(rs->rectypes[i].groups);
        free(rs->rectypes[i].ngroup);
        free(rs->rectypes[i].id);
    }
    free(rs->rectypes);
    for (i = 0; i < rs->npacks; i++) {
        free(rs->packs[i].name);
        free(rs->packs[i].version);
        free(rs->packs[i].description);
        free(rs->packs[i].file);
    }
    free(rs->packs);
    for (i = 0; i < rs->ncats; i++)
        free(rs->cats[i].id);
    free(rs->cats);
    for (i = 0; i < rs->nsignals; i++)
        free(rs->signals[i]);
    free(rs->signals);
    free(rs->kwidx);
    ls_cands_free(&rs->cands);
    free(rs);
}

void ls_ruleset_report_json(const struct ls_ruleset *rs, struct ls_jsonw *w)
{
    size_t i;

    if (!rs)
        return;
    for (i = 0; i < rs->npacks; i++) {
        ls_jsonw_obj_begin(w);
        ls_jsonw_kstr(w, "name", rs->packs[i].name ? rs->packs[i].name : "");
        ls_jsonw_kstr(w, "version", rs->packs[i].version ? rs->packs[i].version : "");
        ls_jsonw_ku64(w, "rules", rs->packs[i].nrules);
        ls_jsonw_obj_end(w);
    }
}
