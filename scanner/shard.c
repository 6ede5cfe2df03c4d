/* shard.c — the share of a sharded scan (shard.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shard.h"

int ls_shard_parse(const char *s, unsigned *k, unsigned *n)
{
    unsigned long a, b;
    char *end;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    a = strtoul(s, &end, 10);
    if (errno || *end != '/' || end[1] < '0' || end[1] > '9')
        return -1;
    b = strtoul(end + 1, &end, 10);
    if (errno || *end || a < 1 || b < 1 || a > b || b > LS_SHARD_MAX)
        return -1;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

uint64_t ls_shard_mix64(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

uint64_t ls_shard_hash(const char *rel, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)rel[i];
        h *= 0x100000001b3ull;
    }
    return ls_shard_mix64(h);
}

int ls_shard_mine(unsigned k, unsigned n, const char *rel, size_t len)
{
    if (n <= 1)
        return 1;
    return ls_shard_hash(rel, len) % n == (uint64_t)(k - 1);
}

const char *ls_shard_rel(const char *root, size_t rlen, const char *path, size_t plen,
                         size_t *rel_len)
{
    size_t i;

    if (plen > rlen && memcmp(path, root, rlen) == 0) {
        for (i = rlen; i < plen && path[i] == '/'; i++)
            ;
        *rel_len = plen - i;
        return path + i;
    }
    /* the root itself: its last name (without trailing '/') */
    while (plen > 1 && path[plen - 1] == '/')
        plen--;
    for (i = plen; i > 0 && path[i - 1] != '/'; i--)
        ;
    *rel_len = plen - i;
    return path + i;
}
