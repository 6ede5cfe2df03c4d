# scanner/extract.mk — the text-format extractors (text, CSV/TSV, JSON, XML,
# HTML, SQL) and their charset layer, their unit tests and fuzz targets.
# Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/charset.c scanner/charset.h \
	scanner/extractors.h \
	scanner/prose.c \
	scanner/extract_text.c \
	scanner/extract_csv.c \
	scanner/extract_json.c \
	scanner/extract_xml.c \
	scanner/extract_sql.c

# --- unit tests (cmocka) ---------------------------------------------------
LS_EXTRACT_UNIT = \
	tests/unit/test_charset \
	tests/unit/test_extract_text \
	tests/unit/test_extract_csv \
	tests/unit/test_extract_json \
	tests/unit/test_extract_xml \
	tests/unit/test_extract_sql
check_PROGRAMS += $(LS_EXTRACT_UNIT)
TESTS += $(LS_EXTRACT_UNIT)
EXTRA_DIST += tests/unit/extract_harness.h

tests_unit_test_charset_SOURCES = tests/unit/test_charset.c
tests_unit_test_charset_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_charset_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_text_SOURCES = tests/unit/test_extract_text.c
tests_unit_test_extract_text_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_text_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_csv_SOURCES = tests/unit/test_extract_csv.c
tests_unit_test_extract_csv_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_csv_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_json_SOURCES = tests/unit/test_extract_json.c
tests_unit_test_extract_json_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_json_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_xml_SOURCES = tests/unit/test_extract_xml.c
tests_unit_test_extract_xml_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_xml_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_sql_SOURCES = tests/unit/test_extract_sql.c
tests_unit_test_extract_sql_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_sql_LDADD = $(LS_TEST_LDADD)

# --- fuzz targets ------------------------------------------------------------
# In `make check` each target is built with the normal compiler and
# tests/fuzz/standalone_main.c and run over its built-in seeds (a plain
# regression run; give it files to replay a corpus or a crash).
# `make fuzz` builds the libFuzzer binaries (clang) into tests/fuzz/bin/;
# run one with e.g. `tests/fuzz/bin/fuzz_extract_csv -max_total_time=60`.
LS_EXTRACT_FUZZ = \
	tests/fuzz/fuzz_extract_text \
	tests/fuzz/fuzz_extract_csv \
	tests/fuzz/fuzz_extract_json \
	tests/fuzz/fuzz_extract_xml \
	tests/fuzz/fuzz_extract_html \
	tests/fuzz/fuzz_extract_sql
check_PROGRAMS += $(LS_EXTRACT_FUZZ)
TESTS += $(LS_EXTRACT_FUZZ)
EXTRA_DIST += tests/fuzz/fuzz_extract.h

tests_fuzz_fuzz_extract_text_SOURCES = tests/fuzz/fuzz_extract_text.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_text_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_csv_SOURCES = tests/fuzz/fuzz_extract_csv.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_csv_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_json_SOURCES = tests/fuzz/fuzz_extract_json.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_json_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_xml_SOURCES = tests/fuzz/fuzz_extract_xml.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_xml_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_html_SOURCES = tests/fuzz/fuzz_extract_html.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_html_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_sql_SOURCES = tests/fuzz/fuzz_extract_sql.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_sql_LDADD = libleakscan.a $(LS_LIB_LIBS)

# libFuzzer build: the library sources the extractors need, compiled with
# clang and the fuzzer/sanitizer instrumentation (not part of `all`).
LS_FUZZ_CC = clang
LS_FUZZ_CFLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
LS_FUZZ_LIB_SRCS = $(srcdir)/scanner/charset.c $(srcdir)/scanner/extract_text.c $(srcdir)/scanner/prose.c \
	$(srcdir)/scanner/extract_csv.c $(srcdir)/scanner/extract_json.c \
	$(srcdir)/scanner/extract_xml.c $(srcdir)/scanner/extract_sql.c \
	$(srcdir)/scanner/input.c $(srcdir)/scanner/strbuf.c $(srcdir)/scanner/status.c \
	$(srcdir)/scanner/limits.c
LS_FUZZ_FORMATS = text csv json xml html sql
fuzz:
	@mkdir -p tests/fuzz/bin
	@for f in $(LS_FUZZ_FORMATS); do \
	  echo "  FUZZ     tests/fuzz/bin/fuzz_extract_$$f"; \
	  $(LS_FUZZ_CC) $(LS_FUZZ_CFLAGS) -I$(srcdir)/scanner -I$(builddir)/scanner \
	    -I$(srcdir)/tests/fuzz $(EXPAT_CFLAGS) \
	    $(srcdir)/tests/fuzz/fuzz_extract_$$f.c \
	    $(LS_FUZZ_LIB_SRCS) \
	    $(EXPAT_LIBS) -o tests/fuzz/bin/fuzz_extract_$$f || exit 1; \
	done
.PHONY: fuzz
CLEANFILES += tests/fuzz/bin/fuzz_extract_text tests/fuzz/bin/fuzz_extract_csv \
	tests/fuzz/bin/fuzz_extract_json tests/fuzz/bin/fuzz_extract_xml \
	tests/fuzz/bin/fuzz_extract_html tests/fuzz/bin/fuzz_extract_sql
