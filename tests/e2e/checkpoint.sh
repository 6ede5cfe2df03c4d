#!/bin/sh
# tests/e2e/checkpoint.sh — scan --checkpoint FILE resumes a scan that was
# killed or interrupted, and ends with the uninterrupted scan's report
# (docs/partial.md, "Checkpoints"):
#  - part of a generated leak (fixtures/mkleak) scanned whole, then with
#    --checkpoint, killed (SIGKILL) once its first checkpoint was written, and
#    resumed by the same command: the JSON reports are equal but for the
#    run's timing fields, at -j1 and -j2; the resumed run says how many
#    units it skipped (more than none, fewer than all); FILE and FILE.key
#    are 0600 while the scan is unfinished and gone once it is complete;
#  - the same for one .tar.gz given alone (its first-level entries are the
#    units);
#  - SIGINT: the scan stops, writes a report marked incomplete and its
#    checkpoint; the same command resumes it to the whole report;
#  - refused, naming FILE, exit 2, the checkpoint left as it was: another
#    rule-pack set, other PATHs, another key, other settings, a damaged
#    checkpoint; --checkpoint inside a PATH, with --inventory.
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

# kill_and_resume NAME INPUT JOBS WHOLE: the scan of INPUT with a
# checkpoint, killed midway, resumed; its report NAME.json equals WHOLE
kill_and_resume() {
    name=$1 input=$2 jobs=$3 whole=$4
    rm -f ck ck.key ck.tmp
    start_scan scan "-j$jobs" --no-progress $date $ck --format json -o "$name.json" "$input"
    stop_midway KILL
    [ "$RC" -eq 137 ] || fail "$name: the killed scan exited $RC, not 137 (SIGKILL)"
    [ -s ck ] || fail "$name: no checkpoint after the kill"
    [ "$(stat -c %a ck)" = 600 ] || fail_later "$name: ck is not 0600"
    [ "$(stat -c %a ck.key)" = 600 ] || fail_later "$name: ck.key is not 0600"
    run_scan 0 scan "-j$jobs" --no-progress $date $ck --format json -o "$name.json" "$input"
    cp stderr.log "$name.resume.log"
    inv same-report "$whole" "$name.json" ||
        fail_later "$name: the killed and resumed scan's report differs from the whole scan's"
    [ ! -e ck ] && [ ! -e ck.key ] || fail_later "$name: ck or ck.key left after a complete scan"
}

# 1. A tree, killed at -j1 and at -j2.
run_scan 0 scan -j2 --no-progress $date --format json -o tree.whole.json in
total=$(find in -type f | wc -l)
for j in 1 2; do
    kill_and_resume "tree$j" in "$j" tree.whole.json
    n=$(resumed_units "tree$j.resume.log")
    [ "${n:-0}" -gt 0 ] && [ "$n" -lt "$total" ] ||
        fail_later "tree$j: the resumed scan skipped ${n:-no} units of $total"
    grep -q "checkpoint: $n units done before were skipped" "tree$j.resume.log" ||
        fail_later "tree$j: the resumed scan does not say it skipped $n units"
done

# 2. One .tar.gz given alone: its first-level entries are the units.
run_scan 0 scan -j2 --no-progress $date --format json -o tar.whole.json in.tar.gz
for j in 1 2; do
    kill_and_resume "tar$j" in.tar.gz "$j" tar.whole.json
    e=$(sed -n 's/.*and \([0-9]*\) first-level entries of in.tar.gz.*/\1/p' "tar$j.resume.log")
    [ "${e:-0}" -gt 0 ] && [ "$e" -lt "$total" ] ||
        fail_later "tar$j: the resumed scan skipped ${e:-no} entries of $total"
done

# 3. SIGINT: the report of what was done (incomplete), a checkpoint, and
# the same command finishes the scan.
rm -f ck ck.key
start_scan scan -j2 --no-progress $date $ck --format json -o int.json in
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
run_scan 0 scan -j2 --no-progress $date $ck --format json -o int.json in
n=$(resumed_units stderr.log)
[ "${n:-0}" -gt 0 ] || fail_later "SIGINT: the resumed scan skipped no unit"
inv same-report tree.whole.json int.json ||
    fail_later "SIGINT: the resumed scan's report differs from the whole scan's"

# 4. Refused: a checkpoint of another scan, damaged, misplaced.
rm -f ck ck.key
start_scan scan -j2 --no-progress $date $ck --format json -o ref.json in
stop_midway KILL
cp ck ck.saved
cp ck ck.good
head -c 32 /dev/urandom >otherkey
# refused CASE ARGS...: exit 2, a message naming ck and saying why
refused() {
    why=$1
    shift
    run_scan 2 scan -j2 --no-progress $date $ck --format json -o ref.json "$@"
    grep -q "^leakscan: ck: .*$why" stderr.log || {
        cat stderr.log >&2
        fail_later "refused ($why): the message does not name ck or say why"
    }
    cmp -s ck ck.saved || fail_later "refused ($why): the checkpoint was changed"
}
refused "another rule-pack set" --rules-only "$LS_SRCDIR/rules/police.yaml" in
refused "other PATHs" in/pv
refused "other PATHs" in in.tar.gz
refused "another key" --key-file otherkey in
refused "other settings" --min-confidence high in
refused "other settings" --max-record-bytes 100000 in
"$PY" - ck <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 1
open(p, "wb").write(b)
PY
cp ck ck.saved
refused "checksum does not match" in
cp ck.good ck
run_scan 2 scan --no-progress --checkpoint in/pv/ck in
grep -q "inside in, which is scanned" stderr.log || fail_later "a checkpoint inside a PATH is not refused"
[ ! -e in/pv/ck.key ] || fail_later "a refused checkpoint inside a PATH left its key there"
run_scan 2 scan --no-progress --checkpoint ck --inventory inv.jsonl in
grep -q "cannot be combined with --inventory" stderr.log ||
    fail_later "--checkpoint with --inventory is not refused"
# the refusals left it whole: it still resumes
run_scan 0 scan -j2 --no-progress $date $ck --format json -o ref.json in
inv same-report tree.whole.json ref.json ||
    fail_later "resumed after the refusals: the report differs from the whole scan's"
e2e_exit
