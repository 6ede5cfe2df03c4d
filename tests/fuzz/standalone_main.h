/* standalone_main.h — the main() of an extractor fuzz target built without
 * libFuzzer (fuzz_harness.h includes it unless LS_LIBFUZZER is defined): it
 * runs the target over each file named on the command line (a corpus or a
 * crash to replay), or, with no arguments, over a built-in list of seeds
 * covering every text format, a few documents (PDF, RTF, mail) and the
 * malformed shapes the extractors must survive.  This is what `make check`
 * runs, so every fuzz target is also a regression test. */
#ifndef LS_FUZZ_STANDALONE_MAIN_H
#define LS_FUZZ_STANDALONE_MAIN_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const seeds[] = {
    "",
    "\n",
    "naam,plaat,tijd\r\nJan,1-ABC-123,2019-03-01\r\n\"An, B\",\"x\"\"y\",\r\n",
    "a;b;\"unterminated\n;c",
    "h1\th2\nv1\tv2\n\n\t\n",
    "[{\"naam\":\"Jan\",\"plaat\":\"1ABC123\",\"adres\":{\"straat\":\"K 1\",\"nr\":[1,2]}},{}]",
    "{\"a\":1}\n{\"a\":\"\\u00e9\\ud83d\\ude00\\ud800x\"}\n[1,2]\n",
    "{\"data\":[{\"id\":1},{\"id\":2}],\"meta\":{\"n\":2}}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"a\":\"\\",
    "{'a': 'b', c: tru, ,,]}}",
    "<?xml version=\"1.0\"?><fines><fine id=\"1\"><naam>Jan &amp; An</naam><plaat>1ABC123</plaat>"
    "</fine><fine id=\"2\"><naam>B</naam></fine></fines>",
    "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><a>&lol3;</a>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
    "<a><b><c><d><e><f><g><h><i><j><k><l><m><n><o><p><q><r><s><t><u><v><w><x><y><z>"
    "<a><b><c><d><e><f><g><h><i><j><k><l><m><n><o><p>deep</p></o></n></m></l></k>",
    "<html><head><title>PV</title><style>p{}</style><script>var a='<p>';</script></head>"
    "<body><p>Jan &eacute; &#233; &#x1F600; &bogus; &amp</p><br><div>x<td>y</td></div>"
    "<!-- comment <p> --><p title='a>b'>z</p></body></html>",
    "<p>unterminated <b attr=\"x",
    "-- MySQL dump 10.13\nCREATE TABLE `t` (\n  `id` int,\n  `naam` varchar(10),\n"
    "  PRIMARY KEY (`id`)\n);\nINSERT INTO `t` VALUES (1,'Jan\\'s','x'),(2,'An''s',NULL);\n",
    "INSERT INTO t (a,b) VALUES ('x', f(1,(2))), (-1.5e3, X'ab');\nUPDATE t SET a=1;\n",
    "INSERT INTO t VALUES ('unterminated",
    "COPY public.t (a, b) FROM stdin;\nx\ty\n\\N\tz\n\\.\n",
    "\xFF\xFE"
    "a\0,\0b\0\n\0"
    "1\0,\0\x00\xD8\n\0",
    "\xEF\xBB\xBF"
    "caf\xC3\xA9,\xE9\x80\x81\xC0\xAF\n",
    "\0\0\0\0\xFF\xFF\xFF",
    /* documents (the bytes after a NUL are cut off: no zip or image here) */
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] >> endobj\n"
    "3 0 obj << /Type /Page /Contents 4 0 R >> endobj\n"
    "4 0 obj << /Length 22 >> stream\nBT (Jan Peeters) Tj ET\nendstream endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n",
    "{\\rtf1\\ansi\\ansicpg1252 Naam: Jos\\'e9 {\\b Peeters}\\par \\u8364?5 {\\*\\fldinst x}}",
    "From a@b Fri Mar  1 10:22:33 2019\nFrom: =?utf-8?B?SsOpcsO0bWU=?= <a@b.be>\nSubject: x\n"
    "Content-Type: multipart/mixed; boundary=q\n\n--q\n"
    "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
    "Verd=E9chte=\n Jan\n--q\nContent-Disposition: attachment; filename=\"a.csv\"\n"
    "Content-Transfer-Encoding: base64\n\nYSxi\n--q--\n",
};

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return 1;
    }
    for (;;) {
        if (n == cap) {
            unsigned char *b = realloc(buf, cap * 2);
            if (!b)
                break;
            buf = b;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        if (k == 0)
            break;
        n += k;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

int main(int argc, char **argv)
{
    int bad = 0;
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            bad |= run_file(argv[i]);
        return bad;
    }
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        size_t n = strlen(seeds[i]);
        /* NUL-bearing seeds (UTF-16) are cut at the first NUL by strlen; run
         * them whole via the known tail too */
        LLVMFuzzerTestOneInput((const uint8_t *)seeds[i], n);
        /* every prefix of the seed, so that truncation at each byte is covered */
        for (size_t k = 0; k < n; k++)
            LLVMFuzzerTestOneInput((const uint8_t *)seeds[i], k);
    }
    /* seeds with NUL bytes, given with explicit lengths */
    static const unsigned char wide[] = "\xFF\xFE"
                                        "a\0,\0b\0\n\0"
                                        "1\0,\0\x00\xD8\n\0";
    for (size_t k = 0; k <= sizeof wide - 1; k++)
        LLVMFuzzerTestOneInput(wide, k);
    /* binary seeds (NUL bytes), given with explicit lengths: a PNG with
     * text chunks (one with a bad CRC) and XMP, a JPEG with XMP and a
     * comment; every prefix, as above */
    static const unsigned char png[] =
        "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
        "\x00\x01\x08\x00\x00\x00\x00\x3a\x7e\x9b\x55\x00\x00\x00\x0c\x74\x45\x58\x74\x43\x6f\x6d"
        "\x6d\x65\x6e\x74\x00\x50\x56\x20\x31\xc9\x3c\xf3\xc1\x00\x00\x00\x0d\x7a\x54\x58\x74\x4b"
        "\x00\x00\x78\x9c\xab\xaa\x02\x00\x01\x70\x00\xf5\xda\x19\xf5\x87\x00\x00\x00\x14\x69\x54"
        "\x58\x74\x4f\x70\x6d\x00\x01\x00\x6e\x6c\x00\x00\x78\x9c\xcb\xcc\x04\x00\x01\x3d\x00\xd3"
        "\x61\x6d\xcc\x40\x00\x00\x00\xeb\x69\x54\x58\x74\x58\x4d\x4c\x3a\x63\x6f\x6d\x2e\x61\x64"
        "\x6f\x62\x65\x2e\x78\x6d\x70\x00\x00\x00\x00\x00\x3c\x78\x3a\x78\x6d\x70\x6d\x65\x74\x61"
        "\x20\x78\x6d\x6c\x6e\x73\x3a\x78\x3d\x22\x61\x64\x6f\x62\x65\x3a\x6e\x73\x3a\x6d\x65\x74"
        "\x61\x2f\x22\x3e\x3c\x72\x64\x66\x3a\x52\x44\x46\x20\x78\x6d\x6c\x6e\x73\x3a\x72\x64\x66"
        "\x3d\x22\x72\x22\x3e\x3c\x72\x64\x66\x3a\x44\x65\x73\x63\x72\x69\x70\x74\x69\x6f\x6e\x20"
        "\x78\x6d\x6c\x6e\x73\x3a\x64\x63\x3d\x22\x64\x22\x20\x64\x63\x3a\x74\x69\x74\x6c\x65\x3d"
        "\x22\x54\x22\x3e\x3c\x64\x63\x3a\x64\x65\x73\x63\x72\x69\x70\x74\x69\x6f\x6e\x3e\x3c\x72"
        "\x64\x66\x3a\x41\x6c\x74\x3e\x3c\x72\x64\x66\x3a\x6c\x69\x3e\x50\x56\x3c\x2f\x72\x64\x66"
        "\x3a\x6c\x69\x3e\x3c\x2f\x72\x64\x66\x3a\x41\x6c\x74\x3e\x3c\x2f\x64\x63\x3a\x64\x65\x73"
        "\x63\x72\x69\x70\x74\x69\x6f\x6e\x3e\x3c\x2f\x72\x64\x66\x3a\x44\x65\x73\x63\x72\x69\x70"
        "\x74\x69\x6f\x6e\x3e\x3c\x2f\x72\x64\x66\x3a\x52\x44\x46\x3e\x3c\x2f\x78\x3a\x78\x6d\x70"
        "\x6d\x65\x74\x61\x3e\xd7\x30\x08\x51\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";
    static const unsigned char jpg[] =
        "\xff\xd8\xff\xe1\x00\xf4\x68\x74\x74\x70\x3a\x2f\x2f\x6e\x73\x2e\x61\x64\x6f\x62\x65\x2e"
        "\x63\x6f\x6d\x2f\x78\x61\x70\x2f\x31\x2e\x30\x2f\x00\x3c\x78\x3a\x78\x6d\x70\x6d\x65\x74"
        "\x61\x20\x78\x6d\x6c\x6e\x73\x3a\x78\x3d\x22\x61\x64\x6f\x62\x65\x3a\x6e\x73\x3a\x6d\x65"
        "\x74\x61\x2f\x22\x3e\x3c\x72\x64\x66\x3a\x52\x44\x46\x20\x78\x6d\x6c\x6e\x73\x3a\x72\x64"
        "\x66\x3d\x22\x72\x22\x3e\x3c\x72\x64\x66\x3a\x44\x65\x73\x63\x72\x69\x70\x74\x69\x6f\x6e"
        "\x20\x78\x6d\x6c\x6e\x73\x3a\x64\x63\x3d\x22\x64\x22\x20\x64\x63\x3a\x74\x69\x74\x6c\x65"
        "\x3d\x22\x54\x22\x3e\x3c\x64\x63\x3a\x64\x65\x73\x63\x72\x69\x70\x74\x69\x6f\x6e\x3e\x3c"
        "\x72\x64\x66\x3a\x41\x6c\x74\x3e\x3c\x72\x64\x66\x3a\x6c\x69\x3e\x50\x56\x3c\x2f\x72\x64"
        "\x66\x3a\x6c\x69\x3e\x3c\x2f\x72\x64\x66\x3a\x41\x6c\x74\x3e\x3c\x2f\x64\x63\x3a\x64\x65"
        "\x73\x63\x72\x69\x70\x74\x69\x6f\x6e\x3e\x3c\x2f\x72\x64\x66\x3a\x44\x65\x73\x63\x72\x69"
        "\x70\x74\x69\x6f\x6e\x3e\x3c\x2f\x72\x64\x66\x3a\x52\x44\x46\x3e\x3c\x2f\x78\x3a\x78\x6d"
        "\x70\x6d\x65\x74\x61\x3e\xff\xfe\x00\x05\x63\xe9\x6d\xff\xda\x00\x02\xff\xd9";
    for (size_t k = 0; k <= sizeof png - 1; k++)
        LLVMFuzzerTestOneInput(png, k);
    for (size_t k = 0; k <= sizeof jpg - 1; k++)
        LLVMFuzzerTestOneInput(jpg, k);
    printf("standalone: %zu seeds ok\n", sizeof seeds / sizeof seeds[0] + 3);
    return 0;
}

#endif
