#!/bin/sh
# tests/e2e/field_values.sh — strong identifiers as whole field values, and
# field names as people write them (issue 13):
# - a bare national register / BIS number (valid date and mod 97) or a
#   Belgian ICCID that is all of a CSV cell, a JSON value, an XML element
#   text or an XML attribute value is reported at medium under any field
#   name; in running text it stays low (not reported at the default);
# - a field named like another kind of number (order_no, ref, seq) lowers it;
# - a non-Belgian ICCID, an IMSI or a compact national phone number as a
#   whole field with a name that says nothing stays low;
# - field names are split at camelCase, snake_case and dots and folded
#   (ownerRrn, eigenaar_insz, Owner.NN, numéroNational): the NN column
#   classifier raises them to high; `rules list` shows the field names.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init field_values

NN=85073003328
BIS=83320308843
ICCID_BE=8932020398905054953
ICCID_XX=8944123456789012348
IMSI=206011234567890
mkdir in
cat >in/export.csv <<EOF
pers_code;order_no;kaart;abo;code;tel2
$NN;$BIS;$ICCID_BE;$IMSI;$ICCID_XX;0477467177
EOF
cat >in/events.json <<EOF
[{"subject": {"pk": "$BIS", "seq": "$NN"}, "kaart": "$ICCID_BE"}]
EOF
cat >in/dossier.xml <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<dossiers>
  <dossier ref="D-1"><prsnr>$NN</prsnr><vlg x="$BIS"/></dossier>
  <dossier ref="D-2"><prsnr> $BIS </prsnr><vlg x="$NN"/></dossier>
</dossiers>
EOF
cat >in/named.csv <<EOF
ownerRrn,eigenaar_insz,Owner.NN,numéroNational
$NN,$NN,$NN,$NN
EOF
cat >in/prose.txt <<EOF
Het dossier vermeldt $NN en $BIS zonder meer, en ook $ICCID_BE.
EOF
run_scan 0 scan -j1 --no-progress --min-confidence low --findings f.jsonl --reveal in >/dev/null
"$PY" - "$W/f.jsonl" <<'PY' || fail_later "field values: see above"
import json, sys, collections
got = collections.defaultdict(set)
for line in open(sys.argv[1]):
    f = json.loads(line)
    got[(f["path"].split("/")[-1], f.get("column"), f["value"])].add((f["category"], f["confidence"]))
def want(path, col, value, cat, conf):
    k = (path, col, value)
    assert (cat, conf) in got.get(k, set()), ("want", k, cat, conf, "got", got.get(k))
NN, BIS, IB, IX, IMSI = ("85073003328", "83320308843", "8932020398905054953",
                         "8944123456789012348", "206011234567890")
want("export.csv", "pers_code", NN, "national_register_number_be", "medium")
want("export.csv", "order_no", BIS, "bis_number_be", "low")
want("export.csv", "kaart", IB, "iccid", "medium")
want("export.csv", "abo", IMSI, "imsi", "low")
want("export.csv", "code", IX, "iccid", "low")
want("export.csv", "tel2", "0477467177", "phone_be", "low")
want("events.json", "pk", BIS, "bis_number_be", "medium")
want("events.json", "seq", NN, "national_register_number_be", "low")
want("events.json", "kaart", IB, "iccid", "medium")
want("dossier.xml", "prsnr", NN, "national_register_number_be", "medium")
want("dossier.xml", "prsnr", BIS, "bis_number_be", "medium")
want("dossier.xml", "x", BIS, "bis_number_be", "medium")
want("dossier.xml", "x", NN, "national_register_number_be", "medium")
for col in ("ownerRrn", "eigenaar_insz", "Owner.NN", "numéroNational"):
    want("named.csv", col, NN, "national_register_number_be", "high")
want("prose.txt", None, NN, "national_register_number_be", "low")
want("prose.txt", None, BIS, "bis_number_be", "low")
want("prose.txt", None, IB, "iccid", "low")
print("ok: %d findings as expected" % sum(len(v) for v in got.values()))
PY
# rules list shows each column's field names and a rule's field confidence
lsrun rules list
want_rc 0 "rules list"
out_has '^  rule     be.nn.plain .* field_confidence=medium$' ||
    fail_later "rules list does not show be.nn.plain's field_confidence"
"$LEAKSCAN" rules list | sed -n '/^  column   identity.column.nn /,/^  column/p' >nn.txt
for w in rrn insz niss ssin nn 'numero national' nationalregisternummer 'national number'; do
    grep -q "[ ,]$w[,]*\(\$\| \)" nn.txt || fail_later "rules list: NN field name '$w' missing"
done
e2e_exit
