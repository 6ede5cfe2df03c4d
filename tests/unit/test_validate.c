/* test_validate.c — table tests of every validator (validate.h) with the
 * worked examples of docs/identifiers.md and near misses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "match/validate.h"

struct vcase {
    const char *validator;
    const char *text;
    int expect;
};

static const struct vcase cases[] = {
    /* national register number */
    {"nn_be", "85.07.30-033.28", 1},
    {"nn_be", "85073003328", 1},
    {"nn_be", "85 07 30 033 28", 1},
    {"nn_be", "850730-033-28", 1},
    {"nn_be", "17.07.30-033.84", 1}, /* born 2017: '2' prefix */
    {"nn_be", "17.07.30-033.55", 1}, /* same digits, born 1917 */
    {"nn_be", "90.00.00-001.46", 1}, /* month and day 00 */
    {"nn_be", "85.07.30-033.29", 0},
    {"nn_be", "85.07.30-043.28", 0},
    {"nn_be", "58.07.30-033.28", 0}, /* transposition */
    {"nn_be", "85.07.30-033.2", 0},
    {"nn_be", "85.07.30-033.280", 0},
    {"nn_be", "85.07.30+033.28", 0},
    {"nn_be", "98.47.28-997.65", 0}, /* a BIS number */
    {"nn_be", "99.01.01-001.47", 0}, /* 2099: in the future */
    {"nn_be", "99.01.01-001.18", 1}, /* 1999 */
    {"nn_be", "25.01.01-001.45", 1}, /* 2025 */
    {"nn_be", "20.02.29-001.77", 1}, /* 2020-02-29 */
    {"nn_be", "19.02.29-001.56", 0}, /* 2019-02-29 does not exist */
    {"nn_be", "19.02.29-001.27", 0}, /* nor 1919-02-29 */
    {"nn_be", "84.02.29-001.34", 1},
    {"nn_be", "85.02.29-001.55", 0},
    {"nn_be", "00000000000", 0},
    {"nn_be", "", 0},
    /* BIS */
    {"bis_be", "98.47.28-997.65", 1},
    {"bis_be", "01.49.07-001.85", 1},
    {"bis_be", "98.47.28-997.66", 0},
    {"bis_be", "85.07.30-033.28", 0}, /* an NN */
    {"bis_be", "98.53.28-997.65", 0}, /* month 53 */
    {"nn_or_bis_be", "98.47.28-997.65", 1},
    {"nn_or_bis_be", "85.07.30-033.28", 1},
    {"nn_or_bis_be", "85.07.30-033.27", 0},
    /* mod 97 family */
    {"mod97_be", "591191706458", 1},
    {"mod97_be", "591-1917064-58", 1},
    {"mod97_be", "591191706459", 0},
    {"eid_be", "591-1917064-58", 1},
    {"eid_be", "591191706458", 1},
    {"eid_be", "591-1917064-59", 0},
    {"eid_be", "5911-917064-58", 0},
    {"bank_account_be", "591-1917064-58", 1},
    {"bank_account_be", "123-4567890-02", 1},
    {"bank_account_be", "123-4567890-03", 0},
    {"ogm_be", "+++010/8068/17183+++", 1},
    {"ogm_be", "+++123/4567/89002+++", 1},
    {"ogm_be", "***123/4567/89002***", 1},
    {"ogm_be", "+++ 123/4567/89002 +++", 1},
    {"ogm_be", "123/4567/89002", 1},
    {"ogm_be", "591191706458", 1},
    {"ogm_be", "+++123/4567/89003+++", 0},
    {"ogm_be", "+++123/4567/89002***", 0},
    {"ogm_be", "+++1234/567/89002+++", 0},
    {"ogm_be", "+++010/8068/17138+++", 0},
    /* enterprise */
    {"enterprise_be", "0403.019.261", 1},
    {"enterprise_be", "BE0403019261", 1},
    {"enterprise_be", "BE 0403.019.261", 1},
    {"enterprise_be", "be0403019261", 1},
    {"enterprise_be", "0403.019.262", 0},
    {"enterprise_be", "0403.091.261", 0},
    {"enterprise_be", "403.019.261", 0},  /* old 9-digit form: not taken */
    {"enterprise_be", "2403.019.261", 0}, /* first digit 0 or 1 */
    {"enterprise_be", "0470123456", 0},
    /* IBAN */
    {"iban", "BE32 1234 5678 9002", 1},
    {"iban", "BE34 6792 0036 2590", 1},
    {"iban", "BE32123456789002", 1},
    {"iban", "be32 1234 5678 9002", 1},
    {"iban", "BE33 1234 5678 9002", 0},
    {"iban", "BE32 1234 5678 9003", 0},
    {"iban", "BE32 1234 5678 900", 0},
    {"iban", "NL91ABNA0417164300", 1},
    {"iban", "NL91ABNA0417164301", 0},
    {"iban", "DE89 3704 0044 0532 0130 00", 1},
    {"iban", "FR14 2004 1010 0505 0001 3M02 606", 1},
    {"iban", "GB82 WEST 1234 5698 7654 32", 1},
    {"iban", "GB82 WEST 1234 5698 7654 3", 0},
    {"iban", "XX82 WEST 1234 5698 7654 32", 0},
    {"iban", "BE32/1234/5678/9002", 0},
    /* Luhn family */
    {"luhn", "79927398713", 1},
    {"luhn", "79927398710", 0},
    {"imei", "35-417803-685978-9", 1},
    {"imei", "354178036859789", 1},
    {"imei", "354178036859788", 0},
    {"imei", "35-417803-685987-9", 0},
    {"imei", "3541780368597801", 1}, /* IMEISV */
    {"imei", "35417803685978", 0},
    {"iccid", "89320012345678901233", 1},
    {"iccid", "89320012345678901234", 0},
    {"iccid", "79320012345678901233", 0},
    {"iccid", "8932 0012 3456 7890 1233", 1},
    {"imsi", "206011234567890", 1},
    {"imsi", "206101234567890", 1},
    {"imsi", "206201234567890", 1},
    {"imsi", "206991234567890", 0},
    {"imsi", "20601123456789", 0},
    {"imsi", "208011234567890", 1},
    {"imsi", "204081234567890", 1},
    {"imsi", "262011234567890", 1},
    {"imsi", "234151234567890", 1},
    {"imsi", "310260123456789", 0},
    {"payment_card", "4111 1111 1111 1111", 1},
    {"payment_card", "4111-1111-1111-1111", 1},
    {"payment_card", "4111 1111 1111 1112", 0},
    {"payment_card", "5555555555554444", 1},
    {"payment_card", "2223000048400011", 1},
    {"payment_card", "378282246310005", 1},
    {"payment_card", "67030000000000003", 1}, /* Bancontact */
    {"payment_card", "1234567812345670", 0},  /* Luhn ok, no IIN */
    {"payment_card", "411111111111", 0},
    /* Belgian plates */
    {"plate_be", "1-ABC-123", 1},
    {"plate_be", "1ABC123", 1},
    {"plate_be", "2-XYZ-999", 1},
    {"plate_be", "1 ABC 123", 1},
    {"plate_be", "1-ABO-123", 0},
    {"plate_be", "0-ABC-123", 0},
    {"plate_be", "1-abc-123", 0},
    {"plate_be", "1-ABC-1234", 0},
    {"plate_be", "ABC-123", 1},
    {"plate_be", "EUR-100", 1}, /* valid shape: context decides */
    {"plate_be", "ABI-123", 0},
    {"plate_be", "123-ABC", 1},
    {"plate_be", "123-ABQ", 0},
    {"plate_be", "Q-AAA-001", 1},
    {"plate_be", "M-ABC-123", 1},
    {"plate_be", "M-123-ABC", 1},
    {"plate_be", "O-ABC-123", 1},
    {"plate_be", "T-XAB-123", 1},
    {"plate_be", "T-LAB-123", 1},
    {"plate_be", "T-AAB-123", 0},
    {"plate_be", "S-AAA-123", 1},
    {"plate_be", "S-CAA-123", 0},
    {"plate_be", "G-ABC-123", 1},
    {"plate_be", "Z-ABC-123", 1},
    {"plate_be", "K-ABC-123", 0},
    {"plate_be", "1--ABC-123", 0},
    {"plate_be_personal", "JAN", 1},
    {"plate_be_personal", "MY-CAR-1", 1},
    {"plate_be_personal", "123", 0},
    {"plate_be_personal", "ABCDEFGHI", 0},
    /* Dutch plates */
    {"plate_nl", "AB-12-34", 1}, /* 1 */
    {"plate_nl", "12-34-AB", 1}, /* 2 */
    {"plate_nl", "12-AB-34", 1}, /* 3 */
    {"plate_nl", "GF-12-NB", 1}, /* 4 */
    {"plate_nl", "GA-12-NB", 0}, /* vowel since sidecode 4 */
    {"plate_nl", "GF-NB-12", 1}, /* 5 */
    {"plate_nl", "12-GF-NB", 1}, /* 6 */
    {"plate_nl", "12-BDF-3", 1}, /* 7 */
    {"plate_nl", "12-BCD-3", 0}, /* C */
    {"plate_nl", "4-TFX-12", 1}, /* 8 */
    {"plate_nl", "GB-123-D", 1}, /* 9 */
    {"plate_nl", "G-123-BB", 1}, /* 10 */
    {"plate_nl", "GBB-12-D", 1}, /* 11 */
    {"plate_nl", "1-KF-123", 1}, /* 13 */
    {"plate_nl", "1KF123", 1},
    {"plate_nl", "1-KQ-123", 0},
    {"plate_nl", "123-456", 0},
    /* French plates */
    {"plate_fr", "AB-123-CD", 1},
    {"plate_fr", "AB 123 CD", 1},
    {"plate_fr", "AI-123-CD", 0},
    {"plate_fr", "AB-123-CU", 0},
    {"plate_fr", "SS-123-AB", 0},
    {"plate_fr", "AB-123-SS", 0},
    {"plate_fr", "AB-000-CD", 0},
    {"plate_fr", "123 AB 01", 1},
    {"plate_fr", "123 AB 2A", 1},
    {"plate_fr", "1234 ABC 975", 1},
    {"plate_fr", "1234 ABC 977", 0},
    {"plate_fr", "123 AB 96", 0},
    {"plate_fr", "123 AB 00", 0},
    /* IP */
    {"ipv4", "1.2.3.4", 1},
    {"ipv4", "0.0.0.0", 1},
    {"ipv4", "255.255.255.255", 1},
    {"ipv4", "256.1.1.1", 0},
    {"ipv4", "192.168.001.1", 0},
    {"ipv4", "1.2.3", 0},
    {"ipv4", "1.2.3.4.5", 0},
    {"ipv4", "1.2.3.4 ", 0},
    {"ipv6", "::", 1},
    {"ipv6", "::1", 1},
    {"ipv6", "1::", 1},
    {"ipv6", "2001:db8::1", 1},
    {"ipv6", "2001:DB8:0:0:0:0:2:1", 1},
    {"ipv6", "1:2:3:4:5:6:7:8", 1},
    {"ipv6", "fe80::1%eth0", 1},
    {"ipv6", "::ffff:192.0.2.1", 1},
    {"ipv6", "64:ff9b::192.0.2.33", 1},
    {"ipv6", "1:2:3:4:5:6:7:8:9", 0},
    {"ipv6", "1:2:3:4:5:6:7", 0},
    {"ipv6", "1::2::3", 0},
    {"ipv6", "12345::", 0},
    {"ipv6", "::1.2.3.256", 0},
    {"ipv6", ":1::", 0},
    {"ipv6", "1:", 0},
    {"ipv6", "fe80::1%", 0},
    {"ipv6", "g::1", 0},
    /* dates */
    /* a 2000-2009 national number whose leading zeros a spreadsheet dropped */
    {"nn_be_unpadded", "3021404529", 1},  /* 03021404529 */
    {"nn_be_unpadded", "11512345", 1},    /* 00011512345: three zeros */
    {"nn_be_unpadded", "9070623744", 1},  /* 09070623744 */
    {"nn_be_unpadded", "3021404528", 0},  /* checksum */
    {"nn_be_unpadded", "03021404529", 0}, /* 11 digits: nn_be's */
    {"nn_be_unpadded", "0302140452", 0},  /* a leading zero: not dropped */
    {"nn_be_unpadded", "1234567", 0},     /* 7 digits */
    {"nn_be_unpadded", "9132012371", 0},  /* 09.13.20: month 13, checksum right */
    {"nn_be_unpadded", "3021404-529", 0}, /* separators: never a spreadsheet number */
    /* spreadsheet serial dates */
    {"excel_date", "31258", 1},
    {"excel_date", "10000", 1},
    {"excel_date", "54788", 1},
    {"excel_date", "54789", 0},
    {"excel_date", "9999", 0},
    {"excel_date", "31258.5", 0},
    {"date", "2019-03-04", 1},
    {"date", "04/03/2019", 1},
    {"date", "4.3.2019", 1},
    {"date", "29.02.2020", 1},
    {"date", "29.02.2019", 0},
    {"date", "31/04/2019", 0},
    {"date", "2019-13-01", 0},
    {"date", "1899-01-01", 0},
    {"date", "04-03/2019", 0},
    {"date", "00.03.2019", 0},
    /* VIN */
    {"vin", "1M8GDM9AXKP042788", 1},
    {"vin", "1M8GDM9A1KP042788", 0},
    {"vin", "WVWZZZ1JZ3W386752", 1},
    {"vin", "WVWZZZ1JZ3WABCDEF", 0},
    {"vin", "WVWZZZ1JZ3W38675", 0},
    {"vin", "WVWZZZ1JZ3O386752", 0},
    {"vin", "wvwzzz1jz3w386752", 0},
    /* e-mail */
    {"email", "jan.peeters@example.be", 1},
    {"email", "a@b.be", 1},
    {"email", "Jan.Peeters+leak@Police.Belgium.EU", 1},
    {"email", "jan@example.invalid", 0},
    {"email", "jan..p@example.be", 0},
    {"email", ".jan@example.be", 0},
    {"email", "jan@example", 0},
    {"email", "jan@-example.be", 0},
    {"email", "jan@example-.be", 0},
    {"email", "jan@@example.be", 0},
    /* phones */
    {"phone_be", "03/250.64.10", 1},
    {"phone_be", "+32 (0)3 250 64 10", 1},
    {"phone_be", "0032 3 250 64 10", 1},
    {"phone_be", "0470/12.34.56", 1},
    {"phone_be", "0032 (0)470 12 34 56", 1},
    {"phone_be", "32470123456", 1},
    {"phone_be", "+32470123456", 1},
    {"phone_be", "(03) 250 64 10", 1},
    {"phone_be", "0800 12 345", 1},
    {"phone_be", "070 12 34 56", 1},
    {"phone_be", "0470 12 34 5", 0},
    {"phone_be", "0440 12 34 56", 0},
    {"phone_be", "+31 20 123 4567", 0},
    {"phone_be", "0031 20 123 4567", 0},
    {"phone_be", "3247012345x", 0},
    /* GPS */
    {"gps", "50.8503, 4.3517", 1},
    {"gps", "50.8503 4.3517", 1},
    {"gps", "51,2194; 4,4025", 1},
    {"gps", "-33.8688, 151.2093", 1},
    {"gps", "50.85N 4.35E", 1},
    {"gps", "91.00, 4.35", 0},
    {"gps", "50.8503, 190.0000", 0},
    {"gps", "50.8503", 0},
    {"gps", "1.2.3.4", 0},
};

static void test_table(void **state)
{
    size_t failed = 0;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct ls_validator *v = ls_validator_find(cases[i].validator);
        int got;
        assert_non_null(v);
        got = v->fn(cases[i].text, strlen(cases[i].text));
        if (got != cases[i].expect) {
            print_error("%s(\"%s\") = %d, expected %d\n", cases[i].validator, cases[i].text, got,
                        cases[i].expect);
            failed++;
        }
    }
    print_message("%zu table cases\n", sizeof cases / sizeof cases[0]);
    assert_int_equal(failed, 0);
}

/* Every validator is reachable by its fixed name and refuses NULL/empty
 * input; unknown names give NULL. */
static void test_lookup(void **state)
{
    static const char *const names[] = {
        "nn_be",          "bis_be",        "nn_or_bis_be",
        "mod97_be",       "eid_be",        "bank_account_be",
        "ogm_be",         "enterprise_be", "iban",
        "luhn",           "imei",          "iccid",
        "imsi",           "payment_card",  "plate_be",
        "plate_nl",       "plate_fr",      "ipv4",
        "ipv6",           "date",          "vin",
        "email",          "phone_be",      "gps",
        "nn_be_unpadded", "excel_date",
    };
    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const struct ls_validator *v = ls_validator_find(names[i]);
        assert_non_null(v);
        assert_string_equal(v->name, names[i]);
        assert_non_null(v->summary);
        assert_int_equal(v->fn("", 0), 0);
        assert_int_equal(v->fn(NULL, 0), 0);
    }
    assert_null(ls_validator_find("no_such_validator"));
    assert_null(ls_validator_find(NULL));
}

/* Validators must not read past n: prefixes of valid values that continue
 * in memory, and every prefix of a mixed string (checked by ASan). */
static void test_bounds(void **state)
{
    static const char nn[] = "85.07.30-033.28";
    static const char ib[] = "BE32 1234 5678 9002";
    static const char junk[] = "+++12:3/4.5-6 7@8a.b%c(0)d,e;fBE32\xc3\xa9";
    (void)state;
    assert_int_equal(ls_valid_nn_be(nn, sizeof nn - 2), 0);
    assert_int_equal(ls_valid_iban(ib, sizeof ib - 2), 0);
    assert_int_equal(ls_valid_ipv4("1.2.3.45", 7), 1);
    assert_int_equal(ls_valid_ipv6("::1%eth0", 3), 1);
    for (const struct ls_validator *v = ls_validators; v->name; v++) {
        for (size_t n = 0; n < sizeof junk; n++) {
            char *copy = test_malloc(n + 1);
            memcpy(copy, junk, n);
            (void)v->fn(copy, n); /* exact-size heap block: ASan sees overreads */
            test_free(copy);
        }
    }
}

/* Random strings over the characters the validators care about, each in
 * an exact-size heap block (ASan/UBSan builds catch any overread). */
static void test_random_inputs(void **state)
{
    static const char alphabet[] = "0123456789012345678901234567890123456789ABCDEFXZ"
                                   "abefxz.-/ +:%@,;()*\xc3\xa9\xff";
    uint64_t x = 88172645463325252ULL;
    (void)state;
    for (int iter = 0; iter < 20000; iter++) {
        size_t n;
        char *buf;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        n = (size_t)(x % 40);
        buf = test_malloc(n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            buf[i] = alphabet[x % (sizeof alphabet - 1)];
        }
        for (const struct ls_validator *v = ls_validators; v->name; v++) {
            int r = v->fn(buf, n);
            assert_true(r == 0 || r == 1);
        }
        test_free(buf);
    }
}

/* The parse shared with normalize.c gives the right 16 bytes. */
static void test_postcode_be(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "Kapelstraat 128, 2070 Zwijndrecht", "Meir 2, 2000 Antwerpen",
        "Rue Haute 1, 1000 Bruxelles",       "Kirchstraße 5, 4700 Eupen",
        "Dorpsstraat 12 bus 3, 9000 Gent",   "Markt 1 9992 Middelburg"};
    static const char *const bad[] = {"Kerkstraat 12, 1234 Nergensdorp",
                                      "Rue Haute 1, 1001 Bruxelles",
                                      "Kerkstraat 12, 9999 Gent",
                                      "Kerkstraat 12, 0999 Nergens",
                                      "Kerkstraat 12, 2070",
                                      "Kerkstraat 12, 20700 Zwijndrecht",
                                      ""};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        assert_true(ls_valid_postcode_be(ok[i], strlen(ok[i])));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(ls_valid_postcode_be(bad[i], strlen(bad[i])));
    /* the list is sorted, distinct and Belgian */
    assert_true(ls_npostcodes_be > 1100);
    for (size_t i = 1; i < ls_npostcodes_be; i++)
        assert_true(ls_postcodes_be[i - 1] < ls_postcodes_be[i]);
    assert_int_equal(ls_postcodes_be[0], 1000);
    assert_true(ls_postcodes_be[ls_npostcodes_be - 1] <= 9992);
}

static void test_ipv6_bytes(void **state)
{
    unsigned char b[16];
    (void)state;
    assert_int_equal(ls_ipv6_parse("2001:db8::1", 11, b), 1);
    assert_int_equal(b[0], 0x20);
    assert_int_equal(b[1], 0x01);
    assert_int_equal(b[3], 0xb8);
    assert_int_equal(b[14], 0);
    assert_int_equal(b[15], 1);
    assert_int_equal(ls_ipv6_parse("::ffff:1.2.3.4", 14, b), 1);
    assert_int_equal(b[9], 0);
    assert_int_equal(b[10], 0xff);
    assert_int_equal(b[12], 1);
    assert_int_equal(b[15], 4);
    assert_int_equal(ls_ipv6_parse("1::", 3, b), 1);
    assert_int_equal(b[1], 1);
    assert_int_equal(b[15], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),      cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_bounds),     cmocka_unit_test(test_random_inputs),
        cmocka_unit_test(test_ipv6_bytes), cmocka_unit_test(test_postcode_be),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
