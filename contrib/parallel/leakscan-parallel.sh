#!/usr/bin/env bash
# contrib/parallel/leakscan-parallel.sh — scan a leak as N shards with GNU
# parallel, on this machine or over SSH (--sshlogin), then merge the
# partials into the reports.  See README.md.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: leakscan-parallel.sh -n N -k KEYFILE -o OUTDIR [option]... PATH...
  -n N        number of shards
  -k KEYFILE  fingerprint key shared by the shards; made (32 random bytes,
              mode 0600) when it does not exist
  -o OUTDIR   folder of the merged reports
  -w WORKDIR  folder of the partials and the job log (default OUTDIR/partials)
  -S LOGINS   GNU parallel's --sshlogin: hosts to run shards on, comma
              separated, each [N/][user@]host, ':' for this machine
              (default ':'); every host must see KEYFILE, WORKDIR and PATH
              at the same paths (a shared file system) and have leakscan
  -J JOBS     shards at once on each host (default: one per CPU of the host)
  -c THREADS  leakscan worker threads per shard (default 1)
  -f FORMATS  report formats (default text,json)
  -L PROGRAM  the leakscan binary on every host (default: leakscan)
  -x OPTIONS  further scan options, e.g. -x '--passwords pw.txt'
  -r          resume: run again only the shards that failed or never ran
              (GNU parallel --resume-failed on WORKDIR/joblog), then merge
USAGE
    exit 2
}

n='' key='' out='' work='' logins=: jobs='' threads=1 formats=text,json leakscan=leakscan scan_opts='' resume=''
while getopts n:k:o:w:S:J:c:f:L:x:rh opt; do
    case $opt in
    n) n=$OPTARG ;;
    k) key=$OPTARG ;;
    o) out=$OPTARG ;;
    w) work=$OPTARG ;;
    S) logins=$OPTARG ;;
    J) jobs=$OPTARG ;;
    c) threads=$OPTARG ;;
    f) formats=$OPTARG ;;
    L) leakscan=$OPTARG ;;
    x) scan_opts=$OPTARG ;;
    r) resume=1 ;;
    *) usage ;;
    esac
done
shift $((OPTIND - 1))
[ -n "$n" ] && [ -n "$key" ] && [ -n "$out" ] && [ $# -gt 0 ] || usage
case $n in '' | *[!0-9]* | 0) echo "leakscan-parallel.sh: -n wants a positive number, not '$n'" >&2; exit 2 ;; esac
command -v parallel >/dev/null 2>&1 || { echo "leakscan-parallel.sh: GNU parallel is not installed" >&2; exit 2; }

out=$(realpath -m "$out")
work=$(realpath -m "${work:-$out/partials}")
key=$(realpath -m "$key")
mkdir -p "$work" "$out"
if [ ! -e "$key" ]; then
    (umask 077 && head -c 32 /dev/urandom >"$key")
    echo "leakscan-parallel.sh: made the key file $key (keep it to resume)" >&2
fi
# The leak's paths as the remote hosts see them: absolute.
paths=()
for p in "$@"; do paths+=("$(realpath -m "$p")"); done

# One job per shard K (1..N).  -q quotes the command for the shell (local
# or remote), so paths may hold spaces; --joblog records each shard's exit
# status for -r.  parallel's exit status is the number of failed shards.
# scan_opts is split on spaces on purpose.
status=0
# shellcheck disable=SC2086
parallel --will-cite -q --joblog "$work/joblog" ${resume:+--resume-failed} \
    --sshlogin "$logins" ${jobs:+--jobs "$jobs"} --tag --line-buffer \
    "$leakscan" scan --no-progress -j "$threads" --shard "{}/$n" \
    --partial "$work/shard-{}-of-$n.partial" --key-file "$key" $scan_opts "${paths[@]}" \
    ::: $(seq 1 "$n") || status=$?
if [ "$status" -ne 0 ]; then
    echo "leakscan-parallel.sh: $status shard(s) failed (see $work/joblog);" \
        "run the same command again with -r to re-run only them" >&2
    exit 1
fi
parts=()
for ((k = 1; k <= n; k++)); do
    f="$work/shard-$k-of-$n.partial"
    [ -f "$f" ] || { echo "leakscan-parallel.sh: no partial for shard $k ($f); re-run with -r" >&2; exit 1; }
    parts+=("$f")
done
"$leakscan" merge --key-file "$key" --format "$formats" --output-dir "$out" "${parts[@]}"
