# tests/e2e/e2e.mk — end-to-end tests of the leakscan binary (fragment of
# Makefile.am).
#
# The inventory tests make their cases at test time (with fixtures/mkcases
# and, for special files, the shell), run the leakscan binary and compare the
# inventory with tests/e2e/<case>.expected (sorted lines
# path<TAB>status<TAB>reason<TAB>type; see tests/e2e/inv.py).  The others scan
# a generated leak, the rule packs of tests/e2e/data/, every document format
# (formats.py) and, when it is beside the project, libarchive's own test
# archives (corpus_libarchive.sh).  formats_out.sh writes every report
# format at once; every JSON report a shell test writes is validated against
# docs/report.schema.json (lib.sh: run_scan), and report_schema.sh checks
# that schema on reports of several kinds.
# Every shell test sources tests/e2e/lib.sh: its work directory is
# $(builddir)/tests-work/<test>, and a test whose scanner is not built yet
# (or whose data is absent) exits 77 (skip).
# The longest first (make check -j runs them in this order: a long test
# started last would keep one core busy alone at the end).
LS_E2E_TESTS = \
	tests/e2e/second_leak.sh \
	tests/e2e/sample.sh \
	tests/e2e/split.sh \
	tests/e2e/checkpoint.sh \
	tests/e2e/match_equiv.sh \
	tests/e2e/corpus_libarchive.sh \
	tests/e2e/shard.sh \
	tests/e2e/hostile.py \
	tests/e2e/leak_inventory.sh \
	tests/e2e/mkcases.sh \
	tests/e2e/archives.sh \
	tests/e2e/bombs.sh \
	tests/e2e/special.sh \
	tests/e2e/limits.sh \
	tests/e2e/output.sh \
	tests/e2e/match_limit.sh \
	tests/e2e/memory_report.sh \
	tests/e2e/exposure.sh \
	tests/e2e/match_regress.sh \
	tests/e2e/field_values.sh \
	tests/e2e/rules_check.sh \
	tests/e2e/rules_user_pack.sh \
	tests/e2e/rules_weak_pack.sh \
	tests/e2e/rules_export.sh \
	tests/e2e/formats.py \
	tests/e2e/pdf_encrypted.py \
	tests/e2e/isolate.py \
	tests/e2e/interrupt.py \
	tests/e2e/progress.py \
	tests/e2e/fail_on.sh \
	tests/e2e/diff.sh \
	tests/e2e/formats_out.sh \
	tests/e2e/report_schema.sh \
	tests/e2e/html_report.sh \
	tests/e2e/text_color.sh
TESTS += $(LS_E2E_TESTS)

EXTRA_DIST += \
	$(LS_E2E_TESTS) \
	tests/e2e/README.md \
	tests/e2e/lib.sh \
	tests/e2e/inv.py \
	tests/e2e/schema_check.py \
	docs/report.schema.json \
	docs/report.md \
	tests/e2e/mkquine.py \
	tests/e2e/data/broken_pack.yaml \
	tests/e2e/data/dup.xml \
	tests/e2e/data/dup_pack.yaml \
	tests/e2e/data/slow_pack.yaml \
	tests/e2e/data/two_tables.sql \
	tests/e2e/data/user_pack.yaml \
	tests/e2e/data/weak_pack.yaml \
	tests/e2e/archives.expected \
	tests/e2e/archives-pw.expected \
	tests/e2e/archives-depth.expected \
	tests/e2e/bombs.expected \
	tests/e2e/special.expected \
	tests/e2e/special-follow.expected \
	tests/e2e/output-missing.expected \
	tests/e2e/limits-entries.expected \
	tests/e2e/limits-input.expected \
	tests/e2e/limits-buffer.expected \
	tests/e2e/limits-entry.expected \
	tests/e2e/limits-ratio.expected

# The big cases of hostile.py: a zip of 100,000 entries (about 2 minutes of
# wall time on 2 shared cores, 15+ under ASan) and a single line of 1 GiB
# (about a minute): not in make check, which runs them at 10,000 entries and
# 64 MiB.
check-hostile-big: leakscan$(EXEEXT)
	LEAKSCAN='$(abs_builddir)/leakscan' LS_BUILDDIR='$(abs_builddir)' \
	LS_SRCDIR='$(abs_srcdir)' HOSTILE_BIG=1 $(PYTHON3_SYS) $(srcdir)/tests/e2e/hostile.py
.PHONY: check-hostile-big

clean-local: e2e-clean-local
e2e-clean-local:
	-chmod -R u+rwx tests-work 2>/dev/null
	-rm -rf tests-work
.PHONY: e2e-clean-local
