#!/bin/sh
# tests/e2e/text_color.sh — colours of the text report: ANSI escapes when
# stdout is a terminal (a pseudo-terminal made by script(1) of util-linux),
# none with NO_COLOR set and non-empty (no-color.org), with TERM=dumb or
# --color=never, and none when the report goes to a pipe or to a file (-o);
# --color=always forces them, even into a file.  Colour changes only the
# looks: with the escapes taken out, the terminal's report is the file's.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
command -v script >/dev/null 2>&1 || skip "no script(1) (util-linux) to make a pseudo-terminal"
e2e_init text_color

mkdir in
printf 'Naam: Jan Peeters\nTel: 0470 12 34 56\nverdachte van diefstal\n' >in/pv.txt
ln -s nowhere in/dangling
S="$LEAKSCAN scan -j1 --no-progress in"

# tty OUTPUT ENV...: the scan's stdout on a pseudo-terminal, with ENV set.
tty() {
    out=$1
    shift
    env "$@" script -qec "$S $XARGS" /dev/null </dev/null >"$out" 2>&1 ||
        fail "script -qec '$S $XARGS' failed: $(cat "$out")"
}
has_esc() {
    LC_ALL=C grep -q "$(printf '\033')\[" "$1"
}

XARGS=
tty t-auto.txt TERM=xterm NO_COLOR=
has_esc t-auto.txt || fail "no ANSI escape on a terminal: $(head -5 t-auto.txt)"
grep -q 'Severity:' t-auto.txt || fail "the terminal report has no Severity line"
tty t-nocolor.txt TERM=xterm NO_COLOR=1
has_esc t-nocolor.txt && fail "ANSI escapes on a terminal with NO_COLOR=1"
tty t-dumb.txt TERM=dumb NO_COLOR=
has_esc t-dumb.txt && fail "ANSI escapes on a terminal with TERM=dumb"
XARGS=--color=never
tty t-never.txt TERM=xterm NO_COLOR=
has_esc t-never.txt && fail "ANSI escapes with --color=never"
XARGS=--color=always
tty t-always.txt TERM=xterm NO_COLOR=1
has_esc t-always.txt || fail "--color=always did not override NO_COLOR"

env TERM=xterm NO_COLOR= $S | cat >pipe.txt
has_esc pipe.txt && fail "ANSI escapes in a pipe"
run_scan 0 scan -j1 --no-progress -o file.txt in
has_esc file.txt && fail "ANSI escapes in a -o file"
run_scan 0 scan -j1 --no-progress --color=always -o always.txt in
has_esc always.txt || fail "--color=always wrote no escape into a -o file"
run_scan 2 scan --color=sometimes in
# A limit past 2^63 in the JSON report (jansson's integers stop there) still
# gives a text report.
run_scan 0 scan -j1 --no-progress --max-input-bytes 16777215T -o big.txt in
grep -q '^Files: *2 total' big.txt || fail "no text report with --max-input-bytes 16777215T"

# The same report, escapes and carriage returns taken out (the timing line
# and the memory line differ from run to run).
strip() {
    sed -e "s/$(printf '\033')\[[0-9;]*m//g" -e "s/$(printf '\r')//g" "$1" |
        grep -v -e '^leakscan .* in [0-9.]* s with' -e '^Memory:'
}
strip t-auto.txt >a.txt
strip file.txt >b.txt
diff a.txt b.txt >diff.txt || fail "the coloured report differs from the plain one: $(head -20 diff.txt)"
grep -q 'skipped  in/dangling: symlink' b.txt || fail "no problem line in the text report"
echo "ok: escapes on a terminal only, NO_COLOR, TERM=dumb, --color honoured"
