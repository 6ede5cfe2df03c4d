/* output.h — the report formats by name (--format a,b,…) and the files
 * they are written to in --output-dir.  The writing itself is
 * ls_report_write (report.h), in output.c. */
#ifndef LS_REPORT_OUTPUT_H
#define LS_REPORT_OUTPUT_H

#include <stddef.h>

#include "scanconf.h"
#include "status.h"

/* Parses a comma-separated list of format names (text, json, csv, sarif,
 * html, notification) into *mask (bit 1u << enum ls_format per format) and,
 * when the list names one format, *single (else *single is LS_FMT_COUNT).
 * LS_EUSAGE with a message in err for an empty or unknown name (the message
 * lists the valid ones). */
ls_status ls_report_formats_parse(const char *list, unsigned *mask, enum ls_format *single,
                                  char *err, size_t errlen);

/* Makes the --output-dir directory (0700) unless it is there.  A path that
 * is there but is not a directory (a symbolic link included) is LS_EIO
 * with a message naming it in err. */
ls_status ls_report_dir_make(const char *dir, char *err, size_t errlen);

/* The name of the i-th report file written to --output-dir
 * ("report-categories.csv"), or NULL past the last. */
const char *ls_report_out_file(size_t i);

/* The name of a format ("notification"). */
const char *ls_report_format_name(enum ls_format f);

#endif
