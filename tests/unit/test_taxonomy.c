/* test_taxonomy.c — unit tests of the taxonomy table (scanner/match/taxonomy.c).
 *
 * Every entry is found through the mask of its own kind and through
 * LS_TAXON_M_ANY, never through the masks of the other kinds; an id of one
 * kind is not found as another (a category is not a record type); the table
 * holds each id once, with a GDPR class of ls_gdpr_classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "match/taxonomy.h"

static const unsigned kind_masks[] = {LS_TAXON_M_CATEGORY, LS_TAXON_M_KEYWORD_CLASS,
                                      LS_TAXON_M_RECORD_TYPE};

static void test_every_kind_through_its_mask(void **state)
{
    const struct ls_taxon *t;
    size_t seen[3] = {0}, k;

    (void)state;
    for (t = ls_taxonomy; t->id; t++) {
        assert_true(t->kind == LS_TAXON_CATEGORY || t->kind == LS_TAXON_KEYWORD_CLASS ||
                    t->kind == LS_TAXON_RECORD_TYPE);
        seen[t->kind]++;
        assert_ptr_equal(ls_taxon_find(t->id, LS_TAXON_M_ANY), t);
        for (k = 0; k < 3; k++) {
            if (k == (size_t)t->kind)
                assert_ptr_equal(ls_taxon_find(t->id, kind_masks[k]), t);
            else
                assert_null(ls_taxon_find(t->id, kind_masks[k]));
        }
    }
    for (k = 0; k < 3; k++)
        assert_true(seen[k] > 0);
}

static void test_kinds_do_not_mix(void **state)
{
    const struct ls_taxon *t;

    (void)state;
    t = ls_taxon_find("iban", LS_TAXON_M_CATEGORY);
    assert_non_null(t);
    assert_int_equal(t->kind, LS_TAXON_CATEGORY);
    assert_string_equal(t->gdpr, "financial");
    assert_null(ls_taxon_find("iban", LS_TAXON_M_RECORD_TYPE));
    assert_null(ls_taxon_find("iban", LS_TAXON_M_KEYWORD_CLASS));

    t = ls_taxon_find("special_health", LS_TAXON_M_CATEGORY | LS_TAXON_M_KEYWORD_CLASS);
    assert_non_null(t);
    assert_int_equal(t->kind, LS_TAXON_KEYWORD_CLASS);
    assert_string_equal(t->gdpr, "special");
    assert_null(ls_taxon_find("special_health", LS_TAXON_M_CATEGORY));

    t = ls_taxon_find("anpr_record", LS_TAXON_M_RECORD_TYPE);
    assert_non_null(t);
    assert_int_equal(t->kind, LS_TAXON_RECORD_TYPE);
    assert_string_equal(t->gdpr, "location");
    assert_null(ls_taxon_find("anpr_record", LS_TAXON_M_CATEGORY | LS_TAXON_M_KEYWORD_CLASS));
}

static void test_unknown_and_empty_mask(void **state)
{
    (void)state;
    assert_null(ls_taxon_find("no_such_category", LS_TAXON_M_ANY));
    assert_null(ls_taxon_find("", LS_TAXON_M_ANY));
    assert_null(ls_taxon_find("IBAN", LS_TAXON_M_ANY)); /* ids are exact, lower case */
    assert_null(ls_taxon_find("iban", 0));
    assert_null(ls_taxon_find("mypack.iban", LS_TAXON_M_ANY));
}

static void test_ids_unique_and_classes_known(void **state)
{
    const struct ls_taxon *t, *u;
    size_t i, nclasses = 0;

    (void)state;
    for (i = 0; ls_gdpr_classes[i]; i++)
        nclasses++;
    assert_int_equal(nclasses, 8);
    assert_string_equal(ls_gdpr_classes[0], "personal");
    assert_string_equal(ls_gdpr_classes[7], "credentials");
    for (t = ls_taxonomy; t->id; t++) {
        int known = 0;

        for (u = ls_taxonomy; u < t; u++)
            assert_string_not_equal(u->id, t->id);
        for (i = 0; ls_gdpr_classes[i]; i++)
            known |= strcmp(ls_gdpr_classes[i], t->gdpr) == 0;
        assert_true(known);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_through_its_mask),
        cmocka_unit_test(test_kinds_do_not_mix),
        cmocka_unit_test(test_unknown_and_empty_mask),
        cmocka_unit_test(test_ids_unique_and_classes_known),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
