#!/bin/sh
# tests/e2e/formats_out.sh — every report format at once: a small part of a
# generated leak (fixtures/mkleak: police reports, mail, a nested
# tar.gz → zip → csv, a file named like a spreadsheet formula) is scanned
# with --format text,json,csv,sarif,notification --output-dir, and
#  - every file is there, 0600, not empty;
#  - the CSV tables say what the JSON report says (categories, and each
#    file's counts, which add up to the categories' findings); a cell that
#    a spreadsheet would run as a formula is neutralised;
#  - the SARIF is valid against the OASIS SARIF 2.1.0 schema (when it and
#    python3-jsonschema are there), lists the rules, one result per (rule,
#    item) whose counts add up to the findings, and chains the nested member
#    to its containers with parentIndex;
#  - the notification and the text report give the JSON report's severity;
#  - no planted value of the generator's truth is in any output;
#  - report files of an earlier run in a scanned --output-dir are skipped;
#  - -o takes one format, a list goes to --output-dir; unknown names are
#    refused with a clear message; --format html -o writes the page.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init formats_out

"$MKLEAK" --seed 5 --scale 1 --out gen >/dev/null
mkdir in
cp -R gen/leak/pv/2014 in/pv
cp -R gen/leak/mail in/mail
# a file named like a formula (its logical path starts with =: scanned by
# name), with quotes and a comma for RFC 4180
FORMULA='=HYPERLINK("http:x","y").txt'
cp "$(ls gen/leak/pv/2015/*.txt | head -n 1)" "$FORMULA"
# leak.tar.gz-like nesting: nested.tar.gz → inner.zip → calls.csv
"$PY" - gen/leak/telecom/46bis in/nested.tar.gz <<'PY'
import io, os, sys, tarfile, zipfile
src = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith("_01.csv"))[0]
zb = io.BytesIO()
with zipfile.ZipFile(zb, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(sys.argv[1], src), "calls.csv")
with tarfile.open(sys.argv[2], "w:gz") as t:
    ti = tarfile.TarInfo("inner.zip")
    ti.size = len(zb.getvalue())
    t.addfile(ti, io.BytesIO(zb.getvalue()))
PY

run_scan 0 scan -j2 --format text,json,csv,sarif,notification --output-dir out \
    --findings out/findings.jsonl in "$FORMULA"
for f in report.txt report.json report-categories.csv report-files.csv report.sarif \
    notification.md findings.jsonl; do
    [ -s "out/$f" ] || fail "out/$f is missing or empty"
    mode=$(stat -c %a "out/$f")
    [ "$mode" = 600 ] || fail_later "out/$f has mode $mode, want 600"
done
[ ! -e out/report.html ] || fail_later "report.html written though html was not asked for"

set +e
"$PY" "$E2E_SRC/schema_check.py" sarif out/report.sarif
rc=$?
set -e
case $rc in
0) echo "report.sarif is valid SARIF 2.1.0" ;;
77) echo "note: SARIF schema check skipped (see above)" ;;
*) fail_later "report.sarif is not valid against the SARIF 2.1.0 schema" ;;
esac

"$PY" - out gen/truth.json <<'PY' || fail_later "the formats disagree (see above)"
import csv, json, os, re, sys
out, truth = sys.argv[1], sys.argv[2]
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)
        print("FAIL: " + msg, file=sys.stderr)

rep = json.load(open(os.path.join(out, "report.json")))
cats = rep["categories"]
check(len(cats) >= 5, "too few categories found (%d): the scan found nothing much" % len(cats))

# report-categories.csv: one row per category, the report's numbers
with open(os.path.join(out, "report-categories.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
check([r["category"] for r in rows] == list(cats), "csv categories differ from the report's")
for r in rows:
    c = cats.get(r["category"], {})
    for col, key in (("findings", "findings"), ("distinct_values", "unique"), ("files", "files"),
                     ("records", "records")):
        check(int(r[col]) == c.get(key), "csv %s %s=%s, report %s" % (r["category"], col, r[col],
                                                                     c.get(key)))
    check(r["gdpr_class"] == c.get("gdpr"), "csv %s class %s" % (r["category"], r["gdpr_class"]))
    check(int(r["confidence_high"]) + int(r["confidence_medium"]) + int(r["confidence_low"])
          == c.get("findings"), "csv %s confidence does not add up" % r["category"])

# report-files.csv: the report's files_with_findings, and they add up
raw = open(os.path.join(out, "report-files.csv"), newline="").read()
check(raw.endswith("\r\n"), "csv rows do not end in CRLF (RFC 4180)")
rows = list(csv.reader(raw.splitlines()))
head, rows = rows[0], rows[1:]
check(head[:2] == ["path", "findings"] and head[2:] == list(cats), "files csv header: %r" % head)
fwf = rep["files_with_findings"]
check(rep["files_with_findings_not_listed"] == 0, "files not listed in a small scan")
check(len(rows) == len(fwf), "files csv has %d rows, report %d files" % (len(rows), len(fwf)))
sums = dict.fromkeys(cats, 0)
formula = None
for row, f in zip(rows, fwf):
    path = row[0]
    if path.startswith("'="):
        formula = path
        path = path[1:]
    check(path == f["path"], "files csv path %r, report %r" % (row[0], f["path"]))
    check(int(row[1]) == f["findings"], "%s: findings %s vs %s" % (path, row[1], f["findings"]))
    for cat, n in zip(head[2:], row[2:]):
        check(int(n) == f["categories"].get(cat, 0), "%s: %s %s" % (path, cat, n))
        sums[cat] += int(n)
for cat, n in sums.items():
    check(n == cats[cat]["findings"], "files csv: %s adds up to %d, report %d"
          % (cat, n, cats[cat]["findings"]))
check(formula == "'=HYPERLINK(\"http:x\",\"y\").txt",
      "the formula-named file is not neutralised: %r" % formula)
check('"\'=HYPERLINK(""http:x"",""y"").txt"' in raw, "the formula cell is not quoted as RFC 4180")
for line in raw.splitlines():
    check(not re.match(r'^"?[=+\-@]', line), "a csv line starts like a formula: %r" % line)

# report.sarif: rules, results per (rule, item), counts, nesting
sarif = json.load(open(os.path.join(out, "report.sarif")))
run = sarif["runs"][0]
check(sarif["version"] == "2.1.0", "SARIF version")
check(run["tool"]["driver"]["name"] == "leakscan", "SARIF driver name")
rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
check(len(rule_ids) == len(set(rule_ids)), "SARIF rule ids repeat")
finds = [json.loads(l) for l in open(os.path.join(out, "findings.jsonl"))]
pairs = {}
for fd in finds:
    pairs[(fd["rule"], fd["path"])] = pairs.get((fd["rule"], fd["path"]), 0) + 1
check(set(f["rule"] for f in finds) <= set(rule_ids), "a finding's rule is not in the SARIF rules")
for rid in ("be.nn", "pv.number"):
    check(rid in rule_ids, "rule %s not in the SARIF rules" % rid)
res = run["results"]
check(len(res) == len(pairs), "SARIF has %d results, findings %d (rule, item) pairs"
      % (len(res), len(pairs)))
check(sum(r["properties"]["findings"] for r in res) == len(finds), "SARIF counts != findings")
check(run["properties"]["truncated"] is False, "SARIF truncated in a small scan")
arts = run["artifacts"]
uris = [a["location"]["uri"] for a in arts]
for r in res:
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    check(arts[loc["index"]]["location"]["uri"] == loc["uri"], "result artifact index mismatch")
    cls = cats.get(r["properties"]["category"], {}).get("gdpr")
    want = "error" if cls in ("special", "criminal", "minors") else "warning"
    check(r["level"] == want, "%s: level %s for class %s" % (r["ruleId"], r["level"], cls))
    check(r["message"]["text"].startswith("%d finding" % r["properties"]["findings"]),
          "message without its count: %r" % r["message"]["text"])
member = [i for i, u in enumerate(uris) if u.endswith("nested.tar.gz!/inner.zip!/calls.csv")]
check(len(member) == 1, "no SARIF artifact for the nested member")
if member:
    chain, i = [], member[0]
    while i is not None:
        chain.append(uris[i])
        i = arts[i].get("parentIndex")
    check(chain == ["in/nested.tar.gz!/inner.zip!/calls.csv", "in/nested.tar.gz!/inner.zip",
                    "in/nested.tar.gz"], "parentIndex chain: %r" % chain)

# notification.md and report.txt: the report's severity and subjects
sev = rep["exposure"]["severity"]
note = open(os.path.join(out, "notification.md")).read()
check(note.startswith("# DRAFT"), "the notification does not say it is a draft")
check("generated by leakscan" in note, "the notification does not say who made it")
check("**%.2f, %s**" % (sev["score"], sev["level"]) in note, "notification severity != report")
check("**%d**" % rep["exposure"]["data_subjects"]["estimate"] in note,
      "notification data subjects != report")
for part in ("## (a)", "## (b)", "## (c)", "## (d)", "[TO COMPLETE]", "lower bound"):
    check(part in note, "notification lacks %r" % part)
text = open(os.path.join(out, "report.txt")).read()
check("Severity:" in text and "%s (ENISA score %.2f" % (sev["level"], sev["score"]) in text,
      "text report severity != JSON report")

# The planted values (keyword classes are words, not values; every value
# is at least 6 characters: second_leak.sh) of the scanned files' folders, and every string of the JSON
# outputs decoded (a value written with \u escapes would slip past a byte
# search), for the search below.
t = json.load(open(truth))
kw = {"criminal_offence", "special_health", "special_minor", "special_sexual", "special_other"}
# only the values of the folders the inputs come from (a short pattern list
# keeps grep fast; values of files not scanned cannot be in the outputs)
src = ("pv/2014/", "pv/2015/", "mail/", "telecom/46bis/")
vals = {o["value"] for o in t["occurrences"]
        if o["category"] not in kw and len(o["value"]) >= 6 and o["path"].startswith(src)}
with open("values.txt", "w") as f:
    f.write("\n".join(sorted(vals)) + "\n")
def strings(x, acc):
    if isinstance(x, str):
        acc.append(x)
    elif isinstance(x, list):
        for y in x:
            strings(y, acc)
    elif isinstance(x, dict):
        for k, y in x.items():
            if k != "fingerprint":
                acc.append(k)
                strings(y, acc)
acc = []
for name in ("report.json", "report.sarif"):
    strings(json.load(open(os.path.join(out, name))), acc)
for l in open(os.path.join(out, "findings.jsonl")):
    if "\\" in l:
        strings(json.loads(l), acc)
with open("decoded.txt", "w") as f:
    for x in acc:
        f.write(x.replace("\n", " ") + "\n")
print("formats agree: %d categories, %d files, %d SARIF results"
      % (len(cats), len(fwf), len(res)))
sys.exit(1 if bad else 0)
PY

# No planted value in any output (fingerprints blanked: 32 hex digits can
# hold a run of digits equal to a planted phone number by chance).
[ -s values.txt ] || fail "no planted values read from the truth"
sed 's/"fingerprint":"[0-9a-f]*"/"fingerprint":""/' out/findings.jsonl >findings-nofp.jsonl
hits=$(LC_ALL=C grep -F -o -h -f values.txt out/report* out/notification.md findings-nofp.jsonl \
    decoded.txt | sort | uniq -c | sort -rn | head -20 || true)
[ -z "$hits" ] || fail_later "planted values in the outputs (count, value): $hits"
# Positive control: the same search finds them in the input and in --reveal findings.
n=$(LC_ALL=C grep -r -F -l -f values.txt in | wc -l)
[ "$n" -gt 10 ] || fail_later "control: planted values found in only $n input files"
run_scan 0 scan -j2 --reveal --findings reveal.jsonl -o /dev/null in/mail
n=$(LC_ALL=C grep -F -c -f values.txt reveal.jsonl || true)
[ "$n" -gt 0 ] || fail_later "control: no planted value in --reveal findings"

# One format to -o: the categories table, the same as in --output-dir.
run_scan 0 scan -j1 --format csv -o one.csv in "$FORMULA"
cmp -s one.csv out/report-categories.csv || fail_later "-o one.csv differs from report-categories.csv"
run_scan 0 scan -j1 --format notification -o note.md "$FORMULA"
grep -q '^# DRAFT' note.md || fail_later "--format notification -o FILE"

# --output-dir inside a scanned folder: the report files of an earlier run
# are the scan's own output, never scanned.
mkdir tiny
cp "$FORMULA" tiny/pv.txt
run_scan 0 scan --format json,csv --output-dir tiny/o tiny
run_scan 0 scan --format json,csv --output-dir tiny/o --inventory tiny.jsonl tiny
for f in report.json report-categories.csv report-files.csv; do
    grep -q "\"path\":\"tiny/o/$f\".*\"reason\":\"own output\"" tiny.jsonl ||
        fail_later "tiny/o/$f of the earlier run was not skipped as own output"
done

# Refusals, each with a message saying what to do.
lsrun scan --format text,json -o x in
want_rc 2 "a list with -o"
out_has -e '-o FILE takes one format' || fail_later "a list with -o: message"
lsrun scan --format text,json in
want_rc 2 "a list without --output-dir"
out_has 'need --output-dir' || fail_later "a list without --output-dir: message"
lsrun scan --format text,xml --output-dir o2 in
want_rc 2 "an unknown format"
out_has "unknown format 'xml' (valid: text, json, csv, sarif, html, notification" ||
    fail_later "unknown format: message"
lsrun scan --format html -o r.html tiny
want_rc 0 "--format html -o"
[ -s r.html ] || fail_later "--format html -o wrote no r.html"
lsrun scan --format sarif -o r.sarif in
want_rc 2 "sarif without --findings"
out_has 'sarif needs --findings FILE' || fail_later "sarif without --findings: message"
[ ! -e o2 ] && [ ! -e x ] || fail_later "a refused run wrote something"
e2e_exit
