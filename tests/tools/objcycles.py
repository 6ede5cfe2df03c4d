#!/usr/bin/env python3
"""tests/tools/objcycles.py — the library's object files form no dependency cycle.

Reads the symbol tables of libleakscan.a with nm: an object depends on another
when it uses (U) a symbol the other defines.  A cycle between two object files
means two modules that cannot be understood, tested or replaced one without
the other (the taxonomy needing the report that needs the taxonomy).  Prints
the dependency layers, or every cycle found, and exits 1 on a cycle.

    objcycles.py [LIBRARY]     default: $LS_BUILDDIR/libleakscan.a
    objcycles.py --dot LIB     the graph in Graphviz form
"""
import os
import subprocess
import sys


def graph(lib):
    out = subprocess.run(["nm", "-A", lib], check=True, capture_output=True, text=True).stdout
    defs, uses = {}, {}
    for line in out.splitlines():
        # libleakscan.a:walk.o:0000000000000000 T ls_walk   /   ...:  U ls_queue_push
        head, _, rest = line.rpartition(":")
        obj = head.split(":")[-1]
        parts = rest.split()
        if len(parts) < 2:
            continue
        typ, sym = parts[-2], parts[-1]
        uses.setdefault(obj, set())
        if typ == "U":
            uses[obj].add(sym)
        elif typ in "TDBRVWCG":
            defs.setdefault(sym, obj)
    g = {o: set() for o in uses}
    for o, syms in uses.items():
        for s in syms:
            d = defs.get(s)
            if d and d != o:
                g[o].add(d)
    return g


def sccs(g):
    """Tarjan's strongly connected components (iterative)."""
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(g):
        if root in index:
            continue
        work = [(root, iter(sorted(g[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); onstack.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); onstack.add(w)
                    work.append((w, iter(sorted(g[w]))))
                    break
                if w in onstack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop(); onstack.discard(w); comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def main(argv):
    dot = "--dot" in argv
    args = [a for a in argv if a != "--dot"]
    lib = args[0] if args else os.path.join(os.environ.get("LS_BUILDDIR", "."), "libleakscan.a")
    if not os.path.exists(lib):
        print("objcycles: %s: not built" % lib, file=sys.stderr)
        return 77
    g = graph(lib)
    if dot:
        print("digraph leakscan {")
        for o in sorted(g):
            for d in sorted(g[o]):
                print('  "%s" -> "%s";' % (o, d))
        print("}")
        return 0
    cycles = [c for c in sccs(g) if len(c) > 1]
    if cycles:
        for c in cycles:
            print("objcycles: cycle between %s" % ", ".join(c))
            for o in c:
                print("  %s uses %s" % (o, ", ".join(sorted(d for d in g[o] if d in c))))
        return 1
    # layers: an object's layer is one more than the highest it depends on
    layer = {}
    def depth(o, seen=()):
        if o not in layer:
            layer[o] = 1 + max((depth(d) for d in g[o]), default=-1)
        return layer[o]
    for o in g:
        depth(o)
    for l in range(max(layer.values()) + 1):
        print("layer %d: %s" % (l, " ".join(sorted(o for o in g if layer[o] == l))))
    print("objcycles: %d objects, no cycle" % len(g))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
