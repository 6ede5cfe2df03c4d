#!/bin/sh
# tests/e2e/rules_check.sh — the shipped (built-in) rule packs pass `rules
# check` and `rules lint`, and `rules list` shows them; a rules folder given
# on the command line replaces the built-in packs of the same name.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_leakscan
e2e_init rules_check

lsrun rules check
want_rc 0 "rules check"
lsrun rules lint
want_rc 0 "rules lint"
lsrun rules list
want_rc 0 "rules list"
out_has '^pack identity ' || fail_later "starter pack not listed"
# The source folder: its packs replace the built-in ones of the same name.
lsrun rules check "$LS_SRCDIR/rules"
want_rc 0 "rules check rules/"
out_has '^rules check: 9 packs, ' || fail_later "rules/ not checked in place of the built-ins"
lsrun rules list "$LS_SRCDIR/rules" >/dev/null
out_has "^pack identity .*(.*/rules/identity.yaml)" ||
    fail_later "rules list rules/ does not show the source file"
lsrun rules frobnicate >/dev/null
want_rc 2 "unknown subcommand"
e2e_exit
