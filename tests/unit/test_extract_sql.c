/* test_extract_sql.c — SQL dumps: INSERT tuples as records, column lists,
 * CREATE TABLE columns, escapes, COPY, other statements ignored. */
#include <stdio.h>

#include "extract_harness.h"

static void test_insert_with_columns(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_sql, "text/plain", "utf-8",
                            "-- a dump\nUPDATE x SET a = 'INSERT INTO y VALUES (1)';\n"
                            "INSERT INTO `pv` (`naam`, plaat, boete) VALUES\n"
                            "('Jan O''Neil', '1-ABC-123', 58.50),\n"
                            "('An\\'s \\\\ x', NULL, -1.5e3), ('', 'x', CONCAT('a', 'b'));\n"
                            "DELETE FROM pv;\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_int_equal(h->r[0].ncol, 3);
    assert_string_equal(h->r[0].cols[0], "naam");
    assert_string_equal(h->r[0].cols[2], "boete");
    assert_string_equal(h->r[0].fields[0], "Jan O'Neil");
    assert_string_equal(h->r[0].fields[2], "58.50");
    assert_string_equal(h->r[0].text, "Jan O'Neil\t1-ABC-123\t58.50");
    assert_int_equal(h->r[0].line, 4);
    assert_string_equal(h->r[1].fields[0], "An's \\ x");
    assert_string_equal(h->r[1].fields[1], "");
    assert_string_equal(h->r[1].fields[2], "-1.5e3");
    assert_int_equal(h->r[1].line, 5);
    assert_string_equal(h->r[2].fields[1], "x");
    assert_string_equal(h->r[2].fields[2], "CONCAT(a,b)");
    assert_int_equal(h->r[2].index, 2);
    h_free(h);
}

static void test_mysqldump_create_table(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_sql, "text/plain", "utf-8",
                            "-- MySQL dump 10.13\n/*!40101 SET NAMES utf8 */;\n"
                            "CREATE TABLE `boetes` (\n  `id` int(11) NOT NULL,\n"
                            "  `rijksregisternummer` varchar(15) DEFAULT NULL,\n"
                            "  PRIMARY KEY (`id`),\n  KEY `r` (`rijksregisternummer`)\n"
                            ") ENGINE=InnoDB;\n"
                            "LOCK TABLES `boetes` WRITE;\n"
                            "INSERT INTO `boetes` VALUES (1,'85.07.30-033.61'),(2,_binary 'x');\n"
                            "UNLOCK TABLES;\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_int_equal(h->r[0].ncol, 2);
    assert_string_equal(h->r[0].cols[0], "id");
    assert_string_equal(h->r[0].cols[1], "rijksregisternummer");
    assert_string_equal(h->r[0].fields[1], "85.07.30-033.61");
    assert_string_equal(h->r[1].fields[1], "x");
    h_free(h);
}

static void test_no_columns_known(void **state)
{
    (void)state;
    struct h_run *h =
        h_run(&ls_extractor_sql, "text/plain", "utf-8", "insert into t values ('a',1);");
    assert_int_equal(h->n, 1);
    assert_int_equal(h->r[0].ncol, 2);
    assert_null(h->r[0].cols[0]);
    assert_string_equal(h->r[0].text, "a\t1");
    h_free(h);
}

static void test_postgres_copy_and_standard_strings(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_sql, "text/plain", "utf-8",
                            "--\n-- PostgreSQL database dump\n--\n"
                            "SET standard_conforming_strings = on;\n"
                            "COPY public.pv (id, naam, plaat) FROM stdin;\n"
                            "1\tJan\t1-ABC-123\n2\t\\N\tC:\\\\x\n\\.\n"
                            "INSERT INTO pv VALUES (3, 'C:\\dir', 'x');\n");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 3);
    assert_string_equal(h->r[0].cols[1], "naam");
    assert_string_equal(h->r[0].fields[1], "Jan");
    assert_int_equal(h->r[0].line, 6);
    assert_string_equal(h->r[1].fields[1], "");
    assert_string_equal(h->r[1].fields[2], "C:\\x");
    assert_string_equal(h->r[2].fields[1], "C:\\dir");
    h_free(h);
}

static void test_unterminated_and_garbage(void **state)
{
    (void)state;
    struct h_run *h = h_run(&ls_extractor_sql, "text/plain", "utf-8",
                            ")))(((;;; INSERT INTO t VALUES ('ok'), ('cut");
    assert_int_equal(h->st, LS_OK);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].text, "ok");
    assert_string_equal(h->r[1].text, "cut");
    h_free(h);
}

static void test_long_tuple_split(void **state)
{
    (void)state;
    struct ls_limits l;
    ls_limits_default(&l);
    l.max_record_bytes = 256;
    char s[4096];
    size_t n = (size_t)snprintf(s, sizeof s, "INSERT INTO t (a, b, c) VALUES ('");
    memset(s + n, 'x', 200);
    n += 200;
    n += (size_t)snprintf(s + n, sizeof s - n, "', '");
    memset(s + n, 'y', 200);
    n += 200;
    n += (size_t)snprintf(s + n, sizeof s - n, "', 'z');");
    struct h_run *h = h_run_lim(&ls_extractor_sql, "text/plain", "utf-8", s, n, &l, 0);
    assert_int_equal(h->n, 2);
    assert_string_equal(h->r[0].cols[0], "a");
    assert_int_equal(h->r[1].ncol, 2);
    assert_string_equal(h->r[1].cols[0], "b");
    assert_string_equal(h->r[1].cols[1], "c");
    assert_string_equal(h->r[1].fields[1], "z");
    h_free(h);
}

static void test_probe(void **state)
{
    (void)state;
    const char *a = "-- MySQL dump 10.13  Distrib\n", *b = "\n-- x\n\nINSERT INTO t VALUES (1);",
               *c = "name,insert into\n";
    assert_int_equal(h_probe(&ls_extractor_sql, "text/plain", "us-ascii", a, "d.sql"), 65);
    assert_int_equal(h_probe(&ls_extractor_sql, "text/plain", "us-ascii", b, NULL), 60);
    assert_int_equal(h_probe(&ls_extractor_sql, "text/plain", "us-ascii", c, NULL), 0);
    assert_int_equal(ls_extractor_sql.probe("application/x-sql", NULL, NULL, 0, NULL), 80);
    assert_int_equal(h_probe(&ls_extractor_sql, "text/plain", "us-ascii", a, "x.SQL"), 65);
    assert_int_equal(h_probe(&ls_extractor_sql, "text/plain", "us-ascii", c, "x.sql"), 30);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_with_columns),
        cmocka_unit_test(test_mysqldump_create_table),
        cmocka_unit_test(test_no_columns_known),
        cmocka_unit_test(test_postgres_copy_and_standard_strings),
        cmocka_unit_test(test_unterminated_and_garbage),
        cmocka_unit_test(test_long_tuple_split),
        cmocka_unit_test(test_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
