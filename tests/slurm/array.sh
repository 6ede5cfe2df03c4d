#!/usr/bin/env bash
# tests/slurm/array.sh — contrib/slurm/ end to end on a real Slurm cluster
# (make check-slurm; never in make check).
#
# Starts a single-node cluster of its own (cluster.sh: munged, slurmctld,
# slurmd, everything in a temporary folder, stopped by PID on exit, also on
# failure), generates a synthetic leak (fixtures/mkleak, LS_SLURM_SCALE,
# default 1), scans it once in one process, then as 4 shards with
# contrib/slurm/submit.sh (a job array of 4 tasks running leakscan scan
# --shard K/4 --partial, and a merge job after them with
# --dependency=afterok), and requires the merged JSON report to say what
# the single scan says (compare.py).  Then the recovery the README
# describes: a task that fails cancels the merge; re-running its index
# (submit.sh -t) gives the same report again.
# Skips (77) when Slurm is not installed and could not be; fails when
# leakscan has no `merge` command (sharding is what is tested here).
# Prints the cluster's start and stop times and the wall times of the
# sharded run and of the single scan (no timed assertion).
E2E_TIMEOUT=${E2E_TIMEOUT:-900} # each leakscan run (lib.sh), for LS_SLURM_SCALE > 1
. "${LS_SRCDIR:?LS_SRCDIR is not set: run make check-slurm}/tests/e2e/lib.sh"
. "$LS_SRCDIR/tests/slurm/cluster.sh"
need_scanner
e2e_init slurm_array
cluster_have || skip "Slurm is not installed (slurmctld, slurmd, sbatch, munged ...) and \`make check-slurm\` could not install slurm-wlm and munge (see its output)"
"$LEAKSCAN" merge --help >/dev/null 2>&1 ||
    fail "'leakscan merge --help' fails: this leakscan has no merge command (leakscan scan --shard K/N --partial FILE and leakscan merge, issue 14), which contrib/slurm/ runs"
"$LEAKSCAN" scan --help 2>&1 | grep -q -- '--shard' ||
    fail "'leakscan scan --help' lists no --shard option, which contrib/slurm/ runs"

SUBMIT="$LS_SRCDIR/contrib/slurm/submit.sh"
SCALE=${LS_SLURM_SCALE:-1}
export LC_ALL=C # printf %.1f below
now() { date +%s.%N; }
since() { printf "%.1f" "$(echo "$(now) - $1" | bc)"; }

"$LS_BUILDDIR/fixtures/mkleak" --seed 11 --scale "$SCALE" --out gen >/dev/null ||
    fail "mkleak failed"
rm -f gen/leak.tar.gz gen/truth.json # the folder is what is scanned
(umask 077 && head -c 32 /dev/urandom >key)
scan_opts="--passwords $PWD/gen/passwords.txt"

t0=$(now)
# shellcheck disable=SC2086
$TIMEOUT "$LEAKSCAN" scan --no-progress -j "$(nproc)" --key-file key $scan_opts \
    --format json -o whole.json gen/leak || fail "the single scan failed"
whole_s=$(since "$t0")

cluster_traps
CLUSTER_KEEP=$W # the daemons' logs are copied here when the cluster stops
cluster_start || fail "the Slurm cluster did not start (its logs are above)"
echo "cluster up in $(printf %.1f "$CLUSTER_UP") s: $(sinfo -h -N -o '%N %c CPUs %m MB %T')"

# job_state ID: the states of the job (of each task of an array), sorted
# and counted, e.g. "4 COMPLETED".
job_state() {
    scontrol -o show job "$1" 2>/dev/null | sed -n 's/.* JobState=\([A-Z_]*\) .*/\1/p' |
        sort | uniq -c | sed 's/^ *//' | paste -sd ' ' -
}

# wait_jobs SECONDS ID...: until none of the jobs is pending or running.
wait_jobs() {
    local limit=$(($1 * 2)) i=0 id busy
    shift
    while :; do
        busy=
        for id in "$@"; do
            squeue -h -j "$id" -t PENDING,RUNNING,CONFIGURING,COMPLETING 2>/dev/null | grep -q . &&
                busy=1
        done
        [ -n "$busy" ] || return 0
        i=$((i + 1))
        if [ "$i" -ge "$limit" ]; then
            echo "jobs $* still queued or running after $((limit / 2)) s:" >&2
            squeue >&2 || true
            return 1
        fi
        sleep 0.5
    done
}

# submit ARGS...: contrib/slurm/submit.sh with the run's common arguments;
# sets ARRAY and MERGE to the job ids.
submit() {
    local ids
    # shellcheck disable=SC2086
    ids=$("$SUBMIT" -n 4 -k key -o out -w work -L "$LEAKSCAN" -x "$scan_opts" "$@" gen/leak) ||
        fail "submit.sh $* failed"
    ARRAY=$(sed -n 's/^array_job=//p' <<<"$ids")
    MERGE=$(sed -n 's/^merge_job=//p' <<<"$ids")
    [ -n "$ARRAY" ] && [ -n "$MERGE" ] || fail "submit.sh printed no job ids: $ids"
}

# show_logs: the jobs' outputs, for a failure.
show_logs() {
    local f
    for f in work/logs/*; do
        [ -f "$f" ] && { echo "--- $f:"; tail -n 20 "$f"; } >&2
    done
}

# 1. The whole run: 4 array tasks and the merge after them.
t0=$(now)
submit
wait_jobs 1800 "$ARRAY" "$MERGE" || { show_logs; fail "the sharded run did not end"; }
sharded_s=$(since "$t0")
state=$(job_state "$ARRAY")
[ "$state" = "4 COMPLETED" ] || { show_logs; fail "array job $ARRAY: $state (4 COMPLETED wanted)"; }
state=$(job_state "$MERGE")
[ "$state" = "1 COMPLETED" ] || { show_logs; fail "merge job $MERGE: $state"; }
for k in 1 2 3 4; do
    [ -s "work/shard-$k-of-4.partial" ] || fail "no partial for shard $k"
    [ -s "work/logs/shard-$((k - 1)).out" ] || fail "no log for array task $((k - 1))"
done
[ -s out/report.json ] && [ -s out/report.txt ] || { show_logs; fail "the merge wrote no report.json and report.txt"; }
"$PY" "$LS_SRCDIR/tests/slurm/compare.py" whole.json out/report.json ||
    fail_later "the merged report of 4 Slurm array tasks differs from the single scan"
report_schema --format json -o out/report.json

# 2. A task fails (its partial cannot be written: a folder stands at its
# path): the merge job is cancelled, not left pending.  A run of another
# index then leaves the merge failed, naming the index without a partial.
# Re-running that index (-t 2) alone, and a new merge, give the same
# report again.
rm -rf out work/shard-3-of-4.partial
mkdir work/shard-3-of-4.partial
submit -t 2
wait_jobs 600 "$ARRAY" "$MERGE" || { show_logs; fail "the failing run of index 2 did not end"; }
state="$(job_state "$ARRAY") / $(job_state "$MERGE")"
[ "$state" = "1 FAILED / 1 CANCELLED" ] ||
    fail_later "a task failing: $state (array task FAILED, merge CANCELLED wanted)"
rmdir work/shard-3-of-4.partial
submit -t 0
wait_jobs 600 "$ARRAY" "$MERGE" || { show_logs; fail "the run of index 0 did not end"; }
state=$(job_state "$MERGE")
[ "$state" = "1 FAILED" ] || fail_later "merge job $MERGE with a partial missing: $state (FAILED wanted)"
grep -q "array index(es) 2 in .*submit.sh -t 2 " "work/logs/merge-$MERGE.out" ||
    fail_later "the failed merge does not name the missing index 2: $(cat "work/logs/merge-$MERGE.out")"
submit -t 2
wait_jobs 600 "$ARRAY" "$MERGE" || { show_logs; fail "the re-run of index 2 did not end"; }
state="$(job_state "$ARRAY") / $(job_state "$MERGE")"
[ "$state" = "1 COMPLETED / 1 COMPLETED" ] || { show_logs; fail "re-run of index 2: $state"; }
"$PY" "$LS_SRCDIR/tests/slurm/compare.py" whole.json out/report.json ||
    fail_later "after re-running index 2 the merged report differs from the single scan"

cluster_stop
trap - EXIT
echo "timings (scale $SCALE, $(find gen/leak -type f | wc -l) files, $(du -sh gen/leak | cut -f1);" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)):"
printf "  cluster start %.1f s, stop %.1f s\n" "$CLUSTER_UP" "$CLUSTER_DOWN"
echo "  4-task array + merge ${sharded_s} s (1 CPU per task); single scan -j $(nproc) ${whole_s} s"
rm -rf gen
e2e_exit
