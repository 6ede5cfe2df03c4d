#!/bin/sh
# tests/e2e/archives.sh — nested archives (tar.gz → zip → 7z), an encrypted
# zip (without and with --passwords), a truncated tar.gz; -j1 and -j2 give
# the same report and inventory; the report's counts match the inventory;
# --max-depth stops the nesting where it says.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init archives

# archives/{nested.tar.gz,encrypted.zip,truncated.tar.gz}; archives.passwords
# (beside the scanned directory, not in it).
"$MKCASES" archives archives >/dev/null

run_scan 0 scan -j1 --format json -o r1.json --inventory i1.jsonl archives
inv compare i1.jsonl "$E2E_SRC/archives.expected"
inv totals r1.json i1.jsonl

run_scan 0 scan -j2 --format json -o r2.json --inventory i2.jsonl archives
inv same-report r1.json r2.json
inv same-inventory i1.jsonl i2.jsonl

run_scan 0 scan -j2 --passwords archives.passwords --format json -o rp.json \
    --inventory ip.jsonl archives
inv compare ip.jsonl "$E2E_SRC/archives-pw.expected"
inv totals rp.json ip.jsonl

run_scan 0 scan -j2 --max-depth 1 --format json -o rd.json --inventory id.jsonl \
    archives/nested.tar.gz
inv compare id.jsonl "$E2E_SRC/archives-depth.expected"
inv totals rd.json id.jsonl
echo "ok"
