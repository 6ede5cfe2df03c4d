#!/bin/sh
# tests/e2e/checkpoint.sh — scan --checkpoint FILE resumes a scan that was
# killed or interrupted, and ends with the uninterrupted scan's report
# (docs/partial.md, "Checkpoints"):
#  - part of a generated leak (fixtures/mkleak) scanned whole, then with
#    --checkpoint, killed (SIGKILL) once its first checkpoint was written,
#    and resumed by the same command, at -j1 and -j2: the JSON reports are
#    equal but for the run's timing fields, the CSV reports equal, the
#    inventories and findings hold the same lines (at -j1 the same bytes,
#    and the SARIF report too but for its times); the resumed run says how
#    many units it skipped (more than none, fewer than all); FILE and its
#    kept inventory are 0600 while the scan is unfinished, and gone once it
#    is complete;
#  - the same for one .tar.gz given alone (its first-level entries are the
#    units); refused once the archive changed;
#  - SIGINT: the scan stops, writes a report marked incomplete and its
#    checkpoint, keeps its inventory aside (not at its path); the same
#    command resumes it to the whole report and inventory;
#  - refused, naming FILE, exit 2, the checkpoint left as it was: another
#    rule-pack set, other PATHs, another key, other settings, without the
#    --inventory it had, its kept inventory gone, a damaged checkpoint;
#    --checkpoint inside a PATH, with --inventory on stdout; inputs done
#    and changed since are named when the scan resumes.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init checkpoint

"$MKLEAK" --seed 3 --scale 1 --out gen >/dev/null
mkdir in in/anpr
for d in pv mail db personnel; do
    cp -R "gen/leak/$d" "in/$d"
done
cp -R gen/leak/anpr/2019 in/anpr/2019
rm -rf gen
"$PY" - in in.tar.gz <<'PY'
import sys, tarfile
with tarfile.open(sys.argv[2], "w:gz") as t:
    t.add(sys.argv[1], "leak")
PY
date="--scan-date 2026-06-30"
# --checkpoint-interval 0: a checkpoint after every unit, so that the scan
# is slow enough to be killed midway and each kill finds a fresh one
ck="--checkpoint ck --checkpoint-interval 0"

# start_scan ARGS...: leakscan ARGS in the background (SIGINT at its
# default, which a shell leaves ignored in a background job), pid in $PID
start_scan() {
    "$PY" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$LEAKSCAN" "$@" 2>bg.log &
    PID=$!
}

# stop_midway SIGNAL: as soon as the background scan has written its first
# checkpoint (one is written only once a unit is done since the last),
# sends it SIGNAL and waits; its exit status in $RC.  Fails when the scan
# ended first.
stop_midway() {
    n=0
    until [ -e ck ]; do
        kill -0 "$PID" 2>/dev/null || {
            cat bg.log >&2
            fail "the scan ended before it could be stopped midway"
        }
        n=$((n + 1))
        [ "$n" -lt 6000 ] || fail "no checkpoint within 60 s"
        sleep 0.01
    done
    kill "-$1" "$PID"
    set +e
    wait "$PID"
    RC=$?
    set -e
}

# resumed_units LOG: N of "resuming from ck: N units done" (0: none)
resumed_units() {
    sed -n 's/.*resuming from ck: \([0-9]*\) units done.*/\1/p' "$1" | head -n 1
}

# kill_and_resume NAME INPUT JOBS WHOLE REPORT OPTION...: the scan of
# INPUT with a checkpoint and OPTIONs (its outputs), killed midway,
# resumed; its JSON report REPORT equals WHOLE
kill_and_resume() {
    name=$1 input=$2 jobs=$3 whole=$4 report=$5
    shift 5
    rm -f ck ck.key ck.tmp
    start_scan scan "-j$jobs" --no-progress $date $ck "$@" "$input"
    stop_midway KILL
    [ "$RC" -eq 137 ] || fail "$name: the killed scan exited $RC, not 137 (SIGKILL)"
    [ -s ck ] || fail "$name: no checkpoint after the kill"
    case " $* " in
    *" --key-file "*) ;;
    *) [ -e ck.key ] || fail_later "$name: no ck.key was made" ;;
    esac
    for f in ck ck.key ".$name.inv.ckpt" ".$name.find.ckpt"; do
        [ ! -e "$f" ] || [ "$(stat -c %a "$f")" = 600 ] || fail_later "$name: $f is not 0600"
    done
    run_scan 0 scan "-j$jobs" --no-progress $date $ck "$@" "$input"
    cp stderr.log "$name.resume.log"
    inv same-report "$whole" "$report" ||
        fail_later "$name: the killed and resumed scan's report differs from the whole scan's"
    [ ! -e ck ] && [ ! -e ck.key ] || fail_later "$name: ck or ck.key left after a complete scan"
}

# same_lines A B JOBS: files A and B hold the same lines (at -j1 the same bytes)
same_lines() {
    if [ "$3" = 1 ]; then
        cmp -s "$1" "$2"
    else
        sort "$1" >sorted.a
        sort "$2" >sorted.b
        cmp -s sorted.a sorted.b
    fi
}

# same_sarif A B: equal but for their times
same_sarif() {
    "$PY" - "$1" "$2" <<'PY'
import json, sys
def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if not k.endswith("TimeUtc")}
    if isinstance(o, list):
        return [strip(v) for v in o]
    return o
a, b = (strip(json.load(open(p))) for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)
PY
}

# Under the sanitizers (make check exports LS_SANITIZERS) parts 1 and 2 run
# at -j2 only: the byte-for-byte checks of -j1 are the plain build's; the
# sanitizers check the code of a kill and a resume, which -j2 runs too.
jobs="1 2"
case ${LS_SANITIZERS:-no} in
no | "") ;;
*) jobs=2 ;;
esac

# 1. A tree, killed at -j1 and at -j2, with the inventory, the findings
# and the CSV and SARIF reports (one key: the findings' fingerprints).
head -c 32 /dev/urandom >key
total=$(find in -type f | wc -l)
for j in $jobs; do
    run_scan 0 scan "-j$j" --no-progress $date --key-file key --inventory whole.inv \
        --findings whole.find --format json,csv,sarif --output-dir whole "in"
    cp whole/report.json tree.whole.json
    kill_and_resume "tree$j" in "$j" tree.whole.json "tree$j/report.json" --key-file key \
        --inventory "tree$j.inv" --findings "tree$j.find" --format json,csv,sarif \
        --output-dir "tree$j"
    [ ! -e ".tree$j.inv.ckpt" ] && [ ! -e ".tree$j.find.ckpt" ] ||
        fail_later "tree$j: the kept inventory or findings are left after the scan"
    for f in report-categories.csv report-files.csv; do
        cmp -s "whole/$f" "tree$j/$f" || fail_later "tree$j: $f differs from the whole scan's"
    done
    same_lines whole.inv "tree$j.inv" "$j" || fail_later "tree$j: the inventory differs"
    same_lines whole.find "tree$j.find" "$j" || fail_later "tree$j: the findings differ"
    [ "$j" = 2 ] || same_sarif whole/report.sarif "tree$j/report.sarif" ||
        fail_later "tree$j: the SARIF report differs"
    n=$(resumed_units "tree$j.resume.log")
    [ "${n:-0}" -gt 0 ] && [ "$n" -lt "$total" ] ||
        fail_later "tree$j: the resumed scan skipped ${n:-no} units of $total"
    grep -q "checkpoint: $n units done before were skipped" "tree$j.resume.log" ||
        fail_later "tree$j: the resumed scan does not say it skipped $n units"
done

# 2. One .tar.gz given alone: its first-level entries are the units.
run_scan 0 scan -j2 --no-progress $date --format json -o tar.whole.json in.tar.gz
for j in $jobs; do
    kill_and_resume "tar$j" in.tar.gz "$j" tar.whole.json "tar$j.json" --format json \
        -o "tar$j.json"
    e=$(sed -n 's/.*and \([0-9]*\) first-level entries of in.tar.gz.*/\1/p' "tar$j.resume.log")
    [ "${e:-0}" -gt 0 ] && [ "$e" -lt "$total" ] ||
        fail_later "tar$j: the resumed scan skipped ${e:-no} entries of $total"
done
# a lone archive changed since its checkpoint: its entries done are known
# by rank only, so it is refused
rm -f ck ck.key
start_scan scan -j2 --no-progress $date $ck --format json -o tarc.json in.tar.gz
stop_midway KILL
touch -d '2001-01-01 00:00' in.tar.gz
run_scan 2 scan -j2 --no-progress $date $ck --format json -o tarc.json in.tar.gz
grep -q "^leakscan: ck: refused: in.tar.gz changed since the checkpoint" stderr.log ||
    fail_later "a lone archive changed since its checkpoint is not refused"
rm -f ck ck.key

# 3. SIGINT: the report of what was done (incomplete), a checkpoint, and
# the same command finishes the scan.
rm -f ck ck.key
start_scan scan -j2 --no-progress $date $ck --inventory int.inv --format json -o int.json in
stop_midway INT
[ "$RC" -eq 130 ] || {
    cat bg.log >&2
    fail "the interrupted scan exited $RC, not 130"
}
grep -q "writing the checkpoint" bg.log || fail_later "SIGINT: no word of the checkpoint"
"$PY" -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert r["scan"]["complete"] is False, "an interrupted scan is not marked incomplete"' int.json ||
    fail_later "SIGINT: the report of the interrupted scan"
[ -s ck ] || fail "SIGINT: no checkpoint"
[ ! -e int.inv ] && [ -s .int.inv.ckpt ] ||
    fail_later "SIGINT: the inventory is not kept aside for the resumed scan"
run_scan 0 scan -j2 --no-progress $date $ck --inventory int.inv --format json -o int.json in
same_lines whole.inv int.inv 2 || fail_later "SIGINT: the resumed scan's inventory differs"
n=$(resumed_units stderr.log)
[ "${n:-0}" -gt 0 ] || fail_later "SIGINT: the resumed scan skipped no unit"
inv same-report tree.whole.json int.json ||
    fail_later "SIGINT: the resumed scan's report differs from the whole scan's"

# 4. Refused: a checkpoint of another scan, damaged, misplaced.
rm -f ck ck.key
start_scan scan -j2 --no-progress $date $ck --inventory ref.inv --format json -o ref.json in
stop_midway KILL
cp ck ck.saved
cp ck ck.good
head -c 32 /dev/urandom >otherkey
# refused CASE ARGS...: exit 2, a message naming ck and saying why
refused() {
    why=$1
    shift
    run_scan 2 scan -j2 --no-progress $date $ck --format json -o ref.json "$@"
    grep -q . stderr.log || fail_later "refused ($why): no message"
    grep -q "^leakscan: ck: .*$why" stderr.log || {
        cat stderr.log >&2
        fail_later "refused ($why): the message does not name ck or say why"
    }
    cmp -s ck ck.saved || fail_later "refused ($why): the checkpoint was changed"
}
refused "another rule-pack set" --inventory ref.inv --rules-only "$LS_SRCDIR/rules/police.yaml" in
refused "other PATHs" --inventory ref.inv in/pv
refused "other PATHs" --inventory ref.inv in in.tar.gz
refused "another key" --inventory ref.inv --key-file otherkey in
refused "other settings" --inventory ref.inv --min-confidence high in
refused "other settings" --inventory ref.inv --max-record-bytes 100000 in
refused "with other --inventory or --findings" in
mv .ref.inv.ckpt ref.inv.saved
refused "the inventory lines of the interrupted scan are lost" --inventory ref.inv in
mv ref.inv.saved .ref.inv.ckpt
"$PY" - ck <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 1
open(p, "wb").write(b)
PY
cp ck ck.saved
refused "checksum does not match" --inventory ref.inv in
cp ck.good ck
run_scan 2 scan --no-progress --checkpoint in/pv/ck in
grep -q "inside in, which is scanned" stderr.log || fail_later "a checkpoint inside a PATH is not refused"
[ ! -e in/pv/ck.key ] || fail_later "a refused checkpoint inside a PATH left its key there"
run_scan 2 scan --no-progress $ck --inventory - in
grep -q "needs --inventory and --findings to be files" stderr.log ||
    fail_later "--checkpoint with --inventory - (stdout) is not refused"
# the refusals left it whole: it still resumes; the inputs done whose time
# changed since are named (their counts are kept)
find in -type f -exec touch -d '2001-01-01 00:00' {} +
run_scan 0 scan -j2 --no-progress $date $ck --inventory ref.inv --format json -o ref.json in
grep -q "changed since the checkpoint ck" stderr.log ||
    fail_later "inputs done and changed since the checkpoint are not named"
same_lines whole.inv ref.inv 2 || fail_later "resumed after the refusals: the inventory differs"
inv same-report tree.whole.json ref.json ||
    fail_later "resumed after the refusals: the report differs from the whole scan's"
e2e_exit
