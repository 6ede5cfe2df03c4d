# tests/tools/tools.mk — checks of the code itself and the benchmark.
# Fragment of Makefile.am.
#
#   make check   the library's object files form no dependency cycle
#                (objcycles.py, from nm; run through PY_LOG_COMPILER, reads
#                LS_BUILDDIR from the test environment)
#   make bench   throughput next to gzip -dc (bench.sh; never in make check)
TESTS += tests/tools/objcycles.py
EXTRA_DIST += tests/tools/objcycles.py tests/tools/bench.sh

bench: leakscan$(EXEEXT) fixtures/mkleak$(EXEEXT)
	LS_BUILDDIR='$(abs_builddir)' LEAKSCAN='$(abs_builddir)/leakscan' $(SHELL) $(srcdir)/tests/tools/bench.sh
.PHONY: bench
