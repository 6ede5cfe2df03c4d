#!/usr/bin/env bash
# quickstart.sh — set-up, build, demo and tests of leakscan on Debian 12.
#
#   ./quickstart.sh demo    install what is missing, build, generate a synthetic
#                           police-zone leak and scan it (report in demo-out/)
#   ./quickstart.sh test    install what is missing, build, run every test
#                           (plain build, then ASan+UBSan build); the last line
#                           is "N passed, N failed"
#   ./quickstart.sh deps    only install what is missing
set -euo pipefail
cd "$(dirname "$0")"
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# Debian packages the build and the tests need (chromium only renders the HTML
# report in tests/e2e/html_report.sh, which is skipped without it).
packages=(build-essential autoconf automake libtool pkg-config make
          libarchive-dev libmagic-dev libpcre2-dev zlib1g-dev libyaml-dev
          libsodium-dev libexpat1-dev libcmocka-dev libjansson-dev python3 python3-stdnum
          python3-jsonschema nettle-dev qpdf
          tar gzip bzip2 xz-utils bc clang-format chromium)

install_deps() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "quickstart: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# build DIR [configure options…]: an out-of-tree build in DIR.
build() {
  local dir=$1; shift
  [ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
  mkdir -p "$dir"
  (cd "$dir" && { [ -f Makefile ] || "$top/configure" -q "$@"; } && make -s -j"$jobs" >/dev/null)
}

# count DIR: adds the automake test summary of DIR to the totals.
passed=0; failed=0; skipped=0
count() {
  local log=$1/test-suite.log p f e x s
  p=$(sed -n 's/^# PASS: *//p' "$log" | head -1); f=$(sed -n 's/^# FAIL: *//p' "$log" | head -1)
  e=$(sed -n 's/^# ERROR: *//p' "$log" | head -1); x=$(sed -n 's/^# XPASS: *//p' "$log" | head -1)
  s=$(sed -n 's/^# SKIP: *//p' "$log" | head -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${x:-0}))
  skipped=$((skipped + ${s:-0}))
}

run_tests() {
  local status=0 d
  for d in build build-san; do
    if [ "$d" = build ]; then build "$top/$d" --enable-werror; else
      build "$top/$d" --enable-werror --enable-sanitizers; fi
    echo "quickstart: make check in $d"
    local tests=""
    if [ "$d" = build-san ]; then
      # Under ASan+UBSan everything but tests/tools/ and tests/accuracy/, to
      # keep this run under 10 minutes on 2 cores: the first check the
      # sources (format, function length, object cycles, headers, man page,
      # completion), not the built code; the second measure precision and
      # recall, the same in both builds, on generated leaks that the e2e
      # test leak_inventory also scans under the sanitizers.
      # Nor match_equiv (fast path against plain path, byte for byte: the
      # same answer in both builds; the matcher runs under the sanitizers in
      # every other scan), html_report (the page rendered in Chromium; the
      # HTML writer runs under the sanitizers in formats_out) and
      # second_leak (no planted value in any output: a property of the
      # outputs' text, the same in both builds; the scan of a whole leak
      # runs under the sanitizers in leak_inventory).  All ran in the plain
      # build; `make check` in build-san runs them too.
      tests=$(cd "$top/$d" && make -s print-tests | tr ' ' '\n' |
              grep -Ev '^tests/(tools|accuracy)/|^tests/e2e/(match_equiv|html_report|second_leak)\.' |
              tr '\n' ' ')
    fi
    if ! (cd "$top/$d" && make -s -j"$jobs" check ${tests:+TESTS="$tests"} >"$top/$d/check.out" 2>&1); then
      status=1
      grep -E '^(FAIL|ERROR|XPASS):' "$top/$d/check.out" || true
      # The end of each failed test's log, so that a CI run shows why.
      local t
      for t in $(sed -n 's/^\(FAIL\|ERROR\|XPASS\): //p' "$top/$d/check.out"); do
        echo "quickstart: the end of $d/${t%.*}.log:"
        tail -n 40 "$top/$d/${t%.*}.log" 2>/dev/null | sed 's/^/  | /'
      done
    fi
    grep -E '^SKIP:' "$top/$d/check.out" || true
    [ -f "$top/$d/test-suite.log" ] && count "$top/$d" || failed=$((failed + 1))
  done
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
}

run_demo() {
  build "$top/build" --enable-werror
  local out=$top/demo-out
  rm -rf "$out"; mkdir -p "$out"
  echo "quickstart: generating a synthetic police-zone leak (seed 1, scale 1) in $out"
  "$top/build/fixtures/mkleak" --seed 1 --scale 1 --out "$out/gen" >/dev/null
  echo "quickstart: leakscan scan $out/gen/leak.tar.gz"
  "$top/build/leakscan" scan --passwords "$out/gen/passwords.txt" \
      --inventory "$out/inventory.jsonl" --findings "$out/findings.jsonl" \
      --format text,json,csv,sarif,notification,html --output-dir "$out" "$out/gen/leak.tar.gz"
  cat "$out/report.txt"
  echo
  echo "quickstart: every report format (report.txt, report.json, report-categories.csv,"
  echo "report-files.csv, report.sarif, notification.md, report.html), the inventory"
  echo "and the findings (masked) are in $out/"
}

case "${1:-}" in
  deps) install_deps ;;
  demo) install_deps; run_demo ;;
  test) install_deps; run_tests ;;
  *) echo "usage: $0 demo|test|deps" >&2; exit 2 ;;
esac
