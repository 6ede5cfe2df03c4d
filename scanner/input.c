/* input.c — byte streams with a replayed read-ahead, and why they stop (input.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "scanlimits.h"
#include "wipe.h"

/* Pulls from the underlying stream, making sure a failure has a fault. */
static ssize_t pull(struct ls_input *in, void *buf, size_t n)
{
    ssize_t r = in->read(in->ctx, buf, n, &in->fault, in->err, sizeof in->err);

    if (r < 0 && in->fault.st == LS_OK)
        in->fault.st = LS_EFAILED;
    return r;
}

/* The status of a stream that stopped: a limit, or a failure of any other kind. */
static ls_status fault_status(const struct ls_input *in)
{
    return in->fault.st == LS_ELIMIT ? LS_ELIMIT : LS_EFAILED;
}

/* Stops the stream on a limit of its own (the buffer bound of a slurp). */
static ls_status fault_limit(struct ls_input *in, enum ls_limit k)
{
    in->fault.st = LS_ELIMIT;
    in->fault.limit = k;
    snprintf(in->err, sizeof in->err, "%s", ls_limit_reason(k));
    return LS_ELIMIT;
}

ls_status ls_input_prime(struct ls_input *in)
{
    if (!in->read) /* memory inputs are primed when made */
        return LS_OK;
    in->head_len = 0;
    in->head_pos = 0;
    while (in->head_len < LS_SNIFF_BYTES && !in->eof) {
        ssize_t n = pull(in, in->head + in->head_len, LS_SNIFF_BYTES - in->head_len);
        if (n < 0)
            return fault_status(in);
        if (n == 0)
            in->eof = 1;
        in->head_len += (size_t)n;
    }
    return LS_OK;
}

ssize_t ls_input_read(struct ls_input *in, void *buf, size_t n)
{
    ssize_t r;

    if (n == 0)
        return 0;
    if (in->head_pos < in->head_len) {
        size_t k = in->head_len - in->head_pos;
        if (k > n)
            k = n;
        memcpy(buf, in->head + in->head_pos, k);
        in->head_pos += k;
        in->consumed += k;
        return (ssize_t)k;
    }
    if (in->eof)
        return 0;
    if (!in->read) { /* a memory input */
        size_t k = in->mem_len - in->mem_pos;
        if (k > n)
            k = n;
        memcpy(buf, in->mem + in->mem_pos, k);
        in->mem_pos += k;
        in->consumed += k;
        if (in->mem_pos == in->mem_len)
            in->eof = 1;
        return (ssize_t)k;
    }
    r = pull(in, buf, n);
    if (r == 0)
        in->eof = 1;
    if (r > 0)
        in->consumed += (uint64_t)r;
    return r;
}

ls_status ls_input_to_fd(struct ls_input *in, uint64_t max, int fd, unsigned char *buf, size_t n,
                         uint64_t *len, int *werr)
{
    uint64_t used = 0;
    ssize_t r, w;
    size_t off;

    *len = 0;
    *werr = 0;
    for (;;) {
        r = ls_input_read(in, buf, n);
        if (r < 0)
            return fault_status(in);
        if (r == 0)
            break;
        if ((uint64_t)r > max - used)
            return fault_limit(in, LS_LIMIT_BUFFER_BYTES);
        for (off = 0; off < (size_t)r; off += (size_t)w) {
            w = write(fd, buf + off, (size_t)r - off);
            if (w < 0 && errno == EINTR) {
                w = 0;
                continue;
            }
            if (w <= 0) {
                *werr = w < 0 ? errno : ENOSPC;
                return LS_EFAILED;
            }
        }
        used += (size_t)r;
    }
    ls_wipe(buf, n);
    *len = used;
    return LS_OK;
}

ls_status ls_input_slurp(struct ls_input *in, uint64_t max, unsigned char **out, size_t *len)
{
    unsigned char *buf = NULL, *p;
    size_t cap = 0, used = 0;
    ssize_t r;

    *out = NULL;
    *len = 0;
    if (max > SIZE_MAX - 65536 - 2) /* so that max + the read slack below cannot wrap */
        max = SIZE_MAX - 65536 - 2;
    for (;;) {
        if (cap - used < 65536) {
            size_t ncap = cap ? cap * 2 : 65536 + 1;
            if (ncap > max + 65536 + 1)
                ncap = (size_t)max + 65536 + 1;
            if (ncap <= cap) { /* full at max: one more byte means too long */
                unsigned char c;
                r = ls_input_read(in, &c, 1);
                if (r == 0)
                    break;
                ls_wipe_free(buf, cap);
                if (r < 0)
                    return fault_status(in);
                return fault_limit(in, LS_LIMIT_BUFFER_BYTES);
            }
            p = ls_wipe_realloc(buf, cap, ncap);
            if (!p) {
                ls_wipe_free(buf, cap);
                return LS_ENOMEM;
            }
            buf = p;
            cap = ncap;
        }
        r = ls_input_read(in, buf + used, cap - used - 1);
        if (r < 0) {
            ls_wipe_free(buf, cap);
            return fault_status(in);
        }
        if (r == 0)
            break;
        used += (size_t)r;
        if (used > max) {
            ls_wipe_free(buf, cap);
            return fault_limit(in, LS_LIMIT_BUFFER_BYTES);
        }
    }
    if (!buf) {
        buf = malloc(1);
        if (!buf)
            return LS_ENOMEM;
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    return LS_OK;
}

void ls_input_from_memory(struct ls_input *in, const unsigned char *data, size_t len,
                          unsigned char *head)
{
    memset(in, 0, sizeof *in);
    in->head = head;
    in->head_len = len < LS_SNIFF_BYTES ? len : LS_SNIFF_BYTES;
    if (in->head_len)
        memcpy(head, data, in->head_len);
    in->mem = data + in->head_len;
    in->mem_len = len - in->head_len;
    in->eof = in->mem_len == 0;
}
