/* text_report.c — the text report, rendered from the parsed JSON report
 * (text_report.h).  One screen for a responder: the headline (severity, data
 * subjects, records, date span, files) first, then the categories with their
 * GDPR class, record types, media, bytes, file types and the problems
 * (capped; the JSON report and the inventory have them all).  Colours are
 * ANSI SGR codes, used only when ls_report_color says so. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/labels.h"
#include "report/rjson.h"
#include "report/termsafe.h"
#include "report/text_report.h"

/* Problems and PCRE2-limit notes shown: the rest are in the JSON report and
 * the inventory. */
#define TEXT_MAX_PROBLEMS 50

/* ANSI SGR parameters. */
#define SGR_BOLD "1"
#define SGR_RED "31"
#define SGR_BOLD_RED "1;31"
#define SGR_GREEN "32"
#define SGR_YELLOW "33"
#define SGR_MAGENTA "35"

struct tw {
    struct ls_strbuf *b;
    int color;
};

int ls_report_color(int mode, FILE *f)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

    if (mode >= 0)
        return mode > 0;
    if (nc && *nc)
        return 0;
    if (term && !strcmp(term, "dumb"))
        return 0;
    return f && isatty(fileno(f));
}

/* Starts (code) or ends (NULL) a coloured stretch. */
static void sgr(struct tw *t, const char *code)
{
    if (!t->color)
        return;
    if (code)
        ls_strbuf_printf(t->b, "\033[%sm", code);
    else
        ls_strbuf_puts(t->b, "\033[0m");
}

/* s in colour code (none when code is NULL). */
static void put_col(struct tw *t, const char *code, const char *s)
{
    if (code)
        sgr(t, code);
    ls_strbuf_puts(t->b, s);
    if (code)
        sgr(t, NULL);
}

/* A headline label, bold, padded to the value column. */
static void label(struct tw *t, const char *s)
{
    sgr(t, SGR_BOLD);
    ls_strbuf_puts(t->b, s);
    sgr(t, NULL);
    ls_strbuf_printf(t->b, "%*s", (int)(15 - strlen(s)), "");
}

static const char *level_color(const char *level)
{
    if (!strcmp(level, "very high"))
        return SGR_BOLD_RED;
    if (!strcmp(level, "high"))
        return SGR_RED;
    if (!strcmp(level, "medium"))
        return SGR_YELLOW;
    return SGR_GREEN;
}

/* The classes a DPO must hear about first: Art. 9, Art. 10, minors. */
static const char *class_color(const char *cls)
{
    if (!cls)
        return NULL;
    if (!strcmp(cls, "special") || !strcmp(cls, "criminal") || !strcmp(cls, "minors"))
        return SGR_MAGENTA;
    if (!strcmp(cls, "credentials"))
        return SGR_YELLOW;
    return NULL;
}

static void human_bytes(uint64_t n, char *buf, size_t len)
{
    const char *u[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double d = (double)n;
    int i = 0;

    while (d >= 1024 && i < 4) {
        d /= 1024;
        i++;
    }
    snprintf(buf, len, i ? "%.1f %s" : "%.0f %s", d, u[i]);
}

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* The first line, and the notes of an interrupted scan. */
static void text_title(struct tw *t, const json_t *r)
{
    const char *sig = ls_rj_str(r, "scan.interrupted_by", NULL);
    uint64_t abandoned = ls_rj_u64(r, "scan.abandoned_workers", 0);
    const char *version = ls_rj_str(r, "tool.version", NULL);

    ls_strbuf_printf(t->b, "leakscan %s — scan of %zu input(s) in %.2f s with %llu thread(s)\n\n",
                     version ? version : "?", json_array_size(ls_rj_get(r, "scan.inputs")),
                     ls_rj_dbl(r, "scan.elapsed_seconds", 0), ull(ls_rj_u64(r, "scan.threads", 0)));
    if (sig) {
        sgr(t, SGR_BOLD_RED);
        ls_strbuf_printf(t->b, "INCOMPLETE: interrupted by %s;", sig);
        sgr(t, NULL);
        ls_strbuf_puts(t->b, " this report covers the files and entries done before it.\n\n");
    }
    if (abandoned)
        ls_strbuf_printf(t->b,
                         "            %llu worker(s) stuck in a parser were abandoned: what they "
                         "had done is not counted.\n\n",
                         ull(abandoned));
}

/* An estimate as "est (low-high)"; a missing high bound is "?". */
static void text_ci(struct tw *t, const json_t *e, int width)
{
    char buf[96];
    const json_t *hi = json_object_get(e, "ci_high");

    if (json_is_number(hi))
        snprintf(buf, sizeof buf, "%llu (%llu-%llu)", ull(ls_rj_u64(e, "estimate", 0)),
                 ull(ls_rj_u64(e, "ci_low", 0)), ull(ls_rj_u64(e, "ci_high", 0)));
    else
        snprintf(buf, sizeof buf, "%llu (%llu-?)", ull(ls_rj_u64(e, "estimate", 0)),
                 ull(ls_rj_u64(e, "ci_low", 0)));
    ls_strbuf_printf(t->b, " %*s", width, buf);
}

/* --sample: what was sampled, and the estimated totals (docs/sampling.md). */
static void text_sample(struct tw *t, const json_t *r)
{
    const json_t *s = ls_rj_get(r, "sample"), *cats = ls_rj_get(s, "categories");
    char b1[32], b2[32];
    const char *id;
    json_t *c;
    int weak = 0;

    if (!s)
        return;
    human_bytes(ls_rj_u64(s, "bytes_sampled", 0), b1, sizeof b1);
    human_bytes(ls_rj_u64(s, "bytes_total", 0), b2, sizeof b2);
    sgr(t, SGR_BOLD_RED);
    ls_strbuf_puts(t->b, "SAMPLE — ESTIMATES:");
    sgr(t, NULL);
    ls_strbuf_printf(t->b,
                     " %llu of %llu units scanned (fraction %g, seed %llu), %s of %s.\n"
                     "  The totals below are estimates (%s estimator) with 95 %% confidence "
                     "intervals.\n  Every other count in this report is of the sampled units "
                     "only, not a total of the leak.\n\n",
                     ull(ls_rj_u64(s, "units_sampled", 0)), ull(ls_rj_u64(s, "units_total", 0)),
                     ls_rj_dbl(s, "fraction", 0), ull(ls_rj_u64(s, "seed", 0)), b1, b2,
                     ls_rj_str(s, "estimator", "?"));
    sgr(t, SGR_BOLD);
    ls_strbuf_printf(t->b, "%-30s %24s %24s %20s %20s", "Estimated totals [95 % CI]:", "findings",
                     "records", "files", "units");
    sgr(t, NULL);
    ls_strbuf_putc(t->b, '\n');
    json_object_foreach((json_t *)cats, id, c)
    {
        int ok = json_is_true(json_object_get(c, "reliable"));
        weak |= !ok;
        ls_strbuf_puts(t->b, ok ? "  " : " *");
        ls_term_safe(t->b, id, strlen(id));
        ls_strbuf_printf(t->b, "%*s", (int)(strlen(id) < 28 ? 28 - strlen(id) : 0), "");
        text_ci(t, json_object_get(c, "findings"), 24);
        text_ci(t, json_object_get(c, "records"), 24);
        text_ci(t, json_object_get(c, "files"), 20);
        text_ci(t, json_object_get(c, "units"), 20);
        ls_strbuf_putc(t->b, '\n');
    }
    if (!json_object_size(cats))
        ls_strbuf_puts(t->b, "  (no category in the sampled units)\n");
    if (weak)
        ls_strbuf_printf(t->b, "  * unreliable interval: fewer than 30 units sampled, or the "
                               "category seen in fewer than 5\n");
    ls_strbuf_printf(t->b,
                     "  A category seen in no sampled unit may still be in up to %llu units.\n"
                     "  Distinct values, persons and exposure are not estimated: those of the "
                     "sample are no totals.\n\n",
                     ull(ls_rj_u64(s, "unseen_units_high", 0)));
}

/* Severity, with the ENISA inputs and what each rests on. */
static void text_severity(struct tw *t, const struct ls_headline *h)
{
    label(t, "Severity:");
    put_col(t, level_color(h->level), h->level);
    if (!h->dpc) {
        ls_strbuf_printf(t->b, " (ENISA score %.2f: no personal data found)\n", h->score);
        return;
    }
    ls_strbuf_printf(t->b, " (ENISA score %.2f = DPC %llu x EI %.2f + CB %.2f)\n", h->score,
                     ull(h->dpc), h->ei, h->cb);
    ls_strbuf_printf(t->b, "%15sDPC %llu: %s\n", "", ull(h->dpc),
                     h->dpc_basis ? h->dpc_basis : "?");
    ls_strbuf_printf(t->b, "%15sEI %.2f: %s\n", "", h->ei, h->ei_basis ? h->ei_basis : "?");
}

/* The GDPR classes present, the sensitive ones in colour. */
static void text_classes(struct tw *t, const json_t *r)
{
    const json_t *cls = ls_rj_get(r, "exposure.gdpr_classes");
    size_t i;

    if (!cls)
        return;
    label(t, "GDPR classes:");
    for (i = 0; i < json_array_size(cls); i++) {
        const char *c = json_string_value(json_array_get(cls, i));
        if (!c)
            continue;
        if (i)
            ls_strbuf_puts(t->b, ", ");
        put_col(t, class_color(c), c);
    }
    ls_strbuf_puts(t->b, i ? "\n" : "none\n");
}

/* Persons (linked identifiers, with their bounds), minors and movement
 * profiles: the exposure figures beyond distinct national numbers. */
static void text_persons(struct tw *t, const json_t *r)
{
    if (ls_rj_get(r, "exposure.persons")) {
        label(t, "Persons:");
        ls_strbuf_printf(t->b,
                         "%llu named (a national number, ID document, or name with date of birth "
                         "or address) to at "
                         "most %llu with linked identifiers (bounds)\n",
                         ull(ls_rj_u64(r, "exposure.persons.identified", 0)),
                         ull(ls_rj_u64(r, "exposure.persons.count", 0)));
    }
    if (ls_rj_get(r, "exposure.minors")) {
        uint64_t under = ls_rj_u64(r, "exposure.minors.persons_under_18", 0);
        char buf[48];

        label(t, "Minors:");
        snprintf(buf, sizeof buf, "%llu person(s) under 18", ull(under));
        put_col(t, under ? SGR_RED : NULL, buf);
        ls_strbuf_printf(t->b, " at the record's date, %llu record(s) with minors keywords\n",
                         ull(ls_rj_u64(r, "exposure.minors.records_flagged", 0)));
    }
    if (ls_rj_get(r, "exposure.movement_profiles")) {
        label(t, "Movement:");
        ls_strbuf_printf(t->b,
                         "%llu of %llu plates seen by ANPR %llu+ times at %llu+ cameras or days "
                         "(trackable vehicles)\n",
                         ull(ls_rj_u64(r, "exposure.movement_profiles.vehicles_tracked", 0)),
                         ull(ls_rj_u64(r, "exposure.movement_profiles.plates_seen", 0)),
                         ull(ls_rj_u64(r, "exposure.movement_profiles.min_hits", 0)),
                         ull(ls_rj_u64(r, "exposure.movement_profiles.min_sites", 0)));
    }
}

static void text_headline(struct tw *t, const json_t *r)
{
    struct ls_headline h;
    char failed[40];

    ls_headline_read(r, &h);
    if (ls_rj_get(r, "sample"))
        put_col(t, SGR_BOLD, "In the sampled units only (not totals):\n");
    if (ls_rj_get(r, "exposure")) {
        text_severity(t, &h);
        label(t, "Data subjects:");
        ls_strbuf_printf(t->b, "about %llu (%s)\n", ull(h.subjects),
                         h.subjects_basis ? h.subjects_basis : "?");
        text_persons(t, r);
        label(t, "Records:");
        if (h.records_min) {
            ls_strbuf_printf(t->b, "at least %llu with findings (", ull(h.records_min));
            ls_term_safe(t->b, h.records_min_of, strlen(h.records_min_of));
            ls_strbuf_printf(t->b, "), at most %llu\n%15s", ull(h.records_max), "");
        } else {
            ls_strbuf_printf(t->b, "none with findings\n%15s", "");
        }
        ls_strbuf_printf(t->b, "%llu with a direct person identifier (person_record)\n",
                         ull(h.person_records));
        label(t, "Dates:");
        if (h.first && h.last)
            ls_strbuf_printf(t->b,
                             "%s to %s, %u year(s) (%llu dated records; dates of birth "
                             "excluded)\n",
                             h.first, h.last, h.years, ull(h.dated));
        else
            ls_strbuf_puts(t->b, "no event date found\n");
    }
    label(t, "Files:");
    ls_strbuf_printf(t->b, "%llu total, %llu scanned, %llu skipped, ", ull(h.files_total),
                     ull(h.scanned), ull(h.skipped));
    snprintf(failed, sizeof failed, "%llu failed", ull(h.failed));
    put_col(t, h.failed ? SGR_RED : NULL, failed);
    ls_strbuf_putc(t->b, '\n');
    if (ls_rj_u64(r, "scan.files.partial", 0))
        ls_strbuf_printf(t->b, "%15s%llu of the scanned documents read in part (see --inventory)\n",
                         "", ull(ls_rj_u64(r, "scan.files.partial", 0)));
    text_classes(t, r);
}

/* One line per category: counts, GDPR class, findings by confidence. */
static void text_categories(struct tw *t, const json_t *r)
{
    const json_t *cats = ls_rj_get(r, "categories");
    const char *id;
    json_t *c;
    int est = 0;

    if (!cats)
        return;
    ls_strbuf_putc(t->b, '\n');
    sgr(t, SGR_BOLD);
    if (ls_rj_get(r, "sample"))
        ls_strbuf_puts(t->b, "In the sampled units only (not totals):\n");
    ls_strbuf_printf(t->b, "%-30s %9s %9s %7s %9s  %-14s  %s", "Categories:", "findings", "unique",
                     "files", "records", "GDPR class", "confidence high/medium/low");
    sgr(t, NULL);
    ls_strbuf_putc(t->b, '\n');
    json_object_foreach((json_t *)cats, id, c)
    {
        const char *cls = ls_rj_str(c, "gdpr", NULL);
        char col[32];

        ls_strbuf_puts(t->b, "  ");
        ls_term_safe(t->b, id, strlen(id));
        est |= json_is_true(json_object_get(c, "unique_estimated"));
        ls_strbuf_printf(t->b, "%*s %9llu %s%8llu %7llu %9llu  ",
                         (int)(strlen(id) < 28 ? 28 - strlen(id) : 0), "",
                         ull(ls_rj_u64(c, "findings", 0)),
                         json_is_true(json_object_get(c, "unique_estimated")) ? "~" : " ",
                         ull(ls_rj_u64(c, "unique", 0)), ull(ls_rj_u64(c, "files", 0)),
                         ull(ls_rj_u64(c, "records", 0)));
        snprintf(col, sizeof col, "%-14s", cls ? cls : "?");
        put_col(t, class_color(cls), col);
        ls_strbuf_printf(t->b, "  %llu/%llu/%llu\n", ull(ls_rj_u64(c, "confidence.high", 0)),
                         ull(ls_rj_u64(c, "confidence.medium", 0)),
                         ull(ls_rj_u64(c, "confidence.low", 0)));
    }
    if (!json_object_size(cats))
        ls_strbuf_puts(t->b, "  (none)\n");
    if (est) /* HyperLogLog counts past --exact-distinct */
        ls_strbuf_puts(t->b, "  ~ unique estimated (a sketch past --exact-distinct; standard "
                             "error 0.41 %)\n");
}

static void text_record_types(struct tw *t, const json_t *r)
{
    const json_t *rts = ls_rj_get(r, "records");
    const char *id;
    json_t *c;

    if (!rts)
        return;
    sgr(t, SGR_BOLD);
    ls_strbuf_printf(t->b, "%-30s %9s %9s", "Record types:", "records", "files");
    sgr(t, NULL);
    ls_strbuf_putc(t->b, '\n');
    json_object_foreach((json_t *)rts, id, c)
    {
        ls_strbuf_puts(t->b, "  ");
        ls_term_safe(t->b, id, strlen(id));
        ls_strbuf_printf(t->b, "%*s %9llu %9llu\n", (int)(strlen(id) < 28 ? 28 - strlen(id) : 0),
                         "", ull(ls_rj_u64(c, "count", 0)), ull(ls_rj_u64(c, "files", 0)));
    }
    if (!json_object_size(rts))
        ls_strbuf_puts(t->b, "  (none)\n");
}

/* Media, bytes, decoding and memory. */
static void text_media(struct tw *t, const json_t *r)
{
    uint64_t docs = ls_rj_u64(r, "media.scanned_documents", 0);
    char h1[32], h2[32];

    ls_strbuf_putc(t->b, '\n');
    label(t, "Media:");
    ls_strbuf_printf(t->b, "%llu image, %llu video, %llu audio\n",
                     ull(ls_rj_u64(r, "media.image", 0)), ull(ls_rj_u64(r, "media.video", 0)),
                     ull(ls_rj_u64(r, "media.audio", 0)));
    if (docs)
        ls_strbuf_printf(t->b,
                         "%15s%llu documents without a text layer (scanned images: look at them, "
                         "the rules cannot)\n",
                         "", ull(docs));
    human_bytes(ls_rj_u64(r, "scan.bytes_read", 0), h1, sizeof h1);
    human_bytes(ls_rj_u64(r, "scan.bytes_scanned", 0), h2, sizeof h2);
    label(t, "Bytes:");
    ls_strbuf_printf(t->b, "%s read from disk, %s of text scanned\n", h1, h2);
    if (ls_rj_u64(r, "scan.decoding.invalid_sequences", 0)) {
        label(t, "Decoding:");
        ls_strbuf_printf(t->b, "%llu invalid byte sequences replaced in %llu files\n",
                         ull(ls_rj_u64(r, "scan.decoding.invalid_sequences", 0)),
                         ull(ls_rj_u64(r, "scan.decoding.files", 0)));
    }
    human_bytes(ls_rj_u64(r, "memory.distinct_sets_bytes", 0), h1, sizeof h1);
    human_bytes(ls_rj_u64(r, "memory.peak_rss_bytes", 0), h2, sizeof h2);
    label(t, "Memory:");
    ls_strbuf_printf(t->b, "%s of distinct-value sets (%llu values), peak RSS %s\n", h1,
                     ull(ls_rj_u64(r, "memory.distinct_values", 0)), h2);
}

static void text_types(struct tw *t, const json_t *r)
{
    const char *type;
    json_t *n;

    ls_strbuf_putc(t->b, '\n');
    put_col(t, SGR_BOLD, "Files by type:");
    ls_strbuf_putc(t->b, '\n');
    json_object_foreach(ls_rj_get(r, "scan.types"), type, n)
    {
        ls_strbuf_printf(t->b, "  %8llu  ", ull(ls_rj_count(n)));
        ls_term_safe(t->b, type, strlen(type));
        ls_strbuf_putc(t->b, '\n');
    }
}

/* One problem or PCRE2-limit line: [status] path: reason. */
static void text_item(struct tw *t, const json_t *it, int with_status)
{
    const char *status = ls_rj_str(it, "status", NULL), *reason = ls_rj_str(it, "reason", NULL);
    struct ls_strbuf p;
    char st[16];

    ls_strbuf_puts(t->b, "  ");
    if (with_status) {
        snprintf(st, sizeof st, "%-7s", status ? status : "?");
        put_col(t, status && !strcmp(status, "failed") ? SGR_RED : SGR_YELLOW, st);
        ls_strbuf_puts(t->b, "  ");
    }
    ls_strbuf_init(&p, (size_t)1 << 20);
    ls_rj_path_bytes(it, &p);
    ls_term_safe(t->b, p.data ? p.data : "", p.len);
    ls_strbuf_free(&p);
    ls_strbuf_puts(t->b, ": ");
    if (reason)
        ls_term_safe(t->b, reason, strlen(reason));
    ls_strbuf_putc(t->b, '\n');
}

static void text_problems(struct tw *t, const json_t *r)
{
    const json_t *pr = ls_rj_get(r, "problems"), *lim = ls_rj_get(r, "match_limits");
    size_t n = json_array_size(pr), i;
    uint64_t dropped = ls_rj_u64(r, "problems_not_listed", 0);

    if (n) {
        ls_strbuf_putc(t->b, '\n');
        sgr(t, SGR_BOLD);
        ls_strbuf_printf(t->b, "Problems (%llu):", ull(n + dropped));
        sgr(t, NULL);
        ls_strbuf_putc(t->b, '\n');
        for (i = 0; i < n && i < TEXT_MAX_PROBLEMS; i++)
            text_item(t, json_array_get(pr, i), 1);
        if (n > TEXT_MAX_PROBLEMS)
            ls_strbuf_printf(t->b, "  … and %zu more (see --format json or --inventory)\n",
                             n - TEXT_MAX_PROBLEMS);
    }
    n = json_array_size(lim);
    if (n) {
        ls_strbuf_putc(t->b, '\n');
        put_col(t, SGR_BOLD, "Matching cut short by a PCRE2 limit");
        ls_strbuf_printf(t->b, " (%zu):\n", n);
        for (i = 0; i < n && i < TEXT_MAX_PROBLEMS; i++)
            text_item(t, json_array_get(lim, i), 0);
    }
}

ls_status ls_report_text(const struct ls_report_ctx *ctx, int color, struct ls_strbuf *out)
{
    struct tw t = {out, color};
    const json_t *r = ctx->report;

    text_title(&t, r);
    text_sample(&t, r);
    text_headline(&t, r);
    text_categories(&t, r);
    text_record_types(&t, r);
    text_media(&t, r);
    text_types(&t, r);
    text_problems(&t, r);
    return out->overflow ? LS_EIO : LS_OK;
}
