/* termsafe.c — text made safe for a terminal (termsafe.h). */
#include "config.h"

#include "jsonw.h"
#include "report/termsafe.h"

/* The code point of a valid UTF-8 sequence of k (2 or 3) bytes. */
static unsigned utf8_cp(const unsigned char *p, size_t k)
{
    if (k == 2)
        return (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    return (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
}

/* Whether a valid UTF-8 sequence of k bytes is a character that changes how
 * the text around it is shown rather than showing itself: the bidirectional
 * controls (U+202E RIGHT-TO-LEFT OVERRIDE turns "cod.exe" around), the
 * zero-width and invisible formatting characters, the line and paragraph
 * separators and the byte order mark.  A terminal shows them as \uXXXX. */
static int is_format_char(const unsigned char *p, size_t k)
{
    unsigned cp;

    if (k != 2 && k != 3)
        return 0;
    cp = utf8_cp(p, k);
    return cp == 0x061C || cp == 0x00AD || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

void ls_term_safe(struct ls_strbuf *out, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7F) {
            ls_strbuf_printf(out, "\\x%02x", c);
            i++;
        } else if (c < 0x80) {
            if (c == '\\')
                ls_strbuf_putc(out, '\\');
            ls_strbuf_putc(out, (char)c);
            i++;
        } else if (ls_json_is_utf8((const char *)p + i, 2) && c == 0xC2 && p[i + 1] < 0xA0) {
            ls_strbuf_printf(out, "\\x%02x\\x%02x", p[i], p[i + 1]); /* C1 control */
            i += 2;
        } else {
            size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (k <= n - i && ls_json_is_utf8((const char *)p + i, k) && is_format_char(p + i, k)) {
                ls_strbuf_printf(out, "\\u%04x", utf8_cp(p + i, k)); /* bidi, invisible */
                i += k;
            } else if (k <= n - i && ls_json_is_utf8((const char *)p + i, k)) {
                ls_strbuf_append(out, p + i, k);
                i += k;
            } else {
                ls_strbuf_printf(out, "\\x%02x", c);
                i++;
            }
        }
    }
}
