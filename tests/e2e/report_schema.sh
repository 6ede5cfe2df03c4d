#!/bin/sh
# tests/e2e/report_schema.sh — docs/report.schema.json against reports of
# several kinds: nested, encrypted and truncated archives (problems), a
# user pack alone (--rules-only: pack-prefixed ids), a file name that is not
# UTF-8 (path_bytes), an empty folder (no finding), and the JSON report of
# an --output-dir run.  run_scan validates each report it writes (lib.sh);
# here the schema is also shown to refuse broken reports (so it checks
# something), and the top-level fields of docs/report.md and of the schema
# must be the same.  Every other shell test's JSON report is validated by
# run_scan as well.  Skipped, saying so, without python3-jsonschema.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema is not installed"
e2e_init report_schema

"$MKCASES" archives archives >/dev/null
run_scan 0 scan -j2 --format json -o archives.json archives
grep -q '"status": "skipped"' archives.json || fail "archives: no skipped problem in the report"

printf 'klant ACME-123456 RRN 85.07.30-033.28\n' >a.txt
run_scan 0 scan --rules-only "$LS_SRCDIR/tests/e2e/data/user_pack.yaml" --format json \
    -o pack.json a.txt
grep -q '"acme.customer_id"' pack.json || fail "--rules-only: the pack's category is not reported"

mkdir odd
ln -s nowhere "$(printf 'odd/caf\351-\377.txt')"
run_scan 0 scan --format json -o odd.json odd
grep -q '"path_bytes"' odd.json || fail "a non-UTF-8 name without path_bytes"

mkdir empty
run_scan 0 scan --compact --format json -o empty.json empty

run_scan 0 scan --format json,csv --output-dir dir a.txt
[ -s dir/report.json ] || fail "--output-dir: no report.json"

"$PY" "$E2E_SRC/schema_check.py" report archives.json pack.json odd.json empty.json \
    dir/report.json || fail "a report is not valid (above)"

# The schema refuses broken reports: each mutation must be caught.
"$PY" - archives.json pack.json "$LS_SRCDIR/docs/report.schema.json" \
    "$LS_SRCDIR/docs/report.md" <<'PY' || fail "the schema lets broken reports pass (above)"
import copy, json, re, sys
import jsonschema
rep = json.load(open(sys.argv[1]))
pack = json.load(open(sys.argv[2]))
schema = json.load(open(sys.argv[3]))
v = jsonschema.Draft7Validator(schema)
bad = 0
def mutate(name, base, f):
    global bad
    r = copy.deepcopy(base)
    f(r)
    if v.is_valid(r):
        print("FAIL: the schema accepts a report with %s" % name, file=sys.stderr)
        bad = 1
mutate("no scan", rep, lambda r: r.pop("scan"))
mutate("another schema id", rep, lambda r: r.update(schema="leakscan-report/2"))
mutate("a negative file count", rep, lambda r: r["scan"]["files"].update(total=-1))
mutate("an unknown problem status", rep, lambda r: r["problems"][0].update(status="lost"))
mutate("an unknown severity level", pack, lambda r: r["exposure"]["severity"].update(level="huge"))
mutate("an unknown GDPR class", pack,
       lambda r: next(iter(r["categories"].values())).update(gdpr="secret"))
mutate("a date that is not one", pack,
       lambda r: r["exposure"]["date_span"].update(first="2024-13-01"))
mutate("categories without exposure", pack, lambda r: r.pop("exposure"))
mutate("a file without findings in files_with_findings", pack,
       lambda r: r["files_with_findings"].append({"path": "x", "findings": 0, "categories": {}}))
# docs/report.md's top-level table and the schema name the same fields
doc = open(sys.argv[4]).read()
top = doc.split("### Top level", 1)[1].split("\n### ", 1)[0]
documented = set(re.findall(r"^\| `([a-z_]+)` \|", top, re.M))
named = set(schema["properties"])
if documented != named:
    print("FAIL: docs/report.md and the schema differ: only documented %s, only in the schema %s"
          % (sorted(documented - named), sorted(named - documented)), file=sys.stderr)
    bad = 1
sys.exit(bad)
PY
e2e_exit
