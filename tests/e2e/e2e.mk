# tests/e2e/e2e.mk — end-to-end tests (fragment of Makefile.am).
#
# Each test is a shell script that makes its cases at test time (with
# fixtures/mkcases and, for special files, the shell), runs the leakscan
# binary and compares the inventory with tests/e2e/<case>.expected
# (sorted lines path<TAB>status<TAB>reason<TAB>type; see tests/e2e/inv.py).
# Work directories: $(builddir)/tests-work/<test>.  A test whose scanner
# is not built yet exits 77 (skip).
TESTS += \
	tests/e2e/mkcases.sh \
	tests/e2e/archives.sh \
	tests/e2e/bombs.sh \
	tests/e2e/special.sh \
	tests/e2e/limits.sh \
	tests/e2e/output.sh

EXTRA_DIST += \
	tests/e2e/README.md \
	tests/e2e/lib.sh \
	tests/e2e/inv.py \
	tests/e2e/mkcases.sh \
	tests/e2e/archives.sh \
	tests/e2e/bombs.sh \
	tests/e2e/special.sh \
	tests/e2e/limits.sh \
	tests/e2e/output.sh \
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

clean-local: e2e-clean-local
e2e-clean-local:
	-chmod -R u+rwx tests-work 2>/dev/null
	-rm -rf tests-work
.PHONY: e2e-clean-local
