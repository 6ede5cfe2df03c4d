/* test_sink.c — unit tests of the JSON Lines sinks (scanner/sink.c).
 *
 * Lines from several threads arrive whole; a sink closed with
 * ls_sink_finish (the engine's way when workers were abandoned still
 * running) drops the lines handed over afterwards instead of writing to a
 * closed file, while a writer thread keeps going (the ThreadSanitizer run,
 * make check-tsan, checks the close is ordered with those writes); the
 * kept sink of --checkpoint: synced with its length, kept when closed
 * unfinished, cut back to a length and written on, renamed when done, and
 * refused when the kept file is gone or short. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sink.h"

static char dir[] = "/tmp/test_sink.XXXXXX";
static char path[64];

/* The file's lines: how many, and whether every one is "line N". */
static size_t count_lines(int *all_whole)
{
    FILE *f = fopen(path, "r");
    char buf[64];
    size_t n = 0;

    assert_non_null(f);
    *all_whole = 1;
    while (fgets(buf, sizeof buf, f)) {
        if (strncmp(buf, "line ", 5) != 0 || buf[strlen(buf) - 1] != '\n')
            *all_whole = 0;
        n++;
    }
    fclose(f);
    return n;
}

static void test_lines_then_finish(void **state)
{
    struct ls_sink *s;
    char err[256];
    int whole;

    (void)state;
    assert_int_equal(ls_sink_open(path, &s, err, sizeof err), LS_OK);
    ls_sink_line(s, "line 1", 6);
    ls_sink_line(s, "line 2", 6);
    assert_int_equal(ls_sink_finish(s, 1, err, sizeof err), LS_OK);
    assert_null(ls_sink_file(s));
    ls_sink_line(s, "line 3", 6); /* dropped: the file is closed */
    assert_int_equal(ls_sink_finish(s, 1, err, sizeof err), LS_OK);
    assert_int_equal(count_lines(&whole), 2);
    assert_true(whole);
    assert_int_equal(ls_sink_close(s, 1, err, sizeof err), LS_OK);
    assert_int_equal(count_lines(&whole), 2);
    unlink(path);
}

struct writer {
    struct ls_sink *s;
    _Atomic int stop;
    _Atomic unsigned written; /* calls made */
};

static void *writer_main(void *arg)
{
    struct writer *w = arg;

    while (!atomic_load(&w->stop)) {
        ls_sink_line(w->s, "line x", 6);
        atomic_fetch_add(&w->written, 1);
    }
    return NULL;
}

/* A thread still writing while the sink is finished: every line in the file
 * is whole, and the writes after the close go nowhere. */
static void test_finish_while_writing(void **state)
{
    struct writer w;
    pthread_t t;
    char err[256];
    size_t n1, n2;
    int whole;

    (void)state;
    memset(&w, 0, sizeof w);
    assert_int_equal(ls_sink_open(path, &w.s, err, sizeof err), LS_OK);
    assert_int_equal(pthread_create(&t, NULL, writer_main, &w), 0);
    while (atomic_load(&w.written) < 1000)
        usleep(1000);
    assert_int_equal(ls_sink_finish(w.s, 1, err, sizeof err), LS_OK);
    n1 = count_lines(&whole);
    assert_true(n1 >= 1000);
    assert_true(whole);
    usleep(20000); /* the writer goes on after the close */
    atomic_store(&w.stop, 1);
    pthread_join(t, NULL);
    n2 = count_lines(&whole);
    assert_int_equal(n1, n2);
    assert_true(atomic_load(&w.written) >= n2);
    assert_int_equal(ls_sink_close(w.s, 1, err, sizeof err), LS_OK);
    unlink(path);
}

static void read_file(const char *p, char *buf, size_t n)
{
    FILE *f = fopen(p, "r");
    size_t got;

    assert_non_null(f);
    got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
}

static void test_kept(void **state)
{
    struct ls_sink *s;
    char err[512], kept[96], buf[256];
    uint64_t off = 0;

    (void)state;
    snprintf(kept, sizeof kept, "%s/.inv.ckpt", dir);
    snprintf(path, sizeof path, "%s/inv", dir);
    assert_int_equal(ls_sink_open_kept(path, -1, &s, err, sizeof err), LS_OK);
    ls_sink_line(s, "line 1", 6);
    assert_int_equal(ls_sink_sync(s, &off), 0);
    assert_int_equal(off, 7);
    ls_sink_line(s, "line X", 6); /* after the checkpoint: cut on resume */
    assert_int_equal(ls_sink_close(s, -1, err, sizeof err), LS_OK);
    assert_int_equal(access(path, F_OK), -1); /* not at the path */
    read_file(kept, buf, sizeof buf);
    assert_string_equal(buf, "line 1\nline X\n");
    assert_int_equal(ls_sink_open_kept(path, 100, &s, err, sizeof err), LS_EUSAGE);
    assert_non_null(strstr(err, "shorter"));
    assert_int_equal(ls_sink_open_kept(path, (int64_t)off, &s, err, sizeof err), LS_OK);
    ls_sink_line(s, "line 2", 6);
    assert_int_equal(ls_sink_close(s, 1, err, sizeof err), LS_OK);
    read_file(path, buf, sizeof buf);
    assert_string_equal(buf, "line 1\nline 2\n");
    assert_int_equal(access(kept, F_OK), -1); /* renamed into place */
    assert_int_equal(ls_sink_open_kept(path, 0, &s, err, sizeof err), LS_EUSAGE); /* gone */
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_then_finish),
        cmocka_unit_test(test_finish_while_writing),
        cmocka_unit_test(test_kept),
    };
    int rc;

    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/lines.jsonl", dir);
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    return rc;
}
