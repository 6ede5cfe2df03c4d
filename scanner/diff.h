/* diff.h — `leakscan diff [--format text|json] [--fail-on COND]... OLD.json
 * NEW.json`: what changed between two JSON reports (leakscan-report/1), per
 * category, record type and exposure figure, for rule-pack regression in
 * CI.  Reads only the two files; exit 0, 1 (a --fail-on condition newly
 * holds in NEW), or 2 (usage, a file missing, not JSON, not a report). */
#ifndef LS_DIFF_H
#define LS_DIFF_H

/* argv[0] is "diff". */
int ls_diff_main(int argc, char **argv);

#endif
