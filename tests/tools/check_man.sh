#!/bin/sh
# tests/tools/check_man.sh — man/leakscan.1 renders without a warning
# (groff -man -ww; also mandoc -T lint when it is installed), and every
# long option of `leakscan --help`, `leakscan scan --help` and `leakscan diff
# --help`, `leakscan merge --help`, and every subcommand, is in it: the page and the tool stay in
# sync.  Skipped (77) without groff and mandoc.
set -eu
page="${LS_SRCDIR:?}/man/leakscan.1"
bin="${LEAKSCAN:?}"
[ -f "$page" ] || { echo "FAIL: no $page"; exit 1; }
status=0
rendered=0
if command -v groff >/dev/null 2>&1; then
    warn=$(groff -man -Tutf8 -ww -z "$page" 2>&1) || status=1
    if [ -n "$warn" ]; then
        printf '%s\n' "$warn"
        echo "FAIL: groff warns about leakscan.1"
        status=1
    fi
    rendered=1
    # and it says something: the rendered page has its sections
    for s in SYNOPSIS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
        groff -man -Tutf8 -P-cbou "$page" 2>/dev/null | grep -q "^$s" ||
            { echo "FAIL: no section $s in the rendered page"; status=1; }
    done
fi
if command -v mandoc >/dev/null 2>&1; then
    warn=$(mandoc -T lint -W warning "$page" 2>&1) || true
    if [ -n "$warn" ]; then
        printf '%s\n' "$warn"
        echo "FAIL: mandoc -T lint warns about leakscan.1"
        status=1
    fi
    rendered=1
fi
[ "$rendered" -eq 1 ] || { echo "SKIP: neither groff nor mandoc is installed"; exit 77; }
[ -x "$bin" ] || { echo "SKIP: no leakscan binary at $bin"; exit 77; }

# Every long option of the help texts, as the page writes it (\-\-name).
text=$(sed 's/\\-/-/g' "$page")
opts=$( ("$bin" --help; "$bin" scan --help; "$bin" merge --help; "$bin" diff --help) |
    grep -o -- '--[a-z][a-z-]*' | sort -u)
n=0
for o in $opts; do
    n=$((n + 1))
    printf '%s\n' "$text" | grep -q -- "$o\\b" || { echo "FAIL: $o is not in leakscan.1"; status=1; }
done
for c in "scan" "merge" "rules list" "rules check" "rules lint" "rules export" "rules categories" "diff"; do
    printf '%s\n' "$text" | grep -q -- "$c" || { echo "FAIL: '$c' is not in leakscan.1"; status=1; }
done
[ "$n" -ge 30 ] || { echo "FAIL: only $n long options found in the help texts"; status=1; }
echo "leakscan.1: rendered without warnings; $n long options of --help all described"
exit $status
