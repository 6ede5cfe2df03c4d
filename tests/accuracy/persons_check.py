#!/usr/bin/env python3
"""tests/accuracy/persons_check.py — exposure.persons against the generator's
truth ("persons": distinct synthetic people of whom a value was written).

    persons_check.py TRUTH REPORT [REPORT...]

Called by accuracy.sh (seed 5: the tree with -j2 and leak.tar.gz with -j1)
and by tests/e2e/second_leak.sh (seed 4), on reports they made anyway.
What the figures promise (docs/report.md): data_subjects (distinct national
numbers) is a lower bound and persons.count (linked components) an upper
bound on the persons who have a linkable identifier, so the truth must lie
between them (5 % slack); persons.identified (components that hold a
number, or a name with a date of birth or address) must be within 5 % of
the truth.  With more than one report, the persons, minors and
movement_profiles objects must be the same in all (any -j, tree or archive).
Exits 1 with the reasons.
"""
import json
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    truth = json.load(open(argv[1]))["persons"]
    bad = []
    first = None
    for path in argv[2:]:
        e = json.load(open(path))["exposure"]
        p, lower = e["persons"], e["data_subjects"]["estimate"]
        print("%s: truth %d, lower %d, identified %d, count %d"
              % (path, truth, lower, p["identified"], p["count"]))
        if not lower <= truth * 1.05:
            bad.append("%s: lower bound %d above the truth %d" % (path, lower, truth))
        if not p["count"] >= truth * 0.95:
            bad.append("%s: upper bound %d below the truth %d" % (path, p["count"], truth))
        if abs(p["identified"] - truth) > truth * 0.05:
            bad.append("%s: identified %d not within 5 %% of the truth %d"
                       % (path, p["identified"], truth))
        figs = {k: e[k] for k in ("persons", "minors", "movement_profiles")}
        if first is None:
            first = figs
        elif figs != first:
            bad.append("%s: exposure figures differ from %s" % (path, argv[2]))
    for b in bad:
        print("FAIL: " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
