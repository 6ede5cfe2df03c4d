/* sarif.c — the report as SARIF 2.1.0 (report_ctx.h), for security tools
 * and CI jobs.
 *
 * tool.driver lists every rule of the loaded packs (pattern rules, column
 * classifiers, keyword dictionaries) with its category, GDPR class and pack.
 * The results come from the findings (--findings, read back from its file):
 * one result per (rule, item), with the number of findings, the category's
 * level (error for Art. 9/10 and minors' data), a masked sample — the
 * findings file's own masking, never a value in clear, even with --reveal —
 * and the first line.  Items inside archives are artifacts of their own,
 * chained to their containers by parentIndex (leak.tar.gz → inner.zip →
 * file.csv).  The scan's totals come from the JSON report.
 *
 * Bounded: at most SARIF_MAX_RESULTS (rule, item) pairs are kept; the
 * findings of the others are counted in run.properties, which then says
 * "truncated".  Which pairs are kept past the cap depends on the order the
 * findings were written in, so with -j > 1 it can differ between runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/rules.h"
#include "report/report_ctx.h"

#define SARIF_MAX_RESULTS 10000

/* The SARIF level of a GDPR class. */
static const char *class_level(const char *gdpr)
{
    if (!gdpr)
        return "note";
    if (!strcmp(gdpr, "special") || !strcmp(gdpr, "criminal") || !strcmp(gdpr, "minors"))
        return "error";
    return "warning";
}

/* The GDPR class of a category: the report's, else the ruleset's. */
static const char *cat_class(const struct ls_report_ctx *ctx, const char *cat)
{
    const json_t *c = json_object_get(ls_rj_get(ctx->report, "categories"), cat);
    const struct ls_ruleset *rs = ctx->info ? ctx->info->rules : NULL;
    int i;

    if (c)
        return ls_rj_str(c, "gdpr", NULL);
    if (rs && (i = ls_ruleset_cat(rs, cat)) >= 0)
        return rs->cats[i].gdpr;
    return NULL;
}

/* A logical path as a URI reference: bytes outside the unreserved and
 * sub-delimiter characters (and / : @) percent-encoded. */
static char *uri_of(const char *path)
{
    size_t n = strlen(path), i, o = 0;
    char *u = malloc(n * 3 + 1);

    if (!u)
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~!$&'()*+,;=:@/", c))
            u[o++] = (char)c;
        else
            o += (size_t)sprintf(u + o, "%%%02X", c);
    }
    u[o] = '\0';
    return u;
}

/* One rule of tool.driver.rules. */
static void rule_add(const struct ls_report_ctx *ctx, json_t *rules, json_t *seen, const char *id,
                     const char *cat, const char *pack, const char *kind)
{
    const char *gdpr = cat ? cat_class(ctx, cat) : NULL;
    char desc[512];
    json_t *r, *props;

    if (json_object_get(seen, id))
        return;
    json_object_set_new(seen, id, json_true());
    snprintf(desc, sizeof desc, "%s of %s: %s", kind, pack ? pack : "?",
             cat ? ls_report_taxon_name(cat) : "a signal (no category)");
    props = json_pack("{s:s?, s:s?, s:s?}", "category", cat, "gdpr_class", gdpr, "pack", pack);
    r = json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:o}", "id", id, "name", id, "shortDescription",
                  "text", desc, "defaultConfiguration", "level", class_level(gdpr), "properties",
                  props);
    if (r)
        json_array_append_new(rules, r);
}

/* tool.driver.rules: every rule, column and keyword class of the ruleset. */
static json_t *rules_of(const struct ls_report_ctx *ctx, json_t *seen)
{
    const struct ls_ruleset *rs = ctx->info ? ctx->info->rules : NULL;
    json_t *rules = json_array();
    size_t i;

    if (!rs || !rules)
        return rules;
    for (i = 0; i < rs->nrules; i++) {
        const struct ls_rule *r = &rs->rules[i];
        rule_add(ctx, rules, seen, r->id, r->cat >= 0 ? rs->cats[r->cat].id : NULL,
                 rs->packs[r->pack].name, "pattern rule");
    }
    for (i = 0; i < rs->ncolumns; i++) {
        const struct ls_column *c = &rs->columns[i];
        rule_add(ctx, rules, seen, c->id, c->cat >= 0 ? rs->cats[c->cat].id : NULL,
                 rs->packs[c->pack].name, "column classifier");
    }
    for (i = 0; i < rs->nkw; i++) {
        const struct ls_kwclass *k = &rs->kw[i];
        rule_add(ctx, rules, seen, k->id, k->cat >= 0 ? rs->cats[k->cat].id : NULL,
                 rs->packs[k->pack].name, "keyword dictionary");
    }
    return rules;
}

/* The findings of one (rule, item): their number and the first of them
 * (lowest line, then masked text, so that the sample is the same for any
 * order the findings were written in). */
struct agg {
    char *rule, *path, *cat, *masked;
    uint64_t count, line, page;
};

struct aggs {
    json_t *index; /* "rule\npath" -> position in v */
    struct agg *v;
    size_t n, cap;
    uint64_t findings_not_listed, lines_unreadable;
};

static void agg_line(struct aggs *a, const char *text, size_t len)
{
    json_t *f = json_loadb(text, len, 0, NULL);
    const char *rule, *path, *cat, *masked;
    uint64_t line, page;
    char *key = NULL;
    json_t *pos;

    if (!f) {
        a->lines_unreadable++;
        return;
    }
    rule = ls_rj_str(f, "rule", NULL);
    path = ls_rj_str(f, "path", NULL);
    cat = ls_rj_str(f, "category", "");
    masked = ls_rj_str(f, "masked", "");
    line = ls_rj_u64(f, "line", 0);
    page = ls_rj_u64(f, "page", 0);
    if (!rule || !path || !(key = malloc(strlen(rule) + strlen(path) + 2))) {
        a->lines_unreadable++;
        goto out;
    }
    sprintf(key, "%s\n%s", rule, path);
    if ((pos = json_object_get(a->index, key)) != NULL) {
        struct agg *g = &a->v[json_integer_value(pos)];
        g->count++;
        if (line < g->line || (line == g->line && strcmp(masked, g->masked) < 0)) {
            char *m = strdup(masked);
            if (m) {
                free(g->masked);
                g->masked = m;
                g->line = line;
                g->page = page;
            }
        }
        goto out;
    }
    if (a->n == SARIF_MAX_RESULTS) {
        a->findings_not_listed++;
        goto out;
    }
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 256;
        struct agg *nv = realloc(a->v, cap * sizeof *nv);
        if (!nv) {
            a->findings_not_listed++;
            goto out;
        }
        a->v = nv;
        a->cap = cap;
    }
    {
        struct agg g = {strdup(rule), strdup(path), strdup(cat), strdup(masked), 1, line, page};
        if (!g.rule || !g.path || !g.cat || !g.masked ||
            json_object_set_new(a->index, key, json_integer((json_int_t)a->n)) != 0) {
            free(g.rule);
            free(g.path);
            free(g.cat);
            free(g.masked);
            a->findings_not_listed++;
            goto out;
        }
        a->v[a->n++] = g;
    }
out:
    free(key);
    json_decref(f);
}

static int agg_cmp(const void *x, const void *y)
{
    const struct agg *a = x, *b = y;
    int c = strcmp(a->path, b->path);

    return c ? c : strcmp(a->rule, b->rule);
}

static void aggs_free(struct aggs *a)
{
    size_t i;

    for (i = 0; i < a->n; i++) {
        free(a->v[i].rule);
        free(a->v[i].path);
        free(a->v[i].cat);
        free(a->v[i].masked);
    }
    free(a->v);
    json_decref(a->index);
}

/* The index of the artifact of path in arts (made, with its containers,
 * when it is not there yet), or -1 on failure.  A logical path names an
 * archive member as CONTAINER!/MEMBER. */
static json_int_t artifact(json_t *arts, json_t *byname, const char *path)
{
    const json_t *have = json_object_get(byname, path);
    const char *sep = NULL, *p;
    json_int_t parent = -1, idx;
    json_t *a;
    char *uri;

    if (have)
        return json_integer_value(have);
    for (p = strstr(path, "!/"); p; p = strstr(p + 2, "!/"))
        sep = p;
    if (sep) {
        char *outer = strndup(path, (size_t)(sep - path));
        if (!outer)
            return -1;
        parent = artifact(arts, byname, outer);
        free(outer);
        if (parent < 0)
            return -1;
    }
    if (!(uri = uri_of(path)))
        return -1;
    a = json_pack("{s:{s:s}}", "location", "uri", uri);
    free(uri);
    if (!a)
        return -1;
    if (parent >= 0)
        json_object_set_new(a, "parentIndex", json_integer(parent));
    idx = (json_int_t)json_array_size(arts);
    if (json_array_append_new(arts, a) != 0 ||
        json_object_set_new(byname, path, json_integer(idx)) != 0)
        return -1;
    return idx;
}

/* One result of an aggregate. */
static json_t *result_of(const struct ls_report_ctx *ctx, const struct agg *g, json_int_t art)
{
    const char *gdpr = cat_class(ctx, g->cat);
    char msg[1024];
    json_t *loc, *res;
    char *uri = uri_of(g->path);

    if (!uri)
        return NULL;
    snprintf(msg, sizeof msg, "%llu finding%s of %s (%s) (masked sample: %s)",
             (unsigned long long)g->count, g->count == 1 ? "" : "s", ls_report_taxon_name(g->cat),
             gdpr ? gdpr : "no GDPR class", g->masked);
    loc = json_pack("{s:{s:s, s:I}}", "artifactLocation", "uri", uri, "index", (json_int_t)art);
    free(uri);
    if (loc && g->line && !g->page)
        json_object_set_new(loc, "region", json_pack("{s:I}", "startLine", (json_int_t)g->line));
    res = json_pack("{s:s, s:s, s:{s:s}, s:[{s:o}], s:{s:s, s:s?, s:I, s:s}}", "ruleId", g->rule,
                    "level", class_level(gdpr), "message", "text", msg, "locations",
                    "physicalLocation", loc, "properties", "category", g->cat, "gdpr_class", gdpr,
                    "findings", (json_int_t)g->count, "masked_sample", g->masked);
    if (res && g->page)
        json_object_set_new(json_object_get(res, "properties"), "page",
                            json_integer((json_int_t)g->page));
    return res;
}

/* Reads the findings file into a. */
static ls_status read_findings(const struct ls_report_ctx *ctx, struct aggs *a)
{
    FILE *f = fopen(ctx->findings_path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    if (!f) {
        snprintf(ctx->err, ctx->errlen, "sarif: cannot read the findings back from %s: %m",
                 ctx->findings_path);
        return LS_EIO;
    }
    while ((n = getline(&line, &cap, f)) > 0)
        agg_line(a, line, (size_t)n);
    free(line);
    fclose(f);
    return LS_OK;
}

/* --sample: the run's properties carry the report's "sample" (the
 * estimated totals), and its invocation a warning that the results are
 * those of a sample (docs/sampling.md). */
static void sarif_sample(const json_t *report, json_t *run)
{
    const json_t *s = ls_rj_get(report, "sample");
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);

    if (!s)
        return;
    json_object_set_new(json_object_get(run, "properties"), "sample", json_deep_copy(s));
    if (inv)
        json_object_set_new(
            inv, "toolExecutionNotifications",
            json_pack("[{s:s, s:{s:s}}]", "level", "warning", "message", "text", LS_SAMPLE_NOTE));
}

ls_status ls_report_sarif(const struct ls_report_ctx *ctx, struct ls_strbuf *out)
{
    json_t *seen = json_object(), *byname = json_object(), *arts = json_array();
    json_t *results = json_array(), *rules, *run = NULL, *root = NULL, *props;
    struct aggs a;
    ls_status st = LS_ENOMEM;
    char *text = NULL;
    size_t i;

    memset(&a, 0, sizeof a);
    a.index = json_object();
    if (!ctx->findings_path) {
        snprintf(ctx->err, ctx->errlen,
                 "sarif: the findings were not written to a regular file (--findings %s): SARIF "
                 "reads its results back from one",
                 ctx->cfg && ctx->cfg->findings ? ctx->cfg->findings : "missing");
        st = LS_EUSAGE;
        goto out;
    }
    rules = rules_of(ctx, seen);
    if (!seen || !byname || !arts || !results || !rules || !a.index) {
        json_decref(rules);
        goto out;
    }
    run = json_pack("{s:{s:{s:s, s:s, s:o}}}", "tool", "driver", "name", "leakscan", "version",
                    ls_rj_str(ctx->report, "tool.version", "?"), "rules", rules);
    if (!run)
        goto out;
    if ((st = read_findings(ctx, &a)) != LS_OK)
        goto out;
    st = LS_ENOMEM;
    if (a.n)
        qsort(a.v, a.n, sizeof *a.v, agg_cmp);
    for (i = 0; i < a.n; i++) {
        json_int_t art = artifact(arts, byname, a.v[i].path);
        json_t *res;

        if (art < 0)
            goto out;
        if (!json_object_get(seen, a.v[i].rule)) /* a rule the ruleset does not list */
            rule_add(
                ctx,
                json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules"),
                seen, a.v[i].rule, a.v[i].cat, NULL, "rule");
        if (!(res = result_of(ctx, &a.v[i], art)) || json_array_append_new(results, res) != 0)
            goto out;
    }
    props = json_pack("{s:s, s:b, s:I, s:I, s:I, s:b, s:s}", "report_schema",
                      ls_rj_str(ctx->report, "schema", "?"), "complete",
                      ls_rj_get(ctx->report, "scan.complete") != json_false(), "results_limit",
                      (json_int_t)SARIF_MAX_RESULTS, "findings_not_listed",
                      (json_int_t)a.findings_not_listed, "findings_lines_unreadable",
                      (json_int_t)a.lines_unreadable, "truncated", a.findings_not_listed > 0,
                      "values", "masked: no value is written in clear");
    if (!props)
        goto out;
    json_object_set_new(run, "properties", props);
    json_object_set_new(
        run, "invocations",
        json_pack("[{s:b, s:s}]", "executionSuccessful",
                  ls_rj_get(ctx->report, "scan.complete") != json_false(), "startTimeUtc",
                  ls_rj_str(ctx->report, "scan.started_at", "1970-01-01T00:00:00Z")));
    sarif_sample(ctx->report, run);
    json_object_set(run, "artifacts", arts);
    json_object_set(run, "results", results);
    root =
        json_pack("{s:s, s:s, s:[O]}", "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                  "version", "2.1.0", "runs", run);
    if (!root || !(text = json_dumps(root, JSON_INDENT(2))))
        goto out;
    ls_strbuf_puts(out, text);
    ls_strbuf_putc(out, '\n');
    st = LS_OK;
out:
    free(text);
    json_decref(root);
    json_decref(run);
    json_decref(seen);
    json_decref(byname);
    json_decref(arts);
    json_decref(results);
    aggs_free(&a);
    return st;
}
