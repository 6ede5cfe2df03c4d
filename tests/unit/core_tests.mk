# tests/unit/core_tests.mk — cmocka unit tests of the scanner core, one
# program per module.  Fragment of the top-level Makefile.am.
check_PROGRAMS += \
	tests/unit/test_queue \
	tests/unit/test_budget \
	tests/unit/test_jsonw \
	tests/unit/test_strbuf \
	tests/unit/test_input \
	tests/unit/test_tally \
	tests/unit/test_walk \
	tests/unit/test_sniff \
	tests/unit/test_zipcheck \
	tests/unit/test_cli
TESTS += \
	tests/unit/test_queue \
	tests/unit/test_budget \
	tests/unit/test_jsonw \
	tests/unit/test_strbuf \
	tests/unit/test_input \
	tests/unit/test_tally \
	tests/unit/test_walk \
	tests/unit/test_sniff \
	tests/unit/test_zipcheck \
	tests/unit/test_cli

tests_unit_test_queue_SOURCES = tests/unit/test_queue.c
tests_unit_test_queue_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_queue_LDADD = $(LS_TEST_LDADD)

tests_unit_test_budget_SOURCES = tests/unit/test_budget.c
tests_unit_test_budget_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_budget_LDADD = $(LS_TEST_LDADD)

tests_unit_test_jsonw_SOURCES = tests/unit/test_jsonw.c
tests_unit_test_jsonw_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_jsonw_LDADD = $(LS_TEST_LDADD)

tests_unit_test_strbuf_SOURCES = tests/unit/test_strbuf.c
tests_unit_test_strbuf_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_strbuf_LDADD = $(LS_TEST_LDADD)

tests_unit_test_input_SOURCES = tests/unit/test_input.c
tests_unit_test_input_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_input_LDADD = $(LS_TEST_LDADD)

tests_unit_test_tally_SOURCES = tests/unit/test_tally.c
tests_unit_test_tally_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_tally_LDADD = $(LS_TEST_LDADD)

tests_unit_test_walk_SOURCES = tests/unit/test_walk.c
tests_unit_test_walk_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_walk_LDADD = $(LS_TEST_LDADD)

tests_unit_test_sniff_SOURCES = tests/unit/test_sniff.c
tests_unit_test_sniff_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_sniff_LDADD = $(LS_TEST_LDADD)

tests_unit_test_zipcheck_SOURCES = tests/unit/test_zipcheck.c
tests_unit_test_zipcheck_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_zipcheck_LDADD = $(LS_TEST_LDADD)

tests_unit_test_cli_SOURCES = tests/unit/test_cli.c
tests_unit_test_cli_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_cli_LDADD = $(LS_TEST_LDADD)
