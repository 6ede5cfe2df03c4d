/* termsafe.h — file names and reasons made safe to show: on a terminal (the
 * text report, stderr) and, before HTML escaping, in the HTML report, so no
 * escape sequence, control byte or bidi reordering from a name reaches the
 * reader. */
#ifndef LS_TERMSAFE_H
#define LS_TERMSAFE_H

#include <stddef.h>

#include "strbuf.h"

/* Appends s[0..n) made safe for a terminal: control bytes (C0, DEL, C1) and
 * bytes that are not UTF-8 become \xNN, so no escape sequence from a file
 * name reaches the screen; a backslash is doubled; bidirectional controls
 * and invisible format characters become \uXXXX. */
void ls_term_safe(struct ls_strbuf *out, const char *s, size_t n);

#endif
