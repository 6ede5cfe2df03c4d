#!/bin/sh
# make bench — throughput of leakscan next to the tools it must keep up with,
# measured in the same run on the same files (ratios, not absolute seconds:
# these machines are shared and noisy).  Writes docs/bench.md (in the build
# directory) and prints it.
#
#   BENCH_COPIES  copies of the text of a scale-1 synthetic leak (default 36:
#                 about 1 GiB of tar)
set -eu
builddir=${LS_BUILDDIR:-$(pwd)}
leakscan=${LEAKSCAN:-$builddir/leakscan}
mkleak=$builddir/fixtures/mkleak
copies=${BENCH_COPIES:-36}
work=$builddir/bench-work
mkdir -p "$work"

if [ ! -f "$work/text.tar.gz" ] || [ "$(cat "$work/copies" 2>/dev/null)" != "$copies" ]; then
    echo "bench: generating a synthetic leak and $copies copies of its text (once)"
    rm -rf "$work/gen" "$work/tree"
    "$mkleak" --seed 7 --scale 1 --out "$work/gen" >/dev/null
    # The text part (CSV, logs, SQL, JSON, XML, mail), copied under copy-N/.
    (cd "$work/gen/leak" && find . -type f \( -name '*.csv' -o -name '*.txt' -o -name '*.log' \
        -o -name '*.sql' -o -name '*.json*' -o -name '*.xml' -o -name '*.eml' -o -name '*.mbox' \) \
        | LC_ALL=C sort > "$work/files")
    i=1
    while [ $i -le "$copies" ]; do
        mkdir -p "$work/tree/copy-$i"
        tar -C "$work/gen/leak" -cf - -T "$work/files" | tar -C "$work/tree/copy-$i" -xf -
        i=$((i + 1))
    done
    tar -C "$work/tree" -cf - . | gzip -6 > "$work/text.tar.gz"
    rm -rf "$work/tree"
    echo "$copies" > "$work/copies"
fi
gz=$work/text.tar.gz
gzbytes=$(stat -c %s "$gz")
rawbytes=$(gzip -dc "$gz" | wc -c)

now() { date +%s.%N; }
timeit() { # timeit LABEL CMD… → seconds on stdout; best of 3
    shift
    best=""
    for i in 1 2 3; do
        s=$(now)
        if ! "$@" >/dev/null 2>"$work/bench.err"; then
            echo "bench: failed: $*" >&2; cat "$work/bench.err" >&2; exit 1
        fi
        e=$(now)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
empty=$work/empty.yaml   # a pack with no rules: an inventory-only scan
printf 'pack: {name: empty, version: "0", description: no rules}\n' > "$empty"
t_gzip=$(timeit gzip sh -c "gzip -dc '$gz' > /dev/null")
t_j1=$(timeit j1 "$leakscan" scan -j1 --no-progress --rules-only "$empty" --format json -o /dev/null "$gz")
t_j2=$(timeit j2 "$leakscan" scan -j2 --no-progress --rules-only "$empty" --format json -o /dev/null "$gz")
t_r1=$(timeit r1 "$leakscan" scan -j1 --no-progress --format json -o /dev/null "$gz")
t_r2=$(timeit r2 "$leakscan" scan -j2 --no-progress --format json -o /dev/null "$gz")
mbs() { echo "scale=1; $rawbytes / 1048576 / $1" | bc -l; }
out=$builddir/bench.md
{
    echo "# leakscan benchmark"
    echo
    echo "Input: \`text.tar.gz\`: $copies copies of the text files of \`mkleak --seed 7 --scale 1\`,"
    echo "$gzbytes bytes compressed, $rawbytes bytes of tar.  Best of 3 runs each, same machine, same run."
    echo
    echo "| command | seconds | MB/s of tar | vs gzip -dc |"
    echo "|---|---|---|---|"
    echo "| gzip -dc > /dev/null | $t_gzip | $(mbs "$t_gzip") | 1.00 |"
    echo "| leakscan scan -j1, no rules (inventory) | $t_j1 | $(mbs "$t_j1") | $(echo "scale=2; $t_gzip / $t_j1" | bc -l) |"
    echo "| leakscan scan -j2, no rules (inventory) | $t_j2 | $(mbs "$t_j2") | $(echo "scale=2; $t_gzip / $t_j2" | bc -l) |"
    echo "| leakscan scan -j1, built-in rules | $t_r1 | $(mbs "$t_r1") | $(echo "scale=2; $t_gzip / $t_r1" | bc -l) |"
    echo "| leakscan scan -j2, built-in rules | $t_r2 | $(mbs "$t_r2") | $(echo "scale=2; $t_gzip / $t_r2" | bc -l) |"
    echo
    echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)."
} > "$out"
cat "$out"
