#!/bin/sh
# A record that makes a rule hit its PCRE2 match limit: the item stays
# scanned, the limit is named with its rule in the inventory line and in the
# report's match_limits, later records still match, the scan exits 0.
set -eu
work="$LS_BUILDDIR/tests-work/match_limit"
rm -rf "$work"; mkdir -p "$work/in"
{ printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac\n'; printf 'aaa\n'; } > "$work/in/x.txt"
"$LEAKSCAN" scan -j1 --no-progress --rules "$LS_SRCDIR/tests/e2e/data/slow_pack.yaml" \
    --min-confidence low --match-limit 10000 --inventory "$work/inv.jsonl" \
    --format json -o "$work/report.json" "$work/in"
"$PYTHON3" - "$work" <<'PY'
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
