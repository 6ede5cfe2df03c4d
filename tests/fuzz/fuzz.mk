# tests/fuzz/fuzz.mk — fuzz targets (fragment of Makefile.am).
#
# One target per extractor (fuzz_extract_<format>.c, on fuzz_harness.h),
# one for rule packs (fuzz_rules.c) and one for archives (fuzz_unpack.c:
# bytes through sniff, unpack, nested containers, extraction and matching to
# the inventory lines).  In `make check` each is a program linked with the
# library: the extractor targets get the main() of standalone_main.h and run
# over its built-in seeds, a regression run that checks malformed input never
# crashes (give it files to replay a corpus or a crash); fuzz_unpack gets the
# main() of unpack_main.h and runs over archives it writes with libarchive,
# whole, cut short and with bytes flipped; rules_fuzz_replay.sh runs
# fuzz_rules over every shipped and test pack.
#
# `make fuzz` builds the libFuzzer binaries (clang, ASan+UBSan) into
# tests/fuzz/bin/: every C source of the library (libleakscan_a_SOURCES, as
# the library itself is built) is compiled with the fuzzer instrumentation
# into tests/fuzz/bin/libleakscan-fuzz.a, and each target links it.  Run one
# with e.g. `tests/fuzz/bin/fuzz_extract_csv -max_total_time=60 CORPUS_DIR`.
# `make fuzz-run` runs every target FUZZ_SECONDS seconds, seeded with a
# synthetic leak and the samples of tests/e2e/formats.py (fuzz_unpack: with
# the archives of unpack_seeds.sh: its own, the leak's, mkcases' and, when it
# is beside the project, libarchive's test corpus), and writes
# tests/fuzz/out/report.md (crash reproducers beside it).
LS_FUZZ_FORMATS = text csv json xml html sql ooxml odf pdf rtf mail image
LS_FUZZ_EXTRACT = \
	tests/fuzz/fuzz_extract_text \
	tests/fuzz/fuzz_extract_csv \
	tests/fuzz/fuzz_extract_json \
	tests/fuzz/fuzz_extract_xml \
	tests/fuzz/fuzz_extract_html \
	tests/fuzz/fuzz_extract_sql \
	tests/fuzz/fuzz_extract_ooxml \
	tests/fuzz/fuzz_extract_odf \
	tests/fuzz/fuzz_extract_pdf \
	tests/fuzz/fuzz_extract_rtf \
	tests/fuzz/fuzz_extract_mail \
	tests/fuzz/fuzz_extract_image

check_PROGRAMS += $(LS_FUZZ_EXTRACT) tests/fuzz/fuzz_rules tests/fuzz/fuzz_unpack
TESTS += $(LS_FUZZ_EXTRACT) tests/fuzz/rules_fuzz_replay.sh tests/fuzz/fuzz_unpack
EXTRA_DIST += tests/fuzz/fuzz_harness.h tests/fuzz/standalone_main.h tests/fuzz/run.sh \
	tests/fuzz/rules_fuzz_replay.sh tests/fuzz/unpack_main.h tests/fuzz/unpack_seeds.sh

# --- libFuzzer build (not part of `all` or `check`) -------------------------
LS_FUZZ_CC = clang
LS_FUZZ_CFLAGS = -g -O1 -std=c11 -D_GNU_SOURCE -fno-sanitize-recover=undefined \
	-I$(srcdir)/scanner -I$(builddir)/scanner -I$(builddir) -I$(srcdir)/tests/fuzz \
	$(LS_LIB_CFLAGS)
LS_FUZZ_BIN = tests/fuzz/bin
fuzz: $(BUILT_SOURCES)
	@$(MKDIR_P) $(LS_FUZZ_BIN)/obj
	@rm -f $(LS_FUZZ_BIN)/libleakscan-fuzz.a
	@for c in $(libleakscan_a_SOURCES) $(nodist_libleakscan_a_SOURCES); do \
	  case $$c in *.c) ;; *) continue ;; esac; \
	  if test -f "$$c"; then src=$$c; else src=$(srcdir)/$$c; fi; \
	  o=$(LS_FUZZ_BIN)/obj/`echo $$c | sed 's|/|_|g; s|\.c$$|.o|'`; \
	  $(LS_FUZZ_CC) $(LS_FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	    -c "$$src" -o "$$o" || exit 1; \
	done
	@$(AR) cr $(LS_FUZZ_BIN)/libleakscan-fuzz.a $(LS_FUZZ_BIN)/obj/*.o
	@echo "  AR       $(LS_FUZZ_BIN)/libleakscan-fuzz.a"
	@for t in $(LS_FUZZ_FORMATS) rules unpack; do \
	  case $$t in rules|unpack) ;; *) t=extract_$$t ;; esac; \
	  echo "  FUZZ     $(LS_FUZZ_BIN)/fuzz_$$t"; \
	  $(LS_FUZZ_CC) $(LS_FUZZ_CFLAGS) -DLS_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	    $(srcdir)/tests/fuzz/fuzz_$$t.c $(LS_FUZZ_BIN)/libleakscan-fuzz.a $(LS_LIB_LIBS) \
	    -o $(LS_FUZZ_BIN)/fuzz_$$t || exit 1; \
	done
.PHONY: fuzz

FUZZ_SECONDS = 60
fuzz-run: fuzz fixtures/mkleak$(EXEEXT) fixtures/mkcases$(EXEEXT) tests/fuzz/fuzz_unpack$(EXEEXT)
	rm -rf tests/fuzz/seedleak
	fixtures/mkleak$(EXEEXT) --seed 3 --scale 1 --out tests/fuzz/seedleak >/dev/null
	$(PYTHON3_SYS) $(srcdir)/tests/e2e/formats.py --write tests/fuzz/seedleak/leak/formats
	PYTHON3='$(PYTHON3_SYS)' $(SHELL) $(srcdir)/tests/fuzz/unpack_seeds.sh tests/fuzz/seedleak/unpack \
	  . tests/fuzz/seedleak '$(abs_top_srcdir)/../shared/corpora/libarchive-tests'
	cat tests/fuzz/seedleak/passwords.txt tests/fuzz/seedleak/unpack.passwords \
	  > tests/fuzz/seedleak/all.passwords
	LS_FUZZ_PASSWORDS='$(abs_builddir)/tests/fuzz/seedleak/all.passwords' \
	$(SHELL) $(srcdir)/tests/fuzz/run.sh $(LS_FUZZ_BIN) tests/fuzz/seedleak/leak \
	  $(FUZZ_SECONDS) tests/fuzz/out/report.md $(LS_FUZZ_FORMATS) unpack
.PHONY: fuzz-run

clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/seedleak tests/fuzz/out $(LS_FUZZ_BIN)
.PHONY: clean-fuzz
