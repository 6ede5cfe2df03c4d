/* html.c — the HTML report (--format html, ls_report_html in report_ctx.h):
 * one self-contained page for a data protection officer — a headline,
 * charts (inline SVG), tables and method notes — from the parsed JSON
 * report only (docs/report.md, "HTML report").
 *
 * The page needs nothing else: inline CSS, no script, no font, image or
 * style sheet fetched, and a Content-Security-Policy that forbids all of
 * them.  Every string of the report (file names come from whoever made the
 * leak) is made safe to show and HTML-escaped.  Like every output, it holds
 * counts and names, never a found value.
 *
 * Layout: header (tool, inputs, time), then one <section> each for the
 * headline, the charts, categories, records, top files, problems and the
 * method notes; print CSS starts each section on a new page.  Counts are
 * shown with thousands separators. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "report/labels.h"
#include "report/report_ctx.h"
#include "report/rjson.h"
#include "report/svg.h"

/* Problems listed on the page: the rest are in the JSON report and the
 * inventory (the JSON report lists up to 100 000). */
#define HTML_MAX_PROBLEMS 1000
/* File types in the chart (all are in the JSON report). */
#define HTML_MAX_TYPES 12

/* A colour per GDPR class, in report order (legible on white and in print). */
static const struct {
    const char *cls, *color;
} class_colors[] = {
    {"personal", "#4e79a7"},       {"special", "#d62728"},     {"criminal", "#8c2d8c"},
    {"minors", "#f28e2b"},         {"financial", "#59a14f"},   {"location", "#b8860b"},
    {"communications", "#2a9d8f"}, {"credentials", "#7f5539"},
};
#define NCLASSES (sizeof class_colors / sizeof class_colors[0])
#define OTHER_COLOR "#8c8c8c"
#define MEDIA_COLOR "#5b6b7c"

static const char *class_color(const char *cls)
{
    size_t i;

    for (i = 0; cls && i < NCLASSES; i++)
        if (!strcmp(class_colors[i].cls, cls))
            return class_colors[i].color;
    return OTHER_COLOR;
}

static void esc(struct ls_strbuf *o, const char *s)
{
    if (s)
        ls_html_esc(o, s, strlen(s));
}

static void safe(struct ls_strbuf *o, const char *s)
{
    if (s)
        ls_html_safe(o, s, strlen(s));
}

/* A count with thousands separators. */
static void count(struct ls_strbuf *o, uint64_t v)
{
    char b[32];

    ls_strbuf_puts(o, ls_fmt_count(v, b));
}

/* An item's path (exact bytes when not UTF-8), made safe and escaped. */
static void item_path(struct ls_strbuf *o, const json_t *item)
{
    struct ls_strbuf p;

    ls_strbuf_init(&p, (size_t)1 << 20);
    ls_rj_path_bytes(item, &p);
    ls_html_safe(o, p.data ? p.data : "", p.len);
    ls_strbuf_free(&p);
}

static const char css[] =
    ":root{color-scheme:light}\n"
    "*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0 auto;max-width:1100px;padding:24px;background:#fff;color:#1b1b1b;"
    "font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,"
    "sans-serif}\n"
    "h1{font-size:24px;margin:0 0 4px}\n"
    "h2{font-size:18px;border-bottom:2px solid #d9d9d9;padding-bottom:4px;margin:28px 0 10px}\n"
    "h3{font-size:15px;margin:16px 0 6px}\n"
    ".meta,.basis,figcaption,.note{color:#555;font-size:12px}\n"
    ".sev{border-left:10px solid #8c8c8c;padding:10px 16px;margin:10px 0 14px;"
    "background:#f7f7f7}\n"
    ".sev .level{font-size:26px;font-weight:700;text-transform:uppercase}\n"
    ".sev-very-high{border-color:#b2182b}.sev-very-high .level{color:#b2182b}\n"
    ".sev-high{border-color:#d6604d}.sev-high .level{color:#c0392b}\n"
    ".sev-medium{border-color:#e6a100}.sev-medium .level{color:#8a6100}\n"
    ".sev-low{border-color:#4d9221}.sev-low .level{color:#3b7a17}\n"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;"
    "margin:0}\n"
    ".figures>div{border:1px solid #d9d9d9;border-radius:6px;padding:8px 12px}\n"
    ".figures dt{font-size:12px;color:#555;text-transform:uppercase;letter-spacing:.04em}\n"
    ".figures dd{margin:2px 0 0;font-size:22px;font-weight:700}\n"
    ".figures dd.basis{font-size:12px;font-weight:400}\n"
    ".figures small{font-size:14px;font-weight:400}\n"
    ".chip{display:inline-block;border-radius:10px;padding:1px 9px;margin:2px 4px 2px 0;"
    "color:#fff;font-size:12px}\n"
    ".incomplete{border:2px solid #b2182b;background:#fdecea;padding:8px 12px;font-weight:600}\n"
    ".grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:8px 24px}\n"
    "figure{margin:10px 0;break-inside:avoid;page-break-inside:avoid}\n"
    "svg.chart{width:100%;height:auto;display:block}\n"
    "svg text{font:12px system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "fill:#1b1b1b}\n"
    "svg text.val{fill:#333}svg .axis{stroke:#999;stroke-width:1}\n"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0 12px}\n"
    "th,td{border-bottom:1px solid #e3e3e3;padding:3px 8px;text-align:left;"
    "vertical-align:top}\n"
    "th{background:#f2f2f2;font-weight:600}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "code,.path{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
    "font-size:12px;overflow-wrap:anywhere}\n"
    ".sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}\n"
    ".notes li{margin:3px 0}\n"
    "footer{margin-top:28px;color:#555;font-size:12px;border-top:1px solid #d9d9d9;"
    "padding-top:6px}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}"
    "section+section{break-before:page;page-break-before:always}"
    "tr,.figures>div{break-inside:avoid;page-break-inside:avoid}"
    "thead{display:table-header-group}h2,h3{break-after:avoid;page-break-after:avoid}"
    ".grid{display:block}}\n";

static void html_head(struct ls_strbuf *o)
{
    ls_strbuf_puts(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                      "style-src 'unsafe-inline'; img-src data:\">\n"
                      "<meta name=\"referrer\" content=\"no-referrer\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>Data breach exposure report (leakscan)</title>\n<style>\n");
    ls_strbuf_puts(o, css);
    ls_strbuf_puts(o, "</style>\n</head>\n<body>\n");
}

static void html_header(struct ls_strbuf *o, const json_t *r)
{
    const json_t *in = ls_rj_get(r, "scan.inputs"), *packs = ls_rj_get(r, "scan.rule_packs");
    size_t i;

    ls_strbuf_puts(o, "<header>\n<h1>Data breach exposure report</h1>\n<p class=\"meta\">");
    ls_strbuf_puts(o, "leakscan ");
    esc(o, ls_rj_str(r, "tool.version", NULL));
    ls_strbuf_puts(o, " &middot; scan started ");
    esc(o, ls_rj_str(r, "scan.started_at", NULL));
    ls_strbuf_printf(o, " &middot; %.2f s with %llu thread(s) &middot; input(s): ",
                     ls_rj_dbl(r, "scan.elapsed_seconds", 0),
                     (unsigned long long)ls_rj_u64(r, "scan.threads", 0));
    for (i = 0; i < json_array_size(in); i++) {
        ls_strbuf_puts(o, i ? ", <code>" : "<code>");
        safe(o, json_string_value(json_array_get(in, i)));
        ls_strbuf_puts(o, "</code>");
    }
    ls_strbuf_puts(o, " &middot; rule packs: ");
    for (i = 0; i < json_array_size(packs); i++) {
        const json_t *p = json_array_get(packs, i);
        ls_strbuf_puts(o, i ? ", " : "");
        safe(o, ls_rj_str(p, "name", NULL));
        ls_strbuf_putc(o, ' ');
        safe(o, ls_rj_str(p, "version", NULL));
    }
    if (!i)
        ls_strbuf_puts(o, "none");
    ls_strbuf_puts(o, "</p>\n</header>\n<main>\n");
}

/* The severity box: level, score and the ENISA inputs with their bases. */
static void html_severity(struct ls_strbuf *o, const struct ls_headline *h)
{
    const char *cls = !strcmp(h->level, "very high") ? "very-high"
                      : !strcmp(h->level, "high")    ? "high"
                      : !strcmp(h->level, "medium")  ? "medium"
                      : !strcmp(h->level, "low")     ? "low"
                                                     : "na";

    ls_strbuf_printf(o, "<div class=\"sev sev-%s\"><div class=\"level\">Severity: ", cls);
    esc(o, h->level);
    ls_strbuf_printf(o, "</div><div>ENISA score <strong>%.2f</strong>", h->score);
    if (h->dpc) {
        ls_strbuf_printf(o,
                         " = DPC %llu &times; EI %.2f + CB %.2f</div>\n<div class=\"basis\">"
                         "DPC %llu: ",
                         (unsigned long long)h->dpc, h->ei, h->cb, (unsigned long long)h->dpc);
        esc(o, h->dpc_basis);
        ls_strbuf_printf(o, ". EI %.2f: ", h->ei);
        esc(o, h->ei_basis);
        ls_strbuf_puts(o, ". CB: assumed for a leaked dump; adjust by hand.</div>");
    } else {
        ls_strbuf_puts(o, ": no personal data found</div>");
    }
    ls_strbuf_puts(o, "</div>\n");
}

/* One headline figure: a title, the figure, a line of basis. */
static void figure_open(struct ls_strbuf *o, const char *title)
{
    ls_strbuf_printf(o, "<div><dt>%s</dt><dd>", title);
}

/* Persons (with their bounds), minors and movement profiles, when the
 * report has them. */
static void html_persons(struct ls_strbuf *o, const json_t *r)
{
    if (ls_rj_get(r, "exposure.persons")) {
        figure_open(o, "Persons");
        count(o, ls_rj_u64(r, "exposure.persons.identified", 0));
        ls_strbuf_puts(o, "&#8211;");
        count(o, ls_rj_u64(r, "exposure.persons.count", 0));
        ls_strbuf_puts(o, "</dd><dd class=\"basis\">persons the leak names (national number, ID "
                          "document, or name with date of birth or address) to persons with linked "
                          "identifiers</dd></div>\n");
    }
    if (ls_rj_get(r, "exposure.minors")) {
        figure_open(o, "Minors");
        count(o, ls_rj_u64(r, "exposure.minors.persons_under_18", 0));
        ls_strbuf_puts(o, "</dd><dd class=\"basis\">persons under 18 at the record's date; ");
        count(o, ls_rj_u64(r, "exposure.minors.records_flagged", 0));
        ls_strbuf_puts(o, " records with minors keywords (GDPR Art. 8)</dd></div>\n");
    }
    if (ls_rj_get(r, "exposure.movement_profiles")) {
        figure_open(o, "Trackable vehicles");
        count(o, ls_rj_u64(r, "exposure.movement_profiles.vehicles_tracked", 0));
        ls_strbuf_puts(o, "</dd><dd class=\"basis\">of ");
        count(o, ls_rj_u64(r, "exposure.movement_profiles.plates_seen", 0));
        ls_strbuf_printf(
            o, " plates seen by ANPR, %llu+ times at %llu+ cameras or days</dd></div>\n",
            (unsigned long long)ls_rj_u64(r, "exposure.movement_profiles.min_hits", 0),
            (unsigned long long)ls_rj_u64(r, "exposure.movement_profiles.min_sites", 0));
    }
}

static void html_figures(struct ls_strbuf *o, const json_t *r, const struct ls_headline *h)
{
    ls_strbuf_puts(o, "<dl class=\"figures\">\n");
    figure_open(o, "Data subjects");
    ls_strbuf_puts(o, "<small>about</small> ");
    count(o, h->subjects);
    ls_strbuf_puts(o, "</dd><dd class=\"basis\">");
    esc(o, h->subjects_basis);
    ls_strbuf_puts(o, "</dd></div>\n");
    html_persons(o, r);
    figure_open(o, "Records with findings");
    if (h->records_min) {
        ls_strbuf_puts(o, "<small>at least</small> ");
        count(o, h->records_min);
    } else {
        ls_strbuf_puts(o, "none");
    }
    ls_strbuf_puts(o, "</dd><dd class=\"basis\">");
    if (h->records_min_of) {
        ls_strbuf_puts(o, "the largest count, of ");
        safe(o, ls_report_taxon_name(h->records_min_of));
        ls_strbuf_puts(o, "; at most ");
        count(o, h->records_max);
        ls_strbuf_puts(o, "; ");
    }
    count(o, h->person_records);
    ls_strbuf_puts(o, " with a direct person identifier</dd></div>\n");
    figure_open(o, "Files");
    count(o, h->files_total);
    ls_strbuf_puts(o, "</dd><dd class=\"basis\">");
    count(o, h->scanned);
    ls_strbuf_puts(o, " scanned, ");
    count(o, h->skipped);
    ls_strbuf_puts(o, " skipped, ");
    count(o, h->failed);
    ls_strbuf_puts(o, " failed</dd></div>\n");
    figure_open(o, "Date span");
    if (h->years) {
        ls_strbuf_printf(o, "%u&ndash;%u</dd><dd class=\"basis\">%u year(s): ", h->first_year,
                         h->last_year, h->years);
        esc(o, h->first);
        ls_strbuf_puts(o, " to ");
        esc(o, h->last);
        ls_strbuf_puts(o, ", ");
        count(o, h->dated);
        ls_strbuf_puts(o, " dated records</dd></div>\n");
    } else {
        ls_strbuf_puts(o, "none</dd><dd class=\"basis\">no event date found</dd></div>\n");
    }
    figure_open(o, "Scan");
    ls_strbuf_puts(o, h->complete ? "complete" : "INCOMPLETE");
    ls_strbuf_printf(o, "</dd><dd class=\"basis\">%s</dd></div>\n</dl>\n",
                     h->complete ? "every input was read to its end (problems below)"
                                 : "interrupted: the figures cover only what was done");
    (void)r;
}

static void html_headline(struct ls_strbuf *o, const json_t *r, const struct ls_headline *h)
{
    const json_t *cls = ls_rj_get(r, "exposure.gdpr_classes");
    size_t i;

    ls_strbuf_puts(o, "<section id=\"headline\" aria-labelledby=\"h-headline\">\n"
                      "<h2 id=\"h-headline\">Headline</h2>\n");
    if (ls_rj_get(r, "sample"))
        ls_strbuf_puts(o, "<p class=\"incomplete\">SAMPLE: the figures of this section count "
                          "the sampled units only, not the leak (estimated totals: above).</p>\n");
    if (!h->complete) {
        ls_strbuf_puts(o, "<p class=\"incomplete\">INCOMPLETE: the scan was interrupted by ");
        esc(o, h->interrupted_by ? h->interrupted_by : "a signal");
        ls_strbuf_puts(o, "; this report covers only the files and entries done before it.</p>\n");
    }
    html_severity(o, h);
    html_figures(o, r, h);
    ls_strbuf_puts(o, "<p>GDPR classes present: ");
    for (i = 0; i < json_array_size(cls); i++) {
        const char *c = json_string_value(json_array_get(cls, i));
        ls_strbuf_printf(o, "<span class=\"chip\" style=\"background:%s\">", class_color(c));
        esc(o, ls_label_class(c));
        ls_strbuf_puts(o, "</span>");
    }
    if (!i)
        ls_strbuf_puts(o, "none");
    ls_strbuf_puts(o, "</p>\n</section>\n");
}

/* A figure with one chart and its caption. */
static void fig_open(struct ls_strbuf *o, const char *cls)
{
    ls_strbuf_printf(o, "<figure class=\"%s\">\n", cls);
}

static void fig_close(struct ls_strbuf *o, const char *caption)
{
    ls_strbuf_printf(o, "<figcaption>%s</figcaption>\n</figure>\n", caption);
}

/* Categories by findings, coloured by GDPR class, with a legend of the
 * classes that occur. */
static void chart_categories(struct ls_strbuf *o, const json_t *r)
{
    const json_t *cats = ls_rj_get(r, "categories");
    size_t n = json_object_size(cats), i = 0, nl = 0, k;
    struct ls_bar *bars = calloc(n ? n : 1, sizeof *bars), legend[NCLASSES + 1];
    struct ls_chart c = {"c-categories", "Findings per category",
                         "Horizontal bars: findings of each category found, coloured by its GDPR "
                         "class; the count is written at the end of each bar.",
                         1000};
    const char *id;
    json_t *v;

    if (!bars)
        return;
    json_object_foreach((json_t *)cats, id, v)
    {
        bars[i].label = ls_report_taxon_name(id);
        bars[i].value = ls_rj_u64(v, "findings", 0);
        bars[i++].fill = class_color(ls_rj_str(v, "gdpr", NULL));
    }
    for (k = 0; k < NCLASSES; k++)
        for (i = 0; i < n; i++)
            if (bars[i].fill == class_colors[k].color) {
                legend[nl].label = ls_label_class(class_colors[k].cls);
                legend[nl++].fill = class_colors[k].color;
                break;
            }
    fig_open(o, "wide");
    if (n)
        ls_svg_hbars(o, &c, bars, n, legend, nl);
    else
        ls_strbuf_puts(o, "<p>No finding: no category to chart.</p>\n");
    fig_close(o, "Findings per category (occurrences; distinct values are in the table below).");
    free(bars);
}

/* Dated records per year, every year from the first to the last. */
static void chart_years(struct ls_strbuf *o, const json_t *r)
{
    const json_t *by = ls_rj_get(r, "exposure.date_span.by_year");
    unsigned lo = 0, hi = 0, y;
    struct ls_bar *bars;
    char(*labels)[8];
    struct ls_chart c = {"c-years", "Dated records per year",
                         "Vertical bars, one per year from the first to the last event date: "
                         "records counted in the year of their earliest event date.",
                         1000};
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)by, key, v)
    {
        y = (unsigned)strtoul(key, NULL, 10);
        if (y < 1000 || y > 9999)
            continue;
        lo = lo && lo < y ? lo : y;
        hi = hi > y ? hi : y;
    }
    fig_open(o, "wide");
    if (!lo) {
        ls_strbuf_puts(o, "<p>No event date found.</p>\n");
        fig_close(o, "Dated records per year.");
        return;
    }
    bars = calloc(hi - lo + 1, sizeof *bars);
    labels = calloc(hi - lo + 1, sizeof *labels);
    if (bars && labels) {
        for (y = lo; y <= hi; y++) {
            snprintf(labels[y - lo], sizeof labels[0], "%u", y);
            bars[y - lo].label = labels[y - lo];
            bars[y - lo].value = ls_rj_u64(by, labels[y - lo], 0);
            bars[y - lo].fill = "#4e79a7";
        }
        ls_svg_vbars(o, &c, bars, hi - lo + 1);
    }
    fig_close(o, "Dated records per year (each record once, in the year of its earliest event "
                 "date; dates of birth are not event dates).");
    free(bars);
    free(labels);
}

/* Findings per GDPR class (the sum over the class's categories). */
static void chart_classes(struct ls_strbuf *o, const json_t *r)
{
    struct ls_bar bars[NCLASSES];
    struct ls_chart c = {"c-classes", "Findings per GDPR class",
                         "Horizontal bars: findings of the categories of each GDPR class present.",
                         500};
    const json_t *present = ls_rj_get(r, "exposure.gdpr_classes");
    size_t n = 0, k, i;

    for (k = 0; k < NCLASSES; k++) {
        uint64_t sum = 0;
        const char *id;
        json_t *v;
        int in = 0;

        for (i = 0; i < json_array_size(present); i++) {
            const char *p = json_string_value(json_array_get(present, i));
            in |= p && !strcmp(class_colors[k].cls, p);
        }
        json_object_foreach(ls_rj_get(r, "categories"), id, v)
        {
            const char *g = ls_rj_str(v, "gdpr", NULL);
            if (g && !strcmp(g, class_colors[k].cls))
                sum += ls_rj_u64(v, "findings", 0);
        }
        if (!sum && !in)
            continue;
        bars[n].label = ls_label_class(class_colors[k].cls);
        bars[n].value = sum;
        bars[n++].fill = class_colors[k].color;
    }
    fig_open(o, "half");
    if (n)
        ls_svg_hbars(o, &c, bars, n, NULL, 0);
    else
        ls_strbuf_puts(o, "<p>No GDPR class present.</p>\n");
    fig_close(o, "Findings per GDPR class: Art. 9 special categories, Art. 10 criminal-offence "
                 "data and data about minors weigh most.");
}

/* Media items, and the most frequent file types. */
static void chart_media(struct ls_strbuf *o, const json_t *r)
{
    struct ls_bar bars[4] = {
        {"image", ls_rj_u64(r, "media.image", 0), MEDIA_COLOR},
        {"video", ls_rj_u64(r, "media.video", 0), MEDIA_COLOR},
        {"audio", ls_rj_u64(r, "media.audio", 0), MEDIA_COLOR},
        {"documents without text layer", ls_rj_u64(r, "media.scanned_documents", 0), MEDIA_COLOR},
    };
    struct ls_chart c = {"c-media", "Media items",
                         "Horizontal bars: images, videos and audio items (by MIME type), and "
                         "documents without a text layer, which the rules cannot read.",
                         500};

    fig_open(o, "half");
    ls_svg_hbars(o, &c, bars, 4, NULL, 0);
    fig_close(o, "Media items: look at them; the scan counts them but cannot read them.");
}

struct type_count {
    const char *type;
    uint64_t n;
};

static int type_cmp(const void *a, const void *b)
{
    const struct type_count *x = a, *y = b;

    if (x->n != y->n)
        return x->n < y->n ? 1 : -1;
    return strcmp(x->type, y->type);
}

static void chart_types(struct ls_strbuf *o, const json_t *r)
{
    const json_t *types = ls_rj_get(r, "scan.types");
    size_t n = json_object_size(types), i = 0;
    struct type_count *tc = calloc(n ? n : 1, sizeof *tc);
    struct ls_bar bars[HTML_MAX_TYPES];
    struct ls_chart c = {"c-types", "Items per file type",
                         "Horizontal bars: the most frequent MIME types of the items scanned.",
                         1000};
    const char *t;
    json_t *v;

    if (!tc)
        return;
    json_object_foreach((json_t *)types, t, v)
    {
        tc[i].type = t;
        tc[i++].n = ls_rj_count(v);
    }
    qsort(tc, n, sizeof *tc, type_cmp);
    for (i = 0; i < n && i < HTML_MAX_TYPES; i++) {
        bars[i].label = tc[i].type;
        bars[i].value = tc[i].n;
        bars[i].fill = MEDIA_COLOR;
    }
    fig_open(o, "wide");
    if (i)
        ls_svg_hbars(o, &c, bars, i, NULL, 0);
    ls_strbuf_printf(o, "<figcaption>Items per file type (libmagic), the %zu most frequent of %zu",
                     i, n);
    ls_strbuf_puts(o, "; every item counts, containers and their entries alike.</figcaption>\n"
                      "</figure>\n");
    free(tc);
}

static void html_charts(struct ls_strbuf *o, const json_t *r)
{
    ls_strbuf_puts(o, "<section id=\"charts\" aria-labelledby=\"h-charts\">\n"
                      "<h2 id=\"h-charts\">Charts</h2>\n");
    if (ls_rj_get(r, "sample"))
        ls_strbuf_puts(o, "<p><strong>In the sampled units only (not totals).</strong></p>\n");
    chart_categories(o, r);
    chart_years(o, r);
    ls_strbuf_puts(o, "<div class=\"grid\">\n");
    chart_classes(o, r);
    chart_media(o, r);
    ls_strbuf_puts(o, "</div>\n");
    chart_types(o, r);
    ls_strbuf_puts(o, "</section>\n");
}

/* <td class="n">count</td> */
static void td_count(struct ls_strbuf *o, uint64_t v)
{
    ls_strbuf_puts(o, "<td class=\"n\">");
    count(o, v);
    ls_strbuf_puts(o, "</td>");
}

/* A cell "est (low–high)" of an estimate. */
static void td_ci(struct ls_strbuf *o, const json_t *e)
{
    const json_t *hi = json_object_get(e, "ci_high");

    ls_strbuf_puts(o, "<td class=\"n\">");
    count(o, ls_rj_u64(e, "estimate", 0));
    ls_strbuf_puts(o, " <small>(");
    count(o, ls_rj_u64(e, "ci_low", 0));
    ls_strbuf_puts(o, "–");
    if (json_is_number(hi))
        count(o, ls_rj_u64(e, "ci_high", 0));
    else
        ls_strbuf_puts(o, "?");
    ls_strbuf_puts(o, ")</small></td>");
}

/* --sample: what was sampled, and the estimated totals (docs/sampling.md). */
static void html_sample(struct ls_strbuf *o, const json_t *r)
{
    const json_t *s = ls_rj_get(r, "sample"), *cats = ls_rj_get(s, "categories");
    const char *id;
    json_t *v;

    if (!s)
        return;
    ls_strbuf_puts(o, "<section id=\"sample\" aria-labelledby=\"h-sample\">\n"
                      "<h2 id=\"h-sample\">Sample — estimated totals</h2>\n<p><strong>This "
                      "run scanned a random sample:</strong> ");
    count(o, ls_rj_u64(s, "units_sampled", 0));
    ls_strbuf_puts(o, " of ");
    count(o, ls_rj_u64(s, "units_total", 0));
    ls_strbuf_printf(o, " units (fraction %g, seed %llu), ", ls_rj_dbl(s, "fraction", 0),
                     (unsigned long long)ls_rj_u64(s, "seed", 0));
    count(o, ls_rj_u64(s, "bytes_sampled", 0));
    ls_strbuf_puts(o, " of ");
    count(o, ls_rj_u64(s, "bytes_total", 0));
    ls_strbuf_puts(o, " bytes. The totals below are <strong>estimates</strong> (");
    esc(o, ls_rj_str(s, "estimator", "?"));
    ls_strbuf_puts(o, " estimator) with 95 % confidence intervals; every other figure of this "
                      "page counts the sampled units only and is <strong>not a total</strong> "
                      "of the leak. Distinct values, persons and exposure are not estimated. "
                      "* marks an unreliable interval (fewer than 30 units sampled, or the "
                      "category seen in fewer than 5).</p>\n<table>\n<thead><tr>"
                      "<th scope=\"col\">Category</th>"
                      "<th scope=\"col\" class=\"n\">Findings</th>"
                      "<th scope=\"col\" class=\"n\">Records</th>"
                      "<th scope=\"col\" class=\"n\">Files</th>"
                      "<th scope=\"col\" class=\"n\">Units</th></tr></thead>\n<tbody>\n");
    json_object_foreach((json_t *)cats, id, v)
    {
        ls_strbuf_puts(o, "<tr><th scope=\"row\"><code>");
        safe(o, id);
        ls_strbuf_puts(o, json_is_true(json_object_get(v, "reliable")) ? "</code></th>"
                                                                       : "</code> *</th>");
        td_ci(o, json_object_get(v, "findings"));
        td_ci(o, json_object_get(v, "records"));
        td_ci(o, json_object_get(v, "files"));
        td_ci(o, json_object_get(v, "units"));
        ls_strbuf_puts(o, "</tr>\n");
    }
    ls_strbuf_puts(o, "</tbody>\n</table>\n</section>\n");
}

static void html_categories(struct ls_strbuf *o, const json_t *r)
{
    const json_t *cats = ls_rj_get(r, "categories");
    const char *id;
    json_t *v;

    ls_strbuf_puts(o, "<section id=\"categories\" aria-labelledby=\"h-categories\">\n"
                      "<h2 id=\"h-categories\">Categories</h2>\n");
    if (ls_rj_get(r, "sample"))
        ls_strbuf_puts(o, "<p><strong>In the sampled units only (not totals).</strong></p>\n");
    if (!json_object_size(cats)) {
        ls_strbuf_puts(o, "<p>No finding.</p>\n</section>\n");
        return;
    }
    ls_strbuf_puts(o, "<table>\n<thead><tr><th scope=\"col\">Category</th>"
                      "<th scope=\"col\">Name</th><th scope=\"col\">GDPR class</th>"
                      "<th scope=\"col\" class=\"n\">Findings</th>"
                      "<th scope=\"col\" class=\"n\">Distinct</th>"
                      "<th scope=\"col\" class=\"n\">Files</th>"
                      "<th scope=\"col\" class=\"n\">Records</th>"
                      "<th scope=\"col\" class=\"n\">High / medium / low</th></tr></thead>\n"
                      "<tbody>\n");
    json_object_foreach((json_t *)cats, id, v)
    {
        const char *g = ls_rj_str(v, "gdpr", NULL), *nm = ls_report_taxon_name(id);
        ls_strbuf_puts(o, "<tr><th scope=\"row\"><code>");
        safe(o, id);
        ls_strbuf_puts(o, "</code></th><td>");
        safe(o, nm != id ? nm : "(a rule pack's own category)");
        ls_strbuf_printf(o, "</td><td><span class=\"sw\" style=\"background:%s\"></span>",
                         class_color(g));
        safe(o, ls_label_class(g));
        ls_strbuf_puts(o, "</td>");
        td_count(o, ls_rj_u64(v, "findings", 0));
        td_count(o, ls_rj_u64(v, "unique", 0));
        td_count(o, ls_rj_u64(v, "files", 0));
        td_count(o, ls_rj_u64(v, "records", 0));
        ls_strbuf_puts(o, "<td class=\"n\">");
        count(o, ls_rj_u64(v, "confidence.high", 0));
        ls_strbuf_puts(o, " / ");
        count(o, ls_rj_u64(v, "confidence.medium", 0));
        ls_strbuf_puts(o, " / ");
        count(o, ls_rj_u64(v, "confidence.low", 0));
        ls_strbuf_puts(o, "</td></tr>\n");
    }
    ls_strbuf_puts(o, "</tbody>\n</table>\n</section>\n");
}

/* Record types, and dated records per year. */
static void html_records(struct ls_strbuf *o, const json_t *r)
{
    const json_t *rts = ls_rj_get(r, "records"), *by = ls_rj_get(r, "exposure.date_span.by_year");
    const char *id;
    json_t *v;

    ls_strbuf_puts(o, "<section id=\"records\" aria-labelledby=\"h-records\">\n"
                      "<h2 id=\"h-records\">Records</h2>\n<h3>Record types</h3>\n");
    if (json_object_size(rts)) {
        ls_strbuf_puts(o, "<table>\n<thead><tr><th scope=\"col\">Record type</th>"
                          "<th scope=\"col\">Name</th><th scope=\"col\" class=\"n\">Records</th>"
                          "<th scope=\"col\" class=\"n\">Files</th></tr></thead>\n<tbody>\n");
        json_object_foreach((json_t *)rts, id, v)
        {
            const char *nm = ls_report_taxon_name(id);
            ls_strbuf_puts(o, "<tr><th scope=\"row\"><code>");
            safe(o, id);
            ls_strbuf_puts(o, "</code></th><td>");
            safe(o, nm != id ? nm : ""); /* the id itself: a pack's own */
            ls_strbuf_puts(o, "</td>");
            td_count(o, ls_rj_u64(v, "count", 0));
            td_count(o, ls_rj_u64(v, "files", 0));
            ls_strbuf_puts(o, "</tr>\n");
        }
        ls_strbuf_puts(o, "</tbody>\n</table>\n");
    } else {
        ls_strbuf_puts(o, "<p>No record of any type.</p>\n");
    }
    ls_strbuf_puts(o, "<h3>Dated records per year</h3>\n");
    if (json_object_size(by)) {
        ls_strbuf_puts(o, "<table>\n<thead><tr><th scope=\"col\">Year</th>"
                          "<th scope=\"col\" class=\"n\">Dated records</th></tr></thead>\n"
                          "<tbody>\n");
        json_object_foreach((json_t *)by, id, v)
        {
            ls_strbuf_puts(o, "<tr><th scope=\"row\">");
            safe(o, id);
            ls_strbuf_puts(o, "</th>");
            td_count(o, ls_rj_count(v));
            ls_strbuf_puts(o, "</tr>\n");
        }
        ls_strbuf_puts(o, "</tbody>\n</table>\n");
    } else {
        ls_strbuf_puts(o, "<p>No event date found.</p>\n");
    }
    ls_strbuf_puts(o, "</section>\n");
}

static void html_top_files(struct ls_strbuf *o, const json_t *r)
{
    const json_t *top = ls_rj_get(r, "top_files");
    size_t i;

    ls_strbuf_puts(o, "<section id=\"top-files\" aria-labelledby=\"h-top-files\">\n"
                      "<h2 id=\"h-top-files\">Top files</h2>\n");
    if (!json_array_size(top)) {
        ls_strbuf_puts(o, "<p>No file with findings.</p>\n</section>\n");
        return;
    }
    ls_strbuf_puts(o, "<p class=\"note\">The items with most findings, most first.</p>\n"
                      "<table>\n<thead><tr><th scope=\"col\">File</th>"
                      "<th scope=\"col\" class=\"n\">Findings</th>"
                      "<th scope=\"col\">Categories (findings)</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < json_array_size(top); i++) {
        const json_t *it = json_array_get(top, i);
        const char *id;
        json_t *v;
        int first = 1;

        ls_strbuf_puts(o, "<tr><td class=\"path\">");
        item_path(o, it);
        ls_strbuf_puts(o, "</td>");
        td_count(o, ls_rj_u64(it, "findings", 0));
        ls_strbuf_puts(o, "<td>");
        json_object_foreach(ls_rj_get(it, "categories"), id, v)
        {
            ls_strbuf_puts(o, first ? "" : ", ");
            safe(o, id);
            ls_strbuf_putc(o, ' ');
            count(o, ls_rj_count(v));
            first = 0;
        }
        ls_strbuf_puts(o, "</td></tr>\n");
    }
    ls_strbuf_puts(o, "</tbody>\n</table>\n</section>\n");
}

/* A table of {path, [status,] reason} items, at most HTML_MAX_PROBLEMS. */
static void item_table(struct ls_strbuf *o, const json_t *items, int with_status)
{
    size_t n = json_array_size(items), i;

    ls_strbuf_printf(o,
                     "<table>\n<thead><tr><th scope=\"col\">File</th>%s"
                     "<th scope=\"col\">Reason</th></tr></thead>\n<tbody>\n",
                     with_status ? "<th scope=\"col\">Status</th>" : "");
    for (i = 0; i < n && i < HTML_MAX_PROBLEMS; i++) {
        const json_t *it = json_array_get(items, i);
        ls_strbuf_puts(o, "<tr><td class=\"path\">");
        item_path(o, it);
        ls_strbuf_puts(o, "</td>");
        if (with_status) {
            ls_strbuf_puts(o, "<td>");
            safe(o, ls_rj_str(it, "status", NULL));
            ls_strbuf_puts(o, "</td>");
        }
        ls_strbuf_puts(o, "<td>");
        safe(o, ls_rj_str(it, "reason", NULL));
        ls_strbuf_puts(o, "</td></tr>\n");
    }
    ls_strbuf_puts(o, "</tbody>\n</table>\n");
    if (n > HTML_MAX_PROBLEMS)
        ls_strbuf_printf(o,
                         "<p class=\"note\">&hellip; and %zu more: see the JSON report or the "
                         "inventory.</p>\n",
                         n - HTML_MAX_PROBLEMS);
}

static void html_problems(struct ls_strbuf *o, const json_t *r)
{
    const json_t *pr = ls_rj_get(r, "problems"), *lim = ls_rj_get(r, "match_limits");
    uint64_t dropped = ls_rj_u64(r, "problems_not_listed", 0);

    ls_strbuf_puts(o, "<section id=\"problems\" aria-labelledby=\"h-problems\">\n"
                      "<h2 id=\"h-problems\">Problems</h2>\n");
    if (!json_array_size(pr) && !json_array_size(lim)) {
        ls_strbuf_puts(o, "<p>None: every item was scanned, none was skipped or failed.</p>\n"
                          "</section>\n");
        return;
    }
    if (json_array_size(pr)) {
        ls_strbuf_puts(o, "<p class=\"note\">");
        count(o, json_array_size(pr) + dropped);
        ls_strbuf_puts(o, " item(s) skipped or failed: what they hold is not counted.</p>\n");
        item_table(o, pr, 1);
    }
    if (dropped) {
        ls_strbuf_puts(o, "<p class=\"note\">");
        count(o, dropped);
        ls_strbuf_puts(o, " more are not listed in the JSON report (see the inventory).</p>\n");
    }
    if (json_array_size(lim)) {
        ls_strbuf_puts(o, "<h3>Matching cut short by a PCRE2 limit</h3>\n");
        item_table(o, lim, 0);
    }
    ls_strbuf_puts(o, "</section>\n");
}

/* What each figure counts, which are bounds, and what is never shown. */
static const char *const method_notes[] = {
    "<strong>Severity</strong>: the ENISA (2013) method, SE = DPC &times; EI + CB. leakscan sets "
    "the data processing context (DPC) and the ease of identification (EI) from what it found, "
    "and assumes CB = 1.0 for a dump that leaked; it is a starting point for the DPO's own "
    "assessment, not a verdict (integrity and availability losses are not assessed).",
    "<strong>Data subjects</strong>: an estimate (GDPR Art. 33(3)(a) asks for an approximate "
    "number) from distinct national register and BIS numbers, else distinct person names, else "
    "distinct e-mail addresses. One person written two ways counts twice; people named only by a "
    "plate or a phone number are not counted.",
    "<strong>Records with findings</strong>: a lower bound, the largest count of records of a "
    "single category or record type; the upper bound is the sum over the categories (a record "
    "with several categories counts once for each). A record is a row, a message, a JSON object "
    "or a whole prose document.",
    "<strong>Findings</strong> count occurrences that passed their validator at or above the "
    "scan's minimum confidence; <strong>distinct</strong> counts distinct values (keyed hashes of "
    "the normalized value: two values collide with a negligible chance, so it is at most a hair "
    "low).",
    "<strong>Files</strong>: every file on disk and every archive entry, nested archive and mail "
    "attachment is one item; total = scanned + skipped + failed. What skipped or failed items "
    "hold is not counted, so every count is a lower bound when there are problems.",
    "<strong>Date span</strong>: event dates only (dates of birth excluded); each dated record "
    "counts once, in the year of its earliest event date. Records without a date are not in the "
    "chart.",
    "<strong>Media</strong>: images, videos and audio items by MIME type, and documents without a "
    "text layer (scanned pages): the rules cannot read them, so they may hold more personal data "
    "than counted. Look at them.",
    "<strong>No value is shown</strong>: this report holds counts, category names and file names "
    "only, never a value found. Values are masked in the findings file, and compared across runs "
    "only by keyed fingerprints.",
};

static void html_method(struct ls_strbuf *o, const struct ls_report_ctx *ctx)
{
    size_t i;

    ls_strbuf_puts(o, "<section id=\"method\" aria-labelledby=\"h-method\">\n"
                      "<h2 id=\"h-method\">Method notes</h2>\n<ul class=\"notes\">\n");
    for (i = 0; i < sizeof method_notes / sizeof method_notes[0]; i++)
        ls_strbuf_printf(o, "<li>%s</li>\n", method_notes[i]);
    if (ctx->findings_path) {
        ls_strbuf_puts(o, "<li>The findings of this scan, one per line with a masked preview and "
                          "a keyed fingerprint, are in <code>");
        safe(o, ctx->findings_path);
        ls_strbuf_puts(o, "</code>.</li>\n");
    }
    ls_strbuf_puts(o, "</ul>\n<p class=\"note\">Every figure on this page comes from the JSON "
                      "report (schema ");
    esc(o, ls_rj_str(ctx->report, "schema", NULL));
    ls_strbuf_puts(o, "), which has them all, with the category ids and GDPR classes of "
                      "leakscan's taxonomy.</p>\n</section>\n");
}

ls_status ls_report_html(const struct ls_report_ctx *ctx, struct ls_strbuf *out)
{
    const json_t *r = ctx->report;
    struct ls_headline h;

    ls_headline_read(r, &h);
    html_head(out);
    html_header(out, r);
    html_sample(out, r);
    html_headline(out, r, &h);
    html_charts(out, r);
    html_categories(out, r);
    html_records(out, r);
    html_top_files(out, r);
    html_problems(out, r);
    html_method(out, ctx);
    ls_strbuf_puts(out, "</main>\n<footer>Generated by leakscan ");
    esc(out, ls_rj_str(r, "tool.version", NULL));
    ls_strbuf_puts(out, " from its JSON report. This page holds no value found in the "
                        "leak.</footer>\n</body>\n</html>\n");
    return out->overflow ? LS_EIO : LS_OK;
}
