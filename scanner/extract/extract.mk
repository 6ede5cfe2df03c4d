# scanner/extract/extract.mk — the extract stage: the dispatcher, the charset
# layer and the push-back reader, the shared document helpers and one file
# per format.
# Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/extract/extract.c scanner/extract/extract.h \
	scanner/extract/extractors.h \
	scanner/extract/charset.c scanner/extract/charset.h \
	scanner/extract/reader.h \
	scanner/extract/prose.c \
	scanner/extract/slurp.c \
	scanner/extract/doczip.c scanner/extract/doczip.h \
	scanner/extract/docxml.c scanner/extract/docxml.h \
	scanner/extract/doctable.c scanner/extract/doctable.h \
	scanner/extract/text.c \
	scanner/extract/csv.c \
	scanner/extract/json.c \
	scanner/extract/xml.c \
	scanner/extract/sql.c \
	scanner/extract/ooxml.c \
	scanner/extract/odf.c \
	scanner/extract/pdf.c \
	scanner/extract/pdfcrypt.c scanner/extract/pdfcrypt.h \
	scanner/extract/rtf.c \
	scanner/extract/mail.c \
	scanner/extract/meta.c scanner/extract/meta.h \
	scanner/extract/image.c
