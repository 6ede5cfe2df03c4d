/* test_failon.c — unit tests of --fail-on conditions (scanner/failon.c).
 *
 * Parsing: classes, taxonomy ids (categories, keyword classes, record
 * types), PACK.ID, severity>=LEVEL with spaces and very_high/very-high,
 * comma lists and repeats; refusals (unknown id, bad level, bad operator,
 * empty item, too many) with a message naming the condition.  Evaluation on
 * small JSON reports: present categories and record types only with a count
 * above 0, classes from exposure.gdpr_classes, severity by level with a
 * score of 0 holding nothing, missing sections holding nothing. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "failon.h"

static void test_parse(void **state)
{
    struct ls_failon *f = calloc(1, sizeof *f);
    char err[512];

    (void)state;
    assert_non_null(f);
    assert_int_equal(ls_failon_add(f, "criminal", err, sizeof err), LS_OK);
    assert_int_equal(ls_failon_add(f, "iban, special_health,anpr_record", err, sizeof err), LS_OK);
    assert_int_equal(ls_failon_add(f, "acme.customer_id", err, sizeof err), LS_OK);
    assert_int_equal(ls_failon_add(f, "severity>=high,severity >= very_high", err, sizeof err),
                     LS_OK);
    assert_int_equal(ls_failon_add(f, "severity>=very high", err, sizeof err), LS_OK);
    assert_int_equal(f->n, 8);
    assert_int_equal(f->c[0].kind, LS_FAILON_CLASS);
    assert_int_equal(f->c[1].kind, LS_FAILON_ID);
    assert_string_equal(f->c[2].id, "special_health");
    assert_int_equal(f->c[3].kind, LS_FAILON_ID);
    assert_string_equal(f->c[4].id, "acme.customer_id");
    assert_int_equal(f->c[5].kind, LS_FAILON_SEVERITY);
    assert_int_equal(f->c[5].level, 2);
    assert_int_equal(f->c[6].level, 3);
    assert_string_equal(f->c[7].id, "very high");
    free(f);
}

static void test_refused(void **state)
{
    static const struct {
        const char *arg, *msg;
    } bad[] = {
        {"ibna", "unknown condition 'ibna'"},
        {"iban,,email", "empty condition"},
        {"iban,", "empty condition"},
        {"severity>=extreme", "unknown severity level 'extreme'"},
        {"severity>high", "write severity>=LEVEL"},
        {"severity", "write severity>=LEVEL"},
        {".x", "unknown condition"},
        {"acme.", "unknown condition"},
        {"a b.c", "unknown condition"},
    };
    struct ls_failon *f = calloc(1, sizeof *f);
    char err[512];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(ls_failon_add(f, bad[i].arg, err, sizeof err), LS_EUSAGE);
        if (!strstr(err, bad[i].msg))
            fail_msg("%s: message '%s' lacks '%s'", bad[i].arg, err, bad[i].msg);
    }
    assert_non_null(strstr(err, "leakscan rules categories"));
    f->n = 0;
    for (i = 0; i < LS_FAILON_MAX; i++)
        assert_int_equal(ls_failon_add(f, "iban", err, sizeof err), LS_OK);
    assert_int_equal(ls_failon_add(f, "iban", err, sizeof err), LS_EUSAGE);
    free(f);
}

static int holds(const char *cond, const char *report, char *what)
{
    struct ls_failon *f = calloc(1, sizeof *f);
    char err[512];
    json_error_t je;
    json_t *j = json_loads(report, 0, &je);
    int r;

    assert_non_null(f);
    assert_non_null(j);
    assert_int_equal(ls_failon_add(f, cond, err, sizeof err), LS_OK);
    r = ls_failon_holds(&f->c[0], j, what, 128);
    json_decref(j);
    free(f);
    return r;
}

static void test_holds(void **state)
{
    const char *rep =
        "{\"categories\": {\"iban\": {\"findings\": 4}, \"email\": {\"findings\": 0}},"
        " \"records\": {\"anpr_record\": {\"count\": 7, \"files\": 1}},"
        " \"exposure\": {\"gdpr_classes\": [\"personal\", \"financial\"],"
        "  \"severity\": {\"score\": 3.25, \"level\": \"high\"}}}";
    const char *none = "{\"categories\": {}, \"exposure\": {\"gdpr_classes\": [],"
                       " \"severity\": {\"score\": 0, \"level\": \"low\"}}}";
    char what[128];

    (void)state;
    assert_true(holds("iban", rep, what));
    assert_string_equal(what, "iban: 4 findings");
    assert_false(holds("email", rep, what));
    assert_false(holds("phone_be", rep, what));
    assert_true(holds("anpr_record", rep, what));
    assert_string_equal(what, "anpr_record: 7 records");
    assert_true(holds("financial", rep, what));
    assert_false(holds("criminal", rep, what));
    assert_true(holds("severity>=medium", rep, what));
    assert_true(holds("severity>=high", rep, what));
    assert_false(holds("severity>=very high", rep, what));
    assert_false(holds("severity>=low", none, what));
    assert_false(holds("iban", "{}", what));
    assert_false(holds("severity>=low", "{\"exposure\": 3}", what));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_holds),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
