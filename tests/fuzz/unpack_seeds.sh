#!/bin/sh
# unpack_seeds.sh — the seed corpus of the fuzz_unpack target, built at run
# time (nothing of it is committed).
#
#   tests/fuzz/unpack_seeds.sh OUTDIR BUILDDIR LEAKDIR [CORPUSDIR]
#
# OUTDIR gets, each file whole and at most MAXBYTES (512 KiB) long:
#   - the archives fuzz_unpack writes itself (tar, tar.gz, tar.bz2, tar.xz,
#     zip deflate/stored/ZipCrypto, 7z, cpio, iso9660, nestings, a lone .gz),
#     holding a few sample files of the synthetic leak in LEAKDIR (made by
#     fixtures/mkleak);
#   - the nested zips and 7z of the leak's leak.tar.gz, and a few of its
#     office documents (docx, xlsx, odt: zips read by an extractor);
#   - the archive cases of fixtures/mkcases (nested, encrypted, truncated,
#     bombs, empty);
#   - when CORPUSDIR is given and exists, libarchive's own test archives
#     (uuencoded there), decoded — except those that crash, hang or ask for
#     gigabytes inside libarchive 3.6.2 itself (listed below with the
#     reason): the target is in-process, and each of them (and most of their
#     mutants) would cost a crash or a full timeout instead of fuzzing our
#     code.  When CORPUSDIR is absent this says so and goes on with the
#     generated seeds.
set -eu

if [ $# -lt 3 ]; then
    echo "usage: $0 OUTDIR BUILDDIR LEAKDIR [CORPUSDIR]" >&2
    exit 2
fi
out=$1 build=$2 leak=$3 corpus=${4:-}
MAXBYTES=524288
PY=${PYTHON3:-python3}
mkdir -p "$out"

# 1. the target's own archives, with samples of the leak inside
samples=""
for e in csv txt json eml xml sql jpg pdf; do
    s=$(find "$leak/leak" -type f -name "*.$e" -size -64k 2>/dev/null | sort | head -n 1)
    samples="$samples $s"
done
# shellcheck disable=SC2086
"$build/tests/fuzz/fuzz_unpack" --write-seeds "$out" $samples >/dev/null

# 2. the leak's nested archives and a few documents
"$PY" - "$leak" "$out" "$MAXBYTES" <<'PY'
import os, sys, tarfile
leak, out, maxb = sys.argv[1], sys.argv[2], int(sys.argv[3])
n = 0
tgz = os.path.join(leak, "leak.tar.gz")
if os.path.exists(tgz):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.isfile() and m.name.endswith((".zip", ".7z", ".gz")) and m.size <= maxb:
                data = t.extractfile(m).read()
                open(os.path.join(out, "leak-" + m.name.replace("/", "_")), "wb").write(data)
                n += 1
for ext in (".docx", ".xlsx", ".odt", ".ods", ".pptx"):
    found = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(leak, "leak"))
                   for f in fs if f.endswith(ext))
    for p in found[:2]:
        if os.path.getsize(p) <= maxb:
            open(os.path.join(out, "leak-" + os.path.basename(p)), "wb").write(open(p, "rb").read())
            n += 1
print("unpack_seeds: %d from the synthetic leak" % n)
PY

# 3. the archive cases of the e2e tests
cases=$(mktemp -d "${TMPDIR:-/tmp}/lsseeds.XXXXXX")
trap 'rm -rf "$cases"' EXIT INT TERM
"$build/fixtures/mkcases" -p "$cases/passwords" "$cases/c" archives plain bombs >/dev/null
for f in "$cases"/c/*; do
    if [ -s "$f" ] && [ "$(wc -c < "$f")" -le "$MAXBYTES" ]; then
        cp "$f" "$out/case-$(basename "$f")"
    fi
done
cat "$cases/passwords" >> "$out.passwords" 2>/dev/null || true

# 4. libarchive's test archives, decoded
if [ -z "$corpus" ] || [ ! -d "$corpus" ]; then
    echo "unpack_seeds: libarchive test corpus not found (${corpus:-not given}): generated seeds only"
    exit 0
fi
"$PY" - "$corpus" "$out" "$MAXBYTES" <<'PY'
import binascii, os, sys
corpus, out, maxb = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Inside libarchive 3.6.2 itself, before any callback of ours runs: a crash
# in the CAB LZX decoder; endless loops in the ISO Rock Ridge and XAR readers
# and in archive_read_open1 on a gzip stream that holds itself; allocations
# of gigabytes from 7z headers (libFuzzer counts them as out-of-memory);
# seconds inside one RAR read call (over the fuzzer's timeout under ASan).
known_bad = {"test_read_format_cab_lzx_oob.cab.uu", "test_read_format_cab_skip_malformed.cab.uu",
             "test_read_format_iso_rockridge_ce_loop.iso.Z.uu", "test_read_format_xar_doublelink.xar.uu",
             "test_read_filter_gzip_recursive.gz.uu", "test_read_format_7zip_folders_oom.7z.uu",
             "test_read_format_7zip_entries_oom.7z.uu",
             "test_read_format_7zip_malformed_numfiles_oom.7z.uu",
             "test_read_format_rar_unbound_staticdata.rar.uu"}
n = bad = 0
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".uu") or name in known_bad:
        continue
    data, inside = bytearray(), False
    try:
        for line in open(os.path.join(corpus, name), "rb"):
            if not inside:
                inside = line.startswith(b"begin ")
                continue
            if line.strip() == b"end":
                break
            if line.strip() in (b"", b"`"):
                continue
            try:
                data += binascii.a2b_uu(line)
            except binascii.Error:  # some encoders pad lines oddly
                nbytes = (line[0] - 32) & 63
                data += binascii.a2b_uu(line[:1 + (nbytes * 4 + 2) // 3] + b"\n")
    except (OSError, binascii.Error):
        bad += 1
        continue
    if 0 < len(data) <= maxb:
        open(os.path.join(out, "la-" + name[:-3]), "wb").write(bytes(data))
        n += 1
print("unpack_seeds: %d libarchive test archives decoded (%d unreadable)" % (n, bad))
PY
