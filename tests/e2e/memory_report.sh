#!/bin/sh
# tests/e2e/memory_report.sh — the distinct-value sets and the report's
# "memory" object, end to end.
#
# A CSV made here holds 200 000 e-mail addresses drawn with repeats from
# 150 000 (so the sets grow past the size where their tables are mapped
# pages) and as many IPv4 addresses.  Checks: "unique" for e-mail equals the
# distinct addresses counted by Python (the reference); with -j1 and -j2 and
# one key the reports agree and memory.distinct_sets_bytes and
# distinct_values are the same (they depend only on the values and the key:
# the key decides how the values spread over shards); distinct_values is the
# sum of the
# categories' "unique"; the sets take 8 to 16 bytes a value (plus a fixed
# part per set); the peak RSS is reported and above the sets; the text
# report has its Memory line.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init memory_report

"$PY" - <<'PY'
import random
r = random.Random(5)
with open("mails.csv", "w") as f:
    f.write("id;email;ip\n")
    for i in range(200000):
        k = r.randrange(150000)
        f.write("%d;user%d@example.org;10.%d.%d.%d\n" % (i, k, k % 250, (k // 250) % 250, r.randrange(1, 250)))
PY
head -c 32 /dev/urandom >key
run_scan 0 scan -j1 --no-progress --key-file key --format json -o r1.json mails.csv
run_scan 0 scan -j2 --no-progress --key-file key --format json -o r2.json mails.csv
inv same-report r1.json r2.json
run_scan 0 scan -j2 --no-progress -o r2.txt mails.csv
grep -q '^Memory: *[0-9.]* [KM]iB of distinct-value sets ([0-9]* values), peak RSS [0-9.]* MiB$' r2.txt ||
    fail "the text report has no Memory line: $(grep -n Memory r2.txt || true)"
"$PY" - <<'PY' || fail "memory object checks failed"
import csv, json, sys

emails = set()
with open("mails.csv") as f:
    for row in csv.DictReader(f, delimiter=";"):
        emails.add(row["email"].lower())
r1, r2 = (json.load(open(p)) for p in ("r1.json", "r2.json"))
bad = []
if r1["categories"]["email"]["unique"] != len(emails):
    bad.append("email unique %d, the reference %d" % (r1["categories"]["email"]["unique"], len(emails)))
for name, r in (("-j1", r1), ("-j2", r2)):
    m = r["memory"]
    total = sum(c["unique"] for c in r["categories"].values())
    if m["distinct_values"] != total:
        bad.append("%s: distinct_values %d, sum of unique %d" % (name, m["distinct_values"], total))
    nsets = len(r["categories"])
    # 8-byte slots at most 4/5 full, grown by half, tables rounded to pages:
    # 10 to 15 bytes a value, plus per set 16 shards (16 bytes and < 1 page each)
    lo, hi = 10 * total, 15 * total + nsets * 16 * (16 + 4096)
    if not lo <= m["distinct_sets_bytes"] <= hi:
        bad.append("%s: sets %d bytes for %d values, want %d..%d" % (name, m["distinct_sets_bytes"], total, lo, hi))
    if m["distinct_sets_scan_bytes"] < m["distinct_sets_bytes"] // 2:
        bad.append("%s: scan sets %d bytes, merged %d" % (name, m["distinct_sets_scan_bytes"], m["distinct_sets_bytes"]))
    if m["peak_rss_bytes"] <= m["distinct_sets_bytes"]:
        bad.append("%s: peak RSS %d not above the sets' %d bytes" % (name, m["peak_rss_bytes"], m["distinct_sets_bytes"]))
for k in ("distinct_values", "distinct_sets_bytes"):
    if r1["memory"][k] != r2["memory"][k]:
        bad.append("%s: -j1 %d, -j2 %d" % (k, r1["memory"][k], r2["memory"][k]))
for b in bad:
    print("memory_report:", b)
sys.exit(1 if bad else 0)
PY
e2e_exit
