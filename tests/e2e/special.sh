#!/bin/sh
# tests/e2e/special.sh — the walk and odd inputs: symlinks (a loop, a link to
# itself, a link to a sibling directory), a FIFO, a socket, a device (when
# mknod works), a mode-000 file, UTF-8 / Latin-1 / invalid / escape-sequence
# names, empty archives and files, a bare .gz, and a CSV that libarchive's
# mtree reader would accept but that must stay a text file.
#
# Expectations: special.expected (default: symlinks not followed) and
# special-follow.expected (--follow-symlinks).  Also: the text output shows
# the escape-sequence name without an ESC byte, and nothing hangs on the FIFO.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init special

S=special
"$MKCASES" "$S" plain >/dev/null
mkdir "$S/loop" "$S/sub"
ln -s .. "$S/loop/a"
ln -s self "$S/loop/self"
ln -s sub "$S/zz-link-to-sub"
printf 'Een bestand in een submap.\n' >"$S/sub/x.txt"
mkfifo "$S/fifo"
"$PY" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$S/sock"
INV_TAGS=
if mknod "$S/null" c 1 3 2>/dev/null; then
    INV_TAGS=dev
fi
export INV_TAGS
printf 'Niemand mag dit lezen.\n' >"$S/unreadable.txt"
chmod 000 "$S/unreadable.txt"
printf 'UTF-8-naam.\n' >"$S/café.txt"
printf 'Latin-1-naam.\n' >"$S/$(printf 'caf\351.txt')"
printf 'Ongeldige bytes in de naam.\n' >"$S/$(printf 'bad\377\376\200.txt')"
# Binary junk, so that it is a problem (skipped: binary) the text report lists.
printf '\377\376\000\001\002\003\200\201\202\203\004\005\006\007\377\000\000\000\020\021' \
    >"$S/$(printf 'evil\033[31m.txt')"

# The FIFO must never be opened: a scan that opens it blocks forever (the
# scans run under timeout(1), see lib.sh).
run_scan 0 scan -j2 --format json -o report.json --inventory inv.jsonl "$S"
inv compare inv.jsonl "$E2E_SRC/special.expected"
inv totals report.json inv.jsonl

# The same with -j1: the same report (but for timing) and inventory.
run_scan 0 scan -j1 --format json -o report1.json --inventory inv1.jsonl "$S"
inv same-report report.json report1.json
inv same-inventory inv.jsonl inv1.jsonl

# As root the mode-000 file is readable; scan once more as nobody (when
# setpriv exists and nobody can reach this directory) to see it fail.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
    mkdir nobody
    chmod 777 nobody
    if $NOBODY test -r "$S/sub/x.txt" && $NOBODY test -w nobody; then
        set +e
        $NOBODY $TIMEOUT "$LEAKSCAN" scan -j2 --format json -o nobody/report.json \
            --inventory nobody/inv.jsonl "$S" 2>nobody/stderr.log
        rc=$?
        set -e
        [ "$rc" -eq 0 ] || fail "scan as nobody exited $rc: $(cat nobody/stderr.log)"
        INV_AS=user inv compare nobody/inv.jsonl "$E2E_SRC/special.expected"
        inv totals nobody/report.json nobody/inv.jsonl
    else
        echo "note: nobody cannot reach $W; the mode-000 file was checked as root only"
    fi
fi

run_scan 0 scan -j2 --follow-symlinks --format json -o follow.json \
    --inventory follow.jsonl "$S"
inv compare follow.jsonl "$E2E_SRC/special-follow.expected"
inv totals follow.json follow.jsonl

# Text output to the terminal (stdout), and diagnostics on stderr: the
# escape-sequence name appears (it is a problem: binary) but no ESC byte does.
set +e
$TIMEOUT "$LEAKSCAN" scan -j1 --format text "$S" >text.out 2>text.err
rc=$?
set -e
[ "$rc" -eq 0 ] || fail "text scan exited $rc"
"$PY" - text.out text.err <<'EOF'
import sys
out, err = (open(p, "rb").read() for p in sys.argv[1:3])
for name, data in (("stdout", out), ("stderr", err)):
    if b"\x1b" in data:
        i = data.index(b"\x1b")
        sys.exit("FAIL: ESC byte in the text %s: %r" % (name, data[max(0, i - 40):i + 40]))
if b"evil" not in out:
    sys.exit("FAIL: the text output does not mention the skipped file evil\\x1b[31m.txt")
EOF
echo "ok"
