/* rules_cmd.h — `leakscan rules list|check|lint [PATH…]`. */
#ifndef LS_RULES_CMD_H
#define LS_RULES_CMD_H

/* argv[0] is "rules".  Returns the process exit status. */
int ls_rules_main(int argc, char **argv);

#endif
