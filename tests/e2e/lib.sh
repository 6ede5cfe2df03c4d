# tests/e2e/lib.sh — sourced by every e2e test script: the common setup.
#
# The test driver exports LEAKSCAN (the binary), LS_BUILDDIR and LS_SRCDIR
# (and PYTHON3, and LS_SHARED for data kept beside the project).  Each test
# works in $LS_BUILDDIR/tests-work/<name>, made fresh by e2e_init, and scans
# paths relative to it, so inventory paths are stable.  Exit 77 skips a test
# (skip, need_leakscan, need_scanner).  A failure either ends the test at
# once (fail) or is reported and the test goes on to its end (fail_later,
# then e2e_exit), so that one run shows every broken check.
# E2E_TIMEOUT, set before sourcing, bounds each leakscan run (seconds; 120).

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
    TIMEOUT="timeout ${E2E_TIMEOUT:-120}"
fi

# fail MSG: the test fails here.
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# fail_later MSG: the test will fail (e2e_exit) but goes on.
E2E_FAILED=0
fail_later() {
    echo "FAIL: $*" >&2
    E2E_FAILED=1
}

# e2e_exit: ends the test, failed when fail_later was called.
e2e_exit() {
    exit "$E2E_FAILED"
}

# skip MSG: the test is skipped (exit 77), saying why.
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

# need_leakscan: skip unless the leakscan binary exists.
need_leakscan() {
    [ -x "${LEAKSCAN:-}" ] || skip "no leakscan binary at '${LEAKSCAN:-}'"
}

# need_scanner: skip unless the leakscan binary exists and knows `scan`.
need_scanner() {
    need_leakscan
    "$LEAKSCAN" scan --help >/dev/null 2>&1 || skip "'leakscan scan --help' fails: scanner not built yet"
}

# report_schema ARGS...: the JSON report a scan with ARGS wrote (--format
# json with -o FILE, or report.json in --output-dir DIR) must be valid
# against docs/report.schema.json (tests/e2e/schema_check.py); nothing is
# checked without python3-jsonschema (said once per test) or without a
# report file.
REPORT_SCHEMA_NOTE=
report_schema() {
    rs_json= rs_out= rs_dir= rs_prev=
    for rs_a in "$@"; do
        case "$rs_prev" in
        --format) case ",$rs_a," in *,json,*) rs_json=1 ;; esac ;;
        -o | --output) rs_out=$rs_a ;;
        --output-dir) rs_dir=$rs_a ;;
        esac
        case "$rs_a" in
        --format=*) case ",${rs_a#--format=}," in *,json,*) rs_json=1 ;; esac ;;
        --output=*) rs_out=${rs_a#--output=} ;;
        --output-dir=*) rs_dir=${rs_a#--output-dir=} ;;
        esac
        rs_prev=$rs_a
    done
    rs_file=
    if [ -n "$rs_json" ] && [ -n "$rs_dir" ]; then
        rs_file=$rs_dir/report.json
    elif [ -n "$rs_json" ] && [ -n "$rs_out" ] && [ "$rs_out" != - ]; then
        rs_file=$rs_out
    fi
    [ -n "$rs_file" ] && [ -f "$rs_file" ] && [ ! -L "$rs_file" ] || return 0
    set +e
    "$PY" "$E2E_SRC/schema_check.py" report "$rs_file" 2>schema.log
    rs_rc=$?
    set -e
    case $rs_rc in
    0) ;;
    77) [ -n "$REPORT_SCHEMA_NOTE" ] || cat schema.log >&2
        REPORT_SCHEMA_NOTE=1 ;;
    *) cat schema.log >&2
       fail "$rs_file: not valid against docs/report.schema.json" ;;
    esac
    rm -f schema.log
}

# run_scan EXPECTED_STATUS ARGS...: runs leakscan, stderr to ./stderr.log;
# fails unless the exit status is EXPECTED_STATUS; a JSON report it wrote
# (unless it exited 2, an error) must match docs/report.schema.json
# (report_schema).
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
    [ "$got" -eq 2 ] || report_schema "$@" # 2: an error, no report written
}

# lsrun ARGS...: runs leakscan ARGS; its output (stdout and stderr together)
# is shown and kept in $OUT, its exit status in $RC.  Never fails by itself.
lsrun() {
    set +e
    OUT=$($TIMEOUT "$LEAKSCAN" "$@" 2>&1)
    RC=$?
    set -e
    printf '%s\n' "$OUT"
}

# want_rc N WHAT: fail_later unless the last lsrun exited N.
want_rc() {
    [ "$RC" -eq "$1" ] || fail_later "$2 exited $RC, want $1"
}

# out_has GREP-ARGS...: true when a line of $OUT matches (grep -q GREP-ARGS).
out_has() {
    printf '%s\n' "$OUT" | grep -q "$@"
}

# now: seconds since the epoch, with fractions.
now() {
    date +%s.%N
}

# elapsed START: seconds since START.
# load_bound SECONDS: a wall bound for a test on a shared machine: SECONDS,
# three times that under the sanitizers (five under ThreadSanitizer), and
# stretched by the load per core when the machine runs more than it has
# cores for.  The figures themselves are the benchmark's (make bench).
load_bound() {
    "$PY" -c '
import os, sys
b = float(sys.argv[1])
san = os.environ.get("LS_SANITIZERS", "no")
b *= 5 if san == "thread" else 3 if san not in ("", "no") else 1
print("%.0f" % (b * min(max(os.getloadavg()[0] / (os.cpu_count() or 1), 1.0), 5.0)))' "$1"
}

elapsed() {
    "$PY" -c 'import sys; print("%.2f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$(now)"
}
