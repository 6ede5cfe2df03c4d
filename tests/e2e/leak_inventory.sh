#!/bin/sh
# tests/e2e/leak_inventory.sh — the inventory over a generated scale-1 leak:
# every file of the tree and every entry of leak.tar.gz is accounted for,
# nothing fails, and the packed leak holds the same files as the tree (its
# nested zips, 7z and encrypted zip opened with the password from
# passwords.txt).
E2E_TIMEOUT=600
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init leak_inventory

"$LS_BUILDDIR/fixtures/mkleak" --seed 2 --scale 1 --out "$W/gen" >/dev/null
for what in tree tgz; do
    if [ $what = tree ]; then target="$W/gen/leak"; else target="$W/gen/leak.tar.gz"; fi
    run_scan 0 scan -j2 --no-progress --passwords "$W/gen/passwords.txt" \
        --inventory "$W/$what.jsonl" --format json -o "$W/$what.json" "$target"
done
"$PY" - "$W" <<'PY'
import json, os, sys
w = sys.argv[1]
root = os.path.join(w, "gen", "leak")
on_disk = set()
for d, _, files in os.walk(root):
    for f in files:
        on_disk.add(os.path.relpath(os.path.join(d, f), root))
truth = json.load(open(os.path.join(w, "gen", "truth.json")))
packing = truth.get("packing", {})

def load(what):
    inv = [json.loads(l) for l in open(os.path.join(w, what + ".jsonl"))]
    rep = json.load(open(os.path.join(w, what + ".json")))
    f = rep["scan"]["files"]
    assert f["total"] == f["scanned"] + f["skipped"] + f["failed"] == len(inv), (what, f, len(inv))
    bad = [i for i in inv if i["status"] != "scanned"]
    assert not bad, (what, bad[:5])
    return inv

tree = load("tree")
prefix = root + "/"
files = {i["path"][len(prefix):] for i in tree if "!/" not in i["path"]}
assert files == on_disk, ("tree", sorted(files ^ on_disk)[:10])

tgz = load("tgz")
# leak.tar.gz!/pv/2019.zip!/x.odt is pv/2019/x.odt: the packing table says
# which folders went into which archive.
units = {u["archive"]: u["folder"] for u in packing.get("units", [])}
seen = set()
for i in tgz:
    if "leak.tar.gz!/" not in i["path"]:
        continue  # the tarball itself
    parts = i["path"].split("leak.tar.gz!/", 1)[1].split("!/")
    if parts[0] in units:
        if len(parts) >= 2:
            seen.add(units[parts[0]] + "/" + parts[1])
    else:
        seen.add(parts[0])  # deeper parts are mail attachments, not files
missing = sorted(on_disk - seen)
assert not missing, ("tgz misses", len(missing), missing[:10])
print("tree: %d files; tar.gz: %d inventory lines; all accounted for" % (len(tree), len(tgz)))
PY
