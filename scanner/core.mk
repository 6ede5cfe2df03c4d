# scanner/core.mk — the pipeline's core stages: walk, unpack, sniff, queue,
# workers, engine, inventory tally and report, and the command line.
# Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/status.c scanner/status.h \
	scanner/ascii.h \
	scanner/scanlimits.c scanner/scanlimits.h \
	scanner/scanconf.c scanner/scanconf.h \
	scanner/wipe.c scanner/wipe.h \
	scanner/strbuf.c scanner/strbuf.h \
	scanner/jsonw.c scanner/jsonw.h \
	scanner/sink.c scanner/sink.h \
	scanner/input.c scanner/input.h \
	scanner/queue.c scanner/queue.h \
	scanner/chunk.c scanner/chunk.h \
	scanner/budget.c scanner/budget.h \
	scanner/walk.c scanner/walk.h \
	scanner/sniff.c scanner/sniff.h \
	scanner/unpack.c scanner/unpack.h scanner/zipcheck.c \
	scanner/isolate.c scanner/isolate.h \
	scanner/unpack_child.c scanner/unpack_child.h \
	scanner/doc_child.c scanner/doc_child.h \
	scanner/docrun.c scanner/docrun.h \
	scanner/recwire.c scanner/recwire.h \
	scanner/tally.c scanner/tally.h \
	scanner/worker.c scanner/worker.h \
	scanner/engine.c scanner/engine.h \
	scanner/report.c scanner/report.h \
	scanner/cli.c scanner/cli.h \
	scanner/rules_cmd.c scanner/rules_cmd.h
