/* dates.h — the event dates of a scan: parsing a matched date, the span from
 * the earliest to the latest, and the dated records counted per year.
 *
 * The match stage parses every finding of a rule with `validate: date`
 * (dates of birth excluded), widens its worker's span with each and counts a
 * record once, in the year of its earliest date; the spans of the workers are
 * merged once at the end and exposure.c writes the report's "date_span".
 * A leaf: it depends on nothing of ours. */
#ifndef LS_DATES_H
#define LS_DATES_H

#include <stddef.h>
#include <stdint.h>

/* The years a date may fall in (inclusive); others are not dates. */
#define LS_YEAR_MIN 1900
#define LS_YEAR_MAX 2100

/* A date span with per-year counts.  Dates are yyyymmdd numbers.  A zeroed
 * struct is an empty span. */
struct ls_datetally {
    uint32_t first;                                  /* earliest date, 0 = none */
    uint32_t last;                                   /* latest date, 0 = none */
    uint64_t by_year[LS_YEAR_MAX - LS_YEAR_MIN + 1]; /* dated records by year */
    uint64_t n;                                      /* dated records */
};

/* Parses the date that starts at the first digit of s[0..n) (s need not be
 * NUL-terminated; what follows the date is ignored): d/m/y, d-m-y or d.m.y
 * with 2- or 4-digit years (two-digit years 70–99 are 19xx, 00–69 20xx),
 * y-m-d (y/m/d, y.m.d) with a 4-digit year, or 8 digits yyyymmdd.  Returns
 * yyyymmdd, or 0 when it is no valid calendar date of LS_YEAR_MIN–LS_YEAR_MAX. */
uint32_t ls_date_parse(const char *s, size_t n);
/* Widens the span to ymd, without counting a record (ymd 0: nothing). */
void ls_date_extend(struct ls_datetally *d, uint32_t ymd);
/* Widens the span to ymd and counts one dated record in ymd's year (ymd 0:
 * nothing).  ymd must come from ls_date_parse. */
void ls_date_add(struct ls_datetally *d, uint32_t ymd);
/* Widens into's span by from's and adds from's counts (from is only read). */
void ls_date_merge(struct ls_datetally *into, const struct ls_datetally *from);

#endif
