#!/bin/sh
# tests/e2e/diff.sh — `leakscan diff` on the reports of two small synthetic
# folders: a/ holds e-mail addresses (class personal, severity low), b/ the
# same plus an IBAN and criminal-offence words (financial, criminal,
# severity very high).
#
#   diff             gained/lost/changed categories and record types, severity
#                    and data subjects before/after, text and --format json
#                    (validated with python's json); exposure members and
#                    sections only one report has (a newer report's fields)
#                    are listed, not errors; --fail-on counts only what NEW
#                    gained; a missing file, invalid JSON and a JSON file that
#                    is not a report are refused with exit 2, naming the file
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init diff

mkdir a b
for i in 1 2 3; do echo "contact: jan.peeters$i@example.org"; done >a/contacts.txt
cp a/contacts.txt b/
printf 'Rekening IBAN BE71 0961 2345 6769 van de klant\nDiefstal gemeld, proces-verbaal wegens diefstal\n' >b/pay.txt

lsrun scan --no-progress -j1 --format json -o a.json a
want_rc 0 "scan a"
lsrun scan --no-progress -j1 --format json -o b.json b
want_rc 0 "scan b"

# --- diff --------------------------------------------------------------------------
lsrun diff a.json b.json
want_rc 0 "diff a b"
out_has '^Categories: 2 gained, 0 lost, 0 changed, 1 unchanged$' || fail_later "diff: category counts"
out_has '^  + iban  *findings 0 -> 1 (+1), unique 0 -> 1 (+1), files 0 -> 1 (+1)' ||
    fail_later "diff: iban gained line"
out_has '^  severity: low (1.75) -> very high (4.00)$' || fail_later "diff: severity before/after"
out_has '^  data subjects: 3 -> 3$' || fail_later "diff: data subjects before/after"
out_has '^  GDPR classes gained: criminal, financial; lost: none$' || fail_later "diff: classes"
lsrun diff b.json a.json
out_has '^  - criminal_offence ' || fail_later "diff b a: criminal_offence not lost"
out_has '^  GDPR classes gained: none; lost: criminal, financial$' || fail_later "diff b a: classes lost"
lsrun diff --fail-on iban,severity\>=high a.json b.json
want_rc 1 "diff --fail-on iban a b"
out_has '^--fail-on gained: iban: 1 findings, severity very high$' || fail_later "diff --fail-on: gained list"
lsrun diff --fail-on iban,severity\>=high b.json a.json
want_rc 0 "diff --fail-on iban b a (lost, not gained)"
lsrun diff --fail-on email a.json b.json
want_rc 0 "diff --fail-on email a b (held before)"
lsrun diff --fail-on nope a.json b.json
want_rc 2 "diff --fail-on nope"

# JSON, and reports of another shape: NEW with an exposure member and a section
# OLD lacks (another version's fields), OLD without data_subjects.
"$PY" - a.json b.json <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
del a["exposure"]["data_subjects"]
b["exposure"]["persons"] = {"estimate": 2, "basis": "test"}
b["exposure"]["date_span"]["basis"] = "changed basis"
b["extra_section"] = {"x": 1}
json.dump(a, open("a2.json", "w")); json.dump(b, open("b2.json", "w"))
PY
set +e
$TIMEOUT "$LEAKSCAN" diff --format json --fail-on criminal a2.json b2.json >d.json 2>stderr.log
RC=$?
set -e
want_rc 1 "diff --format json --fail-on criminal a2 b2"
"$PY" - d.json <<'PY' || fail_later "diff --format json: content"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["categories"]
assert d["schema"] == "leakscan-diff/1", d["schema"]
assert c["gained"] == ["iban", "criminal_offence"], c["gained"]
assert c["lost"] == [] and c["unchanged"] == 1, c
assert c["items"]["iban"]["findings"] == {"old": 0, "new": 1}, c["items"]["iban"]
assert c["items"]["iban"]["status"] == "gained"
x = d["exposure"]
assert x["severity"]["new"]["level"] == "very high", x["severity"]
assert x["data_subjects"]["old"] is None and x["data_subjects"]["new"]["estimate"] == 3, x
assert x["only_new"] == ["persons"], x["only_new"]
assert x["gdpr_classes"]["gained"] == ["criminal", "financial"], x["gdpr_classes"]
assert d["sections_only_new"] == ["extra_section"], d["sections_only_new"]
assert d["fail_on"] == {"conditions": ["criminal"], "gained": ["GDPR class criminal present"]}, d["fail_on"]
PY
lsrun diff a2.json b2.json
want_rc 0 "diff a2 b2 (text)"
out_has '^  only in NEW: persons$' || fail_later "diff text: exposure member only in NEW"
out_has '^Sections only in NEW: extra_section$' || fail_later "diff text: section only in NEW"
out_has '^  data subjects: - -> 3$' || fail_later "diff text: data subjects missing in OLD"

# Bad inputs: each named.
lsrun diff a.json missing.json
want_rc 2 "diff with a missing file"
out_has '^leakscan diff: missing.json: No such file or directory$' || fail_later "missing file: message"
printf '{"schema": "leakscan-report/1", ' >broken.json
lsrun diff broken.json a.json
want_rc 2 "diff with invalid JSON"
out_has '^leakscan diff: broken.json: not valid JSON (line 1' || fail_later "invalid JSON: message"
echo '{"schema": "something-else/2"}' >other.json
lsrun diff a.json other.json
want_rc 2 "diff with a JSON file that is not a report"
out_has '^leakscan diff: other.json: not a leakscan report' || fail_later "not a report: message"
lsrun diff a.json
want_rc 2 "diff with one file"
lsrun diff --format yaml a.json b.json
want_rc 2 "diff --format yaml"
lsrun diff --help
want_rc 0 "diff --help"
out_has '^Usage: leakscan diff' || fail_later "diff --help"
e2e_exit
