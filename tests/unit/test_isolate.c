/* test_isolate.c — unit tests of the messages and the pool of unpack
 * children (scanner/isolate.c).
 *
 * The framing over a socket pair: a header, its payload, a descriptor
 * passed with SCM_RIGHTS, and a payload larger than the socket's buffer
 * (sent while the other end reads).  The pool: made without starting any
 * process, refusing a level past LS_ISO_LEVELS.  Children themselves (the
 * binary started again) are tested end to end by tests/e2e/isolate.py. */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "isolate.h"

/* Reads exactly n bytes, and the descriptor that came with them (or -1). */
static void read_all(int s, void *buf, size_t n, int *fd)
{
    union {
        char b[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } ctl;
    size_t got = 0;

    if (fd)
        *fd = -1;
    while (got < n) {
        struct iovec iov = {(char *)buf + got, n - got};
        struct msghdr mh;
        struct cmsghdr *c;
        ssize_t r;
        memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov;
        mh.msg_iovlen = 1;
        mh.msg_control = ctl.b;
        mh.msg_controllen = sizeof ctl.b;
        r = recvmsg(s, &mh, 0);
        assert_true(r > 0);
        for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
            if (fd && c->cmsg_type == SCM_RIGHTS)
                memcpy(fd, CMSG_DATA(c), sizeof *fd);
        got += (size_t)r;
    }
}

static void test_message_and_fd(void **state)
{
    struct ls_iso_msg m, got;
    char payload[] = "parent!/name.csv";
    char buf[64];
    struct stat a, b;
    int sv[2], fd, pfd;

    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    pfd = open("/dev/null", O_RDONLY);
    assert_true(pfd >= 0);
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_HEADER;
    m.r = -20;
    m.err = 84;
    m.flags = LS_ISO_H_NAMED | LS_ISO_H_SIZE_SET;
    m.a = 0100000;
    m.b = (int64_t)1 << 40;
    m.len = (uint32_t)strlen(payload);
    assert_int_equal(ls_iso_send(sv[0], &m, payload, pfd), 0);
    read_all(sv[1], &got, sizeof got, &fd);
    assert_memory_equal(&got, &m, sizeof m);
    read_all(sv[1], buf, got.len, NULL);
    assert_memory_equal(buf, payload, got.len);
    /* The descriptor that came is the same file. */
    assert_true(fd >= 0 && fd != pfd);
    assert_int_equal(fstat(fd, &a), 0);
    assert_int_equal(fstat(pfd, &b), 0);
    assert_true(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    close(fd);
    close(pfd);
    close(sv[0]);
    close(sv[1]);
}

struct reader {
    int sock;
    unsigned char *buf;
    size_t n;
};

static void *reader_main(void *arg)
{
    struct reader *r = arg;

    read_all(r->sock, r->buf, r->n, NULL);
    return NULL;
}

/* A payload of LS_ISO_MAX_PAYLOAD bytes does not fit in the socket: the
 * sender, on a non-blocking socket, waits for room as the reader reads. */
static void test_large_payload_nonblocking(void **state)
{
    struct ls_iso_msg m;
    struct reader r;
    pthread_t t;
    unsigned char *data = malloc(LS_ISO_MAX_PAYLOAD);
    size_t i;
    int sv[2];

    (void)state;
    assert_non_null(data);
    for (i = 0; i < LS_ISO_MAX_PAYLOAD; i++)
        data[i] = (unsigned char)(i * 31 + 7);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    r.sock = sv[1];
    r.n = sizeof m + LS_ISO_MAX_PAYLOAD;
    r.buf = malloc(r.n);
    assert_non_null(r.buf);
    assert_int_equal(pthread_create(&t, NULL, reader_main, &r), 0);
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_DATA;
    m.len = LS_ISO_MAX_PAYLOAD;
    assert_int_equal(ls_iso_send(sv[0], &m, data, -1), 0);
    pthread_join(t, NULL);
    assert_memory_equal(r.buf, &m, sizeof m);
    assert_memory_equal(r.buf + sizeof m, data, LS_ISO_MAX_PAYLOAD);
    free(r.buf);
    free(data);
    close(sv[0]);
    close(sv[1]);
}

/* A send to a peer that is gone fails (no SIGPIPE ends the process). */
static void test_send_to_closed_peer(void **state)
{
    struct ls_iso_msg m;
    int sv[2];

    (void)state;
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    memset(&m, 0, sizeof m);
    m.type = LS_ISO_NEXT;
    assert_int_equal(ls_iso_send(sv[0], &m, NULL, -1), -1);
    close(sv[0]);
}

static void test_pool_lazy_and_bounded(void **state)
{
    struct ls_isolate_conf conf = {60.0, 0, NULL, 0, NULL, 0};
    struct ls_isolate *iso = NULL;
    struct ls_child *ch = (struct ls_child *)&conf;
    char err[128];

    (void)state;
    assert_int_equal(ls_isolate_new(&conf, &iso), LS_OK);
    assert_non_null(iso);
    assert_int_equal(ls_isolate_spawned(iso), 0); /* nothing started up front */
    assert_int_equal(ls_isolate_child(iso, LS_ISO_LEVELS, &ch, err, sizeof err), LS_ELIMIT);
    assert_null(ch);
    assert_string_equal(err, "limit: depth");
    ls_isolate_free(iso);
    ls_isolate_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_and_fd),
        cmocka_unit_test(test_large_payload_nonblocking),
        cmocka_unit_test(test_send_to_closed_peer),
        cmocka_unit_test(test_pool_lazy_and_bounded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
