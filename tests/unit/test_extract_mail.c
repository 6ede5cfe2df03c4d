/* test_extract_mail.c — .eml and mbox messages written in the test: MIME
 * multipart, base64 and quoted-printable, RFC 2047 headers, attachments
 * handed back as children. */
#define _GNU_SOURCE 1
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extractors.h"

#define MAX 16

struct got {
    size_t n, nchild;
    char *text[MAX];
    char part[MAX][64];
    char cname[MAX][128];
    char *cdata[MAX];
    size_t clen[MAX];
};

static ls_status on_rec(void *ud, const struct ls_record *r)
{
    struct got *g = ud;
    if (g->n == MAX)
        return LS_OK;
    g->text[g->n] = strndup(r->text, r->len);
    snprintf(g->part[g->n], 64, "%s", r->part ? r->part : "");
    g->n++;
    return LS_OK;
}

static ls_status on_child(void *ud, const char *name, const unsigned char *d, size_t n)
{
    struct got *g = ud;
    if (g->nchild == MAX)
        return LS_OK;
    snprintf(g->cname[g->nchild], 128, "%s", name);
    g->cdata[g->nchild] = strndup((const char *)d, n);
    g->clen[g->nchild] = n;
    g->nchild++;
    return LS_OK;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->text[i]);
    for (size_t i = 0; i < g->nchild; i++)
        free(g->cdata[i]);
    memset(g, 0, sizeof *g);
}

static unsigned char head[LS_SNIFF_BYTES];

static ls_status run(const char *data, struct got *g, struct ls_doc *doc, const struct ls_limits *l)
{
    static struct ls_input in;
    static struct ls_limits lim;
    memset(g, 0, sizeof *g);
    memset(doc, 0, sizeof *doc);
    ls_limits_default(&lim);
    ls_input_from_memory(&in, (const unsigned char *)data, strlen(data), head);
    ls_input_prime(&in);
    doc->in = &in;
    doc->limits = l ? l : &lim;
    doc->on_record = on_rec;
    doc->on_child = on_child;
    doc->ud = g;
    return ls_extractor_mail.run(doc);
}

static const char eml[] =
    "Return-Path: <agent@politie.be>\r\n"
    "From: =?utf-8?B?SsOpcsO0bWU=?= Janssens <agent@politie.be>\r\n"
    "To: parket@just.fgov.be,\r\n"
    "  griffie@just.fgov.be\r\n"
    "Subject: =?iso-8859-1?Q?Proc=E8s-verbaal?= =?utf-8?Q?_nr_42?= dringend\r\n"
    "Date: Fri, 1 Mar 2019 10:22:33 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"==outer==\"\r\n"
    "\r\n"
    "This is a multi-part message in MIME format.\r\n"
    "--==outer==\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "Verd=E9chte: Jan Peeters, RRN 85.07.30-03=\r\n"
    "3.28\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>HTML copy</p>\r\n"
    "--inner--\r\n"
    "--==outer==\r\n"
    "Content-Type: text/csv; name=\"ignored.csv\"\r\n"
    "Content-Disposition: attachment; filename=\"../../calls.csv\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "bnVtbWVyLHRpamQKMDQ3NSAxMiAzNCA1NiwyMDE5LTAzLTAxCg==\r\n"
    "--==outer==\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAEC\r\n"
    "--==outer==\r\n"
    "Content-Type: text/html; charset=windows-1252\r\n"
    "\r\n"
    "<html><style>p{color:red}</style><body>Tel&eacute;foon&nbsp;0475&#32;12 <b>34</b> 56<br>\x80 "
    "5</body></html>\r\n"
    "--==outer==--\r\n"
    "epilogue\r\n";

static void test_eml(void **state)
{
    (void)state;
    struct got g;
    struct ls_doc doc;
    assert_int_equal(ls_extractor_mail.probe("message/rfc822", "us-ascii",
                                             (const unsigned char *)eml, strlen(eml), "x.eml"),
                     85);
    assert_int_equal(ls_extractor_mail.probe("text/plain", "us-ascii", (const unsigned char *)eml,
                                             strlen(eml), "x.txt"),
                     80);
    assert_int_equal(run(eml, &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.part[0], "");
    const char *t = g.text[0];
    assert_non_null(strstr(t, "From: J\xc3\xa9r\xc3\xb4me Janssens <agent@politie.be>\n"));
    assert_non_null(strstr(t, "To: parket@just.fgov.be, griffie@just.fgov.be\n"));
    assert_non_null(strstr(t, "Subject: Proc\xc3\xa8s-verbaal nr 42 dringend\n"));
    assert_non_null(strstr(t, "Date: Fri, 1 Mar 2019 10:22:33 +0100\n"));
    assert_non_null(strstr(t, "Verd\xc3\xa9"
                              "chte: Jan Peeters, RRN 85.07.30-033.28"));
    assert_null(strstr(t, "HTML copy"));
    assert_null(strstr(t, "color"));
    assert_non_null(strstr(t, "Tel\xc3\xa9"
                              "foon 0475 12 34 56\n\xe2\x82\xac 5"));
    assert_null(strstr(t, "multi-part message"));
    assert_int_equal(g.nchild, 2);
    assert_string_equal(g.cname[0], "calls.csv");
    assert_string_equal(g.cdata[0], "nummer,tijd\n0475 12 34 56,2019-03-01\n");
    assert_string_equal(g.cname[1], "part-3");
    assert_int_equal(g.clen[1], 3);
    got_free(&g);
}

static const char mbox[] = "From agent@politie.be Fri Mar  1 10:22:33 2019\n"
                           "From: a@b.be\n"
                           "Subject: een\n"
                           "\n"
                           "eerste bericht\n"
                           ">From here on quoted\n"
                           "\n"
                           "From x@y Sat Mar  2 10:22:33 2019\n"
                           "From: c@d.be\n"
                           "Subject: =?UTF-8?B?dHdlZQ==?=\n"
                           "Content-Type: multipart/mixed; boundary=b\n"
                           "\n"
                           "--b\n"
                           "\n"
                           "tweede bericht\n"
                           "--b\n"
                           "Content-Type: text/csv\n"
                           "Content-Disposition: attachment; filename*=utf-8''gespr%C3%A9kken.csv\n"
                           "\n"
                           "a;b\n"
                           "--b--\n"
                           "\n"
                           "From z@y Sun Mar  3 10:22:33 2019\n"
                           "Subject: drie\n"
                           "Content-Type: text/plain; charset=\"koi8-r\"\n"
                           "\n"
                           "\xf0\xd2\xc9\xd7\xc5\xd4\n";

static void test_mbox(void **state)
{
    (void)state;
    struct got g;
    struct ls_doc doc;
    assert_int_equal(ls_extractor_mail.probe("text/plain", "us-ascii", (const unsigned char *)mbox,
                                             strlen(mbox), "inbox"),
                     80);
    assert_int_equal(ls_extractor_mail.probe("application/mbox", "us-ascii",
                                             (const unsigned char *)mbox, strlen(mbox), "inbox"),
                     85);
    assert_int_equal(run(mbox, &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.part[0], "message 1");
    assert_string_equal(g.part[1], "message 2");
    assert_string_equal(g.part[2], "message 3");
    assert_non_null(strstr(g.text[0], "Subject: een\n"));
    assert_non_null(strstr(g.text[0], "eerste bericht"));
    assert_null(strstr(g.text[0], "Subject: twee"));
    assert_non_null(strstr(g.text[1], "Subject: twee\n"));
    assert_non_null(strstr(g.text[1], "tweede bericht"));
    assert_null(strstr(g.text[1], "a;b"));
    assert_non_null(strstr(g.text[2], "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
    assert_int_equal(g.nchild, 1);
    assert_string_equal(g.cname[0], "2!/gespr\xc3\xa9kken.csv");
    assert_string_equal(g.cdata[0], "a;b");
    got_free(&g);
}

static void test_limits_and_junk(void **state)
{
    (void)state;
    struct got g;
    struct ls_doc doc;
    struct ls_limits lim;
    ls_limits_default(&lim);
    lim.max_attachments = 2;
    assert_int_equal(run(eml, &g, &doc, &lim), LS_OK);
    assert_int_equal(g.nchild, 1); /* parts 1 (text) and 2 (csv); 3 and 4 over the limit */
    assert_non_null(strstr(doc.reason, "limit"));
    got_free(&g);
    /* unterminated multipart, no blank line, deep nesting */
    assert_int_equal(run("Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: "
                         "multipart/mixed; boundary=q\n\n--q\n--q\n",
                         &g, &doc, NULL),
                     LS_OK);
    got_free(&g);
    assert_int_equal(run("Subject: only headers", &g, &doc, NULL), LS_OK);
    assert_int_equal(g.n, 1);
    got_free(&g);
    assert_int_equal(run("Subject: =?x?Q?broken", &g, &doc, NULL), LS_OK);
    got_free(&g);
    /* a small buffer limit cuts a big mbox message and goes on */
    static char big[20000];
    size_t o = (size_t)snprintf(big, sizeof big, "From a\nSubject: big\n\n");
    while (o < 15000)
        o += (size_t)snprintf(big + o, sizeof big - o, "regel met tekst\n");
    snprintf(big + o, sizeof big - o, "From b\nSubject: klein\n\nok\n");
    lim.max_buffer_bytes = 4096;
    assert_int_equal(run(big, &g, &doc, &lim), LS_OK);
    assert_true(g.n >= 2);
    assert_non_null(strstr(g.text[g.n - 1], "Subject: klein"));
    assert_non_null(strstr(doc.reason, "partial"));
    got_free(&g);
    assert_int_equal(ls_extractor_mail.probe("text/plain", "utf-8",
                                             (const unsigned char *)"From here on\nwe talk", 20,
                                             "x"),
                     0);
    assert_int_equal(ls_extractor_mail.probe("application/pdf", "binary",
                                             (const unsigned char *)"Received: x", 11, "x"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eml),
        cmocka_unit_test(test_mbox),
        cmocka_unit_test(test_limits_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
