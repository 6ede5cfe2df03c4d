#!/usr/bin/env python3
"""tests/e2e/schema_check.py — validates reports against their JSON Schemas.

    schema_check.py report FILE...   against docs/report.schema.json
    schema_check.py sarif FILE...    against the OASIS SARIF 2.1.0 schema,
                                     $LS_SHARED/schemas/sarif-schema-2.1.0.json

Exit status: 0 every file is valid, 1 one is not (each error is printed with
the file and the place in it), 77 the check cannot run: python3-jsonschema
or the schema is absent (said on stderr).  Offline: no $ref leaves the
schema file.
"""
import json
import os
import sys


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("report", "sarif"):
        sys.exit("usage: schema_check.py report|sarif FILE...")
    try:
        import jsonschema
    except ImportError:
        print("SKIP: python3-jsonschema is not installed: no schema validation", file=sys.stderr)
        return 77
    if sys.argv[1] == "report":
        src = os.environ.get("LS_SRCDIR") or os.path.join(os.path.dirname(__file__), "..", "..")
        path = os.path.join(src, "docs", "report.schema.json")
    else:
        shared = os.environ.get("LS_SHARED") or os.path.join(
            os.environ.get("LS_SRCDIR", "."), "..", "shared")
        path = os.path.join(shared, "schemas", "sarif-schema-2.1.0.json")
    if not os.path.exists(path):
        print("SKIP: no schema at %s: no validation" % path, file=sys.stderr)
        return 77
    with open(path) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for name in sys.argv[2:]:
        try:
            with open(name) as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: not JSON: %s" % (name, e), file=sys.stderr)
            bad += 1
            continue
        errs = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errs[:10]:
            where = "/".join(str(p) for p in e.absolute_path) or "(top)"
            print("%s: %s: %s" % (name, where, e.message[:300]), file=sys.stderr)
        if errs:
            print("%s: %d schema error(s) (%s)" % (name, len(errs), os.path.basename(path)),
                  file=sys.stderr)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
