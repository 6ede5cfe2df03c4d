/* jsonw.h — a small streaming JSON writer into a growable buffer.
 *
 * Used by the report, the inventory and the findings stream.  Strings are
 * written as valid JSON whatever bytes they hold: bytes that are not valid
 * UTF-8 become U+FFFD (ls_json_is_utf8() tells the caller to add a lossless
 * companion field such as "path_bytes").  Nothing here does I/O. */
#ifndef LS_JSONW_H
#define LS_JSONW_H

#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

#define LS_JSONW_MAX_DEPTH 32

struct ls_jsonw {
    struct ls_strbuf *out;                   /* where text goes (not owned) */
    int pretty;                              /* indent with two spaces and newlines */
    int depth;                               /* current nesting */
    unsigned char first[LS_JSONW_MAX_DEPTH]; /* 1 until the first member at that depth */
    int after_key;                           /* a key was just written */
};

void ls_jsonw_init(struct ls_jsonw *w, struct ls_strbuf *out, int pretty);
void ls_jsonw_obj_begin(struct ls_jsonw *w);
void ls_jsonw_obj_end(struct ls_jsonw *w);
void ls_jsonw_arr_begin(struct ls_jsonw *w);
void ls_jsonw_arr_end(struct ls_jsonw *w);
void ls_jsonw_key(struct ls_jsonw *w, const char *key);
void ls_jsonw_str(struct ls_jsonw *w, const char *s);
void ls_jsonw_strn(struct ls_jsonw *w, const char *s, size_t n);
void ls_jsonw_u64(struct ls_jsonw *w, uint64_t v);
void ls_jsonw_i64(struct ls_jsonw *w, int64_t v);
void ls_jsonw_dbl(struct ls_jsonw *w, double v, int decimals);
void ls_jsonw_bool(struct ls_jsonw *w, int v);
void ls_jsonw_null(struct ls_jsonw *w);
/* A value that is already JSON text (written as is). */
void ls_jsonw_raw(struct ls_jsonw *w, const char *json, size_t n);
/* Shorthands for "key": value. */
void ls_jsonw_kstr(struct ls_jsonw *w, const char *key, const char *s);
void ls_jsonw_ku64(struct ls_jsonw *w, const char *key, uint64_t v);

/* 1 when s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int ls_json_is_utf8(const char *s, size_t n);
/* Appends the standard base64 of data to out. */
void ls_base64_append(struct ls_strbuf *out, const unsigned char *data, size_t n);

#endif
