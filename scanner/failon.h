/* failon.h — `--fail-on CLASS|CATEGORY|severity>=LEVEL` conditions, for
 * `leakscan scan` (exit 1 when one holds in the scan's findings) and
 * `leakscan diff` (exit 1 when one holds in NEW and not in OLD).
 *
 * A condition is one of: a GDPR class (personal, special, criminal, minors,
 * financial, location, communications, credentials: present in the report's
 * exposure.gdpr_classes), a taxonomy id (a category or keyword class with a
 * finding, a record type with a record: docs/taxonomy.md, `leakscan rules
 * categories`), a pack's own id PACK.ID (not checked against any pack: the
 * packs are only known at scan time), or severity>=LEVEL with the report's
 * levels low, medium, high, very high (also very_high, very-high).  They are
 * evaluated on a parsed JSON report (schema leakscan-report/1), so that the
 * scan and the diff read them the same way. */
#ifndef LS_FAILON_H
#define LS_FAILON_H

#include <stddef.h>

#include "status.h"

/* Conditions, at most, over every --fail-on of one command line. */
#define LS_FAILON_MAX 64
/* Bytes of one condition's id, at most (with its NUL). */
#define LS_FAILON_ID_BYTES 128

enum ls_failon_kind {
    LS_FAILON_CLASS,    /* a GDPR class */
    LS_FAILON_ID,       /* a category, keyword class or record type id */
    LS_FAILON_SEVERITY, /* severity >= level */
};

struct ls_failon_cond {
    enum ls_failon_kind kind;
    char id[LS_FAILON_ID_BYTES]; /* the class or id; for severity, the level's name */
    int level;                   /* severity: 0 low, 1 medium, 2 high, 3 very high */
};

struct ls_failon {
    struct ls_failon_cond c[LS_FAILON_MAX];
    size_t n;
};

/* Adds the conditions of one --fail-on argument (a comma-separated list).
 * LS_OK, or LS_EUSAGE with a message in err naming the bad condition and
 * where the valid ones are listed (f keeps what was added before). */
ls_status ls_failon_add(struct ls_failon *f, const char *arg, char *err, size_t errlen);

/* 0 low, 1 medium, 2 high, 3 very high; -1 for any other name. */
int ls_failon_level(const char *name);

struct json_t; /* jansson */

/* Whether c holds in report (a parsed leakscan-report JSON object, or an
 * object with at least its "categories", "records" and "exposure" members;
 * a missing member holds nothing).  When it holds and what is not NULL, a
 * few words of why (e.g. "12 findings") go into what. */
int ls_failon_holds(const struct ls_failon_cond *c, const struct json_t *report, char *what,
                    size_t whatlen);

#endif
