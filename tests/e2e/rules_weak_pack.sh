#!/bin/sh
# tests/e2e/rules_weak_pack.sh — `rules check` and `rules lint` report a
# weak pack's problems as file:line: rule ID: … and exit 1.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_leakscan
e2e_init rules_weak_pack

pack="$LS_SRCDIR/tests/e2e/data/weak_pack.yaml"
lsrun rules check "$pack"
want_rc 1 "check"
for want in \
    "weak_pack.yaml:11: rule weak.nested: example 'zzz' does not yield weak.thing 'zzz'" \
    "weak_pack.yaml:13: rule weak.nested: counterexample 'x1y' yields weak.thing 'x1y'" \
    "rules check: 1 packs, 3 rules, 4 examples, 2 counterexamples: 2 failures"; do
    out_has -F "$want" || fail_later "missing: $want"
done
lsrun rules lint "$pack"
want_rc 1 "lint"
for want in \
    "weak_pack.yaml:4: rule weak.nested: warning: nested unbounded quantifiers" \
    "weak_pack.yaml:7: rule weak.nested: warning: context word 'never_used_word' occurs in no example" \
    "weak_pack.yaml:14: rule weak.bare: warning: no examples" \
    "weak_pack.yaml:14: rule weak.bare: warning: no counterexamples" \
    "weak_pack.yaml:17: rule weak.slow: warning: PCRE2 limit hit on" \
    "rules lint: 1 packs, 3 rules: 5 warnings"; do
    out_has -F "$want" || fail_later "missing: $want"
done
e2e_exit
