#!/usr/bin/python3
"""tests/accuracy/leak_pack.py — leak.tar.gz opens (tarfile and `tar tzf`), holds the
nested zips, the 7z and the password-protected zip named in truth.json
"packing", and, after expanding them, holds exactly the files under leak/,
byte for byte.  The encrypted zip must not open without the password from
passwords.txt.  The 7z is listed and extracted with `7z` when installed (else
that part is skipped, with a message)."""
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

build = os.environ.get("LS_BUILDDIR", ".")
mkleak = os.path.join(build, "fixtures", "mkleak")
if not os.access(mkleak, os.X_OK):
    print("SKIP: %s not built" % mkleak)
    sys.exit(77)
work = os.path.join(build, "tests-work")
os.makedirs(work, exist_ok=True)
out = tempfile.mkdtemp(prefix="leak_pack.", dir=work)
fails = []


def fail(msg):
    print("FAIL:", msg)
    fails.append(msg)


try:
    subprocess.run([mkleak, "--seed", "7", "--scale", "1", "--out", out], check=True)
    leak = os.path.join(out, "leak")
    tree = {}
    for root, _, files in os.walk(leak):
        for f in files:
            p = os.path.join(root, f)
            tree[os.path.relpath(p, leak)] = p
    truth = json.load(open(os.path.join(out, "truth.json"), encoding="utf-8"))
    units = {u["archive"]: u for u in truth["packing"]["units"]}
    password = open(os.path.join(out, "passwords.txt")).read().split("\n")[0].encode()
    kinds = sorted(u["format"] for u in units.values())
    if "7z" not in kinds or "zipcrypto" not in kinds or kinds.count("zip") < 1:
        fail("packing lacks a nested zip, the 7z or the encrypted zip: %s" % kinds)

    tgz = os.path.join(out, "leak.tar.gz")
    with open(tgz, "rb") as f:
        head = f.read(10)
    if head[:2] != b"\x1f\x8b" or head[4:8] != b"\0\0\0\0":
        fail("leak.tar.gz: not gzip, or gzip header carries a timestamp")
    if shutil.which("tar"):
        names = subprocess.run(["tar", "tzf", tgz], check=True, capture_output=True,
                               text=True).stdout.split()
    else:
        names = None
    expanded = {}  # tree path -> bytes
    seen_units = set()
    with tarfile.open(tgz, "r:gz") as t:
        members = [m for m in t.getmembers() if m.isfile()]
        if names is not None and sorted(names) != sorted(m.name for m in members):
            fail("tar tzf and tarfile disagree")
        for m in members:
            data = t.extractfile(m).read()
            if m.mtime != 1262304000:
                fail("%s: mtime %d" % (m.name, m.mtime))
            u = units.get(m.name)
            if u is None:
                expanded[m.name] = data
                continue
            seen_units.add(m.name)
            pre = u["folder"] + "/"
            if u["format"] in ("zip", "zipcrypto"):
                z = zipfile.ZipFile(io.BytesIO(data))
                if u["format"] == "zipcrypto":
                    if not all(i.flag_bits & 1 for i in z.infolist()):
                        fail("%s: members not encrypted" % m.name)
                    try:
                        z.read(z.infolist()[0])
                        fail("%s: opened without the password" % m.name)
                    except RuntimeError:
                        pass
                    z.setpassword(password)
                for i in z.infolist():
                    expanded[pre + i.filename] = z.read(i)
            elif u["format"] == "7z":
                if data[:6] != b"7z\xbc\xaf\x27\x1c":
                    fail("%s: not a 7z archive" % m.name)
                seven = shutil.which("7z") or shutil.which("7za")
                if not seven:
                    print("note: no 7z tool; %s content taken from the tree unchecked" % m.name)
                    for k in tree:
                        if k.startswith(pre):
                            expanded[k] = open(tree[k], "rb").read()
                    continue
                d = tempfile.mkdtemp(dir=out)
                a = os.path.join(d, "x.7z")
                open(a, "wb").write(data)
                subprocess.run([seven, "x", "-y", "-o" + os.path.join(d, "x"), a], check=True,
                               stdout=subprocess.DEVNULL)
                for root, _, files in os.walk(os.path.join(d, "x")):
                    for f in files:
                        p = os.path.join(root, f)
                        expanded[pre + os.path.relpath(p, os.path.join(d, "x"))] = open(p, "rb").read()
    missing_units = set(units) - seen_units
    if missing_units:
        fail("archives missing from leak.tar.gz: %s" % sorted(missing_units))
    if set(expanded) != set(tree):
        fail("expanded tarball != tree: only in tarball %s, only in tree %s" % (
            sorted(set(expanded) - set(tree))[:5], sorted(set(tree) - set(expanded))[:5]))
    for k in sorted(set(expanded) & set(tree)):
        if open(tree[k], "rb").read() != expanded[k]:
            fail("%s: content differs between tarball and tree" % k)
    # every truth path names a file of the tree (or a member inside one)
    for p in truth["files"]:
        if p.split("!/")[0] not in tree:
            fail("truth names %s, not in the tree" % p)
            break
    print("%d files in the tree, %d after expanding leak.tar.gz, units %s" % (
        len(tree), len(expanded), sorted(seen_units)))
finally:
    shutil.rmtree(out, ignore_errors=True)
sys.exit(1 if fails else 0)
