#!/bin/sh
# tests/tools/same_output.sh — two leakscan binaries give the same answers.
#
#   same_output.sh OLD_LEAKSCAN NEW_LEAKSCAN [LEAK.tar.gz PASSWORDS]
#
# For a change that must not change behaviour (a refactoring, a faster
# path): scans one leak with both binaries, at -j1 and -j2, with one fixed
# fingerprint key, and compares the JSON report (timing fields left out),
# the findings and the inventory (as sorted lines: with -j2 the order of
# lines between files depends on the threads) and the text report (its
# timing and memory lines left out); at -j1 the findings and inventory byte for byte.
# Without a leak it generates the demo leak (mkleak --seed 1 --scale 1,
# from the build directory of NEW_LEAKSCAN).  Prints one
# line per difference and "same output" at the end; exits 1 on a difference.
set -eu
old=$1
new=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
if [ $# -ge 4 ]; then
    leak=$3
    pw=$4
else
    "$(dirname "$new")/fixtures/mkleak" --seed 1 --scale 1 --out "$work/gen" >/dev/null
    leak=$work/gen/leak.tar.gz
    pw=$work/gen/passwords.txt
fi
head -c 32 /dev/urandom >"$work/key"
py=${PYTHON3:-python3}
inv=$(cd "$(dirname "$0")/.." && pwd)/e2e/inv.py # its same-report drops the timing fields

# run NAME BINARY J: the four outputs of one scan, normalised, in $work/NAME-J.*
run() {
    o=$work/$1-$3
    "$2" scan -j"$3" --no-progress --key-file "$work/key" --passwords "$pw" \
        --inventory "$o.inv" --findings "$o.find" --format json -o "$o.json" "$leak" 2>"$o.err"
    "$2" scan -j"$3" --no-progress --passwords "$pw" "$leak" 2>&1 |
        grep -v -e '^leakscan .* in [0-9.]* s with' -e '^Memory: ' >"$o.txt" || true
    LC_ALL=C sort "$o.find" >"$o.find.sorted"
    LC_ALL=C sort "$o.inv" >"$o.inv.sorted"
}
bad=0
for j in 1 2; do
    run old "$old" $j
    run new "$new" $j
    "$py" "$inv" same-report "$work/old-$j.json" "$work/new-$j.json" >"$work/rep.diff" 2>&1 || {
        echo "same_output: -j$j: the JSON report differs"
        head -5 "$work/rep.diff"
        bad=1
    }
    list="find.sorted inv.sorted txt err"
    [ $j -eq 1 ] && list="$list find inv" # one thread: the same order too
    for f in $list; do
        if ! cmp -s "$work/old-$j.$f" "$work/new-$j.$f"; then
            echo "same_output: -j$j: the $f output differs"
            diff "$work/old-$j.$f" "$work/new-$j.$f" | head -5
            bad=1
        fi
    done
    echo "same_output: -j$j: $(wc -l <"$work/new-$j.find") findings, $(wc -l <"$work/new-$j.inv") inventory lines compared"
done
[ $bad -eq 0 ] && echo "same output"
exit $bad
