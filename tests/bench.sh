#!/bin/sh
# make bench — throughput of leakscan next to the tools it must keep up with,
# measured in the same run on the same files (ratios, not absolute seconds:
# these machines are shared and noisy).  Writes docs/bench.md (in the build
# directory) and prints it.
#
#   BENCH_SCALE   scale of the synthetic leak (default 33: about 1 GiB of text)
set -eu
builddir=${LS_BUILDDIR:-$(pwd)}
leakscan=${LEAKSCAN:-$builddir/leakscan}
mkleak=$builddir/fixtures/mkleak
scale=${BENCH_SCALE:-33}
work=$builddir/bench-work
mkdir -p "$work"

if [ ! -f "$work/text.tar.gz" ] || [ "$(cat "$work/scale" 2>/dev/null)" != "$scale" ]; then
    echo "bench: generating a scale-$scale synthetic leak (once)"
    rm -rf "$work/gen"
    "$mkleak" --seed 7 --scale "$scale" --out "$work/gen" >/dev/null
    # The text part only (CSV, logs, SQL, JSON, XML, mail): a tar.gz of text.
    (cd "$work/gen/leak" && find . -type f \( -name '*.csv' -o -name '*.txt' -o -name '*.log' \
        -o -name '*.sql' -o -name '*.json*' -o -name '*.xml' -o -name '*.eml' -o -name '*.mbox' \) \
        | LC_ALL=C sort > "$work/files")
    tar -C "$work/gen/leak" -cf - -T "$work/files" | gzip -6 > "$work/text.tar.gz"
    echo "$scale" > "$work/scale"
fi
gz=$work/text.tar.gz
gzbytes=$(stat -c %s "$gz")
rawbytes=$(gzip -dc "$gz" | wc -c)

now() { date +%s.%N; }
timeit() { # timeit LABEL CMD… → seconds on stdout; best of 3
    best=""
    for i in 1 2 3; do
        s=$(now); "$@" >/dev/null 2>&1; e=$(now)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
empty=$work/empty-rules; mkdir -p "$empty"
t_gzip=$(timeit gzip sh -c "gzip -dc '$gz' > /dev/null")
t_j1=$(timeit j1 "$leakscan" scan -j1 --no-progress --rules-only "$empty" --format json -o /dev/null "$gz")
t_j2=$(timeit j2 "$leakscan" scan -j2 --no-progress --rules-only "$empty" --format json -o /dev/null "$gz")
t_r2=$(timeit r2 "$leakscan" scan -j2 --no-progress --format json -o /dev/null "$gz")
mbs() { echo "scale=1; $rawbytes / 1048576 / $1" | bc -l; }
out=$builddir/bench.md
{
    echo "# leakscan benchmark"
    echo
    echo "Input: \`text.tar.gz\` from \`mkleak --seed 7 --scale $scale\` (text files only),"
    echo "$gzbytes bytes compressed, $rawbytes bytes of tar.  Best of 3 runs each, same machine, same run."
    echo
    echo "| command | seconds | MB/s of tar | vs gzip -dc |"
    echo "|---|---|---|---|"
    echo "| gzip -dc > /dev/null | $t_gzip | $(mbs "$t_gzip") | 1.00 |"
    echo "| leakscan scan -j1, no rules (inventory) | $t_j1 | $(mbs "$t_j1") | $(echo "scale=2; $t_gzip / $t_j1" | bc -l) |"
    echo "| leakscan scan -j2, no rules (inventory) | $t_j2 | $(mbs "$t_j2") | $(echo "scale=2; $t_gzip / $t_j2" | bc -l) |"
    echo "| leakscan scan -j2, built-in rules | $t_r2 | $(mbs "$t_r2") | $(echo "scale=2; $t_gzip / $t_r2" | bc -l) |"
    echo
    echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d)."
} > "$out"
cat "$out"
