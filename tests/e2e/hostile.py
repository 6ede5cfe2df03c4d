#!/usr/bin/python3
"""tests/e2e/hostile.py — hostile inputs, each made at test time, each with
its inventory outcome and reason asserted.

  many      one zip of 10,000 entries (2,000 under the sanitizers;
            HOSTILE_BIG=1, make check-hostile-big: 100,000): every entry
            and the zip scanned; the time and peak RSS of the scan are
            printed
  cp866     zip entry names in CP866 without the UTF-8 flag: every line is
            valid UTF-8 JSON, a name that is not UTF-8 keeps its exact bytes
            in path_bytes, the entries are scanned
  names     file names (on disk and in a zip) holding ESC [ sequences and
            U+202E (right-to-left override): exact in the JSON inventory;
            escaped (\\x1b, \\u202e) in the text report and on stderr, so no
            ESC byte or bidi control reaches a terminal
  utf16     UTF-16 LE and BE text (with BOM) holding lone high and low
            surrogates: scanned, each bad unit counted in invalid_sequences,
            the values around them found
  damaged   truncated and bit-flipped copies of every archive and document
            format the generators write (zip, tar, tar.gz, 7z and everything
            of formats.py --write: docx, xlsx, pptx, odt, ods, pdf, eml,
            mbox, rtf, jpg, ...), several deterministic cut points and flip
            positions each: every copy ends scanned, or skipped/failed with a
            reason, and the scan exits 0
  bigline   one line of 64 MiB without a newline (HOSTILE_BIG=1, make
            check-hostile-big: 1 GiB), written to disk for the test only:
            scanned with bounded memory, the value planted at its end found;
            time and peak RSS printed.  While it runs, the scan's core-file
            limit is read from /proc/PID/limits: 0
  changed   a file cut or grown right after it was opened (hidden test hook
            --test-resize-after-open) and a file a writer appends to during
            the scan: flagged "changed during scan" in the inventory
  hardening --debug-hardening: core limit 0 and not dumpable at scan start,
            in the scanner and in every parser child, which wipes as the
            scanner does under --paranoid; --paranoid changes no result
  own       a text report written inside the scanned folder is not scanned
            (the JSON outputs are checked by interrupt.py)
  quine     a zip that contains itself (mkquine.py): opened level after level
            down to --max-depth (16, then 3), where the next copy is skipped
            "limit: depth"

    hostile.py [CASE]...     the cases (default: all; with HOSTILE_BIG=1:
                             many at 100,000 entries and bigline at 1 GiB)

Needs LEAKSCAN and LS_BUILDDIR (make check sets them).  Exits 77 when the
scanner is not built.
"""
import io
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tarfile
import threading
import time
import zipfile
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkquine import mkquine  # noqa: E402

LEAKSCAN = os.environ.get("LEAKSCAN")
BUILD = os.environ.get("LS_BUILDDIR", ".")
SRC = os.environ.get("LS_SRCDIR", ".")
BIG = os.environ.get("HOSTILE_BIG") == "1"
# Under ASan/UBSan or TSan (make check exports LS_SANITIZERS) `many` checks
# the same paths with 2,000 entries: 10,000 took 50 s there, most of the
# sanitizer run's longest test.
SANITIZED = os.environ.get("LS_SANITIZERS", "no") not in ("", "no")
FAILED = []
LAST_CPU = [0.0]  # user+sys CPU seconds of the last scan


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    FAILED.append(msg)


def setup(name):
    d = os.path.join(BUILD, "tests-work", "hostile", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def scan(args, cwd, timeout=300, watch=None):
    """Runs leakscan scan ARGS in cwd.  Returns (exit status, stdout, stderr,
    seconds, peak RSS in MiB).  watch(pid) is called while it runs until it
    returns True."""
    out = open(os.path.join(cwd, "stdout.txt"), "wb")
    err = open(os.path.join(cwd, "stderr.txt"), "wb")
    t0 = time.monotonic()
    p = subprocess.Popen([LEAKSCAN, "scan", "--no-progress"] + args, cwd=cwd, stdout=out,
                         stderr=err)
    watched = watch is None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if not watched:
            watched = watch(p.pid)
        if time.monotonic() - t0 > timeout:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            fail("leakscan %s: timed out after %ds" % (" ".join(args), timeout))
            break
        time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    secs = time.monotonic() - t0
    LAST_CPU[0] = ru.ru_utime + ru.ru_stime
    out.close()
    err.close()
    so = open(os.path.join(cwd, "stdout.txt"), "rb").read()
    se = open(os.path.join(cwd, "stderr.txt"), "rb").read()
    if p.returncode < 0:
        fail("leakscan %s: killed by signal %d: %s" % (" ".join(args), -p.returncode,
                                                       se.decode(errors="replace")[-2000:]))
    return p.returncode, so, se, secs, ru.ru_maxrss / 1024.0


def inventory(path):
    """The inventory lines, each checked: UTF-8 JSON, a status, a reason
    unless scanned."""
    items = []
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            try:
                o = json.loads(line.decode("utf-8", errors="strict"))
            except (UnicodeDecodeError, ValueError) as e:
                fail("%s:%d: not a UTF-8 JSON line: %s" % (path, n, e))
                continue
            if o.get("status") not in ("scanned", "skipped", "failed"):
                fail("%s:%d: bad status %r" % (path, n, o.get("status")))
            elif o["status"] != "scanned" and not o.get("reason"):
                fail("%s:%d: %s without a reason" % (path, n, o["status"]))
            items.append(o)
    return items


def totals(report, items, what):
    r = json.load(open(report))
    f = r["scan"]["files"]
    if not f["total"] == f["scanned"] + f["skipped"] + f["failed"] == len(items):
        fail("%s: report files %r, %d inventory lines" % (what, f, len(items)))


def rawzip(entries):
    """A zip of stored entries [(name bytes, data bytes, general purpose flags)]."""
    out, cd = io.BytesIO(), io.BytesIO()
    for name, data, flags in entries:
        off = out.tell()
        crc = zlib.crc32(data)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, 0, 0x21, crc, len(data),
                              len(data), len(name), 0) + name + data)
        cd.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, 0, 0, 0x21, crc,
                             len(data), len(data), len(name), 0, 0, 0, 0, 0, off) + name)
    c = cd.getvalue()
    return out.getvalue() + c + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries),
                                            len(entries), len(c), out.tell(), 0)


# --- many --------------------------------------------------------------------
def many():
    d = setup("many")
    n = 100000 if BIG else 2000 if SANITIZED else 10000
    with zipfile.ZipFile(os.path.join(d, "many.zip"), "w", zipfile.ZIP_STORED) as z:
        for i in range(n):
            z.writestr("d%02d/e%06d.txt" % (i % 100, i), "regel %d\n" % i)
    size = os.path.getsize(os.path.join(d, "many.zip"))
    rc, _, se, secs, rss = scan(["-j2", "--format", "json", "-o", "r.json", "--inventory",
                                 "inv.jsonl", "many.zip"], d, timeout=900)
    if rc != 0:
        fail("many: exit %d: %s" % (rc, se[-500:]))
        return
    items = inventory(os.path.join(d, "inv.jsonl"))
    totals(os.path.join(d, "r.json"), items, "many")
    scanned = sum(1 for o in items if o["status"] == "scanned")
    if len(items) != n + 1 or scanned != n + 1:
        fail("many: %d lines, %d scanned; want %d of each" % (len(items), scanned, n + 1))
    print("many: %d entries (zip %d bytes): %d lines, all scanned, %.1f s (CPU %.1f s), "
          "peak RSS %.0f MiB" % (n, size, len(items), secs, LAST_CPU[0], rss))
    os.unlink(os.path.join(d, "many.zip"))


# --- cp866 -------------------------------------------------------------------
def cp866():
    d = setup("cp866")
    names = ["Протокол допроса.txt", "Список/Иванов И.И.txt", "ёжик.txt"]
    ents = [(nm.encode("cp866"), ("Contact: jan.peeters@example.be %d\n" % i).encode(), 0)
            for i, nm in enumerate(names)]
    with open(os.path.join(d, "cp866.zip"), "wb") as f:
        f.write(rawzip(ents))
    rc, so, se, _, _ = scan(["-j1", "--format", "json", "-o", "r.json", "--inventory",
                             "inv.jsonl", "cp866.zip"], d)
    if rc != 0:
        fail("cp866: exit %d" % rc)
        return
    items = inventory(os.path.join(d, "inv.jsonl"))
    totals(os.path.join(d, "r.json"), items, "cp866")
    ents = [o for o in items if "!/" in o["path"]]
    if len(ents) != 3 or any(o["status"] != "scanned" for o in ents):
        fail("cp866: entries %r" % [(o["path"], o["status"]) for o in ents])
    hows = []
    for o in ents:
        name = o["path"].split("!/", 1)[1]
        if "path_bytes" in o:
            import base64
            raw = base64.b64decode(o["path_bytes"]).split(b"!/", 1)[1]
            if raw.decode("cp866") not in names:
                fail("cp866: path_bytes %r is not a CP866 name we wrote" % raw)
            how = "escaped (path_bytes)"
        elif name in names:
            how = "decoded"
        elif name.encode("utf-8").decode("cp866") in names:
            how = "kept as bytes (they happen to be valid UTF-8)"
        else:
            fail("cp866: %r is neither decoded nor given in path_bytes" % name)
            how = "?"
        hows.append("%r %s" % (name, how))
        if o.get("findings", {}).get("email") != 1:
            fail("cp866: %r: findings %r" % (name, o.get("findings")))
    print("cp866: 3 entries scanned, inventory valid UTF-8; names: %s" % "; ".join(hows))


# --- names -------------------------------------------------------------------
EVIL = ["evil\x1b[31mred\x1b[0m.txt", "invoice\u202etxt.exe", "\x1b]0;title\x07x.txt",
        "bell\x07\x1b[2J.txt"]


def names():
    d = setup("names")
    os.makedirs(os.path.join(d, "in"))
    for n in EVIL:
        with open(os.path.join(d, "in", n), "w") as f:
            f.write("Tel: 0470 12 34 56\n")
    with open(os.path.join(d, "in", "z.zip"), "wb") as f:
        f.write(rawzip([(n.encode(), b"Tel: 0470 12 34 56\n", 0x800) for n in EVIL] +
                       [(b"bad\xff\x1b[1m.bin", b"\x00\x01\x02" * 100, 0)]))
    # A file the scan cannot read gives a problem line (with its path) in the text report.
    with open(os.path.join(d, "in", "trunc\x1b[5m\u202e.zip"), "wb") as f:
        f.write(rawzip([(b"a.txt", b"x" * 100, 0)])[:60])
    want = {"in/" + n for n in EVIL} | {"in/z.zip!/" + n for n in EVIL}
    rc, so, se, _, _ = scan(["-j2", "--format", "json", "-o", "r.json", "--inventory",
                             "inv.jsonl", "in"], d)
    items = inventory(os.path.join(d, "inv.jsonl"))
    got = {o["path"] for o in items}
    if not want <= got:
        fail("names: inventory lacks the exact names %r" % sorted(want - got))
    raw = open(os.path.join(d, "inv.jsonl"), "rb").read()
    if b"\x1b" in raw or b"\x07" in raw:
        fail("names: a raw control byte in the JSON inventory")
    rc2, so2, se2, _, _ = scan(["-j2", "in"], d)  # text report on stdout
    rc3, _, se3, _, _ = scan(["-j2", "-o", "r.txt", "in"], d)
    txt = open(os.path.join(d, "r.txt"), "rb").read()
    for what, b in (("stdout", so2), ("stderr", se + se2 + se3), ("text report", txt)):
        for bad, nm in ((b"\x1b", "ESC"), (b"\x07", "BEL"), ("\u202e".encode(), "U+202E")):
            if bad in b:
                fail("names: %s holds a raw %s" % (what, nm))
    if rc != 0 or rc2 != 0 or rc3 != 0:
        fail("names: exit %d/%d/%d" % (rc, rc2, rc3))
    if b"\\x1b[5m\\u202e.zip" not in txt:
        fail("names: the text report does not show trunc\\x1b[5m\\u202e.zip escaped: %r" %
             txt[-600:])
    print("names: %d names exact in JSON; text report and stderr hold no ESC, BEL or U+202E" %
          len(want))


# --- utf16 -------------------------------------------------------------------
def utf16():
    d = setup("utf16")
    os.makedirs(os.path.join(d, "in"))
    text = "Naam: Jan Peeters\nE-mail: jan.peeters@example.be\nGSM: 0470 12 34 56\n"
    cases = {}
    for enc, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        le = enc.endswith("le")
        hi = b"\x00\xd8" if le else b"\xd8\x00"  # lone high surrogate U+D800
        lo = b"\x37\xdc" if le else b"\xdc\x37"  # lone low surrogate U+DC37
        body = text.encode(enc)
        cut = len("Naam: Jan Peeters\n".encode(enc))
        data = bom + body[:cut] + hi + body[cut:] + lo + "Einde\n".encode(enc)
        nm = "lone-%s.txt" % enc[-2:]
        cases[nm] = data
        # a high surrogate as the very last unit (cut short)
        cases["end-%s.txt" % enc[-2:]] = bom + body + hi
    for nm, data in cases.items():
        with open(os.path.join(d, "in", nm), "wb") as f:
            f.write(data)
    rc, _, _, _, _ = scan(["-j1", "--format", "json", "-o", "r.json", "--inventory",
                           "inv.jsonl", "in"], d)
    if rc != 0:
        fail("utf16: exit %d" % rc)
    for o in inventory(os.path.join(d, "inv.jsonl")):
        nm = os.path.basename(o["path"])
        want_bad = 2 if nm.startswith("lone") else 1
        if o["status"] != "scanned":
            fail("utf16: %s %s (%s)" % (nm, o["status"], o.get("reason")))
        if o.get("invalid_sequences") != want_bad:
            fail("utf16: %s: invalid_sequences %r, want %d" % (nm, o.get("invalid_sequences"),
                                                               want_bad))
        f = o.get("findings", {})
        if f.get("email") != 1 or f.get("phone_be") != 1:
            fail("utf16: %s: findings %r" % (nm, f))
    print("utf16: %d files (LE, BE, lone high and low surrogates) scanned, each bad unit counted"
          % len(cases))


# --- damaged -----------------------------------------------------------------
def sources(d):
    """Every archive and document format the generators write, by name."""
    src = os.path.join(d, "src")
    subprocess.run([sys.executable, os.path.join(SRC, "tests", "e2e", "formats.py"), "--write",
                    src], check=True, stdout=subprocess.DEVNULL)
    cases = os.path.join(d, "cases")
    subprocess.run([os.path.join(BUILD, "fixtures", "mkcases"), cases, "archives", "plain"],
                   check=True, stdout=subprocess.DEVNULL)
    for n in ("nested.tar.gz", "encrypted.zip", "calls.csv.gz"):
        shutil.copy(os.path.join(cases, n), os.path.join(src, n))
    with tarfile.open(os.path.join(cases, "nested.tar.gz")) as t:  # its zip and 7z
        for m in t.getmembers():
            if m.isfile():
                data = t.extractfile(m).read()
                with open(os.path.join(src, "nested-" + os.path.basename(m.name)), "wb") as f:
                    f.write(data)
                if data[:2] == b"PK":
                    with zipfile.ZipFile(io.BytesIO(data)) as z:
                        for zn in z.namelist():
                            with open(os.path.join(src, "inner-" + os.path.basename(zn)),
                                      "wb") as f:
                                f.write(z.read(zn))
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for n in ("register.csv", "prose.txt"):
            t.add(os.path.join(src, n), arcname="in/" + n)
    with open(os.path.join(src, "plain.tar"), "wb") as f:
        f.write(b.getvalue())
    with zipfile.ZipFile(os.path.join(src, "plain.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for n in ("register.csv", "report.docx", "prose.txt"):
            z.write(os.path.join(src, n), n)
    shutil.rmtree(cases)
    return src


def damaged():
    d = setup("damaged")
    src = sources(d)
    out = os.path.join(d, "in")
    os.makedirs(out)
    rnd = random.Random(11)
    made = {}
    for n in sorted(os.listdir(src)):
        data = open(os.path.join(src, n), "rb").read()
        L = len(data)
        if L < 16:
            continue
        cuts = sorted({1, 10, L // 4, L // 2, (3 * L) // 4, L - 22, L - 1})
        for c in cuts:
            made["cut%07d-%s" % (c, n)] = data[:c]
        head = min(L, 512)
        for k in range(8):  # four flips in the first 512 bytes (headers), four anywhere
            pos = rnd.randrange(head) if k < 4 else rnd.randrange(L)
            bad = bytearray(data)
            bad[pos] ^= 1 << rnd.randrange(8)
            made["flip%07d-%s" % (pos, n)] = bytes(bad)
    for n, data in made.items():
        with open(os.path.join(out, n), "wb") as f:
            f.write(data)
    nsrc = len(os.listdir(src))
    rc, _, se, secs, rss = scan(["-j2", "--max-seconds", "60", "--format", "json", "-o",
                                 "r.json", "--inventory", "inv.jsonl", "in"], d, timeout=600)
    if rc != 0:
        fail("damaged: exit %d: %s" % (rc, se[-800:]))
        return
    items = inventory(os.path.join(d, "inv.jsonl"))
    totals(os.path.join(d, "r.json"), items, "damaged")
    top = {o["path"][3:]: o for o in items if "!/" not in o["path"]}
    missing = sorted(set(made) - set(top))
    if missing:
        fail("damaged: no inventory line for %r" % missing[:10])
    by = {}
    for o in top.values():
        by[o["status"]] = by.get(o["status"], 0) + 1
    print("damaged: %d copies of %d samples (%s): %s; %d lines in all, %.1f s, peak RSS %.0f MiB"
          % (len(made), nsrc, ", ".join(sorted(os.listdir(src))),
             ", ".join("%s %d" % kv for kv in sorted(by.items())), len(items), secs, rss))
    reasons = {}
    for o in top.values():
        if o["status"] != "scanned":
            r = o["status"] + ": " + o["reason"].split(":")[0]
            reasons[r] = reasons.get(r, 0) + 1
    print("damaged: reasons (first word): " + "; ".join(
        "%s x%d" % kv for kv in sorted(reasons.items(), key=lambda kv: -kv[1])))
    shutil.rmtree(out)


# --- bigline, with the core-file limit read while it runs ---------------------
def bigline():
    d = setup("bigline")
    size = (1 << 30) if BIG else (64 << 20)
    p = os.path.join(d, "line.txt")
    chunk = (b"abcdefghij0123456789 " * 50000)[: 1 << 20]
    with open(p, "wb") as f:
        left = size - 40
        while left > 0:
            k = min(left, len(chunk))
            f.write(chunk[:k])
            left -= k
        f.write(b" jan.peeters@example.be".ljust(40, b" "))
    limits = {}

    def watch(pid):
        # Only once the scan has begun: its temporary inventory exists (made
        # after the hardening; the sanitizer runtime sets limits of its own
        # at start-up).
        if not any(n.startswith(".inv.jsonl.") for n in os.listdir(d)):
            return False
        try:
            for line in open("/proc/%d/limits" % pid):
                if line.startswith("Max core file size"):
                    limits["core"] = line.split()[4:6]
        except OSError as e:
            limits["error"] = str(e)
        return True

    rc, _, se, secs, rss = scan(["-j2", "--format", "json", "-o", "r.json", "--inventory",
                                 "inv.jsonl", "line.txt"], d, timeout=1800, watch=watch)
    os.unlink(p)
    if rc != 0:
        fail("bigline: exit %d: %s" % (rc, se[-500:]))
        return
    items = inventory(os.path.join(d, "inv.jsonl"))
    if len(items) != 1 or items[0]["status"] != "scanned":
        fail("bigline: %r" % items)
    elif items[0].get("findings", {}).get("email") != 1:
        fail("bigline: the address at the end of the line was not found: %r" % items[0])
    bound = 512
    if rss > bound:
        fail("bigline: peak RSS %.0f MiB > %d MiB" % (rss, bound))
    print("bigline: %d MiB single line: scanned, %.1f s (CPU %.1f s), peak RSS %.0f MiB "
          "(bound %d)" % (size >> 20, secs, LAST_CPU[0], rss, bound))
    if "core" in limits:
        if limits["core"] != ["0", "0"]:
            fail("bigline: core file size of the running scan is %r, want 0 0" % limits["core"])
        else:
            print("hardening: /proc/PID/limits of the running scan: core file size 0 0")
    else:
        print("hardening: /proc/PID/limits not read (%s)" % limits.get("error", "scan too short"))


# --- changed ------------------------------------------------------------------
def changed():
    d = setup("changed")
    os.makedirs(os.path.join(d, "in"))
    body = "".join("rij %d: jan.peeters@example.be\n" % i for i in range(20000)).encode()
    for n in ("shrink-resize-me.txt", "steady.txt"):
        with open(os.path.join(d, "in", n), "wb") as f:
            f.write(body)
    rc, _, _, _, _ = scan(["-j1", "--test-resize-after-open", "1000", "--format", "json", "-o",
                           "r.json", "--inventory", "inv.jsonl", "in"], d)
    items = {os.path.basename(o["path"]): o for o in inventory(os.path.join(d, "inv.jsonl"))}
    s = items.get("shrink-resize-me.txt", {})
    if rc != 0 or s.get("status") != "scanned" or "changed during scan" not in s.get("changed", ""):
        fail("changed: shrunk file: exit %d, %r" % (rc, s))
    if "changed" in items.get("steady.txt", {"changed": 1}):
        fail("changed: a steady file flagged: %r" % items.get("steady.txt"))
    with open(os.path.join(d, "in", "shrink-resize-me.txt"), "wb") as f:
        f.write(body[:5000])
    rc, _, _, _, _ = scan(["-j1", "--test-resize-after-open", "4M", "--format", "json", "-o",
                           "r.json", "--inventory", "inv.jsonl", "in"], d)
    items = {os.path.basename(o["path"]): o for o in inventory(os.path.join(d, "inv.jsonl"))}
    g = items.get("shrink-resize-me.txt", {})
    if rc != 0 or "changed during scan" not in g.get("changed", ""):
        fail("changed: grown file: exit %d, %r" % (rc, g))
    print("changed: cut: %s; grown: %s" % (s.get("changed"), g.get("changed")))
    # A real writer: appends to a file for as long as the scan runs.
    os.unlink(os.path.join(d, "in", "shrink-resize-me.txt"))
    live = os.path.join(d, "in", "live.log")
    with open(live, "wb") as f:
        f.write(body * 16)  # 11 MB: reading it takes a while even on a fast machine
    stop = threading.Event()
    writing = threading.Event()

    def writer():
        with open(live, "ab") as f:
            while not stop.is_set():
                f.write(b"nieuwe regel\n" * 100)
                f.flush()
                writing.set()
                time.sleep(0.0005)

    th = threading.Thread(target=writer)
    th.start()
    writing.wait(10)  # the writer is appending before the scan opens the file
    try:
        rc, _, _, _, _ = scan(["-j1", "--format", "json", "-o", "r.json", "--inventory",
                               "inv.jsonl", "in"], d)
    finally:
        stop.set()
        th.join()
    items = {os.path.basename(o["path"]): o for o in inventory(os.path.join(d, "inv.jsonl"))}
    lv = items.get("live.log", {})
    if rc != 0 or lv.get("status") != "scanned" or "changed during scan" not in lv.get("changed", ""):
        fail("changed: file appended to during the scan: exit %d, %r" % (rc, lv))
    else:
        print("changed: live writer: %s" % lv["changed"])


# --- hardening and --paranoid ---------------------------------------------------
def hardening():
    d = setup("hardening")
    subprocess.run([sys.executable, os.path.join(SRC, "tests", "e2e", "formats.py"), "--write",
                    os.path.join(d, "in")], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(d, "key"), "w") as f:
        f.write("0123456789abcdef0123456789abcdef")
    res = {}
    for mode in ("plain", "paranoid"):
        extra = ["--paranoid"] if mode == "paranoid" else []
        rc, _, se, _, _ = scan(["-j1", "--debug-hardening", "--key-file", "key", "--format",
                                "json", "-o", mode + ".json", "--findings", mode + ".jsonl",
                                "--inventory", mode + "-inv.jsonl"] + extra + ["in"], d)
        line = [l for l in se.decode().splitlines() if "debug: core limit" in l]
        want = "core limit 0/0, dumpable 0, paranoid %d" % (mode == "paranoid")
        if rc != 0 or not line or want not in line[0]:
            fail("hardening: %s: exit %d, %r, want %r" % (mode, rc, line, want))
        # The parser children (documents, archives) say the same of themselves.
        kids = [l for l in se.decode().splitlines() if "debug: parser child: core limit" in l]
        if not kids or any(want not in l for l in kids):
            fail("hardening: %s: parser children: %r, want %r" % (mode, kids, want))
        res[mode] = sorted(open(os.path.join(d, mode + ".jsonl")).read().splitlines())
    if res["plain"] != res["paranoid"] or not res["plain"]:
        fail("hardening: --paranoid changed the findings (%d vs %d lines)" %
             (len(res["plain"]), len(res["paranoid"])))
    r = subprocess.run([sys.executable, os.path.join(SRC, "tests", "e2e", "inv.py"),
                        "same-report", os.path.join(d, "plain.json"),
                        os.path.join(d, "paranoid.json")])
    if r.returncode != 0:
        fail("hardening: --paranoid changed the report")
    print("hardening: core limit 0/0 and not dumpable at scan start, in the scanner and its "
          "parser children; --paranoid (wiping in both): same %d findings and report"
          % len(res["plain"]))


# --- own ------------------------------------------------------------------------
def own():
    d = setup("own")
    os.makedirs(os.path.join(d, "dump"))
    with open(os.path.join(d, "dump", "mail.txt"), "w") as f:
        f.write("Contact: jan.peeters@example.be\n")
    for n in ("report.txt", "inv.jsonl", "find.jsonl"):  # outputs of an earlier run
        with open(os.path.join(d, "dump", n), "w") as f:
            f.write('{"old": "an earlier run: jan.peeters@example.be"}\n')
    rc, _, _, _, _ = scan(["-j1", "--format", "text", "-o", "dump/report.txt", "--inventory",
                           "dump/inv.jsonl", "--findings", "dump/find.jsonl", "dump"], d)
    items = inventory(os.path.join(d, "dump", "inv.jsonl"))
    st = {o["path"]: (o["status"], o.get("reason")) for o in items}
    want = {"dump/mail.txt": ("scanned", None)}
    for n in ("report.txt", "inv.jsonl", "find.jsonl"):
        want["dump/" + n] = ("skipped", "own output")
    # the temporary files beside them are own outputs too, when the walk meets them
    extra = {k: v for k, v in st.items() if k not in want}
    if rc != 0 or any(v != ("skipped", "own output") for v in extra.values()) or \
            any(st.get(k) != v for k, v in want.items()):
        fail("own: exit %d, %r" % (rc, st))
    nf = len(open(os.path.join(d, "dump", "find.jsonl")).read().splitlines())
    if nf != 1:
        fail("own: %d findings, want the one address of mail.txt" % nf)
    print("own: text report, inventory and findings (and %d temporary files) in the scanned "
          "folder skipped as own output" % len(extra))


# --- quine ----------------------------------------------------------------------
def quine():
    d = setup("quine")
    q = mkquine()
    with open(os.path.join(d, "quine.zip"), "wb") as f:
        f.write(q)
    z = zipfile.ZipFile(io.BytesIO(q))
    inner = z.read(z.namelist()[0])
    if inner != q:
        fail("quine: the generator's zip does not contain itself")
        return
    for maxd in (16, 3):
        rc, _, se, secs, _ = scan(["-j2", "--max-depth", str(maxd), "--format", "json", "-o",
                                   "r.json", "--inventory", "inv.jsonl", "quine.zip"], d)
        if rc != 0:
            fail("quine: exit %d: %s" % (rc, se[-500:]))
            return
        items = inventory(os.path.join(d, "inv.jsonl"))
        totals(os.path.join(d, "r.json"), items, "quine")
        by_depth = {o["path"].count("!/"): o for o in items}
        deepest = by_depth.get(maxd + 1, {})
        ok = len(items) == maxd + 2 and sorted(by_depth) == list(range(maxd + 2)) and \
            all(by_depth[k]["status"] == "scanned" for k in range(maxd + 1)) and \
            deepest.get("status") == "skipped" and deepest.get("reason") == "limit: depth"
        if not ok:
            fail("quine: --max-depth %d: %r" % (maxd, [(o["path"].count("!/"), o["status"],
                                                         o.get("reason")) for o in items]))
        print("quine: %d-byte zip holding itself, --max-depth %d: levels 0-%d scanned, level %d "
              "skipped (%s), %.1f s" % (len(q), maxd, maxd, maxd + 1, deepest.get("reason"), secs))


CASES = ["many", "cp866", "names", "utf16", "damaged", "bigline", "changed", "hardening", "own",
         "quine"]


def main():
    if not LEAKSCAN or not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: no leakscan binary at %r" % LEAKSCAN)
        sys.exit(77)
    want = sys.argv[1:] or ([] if BIG else CASES)
    if BIG and not sys.argv[1:]:
        want = ["many", "bigline"]
    for c in want:
        t0 = time.monotonic()
        globals()[c]()
        print("  (%s: %.1f s)" % (c, time.monotonic() - t0))
    if FAILED:
        print("%d check(s) failed" % len(FAILED), file=sys.stderr)
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
