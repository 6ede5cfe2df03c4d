#!/bin/sh
# tests/e2e/shard.sh — a scan cut into shards and merged gives the whole
# scan's report (docs/partial.md):
#  - part of a generated leak (fixtures/mkleak: police reports, mail, three
#    days of ANPR, the database dumps, personnel files) scanned whole and as 4 shards
#    (--shard K/4 --partial, one --key-file) merged by leakscan merge: the
#    JSON reports are equal but for the run's timing fields (categories,
#    distinct counts, records, persons, minors, profiles, inventory
#    counts, problems, files with findings), the distinct values too; the
#    shards' inventories together are the whole scan's, each line once;
#  - the same for one .tar.gz given alone (shared out by its entries): its
#    own inventory line is written by one shard only;
#  - with every distinct set a HyperLogLog sketch (--exact-distinct 0), the
#    merge equals the whole scan, each count is marked as an estimate and
#    lies within 2 % of the exact count;
#  - merge writes every format (--output-dir), SARIF from the shards'
#    findings put together;
#  - refused, naming the file, exit 2: a partial of another key, of another
#    rule-pack set (in the scan, or loaded by merge), of another schema
#    version, a damaged one, a file that is not a partial, a shard missing
#    or given twice, another --key-file at merge; --partial without
#    --key-file, and bad --shard values.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init shard

"$MKLEAK" --seed 3 --scale 1 --out gen >/dev/null
mkdir in in/anpr
for d in pv mail db personnel; do
    cp -R "gen/leak/$d" "in/$d"
done
cp -R gen/leak/anpr/2019 in/anpr/2019 # three days of cameras: profiles, not 17 MB
"$PY" - in in.tar.gz <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[2], "w:gz") as t:
    t.add(sys.argv[1], "leak")
PY
# A fixed key: the sketches' estimates below are then the same on every run
# (under a random key, a count of 37 came out 36 about once in a hundred
# runs: two of its values' hashes sharing a register; 2 % of 37 is under one).
printf '0123456789abcdef0123456789abcdef' >key
head -c 32 /dev/urandom >key2
date="--scan-date 2026-06-30"

# scan_shards NAME INPUT [OPTIONS...]: the 4 shards of INPUT, NAME.K.part
# and NAME.K.inv (their inventories)
scan_shards() {
    name=$1
    input=$2
    shift 2
    for k in 1 2 3 4; do
        run_scan 0 scan -j2 --no-progress $date --key-file key --shard $k/4 \
            --partial "$name.$k.part" --inventory "$name.$k.inv" --findings "$name.$k.find" \
            "$@" "$input"
        [ -s "$name.$k.part" ] || fail "shard $k/4 of $input wrote no partial"
        [ "$(stat -c %a "$name.$k.part")" = 600 ] || fail_later "$name.$k.part is not 0600"
    done
}

# same_as_whole NAME INPUT: the whole scan of INPUT and the merge of its
# shards agree
same_as_whole() {
    name=$1
    input=$2
    run_scan 0 scan -j2 --no-progress $date --key-file key --format json -o "$name.whole.json" \
        --inventory "$name.whole.inv" "$input"
    run_scan 0 merge --format json -o "$name.merged.json" "$name.1.part" "$name.2.part" \
        "$name.3.part" "$name.4.part"
    inv same-report "$name.whole.json" "$name.merged.json" ||
        fail_later "$input: the merged report of 4 shards differs from the whole scan's"
    cat "$name.1.inv" "$name.2.inv" "$name.3.inv" "$name.4.inv" >"$name.shards.inv"
    inv same-inventory "$name.whole.inv" "$name.shards.inv" ||
        fail_later "$input: the shards' inventories together are not the whole scan's"
    "$PY" - "$name.whole.json" "$name.merged.json" "$name".?.inv <<'PY' || fail_later "$input: $name"
import json, sys
w, m = (json.load(open(p)) for p in sys.argv[1:3])
assert w["memory"]["distinct_values"] == m["memory"]["distinct_values"], "distinct values"
assert w["memory"]["distinct_sets_bytes"] == m["memory"]["distinct_sets_bytes"], "set bytes"
assert w["exposure"]["persons"]["count"] > 100, "too few persons to tell"
assert sum(c["unique"] for c in w["categories"].values()) > 1000, "too few distinct values"
for p in sys.argv[3:]:  # every shard did a share of the work
    n = sum(1 for _ in open(p))
    assert n >= w["scan"]["files"]["total"] // 10, "%s: %d lines only" % (p, n)
PY
}

scan_shards dir in
same_as_whole dir in
scan_shards tgz in.tar.gz
same_as_whole tgz in.tar.gz
n=$(cat tgz.?.inv | grep -c '"path":"in.tar.gz"') || true
[ "$n" = 1 ] || fail_later "in.tar.gz's own line is in $n shard inventories, want 1"

# compressed entries of a lone archive: each entry's document goes with the
# entry (its own path hashes elsewhere, and was once dropped by its shard)
mkdir gz
for i in 1 2 3 4 5 6; do
    gzip -c in/personnel/personeelslijst.csv >"gz/p$i.csv.gz"
done
tar -czf gz.tar.gz -C gz p1.csv.gz p2.csv.gz p3.csv.gz p4.csv.gz p5.csv.gz p6.csv.gz
scan_shards gzt gz.tar.gz
run_scan 0 scan -j2 --no-progress $date --key-file key --format json -o gzt.whole.json gz.tar.gz
run_scan 0 merge --format json -o gzt.merged.json gzt.1.part gzt.2.part gzt.3.part gzt.4.part
inv same-report gzt.whole.json gzt.merged.json ||
    fail_later "compressed entries of a lone archive: the merge differs from the whole scan"

# sketches forced on (--exact-distinct 0): the merge equals the whole scan
# with sketches, every category says it is an estimate, each within 2 % of
# the exact count
run_scan 0 scan -j2 --no-progress $date --key-file key --exact-distinct 0 --format json \
    -o hll.whole.json in
for k in 1 2 3 4; do
    run_scan 0 scan -j2 --no-progress $date --key-file key --exact-distinct 0 --shard $k/4 \
        --partial "hll.$k.part" in
done
run_scan 0 merge --format json -o hll.merged.json hll.1.part hll.2.part hll.3.part hll.4.part
inv same-report hll.whole.json hll.merged.json ||
    fail_later "sketches: the merged report of 4 shards differs from the whole scan's"
"$PY" - dir.whole.json hll.merged.json <<'PY' || fail_later "sketches: estimates"
import json, sys
exact, est = (json.load(open(p))["categories"] for p in sys.argv[1:])
assert exact.keys() == est.keys(), "categories differ"
for k, c in exact.items():
    e = est[k]
    assert e.get("unique_estimated") is True, k + ": not marked as an estimate"
    assert 0 < e["unique_standard_error"] < 0.01, k + ": standard error"
    assert abs(e["unique"] - c["unique"]) <= 0.02 * c["unique"], \
        "%s: %d estimated, %d exact" % (k, e["unique"], c["unique"])
    assert (e["findings"], e["records"], e["files"]) == (c["findings"], c["records"], c["files"]), k
assert all("unique_estimated" not in c for c in exact.values()), "exact counts marked as estimates"
PY
run_scan 0 merge --format text -o hll.txt hll.1.part hll.2.part hll.3.part hll.4.part
grep -q "unique estimated" hll.txt || fail_later "sketches: the text report does not say so"
lsrun merge --format json -o mixed.json dir.1.part dir.2.part dir.3.part hll.4.part >/dev/null
want_rc 2 "merge of shards with another --exact-distinct"

# every format, SARIF from the shards' findings lines
cat dir.1.find dir.2.find dir.3.find dir.4.find >dir.find
run_scan 0 merge --format text,json,csv,sarif,notification,html --output-dir out \
    --findings dir.find --key-file key dir.1.part dir.2.part dir.3.part dir.4.part
for f in report.txt report.json report-categories.csv report-files.csv report.sarif \
    notification.md report.html; do
    [ -s "out/$f" ] || fail_later "merge --output-dir: out/$f is missing or empty"
done
inv same-report dir.whole.json out/report.json || fail_later "merge --output-dir report.json"

# refusals: exit 2 and the file named
# refused WHY FILE ARGS...: merge ARGS is refused with a message naming FILE
refused() {
    why=$1
    file=$2
    shift 2
    lsrun merge --format json -o refused.json "$@" >/dev/null
    want_rc 2 "merge of $why"
    printf '%s\n' "$OUT" | grep -q -- "$file" || fail_later "merge of $why: message does not name $file: $OUT"
    [ ! -e refused.json ] || fail_later "merge of $why wrote a report"
}

run_scan 0 scan -j2 --no-progress $date --key-file key2 --shard 2/4 --partial other-key.part in
refused "another key" other-key.part dir.1.part other-key.part dir.3.part dir.4.part
printf '%s\n' "$OUT" | grep -q "another key" || fail_later "another key: not said: $OUT"
refused "a --key-file of another key" dir.1.part --key-file key2 dir.1.part dir.2.part \
    dir.3.part dir.4.part

extra="$LS_SRCDIR/tests/e2e/data/user_pack.yaml"
run_scan 0 scan -j2 --no-progress $date --key-file key --rules "$extra" --shard 3/4 \
    --partial other-rules.part in
refused "another rule-pack set" other-rules.part dir.1.part dir.2.part other-rules.part dir.4.part
refused "packs merge did not load" dir.1.part --rules "$extra" dir.1.part dir.2.part \
    dir.3.part dir.4.part

"$PY" - dir.4.part v9.part <<'PY'
import hashlib, struct, sys
b = bytearray(open(sys.argv[1], "rb").read()[:-32])
b[8:12] = struct.pack("<I", 9)
open(sys.argv[2], "wb").write(bytes(b) + hashlib.blake2b(bytes(b), digest_size=32).digest())
PY
refused "another schema version" v9.part dir.1.part dir.2.part dir.3.part v9.part
printf '%s\n' "$OUT" | grep -q "version 9" || fail_later "schema version: not said: $OUT"
head -c 5000 dir.2.part >cut.part
refused "a cut partial" cut.part dir.1.part cut.part dir.3.part dir.4.part
refused "a report given as a partial" dir.whole.json dir.1.part dir.whole.json dir.3.part \
    dir.4.part
refused "a missing shard" "shard 3/4 is missing" dir.1.part dir.2.part dir.4.part
refused "a shard twice" dir.2.part dir.1.part dir.2.part dir.2.part dir.3.part dir.4.part

lsrun scan --shard 1/4 --partial nokey.part in
want_rc 2 "--partial without --key-file"
printf '%s\n' "$OUT" | grep -q -- "--key-file" || fail_later "--partial without --key-file: $OUT"
for bad in 0/4 5/4 4 a/b 1/0 2/; do
    lsrun scan --shard "$bad" --key-file key --partial bad.part in
    want_rc 2 "--shard $bad"
done
lsrun merge --jobs 2 dir.1.part
want_rc 2 "a scan option given to merge"
e2e_exit
