/* charset.h — the charset layer of the extract stage: any supported encoding
 * in, UTF-8 out.  The one place that knows encodings: the stream reader
 * below, a whole-buffer conversion by MIME charset label
 * (ls_charset_to_utf8, for the document extractors), and the code-point
 * helpers (UTF-8 validator and encoder, CP1252 table) the rest of the
 * scanner uses, the JSON writer included.
 *
 * Every text extractor (text, csv, json, xml, html, sql) reads its item
 * through one struct ls_charset_reader instead of ls_input_read(), so that a
 * UTF-16LE CSV or a CP1252 log is matched as UTF-8 like everything else.
 *
 * The source encoding is decided once, from (in order) a byte-order mark, the
 * libmagic charset (doc->charset) and the first bytes of the stream:
 *   UTF-8, UTF-16LE/BE, UTF-32LE/BE  as named (BOM skipped, not emitted);
 *   iso-8859-1, unknown-8bit         read as CP1252 (a superset of ISO-8859-1
 *                                    for printable text; libmagic says
 *                                    "iso-8859-1" for CP1252 text too);
 *   us-ascii, unknown, missing       read as UTF-8, but a byte that is not part
 *                                    of valid UTF-8 is taken as CP1252 (the
 *                                    libmagic verdict is based on the first
 *                                    64 KiB only);
 *   anything else                    iconv with that name, if glibc knows it.
 * Invalid sequences become U+FFFD (CP1252 fallback bytes become their CP1252
 * character) and each one is counted in doc->invalid_sequences; they are never
 * fatal.  Conversion is done in bounded chunks (LS_CHARSET_CHUNK bytes in and
 * out), so an item of any size is read with constant memory. */
#ifndef LS_CHARSET_H
#define LS_CHARSET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract/extract.h"
#include "strbuf.h"

/* Bytes of raw input and of decoded output buffered by one reader. */
#define LS_CHARSET_CHUNK (64 * 1024)

/* Returned by ls_charset_getc() at the end of the stream and on error. */
#define LS_CHARSET_EOF (-1)
#define LS_CHARSET_ERR (-2)

/* The source encodings the reader knows. */
enum ls_charset_kind {
    LS_CS_UTF8 = 0,   /* strict UTF-8: invalid → U+FFFD */
    LS_CS_UTF8_LOOSE, /* UTF-8 with a CP1252 fallback per invalid byte */
    LS_CS_CP1252,     /* CP1252 / ISO-8859-1 */
    LS_CS_ICONV       /* UTF-16/32 and any other name: through iconv(3) */
};

/* One decoding stream.  The fields before `priv` are read by the inline
 * getc below; treat them as read-only. */
struct ls_charset_reader {
    unsigned char *out;           /* decoded UTF-8 bytes (LS_CHARSET_CHUNK bytes of room) */
    size_t out_len;               /* bytes valid in out */
    size_t out_pos;               /* next byte handed out */
    uint64_t out_base;            /* decoded offset of out[0] */
    struct ls_charset_priv *priv; /* everything else (charset.c) */
};

/* Opens a reader over doc->in and decides the source encoding (reading the
 * first raw bytes of the stream for the BOM).  On success *out is a new
 * reader, to be closed with ls_charset_reader_close().  Errors: LS_ENOMEM;
 * LS_EFAILED / LS_ELIMIT when the stream cannot be read (doc->reason says
 * why). */
ls_status ls_charset_reader_open(struct ls_doc *doc, struct ls_charset_reader **out);

/* Frees the reader (NULL is fine).  Does not close doc->in. */
void ls_charset_reader_close(struct ls_charset_reader *r);

/* The encoding in use, for messages and the inventory ("UTF-8", "UTF-16LE",
 * "CP1252", …). */
const char *ls_charset_reader_name(const struct ls_charset_reader *r);

/* Refills the decoded buffer and returns its next byte (internal to getc). */
int ls_charset_fill(struct ls_charset_reader *r);

/* The next decoded byte (0..255), LS_CHARSET_EOF at the end, LS_CHARSET_ERR
 * when the underlying stream failed (see ls_charset_status()). */
static inline int ls_charset_getc(struct ls_charset_reader *r)
{
    if (r->out_pos < r->out_len)
        return r->out[r->out_pos++];
    return ls_charset_fill(r);
}

/* Pushes back the byte just returned by ls_charset_getc() (one byte, and only
 * directly after a getc that did not return EOF/ERR). */
static inline void ls_charset_ungetc(struct ls_charset_reader *r)
{
    if (r->out_pos > 0)
        r->out_pos--;
}

/* Decoded offset of the next byte getc will return. */
static inline uint64_t ls_charset_tell(const struct ls_charset_reader *r)
{
    return r->out_base + r->out_pos;
}

/* The first byte of [p, e) that is a, b or c (e when there is none), 16
 * bytes at a time: how the tokenizers find the end of a run of ordinary
 * bytes in the decoded buffer (out + out_pos .. out + out_len). */
static inline const unsigned char *ls_find3(const unsigned char *p, const unsigned char *e,
                                            unsigned char a, unsigned char b, unsigned char c)
{
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b),
                  vc = _mm_set1_epi8((char)c);
    while (e - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        __m128i eq = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
                                  _mm_cmpeq_epi8(x, vc));
        int mask = _mm_movemask_epi8(eq);
        if (mask)
            return p + __builtin_ctz((unsigned)mask);
        p += 16;
    }
#endif
    for (; p < e; p++)
        if (*p == a || *p == b || *p == c)
            break;
    return p;
}

/* Reads up to n decoded bytes into buf.  Returns the count, 0 at the end, -1
 * on error. */
ssize_t ls_charset_read(struct ls_charset_reader *r, void *buf, size_t n);

/* Makes at least `want` decoded bytes (at most LS_CHARSET_CHUNK / 2) available
 * from the current position without consuming them, for sniffing.  *p and *len
 * get the bytes actually available (fewer at the end of the stream).  The
 * pointer stays valid until the next getc/read/peek.  Returns LS_OK or the
 * stream's error status. */
ls_status ls_charset_peek(struct ls_charset_reader *r, size_t want, const char **p, size_t *len);

/* LS_OK, or why the stream stopped: LS_EFAILED (read error) or LS_ELIMIT (a
 * budget limit; the message begins with "limit:").  doc->reason holds the
 * message. */
ls_status ls_charset_status(const struct ls_charset_reader *r);

/* Which encoding a stream with this libmagic charset and these first bytes is
 * read as.  *bom_len gets the length of a byte-order mark to skip; *iconv_name
 * the iconv name for LS_CS_ICONV (static storage or `charset` itself). */
enum ls_charset_kind ls_charset_detect(const char *charset, const unsigned char *head,
                                       size_t head_len, size_t *bom_len, const char **iconv_name);

/* Decodes the first bytes of an item (as the reader would) into out (at most
 * outcap - 1 bytes, NUL-terminated; a last incomplete character is dropped).
 * For probes, which see raw head bytes.  Returns the bytes written. */
size_t ls_charset_decode_head(const char *charset, const unsigned char *head, size_t head_len,
                              char *out, size_t outcap);

/* Appends in[0..len), encoded as MIME charset label says, to b as UTF-8 —
 * the conversion of the document extractors (mail parts and headers, RTF,
 * PDF), whose labels are often wrong:
 *   missing, utf-8, us-ascii, unknown-8bit, binary (and aliases): UTF-8, each
 *     byte outside a valid sequence read as CP1252 and counted;
 *   iso-8859-1, windows-1252 (and aliases), and any name glibc iconv does not
 *     know: CP1252 (undefined bytes become U+FFFD, not counted);
 *   any other name: iconv; an invalid or incomplete sequence costs one byte
 *     and becomes one U+FFFD, counted.
 * An RFC 2231 "*lang" suffix of the label is ignored.  invalid may be NULL.
 * Returns 0, or -1 when b reached its maximum (b->overflow is then set;
 * b holds what fitted, up to the last whole character or iconv step). */
int ls_charset_to_utf8(struct ls_strbuf *b, const char *label, const unsigned char *in, size_t len,
                       uint64_t *invalid);

/* --- code points --------------------------------------------------------- */

/* The Unicode code point of CP1252 byte b (ISO-8859-1 apart from
 * 0x80..0x9F); U+FFFD for the five bytes CP1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D). */
uint32_t ls_cp1252_decode(unsigned char b);

/* The UTF-8 sequence at s (avail bytes readable, at least 1): > 0 its length
 * when it is valid; 0 when it is a valid but incomplete prefix (more bytes
 * needed); < 0 when it is invalid, -n being the bytes to replace by one
 * U+FFFD (the maximal ill-formed subpart, as Unicode recommends).  Overlong
 * forms, surrogates (U+D800..U+DFFF) and values past U+10FFFF are invalid. */
int ls_utf8_check(const unsigned char *s, size_t avail);

/* The length of the valid UTF-8 sequence at s (as ls_utf8_check), or 0 when
 * it is invalid or cut short by avail. */
size_t ls_utf8_len(const unsigned char *s, size_t avail);

/* Appends the UTF-8 encoding of code point cp (U+FFFD for surrogates and
 * values past U+10FFFF) to out, which must have room for 4 bytes.  Returns the
 * bytes written.  Shared by the JSON, XML/HTML and SQL extractors. */
size_t ls_utf8_put(unsigned char *out, uint32_t cp);

/* The same appended to b (as ls_utf8_put).  Returns 0, or -1 when b is full
 * (nothing appended). */
int ls_utf8_append(struct ls_strbuf *b, uint32_t cp);

/* Length of the longest prefix of s[0..len) that does not end inside a UTF-8
 * sequence (for splitting long records on a character boundary). */
size_t ls_utf8_boundary(const char *s, size_t len);

#endif
