/* report.c — text and JSON reports (report.h); the dispatch to the formats
 * and files asked for, and the derived formats, are in scanner/report/. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "config.h"
#include "jsonw.h"
#include "report.h"
#include "scanlimits.h"

/* The code point of a valid UTF-8 sequence of k (2 or 3) bytes. */
static unsigned utf8_cp(const unsigned char *p, size_t k)
{
    if (k == 2)
        return (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    return (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
}

/* Whether a valid UTF-8 sequence of k bytes is a character that changes how
 * the text around it is shown rather than showing itself: the bidirectional
 * controls (U+202E RIGHT-TO-LEFT OVERRIDE turns "cod.exe" around), the
 * zero-width and invisible formatting characters, the line and paragraph
 * separators and the byte order mark.  A terminal shows them as \uXXXX. */
static int is_format_char(const unsigned char *p, size_t k)
{
    unsigned cp;

    if (k != 2 && k != 3)
        return 0;
    cp = utf8_cp(p, k);
    return cp == 0x061C || cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

void ls_term_safe(struct ls_strbuf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7F) {
            ls_strbuf_printf(out, "\\x%02x", c);
            i++;
        } else if (c < 0x80) {
            if (c == '\\')
                ls_strbuf_putc(out, '\\');
            ls_strbuf_putc(out, (char)c);
            i++;
        } else if (ls_json_is_utf8((const char *)p + i, 2) && c == 0xC2 && p[i + 1] < 0xA0) {
            ls_strbuf_printf(out, "\\x%02x\\x%02x", p[i], p[i + 1]); /* C1 control */
            i += 2;
        } else {
            size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (k <= n - i && ls_json_is_utf8((const char *)p + i, k) && is_format_char(p + i, k)) {
                ls_strbuf_printf(out, "\\u%04x", utf8_cp(p + i, k)); /* bidi, invisible */
                i += k;
            } else if (k <= n - i && ls_json_is_utf8((const char *)p + i, k)) {
                ls_strbuf_append(out, p + i, k);
                i += k;
            } else {
                ls_strbuf_printf(out, "\\x%02x", c);
                i++;
            }
        }
    }
}

static void iso_time(time_t t, char *buf, size_t n)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- the JSON report, section by section ------------------------------------- */

/* "scan": what was scanned, how, and the counts of the tally. */
static void json_scan(const struct ls_config *cfg, const struct ls_report_info *info,
                      const struct ls_tally_view *v, struct ls_jsonw *j)
{
    char ts[32];
    size_t i;

    ls_jsonw_key(j, "scan");
    ls_jsonw_obj_begin(j);
    ls_jsonw_key(j, "inputs");
    ls_jsonw_arr_begin(j);
    for (i = 0; i < cfg->ninputs; i++)
        ls_jsonw_str(j, cfg->inputs[i]);
    ls_jsonw_arr_end(j);
    iso_time(info->started_at, ts, sizeof ts);
    ls_jsonw_kstr(j, "started_at", ts);
    ls_jsonw_key(j, "elapsed_seconds");
    ls_jsonw_dbl(j, info->elapsed, 3);
    ls_jsonw_ku64(j, "threads", info->threads);
    ls_jsonw_key(j, "complete");
    ls_jsonw_bool(j, info->signal == 0);
    if (info->signal)
        ls_jsonw_kstr(j, "interrupted_by", info->signal == SIGTERM ? "SIGTERM" : "SIGINT");
    if (info->abandoned)
        ls_jsonw_ku64(j, "abandoned_workers", info->abandoned);
    ls_jsonw_key(j, "rule_packs");
    ls_jsonw_arr_begin(j);
    if (info->rules)
        ls_ruleset_report_json(info->rules, j);
    ls_jsonw_arr_end(j);
    ls_jsonw_ku64(j, "bytes_read", v->bytes_read);
    ls_jsonw_ku64(j, "bytes_scanned", v->bytes_scanned);
    ls_jsonw_key(j, "files");
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "total", v->total);
    ls_jsonw_ku64(j, "scanned", v->scanned);
    ls_jsonw_ku64(j, "skipped", v->skipped);
    ls_jsonw_ku64(j, "failed", v->failed);
    ls_jsonw_ku64(j, "partial", v->partial_files);
    ls_jsonw_obj_end(j);
    ls_jsonw_key(j, "decoding");
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "invalid_sequences", v->invalid_sequences);
    ls_jsonw_ku64(j, "files", v->invalid_files);
    ls_jsonw_obj_end(j);
    ls_jsonw_key(j, "types");
    ls_jsonw_obj_begin(j);
    for (i = 0; i < v->ntypes; i++)
        ls_jsonw_ku64(j, v->type_names[i], v->type_counts[i]);
    ls_jsonw_obj_end(j);
    ls_jsonw_key(j, "limits");
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "max_depth", cfg->limits.max_depth);
    ls_jsonw_ku64(j, "max_entry_bytes", cfg->limits.max_entry_bytes);
    ls_jsonw_ku64(j, "max_input_bytes", cfg->limits.max_input_bytes);
    ls_jsonw_key(j, "max_ratio");
    ls_jsonw_dbl(j, cfg->limits.max_ratio, 1);
    ls_jsonw_ku64(j, "max_entries", cfg->limits.max_entries);
    ls_jsonw_ku64(j, "max_buffer_bytes", cfg->limits.max_buffer_bytes);
    ls_jsonw_obj_end(j);
    ls_jsonw_obj_end(j); /* scan */
}

/* "media" and "top_files". */
static void json_media_and_top(const struct ls_tally_view *v, struct ls_jsonw *j)
{
    size_t i;

    ls_jsonw_key(j, "media");
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "image", v->image);
    ls_jsonw_ku64(j, "video", v->video);
    ls_jsonw_ku64(j, "audio", v->audio);
    ls_jsonw_ku64(j, "scanned_documents", v->scanned_docs);
    ls_jsonw_obj_end(j);

    ls_jsonw_key(j, "top_files");
    ls_jsonw_arr_begin(j);
    for (i = 0; i < v->ntop; i++) {
        ls_jsonw_obj_begin(j);
        ls_jsonw_key(j, "path");
        ls_jsonw_strn(j, v->top[i].path, v->top[i].path_len);
        ls_jsonw_ku64(j, "findings", v->top[i].findings);
        ls_jsonw_key(j, "categories");
        /* Already JSON, written by the matcher. */
        ls_jsonw_raw(j, v->top[i].categories_json, strlen(v->top[i].categories_json));
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_arr_end(j);
}

/* "files_with_findings" (sorted by path) and "files_with_findings_not_listed". */
static void json_files_with_findings(const struct ls_tally_view *v, struct ls_jsonw *j)
{
    size_t i;

    ls_jsonw_key(j, "files_with_findings");
    ls_jsonw_arr_begin(j);
    for (i = 0; i < v->nfiles; i++) {
        const struct ls_topfile *f = &v->files[i];
        ls_jsonw_obj_begin(j);
        ls_jsonw_key(j, "path");
        ls_jsonw_strn(j, f->path, f->path_len);
        ls_jsonw_ku64(j, "findings", f->findings);
        ls_jsonw_key(j, "categories");
        ls_jsonw_raw(j, f->categories_json, strlen(f->categories_json));
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_arr_end(j);
    ls_jsonw_ku64(j, "files_with_findings_not_listed", v->files_with_findings - v->nfiles);
}

/* "problems" (items skipped or failed), "problems_not_listed" and
 * "match_limits" (items whose matching a PCRE2 limit cut short). */
static void json_problems(const struct ls_tally_view *v, struct ls_jsonw *j)
{
    size_t i;

    ls_jsonw_key(j, "problems");
    ls_jsonw_arr_begin(j);
    for (i = 0; i < v->nproblems; i++) {
        const struct ls_problem *p = &v->problems[i];
        ls_jsonw_obj_begin(j);
        ls_jsonw_key(j, "path");
        ls_jsonw_strn(j, p->path, p->path_len);
        if (!ls_json_is_utf8(p->path, p->path_len)) {
            struct ls_strbuf b64;
            ls_strbuf_init(&b64, LS_MAX_PATH_BYTES * 2);
            ls_base64_append(&b64, (const unsigned char *)p->path, p->path_len);
            ls_jsonw_kstr(j, "path_bytes", b64.data ? b64.data : "");
            ls_strbuf_free(&b64);
        }
        ls_jsonw_kstr(j, "status", p->status == LS_SKIPPED ? "skipped" : "failed");
        ls_jsonw_kstr(j, "reason", p->reason);
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_arr_end(j);
    ls_jsonw_ku64(j, "problems_not_listed", v->problems_dropped);
    ls_jsonw_key(j, "match_limits");
    ls_jsonw_arr_begin(j);
    for (i = 0; i < v->nlimits; i++) {
        ls_jsonw_obj_begin(j);
        ls_jsonw_key(j, "path");
        ls_jsonw_strn(j, v->limits[i].path, v->limits[i].path_len);
        ls_jsonw_kstr(j, "reason", v->limits[i].reason);
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_arr_end(j);
}

/* The peak resident set of the process so far, in bytes (0 when unknown). */
static uint64_t peak_rss(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0 || ru.ru_maxrss < 0)
        return 0;
    return (uint64_t)ru.ru_maxrss * 1024; /* Linux gives KiB */
}

/* "memory": what the scan held, not what it found.  The sets' bytes and
 * values depend only on the distinct values and the key; the scan's sets
 * and the peak RSS depend on -j and on the run, like the timing fields. */
static void json_memory(const struct ls_report_info *info, struct ls_jsonw *j)
{
    struct ls_setmem sm;

    ls_matcher_memory(info->matcher, &sm);
    ls_jsonw_key(j, "memory");
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "distinct_values", sm.values);
    ls_jsonw_ku64(j, "distinct_sets_bytes", sm.bytes);
    ls_jsonw_ku64(j, "distinct_sets_scan_bytes", sm.scan_bytes);
    ls_jsonw_ku64(j, "exposure_bytes", sm.exposure_bytes);
    ls_jsonw_ku64(j, "exposure_link_bytes", sm.exposure_link_bytes);
    ls_jsonw_ku64(j, "peak_rss_bytes", peak_rss());
    ls_jsonw_obj_end(j);
}

/* The JSON report (schema leakscan-report/1, docs/report.md), section by
 * section in schema order. */
void ls_report_render_json(const struct ls_config *cfg, const struct ls_report_info *info,
                           const struct ls_tally_view *v, struct ls_strbuf *b)
{
    struct ls_jsonw j;

    ls_jsonw_init(&j, b, cfg->pretty);
    ls_jsonw_obj_begin(&j);
    ls_jsonw_kstr(&j, "schema", "leakscan-report/1");
    ls_jsonw_key(&j, "tool");
    ls_jsonw_obj_begin(&j);
    ls_jsonw_kstr(&j, "name", "leakscan");
    ls_jsonw_kstr(&j, "version", PACKAGE_VERSION);
    ls_jsonw_obj_end(&j);
    json_scan(cfg, info, v, &j);
    if (info->matcher)
        ls_matcher_report_json(info->matcher, &j);
    json_media_and_top(v, &j);
    json_files_with_findings(v, &j);
    json_problems(v, &j);
    json_memory(info, &j);
    ls_jsonw_obj_end(&j);
    ls_strbuf_putc(b, '\n');
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

/* Text problems shown on a terminal: the rest are in the JSON report and inventory. */
#define TEXT_MAX_PROBLEMS 50

void ls_report_render_text(const struct ls_config *cfg, const struct ls_report_info *info,
                           const struct ls_tally_view *v, struct ls_strbuf *b)
{
    char h1[32], h2[32];
    size_t i;

    (void)cfg;
    human_bytes(v->bytes_read, h1, sizeof h1);
    human_bytes(v->bytes_scanned, h2, sizeof h2);
    ls_strbuf_printf(b, "leakscan %s — scan of %zu input(s) in %.2f s with %u thread(s)\n\n",
                     PACKAGE_VERSION, cfg->ninputs, info->elapsed, info->threads);
    if (info->signal)
        ls_strbuf_printf(b,
                         "INCOMPLETE: interrupted by %s; this report covers the files and "
                         "entries done before it.\n\n",
                         info->signal == SIGTERM ? "SIGTERM" : "SIGINT");
    if (info->abandoned)
        ls_strbuf_printf(b,
                         "            %u worker(s) stuck in a parser were abandoned: what they "
                         "had done is not counted.\n\n",
                         info->abandoned);
    ls_strbuf_printf(b, "Files:    %llu total, %llu scanned, %llu skipped, %llu failed\n",
                     (unsigned long long)v->total, (unsigned long long)v->scanned,
                     (unsigned long long)v->skipped, (unsigned long long)v->failed);
    if (v->partial_files)
        ls_strbuf_printf(b,
                         "          %llu of the scanned documents read in part (see --inventory)\n",
                         (unsigned long long)v->partial_files);
    ls_strbuf_printf(b, "Bytes:    %s read from disk, %s of text scanned\n", h1, h2);
    if (v->invalid_sequences)
        ls_strbuf_printf(b, "Decoding: %llu invalid byte sequences replaced in %llu files\n",
                         (unsigned long long)v->invalid_sequences,
                         (unsigned long long)v->invalid_files);
    if (v->scanned_docs)
        ls_strbuf_printf(b,
                         "Scans:    %llu documents without a text layer (scanned images: "
                         "look at them, the rules cannot)\n",
                         (unsigned long long)v->scanned_docs);
    {
        struct ls_setmem sm;
        char h3[32], h4[32];

        ls_matcher_memory(info->matcher, &sm);
        human_bytes(sm.bytes, h3, sizeof h3);
        human_bytes(peak_rss(), h4, sizeof h4);
        ls_strbuf_printf(b, "Memory:   %s of distinct-value sets (%llu values), peak RSS %s\n", h3,
                         (unsigned long long)sm.values, h4);
    }
    ls_strbuf_printf(b, "Media:    %llu image, %llu video, %llu audio\n\n",
                     (unsigned long long)v->image, (unsigned long long)v->video,
                     (unsigned long long)v->audio);
    ls_strbuf_puts(b, "Files by type:\n");
    for (i = 0; i < v->ntypes; i++)
        ls_strbuf_printf(b, "  %8llu  %s\n", (unsigned long long)v->type_counts[i],
                         v->type_names[i]);
    if (info->matcher) {
        ls_strbuf_putc(b, '\n');
        ls_matcher_report_text(info->matcher, b);
    }
    if (v->nproblems) {
        ls_strbuf_printf(b, "\nProblems (%zu):\n", v->nproblems + (size_t)v->problems_dropped);
        for (i = 0; i < v->nproblems && i < TEXT_MAX_PROBLEMS; i++) {
            ls_strbuf_printf(b, "  %-7s  ",
                             v->problems[i].status == LS_SKIPPED ? "skipped" : "failed");
            ls_term_safe(b, v->problems[i].path, v->problems[i].path_len);
            ls_strbuf_puts(b, ": ");
            ls_term_safe(b, v->problems[i].reason, strlen(v->problems[i].reason));
            ls_strbuf_putc(b, '\n');
        }
        if (v->nproblems > TEXT_MAX_PROBLEMS)
            ls_strbuf_printf(b, "  … and %zu more (see --format json or --inventory)\n",
                             v->nproblems - TEXT_MAX_PROBLEMS);
    }
    if (v->nlimits) {
        ls_strbuf_printf(b, "\nMatching cut short by a PCRE2 limit (%zu):\n", v->nlimits);
        for (i = 0; i < v->nlimits && i < TEXT_MAX_PROBLEMS; i++) {
            ls_strbuf_puts(b, "  ");
            ls_term_safe(b, v->limits[i].path, v->limits[i].path_len);
            ls_strbuf_puts(b, ": ");
            ls_term_safe(b, v->limits[i].reason, strlen(v->limits[i].reason));
            ls_strbuf_putc(b, '\n');
        }
    }
}
