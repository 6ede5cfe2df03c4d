# tests/accuracy.mk — measured accuracy of the built-in rule packs (issue 6).
# Fragment of Makefile.am.
#
#   make check     runs tests/accuracy.sh: one generated leak (seed 5), scored
#                  against its truth with per-category thresholds.
#   make accuracy  regenerates docs/accuracy.md in the source tree (seeds 3
#                  and 4, tree and leak.tar.gz).
TESTS += tests/accuracy.sh
EXTRA_DIST += tests/accuracy.sh docs/accuracy.md

accuracy: leakscan$(EXEEXT) fixtures/mkleak$(EXEEXT)
	@$(MKDIR_P) $(srcdir)/docs
	LEAKSCAN='$(abs_builddir)/leakscan' LS_BUILDDIR='$(abs_builddir)' \
	LS_SRCDIR='$(abs_srcdir)' PYTHON3='$(PYTHON3_SYS)' \
	$(SHELL) $(srcdir)/tests/accuracy.sh --doc $(srcdir)/docs/accuracy.md
.PHONY: accuracy
