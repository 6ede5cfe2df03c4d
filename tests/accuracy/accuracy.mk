# tests/accuracy/accuracy.mk — the synthetic leak generator's own tests and
# the measured accuracy of the built-in rule packs against its truth.
# Fragment of Makefile.am.
#
#   make check     the generator: score on a tiny hand-written pair
#                  (leak_score.sh), determinism, an independent oracle of
#                  its truth, the packed leak, the truth file; then
#                  accuracy.sh: one generated leak (seed 5) scored against
#                  its truth with per-category thresholds; noise.sh: false
#                  findings on 4 MB of the noise corpus (mkleak --noise),
#                  at most 1 per MB at the default confidence.
#   make accuracy  regenerates docs/accuracy.md in the source tree (seeds 3
#                  and 4, tree and leak.tar.gz; noise corpus seeds 3 and 4,
#                  100 MB each, same gate).
TESTS += \
	tests/accuracy/leak_score.sh \
	tests/accuracy/leak_determinism.sh \
	tests/accuracy/leak_oracle.py \
	tests/accuracy/leak_pack.py \
	tests/accuracy/leak_truth.py \
	tests/accuracy/accuracy.sh \
	tests/accuracy/noise.sh
EXTRA_DIST += \
	tests/accuracy/score \
	tests/accuracy/leak_score.sh \
	tests/accuracy/leak_determinism.sh \
	tests/accuracy/leak_oracle.py \
	tests/accuracy/leak_pack.py \
	tests/accuracy/leak_truth.py \
	tests/accuracy/accuracy.sh \
	tests/accuracy/noise.sh \
	tests/accuracy/persons_check.py \
	tests/accuracy/messy_doc.py \
	docs/accuracy.md

accuracy: leakscan$(EXEEXT) fixtures/mkleak$(EXEEXT)
	@$(MKDIR_P) $(srcdir)/docs
	LEAKSCAN='$(abs_builddir)/leakscan' LS_BUILDDIR='$(abs_builddir)' \
	LS_SRCDIR='$(abs_srcdir)' PYTHON3='$(PYTHON3_SYS)' \
	$(SHELL) $(srcdir)/tests/accuracy/accuracy.sh --doc $(srcdir)/docs/accuracy.md
.PHONY: accuracy
