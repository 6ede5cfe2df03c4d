#!/bin/sh
# The shipped (built-in) rule packs pass `rules check` and `rules lint`, and
# `rules list` shows them.
set -u
fail=0
out=$("$LEAKSCAN" rules check 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: rules check exited $rc"; fail=1; }
out=$("$LEAKSCAN" rules lint 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: rules lint exited $rc"; fail=1; }
out=$("$LEAKSCAN" rules list 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: rules list exited $rc"; fail=1; }
echo "$out" | grep -q '^pack identity ' || { echo "FAIL: starter pack not listed"; fail=1; }
# The source folder: its packs replace the built-in ones of the same name.
out=$("$LEAKSCAN" rules check "$LS_SRCDIR/rules" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: rules check rules/ exited $rc"; fail=1; }
echo "$out" | grep -q '^rules check: 9 packs, ' || { echo "FAIL: rules/ not checked in place of the built-ins"; fail=1; }
out=$("$LEAKSCAN" rules list "$LS_SRCDIR/rules" 2>&1)
echo "$out" | grep -q "^pack identity .*(.*/rules/identity.yaml)" || { echo "FAIL: rules list rules/ does not show the source file"; fail=1; }
"$LEAKSCAN" rules frobnicate >/dev/null 2>&1
[ $? -eq 2 ] || { echo "FAIL: unknown subcommand must exit 2"; fail=1; }
exit $fail
