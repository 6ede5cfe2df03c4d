#!/bin/sh
# tests/e2e/sample.sh — scan --sample FRACTION --seed N (docs/sampling.md)
# against the whole scan of a generated leak (fixtures/mkleak, scale 1: 417
# files, a few hundred units):
#  - --sample 1 reports the whole scan's totals with zero-width intervals,
#    and its other sections equal the whole scan's;
#  - --sample 0.2 and 0.5 over 8 seeds each: per category seen in at least
#    5 sampled units, the 95 % interval of the report's estimator covers the
#    whole scan's total in at least 80 % of the (category, seed, measure)
#    cases; the rates of the three estimators are printed;
#  - a seed gives the same sample and report at -j1 and -j2; two seeds give
#    other units; the inventory holds the sampled units only;
#  - one .tar.gz given alone is sampled by its first-level entries (its
#    number of entries is the population), --sample 1 equals its whole scan;
#  - every report format says the run is a sample and marks the estimates;
#  - bad --sample/--seed values and --sample with --shard, --partial,
#    --checkpoint or merge are refused (exit 2, with a message).
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init sample

"$MKLEAK" --seed 3 --scale 1 --out gen >/dev/null
date="--scan-date 2026-06-30"
run_scan 0 scan -j2 $date --no-progress --format json -o full.json gen/leak
run_scan 0 scan -j2 $date --no-progress --sample 1 --format json -o all.json gen/leak

# check.py MODE ARGS: the checks on the JSON reports (below).
cat >check.py <<'PY'
import json, sys

MEASURES = ("findings", "records", "files")


def load(p):
    with open(p) as f:
        return json.load(f)


def exact(full, rep):
    """--sample 1: estimate == ci_low == ci_high == the whole scan's total."""
    s, cats, bad = rep["sample"], load(full)["categories"], 0
    if s["units_sampled"] != s["units_total"] or s["bytes_sampled"] != s["bytes_total"]:
        print("FAIL: --sample 1 did not take every unit: %r" % s, file=sys.stderr)
        bad = 1
    for c, t in cats.items():
        e = s["categories"].get(c)
        for m in MEASURES:
            if e is None or not (e[m]["estimate"] == e[m]["ci_low"] == e[m]["ci_high"] == t[m]):
                print("FAIL: --sample 1, %s %s: %r, whole scan %d" % (c, m, e and e[m], t[m]),
                      file=sys.stderr)
                bad = 1
    if set(s["categories"]) != set(cats):
        print("FAIL: --sample 1 categories differ", file=sys.stderr)
        bad = 1
    return bad


def coverage(full, floor, reps):
    """Coverage of the intervals over (category, seed, measure), categories
    seen in >= 5 sampled units; the report's estimator must reach floor."""
    cats = load(full)["categories"]
    hits, n, primary, width = {}, {}, None, {}
    for p in reps:
        s = load(p)["sample"]
        primary = s["estimator"]
        for c, e in s["categories"].items():
            if e["units_seen"] < 5:
                continue
            ests = dict(e["other_estimators"])
            ests[primary] = e
            for name, v in ests.items():
                for m in MEASURES:
                    t = cats[c][m]
                    hi = v[m]["ci_high"]
                    ok = v[m]["ci_low"] <= t and (hi is None or t <= hi)
                    hits[name] = hits.get(name, 0) + ok
                    if hi is not None and t:
                        width.setdefault(name, []).append((hi - v[m]["ci_low"]) / t)
                    n[name] = n.get(name, 0) + 1
    units = sum(load(p)["sample"]["units_sampled"] for p in reps) / max(len(reps), 1)
    for name in sorted(n):
        w = sorted(width.get(name, [0]))
        print("coverage %-8s %-18s %4d/%-4d = %.3f, median width %.2f of the total "
              "(mean %.0f units sampled)" % (reps[0].split("_")[0], name, hits[name], n[name],
                                             hits[name] / n[name], w[len(w) // 2], units))
    if not n or hits[primary] / n[primary] < floor:
        print("FAIL: the %s intervals cover the whole scan in fewer than %.0f %% of the cases"
              % (primary, floor * 100), file=sys.stderr)
        return 1
    return 0


def same(a, b):
    """The same sample and counts (timing and memory fields aside)."""
    ra, rb = load(a), load(b)
    for k in ("sample", "categories", "records", "exposure", "files_with_findings"):
        if ra.get(k) != rb.get(k):
            print("FAIL: %s and %s differ in %s" % (a, b, k), file=sys.stderr)
            return 1
    return 0


def main():
    mode = sys.argv[1]
    if mode == "exact":
        return exact(sys.argv[2], load(sys.argv[3]))
    if mode == "coverage":
        return coverage(sys.argv[2], float(sys.argv[3]), sys.argv[4:])
    if mode == "same":
        return same(sys.argv[2], sys.argv[3])
    if mode == "field":  # field FILE KEY: prints report["sample"][KEY]
        print(load(sys.argv[2])["sample"][sys.argv[3]])
        return 0
    return 2


sys.exit(main())
PY

# --sample 1: exact totals; its other sections are the whole scan's.
"$PY" check.py exact full.json all.json || fail_later "--sample 1 is not the whole scan"
"$PY" - full.json all.json <<'PY' || fail_later "--sample 1: sections differ from the whole scan"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("categories", "records", "exposure", "files_with_findings"):
    if a[k] != b[k]:
        sys.exit("FAIL: --sample 1 %s differ from the whole scan's" % k)
PY

# Under the sanitizers (make check exports LS_SANITIZERS) the coverage runs
# take 2 seeds at 0.2 (1 for the lone archive) and assert no coverage: the
# samples and their estimates are
# those of the plain build, which asserts it; the sanitizers check the code.
seeds="1 2 3 4 5 6 7 8" tseeds="1 2 3 4" fractions="0.2 0.5" stats=1
case ${LS_SANITIZERS:-no} in
no | "") ;;
*) seeds="1 2" tseeds="1" fractions=0.2 stats= ;;
esac

# 8 seeds at 0.2 and at 0.5: coverage of the intervals.
for f in $fractions; do
    for s in $seeds; do
        run_scan 0 scan -j2 $date --no-progress --sample $f --seed $s --format json \
            -o "f$f"_$s.json gen/leak
    done
    [ -z "$stats" ] || "$PY" check.py coverage full.json 0.80 "f$f"_*.json ||
        fail_later "--sample $f: intervals cover too rarely"
done

# The same seed at -j1 and -j2: the same report; another seed, other units.
run_scan 0 scan -j1 $date --no-progress --sample 0.2 --seed 1 --inventory j1.inv \
    --format json -o j1.json gen/leak
run_scan 0 scan -j2 $date --no-progress --sample 0.2 --seed 1 --inventory j2.inv \
    --format json -o j2.json gen/leak
"$PY" check.py same j1.json j2.json || fail_later "--seed 1: -j1 and -j2 differ"
"$PY" check.py same j1.json f0.2_1.json || fail_later "--seed 1: two runs differ"
run_scan 0 scan -j2 $date --no-progress --sample 0.2 --seed 2 --inventory s2.inv \
    --format json -o /dev/null gen/leak
"$PY" - j1.inv j2.inv s2.inv j1.json <<'PY' || fail_later "the sampled units (inventories)"
import json, sys
def units(p):
    return sorted({json.loads(l)["path"].split("!/")[0] for l in open(p)})
a, b, c = units(sys.argv[1]), units(sys.argv[2]), units(sys.argv[3])
n = json.load(open(sys.argv[4]))["sample"]["units_sampled"]
if a != b:
    sys.exit("FAIL: -j1 and -j2 scanned other units")
if a == c:
    sys.exit("FAIL: seeds 1 and 2 scanned the same units")
if len(a) != n:
    sys.exit("FAIL: the inventory holds %d units, the report says %d sampled" % (len(a), n))
print("seed 1: %d units, seed 2: %d units, %d in both" % (len(a), len(c), len(set(a) & set(c))))
PY

# One archive given alone: its first-level entries are the units.
run_scan 0 scan -j2 $date --no-progress --format json -o tfull.json gen/leak.tar.gz
run_scan 0 scan -j2 $date --no-progress --sample 1 --format json -o tall.json gen/leak.tar.gz
"$PY" check.py exact tfull.json tall.json || fail_later "a lone archive, --sample 1"
ntar=$("$PY" -c 'import sys, tarfile; print(len(tarfile.open(sys.argv[1]).getmembers()))' \
    gen/leak.tar.gz)
for s in $tseeds; do
    run_scan 0 scan -j2 $date --no-progress --sample 0.2 --seed $s --format json \
        -o "tar0.2_$s.json" gen/leak.tar.gz
done
[ "$("$PY" check.py field tar0.2_1.json units_total)" = "$ntar" ] ||
    fail_later "a lone archive: units_total is not its $ntar entries"
[ -z "$stats" ] || "$PY" check.py coverage tfull.json 0.70 tar0.2_*.json ||
    fail_later "a lone archive: intervals cover too rarely"

# A compressed entry of a lone archive is one unit, scanned whole when
# sampled (its member is no unit of its own).
mkdir gz
cp gen/leak/personnel/personeelslijst.csv gz/a.csv
gzip gz/a.csv
cp gen/leak/fines/2021/boetes_2021.csv gz/b.csv
tar -czf gz.tar.gz -C gz a.csv.gz b.csv
run_scan 0 scan -j2 $date --no-progress --format json -o gzfull.json gz.tar.gz
run_scan 0 scan -j2 $date --no-progress --sample 1 --format json -o gzall.json gz.tar.gz
"$PY" check.py exact gzfull.json gzall.json || fail_later "a tar with a .csv.gz, --sample 1"
for s in 1 2 3 4 5 6 7 8; do
    run_scan 0 scan -j2 $date --no-progress --sample 0.5 --seed $s --inventory "gz$s.inv" \
        --format json -o "gz$s.json" gz.tar.gz
done
"$PY" - gz <<'PY' || fail_later "a tar with a .csv.gz: sampled entries"
import json, sys
taken = 0
for s in range(1, 9):
    paths = {json.loads(l)["path"] for l in open("%s%d.inv" % (sys.argv[1], s))}
    n = json.load(open("%s%d.json" % (sys.argv[1], s)))["sample"]["units_sampled"]
    units = {p for p in paths if p.count("!/") == 1}
    if len(units) != n:
        sys.exit("FAIL: seed %d: %d entries in the inventory, %d sampled" % (s, len(units), n))
    if "gz.tar.gz!/a.csv.gz" in units:
        taken += 1
        if "gz.tar.gz!/a.csv.gz!/a.csv" not in paths:
            sys.exit("FAIL: seed %d: a.csv.gz sampled, its member not scanned" % s)
if taken in (0, 8):
    sys.exit("FAIL: a.csv.gz sampled by %d of 8 seeds at 0.5" % taken)
PY

# Every format says it is a sample and marks the estimates.
run_scan 0 scan -j2 $date --no-progress --sample 0.2 --seed 1 \
    --format text,json,csv,sarif,html,notification --findings fl.jsonl --output-dir out gen/leak
grep -q "SAMPLE — ESTIMATES: [0-9]* of 417 units scanned (fraction 0.2, seed 1)" out/report.txt ||
    fail_later "text: no sample banner"
grep -q "In the sampled units only (not totals)" out/report.txt ||
    fail_later "text: the sample's counts are not marked"
grep -q "Sample — estimated totals" out/report.html || fail_later "html: no sample section"
grep -q "not a total" out/report.html || fail_later "html: the sample's counts are not marked"
grep -q "SAMPLE — ESTIMATES" out/notification.md || fail_later "notification: no sample note"
head -1 out/report-categories.csv | grep -q "^category,name,estimated,fraction,seed,units_sampled" ||
    fail_later "csv: not the estimates' columns"
"$PY" - out <<'PY' || fail_later "the formats' sample fields"
import csv, json, sys
d = sys.argv[1]
r = json.load(open(d + "/report.json"))
if r["sample"]["estimated"] is not True or "ESTIMATES" not in r["sample"]["note"]:
    sys.exit("FAIL: json: sample not marked")
rows = list(csv.DictReader(open(d + "/report-categories.csv", newline="")))
if not rows or any(x["estimated"] != "yes" for x in rows):
    sys.exit("FAIL: csv: a row not marked as an estimate")
s = r["sample"]
for k in ("units_sampled", "units_total", "bytes_sampled", "bytes_total"):
    if any(int(x[k]) != s[k] for x in rows):
        sys.exit("FAIL: csv: %s is not the JSON's" % k)
for x in rows:
    e = r["sample"]["categories"][x["category"]]["findings"]
    if int(x["findings_estimate"]) != e["estimate"] or int(x["findings_ci95_low"]) != e["ci_low"]:
        sys.exit("FAIL: csv: %s is not the JSON's estimate" % x["category"])
s = json.load(open(d + "/report.sarif"))["runs"][0]
if s["properties"]["sample"] != r["sample"]:
    sys.exit("FAIL: sarif: run.properties.sample is not the report's")
notes = s["invocations"][0].get("toolExecutionNotifications", [])
if not any("SAMPLE" in n["message"]["text"] for n in notes):
    sys.exit("FAIL: sarif: no notification of the sample")
PY
if [ -n "${LS_SHARED:-}" ] && [ -f "$LS_SHARED/schemas/sarif-schema-2.1.0.json" ]; then
    "$PY" "$E2E_SRC/schema_check.py" sarif out/report.sarif || fail_later "sarif: not valid"
fi

# Refused: exit 2 and a message.
for bad in 0 1.5 -0.1 abc 0.2x "" nan; do
    lsrun scan --sample "$bad" gen/leak/db
    want_rc 2 "--sample '$bad'"
    out_has -- "--sample takes a fraction" || fail_later "--sample '$bad': no message"
done
for bad in -1 x 1.5 ""; do
    lsrun scan --sample 0.5 --seed "$bad" gen/leak/db
    want_rc 2 "--seed '$bad'"
    out_has -- "--seed takes a non-negative integer" || fail_later "--seed '$bad': no message"
done
lsrun scan --seed 3 gen/leak/db
want_rc 2 "--seed without --sample"
out_has -- "--seed N goes with --sample" || fail_later "--seed without --sample: no message"
head -c 32 /dev/urandom >key
lsrun scan --sample 0.5 --shard 1/2 --key-file key --partial p.part gen/leak/db
want_rc 2 "--sample with --shard"
out_has -- "--sample cannot be combined with --shard, --partial or --checkpoint" ||
    fail_later "--sample with --shard: no message"
lsrun scan --sample 0.5 --key-file key --partial p.part gen/leak/db
want_rc 2 "--sample with --partial"
lsrun scan --sample 0.5 --checkpoint ck gen/leak/db
want_rc 2 "--sample with --checkpoint"
[ ! -e ck ] || fail_later "--sample with --checkpoint: a checkpoint was written"
lsrun merge --sample 0.5 p.part
want_rc 2 "merge --sample"
out_has "not of leakscan merge" || fail_later "merge --sample: no message"
e2e_exit
