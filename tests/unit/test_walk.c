/* test_walk.c — unit tests of the walk stage (scanner/walk.c) on a temporary
 * tree made by each test.
 *
 * Entries come in name order; symlinks are notes unless following is asked
 * for, and then loops end with "already visited"; a FIFO is reported and
 * never opened (an alarm turns a hang into a failure); an unreadable
 * directory is a failed note (not checkable as root). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "walk.h"

/* What the walk reported, one line per callback, paths relative to root. */
struct log {
    const char *root;
    size_t root_len;
    char text[8192];
    size_t len;
};

static void add(struct log *l, const char *line)
{
    size_t n = strlen(line);

    assert_true(l->len + n + 1 < sizeof l->text);
    memcpy(l->text + l->len, line, n);
    l->len += n;
    l->text[l->len++] = '\n';
    l->text[l->len] = '\0';
}

static const char *rel(struct log *l, const char *path, size_t path_len, char *buf, size_t n)
{
    assert_int_equal(strlen(path), path_len); /* NUL-terminated at path_len */
    if (path_len >= l->root_len && memcmp(path, l->root, l->root_len) == 0) {
        if (path_len == l->root_len)
            snprintf(buf, n, ".");
        else if (path[l->root_len] == '/')
            snprintf(buf, n, "%s", path + l->root_len + 1);
        else
            snprintf(buf, n, "%s", path);
    } else {
        snprintf(buf, n, "%s", path);
    }
    return buf;
}

static void on_file(void *ud, const char *path, size_t path_len)
{
    struct log *l = ud;
    char b[512], line[600];

    snprintf(line, sizeof line, "F %s", rel(l, path, path_len, b, sizeof b));
    add(l, line);
}

static void on_note(void *ud, const char *path, size_t path_len, const char *type,
                    enum ls_outcome outcome, const char *reason)
{
    struct log *l = ud;
    char b[512], line[800];

    snprintf(line, sizeof line, "N %s %s %s %s", rel(l, path, path_len, b, sizeof b), type,
             outcome == LS_SKIPPED  ? "skipped"
             : outcome == LS_FAILED ? "failed"
                                    : "scanned",
             reason);
    add(l, line);
}

static void walk(const char *root, size_t strip, int follow, struct log *l)
{
    _Atomic uint64_t nfiles = 0, nbytes = 0;
    struct ls_walk_cb cb = {l, on_file, on_note, NULL, NULL, NULL, 0, &nfiles, &nbytes};
    const char *p;
    uint64_t files = 0;

    memset(l, 0, sizeof *l);
    l->root = root;
    l->root_len = strip;
    assert_int_equal(ls_walk(root, follow, &cb), LS_OK);
    /* the progress line's counter: one per file handed to file() */
    for (p = l->text; (p = strstr(p, "F ")) != NULL; p++)
        files += p == l->text || p[-1] == '\n';
    assert_int_equal(atomic_load(&nfiles), files);
    if (files == 0)
        assert_int_equal(atomic_load(&nbytes), 0);
}

/* --- the temporary tree --------------------------------------------------- */

static char tmpl[64];

static void sub(const char *dir, const char *name, char *out, size_t n)
{
    int k = snprintf(out, n, "%s/%s", dir, name);

    assert_true(k > 0 && (size_t)k < n);
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[256];
    FILE *f;

    sub(dir, name, p, sizeof p);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void on_alarm(int sig)
{
    static const char msg[] = "test_walk: timed out (something opened a FIFO?)\n";

    (void)sig;
    if (write(2, msg, sizeof msg - 1) < 0) {
        /* nothing more to do */
    }
    _exit(1);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
        return rmdir(path) == 0 || errno == ENOENT ? 0 : -1;
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpl, sizeof tmpl, "/tmp/ls-test-walk-XXXXXX");
    if (!mkdtemp(tmpl))
        return -1;
    signal(SIGALRM, on_alarm);
    alarm(5);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    alarm(0);
    return nftw(tmpl, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* root/ with files out of order, a subdirectory, a symlink to it and to a
 * file, and a FIFO. */
static void make_tree(char *root, size_t n)
{
    char p[256], q[256];

    sub(tmpl, "t", root, n);
    assert_int_equal(mkdir(root, 0755), 0);
    put(root, "b.txt", "b\n");
    put(root, "a.txt", "a\n");
    put(root, "B.txt", "B\n");
    sub(root, "c", p, sizeof p);
    assert_int_equal(mkdir(p, 0755), 0);
    put(p, "z.txt", "z\n");
    put(p, "y.txt", "y\n");
    sub(root, "d", q, sizeof q);
    assert_int_equal(symlink("c", q), 0);
    sub(root, "l.txt", q, sizeof q);
    assert_int_equal(symlink("a.txt", q), 0);
    sub(root, "fifo", q, sizeof q);
    assert_int_equal(mkfifo(q, 0644), 0);
    sub(root, "gone", q, sizeof q);
    assert_int_equal(symlink("does-not-exist", q), 0);
}

static void test_sorted_symlinks_skipped(void **state)
{
    char root[256];
    struct log l;

    (void)state;
    make_tree(root, sizeof root);
    walk(root, strlen(root), 0, &l);
    assert_string_equal(l.text, "F B.txt\n"
                                "F a.txt\n"
                                "F b.txt\n"
                                "F c/y.txt\n"
                                "F c/z.txt\n"
                                "N d inode/symlink skipped symlink\n"
                                "N fifo inode/fifo skipped fifo\n"
                                "N gone inode/symlink skipped symlink\n"
                                "N l.txt inode/symlink skipped symlink\n");
}

static void test_follow(void **state)
{
    char root[256];
    struct log l;

    (void)state;
    make_tree(root, sizeof root);
    walk(root, strlen(root), 1, &l);
    /* d is c again and l.txt is a.txt again: each is visited once. */
    assert_string_equal(l.text, "F B.txt\n"
                                "F a.txt\n"
                                "F b.txt\n"
                                "F c/y.txt\n"
                                "F c/z.txt\n"
                                "N d inode/directory skipped already visited\n"
                                "N fifo inode/fifo skipped fifo\n"
                                "N gone inode/symlink skipped broken symlink\n"
                                "N l.txt unknown skipped already visited\n");
}

static void test_follow_symlink_first_in_order(void **state)
{
    char root[256], p[256], q[256];
    struct log l;

    (void)state;
    /* "a" -> "z": the link comes first, so the files are found through it
     * and the real directory is the one "already visited". */
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    sub(root, "z", p, sizeof p);
    assert_int_equal(mkdir(p, 0755), 0);
    put(p, "f", "f\n");
    sub(root, "a", q, sizeof q);
    assert_int_equal(symlink("z", q), 0);
    walk(root, strlen(root), 1, &l);
    assert_string_equal(l.text, "F a/f\n"
                                "N z inode/directory skipped already visited\n");
}

static void test_loop_ends(void **state)
{
    char root[256], p[256], q[256];
    struct log l;

    (void)state;
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    sub(root, "sub", p, sizeof p);
    assert_int_equal(mkdir(p, 0755), 0);
    sub(p, "a", q, sizeof q);
    assert_int_equal(symlink("..", q), 0); /* sub/a -> .. is the root again */
    put(p, "f.txt", "f\n");
    sub(root, "self", q, sizeof q);
    assert_int_equal(symlink("self", q), 0); /* a link to itself */

    walk(root, strlen(root), 1, &l);
    assert_string_equal(l.text, "N self inode/symlink skipped symlink loop\n"
                                "N sub/a inode/directory skipped already visited\n"
                                "F sub/f.txt\n");
    walk(root, strlen(root), 0, &l);
    assert_string_equal(l.text, "N self inode/symlink skipped symlink\n"
                                "N sub/a inode/symlink skipped symlink\n"
                                "F sub/f.txt\n");
}

static void test_fifo_never_opened(void **state)
{
    char root[256], p[256];
    struct log l;
    int fd;

    (void)state;
    /* A FIFO as the root itself and inside a directory.  Opening one for
     * reading would block forever (no writer): the alarm fails the test. */
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    sub(root, "p", p, sizeof p);
    assert_int_equal(mkfifo(p, 0600), 0);
    walk(p, strlen(root), 0, &l);
    assert_string_equal(l.text, "N p inode/fifo skipped fifo\n");
    walk(p, strlen(root), 1, &l);
    assert_string_equal(l.text, "N p inode/fifo skipped fifo\n");
    walk(root, strlen(root), 1, &l);
    assert_string_equal(l.text, "N p inode/fifo skipped fifo\n");
    /* Nobody is holding it open: a non-blocking writer finds no reader. */
    fd = open(p, O_WRONLY | O_NONBLOCK);
    assert_int_equal(fd, -1);
    assert_int_equal(errno, ENXIO);
}

static void test_roots(void **state)
{
    char root[256], p[256], q[256];
    struct log l;

    (void)state;
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    put(root, "x", "x\n");
    sub(root, "x", p, sizeof p);

    /* A file as the root. */
    walk(p, strlen(root), 0, &l);
    assert_string_equal(l.text, "F x\n");

    /* A trailing slash is dropped, so paths have no "//". */
    assert_true(snprintf(q, sizeof q, "%s//", root) < (int)sizeof q);
    walk(q, strlen(root), 0, &l);
    assert_string_equal(l.text, "F x\n");

    /* A symlink named as the root is followed (like find -H), even without
     * following symlinks inside the tree. */
    sub(tmpl, "link", q, sizeof q);
    assert_int_equal(symlink(root, q), 0);
    walk(q, strlen(q), 0, &l);
    assert_string_equal(l.text, "F x\n");

    /* A root that does not exist is a failed note, not an error. */
    sub(tmpl, "nope", q, sizeof q);
    walk(q, strlen(tmpl), 0, &l);
    assert_string_equal(l.text, "N nope unknown failed No such file or directory\n");
}

static void test_empty_dir(void **state)
{
    char root[256];
    struct log l;

    (void)state;
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    walk(root, strlen(root), 0, &l);
    assert_string_equal(l.text, "");
}

/* As root, runs the walk in a child that has dropped to nobody; returns 0
 * when that cannot be done (then the check is skipped). */
static int walk_as_nobody(const char *root, struct log *l)
{
    int fds[2], status;
    pid_t pid;
    ssize_t n;
    size_t got = 0;

    if (pipe(fds) != 0)
        return 0;
    pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        close(fds[0]);
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(3);
        if (access(root, R_OK | X_OK) != 0) /* e.g. a private TMPDIR above it */
            _exit(3);
        {
            struct ls_walk_cb cb = {l, on_file, on_note, NULL, NULL, NULL, 0, NULL, NULL};
            memset(l, 0, sizeof *l);
            l->root = root;
            l->root_len = strlen(root);
            if (ls_walk(root, 0, &cb) != LS_OK)
                _exit(4);
        }
        if (write(fds[1], l->text, l->len) != (ssize_t)l->len)
            _exit(5);
        _exit(0);
    }
    close(fds[1]);
    memset(l, 0, sizeof *l);
    while ((n = read(fds[0], l->text + got, sizeof l->text - 1 - got)) > 0)
        got += (size_t)n;
    close(fds[0]);
    l->text[got] = '\0';
    l->len = got;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
        return 0;
    return WEXITSTATUS(status) == 0;
}

static void test_unreadable_dir(void **state)
{
    char root[256], p[256];
    struct log l;

    (void)state;
    sub(tmpl, "t", root, sizeof root);
    assert_int_equal(mkdir(root, 0755), 0);
    sub(root, "locked", p, sizeof p);
    assert_int_equal(mkdir(p, 0755), 0);
    put(p, "secret", "s\n");
    put(root, "open.txt", "o\n");
    assert_int_equal(chmod(p, 0), 0);
    if (geteuid() != 0) {
        walk(root, strlen(root), 0, &l);
    } else {
        /* Root reads a mode-0 directory anyway: check that the walk goes on,
         * then try again as nobody (the temporary directory is 0700). */
        walk(root, strlen(root), 0, &l);
        assert_string_equal(l.text, "F locked/secret\nF open.txt\n");
        assert_int_equal(chmod(tmpl, 0755), 0);
        if (!walk_as_nobody(root, &l)) {
            assert_int_equal(chmod(p, 0755), 0);
            skip();
        }
    }
    assert_int_equal(chmod(p, 0755), 0);
    assert_string_equal(l.text, "N locked inode/directory failed Permission denied\n"
                                "F open.txt\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sorted_symlinks_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_follow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_follow_symlink_first_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loop_ends, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_never_opened, setup, teardown),
        cmocka_unit_test_setup_teardown(test_roots, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unreadable_dir, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
