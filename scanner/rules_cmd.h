/* rules_cmd.h — `leakscan rules list|check|lint [PATH…]`, the rule authors' tooling,
 * and `leakscan rules export --patterns [PATH…]`.
 *
 * argv[0] is "rules"; then the subcommand and the pack paths (files or
 * folders of *.yaml).  With no PATH the built-in packs are listed, checked or
 * linted; with PATHs the built-in packs are loaded too (a user pack is checked
 * against the ruleset that `scan --rules` would use) but only the packs of
 * PATH are listed, checked and linted.  A PATH pack with the name of a
 * built-in pack replaces it (`rules check rules/` checks the source files).
 *
 * Output on stdout, problems as "file:line: rule X: …".  Returns the exit
 * status: 0 all good; 1 a check failure (check) or a warning (lint); 2 usage,
 * or a pack that does not load (its "file:line:column: what" on stderr).
 *
 * export --patterns writes the pattern of every regex rule of those packs,
 * one a line, as `rg -f FILE` reads a pattern file: ripgrep joins the lines
 * with '|', so each line is rewritten to keep its meaning there (wrapped in
 * (?:…), (?i) for case-insensitive rules, groups renumbered, \d \s \w made
 * ASCII as in a scan).  Lookbehind and backreferences need `rg -P`.  A rule
 * that cannot be written so is named on stderr and left out: exit status 1. */
#ifndef LS_RULES_CMD_H
#define LS_RULES_CMD_H

int ls_rules_main(int argc, char **argv);

#endif
