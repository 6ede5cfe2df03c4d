#!/bin/sh
# tests/e2e/corpus_libarchive.sh — robustness: scan libarchive's own 453 test
# archives (encrypted RAR5/7z/zip, odd encodings, damaged files), read from
# $LS_SHARED/corpora/libarchive-tests (LS_SHARED is the folder of shared data
# beside the project; make check sets it), all 453 of them.  Every file must
# be accounted for (scanned, skipped or failed), the scan must exit 0, and
# under --enable-sanitizers it must be clean.  Skips when the corpus is absent (it
# is never committed here).
E2E_TIMEOUT=120
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
corpus="${LS_SHARED:-}/corpora/libarchive-tests"
[ -d "$corpus" ] || skip "libarchive test corpus not found at $corpus"
need_scanner
e2e_init corpus_libarchive
mkdir corp

# Four files crash or hang libarchive 3.6.2 itself (Debian 12), inside its
# own code: the CAB LZX decoder writes out of bounds (the process then dies
# on a signal, or under ASan exits), the ISO Rock Ridge and XAR readers loop
# for ever.  libarchive runs in supervised child processes, so each costs
# only its own container: failed, "parser crashed (...)" or "parser timed
# out" (after --max-item-seconds, small here so the test stays short).
# Whether the out-of-bounds write of a CAB crashes depends on the heap it
# lands in: in the whole scan its child has read other archives before
# (children are reused) and may survive it, with libarchive's own error;
# alone, in a fresh child, it crashes.  So the whole scan checks that the
# four are failed, and each is then scanned alone for its exact outcome.
crashers="test_read_format_cab_lzx_oob.cab.uu
test_read_format_cab_skip_malformed.cab.uu"
hangers="test_read_format_iso_rockridge_ce_loop.iso.Z.uu
test_read_format_xar_doublelink.xar.uu"

n=0
for f in "$corpus"/*.uu; do
    cp "$f" "corp/$(basename "$f")"
    n=$((n + 1))
done

run_scan 0 scan -j2 --no-progress --max-item-seconds 3 --format json -o report.json \
    --inventory inventory.jsonl corp
"$PY" - "$W" "$n" "$crashers" "$hangers" <<'PY'
import json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
crashers, hangers = sys.argv[3].split(), sys.argv[4].split()
rep = json.load(open(os.path.join(work, "report.json")))
inv = [json.loads(l) for l in open(os.path.join(work, "inventory.jsonl"), "rb")]
f = rep["scan"]["files"]
ok = True
def check(cond, msg):
    global ok
    if not cond:
        print("FAIL:", msg); ok = False
check(n == 453, "the corpus holds %d files, want 453" % n)
check(f["total"] == f["scanned"] + f["skipped"] + f["failed"], "total != scanned+skipped+failed: %r" % f)
check(f["total"] == len(inv), "report total %d != inventory lines %d" % (f["total"], len(inv)))
check(rep["scan"].get("complete") is True, "report not complete: %r" % rep["scan"].get("complete"))
top = [i["path"] for i in inv if "!/" not in i["path"]]
check(len(top) == n and len(set(top)) == n, "top-level files: %d in inventory, %d on disk" % (len(set(top)), n))
for i in inv:
    check(i["status"] in ("scanned", "skipped", "failed"), "bad status %r" % i)
    if i["status"] != "scanned":
        check(bool(i.get("reason")), "no reason: %r" % i)
by = {i["path"]: i for i in inv}
for name, want in [(b, ("parser crashed (", "archive: ")) for b in crashers] + \
                  [(b, ("parser timed out",)) for b in hangers]:
    i = by.get("corp/" + name)
    check(i is not None and i["status"] == "failed" and i.get("reason", "").startswith(want),
          "%s: %r, want failed %r..." % (name, i and (i["status"], i.get("reason")), want))
    if i:
        print("in the whole scan: %s: %s, %s" % (name, i["status"], i.get("reason")))
print("corpus: %d files, %d inventory lines: %d scanned, %d skipped, %d failed"
      % (n, len(inv), f["scanned"], f["skipped"], f["failed"]))
sys.exit(0 if ok else 1)
PY

# Each of the four alone, in fresh children: the exact outcome.  The CAB
# crashers write out of bounds; in a ThreadSanitizer build (another heap
# allocator) the write lands where it breaks nothing, and libarchive then
# reports the damage itself: failed either way, with either reason.
tsan=no
ldd "$LEAKSCAN" 2>/dev/null | grep -q libtsan && tsan=yes
for b in $crashers $hangers; do
    rm -rf one
    mkdir one
    cp "$corpus/$b" one/
    run_scan 0 scan -j1 --no-progress --max-item-seconds 3 --inventory one.jsonl one
    case " $(echo $crashers) " in
    *" $b "*) want="parser crashed (" ;;
    *) want="parser timed out" ;;
    esac
    line=$(grep -F "\"path\":\"one/$b\"" one.jsonl || true)
    echo "alone: $line"
    case "$tsan:$want:$line" in
    yes:"parser crashed ("*'"status":"failed","reason":"archive: '*) ;;
    *'"status":"failed","reason":"'"$want"*) ;;
    *) fail_later "$b alone: want failed \"$want...\", got: $line" ;;
    esac
done

# Decoded, one more file loops for ever inside libarchive, in
# archive_read_open itself (a gzip stream that holds itself): uuencoded, as
# scanned above, it does not reach that loop.  It must time out too.
rm -rf one
mkdir one
"$PY" - "$corpus/test_read_filter_gzip_recursive.gz.uu" one/gzip_recursive.gz <<'PY'
import binascii, sys
out, on = b"", False
for line in open(sys.argv[1], "rb").read().split(b"\n"):
    if line.startswith(b"begin "):
        on = True
    elif on and line.strip() == b"end":
        break
    elif on and line.strip():
        out += binascii.a2b_uu(line)
open(sys.argv[2], "wb").write(out)
PY
run_scan 0 scan -j1 --no-progress --max-item-seconds 3 --inventory one.jsonl one
line=$(grep -F '"path":"one/gzip_recursive.gz"' one.jsonl || true)
echo "decoded: $line"
case "$line" in
*'"status":"failed","reason":"parser timed out"'*) ;;
*) fail_later "gzip_recursive.gz decoded: want failed \"parser timed out\", got: $line" ;;
esac
e2e_exit
