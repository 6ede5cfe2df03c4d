/* output.c — the report stage's dispatch (report.h, output.h): builds the
 * JSON report (scanner/report.c), parses it once for the formats derived
 * from it (text, csv, sarif, html, notification: report_ctx.h) and writes
 * each format asked for to -o or to its file in --output-dir, every file
 * through ls_outfile (0600, temporary file renamed into place, never
 * through a symbolic link). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/output.h"
#include "report/report_ctx.h"
#include "report/text_report.h"
#include "sink.h"

/* Reports are held in memory before writing: bounded, since the per-file
 * inventory and findings are streamed elsewhere. */
#define REPORT_MAX_BYTES ((size_t)256 << 20)

typedef ls_status (*ls_report_fn)(const struct ls_report_ctx *, struct ls_strbuf *);

/* One output file of a format.  json is rendered from the tally
 * (from_tally); the others from the parsed JSON report: text by
 * ls_report_text (its colours depend on the stream written), the rest by
 * render. */
struct fmt_out {
    enum ls_format fmt;
    const char *file; /* its name in --output-dir */
    ls_report_fn render;
    int from_tally; /* json: scanner/report.c */
    int dir_only;   /* written only with --output-dir (not to -o) */
};

static const struct fmt_out outs[] = {
    {LS_FMT_TEXT, "report.txt", NULL, 0, 0},
    {LS_FMT_JSON, "report.json", NULL, 1, 0},
    {LS_FMT_CSV, "report-categories.csv", ls_report_csv, 0, 0},
    {LS_FMT_CSV, "report-files.csv", ls_report_csv_files, 0, 1},
    {LS_FMT_SARIF, "report.sarif", ls_report_sarif, 0, 0},
    {LS_FMT_HTML, "report.html", ls_report_html, 0, 0},
    {LS_FMT_NOTIFICATION, "notification.md", ls_report_notification, 0, 0},
};
#define NOUTS (sizeof outs / sizeof outs[0])

static const char *const fmt_names[LS_FMT_COUNT] = {"text",  "json", "csv",
                                                    "sarif", "html", "notification"};

const char *ls_report_out_file(size_t i)
{
    return i < NOUTS ? outs[i].file : NULL;
}

const char *ls_report_format_name(enum ls_format f)
{
    return (unsigned)f < LS_FMT_COUNT ? fmt_names[f] : "?";
}

ls_status ls_report_formats_parse(const char *list, unsigned *mask, enum ls_format *single,
                                  char *err, size_t errlen)
{
    const char *p = list;
    unsigned n = 0;

    *mask = 0;
    *single = LS_FMT_COUNT;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        unsigned f;

        for (f = 0; f < LS_FMT_COUNT; f++)
            if (strlen(fmt_names[f]) == len && strncmp(fmt_names[f], p, len) == 0)
                break;
        if (f == LS_FMT_COUNT) {
            snprintf(err, errlen,
                     "--format: unknown format '%.*s' (valid: text, json, csv, sarif, html, "
                     "notification; several separated by commas)",
                     (int)(len > 64 ? 64 : len), p);
            return LS_EUSAGE;
        }
        if (!(*mask & (1u << f)))
            n++;
        *mask |= 1u << f;
        *single = (enum ls_format)f;
        if (!e)
            break;
        p = e + 1;
    }
    if (n != 1)
        *single = LS_FMT_COUNT;
    return LS_OK;
}

ls_status ls_report_dir_make(const char *dir, char *err, size_t errlen)
{
    struct stat st;

    if (mkdir(dir, 0700) == 0)
        return LS_OK;
    if (errno == EEXIST && lstat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return LS_OK;
    if (errno == EEXIST && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
        snprintf(err, errlen, "--output-dir %s: a symbolic link: give the directory itself", dir);
    else
        snprintf(err, errlen, "--output-dir %s: %s", dir,
                 errno == EEXIST ? "not a directory" : strerror(errno));
    return LS_EIO;
}

/* Renders output o of the parsed report (ctx) into db, for the stream f
 * it is written to: the text report is coloured or not by f. */
static ls_status render_one(const struct ls_report_ctx *ctx, const struct fmt_out *o, FILE *f,
                            struct ls_strbuf *db)
{
    char *err = ctx->err;
    size_t errlen = ctx->errlen;
    ls_status st;

    err[0] = '\0';
    ls_strbuf_reset(db);
    db->overflow = 0;
    if (o->fmt == LS_FMT_TEXT)
        st = ls_report_text(ctx, ls_report_color(ctx->cfg->color, f), db);
    else
        st = o->render(ctx, db);
    if (db->overflow) {
        snprintf(err, errlen, "%s: the report is larger than %zu bytes", o->file, REPORT_MAX_BYTES);
        return LS_EIO;
    }
    if (st != LS_OK && !err[0])
        snprintf(err, errlen, "%s: %s", ls_report_format_name(o->fmt), ls_strerror(st));
    return st;
}

/* Writes output o to path (stdout when NULL or "-") through ls_outfile:
 * the JSON report jb as it is, any other format rendered from ctx into db
 * once the stream is open.  On a failure the file is not put in place. */
static ls_status write_one(const struct ls_report_ctx *ctx, const struct fmt_out *o,
                           const char *path, const struct ls_strbuf *jb, struct ls_strbuf *db)
{
    const struct ls_strbuf *b = o->from_tally ? jb : db;
    struct ls_outfile *out;
    char err2[256];
    int werr = 0;
    ls_status st;
    FILE *f;

    if ((st = ls_outfile_open(path, &out, ctx->err, ctx->errlen)) != LS_OK)
        return st;
    f = ls_outfile_stream(out);
    if (!o->from_tally && (st = render_one(ctx, o, f, db)) != LS_OK) {
        ls_outfile_close(out, 0, 0, err2, sizeof err2);
        return st;
    }
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        werr = errno ? errno : EIO;
    if ((st = ls_outfile_close(out, 1, werr, err2, sizeof err2)) != LS_OK)
        snprintf(ctx->err, ctx->errlen, "%s: %s", path ? path : "stdout", err2);
    return st;
}

ls_status ls_report_write(const struct ls_config *cfg, const struct ls_report_info *info,
                          struct ls_tally *t, char *err, size_t errlen)
{
    unsigned mask = cfg->formats ? cfg->formats : 1u << cfg->format;
    struct ls_tally_view v;
    struct ls_strbuf jb, db;
    struct ls_report_ctx ctx;
    json_error_t jerr;
    char path[4096];
    ls_status st = LS_OK;
    size_t i;

    memset(&ctx, 0, sizeof ctx);
    ctx.cfg = cfg;
    ctx.info = info;
    ctx.findings_path = info->findings_file;
    ctx.err = err;
    ctx.errlen = errlen;
    ls_strbuf_init(&jb, REPORT_MAX_BYTES);
    ls_strbuf_init(&db, REPORT_MAX_BYTES);
    ls_tally_view(t, &v);
    ls_report_render_json(cfg, info, &v, &jb); /* every format is rendered from it */
    if (jb.overflow) {
        snprintf(err, errlen, "the report is larger than %zu bytes", REPORT_MAX_BYTES);
        st = LS_EIO;
        goto out;
    }
    /* Integers as reals: a limit given as 16777215T is past jansson's
     * json_int_t; the renderers read counts either way (ls_rj_u64). */
    if (mask & ~(1u << LS_FMT_JSON) &&
        !(ctx.report =
              json_loadb(jb.data, jb.len, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &jerr))) {
        snprintf(err, errlen, "the JSON report does not parse (line %d: %s)", jerr.line, jerr.text);
        st = LS_EFATAL;
        goto out;
    }
    if (cfg->output_dir && (st = ls_report_dir_make(cfg->output_dir, err, errlen)) != LS_OK)
        goto out;
    for (i = 0; i < NOUTS && st == LS_OK; i++) {
        const struct fmt_out *o = &outs[i];
        const char *to = cfg->output;

        if (!(mask & (1u << o->fmt)) || (o->dir_only && !cfg->output_dir))
            continue;
        if (cfg->output_dir) {
            if ((size_t)snprintf(path, sizeof path, "%s/%s", cfg->output_dir, o->file) >=
                sizeof path) {
                snprintf(err, errlen, "--output-dir %s: path too long", cfg->output_dir);
                st = LS_EUSAGE;
                break;
            }
            to = path;
        }
        st = write_one(&ctx, o, to, &jb, &db);
    }
out:
    json_decref(ctx.report);
    ls_strbuf_free(&jb);
    ls_strbuf_free(&db);
    return st;
}
