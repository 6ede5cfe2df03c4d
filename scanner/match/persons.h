/* persons.h — the exposure figures that link values of one record: persons
 * (strong identifiers of one record joined, union-find over the scan),
 * minors (national numbers that give an age under 18 at the record's date)
 * and movement profiles (plates of ANPR records, profiles.h).
 *
 * Each matcher owns one ls_persons.  As a record is matched, match.c hands
 * over the value hash of every counted finding of a category that has a
 * kind here (ls_persons_note: fixed-size, never the value); at the record's
 * end (ls_persons_record_end) the record's identifiers become one node each
 * and, when the record speaks of one person, edges joining them.  Edges are
 * pairs of 8-byte hashes, deduplicated as they pile up; the workers' lists
 * are concatenated at the end (ls_persons_merge) and the components counted
 * once (ls_persons_figures), so the figures do not depend on -j or on how a
 * large item was cut into chunks.  docs/report.md says what the figures
 * mean and which way each one errs. */
#ifndef LS_PERSONS_H
#define LS_PERSONS_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What a category is to these figures (match.c maps category ids to kinds). */
enum ls_pkind {
    LS_PK_NONE = 0,
    LS_PK_NATIONAL, /* national register or BIS number */
    LS_PK_EID,      /* eID card number */
    LS_PK_PASSPORT, /* passport number */
    LS_PK_NAME,     /* person name: a node only with one date of birth or address */
    LS_PK_DOB,      /* date of birth: a node only with one name */
    LS_PK_ADDRESS,  /* postal address: a node only with one name */
    LS_PK_EMAIL,
    LS_PK_PHONE,
    LS_PK_ACCOUNT,  /* IBAN or Belgian account number */
    LS_PK_PLATE,    /* a licence plate: movement profiles, not persons */
    LS_PK_NAMEDOB,  /* (internal) name and date of birth of one record */
    LS_PK_NAMEADDR, /* (internal) name and address of one record */
    LS_PK_N
};

/* Largest identifiers of one record that are linked; a record with more is
 * a list, and each of its identifiers is a node of its own. */
#define LS_PERSONS_REC_MAX 32

struct ls_persons;

/* What the matcher knows of a record when it ends. */
struct ls_precord {
    uint32_t date;   /* its earliest event date (yyyymmdd), 0 when none */
    int anpr;        /* it is an anpr_record */
    int minors_kw;   /* it holds a keyword of a minors class */
    uint32_t camera; /* keyed hash of its camera field, 0 when none */
};

/* The figures of a (merged) ls_persons. */
struct ls_persons_fig {
    uint64_t persons;          /* components */
    uint64_t identified;       /* components with a node that names a person (not only contacts) */
    uint64_t nodes;            /* distinct identifiers (the name+DOB pair counts as one) */
    uint64_t links;            /* distinct pairs joined */
    uint64_t records;          /* records with at least one identifier */
    uint64_t records_multi;    /* of them, records about several persons (nothing joined) */
    uint64_t minors;           /* components with a national number under 18 at a record's date */
    uint64_t minor_numbers;    /* distinct national numbers under 18 at a record's date */
    uint64_t minor_by_record;  /* sightings of such a number dated by their record */
    uint64_t minor_by_scan;    /* sightings dated by the scan date (the record had no date) */
    uint64_t minors_flagged;   /* records holding a minors keyword */
    uint64_t plates_seen;      /* distinct plates of ANPR records */
    uint64_t vehicles_tracked; /* of them, seen min_hits times at min_sites cameras or days */
    uint64_t bytes;            /* heap bytes held (edges, minors, plate table) */
    uint64_t link_bytes;       /* heap bytes of the union-find at the end (freed after) */
};

/* A new, empty ls_persons.  scan_date (yyyymmdd) dates a record that has no
 * date of its own; min_hits, min_sites: the movement-profile thresholds
 * (profiles.h).  LS_OK or LS_ENOMEM. */
ls_status ls_persons_new(uint32_t scan_date, unsigned min_hits, unsigned min_sites,
                         struct ls_persons **out);
void ls_persons_free(struct ls_persons *p);
/* One counted value of the current record: kind, its keyed value hash, its
 * offset in the record, and its normalized text (read for a national
 * number's birth date only). */
void ls_persons_note(struct ls_persons *p, enum ls_pkind kind, uint64_t h, size_t off,
                     const char *norm, size_t nn);
/* Ends the current record.  LS_OK or LS_ENOMEM (what the record gave is then
 * partly lost). */
ls_status ls_persons_record_end(struct ls_persons *p, const struct ls_precord *r);
/* Moves everything of from into into (made with the same arguments); from
 * is emptied.  LS_OK or LS_ENOMEM. */
ls_status ls_persons_merge(struct ls_persons *into, struct ls_persons *from);
/* The figures (computed once; the links are deduplicated on the way).
 * LS_OK or LS_ENOMEM (then *out holds only the counts kept as they came). */
ls_status ls_persons_figures(struct ls_persons *p, struct ls_persons_fig *out);
/* What a partial result (partial.c) keeps of an ls_persons: the counts
 * kept as they came, the distinct links (pairs of node hashes, a <= b;
 * a == b: a node alone) and the distinct minors' nodes; the plate table is
 * ls_persons_profiles. */
struct ls_persons_state {
    uint64_t records, records_multi, minor_by_record, minor_by_scan, minors_flagged;
    const uint64_t *links; /* 2 * nlinks numbers: a, b of each link */
    size_t nlinks;
    const uint64_t *minors;
    size_t nminors;
};
/* Fills *s (links and minors deduplicated first; the arrays are p's, valid
 * until p changes). */
void ls_persons_get_state(struct ls_persons *p, struct ls_persons_state *s);
/* Adds a state (from a partial of the same thresholds) to p, as
 * ls_persons_merge adds another ls_persons.  LS_OK or LS_ENOMEM. */
ls_status ls_persons_add_state(struct ls_persons *p, const struct ls_persons_state *s);
/* p's plate table (profiles.h). */
struct ls_profiles *ls_persons_profiles(struct ls_persons *p);
/* Heap bytes p holds now. */
uint64_t ls_persons_bytes(const struct ls_persons *p);

/* The birth date (yyyymmdd, month and day 0 when unknown) of the 11-digit
 * national register or BIS number d[0..n) (digits only), century from its
 * check digits; 0 when it is not one. */
uint32_t ls_nn_birth(const char *d, size_t n);
/* Whole years from birth (yyyymmdd, month or day 0 read as the first of
 * the year or month: the oldest the person can be) to date (yyyymmdd);
 * -1 when date is before the birth or either is 0. */
int ls_age_years(uint32_t birth, uint32_t date);

#endif
