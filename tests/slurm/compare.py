#!/usr/bin/env python3
"""tests/slurm/compare.py WHOLE.json MERGED.json — a merged report of a
sharded scan must say what the report of one scan of the same leak says.

Compared, and required identical: every category (findings, distinct
values, files, records, GDPR class, confidence), every record type (records,
files), the whole exposure section (data subjects, persons, minors,
profiles, severity, ...), media, the file tally (total, scanned, skipped,
failed, partial), bytes read and scanned, file types, decoding, and the
number of problems and of files with findings.  Left out: what depends on
the run rather than on the leak (start time, elapsed seconds, threads,
memory, the input paths and the listed file paths).  Prints each
difference, exits 1 when there is one."""
import json
import sys

SCAN_KEYS = ("files", "bytes_read", "bytes_scanned", "types", "decoding", "complete")
TOP_KEYS = ("categories", "records", "exposure", "media")


def diff(path, a, b, out):
    """Appends to out a line for each place where a and b differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append(f"{path}.{k}: only in the merged report ({json.dumps(b[k])[:80]})")
            elif k not in b:
                out.append(f"{path}.{k}: missing from the merged report ({json.dumps(a[k])[:80]})")
            else:
                diff(f"{path}.{k}", a[k], b[k], out)
    elif a != b:
        out.append(f"{path}: whole {json.dumps(a)[:100]} != merged {json.dumps(b)[:100]}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        whole = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        merged = json.load(f)
    out = []
    for k in SCAN_KEYS:
        diff(f"scan.{k}", whole["scan"].get(k), merged.get("scan", {}).get(k), out)
    for k in TOP_KEYS:
        diff(k, whole.get(k), merged.get(k), out)
    for k in ("problems", "files_with_findings"):
        na, nb = len(whole.get(k, [])), len(merged.get(k, []))
        na += whole.get(k + "_not_listed", 0)
        nb += merged.get(k + "_not_listed", 0)
        if na != nb:
            out.append(f"{k}: whole {na} != merged {nb}")
    if not whole.get("categories") or not whole.get("records"):
        out.append("the whole scan found no category or no record: nothing was compared")
    for line in out:
        print(line)
    ncat = len(whole.get("categories", {}))
    print(f"compare: {ncat} categories, {len(whole.get('records', {}))} record types, "
          f"{whole['scan']['files']['total']} files: {len(out)} difference(s)")
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
