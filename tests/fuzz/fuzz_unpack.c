/* fuzz_unpack.c — libFuzzer target: archive bytes → the whole item path of
 * a worker (worker.c): sniff, unpack with libarchive (nested containers,
 * compressed streams, passwords, the zip overlap check), the memory copies
 * queued for other workers, extraction, matching with the built-in packs,
 * and the inventory line of every item — under small limits, so that the
 * limit paths are reached.
 *
 * It runs in this process (not in a child), so that ASan and UBSan see a
 * fault in our code.  After each input it checks what the scan promises:
 * no fatal status from input bytes, every inventory line is valid UTF-8 JSON
 * of the expected shape with a known status and, unless scanned, a reason,
 * and the lines match the tally (total == scanned + skipped + failed).  A
 * broken promise is __builtin_trap().
 *
 * Passwords: "fuzz" and "infected", and those of the file named by the
 * environment variable LS_FUZZ_PASSWORDS (one a line), as `--passwords`.
 * With LS_FUZZ_VERBOSE set, the inventory lines go to stderr (for triage).
 *
 * `make fuzz` builds it with libFuzzer (LS_LIBFUZZER defined) into
 * tests/fuzz/bin/; in `make check` it is a program with the main() of
 * unpack_main.h, run over archives it writes itself. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chunk.h"
#include "jsonw.h"
#include "match/mask.h"
#include "match/match.h"
#include "queue.h"
#include "scanconf.h"
#include "sink.h"
#include "worker.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_PASSWORDS 64
/* A fresh matcher now and then, so that the distinct-value sets do not grow
 * over a long run. */
#define FUZZ_MATCHER_RUNS 256

static struct {
    int ready;
    struct ls_config cfg;
    struct ls_shared sh;
    struct ls_ruleset *rules;
    struct ls_worker w;
    _Atomic int cancel;
    FILE *inv;   /* the inventory sink's stream (its file unlinked) */
    char *lines; /* the inventory read back */
    size_t lines_cap;
    unsigned runs;
    int verbose; /* LS_FUZZ_VERBOSE set: the inventory lines go to stderr */
    char *passwords[FUZZ_MAX_PASSWORDS];
} F;

static void fuzz_die(const char *what, const char *err)
{
    fprintf(stderr, "fuzz_unpack: %s: %s\n", what, err);
    abort();
}

static void load_passwords(void)
{
    const char *path = getenv("LS_FUZZ_PASSWORDS");
    char line[1026];
    FILE *f;

    F.passwords[F.sh.env.npasswords++] = strdup("fuzz");
    F.passwords[F.sh.env.npasswords++] = strdup("infected");
    if (path && (f = fopen(path, "r")) != NULL) {
        while (F.sh.env.npasswords < FUZZ_MAX_PASSWORDS && fgets(line, sizeof line, f)) {
            line[strcspn(line, "\r\n")] = '\0';
            if (line[0])
                F.passwords[F.sh.env.npasswords++] = strdup(line);
        }
        fclose(f);
    }
    F.sh.env.passwords = F.passwords;
}

/* Small limits, so that inputs of libFuzzer's sizes reach them. */
static void small_limits(struct ls_limits *l)
{
    l->max_depth = 6;
    l->max_entries = 200;
    l->max_entry_bytes = 4u << 20;
    l->max_input_bytes = 16u << 20;
    l->max_buffer_bytes = 4u << 20;
    l->max_queue_bytes = 1u << 20;
    l->max_record_bytes = 512;
    l->max_xml_depth = 32;
    l->max_seconds = 10;
    ls_limits_clamp(l);
}

/* The inventory: a sink on a file in a temporary folder, the file then
 * unlinked (it stays open), so nothing is left behind by any process. */
static void open_inventory(void)
{
    char dir[] = "/tmp/lsfuzz-inv.XXXXXX", path[64], err[256];
    const char *tmp;

    if (!mkdtemp(dir))
        fuzz_die("mkdtemp", "cannot make a folder");
    snprintf(path, sizeof path, "%s/inventory.jsonl", dir);
    if (ls_sink_open(path, &F.sh.inventory, err, sizeof err) != LS_OK)
        fuzz_die("inventory", err);
    tmp = ls_outfile_tmp(ls_sink_file(F.sh.inventory));
    if (tmp)
        unlink(tmp);
    rmdir(dir);
    F.inv = ls_outfile_stream(ls_sink_file(F.sh.inventory));
}

static void fuzz_init(void)
{
    char err[1024];

    ls_config_default(&F.cfg);
    F.cfg.threads = 2;
    small_limits(&F.cfg.limits);
    /* libarchive on a thread of this process, not in a child process: the
     * fuzzer must see its faults (and its coverage); libFuzzer's -timeout
     * replaces the parser deadline. */
    F.cfg.parser_in_thread = 1;
    F.cfg.limits.max_item_seconds = 0;
    if (ls_crypto_init() != 0 || ls_key_random(F.sh.key) != 0)
        fuzz_die("libsodium", "cannot make a key");
    F.sh.cfg = &F.cfg;
    F.sh.env.lim = &F.cfg.limits;
    F.sh.nworkers = 2; /* so that small entries take the queued memory-copy path */
    F.sh.cancel = &F.cancel;
    ls_sniff_probe_filters(&F.sh.env.filters);
    load_passwords();
    if (ls_ruleset_load(&F.cfg, &F.rules, err, sizeof err) != LS_OK)
        fuzz_die("rules", err);
    F.sh.rules = F.rules;
    open_inventory();
    if (ls_worker_init(&F.w, &F.sh, err, sizeof err) != LS_OK)
        fuzz_die("worker", err);
    F.verbose = getenv("LS_FUZZ_VERBOSE") != NULL;
    F.ready = 1;
}

/* Reads the inventory lines written since the last call into F.lines
 * (NUL-terminated), and empties the file. */
static size_t take_lines(void)
{
    int fd = fileno(F.inv);
    long n;
    ssize_t r;

    fflush(F.inv);
    n = ftell(F.inv);
    if (n < 0)
        __builtin_trap();
    if ((size_t)n + 1 > F.lines_cap) {
        F.lines_cap = (size_t)n + 1;
        if (!(F.lines = realloc(F.lines, F.lines_cap)))
            abort();
    }
    r = n ? pread(fd, F.lines, (size_t)n, 0) : 0;
    if (r != n)
        __builtin_trap();
    F.lines[n] = '\0';
    rewind(F.inv);
    if (ftruncate(fd, 0) != 0)
        __builtin_trap();
    return (size_t)n;
}

/* One inventory line: {"path":"…", …, "status":"…", …}, valid UTF-8, no
 * control byte; a skipped or failed item has a reason. */
static void check_line(const char *s, size_t n)
{
    char *line;

    if (n < 2 || strncmp(s, "{\"path\":\"", 9) != 0 || s[n - 1] != '}')
        __builtin_trap();
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            __builtin_trap();
    if (!ls_json_is_utf8(s, n))
        __builtin_trap();
    if (!(line = strndup(s, n)))
        abort();
    if (!strstr(line, "\"status\":\"scanned\"")) {
        if (!strstr(line, "\"status\":\"skipped\"") && !strstr(line, "\"status\":\"failed\""))
            __builtin_trap();
        if (!strstr(line, "\"reason\":\""))
            __builtin_trap();
    }
    free(line);
}

static void check_inventory(void)
{
    struct ls_tally_view v;
    size_t len = take_lines(), nlines = 0;
    const char *p = F.lines, *e;

    while (p < F.lines + len) {
        if (!(e = memchr(p, '\n', (size_t)(F.lines + len - p))))
            __builtin_trap(); /* a line is written whole */
        check_line(p, (size_t)(e - p));
        nlines++;
        p = e + 1;
    }
    if (F.verbose)
        fwrite(F.lines, 1, len, stderr);
    if (ls_tally_view(F.w.tally, &v) != LS_OK)
        abort();
    if (v.total != v.scanned + v.skipped + v.failed || v.total != nlines || nlines == 0)
        __builtin_trap();
}

/* Fresh per-input state: the tally, and the matchers now and then (the
 * worker makes them again when it needs them). */
static void reset_worker(void)
{
    ls_tally_free(F.w.tally);
    if (ls_tally_new(&F.w.tally) != LS_OK)
        abort();
    /* the splitter holds the queue, which is new for every input */
    ls_splitter_free(F.w.splitter);
    F.w.splitter = NULL;
    if (++F.runs % FUZZ_MATCHER_RUNS == 0)
        for (unsigned i = 0; i < LS_WORKER_MATCHERS; i++) {
            ls_matcher_free(F.w.matchers[i]);
            F.w.matchers[i] = NULL;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[] = "fuzz";
    struct ls_item top, *it;

    if (!F.ready)
        fuzz_init();
    reset_worker();
    if (ls_queue_new(64, F.cfg.limits.max_queue_bytes, &F.sh.queue) != LS_OK)
        abort();
    memset(&top, 0, sizeof top);
    top.kind = LS_ITEM_BLOB;
    top.path = path;
    top.path_len = sizeof path - 1;
    top.data = (unsigned char *)(uintptr_t)data; /* only read */
    top.len = size;
    ls_worker_process(&F.w, &top);
    /* the entries queued as memory copies, as another worker would take them */
    ls_queue_close(F.sh.queue);
    while ((it = ls_queue_pop(F.sh.queue)) != NULL) {
        if (!F.w.fatal)
            ls_worker_process(&F.w, it);
        ls_item_free(it);
        ls_queue_done(F.sh.queue);
    }
    ls_queue_free(F.sh.queue);
    F.sh.queue = NULL;
    if (F.w.fatal) { /* input bytes must never stop a scan */
        fprintf(stderr, "fuzz_unpack: fatal: %s\n", F.w.fatal_msg);
        __builtin_trap();
    }
    check_inventory();
    return 0;
}

#ifndef LS_LIBFUZZER
#include "unpack_main.h"
#endif
