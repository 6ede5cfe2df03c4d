#!/bin/sh
# A user pack written from rules/README.md alone (tests/e2e/data/user_pack.yaml)
# loads, lists, checks and lints; a broken pack fails with file:line:column
# and exit status 2 — in `rules` and, once it is wired, in `scan --rules`.
set -u
fail=0
data="$LS_SRCDIR/tests/e2e/data"
out=$("$LEAKSCAN" rules check "$data/user_pack.yaml" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: user pack check exited $rc"; fail=1; }
out=$("$LEAKSCAN" rules lint "$data/user_pack.yaml" 2>&1); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "FAIL: user pack lint exited $rc"; fail=1; }
out=$("$LEAKSCAN" rules list "$data/user_pack.yaml" 2>&1); rc=$?
echo "$out"
echo "$out" | grep -q '^pack acme ' || { echo "FAIL: user pack not listed"; fail=1; }
echo "$out" | grep -q '^pack starter ' && { echo "FAIL: list PATH must show only PATH's packs"; fail=1; }
out=$("$LEAKSCAN" rules check "$data/broken_pack.yaml" 2>&1); rc=$?
echo "$out"
[ $rc -eq 2 ] || { echo "FAIL: broken pack exited $rc, want 2"; fail=1; }
echo "$out" | grep -q "broken_pack.yaml:9:15: unknown category 'person_nmae'" ||
    { echo "FAIL: broken pack message lacks file:line:column"; fail=1; }
if "$LEAKSCAN" scan --help >/dev/null 2>&1; then
    tmp="$LS_BUILDDIR/tests-work/rules_user_pack"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    printf 'klant ACME-123456 RRN 85.07.30-033.28\n' > "$tmp/a.txt"
    "$LEAKSCAN" scan --rules "$data/user_pack.yaml" --format json -o "$tmp/r.json" "$tmp/a.txt" >/dev/null 2>&1
    if grep -q '"scanned": *[1-9]' "$tmp/r.json" 2>/dev/null; then
        grep -q '"acme.customer_id"' "$tmp/r.json" || { echo "FAIL: --rules pack not used by scan"; fail=1; }
    else
        echo "note: the scanner does not extract text yet; --rules scan result not checked"
    fi
    "$LEAKSCAN" scan --rules "$data/broken_pack.yaml" "$tmp/a.txt" >/dev/null 2>"$tmp/err"; rc=$?
    cat "$tmp/err"
    [ $rc -eq 2 ] || { echo "FAIL: scan with a broken pack exited $rc, want 2"; fail=1; }
    grep -q 'broken_pack.yaml:9:15: unknown category' "$tmp/err" ||
        { echo "FAIL: scan error lacks file:line:column"; fail=1; }
fi
exit $fail
