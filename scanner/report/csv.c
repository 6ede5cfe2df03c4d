/* csv.c — the report as CSV tables (report_ctx.h), from the parsed JSON
 * report: report-categories.csv, one row per category with findings, and
 * report-files.csv, one row per listed file with findings and one column
 * per category.
 *
 * RFC 4180: comma-separated, CRLF line ends, a cell holding a comma, a
 * quote, CR or LF quoted with its quotes doubled.  A spreadsheet takes a
 * cell that starts with = + - @ (or a tab or CR) for a formula — a file
 * named =HYPERLINK("http://…") would run as one — so such a cell is
 * neutralised by a leading single quote (OWASP "CSV injection"). */
#include <string.h>

#include "report/report_ctx.h"
#include "report/rjson.h"

/* Appends one cell (quoted where needed, neutralised when it could be read
 * as a formula), preceded by a comma unless it is the first of its row. */
static void cell(struct ls_strbuf *out, const char *s, int first)
{
    int neutralise =
        s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
    int quote = neutralise || strpbrk(s, ",\"\r\n") != NULL;

    if (!first)
        ls_strbuf_putc(out, ',');
    if (quote)
        ls_strbuf_putc(out, '"');
    if (neutralise)
        ls_strbuf_putc(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            ls_strbuf_putc(out, '"');
        ls_strbuf_putc(out, *s);
    }
    if (quote)
        ls_strbuf_putc(out, '"');
}

static void cell_u64(struct ls_strbuf *out, uint64_t n)
{
    ls_strbuf_printf(out, ",%llu", (unsigned long long)n);
}

static void row_end(struct ls_strbuf *out)
{
    ls_strbuf_puts(out, "\r\n");
}

/* --sample: report-categories.csv holds the estimates instead: per
 * category seen in the sample and per measure, what the sample counted,
 * the estimated total and its 95 % interval (docs/sampling.md); every row
 * says it is an estimate and of which sample. */
static void csv_sample(const json_t *s, struct ls_strbuf *out)
{
    static const char *const ms[] = {"findings", "records", "files", "units"};
    const json_t *cats = ls_rj_get(s, "categories");
    char frac[32];
    const char *id;
    json_t *c;
    size_t m;

    ls_strbuf_puts(out, "category,name,estimated,fraction,seed,units_sampled,units_total,"
                        "bytes_sampled,bytes_total,reliable,units_seen");
    for (m = 0; m < 4; m++)
        ls_strbuf_printf(out, ",%s_in_sample,%s_estimate,%s_ci95_low,%s_ci95_high", ms[m], ms[m],
                         ms[m], ms[m]);
    row_end(out);
    snprintf(frac, sizeof frac, "%g", ls_rj_dbl(s, "fraction", 0));
    json_object_foreach((json_t *)cats, id, c)
    {
        cell(out, id, 1);
        cell(out, ls_report_taxon_name(id), 0);
        cell(out, "yes", 0);
        cell(out, frac, 0);
        cell_u64(out, ls_rj_u64(s, "seed", 0));
        cell_u64(out, ls_rj_u64(s, "units_sampled", 0));
        cell_u64(out, ls_rj_u64(s, "units_total", 0));
        cell_u64(out, ls_rj_u64(s, "bytes_sampled", 0));
        cell_u64(out, ls_rj_u64(s, "bytes_total", 0));
        cell(out, json_is_true(json_object_get(c, "reliable")) ? "yes" : "no", 0);
        cell_u64(out, ls_rj_u64(c, "units_seen", 0));
        for (m = 0; m < 4; m++) {
            const json_t *e = json_object_get(c, ms[m]);
            cell_u64(out, ls_rj_u64(e, "sample", 0));
            cell_u64(out, ls_rj_u64(e, "estimate", 0));
            cell_u64(out, ls_rj_u64(e, "ci_low", 0));
            if (json_is_number(json_object_get(e, "ci_high")))
                cell_u64(out, ls_rj_u64(e, "ci_high", 0));
            else
                cell(out, "", 0);
        }
        row_end(out);
    }
}

ls_status ls_report_csv(const struct ls_report_ctx *ctx, struct ls_strbuf *out)
{
    const json_t *cats = ls_rj_get(ctx->report, "categories");
    const json_t *s = ls_rj_get(ctx->report, "sample");
    const char *id;
    json_t *c;

    if (s) {
        csv_sample(s, out);
        return LS_OK;
    }

    ls_strbuf_puts(out, "category,name,gdpr_class,findings,distinct_values,files,records,"
                        "confidence_high,confidence_medium,confidence_low");
    row_end(out);
    json_object_foreach((json_t *)cats, id, c)
    {
        cell(out, id, 1);
        cell(out, ls_report_taxon_name(id), 0);
        cell(out, ls_rj_str(c, "gdpr", ""), 0);
        cell_u64(out, ls_rj_u64(c, "findings", 0));
        cell_u64(out, ls_rj_u64(c, "unique", 0));
        cell_u64(out, ls_rj_u64(c, "files", 0));
        cell_u64(out, ls_rj_u64(c, "records", 0));
        cell_u64(out, ls_rj_u64(c, "confidence.high", 0));
        cell_u64(out, ls_rj_u64(c, "confidence.medium", 0));
        cell_u64(out, ls_rj_u64(c, "confidence.low", 0));
        row_end(out);
    }
    return LS_OK;
}

ls_status ls_report_csv_files(const struct ls_report_ctx *ctx, struct ls_strbuf *out)
{
    const json_t *cats = ls_rj_get(ctx->report, "categories");
    const json_t *files = ls_rj_get(ctx->report, "files_with_findings");
    const char *id;
    json_t *c, *f;
    size_t i;

    /* The columns: the report's categories, in its order (taxonomy order). */
    ls_strbuf_puts(out, "path,findings");
    json_object_foreach((json_t *)cats, id, c) cell(out, id, 0);
    row_end(out);
    json_array_foreach(files, i, f)
    {
        const json_t *fc = json_object_get(f, "categories");

        cell(out, ls_rj_str(f, "path", ""), 1);
        cell_u64(out, ls_rj_u64(f, "findings", 0));
        json_object_foreach((json_t *)cats, id, c)
        {
            const json_t *n = json_object_get(fc, id);
            cell_u64(out, ls_rj_count(n)); /* an integer, or a real */
        }
        row_end(out);
    }
    return LS_OK;
}
