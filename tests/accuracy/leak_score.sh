#!/bin/sh
# tests/accuracy/leak_score.sh — tests/accuracy/score on a tiny hand-written truth/findings pair:
# per-category precision/recall and the exit codes (0 pass, 1 below, 2 usage).
set -u
: "${LS_SRCDIR:=.}" "${LS_BUILDDIR:=.}" "${PYTHON3:=/usr/bin/python3}"
SCORE="$LS_SRCDIR/tests/accuracy/score"
W="$LS_BUILDDIR/tests-work/leak_score.$$"
rm -rf "$W" && mkdir -p "$W" || exit 99
trap 'rm -rf "$W"' EXIT
fail=0
check() { # name expected-status actual-status
	if [ "$2" != "$3" ]; then echo "FAIL: $1: exit $3, want $2"; fail=1; else echo "ok: $1"; fi
}

cat > "$W/truth.json" <<'J'
{"categories": {}, "occurrences": [
 {"path": "anpr/a.csv", "category": "vehicle_plate_be", "value": "1-ABC-123"},
 {"path": "anpr/a.csv", "category": "vehicle_plate_be", "value": "1ABC123"},
 {"path": "fines/f.csv", "category": "iban", "value": "BE32 1234 5678 9002"},
 {"path": "pv/p.txt", "category": "phone_be", "value": "0470/12.34.56"},
 {"path": "pv/p.txt", "category": "national_register_number_be", "value": "85.07.30-033.28"},
 {"path": "pv/p.txt", "category": "person_name", "value": "Jan  Peeters"},
 {"path": "pv/p.txt", "category": "date_of_birth", "value": "30/07/1985"},
 {"path": "personnel/s.csv", "category": "email", "value": "a.b@police.belgium.eu"}
]}
J
cat > "$W/findings.jsonl" <<'J'
{"path": "leak.tar.gz!/anpr/a.csv", "category": "vehicle_plate_be", "rule": "t", "value": "1abc123", "confidence": "high"}
{"path": "leak.tar.gz!/anpr/a.csv", "category": "vehicle_plate_be", "rule": "t", "value": "2-XYZ-999", "confidence": "high"}
{"path": "x", "category": "iban", "rule": "t", "value": "BE32123456789002", "confidence": "high"}
{"path": "x", "category": "phone_be", "rule": "t", "value": "+32 470 12 34 56", "confidence": "high"}
{"path": "x", "category": "national_register_number_be", "rule": "t", "value": "85073003328", "confidence": "high"}
{"path": "x", "category": "person_name", "rule": "t", "value": "JAN PEETERS", "confidence": "medium"}
{"path": "x", "category": "date_of_birth", "rule": "t", "value": "1985-07-30", "confidence": "medium"}
{"path": "x", "category": "ipv4", "rule": "t", "value": "1.2.3.4", "confidence": "low"}
J

"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" > "$W/out"; st=$?
cat "$W/out"
check "no thresholds" 0 $st
row() { grep "^$1 " "$W/out" | awk '{print $2, $3, $4, $5, $6}'; }
expect_row() {
	got=$(row "$1")
	if [ "$got" != "$2" ]; then echo "FAIL: row $1: '$got', want '$2'"; fail=1; else echo "ok: row $1"; fi
}
expect_row vehicle_plate_be "2 2 1 0.5000 0.5000"
expect_row iban "1 1 1 1.0000 1.0000"
expect_row phone_be "1 1 1 1.0000 1.0000"
expect_row national_register_number_be "1 1 1 1.0000 1.0000"
expect_row person_name "1 1 1 1.0000 1.0000"
expect_row date_of_birth "1 1 1 1.0000 1.0000"
expect_row email "1 0 0 1.0000 0.0000"
expect_row ipv4 "0 1 0 0.0000 1.0000"
expect_row TOTAL "8 8 6 0.7500 0.7500"

"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min vehicle_plate_be=0.5:0.5 >/dev/null; check "min met" 0 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min vehicle_plate_be=0.6:0 >/dev/null; check "min precision missed" 1 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min iban=1:1 --min phone_be=1:1 >/dev/null; check "min exact" 0 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min email=0:0.5 >/dev/null; check "min recall missed" 1 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min-all 0.9:0.9 >/dev/null; check "min-all missed" 1 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min-all 0.9:0.9 --exclude-path personnel/ >/dev/null; check "min-all, email excluded, ipv4 still FP" 1 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min-all 0:0 >/dev/null; check "min-all zero" 0 $?
"$PYTHON3" "$SCORE" "$W/truth.json" >/dev/null 2>&1; check "usage: missing findings" 2 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --min iban >/dev/null 2>&1; check "usage: bad --min" 2 $?
"$PYTHON3" "$SCORE" "$W/truth.json" "$W/findings.jsonl" --bogus >/dev/null 2>&1; check "usage: unknown option" 2 $?
"$PYTHON3" "$SCORE" "$W/nonexistent.json" "$W/findings.jsonl" >/dev/null 2>&1; check "missing truth" 2 $?
# --by-format, --max-format-gap, --report
cat > "$W/truth2.json" <<'J'
{"records": {"anpr_record": 100}, "categories": {"imsi": {"distinct": 3}},
 "files": {"t/u.txt": {"encoding": "utf-16le+crlf"}, "t/p.txt": {"encoding": "utf-8"}},
 "packing": {"units": [{"folder": "pv/2019", "archive": "pv/2019.zip", "format": "zip"}]},
 "occurrences": [
 {"path": "pv/2019/a.docx", "category": "iban", "value": "BE32 1234 5678 9002"},
 {"path": "mail/m.eml!/x.csv", "category": "imsi", "value": "206011234567890"},
 {"path": "t/u.txt", "category": "imsi", "value": "206011234567891"},
 {"path": "t/p.txt", "category": "imsi", "value": "206011234567892"}
]}
J
cat > "$W/findings2.jsonl" <<'J'
{"path": "out/leak.tar.gz!/pv/2019.zip!/a.docx", "category": "iban", "rule": "t", "value": "BE32123456789002", "confidence": "high"}
{"path": "/scans/leak/t/u.txt", "category": "imsi", "rule": "t", "value": "206011234567891", "confidence": "high"}
{"path": "leak/t/p.txt", "category": "imsi", "rule": "t", "value": "206011234567892", "confidence": "high"}
J
echo '{"records": {"anpr_record": {"count": 102}}, "categories": {"imsi": {"unique": 3}}}' > "$W/report2.json"
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --by-format > "$W/out"; check "by format" 0 $?
cat "$W/out"
expect_row docx "1 1 1 1.0000 1.0000"
frow() { grep "^$1 " "$W/out" | awk '{print $(NF-4), $(NF-3), $(NF-2), $(NF-1), $NF}'; }
for f in "mail attachment|1 0 0 1.0000 0.0000" "text UTF-16|1 1 1 1.0000 1.0000" "text UTF-8|1 1 1 1.0000 1.0000"; do
	got=$(frow "${f%%|*}")
	if [ "$got" != "${f#*|}" ]; then echo "FAIL: format ${f%%|*}: '$got', want '${f#*|}'"; fail=1; else echo "ok: format ${f%%|*}"; fi
done
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --max-format-gap 0.01 >/dev/null; check "format gap missed (mail attachment)" 1 $?
grep -v '"iban"' "$W/findings2.jsonl" > "$W/findings3.jsonl"
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --exclude-path mail/ --max-format-gap 0.01 >/dev/null; check "format gap met" 0 $?
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings3.jsonl" --exclude-path mail/ --max-format-gap 0.01 >/dev/null; check "format gap missed (docx)" 1 $?
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --report "$W/report2.json" --max-record-gap 0.02 --max-distinct-gap 0 > "$W/out"; check "record gap 2% met" 0 $?
grep -q "^records anpr_record  *100  *102  *+2.00%" "$W/out" && echo "ok: record row" || { echo "FAIL: record row"; cat "$W/out"; fail=1; }
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --report "$W/report2.json" --max-record-gap 0.01 >/dev/null; check "record gap 1% missed" 1 $?
echo '{"records": {"anpr_record": {"count": 100}}, "categories": {"imsi": {"unique": 2}}}' > "$W/report3.json"
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --report "$W/report3.json" --max-distinct-gap 0.01 >/dev/null; check "distinct gap missed" 1 $?
"$PYTHON3" "$SCORE" "$W/truth2.json" "$W/findings2.jsonl" --report "$W/nonexistent.json" >/dev/null 2>&1; check "missing report" 2 $?
# --by-damage, --min-damage: recall per damage kind at its path, precision of
# the damaged categories in the files the kind occurs in; a field_name row per field
cat > "$W/truth4.json" <<'J'
{"occurrences": [
 {"path": "a.txt", "category": "national_register_number_be", "value": "85073003328", "written": "85O73OO3328", "damage": "ocr_swap"},
 {"path": "a.txt", "category": "national_register_number_be", "value": "64032126780", "written": "64O32126780", "damage": "ocr_swap"},
 {"path": "a.txt", "category": "phone_be", "value": "0470 12 34 56"},
 {"path": "x.csv", "category": "national_register_number_be", "value": "03021404529", "written": "3021404529", "damage": "excel_leading_zero"},
 {"path": "v.csv", "category": "date_of_birth", "value": "1985-07-30", "damage": "field_name", "field": "geb_dat"},
 {"path": "v.csv", "category": "date_of_birth", "value": "1990-01-01", "damage": "field_name", "field": "dob"}
]}
J
cat > "$W/findings4.jsonl" <<'J'
{"path": "leak/a.txt", "category": "national_register_number_be", "value": "85073003328"}
{"path": "leak/a.txt", "category": "national_register_number_be", "value": "99999999999"}
{"path": "leak/a.txt", "category": "phone_be", "value": "+32470123456"}
{"path": "leak/x.csv", "category": "national_register_number_be", "value": "3021404529"}
{"path": "leak/v.csv", "category": "date_of_birth", "value": "30/07/1985"}
J
"$PYTHON3" "$SCORE" "$W/truth4.json" "$W/findings4.jsonl" --by-damage > "$W/out"; check "by damage" 0 $?
cat "$W/out"
drow() { grep "^$1 " "$W/out" | tail -1 | awk '{print $2, $3, $4, $5, $6}'; }
for f in "ocr_swap|2 2 1 0.5000 0.5000" "none|1 1 1 1.0000 1.0000" "excel_leading_zero|1 1 1 1.0000 1.0000" \
	"field_name|2 1 1 1.0000 0.5000" "field_name:geb_dat|1 1 1 1.0000 1.0000" "field_name:dob|1 1 0 1.0000 0.0000"; do
	got=$(drow "${f%%|*}")
	if [ "$got" != "${f#*|}" ]; then echo "FAIL: damage ${f%%|*}: '$got', want '${f#*|}'"; fail=1; else echo "ok: damage ${f%%|*}"; fi
done
"$PYTHON3" "$SCORE" "$W/truth4.json" "$W/findings4.jsonl" --min-damage ocr_swap=0.5:0.5 >/dev/null; check "min-damage met" 0 $?
"$PYTHON3" "$SCORE" "$W/truth4.json" "$W/findings4.jsonl" --min-damage ocr_swap=0.5:0.6 >/dev/null; check "min-damage missed" 1 $?
"$PYTHON3" "$SCORE" "$W/truth4.json" "$W/findings4.jsonl" --min-damage ocr_swap >/dev/null 2>&1; check "usage: bad --min-damage" 2 $?
# --exclude-path drops the findings of the excluded paths too
"$PYTHON3" "$SCORE" "$W/truth4.json" "$W/findings4.jsonl" --exclude-path v.csv --min date_of_birth=1:1 >/dev/null; check "exclude-path drops findings" 0 $?
exit $fail
