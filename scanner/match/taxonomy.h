/* taxonomy.h — the fixed taxonomy (docs/taxonomy.md): every value category,
 * keyword class and record type id with its GDPR class, and the GDPR classes
 * in report order.
 *
 * A leaf of the match stage: constant tables and a lookup, nothing else of
 * ours.  rules.c resolves the ids a pack names against it and seeds every
 * ruleset with its categories; exposure.c reads the GDPR class of a record
 * type from it. */
#ifndef LS_TAXONOMY_H
#define LS_TAXONOMY_H

/* What a taxonomy id names. */
enum ls_taxon_kind {
    LS_TAXON_CATEGORY,      /* a value category: rules, columns */
    LS_TAXON_KEYWORD_CLASS, /* a keyword class (special_*, criminal_offence) */
    LS_TAXON_RECORD_TYPE,   /* a record type (a co-occurrence inside one record) */
};

/* Kind masks for ls_taxon_find: one bit per enum ls_taxon_kind. */
#define LS_TAXON_M_CATEGORY (1u << LS_TAXON_CATEGORY)
#define LS_TAXON_M_KEYWORD_CLASS (1u << LS_TAXON_KEYWORD_CLASS)
#define LS_TAXON_M_RECORD_TYPE (1u << LS_TAXON_RECORD_TYPE)
#define LS_TAXON_M_ANY (LS_TAXON_M_CATEGORY | LS_TAXON_M_KEYWORD_CLASS | LS_TAXON_M_RECORD_TYPE)

/* A taxonomy entry. */
struct ls_taxon {
    const char *id;
    const char *gdpr; /* one of ls_gdpr_classes */
    enum ls_taxon_kind kind;
};

/* The taxonomy, in the order of docs/taxonomy.md: categories, keyword
 * classes, record types.  Terminated by an entry whose id is NULL. */
extern const struct ls_taxon ls_taxonomy[];

/* The GDPR classes (personal, special, criminal, minors, financial, location,
 * communications, credentials) in the order the report lists them.
 * NULL-terminated. */
extern const char *const ls_gdpr_classes[];

/* The entry of id whose kind is in kind_mask (LS_TAXON_M_* flags or'ed), or
 * NULL when there is none.  id: a NUL-terminated string, not kept.  The entry
 * is static. */
const struct ls_taxon *ls_taxon_find(const char *id, unsigned kind_mask);

#endif
