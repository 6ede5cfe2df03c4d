#!/bin/sh
# tests/accuracy/accuracy.sh — measured accuracy of the built-in rule packs against the
# ground truth of fixtures/mkleak.
#
#   accuracy.sh               (make check) one seed (5) at scale 1: generate,
#                             scan the tree (-j2) and leak.tar.gz (-j1): the two
#                             must agree exactly; score; fail when a category falls
#                             below its threshold (the targets of issue 6) or
#                             a file format (docx, xlsx, odt, pdf, mail
#                             attachments, UTF-16 text, ...) more than one
#                             point below plain UTF-8 text (issue 5).
#                             Then the messy style (mkleak --style messy, seed
#                             5): every category at MESSY_MIN, the field-name
#                             files (velden/: abbreviated and misspelt column
#                             and key names) included, every damage kind the
#                             scanner repairs at 0.99/0.99.
#   accuracy.sh --doc FILE    (make accuracy) seeds 3 and 4, tree and
#                             leak.tar.gz, the messy style of the same
#                             seeds, and the noise corpus (noise.sh,
#                             seeds 3 and 4, 100 MB each); writes the tables
#                             to FILE (markdown); fails when the noise corpus
#                             gives more than 1 false finding per MB.
#
# Tuning happens on seed 1 only; seeds 3, 4 (docs) and 5 (this test) are
# measurements.  Needs LEAKSCAN, LS_BUILDDIR, LS_SRCDIR (set by make check).
set -u
: "${LS_SRCDIR:=.}" "${LS_BUILDDIR:=.}" "${PYTHON3:=/usr/bin/python3}" "${LEAKSCAN:=$LS_BUILDDIR/leakscan}"
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
SCORE="$LS_SRCDIR/tests/accuracy/score"
W="$LS_BUILDDIR/tests-work/accuracy"
[ -x "$MKLEAK" ] || { echo "SKIP: $MKLEAK not built"; exit 77; }
[ -x "$PYTHON3" ] || { echo "SKIP: no $PYTHON3"; exit 77; }

# Thresholds (precision:recall) at the default confidence (medium).
# Checksum ids: 0.99/0.99; plates, phones, e-mail, IMSI, IPs, PV numbers,
# names, addresses: 0.97/0.97.
MINS="
national_register_number_be=0.99:0.99
bis_number_be=0.99:0.99
iban=0.99:0.99
payment_reference_be=0.99:0.99
imei=0.99:0.99
iccid=0.99:0.99
enterprise_number_be=0.99:0.99
eid_card_number_be=0.99:0.99
vehicle_plate_be=0.97:0.97
vehicle_plate_nl=0.97:0.97
vehicle_plate_fr=0.97:0.97
phone_be=0.97:0.97
email=0.97:0.97
imsi=0.97:0.97
ipv4=0.97:0.97
ipv6=0.97:0.97
pv_number=0.97:0.97
person_name=0.97:0.97
address_be=0.97:0.97
"

# The messy style: the damage kinds the scanner repairs (docs/accuracy.md), and
# the per-category target.  excel_scientific (digits lost) and field_name (a
# vocabulary question) are measured, not gated.
MESSY_REPAIRED="cp1252 excel_leading_zero excel_serial_date fullwidth html_entity nbsp none
ocr_split ocr_swap qp_soft_break sep_variant upper_surname xml_split"
MESSY_MIN=0.97:0.95

gen() { # seed
	d="$W/seed$1"
	rm -rf "$d" && mkdir -p "$d" || exit 99
	"$MKLEAK" --seed "$1" --scale 1 --out "$d" >"$d/mkleak.log" 2>&1 || { cat "$d/mkleak.log"; echo "FAIL: mkleak --seed $1"; exit 1; }
}
scan() { # seed tree|tar [threads]
	d="$W/seed$1"
	if [ "$2" = tar ]; then in="$d/leak.tar.gz"; else in="$d/leak"; fi
	"$LEAKSCAN" scan -j"${3:-2}" --passwords "$d/passwords.txt" --findings "$d/findings-$2.jsonl" \
		--reveal --format json -o "$d/report-$2.json" "$in" >"$d/scan-$2.log" 2>&1
	st=$?
	# 0 is a completed scan; anything else is an error
	[ $st -eq 0 ] || { tail -20 "$d/scan-$2.log"; echo "FAIL: scan seed $1 $2 exited $st"; exit 1; }
}

messy() { # seed: generate the messy leak, scan its tree, score it (score-messy*.json)
	d="$W/messy$1"
	rm -rf "$d" && mkdir -p "$d" || exit 99
	"$MKLEAK" --style messy --seed "$1" --scale 1 --out "$d" >"$d/mkleak.log" 2>&1 || { cat "$d/mkleak.log"; echo "FAIL: mkleak --style messy --seed $1"; exit 1; }
	"$LEAKSCAN" scan -j2 --findings "$d/findings.jsonl" --reveal --format json -o "$d/report.json" \
		"$d/leak" >"$d/scan.log" 2>&1 || { tail -20 "$d/scan.log"; echo "FAIL: scan messy seed $1"; exit 1; }
	"$PYTHON3" "$SCORE" --json --by-damage "$d/truth.json" "$d/findings.jsonl" >"$d/score-all.json"
	"$PYTHON3" "$SCORE" --json --exclude-path velden/ "$d/truth.json" "$d/findings.jsonl" >"$d/score-core.json"
}

if [ "${1:-}" = --doc ]; then
	out="${2:?usage: accuracy.sh --doc FILE}"
	for s in 3 4; do
		messy $s
		gen $s
		for k in tree tar; do
			scan $s $k
			"$PYTHON3" "$SCORE" --json --by-format --report "$W/seed$s/report-$k.json" \
				"$W/seed$s/truth.json" "$W/seed$s/findings-$k.jsonl" \
				>"$W/seed$s/score-$k.json" || exit 1
		done
	done
	noise=$(sh "$LS_SRCDIR/tests/accuracy/noise.sh" --doc 100 3 4) || noise_fail=1
	printf '%s\n' "$noise" >"$W/noise.md"
	"$PYTHON3" - "$W" "$out" <<'PY' || exit 1
import json, sys, os
w, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(os.environ.get("LS_SRCDIR", "."), "tests", "accuracy"))
from messy_doc import messy_tables
runs = [(s, k) for s in (3, 4) for k in ("tree", "tar")]
sc = {}
for s, k in runs:
    sc[(s, k)] = json.load(open(os.path.join(w, "seed%d" % s, "score-%s.json" % k)))
def rows(j):
    return {r["category"]: r for r in j["categories"]}
cats = sorted(set().union(*[rows(j).keys() for j in sc.values()]))
L = ["# Rule-pack accuracy", "",
     "Generated by `make accuracy` (tests/accuracy/accuracy.sh --doc): `fixtures/mkleak --seed N --scale 1`,",
     "`leakscan scan -j2 --passwords … --reveal` of the tree (`leak/`) and of `leak.tar.gz`, scored with",
     "`tests/accuracy/score` (multisets of normalised values per category; default confidence medium).",
     "Rules were tuned on seed 1 only; seeds 3 and 4 are measurements. P = precision, R = recall.", ""]
hdr = "| category |" + "".join(" s%d %s truth | found | P | R |" % (s, k) for s, k in runs)
L.append(hdr)
L.append("|---|" + "---:|---:|---:|---:|" * len(runs))
for c in cats:
    cells = []
    for s, k in runs:
        r = rows(sc[(s, k)]).get(c)
        if r is None:
            cells.append(" – | – | – | – |")
        else:
            cells.append(" %d | %d | %.4f | %.4f |" % (r["truth"], r["found"], r["precision"], r["recall"]))
    L.append("| %s |" % c + "".join(cells))
L += ["", "## By file format", "",
      "The same findings grouped by the innermost file of each path (text by its encoding; mail",
      "bodies apart from attachments such as `bericht_004.eml!/PV-2020-98776.docx`), matched as",
      "multisets of (category, value) inside each format (`tests/accuracy/score --by-format`). `make check`",
      "fails when a format is more than one point below plain UTF-8 text (`--max-format-gap 0.01`).", ""]
L.append("| format |" + "".join(" s%d %s truth | found | P | R |" % (s, k) for s, k in runs))
L.append("|---|" + "---:|---:|---:|---:|" * len(runs))
fmts = sorted(set().union(*[[r["format"] for r in j.get("formats", [])] for j in sc.values()]))
for f in fmts:
    cells = []
    for s, k in runs:
        r = {x["format"]: x for x in sc[(s, k)].get("formats", [])}.get(f)
        if r is None:
            cells.append(" – | – | – | – |")
        else:
            cells.append(" %d | %d | %.4f | %.4f |" % (r["truth"], r["found"], r["precision"], r["recall"]))
    L.append("| %s |" % f + "".join(cells))
L += ["", "## Record types and distinct values", "",
      "Record-type counts and distinct values per category from the JSON report against the truth",
      "(`tests/accuracy/score --report`); the targets are 2 % for record types and 1 % for distinct counts,",
      "checked by `make check` on seed 5.", ""]
L.append("| count |" + "".join(" s%d %s truth | found | gap |" % (s, k) for s, k in runs))
L.append("|---|" + "---:|---:|---:|" * len(runs))
keys = []
for j in sc.values():
    for r in j.get("counts", []):
        if (r["what"], r["name"]) not in keys:
            keys.append((r["what"], r["name"]))
for what, name in keys:
    cells = []
    for s, k in runs:
        r = {(x["what"], x["name"]): x for x in sc[(s, k)].get("counts", [])}.get((what, name))
        if r is None:
            cells.append(" – | – | – |")
        else:
            cells.append(" %d | %d | %+.2f %% |" % (r["truth"], r["found"], 100 * r["gap"]))
    L.append("| %s %s |" % ("records" if what == "records" else "distinct", name) + "".join(cells))
L += messy_tables(w)
L += ["", "## Noise corpus", "",
      "`fixtures/mkleak --noise --seed N --size 100` writes about 100 MiB with no personal data by",
      "construction: service and access logs (request and trace ids, timestamps, no client addresses),",
      "sensor and billing tables as CSV, SQL and XML whose id columns hold random digit strings of 8 to",
      "20 digits under names such as `id`, `ref`, `seq`, `meter_id`, `order_no`, `device` or `Column1`,",
      "JSON events, C and Python source, base64, UUIDs, invoice and order numbers and hashes. Every",
      "finding on it is false. `leakscan scan -j2 --min-confidence low` of the corpus, counted per",
      "category: *medium+* is what the default confidence reports (per MiB of corpus), *low* what",
      "`--min-confidence low` adds. The gate (`make accuracy`, and `make check` on 4 MiB of seed 5) is",
      "at most 1 false finding per MiB at the default confidence.", "",
      "The national register and BIS numbers in the table are all whole field values in tables",
      "whose column names say nothing (`Column1` …): that is the price of reporting a bare",
      "NN/BIS as a whole field under any name (`field_confidence`, [rule-packs.md](rule-packs.md)).",
      "When it was settled (seed 3), also promoting every Luhn-valid `89…` ICCID added 0.74 false",
      "findings per MiB (1.35 in all, over the gate), so only Belgian ICCIDs (`8932…`) stand on their",
      "own; the others need a context word or an ICCID column. Before issue 13 the same packs gave",
      "16.2 false findings per MiB on 4 MiB of seed 5 (ICCID, IMSI and Belgian phone numbers in",
      "numeric id columns).", ""]
L += open(os.path.join(w, "noise.md")).read().rstrip("\n").split("\n")
open(out, "w").write("\n".join(L) + "\n")
PY
	echo "wrote $out"
	[ -z "${noise_fail:-}" ] || { echo "FAIL: the noise corpus is above 1 false finding per MB"; exit 1; }
	exit 0
fi

gen 5
scan 5 tree
set --
for m in $MINS; do set -- "$@" --min "$m"; done
"$PYTHON3" "$SCORE" "$W/seed5/truth.json" "$W/seed5/findings-tree.jsonl" --max-format-gap 0.01 \
	--report "$W/seed5/report-tree.json" --max-record-gap 0.02 --max-distinct-gap 0.01 "$@"
st=$?
[ $st -eq 0 ] || { echo "FAIL: accuracy below threshold (seed 5, tree)"; exit 1; }

# leak.tar.gz with one thread finds the same as the tree with two: the same
# (category, value) multiset, the same record-type and category counts.
scan 5 tar 1
"$PYTHON3" - "$W/seed5" <<'PY' || { echo "FAIL: leak.tar.gz -j1 differs from the tree -j2 (seed 5)"; exit 1; }
import collections, json, sys
d = sys.argv[1]
def finds(k):
    c = collections.Counter()
    for line in open("%s/findings-%s.jsonl" % (d, k), encoding="utf-8"):
        f = json.loads(line)
        c[(f["category"], f.get("value"))] += 1
    return c
def counts(k):
    r = json.load(open("%s/report-%s.json" % (d, k), encoding="utf-8"))
    return ({t: v["count"] for t, v in r["records"].items()},
            {c: (v["findings"], v["unique"], v["records"]) for c, v in r["categories"].items()})
a, b = finds("tree"), finds("tar")
if a != b:
    print("findings differ: %d only in the tree, %d only in the tar" % (sum((a - b).values()), sum((b - a).values())))
    for x in list((a - b).items())[:5] + list((b - a).items())[:5]:
        print("  ", x)
    sys.exit(1)
ca, cb = counts("tree"), counts("tar")
for what, x, y in (("records", ca[0], cb[0]), ("categories", ca[1], cb[1])):
    if x != y:
        print("%s differ: tree %r, tar %r" % (what, {k: v for k, v in x.items() if y.get(k) != v},
                                               {k: v for k, v in y.items() if x.get(k) != v}))
        sys.exit(1)
print("ok: tar -j1 = tree -j2: %d findings, %d record types, %d categories" % (sum(a.values()), len(ca[0]), len(ca[1])))
PY
# exposure.persons within its bounds of the truth, the same for both scans
"$PYTHON3" "$LS_SRCDIR/tests/accuracy/persons_check.py" "$W/seed5/truth.json" \
	"$W/seed5/report-tree.json" "$W/seed5/report-tar.json" || { echo "FAIL: persons (seed 5)"; exit 1; }
# the messy style, seed 5
messy 5
set --
for k in $MESSY_REPAIRED; do set -- "$@" --min-damage "$k=0.99:0.99"; done
"$PYTHON3" "$SCORE" --by-damage "$W/messy5/truth.json" "$W/messy5/findings.jsonl" "$@" >"$W/messy5/damage.txt"
st=$?
sed -n '/^damage/,$p' "$W/messy5/damage.txt"
[ $st -eq 0 ] || { echo "FAIL: a repaired damage kind below 0.99 (messy seed 5)"; exit 1; }
"$PYTHON3" "$SCORE" --min-all "$MESSY_MIN" "$W/messy5/truth.json" \
	"$W/messy5/findings.jsonl" || { echo "FAIL: messy seed 5 below $MESSY_MIN per category"; exit 1; }
rm -rf "$W"
echo "ok: accuracy seed 5"
exit 0
