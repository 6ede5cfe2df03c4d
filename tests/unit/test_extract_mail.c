/* test_extract_mail.c — .eml and mbox messages written in the test: MIME
 * multipart, base64 and quoted-printable, RFC 2047 headers, attachments
 * handed back as children. */
#include <stdio.h>

#include "extract_harness.h"

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
    assert_int_equal(h_probe(&ls_extractor_mail, "message/rfc822", "us-ascii", eml, "x.eml"), 85);
    assert_int_equal(h_probe(&ls_extractor_mail, "text/plain", "us-ascii", eml, "x.txt"), 80);
    struct h_run *h = h_run_doc_str(&ls_extractor_mail, eml, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h_str(h->r[0].part), "");
    const char *t = h->r[0].text;
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
    assert_int_equal(h->nchild, 2);
    assert_string_equal(h->c[0].name, "calls.csv");
    assert_string_equal(h->c[0].data, "nummer,tijd\n0475 12 34 56,2019-03-01\n");
    assert_string_equal(h->c[1].name, "part-3");
    assert_int_equal(h->c[1].len, 3);
    h_free(h);
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
    assert_int_equal(h_probe(&ls_extractor_mail, "text/plain", "us-ascii", mbox, "inbox"), 80);
    assert_int_equal(h_probe(&ls_extractor_mail, "application/mbox", "us-ascii", mbox, "inbox"),
                     85);
    struct h_run *h = h_run_doc_str(&ls_extractor_mail, mbox, NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_string_equal(h_str(h->r[0].part), "message 1");
    assert_string_equal(h_str(h->r[1].part), "message 2");
    assert_string_equal(h_str(h->r[2].part), "message 3");
    assert_non_null(strstr(h->r[0].text, "Subject: een\n"));
    assert_non_null(strstr(h->r[0].text, "eerste bericht"));
    assert_null(strstr(h->r[0].text, "Subject: twee"));
    assert_non_null(strstr(h->r[1].text, "Subject: twee\n"));
    assert_non_null(strstr(h->r[1].text, "tweede bericht"));
    assert_null(strstr(h->r[1].text, "a;b"));
    assert_non_null(strstr(h->r[2].text, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82"));
    assert_int_equal(h->nchild, 1);
    assert_string_equal(h->c[0].name, "2!/gespr\xc3\xa9kken.csv");
    assert_string_equal(h->c[0].data, "a;b");
    h_free(h);
}

static void test_limits_and_junk(void **state)
{
    (void)state;
    struct ls_limits lim;
    ls_limits_default(&lim);
    lim.max_attachments = 2;
    struct h_run *h = h_run_doc_str(&ls_extractor_mail, eml, &lim);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->nchild, 1); /* parts 1 (text) and 2 (csv); 3 and 4 over the limit */
    assert_non_null(strstr(h->doc.reason, "limit"));
    h_free(h);
    /* unterminated multipart, no blank line, deep nesting */
    h = h_run_doc_str(&ls_extractor_mail,
                      "Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: "
                      "multipart/mixed; boundary=q\n\n--q\n--q\n",
                      NULL);
    assert_int_equal(h->st, LS_OK);
    h_free(h);
    h = h_run_doc_str(&ls_extractor_mail, "Subject: only headers", NULL);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    h_free(h);
    h = h_run_doc_str(&ls_extractor_mail, "Subject: =?x?Q?broken", NULL);
    assert_int_equal(h->st, LS_OK);
    h_free(h);
    /* a small buffer limit cuts a big mbox message and goes on */
    static char big[20000];
    size_t o = (size_t)snprintf(big, sizeof big, "From a\nSubject: big\n\n");
    while (o < 15000)
        o += (size_t)snprintf(big + o, sizeof big - o, "regel met tekst\n");
    snprintf(big + o, sizeof big - o, "From b\nSubject: klein\n\nok\n");
    lim.max_buffer_bytes = 4096;
    h = h_run_doc_str(&ls_extractor_mail, big, &lim);
    assert_int_equal(h->st, LS_OK);
    assert_true(h->n >= 2);
    assert_non_null(strstr(h->r[h->n - 1].text, "Subject: klein"));
    assert_non_null(strstr(h->doc.reason, "partial"));
    h_free(h);
    assert_int_equal(
        h_probe(&ls_extractor_mail, "text/plain", "utf-8", "From here on\nwe talk", "x"), 0);
    assert_int_equal(h_probe(&ls_extractor_mail, "application/pdf", "binary", "Received: x", "x"),
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
