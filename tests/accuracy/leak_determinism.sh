#!/bin/sh
# tests/accuracy/leak_determinism.sh — fixtures/mkleak is a pure function of seed and
# scale: seed 1 twice gives byte-identical output (tree, tarball, truth,
# passwords), seed 2 gives a different leak; the same for --style messy
# (tree and truth).
set -u
: "${LS_BUILDDIR:=.}"
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || { echo "SKIP: $MKLEAK not built"; exit 77; }
W="$LS_BUILDDIR/tests-work/leak_determinism.$$"
rm -rf "$W" && mkdir -p "$W" || exit 99
trap 'rm -rf "$W"' EXIT
for run in a:1 b:2 c:1; do
	d=${run%%:*} s=${run#*:}
	"$MKLEAK" --seed "$s" --scale 1 --out "$W/$d" || { echo "FAIL: mkleak --seed $s"; exit 1; }
done
fail=0
n=0
# every output file of run a has an identical twin in run c, and vice versa
(cd "$W/a" && find . -type f | LC_ALL=C sort) > "$W/list.a"
(cd "$W/c" && find . -type f | LC_ALL=C sort) > "$W/list.c"
if ! cmp -s "$W/list.a" "$W/list.c"; then
	echo "FAIL: the two seed-1 runs wrote different file sets"
	diff "$W/list.a" "$W/list.c" | head
	fail=1
fi
while IFS= read -r f; do
	n=$((n + 1))
	if ! cmp -s "$W/a/$f" "$W/c/$f"; then
		echo "FAIL: $f differs between two runs with seed 1"
		fail=1
	fi
done < "$W/list.a"
echo "compared $n files"
for f in leak.tar.gz truth.json passwords.txt; do
	[ -s "$W/a/$f" ] || { echo "FAIL: $f missing or empty"; fail=1; }
	if cmp -s "$W/a/$f" "$W/b/$f"; then
		echo "FAIL: $f is the same for seeds 1 and 2"
		fail=1
	fi
done
# the messy style: deterministic per seed, different across seeds
for run in ma:1 mb:2 mc:1; do
	d=${run%%:*} s=${run#*:}
	"$MKLEAK" --style messy --seed "$s" --scale 1 --out "$W/$d" >/dev/null || { echo "FAIL: mkleak --style messy --seed $s"; exit 1; }
done
if ! diff -r "$W/ma" "$W/mc" >/dev/null; then
	echo "FAIL: two messy seed-1 runs differ"
	fail=1
fi
if cmp -s "$W/ma/truth.json" "$W/mb/truth.json"; then
	echo "FAIL: messy truth.json is the same for seeds 1 and 2"
	fail=1
fi
grep -q '"damage": "ocr_swap"' "$W/ma/truth.json" || { echo "FAIL: messy truth has no tagged damage"; fail=1; }
echo "messy: $(find "$W/ma/leak" -type f | wc -l) files compared"
exit $fail
