#!/bin/sh
# tests/e2e/bombs.sh — decompression bombs with the default limits: 42.zip
# style nesting, overlapping zip entries (all at one offset, and Fifield's
# quoted local headers at distinct offsets), 1 GiB of zeros and 1 GiB of text
# as .gz and .bz2, a 4 GiB sparse tar entry, tar nested 50 deep.
#
# Asserted: the inventory (bombs.expected); nothing fails; every line that is
# not scanned is skipped on a "limit: …" (inv.py limits also lets "binary"
# pass, for a scanner that skips zero-filled payloads unread); every bomb
# hits a limit; overlap.zip and quoted.zip are refused before any entry is
# read; the
# scan of all of them ends within a generous wall bound (the < 2 s per bomb
# target is for the benchmark, not this test).  Each bomb is also scanned
# alone, so the log shows what each one costs.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init bombs

B=bombs
BOUND=$(load_bound 20)
"$MKCASES" "$B" bombs >/dev/null

start=$(now)
run_scan 0 scan -j2 --format json -o report.json --inventory inv.jsonl "$B"
t=$(elapsed "$start")
echo "all bombs: ${t}s (bound ${BOUND}s)"

status=0
for f in "$B"/*; do
    start=$(now)
    run_scan 0 scan -j2 --format json -o one.json --inventory one.jsonl "$f"
    echo "$f: $(elapsed "$start")s"
    inv limits one.jsonl "$f" || status=1
done

inv compare inv.jsonl "$E2E_SRC/bombs.expected"
inv totals report.json inv.jsonl
# Limits are hit at the same place whatever the thread count.
run_scan 0 scan -j1 --format json -o report1.json --inventory inv1.jsonl "$B"
inv same-report report.json report1.json
inv same-inventory inv.jsonl inv1.jsonl
inv limits inv.jsonl "$B"/*
if grep -q '"path": *"bombs/\(overlap\|quoted\).zip!/' inv.jsonl; then
    fail "overlap.zip or quoted.zip had entries read"
fi
"$PY" -c 'import sys; sys.exit(float(sys.argv[1]) > float(sys.argv[2]))' "$t" "$BOUND" ||
    fail "scanning the bombs took ${t}s (bound ${BOUND}s)"
[ "$status" -eq 0 ] || fail "a bomb scanned alone broke the rules above"
echo "ok"
