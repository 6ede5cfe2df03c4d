# scanner/rules.mk — the match stage: rule packs, matching, classification,
# tallies and the `leakscan rules` tooling.  Fragment of Makefile.am.

# Built-in packs: every file listed here is embedded into the binary.
LS_RULE_PACKS = rules/identity.yaml rules/contact.yaml rules/vehicles.yaml rules/finance.yaml \
	rules/telecom.yaml rules/police.yaml rules/special.yaml rules/credentials.yaml \
	rules/records.yaml

libleakscan_a_SOURCES += \
	scanner/rules.c scanner/rules.h \
	scanner/match.c \
	scanner/classify.c scanner/classify.h \
	scanner/cattally.c scanner/cattally.h \
	scanner/rules_cmd.c scanner/rules_cmd.h
nodist_libleakscan_a_SOURCES += scanner/builtin_rules.c

BUILT_SOURCES += scanner/builtin_rules.c
CLEANFILES += scanner/builtin_rules.c scanner/builtin_rules.c.tmp
EXTRA_DIST += $(LS_RULE_PACKS) rules/README.md scanner/embed_rules.sh \
	tests/data/user_pack.yaml tests/data/broken_pack.yaml tests/data/weak_pack.yaml

scanner/builtin_rules.c: $(LS_RULE_PACKS:%=$(srcdir)/%) $(srcdir)/scanner/embed_rules.sh
	@$(MKDIR_P) scanner
	$(AM_V_GEN)$(SHELL) $(srcdir)/scanner/embed_rules.sh $(srcdir) $(LS_RULE_PACKS) > $@.tmp && mv $@.tmp $@

# Unit tests (cmocka).
check_PROGRAMS += tests/unit/test_rules tests/unit/test_match
TESTS += tests/unit/test_rules tests/unit/test_match
tests_unit_test_rules_SOURCES = tests/unit/test_rules.c
tests_unit_test_rules_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_rules_LDADD = $(LS_TEST_LDADD)
tests_unit_test_match_SOURCES = tests/unit/test_match.c
tests_unit_test_match_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_match_LDADD = $(LS_TEST_LDADD)

# Fuzz target: rule YAML → ruleset.  Built as a plain program that replays
# the files it is given (make check runs it over the shipped and test packs);
# with libFuzzer: CFLAGS=-DLS_LIBFUZZER and -fsanitize=fuzzer.
check_PROGRAMS += tests/fuzz/fuzz_rules
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c
tests_fuzz_fuzz_rules_LDADD = libleakscan.a $(LS_LIB_LIBS)

# Shell tests: the shipped packs pass check and lint; user packs load or fail
# with file:line:column.
TESTS += tests/rules_check.sh tests/rules_user_pack.sh tests/rules_weak_pack.sh \
	tests/rules_fuzz_replay.sh
EXTRA_DIST += tests/rules_check.sh tests/rules_user_pack.sh tests/rules_weak_pack.sh \
	tests/rules_fuzz_replay.sh
