# scanner/docs.mk — fragment of Makefile.am (empty so far)
