#!/usr/bin/python3
"""tests/accuracy/leak_truth.py — the truth of fixtures/mkleak describes what is in the
files: every occurrence's value is found in the decoded text of its path
(UTF-8/UTF-16LE/CP1252 text, .docx runs joined, .xlsx cells with shared
strings resolved (rich-text runs joined), .odt spans joined, .pdf
FlateDecode Tj/TJ strings, mail bodies after quoted-printable, attachments
after base64, mbox messages by 1-based number), at least as many times as
the truth counts it.  Also checks the worked examples of docs/identifiers.md are there
and the per-file counts add up to the category totals."""
import collections
import email
import email.policy
import io
import json
import mailbox
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib

build = os.environ.get("LS_BUILDDIR", ".")
mkleak = os.path.join(build, "fixtures", "mkleak")
if not os.access(mkleak, os.X_OK):
    print("SKIP: %s not built" % mkleak)
    sys.exit(77)


def xml_text(xml, para, run_tags):
    xml = xml.decode("utf-8")
    xml = re.sub(r"</%s>" % para, "\n", xml)
    xml = re.sub(r"<[^>]+>", "", xml)
    return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def pdf_text(data):
    out = []
    for m in re.finditer(rb"stream\n(.*?)\nendstream", data, re.S):
        cs = zlib.decompress(m.group(1))
        for line in cs.split(b"\n"):
            parts = re.findall(rb"\((?:\\.|[^\\)])*\)", line)
            s = b"".join(p[1:-1] for p in parts)
            s = re.sub(rb"\\([0-7]{3})", lambda x: bytes([int(x.group(1), 8)]), s)
            s = re.sub(rb"\\(.)", rb"\1", s)
            out.append(s.decode("cp1252"))
    return "\n".join(out)


def xlsx_text(data):
    """Every sheet row as a line of tab-separated cells, shared strings resolved."""
    z = zipfile.ZipFile(io.BytesIO(data))
    sst = []
    for si in re.findall(rb"<si>(.*?)</si>", z.read("xl/sharedStrings.xml"), re.S):
        sst.append(xml_text(si, "si", None))
    out = []
    names = sorted((n for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                   key=lambda n: int(re.sub(r"\D", "", n)))
    if not names:
        raise ValueError("xlsx: no sheets")
    for n in names:
        for row in re.findall(rb"<row[^>]*>(.*?)</row>", z.read(n), re.S):
            cells = []
            for attrs, body in re.findall(rb"<c([^>]*)>(.*?)</c>", row, re.S):
                if b't="s"' in attrs:
                    cells.append(sst[int(re.search(rb"<v>(\d+)</v>", body).group(1))])
                else:
                    cells.append(xml_text(body, "v", None))
            out.append("\t".join(cells))
    return "\n".join(out)


def doc_text(name, data, enc=None):
    if name.endswith(".xlsx"):
        return xlsx_text(data)
    if name.endswith(".docx"):
        return xml_text(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"), "w:p", None)
    if name.endswith(".odt"):
        z = zipfile.ZipFile(io.BytesIO(data))
        if z.infolist()[0].filename != "mimetype" or z.infolist()[0].compress_type != 0:
            raise ValueError("odt: mimetype not stored first")
        return xml_text(z.read("content.xml"), "text:p", None)
    if name.endswith(".pdf"):
        if not data.startswith(b"%PDF-") or b"startxref" not in data:
            raise ValueError("not a PDF")
        return pdf_text(data)
    enc = (enc or "utf-8").split("+")[0]
    if enc == "utf-16le":
        if data[:2] != b"\xff\xfe":
            raise ValueError("no BOM")
        return data[2:].decode("utf-16-le")
    return data.decode(enc)


def message_texts(prefix, msg, texts):
    """the body under prefix, attachments under prefix!/FILENAME"""
    body = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        fn = part.get_filename()
        payload = part.get_payload(decode=True)
        if fn:
            texts[prefix + "!/" + fn] = doc_text(fn, payload)
        else:
            body.append(payload.decode(part.get_content_charset() or "utf-8"))
    hdr = "\n".join("%s: %s" % (k, v) for k, v in msg.items())
    texts[prefix] = hdr + "\n" + "\n".join(body)


work = os.path.join(build, "tests-work")
os.makedirs(work, exist_ok=True)
out = tempfile.mkdtemp(prefix="leak_truth.", dir=work)
bad = 0


def fail(msg):
    global bad
    bad += 1
    if bad <= 25:
        print("FAIL:", msg)


try:
    subprocess.run([mkleak, "--seed", "5", "--scale", "1", "--out", out], check=True)
    leak = os.path.join(out, "leak")
    truth = json.load(open(os.path.join(out, "truth.json"), encoding="utf-8"))
    texts = {}
    for path, info in truth["files"].items():
        if "!/" in path or path in texts:
            continue
        data = open(os.path.join(leak, path), "rb").read()
        if path.endswith(".mbox"):
            for i, msg in enumerate(mailbox.mbox(os.path.join(leak, path)), 1):
                message_texts("%s!/%d" % (path, i), msg, texts)
            texts[path] = ""
        elif path.endswith(".eml"):
            message_texts(path, email.message_from_bytes(data), texts)
        elif path.endswith((".jpg", ".png")):
            texts[path] = None
        else:
            try:
                texts[path] = doc_text(path, data, info.get("encoding"))
            except Exception as e:  # noqa: BLE001 - report any decoding problem
                fail("%s: cannot decode: %s" % (path, e))
    want = collections.defaultdict(collections.Counter)
    per_cat = collections.Counter()
    for o in truth["occurrences"]:
        want[o["path"]][o["value"]] += 1
        per_cat[o["category"]] += 1
    for path, vals in want.items():
        if path not in texts:
            fail("%s: in occurrences, not decoded" % path)
            continue
        t = texts[path]
        if t is None:
            continue  # image: EXIF GPS is binary
        if len(t) > 200000:
            # big tables: count whole fields (CSV ;, JSON/XML/SQL quotes and tags)
            u = t.replace("''", "\0") if path.endswith(".sql") else t
            fields = collections.Counter(f.strip().replace("\0", "'")
                                         for f in re.split(r"[;\n\r\"'<>]" if path.endswith(".sql")
                                                           else r"[;\n\r\"<>]", u))
            for f in list(fields):  # "ip:port", "[ipv6]:port"
                m = re.fullmatch(r"\[([0-9a-f:]+)\]:\d+|(\d+\.\d+\.\d+\.\d+):\d+", f)
                if m:
                    fields[m.group(1) or m.group(2)] += fields[f]
        else:
            fields = None
            if path.endswith(".sql"):
                t = t.replace("''", "'")
        for v, n in vals.items():
            have = fields[v] if fields is not None else t.count(v)
            if have < n:
                fail("%s: %r written %d times, truth says %d" % (path, v, have, n))
    for p in texts:
        if p not in truth["files"] and "!/" in p:
            fail("%s: decoded member missing from truth files" % p)
    file_sum = collections.Counter()
    for info in truth["files"].values():
        file_sum.update(info["categories"])
    for cat, c in truth["categories"].items():
        if c["occurrences"] != per_cat[cat] or file_sum[cat] != per_cat[cat]:
            fail("%s: totals %d, occurrences list %d, per-file sum %d" % (
                cat, c["occurrences"], per_cat[cat], file_sum[cat]))
    ex = texts.get("pv/2022/PV-2022-00000.txt", "")
    for v in ("85.07.30-033.28", "98.47.28-997.65", "BE32 1234 5678 9002", "+++010/8068/17183+++",
              "591-1917064-58", "35-417803-685978-9", "206-10-4711-12345", "AN.55.L1.012345/2022"):
        if v not in ex:
            fail("worked example %s missing" % v)
    print("%d paths decoded, %d occurrences checked, %d failures" % (
        len(texts), sum(per_cat.values()), bad))
finally:
    shutil.rmtree(out, ignore_errors=True)
sys.exit(1 if bad else 0)
