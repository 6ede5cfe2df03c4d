# scanner/report/report.mk — the derived report formats, each rendered from
# the parsed JSON report (report_ctx.h).  Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/report/report_ctx.h \
	scanner/report/termsafe.c scanner/report/termsafe.h \
	scanner/report/rjson.c scanner/report/rjson.h \
	scanner/report/labels.c scanner/report/labels.h \
	scanner/report/text_report.c scanner/report/text_report.h \
	scanner/report/svg.c scanner/report/svg.h \
	scanner/report/html.c scanner/report/html.h
