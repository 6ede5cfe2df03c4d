/* test_extract_xml.c — XML records (repeated elements), attributes,
 * entities, hardening (entity expansion, external entities, depth), and the
 * HTML tag stripper. */
#include <stdio.h>

#include "extract_harness.h"

static void test_repeated_elements(void **state)
{
    (void)state;
    struct h_run *h =
        h_run(&ls_extractor_xml, "text/xml", "utf-8",
              "<?xml version=\"1.0\"?>\n<export date=\"2019-03-01\">\n<fines>\n"
              " <fine id=\"1\">\n  <naam>Jan &amp; An</naam>\n  <plaat>1-ABC-123</plaat>\n"
              " </fine>\n"
              " <fine id=\"2\"><naam>Piet</naam><plaat>2-XYZ-999</plaat>"
              "<adres><straat>Kerkstraat</straat></adres></fine>\n"
              " <fine id=\"3\"><naam>&#233;&#x20AC;</naam></fine>\n"
              "</fines>\n</export>\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->r[0].text, "id: 1\nnaam: Jan & An\nplaat: 1-ABC-123");
    assert_int_equal(h->r[0].ncol, 3);
    assert_string_equal(h->r[0].cols[0], "id");
    assert_string_equal(h->r[0].cols[1], "naam");
    assert_string_equal(h->r[0].fields[1], "Jan & An");
    assert_string_equal(h->r[0].fields[2], "1-ABC-123");
    assert_int_equal(h->r[0].line, 4);
    assert_string_equal(h->r[1].text, "id: 2\nnaam: Piet\nplaat: 2-XYZ-999\nstraat: Kerkstraat");
    assert_int_equal(h->r[1].line, 8);
    assert_string_equal(h->r[2].fields[1], "\xC3\xA9\xE2\x82\xAC");
    /* the root's own attribute, outside any record */
    assert_string_equal(h->r[3].text, "date: 2019-03-01");
    assert_int_equal(h->r[3].index, 3);
    h_free(h);
}

static void test_single_element_not_split(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_xml, "text/xml", "utf-8",
                            "<pv><nr>12</nr><dader><naam>X</naam></dader><tekst>Hij <b>zei</b> "
                            "iets</tekst></pv>");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "nr: 12\nnaam: X\ntekst: Hij\nb: zei\ntekst: iets");
    h_free(h);
}

static void test_encoding_declaration_overridden(void **state)
{
    (void)state;
    const char s[] = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a><b>M\xFCller \x80</b></a>";
    struct h_run *h =
        h_run_lim(&ls_extractor_xml, "text/xml", "iso-8859-1", s, sizeof s - 1, NULL, 0);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].fields[0], "M\xC3\xBCller \xE2\x82\xAC");
    h_free(h);
}

static void test_utf16_xml(void **state)
{
    (void)state;
    const char *t = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r><v>\xC3\xA9</v></r>";
    char s[256];
    size_t n = 0;
    s[n++] = (char)0xFF;
    s[n++] = (char)0xFE;
    for (const char *p = t; *p; p++) {
        if ((unsigned char)*p == 0xC3) { /* é as one UTF-16 unit */
            s[n++] = (char)0xE9;
            s[n++] = 0;
            p++;
            continue;
        }
        s[n++] = *p;
        s[n++] = 0;
    }
    struct h_run *h = h_run_lim(&ls_extractor_xml, "text/xml", "utf-16le", s, n, NULL, 0);
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 1);
    assert_string_equal(h->r[0].text, "v: \xC3\xA9");
    h_free(h);
}

static void test_billion_laughs_refused(void **state)
{
    (void)state;
    char s[4096];
    size_t n = (size_t)snprintf(s, sizeof s, "<!DOCTYPE l [<!ENTITY l0 \"lollollollollol\">");
    for (int i = 1; i <= 9; i++)
        n += (size_t)snprintf(
            s + n, sizeof s - n,
            "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;\">", i, i - 1, i - 1,
            i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    n += (size_t)snprintf(s + n, sizeof s - n, "]><a>&l9;</a>");
    struct h_run *h = h_run_lim(&ls_extractor_xml, "text/xml", "utf-8", s, n, NULL, 0);
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "xml:"));
    h_free(h);
}

static void test_external_entity_not_loaded(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_xml, "text/xml", "utf-8",
                            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                            "<x><y>a&e;b</y></x>");
    for (size_t i = 0; i < h->n; i++)
        assert_null(strstr(h->r[i].text, "root:"));
    h_free(h);
}

static void test_depth_limit_and_malformed(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_xml_depth = 8;
    const char *s = "<a><b><c><d><e><f><g><h><i><j>x</j></i></h></g></f></e></d></c></b></a>";
    struct h_run *h = h_run_lim(&ls_extractor_xml, "text/xml", "utf-8", s, strlen(s), &l, 0);
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "deeper than 8"));
    h_free(h);
    h = h_run(&ls_extractor_xml, "text/xml", "utf-8",
              "<r><row><a>1</a></row><row><a>2</a></row><row><a>3</a></wrong>");
    assert_int_equal(h->st, LS_EFAILED);
    assert_non_null(strstr(h->doc.reason, "mismatched tag"));
    assert_true(h->n >= 2);
    assert_string_equal(h->r[0].text, "a: 1");
    assert_string_equal(h->r[1].text, "a: 2");
    h_free(h);
}

static void test_html(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_html, "text/html", "utf-8",
                            "<!DOCTYPE html><html><head><title>PV 12</title>"
                            "<style>p { color: red }</style><script>var s = '<p>x</p>';</script>"
                            "</head><body>\n<p>Jan   Peeters,\n <b>Kerk</b>straat&nbsp;1 &amp; "
                            "caf&eacute; &#233;&#x41; &bogus; AT&T</p><!-- <p>hidden</p> -->"
                            "<table><tr><td>naam</td><td>1-ABC-123</td></tr>"
                            "<tr><td>x</td><td>y</td></tr></table>a < b<br>last");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 6);
    assert_string_equal(h->r[0].text, "PV 12");
    assert_string_equal(h->r[1].text, "Jan Peeters, Kerkstraat 1 & caf\xC3\xA9 \xC3\xA9"
                                      "A &bogus; AT&T");
    assert_int_equal(h->r[1].line, 2);
    assert_int_equal(h->r[1].ncol, 0);
    assert_string_equal(h->r[2].text, "naam\t1-ABC-123");
    assert_string_equal(h->r[3].text, "x\ty");
    assert_string_equal(h->r[4].text, "a < b");
    assert_string_equal(h->r[5].text, "last");
    h_free(h);
}

static void test_html_attributes(void **state)
{
    (void)state;
    struct h_run *h =
        h_run(&ls_extractor_html, "text/html", "utf-8",
              "<p>Contact: <a class=x href=\"mailto:jan.peeters@example.be\">mail</a> "
              "<a href='tel:+32470123456'>bel</a></p>"
              "<p title=\"Caf&eacute; &amp; co\"><img src=a.png alt=\"Foto J. Peeters\"/>"
              "<input name=rrn value=85073003328></p>");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text,
                        "Contact: mailto:jan.peeters@example.be mail tel:+32470123456 bel");
    assert_string_equal(h->r[1].text, "Caf\xC3\xA9 & co Foto J. Peeters 85073003328");
    h_free(h);
}

static void test_html_long_and_unterminated(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    char s[3000];
    memset(s, 'w', sizeof s);
    memcpy(s + 2980, "<b title=\"unterm", 16);
    struct h_run *h = h_run_lim(&ls_extractor_html, "text/html", "utf-8", s, 2996, &l, 0);
    assert_int_equal(h->st, LS_OK);
    size_t total = 0;
    for (size_t i = 0; i < h->n; i++) {
        assert_true(h->r[i].len <= 256);
        total += h->r[i].len;
    }
    /* the text, then the unterminated title's value after a space */
    assert_int_equal(total, 2980 + 7);
    assert_memory_equal(h->r[h->n - 1].text + h->r[h->n - 1].len - 6, "unterm", 6);
    h_free(h);
}

static void test_probes(void **state)
{
    (void)state;
    const unsigned char x[] = "<?xml version=\"1.0\"?><a/>", t[] = "\n<!DOCTYPE html><html>",
                        f[] = "<p>hello</p>";
    assert_int_equal(ls_extractor_xml.probe("text/xml", "us-ascii", x, sizeof x - 1, NULL), 80);
    assert_int_equal(ls_extractor_xml.probe("text/plain", "us-ascii", x, sizeof x - 1, NULL), 70);
    assert_int_equal(ls_extractor_xml.probe("text/plain", "us-ascii", t, sizeof t - 1, NULL), 0);
    assert_int_equal(ls_extractor_html.probe("text/html", "us-ascii", t, sizeof t - 1, NULL), 85);
    assert_int_equal(ls_extractor_html.probe("text/plain", "us-ascii", t, sizeof t - 1, NULL), 75);
    assert_int_equal(ls_extractor_html.probe("text/plain", "us-ascii", f, sizeof f - 1, NULL), 45);
    assert_int_equal(ls_extractor_xml.probe("text/plain", "us-ascii", f, sizeof f - 1, NULL), 40);
    assert_int_equal(ls_extractor_html.probe("text/plain", "us-ascii", x, sizeof x - 1, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeated_elements),
        cmocka_unit_test(test_single_element_not_split),
        cmocka_unit_test(test_encoding_declaration_overridden),
        cmocka_unit_test(test_utf16_xml),
        cmocka_unit_test(test_billion_laughs_refused),
        cmocka_unit_test(test_external_entity_not_loaded),
        cmocka_unit_test(test_depth_limit_and_malformed),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_attributes),
        cmocka_unit_test(test_html_long_and_unterminated),
        cmocka_unit_test(test_probes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
