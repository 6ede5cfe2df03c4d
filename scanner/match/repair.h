/* repair.h — value-level repair of a record before it is matched.
 *
 * Real exports damage values in ways a pattern should not have to know:
 * non-breaking and other fixed-width spaces between digit groups, full-width
 * digits and letters (U+FF01..U+FF5E), soft hyphens, and in OCR'd prose
 * O/0 and I/1 confusions inside numbers and words or values broken across a
 * line end.  ls_repair_record() gives the matcher a copy of the record with
 * these undone (docs/accuracy.md, "Messy style"), or the record itself when
 * it holds none of them, which is the usual case and costs one pass over
 * the bytes:
 *
 *  - every record: U+00A0, U+2007, U+2009, U+202F, U+3000 -> ' ';
 *    U+2010, U+2011 -> '-'; U+00AD dropped; U+FF01..U+FF5E -> ASCII;
 *  - prose records (rec->prose) only:
 *    "x-\ny" with x a letter and y a lower-case letter -> "xy" (a word
 *    hyphenated at the line end); with x and y digits, or y an upper-case
 *    letter, only the line break goes ("85.07.30-\n033.28" -> one value,
 *    "Jean-\nPierre" -> "Jean-Pierre").  The line break is put back at the
 *    end of the joined line, so later lines keep their numbers;
 *    in a run of number groups (segments of [0-9OoIl] joined by single
 *    . - / or spaces, standing alone between non-alphanumerics, not next to
 *    @ or _) whose segments with a digit hold 8 characters or more, 4 of
 *    them digits, O and o become 0 and I and l become 1 in every segment
 *    with a digit, in a letters-only segment joined to the run by . - /,
 *    and in one of at most 3 letters between two segments with digits
 *    ("85O73OO3328", "O471 98 81 69", "87.II.26-795.38", "046O IO 72 90").  The validators then
 * decide: a repaired national number still needs its mod-97 check.
 *
 * Offsets: the copy's field and part offsets are mapped to its bytes;
 * ls_repair_orig() maps a byte of the copy back to the record's own bytes
 * (for the "offset" of a finding). */
#ifndef LS_REPAIR_H
#define LS_REPAIR_H

#include <stddef.h>

#include "extract/extract.h"

struct ls_repair {
    char *buf;           /* the repaired text */
    size_t cap;          /* of buf */
    size_t *map;         /* map[i]: offset in the original of byte i of buf; map[len] = its len */
    size_t *inv;         /* inv[j]: offset in buf of original byte j (or of the next kept one) */
    size_t mapcap;       /* entries of map and inv */
    size_t *foff, *flen; /* the fields, remapped */
    size_t fcap;
    size_t *poff; /* the parts, remapped */
    size_t pcap;
    struct ls_record rec; /* the repaired record */
    int active;           /* the last ls_repair_record() returned &rec */
};

/* The record to match: rec itself when nothing in it needs repair, else
 * r->rec (valid until the next call or ls_repair_free).  NULL when out of
 * memory. */
const struct ls_record *ls_repair_record(struct ls_repair *r, const struct ls_record *rec);

/* Offset in the original record of byte off of the record last returned. */
size_t ls_repair_orig(const struct ls_repair *r, size_t off);

void ls_repair_free(struct ls_repair *r);

#endif /* LS_REPAIR_H */
