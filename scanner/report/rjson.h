/* rjson.h — reading the parsed JSON report (jansson) for the derived
 * formats, beyond the lookups of report_ctx.h: counts, the exact bytes of a
 * path, and the headline figures every format leads with, computed once
 * here so the text and the HTML report can never disagree. */
#ifndef LS_RJSON_H
#define LS_RJSON_H

#include <jansson.h>
#include <stdint.h>

#include "report/report_ctx.h" /* ls_rj_get, ls_rj_str, ls_rj_u64, ls_rj_dbl */
#include "strbuf.h"

/* A count: a non-negative JSON integer, or a real (a report parsed with
 * JSON_DECODE_INT_AS_REAL, which reads integers past 2^63 too) rounded; else 0. */
uint64_t ls_rj_count(const json_t *v);
/* Appends the exact bytes of an item's path ({path, [path_bytes]} of
 * problems, top_files, match_limits): path_bytes decoded when present (a
 * name that is not UTF-8), else path. */
void ls_rj_path_bytes(const json_t *item, struct ls_strbuf *out);

/* The headline figures, from the report only (docs/report.md, "Text report"). */
struct ls_headline {
    const char *level;                     /* exposure.severity.level, or "n/a" */
    double score, ei, cb;                  /* ENISA SE, EI, CB */
    uint64_t dpc;                          /* ENISA DPC */
    const char *dpc_basis;                 /* may be NULL */
    const char *ei_basis;                  /* may be NULL */
    uint64_t subjects;                     /* exposure.data_subjects.estimate */
    const char *subjects_basis;            /* may be NULL */
    uint64_t records_min;                  /* records with findings, at least: the largest
                                            * count of one category or one record type */
    const char *records_min_of;            /* the id that count is of, or NULL */
    uint64_t records_max;                  /* at most: the sum of the categories' records */
    uint64_t person_records;               /* records.person_record.count */
    uint64_t dated;                        /* exposure.date_span.dated_records */
    const char *first, *last;              /* date span, "YYYY-MM-DD", or NULL */
    unsigned first_year, last_year, years; /* 0 when there is no date */
    uint64_t files_total, scanned, skipped, failed;
    int complete;               /* scan.complete */
    const char *interrupted_by; /* SIGINT, SIGTERM or NULL */
};

/* Fills *h from the parsed report (missing members read as 0 or NULL). */
void ls_headline_read(const json_t *report, struct ls_headline *h);

#endif
