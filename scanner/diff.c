/* diff.c — `leakscan diff OLD.json NEW.json` (diff.h).
 *
 * Both reports are parsed with jansson and compared section by section:
 * "categories" and "records" id by id (gained, lost, changed, with every
 * number both have, and the fields only one has), "exposure" figure by
 * figure (severity, data subjects, GDPR classes and date span always shown
 * before/after; any other member compared as it is, so fields added by a
 * newer report read as "only in NEW", never as an error).  The result is
 * built as one JSON object; the text format is printed from it, so both say
 * the same.  --fail-on conditions count when they hold in NEW and not in OLD. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "failon.h"

/* Report files bigger than this are refused (a report is a few MB at most). */
#define DIFF_MAX_REPORT_BYTES ((long)1 << 30)
/* The sections compared id by id, and the exposure members shown always. */
static const char *const by_id[] = {"categories", "records"};
static const char *const shown[] = {"severity", "data_subjects", "gdpr_classes", "date_span"};

static void usage(FILE *f)
{
    fprintf(f, "Usage: leakscan diff [--format text|json] [--fail-on COND[,COND]]... OLD.json "
               "NEW.json\n"
               "Compare two JSON reports (leakscan scan --format json): categories (findings,\n"
               "distinct values, files) and record types gained, lost and changed, severity,\n"
               "data subjects, GDPR classes and date span before and after.\n\n"
               "  --format text|json     output format (default text)\n"
               "  --fail-on COND[,COND]  exit 1 when a condition holds in NEW but not in OLD:\n"
               "                         a GDPR class, a category or record type id (leakscan\n"
               "                         rules categories), PACK.ID, or severity>=LEVEL\n"
               "  --help                 this help\n\n"
               "Exit status: 0 compared, 1 a --fail-on condition was gained, 2 usage error or\n"
               "a file that is missing, not JSON, or not a leakscan report.\n");
}

/* Loads a report; NULL with a message naming the file in err. */
static json_t *load(const char *path, char *err, size_t errlen)
{
    json_error_t je;
    json_t *j, *schema;
    FILE *f = fopen(path, "rb");

    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    j = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
    fclose(f);
    if (!j) {
        snprintf(err, errlen, "%s: not valid JSON (line %d, column %d: %s)", path, je.line,
                 je.column, je.text);
        return NULL;
    }
    schema = json_object_get(j, "schema");
    if (!json_is_object(j) || !json_is_string(schema) ||
        strncmp(json_string_value(schema), "leakscan-report/", 16) != 0) {
        snprintf(err, errlen,
                 "%s: not a leakscan report (no \"schema\": \"leakscan-report/1\"; write one "
                 "with leakscan scan --format json)",
                 path);
        json_decref(j);
        return NULL;
    }
    return j;
}

static json_t *pair(json_t *old, json_t *new)
{
    return json_pack("{s:O?,s:O?}", "old", old, "new", new);
}

/* Numbers of one id: every numeric member, as {old, new} (0 on the side
 * where the id is absent: a report leaves out what has no finding); members
 * that are not numbers only when they differ; the members only one side's
 * entry has in only_old / only_new. */
static json_t *compare_entry(json_t *a, json_t *b, int *changed)
{
    json_t *out = json_object(), *only_old = json_array(), *only_new = json_array(), *v;
    const char *k;

    json_object_foreach(a, k, v)
    {
        json_t *w = json_object_get(b, k);
        if (!w) {
            if (b)
                json_array_append_new(only_old, json_string(k));
            if (json_is_number(v) && !b)
                json_object_set_new(out, k, json_pack("{s:O,s:I}", "old", v, "new", 0));
            else if (json_is_number(v))
                json_object_set_new(out, k, pair(v, NULL));
        } else if (json_is_number(v) && json_is_number(w)) {
            json_object_set_new(out, k, pair(v, w));
            *changed |= json_number_value(v) != json_number_value(w);
        } else if (!json_equal(v, w)) {
            json_object_set_new(out, k, pair(v, w));
            *changed = 1;
        }
    }
    json_object_foreach(b, k, v)
    {
        if (json_object_get(a, k))
            continue;
        if (a)
            json_array_append_new(only_new, json_string(k));
        if (json_is_number(v) && !a)
            json_object_set_new(out, k, json_pack("{s:I,s:O}", "old", 0, "new", v));
        else if (json_is_number(v))
            json_object_set_new(out, k, pair(NULL, v));
    }
    if (json_array_size(only_old))
        json_object_set(out, "only_old", only_old);
    if (json_array_size(only_new))
        json_object_set(out, "only_new", only_new);
    json_decref(only_old);
    json_decref(only_new);
    return out;
}

/* One id-by-id section: {gained, lost, changed, unchanged, items}. */
static json_t *compare_ids(json_t *a, json_t *b)
{
    json_t *items = json_object(), *gained = json_array(), *lost = json_array(),
           *changed = json_array(), *v, *e;
    size_t same = 0;
    const char *k;
    int ch;

    json_object_foreach(a, k, v)
    {
        json_t *w = json_object_get(b, k);
        ch = 0;
        e = compare_entry(v, w, &ch);
        if (!w) {
            json_array_append_new(lost, json_string(k));
            json_object_set_new(e, "status", json_string("lost"));
        } else if (ch) {
            json_array_append_new(changed, json_string(k));
            json_object_set_new(e, "status", json_string("changed"));
        } else {
            same++;
            json_decref(e);
            continue;
        }
        json_object_set_new(items, k, e);
    }
    json_object_foreach(b, k, v)
    {
        if (json_object_get(a, k))
            continue;
        ch = 0;
        e = compare_entry(NULL, v, &ch);
        json_object_set_new(e, "status", json_string("gained"));
        json_array_append_new(gained, json_string(k));
        json_object_set_new(items, k, e);
    }
    return json_pack("{s:o,s:o,s:o,s:I,s:o}", "gained", gained, "lost", lost, "changed", changed,
                     "unchanged", (json_int_t)same, "items", items);
}

/* The strings of array b not in array a. */
static json_t *set_minus(json_t *b, json_t *a)
{
    json_t *out = json_array(), *v, *w;
    size_t i, k;

    json_array_foreach(b, i, v)
    {
        int found = 0;
        json_array_foreach(a, k, w) found |= json_equal(v, w);
        if (!found)
            json_array_append(out, v);
    }
    return out;
}

static int is_shown(const char *k)
{
    size_t i;

    for (i = 0; i < sizeof shown / sizeof shown[0]; i++)
        if (!strcmp(k, shown[i]))
            return 1;
    return 0;
}

/* "exposure": the figures shown always, before/after; the other members
 * both have and that differ in "changed"; the others in only_old/only_new. */
static json_t *compare_exposure(json_t *a, json_t *b)
{
    json_t *out = json_object(), *changed = json_object(), *only_old = json_array(),
           *only_new = json_array(), *v;
    const char *k;
    size_t i;

    for (i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        json_t *x = json_object_get(a, shown[i]), *y = json_object_get(b, shown[i]);
        if (!x && !y)
            continue;
        if (!strcmp(shown[i], "gdpr_classes"))
            json_object_set_new(out, "gdpr_classes",
                                json_pack("{s:O?,s:O?,s:o,s:o}", "old", x, "new", y, "gained",
                                          set_minus(y, x), "lost", set_minus(x, y)));
        else
            json_object_set_new(out, shown[i], pair(x, y));
    }
    json_object_foreach(a, k, v)
    {
        json_t *w = json_object_get(b, k);
        if (is_shown(k))
            continue;
        if (!w)
            json_array_append_new(only_old, json_string(k));
        else if (!json_equal(v, w))
            json_object_set_new(changed, k, pair(v, w));
    }
    json_object_foreach(b, k, v) if (!is_shown(k) && !json_object_get(a, k))
        json_array_append_new(only_new, json_string(k));
    json_object_set_new(out, "changed", changed);
    json_object_set_new(out, "only_old", only_old);
    json_object_set_new(out, "only_new", only_new);
    return out;
}

/* Top-level members only one report has (sections a newer report adds). */
static void compare_sections(json_t *a, json_t *b, json_t *out)
{
    json_t *only_old = json_array(), *only_new = json_array(), *v;
    const char *k;

    json_object_foreach(a, k, v) if (!json_object_get(b, k))
        json_array_append_new(only_old, json_string(k));
    json_object_foreach(b, k, v) if (!json_object_get(a, k))
        json_array_append_new(only_new, json_string(k));
    json_object_set_new(out, "sections_only_old", only_old);
    json_object_set_new(out, "sections_only_new", only_new);
}

/* --- text ----------------------------------------------------------------------- */

static void put_num(FILE *f, json_t *v)
{
    if (json_is_integer(v))
        fprintf(f, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        fprintf(f, "%.2f", json_real_value(v));
    else if (!v || json_is_null(v))
        fputs("-", f);
    else if (json_is_string(v))
        fputs(json_string_value(v), f);
    else {
        char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
        fputs(s ? s : "?", f);
        free(s);
    }
}

/* "old -> new" and, for two integers, the difference. */
static void put_pair(FILE *f, json_t *p)
{
    json_t *o = json_object_get(p, "old"), *n = json_object_get(p, "new");

    put_num(f, o);
    fputs(" -> ", f);
    put_num(f, n);
    if (json_is_integer(o) && json_is_integer(n) && json_integer_value(o) != json_integer_value(n))
        fprintf(f, " (%+lld)", (long long)(json_integer_value(n) - json_integer_value(o)));
}

static void put_list(FILE *f, json_t *a)
{
    size_t i;

    if (!json_array_size(a))
        fputs("none", f);
    for (i = 0; i < json_array_size(a); i++)
        fprintf(f, "%s%s", i ? ", " : "", json_string_value(json_array_get(a, i)));
}

static void text_ids(FILE *f, const char *title, json_t *sec)
{
    json_t *items = json_object_get(sec, "items"), *e, *v;
    const char *id, *k;

    fprintf(f, "%s: %zu gained, %zu lost, %zu changed, %lld unchanged\n", title,
            json_array_size(json_object_get(sec, "gained")),
            json_array_size(json_object_get(sec, "lost")),
            json_array_size(json_object_get(sec, "changed")),
            (long long)json_integer_value(json_object_get(sec, "unchanged")));
    json_object_foreach(items, id, e)
    {
        const char *st = json_string_value(json_object_get(e, "status"));
        int first = 1;
        fprintf(f, "  %c %-30s", st[0] == 'g' ? '+' : st[0] == 'l' ? '-' : '~', id);
        json_object_foreach(e, k, v)
        {
            if (!strcmp(k, "status") || !strcmp(k, "only_old") || !strcmp(k, "only_new"))
                continue;
            fprintf(f, "%s%s ", first ? " " : ", ", k);
            put_pair(f, v);
            first = 0;
        }
        fprintf(f, "  [%s]\n", st);
        if ((v = json_object_get(e, "only_old")) != NULL) {
            fputs("      fields only in OLD: ", f);
            put_list(f, v);
            fputc('\n', f);
        }
        if ((v = json_object_get(e, "only_new")) != NULL) {
            fputs("      fields only in NEW: ", f);
            put_list(f, v);
            fputc('\n', f);
        }
    }
}

static void text_exposure(FILE *f, json_t *x)
{
    json_t *p, *v;
    const char *k;

    fputs("Exposure:\n", f);
    if ((p = json_object_get(x, "severity")) != NULL) {
        json_t *o = json_object_get(p, "old"), *n = json_object_get(p, "new");
        fprintf(f, "  severity: %s (",
                json_string_value(json_object_get(o, "level"))
                    ? json_string_value(json_object_get(o, "level"))
                    : "-");
        put_num(f, json_object_get(o, "score"));
        fprintf(f, ") -> %s (",
                json_string_value(json_object_get(n, "level"))
                    ? json_string_value(json_object_get(n, "level"))
                    : "-");
        put_num(f, json_object_get(n, "score"));
        fputs(")\n", f);
    }
    if ((p = json_object_get(x, "data_subjects")) != NULL) {
        json_t *e = pair(json_object_get(json_object_get(p, "old"), "estimate"),
                         json_object_get(json_object_get(p, "new"), "estimate"));
        fputs("  data subjects: ", f);
        put_pair(f, e);
        fputc('\n', f);
        json_decref(e);
    }
    if ((p = json_object_get(x, "gdpr_classes")) != NULL) {
        fputs("  GDPR classes gained: ", f);
        put_list(f, json_object_get(p, "gained"));
        fputs("; lost: ", f);
        put_list(f, json_object_get(p, "lost"));
        fputc('\n', f);
    }
    if ((p = json_object_get(x, "date_span")) != NULL) {
        json_t *o = json_object_get(p, "old"), *n = json_object_get(p, "new");
        fputs("  date span: ", f);
        put_num(f, json_object_get(o, "first"));
        fputs("..", f);
        put_num(f, json_object_get(o, "last"));
        fputs(" -> ", f);
        put_num(f, json_object_get(n, "first"));
        fputs("..", f);
        put_num(f, json_object_get(n, "last"));
        fputc('\n', f);
    }
    json_object_foreach(json_object_get(x, "changed"), k, v)
    {
        fprintf(f, "  %s: changed: ", k);
        put_pair(f, v);
        fputc('\n', f);
    }
    if (json_array_size(json_object_get(x, "only_old"))) {
        fputs("  only in OLD: ", f);
        put_list(f, json_object_get(x, "only_old"));
        fputc('\n', f);
    }
    if (json_array_size(json_object_get(x, "only_new"))) {
        fputs("  only in NEW: ", f);
        put_list(f, json_object_get(x, "only_new"));
        fputc('\n', f);
    }
}

static void text_out(FILE *f, json_t *d)
{
    json_t *v;
    size_t i;

    fprintf(f, "leakscan diff: %s -> %s\n\n", json_string_value(json_object_get(d, "old")),
            json_string_value(json_object_get(d, "new")));
    for (i = 0; i < sizeof by_id / sizeof by_id[0]; i++)
        if ((v = json_object_get(d, by_id[i])) != NULL) {
            text_ids(f, i == 0 ? "Categories" : "Record types", v);
            fputc('\n', f);
        }
    if ((v = json_object_get(d, "exposure")) != NULL)
        text_exposure(f, v);
    if (json_array_size(json_object_get(d, "sections_only_old"))) {
        fputs("Sections only in OLD: ", f);
        put_list(f, json_object_get(d, "sections_only_old"));
        fputc('\n', f);
    }
    if (json_array_size(json_object_get(d, "sections_only_new"))) {
        fputs("Sections only in NEW: ", f);
        put_list(f, json_object_get(d, "sections_only_new"));
        fputc('\n', f);
    }
    if ((v = json_object_get(d, "fail_on")) != NULL) {
        fputs("--fail-on gained: ", f);
        put_list(f, json_object_get(v, "gained"));
        fputc('\n', f);
    }
}

/* --- the command ------------------------------------------------------------------ */

/* The whole comparison as one object. */
static json_t *compare(const char *pa, json_t *a, const char *pb, json_t *b,
                       const struct ls_failon *fo, int *hit)
{
    json_t *d = json_pack("{s:s,s:s,s:s,s:O?,s:O?}", "schema", "leakscan-diff/1", "old", pa, "new",
                          pb, "old_schema", json_object_get(a, "schema"), "new_schema",
                          json_object_get(b, "schema"));
    json_t *x = json_object_get(a, "exposure"), *y = json_object_get(b, "exposure");
    char what[256];
    size_t i;

    for (i = 0; i < sizeof by_id / sizeof by_id[0]; i++)
        if (json_object_get(a, by_id[i]) || json_object_get(b, by_id[i]))
            json_object_set_new(
                d, by_id[i],
                compare_ids(json_object_get(a, by_id[i]), json_object_get(b, by_id[i])));
    if (x || y)
        json_object_set_new(d, "exposure", compare_exposure(x, y));
    compare_sections(a, b, d);
    *hit = 0;
    if (fo->n) {
        json_t *conds = json_array(), *gained = json_array();
        for (i = 0; i < fo->n; i++) {
            const struct ls_failon_cond *c = &fo->c[i];
            char name[LS_FAILON_ID_BYTES + 16];
            snprintf(name, sizeof name, "%s%s", c->kind == LS_FAILON_SEVERITY ? "severity>=" : "",
                     c->id);
            json_array_append_new(conds, json_string(name));
            if (ls_failon_holds(c, b, what, sizeof what) && !ls_failon_holds(c, a, NULL, 0)) {
                json_array_append_new(gained, json_string(what));
                *hit = 1;
            }
        }
        json_object_set_new(d, "fail_on",
                            json_pack("{s:o,s:o}", "conditions", conds, "gained", gained));
    }
    return d;
}

int ls_diff_main(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"fail-on", required_argument, NULL, 'F'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    struct ls_failon *fo = calloc(1, sizeof *fo);
    json_t *a = NULL, *b = NULL, *d = NULL;
    char err[1024];
    int c, json = 0, hit = 0, rc = 2;

    if (!fo)
        return 2;
    optind = 0;
    opterr = 0;
    err[0] = '\0';
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        if (c == 'h') {
            usage(stdout);
            rc = 0;
            goto out;
        } else if (c == 'f' && (!strcmp(optarg, "text") || !strcmp(optarg, "json"))) {
            json = !strcmp(optarg, "json");
        } else if (c == 'f') {
            snprintf(err, sizeof err, "--format takes text or json");
        } else if (c == 'F') {
            ls_failon_add(fo, optarg, err, sizeof err);
        } else if (c == ':') {
            snprintf(err, sizeof err, "option %s needs a value", argv[optind - 1]);
        } else {
            snprintf(err, sizeof err, "unknown option %s (see leakscan diff --help)",
                     argv[optind - 1]);
        }
        if (err[0])
            goto out;
    }
    if (argc - optind != 2) {
        snprintf(err, sizeof err, "give two reports: OLD.json NEW.json (see leakscan diff --help)");
        goto out;
    }
    if (!(a = load(argv[optind], err, sizeof err)) ||
        !(b = load(argv[optind + 1], err, sizeof err)))
        goto out;
    d = compare(argv[optind], a, argv[optind + 1], b, fo, &hit);
    if (json) {
        if (json_dumpf(d, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0)
            fputc('\n', stdout);
    } else {
        text_out(stdout, d);
    }
    if (fflush(stdout) != 0 || ferror(stdout))
        snprintf(err, sizeof err, "stdout: %s", strerror(errno));
    else
        rc = hit ? 1 : 0;
out:
    if (err[0])
        fprintf(stderr, "leakscan diff: %s\n", err);
    json_decref(a);
    json_decref(b);
    json_decref(d);
    free(fo);
    return rc;
}
