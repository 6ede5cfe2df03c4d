#!/bin/bash
# tests/tools/bench.sh — `make bench`: the benchmark of the speed issue.
#
# Measures leakscan next to the tools it must keep up with, ALTERNATELY and
# in one session (each round runs every command once; the median of the
# rounds is reported), on a corpus made by fixtures/mkleak:
#   tree     mkleak's leak/ (text files and documents, as a leak arrives)
#   tar.gz   mkleak's leak.tar.gz (the same content, with nested archives)
#   big      ONE big CSV: the ANPR day files of the tree concatenated
# Rows: leakscan -j1/-j2 on each (built-in packs, --format json -o /dev/null),
# leakscan -j1 on the big file with a one-rule pack (an e-mail rule: the
# record path), ripgrep -j1/-j2 on the tree with the built-in packs' own
# patterns (`leakscan rules export --patterns`), gzip -dc of the tar.gz, cat
# of the tree.  MB/s is MB (10^6 bytes) of text scanned per second: for the
# tree and the tar.gz the bytes of the tree's text files (.csv .txt .log .sql
# .json .jsonl .xml .eml .mbox .md .conf .c; documents and images are extra
# work for leakscan, binary files that rg skips), for the big file its size,
# for gzip the bytes it writes, for cat the bytes it reads.  Peak RSS of every
# leakscan run is GNU time's %M (the largest of the rounds).  Then the
# issue's target ratios with PASS/FAIL, and a probe of whether the second
# core was free (the same CPU-bound loop on 1 and on 2 processes, before and
# after the runs: 2.00 means two free cores) and of how fast it was (the
# ceiling of -j2 / -j1 for leakscan's own work, below).
#
# Writes docs/performance.md in the SOURCE tree and prints it.  Never part of
# make check.  Knobs (environment):
#   BENCH_MB     MB of text in the corpus (default 512; BENCH_QUICK: 200)
#   BENCH_QUICK  1: a fast look (200 MB, the same rows)
#   BENCH_REPS   rounds (default 3)
#   BENCH_RSS    1: also the peak RSS of leakscan -j2 on a scale-30 mkleak
#                leak (tree and tar.gz; generating it takes a few minutes)
#   BENCH_WORK   where the corpus lives (default $builddir/bench-work); a
#                corpus of the same scale is reused between runs
#   LEAKSCAN     the leakscan binary to measure (default $builddir/leakscan):
#                another build's, for a before/after comparison
# Needs: leakscan and fixtures/mkleak built; installs ripgrep and GNU time
# from Debian when missing (as root or with sudo), else skips the rg rows
# (saying so) or reads the RSS from /proc.
set -eu
builddir=${LS_BUILDDIR:-$(pwd)}
srcdir=${LS_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
leakscan=${LEAKSCAN:-$builddir/leakscan}
mkleak=${MKLEAK:-$builddir/fixtures/mkleak}
quick=${BENCH_QUICK:-0}
[ "$quick" = 1 ] && mb=${BENCH_MB:-200} || mb=${BENCH_MB:-512}
reps=${BENCH_REPS:-3}
work=${BENCH_WORK:-$builddir/bench-work}
doc=$srcdir/docs/performance.md
mkdir -p "$work"
t_start=$(date +%s)

say() { echo "bench: $*" >&2; }
# fdiv A B [DIGITS]: A / B with DIGITS decimals (2), "-" when B is 0 or empty.
fdiv() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.*f\n", d, a / b }'; }
now() { date +%s.%N; }
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", a - b }'; }
# median V...: the median of the numbers (the mean of the middle two for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- tools ---------------------------------------------------------------
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi; }
apt_install() { # apt_install PACKAGE: true when it got installed
    command -v apt-get >/dev/null 2>&1 || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >"$work/apt.log" 2>&1 && return 0
    as_root apt-get update -q >>"$work/apt.log" 2>&1 &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$1" >>"$work/apt.log" 2>&1
}
[ -x "$leakscan" ] || { say "no leakscan at $leakscan (make first)"; exit 2; }
[ -x "$mkleak" ] || { say "no mkleak at $mkleak (make first)"; exit 2; }
if ! command -v rg >/dev/null 2>&1; then
    say "ripgrep missing: apt-get install ripgrep"
    apt_install ripgrep || say "could not install ripgrep (see $work/apt.log): the rg rows are skipped"
fi
have_rg=0
command -v rg >/dev/null 2>&1 && have_rg=1
gnutime=/usr/bin/time
if ! "$gnutime" -f %M -o /dev/null true 2>/dev/null; then
    say "GNU time missing: apt-get install time"
    apt_install time || true
fi
"$gnutime" -f %M -o /dev/null true 2>/dev/null || gnutime=""

# ---- corpus --------------------------------------------------------------
# About 28.9 MB of text files per mkleak scale unit (seed 7).
scale=$(awk -v mb="$mb" 'BEGIN { s = int(mb / 28.9 + 0.5); print s < 1 ? 1 : s }')
corpus=$work/scale-$scale
tree=$corpus/leak
tgz=$corpus/leak.tar.gz
big=$corpus/big.csv
if [ ! -f "$corpus/done" ]; then
    say "generating the corpus: mkleak --seed 7 --scale $scale (once; reused later)"
    rm -rf "$corpus"
    t0=$(date +%s)
    "$mkleak" --seed 7 --scale "$scale" --out "$corpus" >/dev/null
    # The big file: ANPR day files (one schema, header once) until a
    # quarter of the text.
    want=$((mb * 1000000 / 4))
    got=0
    find "$tree/anpr" -name '????-??-??.csv' | LC_ALL=C sort | while IFS= read -r f; do
        if [ "$got" = 0 ]; then cat "$f"; else tail -n +2 "$f"; fi
        got=$((got + $(stat -c %s "$f")))
        [ "$got" -lt "$want" ] || break
    done >"$big"
    echo "$(($(date +%s) - t0))" >"$corpus/done"
fi
text_bytes() {
    find "$1" -type f \( -name '*.csv' -o -name '*.txt' -o -name '*.log' -o -name '*.sql' \
        -o -name '*.json' -o -name '*.jsonl' -o -name '*.xml' -o -name '*.eml' -o -name '*.mbox' \
        -o -name '*.md' -o -name '*.conf' -o -name '*.c' \) -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'
}
b_text=$(text_bytes "$tree")
b_tree=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
b_big=$(stat -c %s "$big")
b_tgz=$(stat -c %s "$tgz")
b_tar=$(gzip -dc "$tgz" | wc -c)
nfiles=$(find "$tree" -type f | wc -l)

# The one-rule pack (the record path) and the exported patterns.
onerule=$work/one-email.yaml
cat >"$onerule" <<'EOF'
pack:
  name: bench
  version: "1"
  description: one e-mail rule, the record path of make bench
rules:
  - id: bench.email
    category: bench.email
    pattern: '(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,8}\.[A-Za-z]{2,24}(?![A-Za-z0-9-])'
EOF
patterns=$work/patterns.txt
rg_mode=""
rg_note=""
if [ "$have_rg" = 1 ]; then
    "$leakscan" rules export --patterns >"$patterns" || { say "rules export --patterns failed"; exit 2; }
    # ripgrep's default engine (Rust regex) has no look-around nor
    # backreferences; -P (PCRE2) has them.  Use the default when it accepts all.
    if rg --no-config -f "$patterns" /dev/null >/dev/null 2>"$work/rg.err" || [ $? = 1 ]; then
        rg_mode=""
        rg_note="ripgrep's default engine accepts the exported patterns: \`rg -f\`."
    else
        rg_mode="-P"
        rg_note="ripgrep's default engine rejects the exported patterns ($(grep -m1 -o 'error: .*' "$work/rg.err" || echo 'parse error')): the rg rows use \`rg -P\` (PCRE2, JIT)."
    fi
fi

# ---- CPU probe -----------------------------------------------------------
# probe: 2 × (time of the loop alone) / (time of two loops at once).
loop() { awk 'BEGIN { for (i = 0; i < 6000000; i++) s += i * 0.5; print s > "/dev/null" }'; }
probe() {
    local s e t1 t2
    s=$(now); loop; e=$(now); t1=$(fsub "$e" "$s")
    s=$(now); loop & loop & wait; e=$(now); t2=$(fsub "$e" "$s")
    fdiv "$(awk -v a="$t1" 'BEGIN { print 2 * a }')" "$t2"
}
cpu_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }

# ---- the ceiling of -j2 / -j1 for leakscan's own work ----------------------
# The awk loop says whether a second core is free, not how fast it is: on a
# virtual machine one vCPU can run the same code markedly slower than the
# other (its physical core shared with other tenants).  So the work of the
# -j1 big-file row is also run pinned to each of the first two CPUs, alone,
# and twice at once (unpinned).  A job split perfectly over both CPUs would
# then finish in 1 / (1/tA + 1/tB), where tA and tB are the two runs' times
# at once: the ceiling of -j2 / -j1 is t(alone) × (1/tA + 1/tB).
probe_cmd="'$leakscan' scan --no-progress --format json -o /dev/null -j1 '$big'"
timed() { # timed CMD: seconds of the command (eval), its output dropped
    local s e
    s=$(now)
    eval "$1" >/dev/null 2>&1
    e=$(now)
    fsub "$e" "$s"
}
mapfile -t cpu_ids < <(lscpu -p=CPU 2>/dev/null | grep -v '^#' | head -n 2)
have_taskset=0
command -v taskset >/dev/null 2>&1 && [ "${#cpu_ids[@]}" = 2 ] && have_taskset=1
# ceiling: prints "t_alone t_cpuA t_cpuB tA tB ceiling" (pinned times "-" without taskset).
ceiling() {
    local ta tb tc0="-" tc1="-" t1
    t1=$(timed "$probe_cmd")
    if [ "$have_taskset" = 1 ]; then
        tc0=$(timed "taskset -c ${cpu_ids[0]} $probe_cmd")
        tc1=$(timed "taskset -c ${cpu_ids[1]} $probe_cmd")
    fi
    (timed "$probe_cmd" >"$work/probe-a") &
    (timed "$probe_cmd" >"$work/probe-b") &
    wait
    ta=$(cat "$work/probe-a")
    tb=$(cat "$work/probe-b")
    echo "$t1 $tc0 $tc1 $ta $tb $(awk -v t="$t1" -v a="$ta" -v b="$tb" 'BEGIN { printf "%.2f", t * (1 / a + 1 / b) }')"
}

# ---- the rows ------------------------------------------------------------
# id|label|bytes|command (run with eval; stdout to /dev/null)
ls_scan="'$leakscan' scan --no-progress --format json -o /dev/null"
rows=(
    "ls_tree_j1|leakscan -j1, tree|$b_text|$ls_scan -j1 '$tree'"
    "ls_tree_j2|leakscan -j2, tree|$b_text|$ls_scan -j2 '$tree'"
    "ls_big_j1|leakscan -j1, big file|$b_big|$ls_scan -j1 '$big'"
    "ls_big_j2|leakscan -j2, big file|$b_big|$ls_scan -j2 '$big'"
    "ls_tgz_j1|leakscan -j1, tar.gz|$b_text|$ls_scan -j1 '$tgz'"
    "ls_tgz_j2|leakscan -j2, tar.gz|$b_text|$ls_scan -j2 '$tgz'"
    "ls_rec_j1|leakscan -j1, big file, one e-mail rule (record path)|$b_big|$ls_scan -j1 --rules-only '$onerule' '$big'"
)
if [ "$have_rg" = 1 ]; then
    rows+=(
        "rg_tree_j1|rg $rg_mode -j1 --count-matches -f PATTERNS, tree|$b_text|rg --no-config $rg_mode -j1 --count-matches -f '$patterns' '$tree'"
        "rg_tree_j2|rg $rg_mode -j2 --count-matches -f PATTERNS, tree|$b_text|rg --no-config $rg_mode -j2 --count-matches -f '$patterns' '$tree'"
    )
fi
rows+=(
    "gzip|gzip -dc leak.tar.gz|$b_tar|gzip -dc '$tgz'"
    "cat|cat of every file of the tree|$b_tree|find '$tree' -type f -exec cat {} +"
)

declare -A T RSS
# run_row ID CMD: appends seconds to T[ID]; for an ID ls_*, a leakscan run,
# keeps the largest peak RSS (KiB) in RSS[ID].
run_row() {
    local id=$1 cmd=$2 s e rc rss=""
    s=$(now)
    set +e
    case $id in
    ls_*)
        if [ -n "$gnutime" ]; then
            eval "'$gnutime' -f %M -o '$work/rss' $cmd" >/dev/null 2>"$work/err"
            rc=$?
            rss=$(tail -n 1 "$work/rss")
        else
            eval "$cmd" >/dev/null 2>"$work/err" &
            local pid=$! peak=0 v
            while kill -0 "$pid" 2>/dev/null; do
                v=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
                [ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
                sleep 0.05
            done
            wait "$pid"
            rc=$?
            rss=$peak
        fi
        ;;
    *)
        eval "$cmd" >/dev/null 2>"$work/err"
        rc=$?
        [ "${id#rg_}" != "$id" ] && [ "$rc" = 1 ] && rc=0 # rg: 1 = no match
        ;;
    esac
    set -e
    e=$(now)
    if [ "$rc" != 0 ]; then
        say "failed ($rc): $cmd"
        cat "$work/err" >&2
        exit 1
    fi
    T[$id]="${T[$id]:-} $(fsub "$e" "$s")"
    if [ -n "$rss" ] && { [ -z "${RSS[$id]:-}" ] || [ "$rss" -gt "${RSS[$id]}" ]; }; then
        RSS[$id]=$rss
    fi
}

say "corpus: scale $scale, $(fdiv "$b_text" 1000000 0) MB of text in $nfiles files; big file $(fdiv "$b_big" 1000000 0) MB"
say "CPU probe (before)"
probe_before=$(probe)
say "ceiling of -j2 / -j1 (before)"
read -r c_t1_b c_p0_b c_p1_b c_ta_b c_tb_b ceil_before <<<"$(ceiling)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
read -r busy0 idle0 <<<"$(cpu_busy)"
r=1
while [ "$r" -le "$reps" ]; do
    for row in "${rows[@]}"; do
        IFS='|' read -r id label bytes cmd <<<"$row"
        say "round $r/$reps: $label"
        run_row "$id" "$cmd"
    done
    r=$((r + 1))
done
read -r busy1 idle1 <<<"$(cpu_busy)"
say "CPU probe (after)"
probe_after=$(probe)
say "ceiling of -j2 / -j1 (after)"
read -r c_t1_a c_p0_a c_p1_a c_ta_a c_tb_a ceil_after <<<"$(ceiling)"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# Share of the machine's CPU time busy during the runs (all processes).
busy_pct=$(awk -v b="$((busy1 - busy0))" -v i="$((idle1 - idle0))" 'BEGIN { printf "%.0f", 100 * b / (b + i) }')

declare -A MED
for row in "${rows[@]}"; do
    IFS='|' read -r id label bytes cmd <<<"$row"
    # shellcheck disable=SC2086
    MED[$id]=$(median ${T[$id]})
done
mbs() { fdiv "$1" "$(awk -v t="$2" 'BEGIN { print t * 1000000 }')" 1; }
# verdict VALUE TARGET: PASS when VALUE >= TARGET (FAIL, or "-" without a value).
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "-" || v == "") print "-"; else print (v + 0 >= t + 0) ? "PASS" : "FAIL" }'; }
# ratio A B: throughput of A / throughput of B = t(B) / t(A); "-" when a row did not run.
ratio() { if [ -n "${MED[$1]:-}" ] && [ -n "${MED[$2]:-}" ]; then fdiv "${MED[$2]}" "${MED[$1]}"; else echo -; fi; }

# ---- optional: peak RSS on a scale-30 leak --------------------------------
rss_lines=()
if [ "${BENCH_RSS:-0}" = 1 ]; then
    rss_dir=$work/scale-30
    if [ ! -f "$rss_dir/done" ]; then
        say "BENCH_RSS: generating mkleak --seed 7 --scale 30"
        rm -rf "$rss_dir"
        t0=$(date +%s)
        "$mkleak" --seed 7 --scale 30 --out "$rss_dir" >/dev/null
        echo "$(($(date +%s) - t0))" >"$rss_dir/done"
    fi
    gen_s="$(cat "$rss_dir/done") s, reused while it exists"
    for what in leak leak.tar.gz; do
        say "BENCH_RSS: leakscan -j2 on scale-30 $what"
        unset 'T[ls_rss]' 'RSS[ls_rss]'
        rm -f "$work/rss-report.json"
        run_row ls_rss "'$leakscan' scan --no-progress --format json -o '$work/rss-report.json' -j2 '$rss_dir/$what'"
        rss_mib=$(fdiv "${RSS[ls_rss]:-}" 1024 0)
        # the distinct-value sets, as the report measures them: every
        # worker's sets just before their merge (memory.distinct_sets_scan_bytes)
        sets_mib=$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))["memory"]; print(round(m["distinct_sets_scan_bytes"] / 1048576))' "$work/rss-report.json" 2>/dev/null || echo "")
        rest_mib=$([ -n "$sets_mib" ] && echo $((rss_mib - sets_mib)) || echo "")
        rss_verdict() { awk -v v="$1" 'BEGIN { print (v != "" && v <= 256) ? "PASS" : "FAIL" }'; }
        rss_lines+=("| leakscan -j2, scale-30 $what | ${T[ls_rss]# } | $rss_mib | ${sets_mib:--} | ${rest_mib:--} | ≤ 256 | $(rss_verdict "$rss_mib") | $(rss_verdict "$rest_mib") |")
    done
    rss_text=$(text_bytes "$rss_dir/leak")
fi
t_total=$(($(date +%s) - t_start))

# ---- the report ----------------------------------------------------------
commit=$(git -C "$srcdir" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$srcdir" status --porcelain --untracked-files=no 2>/dev/null | grep -v 'docs/performance.md' || true)" ]; then
    commit="$commit (with uncommitted changes)"
fi
cpu_model=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
    echo "# leakscan performance"
    echo
    echo "Written by \`make bench\` (tests/tools/bench.sh); do not edit by hand, run it again."
    echo
    if [ "$quick" = 1 ]; then
        echo "**Quick run (BENCH_QUICK=1: $mb MB of text).** The default is BENCH_MB=512; the"
        echo "issue's ~1 GiB is BENCH_MB=1024."
    else
        echo "Corpus: BENCH_MB=$mb."
    fi
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $commit; leakscan \`$("$leakscan" --version)\`"
    echo "- machine: $(nproc) CPUs (nproc), $cpu_model, $mem, $(uname -sm)"
    echo "- rounds: $reps, alternating (each round runs every row once); medians below"
    echo "- whole bench: $t_total s"
    echo
    echo "## Corpus"
    echo
    echo "\`mkleak --seed 7 --scale $scale\` (generated in $(cat "$corpus/done") s, reused while it exists):"
    echo
    echo "- tree: \`leak/\`, $nfiles files, $(fdiv "$b_tree" 1000000 1) MB, of which $(fdiv "$b_text" 1000000 1) MB in text files"
    echo "- tar.gz: \`leak.tar.gz\`, $(fdiv "$b_tgz" 1000000 1) MB ($(fdiv "$b_tar" 1000000 1) MB of tar; the same content, some folders as nested .zip/.7z)"
    echo "- big file: the ANPR day CSVs concatenated, $(fdiv "$b_big" 1000000 1) MB"
    echo
    echo "MB/s = MB (10^6 bytes) of text / median seconds: tree and tar.gz rows count the"
    echo "tree's text files (documents and images are extra work for leakscan, and"
    echo "binary files that rg skips); gzip counts the tar it writes, cat the tree."
    echo
    echo "## Throughput"
    echo
    echo "| row | seconds (median) | all rounds | MB/s | peak RSS MiB |"
    echo "|---|---:|---|---:|---:|"
    for row in "${rows[@]}"; do
        IFS='|' read -r id label bytes cmd <<<"$row"
        rss="-"
        [ -n "${RSS[$id]:-}" ] && rss=$(fdiv "${RSS[$id]}" 1024 0)
        echo "| $label | ${MED[$id]} | ${T[$id]# } | $(mbs "$bytes" "${MED[$id]}") | $rss |"
    done
    echo
    if [ "$have_rg" = 1 ]; then
        echo "ripgrep $(rg --version | head -n 1 | cut -d' ' -f2): $rg_note PATTERNS is"
        echo "\`leakscan rules export --patterns\` ($(wc -l <"$patterns") patterns of the built-in packs; each"
        echo "wrapped so that ripgrep's '|' join keeps its meaning, \\d \\s \\w made ASCII as in a"
        # shellcheck disable=SC2028
        echo "scan; \\b and [[:posix:]] would keep rg's Unicode meaning, none is used)."
    else
        echo "ripgrep could not be installed: the rg rows and the rg ratio are skipped."
    fi
    echo
    echo "## Targets of the issue"
    echo
    echo "| ratio | value | target | verdict |"
    echo "|---|---:|---:|---|"
    v=$(ratio ls_tree_j1 rg_tree_j1)
    echo "| leakscan -j1 / rg -j1, tree (throughput) | $v | ≥ 1.0 (aim 1.5) | $(verdict "$v" 1.0) |"
    v=$(mbs "$b_big" "${MED[ls_rec_j1]}")
    echo "| record path MB/s (leakscan -j1, one e-mail rule, big file) | $v | ≥ 400 | $(verdict "$v" 400) |"
    for k in tree big tgz; do
        v=$(ratio "ls_${k}_j2" "ls_${k}_j1")
        echo "| leakscan -j2 / -j1, ${k/tgz/tar.gz} | $v | ≥ 1.8 | $(verdict "$v" 1.8) |"
    done
    v=$(ratio ls_tgz_j2 gzip)
    echo "| leakscan -j2 on tar.gz / gzip -dc (MB/s of the same tar) | $v | ≥ 0.9 | $(verdict "$v" 0.9) |"
    echo
    ceil_lo=$(printf '%s\n' "$ceil_before" "$ceil_after" | sort -g | head -n 1)
    ceil_hi=$(printf '%s\n' "$ceil_before" "$ceil_after" | sort -g | tail -n 1)
    echo "What this machine allowed: the ceiling of -j2 / -j1 for leakscan's own work"
    echo "(below, \"Was the second core free?\") was $ceil_before before the runs and"
    echo "$ceil_after after.  Each -j2 / -j1 ratio as a share of that ceiling (of the"
    echo "lower and of the higher of the two):"
    echo
    echo "| ratio | value | share of the ceiling |"
    echo "|---|---:|---:|"
    for k in tree big tgz; do
        v=$(ratio "ls_${k}_j2" "ls_${k}_j1")
        echo "| leakscan -j2 / -j1, ${k/tgz/tar.gz} | $v | $(fdiv "$(awk -v v="$v" 'BEGIN { print 100 * v }')" "$ceil_lo" 0) % - $(fdiv "$(awk -v v="$v" 'BEGIN { print 100 * v }')" "$ceil_hi" 0) % |"
    done
    echo
    echo "## Peak RSS on a scale-30 leak (BENCH_RSS=1)"
    echo
    if [ "${#rss_lines[@]}" -gt 0 ]; then
        echo "\`mkleak --seed 7 --scale 30\` ($(fdiv "$rss_text" 1000000 0) MB of text; generated: $gen_s); one run each:"
        echo
        echo "| run | seconds | peak RSS MiB | distinct sets MiB | RSS without the sets MiB | target MiB | verdict, RSS | verdict, RSS without the sets |"
        echo "|---|---:|---:|---:|---:|---:|---|---|"
        printf '%s\n' "${rss_lines[@]}"
        echo
        echo "Distinct sets: the report's memory.distinct_sets_scan_bytes (every worker's"
        echo "sets just before their merge: fixed 8-byte fingerprints in open-addressing"
        echo "tables).  They grow with the number of distinct values in the leak; with"
        echo "\`--exact-distinct N\` a category's set becomes a 64 KiB HyperLogLog sketch"
        echo "beyond N values."
    else
        echo "Not measured in this run (set BENCH_RSS=1)."
    fi
    echo
    echo "## Where the matcher's time goes"
    echo
    echo "On dense records (an ANPR row of ~47 bytes holds a plate, a time stamp and"
    echo "a camera id) most of the cost used to be PCRE2 searching each record once per"
    echo "rule that passed the prefilter.  The candidate pass (docs/architecture.md, The"
    echo "candidate pass) classifies a record's bytes once for all rules and runs PCRE2,"
    echo "anchored, only where a rule's match can start; most rules then make no PCRE2"
    echo "call on a row, and the calls left are mostly real matches.  What remains per"
    echo "finding (validators, fingerprints, distinct sets) is now a large share of a"
    echo "scan.  The distinct sets of a large leak do not fit the caches: each value's"
    echo "slot is prefetched eight findings before it is added (a queue in the matcher),"
    echo "and two workers' tables are merged larger-takes-smaller, in a scattered"
    echo "order with the target slot prefetched (merging in slot order piled entries"
    echo "into one long run); a worker's persons merge on a second thread meanwhile."
    echo "Writing the findings file (--findings) is a large share too when it is asked"
    echo "for: the JSON writer copies runs of plain bytes and formats numbers itself."
    echo "With a one-rule pack, a record holding none of the bytes the rule needs"
    echo "costs one memchr; the CSV reader is then most of the record path.  It takes"
    echo "a line with no quote byte whole: the delimiters and the line end found 16"
    echo "bytes at a time, the line copied in one move, the row ended inline (a unit"
    echo "test compares it with the field-by-field path on random tables).  To look"
    echo "at one change, compare two builds side by side on the same file (user time or"
    echo "instructions of \`leakscan scan -j1\`, several alternating runs): single wall"
    echo "times on a shared machine are noise."
    echo
    echo "## Was the second core free?"
    echo
    echo "The same CPU-bound loop (awk) once alone and twice at once: 2 × t(alone) /"
    echo "t(two at once) is 2.00 when two cores are free, 1.00 when only one is."
    echo
    echo "- before the runs: $probe_before (load average $load_before)"
    echo "- after the runs: $probe_after (load average $load_after)"
    echo "- machine CPU busy during the runs (/proc/stat, every process): $busy_pct %"
    echo
    echo "A probe well under 2 means other work shared the machine: the -j2 rows and"
    echo "the -j2/-j1 ratios are then pessimistic; the rows of one round ran close in"
    echo "time, so the ratios of the same round are fairer than absolute seconds."
    echo
    echo "The loop says whether a second CPU is free, not whether it is as fast as the"
    echo "first: on a virtual machine one vCPU may run the same code markedly slower"
    echo "(its physical core shared with other tenants).  So the work of the -j1"
    echo "big-file row (\`leakscan scan -j1\` on big.csv) also ran alone, pinned to"
    echo "each of the first two CPUs alone (taskset), and twice at once.  A job split"
    echo "perfectly over both CPUs finishes in 1 / (1/tA + 1/tB), where tA and tB are"
    echo "the times of the two runs at once: the ceiling of -j2 / -j1 is"
    echo "t(alone) × (1/tA + 1/tB), 2.00 with two equal free cores."
    echo
    echo "| when | alone s | pinned to CPU ${cpu_ids[0]:-?} s | pinned to CPU ${cpu_ids[1]:-?} s | two at once s | ceiling |"
    echo "|---|---:|---:|---:|---|---:|"
    echo "| before the runs | $c_t1_b | $c_p0_b | $c_p1_b | $c_ta_b, $c_tb_b | $ceil_before |"
    echo "| after the runs | $c_t1_a | $c_p0_a | $c_p1_a | $c_ta_a, $c_tb_a | $ceil_after |"
} >"$doc.tmp"
mv "$doc.tmp" "$doc"
cat "$doc"
say "wrote $doc"
