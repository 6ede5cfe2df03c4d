# scanner/values.mk — validators, normalizers, masked previews and keyed
# fingerprints of matched values, with their unit tests and the
# differential test against python-stdnum.  Fragment of Makefile.am.
libleakscan_a_SOURCES += \
	scanner/validate.c scanner/validate.h \
	scanner/normalize.c scanner/normalize.h \
	scanner/mask.c scanner/mask.h
nodist_libleakscan_a_SOURCES += scanner/postcodes_be.c

# The Belgian postcode list (rules/data/postcodes_be.tsv) compiled in.
BUILT_SOURCES += scanner/postcodes_be.c
CLEANFILES += scanner/postcodes_be.c scanner/postcodes_be.c.tmp
EXTRA_DIST += rules/data/postcodes_be.tsv scanner/embed_postcodes.sh
scanner/postcodes_be.c: $(srcdir)/rules/data/postcodes_be.tsv $(srcdir)/scanner/embed_postcodes.sh
	@$(MKDIR_P) scanner
	$(AM_V_GEN)$(SHELL) $(srcdir)/scanner/embed_postcodes.sh $(srcdir)/rules/data/postcodes_be.tsv > $@.tmp && mv $@.tmp $@

check_PROGRAMS += tests/unit/test_validate tests/unit/test_mask tests/validate_cand
TESTS += tests/unit/test_validate tests/unit/test_mask tests/validate_stdnum.py
EXTRA_DIST += tests/validate_stdnum.py

tests_unit_test_validate_SOURCES = tests/unit/test_validate.c
tests_unit_test_validate_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_validate_LDADD = $(LS_TEST_LDADD)

tests_unit_test_mask_SOURCES = tests/unit/test_mask.c
tests_unit_test_mask_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_mask_LDADD = $(LS_TEST_LDADD)

# Prints random and mutated candidates with the C verdicts; the Python side
# (run through PY_LOG_COMPILER) checks every verdict against python-stdnum.
tests_validate_cand_SOURCES = tests/validate_cand.c
tests_validate_cand_LDADD = libleakscan.a $(LS_LIB_LIBS)
