#!/usr/bin/env bash
# contrib/slurm/submit.sh — scan a leak as N shards on a Slurm cluster: a job
# array of N tasks (shard.sbatch, one shard each) and a merge job
# (merge.sbatch) that runs once every task has succeeded.  See README.md.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: submit.sh -n N -k KEYFILE -o OUTDIR [option]... PATH...
  -n N        number of shards = array tasks (1-65536)
  -k KEYFILE  fingerprint key shared by the shards; made (32 random bytes,
              mode 0600) when it does not exist
  -o OUTDIR   folder of the merged reports
  -w WORKDIR  folder of the partials and job logs (default OUTDIR/partials);
              OUTDIR, WORKDIR, KEYFILE and PATH must be on a file system
              every node sees, at the same path
  -f FORMATS  report formats (default text,json)
  -c CPUS     CPUs (and leakscan worker threads) per task (default 1)
  -L PROGRAM  the leakscan binary (default: leakscan on PATH)
  -x OPTIONS  further scan options, e.g. -x '--passwords pw.txt'
  -s OPTIONS  further sbatch options for both jobs, e.g. -s '-p long -t 8:00:00'
  -m MAX      at most MAX tasks running at once
  -t LIST     only these array indexes (0-based, e.g. 3 or 1,5-6): re-run
              tasks that failed, with the same other arguments
Prints array_job=ID and merge_job=ID.
USAGE
    exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
n='' key='' out='' work='' formats=text,json cpus=1 leakscan='' scan_opts='' sbatch_opts='' max='' tasks=''
while getopts n:k:o:w:f:c:L:x:s:m:t:h opt; do
    case $opt in
    n) n=$OPTARG ;;
    k) key=$OPTARG ;;
    o) out=$OPTARG ;;
    w) work=$OPTARG ;;
    f) formats=$OPTARG ;;
    c) cpus=$OPTARG ;;
    L) leakscan=$OPTARG ;;
    x) scan_opts=$OPTARG ;;
    s) sbatch_opts=$OPTARG ;;
    m) max=$OPTARG ;;
    t) tasks=$OPTARG ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$n" ] && [ -n "$key" ] && [ -n "$out" ] && [ $# -gt 0 ] || usage
case $n in '' | *[!0-9]* | 0) echo "submit.sh: -n wants a positive number, not '$n'" >&2; exit 2 ;; esac

if [ -z "$leakscan" ]; then
    leakscan=$(command -v leakscan) || { echo "submit.sh: no leakscan on PATH (use -L)" >&2; exit 2; }
fi
leakscan=$(realpath "$leakscan")
out=$(realpath -m "$out")
work=$(realpath -m "${work:-$out/partials}")
key=$(realpath -m "$key")
mkdir -p "$work/logs" "$out"
if [ ! -e "$key" ]; then
    (umask 077 && head -c 32 /dev/urandom >"$key")
    echo "submit.sh: made the key file $key (keep it to re-run a task)" >&2
fi

# Everything the jobs need travels in their environment.
export LS_LEAKSCAN=$leakscan LS_SHARDS=$n LS_KEY_FILE=$key LS_WORK=$work LS_OUT=$out \
    LS_FORMATS=$formats LS_SCAN_OPTS=$scan_opts
range=${tasks:-0-$((n - 1))}${max:+%$max}
# sbatch_opts is split on spaces on purpose.
# shellcheck disable=SC2086
array=$(sbatch --parsable --array="$range" --cpus-per-task="$cpus" \
    --output="$work/logs/shard-%a.out" --export=ALL $sbatch_opts \
    "$here/shard.sbatch" "$@")
array=${array%%;*}
# --kill-on-invalid-dep: if a task fails the merge is cancelled rather than
# left pending for ever.
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
    --output="$work/logs/merge-%j.out" --export=ALL $sbatch_opts "$here/merge.sbatch")
merge=${merge%%;*}
echo "array_job=$array"
echo "merge_job=$merge"
