# scanner/rules.mk — fragment of Makefile.am (empty so far)
