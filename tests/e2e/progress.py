#!/usr/bin/python3
"""tests/e2e/progress.py — the progress line, on a pseudo-terminal.

stderr is a pty (python's pty module), so isatty(2) holds for the scan:

  tty        progress lines are drawn ("\\r", the line, ESC [ K), the last
             thing on stderr erases the line, and the JSON report is the one
             a --no-progress run writes (timing fields aside)
  file/pipe  stderr a file or a pipe: no "\\r" and no escape sequence at all
  off        --no-progress on a pty: nothing drawn
  narrow     a 64-column terminal (TIOCSWINSZ) while an archive parser hangs
             (the unpack child's test hook hang:1): every line fits in 63
             columns, cut with "…", and ends with the tail of the name of the
             archive being read, its bidi control shown as \\u202e; no escape
             sequence but the line's own erase reaches the terminal (the
             name's ESC [31m is shown as \\x1b[31m, or cut)
  interrupt  SIGINT while the line is drawn: the line is erased before the
             "interrupted" message, nothing is drawn after it, exit 130 even
             though a --fail-on condition holds in what was scanned
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import tarfile
import termios
import time

LEAKSCAN = os.environ.get("LEAKSCAN")
BUILD = os.environ.get("LS_BUILDDIR", ".")
WORK = os.path.join(BUILD, "tests-work", "progress")
failed = []
ERASE = b"\x1b[K"
# The tail of the hanging archive's name as the line shows it: the bidi
# control made visible (its escape sequence is further left).
TAIL = b"\\u202e.tar"


def fail(msg):
    print("FAIL: " + msg)
    failed.append(msg)


def default_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def run_pty(args, cols=80, env_extra=None, on_output=None, limit=60):
    """Runs leakscan with stderr on a pty of cols columns (stdout and stdin
    elsewhere); returns (exit status, bytes read from the pty).  on_output(p,
    data) is called as output comes, and may signal the process."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    env = dict(os.environ)
    env.update(env_extra or {})
    p = subprocess.Popen([LEAKSCAN] + args, cwd=WORK, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=slave,
                         preexec_fn=default_signals)
    os.close(slave)
    out = b""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every slave end is closed
                break
            if not chunk:
                break
            out += chunk
            if on_output:
                on_output(p, out)
        elif p.poll() is not None:
            break
    os.close(master)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = None
    return rc, out


def lines_of(out):
    """The drawn progress lines: what lies between a "\\r" and an ESC [ K."""
    return [m.group(1) for m in re.finditer(rb"\r([^\r\x1b]*)\x1b\[K", out) if m.group(1)]


def strip_timing(rep):
    rep["scan"].pop("elapsed_seconds", None)
    rep["scan"].pop("started_at", None)
    rep.pop("memory", None)
    return rep


def make_tree():
    os.makedirs(os.path.join(WORK, "tree"))
    for i in range(12):
        with open(os.path.join(WORK, "tree", "notes_%02d.txt" % i), "w") as f:
            for k in range(200):
                f.write("note %d: contact jan.peeters%d@example.org about case %d\n" % (k, i, k))
    # a name with an escape sequence (a terminal title) and a bidi override
    with open(os.path.join(WORK, "tree", "evil\x1b]0;owned\x07\u202e.txt"), "w") as f:
        f.write("nothing here\n")
    os.makedirs(os.path.join(WORK, "arc"))
    src = os.path.join(WORK, "arc", "inner.txt")
    with open(src, "w") as f:
        f.write("hello\n")
    name = "stuck\x1b[31m\u202e.tar"
    with tarfile.open(os.path.join(WORK, "arc", name), "w") as t:
        t.add(src, arcname="inner.txt")
    os.unlink(src)
    return name


def case_tty():
    rc, out = run_pty(["scan", "-j2", "--format", "json", "-o", "tty.json", "tree"])
    if rc != 0:
        fail("tty: exit %s" % rc)
        return
    drawn = lines_of(out)
    print("tty: %d progress lines, %d bytes on the terminal" % (len(drawn), len(out)))
    if not drawn:
        fail("tty: no progress line drawn on a terminal: %r" % out[:200])
    elif not re.match(rb"\d+/\d+\+? files  \d+ items  ", drawn[0]):
        fail("tty: unexpected progress line %r" % drawn[0])
    if not out.endswith(b"\r" + ERASE):
        fail("tty: the line is not erased at the end: %r" % out[-80:])
    p = subprocess.run([LEAKSCAN, "scan", "-j2", "--no-progress", "--format", "json", "-o",
                        "plain.json", "tree"], cwd=WORK, stderr=subprocess.PIPE)
    a = strip_timing(json.load(open(os.path.join(WORK, "tty.json"))))
    b = strip_timing(json.load(open(os.path.join(WORK, "plain.json"))))
    if p.returncode != 0 or a != b:
        fail("tty: the report with progress differs from the one without")
    if a["scan"]["files"]["total"] != 13:
        fail("tty: %r files, want 13" % a["scan"]["files"])


def case_not_tty():
    with open(os.path.join(WORK, "err.txt"), "wb") as f:
        p = subprocess.run([LEAKSCAN, "scan", "-j2", "--progress", "-o", "/dev/null", "tree"],
                           cwd=WORK, stderr=f)
    err = open(os.path.join(WORK, "err.txt"), "rb").read()
    if p.returncode != 0 or b"\r" in err or b"\x1b" in err:
        fail("file: exit %s, stderr %r" % (p.returncode, err[:200]))
    p = subprocess.run([LEAKSCAN, "scan", "-j2", "-o", "/dev/null", "tree"], cwd=WORK,
                       stderr=subprocess.PIPE)
    if p.returncode != 0 or b"\r" in p.stderr or b"\x1b" in p.stderr:
        fail("pipe: exit %s, stderr %r" % (p.returncode, p.stderr[:200]))
    print("file/pipe: nothing drawn")


def case_off():
    rc, out = run_pty(["scan", "-j2", "--no-progress", "-o", "/dev/null", "tree"])
    if rc != 0 or b"\r" in out or b"\x1b" in out:
        fail("off: exit %s, terminal got %r" % (rc, out[:200]))
    print("off: nothing drawn")


def case_narrow(tar):
    state = {"sent": False}

    def stop_when_named(p, out):
        # enough lines that name the archive: interrupt the hang
        if not state["sent"] and sum(l.endswith(TAIL) for l in lines_of(out)) >= 3:
            state["sent"] = True
            p.send_signal(signal.SIGINT)

    rc, out = run_pty(["scan", "-j1", "--fail-on", "email", "--format", "json", "-o",
                       "narrow.json", "tree", "arc"], cols=64,
                      env_extra={"LEAKSCAN_TEST_PARSER_FAULT": "hang:1"},
                      on_output=stop_when_named, limit=30)
    drawn = lines_of(out)
    print("narrow: exit %s, %d lines, e.g. %r" % (rc, len(drawn), drawn[-1] if drawn else None))
    if not state["sent"]:
        fail("narrow: the archive being read was never named: %r" % drawn[-3:])
    for l in drawn:
        text = l.decode("utf-8", "replace")
        if len(text) > 63:
            fail("narrow: a line of %d columns on a 64-column terminal: %r" % (len(text), text))
            break
    if not any(b"\xe2\x80\xa6" in l for l in drawn):
        fail("narrow: no line was cut (with …) to the terminal's width")
    # Every escape sequence on the terminal is the line's own erase.
    if out.count(b"\x1b") != out.count(ERASE):
        fail("narrow: an escape sequence other than ESC [ K reached the terminal")
    # interrupt: erased, then the message, then nothing drawn
    i = out.find(b"leakscan: interrupted")
    if rc != 130 or i < 0:
        fail("interrupt: exit %s, message at %d" % (rc, i))
        return
    before, after = out[:i], out[i:]
    if not before.rstrip(b"\r\n").endswith(b"\r" + ERASE):
        fail("interrupt: the line was not erased before the message: %r" % before[-60:])
    if lines_of(after):
        fail("interrupt: progress drawn after the message: %r" % lines_of(after)[:2])
    # --fail-on holds (the e-mail addresses of tree/ were scanned before the
    # hang), but an interrupted scan exits 130 all the same
    rep = json.load(open(os.path.join(WORK, "narrow.json")))
    if rep["scan"]["complete"] is not False or "email" not in rep["categories"]:
        fail("interrupt: report complete=%r, categories %r" %
             (rep["scan"]["complete"], list(rep["categories"])))
    print("interrupt: exit 130 (not --fail-on's 1), line erased before the message, "
          "nothing drawn after it")


def main():
    if not LEAKSCAN or not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: no leakscan binary")
        return 77
    if os.path.isdir(WORK):
        subprocess.run(["rm", "-rf", WORK])
    os.makedirs(WORK)
    tar = make_tree()
    case_tty()
    case_not_tty()
    case_off()
    case_narrow(tar)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
