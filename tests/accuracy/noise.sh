#!/bin/sh
# tests/accuracy/noise.sh — false findings of the built-in rule packs on a
# corpus with no personal data (fixtures/mkleak --noise): every finding on
# it is false.  Counted per category at the default confidence (medium),
# divided by the corpus size in MiB; the gate is at most 1 per MiB.
#
#   noise.sh                   (make check) seed 5, 4 MB: fails above the gate.
#   noise.sh --doc SIZE SEEDS…  (make accuracy) SIZE MB per seed: prints the
#                              markdown table of docs/accuracy.md on stdout;
#                              fails above the gate.
#
# Needs LEAKSCAN, LS_BUILDDIR, LS_SRCDIR (set by make check).
set -u
: "${LS_SRCDIR:=.}" "${LS_BUILDDIR:=.}" "${PYTHON3:=/usr/bin/python3}" "${LEAKSCAN:=$LS_BUILDDIR/leakscan}"
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
W="$LS_BUILDDIR/tests-work/noise"
GATE=1.0
[ -x "$MKLEAK" ] || { echo "SKIP: $MKLEAK not built"; exit 77; }
[ -x "$PYTHON3" ] || { echo "SKIP: no $PYTHON3"; exit 77; }

run() { # seed size: generate, scan at low (the table shows both), keep the findings
	d="$W/seed$1"
	rm -rf "$d" && mkdir -p "$d" || exit 99
	"$MKLEAK" --noise --seed "$1" --size "$2" --out "$d" >"$d/mkleak.log" 2>&1 ||
		{ cat "$d/mkleak.log"; echo "FAIL: mkleak --noise --seed $1"; exit 1; }
	"$LEAKSCAN" scan -j2 --min-confidence low --findings "$d/findings.jsonl" --reveal \
		--format json -o "$d/report.json" "$d/noise" >"$d/scan.log" 2>&1 ||
		{ tail -20 "$d/scan.log"; echo "FAIL: scan of the noise corpus, seed $1"; exit 1; }
	[ "$2" -le 10 ] || rm -rf "$d/noise" # a big corpus is not kept (its size is in mkleak.log)
}

table() { # --doc|--check seeds…
	mode=$1
	shift
	"$PYTHON3" - "$W" "$GATE" "$mode" "$@" <<'PY'
import json, os, sys, collections
w, gate, mode, seeds = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
rank = {"low": 0, "medium": 1, "high": 2}
per = {}
for s in seeds:
    d = os.path.join(w, "seed" + s)
    size = int(open(os.path.join(d, "mkleak.log")).read().split()[1])  # "mkleak: N bytes of noise in DIR"
    rep = json.load(open(os.path.join(d, "report.json")))
    med, low, rules = collections.Counter(), collections.Counter(), collections.defaultdict(set)
    for line in open(os.path.join(d, "findings.jsonl")):
        f = json.loads(line)
        if rank[f["confidence"]] >= rank["medium"]:
            med[f["category"]] += 1
            rules[f["category"]].add(f["rule"])
        else:
            low[f["category"]] += 1
    per[s] = (size / 2**20, med, low, rules)
cats = sorted(set().union(*[set(p[1]) | set(p[2]) for p in per.values()]))
fail = False
if mode == "--doc":
    print("| category |" + "".join(" s%s medium+ | per MB | low |" % s for s in seeds))
    print("|---|" + "---:|---:|---:|" * len(seeds))
    for c in cats:
        cells = "".join(" %d | %.3f | %d |" % (p[1][c], p[1][c] / p[0], p[2][c]) for p in (per[s] for s in seeds))
        print("| %s |" % c + cells)
    print("| **total** |" + "".join(" **%d** | **%.3f** | %d |" % (sum(p[1].values()), sum(p[1].values()) / p[0], sum(p[2].values())) for p in (per[s] for s in seeds)))
    print()
    print("Corpus size: " + ", ".join("seed %s %.1f MiB" % (s, per[s][0]) for s in seeds) + ".")
for s in seeds:
    mb, med, low, rules = per[s]
    tot = sum(med.values())
    by = ", ".join("%s %d (%s)" % (c, n, " ".join(sorted(rules[c]))) for c, n in med.most_common())
    msg = "seed %s: %.1f MiB, %d false findings at default confidence = %.3f/MiB (gate %.1f)%s" % (
        s, mb, tot, tot / mb, gate, ": " + by if by else "")
    print(msg, file=sys.stderr if mode == "--doc" else sys.stdout)
    if sum(low.values()) == 0:
        fail = True  # random ids pass weak checks by chance: none at all means nothing was read
        print("FAIL: seed %s: not even a low-confidence finding; was the corpus scanned?" % s, file=sys.stderr)
    if tot / mb > gate:
        fail = True
        print("FAIL: seed %s above the gate" % s, file=sys.stderr)
sys.exit(1 if fail else 0)
PY
}

if [ "${1:-}" = --doc ]; then
	size="${2:?usage: noise.sh --doc SIZE SEED...}"
	shift 2
	for s in "$@"; do run "$s" "$size"; done
	table --doc "$@"
	exit $?
fi

run 5 4
table --check 5
