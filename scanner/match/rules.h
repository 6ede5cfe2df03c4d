/* rules.h — the compiled, immutable ruleset (internal to the match stage).
 *
 * rules.c turns YAML rule packs (rules/README.md) into these structs; after
 * ls_ruleset_load returns, nothing here is written again and every worker
 * reads it concurrently.  match.c, classify.c, exposure.c and rules_cmd.c
 * read these structs; nothing outside the match stage should. */
#ifndef LS_RULES_H
#define LS_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "match/cands.h"
#include "match/match.h"
#include "match/normalize.h"
#include "match/prefilter.h"
#include "match/validate.h"
#include "scanconf.h"

/* A word or phrase of a dictionary, folded (lower case, accents removed) and
 * split into tokens.  prefix: the last token ended with '*' (inflections). */
struct ls_phrase {
    char **tok; /* folded tokens */
    size_t ntok;
    int prefix;    /* last token matches as a prefix */
    char *text;    /* as written in the pack, for messages */
    unsigned line; /* position in the pack (1-based) */
    unsigned col;
};

struct ls_wordlist {
    struct ls_phrase *p;
    size_t n;
    /* By first byte (ls_wordlist_index): the phrases p[index[257 + e]] for
     * e in [index[b], index[b + 1]) start with byte b; NULL: not indexed. */
    uint32_t *index;
};

enum ls_ctx_side { LS_SIDE_BOTH = 0, LS_SIDE_BEFORE = 1, LS_SIDE_AFTER = 2 };

/* An example or counterexample of a rule. */
struct ls_example {
    char *text;  /* the one-record text to scan */
    char *match; /* examples: the exact value the finding must span (default: text) */
    int conf;    /* examples: at least this confidence; counterexamples: nothing of
                  * the category at or above it */
    unsigned line, col;
};

/* A category: a taxonomy id or a pack-prefixed id. */
struct ls_cat {
    char *id;
    const char *gdpr; /* class: personal, special, criminal, minors, … (static) */
};

struct ls_rule {
    char *id;   /* unique over the ruleset */
    int cat;    /* index in rs->cats, or -1 when the rule yields a signal */
    int signal; /* index in rs->signals, or -1 */
    char *pattern;
    pcre2_code *code; /* compiled and JIT-compiled; shared read-only */
    int value_group;  /* capture group number of (?<value>…), or 0 (whole match) */
    /* Prefilter (from PCRE2's own analysis): the bytes a match can start
     * with; a record holding none of them is not handed to PCRE2 for this
     * rule.  has_first 0: nothing known, always run. */
    int has_first;
    uint8_t first[32];
    /* Prefilter (prefilter.c): what a record must hold for a match. */
    struct ls_prefilter pf;
    /* The candidate pass (prefilter.c): where a match can start; with
     * shape.npos > 0, acode is the pattern compiled anchored, run only at
     * candidate starts. */
    struct ls_shape shape;
    pcre2_code *acode;
    int acode_jit; /* acode is JIT-compiled: matched with pcre2_jit_match */
    /* Without a shape, the pairs of bytes a match can start with (or
     * NULL): the search starts at the first such pair, or is not run. */
    struct ls_pairs *pairs;
    const struct ls_validator *validator;   /* or NULL */
    const struct ls_normalizer *normalizer; /* or NULL: value as matched */
    int is_date;                            /* validate: date — contributes to the date span */
    int conf;                               /* base confidence (enum ls_confidence) */
    int ctx_conf;                           /* confidence after a context hit */
    int field_conf; /* base confidence of a whole field value (a cell, a JSON value, an XML
                     * element text or attribute value), or -1: as conf */
    struct ls_wordlist ctx;
    unsigned ctx_window; /* bytes of text looked at around the match */
    int ctx_side;
    struct ls_wordlist neg;
    unsigned neg_window;
    struct ls_example *ex;
    size_t nex;
    struct ls_example *cex;
    size_t ncex;
    const char *file; /* pack file (owned by the pack) */
    unsigned line, col;
    size_t pack; /* index in rs->packs */
};

enum ls_col_values { LS_COL_PATTERN = 0, LS_COL_COUNT = 1 };

/* A column classifier: header keywords → category (or signal). */
struct ls_column {
    char *id;
    int cat; /* -1 for a signal column */
    int signal;
    struct ls_wordlist kw;
    int values; /* LS_COL_PATTERN: matches of rules of cat inside the column get conf;
                 * LS_COL_COUNT: each non-empty field is one finding of cat */
    int conf;
    const struct ls_normalizer *normalizer; /* for LS_COL_COUNT distinct values */
    size_t pack;
};

/* A keyword dictionary: whole words of any language → one category. */
struct ls_kwclass {
    char *id; /* rule id used in findings: <pack>.keywords.<category> */
    int cat;
    struct ls_wordlist words;
    int conf;
    size_t pack;
};

/* A term of a record type: a category or a signal. */
struct ls_term {
    int cat;
    int signal;
    char *name;
    const char *file;
    unsigned line, col;
};

/* A composite record type: all groups must hold, each by any of its terms. */
struct ls_rectype {
    char *id;
    struct ls_term **groups;
    size_t *ngroup;
    size_t ngroups;
    size_t pack;
};

struct ls_pack {
    char *name;
    char *version;
    char *description;
    char *file; /* as given (rules/<name>.yaml for built-ins) */
    size_t nrules;
    int builtin;
};

struct ls_ruleset {
    struct ls_pack *packs;
    size_t npacks;
    struct ls_rule *rules;
    size_t nrules;
    struct ls_column *columns;
    size_t ncolumns;
    struct ls_kwclass *kw;
    size_t nkw;
    struct ls_rectype *rectypes;
    size_t nrectypes;
    struct ls_cat *cats;
    size_t ncats;
    char **signals;
    size_t nsignals;
    /* Keyword phrases of every class by the first byte of their first token
     * (built by ls_ruleset_finish): kwidx[kwstart[b] .. kwstart[b + 1]). */
    struct ls_kwref {
        uint32_t kw; /* index in kw */
        uint32_t ph; /* index in kw[].words.p */
    } * kwidx;
    uint32_t kwstart[257];
    /* The candidate pass (cands.c): the rules' shapes as shared byte sets
     * (built by ls_ruleset_finish; rule[i].nvar 0: rule i has no plan). */
    struct ls_cands cands;
    /* The rule-pack set's digest (partial results, partial.c): BLAKE2b-256
     * chained over each pack's text, in load order, with whether it is
     * built in (ls_ruleset_add_text); not over file names. */
    unsigned char digest[32];
};

/* An embedded pack (builtin_rules.c, generated at build time from the packs
 * of rules/ by scanner/match/embed_rules.sh).  NULL-terminated. */
struct ls_builtin_pack {
    const char *name; /* "rules/starter.yaml" */
    const char *text;
};
extern const struct ls_builtin_pack ls_builtin_packs[];

/* The steps of ls_ruleset_load, for the rules tooling and tests: an empty
 * ruleset (taxonomy categories only); a pack from memory (file names it in
 * messages) or from a file or folder of *.yaml; then ls_ruleset_finish, which
 * resolves record-type terms and builds indexes.  Errors: LS_ERULES with
 * "file:line:column: what" in err, LS_ENOMEM. */
ls_status ls_ruleset_new(struct ls_ruleset **out);
ls_status ls_ruleset_add_text(struct ls_ruleset *rs, const char *file, const char *text, size_t len,
                              int builtin, char *err, size_t errlen);
ls_status ls_ruleset_add_path(struct ls_ruleset *rs, const char *path, char *err, size_t errlen);
ls_status ls_ruleset_finish(struct ls_ruleset *rs, char *err, size_t errlen);

/* Category index of an id, or -1. */
int ls_ruleset_cat(const struct ls_ruleset *rs, const char *id);

const char *ls_conf_name(int conf);

#endif
