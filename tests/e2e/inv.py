#!/usr/bin/python3
"""inv.py — checks leakscan inventories and reports for the e2e tests.

  inv.py lines INVENTORY                 print the inventory as expectation lines
  inv.py compare INVENTORY EXPECTED      compare with an expectation file
  inv.py totals REPORT INVENTORY         files.* counts agree with the inventory
  inv.py same-report A.json B.json       equal after removing timing fields
  inv.py same-inventory A B              equal as sets of JSON objects
  inv.py limits INVENTORY PREFIX...      bomb rules (see cmd_limits)

An expectation line is  path<TAB>status<TAB>reason<TAB>type  (reason empty
when scanned).  Paths are written as in the inventory, with every byte that
is not valid UTF-8 and every control character written as \\xNN (and a
backslash as \\\\), so `evil\\x1b[31m.txt` and `caf\\xe9.txt` are plain text.
In an expectation file, blank lines and lines starting with # are ignored; a
line starting with "@TAG " counts only when TAG is active: "root" when the
test runs as root, "user" otherwise or with INV_AS=user (mode-000 files
are readable by root),
and any tag listed in $INV_TAGS (e.g. "dev" when mknod worked); a reason
containing * is matched as a glob (used only for messages that come from
libarchive and may change between its versions).  Lines are compared after
sorting; the output on a mismatch is a unified diff.

With LS_E2E_NO_EXTRACT=1 (for a scanner built without text extractors, which
skips text as "unsupported"), every expected text/* line that is scanned is
expected as skipped "unsupported" instead, so the walk/unpack/limits layer
can be checked on its own.
"""
import base64
import difflib
import fnmatch
import json
import os
import sys

STATUSES = ("scanned", "skipped", "failed")


def die(msg):
    sys.stderr.write("inv.py: %s\n" % msg)
    sys.exit(1)


def render_path(raw):
    out = []
    for ch in raw.decode("utf-8", errors="surrogateescape"):
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:
            out.append("\\x%02x" % (o - 0xDC00))
        elif ch == "\\":
            out.append("\\\\")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    return "".join(out)


def load_inventory(path):
    """Parses and validates every line; returns a list of dicts."""
    items = []
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            where = "%s:%d" % (path, n)
            try:
                obj = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, ValueError) as e:
                die("%s: not a UTF-8 JSON line: %s" % (where, e))
            if not isinstance(obj, dict):
                die("%s: not an object" % where)
            for key, typ in (("path", str), ("type", str), ("size", int), ("status", str)):
                if not isinstance(obj.get(key), typ):
                    die("%s: field %r missing or not %s" % (where, key, typ.__name__))
            if obj["status"] not in STATUSES:
                die("%s: bad status %r" % (where, obj["status"]))
            if obj["status"] == "scanned":
                if "reason" in obj:
                    die("%s: a scanned item has a reason" % where)
            elif not isinstance(obj.get("reason"), str) or not obj["reason"]:
                die("%s: a %s item has no reason" % (where, obj["status"]))
            if "path_bytes" in obj:
                raw = base64.b64decode(obj["path_bytes"], validate=True)
                try:
                    raw.decode("utf-8")
                    die("%s: path_bytes given for a valid UTF-8 path" % where)
                except UnicodeDecodeError:
                    pass
                if obj["path"] != raw.decode("utf-8", errors="replace"):
                    die("%s: path %r is not path_bytes with U+FFFD for invalid bytes"
                        % (where, obj["path"]))
            else:
                raw = obj["path"].encode("utf-8", errors="strict")
            obj["_raw"] = raw
            obj["_line"] = "\t".join((render_path(raw), obj["status"],
                                      obj.get("reason", ""), obj["type"]))
            items.append(obj)
    return items


def cmd_lines(args):
    for line in sorted(o["_line"] for o in load_inventory(args[0])):
        print(line)


def load_expected(path):
    root = os.geteuid() == 0 and os.environ.get("INV_AS") != "user"
    tags = {"root" if root else "user"}
    tags.update(os.environ.get("INV_TAGS", "").replace(",", " ").split())
    no_extract = os.environ.get("LS_E2E_NO_EXTRACT") == "1"
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                tag, _, line = line[1:].partition(" ")
                if tag not in tags:
                    continue
            f = line.split("\t")
            if len(f) != 4:
                die("%s: not 4 tab-separated fields: %r" % (path, line))
            if no_extract and f[3].startswith("text/") and f[1] == "scanned":
                line = "\t".join((f[0], "skipped", "unsupported", f[3]))
            lines.append(line)
    return sorted(lines)


def matches(exp, got):
    e, g = exp.split("\t"), got.split("\t")
    if e[0] != g[0] or e[1] != g[1] or e[3] != g[3]:
        return False
    return fnmatch.fnmatchcase(g[2], e[2]) if "*" in e[2] else e[2] == g[2]


def cmd_compare(args):
    got = sorted(o["_line"] for o in load_inventory(args[0]))
    exp = load_expected(args[1])
    if len(got) == len(exp) and all(matches(e, g) for e, g in zip(exp, got)):
        return
    # Show globbed expectations as the line they matched, so the diff is minimal.
    shown = []
    for e in exp:
        hit = next((g for g in got if matches(e, g)), None)
        shown.append(hit if hit is not None else e)
    sys.stdout.writelines(difflib.unified_diff(
        [l + "\n" for l in sorted(shown)], [l + "\n" for l in got],
        fromfile=args[1], tofile=args[0]))
    die("inventory %s does not match %s" % (args[0], args[1]))


def cmd_totals(args):
    with open(args[0], encoding="utf-8") as f:
        rep = json.load(f)
    items = load_inventory(args[1])
    files = rep["scan"]["files"]
    counts = {s: sum(1 for o in items if o["status"] == s) for s in STATUSES}
    if files["total"] != files["scanned"] + files["skipped"] + files["failed"]:
        die("files.total %d != scanned + skipped + failed (%r)" % (files["total"], files))
    if files["total"] != len(items):
        die("files.total %d != %d inventory lines" % (files["total"], len(items)))
    for s in STATUSES:
        if files[s] != counts[s]:
            die("files.%s is %d but the inventory has %d" % (s, files[s], counts[s]))
    if rep.get("schema") != "leakscan-report/1":
        die("schema is %r" % rep.get("schema"))
    problems = sorted((p["path"], p["status"], p["reason"]) for p in rep.get("problems", []))
    want = sorted((o["path"], o["status"], o["reason"]) for o in items if o["status"] != "scanned")
    if problems != want:
        die("report problems differ from the inventory's skipped/failed lines:\n%r\n%r"
            % (problems, want))


def strip_timing(rep):
    scan = rep.get("scan", {})
    for key in ("started_at", "elapsed_seconds", "threads"):
        scan.pop(key, None)
    # what the scan held in memory, not what it found: depends on -j and the run
    rep.pop("memory", None)
    return rep


def cmd_same_report(args):
    reps = []
    for p in args:
        with open(p, encoding="utf-8") as f:
            reps.append(strip_timing(json.load(f)))
    a, b = (json.dumps(r, sort_keys=True, indent=1).splitlines(True) for r in reps)
    if a != b:
        sys.stdout.writelines(difflib.unified_diff(a, b, fromfile=args[0], tofile=args[1]))
        die("reports differ beyond timing fields")


def cmd_same_inventory(args):
    invs = []
    for p in args:
        objs = load_inventory(p)
        for o in objs:
            o.pop("_raw")
            o.pop("_line")
        invs.append(sorted(json.dumps(o, sort_keys=True) + "\n" for o in objs))
    if invs[0] != invs[1]:
        sys.stdout.writelines(difflib.unified_diff(invs[0], invs[1],
                                                   fromfile=args[0], tofile=args[1]))
        die("inventories differ")


def cmd_limits(args):
    """Bomb rules: no line is failed; every line that is not scanned is
    skipped on a "limit: …" or as "binary" (zero-filled payloads are junk to
    libmagic and may be skipped on sight, unread); and under each PREFIX
    (a bomb's path) at least one line is skipped on a limit."""
    items = load_inventory(args[0])
    bad = [o["_line"] for o in items
           if o["status"] == "failed" or (o["status"] == "skipped"
                                          and not o["reason"].startswith("limit: ")
                                          and o["reason"] != "binary")]
    if bad:
        die("bomb lines that are not skipped on a limit:\n  " + "\n  ".join(bad))
    for prefix in args[1:]:
        under = [o for o in items
                 if o["path"] == prefix or o["path"].startswith(prefix + "!/")]
        if not any(o["status"] == "skipped" and o["reason"].startswith("limit: ")
                   for o in under):
            die("no limit was hit under %s" % prefix)


COMMANDS = {"lines": (cmd_lines, 1), "compare": (cmd_compare, 2), "totals": (cmd_totals, 2),
            "same-report": (cmd_same_report, 2), "same-inventory": (cmd_same_inventory, 2),
            "limits": (cmd_limits, 1)}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        die("usage: inv.py %s ..." % "|".join(COMMANDS))
    fn, nargs = COMMANDS[sys.argv[1]]
    if len(sys.argv) - 2 < nargs:
        die("%s needs %d arguments" % (sys.argv[1], nargs))
    fn(sys.argv[2:])
