#!/usr/bin/python3
"""tests/e2e/interrupt.py — an interrupted scan keeps what it did.

A scan of a large dump runs for hours; Ctrl-C (SIGINT) or SIGTERM must not
lose it.  Checked on a generated leak (fixtures/mkleak, scanned three times
over so that the scan is still running when the signal comes):

  SIGINT   exits 130 within 2 s; the report says "complete": false and
           "interrupted_by": "SIGINT"; every file and entry it counts is in
           the inventory (total = scanned + skipped + failed = lines); every
           inventory and findings line is whole JSON; no temporary file left
  SIGTERM  the same with 143
  twice    a second signal exits at once (130) while the first is being
           honoured (here: workers blocked on a findings FIFO nobody reads,
           the signals sent once the FIFO is full):
           no report, the output paths keep what they had, no temporary file
  SIGKILL  nothing can be cleaned, but the output paths keep what they had
           (outputs are written beside them and renamed at the end)
  own      the scan's own output files inside the scanned folder are never
           scanned: skipped "own output"
  hang     a parser that never returns (the unpack children's test hook
           hang:1, and libarchive 3.6.2's Rock Ridge CE loop from
           libarchive's own test archives when they are beside the project):
           SIGINT to the whole process group (a terminal's Ctrl-C) ends the
           scan with exit 130 within 2 s, a report "complete": false, no
           worker abandoned and no unpack child left behind

The signals are sent to a child whose SIGINT disposition is the default (a
background job of a shell inherits SIGINT ignored, which leakscan keeps).
"""
import fcntl
import json
import os
import signal
import struct
import subprocess
import sys
import termios
import time

LEAKSCAN = os.environ.get("LEAKSCAN")
BUILD = os.environ.get("LS_BUILDDIR", ".")
WORK = os.path.join(BUILD, "tests-work", "interrupt")
failed = []


def stop_bound():
    """Seconds a scan may take to stop after a signal: the 2 s it promises,
    three times that under the sanitizers (every allocation and free is
    checked), and stretched by the load per core when the machine runs more
    than it has cores for (a shared machine: the test checks the mechanism,
    the 2 s hold on a machine of its own)."""
    bound = 2.0
    if os.environ.get("LS_SANITIZERS", "no") not in ("", "no"):
        bound *= 3
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    return bound * min(max(load, 1.0), 5.0)


def fail(msg):
    print("FAIL: " + msg)
    failed.append(msg)


def default_signals():
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def start(args, cwd):
    return subprocess.Popen([LEAKSCAN, "scan", "--no-progress"] + args, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=default_signals)


def wait_exit(p, limit):
    t0 = time.monotonic()
    try:
        p.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return None, time.monotonic() - t0
    return p.returncode, time.monotonic() - t0


def wait_findings(p, d, limit=30.0):
    """Waits until the scan has written findings (its temporary findings
    file is not empty) and a little more, so that the signal comes while it
    works whatever the build's speed (sanitizers are several times slower)."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit and p.poll() is None:
        if any(f.startswith(".find.jsonl.") and os.path.getsize(os.path.join(d, f)) > 0
               for f in os.listdir(d)):
            break
        time.sleep(0.05)
    time.sleep(0.3)


def temp_files(d):
    return sorted(f for f in os.listdir(d) if f.startswith("."))


def json_lines(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            json.loads(line)
            n += 1
    return n


def setup(name):
    d = os.path.join(WORK, name)
    os.makedirs(d)
    return d


def interrupted(leak, pw, sig, code, name):
    d = setup(name)
    args = ["-j2", "--passwords", pw, "--format", "json", "-o", "report.json",
            "--inventory", "inv.jsonl", "--findings", "find.jsonl", leak, leak, leak]
    p = start(args, d)
    wait_findings(p, d)
    if p.poll() is not None:
        fail("%s: the scan ended before the signal (exit %s): make the input larger" %
             (name, p.returncode))
        return
    kids = unpack_children(p.pid)  # the leak.tar.gz's child, at least
    p.send_signal(sig)
    rc, secs = wait_exit(p, 30)
    err = p.stderr.read().decode("utf-8", "replace")
    print("%s: exit %s, %.2f s after the signal" % (name, rc, secs))
    if not kids:
        fail("%s: no unpack child seen while the tar.gz was read" % name)
    if [k for k in kids if b"__unpack-child" in cmdline(k)]:
        fail("%s: unpack children left behind: %s" % (name, kids))
    if rc != code:
        fail("%s: exit %s, want %d (stderr: %s)" % (name, rc, code, err.strip()))
        return
    if secs > stop_bound():
        fail("%s: took %.2f s to stop after the signal (at most %.1f s here)" %
             (name, secs, stop_bound()))
    rep = json.load(open(os.path.join(d, "report.json")))
    scan = rep["scan"]
    want = "SIGINT" if sig == signal.SIGINT else "SIGTERM"
    if scan.get("complete") is not False or scan.get("interrupted_by") != want:
        fail("%s: report says complete=%r interrupted_by=%r" %
             (name, scan.get("complete"), scan.get("interrupted_by")))
    files = scan["files"]
    if files["total"] != files["scanned"] + files["skipped"] + files["failed"]:
        fail("%s: files do not add up: %r" % (name, files))
    ninv = json_lines(os.path.join(d, "inv.jsonl"))
    nfind = json_lines(os.path.join(d, "find.jsonl"))
    if ninv != files["total"]:
        fail("%s: %d inventory lines, report counts %d" % (name, ninv, files["total"]))
    if files["total"] == 0 or nfind == 0:
        fail("%s: nothing was kept (%d files, %d findings)" % (name, files["total"], nfind))
    if temp_files(d):
        fail("%s: temporary files left: %s" % (name, temp_files(d)))
    print("%s: %d files and entries (%d skipped), %d findings kept" %
          (name, files["total"], files["skipped"], nfind))


def pending(fd):
    """Bytes waiting in the pipe fd."""
    return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]


def twice(leak, pw):
    d = setup("twice")
    with open(os.path.join(d, "report.json"), "w") as f:
        f.write("OLD\n")
    fifo = os.path.join(d, "find.fifo")
    os.mkfifo(fifo)
    hold = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a reader that never reads
    p = start(["-j2", "--passwords", pw, "--format", "json", "-o", "report.json",
               "--inventory", "inv.jsonl", "--findings", "find.fifo", leak, leak, leak], d)
    # Wait until the FIFO is full (the scan is then blocked writing
    # findings), whatever the build's speed, rather than a fixed time.
    t0 = time.monotonic()
    while time.monotonic() - t0 < 30 and p.poll() is None and pending(hold) < 65536:
        time.sleep(0.05)
    time.sleep(0.2)
    p.send_signal(signal.SIGINT)
    time.sleep(0.5)
    if p.poll() is not None:
        fail("twice: the scan ended after one signal although its findings were blocked")
    p.send_signal(signal.SIGINT)
    rc, secs = wait_exit(p, 10)
    os.close(hold)
    print("twice: exit %s, %.2f s after the second signal" % (rc, secs))
    if rc != 130:
        fail("twice: exit %s, want 130" % rc)
    if secs > stop_bound():
        fail("twice: took %.2f s to stop after the second signal (at most %.1f s here)" %
             (secs, stop_bound()))
    if open(os.path.join(d, "report.json")).read() != "OLD\n":
        fail("twice: report.json was changed")
    if os.path.exists(os.path.join(d, "inv.jsonl")):
        fail("twice: inv.jsonl was written")
    if temp_files(d):
        fail("twice: temporary files left: %s" % temp_files(d))


def killed(leak, pw):
    d = setup("killed")
    for n in ("report.json", "inv.jsonl", "find.jsonl"):
        with open(os.path.join(d, n), "w") as f:
            f.write("OLD\n")
    p = start(["-j2", "--passwords", pw, "--format", "json", "-o", "report.json",
               "--inventory", "inv.jsonl", "--findings", "find.jsonl", leak, leak, leak], d)
    time.sleep(1.0)
    p.kill()
    p.wait()
    for n in ("report.json", "inv.jsonl", "find.jsonl"):
        if open(os.path.join(d, n)).read() != "OLD\n":
            fail("killed: %s was changed by a scan killed midway" % n)
    print("killed: the output paths kept what they had; %d temporary files remain" %
          len(temp_files(d)))


def own(leak):
    d = setup("own")
    os.makedirs(os.path.join(d, "dump"))
    with open(os.path.join(d, "dump", "mail.txt"), "w") as f:
        f.write("Contact: jan.peeters@example.be\n")
    with open(os.path.join(d, "dump", "report.json"), "w") as f:
        f.write('{"old": "report of an earlier run, jan.peeters@example.be"}\n')
    args = ["-j1", "--format", "json", "-o", "dump/report.json", "--inventory",
            "dump/inv.jsonl", "--findings", "dump/find.jsonl", "dump"]
    p = start(args, d)
    rc, _ = wait_exit(p, 60)
    if rc != 0:
        fail("own: exit %s" % rc)
        return
    inv = [json.loads(l) for l in open(os.path.join(d, "dump", "inv.jsonl"))]
    by = {}
    for e in inv:
        by.setdefault(e["status"] + ":" + e.get("reason", ""), []).append(e["path"])
    own_lines = by.get("skipped:own output", [])
    scanned = by.get("scanned:", [])
    if scanned != ["dump/mail.txt"]:
        fail("own: scanned %r, want only dump/mail.txt" % scanned)
    if len(own_lines) != 3 or "dump/report.json" not in own_lines:
        fail("own: own outputs noted as %r" % own_lines)
    nfind = json_lines(os.path.join(d, "dump", "find.jsonl"))
    if nfind != 1:
        fail("own: %d findings, want the one e-mail address of mail.txt" % nfind)
    print("own: %s skipped as own output" % ", ".join(own_lines))


def unpack_children(pid):
    """Process ids of the unpack children (isolate.h) of process pid."""
    kids = []
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, tid)) as f:
                kids += [int(k) for k in f.read().split()]
    except OSError:
        return []
    return [k for k in kids if b"__unpack-child" in cmdline(k)]


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read()
    except OSError:
        return b""


def hang_one(name, d, inputs, env_extra, args):
    """Scans inputs while an unpack child hangs; SIGINT goes to the whole
    process group, as a terminal's Ctrl-C does (the children ignore it, the
    scan kills them)."""
    env = dict(os.environ)
    env.update(env_extra)
    p = subprocess.Popen([LEAKSCAN, "scan", "--no-progress", "--format", "json", "-o",
                          "report.json"] + args + inputs, cwd=d, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         preexec_fn=default_signals, start_new_session=True)
    kids = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < 30 and p.poll() is None and not kids:
        kids = unpack_children(p.pid)
        time.sleep(0.05)
    time.sleep(0.5)  # the child is inside the hang now
    if p.poll() is not None or not kids:
        fail("%s: no unpack child seen while the scan ran (exit %s)" % (name, p.returncode))
        if p.poll() is None:
            p.kill()
            p.wait()
        return
    os.killpg(p.pid, signal.SIGINT)
    rc, secs = wait_exit(p, 30)
    print("%s: exit %s, %.2f s after SIGINT; children %s" % (name, rc, secs, kids))
    if rc != 130:
        fail("%s: exit %s, want 130" % (name, rc))
        return
    if secs > stop_bound():
        fail("%s: took %.2f s to stop after the signal (at most %.1f s here)" %
             (name, secs, stop_bound()))
    left = [k for k in kids if b"__unpack-child" in cmdline(k)]
    if left:
        fail("%s: unpack children left behind: %s" % (name, left))
    scan = json.load(open(os.path.join(d, "report.json")))["scan"]
    if scan.get("complete") is not False or scan.get("abandoned_workers", 0) != 0:
        fail("%s: report says complete=%r abandoned_workers=%r" %
             (name, scan.get("complete"), scan.get("abandoned_workers")))


def hang():
    """A parser that never returns: the scan kills its child at the signal
    (no worker is abandoned) and ends with a report."""
    d = setup("hang")
    os.makedirs(os.path.join(d, "one"))
    with open(os.path.join(d, "one", "a.csv"), "w") as f:
        f.write("name;email\nJan Peeters;jan.peeters@example.be\n")
    subprocess.run(["tar", "-cf", "one.tar", "-C", d, "one"], cwd=d, check=True)
    hang_one("hang", d, ["one.tar"], {"LEAKSCAN_TEST_PARSER_FAULT": "hang:1"},
             ["-j1", "--max-item-seconds", "0"])
    corpus = os.path.join(os.environ.get("LS_SHARED", ""), "corpora", "libarchive-tests")
    iso = os.path.join(corpus, "test_read_format_iso_rockridge_ce_loop.iso.Z.uu")
    if not os.path.exists(iso):
        print("hang-iso: SKIPPED: libarchive's test archives are not beside the project (%s)" %
              corpus)
        return
    d = setup("hang-iso")
    os.makedirs(os.path.join(d, "one"))
    subprocess.run(["cp", iso, os.path.join(d, "one")], check=True)
    hang_one("hang-iso", d, ["one"], {}, ["-j1"])


def main():
    if not LEAKSCAN or not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: no leakscan binary")
        return 77
    subprocess.run(["rm", "-rf", WORK], check=True)
    os.makedirs(WORK)
    gen = os.path.join(WORK, "gen")
    subprocess.run([os.path.join(BUILD, "fixtures", "mkleak"), "--seed", "2", "--scale", "1",
                    "--out", gen], check=True, stdout=subprocess.DEVNULL)
    leak = os.path.join(gen, "leak.tar.gz")
    pw = os.path.join(gen, "passwords.txt")
    interrupted(leak, pw, signal.SIGINT, 130, "sigint")
    interrupted(leak, pw, signal.SIGTERM, 143, "sigterm")
    twice(leak, pw)
    killed(leak, pw)
    own(leak)
    hang()
    print("%d failed checks" % len(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
