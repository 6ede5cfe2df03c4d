#!/bin/sh
# tests/e2e/second_leak.sh — never a second leak: a generated scale-1 leak
# (fixtures/mkleak, the tree and leak.tar.gz with its password) is scanned
# with every output the tool has — the JSON report, the text report, the
# HTML report, the inventory, the findings without --reveal, stderr, and
# what a terminal shows (the progress line and the text report, through
# script(1)) — and none of them may hold any planted value of truth.json.
#
# The values looked for are every "value" of the truth's occurrences except
# the keyword classes (criminal_offence, special_*: dictionary words such as
# "mineur", not values about a person; the report names categories, not
# words, but a word may legitimately appear in a file name).  Every planted
# personal value is at least 6 characters long (the shortest are Belgian
# plates such as 000HWA), so nothing shorter is searched for: a minimum of 6
# keeps out trivial hits (a lone digit, a year) and leaves out no value.  The
# JSON outputs are also searched after decoding (a value written with \u or
# \/ escapes would slip past a byte search; lines without a backslash read
# the same either way and are searched once).  Fingerprints are blanked
# before the search: a keyed BLAKE2b fingerprint is 32 hex digits, and among
# millions of them a run of 9 decimal digits equal to some planted phone
# number turns up by chance (seen: 050388478 inside ...12050388478962); a
# keyed hash holds no value.  A positive control checks that
# the same search does find the values in the leak itself and in a
# --reveal findings file.
E2E_TIMEOUT=600
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init second_leak

"$MKLEAK" --seed 4 --scale 1 --out gen >/dev/null
mkdir out
# The JSON, text and HTML reports (every figure, name and chart of the
# page) of one scan, with the inventory and the findings.
run_scan 0 scan -j2 --passwords gen/passwords.txt --format json,text,html --output-dir out \
    --inventory out/inv.jsonl --findings out/find.jsonl gen/leak gen/leak.tar.gz
mv stderr.log out/stderr-scan.log
# exposure.persons within its bounds of the truth (tests/accuracy/persons_check.py)
"$PY" "$LS_SRCDIR/tests/accuracy/persons_check.py" gen/truth.json out/report.json ||
    fail_later "exposure.persons against the truth (seed 4)"
# What a terminal shows: the progress line (drawn only when stderr is a
# terminal: here a pseudo-terminal of script(1)) and the text report; and
# the text report on stdout.  The whole leak in the plain build; under the
# sanitizers (LS_SANITIZERS), which check the code of these paths, three
# of its folders.
what="gen/leak gen/leak.tar.gz"
case ${LS_SANITIZERS:-no} in
no | "") ;;
*) what="gen/leak/personnel gen/leak/mail gen/leak/pv" ;;
esac
if command -v script >/dev/null 2>&1; then
    $TIMEOUT script -qefc "'$LEAKSCAN' scan -j2 --passwords gen/passwords.txt $what" \
        /dev/null </dev/null >out/terminal.log || fail "the scan on a terminal failed"
    grep -q 'files  .* items' out/terminal.log || fail "no progress line on a terminal"
fi
# shellcheck disable=SC2086
run_scan 0 scan -j2 --no-progress --passwords gen/passwords.txt $what >out/stdout-text.txt
mv stderr.log out/stderr-stdout.log

"$PY" - gen/truth.json out <<'PY'
import json, os, sys
truth, out = sys.argv[1], sys.argv[2]
keywords = {"criminal_offence", "special_health", "special_minor", "special_sexual"}
t = json.load(open(truth))
vals = {o["value"] for o in t["occurrences"] if o["category"] not in keywords}
short = sorted(v for v in vals if len(v) < 6)
if short:
    sys.exit("second_leak: planted values shorter than 6 characters (the threshold must change): %r"
             % short[:5])
with open("values.txt", "w") as f:
    f.write("\n".join(sorted(vals)) + "\n")
print("%d distinct planted values (of %d occurrences)" % (len(vals), len(t["occurrences"])))

def strings(x, acc):
    if isinstance(x, str):
        acc.append(x)
    elif isinstance(x, list):
        for y in x:
            strings(y, acc)
    elif isinstance(x, dict):
        for k, y in x.items():
            acc.append(k)
            strings(y, acc)

# Every string of the JSON outputs, decoded, one a line.
with open(os.path.join(out, "decoded.txt"), "w") as f:
    for name in ("report.json", "inv.jsonl", "find.jsonl"):
        p = os.path.join(out, name)
        with open(p) as g:
            # a line without a backslash reads the same decoded: the byte
            # search covers it
            docs = [json.load(g)] if name.endswith(".json") else \
                (json.loads(l) for l in g if "\\" in l)
            for d in docs:
                if isinstance(d, dict):
                    d.pop("fingerprint", None)
                acc = []
                strings(d, acc)
                for s in acc:
                    f.write(s.replace("\n", " ") + "\n")
PY

for f in out/*; do
    [ -s "$f" ] || [ "${f#out/stderr}" != "$f" ] || fail "$f is empty"
done
grep -c '"fingerprint":"[0-9a-f]\{32\}"' out/find.jsonl >/dev/null || fail "findings without fingerprints"
sed 's/"fingerprint":"[0-9a-f]*"/"fingerprint":""/' out/find.jsonl >out/find-nofp.jsonl
rm out/find.jsonl
hits=$(LC_ALL=C grep -F -o -h -f values.txt out/* | sort | uniq -c | sort -rn | head -20 || true)
if [ -n "$hits" ]; then
    printf '%s\n' "$hits" >&2
    fail "planted values found in the scan's outputs (above: count, value)"
fi
echo "ok: no planted value in $(ls out | tr '\n' ' ')($(cat out/* | wc -c) bytes)"

# Positive control: the search finds values where they are in clear.
n=$(LC_ALL=C grep -r -F -l -f values.txt gen/leak | wc -l)
[ "$n" -gt 100 ] || fail "the control search found planted values in only $n files of the leak"
run_scan 0 scan -j2 --no-progress --reveal --findings reveal.jsonl -o /dev/null gen/leak/personnel
n=$(LC_ALL=C grep -F -c -f values.txt reveal.jsonl || true)
[ "$n" -gt 0 ] || fail "the control search found no value in --reveal findings"
echo "ok: control: values found in the leak's files and in $n --reveal findings lines"
