#!/usr/bin/python3
"""tests/accuracy/leak_oracle.py — an independent oracle for fixtures/mkleak's truth:
every checksum-bearing value in truth.json passes python-stdnum (or, where
stdnum has no module, the docs/identifiers.md rule computed here), every plate has a
shape of its country, and every near miss fails the check it imitates
("checksum" near misses fail the checksum, "format" near misses fail every
plate shape, "context" near misses are well-formed by design).
Skips (77) when python-stdnum is missing."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import stdnum
    from stdnum import iban as st_iban, imei as st_imei, imsi as st_imsi, luhn
    from stdnum.be import nn as st_nn, vat as st_vat
except ImportError:
    print("SKIP: python-stdnum not installed (Debian python3-stdnum; use /usr/bin/python3)")
    sys.exit(77)
try:
    from stdnum.be import bis as st_bis
except ImportError:
    st_bis = None
try:
    from stdnum.be import ogm as st_ogm
except ImportError:
    st_ogm = None

build = os.environ.get("LS_BUILDDIR", ".")
mkleak = os.path.join(build, "fixtures", "mkleak")
if not os.access(mkleak, os.X_OK):
    print("SKIP: %s not built" % mkleak)
    sys.exit(77)


def digits(v):
    return re.sub(r"\D", "", v)


def mod97_10(v):
    """eID card, pre-IBAN account, OGM: 10 digits + (mod 97, 0 -> 97)."""
    d = digits(v)
    if len(d) != 12:
        return False
    r = int(d[:10]) % 97
    return int(d[10:]) == (r or 97)


def nn_ok(v):
    d = digits(v)
    if not st_nn.is_valid(d):
        return False
    return 0 <= int(d[2:4]) <= 12 and 0 <= int(d[4:6]) <= 31


def bis_ok(v):
    d = digits(v)
    if st_bis is not None:
        return st_bis.is_valid(d)
    # stdnum < 1.19 has no be.bis: the checksum is the NN one, month +20/+40
    m = int(d[2:4])
    return len(d) == 11 and st_nn._checksum(d) is not False and (20 <= m <= 32 or 40 <= m <= 52)


def ogm_ok(v):
    if not re.fullmatch(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", v):
        return False
    if st_ogm is not None:
        return st_ogm.is_valid(v)
    return mod97_10(v)


def iccid_ok(v):
    d = digits(v)
    return d.startswith("8932") and 19 <= len(d) <= 20 and luhn.is_valid(d)


def imsi_ok(v):
    return st_imsi.is_valid(v) and v.startswith("206")


# "_" stands for the separator ("-", or " " for the French FNI series), which
# ANPR exports and databases may drop
BE_PLATE = [r"[12789]_[A-Z]{3}_\d{3}", r"[A-Z]{3}_\d{3}", r"\d{3}_[A-Z]{3}",
            r"[QMO]_[A-Z]{3}_\d{3}", r"T_[XL][A-Z]{2}_\d{3}"]
NL_PLATE = [r"[A-Z]{2}_\d{2}_\d{2}", r"\d{2}_\d{2}_[A-Z]{2}", r"\d{2}_[A-Z]{2}_\d{2}",
            r"[A-Z]{2}_\d{2}_[A-Z]{2}", r"[A-Z]{2}_[A-Z]{2}_\d{2}", r"\d{2}_[A-Z]{2}_[A-Z]{2}",
            r"\d{2}_[A-Z]{3}_\d", r"\d_[A-Z]{3}_\d{2}", r"[A-Z]{2}_\d{3}_[A-Z]",
            r"[A-Z]_\d{3}_[A-Z]{2}", r"[A-Z]{3}_\d{2}_[A-Z]", r"\d_[A-Z]{2}_\d{3}"]
FR_PLATE = [r"[A-HJ-NP-TV-Z]{2}_\d{3}_[A-HJ-NP-TV-Z]{2}", r"\d{3}=[A-Z]{2}=\d{2}"]


def plate_ok(pats):
    forms = []
    for p in pats:
        forms += [p.replace("_", "-").replace("=", " "), p.replace("_", "").replace("=", "")]
    rx = re.compile("|".join("(?:%s)" % f for f in forms))

    def check(v):
        return rx.fullmatch(v) is not None
    return check


def nl_ok(v):
    if not plate_ok(NL_PLATE)(v):
        return False
    return not re.search(r"[AEIOUCQ]", v)


def phone_ok(v):
    d = v.replace("(0)", "")
    d = digits(d)
    if d.startswith("00"):
        d = d[2:]
    elif d.startswith("0"):
        d = "32" + d[1:]
    if not d.startswith("32"):
        return False
    n = d[2:]
    return (len(n) == 9 and re.fullmatch(r"4[5-9]\d{7}", n) is not None) or \
        (len(n) == 8 and n[0] in "123456789" and n[0] != "4" or
         len(n) == 8 and n[:1] == "4" and n[1] not in "56789")


VALIDATORS = {
    "national_register_number_be": nn_ok,
    "bis_number_be": bis_ok,
    "iban": lambda v: st_iban.is_valid(v),
    "payment_reference_be": ogm_ok,
    "imei": lambda v: st_imei.is_valid(v) and len(digits(v)) == 15,
    "iccid": iccid_ok,
    "imsi": imsi_ok,
    "enterprise_number_be": lambda v: st_vat.is_valid(v),
    "eid_card_number_be": mod97_10,
    "bank_account_be": mod97_10,
    "vehicle_plate_be": plate_ok(BE_PLATE),
    "vehicle_plate_nl": nl_ok,
    "vehicle_plate_fr": plate_ok(FR_PLATE),
    "phone_be": phone_ok,
    "cell_id": lambda v: re.fullmatch(r"206-\d{2}-\d{4,5}-\d{4,6}", v) is not None,
    "ipv4": lambda v: re.fullmatch(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})", v) is not None
    and all(int(x) <= 255 for x in v.split(".")),
}

work = os.path.join(build, "tests-work")
os.makedirs(work, exist_ok=True)
out = tempfile.mkdtemp(prefix="leak_oracle.", dir=work)
bad = 0
try:
    subprocess.run([mkleak, "--seed", "3", "--scale", "1", "--out", out], check=True)
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    checked = {}
    for o in truth["occurrences"]:
        fn = VALIDATORS.get(o["category"])
        if fn is None:
            continue
        checked[o["category"]] = checked.get(o["category"], 0) + 1
        if not fn(o["value"]):
            bad += 1
            if bad <= 20:
                print("FAIL: %s %r in %s does not validate" % (o["category"], o["value"], o["path"]))
    nm = {}
    for n in truth["near_misses"]:
        key = (n["looks_like"], n["reason"])
        nm[key] = nm.get(key, 0) + 1
        if n["reason"] == "context":
            continue
        fn = VALIDATORS[n["looks_like"]]
        if fn(n["value"]):
            bad += 1
            print("FAIL: near miss %r passes %s" % (n["value"], n["looks_like"]))
        if n["looks_like"] == "national_register_number_be" and bis_ok(n["value"]):
            bad += 1
            print("FAIL: near miss %r passes as a BIS number" % n["value"])
    for k in sorted(checked):
        print("checked %-30s %7d" % (k, checked[k]))
    for k in sorted(nm):
        print("near misses %-28s %-8s %5d" % (k[0], k[1], nm[k]))
    for cat in ("national_register_number_be", "bis_number_be", "iban", "payment_reference_be",
                "imei", "iccid", "enterprise_number_be", "eid_card_number_be", "bank_account_be"):
        if not checked.get(cat):
            bad += 1
            print("FAIL: no %s in the truth" % cat)
    print("stdnum %s: %d failures" % (stdnum.__version__, bad))
finally:
    shutil.rmtree(out, ignore_errors=True)
sys.exit(1 if bad else 0)
