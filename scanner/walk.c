/* walk.c — openat-based traversal with loop and special-file guards (walk.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanlimits.h"
#include "walk.h"

/* Directory nesting on disk deeper than this is reported, not descended
 * (each level holds one open directory descriptor). */
#define WALK_MAX_DIR_DEPTH 256

struct devino {
    dev_t dev;
    ino_t ino;
};

struct walker {
    const struct ls_walk_cb *cb;
    int follow;
    struct devino *seen; /* visited (dev, ino), open addressing */
    size_t nseen, cap;
    char *path; /* current path, LS_MAX_PATH_BYTES + 1 */
};

static size_t di_hash(const struct devino *d)
{
    uint64_t h = (uint64_t)d->dev * 0x9E3779B97F4A7C15ull ^ (uint64_t)d->ino;
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h ^ (h >> 29));
}

/* 1 if (dev, ino) was seen before; records it otherwise.  -1: no memory. */
static int seen_before(struct walker *w, dev_t dev, ino_t ino)
{
    struct devino d = {dev, ino};
    size_t i;

    if (w->nseen * 2 >= w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 1024, j;
        struct devino *ns = calloc(ncap, sizeof *ns);
        if (!ns)
            return -1;
        for (j = 0; j < w->cap; j++)
            if (w->seen[j].ino || w->seen[j].dev) {
                size_t k = di_hash(&w->seen[j]) & (ncap - 1);
                while (ns[k].ino || ns[k].dev)
                    k = (k + 1) & (ncap - 1);
                ns[k] = w->seen[j];
            }
        free(w->seen);
        w->seen = ns;
        w->cap = ncap;
    }
    for (i = di_hash(&d) & (w->cap - 1); w->seen[i].ino || w->seen[i].dev;
         i = (i + 1) & (w->cap - 1))
        if (w->seen[i].dev == dev && w->seen[i].ino == ino)
            return 1;
    w->seen[i] = d;
    w->nseen++;
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void special(struct walker *w, size_t plen, mode_t m)
{
    if (S_ISFIFO(m))
        w->cb->note(w->cb->ud, w->path, plen, "inode/fifo", LS_SKIPPED, "fifo");
    else if (S_ISSOCK(m))
        w->cb->note(w->cb->ud, w->path, plen, "inode/socket", LS_SKIPPED, "socket");
    else if (S_ISCHR(m))
        w->cb->note(w->cb->ud, w->path, plen, "inode/chardevice", LS_SKIPPED, "device");
    else if (S_ISBLK(m))
        w->cb->note(w->cb->ud, w->path, plen, "inode/blockdevice", LS_SKIPPED, "device");
    else
        w->cb->note(w->cb->ud, w->path, plen, "inode/unknown", LS_SKIPPED,
                    "unsupported: special file");
}

/* Whether st is one of the scan's own output files. */
static int is_own(const struct ls_walk_cb *cb, const struct stat *st)
{
    for (size_t i = 0; i < cb->nown; i++)
        if (cb->own_dev[i] == st->st_dev && cb->own_ino[i] == st->st_ino)
            return 1;
    return 0;
}

static int cancelled(const struct walker *w)
{
    return w->cb->cancel && atomic_load_explicit(w->cb->cancel, memory_order_relaxed);
}

static ls_status walk_dir(struct walker *w, int dfd, size_t plen, unsigned level);

/* Visits w->path[0..plen) = the entry `name` of directory dfd (or the root
 * when dfd == AT_FDCWD and name is the whole path). */
static ls_status visit(struct walker *w, int dfd, const char *name, size_t plen, unsigned level,
                       int is_root)
{
    struct stat st;
    int fd, sn;

    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        w->cb->note(w->cb->ud, w->path, plen, "unknown", LS_FAILED, strerror(errno));
        return LS_OK;
    }
    if (S_ISLNK(st.st_mode)) {
        /* Roots named on the command line are followed, like find -H. */
        if (!w->follow && !is_root) {
            w->cb->note(w->cb->ud, w->path, plen, "inode/symlink", LS_SKIPPED, "symlink");
            return LS_OK;
        }
        if (fstatat(dfd, name, &st, 0) != 0) {
            w->cb->note(w->cb->ud, w->path, plen, "inode/symlink", LS_SKIPPED,
                        errno == ELOOP ? "symlink loop" : "broken symlink");
            return LS_OK;
        }
    }
    if (S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
        if (w->follow) {
            sn = seen_before(w, st.st_dev, st.st_ino);
            if (sn < 0)
                return LS_ENOMEM;
            if (sn) {
                w->cb->note(w->cb->ud, w->path, plen,
                            S_ISDIR(st.st_mode) ? "inode/directory" : "unknown", LS_SKIPPED,
                            "already visited");
                return LS_OK;
            }
        }
    }
    if (S_ISREG(st.st_mode)) {
        if (is_own(w->cb, &st))
            w->cb->note(w->cb->ud, w->path, plen, "unknown", LS_SKIPPED, "own output");
        else {
            if (w->cb->found_files)
                atomic_fetch_add_explicit(w->cb->found_files, 1, memory_order_relaxed);
            if (w->cb->found_bytes)
                atomic_fetch_add_explicit(w->cb->found_bytes, (uint64_t)st.st_size,
                                          memory_order_relaxed);
            w->cb->file(w->cb->ud, w->path, plen);
        }
        return LS_OK;
    }
    if (!S_ISDIR(st.st_mode)) {
        special(w, plen, st.st_mode);
        return LS_OK;
    }
    if (level >= WALK_MAX_DIR_DEPTH) {
        w->cb->note(w->cb->ud, w->path, plen, "inode/directory", LS_SKIPPED,
                    ls_limit_reason(LS_LIMIT_DIR_DEPTH));
        return LS_OK;
    }
    /* A root given as a symlink is followed (above), so open it following too. */
    fd = openat(dfd, name,
                O_RDONLY | O_DIRECTORY | O_CLOEXEC | (w->follow || is_root ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        w->cb->note(w->cb->ud, w->path, plen, "inode/directory", LS_FAILED, strerror(errno));
        return LS_OK;
    }
    return walk_dir(w, fd, plen, level + 1);
}

/* Lists dfd (which it closes), sorted by name, and visits each entry. */
static ls_status walk_dir(struct walker *w, int dfd, size_t plen, unsigned level)
{
    DIR *d = fdopendir(dfd);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0, i, nl;
    ls_status st = LS_OK;

    if (!d) {
        w->cb->note(w->cb->ud, w->path, plen, "inode/directory", LS_FAILED, strerror(errno));
        close(dfd);
        return LS_OK;
    }
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *nn);
            if (!nn) {
                st = LS_ENOMEM;
                goto out;
            }
            names = nn;
        }
        if (!(names[n] = strdup(de->d_name))) {
            st = LS_ENOMEM;
            goto out;
        }
        n++;
    }
    if (n) /* names is NULL for an empty directory: not for qsort */
        qsort(names, n, sizeof *names, name_cmp);
    for (i = 0; i < n && st == LS_OK && !cancelled(w); i++) {
        nl = strlen(names[i]);
        if (plen + 1 + nl > LS_MAX_PATH_BYTES) {
            w->cb->note(w->cb->ud, w->path, plen, "inode/directory", LS_SKIPPED,
                        ls_limit_reason(LS_LIMIT_PATH_LENGTH));
            continue;
        }
        w->path[plen] = '/';
        memcpy(w->path + plen + 1, names[i], nl + 1);
        st = visit(w, dirfd(d), names[i], plen + 1 + nl, level, 0);
        w->path[plen] = '\0';
    }
out:
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return st;
}

ls_status ls_walk(const char *root, int follow_symlinks, const struct ls_walk_cb *cb)
{
    struct walker w;
    size_t rl = strlen(root);
    ls_status st;

    memset(&w, 0, sizeof w);
    w.cb = cb;
    w.follow = follow_symlinks;
    if (rl > LS_MAX_PATH_BYTES) {
        cb->note(cb->ud, root, rl, "unknown", LS_FAILED, "path too long");
        return LS_OK;
    }
    w.path = malloc(LS_MAX_PATH_BYTES + 1);
    if (!w.path)
        return LS_ENOMEM;
    memcpy(w.path, root, rl + 1);
    while (rl > 1 && w.path[rl - 1] == '/') /* "dir/" → "dir" */
        w.path[--rl] = '\0';
    st = visit(&w, AT_FDCWD, w.path, rl, 0, 1);
    free(w.seen);
    free(w.path);
    return st;
}
