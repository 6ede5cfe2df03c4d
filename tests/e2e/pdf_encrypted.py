#!/usr/bin/python3
"""tests/e2e/pdf_encrypted.py — encrypted PDFs, made by qpdf at test time.

A synthetic two-page report with a document information dictionary and an
XMP metadata stream is encrypted by qpdf with every revision of the standard
security handler (R2 40-bit RC4, R3 128-bit RC4, R4 AES-128, R6 AES-256,
with and without object streams, metadata in clear or not), then scanned:

  - an empty user password: scanned, the findings of the plain file at the
    same places (pages, the Info and XMP records and their columns);
  - a user password: skipped, "encrypted: a password is needed (give it
    with --passwords)"; with --passwords holding it (or the owner password)
    after wrong ones: scanned; holding only wrong ones: skipped, saying so;
  - damaged encryption dictionaries (/U cut, /UE gone, /R 9, /Encrypt
    pointing nowhere): failed or skipped with a reason, never a crash;
    an AES stream cut to no whole block: scanned, partial.

Skipped (77) when qpdf is not installed (quickstart.sh installs it).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import zlib

LEAKSCAN = os.environ.get("LEAKSCAN", "./leakscan")
BUILD = os.environ.get("LS_BUILDDIR", ".")

NN = "85.07.30-033.28"
NN2 = "17.07.30-033.84"
IBAN = "BE32 1234 5678 9002"
PV = "AN.55.L3.012345/2019"
PV2 = "GE.12.L1.000123/2020"


def report_pdf():
    """Two pages, /Info (Title holds a PV number) and XMP (a national number)."""
    pages = [b"BT /F1 11 Tf 72 720 Td (PROCES-VERBAAL nr " + PV.encode() + b") Tj ET",
             b"BT /F1 11 Tf 72 720 Td (Rijksregisternummer: " + NN.encode() + b") Tj 0 -14 Td "
             b"(IBAN: " + IBAN.encode() + b") Tj ET"]
    xmp = ('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>'
           '<rdf:li xml:lang="x-default">betrokkene %s</rdf:li></rdf:Alt></dc:description>'
           '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>' % NN2).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
            b"/Resources << /Font << /F1 7 0 R >> >> >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
            b"/Resources << /Font << /F1 7 0 R >> >> >>"]
    for c in pages:
        z = zlib.compress(c)
        objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(z) + z +
                    b"\nendstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objs.append(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(xmp) + xmp +
                b"\nendstream")
    objs.append(b"<< /Title (Dossier " + PV2.encode() + b") /Producer (mkreport) >>")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 9 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, x)
    return bytes(out)


# what the plain report holds: (category, value, location)
WANT = [("criminal_offence", "PROCES-VERBAAL", {"page": 1}),
        ("pv_number", PV, {"page": 1}),
        ("national_register_number_be", NN, {"page": 2}),
        ("iban", IBAN, {"page": 2}),
        ("pv_number", PV2, {"part": "Info", "column": "Title"}),
        ("national_register_number_be", NN2, {"part": "XMP", "column": "description"})]

# name: qpdf --encrypt arguments after the passwords
REVISIONS = {
    "r2-rc4-40": ["40"],
    "r3-rc4-128": ["128", "--use-aes=n"],
    "r4-aes-128": ["128", "--use-aes=y"],
    "r4-aes-128-objstm": ["128", "--use-aes=y", "--object-streams=generate"],
    "r4-aes-128-clearmeta": ["128", "--use-aes=y", "--cleartext-metadata"],
    "r6-aes-256": ["256"],
    "r6-aes-256-objstm": ["256", "--object-streams=generate"],
    "r6-aes-256-clearmeta": ["256", "--cleartext-metadata"],
}

fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL: " + msg)


def qpdf(src, dst, user, owner, args):
    extra = [a for a in args if a.startswith("--object-streams")]
    enc = [a for a in args if not a.startswith("--object-streams")]
    cmd = ["qpdf", "--allow-weak-crypto"] + extra + ["--encrypt", user, owner] + enc + \
        ["--", src, dst]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 3):  # 3: warnings
        raise SystemExit("qpdf failed: %s\n%s" % (" ".join(cmd), p.stderr.decode()))


def scan(work, path, passwords=None):
    """(inventory entry, findings) of one file."""
    f, i = os.path.join(work, "f.jsonl"), os.path.join(work, "i.jsonl")
    cmd = [LEAKSCAN, "scan", "--no-progress", "-j1", "--reveal", "--findings", f, "--inventory", i,
           "--format", "json", "-o", os.path.join(work, "r.json")]
    if passwords is not None:
        pw = os.path.join(work, "passwords.txt")
        with open(pw, "w") as fh:
            fh.write("".join(p + "\n" for p in passwords))
        cmd += ["--passwords", pw]
    p = subprocess.run(cmd + [path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        fail("%s: scan exited %d: %s" % (path, p.returncode, p.stderr.decode(errors="replace")))
        return {}, []
    inv = [json.loads(x) for x in open(i, encoding="utf-8")]
    finds = [json.loads(x) for x in open(f, encoding="utf-8")]
    return (inv[0] if inv else {}), finds


def check_read(name, work, path, passwords=None):
    e, finds = scan(work, path, passwords)
    if e.get("status") != "scanned" or e.get("partial"):
        fail("%s: %s (%s %s), want scanned" % (name, e.get("status"), e.get("reason"),
                                               e.get("partial")))
        return
    have = [(f["category"], f.get("value")) for f in finds]
    for cat, val, loc in WANT:
        m = [f for f in finds if f["category"] == cat and f.get("value") == val]
        if not m:
            fail("%s: no %s %s; got %s" % (name, cat, val, have))
            continue
        for k, v in loc.items():
            if m[0].get(k) != v:
                fail("%s: %s %s: %s is %r, want %r" % (name, cat, val, k, m[0].get(k), v))
    if len(finds) != len(WANT):
        fail("%s: %d findings, want %d: %s" % (name, len(finds), len(WANT), have))
    else:
        print("ok: %s read (%d findings)" % (name, len(finds)))


def check_status(name, work, path, status, reason, passwords=None, partial=None):
    e, finds = scan(work, path, passwords)
    got = (e.get("status"), e.get("reason") if status != "scanned" else e.get("partial"))
    want = (status, reason if status != "scanned" else partial)
    if got != want:
        fail("%s: %r, want %r" % (name, got, want))
    elif status != "scanned" and finds:
        fail("%s: %d findings in an unread file" % (name, len(finds)))
    else:
        print("ok: %s %s (%s)" % (name, status, got[1]))


def damage(src, dst, pattern, repl):
    data = open(src, "rb").read()
    new, n = re.subn(pattern, repl, data, count=1)
    if n != 1:
        raise SystemExit("damage: %r not found in %s" % (pattern, src))
    with open(dst, "wb") as f:
        f.write(new)


def main():
    if not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: %s not built" % LEAKSCAN)
        return 77
    if not shutil.which("qpdf"):
        print("SKIP: qpdf is not installed (quickstart.sh installs it)")
        return 77
    work = os.path.join(BUILD, "tests-work", "pdf_encrypted")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    plain = os.path.join(work, "report.pdf")
    with open(plain, "wb") as f:
        f.write(report_pdf())
    check_read("plain", work, plain)
    need = "encrypted: a password is needed (give it with --passwords)"
    for name, args in REVISIONS.items():
        empty = os.path.join(work, name + ".pdf")
        qpdf(plain, empty, "", "eigenaar", args)
        check_read(name + " empty user password", work, empty)
        locked = os.path.join(work, name + "-pw.pdf")
        qpdf(plain, locked, "geheim", "eigenaar", args)
        check_status(name + " user password", work, locked, "skipped", need)
        check_read(name + " --passwords user", work, locked, ["fout", "ook fout", "geheim"])
        check_read(name + " --passwords owner", work, locked, ["eigenaar"])
        check_status(name + " --passwords wrong", work, locked, "skipped",
                     "encrypted: a password is needed (none of the 2 of --passwords opens it)",
                     ["fout", "geheim2"])
    # damaged encryption dictionaries
    r3 = os.path.join(work, "r3-rc4-128.pdf")
    r6 = os.path.join(work, "r6-aes-256.pdf")
    d = os.path.join(work, "damaged.pdf")
    damage(r3, d, rb"/U <[0-9a-f]+>", b"/U <0011>")
    check_status("r3 /U cut", work, d, "failed",
                 "pdf: damaged encryption dictionary: /O or /U is 32 or 2 bytes, want 32")
    damage(r6, d, rb"/UE <[0-9a-f]+>", b"")
    check_status("r6 /UE gone", work, d, "failed",
                 "pdf: damaged encryption dictionary: /OE or /UE is 32 or 0 bytes, want 32")
    damage(r6, d, rb"/R 6", b"/R 9")
    check_status("r6 /R 9", work, d, "failed",
                 "pdf: damaged encryption dictionary: unsupported revision /R 9")
    damage(r3, d, rb"/Encrypt \d+ 0 R", b"/Encrypt 999 0 R")
    check_status("/Encrypt to nowhere", work, d, "failed",
                 "pdf: damaged encryption dictionary: /Encrypt is not a dictionary")
    damage(r3, d, rb"/Filter /Standard", b"/Filter /Adobe.PubSec")
    check_status("another handler", work, d, "skipped",
                 "encrypted: unsupported security handler /Adobe.PubSec")
    # an AES stream of 20 bytes: no whole block after its IV
    r4 = os.path.join(work, "r4-aes-128.pdf")
    data = open(r4, "rb").read()
    m = re.search(rb"<< /Filter /FlateDecode /Length (\d+) >>\nstream\n", data)
    if not m:
        raise SystemExit("no content stream in %s" % r4)
    n = int(m.group(1))
    cut = (data[:m.start()] + b"<< /Filter /FlateDecode /Length 20 >>\nstream\n" +
           data[m.end():m.end() + 20] + data[m.end() + n:])
    with open(d, "wb") as f:
        f.write(cut)
    check_status("AES stream cut", work, d, "scanned", None,
                 partial="partial: an encrypted stream is damaged (not whole AES blocks)")
    print("%d failures" % fails)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
