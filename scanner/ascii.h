/* ascii.h — locale-free ASCII character helpers shared by every stage.
 *
 * A leaf header (no other project header, no code to link): the extract
 * stage uses it to decode escapes (JSON \uXXXX, XML/HTML &#xHH;, PDF <hex>
 * strings, RTF \'hh, quoted-printable =HH) and the rule side to check
 * identifiers (IPv6 groups).  <ctype.h> is not used for these because its
 * answers depend on the locale and on the sign of char. */
#ifndef LS_ASCII_H
#define LS_ASCII_H

/* The value of the hexadecimal digit c ('0'-'9', 'a'-'f', 'A'-'F'): 0-15;
 * -1 for any other value, including EOF and negative chars. */
static inline int ls_hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
