/* test_rules.c — loading rule packs: every error kind with its exact
 * file:line:column, the built-in packs, folders, --rules-only, the report's
 * rule_packs members. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "match/match.h"
#include "match/rules.h"

static char err[1024];

/* Loads text as pack "t.yaml" into a fresh ruleset; returns the status, err set. */
static ls_status load(const char *text)
{
    struct ls_ruleset *rs = NULL;
    ls_status st;

    err[0] = '\0';
    assert_int_equal(ls_ruleset_new(&rs), LS_OK);
    st = ls_ruleset_add_text(rs, "t.yaml", text, strlen(text), 0, err, sizeof err);
    if (st == LS_OK)
        st = ls_ruleset_finish(rs, err, sizeof err);
    ls_ruleset_free(rs);
    return st;
}

#define HEAD "pack: {name: t, version: \"1\"}\n"

static void expect(const char *text, const char *msg)
{
    assert_int_equal(load(text), LS_ERULES);
    if (strncmp(err, msg, strlen(msg)) != 0)
        fail_msg("got \"%s\"\nwant \"%s...\"", err, msg);
}

static void test_ok_minimal(void **state)
{
    (void)state;
    assert_int_equal(
        load(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: 'x@y\\.be'\n"), LS_OK);
}

static void test_bad_yaml(void **state)
{
    (void)state;
    expect(HEAD "rules:\n  - id: [unclosed\n", "t.yaml:4:1: bad YAML: ");
    expect(HEAD "rules:\n\t- id: x\n", "t.yaml:3:1: bad YAML: ");
}

static void test_unknown_key(void **state)
{
    (void)state;
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    patern: 'x'\n",
           "t.yaml:5:5: rule: unknown key 'patern'");
    expect(HEAD "rulez: []\n", "t.yaml:2:1: rule pack: unknown key 'rulez'");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    context: {words: "
                "[a], windw: 3}\n",
           "t.yaml:6:27: context: unknown key 'windw'");
}

static void test_unknown_category(void **state)
{
    (void)state;
    expect(HEAD "rules:\n  - id: t.a\n    category: person_nmae\n    pattern: x\n",
           "t.yaml:4:15: unknown category 'person_nmae'");
    /* another pack's prefix is not ours */
    expect(HEAD "rules:\n  - id: t.a\n    category: other.thing\n    pattern: x\n",
           "t.yaml:4:15: unknown category 'other.thing'");
    /* our own prefix is fine */
    assert_int_equal(load(HEAD "rules:\n  - id: t.a\n    category: t.thing\n    pattern: x\n"),
                     LS_OK);
    /* a record type is not a category, a value category is not a keyword class */
    expect(HEAD "rules:\n  - id: t.a\n    category: anpr_record\n    pattern: x\n",
           "t.yaml:4:15: category 'anpr_record' cannot be used here");
    expect(HEAD "keywords:\n  email: [foo]\n", "t.yaml:3:3: category 'email' cannot be used here");
}

static void test_unknown_validator_normalizer(void **state)
{
    (void)state;
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    validate: mod98\n",
           "t.yaml:6:15: unknown validator 'mod98'");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    normalize: digitz\n",
           "t.yaml:6:16: unknown normalizer 'digitz'");
}

static void test_bad_pattern(void **state)
{
    (void)state;
    expect(
        HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: '(ab[0-9]'\n",
        "t.yaml:5:14: pattern does not compile: missing closing parenthesis at pattern offset 8");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: 'a{3,2}'\n",
           "t.yaml:5:14: pattern does not compile: numbers out of order in {} quantifier at "
           "pattern offset 5");
}

static void test_duplicate_id(void **state)
{
    (void)state;
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n"
                "  - id: t.a\n    category: email\n    pattern: y\n",
           "t.yaml:6:9: duplicate rule id 't.a' (first defined at t.yaml:3:5)");
}

static void test_other_errors(void **state)
{
    (void)state;
    expect("rules: []\n", "t.yaml:1:1: missing pack: {name, version}");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    confidence: sure\n",
           "t.yaml:6:17: confidence must be low, medium or high, not 'sure'");
    expect(HEAD "x: &a [1]\ny: *a\n", "t.yaml:3:4: YAML aliases (*name) are not allowed");
    /* an alias wherever a node can start (the pack is then parsed twice) */
    expect(HEAD "x: &a [1]\ny:\n  - *a\n", "t.yaml:4:5: YAML aliases (*name) are not allowed");
    expect(HEAD "x: &a [1]\ny: [1,*a]\n", "t.yaml:3:7: YAML aliases (*name) are not allowed");
    expect(HEAD "x: &a [1]\ny: {k:\t*a}\n", "t.yaml:3:8: YAML aliases (*name) are not allowed");
    expect(HEAD "x: &a [1]\ny: [1,\n *a]\n", "t.yaml:4:2: YAML aliases (*name) are not allowed");
    expect(HEAD "x: &a [1]\n? *a\n: 1\n", "t.yaml:3:3: YAML aliases (*name) are not allowed");
    expect(HEAD "x: &a y\n*a : 1\n", "t.yaml:3:1: YAML aliases (*name) are not allowed");
    expect(HEAD
           "records:\n  anpr_record:\n    requires:\n      - [email]\n      - [no_such_signal]\n",
           "t.yaml:6:10: record type 'anpr_record': unknown term 'no_such_signal'");
    expect(HEAD "records:\n  camera_hit:\n    requires: [[email]]\n",
           "t.yaml:3:3: unknown record type 'camera_hit'");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    examples:\n      - "
                "{text: abc, match: zz}\n",
           "t.yaml:7:28: match 'zz' does not occur in text");
    expect(HEAD "rules:\n  - id: t.a\n    category: email\n    pattern: x\n    context: {words: "
                "[\"--\"]}\n",
           "t.yaml:6:23: word '--' has no letters or digits");
    expect(HEAD "columns:\n  - category: person_name\n    keywords: [naam]\n    values: some\n",
           "t.yaml:5:13: values must be count or pattern");
    expect(HEAD "rules:\n  - id: t.a\n    signal: email\n    pattern: x\n",
           "t.yaml:4:13: signal 'email' is a category id");
    expect("", "t.yaml:1:1: empty rule pack");
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
    char path[512];

    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

static void test_builtin_and_paths(void **state)
{
    struct ls_config cfg;
    struct ls_ruleset *rs = NULL;
    const char *paths[1];
    char dir[] = "/tmp/ls_test_rules_XXXXXX";

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    assert_true(rs->npacks >= 1);
    assert_string_equal(rs->packs[0].name, "identity");
    assert_true(rs->nrules >= 10);
    ls_ruleset_free(rs);

    /* a folder of packs, with --rules-only */
    assert_non_null(mkdtemp(dir));
    write_file(dir, "b.yaml",
               "pack: {name: b, version: \"2\"}\nrules:\n  - id: b.x\n    category: b.x\n    "
               "pattern: BBB\n");
    write_file(dir, "a.yaml", "pack: {name: a, version: \"1\"}\n");
    write_file(dir, "ignored.txt", "not yaml: [");
    paths[0] = dir;
    cfg.rule_paths = paths;
    cfg.nrule_paths = 1;
    cfg.rules_only = 1;
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    assert_int_equal(rs->npacks, 2);
    assert_string_equal(rs->packs[0].name, "a"); /* name order */
    assert_string_equal(rs->packs[1].name, "b");
    ls_ruleset_free(rs);

    /* the same folder on top of the built-ins */
    cfg.rules_only = 0;
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    assert_int_equal(rs->npacks, 11); /* 9 built-in packs + a, b */
    ls_ruleset_free(rs);

    /* a broken file in it: file:line:column of that file */
    write_file(dir, "c.yaml",
               "pack: {name: c, version: \"1\"}\nrules:\n  - id: b.x\n    category: email\n    "
               "pattern: x\n");
    rs = (struct ls_ruleset *)1;
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_ERULES);
    assert_null(rs);
    assert_non_null(strstr(err, "/c.yaml:3:9: duplicate rule id 'b.x' (first defined at "));

    /* a missing path */
    paths[0] = "/nonexistent/pack.yaml";
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_ERULES);
    assert_non_null(strstr(err, "/nonexistent/pack.yaml:1:1: cannot open"));

    remove_file(dir, "a.yaml");
    remove_file(dir, "b.yaml");
    remove_file(dir, "c.yaml");

    /* a folder without packs is a mistake, not an empty ruleset */
    paths[0] = dir;
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_ERULES);
    assert_non_null(strstr(err, ":1:1: no rule packs (*.yaml) in this folder"));

    remove_file(dir, "ignored.txt");
    rmdir(dir);
}

static void test_report_packs(void **state)
{
    struct ls_config cfg;
    struct ls_ruleset *rs = NULL;
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_ruleset_load(&cfg, &rs, err, sizeof err), LS_OK);
    ls_strbuf_init(&b, 1 << 16);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_arr_begin(&w);
    ls_ruleset_report_json(rs, &w);
    ls_jsonw_arr_end(&w);
    assert_non_null(strstr(b.data, "{\"name\":\"identity\",\"version\":\"1.0\",\"rules\":"));
    ls_strbuf_free(&b);
    ls_ruleset_free(rs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok_minimal),
        cmocka_unit_test(test_bad_yaml),
        cmocka_unit_test(test_unknown_key),
        cmocka_unit_test(test_unknown_category),
        cmocka_unit_test(test_unknown_validator_normalizer),
        cmocka_unit_test(test_bad_pattern),
        cmocka_unit_test(test_duplicate_id),
        cmocka_unit_test(test_other_errors),
        cmocka_unit_test(test_builtin_and_paths),
        cmocka_unit_test(test_report_packs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
