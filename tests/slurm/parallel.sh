#!/usr/bin/env bash
# tests/slurm/parallel.sh — contrib/parallel/leakscan-parallel.sh end to end
# with GNU parallel on this machine (--sshlogin ':'; make check-slurm).
#
# Scans a synthetic leak (fixtures/mkleak) once in one process, then as 4
# shards run by GNU parallel and merged, and requires the same report
# (compare.py).  Then a shard that fails (a folder stands at its partial's
# path): the script exits 1 without merging and names -r; the same command
# with -r runs only that shard again (the job log says so) and merges the
# same report.  Skips (77) without GNU parallel (make check-slurm installs
# it); fails when leakscan has no `merge` command.
E2E_TIMEOUT=${E2E_TIMEOUT:-900} # each leakscan run (lib.sh), for LS_SLURM_SCALE > 1
. "${LS_SRCDIR:?LS_SRCDIR is not set: run make check-slurm}/tests/e2e/lib.sh"
need_scanner
e2e_init slurm_parallel
command -v parallel >/dev/null 2>&1 ||
    skip "GNU parallel is not installed and \`make check-slurm\` could not install it"
"$LEAKSCAN" merge --help >/dev/null 2>&1 ||
    fail "'leakscan merge --help' fails: this leakscan has no merge command (leakscan scan --shard K/N --partial FILE and leakscan merge, issue 14), which contrib/parallel/ runs"

RUN="$LS_SRCDIR/contrib/parallel/leakscan-parallel.sh"
"$LS_BUILDDIR/fixtures/mkleak" --seed 12 --scale "${LS_SLURM_SCALE:-1}" --out gen >/dev/null ||
    fail "mkleak failed"
rm -f gen/leak.tar.gz gen/truth.json
(umask 077 && head -c 32 /dev/urandom >key)
scan_opts="--passwords $PWD/gen/passwords.txt"
# shellcheck disable=SC2086
$TIMEOUT "$LEAKSCAN" scan --no-progress -j 1 --key-file key $scan_opts \
    --format json -o whole.json gen/leak || fail "the single scan failed"

# run ARGS...: the script with the run's common arguments.
run() {
    $TIMEOUT "$RUN" -n 4 -k key -o out -w work -S : -J 2 -L "$LEAKSCAN" -x "$scan_opts" \
        -f json,text "$@" gen/leak
}

run >run1.out 2>&1 || { cat run1.out >&2; fail "leakscan-parallel.sh failed"; }
for k in 1 2 3 4; do
    [ -s "work/shard-$k-of-4.partial" ] || fail "no partial for shard $k"
done
[ -s out/report.json ] && [ -s out/report.txt ] || fail "no report.json and report.txt in out/"
"$PY" "$LS_SRCDIR/tests/slurm/compare.py" whole.json out/report.json ||
    fail_later "the merged report of 4 shards run by GNU parallel differs from the single scan"
report_schema --format json -o out/report.json

# A shard that fails, then -r.
rm -rf out work
mkdir -p work/shard-2-of-4.partial
if run >run2.out 2>&1; then
    fail "leakscan-parallel.sh exited 0 with shard 2 failing"
fi
grep -q "1 shard(s) failed.*-r" run2.out || fail_later "no message naming the failed shard and -r: $(tail -n 3 run2.out)"
[ ! -e out/report.json ] || fail_later "a report was merged with a shard missing"
rmdir work/shard-2-of-4.partial
run -r >run3.out 2>&1 || { cat run3.out >&2; fail "leakscan-parallel.sh -r failed"; }
# The job log: shards 1, 3, 4 once (exit 0), shard 2 twice (failed, then 0).
runs=$(awk -F'\t' 'NR > 1 { print $NF " " $7 }' work/joblog | sed 's/^.*--shard \([0-9]*\)\/4 .* \([0-9]*\)$/\1:\2/' | sort | paste -sd ' ' -)
echo "job log (shard:exit): $runs"
case "$runs" in
*"2:0"*) ;;
*) fail_later "-r did not run shard 2 again: $runs" ;;
esac
[ "$(awk -F'\t' 'NR > 1' work/joblog | wc -l)" -eq 5 ] ||
    fail_later "the job log has not 5 runs (4, then shard 2 again): $(cat work/joblog)"
"$PY" "$LS_SRCDIR/tests/slurm/compare.py" whole.json out/report.json ||
    fail_later "after -r the merged report differs from the single scan"
rm -rf gen
e2e_exit
