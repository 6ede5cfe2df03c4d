# tests/e2e/lib.sh — sourced by every e2e test script.
#
# The test driver exports LEAKSCAN (the binary), LS_BUILDDIR and LS_SRCDIR
# (and PYTHON3).  Each test works in $LS_BUILDDIR/tests-work/<name>, made
# fresh, and scans paths relative to it, so inventory paths are stable.
# Exit 77 skips a test.

set -eu

E2E_SRC="${LS_SRCDIR:?LS_SRCDIR is not set}/tests/e2e"
MKCASES="${LS_BUILDDIR:?LS_BUILDDIR is not set}/fixtures/mkcases"
PY="${PYTHON3:-/usr/bin/python3}"
[ -x "$PY" ] || PY=/usr/bin/python3
# inv ARGS...: tests/e2e/inv.py (inventory checks; see its docstring).
inv() {
    "$PY" "$E2E_SRC/inv.py" "$@"
}
# Every scan runs under a timeout, so that a hang (a FIFO opened, a bomb not
# caught) fails the test instead of stalling `make check`.
TIMEOUT=
if command -v timeout >/dev/null 2>&1; then
    TIMEOUT="timeout 120"
fi

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

skip() {
    echo "SKIP: $*" >&2
    exit 77
}

# e2e_init NAME: fresh work directory, made the current directory.
e2e_init() {
    W="$LS_BUILDDIR/tests-work/$1"
    if [ -d "$W" ]; then
        chmod -R u+rwx "$W" 2>/dev/null || true
        rm -rf "$W"
    fi
    mkdir -p "$W"
    cd "$W"
}

# need_scanner: skip unless the leakscan binary exists and knows `scan`.
need_scanner() {
    [ -x "${LEAKSCAN:-}" ] || skip "no leakscan binary at '${LEAKSCAN:-}'"
    "$LEAKSCAN" scan --help >/dev/null 2>&1 || skip "'leakscan scan --help' fails: scanner not built yet"
}

# run_scan EXPECTED_STATUS ARGS...: runs leakscan, stderr to ./stderr.log;
# fails unless the exit status is EXPECTED_STATUS.
run_scan() {
    want=$1
    shift
    set +e
    $TIMEOUT "$LEAKSCAN" "$@" 2>stderr.log
    got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        cat stderr.log >&2
        [ "$got" -eq 124 ] && [ -n "$TIMEOUT" ] && fail "leakscan $* timed out ($TIMEOUT)"
        fail "leakscan $* exited $got, expected $want"
    fi
}

# now: seconds since the epoch, with fractions.
now() {
    date +%s.%N
}

# elapsed START: seconds since START.
elapsed() {
    "$PY" -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$(now)"
}
