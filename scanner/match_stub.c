/* match_stub.c — TEMPORARY: the rule engine before it lands.  Loads no
 * rules, so the engine runs without a matcher.  Removed by the rule-engine
 * change. */
#include <stddef.h>

#include "match.h"

ls_status ls_ruleset_load(const struct ls_config *cfg, struct ls_ruleset **out, char *err,
                          size_t errlen)
{
    (void)cfg; (void)err; (void)errlen;
    *out = NULL;
    return LS_OK;
}
void ls_ruleset_free(struct ls_ruleset *rs) { (void)rs; }
void ls_ruleset_report_json(const struct ls_ruleset *rs, struct ls_jsonw *w) { (void)rs; (void)w; }
ls_status ls_matcher_new(const struct ls_ruleset *rs, const struct ls_config *cfg,
                         const unsigned char key[32], struct ls_sink *findings,
                         struct ls_matcher **out)
{
    (void)rs; (void)cfg; (void)key; (void)findings;
    *out = NULL;
    return LS_OK;
}
void ls_matcher_free(struct ls_matcher *m) { (void)m; }
void ls_matcher_item_begin(struct ls_matcher *m, const char *path) { (void)m; (void)path; }
ls_status ls_matcher_record(struct ls_matcher *m, const struct ls_record *rec) { (void)m; (void)rec; return LS_OK; }
uint64_t ls_matcher_item_end(struct ls_matcher *m, struct ls_jsonw *inv, const char **limit_note)
{
    (void)m;
    *limit_note = NULL;
    ls_jsonw_key(inv, "findings");
    ls_jsonw_obj_begin(inv);
    ls_jsonw_obj_end(inv);
    return 0;
}
ls_status ls_matcher_merge(struct ls_matcher *into, struct ls_matcher *from) { (void)into; (void)from; return LS_OK; }
void ls_matcher_report_json(const struct ls_matcher *m, struct ls_jsonw *w) { (void)m; (void)w; }
void ls_matcher_report_text(const struct ls_matcher *m, struct ls_strbuf *out) { (void)m; (void)out; }
int ls_rules_main(int argc, char **argv);
int ls_rules_main(int argc, char **argv) { (void)argc; (void)argv; return 2; }
