#!/usr/bin/python3
"""tests/e2e/isolate.py — a parser that crashes, hangs or eats memory costs
one container, never the scan.

libarchive runs in supervised child processes (scanner/isolate.c).  Crashes
and hangs are made on purpose with the children's test hook
(LEAKSCAN_TEST_PARSER_FAULT=crash:N or hang:N: the child dies on SIGSEGV, or
stops answering, when asked for the Nth header of a container), so that the
supervision is tested without depending on one libarchive defect; the real
ones are in corpus_libarchive.sh.  Checked:

  crash    a tar whose child crashes at its 3rd header: the tar is failed,
           "parser crashed (...)"; its first two entries are scanned, in the
           inventory and the findings; the scan exits 0 and a second tar of
           the same scan (a new child) is read whole
  hang     a child that stops answering at the 2nd header is killed after
           --max-item-seconds 1: failed, "parser timed out"; the first entry
           stays; the scan ends in seconds
  memory   an xz stream whose header asks for a 1 GiB dictionary, with
           --max-parser-memory 256M: failed, "parser out of memory"; with
           --max-parser-memory 0 it is scanned (skipped under ASan or TSan, which
           reserves terabytes of address space, so no cap is set there)
  nested   a crash in the child of a nested archive fails that archive only:
           the outer tar is scanned, with its other entries
  thread   --parser-in-thread (libarchive and the document extractors on
           threads of the scanner, as the archive fuzzer runs them) reads
           the same: a tar.gz holding a tar, a zip and documents, at -j2,
           gives the same inventory and findings as the default children

The document extractors run in the same children (extract.c's table: PDF,
office, ODF, RTF, XML/HTML, mail, image; text, CSV, JSON and SQL stay
in-process).  Their hook is LEAKSCAN_TEST_PARSER_FAULT=crash:doc:NAME,
hang:doc:NAME or alloc:doc:NAME: the child crashes, stops answering or
allocates until its cap, once extractor NAME has sent its records.  With a
PDF, a DOCX and an EML (the samples of formats.py) among a CSV and a text
file:

  doc-crash   for each of pdf, docx, mail: that document is failed,
              "parser crashed (signal 11)" (under ASan, which catches the
              signal, "parser crashed (exit 1)"), its records sent before the
              crash kept (with their findings, as an archive keeps the
              entries read before); every other file is scanned with the
              same findings as in a scan without the fault (the EML's
              attachments, handed on before, too); the scan exits 0
  doc-hang    the PDF's child hangs, --max-item-seconds 2: failed, "parser
              timed out", the scan over in 20 s (the default deadline is 60)
  doc-memory  the DOCX's child allocates with --max-parser-memory 256M:
              failed, "parser out of memory" (not under ASan or TSan)
  doc-batch   small documents on disk go to the child in batches (one
              request for many, docrun.h; the hook names each batch on
              stderr): 24 PDFs and DOCXs, with CSVs between them, -j1; the
              child crashes (hook crash:doc:FILE), then hangs
              (--max-item-seconds 2), on the 10th document, which is in a
              batch with documents after it: only that document is failed,
              every other file has the status and findings of a scan without
              the fault (the rest of the batch is run again in a fresh child)
"""
import io
import json
import lzma
import os
import struct
import subprocess
import sys
import tarfile
import time
import zlib

LEAKSCAN = os.environ.get("LEAKSCAN")
BUILD = os.environ.get("LS_BUILDDIR", ".")
WORK = os.path.join(BUILD, "tests-work", "isolate")
failed = []


def fail(msg):
    print("FAIL: " + msg)
    failed.append(msg)


def csv(i):
    """A small CSV of synthetic people: a name and a valid national number."""
    rows = ["name;national_number"]
    for k in range(5):
        yymmdd, seq = 850730, (i * 10 + k) % 998 + 1
        check = 97 - (int("%06d%03d" % (yymmdd, seq)) % 97)
        s = "%06d%03d%02d" % (yymmdd, seq, check)
        rows.append("Jan Peeters %d;%s.%s.%s-%s.%s" % (k, s[0:2], s[2:4], s[4:6], s[6:9], s[9:11]))
    return ("\n".join(rows) + "\n").encode()


def make_tar(path, names, extra=None):
    with tarfile.open(path, "w") as t:
        for i, name in enumerate(names):
            data = csv(i)
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        for name, data in (extra or []):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))


def scan(d, args, env_extra=None, limit=120):
    env = dict(os.environ)
    env.update(env_extra or {})
    t0 = time.monotonic()
    p = subprocess.run([LEAKSCAN, "scan", "--no-progress", "--format", "json", "-o",
                        "report.json", "--inventory", "inv.jsonl", "--findings", "find.jsonl"] +
                       args, cwd=d, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=limit)
    secs = time.monotonic() - t0
    inv = {}
    for line in open(os.path.join(d, "inv.jsonl"), "rb"):
        e = json.loads(line)
        inv[e["path"]] = e
    finds = [json.loads(l) for l in open(os.path.join(d, "find.jsonl"), "rb")]
    rep = json.load(open(os.path.join(d, "report.json")))
    files = rep["scan"]["files"]
    if files["total"] != files["scanned"] + files["skipped"] + files["failed"] or \
            files["total"] != len(inv):
        fail("%s: files do not add up: %r, %d inventory lines" % (d, files, len(inv)))
    return p.returncode, secs, inv, finds, p.stderr.decode("utf-8", "replace")


def want(name, inv, path, status, reason=None):
    e = inv.get(path)
    if e is None:
        fail("%s: %s not in the inventory" % (name, path))
        return
    if e["status"] != status or (reason and not e.get("reason", "").startswith(reason)):
        fail("%s: %s is %s %r, want %s %r" % (name, path, e["status"], e.get("reason"), status,
                                              reason))


def found_in(finds, path):
    return sum(1 for f in finds if f["path"] == path)


def setup(name):
    d = os.path.join(WORK, name)
    os.makedirs(d)
    return d


def crash():
    d = setup("crash")
    os.makedirs(os.path.join(d, "in"))
    make_tar(os.path.join(d, "in", "a.tar"), ["a1.csv", "a2.csv", "a3.csv", "a4.csv"])
    make_tar(os.path.join(d, "in", "b.tar"), ["b1.csv"])
    rc, secs, inv, finds, err = scan(d, ["-j1", "in"], {"LEAKSCAN_TEST_PARSER_FAULT": "crash:3"})
    print("crash: exit %s in %.1f s; a.tar: %s" % (rc, secs, inv.get("in/a.tar")))
    if rc != 0:
        fail("crash: exit %s (%s)" % (rc, err.strip()))
    want("crash", inv, "in/a.tar", "failed", "parser crashed (")
    for k in ("a1", "a2"):
        want("crash", inv, "in/a.tar!/%s.csv" % k, "scanned")
        if found_in(finds, "in/a.tar!/%s.csv" % k) == 0:
            fail("crash: no findings kept for a.tar!/%s.csv" % k)
    for k in ("a3", "a4"):
        if "in/a.tar!/%s.csv" % k in inv:
            fail("crash: a.tar!/%s.csv, after the crash, is in the inventory" % k)
    want("crash", inv, "in/b.tar", "scanned")  # a new child for the next container
    want("crash", inv, "in/b.tar!/b1.csv", "scanned")


def hang():
    d = setup("hang")
    os.makedirs(os.path.join(d, "in"))
    make_tar(os.path.join(d, "in", "a.tar"), ["a1.csv", "a2.csv", "a3.csv"])
    rc, secs, inv, finds, err = scan(d, ["-j2", "--max-item-seconds", "1", "in"],
                                     {"LEAKSCAN_TEST_PARSER_FAULT": "hang:2"})
    print("hang: exit %s in %.1f s; a.tar: %s" % (rc, secs, inv.get("in/a.tar")))
    if rc != 0:
        fail("hang: exit %s (%s)" % (rc, err.strip()))
    if secs > 30:
        fail("hang: the scan took %.1f s with --max-item-seconds 1" % secs)
    want("hang", inv, "in/a.tar", "failed", "parser timed out")
    want("hang", inv, "in/a.tar!/a1.csv", "scanned")
    if found_in(finds, "in/a.tar!/a1.csv") == 0:
        fail("hang: no findings kept for a.tar!/a1.csv")


def big_dict_xz():
    """An xz stream of a small CSV whose LZMA2 header asks for a 1 GiB
    dictionary (the decoder allocates it up front)."""
    x = bytearray(lzma.compress(csv(0), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                                filters=[{"id": lzma.FILTER_LZMA2, "dict_size": 1 << 16}]))
    hs = (x[12] + 1) * 4  # the block header follows the 12-byte stream header
    i = x.index(b"\x21\x01", 12, 12 + hs)  # filter id LZMA2, one byte of properties
    x[i + 2] = 36  # dictionary size 2^(36/2 + 12) = 1 GiB
    x[12 + hs - 4:12 + hs] = struct.pack("<I", zlib.crc32(bytes(x[12:12 + hs - 4])))
    return bytes(x)


def under_sanitizer():
    out = subprocess.run(["ldd", LEAKSCAN], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout
    return b"libasan" in out or b"libtsan" in out


def memory():
    if under_sanitizer():
        print("memory: SKIPPED: ASan or TSan build (no address-space cap under a sanitizer)")
        return
    d = setup("memory")
    os.makedirs(os.path.join(d, "in"))
    with open(os.path.join(d, "in", "people.csv.xz"), "wb") as f:
        f.write(big_dict_xz())
    rc, secs, inv, finds, err = scan(d, ["-j1", "--max-parser-memory", "256M", "in"])
    print("memory: exit %s; capped: %s" % (rc, inv.get("in/people.csv.xz")))
    if rc != 0:
        fail("memory: exit %s (%s)" % (rc, err.strip()))
    want("memory", inv, "in/people.csv.xz", "failed", "parser out of memory")
    rc, secs, inv, finds, err = scan(d, ["-j1", "--max-parser-memory", "0", "in"])
    want("memory (no cap)", inv, "in/people.csv.xz", "scanned")
    want("memory (no cap)", inv, "in/people.csv.xz!/people.csv", "scanned")


def nested():
    d = setup("nested")
    os.makedirs(os.path.join(d, "in"))
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w") as t:
        for i, name in enumerate(["i1.csv", "i2.csv", "i3.csv", "i4.csv"]):
            data = csv(10 + i)
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    # The outer tar has two entries (three headers with its end), so only
    # the inner tar's child reaches a 4th header.
    make_tar(os.path.join(d, "in", "outer.tar"), [],
             [("inner.tar", inner.getvalue()), ("o2.csv", csv(20))])
    rc, secs, inv, finds, err = scan(d, ["-j1", "in"], {"LEAKSCAN_TEST_PARSER_FAULT": "crash:4"})
    print("nested: exit %s; inner: %s" % (rc, inv.get("in/outer.tar!/inner.tar")))
    if rc != 0:
        fail("nested: exit %s (%s)" % (rc, err.strip()))
    want("nested", inv, "in/outer.tar", "scanned")
    want("nested", inv, "in/outer.tar!/o2.csv", "scanned")
    want("nested", inv, "in/outer.tar!/inner.tar", "failed", "parser crashed (")
    for k in ("i1", "i2", "i3"):
        want("nested", inv, "in/outer.tar!/inner.tar!/%s.csv" % k, "scanned")


def doc_samples():
    """The PDF, DOCX and EML of formats.py (generated there, no blobs)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import formats
    return {n: formats.samples[n] for n in ("pv.pdf", "report.docx", "request.eml")}


def doc_tree(name):
    d = setup(name)
    os.makedirs(os.path.join(d, "in"))
    for n, data in doc_samples().items():
        with open(os.path.join(d, "in", n), "wb") as f:
            f.write(data)
    with open(os.path.join(d, "in", "people.csv"), "wb") as f:
        f.write(csv(50))
    with open(os.path.join(d, "in", "note.txt"), "wb") as f:
        f.write(b"Contact: " + csv(51).splitlines()[1] + b"\n")
    return d


def by_path(finds):
    out = {}
    for f in finds:
        out.setdefault(f["path"], []).append((f["rule"], f["line"], f["offset"], f["masked"]))
    return {k: sorted(v) for k, v in out.items()}


# The documents each extractor reads (the EML carries a DOCX attachment).
DOC_OF = {"pdf": ["in/pv.pdf"], "docx": ["in/report.docx", "in/request.eml!/pv.docx"],
          "mail": ["in/request.eml"]}


def doc_crash():
    d = doc_tree("doc-crash")
    rc, secs, inv0, finds0, err = scan(d, ["-j2", "in"])
    base = by_path(finds0)
    if rc != 0 or len(base) < 6:
        fail("doc-crash: the scan without a fault: exit %s, findings in %r" % (rc, sorted(base)))
    # ASan catches the SIGSEGV and exits 1: "parser crashed (exit 1)" there.
    crashed = "parser crashed (" if under_sanitizer() else "parser crashed (signal 11)"
    for ex, victims in sorted(DOC_OF.items()):
        rc, secs, inv, finds, err = scan(d, ["-j2", "in"],
                                         {"LEAKSCAN_TEST_PARSER_FAULT": "crash:doc:" + ex})
        print("doc-crash %s: exit %s in %.1f s; %s: %s" % (ex, rc, secs, victims[0],
                                                          inv.get(victims[0], {}).get("reason")))
        if rc != 0:
            fail("doc-crash %s: exit %s (%s)" % (ex, rc, err.strip()))
        got = by_path(finds)
        for victim in victims:
            want("doc-crash " + ex, inv, victim, "failed", crashed)
            if got.get(victim) != base.get(victim):
                fail("doc-crash %s: the records %s sent before the crash lost: %r, want %r"
                     % (ex, victim, got.get(victim), base.get(victim)))
        if set(inv) != set(inv0):
            fail("doc-crash %s: inventory paths differ: %r" % (ex, sorted(set(inv) ^ set(inv0))))
        for path, e in inv0.items():
            if path in victims:
                continue
            want("doc-crash " + ex, inv, path, e["status"])
            if got.get(path) != base.get(path):
                fail("doc-crash %s: findings of %s differ: %r, want %r"
                     % (ex, path, got.get(path), base.get(path)))


def doc_hang():
    d = doc_tree("doc-hang")
    rc, secs, inv, finds, err = scan(d, ["-j2", "--max-item-seconds", "2", "in"],
                                     {"LEAKSCAN_TEST_PARSER_FAULT": "hang:doc:pdf"})
    print("doc-hang: exit %s in %.1f s; pv.pdf: %s" % (rc, secs, inv.get("in/pv.pdf")))
    if rc != 0:
        fail("doc-hang: exit %s (%s)" % (rc, err.strip()))
    # Well under the default deadline (60 s), with room for a sanitizer
    # build on a loaded machine: the 2 s one was applied.
    if secs > 20:
        fail("doc-hang: the scan took %.1f s with --max-item-seconds 2" % secs)
    want("doc-hang", inv, "in/pv.pdf", "failed", "parser timed out")
    for path in ("in/report.docx", "in/request.eml", "in/people.csv", "in/note.txt"):
        want("doc-hang", inv, path, "scanned")
        if found_in(finds, path) == 0:
            fail("doc-hang: no findings for %s" % path)


def doc_memory():
    if under_sanitizer():
        print("doc-memory: SKIPPED: ASan or TSan build (no address-space cap under a sanitizer)")
        return
    d = doc_tree("doc-memory")
    rc, secs, inv, finds, err = scan(d, ["-j1", "--max-parser-memory", "256M", "in"],
                                     {"LEAKSCAN_TEST_PARSER_FAULT": "alloc:doc:docx"})
    print("doc-memory: exit %s in %.1f s; report.docx: %s" % (rc, secs, inv.get("in/report.docx")))
    if rc != 0:
        fail("doc-memory: exit %s (%s)" % (rc, err.strip()))
    want("doc-memory", inv, "in/report.docx", "failed", "parser out of memory")
    # The attachment of the same name inside the EML is a docx too.
    want("doc-memory", inv, "in/request.eml!/pv.docx", "failed", "parser out of memory")
    for path in ("in/pv.pdf", "in/request.eml", "in/people.csv"):
        want("doc-memory", inv, path, "scanned")


def doc_batch():
    d = setup("doc-batch")
    os.makedirs(os.path.join(d, "in"))
    samples = doc_samples()
    for i in range(24):
        n = "d%02d.%s" % (i, "pdf" if i % 2 else "docx")
        with open(os.path.join(d, "in", n), "wb") as f:
            f.write(samples["pv.pdf" if i % 2 else "report.docx"])
        if i % 5 == 0:
            with open(os.path.join(d, "in", "c%02d.csv" % i), "wb") as f:
                f.write(csv(i + 1))
    rc, secs, inv0, finds0, err = scan(d, ["-j1", "in"])
    base = by_path(finds0)
    if rc != 0 or len(base) < 24:
        fail("doc-batch: the scan without a fault: exit %s, findings in %d files" % (rc, len(base)))
    crashed = "parser crashed (" if under_sanitizer() else "parser crashed (signal 11)"
    victim = "in/d09.pdf"
    for kind, extra, reason in (("crash", [], crashed),
                                ("hang", ["--max-item-seconds", "2"], "parser timed out")):
        rc, secs, inv, finds, err = scan(d, ["-j1"] + extra + ["in"],
                                         {"LEAKSCAN_TEST_PARSER_FAULT": kind + ":doc:d09.pdf"})
        batches = [l.split(":", 3)[3].split() for l in err.splitlines()
                   if l.startswith("leakscan: test hook: batch of ")]
        print("doc-batch %s: exit %s in %.1f s; %s: %s; batches of %r" %
              (kind, rc, secs, victim, inv.get(victim, {}).get("reason"),
               [len(b) for b in batches]))
        if rc != 0:
            fail("doc-batch %s: exit %s (%s)" % (kind, rc, err.strip()))
        # The victim went in a batch with documents behind it.
        if not any(victim in b and b.index(victim) < len(b) - 1 for b in batches):
            fail("doc-batch %s: %s not in the middle of a batch: %r" % (kind, victim, batches))
        want("doc-batch " + kind, inv, victim, "failed", reason)
        if set(inv) != set(inv0):
            fail("doc-batch %s: inventory paths differ: %r" % (kind, sorted(set(inv) ^ set(inv0))))
        got = by_path(finds)
        for path, e in inv0.items():
            if path == victim:
                continue
            want("doc-batch " + kind, inv, path, e["status"])
            if got.get(path) != base.get(path):
                fail("doc-batch %s: findings of %s differ: %r, want %r"
                     % (kind, path, got.get(path), base.get(path)))


def in_thread():
    import zipfile
    d = setup("thread")
    os.makedirs(os.path.join(d, "in"))
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w") as t:
        for i in range(3):
            data = csv(30 + i)
            ti = tarfile.TarInfo("t%d.csv" % i)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr("z%d.csv" % i, csv(40 + i))
    docs = doc_samples()
    for n, data in docs.items():
        with open(os.path.join(d, "in", n), "wb") as f:
            f.write(data)
    with tarfile.open(os.path.join(d, "in", "outer.tar.gz"), "w:gz") as t:
        for name, data in [("inner.tar", inner.getvalue()), ("inner.zip", z.getvalue())] + \
                sorted(docs.items()):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    with open(os.path.join(d, "in", "top.zip"), "wb") as f:
        f.write(z.getvalue())
    runs = []
    for extra in ([], ["--parser-in-thread"]):
        rc, secs, inv, finds, err = scan(d, ["-j2"] + extra + ["in"])
        if rc != 0:
            fail("thread %r: exit %s (%s)" % (extra, rc, err.strip()))
        runs.append(({k: (v["status"], v.get("reason")) for k, v in inv.items()},
                     sorted((f["path"], f["rule"], f["line"], f["offset"], f["masked"]) for f in finds)))
    print("thread: %d inventory lines, %d findings (children) / %d, %d (threads)"
          % (len(runs[0][0]), len(runs[0][1]), len(runs[1][0]), len(runs[1][1])))
    if len(runs[0][0]) < 22 or not runs[0][1]:
        fail("thread: the default scan read too little: %r" % runs[0][0])
    if runs[0][0] != runs[1][0]:
        fail("thread: inventories differ: %r vs %r" % (runs[0][0], runs[1][0]))
    if runs[0][1] != runs[1][1]:
        fail("thread: %d findings with children, %d on threads, not the same" %
             (len(runs[0][1]), len(runs[1][1])))


def main():
    if not LEAKSCAN or not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: no leakscan binary")
        return 77
    subprocess.run(["rm", "-rf", WORK], check=True)
    os.makedirs(WORK)
    crash()
    hang()
    memory()
    nested()
    doc_crash()
    doc_hang()
    doc_memory()
    doc_batch()
    in_thread()
    print("%d failed checks" % len(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
