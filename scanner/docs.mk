# scanner/docs.mk — the document extractors: OOXML (docx/xlsx/pptx), ODF
# (odt/ods), PDF, RTF, mail (eml/mbox) and image EXIF, with their unit tests
# and fuzz targets.  Fragment of Makefile.am.
libleakscan_a_SOURCES += \
	scanner/extractors_doc.h \
	scanner/extract_ooxml.c \
	scanner/extract_odf.c \
	scanner/extract_pdf.c \
	scanner/extract_rtf.c \
	scanner/extract_mail.c \
	scanner/extract_image.c

LS_DOC_TESTS = \
	tests/unit/test_extract_ooxml \
	tests/unit/test_extract_odf \
	tests/unit/test_extract_pdf \
	tests/unit/test_extract_rtf \
	tests/unit/test_extract_mail \
	tests/unit/test_extract_image
check_PROGRAMS += $(LS_DOC_TESTS)
TESTS += $(LS_DOC_TESTS)

tests_unit_test_extract_ooxml_SOURCES = tests/unit/test_extract_ooxml.c
tests_unit_test_extract_ooxml_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_ooxml_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_odf_SOURCES = tests/unit/test_extract_odf.c
tests_unit_test_extract_odf_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_odf_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_pdf_SOURCES = tests/unit/test_extract_pdf.c
tests_unit_test_extract_pdf_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_pdf_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_rtf_SOURCES = tests/unit/test_extract_rtf.c
tests_unit_test_extract_rtf_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_rtf_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_mail_SOURCES = tests/unit/test_extract_mail.c
tests_unit_test_extract_mail_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_mail_LDADD = $(LS_TEST_LDADD)
tests_unit_test_extract_image_SOURCES = tests/unit/test_extract_image.c
tests_unit_test_extract_image_CFLAGS = $(LS_TEST_CFLAGS)
tests_unit_test_extract_image_LDADD = $(LS_TEST_LDADD)

# --- fuzz targets ------------------------------------------------------------
# In `make check` each target is linked with tests/fuzz/standalone_main.c
# (extract.mk) and run over its built-in seeds: a regression run that only
# checks that malformed input never crashes.  `make fuzz-docs` builds the
# libFuzzer binaries (clang) into tests/fuzz/bin/; run one for a while with
#   tests/fuzz/bin/fuzz_extract_pdf -max_total_time=60 CORPUS_DIR
LS_DOC_FUZZ = \
	tests/fuzz/fuzz_extract_ooxml \
	tests/fuzz/fuzz_extract_odf \
	tests/fuzz/fuzz_extract_pdf \
	tests/fuzz/fuzz_extract_rtf \
	tests/fuzz/fuzz_extract_mail \
	tests/fuzz/fuzz_extract_image
check_PROGRAMS += $(LS_DOC_FUZZ)
TESTS += $(LS_DOC_FUZZ)

tests_fuzz_fuzz_extract_ooxml_SOURCES = tests/fuzz/fuzz_extract_ooxml.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_ooxml_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_odf_SOURCES = tests/fuzz/fuzz_extract_odf.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_odf_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_pdf_SOURCES = tests/fuzz/fuzz_extract_pdf.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_pdf_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_rtf_SOURCES = tests/fuzz/fuzz_extract_rtf.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_rtf_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_mail_SOURCES = tests/fuzz/fuzz_extract_mail.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_mail_LDADD = libleakscan.a $(LS_LIB_LIBS)
tests_fuzz_fuzz_extract_image_SOURCES = tests/fuzz/fuzz_extract_image.c tests/fuzz/standalone_main.c
tests_fuzz_fuzz_extract_image_LDADD = libleakscan.a $(LS_LIB_LIBS)

LS_DOC_FUZZ_SRCS = $(srcdir)/scanner/extract_ooxml.c $(srcdir)/scanner/extract_odf.c $(srcdir)/scanner/prose.c \
	$(srcdir)/scanner/extract_pdf.c $(srcdir)/scanner/extract_rtf.c \
	$(srcdir)/scanner/extract_mail.c $(srcdir)/scanner/extract_image.c \
	$(srcdir)/scanner/input.c $(srcdir)/scanner/strbuf.c $(srcdir)/scanner/status.c \
	$(srcdir)/scanner/limits.c
LS_DOC_FUZZ_FORMATS = ooxml odf pdf rtf mail image
fuzz-docs:
	@mkdir -p tests/fuzz/bin
	@for f in $(LS_DOC_FUZZ_FORMATS); do \
	  echo "  FUZZ     tests/fuzz/bin/fuzz_extract_$$f"; \
	  $(LS_FUZZ_CC) $(LS_FUZZ_CFLAGS) \
	    -I$(srcdir)/scanner -I$(builddir)/scanner $(LIBARCHIVE_CFLAGS) $(EXPAT_CFLAGS) \
	    $(ZLIB_CFLAGS) $(srcdir)/tests/fuzz/fuzz_extract_$$f.c $(LS_DOC_FUZZ_SRCS) \
	    $(LIBARCHIVE_LIBS) $(EXPAT_LIBS) $(ZLIB_LIBS) $(LIBS) \
	    -o tests/fuzz/bin/fuzz_extract_$$f || exit 1; \
	done
.PHONY: fuzz-docs
CLEANFILES += tests/fuzz/bin/fuzz_extract_ooxml tests/fuzz/bin/fuzz_extract_odf \
	tests/fuzz/bin/fuzz_extract_pdf tests/fuzz/bin/fuzz_extract_rtf \
	tests/fuzz/bin/fuzz_extract_mail tests/fuzz/bin/fuzz_extract_image
EXTRA_DIST += tests/fuzz/fuzz_doc.h

# `make fuzz-run` builds every libFuzzer target, seeds each with the files of
# a synthetic leak and the samples of tests/formats.py that it reads, runs them one after another FUZZ_SECONDS
# each and writes tests/fuzz/out/report.md (crash reproducers beside it).
# The issue-level campaign is `make fuzz-run FUZZ_SECONDS=600`.
FUZZ_SECONDS = 60
FUZZ_FORMATS = text csv json xml html sql ooxml odf pdf rtf mail image
fuzz-run: fuzz fuzz-docs fixtures/mkleak$(EXEEXT)
	rm -rf tests/fuzz/seedleak
	fixtures/mkleak$(EXEEXT) --seed 3 --scale 1 --out tests/fuzz/seedleak >/dev/null
	$(PYTHON3_SYS) $(srcdir)/tests/formats.py --write tests/fuzz/seedleak/leak/formats
	$(SHELL) $(srcdir)/tests/fuzz/run.sh tests/fuzz/bin tests/fuzz/seedleak/leak \
	  $(FUZZ_SECONDS) tests/fuzz/out/report.md $(FUZZ_FORMATS)
.PHONY: fuzz-run
EXTRA_DIST += tests/fuzz/run.sh
clean-local: clean-fuzz-run
clean-fuzz-run:
	rm -rf tests/fuzz/seedleak tests/fuzz/out tests/fuzz/bin
.PHONY: clean-fuzz-run

# Every document format end to end: generated samples, scanned, findings and
# their locations asserted (tests/formats.py).
TESTS += tests/formats.py
EXTRA_DIST += tests/formats.py
