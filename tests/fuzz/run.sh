#!/bin/sh
# run.sh — run libFuzzer targets one after another and write a report.
#
#   tests/fuzz/run.sh BINDIR SEEDDIR SECONDS REPORT [FORMAT ...]
#
# BINDIR holds tests/fuzz/bin/fuzz_extract_<format> (built by `make
# fuzz`: clang, -fsanitize=fuzzer,address,undefined).  SEEDDIR is a tree
# of sample files (a synthetic leak from fixtures/mkleak); each target is
# seeded with the files whose extension it reads, at most 64 of them, each
# cut to its first 64 KiB.  Every target runs SECONDS seconds; REPORT gets one line per
# target: format, seconds, executions, corpus size, result.  A crash leaves
# its reproducer in REPORT's directory (crash-*, leak-*, timeout-*) and the
# script exits 1 at the end.  `make fuzz-run` calls this.
#
# The format "unpack" is the archive target fuzz_unpack: its seeds are every
# file of $LS_FUZZ_UNPACK_SEEDS (default SEEDDIR/../unpack, made by
# unpack_seeds.sh), whole (an archive cut short is another archive), inputs
# up to 512 KiB, with the passwords of $LS_FUZZ_PASSWORDS.  It runs with
# -fork=1 and goes on past a crash, a timeout or an out-of-memory (a defect
# inside libarchive must not end the run); each one leaves its reproducer
# as above and fails the run.
set -u

if [ $# -lt 4 ]; then
    echo "usage: $0 BINDIR SEEDDIR SECONDS REPORT [FORMAT ...]" >&2
    exit 2
fi
bindir=$1 seeddir=$2 secs=$3 report=$4
shift 4
formats=${*:-"text csv json xml html sql ooxml odf pdf rtf mail image"}
outdir=$(dirname "$report")
mkdir -p "$outdir"
bindir=$(cd "$bindir" && pwd) || exit 2   # the targets run inside outdir
work=$(mktemp -d "${TMPDIR:-/tmp}/lsfuzz.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM

exts_of() {
    case $1 in
    text)  echo "txt log md conf c" ;;
    csv)   echo "csv tsv" ;;
    json)  echo "json jsonl ndjson" ;;
    xml)   echo "xml" ;;
    html)  echo "html htm" ;;
    sql)   echo "sql" ;;
    ooxml) echo "docx xlsx pptx" ;;
    odf)   echo "odt ods" ;;
    pdf)   echo "pdf" ;;
    rtf)   echo "rtf" ;;
    mail)  echo "eml mbox" ;;
    image) echo "jpg jpeg png" ;;
    *)     echo "" ;;
    esac
}

# run_unpack LOG CORPUS SEEDS: the archive target, past its crashes.
run_unpack() {
    before=$(ls "$outdir" | grep -c '^\(crash\|leak\|timeout\|oom\)-' || true)
    (cd "$outdir" && "$bin" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=524288 \
        -print_final_stats=1 "$2" "$3") > "$1" 2>&1
    rc=$?
    after=$(ls "$outdir" | grep -c '^\(crash\|leak\|timeout\|oom\)-' || true)
    [ "$rc" -ne 0 ] || [ "$after" -eq "$before" ] || rc=1
    return $rc
}

printf '| format | seconds | executions | corpus | result |\n|---|---|---|---|---|\n' > "$report"
status=0
for f in $formats; do
    bin=$bindir/fuzz_extract_$f
    [ "$f" = unpack ] && bin=$bindir/fuzz_unpack
    if [ ! -x "$bin" ]; then
        echo "run.sh: $bin: not built (make fuzz)" >&2
        printf '| %s | 0 | 0 | 0 | not built |\n' "$f" >> "$report"
        status=1
        continue
    fi
    corpus=$work/$f
    mkdir -p "$corpus"
    n=0
    for e in $(exts_of "$f"); do
        for s in $(find "$seeddir" -type f -name "*.$e" 2>/dev/null | sort | head -n 64); do
            n=$((n + 1))
            # a large file seeds with its first 64 KiB (-max_len is 256 KiB)
            head -c 65536 "$s" > "$corpus/seed$n.$e"
        done
    done
    log=$outdir/fuzz_$f.log
    start=$(date +%s)
    if [ "$f" = unpack ]; then
        useeds=$(cd "${LS_FUZZ_UNPACK_SEEDS:-$seeddir/../unpack}" && pwd) || exit 2
        n=$(ls "$useeds" 2>/dev/null | wc -l)
        echo "  FUZZ     $f for ${secs}s with $n seeds (log $log)"
        rc=0
        run_unpack "$log" "$corpus" "$useeds" || rc=$?
        # fork mode prints its counters as "#N ... exec/s"; the last line counts
        execs=$(sed -n 's/^#\([0-9]*\):.*/\1/p' "$log" | tail -n 1)
    else
        echo "  FUZZ     $f for ${secs}s with $n seeds (log $log)"
        (cd "$outdir" && "$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
            -max_len=262144 -print_final_stats=1 "$corpus") > "$log" 2>&1
        rc=$?
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    fi
    took=$(( $(date +%s) - start ))
    csize=$(ls "$corpus" | wc -l)
    if [ $rc -eq 0 ]; then
        res=clean
    else
        res="FAILED (exit $rc; see $log)"
        status=1
    fi
    printf '| %s | %s | %s | %s | %s |\n' "$f" "$took" "${execs:-?}" "$csize" "$res" >> "$report"
done
cat "$report"
exit $status
