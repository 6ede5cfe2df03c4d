#!/bin/sh
# tests/e2e/mkcases.sh — the case generator makes what the other tests assume,
# checked with tools other than leakscan (Python's zipfile/tarfile/gzip/bz2,
# GNU tar), and makes it deterministically.  Needs no scanner.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
e2e_init mkcases

start=$(now)
"$MKCASES" one || fail "mkcases failed"
t=$(elapsed "$start")
echo "mkcases took ${t}s"
"$MKCASES" -p two.pw two || fail "mkcases (second run) failed"

# Deterministic: byte-identical, except the random encryption headers.
for f in one/*; do
    b=$(basename "$f")
    [ "$b" = encrypted.zip ] && continue
    cmp -s "$f" "two/$b" || fail "$b differs between two runs"
done
[ -f one.passwords ] || fail "default password file one.passwords missing"
[ -f two.pw ] || fail "-p two.pw not honoured"
grep -qx hunter2 one.passwords || fail "hunter2 not in one.passwords"

# Groups pick the right cases.
"$MKCASES" grp archives >/dev/null
[ "$(cd grp && ls | tr '\n' ' ')" = "encrypted.zip nested.tar.gz truncated.tar.gz " ] ||
    fail "group 'archives' made: $(ls grp)"

# GNU tar sees the 4 GiB sparse entry.
tar tvf one/sparse.tar | grep -q ' 4294967296 .*disk\.img$' ||
    fail "sparse.tar: tar tvf does not show a 4 GiB disk.img: $(tar tvf one/sparse.tar)"

"$PY" - one <<'EOF'
import bz2, gzip, io, os, sys, tarfile, zipfile, zlib

d = sys.argv[1]
def p(name): return os.path.join(d, name)
def check(cond, msg):
    if not cond:
        sys.exit("FAIL: " + msg)

# nested.tar.gz -> docs/a.txt, inner.zip -> b.txt, deep.7z (7z magic)
t = tarfile.open(p("nested.tar.gz"))
names = t.getnames()
check(names == ["docs", "docs/a.txt", "inner.zip"], "nested.tar.gz holds %r" % names)
z = zipfile.ZipFile(io.BytesIO(t.extractfile("inner.zip").read()))
check(z.namelist() == ["b.txt", "deep.7z"], "inner.zip holds %r" % z.namelist())
check(z.read("deep.7z")[:6] == b"7z\xbc\xaf\x27\x1c", "deep.7z is not a 7z archive")
check(all(m.mtime == 1614834367 for m in t.getmembers()), "tar mtimes not fixed")

# encrypted.zip: plain.txt clear, secret.txt ZipCrypto, secret-aes.txt AES (method 99)
z = zipfile.ZipFile(p("encrypted.zip"))
info = {i.filename: i for i in z.infolist()}
check(list(info) == ["plain.txt", "secret.txt", "secret-aes.txt"], "encrypted.zip: %r" % list(info))
check(not info["plain.txt"].flag_bits & 1, "plain.txt is encrypted")
check(info["secret.txt"].flag_bits & 1 and info["secret.txt"].compress_type == 8, "secret.txt")
check(info["secret-aes.txt"].flag_bits & 1 and info["secret-aes.txt"].compress_type == 99, "secret-aes.txt")
check(z.read("plain.txt").startswith(b"Dit bestand"), "plain.txt content")
check(z.read("secret.txt", pwd=b"hunter2").startswith(b"Dit bestand"), "secret.txt does not open with hunter2")

# truncated.tar.gz: first two entries whole, then the stream ends mid-entry.
data = zlib.decompressobj(31).decompress(open(p("truncated.tar.gz"), "rb").read())
t = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
one, two = t.next(), t.next()
check((one.name, two.name) == ("one.txt", "two.txt"), "truncated: %s %s" % (one.name, two.name))
check(len(t.extractfile(one).read()) == one.size and len(t.extractfile(two).read()) == two.size,
      "truncated: first entries not whole")
three = t.next()
check(three.name == "three.txt" and three.size == 512 * 1024, "truncated: third entry header")
check(0 < len(data) - three.offset_data < three.size, "truncated: not cut inside three.txt")

# bomb42.zip: 16 x 16 x 512 MiB
z = zipfile.ZipFile(p("bomb42.zip"))
check(len(z.namelist()) == 16, "bomb42: %d entries" % len(z.namelist()))
lib = zipfile.ZipFile(io.BytesIO(z.read("lib0.zip")))
check(len(lib.namelist()) == 16, "bomb42 lib0.zip: %d entries" % len(lib.namelist()))
book = zipfile.ZipFile(io.BytesIO(lib.read("book0.zip")))
zi = book.infolist()
check(len(zi) == 1 and zi[0].file_size == 512 << 20, "bomb42 leaf: %r" % zi)
with book.open(zi[0]) as f:    # reads all 512 MiB with LS_E2E_FULL=1 (checks the CRC)
    n = 0
    while n < (512 << 20 if os.environ.get("LS_E2E_FULL") == "1" else 80 << 20):
        b = f.read(1 << 22)
        if not b: break
        check(not b.strip(b"\0"), "bomb42 leaf is not zeros")
        n += len(b)
check(n >= 80 << 20, "bomb42 leaf size %d" % n)
check(os.path.getsize(p("bomb42.zip")) < 1 << 20, "bomb42.zip is not small")

# overlap.zip: 1000 central entries, all at offset 0, 10 MiB each
z = zipfile.ZipFile(p("overlap.zip"))
zi = z.infolist()
check(len(zi) == 1000 and all(i.header_offset == 0 for i in zi), "overlap.zip layout")
check(all(i.file_size == 10 << 20 for i in zi), "overlap.zip sizes")
check(len(z.read("f0000.bin")) == 10 << 20, "overlap.zip f0000.bin does not inflate")

# quoted.zip: 250 entries at distinct offsets, each running on into the next
z = zipfile.ZipFile(p("quoted.zip"))
zi = z.infolist()
offs = [i.header_offset for i in zi]
check(len(zi) == 250 and offs == sorted(set(offs)), "quoted.zip layout")
check(all(zi[k].header_offset + 30 + len(zi[k].filename) + zi[k].compress_size > zi[k + 1].header_offset
          for k in range(249)), "quoted.zip entries do not overlap")
raw = open(p("quoted.zip"), "rb").read()
for k in (0, 1, 248, 249):   # inflates, and the CRC matches (by hand: zipfile refuses overlaps)
    at = zi[k].header_offset + 30 + len(zi[k].filename)
    data = zlib.decompressobj(-15).decompress(raw[at:at + zi[k].compress_size])
    check(len(data) == zi[k].file_size and zlib.crc32(data) == zi[k].CRC, "quoted.zip entry %d" % k)
check(os.path.getsize(p("quoted.zip")) < 64 << 10, "quoted.zip is not small")

# zeros.bin.* / xs.txt.*: 1 GiB each, small.  By default only the first
# 80 MiB are inflated (past the first bzip2 block boundary at 32 MiB); with
# LS_E2E_FULL=1 all of it, which also checks the CRCs.
full = os.environ.get("LS_E2E_FULL") == "1"
xline = b"x" * 4095 + b"\n"
for name, limit, unit in (("zeros.bin.gz", 2 << 20, b"\0" * 4096), ("zeros.bin.bz2", 1 << 10, b"\0" * 4096),
                          ("xs.txt.gz", 2 << 20, xline), ("xs.txt.bz2", 2 << 10, xline)):
    check(os.path.getsize(p(name)) < limit, "%s is %d bytes" % (name, os.path.getsize(p(name))))
    want = (1 << 30) if full else (80 << 20)
    mod = gzip if name.endswith(".gz") else bz2
    n = 0
    with mod.open(p(name)) as f:
        while n < want:
            b = f.read(1 << 24)
            if not b: break
            check(b == unit * (len(b) // 4096), name + " does not expand to its pattern")
            n += len(b)
        if full:
            check(f.read(1) == b"", name + " is longer than 1 GiB")
    check(n == want, "%s expands to %d bytes" % (name, n))

# deep50.tar: 50 levels of tar, then deep.txt
b, depth = open(p("deep50.tar"), "rb").read(), 0
while True:
    t = tarfile.open(fileobj=io.BytesIO(b))
    m = t.getmembers()
    check(len(m) == 1, "deep50: level %d has %d entries" % (depth, len(m)))
    b = t.extractfile(m[0]).read()
    depth += 1
    if m[0].name == "deep.txt": break
    check(m[0].name == "d%02d.tar" % (50 - depth), "deep50: level %d is %s" % (depth, m[0].name))
check(depth == 50, "deep50 depth %d" % depth)

# limits.tar: a.txt..d.txt of 1 MiB, e.zip holding e.txt of 1 MiB
t = tarfile.open(p("limits.tar"))
check(t.getnames() == ["a.txt", "b.txt", "c.txt", "d.txt", "e.zip"], "limits.tar: %r" % t.getnames())
check(all(m.size == 1 << 20 for m in t.getmembers()[:4]), "limits.tar sizes")
z = zipfile.ZipFile(io.BytesIO(t.extractfile("e.zip").read()))
check(z.namelist() == ["e.txt"] and len(z.read("e.txt")) == 1 << 20, "limits.tar e.zip")
check(t.getmember("e.zip").size < 1 << 19, "e.zip does not compress")

# plain cases
check(tarfile.open(p("empty.tar")).getmembers() == [], "empty.tar not empty")
check(zipfile.ZipFile(p("empty.zip")).namelist() == [], "empty.zip not empty")
check(os.path.getsize(p("empty.txt")) == 0, "empty.txt not empty")
check(gzip.open(p("calls.csv.gz")).read().startswith(b"datum,van,naar"), "calls.csv.gz")
check(open(p("names.csv"), "rb").read().startswith(b"naam;voornaam\nJanssens;Jan\n"), "names.csv")
EOF
echo "ok"
