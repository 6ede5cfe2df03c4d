#!/bin/sh
# tests/e2e/match_limit.sh — a record that makes a rule hit its PCRE2 match
# limit: the item stays scanned, the limit is named with its rule in the
# inventory line and in the report's match_limits, later records still
# match, the scan exits 0.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init match_limit

mkdir in
{ printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac\n'; printf 'aaa\n'; } >in/x.txt
run_scan 0 scan -j1 --no-progress --rules "$E2E_SRC/data/slow_pack.yaml" \
    --min-confidence low --match-limit 10000 --inventory inv.jsonl \
    --format json -o report.json in
"$PY" - "$W" <<'PY'
import json, sys
w = sys.argv[1]
inv = [json.loads(l) for l in open(w + "/inv.jsonl")]
rep = json.load(open(w + "/report.json"))
assert len(inv) == 1 and inv[0]["status"] == "scanned", inv
assert "slow.nested" in inv[0].get("note", ""), inv
assert inv[0]["findings"].get("slow.thing") == 1, inv       # "aaa" on line 2
lim = rep["match_limits"]
assert len(lim) == 1 and lim[0]["path"].endswith("in/x.txt") and "match limit" in lim[0]["reason"], lim
assert rep["problems"] == [], rep["problems"]
print("ok")
PY
