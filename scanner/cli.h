/* cli.h — command line → struct ls_config; --help.  No globals. */
#ifndef LS_CLI_H
#define LS_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "scanconf.h"
#include "status.h"

/* Parses `leakscan scan` arguments (argv[0] is "scan").  rule_paths storage
 * is allocated into *rule_store (free it after the scan).  Returns LS_OK,
 * LS_EUSAGE with a message in err, or LS_ESKIPPED when --help was printed. */
ls_status ls_cli_parse_scan(int argc, char **argv, struct ls_config *cfg, const char ***rule_store,
                            char *err, size_t errlen);
/* The same for `leakscan merge` (argv[0] "merge"): its options only (the
 * report's, the rule packs', --key-file); the inputs are the partials. */
ls_status ls_cli_parse_merge(int argc, char **argv, struct ls_config *cfg, const char ***rule_store,
                             char *err, size_t errlen);
void ls_cli_help_merge(FILE *f);
/* Prints the help of `leakscan scan`, with the limits' defaults. */
void ls_cli_help(FILE *f);
/* Parses a size such as 512, 64K, 256M, 1G, 2T (powers of 1024; KiB/MiB also). */
int ls_cli_parse_size(const char *s, uint64_t *out);

#endif
