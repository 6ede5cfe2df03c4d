# scanner/extract/extract.mk — the extract stage: the dispatcher, the charset
# layer, the shared document helpers and one file per format.
# Fragment of the top-level Makefile.am.
libleakscan_a_SOURCES += \
	scanner/extract/extract.c scanner/extract/extract.h \
	scanner/extract/extractors.h scanner/extract/extractors_doc.h \
	scanner/extract/charset.c scanner/extract/charset.h \
	scanner/extract/reader.h \
	scanner/extract/prose.c \
	scanner/extract/text.c \
	scanner/extract/csv.c \
	scanner/extract/json.c \
	scanner/extract/xml.c \
	scanner/extract/sql.c \
	scanner/extract/ooxml.c \
	scanner/extract/odf.c \
	scanner/extract/pdf.c \
	scanner/extract/rtf.c \
	scanner/extract/mail.c \
	scanner/extract/image.c
