#!/usr/bin/python3
"""validate_stdnum.py - differential test of scanner/match/validate.c against python-stdnum.

Runs tests/unit/validate_cand (C), which prints for every checksum validator
100 000 random and mutated candidates with the C verdict, and checks every
verdict against python-stdnum (the independent oracle named in docs/identifiers.md).
Prints the mismatches and exits 1 on any; exits 77 (skip) if stdnum is not
importable.

Oracles and the documented differences (leakscan follows docs/identifiers.md
where it states the fact, the validator's contract otherwise):

nn_be    stdnum.be.nn.is_valid, and the birth date must exist with month 00
         and day 00 allowed (docs/identifiers.md: YYMMDD, month 00 and
         day 00 are legal).  stdnum 1.18 checks only the checksum, so it accepts
         months 13-99 (BIS numbers among them) and 31 February; newer
         stdnum releases check the month too.
bis_be   stdnum.be.bis.is_valid when that module exists (stdnum >= 1.19),
         else the stdnum.be.nn checksum (identical for BIS numbers); plus
         month 20-32 or 40-52 (docs/identifiers.md) and the date check above on the
         month minus 20/40.
iban     stdnum.iban.is_valid(check_country=False) (mod 97-10, country,
         length and BBAN structure from stdnum's iban.dat) plus, for BE, the
         Belgian national check (last 2 = first 10 mod 97, 0 -> 97).  Not
         stdnum.be.iban: it rejects bank codes missing from its bank list,
         which docs/identifiers.md says not to do for 2006-2022 data.  Nor the ES, ME
         and NO national checks, which leakscan does not implement.
imei     stdnum.imei.is_valid, except that stdnum also accepts 14 digits
         (an IMEI without its check digit): leakscan's contract is 15 digits
         with Luhn or a 16-digit IMEISV (docs/identifiers.md), so 14 digits are invalid.
luhn     stdnum.luhn.is_valid on digit strings; leakscan wants at least 2
         digits (a single "0" passes stdnum's Luhn but is no number).
iccid    starts with 89, 19-20 digits, stdnum.luhn.is_valid (stdnum has no
         ICCID module).
enterprise_be  stdnum.be.vat.is_valid, plus docs/identifiers.md: "10 digits,
         first 0 or 1, (first 8) mod 97 + last 2 = 97".  stdnum 1.18 also accepts a
         first digit 2-9, the 9-digit old format (it prepends a 0) and check
         digits 00 when the first 8 digits are a multiple of 97.
mod97_be / ogm_be  no stdnum module: direct reimplementation (12 digits,
         last 2 = first 10 mod 97, 0 -> 97; OGM layout +++ddd/dddd/ddddd+++,
         ***...*** or bare).
"""

import calendar
import multiprocessing
import os
import re
import subprocess
import sys
import time

try:
    from stdnum import iban as std_iban
    from stdnum import imei as std_imei
    from stdnum import luhn as std_luhn
    from stdnum.be import nn as std_nn
    from stdnum.be import vat as std_vat
    from stdnum.iso7064 import mod_97_10 as std_mod_97_10
except ImportError as e:  # pragma: no cover
    print("SKIP: python-stdnum not importable (%s); install python3-stdnum" % e)
    sys.exit(77)

try:
    from stdnum.be import bis as std_bis  # stdnum >= 1.19
except ImportError:
    std_bis = None

COUNT = int(os.environ.get("LS_DIFF_COUNT", "100000"))


def digits(s, seps):
    out = []
    for c in s:
        if c.isdigit() and c.isascii():
            out.append(c)
        elif c not in seps:
            return None
    return "".join(out)


def date_ok(century, yy, month, day):
    if month > 12 or day > 31:
        return False
    if month and day:
        return day <= calendar.monthrange(century + yy, month)[1]
    return True


def nn_century(d):
    # stdnum.be.nn._checksum: 19 or 20 (or 1900/2000 in newer versions), False.
    try:
        c = std_nn._checksum(d)
    except Exception:  # newer stdnum raises InvalidChecksum
        return None
    if not c:
        return None
    return 1900 if c in (19, 1900) else 2000


def oracle_nn(s):
    if not std_nn.is_valid(s):
        return False, False
    d = digits(s, " -.")
    century = nn_century(d)
    ok = century is not None and date_ok(century, int(d[:2]), int(d[2:4]), int(d[4:6]))
    return ok, True


def oracle_bis(s):
    d = digits(s, " -.")
    if d is None or len(d) != 11 or int(d) == 0:
        return False
    if std_bis is not None:
        if not std_bis.is_valid(s):
            return False
    century = nn_century(d)
    if century is None:
        return False
    month = int(d[2:4])
    if 20 <= month <= 32:
        month -= 20
    elif 40 <= month <= 52:
        month -= 40
    else:
        return False
    return date_ok(century, int(d[:2]), month, int(d[4:6]))


def oracle_iban(s):
    # stdnum's own mod 97-10 first (what iban.validate() starts with): cheap,
    # and it rejects two thirds of the candidates before the slow registry
    # look-up.
    c = std_iban.compact(s)
    if not std_mod_97_10.is_valid(c[4:] + c[:4]):
        return False
    if not std_iban.is_valid(s, check_country=False):
        return False
    if c.startswith("BE"):
        v = int(c[4:14]) % 97 or 97
        return v == int(c[14:16])
    return True


def oracle_imei(s):
    raw = std_imei.is_valid(s)
    d = digits(s, " -")
    return raw and d is not None and len(d) != 14, raw


def oracle_luhn(s):
    return len(s) >= 2 and std_luhn.is_valid(s)


def oracle_iccid(s):
    d = digits(s, " -")
    return (d is not None and 19 <= len(d) <= 20 and d.startswith("89")
            and std_luhn.is_valid(d))


def oracle_enterprise(s):
    if not std_vat.is_valid(s):
        return False, False
    c = s.upper().replace(" ", "")
    if c.startswith("BE"):
        c = c[2:]
    d = digits(c, ".-")
    ok = (d is not None and len(d) == 10 and d[0] in "01"
          and int(d[:8]) % 97 + int(d[8:]) == 97)
    return ok, True


def mod97_ok(d):
    return len(d) == 12 and (int(d[:10]) % 97 or 97) == int(d[10:])


def oracle_mod97(s):
    d = digits(s, " .-/+*")
    return d is not None and mod97_ok(d)


OGM_RE = re.compile(r"^(?:(\+\+\+|\*\*\*) *)?(\d{3})/(\d{4})/(\d{5})(?: *(\+\+\+|\*\*\*))?$")


def oracle_ogm(s):
    if re.fullmatch(r"\d{12}", s):
        return mod97_ok(s)
    m = OGM_RE.match(s)
    if not m or m.group(1) != m.group(5):
        return False
    return mod97_ok(m.group(2) + m.group(3) + m.group(4))


ORACLES = {
    "nn_be": oracle_nn,
    "bis_be": oracle_bis,
    "iban": oracle_iban,
    "imei": oracle_imei,
    "luhn": oracle_luhn,
    "iccid": oracle_iccid,
    "enterprise_be": oracle_enterprise,
    "mod97_be": oracle_mod97,
    "ogm_be": oracle_ogm,
}


def check_chunk(lines):
    """Checks a list of candidate lines; returns {kind: [n, valid, bad]} and
    the first mismatches."""
    stats = {}
    bad_lines = []
    for line in lines:
        kind, cand, verdict = line.split("\t")
        want = ORACLES[kind](cand)
        raw = None
        if isinstance(want, tuple):
            want, raw = want
        want = bool(want)
        st = stats.setdefault(kind, [0, 0, 0, 0])
        st[0] += 1
        st[1] += want
        # documented deviations: plain stdnum says valid, docs/identifiers.md says not
        st[3] += raw is not None and bool(raw) != want
        if (verdict == "1") != want:
            st[2] += 1
            if len(bad_lines) < 50:
                bad_lines.append("MISMATCH %s %r: leakscan %s, stdnum oracle %d"
                                 % (kind, cand, verdict, want))
    return stats, bad_lines


def main():
    builddir = os.environ.get("LS_BUILDDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    prog = os.path.join(builddir, "tests", "unit", "validate_cand")
    if not os.path.exists(prog):
        print("FAIL: %s not built" % prog)
        return 1
    t0 = time.time()
    out = subprocess.run([prog, str(COUNT)], check=True, stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    t1 = time.time()
    lines = out.splitlines()
    chunks = [lines[i:i + 25000] for i in range(0, len(lines), 25000)]
    workers = max(1, min(4, os.cpu_count() or 1))
    if workers > 1:
        with multiprocessing.Pool(workers) as pool:
            results = pool.map(check_chunk, chunks)
    else:
        results = [check_chunk(c) for c in chunks]
    t2 = time.time()
    stats = {}
    mismatches = 0
    shown = 0
    for part, bad_lines in results:
        for kind, (n, valid, bad, dev) in part.items():
            st = stats.setdefault(kind, [0, 0, 0, 0])
            st[0] += n
            st[1] += valid
            st[2] += bad
            st[3] += dev
            mismatches += bad
        for b in bad_lines:
            if shown < 50:
                print(b)
                shown += 1
    for kind in ORACLES:
        n, valid, bad, dev = stats.get(kind, [0, 0, 0, 0])
        print("%-14s %7d candidates, %6d valid, %d mismatches, %d documented deviations"
              % (kind, n, valid, bad, dev))
        if n < COUNT:
            print("FAIL: %s: only %d candidates" % (kind, n))
            mismatches += 1
    print("generation %.1f s, checking %.1f s (%d processes), %d mismatches"
          % (t1 - t0, t2 - t1, workers, mismatches))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
