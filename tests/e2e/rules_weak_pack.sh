#!/bin/sh
# `rules check` and `rules lint` report a weak pack's problems as
# file:line: rule ID: … and exit 1.
set -u
fail=0
pack="$LS_SRCDIR/tests/e2e/data/weak_pack.yaml"
out=$("$LEAKSCAN" rules check "$pack" 2>&1); rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: check exited $rc, want 1"; fail=1; }
for want in \
    "weak_pack.yaml:11: rule weak.nested: example 'zzz' does not yield weak.thing 'zzz'" \
    "weak_pack.yaml:13: rule weak.nested: counterexample 'x1y' yields weak.thing 'x1y'" \
    "rules check: 1 packs, 3 rules, 4 examples, 2 counterexamples: 2 failures"; do
    echo "$out" | grep -qF "$want" || { echo "FAIL: missing: $want"; fail=1; }
done
out=$("$LEAKSCAN" rules lint "$pack" 2>&1); rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: lint exited $rc, want 1"; fail=1; }
for want in \
    "weak_pack.yaml:4: rule weak.nested: warning: nested unbounded quantifiers" \
    "weak_pack.yaml:7: rule weak.nested: warning: context word 'never_used_word' occurs in no example" \
    "weak_pack.yaml:14: rule weak.bare: warning: no examples" \
    "weak_pack.yaml:14: rule weak.bare: warning: no counterexamples" \
    "weak_pack.yaml:17: rule weak.slow: warning: PCRE2 limit hit on" \
    "rules lint: 1 packs, 3 rules: 5 warnings"; do
    echo "$out" | grep -qF "$want" || { echo "FAIL: missing: $want"; fail=1; }
done
exit $fail
