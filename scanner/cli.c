/* cli.c — options of `leakscan scan` (cli.h).
 *
 * The limit options are one table (limit_opts: option, parser, field of
 * struct ls_limits, bounds, message); the other options are applied one by
 * one.  Every refusal returns LS_EUSAGE through the one cleanup path. */
#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "config.h"
#include "match/dates.h"
#include "match/exposure.h"
#include "match/profiles.h"
#include "report/output.h"
#include "sample.h"
#include "shard.h"

enum {
    OPT_FORMAT = 256,
    OPT_INVENTORY,
    OPT_FINDINGS,
    OPT_PASSWORDS,
    OPT_KEYFILE,
    OPT_RULES,
    OPT_RULES_ONLY,
    OPT_MINCONF,
    OPT_REVEAL,
    OPT_FOLLOW,
    OPT_PROGRESS,
    OPT_NOPROGRESS,
    OPT_MAXDEPTH,
    OPT_MAXENTRY,
    OPT_MAXINPUT,
    OPT_MAXRATIO,
    OPT_MAXENTRIES,
    OPT_MAXBUFFER,
    OPT_MAXRECORD,
    OPT_MAXQUEUE,
    OPT_RATIOGRACE,
    OPT_HELP,
    OPT_COMPACT,
    OPT_MAXBYTES,
    OPT_MAXSECONDS,
    OPT_MATCHLIMIT,
    OPT_DEPTHLIMIT,
    OPT_HEAPLIMIT,
    OPT_PLAINMATCH,
    OPT_PARSERINTHREAD,
    OPT_MAXITEMSECONDS,
    OPT_MAXPARSERMEM,
    OPT_PARANOID,
    OPT_DEBUGHARDENING,
    OPT_TESTRESIZE,
    OPT_CHUNKBYTES,
    OPT_NOSPLIT,
    OPT_OUTPUTDIR,
    OPT_FAILON,
    OPT_MINHITS,
    OPT_MINSITES,
    OPT_CIRCUMSTANCES,
    OPT_SCANDATE,
    OPT_COLOR,
    OPT_SHARD,
    OPT_PARTIAL,
    OPT_EXACTDISTINCT,
    OPT_SAMPLE,
    OPT_SEED,
    OPT_CHECKPOINT,
    OPT_CKPTINTERVAL
};

static const struct option opts[] = {
    {"jobs", required_argument, NULL, 'j'},
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output-dir", required_argument, NULL, OPT_OUTPUTDIR},
    {"inventory", required_argument, NULL, OPT_INVENTORY},
    {"findings", required_argument, NULL, OPT_FINDINGS},
    {"passwords", required_argument, NULL, OPT_PASSWORDS},
    {"key-file", required_argument, NULL, OPT_KEYFILE},
    {"rules", required_argument, NULL, OPT_RULES},
    {"rules-only", required_argument, NULL, OPT_RULES_ONLY},
    {"min-confidence", required_argument, NULL, OPT_MINCONF},
    {"reveal", no_argument, NULL, OPT_REVEAL},
    {"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
    {"progress", no_argument, NULL, OPT_PROGRESS},
    {"no-progress", no_argument, NULL, OPT_NOPROGRESS},
    {"compact", no_argument, NULL, OPT_COMPACT},
    {"color", required_argument, NULL, OPT_COLOR},
    {"fail-on", required_argument, NULL, OPT_FAILON},
    {"max-depth", required_argument, NULL, OPT_MAXDEPTH},
    {"max-entry-bytes", required_argument, NULL, OPT_MAXENTRY},
    {"max-bytes", required_argument, NULL, OPT_MAXBYTES},
    {"max-input-bytes", required_argument, NULL, OPT_MAXINPUT},
    {"max-ratio", required_argument, NULL, OPT_MAXRATIO},
    {"ratio-grace-bytes", required_argument, NULL, OPT_RATIOGRACE},
    {"max-entries", required_argument, NULL, OPT_MAXENTRIES},
    {"max-buffer-bytes", required_argument, NULL, OPT_MAXBUFFER},
    {"max-record-bytes", required_argument, NULL, OPT_MAXRECORD},
    {"max-queue-bytes", required_argument, NULL, OPT_MAXQUEUE},
    {"max-seconds", required_argument, NULL, OPT_MAXSECONDS},
    {"max-item-seconds", required_argument, NULL, OPT_MAXITEMSECONDS},
    {"max-parser-memory", required_argument, NULL, OPT_MAXPARSERMEM},
    {"match-limit", required_argument, NULL, OPT_MATCHLIMIT},
    {"depth-limit", required_argument, NULL, OPT_DEPTHLIMIT},
    {"heap-limit", required_argument, NULL, OPT_HEAPLIMIT},
    {"help", no_argument, NULL, OPT_HELP},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"partial", required_argument, NULL, OPT_PARTIAL},
    {"exact-distinct", required_argument, NULL, OPT_EXACTDISTINCT},
    {"sample", required_argument, NULL, OPT_SAMPLE},
    {"seed", required_argument, NULL, OPT_SEED},
    {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
    {"checkpoint-interval", required_argument, NULL, OPT_CKPTINTERVAL},
    /* hidden (debugging): every rule on every record, no prefilter */
    {"plain-match", no_argument, NULL, OPT_PLAINMATCH},
    /* hidden (debugging): libarchive on threads of the scanner, not isolated */
    {"parser-in-thread", no_argument, NULL, OPT_PARSERINTHREAD},
    {"paranoid", no_argument, NULL, OPT_PARANOID},
    /* hidden (tests): print the core-dump limit and the dumpable flag at scan start */
    {"debug-hardening", no_argument, NULL, OPT_DEBUGHARDENING},
    /* hidden (tests): a file whose name holds "resize-me" is resized to SIZE
     * right after it is opened, to test the changed-during-scan check */
    {"test-resize-after-open", required_argument, NULL, OPT_TESTRESIZE},
    {"chunk-bytes", required_argument, NULL, OPT_CHUNKBYTES},
    {"no-split", no_argument, NULL, OPT_NOSPLIT},
    {"profile-min-hits", required_argument, NULL, OPT_MINHITS},
    {"profile-min-sites", required_argument, NULL, OPT_MINSITES},
    {"circumstances", required_argument, NULL, OPT_CIRCUMSTANCES},
    /* hidden (tests): the date of records that carry none, yyyy-mm-dd */
    {"scan-date", required_argument, NULL, OPT_SCANDATE},
    {NULL, 0, NULL, 0},
};

int ls_cli_parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;
    unsigned shift = 0;

    if (!s || *s < '0' || *s > '9') /* strtoull would skip spaces and take a sign */
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (end == s || errno == ERANGE)
        return -1;
    switch (*end) {
    case '\0':
        break;
    case 'k':
    case 'K':
        shift = 10;
        end++;
        break;
    case 'm':
    case 'M':
        shift = 20;
        end++;
        break;
    case 'g':
    case 'G':
        shift = 30;
        end++;
        break;
    case 't':
    case 'T':
        shift = 40;
        end++;
        break;
    default:
        return -1;
    }
    if (shift && (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0))
        end += strlen(end);
    if (*end)
        return -1;
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static void size_str(uint64_t v, char *buf, size_t n)
{
    const char *u = "KMGT";
    int i = -1;

    while (v && (v & 1023) == 0 && i < 3) {
        v >>= 10;
        i++;
    }
    if (i < 0)
        snprintf(buf, n, "%llu", (unsigned long long)v);
    else
        snprintf(buf, n, "%llu%c", (unsigned long long)v, u[i]);
}

void ls_cli_help(FILE *f)
{
    struct ls_limits l;
    char a[32], b[32], c[32], d[32], e[32], g[32], h[32];

    ls_limits_default(&l);
    size_str(l.max_entry_bytes, a, sizeof a);
    size_str(l.max_input_bytes, b, sizeof b);
    size_str(l.max_buffer_bytes, c, sizeof c);
    size_str(l.ratio_grace_bytes, d, sizeof d);
    size_str(l.max_record_bytes, e, sizeof e);
    size_str(l.max_queue_bytes, g, sizeof g);
    size_str(l.max_parser_memory, h, sizeof h);
    fprintf(
        f,
        "Usage: leakscan scan [OPTION]... PATH...\n"
        "Walk every file, archive and nested archive under PATH and report what is in it.\n\n"
        "Output:\n"
        "  --format FMT[,FMT...]  report format(s): text (default), json, csv, sarif,\n"
        "                         notification (a GDPR Art. 33 draft), html (one\n"
        "                         self-contained page: charts, tables; nothing fetched)\n"
        "  -o, --output FILE      write the report (one format) to FILE (created 0600;\n"
        "                         default stdout)\n"
        "  --output-dir DIR       one file per format in DIR: report.txt, report.json,\n"
        "                         report-categories.csv + report-files.csv, report.sarif,\n"
        "                         notification.md, report.html (sarif needs --findings)\n"
        "  --color auto|always|never  colours in the text report (default auto: only on\n"
        "                         a terminal, and not when NO_COLOR is set)\n"
        "  --inventory FILE       one JSON line per file and archive entry\n"
        "  --findings FILE        one JSON line per finding (masked values)\n"
        "  --reveal               add raw values to --findings (says so on stderr)\n"
        "  --key-file FILE        key for fingerprints, to compare runs (default: random)\n"
        "  --compact              JSON report on one line\n"
        "  --no-progress          no progress line (drawn on stderr only when it is a terminal)\n"
        "  --progress             the progress line on a terminal (the default)\n"
        "  --fail-on COND[,COND]  exit 1 when a condition holds: a GDPR class, a category or\n"
        "                         record type id (leakscan rules categories), PACK.ID, or\n"
        "                         severity>=low|medium|high|very high (repeatable)\n\n"
        "Several machines (docs/partial.md):\n"
        "  --shard K/N            scan only share K of N (1 <= K <= N): top-level files by a\n"
        "                         hash of their path under PATH; a lone archive PATH by its\n"
        "                         entries\n"
        "  --partial FILE         write a partial result (for leakscan merge) instead of a\n"
        "                         report; needs --key-file, the same for every shard\n\n"
        "Sampling (docs/sampling.md):\n"
        "  --sample FRACTION      scan a random share (0 < FRACTION <= 1) of the units (the\n"
        "                         files, or a lone archive's entries) and report estimated\n"
        "                         totals per category with 95 %% confidence intervals\n"
        "  --seed N               the seed of the sample (default 1): the same seed, the\n"
        "                         same units\n\n"
        "Long scans (docs/partial.md, \"Checkpoints\"):\n"
        "  --checkpoint FILE      record progress in FILE as each input (each entry of a lone\n"
        "                         archive) is done; the same command resumes after a crash or\n"
        "                         Ctrl-C; FILE (and FILE.key) removed once the scan is complete\n"
        "  --checkpoint-interval S  seconds between checkpoints at least (default 5)\n\n"
        "Scanning:\n"
        "  -j, --jobs N           worker threads (default: online CPUs)\n"
        "  --rules PATH           add a rule pack (file or folder; repeatable)\n"
        "  --rules-only PATH      use only these packs (repeatable)\n"
        "  --min-confidence low|medium|high   (default medium)\n"
        "  --passwords FILE       passwords to try on encrypted archives and PDFs, one per line\n"
        "  --follow-symlinks      follow symbolic links (each file visited once)\n"
        "  --paranoid             wipe every buffer that held leak text before freeing it\n"
        "  --exact-distinct N     count a category's distinct values exactly up to N, then\n"
        "                         estimate them (HyperLogLog, standard error 0.41 %%, 64 KiB\n"
        "                         a category; default: always exact)\n\n"
        "Exposure (the report's exposure section):\n"
        "  --profile-min-hits N   a plate seen by ANPR this many times (default 3, 1-255)...\n"
        "  --profile-min-sites M  ...at M cameras or on M days is a movement profile\n"
        "                         (default 2, 1-15)\n"
        "  --circumstances LIST   ENISA circumstances of the breach, comma-separated:\n"
        "                         exposed|lost-device, known-recipients,\n"
        "                         public|unknown-recipients (confidentiality), altered,\n"
        "                         altered-unrecoverable (integrity), unavailable, data-lost\n"
        "                         (availability), malicious or unintended|accidental; or\n"
        "                         none (default: public,malicious, as for a leaked dump)\n\n"
        "Limits (a hit skips that item, names the limit, and the scan goes on):\n"
        "  --max-depth N          archive nesting depth (default %u)\n"
        "  --max-entry-bytes SIZE expanded bytes of one archive entry (default %s)\n"
        "  --max-input-bytes SIZE expanded bytes of one input file (default %s)\n"
        "  --max-ratio R          expansion ratio of an entry (default %.0f)\n"
        "  --ratio-grace-bytes SIZE  ratio enforced past this many bytes (default %s)\n"
        "  --max-entries N        entries of one archive (default %llu)\n"
        "  --max-buffer-bytes SIZE  memory copy of a nested zip/7z/rar or document (default %s)\n"
        "  --max-record-bytes SIZE  one record handed to the rules (default %s)\n"
        "  --max-queue-bytes SIZE entry data waiting for workers (default %s)\n"
        "  --max-seconds S        wall time for one input file, 0 = none (default %.0f)\n"
        "  --max-item-seconds S   a parser child (archive or document) silent this long\n"
        "                         is killed, 0 = never (default %.0f)\n"
        "  --max-parser-memory SIZE  address space of one parser child, 0 = no cap\n"
        "                         (default %s)\n"
        "  --match-limit N        PCRE2 match limit per record and rule (default %u)\n"
        "  --depth-limit N        PCRE2 depth limit (default %u)\n"
        "  --heap-limit KIB       PCRE2 heap limit in KiB (default %u)\n"
        "SIZE takes K, M, G, T suffixes (powers of 1024).\n\n"
        "Exit status: 0 scan completed, 1 a --fail-on condition holds, 2 usage, rule-pack or\n"
        "I/O error, 130/143 interrupted by SIGINT/SIGTERM (report of what was done).\n",
        l.max_depth, a, b, l.max_ratio, d, (unsigned long long)l.max_entries, c, e, g,
        l.max_seconds, l.max_item_seconds, h, l.pcre2_match_limit, l.pcre2_depth_limit,
        l.pcre2_heap_limit);
}

void ls_cli_help_merge(FILE *f)
{
    fprintf(f, "Usage: leakscan merge [OPTION]... PARTIAL...\n"
               "Add the partial results of the shards of one scan (see \"Several machines\" in\n"
               "leakscan scan --help) together and write the report, as the whole scan would\n"
               "have.  A partial made with another key, schema version, rule-pack set or\n"
               "settings, or a shard missing or given twice, is refused (docs/partial.md).\n\n"
               "  --format FMT[,FMT...]  text (default), json, csv, sarif, notification, html\n"
               "  -o, --output FILE      the report (one format; default stdout)\n"
               "  --output-dir DIR       one file per format in DIR\n"
               "  --color auto|always|never, --compact   as for leakscan scan\n"
               "  --findings FILE        the shards' findings lines (cat of their --findings),\n"
               "                         read for --format sarif\n"
               "  --key-file FILE        check that the partials were made with this key\n"
               "  --rules PATH, --rules-only PATH   the rule packs of the scan (repeatable)\n"
               "  --circumstances LIST   as for leakscan scan\n"
               "  --fail-on COND[,COND]  exit 1 when a condition holds on the merged report\n\n"
               "Exit status: 0 merged, 1 a --fail-on condition holds, 2 usage, refused partial,\n"
               "rule-pack or I/O error.\n");
}

static int parse_u64(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

/* --- the limit options: one table ------------------------------------------ */

enum limit_parser {
    PARSE_SIZE,    /* a size with K/M/G/T suffixes (ls_cli_parse_size), within [min, max] */
    PARSE_COUNT,   /* a plain number, within [min, max] */
    PARSE_SECONDS, /* a real number of seconds, at least 0 */
    PARSE_RATIO    /* a real ratio, at least 1 */
};

enum limit_field { FIELD_U64, FIELD_UNSIGNED, FIELD_SIZE, FIELD_U32, FIELD_DOUBLE };

struct limit_opt {
    int opt; /* its id in opts[] */
    enum limit_parser parse;
    size_t offset;         /* the field of struct ls_limits it sets */
    enum limit_field type; /* and that field's type */
    uint64_t min, max;     /* bounds of sizes and counts */
    const char *bad;       /* the message for a value it refuses */
};

#define LIMIT(f, t) offsetof(struct ls_limits, f), t

static const struct limit_opt limit_opts[] = {
    {OPT_MAXDEPTH, PARSE_COUNT, LIMIT(max_depth, FIELD_UNSIGNED), 0, LS_CEIL_DEPTH,
     "--max-depth takes a number from 0 to 64"},
    {OPT_MAXENTRY, PARSE_SIZE, LIMIT(max_entry_bytes, FIELD_U64), 0, UINT64_MAX,
     "--max-entry-bytes takes a size such as 512M"},
    {OPT_MAXBYTES, PARSE_SIZE, LIMIT(max_entry_bytes, FIELD_U64), 0, UINT64_MAX,
     "--max-entry-bytes takes a size such as 512M"},
    {OPT_MAXINPUT, PARSE_SIZE, LIMIT(max_input_bytes, FIELD_U64), 0, UINT64_MAX,
     "--max-input-bytes takes a size such as 64G"},
    {OPT_MAXRATIO, PARSE_RATIO, LIMIT(max_ratio, FIELD_DOUBLE), 0, 0,
     "--max-ratio takes a number of at least 1"},
    {OPT_RATIOGRACE, PARSE_SIZE, LIMIT(ratio_grace_bytes, FIELD_U64), 0, UINT64_MAX,
     "--ratio-grace-bytes takes a size such as 1M"},
    {OPT_MAXENTRIES, PARSE_COUNT, LIMIT(max_entries, FIELD_U64), 1, UINT64_MAX,
     "--max-entries takes a positive number"},
    {OPT_MAXBUFFER, PARSE_SIZE, LIMIT(max_buffer_bytes, FIELD_U64), 0, UINT64_MAX,
     "--max-buffer-bytes takes a size such as 256M"},
    {OPT_MAXRECORD, PARSE_SIZE, LIMIT(max_record_bytes, FIELD_SIZE), 0, LS_CEIL_RECORD_BYTES,
     "--max-record-bytes takes a size up to 16M"},
    {OPT_MAXQUEUE, PARSE_SIZE, LIMIT(max_queue_bytes, FIELD_U64), 0, UINT64_MAX,
     "--max-queue-bytes takes a size such as 256M"},
    {OPT_MAXSECONDS, PARSE_SECONDS, LIMIT(max_seconds, FIELD_DOUBLE), 0, 0,
     "--max-seconds takes a number of seconds (0: no limit)"},
    {OPT_MAXITEMSECONDS, PARSE_SECONDS, LIMIT(max_item_seconds, FIELD_DOUBLE), 0, 0,
     "--max-item-seconds takes a number of seconds (0: no limit)"},
    {OPT_MAXPARSERMEM, PARSE_SIZE, LIMIT(max_parser_memory, FIELD_U64), 0, UINT64_MAX,
     "--max-parser-memory takes a size such as 2G (0: no cap)"},
    {OPT_MATCHLIMIT, PARSE_COUNT, LIMIT(pcre2_match_limit, FIELD_U32), 1, UINT32_MAX,
     "--match-limit, --depth-limit and --heap-limit take a positive number"},
    {OPT_DEPTHLIMIT, PARSE_COUNT, LIMIT(pcre2_depth_limit, FIELD_U32), 1, UINT32_MAX,
     "--match-limit, --depth-limit and --heap-limit take a positive number"},
    {OPT_HEAPLIMIT, PARSE_COUNT, LIMIT(pcre2_heap_limit, FIELD_U32), 1, UINT32_MAX,
     "--match-limit, --depth-limit and --heap-limit take a positive number"},
};

static const struct limit_opt *limit_opt_find(int opt)
{
    size_t i;

    for (i = 0; i < sizeof limit_opts / sizeof limit_opts[0]; i++)
        if (limit_opts[i].opt == opt)
            return &limit_opts[i];
    return NULL;
}

/* Stores a parsed value in the field the option names. */
static void limit_store(const struct limit_opt *lo, struct ls_limits *l, uint64_t v, double d)
{
    unsigned char *field = (unsigned char *)l + lo->offset;
    unsigned u = (unsigned)v;
    size_t z = (size_t)v;
    uint32_t w = (uint32_t)v;

    switch (lo->type) {
    case FIELD_U64:
        memcpy(field, &v, sizeof v);
        break;
    case FIELD_UNSIGNED:
        memcpy(field, &u, sizeof u);
        break;
    case FIELD_SIZE:
        memcpy(field, &z, sizeof z);
        break;
    case FIELD_U32:
        memcpy(field, &w, sizeof w);
        break;
    case FIELD_DOUBLE:
        memcpy(field, &d, sizeof d);
        break;
    }
}

/* Parses the value of a limit option into *l; 0, or -1 when it is refused
 * (then *l is left as it was). */
static int limit_parse(const struct limit_opt *lo, const char *arg, struct ls_limits *l)
{
    uint64_t v = 0;
    double d = 0;
    char *end;

    switch (lo->parse) {
    case PARSE_SIZE:
    case PARSE_COUNT:
        if ((lo->parse == PARSE_SIZE ? ls_cli_parse_size(arg, &v) : parse_u64(arg, &v)) ||
            v < lo->min || v > lo->max)
            return -1;
        break;
    case PARSE_SECONDS:
    case PARSE_RATIO:
        d = strtod(arg, &end);
        if (*end || end == arg || !(d >= (lo->parse == PARSE_RATIO ? 1.0 : 0.0)))
            return -1;
        break;
    }
    limit_store(lo, l, v, d);
    return 0;
}

/* --- the other options ---------------------------------------------------------- */

/* What the parse collects besides the configuration. */
struct parse_state {
    const char **rules; /* --rules / --rules-only paths (argv strings) */
    size_t nrules;
    int have_rules, have_only;
};

/* --format NAME[,NAME...]: the formats' mask, and the format when it is one. */
static ls_status format_apply(const char *arg, struct ls_config *cfg, char *err, size_t errlen)
{
    enum ls_format one;
    ls_status st = ls_report_formats_parse(arg, &cfg->formats, &one, err, errlen);

    if (st == LS_OK && one != LS_FMT_COUNT)
        cfg->format = one;
    return st;
}

/* Applies an option of the exposure section (--profile-min-*, --circumstances,
 * --scan-date).  LS_OK, or LS_EUSAGE with a message in err. */
static ls_status exposure_option(int c, struct ls_config *cfg, char *err, size_t errlen)
{
    const char *bad = NULL;
    char cbuf[512];
    uint64_t v;

    switch (c) {
    case OPT_MINHITS:
        if (parse_u64(optarg, &v) || v < 1 || v > LS_PROFILE_HITS_MAX)
            bad = "--profile-min-hits takes a number from 1 to 255";
        else
            cfg->profile_min_hits = (unsigned)v;
        break;
    case OPT_MINSITES:
        if (parse_u64(optarg, &v) || v < 1 || v > LS_PROFILE_SITES_MAX)
            bad = "--profile-min-sites takes a number from 1 to 15";
        else
            cfg->profile_min_sites = (unsigned)v;
        break;
    case OPT_CIRCUMSTANCES:
        if (ls_circumstances_parse(optarg, &cfg->circumstances, cbuf, sizeof cbuf) < 0)
            bad = cbuf;
        break;
    case OPT_SCANDATE: {
        uint32_t ymd = strlen(optarg) == 10 ? ls_date_parse(optarg, 10) : 0;

        if (!ymd)
            bad = "--scan-date takes a date yyyy-mm-dd";
        else
            cfg->scan_date = ymd;
        break;
    }
    default:
        break;
    }
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return LS_EUSAGE;
    }
    return LS_OK;
}

/* --shard K/N, --partial FILE, --exact-distinct N, --checkpoint FILE and
 * --checkpoint-interval S.  LS_OK, or LS_EUSAGE with err. */
static ls_status shard_option(int c, struct ls_config *cfg, char *err, size_t errlen)
{
    const char *bad = NULL;

    if (c == OPT_EXACTDISTINCT && parse_u64(optarg, &cfg->exact_distinct) != 0)
        bad = "--exact-distinct takes a number of values (0: every category a sketch)";
    if (c == OPT_SHARD && ls_shard_parse(optarg, &cfg->shard_k, &cfg->shard_n) != 0)
        bad = "--shard takes K/N, with 1 <= K <= N (e.g. --shard 2/4)";
    if (c == OPT_PARTIAL && !*optarg)
        bad = "--partial takes a file";
    if (c == OPT_PARTIAL)
        cfg->partial = optarg;
    if (c == OPT_SAMPLE && ls_sample_parse_fraction(optarg, &cfg->sample) != 0)
        bad = "--sample takes a fraction of the units, 0 < FRACTION <= 1 (e.g. --sample 0.1)";
    if (c == OPT_SEED && ls_sample_parse_seed(optarg, &cfg->sample_seed) != 0)
        bad = "--seed takes a non-negative integer (e.g. --seed 7)";
    if (c == OPT_SEED)
        cfg->seed_given = 1;
    if (c == OPT_CHECKPOINT && !*optarg)
        bad = "--checkpoint takes a file";
    if (c == OPT_CHECKPOINT)
        cfg->checkpoint = optarg;
    if (c == OPT_CKPTINTERVAL) {
        char *end;
        errno = 0;
        cfg->checkpoint_interval = strtod(optarg, &end);
        if (errno || end == optarg || *end || !(cfg->checkpoint_interval >= 0) ||
            cfg->checkpoint_interval > 86400)
            bad = "--checkpoint-interval takes seconds, from 0 (after every input) to 86400";
    }
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return LS_EUSAGE;
    }
    return LS_OK;
}

/* --color auto|always|never: NULL, or the message when it refuses the value. */
static const char *color_option(const char *arg, struct ls_config *cfg)
{
    static const char *const colors[] = {"never", "always", "auto"}; /* 0, 1, -1 */
    int i;

    for (i = 0; i < 3; i++)
        if (strcmp(arg, colors[i]) == 0) {
            cfg->color = i == 2 ? -1 : i;
            return NULL;
        }
    return "--color takes auto, always or never";
}

/* Applies one option that is not a limit.  Returns LS_OK, LS_EUSAGE with a
 * message in err, LS_ENOMEM, or LS_ESKIPPED after printing --help. */
static ls_status option_apply(int c, char **argv, struct ls_config *cfg, struct parse_state *ps,
                              char *err, size_t errlen)
{
    const char *bad = NULL;
    uint64_t v;

    switch (c) {
    case 'j':
        if (parse_u64(optarg, &v) || v < 1 || v > LS_CEIL_THREADS)
            bad = "-j takes a number of threads from 1 to 256";
        else
            cfg->threads = (unsigned)v;
        break;
    case 'o':
        cfg->output = optarg;
        break;
    case OPT_FORMAT:
        return format_apply(optarg, cfg, err, errlen);
    case OPT_OUTPUTDIR:
        cfg->output_dir = optarg;
        break;
    case OPT_COLOR:
        bad = color_option(optarg, cfg);
        break;
    case OPT_INVENTORY:
        cfg->inventory = optarg;
        break;
    case OPT_FINDINGS:
        cfg->findings = optarg;
        break;
    case OPT_PASSWORDS:
        cfg->passwords = optarg;
        break;
    case OPT_KEYFILE:
        cfg->key_file = optarg;
        break;
    case OPT_RULES:
    case OPT_RULES_ONLY: {
        const char **nr = realloc(ps->rules, (ps->nrules + 1) * sizeof *nr);
        if (!nr)
            return LS_ENOMEM;
        ps->rules = nr;
        ps->rules[ps->nrules++] = optarg;
        if (c == OPT_RULES)
            ps->have_rules = 1;
        else
            ps->have_only = 1;
        break;
    }
    case OPT_MINCONF:
        if (strcmp(optarg, "low") == 0)
            cfg->min_confidence = LS_CONF_LOW;
        else if (strcmp(optarg, "medium") == 0)
            cfg->min_confidence = LS_CONF_MEDIUM;
        else if (strcmp(optarg, "high") == 0)
            cfg->min_confidence = LS_CONF_HIGH;
        else
            bad = "--min-confidence takes low, medium or high";
        break;
    case OPT_REVEAL:
        cfg->reveal = 1;
        break;
    case OPT_FOLLOW:
        cfg->follow_symlinks = 1;
        break;
    case OPT_PROGRESS:
    case OPT_NOPROGRESS:
        cfg->progress = c == OPT_PROGRESS;
        break;
    case OPT_COMPACT:
        cfg->pretty = -1;
        break;
    case OPT_FAILON:
        return ls_failon_add(&cfg->fail_on, optarg, err, errlen);
    case OPT_PLAINMATCH:
        cfg->plain_match = 1;
        break;
    case OPT_PARSERINTHREAD:
        cfg->parser_in_thread = 1;
        break;
    case OPT_PARANOID:
        cfg->paranoid = 1;
        break;
    case OPT_DEBUGHARDENING:
        cfg->debug_hardening = 1;
        break;
    case OPT_TESTRESIZE: {
        uint64_t sz;
        if (ls_cli_parse_size(optarg, &sz) != 0 || sz > (1ull << 40))
            bad = "--test-resize-after-open takes a size";
        else
            cfg->test_resize = (long long)sz;
        break;
    }
    case OPT_CHUNKBYTES: /* hidden: tests cut large items into many small chunks */
        if (ls_cli_parse_size(optarg, &v) || v < 1 || v > ((uint64_t)1 << 30))
            bad = "--chunk-bytes takes a size from 1 to 1G";
        else
            cfg->chunk_bytes = (size_t)v;
        break;
    case OPT_NOSPLIT: /* hidden: a large item is matched by the thread that reads it */
        cfg->no_split = 1;
        break;
    case OPT_HELP:
        ls_cli_help(stdout);
        return LS_ESKIPPED;
    case ':':
        snprintf(err, errlen, "option %s needs a value", argv[optind - 1]);
        return LS_EUSAGE;
    default:
        if (optopt > 0 && optopt < 256) /* a short one, maybe inside a cluster like -xj */
            snprintf(err, errlen, "unknown option -%c (see leakscan scan --help)", optopt);
        else
            snprintf(err, errlen, "unknown option %s (see leakscan scan --help)", argv[optind - 1]);
        return LS_EUSAGE;
    }
    if (bad) {
        snprintf(err, errlen, "%s", bad);
        return LS_EUSAGE;
    }
    return LS_OK;
}

/* The report outputs asked for fit together: several formats go to
 * --output-dir, one to -o or stdout; SARIF needs the findings in a file. */
static ls_status outputs_check(struct ls_config *cfg, char *err, size_t errlen)
{
    unsigned mask = cfg->formats ? cfg->formats : 1u << cfg->format;
    int several = (mask & (mask - 1)) != 0;
    struct stat st;

    if (cfg->output_dir && !*cfg->output_dir) {
        snprintf(err, errlen, "--output-dir takes a directory");
        return LS_EUSAGE;
    }
    if (cfg->partial && (cfg->output || cfg->output_dir || cfg->fail_on.n)) {
        snprintf(err, errlen,
                 "--partial writes a partial result instead of a report: -o, "
                 "--output-dir and --fail-on belong to leakscan merge");
        return LS_EUSAGE;
    }
    if (cfg->seed_given && cfg->sample <= 0) {
        snprintf(err, errlen,
                 "--seed N goes with --sample FRACTION (it seeds the choice of units)");
        return LS_EUSAGE;
    }
    if (cfg->sample > 0 && (cfg->partial || cfg->shard_n || cfg->checkpoint)) {
        snprintf(err, errlen,
                 "--sample cannot be combined with --shard, --partial or --checkpoint: a sample "
                 "is estimated in one run (to sample a large leak, run --sample alone; "
                 "docs/sampling.md)");
        return LS_EUSAGE;
    }
    if (cfg->partial && !cfg->key_file) {
        snprintf(err, errlen,
                 "--partial needs --key-file FILE (the same for every shard): the shards' "
                 "distinct values and persons can only be joined under one key");
        return LS_EUSAGE;
    }
    if (cfg->checkpoint && ((cfg->inventory && strcmp(cfg->inventory, "-") == 0) ||
                            (cfg->findings && strcmp(cfg->findings, "-") == 0))) {
        snprintf(err, errlen,
                 "--checkpoint needs --inventory and --findings to be files, not stdout: a "
                 "resumed scan ends them with the lines of the interrupted one");
        return LS_EUSAGE;
    }
    if (cfg->output && cfg->output_dir) {
        snprintf(err, errlen,
                 "-o and --output-dir cannot be mixed: -o FILE takes one format, "
                 "--output-dir DIR one file per format");
        return LS_EUSAGE;
    }
    if (several && !cfg->output_dir) {
        snprintf(err, errlen, "%s",
                 cfg->output ? "-o FILE takes one format: for several (--format a,b,...) use "
                               "--output-dir DIR"
                             : "several formats (--format a,b,...) need --output-dir DIR: one "
                               "file each");
        return LS_EUSAGE;
    }
    if (cfg->output_dir && lstat(cfg->output_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--output-dir %s: %s", cfg->output_dir,
                 S_ISLNK(st.st_mode) ? "a symbolic link: give the directory itself"
                                     : "not a directory");
        return LS_EUSAGE;
    }
    if ((mask & (1u << LS_FMT_SARIF)) && (!cfg->findings || strcmp(cfg->findings, "-") == 0)) {
        snprintf(err, errlen,
                 "--format sarif needs --findings FILE (a file, not stdout): the "
                 "SARIF results and their locations are read back from it");
        return LS_EUSAGE;
    }
    return LS_OK;
}

/* The options of leakscan merge: the report's, the rule packs' and the key. */
static int merge_option(int c)
{
    static const int ok[] = {
        'o',         OPT_FORMAT, OPT_OUTPUTDIR,  OPT_COLOR,         OPT_COMPACT, OPT_FINDINGS,
        OPT_KEYFILE, OPT_RULES,  OPT_RULES_ONLY, OPT_CIRCUMSTANCES, OPT_FAILON,  OPT_HELP,
        ':',         '?'};
    size_t i;

    for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (ok[i] == c)
            return 1;
    return 0;
}

static ls_status parse_args(int argc, char **argv, int merge, struct ls_config *cfg,
                            const char ***rule_store, char *err, size_t errlen);

ls_status ls_cli_parse_scan(int argc, char **argv, struct ls_config *cfg, const char ***rule_store,
                            char *err, size_t errlen)
{
    return parse_args(argc, argv, 0, cfg, rule_store, err, errlen);
}

ls_status ls_cli_parse_merge(int argc, char **argv, struct ls_config *cfg, const char ***rule_store,
                             char *err, size_t errlen)
{
    return parse_args(argc, argv, 1, cfg, rule_store, err, errlen);
}

static ls_status parse_args(int argc, char **argv, int merge, struct ls_config *cfg,
                            const char ***rule_store, char *err, size_t errlen)
{
    struct parse_state ps = {NULL, 0, 0, 0};
    const struct limit_opt *lo;
    ls_status st = LS_OK;
    int c, li = 0;

    *rule_store = NULL;
    ls_config_default(cfg);
    optind = 0; /* 0, not 1: also resets glibc's state left by an earlier parse */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":j:o:", opts, &li)) != -1) {
        if (merge && !merge_option(c)) {
            snprintf(err, errlen, "%s%s is an option of leakscan scan, not of leakscan merge",
                     c < 256 ? "-" : "--", c < 256 ? (char[]){(char)c, 0} : opts[li].name);
            st = LS_EUSAGE;
        } else if (merge && c == OPT_HELP) {
            ls_cli_help_merge(stdout);
            st = LS_ESKIPPED;
        } else if ((lo = limit_opt_find(c)) != NULL) {
            if (limit_parse(lo, optarg, &cfg->limits)) {
                snprintf(err, errlen, "%s", lo->bad);
                st = LS_EUSAGE;
            }
        } else if (c == OPT_SHARD || c == OPT_PARTIAL || c == OPT_EXACTDISTINCT ||
                   c == OPT_SAMPLE || c == OPT_SEED || c == OPT_CHECKPOINT ||
                   c == OPT_CKPTINTERVAL) {
            st = shard_option(c, cfg, err, errlen);
        } else {
            st = c >= OPT_MINHITS && c <= OPT_SCANDATE
                     ? exposure_option(c, cfg, err, errlen)
                     : option_apply(c, argv, cfg, &ps, err, errlen);
        }
        if (st != LS_OK)
            goto out;
    }
    if (ps.have_rules && ps.have_only) {
        snprintf(err, errlen, "--rules and --rules-only cannot be mixed");
        st = LS_EUSAGE;
        goto out;
    }
    if ((st = outputs_check(cfg, err, errlen)) != LS_OK)
        goto out;
    if (optind >= argc) {
        snprintf(err, errlen, "%s",
                 merge ? "nothing to merge: give the partial result of every shard (see leakscan "
                         "merge --help)"
                       : "nothing to scan: give at least one PATH (see leakscan scan --help)");
        st = LS_EUSAGE;
        goto out;
    }
    cfg->inputs = (const char *const *)argv + optind;
    cfg->ninputs = (size_t)(argc - optind);
    cfg->rule_paths = ps.rules;
    cfg->nrule_paths = ps.nrules;
    cfg->rules_only = ps.have_only;
    cfg->pretty = cfg->pretty < 0 ? 0 : 1;
    ls_limits_clamp(&cfg->limits);
    *rule_store = ps.rules;
out:
    if (st != LS_OK)
        free(ps.rules);
    return st;
}
