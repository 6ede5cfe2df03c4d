# scanner/core.mk — the pipeline core: walk, unpack, sniff, queue, workers,
# tally, inventory and report.  Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/status.c scanner/status.h \
	scanner/limits.c scanner/limits.h \
	scanner/scanconf.c scanner/scanconf.h \
	scanner/strbuf.c scanner/strbuf.h \
	scanner/jsonw.c scanner/jsonw.h \
	scanner/sink.c scanner/sink.h \
	scanner/input.c scanner/input.h \
	scanner/extract.c scanner/extract.h \
	scanner/match.h
libleakscan_a_SOURCES += \
	scanner/queue.c scanner/queue.h \
	scanner/budget.c scanner/budget.h \
	scanner/walk.c scanner/walk.h \
	scanner/sniff.c scanner/sniff.h \
	scanner/unpack.c scanner/unpack.h scanner/zipcheck.c \
	scanner/tally.c scanner/tally.h \
	scanner/worker.c scanner/worker.h \
	scanner/engine.c scanner/engine.h \
	scanner/report.c scanner/report.h \
	scanner/cli.c scanner/cli.h \
	scanner/rules_cmd.h

TESTS += tests/corpus_libarchive.sh
EXTRA_DIST += tests/corpus_libarchive.sh

# make bench: throughput next to gzip -dc (not part of make check).
EXTRA_DIST += tests/bench.sh
bench: leakscan fixtures/mkleak
	LS_BUILDDIR='$(abs_builddir)' LEAKSCAN='$(abs_builddir)/leakscan' $(SHELL) $(srcdir)/tests/bench.sh
.PHONY: bench

TESTS += tests/match_limit.sh tests/leak_inventory.sh
EXTRA_DIST += tests/match_limit.sh tests/leak_inventory.sh tests/data/slow_pack.yaml
TESTS += tests/match_regress.sh
EXTRA_DIST += tests/match_regress.sh tests/data/two_tables.sql tests/data/dup_pack.yaml tests/data/dup.xml
