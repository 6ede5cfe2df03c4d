# scanner/core.mk — the pipeline's core stages: walk, unpack, sniff, queue,
# workers, engine, inventory tally and report (scanner/report/: the formats
# derived from the JSON report), and the command line.
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
	scanner/shard.c scanner/shard.h \
	scanner/sample.c scanner/sample.h \
	scanner/partial.c scanner/partial.h \
	scanner/checkpoint.c scanner/checkpoint.h \
	scanner/merge.c scanner/merge.h \
	scanner/worker.c scanner/worker.h \
	scanner/progress.c scanner/progress.h \
	scanner/engine.c scanner/engine.h \
	scanner/report.c scanner/report.h \
	scanner/report/report_ctx.c scanner/report/report_ctx.h \
	scanner/report/output.c scanner/report/output.h \
	scanner/report/csv.c scanner/report/sarif.c scanner/report/notification.c \
	scanner/report/termsafe.c scanner/report/termsafe.h \
	scanner/report/rjson.c scanner/report/rjson.h \
	scanner/report/labels.c scanner/report/labels.h \
	scanner/report/text_report.c scanner/report/text_report.h \
	scanner/report/svg.c scanner/report/svg.h \
	scanner/report/html.c \
	scanner/failon.c scanner/failon.h \
	scanner/diff.c scanner/diff.h \
	scanner/cli.c scanner/cli.h \
	scanner/rules_cmd.c scanner/rules_cmd.h
