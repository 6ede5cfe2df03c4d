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
    printf("standalone: %zu seeds ok\n", sizeof seeds / sizeof seeds[0] + 1);
    return 0;
}

#endif
