/* fuzz_rules.c — fuzz target: rule-pack YAML → ruleset (rules.c), then the
 * ruleset over a fixed record (match.c).  With LS_LIBFUZZER defined it is a
 * libFuzzer target; otherwise a plain program that replays the files given as
 * arguments (a regression run in `make check`). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/match.h"
#include "match/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char key[32];
    static const char text[] =
        "RRN 85.07.30-033.28 jan@telenet.be 1-ABC-123 minderjarige BE68 5390 0754 7034 \xff";
    struct ls_ruleset *rs = NULL;
    struct ls_matcher *m = NULL;
    struct ls_config cfg;
    struct ls_record rec;
    char err[512];

    if (ls_ruleset_new(&rs) != LS_OK)
        return 0;
    if (ls_ruleset_add_text(rs, "fuzz.yaml", (const char *)data, size, 0, err, sizeof err) ==
            LS_OK &&
        ls_ruleset_finish(rs, err, sizeof err) == LS_OK) {
        ls_config_default(&cfg);
        cfg.min_confidence = LS_CONF_LOW;
        if (ls_matcher_new(rs, &cfg, key, NULL, &m) == LS_OK && m) {
            memset(&rec, 0, sizeof rec);
            rec.text = text;
            rec.len = sizeof text - 1;
            rec.line = 1;
            ls_matcher_item_begin(m, "fuzz");
            (void)ls_matcher_record(m, &rec);
            (void)ls_matcher_item_end(m, NULL, NULL);
            ls_matcher_free(m);
        }
    }
    ls_ruleset_free(rs);
    return 0;
}

#ifndef LS_LIBFUZZER
int main(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        unsigned char *buf;
        size_t n;

        if (!f) {
            perror(argv[i]);
            return 1;
        }
        buf = malloc(1 << 20);
        if (!buf) {
            fclose(f);
            return 1;
        }
        n = fread(buf, 1, 1 << 20, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    return 0;
}
#endif
