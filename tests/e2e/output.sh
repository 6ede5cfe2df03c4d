#!/bin/sh
# tests/e2e/output.sh — output files are created 0600; a symlink in place of
# an output file (-o, --inventory) is refused with exit 2 and the link's
# target is not touched; an output that cannot be created and usage errors
# exit 2; a missing input is a failed line and the scan exits 0.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init output

mkdir in
printf 'Gewoon wat tekst.\n' >in/a.txt

mode() {
    stat -c %a "$1"
}

umask 022
run_scan 0 scan --format json -o report.json --inventory inv.jsonl in
[ "$(mode report.json)" = 600 ] || fail "report.json has mode $(mode report.json), not 600"
[ "$(mode inv.jsonl)" = 600 ] || fail "inv.jsonl has mode $(mode inv.jsonl), not 600"
run_scan 0 scan --format text -o report.txt in
[ "$(mode report.txt)" = 600 ] || fail "report.txt has mode $(mode report.txt), not 600"

# A symlink as the output: refused, whether its target exists or not.
ln -s dangling.json link-dangling.json
run_scan 2 scan --format json -o link-dangling.json in
[ ! -e dangling.json ] || fail "-o followed a dangling symlink and created its target"

printf 'keep\n' >victim.txt
ln -s victim.txt link-victim.json
run_scan 2 scan --format json -o link-victim.json in
[ "$(cat victim.txt)" = keep ] || fail "-o wrote through a symlink to an existing file"

run_scan 2 scan --format json -o out.json --inventory link-victim.json in
[ "$(cat victim.txt)" = keep ] || fail "--inventory wrote through a symlink"

# An output that cannot be created is an I/O error.
run_scan 2 scan --format json -o no-such-dir/report.json in

# A missing input is a failed line, not an error of the scan.
run_scan 0 scan --format json -o missing.json --inventory missing.jsonl in/a.txt no-such-file
inv compare missing.jsonl "$E2E_SRC/output-missing.expected"
inv totals missing.json missing.jsonl

# Usage errors.
run_scan 2 scan --no-such-option in
run_scan 2 scan --format no-such-format in
run_scan 2 scan -j nonsense in
run_scan 2 scan
run_scan 2 no-such-command
echo "ok"
