/* merge.c — leakscan merge (merge.h): open every partial, check that they
 * are shards of one scan (version, rule-pack set, key, settings, shards
 * each once), add them into one tally and one matcher, write the report. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/mask.h"
#include "match/rules.h"
#include "merge.h"
#include "partial.h"
#include "report.h"

/* What every partial must share with the first; NULL when it does, else
 * what differs. */
static const char *unlike(const struct ls_partial_head *a, const struct ls_partial_head *b)
{
    if (a->has_rules != b->has_rules || memcmp(a->rules_digest, b->rules_digest, 32) != 0)
        return "another rule-pack set";
    if (memcmp(a->key_digest, b->key_digest, 32) != 0)
        return "another key (--key-file)";
    if (a->min_confidence != b->min_confidence)
        return "another --min-confidence";
    if (a->exact_distinct != b->exact_distinct)
        return "another --exact-distinct";
    if (a->profile_min_hits != b->profile_min_hits || a->profile_min_sites != b->profile_min_sites)
        return "other --profile-min-hits/--profile-min-sites";
    if ((a->shard_n > 1) != (b->shard_n > 1) || (a->shard_n > 1 && a->shard_n != b->shard_n))
        return "another number of shards (--shard K/N)";
    return NULL;
}

/* The shards: with N > 1, each of 1..N exactly once. */
static ls_status check_shards(const struct ls_config *cfg, struct ls_partial **p, char *err,
                              size_t errlen)
{
    unsigned n = ls_partial_head(p[0])->shard_n, k;
    size_t *seen, i;
    ls_status st = LS_OK;

    if (n <= 1)
        return LS_OK;
    if (!(seen = calloc(n + 1, sizeof *seen)))
        return LS_ENOMEM;
    for (i = 0; i < cfg->ninputs && st == LS_OK; i++) {
        k = ls_partial_head(p[i])->shard_k;
        if (k < 1 || k > n) {
            snprintf(err, errlen, "%s: shard %u of %u is out of range", cfg->inputs[i], k, n);
            st = LS_EUSAGE;
        } else if (seen[k]) {
            snprintf(err, errlen, "%s: shard %u/%u is given twice (also %s)", cfg->inputs[i], k, n,
                     cfg->inputs[seen[k] - 1]);
            st = LS_EUSAGE;
        }
        if (st == LS_OK)
            seen[k] = i + 1;
    }
    for (k = 1; k <= n && st == LS_OK; k++)
        if (!seen[k]) {
            snprintf(err, errlen,
                     "shard %u/%u is missing: merge needs the partial of every shard of the scan",
                     k, n);
            st = LS_EUSAGE;
        }
    free(seen);
    return st;
}

/* Opens every partial and checks them against the first, the loaded
 * ruleset and the --key-file when given. */
static ls_status open_all(const struct ls_config *cfg, const struct ls_ruleset *rs,
                          struct ls_partial **p, char *err, size_t errlen)
{
    const struct ls_partial_head *h0 = NULL, *h;
    unsigned char key[32], kd[32];
    const char *why;
    ls_status st;
    size_t i;

    for (i = 0; i < cfg->ninputs; i++) {
        if ((st = ls_partial_open(cfg->inputs[i], &p[i], err, errlen)) != LS_OK)
            return st;
        h = ls_partial_head(p[i]);
        if (!h0)
            h0 = h;
        if ((why = unlike(h0, h)) != NULL) {
            snprintf(err, errlen, "%s: refused: made with %s than %s", cfg->inputs[i], why,
                     cfg->inputs[0]);
            return LS_EUSAGE;
        }
        if (h->has_rules && memcmp(h->rules_digest, rs->digest, 32) != 0) {
            snprintf(err, errlen,
                     "%s: refused: made with another rule-pack set than the one loaded here "
                     "(give merge the --rules or --rules-only of the scan)",
                     cfg->inputs[i]);
            return LS_EUSAGE;
        }
    }
    if (cfg->key_file) {
        if (ls_key_load(cfg->key_file, key, err, errlen) != 0)
            return LS_EUSAGE;
        i = ls_partial_key_digest(key, kd) != 0 || memcmp(kd, h0->key_digest, 32) != 0;
        ls_key_wipe(key);
        if (i) {
            snprintf(err, errlen, "%s: refused: made with another key than --key-file %s",
                     cfg->inputs[0], cfg->key_file);
            return LS_EUSAGE;
        }
    }
    return check_shards(cfg, p, err, errlen);
}

/* The report's configuration and run facts, from the partials: the scan's
 * inputs, limits and settings; the earliest start, the longest shard, the
 * threads of all shards. */
static void merged_info(const struct ls_config *cfg, struct ls_partial **p, struct ls_config *c2,
                        struct ls_report_info *info)
{
    const struct ls_partial_head *h0 = ls_partial_head(p[0]);
    size_t i;

    *c2 = *cfg;
    c2->inputs = (const char *const *)h0->inputs;
    c2->ninputs = h0->ninputs;
    c2->min_confidence = (enum ls_confidence)h0->min_confidence;
    c2->profile_min_hits = h0->profile_min_hits;
    c2->profile_min_sites = h0->profile_min_sites;
    c2->scan_date = h0->scan_date;
    c2->exact_distinct = h0->exact_distinct;
    c2->limits.max_depth = (unsigned)h0->max_depth;
    c2->limits.max_entry_bytes = h0->max_entry_bytes;
    c2->limits.max_input_bytes = h0->max_input_bytes;
    c2->limits.max_entries = h0->max_entries;
    c2->limits.max_buffer_bytes = h0->max_buffer_bytes;
    c2->limits.max_ratio = h0->max_ratio;
    c2->partial = NULL;
    memset(info, 0, sizeof *info);
    info->started_at = (time_t)h0->started_at;
    for (i = 0; i < cfg->ninputs; i++) {
        const struct ls_partial_head *h = ls_partial_head(p[i]);

        if ((time_t)h->started_at < info->started_at)
            info->started_at = (time_t)h->started_at;
        if (h->elapsed > info->elapsed)
            info->elapsed = h->elapsed;
        info->threads += h->threads;
        if (!info->signal)
            info->signal = (int)h->signal;
        info->abandoned += h->abandoned;
    }
    info->findings_file = cfg->findings; /* merge reads it: the shards' findings lines */
}

/* Adds every partial into a new tally and matcher and writes the report. */
static ls_status merge_write(const struct ls_config *cfg, const struct ls_ruleset *rs,
                             struct ls_partial **p, struct ls_run_end *end, char *err,
                             size_t errlen)
{
    struct ls_config c2;
    struct ls_report_info info;
    struct ls_tally *t = NULL;
    struct ls_matcher *m = NULL;
    unsigned char zero[32] = {0}; /* merge hashes no value: the matcher's key is unused */
    ls_status st;
    size_t i;

    merged_info(cfg, p, &c2, &info);
    info.rules = rs;
    if ((st = ls_tally_new(&t)) != LS_OK ||
        (st = ls_matcher_new(rs, &c2, zero, NULL, &m)) != LS_OK) {
        snprintf(err, errlen, "%s", ls_strerror(st));
        goto out;
    }
    for (i = 0; i < cfg->ninputs && st == LS_OK; i++)
        st = ls_partial_absorb(p[i], rs, t, m, err, errlen);
    if (st != LS_OK)
        goto out;
    info.matcher = m;
    st = ls_report_write(&c2, &info, t, err, errlen);
    if (st == LS_OK && cfg->fail_on.n)
        st = ls_engine_fail_on(&c2, m, end, err, errlen);
out:
    ls_matcher_free(m);
    ls_tally_free(t);
    return st;
}

ls_status ls_merge_run(const struct ls_config *cfg, struct ls_run_end *end, char *err,
                       size_t errlen)
{
    struct ls_ruleset *rs = NULL;
    struct ls_partial **p;
    ls_status st;
    size_t i;

    err[0] = '\0';
    memset(end, 0, sizeof *end);
    if (ls_crypto_init() != 0) {
        snprintf(err, errlen, "libsodium cannot initialise");
        return LS_EFATAL;
    }
    if (!(p = calloc(cfg->ninputs, sizeof *p)))
        return LS_ENOMEM;
    if ((st = ls_ruleset_load(cfg, &rs, err, errlen)) == LS_OK &&
        (st = open_all(cfg, rs, p, err, errlen)) == LS_OK)
        st = merge_write(cfg, rs, p, end, err, errlen);
    for (i = 0; i < cfg->ninputs; i++)
        ls_partial_close(p[i]);
    free(p);
    ls_ruleset_free(rs);
    return st;
}
