# tests/e2e/e2e.mk — fragment of Makefile.am (empty so far)
