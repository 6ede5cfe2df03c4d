/* report.c — the JSON report (report.h), built from the merged tally: the
 * single source of truth; every other format, and the dispatch to the
 * formats and files asked for, are in scanner/report/. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "config.h"
#include "jsonw.h"
#include "report.h"
#include "scanlimits.h"

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

/* One estimate {"sample", "estimate", "ci_low", "ci_high"} (ci_high null:
 * no bound, fewer than two units sampled). */
static void json_ci(struct ls_jsonw *j, const char *key, uint64_t sample,
                    const struct ls_sample_ci *ci)
{
    ls_jsonw_key(j, key);
    ls_jsonw_obj_begin(j);
    ls_jsonw_ku64(j, "sample", sample);
    ls_jsonw_ku64(j, "estimate", (uint64_t)llround(ci->est));
    ls_jsonw_ku64(j, "ci_low", (uint64_t)floor(ci->low));
    ls_jsonw_key(j, "ci_high");
    if (isfinite(ci->high))
        ls_jsonw_u64(j, (uint64_t)ceil(ci->high));
    else
        ls_jsonw_null(j);
    ls_jsonw_obj_end(j);
}

/* A category of the sample: its estimates by the report's estimator, and
 * by the two others for comparison. */
static void json_sample_cat(struct ls_jsonw *j, const struct ls_sample_result *s,
                            const struct ls_sample_cat *k)
{
    int m, e;

    ls_jsonw_ku64(j, "units_seen", k->units_seen);
    ls_jsonw_key(j, "reliable");
    ls_jsonw_bool(j, k->reliable);
    for (m = 0; m < LS_SM_COUNT; m++)
        json_ci(j, ls_sample_measure_name((enum ls_sample_measure)m), k->sample[m],
                &k->ci[s->primary][m]);
    ls_jsonw_key(j, "other_estimators");
    ls_jsonw_obj_begin(j);
    for (e = 0; e < LS_SE_COUNT; e++) {
        if (e == (int)s->primary)
            continue;
        ls_jsonw_key(j, ls_sample_estimator_name((enum ls_sample_estimator)e));
        ls_jsonw_obj_begin(j);
        for (m = 0; m < LS_SM_COUNT; m++)
            json_ci(j, ls_sample_measure_name((enum ls_sample_measure)m), k->sample[m],
                    &k->ci[e][m]);
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_obj_end(j);
}

/* "sample" (--sample): what was sampled, and per category seen in the
 * sample its estimated totals with 95 % intervals (docs/sampling.md). */
static void json_sample(const struct ls_report_info *info, struct ls_jsonw *j)
{
    const struct ls_sample_result *s = info->sample;
    double n = (double)s->units, big_n = (double)s->pop.units;
    size_t c;

    ls_jsonw_key(j, "sample");
    ls_jsonw_obj_begin(j);
    ls_jsonw_key(j, "estimated");
    ls_jsonw_bool(j, 1);
    ls_jsonw_key(j, "fraction");
    ls_jsonw_dbl(j, s->fraction, 6);
    ls_jsonw_ku64(j, "seed", s->seed);
    ls_jsonw_ku64(j, "units_sampled", s->units);
    ls_jsonw_ku64(j, "units_total", s->pop.units);
    ls_jsonw_ku64(j, "bytes_sampled", s->bytes);
    ls_jsonw_ku64(j, "bytes_total", s->pop.bytes);
    ls_jsonw_key(j, "bytes_total_known");
    ls_jsonw_bool(j, !s->pop.bytes_unknown);
    ls_jsonw_kstr(j, "estimator", ls_sample_estimator_name(s->primary));
    ls_jsonw_key(j, "confidence");
    ls_jsonw_dbl(j, 0.95, 2);
    /* rule of three: a category in none of n sampled units is in at most
     * about 3N/n units (95 %) */
    ls_jsonw_key(j, "unseen_units_high");
    if (n > 0)
        ls_jsonw_u64(j, (uint64_t)ceil(fmin(3.0 * big_n / n, big_n - n)));
    else
        ls_jsonw_null(j);
    ls_jsonw_kstr(j, "note", LS_SAMPLE_NOTE);
    ls_jsonw_key(j, "categories");
    ls_jsonw_obj_begin(j);
    for (c = 0; c < s->ncats && info->rules; c++) {
        if (!s->cats[c].units_seen)
            continue;
        ls_jsonw_key(j, ls_ruleset_cat_id(info->rules, c));
        ls_jsonw_obj_begin(j);
        json_sample_cat(j, s, &s->cats[c]);
        ls_jsonw_obj_end(j);
    }
    ls_jsonw_obj_end(j);
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
    if (info->sample)
        json_sample(info, &j);
    if (info->matcher)
        ls_matcher_report_json(info->matcher, &j);
    json_media_and_top(v, &j);
    json_files_with_findings(v, &j);
    json_problems(v, &j);
    json_memory(info, &j);
    ls_jsonw_obj_end(&j);
    ls_strbuf_putc(b, '\n');
}
