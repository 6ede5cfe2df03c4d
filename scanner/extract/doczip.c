/* doczip.c — reading the parts of a zip-packaged document in memory with
 * libarchive (see doczip.h).  Loading runs in phases: open the zip, then for
 * each wanted entry check it (encrypted, too many, no room left), read it
 * into a buffer growing up to its bound, and keep it. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* strdup */
#endif
#include <archive.h>
#include <archive_entry.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/doczip.h"
#include "wipe.h"

int ls_doczip_head_has(const unsigned char *head, size_t head_len, const char *prefix)
{
    size_t plen = strlen(prefix);
    for (size_t p = 0; p + 30 <= head_len; p++) {
        if (head[p] != 'P' || head[p + 1] != 'K' || head[p + 2] != 3 || head[p + 3] != 4)
            continue;
        size_t nlen = (size_t)head[p + 26] | ((size_t)head[p + 27] << 8);
        if (p + 30 + nlen > head_len || nlen < plen)
            continue;
        if (memcmp(head + p + 30, prefix, plen) == 0)
            return 1;
    }
    return 0;
}

void ls_doczip_parts_free(struct ls_doczip_part *parts, size_t nparts)
{
    for (size_t i = 0; i < nparts; i++) {
        free(parts[i].name);
        ls_wipe_free_block(parts[i].data);
    }
    free(parts);
}

const struct ls_doczip_part *ls_doczip_find(const struct ls_doczip_part *parts, size_t nparts,
                                            const char *name)
{
    for (size_t i = 0; i < nparts; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    return NULL;
}

/* What to do with the entry whose header was just read. */
enum entry_verdict { ENTRY_READ, ENTRY_SKIP, ENTRY_STOP };

/* Decides on an entry: skipped when `want` does not take it (or it is a
 * directory, or encrypted: reason says so); the load stops at
 * LS_DOCZIP_MAX_PARTS parts or when the parts so far (total bytes) leave no
 * room.  For ENTRY_READ, *room is the most bytes the entry may have: per
 * entry, and what is left of lim->max_buffer_bytes. */
static enum entry_verdict entry_check(struct archive_entry *ent, int (*want)(const char *name),
                                      size_t n, uint64_t total, const struct ls_limits *lim,
                                      uint64_t *room, char *reason, size_t reasonlen)
{
    const char *name = archive_entry_pathname(ent);
    uint64_t per = lim->max_entry_bytes;
    if (per > lim->max_buffer_bytes)
        per = lim->max_buffer_bytes;
    if (!name || !want(name) || archive_entry_filetype(ent) == AE_IFDIR)
        return ENTRY_SKIP;
    if (archive_entry_is_encrypted(ent)) {
        snprintf(reason, reasonlen, "partial: encrypted part %.100s", name);
        return ENTRY_SKIP;
    }
    if (n == LS_DOCZIP_MAX_PARTS) {
        snprintf(reason, reasonlen, "partial: more than %d parts", LS_DOCZIP_MAX_PARTS);
        return ENTRY_STOP;
    }
    uint64_t cap_left = lim->max_buffer_bytes - total;
    *room = per < cap_left ? per : cap_left;
    if (*room == 0) {
        snprintf(reason, reasonlen, "partial: limit: parts larger than %llu bytes",
                 (unsigned long long)lim->max_buffer_bytes);
        return ENTRY_STOP;
    }
    return ENTRY_READ;
}

/* Reads the current entry's data into a malloc'd buffer (*out, *outlen
 * bytes, room for a NUL after them) of at most room bytes, growing it from
 * 4 KiB.  *cut: the entry is longer than room; *bad: libarchive failed part
 * way (what was read is kept).  Returns LS_OK or LS_ENOMEM (nothing kept). */
static ls_status entry_read(struct archive *a, uint64_t room, unsigned char **out, size_t *outlen,
                            int *cut, int *bad)
{
    ls_status status = LS_OK;
    size_t cap = room < 4096 ? (size_t)room : 4096, used = 0;
    unsigned char *data = malloc(cap + 1);
    *out = NULL;
    *outlen = 0;
    *cut = *bad = 0;
    if (!data) {
        status = LS_ENOMEM;
        goto out;
    }
    for (;;) {
        if (used == cap) {
            if (cap >= room) {
                *cut = 1;
                break;
            }
            size_t ncap = cap * 2 > room ? (size_t)room : cap * 2;
            unsigned char *nd = realloc(data, ncap + 1);
            if (!nd) {
                status = LS_ENOMEM;
                goto out;
            }
            data = nd;
            cap = ncap;
        }
        la_ssize_t got = archive_read_data(a, data + used, cap - used);
        if (got < 0) {
            *bad = 1;
            break;
        }
        if (got == 0)
            break;
        used += (size_t)got;
    }
    *out = data;
    *outlen = used;
    data = NULL;
out:
    free(data);
    return status;
}

/* A zip reader over buf; LS_EFAILED (reason filled) when it is no zip. */
static ls_status zip_open(const unsigned char *buf, size_t len, struct archive **out, char *reason,
                          size_t reasonlen)
{
    ls_status status = LS_OK;
    struct archive *a = archive_read_new();
    *out = NULL;
    if (!a) {
        status = LS_ENOMEM;
        goto out;
    }
    archive_read_support_format_zip(a);
    if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
        snprintf(reason, reasonlen, "zip: %s",
                 archive_error_string(a) ? archive_error_string(a) : "unreadable");
        status = LS_EFAILED;
        goto out;
    }
    *out = a;
    a = NULL;
out:
    if (a)
        archive_read_free(a);
    return status;
}

ls_status ls_doczip_load(const unsigned char *buf, size_t len, const struct ls_limits *lim,
                         int (*want)(const char *name), struct ls_doczip_part **parts,
                         size_t *nparts, char *reason, size_t reasonlen)
{
    ls_status status;
    struct archive *a = NULL;
    struct archive_entry *ent;
    struct ls_doczip_part *v = NULL;
    size_t n = 0;
    uint64_t total = 0;
    unsigned char *data = NULL;

    *parts = NULL;
    *nparts = 0;
    v = calloc(LS_DOCZIP_MAX_PARTS, sizeof *v);
    status = v ? zip_open(buf, len, &a, reason, reasonlen) : LS_ENOMEM;
    while (status == LS_OK) {
        int r = archive_read_next_header(a, &ent);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            snprintf(reason, reasonlen, "zip: %s",
                     archive_error_string(a) ? archive_error_string(a) : "bad entry");
            if (n == 0)
                status = LS_EFAILED;
            break;
        }
        uint64_t room = 0;
        enum entry_verdict vd = entry_check(ent, want, n, total, lim, &room, reason, reasonlen);
        if (vd == ENTRY_SKIP)
            continue;
        if (vd == ENTRY_STOP)
            break;
        const char *name = archive_entry_pathname(ent);
        size_t used = 0;
        int cut = 0, bad = 0;
        status = entry_read(a, room, &data, &used, &cut, &bad);
        if (status != LS_OK)
            break;
        if (bad || cut)
            snprintf(reason, reasonlen, "partial: %s %.100s",
                     bad ? "unreadable part" : "limit: part too large", name);
        if (bad && used == 0) {
            free(data);
            data = NULL;
            continue;
        }
        data[used] = 0;
        v[n].name = strdup(name);
        if (!v[n].name) {
            status = LS_ENOMEM;
            break;
        }
        v[n].data = data;
        v[n].len = used;
        data = NULL;
        n++;
        total += used;
        if (cut && total >= lim->max_buffer_bytes)
            break;
    }
    free(data);
    if (a)
        archive_read_free(a);
    if (status != LS_OK) {
        if (v)
            ls_doczip_parts_free(v, n);
        return status;
    }
    *parts = v;
    *nparts = n;
    return LS_OK;
}
