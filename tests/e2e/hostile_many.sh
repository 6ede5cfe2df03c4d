#!/bin/sh
# tests/e2e/hostile_many.sh — one zip of 100,000 entries (hostile.py many), a
# test of its own so that make -j runs it beside the others: every entry and
# the zip end scanned; the time and peak RSS of the scan are printed.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
exec "$PY" "$E2E_SRC/hostile.py" many
