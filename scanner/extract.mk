# scanner/extract.mk — fragment of Makefile.am (empty so far)
