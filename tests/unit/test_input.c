/* test_input.c — unit tests of byte streams with a replayed read-ahead
 * (scanner/input.c).
 *
 * The head read for sniffing is replayed before the rest of the stream, so a
 * stream is read exactly once; slurp is bounded (exactly max bytes fit, one
 * more is a limit hit); memory inputs shorter and longer than the head.  Why
 * a stream stopped is a value (in->fault), never read from its message. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "input.h"
#include "scanlimits.h"

/* A stream over a buffer that hands out at most `chunk` bytes per call and
 * can fail after `fail_at` bytes. */
struct src {
    const unsigned char *data;
    size_t len, pos, chunk;
    size_t fail_at; /* (size_t)-1: never */
    const char *fail_msg;
    ls_status fail_st;        /* the fault reported (LS_OK: left to the input) */
    enum ls_limit fail_limit; /* with LS_ELIMIT */
    unsigned calls_after_eof;
};

static ssize_t src_read(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                        size_t errlen)
{
    struct src *s = ctx;
    size_t k = s->len - s->pos;

    if (s->pos >= s->fail_at) {
        fault->st = s->fail_st;
        fault->limit = s->fail_limit;
        snprintf(err, errlen, "%s", s->fail_msg);
        return -1;
    }
    if (k == 0) {
        s->calls_after_eof++;
        return 0;
    }
    if (k > n)
        k = n;
    if (k > s->chunk)
        k = s->chunk;
    if (s->fail_at != (size_t)-1 && s->pos + k > s->fail_at)
        k = s->fail_at - s->pos;
    memcpy(buf, s->data + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

static unsigned char *pattern(size_t n)
{
    unsigned char *p = malloc(n ? n : 1);
    uint32_t x = 2463534242u;
    size_t i;

    assert_non_null(p);
    for (i = 0; i < n; i++) { /* xorshift: no period that would hide an offset error */
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (unsigned char)x;
    }
    return p;
}

struct fixture {
    struct src s;
    struct ls_input in;
    unsigned char *data;
    unsigned char *head;
};

static void fx_init(struct fixture *f, size_t len, size_t chunk)
{
    memset(f, 0, sizeof *f);
    f->data = pattern(len);
    f->head = malloc(LS_SNIFF_BYTES);
    assert_non_null(f->head);
    f->s.data = f->data;
    f->s.len = len;
    f->s.chunk = chunk;
    f->s.fail_at = (size_t)-1;
    f->in.read = src_read;
    f->in.ctx = &f->s;
    f->in.head = f->head;
}

static void fx_free(struct fixture *f)
{
    free(f->data);
    free(f->head);
}

/* Reads everything with reads of `step` bytes and compares. */
static void read_all(struct ls_input *in, const unsigned char *want, size_t len, size_t step)
{
    unsigned char *got = malloc(len + step);
    size_t used = 0;
    ssize_t r;

    assert_non_null(got);
    while ((r = ls_input_read(in, got + used, step)) > 0)
        used += (size_t)r;
    assert_int_equal(r, 0);
    assert_int_equal(used, len);
    if (len)
        assert_memory_equal(got, want, len);
    assert_int_equal(in->consumed, len);
    assert_int_equal(ls_input_read(in, got, step), 0); /* stays at end */
    free(got);
}

static void test_prime_fills_head_from_small_reads(void **state)
{
    struct fixture f;
    size_t len = LS_SNIFF_BYTES * 3 + 17;

    (void)state;
    fx_init(&f, len, 1000); /* the stream hands out 1000 bytes at a time */
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(f.in.head_len, LS_SNIFF_BYTES);
    assert_false(f.in.eof);
    assert_memory_equal(f.in.head, f.data, LS_SNIFF_BYTES);
    assert_int_equal(f.in.consumed, 0); /* priming hands nothing out */
    read_all(&f.in, f.data, len, 7777);
    fx_free(&f);
}

static void test_head_replayed_then_stream(void **state)
{
    struct fixture f;
    size_t len = LS_SNIFF_BYTES + 5000;
    unsigned char *buf = malloc(len);
    ssize_t r;

    (void)state;
    assert_non_null(buf);
    fx_init(&f, len, (size_t)-1);
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(f.s.pos, LS_SNIFF_BYTES); /* exactly the head was pulled */
    /* A big read first returns the head only, never head + stream mixed. */
    r = ls_input_read(&f.in, buf, len);
    assert_int_equal(r, LS_SNIFF_BYTES);
    assert_memory_equal(buf, f.data, LS_SNIFF_BYTES);
    assert_int_equal(f.s.pos, LS_SNIFF_BYTES); /* the stream was not touched yet */
    r = ls_input_read(&f.in, buf, len);
    assert_int_equal(r, 5000);
    assert_memory_equal(buf, f.data + LS_SNIFF_BYTES, 5000);
    assert_int_equal(f.in.consumed, len);
    assert_int_equal(ls_input_read(&f.in, buf, len), 0);
    assert_true(f.in.eof);
    free(buf);
    fx_free(&f);
}

static void test_small_reads_across_head_boundary(void **state)
{
    struct fixture f;
    size_t len = LS_SNIFF_BYTES * 2 + 3;

    (void)state;
    fx_init(&f, len, 4096);
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    read_all(&f.in, f.data, len, 999); /* 999 does not divide the head */
    fx_free(&f);
}

static void test_short_stream(void **state)
{
    struct fixture f;
    unsigned char buf[256];

    (void)state;
    fx_init(&f, 100, 30);
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(f.in.head_len, 100);
    assert_true(f.in.eof);
    assert_int_equal(ls_input_read(&f.in, buf, 0), 0);
    assert_int_equal(ls_input_read(&f.in, buf, sizeof buf), 100);
    assert_memory_equal(buf, f.data, 100);
    assert_int_equal(ls_input_read(&f.in, buf, sizeof buf), 0);
    /* Once the stream said "end", it is not asked again. */
    assert_int_equal(f.s.calls_after_eof, 1);
    fx_free(&f);
}

static void test_empty_stream(void **state)
{
    struct fixture f;
    unsigned char buf[16];

    (void)state;
    fx_init(&f, 0, 30);
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(f.in.head_len, 0);
    assert_true(f.in.eof);
    assert_int_equal(ls_input_read(&f.in, buf, sizeof buf), 0);
    fx_free(&f);
}

static void test_errors(void **state)
{
    struct fixture f;
    unsigned char buf[4096];
    ssize_t r;

    (void)state;
    /* During priming: a failure, and a limit hit. */
    fx_init(&f, 100000, 1000);
    f.s.fail_at = 5000;
    f.s.fail_msg = "read: Input/output error";
    assert_int_equal(ls_input_prime(&f.in), LS_EFAILED);
    assert_string_equal(f.in.err, "read: Input/output error");
    assert_int_equal(f.in.fault.st, LS_EFAILED); /* a reader that left it: a read error */
    fx_free(&f);

    fx_init(&f, 100000, 1000);
    f.s.fail_at = 5000;
    f.s.fail_msg = "limit: ratio";
    f.s.fail_st = LS_ELIMIT;
    f.s.fail_limit = LS_LIMIT_RATIO;
    assert_int_equal(ls_input_prime(&f.in), LS_ELIMIT);
    assert_int_equal(f.in.fault.limit, LS_LIMIT_RATIO);
    fx_free(&f);

    /* The kind is the value, not the words: a message that looks like a
     * limit is a plain failure, and encrypted data is its own kind. */
    fx_init(&f, 100000, 1000);
    f.s.fail_at = 5000;
    f.s.fail_msg = "limit: not really";
    f.s.fail_st = LS_EFAILED;
    assert_int_equal(ls_input_prime(&f.in), LS_EFAILED);
    fx_free(&f);

    fx_init(&f, 100000, 1000);
    f.s.fail_at = 5000;
    f.s.fail_msg = "encrypted";
    f.s.fail_st = LS_ESKIPPED;
    assert_int_equal(ls_input_prime(&f.in), LS_EFAILED);
    assert_int_equal(f.in.fault.st, LS_ESKIPPED);
    fx_free(&f);

    /* After the head: the read returns -1 with the message. */
    fx_init(&f, LS_SNIFF_BYTES * 2, 1 << 20);
    f.s.fail_at = LS_SNIFF_BYTES + 10;
    f.s.fail_msg = "archive: truncated";
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    while ((r = ls_input_read(&f.in, buf, sizeof buf)) > 0)
        ;
    assert_int_equal(r, -1);
    assert_string_equal(f.in.err, "archive: truncated");
    assert_int_equal(f.in.consumed, LS_SNIFF_BYTES + 10);
    fx_free(&f);
}

/* Slurps a stream of len bytes with the given max. */
static void slurp_case(size_t len, uint64_t max, size_t chunk, int primed)
{
    struct fixture f;
    unsigned char *out = (unsigned char *)"sentinel";
    size_t n = 123;
    ls_status st;

    fx_init(&f, len, chunk);
    if (primed)
        assert_int_equal(ls_input_prime(&f.in), LS_OK);
    st = ls_input_slurp(&f.in, max, &out, &n);
    if (len <= max) {
        assert_int_equal(st, LS_OK);
        assert_non_null(out);
        assert_int_equal(n, len);
        if (len)
            assert_memory_equal(out, f.data, len);
        assert_int_equal(out[len], '\0');
        free(out);
    } else {
        assert_int_equal(st, LS_ELIMIT);
        assert_null(out);
        assert_int_equal(n, 0);
        assert_string_equal(f.in.err, "limit: buffer-bytes");
        assert_int_equal(f.in.fault.st, LS_ELIMIT);
        assert_int_equal(f.in.fault.limit, LS_LIMIT_BUFFER_BYTES);
    }
    fx_free(&f);
}

/* Copies a stream of len bytes into a memory file with the given max: the
 * same bounds as a slurp, and the file holds exactly the stream. */
static void to_fd_case(size_t len, uint64_t max, size_t chunk, int primed)
{
    struct fixture f;
    unsigned char buf[1000];
    uint64_t n = 123;
    int werr = -1, fd = memfd_create("test-input", MFD_CLOEXEC);
    ls_status st;

    assert_true(fd >= 0);
    fx_init(&f, len, chunk);
    if (primed)
        assert_int_equal(ls_input_prime(&f.in), LS_OK);
    st = ls_input_to_fd(&f.in, max, fd, buf, sizeof buf, &n, &werr);
    assert_int_equal(werr, 0);
    if (len <= max) {
        unsigned char *back = malloc(len + 1);
        assert_int_equal(st, LS_OK);
        assert_int_equal(n, len);
        assert_int_equal(lseek(fd, 0, SEEK_END), (off_t)len);
        assert_int_equal(pread(fd, back, len + 1, 0), (ssize_t)len);
        if (len)
            assert_memory_equal(back, f.data, len);
        free(back);
    } else {
        assert_int_equal(st, LS_ELIMIT);
        assert_int_equal(n, 0);
        assert_string_equal(f.in.err, "limit: buffer-bytes");
        assert_int_equal(f.in.fault.limit, LS_LIMIT_BUFFER_BYTES);
    }
    close(fd);
    fx_free(&f);
}

static void test_to_fd_bounds(void **state)
{
    static const size_t lens[] = {0, 1, 999, 1000, 1001, LS_SNIFF_BYTES + 1, 200000};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t L = lens[i];
        to_fd_case(L, L, 10000, 1); /* exactly at the bound */
        to_fd_case(L, L, 333, 0);
        to_fd_case(L, (uint64_t)L + 1, 777, 1);
        if (L) {
            to_fd_case(L, L - 1, 10000, 1); /* one byte over */
            to_fd_case(L, L - 1, 333, 0);
        }
    }
}

static void test_to_fd_write_error(void **state)
{
    struct fixture f;
    unsigned char buf[100];
    uint64_t n;
    int werr = 0, fd = open("/dev/null", O_RDONLY);

    (void)state;
    assert_true(fd >= 0);
    fx_init(&f, 5000, 4096);
    assert_int_equal(ls_input_to_fd(&f.in, 1u << 20, fd, buf, sizeof buf, &n, &werr), LS_EFAILED);
    assert_int_equal(werr, EBADF);
    close(fd);
    fx_free(&f);
}

static void test_slurp_bounds(void **state)
{
    static const size_t lens[] = {0,      1,     100, 65535, 65536, 65537, LS_SNIFF_BYTES + 1,
                                  131073, 200000};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t L = lens[i];
        slurp_case(L, L, 10000, 1);   /* exactly at the bound */
        slurp_case(L, L, 1 << 20, 0); /* unprimed, big reads */
        slurp_case(L, (uint64_t)L + 1, 777, 1);
        if (L) {
            slurp_case(L, L - 1, 10000, 1); /* one byte over */
            slurp_case(L, L - 1, 1 << 20, 0);
        }
    }
    slurp_case(300000, 0, 4096, 1);
}

static void test_slurp_unbounded_max(void **state)
{
    (void)state;
    /* max + the read-ahead slack must not wrap around. */
    slurp_case(200000, UINT64_MAX, 4096, 1);
    slurp_case(200000, UINT64_MAX - 1, 4096, 1);
    slurp_case(200000, (uint64_t)SIZE_MAX, 4096, 1);
}

static void test_slurp_after_partial_read(void **state)
{
    struct fixture f;
    unsigned char buf[100], *out;
    size_t n, len = LS_SNIFF_BYTES + 1000;

    (void)state;
    fx_init(&f, len, 4096);
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(ls_input_read(&f.in, buf, sizeof buf), 100);
    /* The rest: len - 100 bytes, which is exactly the max. */
    assert_int_equal(ls_input_slurp(&f.in, len - 100, &out, &n), LS_OK);
    assert_int_equal(n, len - 100);
    assert_memory_equal(out, f.data + 100, n);
    free(out);
    fx_free(&f);
}

static void test_slurp_read_error(void **state)
{
    struct fixture f;
    unsigned char *out;
    size_t n;

    (void)state;
    fx_init(&f, 300000, 4096);
    f.s.fail_at = 150000;
    f.s.fail_msg = "gzip: bad crc";
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(ls_input_slurp(&f.in, 1 << 20, &out, &n), LS_EFAILED);
    assert_null(out);
    assert_string_equal(f.in.err, "gzip: bad crc");
    fx_free(&f);

    fx_init(&f, 300000, 4096);
    f.s.fail_at = 150000;
    f.s.fail_msg = "limit: entry-bytes";
    f.s.fail_st = LS_ELIMIT;
    f.s.fail_limit = LS_LIMIT_ENTRY_BYTES;
    assert_int_equal(ls_input_prime(&f.in), LS_OK);
    assert_int_equal(ls_input_slurp(&f.in, 1 << 20, &out, &n), LS_ELIMIT);
    assert_null(out);
    assert_string_equal(f.in.err, "limit: entry-bytes"); /* the budget's reason is kept */
    assert_int_equal(f.in.fault.limit, LS_LIMIT_ENTRY_BYTES);
    fx_free(&f);
}

/* --- memory inputs ------------------------------------------------------ */

static void test_memory_shorter_than_head(void **state)
{
    unsigned char *data = pattern(100), *head = malloc(LS_SNIFF_BYTES);
    struct ls_input in;
    unsigned char buf[64];

    (void)state;
    assert_non_null(head);
    ls_input_from_memory(&in, data, 100, head);
    assert_null(in.read);
    assert_int_equal(in.head_len, 100);
    assert_memory_equal(in.head, data, 100);
    assert_int_equal(ls_input_prime(&in), LS_OK); /* already primed: a no-op */
    assert_int_equal(in.head_len, 100);
    assert_int_equal(ls_input_read(&in, buf, 64), 64);
    assert_memory_equal(buf, data, 64);
    assert_int_equal(ls_input_read(&in, buf, 64), 36);
    assert_memory_equal(buf, data + 64, 36);
    assert_int_equal(ls_input_read(&in, buf, 64), 0);
    assert_int_equal(in.consumed, 100);
    free(head);
    free(data);
}

static void test_memory_exactly_head(void **state)
{
    unsigned char *data = pattern(LS_SNIFF_BYTES), *head = malloc(LS_SNIFF_BYTES);
    struct ls_input in;

    (void)state;
    assert_non_null(head);
    ls_input_from_memory(&in, data, LS_SNIFF_BYTES, head);
    assert_int_equal(in.head_len, LS_SNIFF_BYTES);
    read_all(&in, data, LS_SNIFF_BYTES, 5000);
    free(head);
    free(data);
}

static void test_memory_longer_than_head(void **state)
{
    size_t len = LS_SNIFF_BYTES * 2 + 12345;
    unsigned char *data = pattern(len), *head = malloc(LS_SNIFF_BYTES);
    struct ls_input in;

    (void)state;
    assert_non_null(head);
    ls_input_from_memory(&in, data, len, head);
    assert_int_equal(in.head_len, LS_SNIFF_BYTES);
    assert_memory_equal(in.head, data, LS_SNIFF_BYTES);
    assert_false(in.eof);
    read_all(&in, data, len, 3333);

    /* And the same slurped, at and one over the bound. */
    {
        unsigned char *out;
        size_t n;
        ls_input_from_memory(&in, data, len, head);
        assert_int_equal(ls_input_slurp(&in, len, &out, &n), LS_OK);
        assert_int_equal(n, len);
        assert_memory_equal(out, data, len);
        free(out);
        ls_input_from_memory(&in, data, len, head);
        assert_int_equal(ls_input_slurp(&in, len - 1, &out, &n), LS_ELIMIT);
        assert_null(out);
    }
    free(head);
    free(data);
}

static void test_memory_empty(void **state)
{
    static const unsigned char nothing[1] = {0};
    unsigned char *head = malloc(LS_SNIFF_BYTES), *out, buf[8];
    struct ls_input in;
    size_t n;

    (void)state;
    assert_non_null(head);
    ls_input_from_memory(&in, nothing, 0, head);
    assert_int_equal(in.head_len, 0);
    assert_true(in.eof);
    assert_int_equal(ls_input_read(&in, buf, sizeof buf), 0);
    assert_int_equal(ls_input_slurp(&in, 0, &out, &n), LS_OK);
    assert_int_equal(n, 0);
    assert_int_equal(out[0], '\0');
    free(out);
    free(head);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prime_fills_head_from_small_reads),
        cmocka_unit_test(test_head_replayed_then_stream),
        cmocka_unit_test(test_small_reads_across_head_boundary),
        cmocka_unit_test(test_short_stream),
        cmocka_unit_test(test_empty_stream),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_slurp_bounds),
        cmocka_unit_test(test_to_fd_bounds),
        cmocka_unit_test(test_to_fd_write_error),
        cmocka_unit_test(test_slurp_unbounded_max),
        cmocka_unit_test(test_slurp_after_partial_read),
        cmocka_unit_test(test_slurp_read_error),
        cmocka_unit_test(test_memory_shorter_than_head),
        cmocka_unit_test(test_memory_exactly_head),
        cmocka_unit_test(test_memory_longer_than_head),
        cmocka_unit_test(test_memory_empty),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
