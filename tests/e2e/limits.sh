#!/bin/sh
# tests/e2e/limits.sh — each size/count limit set low on the command line
# against one small archive (limits/limits.tar), so that each is hit on
# purpose: --max-entries, --max-input-bytes, --max-buffer-bytes,
# --max-entry-bytes, --max-ratio.  Expectations: limits-<name>.expected.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init limits

"$MKCASES" limits limits >/dev/null

# check NAME EXPECTED OPTION...: scan limits.tar with the options, compare.
check() {
    name=$1
    exp=$2
    shift 2
    run_scan 0 scan -j2 "$@" --format json -o "$name.json" --inventory "$name.jsonl" \
        limits/limits.tar
    inv compare "$name.jsonl" "$E2E_SRC/limits-$exp.expected" || status=1
    inv totals "$name.json" "$name.jsonl" || status=1
}

status=0
check entries entries --max-entries 2
check input input --max-input-bytes 2500K --max-entry-bytes 2M
check buffer buffer --max-buffer-bytes 100K
check entry entry --max-entry-bytes 512K
check ratio ratio --max-ratio 2 --ratio-grace-bytes 256K
# The same with a grace of one read block: an uncompressed tar still expands
# by a ratio of 1 however the bytes read are counted.
check ratio-small ratio --max-ratio 1.5 --ratio-grace-bytes 64K

# A limit given alone is honoured as given: --max-input-bytes below the
# default --max-entry-bytes must not be raised to it.
run_scan 0 scan --max-input-bytes 2500K --format json -o alone.json --inventory alone.jsonl \
    limits/limits.tar
"$PY" - alone.json <<'PYEOF' || status=1
import json, sys
got = json.load(open(sys.argv[1]))["scan"].get("limits", {}).get("max_input_bytes")
if got is not None and got != 2500 * 1024:
    sys.exit("FAIL: --max-input-bytes 2500K became max_input_bytes %d in the report" % got)
PYEOF
inv compare alone.jsonl "$E2E_SRC/limits-input.expected" || status=1

[ "$status" -eq 0 ] || fail "see above"
echo "ok"
