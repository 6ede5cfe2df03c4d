#!/usr/bin/env python3
"""tests/tools/funclen.py — no function of the scanner is longer than a limit.

A function that mixes phases (open, parse, tally, clean up) in 200 lines is
where bugs hide; the house limit is 120 lines from the opening to the closing
brace.  Relies on the project's format (.clang-format, Linux braces): a
function body opens with "{" alone at column 0 and closes with "}" at column 0.

    funclen.py [--max N] [--top K] [DIR|FILE]...
                      default: scanner/, fixtures/ and tests/ of $LS_SRCDIR, --max 120
Prints the K longest functions (file:line name length) and every one over N;
exits 1 when one is over N.
"""
import os
import re
import sys

NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def functions(path):
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i]
        opens = ln == "{" or (ln.endswith(") {") and ln[:1] not in (" ", "\t", "#", "/", "*"))
        if not opens:
            i += 1
            continue
        # the signature: back to the line that starts at column 0
        j = i if ln != "{" else i - 1
        while j > 0 and lines[j][:1] in (" ", "\t"):
            j -= 1
        sig = " ".join(lines[j:i + 1])
        if "(" not in sig or sig.lstrip().startswith(("struct", "enum", "union", "static const", "const")) and "(" not in sig.split("=")[0]:
            i += 1
            continue
        if "=" in sig.split("(")[0]:
            i += 1
            continue
        m = NAME.search(sig)
        name = m.group(1) if m else "?"
        k = i + 1
        while k < len(lines) and lines[k] != "}":
            k += 1
        yield name, i + 1, k - i + 1
        i = k + 1


def main(argv):
    limit, top, paths = 120, 5, []
    it = iter(argv)
    for a in it:
        if a == "--max":
            limit = int(next(it))
        elif a == "--top":
            top = int(next(it))
        else:
            paths.append(a)
    if not paths:
        src = os.environ.get("LS_SRCDIR", ".")
        paths = [os.path.join(src, d) for d in ("scanner", "fixtures", "tests")]
    files = []
    for p in paths:
        if os.path.isdir(p):
            for d, _, fs in os.walk(p):
                files += [os.path.join(d, f) for f in fs if f.endswith(".c")]
        else:
            files.append(p)
    allf = []
    for f in sorted(files):
        for name, line, n in functions(f):
            allf.append((n, f, line, name))
    allf.sort(reverse=True)
    over = [x for x in allf if x[0] > limit]
    print("funclen: %d functions in %d files; the longest:" % (len(allf), len(files)))
    for n, f, line, name in allf[:top]:
        print("  %4d lines  %s:%d %s" % (n, f, line, name))
    for n, f, line, name in over:
        print("funclen: %s:%d: %s is %d lines (limit %d)" % (f, line, name, n, limit))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
