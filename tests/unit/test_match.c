/* test_match.c — matching records: built-in rules, checksums, overlaps,
 * context, columns, keywords, record types, report sections, merge, findings
 * lines, PCRE2 limits and invalid UTF-8, folding. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "match/classify.h"
#include "match/match.h"
#include "match/rules.h"

static const unsigned char key[32] = {1, 2, 3};
static char err[1024];

struct got {
    struct ls_found f[64];
    char val[64][64];
    size_t n;
    const char *text;
};

static void hook(void *ud, const struct ls_found *f)
{
    struct got *g = ud;

    if (g->n < 64) {
        g->f[g->n] = *f;
        snprintf(g->val[g->n], sizeof g->val[0], "%.*s", (int)(f->end - f->start),
                 g->text + f->start);
        g->n++;
    }
}

/* Built-in packs (if builtin) plus an optional pack text. */
static struct ls_ruleset *ruleset(const char *extra, int builtin)
{
    struct ls_ruleset *rs = NULL;
    const struct ls_builtin_pack *b;

    assert_int_equal(ls_ruleset_new(&rs), LS_OK);
    if (builtin)
        for (b = ls_builtin_packs; b->name; b++)
            assert_int_equal(
                ls_ruleset_add_text(rs, b->name, b->text, strlen(b->text), 1, err, sizeof err),
                LS_OK);
    if (extra &&
        ls_ruleset_add_text(rs, "x.yaml", extra, strlen(extra), 0, err, sizeof err) != LS_OK)
        fail_msg("%s", err);
    assert_int_equal(ls_ruleset_finish(rs, err, sizeof err), LS_OK);
    return rs;
}

static struct ls_record rec_of(const char *text)
{
    struct ls_record r;

    memset(&r, 0, sizeof r);
    r.text = text;
    r.len = strlen(text);
    r.line = 1;
    return r;
}

/* Runs one record through a fresh matcher; findings (before the confidence filter) in g. */
static void run(const struct ls_ruleset *rs, const struct ls_record *rec, struct got *g)
{
    struct ls_config cfg;
    struct ls_matcher *m = NULL;

    ls_config_default(&cfg);
    memset(g, 0, sizeof *g);
    g->text = rec->text;
    assert_int_equal(ls_matcher_new(rs, &cfg, key, NULL, &m), LS_OK);
    ls_matcher_set_hook(m, hook, g);
    ls_matcher_item_begin(m, "t");
    assert_int_equal(ls_matcher_record(m, rec), LS_OK);
    ls_matcher_item_end(m, NULL, NULL);
    ls_matcher_free(m);
}

static const struct ls_found *find(const struct got *g, const char *cat, const char *val)
{
    size_t i;

    for (i = 0; i < g->n; i++)
        if (!strcmp(g->f[i].category, cat) && (!val || !strcmp(g->val[i], val)))
            return &g->f[i];
    return NULL;
}

static size_t count(const struct got *g, const char *cat)
{
    size_t i, n = 0;

    for (i = 0; i < g->n; i++)
        n += !strcmp(g->f[i].category, cat);
    return n;
}

static void test_builtin_values(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    struct ls_record r =
        rec_of("Verdachte: RRN 85.07.30-033.28, mail jan.peeters@telenet.be, "
               "rekening BE68 5390 0754 7034, wagen 1-ABC-123; bis 98.47.28-997.65");
    struct got g;
    const struct ls_found *f;

    (void)state;
    run(rs, &r, &g);
    assert_non_null(f = find(&g, "national_register_number_be", "85.07.30-033.28"));
    assert_int_equal(f->conf, LS_CONF_HIGH);
    assert_string_equal(f->rule, "be.nn");
    assert_non_null(find(&g, "email", "jan.peeters@telenet.be"));
    assert_non_null(find(&g, "iban", "BE68 5390 0754 7034"));
    assert_non_null(f = find(&g, "vehicle_plate_be", "1-ABC-123"));
    assert_int_equal(f->conf, LS_CONF_MEDIUM);
    assert_non_null(f = find(&g, "bis_number_be", "98.47.28-997.65"));
    assert_int_equal(f->conf, LS_CONF_HIGH);
    assert_int_equal(count(&g, "vehicle_plate_be"), 1); /* not also ABC-123 */
    assert_int_equal(count(&g, "national_register_number_be"), 1);
    assert_int_equal(count(&g, "criminal_offence"), 1); /* "Verdachte" */
    ls_ruleset_free(rs);
}

static void test_checksum_and_shapes(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    struct ls_record r = rec_of("85.07.30-033.29 BE68 5390 0754 7035 185.07.30-033.28 EUR-100");
    struct got g;
    const struct ls_found *f;

    (void)state;
    run(rs, &r, &g);
    assert_null(find(&g, "national_register_number_be", NULL));
    assert_null(find(&g, "iban", NULL));
    assert_non_null(f = find(&g, "vehicle_plate_be", "EUR-100"));
    assert_int_equal(f->conf, LS_CONF_LOW); /* old series without context */
    ls_ruleset_free(rs);
}

static const char overlap_pack[] =
    "pack: {name: o, version: \"1\"}\n"
    "rules:\n"
    "  - {id: o.short, category: o.short, pattern: 'ab'}\n"
    "  - {id: o.long, category: o.long, pattern: 'abc'}\n"
    "  - {id: o.valid, category: o.valid, pattern: '[0-9]{11}', validate: luhn}\n"
    "  - {id: o.digits, category: o.digits, pattern: '[0-9]{11} ?zz'}\n"
    "  - {id: o.first, category: o.first, pattern: 'xy', confidence: medium}\n"
    "  - {id: o.second, category: o.second, pattern: 'xy', confidence: medium}\n"
    "  - {id: o.conf, category: o.conf, pattern: 'xy', confidence: high}\n"
    "  - {id: o.ogm, category: payment_reference_be, pattern: "
    "'\\+\\+\\+(?<value>[0-9]{3}/[0-9]{4}/[0-9]{5})\\+\\+\\+', validate: ogm_be}\n"
    "  - {id: o.eid, category: eid_card_number_be, pattern: "
    "'[0-9]{3}/?[0-9]{4}/?[0-9]{3}[0-9]{2}'}\n";

static void test_overlaps(void **state)
{
    struct ls_ruleset *rs = ruleset(overlap_pack, 0);
    struct ls_record r1 =
        rec_of("zz ab zz abc zz xy zz +++010/8068/17183+++ 79927398713 zz 79927398710 zz");
    struct got g;

    (void)state;
    run(rs, &r1, &g);
    /* "ab" alone: short; "abc": the longer wins */
    assert_non_null(find(&g, "o.short", "ab"));
    assert_non_null(find(&g, "o.long", "abc"));
    assert_int_equal(count(&g, "o.short"), 1);
    assert_int_equal(count(&g, "o.long"), 1);
    /* a validated checksum beats a longer unvalidated span; a failed one is no candidate */
    assert_non_null(find(&g, "o.valid", "79927398713"));
    assert_null(find(&g, "o.digits", "79927398713 zz"));
    assert_non_null(find(&g, "o.digits", "79927398710 zz"));
    /* same span: higher confidence beats rule order */
    assert_non_null(find(&g, "o.conf", "xy"));
    assert_null(find(&g, "o.first", NULL));
    assert_null(find(&g, "o.second", NULL));
    /* an OGM is not also an eID */
    assert_non_null(find(&g, "payment_reference_be", "010/8068/17183"));
    assert_null(find(&g, "eid_card_number_be", NULL));
    ls_ruleset_free(rs);
}

static void test_rule_order(void **state)
{
    struct ls_ruleset *rs = ruleset("pack: {name: o, version: \"1\"}\nrules:\n"
                                    "  - {id: o.first, category: o.first, pattern: 'xy'}\n"
                                    "  - {id: o.second, category: o.second, pattern: 'xy'}\n",
                                    0);
    struct ls_record r = rec_of("xy");
    struct got g;

    (void)state;
    run(rs, &r, &g);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.f[0].rule, "o.first");
    ls_ruleset_free(rs);
}

/* A rule made caseless inside its pattern ((?i), (?i:…)) is not skipped by
 * the start-byte check on text of the other case, nor on the non-ASCII
 * case partners of k and s (U+212A KELVIN SIGN, U+017F LONG S). */
static void test_inline_caseless(void **state)
{
    struct ls_ruleset *rs =
        ruleset("pack: {name: o, version: \"1\"}\nrules:\n"
                "  - {id: o.pv, category: o.pv, pattern: '(?i)proces-verbaal'}\n"
                "  - {id: o.k, category: o.k, pattern: '(?i:kennwort)'}\n"
                "  - {id: o.s, category: o.s, pattern: '(?xi)sleutel'}\n"
                "  - {id: o.off, category: o.off, pattern: '(?-i)abc'}\n",
                0);
    struct ls_record r1 = rec_of("PROCES-VERBAAL NR 12");
    struct ls_record r2 = rec_of("\xe2\x84\xaa"
                                 "ENNWORT: x");                /* KELVIN SIGN + ENNWORT */
    struct ls_record r3 = rec_of("\xc5\xbfLEUTEL 7, ABC abc"); /* LONG S + LEUTEL */
    struct got g;

    (void)state;
    run(rs, &r1, &g);
    assert_non_null(find(&g, "o.pv", "PROCES-VERBAAL"));
    run(rs, &r2, &g);
    assert_non_null(find(&g, "o.k",
                         "\xe2\x84\xaa"
                         "ENNWORT"));
    run(rs, &r3, &g);
    assert_non_null(find(&g, "o.s", "\xc5\xbfLEUTEL"));
    assert_int_equal(count(&g, "o.off"), 1);
    ls_ruleset_free(rs);
}

static void test_context(void **state)
{
    struct ls_ruleset *rs = ruleset("pack: {name: c, version: \"1\"}\nrules:\n"
                                    "  - id: c.id\n    category: c.id\n    pattern: 'K[0-9]{4}'\n"
                                    "    confidence: low\n    context_confidence: high\n"
                                    "    context: {words: {fr: [numéro de dossier], nl: "
                                    "[dossier*]}, window: 20, side: before}\n"
                                    "    negative_context: {words: [voorbeeld], window: 15}\n",
                                    0);
    struct ls_record r1 = rec_of("NUMERO DE DOSSIER: K1234"), r2 = rec_of("dossiernummer K1234"),
                     r3 = rec_of("K1234 dossier"), r4 = rec_of("dossier ................... K1234"),
                     r5 = rec_of("Dossiers K1234 (voorbeeld)"), r6 = rec_of("xdossier K1234");
    struct got g;

    (void)state;
    run(rs, &r1, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_HIGH); /* accents, case, phrase */
    run(rs, &r2, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_HIGH); /* prefix word */
    run(rs, &r3, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_LOW); /* before only */
    run(rs, &r4, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_LOW); /* out of the window */
    run(rs, &r5, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_MEDIUM); /* negative: one down */
    run(rs, &r6, &g);
    assert_int_equal(find(&g, "c.id", "K1234")->conf, LS_CONF_LOW); /* whole words only */
    ls_ruleset_free(rs);
}

static void test_columns(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    static const char *const cols[] = {"Naam verdachte", "Rijksregisternummer", "Adres",
                                       "Opmerking", "Code"};
    static const char text[] = "Jan Peeters,85073003328,,zie 85073003328,85073003328";
    static const size_t off[] = {0, 12, 24, 25, 41}, len[] = {11, 11, 0, 15, 11};
    struct ls_record r = rec_of(text);
    struct got g;
    const struct ls_found *f;
    size_t i, plain_high = 0, plain_low = 0, plain_medium = 0;

    (void)state;
    r.ncolumns = 5;
    r.columns = cols;
    r.field_off = off;
    r.field_len = len;
    run(rs, &r, &g);
    assert_non_null(f = find(&g, "person_name", "Jan Peeters"));
    assert_int_equal(f->conf, LS_CONF_MEDIUM);
    assert_string_equal(f->rule, "be.name.value");
    assert_null(find(&g, "address_be", NULL)); /* empty field */
    for (i = 0; i < g.n; i++)
        if (!strcmp(g.f[i].category, "national_register_number_be")) {
            if (g.f[i].start == 12)
                plain_high += g.f[i].conf == LS_CONF_HIGH;
            else if (g.f[i].start == 29)
                plain_low += g.f[i].conf == LS_CONF_LOW;
            else if (g.f[i].start == 41)
                plain_medium += g.f[i].conf == LS_CONF_MEDIUM;
        }
    assert_int_equal(plain_high, 1);   /* in the identifier column */
    assert_int_equal(plain_low, 1);    /* inside a remark: plain digits stay low */
    assert_int_equal(plain_medium, 1); /* all of a field: a strong id on its own */
    ls_ruleset_free(rs);
}

static void test_keywords(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    struct ls_record r =
        rec_of("De MINDERJARIGE werd naar het Ziekenhuis gebracht; deux mineurs, "
               "une mineure. Minority report. Medisch  attest. Le procès-verbal, la lésion.");
    struct got g;

    (void)state;
    run(rs, &r, &g);
    assert_int_equal(count(&g, "special_minor"), 3);
    assert_int_equal(count(&g, "special_health"), 3);
    assert_non_null(find(&g, "special_health", "Medisch  attest"));
    assert_non_null(find(&g, "special_health", "lésion"));
    assert_non_null(find(&g, "criminal_offence", "procès-verbal"));
    ls_ruleset_free(rs);
}

static void test_record_types_and_report(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    static const char *const cols[] = {"kenteken", "datum", "camera"};
    static const char text[] = "1-ABC-123;2019-03-01 10:22:01;CAM-17";
    static const size_t off[] = {0, 10, 30}, len[] = {9, 19, 6};
    struct ls_record r = rec_of(text), r2 = rec_of("1-ABC-123 op 2018-12-31 gezien");
    struct ls_config cfg;
    struct ls_matcher *m = NULL;
    struct ls_strbuf b;
    struct ls_jsonw w;

    (void)state;
    r.ncolumns = 3;
    r.columns = cols;
    r.field_off = off;
    r.field_len = len;
    ls_config_default(&cfg);
    assert_int_equal(ls_matcher_new(rs, &cfg, key, NULL, &m), LS_OK);
    ls_matcher_item_begin(m, "anpr.csv");
    assert_int_equal(ls_matcher_record(m, &r), LS_OK);
    assert_int_equal(ls_matcher_record(m, &r2), LS_OK); /* no camera: not an ANPR record */
    ls_strbuf_init(&b, 1 << 20);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_obj_begin(&w);
    assert_int_equal(ls_matcher_item_end(m, &w, NULL), 2);
    ls_jsonw_obj_end(&w);
    assert_string_equal(b.data, "{\"findings\":{\"vehicle_plate_be\":2}}");
    ls_strbuf_reset(&b);
    ls_jsonw_init(&w, &b, 0);
    ls_jsonw_obj_begin(&w);
    ls_matcher_report_json(m, &w);
    ls_jsonw_obj_end(&w);
    assert_non_null(strstr(
        b.data, "\"vehicle_plate_be\":{\"findings\":2,\"unique\":1,\"files\":1,\"records\":2,"
                "\"gdpr\":\"personal\",\"confidence\":{\"high\":1,\"medium\":1,\"low\":0}}"));
    assert_non_null(strstr(b.data, "\"records\":{\"anpr_record\":{\"count\":1,\"files\":1}}"));
    assert_non_null(strstr(
        b.data,
        "\"first\":\"2018-12-31\",\"last\":\"2019-03-01\",\"by_year\":{\"2018\":1,\"2019\":1}"));
    assert_non_null(strstr(b.data, "\"gdpr_classes\":[\"personal\",\"location\"]"));
    /* The ANPR example of docs/report.md: DPC 3 x EI 0.75 + CB 1.0 = 3.25, high */
    assert_non_null(strstr(b.data, "\"score\":3.25,\"level\":\"high\",\"dpc\":3"));
    ls_strbuf_reset(&b);
    ls_matcher_report_text(m, &b);
    assert_non_null(strstr(b.data, "anpr_record"));
    ls_strbuf_free(&b);
    ls_matcher_free(m);
    ls_ruleset_free(rs);
}

static void test_merge(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    struct ls_config cfg;
    struct ls_matcher *a = NULL, *b = NULL;
    struct ls_record r1 = rec_of("jan@telenet.be"), r2 = rec_of("JAN@telenet.be piet@skynet.be");
    struct ls_strbuf s;
    struct ls_jsonw w;

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_matcher_new(rs, &cfg, key, NULL, &a), LS_OK);
    assert_int_equal(ls_matcher_new(rs, &cfg, key, NULL, &b), LS_OK);
    ls_matcher_item_begin(a, "a");
    ls_matcher_record(a, &r1);
    ls_matcher_item_end(a, NULL, NULL);
    ls_matcher_item_begin(b, "b");
    ls_matcher_record(b, &r2);
    ls_matcher_item_end(b, NULL, NULL);
    assert_int_equal(ls_matcher_merge(a, b), LS_OK);
    ls_matcher_free(b);
    ls_strbuf_init(&s, 1 << 20);
    ls_jsonw_init(&w, &s, 0);
    ls_jsonw_obj_begin(&w);
    ls_matcher_report_json(a, &w);
    ls_jsonw_obj_end(&w);
    /* normalize: lower, so jan@ is one distinct value across both workers */
    assert_non_null(
        strstr(s.data, "\"email\":{\"findings\":3,\"unique\":2,\"files\":2,\"records\":2,"));
    assert_non_null(strstr(
        s.data, "\"data_subjects\":{\"estimate\":2,\"basis\":\"distinct e-mail addresses\"}"));
    ls_strbuf_free(&s);
    ls_matcher_free(a);
    ls_ruleset_free(rs);
}

static void test_findings_lines(void **state)
{
    struct ls_ruleset *rs = ruleset(NULL, 1);
    struct ls_config cfg;
    struct ls_matcher *m = NULL;
    struct ls_sink *sink = NULL;
    struct ls_record r = rec_of("eerste regel\nRRN 85.07.30-033.28\n");
    char path[] = "/tmp/ls_test_findings_XXXXXX", buf[4096], *nl;
    int fd = mkstemp(path);
    FILE *f;
    size_t n;

    (void)state;
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    r.index = 4;
    r.line = 7;
    r.offset = 1000;
    ls_config_default(&cfg);
    assert_int_equal(ls_sink_open(path, &sink, err, sizeof err), LS_OK);
    assert_int_equal(ls_matcher_new(rs, &cfg, key, sink, &m), LS_OK);
    ls_matcher_item_begin(m, "leak.zip!/a.txt");
    ls_matcher_record(m, &r);
    ls_matcher_item_end(m, NULL, NULL);
    cfg.reveal = 1;
    ls_matcher_item_begin(m, "b.txt");
    ls_matcher_record(m, &r);
    ls_matcher_item_end(m, NULL, NULL);
    ls_matcher_free(m);
    assert_int_equal(ls_sink_close(sink, 1, err, sizeof err), LS_OK);
    f = fopen(path, "r");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    assert_non_null(strstr(
        buf, "{\"path\":\"leak.zip!/a.txt\",\"category\":\"national_register_number_be\","
             "\"rule\":\"be.nn\",\"record\":4,\"line\":8,\"offset\":1017,\"confidence\":\"high\","
             "\"masked\":\""));
    assert_non_null(strstr(buf, "\"fingerprint\":\""));
    assert_null(strstr(buf, "033.28\",\"fingerprint")); /* masked, not the value */
    nl = strchr(buf, '\n');
    assert_non_null(nl);
    *nl = '\0'; /* the first line (a.txt, no --reveal) has no value */
    assert_null(strstr(buf, "\"value\""));
    assert_non_null(strstr(nl + 1, "\"path\":\"b.txt\""));
    assert_non_null(strstr(nl + 1, "\"value\":\"85.07.30-033.28\"}"));
    ls_ruleset_free(rs);
}

static void test_limits_and_bad_utf8(void **state)
{
    struct ls_ruleset *rs =
        ruleset("pack: {name: l, version: \"1\"}\nrules:\n"
                "  - {id: l.slow, category: l.slow, pattern: '(?:a|aa)*(?:a|aa)*c'}\n",
                1);
    struct ls_config cfg;
    struct ls_matcher *m = NULL;
    char text[200];
    struct ls_record r;
    const char *note = NULL;
    struct got g;

    (void)state;
    memset(text, 'a', 60);
    strcpy(text + 60, " \xff\xfe\xc3 jan@telenet.be c \xe2\x82");
    r = rec_of(text);
    ls_config_default(&cfg);
    cfg.limits.pcre2_match_limit = 1000;
    memset(&g, 0, sizeof g);
    g.text = text;
    assert_int_equal(ls_matcher_new(rs, &cfg, key, NULL, &m), LS_OK);
    ls_matcher_set_hook(m, hook, &g);
    ls_matcher_item_begin(m, "slow");
    assert_int_equal(ls_matcher_record(m, &r), LS_OK);
    ls_matcher_item_end(m, NULL, &note);
    assert_non_null(note);
    assert_non_null(strstr(note, "limit"));
    assert_non_null(find(&g, "email", "jan@telenet.be")); /* matching went on, past bad bytes */
    ls_matcher_item_begin(m, "next");
    ls_matcher_item_end(m, NULL, &note);
    assert_null(note);
    ls_matcher_free(m);
    ls_ruleset_free(rs);
}

static void test_fold(void **state)
{
    static const char s[] = "Numéro ÉTÉ Straße Œuvre\xc2\xa0x";
    struct ls_fold f = {0};
    struct ls_toks t = {0};

    (void)state;
    assert_int_equal(ls_fold_text(&f, s, strlen(s)), 0);
    assert_string_equal(f.buf, "numero ete strasse oeuvre x");
    assert_int_equal(ls_tokenize(&t, f.buf, f.len), 0);
    assert_int_equal(t.n, 5);
    assert_int_equal(ls_fold_orig(&f, 7), 8); /* 'e' of ÉTÉ sits at byte 8 of the original */
    assert_false(f.identity);
    assert_int_equal(ls_fold_pos(&f, 8), 7);
    assert_int_equal(ls_fold_text(&f, "AbC-1", 5), 0); /* ASCII: no map */
    assert_true(f.identity);
    assert_string_equal(f.buf, "abc-1");
    assert_int_equal(ls_fold_orig(&f, 3), 3);
    assert_int_equal(ls_fold_pos(&f, 9), 5);
    ls_fold_free(&f);
    ls_toks_free(&t);
}

static void test_no_ruleset(void **state)
{
    struct ls_config cfg;
    struct ls_matcher *m = (struct ls_matcher *)1;
    const char *note = "x";

    (void)state;
    ls_config_default(&cfg);
    assert_int_equal(ls_matcher_new(NULL, &cfg, key, NULL, &m), LS_OK);
    assert_null(m);
    ls_matcher_item_begin(m, "x");
    assert_int_equal(ls_matcher_item_end(m, NULL, &note), 0);
    assert_null(note);
    ls_matcher_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_values),
        cmocka_unit_test(test_checksum_and_shapes),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_rule_order),
        cmocka_unit_test(test_inline_caseless),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_record_types_and_report),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_findings_lines),
        cmocka_unit_test(test_limits_and_bad_utf8),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_no_ruleset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
