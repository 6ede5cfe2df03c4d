#!/bin/sh
# tests/e2e/rules_export.sh — `leakscan rules export --patterns` writes one
# pattern a line for every regex rule (as many as `rules list` shows), and
# the lines keep their meaning when ripgrep joins them with '|' (rg -P -f):
# every line compiles, a case-insensitive rule does not make the next one
# case-insensitive, backreferences and named groups of several rules do not
# collide, \w is ASCII as in a scan.  Without rg only the counts are checked.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_leakscan
e2e_init rules_export

# built-in packs: one line per rule, none empty
"$LEAKSCAN" rules export --patterns >builtin.pat || fail "export of the built-in packs failed"
"$LEAKSCAN" rules list >list.txt || fail "rules list failed"
nrules=$(grep -c '^  rule ' list.txt || true)
nlines=$(wc -l <builtin.pat)
[ "$nrules" -gt 0 ] || fail "rules list shows no rule"
[ "$nlines" -eq "$nrules" ] || fail_later "export: $nlines lines, rules list: $nrules rules"
if grep -q '^$' builtin.pat; then
    fail_later "export writes an empty line (ripgrep would match every line)"
fi

# a pack whose rules would collide in a naive pattern file
cat >xport.yaml <<'YAML'
pack:
  name: xport
  version: "1"
  description: patterns that a ripgrep pattern file must keep apart
rules:
  - id: xport.ref
    category: xport.ref
    pattern: '(?<value>[A-Z]{2})-\d{3}-\k<value>'
  - id: xport.date
    category: xport.date
    pattern: '(?<![0-9])([0-9]{2})([./])[0-9]{2}\2[0-9]{4}(?![0-9])'
  - id: xport.word
    category: xport.word
    pattern: 'secret(?<value>\w+)|token'
    case_insensitive: true
  - id: xport.tail
    category: xport.tail
    pattern: 'zz(?<value>[0-9])(?P=value)'
YAML
"$LEAKSCAN" rules export --patterns xport.yaml >xport.pat || fail "export of xport.yaml failed"
[ "$(wc -l <xport.pat)" -eq 4 ] || fail_later "xport.yaml: want 4 lines, got $(wc -l <xport.pat)"

lsrun rules export
want_rc 2 "rules export without --patterns"

if ! command -v rg >/dev/null 2>&1; then
    echo "note: rg (ripgrep) is not installed: the patterns are counted, not compiled"
    e2e_exit
fi
while IFS= read -r pat; do
    set +e
    rg -P -e "$pat" /dev/null >/dev/null 2>rg.err
    rc=$?
    set -e
    [ "$rc" -le 1 ] || fail_later "rg -P rejects exported pattern: $pat ($(cat rg.err))"
done <builtin.pat
printf 'mail jan.peeters@example.be\nnothing to see here\n' >builtin.txt
set +e
got=$(rg -P --no-config -o -f builtin.pat builtin.txt 2>rg.err)
set -e
[ "$got" = "jan.peeters@example.be" ] ||
    fail_later "rg -P -f built-in patterns: got '$got', want the address ($(cat rg.err))"

# matches (+) and near misses (-), one a line
cat >sample.txt <<'TXT'
+ AB-123-AB
- AB-123-CD
+ 12/03/2019
- 12/03.2019
+ SECRETabc
- secretü
+ TOKEN
+ zz55
- ZZ55
- zz56
TXT
set +e
rg -P --no-config -N -f xport.pat sample.txt >hits.txt 2>rg.err
set -e
grep '^+' sample.txt >want.txt
if ! cmp -s hits.txt want.txt; then
    cat rg.err >&2
    diff want.txt hits.txt >&2 || true
    fail_later "rg -P -f of the exported xport.yaml does not match as its rules do"
fi
e2e_exit
