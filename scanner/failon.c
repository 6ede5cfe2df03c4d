/* failon.c — --fail-on conditions: parsing and evaluation on a JSON report
 * (failon.h). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "failon.h"
#include "match/taxonomy.h"

static const char *const levels[] = {"low", "medium", "high", "very high"};

int ls_failon_level(const char *name)
{
    int i;

    if (!strcmp(name, "very_high") || !strcmp(name, "very-high"))
        return 3;
    for (i = 0; i < 4; i++)
        if (!strcmp(name, levels[i]))
            return i;
    return -1;
}

static int is_class(const char *s)
{
    const char *const *c;

    for (c = ls_gdpr_classes; *c; c++)
        if (!strcmp(*c, s))
            return 1;
    return 0;
}

/* PACK.ID: letters, digits, '_' and '-' around one or more dots, none at an end. */
static int is_pack_id(const char *s)
{
    size_t n = strlen(s), i;

    if (n == 0 || s[0] == '.' || s[n - 1] == '.' || !strchr(s, '.'))
        return 0;
    for (i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.'))
            return 0;
    }
    return 1;
}

/* One condition, s[0..n), trimmed of spaces. */
static ls_status add_one(struct ls_failon *f, const char *s, size_t n, char *err, size_t errlen)
{
    struct ls_failon_cond c;
    char buf[LS_FAILON_ID_BYTES];
    const char *v;

    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) {
        snprintf(err, errlen, "--fail-on: an empty condition (conditions are separated by commas)");
        return LS_EUSAGE;
    }
    if (n >= sizeof buf) {
        snprintf(err, errlen, "--fail-on: condition '%.40s…' is too long", s);
        return LS_EUSAGE;
    }
    if (f->n >= LS_FAILON_MAX) {
        snprintf(err, errlen, "--fail-on: at most %d conditions", LS_FAILON_MAX);
        return LS_EUSAGE;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    memset(&c, 0, sizeof c);
    if (!strncmp(buf, "severity", 8)) {
        v = buf + 8;
        while (*v == ' ')
            v++;
        if (strncmp(v, ">=", 2) != 0) {
            snprintf(err, errlen,
                     "--fail-on: '%s': write severity>=LEVEL (LEVEL: low, medium, high, very high)",
                     buf);
            return LS_EUSAGE;
        }
        v += 2;
        while (*v == ' ')
            v++;
        c.kind = LS_FAILON_SEVERITY;
        if ((c.level = ls_failon_level(v)) < 0) {
            snprintf(err, errlen,
                     "--fail-on: unknown severity level '%s' (low, medium, high, very high)", v);
            return LS_EUSAGE;
        }
        snprintf(c.id, sizeof c.id, "%s", levels[c.level]);
    } else if (is_class(buf)) {
        c.kind = LS_FAILON_CLASS;
        memcpy(c.id, buf, n + 1);
    } else if (ls_taxon_find(buf, LS_TAXON_M_ANY) || is_pack_id(buf)) {
        c.kind = LS_FAILON_ID;
        memcpy(c.id, buf, n + 1);
    } else {
        snprintf(err, errlen,
                 "--fail-on: unknown condition '%s': not a GDPR class, a category or record "
                 "type id, a pack's own PACK.ID, or severity>=LEVEL "
                 "(`leakscan rules categories` lists them all)",
                 buf);
        return LS_EUSAGE;
    }
    f->c[f->n++] = c;
    return LS_OK;
}

ls_status ls_failon_add(struct ls_failon *f, const char *arg, char *err, size_t errlen)
{
    const char *p = arg, *comma;
    ls_status st;

    for (;;) {
        comma = strchr(p, ',');
        st = add_one(f, p, comma ? (size_t)(comma - p) : strlen(p), err, errlen);
        if (st != LS_OK || !comma)
            return st;
        p = comma + 1;
    }
}

/* report.SECTION.id.FIELD as a number, 0 when any of it is missing. */
static json_int_t count_of(const json_t *report, const char *section, const char *id,
                           const char *field)
{
    const json_t *v = json_object_get(json_object_get(json_object_get(report, section), id), field);

    return json_is_integer(v) ? json_integer_value(v) : 0;
}

int ls_failon_holds(const struct ls_failon_cond *c, const struct json_t *report, char *what,
                    size_t whatlen)
{
    const json_t *exp = json_object_get(report, "exposure");
    const json_t *sev, *v;
    json_int_t k;
    size_t i;
    int lv;

    switch (c->kind) {
    case LS_FAILON_SEVERITY:
        sev = json_object_get(exp, "severity");
        v = json_object_get(sev, "level");
        if (!json_is_string(v) || (lv = ls_failon_level(json_string_value(v))) < 0)
            return 0;
        /* No finding at all scores 0, "low": that is no severity to fail on. */
        if (json_is_number(json_object_get(sev, "score")) &&
            json_number_value(json_object_get(sev, "score")) <= 0)
            return 0;
        if (lv < c->level)
            return 0;
        if (what)
            snprintf(what, whatlen, "severity %s", json_string_value(v));
        return 1;
    case LS_FAILON_CLASS:
        v = json_object_get(exp, "gdpr_classes");
        for (i = 0; i < json_array_size(v); i++)
            if (json_is_string(json_array_get(v, i)) &&
                !strcmp(json_string_value(json_array_get(v, i)), c->id)) {
                if (what)
                    snprintf(what, whatlen, "GDPR class %s present", c->id);
                return 1;
            }
        return 0;
    case LS_FAILON_ID:
        if ((k = count_of(report, "categories", c->id, "findings")) > 0) {
            if (what)
                snprintf(what, whatlen, "%s: %lld findings", c->id, (long long)k);
            return 1;
        }
        if ((k = count_of(report, "records", c->id, "count")) > 0) {
            if (what)
                snprintf(what, whatlen, "%s: %lld records", c->id, (long long)k);
            return 1;
        }
        return 0;
    }
    return 0;
}
