# tests/tools/tools.mk — checks of the code itself, and the benchmark.
# Fragment of Makefile.am.
#
#   make check   objcycles.py     the library's object files form no
#                                 dependency cycle (from nm)
#                funclen.py       no function over 120 lines
#                check_headers.sh no header of scanner/ named like a system one
#                check_format.sh  every C file follows .clang-format (skipped,
#                                 saying so, without clang-format; CI has it)
#                check_man.sh     man/leakscan.1 renders without warnings and
#                                 describes every long option of --help
#                check_completion.sh  completion/leakscan completes
#                                 subcommands, options, values and files
#   make format  rewrites the C files with clang-format
#   same_output.sh OLD NEW   two builds give the same report, findings and
#                inventory on one leak (for changes that must change nothing)
#   make bench   the benchmark of the speed issue (bench.sh, bash; never in
#                make check): leakscan next to ripgrep, gzip and cat on an
#                mkleak corpus; writes docs/performance.md in the source tree.
#                BENCH_QUICK=1 BENCH_MB= BENCH_REPS= BENCH_RSS=1 (see bench.sh)
TESTS += \
	tests/tools/objcycles.py \
	tests/tools/funclen.py \
	tests/tools/check_headers.sh \
	tests/tools/check_format.sh \
	tests/tools/check_man.sh \
	tests/tools/check_completion.sh
EXTRA_DIST += \
	tests/tools/objcycles.py \
	tests/tools/funclen.py \
	tests/tools/check_headers.sh \
	tests/tools/check_format.sh \
	tests/tools/check_man.sh \
	tests/tools/check_completion.sh \
	tests/tools/bench.sh \
	tests/tools/same_output.sh

format:
	LS_SRCDIR='$(abs_srcdir)' $(SHELL) $(srcdir)/tests/tools/check_format.sh --fix
.PHONY: format

bench: leakscan$(EXEEXT) fixtures/mkleak$(EXEEXT)
	LS_BUILDDIR='$(abs_builddir)' LS_SRCDIR='$(abs_srcdir)' \
	  LEAKSCAN='$(or $(LEAKSCAN),$(abs_builddir)/leakscan)' \
	  bash $(srcdir)/tests/tools/bench.sh
.PHONY: bench
