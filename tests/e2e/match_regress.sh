#!/bin/sh
# tests/e2e/match_regress.sh — regressions of the matcher found by the
# accuracy work:
# - two SQL tables with as many columns each: the second table's columns
#   must be classified by its own header (a plate is not a name);
# - a name column and a labelled-name rule on the same span give one finding.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init match_regress

mkdir sql xml
cp "$E2E_SRC/data/two_tables.sql" sql/
cp "$E2E_SRC/data/dup.xml" xml/
run_scan 0 scan -j1 --no-progress --findings sql.jsonl --reveal sql >/dev/null
run_scan 0 scan -j1 --no-progress --rules-only "$E2E_SRC/data/dup_pack.yaml" \
    --findings xml.jsonl --reveal xml >/dev/null
"$PY" - "$W" <<'PY'
import json, sys, collections
w = sys.argv[1]
sql = [json.loads(l) for l in open(w + "/sql.jsonl")]
got = {(f["category"], f["value"]) for f in sql}
for want in [("vehicle_plate_be", "KTV374"), ("payment_reference_be", "+++010/8068/17183+++"),
             ("person_name", "Jan Peeters")]:
    assert want in got, (want, sorted(got))
assert not any(f["category"] == "person_name" and f["value"] == "KTV374" for f in sql), sql
xml = [json.loads(l) for l in open(w + "/xml.jsonl")]
spans = collections.Counter((f["record"], f["offset"], f["category"]) for f in xml)
assert xml and max(spans.values()) == 1, spans
print("ok: %d SQL findings, %d XML findings, one per span" % (len(sql), len(xml)))
PY
