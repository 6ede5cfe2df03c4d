/* main.c — argv → engine → exit status; nothing else. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "diff.h"
#include "engine.h"
#include "isolate.h"
#include "merge.h"
#include "rules_cmd.h"
#include "unpack_child.h"

static void usage(FILE *f)
{
    fprintf(f, "Usage: leakscan scan [OPTION]... PATH...   scan a leak (see leakscan scan --help)\n"
               "       leakscan merge [OPTION]... PARTIAL...   report from the shards of a scan\n"
               "       leakscan rules list|check|lint [PATH]...   rule-pack tooling\n"
               "       leakscan rules categories   ids for --fail-on\n"
               "       leakscan rules export --patterns [PATH]...   patterns for rg -P -f\n"
               "       leakscan diff [OPTION]... OLD.json NEW.json   compare two JSON reports\n"
               "       leakscan --version\n");
}

/* leakscan merge: the exit status as for a scan (0, 1 --fail-on, 2). */
static int merge_main(int argc, char **argv)
{
    struct ls_config cfg;
    const char **rule_store = NULL;
    struct ls_run_end end = {0};
    char err[1024];
    ls_status st;

    err[0] = '\0';
    st = ls_cli_parse_merge(argc - 1, argv + 1, &cfg, &rule_store, err, sizeof err);
    if (st == LS_ESKIPPED)
        return 0;
    if (st == LS_OK)
        st = ls_merge_run(&cfg, &end, err, sizeof err);
    free(rule_store);
    if (st != LS_OK) {
        fprintf(stderr, "leakscan: merge: %s\n", err[0] ? err : ls_strerror(st));
        return 2;
    }
    if (end.fail_on) {
        fprintf(stderr, "leakscan: --fail-on: %s\n", end.fail_what);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct ls_config cfg;
    const char **rule_store = NULL;
    char err[1024];
    ls_status st;
    struct ls_run_end end = {0};

    /* Entry names inside archives come back as UTF-8 where libarchive can. */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], LS_ISO_SUBCOMMAND) == 0) /* an unpack child (isolate.h) */
        return ls_unpack_child_main(argc, argv);
    if (strcmp(argv[1], "--version") == 0) {
        printf("leakscan %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "rules") == 0)
        return ls_rules_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "diff") == 0)
        return ls_diff_main(argc - 1, argv + 1);
    if (strcmp(argv[1], "merge") == 0)
        return merge_main(argc, argv);
    if (strcmp(argv[1], "scan") != 0) {
        fprintf(stderr, "leakscan: unknown command '%s'\n", argv[1]);
        usage(stderr);
        return 2;
    }
    err[0] = '\0';
    st = ls_cli_parse_scan(argc - 1, argv + 1, &cfg, &rule_store, err, sizeof err);
    if (st == LS_ESKIPPED)
        return 0;
    if (st == LS_OK) {
        if (cfg.reveal)
            fprintf(stderr, "leakscan: --reveal: raw values are written to the findings file\n");
        st = ls_engine_run(&cfg, &end, err, sizeof err);
    }
    free(rule_store);
    if (st != LS_OK) {
        fprintf(stderr, "leakscan: %s\n", err[0] ? err : ls_strerror(st));
        return 2;
    }
    if (end.abandoned) { /* threads stuck in a parser: no exit handlers under them */
        fflush(NULL);
        _exit(128 + end.signal);
    }
    if (end.signal)
        return 128 + end.signal;
    if (end.fail_on) {
        fprintf(stderr, "leakscan: --fail-on: %s\n", end.fail_what);
        return 1;
    }
    return 0;
}
