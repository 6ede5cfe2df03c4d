#!/bin/sh
# Regressions of the matcher found by the accuracy work:
# - two SQL tables with as many columns each: the second table's columns
#   must be classified by its own header (a plate is not a name);
# - a name column and a labelled-name rule on the same span give one finding.
set -eu
work="$LS_BUILDDIR/tests-work/match_regress"
rm -rf "$work"; mkdir -p "$work/sql" "$work/xml"
cp "$LS_SRCDIR/tests/e2e/data/two_tables.sql" "$work/sql/"
cp "$LS_SRCDIR/tests/e2e/data/dup.xml" "$work/xml/"
"$LEAKSCAN" scan -j1 --no-progress --findings "$work/sql.jsonl" --reveal "$work/sql" >/dev/null 2>&1
"$LEAKSCAN" scan -j1 --no-progress --rules-only "$LS_SRCDIR/tests/e2e/data/dup_pack.yaml" \
    --findings "$work/xml.jsonl" --reveal "$work/xml" >/dev/null 2>&1
"$PYTHON3" - "$work" <<'PY'
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
