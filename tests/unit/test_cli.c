/* test_cli.c — unit tests of `leakscan scan` option parsing (scanner/cli.c).
 *
 * Sizes with K/M/G/T (and KiB, MB spellings), bad values refused with
 * LS_EUSAGE and a message, the defaults, --rules and --rules-only not mixed,
 * and --help answered with LS_ESKIPPED.  Parsing twice in one process must
 * work (getopt state is reset).  Each limit option of the table sets its own
 * field and refuses garbage with its own message. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"

static void test_parse_size(void **state)
{
    static const struct {
        const char *s;
        uint64_t v;
    } ok[] = {
        {"0", 0},
        {"512", 512},
        {"64K", 65536},
        {"64k", 65536},
        {"256M", (uint64_t)256 << 20},
        {"1G", (uint64_t)1 << 30},
        {"1g", (uint64_t)1 << 30},
        {"2T", (uint64_t)2 << 40},
        {"1KiB", 1024},
        {"3MiB", (uint64_t)3 << 20},
        {"1GiB", (uint64_t)1 << 30},
        {"1TiB", (uint64_t)1 << 40},
        {"8KB", 8192},
        {"16777215T", (uint64_t)16777215 << 40}, /* the largest T that fits */
        {"18446744073709551615", UINT64_MAX},
    };
    static const char *const bad[] = {
        "",
        "K",
        "-1",
        "12X",
        "1.5G",
        "1 K",
        "1KiBx",
        "1iB",
        "1Ki",
        "1KK",
        "0x10",
        "G1",
        "16777216T",            /* 2^64: does not fit */
        "17179869184G",         /* 2^64 too */
        "18446744073709551616", /* one past UINT64_MAX */
        "99999999999999999999", /* strtoull saturates: must not become UINT64_MAX */
        " 5",
        "+5",
        " -1", /* strtoull would skip spaces and take signs */
    };
    uint64_t v;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        v = 12345;
        if (ls_cli_parse_size(ok[i].s, &v) != 0)
            fail_msg("\"%s\" was refused", ok[i].s);
        assert_int_equal(v, ok[i].v);
    }
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 12345;
        if (ls_cli_parse_size(bad[i], &v) != -1)
            fail_msg("\"%s\" was taken as %llu", bad[i], (unsigned long long)v);
        assert_int_equal(v, 12345); /* untouched */
    }
    assert_int_equal(ls_cli_parse_size(NULL, &v), -1);
}

/* Runs the parser over a NULL-terminated list of arguments after "scan". */
struct run {
    struct ls_config cfg;
    const char **store;
    char err[256];
    char *argv[64];
    int argc;
};

static ls_status parse(struct run *r, ...)
{
    va_list ap;
    const char *a;

    memset(r, 0, sizeof *r);
    r->argv[r->argc++] = (char *)"scan";
    va_start(ap, r);
    while ((a = va_arg(ap, const char *)) != NULL) {
        assert_true(r->argc < 63);
        r->argv[r->argc++] = (char *)a;
    }
    va_end(ap);
    r->argv[r->argc] = NULL;
    return ls_cli_parse_scan(r->argc, r->argv, &r->cfg, &r->store, r->err, sizeof r->err);
}

static void done(struct run *r)
{
    free(r->store);
    r->store = NULL;
}

static void test_defaults(void **state)
{
    struct run r;
    struct ls_limits def;

    (void)state;
    ls_limits_default(&def);
    assert_int_equal(parse(&r, "leak/", NULL), LS_OK);
    assert_int_equal(r.cfg.ninputs, 1);
    assert_string_equal(r.cfg.inputs[0], "leak/");
    assert_int_equal(r.cfg.threads, 0);
    assert_int_equal(r.cfg.format, LS_FMT_TEXT);
    assert_int_equal(r.cfg.min_confidence, LS_CONF_MEDIUM);
    assert_int_equal(r.cfg.progress, -1);
    assert_int_equal(r.cfg.color, -1);
    assert_int_equal(r.cfg.pretty, 1);
    assert_int_equal(r.cfg.reveal, 0);
    assert_int_equal(r.cfg.follow_symlinks, 0);
    assert_int_equal(r.cfg.rules_only, 0);
    assert_int_equal(r.cfg.nrule_paths, 0);
    assert_null(r.store);
    assert_null(r.cfg.output);
    assert_null(r.cfg.inventory);
    assert_null(r.cfg.findings);
    assert_null(r.cfg.passwords);
    assert_null(r.cfg.key_file);
    assert_int_equal(r.cfg.limits.max_depth, def.max_depth);
    assert_int_equal(r.cfg.limits.max_entry_bytes, def.max_entry_bytes);
    assert_int_equal(r.cfg.limits.max_input_bytes, def.max_input_bytes);
    assert_true(r.cfg.limits.max_ratio == def.max_ratio);
    assert_int_equal(r.cfg.limits.ratio_grace_bytes, def.ratio_grace_bytes);
    assert_int_equal(r.cfg.limits.max_entries, def.max_entries);
    assert_int_equal(r.cfg.limits.max_buffer_bytes, def.max_buffer_bytes);
    assert_int_equal(r.cfg.limits.max_queue_bytes, def.max_queue_bytes);
    assert_int_equal(r.cfg.limits.max_record_bytes, def.max_record_bytes);
    assert_true(r.cfg.limits.max_seconds == def.max_seconds);
    done(&r);
    assert_int_equal(parse(&r, "--max-seconds", "0", "x", NULL), LS_OK); /* 0: no limit */
    assert_true(r.cfg.limits.max_seconds == 0.0);
    done(&r);
}

static void test_options(void **state)
{
    struct run r;

    (void)state;
    assert_int_equal(parse(&r, "-j", "4", "-o", "out.json", "--format", "json", "--compact",
                           "--inventory", "inv.jsonl", "--findings", "f.jsonl", "--passwords",
                           "pw.txt", "--key-file", "k", "--min-confidence", "high", "--reveal",
                           "--follow-symlinks", "--no-progress", "--max-depth", "3",
                           "--max-entry-bytes", "512M", "--max-input-bytes", "2T", "--max-ratio",
                           "50.5", "--ratio-grace-bytes", "64KiB", "--max-entries", "1000",
                           "--max-buffer-bytes", "1G", "--max-record-bytes", "4M",
                           "--max-queue-bytes", "32M", "--max-seconds", "2.5", "a", "b", NULL),
                     LS_OK);
    assert_int_equal(r.cfg.threads, 4);
    assert_string_equal(r.cfg.output, "out.json");
    assert_int_equal(r.cfg.format, LS_FMT_JSON);
    assert_int_equal(r.cfg.pretty, 0);
    assert_string_equal(r.cfg.inventory, "inv.jsonl");
    assert_string_equal(r.cfg.findings, "f.jsonl");
    assert_string_equal(r.cfg.passwords, "pw.txt");
    assert_string_equal(r.cfg.key_file, "k");
    assert_int_equal(r.cfg.min_confidence, LS_CONF_HIGH);
    assert_int_equal(r.cfg.reveal, 1);
    assert_int_equal(r.cfg.follow_symlinks, 1);
    assert_int_equal(r.cfg.progress, 0);
    assert_int_equal(r.cfg.limits.max_depth, 3);
    assert_int_equal(r.cfg.limits.max_entry_bytes, (uint64_t)512 << 20);
    assert_int_equal(r.cfg.limits.max_input_bytes, (uint64_t)2 << 40);
    assert_true(r.cfg.limits.max_ratio == 50.5);
    assert_int_equal(r.cfg.limits.ratio_grace_bytes, 65536);
    assert_int_equal(r.cfg.limits.max_entries, 1000);
    assert_int_equal(r.cfg.limits.max_buffer_bytes, (uint64_t)1 << 30);
    assert_int_equal(r.cfg.limits.max_record_bytes, 4u << 20);
    assert_int_equal(r.cfg.limits.max_queue_bytes, (uint64_t)32 << 20);
    assert_true(r.cfg.limits.max_seconds == 2.5);
    assert_int_equal(r.cfg.ninputs, 2);
    assert_string_equal(r.cfg.inputs[0], "a");
    assert_string_equal(r.cfg.inputs[1], "b");
    done(&r);

    /* --max-bytes is --max-entry-bytes; --progress; options after paths. */
    assert_int_equal(
        parse(&r, "dir", "--max-bytes", "1KiB", "--progress", "--jobs=2", "--format=text", NULL),
        LS_OK);
    assert_int_equal(r.cfg.limits.max_entry_bytes, 1024);
    assert_int_equal(r.cfg.progress, 1);
    assert_int_equal(r.cfg.threads, 2);
    assert_int_equal(r.cfg.format, LS_FMT_TEXT);
    assert_int_equal(r.cfg.ninputs, 1);
    assert_string_equal(r.cfg.inputs[0], "dir");
    done(&r);

    /* "--" ends the options: a path may start with a dash. */
    assert_int_equal(parse(&r, "--", "-odd-name", NULL), LS_OK);
    assert_int_equal(r.cfg.ninputs, 1);
    assert_string_equal(r.cfg.inputs[0], "-odd-name");
    done(&r);
}

static void test_limits_are_clamped(void **state)
{
    struct run r;

    (void)state;
    assert_int_equal(parse(&r, "--max-buffer-bytes", "1T", "--max-queue-bytes", "1K",
                           "--max-input-bytes", "1K", "--max-entry-bytes", "1M", "x", NULL),
                     LS_OK);
    assert_int_equal(r.cfg.limits.max_buffer_bytes, LS_CEIL_BUFFER_BYTES);
    assert_int_equal(r.cfg.limits.max_queue_bytes, 1u << 20);
    assert_true(r.cfg.limits.max_input_bytes >= r.cfg.limits.max_entry_bytes);
    done(&r);
}

static void test_rules(void **state)
{
    struct run r;

    (void)state;
    assert_int_equal(parse(&r, "--rules", "a.yaml", "--rules", "dir", "x", NULL), LS_OK);
    assert_int_equal(r.cfg.nrule_paths, 2);
    assert_int_equal(r.cfg.rules_only, 0);
    assert_string_equal(r.cfg.rule_paths[0], "a.yaml");
    assert_string_equal(r.cfg.rule_paths[1], "dir");
    assert_ptr_equal(r.cfg.rule_paths, r.store);
    done(&r);

    assert_int_equal(parse(&r, "--rules-only", "only.yaml", "x", NULL), LS_OK);
    assert_int_equal(r.cfg.nrule_paths, 1);
    assert_int_equal(r.cfg.rules_only, 1);
    assert_string_equal(r.cfg.rule_paths[0], "only.yaml");
    done(&r);

    assert_int_equal(parse(&r, "--rules", "a.yaml", "--rules-only", "b.yaml", "x", NULL),
                     LS_EUSAGE);
    assert_string_equal(r.err, "--rules and --rules-only cannot be mixed");
    assert_null(r.store); /* nothing to free on failure */
    assert_int_equal(parse(&r, "--rules-only", "b.yaml", "--rules", "a.yaml", "x", NULL),
                     LS_EUSAGE);
    assert_non_null(strstr(r.err, "cannot be mixed"));
    assert_null(r.store);
}

/* One bad command line: LS_EUSAGE and a message containing `needle`. */
static void bad(const char *needle, ...)
{
    struct run r;
    va_list ap;
    const char *a;
    ls_status st;

    memset(&r, 0, sizeof r);
    r.argv[r.argc++] = (char *)"scan";
    va_start(ap, needle);
    while ((a = va_arg(ap, const char *)) != NULL)
        r.argv[r.argc++] = (char *)a;
    va_end(ap);
    st = ls_cli_parse_scan(r.argc, r.argv, &r.cfg, &r.store, r.err, sizeof r.err);
    if (st != LS_EUSAGE)
        fail_msg("%s %s: status %d, not LS_EUSAGE", r.argv[1], r.argc > 2 ? r.argv[2] : "",
                 (int)st);
    if (!strstr(r.err, needle))
        fail_msg("message \"%s\" does not say \"%s\"", r.err, needle);
    assert_null(r.store);
}

/* --format html and --color auto|always|never. */
static void test_format_color(void **state)
{
    static const char *const colors[] = {"never", "always", "auto"};
    static const int want[] = {0, 1, -1};
    struct run r;
    int i;

    (void)state;
    assert_int_equal(parse(&r, "--format", "html", "-o", "r.html", "x", NULL), LS_OK);
    assert_int_equal(r.cfg.format, LS_FMT_HTML);
    done(&r);
    for (i = 0; i < 3; i++) {
        assert_int_equal(parse(&r, "--color", colors[i], "x", NULL), LS_OK);
        assert_int_equal(r.cfg.color, want[i]);
        assert_int_equal(r.cfg.format, LS_FMT_TEXT);
        done(&r);
    }
}

static void test_bad_values(void **state)
{
    (void)state;
    bad("-j", "-j", "0", "x", NULL);
    bad("-j", "-j", "257", "x", NULL);
    bad("-j", "-j", "two", "x", NULL);
    bad("-j", "-j", "-1", "x", NULL);
    bad("--format", "--format", "xml", "x", NULL);
    bad("--color", "--color", "sometimes", "x", NULL);
    bad("--min-confidence", "--min-confidence", "certain", "x", NULL);
    bad("--max-depth", "--max-depth", "65", "x", NULL);
    bad("--max-depth", "--max-depth", "deep", "x", NULL);
    bad("--max-entry-bytes", "--max-entry-bytes", "12X", "x", NULL);
    bad("--max-entry-bytes", "--max-bytes", "-5M", "x", NULL);
    bad("--max-input-bytes", "--max-input-bytes", "lots", "x", NULL);
    bad("--max-ratio", "--max-ratio", "0.5", "x", NULL);
    bad("--max-ratio", "--max-ratio", "ten", "x", NULL);
    bad("--max-ratio", "--max-ratio", "", "x", NULL);
    bad("--max-ratio", "--max-ratio", "nan", "x", NULL);
    bad("--ratio-grace-bytes", "--ratio-grace-bytes", "1Q", "x", NULL);
    bad("--max-entries", "--max-entries", "0", "x", NULL);
    bad("--max-entries", "--max-entries", "99999999999999999999", "x", NULL);
    bad("--max-buffer-bytes", "--max-buffer-bytes", "1.5G", "x", NULL);
    bad("--max-record-bytes", "--max-record-bytes", "17M", "x", NULL);
    bad("--max-queue-bytes", "--max-queue-bytes", "", "x", NULL);
    bad("--max-seconds", "--max-seconds", "-1", "x", NULL);
    bad("--max-seconds", "--max-seconds", "soon", "x", NULL);
    bad("--max-seconds", "--max-seconds", "nan", "x", NULL);
    bad("needs a value", "x", "--format", NULL);
    bad("needs a value", "x", "-j", NULL);
    bad("unknown option --bogus", "--bogus", "x", NULL);
    bad("unknown option -q", "-q", "x", NULL);
    bad("-j takes", "-jq", "x", NULL); /* -j takes "q" as its value */
    bad("nothing to scan", NULL);
    bad("nothing to scan", "-j", "2", NULL);
}

/* Every size option takes K/M/G/T suffixes into its own field, and refuses
 * garbage with its own message (the limit options are one table). */
/* The hidden options of the chunk tests: --chunk-bytes SIZE, --no-split. */
static void test_split_options(void **state)
{
    struct run r;

    (void)state;
    assert_int_equal(parse(&r, "x", NULL), LS_OK);
    assert_int_equal(r.cfg.chunk_bytes, 0); /* 0: the default size */
    assert_int_equal(r.cfg.no_split, 0);
    done(&r);
    assert_int_equal(parse(&r, "--chunk-bytes", "4K", "--no-split", "x", NULL), LS_OK);
    assert_int_equal(r.cfg.chunk_bytes, 4096);
    assert_int_equal(r.cfg.no_split, 1);
    done(&r);
    assert_int_equal(parse(&r, "--chunk-bytes", "1", "x", NULL), LS_OK);
    assert_int_equal(r.cfg.chunk_bytes, 1);
    done(&r);
    bad("--chunk-bytes", "--chunk-bytes", "0", "x", NULL);
    bad("--chunk-bytes", "--chunk-bytes", "2G", "x", NULL);
    bad("--chunk-bytes", "--chunk-bytes", "big", "x", NULL);
}

static void test_limit_option_table(void **state)
{
    static const struct {
        const char *flag;
        size_t offset;
        int is_size_t;
    } sizes[] = {
        {"--max-entry-bytes", offsetof(struct ls_limits, max_entry_bytes), 0},
        {"--max-bytes", offsetof(struct ls_limits, max_entry_bytes), 0},
        {"--max-input-bytes", offsetof(struct ls_limits, max_input_bytes), 0},
        {"--ratio-grace-bytes", offsetof(struct ls_limits, ratio_grace_bytes), 0},
        {"--max-buffer-bytes", offsetof(struct ls_limits, max_buffer_bytes), 0},
        {"--max-queue-bytes", offsetof(struct ls_limits, max_queue_bytes), 0},
        {"--max-record-bytes", offsetof(struct ls_limits, max_record_bytes), 1},
    };
    static const struct {
        const char *arg;
        uint64_t v;
    } vals[] = {{"3K", 3u << 10},
                {"5M", 5u << 20},
                {"2G", (uint64_t)2 << 30},
                {"7T", (uint64_t)7 << 40},
                {"9", 9}};
    struct run r;
    size_t i, k;

    (void)state;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        const char *msg =
            strcmp(sizes[i].flag, "--max-bytes") ? sizes[i].flag : "--max-entry-bytes";
        for (k = 0; k < sizeof vals / sizeof vals[0]; k++) {
            struct ls_limits want;
            if (sizes[i].is_size_t && vals[k].v > LS_CEIL_RECORD_BYTES) {
                bad(msg, sizes[i].flag, vals[k].arg, "x", NULL);
                continue;
            }
            assert_int_equal(parse(&r, sizes[i].flag, vals[k].arg, "x", NULL), LS_OK);
            /* What the value gives once the limits are clamped, as the parser does. */
            ls_limits_default(&want);
            if (sizes[i].is_size_t)
                want.max_record_bytes = (size_t)vals[k].v;
            else
                memcpy((unsigned char *)&want + sizes[i].offset, &vals[k].v, sizeof vals[k].v);
            ls_limits_clamp(&want);
            if (memcmp((const unsigned char *)&r.cfg.limits + sizes[i].offset,
                       (const unsigned char *)&want + sizes[i].offset,
                       sizes[i].is_size_t ? sizeof(size_t) : sizeof(uint64_t)) != 0)
                fail_msg("%s %s set another value", sizes[i].flag, vals[k].arg);
            done(&r);
        }
        bad(msg, sizes[i].flag, "12X", "x", NULL);
        bad(msg, sizes[i].flag, "garbage", "x", NULL);
        bad(msg, sizes[i].flag, "1K2", "x", NULL);
        bad(msg, sizes[i].flag, "-1K", "x", NULL);
    }
    /* The three PCRE2 limits share a message but not a field. */
    assert_int_equal(
        parse(&r, "--match-limit", "11", "--depth-limit", "22", "--heap-limit", "33", "x", NULL),
        LS_OK);
    assert_int_equal(r.cfg.limits.pcre2_match_limit, 11);
    assert_int_equal(r.cfg.limits.pcre2_depth_limit, 22);
    assert_int_equal(r.cfg.limits.pcre2_heap_limit, 33);
    done(&r);
    bad("--match-limit, --depth-limit and --heap-limit", "--depth-limit", "4294967296", "x", NULL);
    bad("--match-limit, --depth-limit and --heap-limit", "--heap-limit", "1K", "x", NULL);
    /* A refused value leaves no rule storage behind, after rules were given. */
    bad("--max-depth", "--rules", "a.yaml", "--max-depth", "x1", "x", NULL);
}

static void test_reparse_after_error(void **state)
{
    struct run r;

    (void)state;
    /* An error in the middle of a cluster of short options must not leak
     * getopt state into the next parse. */
    assert_int_equal(parse(&r, "-qo", "x", NULL), LS_EUSAGE);
    assert_non_null(strstr(r.err, "-q"));
    assert_int_equal(parse(&r, "dir", NULL), LS_OK);
    assert_null(r.cfg.output);
    assert_int_equal(r.cfg.ninputs, 1);
    assert_string_equal(r.cfg.inputs[0], "dir");
    done(&r);
    assert_int_equal(parse(&r, "-o", "o", "d1", "d2", NULL), LS_OK);
    assert_string_equal(r.cfg.output, "o");
    assert_int_equal(r.cfg.ninputs, 2);
    done(&r);
}

static void test_help(void **state)
{
    struct run r, r2;
    int saved, devnull;
    ls_status st, st2;
    FILE *f;
    char *text = NULL;
    size_t n = 0;

    (void)state;
    /* --help prints to stdout (sent to /dev/null here) and asks to stop. */
    fflush(stdout);
    saved = dup(1);
    devnull = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && devnull >= 0);
    dup2(devnull, 1);
    st = parse(&r, "--help", NULL);
    st2 = parse(&r2, "--rules", "a", "--help", "x", NULL);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(devnull);
    assert_int_equal(st, LS_ESKIPPED);
    assert_null(r.store);
    assert_int_equal(st2, LS_ESKIPPED);
    assert_null(r2.store);

    /* The help names the defaults of the limits. */
    f = open_memstream(&text, &n);
    assert_non_null(f);
    ls_cli_help(f);
    fclose(f);
    assert_non_null(strstr(text, "Usage: leakscan scan"));
    assert_non_null(strstr(text, "--max-depth N          archive nesting depth (default 16)"));
    assert_non_null(strstr(text, "(default 16G)"));
    assert_non_null(strstr(text, "(default 1T)"));
    assert_non_null(strstr(text, "(default 256M)"));
    assert_non_null(strstr(text, "--rules-only"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_size),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_limits_are_clamped),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_format_color),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_split_options),
        cmocka_unit_test(test_limit_option_table),
        cmocka_unit_test(test_reparse_after_error),
        cmocka_unit_test(test_help),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
