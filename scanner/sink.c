/* sink.c — output files written beside their path and renamed into place,
 * and the shared JSON Lines outputs (sink.h). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

struct ls_outfile {
    FILE *f;
    char *path; /* the output path (NULL for stdout) */
    char *tmp;  /* the temporary file beside it, or NULL when written directly */
};

struct ls_sink {
    struct ls_outfile *out; /* NULL once finished */
    int error;              /* errno of the first failed write, or 0 */
    pthread_mutex_t lock;   /* one line at a time; the close too */
};

/* Opens path itself (a device, a FIFO): 0600 when created, no symlink. */
static int open_direct(const char *path)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
}

/* Creates "DIR/.NAME.XXXXXX" beside path, 0600; its name in *tmp. */
static int open_beside(const char *path, char **tmp)
{
    char *d = strdup(path), *b = strdup(path);
    int fd = -1;

    *tmp = NULL;
    if (d && b) {
        const char *dir = dirname(d), *base = basename(b);
        size_t n = strlen(dir) + strlen(base) + 16;

        *tmp = malloc(n);
        if (*tmp) {
            snprintf(*tmp, n, "%s/.%s.XXXXXX", dir, base);
            fd = mkostemp(*tmp, O_CLOEXEC);
        }
    }
    free(d);
    free(b);
    if (fd < 0) {
        int e = errno ? errno : ENOMEM;

        free(*tmp);
        *tmp = NULL;
        errno = e;
    }
    return fd;
}

ls_status ls_outfile_open(const char *path, struct ls_outfile **out, char *err, size_t errlen)
{
    struct ls_outfile *o = calloc(1, sizeof *o);
    struct stat st;
    int fd = -1, e;

    *out = NULL;
    if (!o)
        return LS_ENOMEM;
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        *out = o;
        return LS_OK;
    }
    o->path = strdup(path);
    if (!o->path) {
        free(o);
        return LS_ENOMEM;
    }
    if (lstat(path, &st) != 0)
        st.st_mode = S_IFREG; /* a new file */
    if (S_ISLNK(st.st_mode))
        errno = ELOOP;
    else if (S_ISDIR(st.st_mode))
        errno = EISDIR;
    else if (!S_ISREG(st.st_mode))
        fd = open_direct(path); /* a device or a FIFO */
    else
        fd = open_beside(path, &o->tmp); /* 0600 (mkostemp) */
    if (fd >= 0 && !(o->f = fdopen(fd, "w"))) {
        e = errno;
        close(fd);
        errno = e;
    }
    if (!o->f) {
        e = errno;
        snprintf(err, errlen, "%s: %s", path,
                 e == ELOOP ? "refusing to write through a symbolic link" : strerror(e));
        if (o->tmp)
            unlink(o->tmp);
        free(o->tmp);
        free(o->path);
        free(o);
        return LS_EIO;
    }
    *out = o;
    return LS_OK;
}

FILE *ls_outfile_stream(const struct ls_outfile *o)
{
    return o->f;
}

const char *ls_outfile_tmp(const struct ls_outfile *o)
{
    return o ? o->tmp : NULL;
}

int ls_outfile_id(const struct ls_outfile *o, dev_t *dev, ino_t *ino)
{
    struct stat st;

    *dev = 0;
    *ino = 0;
    if (!o || o->f == stdout || fstat(fileno(o->f), &st) != 0)
        return -1;
    *dev = st.st_dev;
    *ino = st.st_ino;
    return 0;
}

ls_status ls_outfile_close(struct ls_outfile *o, int commit, int wrote_error, char *err,
                           size_t errlen)
{
    int e = wrote_error;

    if (!o)
        return LS_OK;
    if (fflush(o->f) != 0 && !e)
        e = errno;
    if (o->f != stdout && fclose(o->f) != 0 && !e)
        e = errno;
    if (o->tmp) {
        if (commit > 0 && !e && rename(o->tmp, o->path) != 0)
            e = errno;
        if (commit == 0 || (commit > 0 && e))
            unlink(o->tmp); /* commit < 0: kept for a resumed scan */
    }
    if (e)
        snprintf(err, errlen, "write failed: %s", strerror(e));
    free(o->tmp);
    free(o->path);
    free(o);
    return e ? LS_EIO : LS_OK;
}

/* The kept temporary file of path: "DIR/.NAME.ckpt". */
static char *kept_name(const char *path)
{
    char *d = strdup(path), *b = strdup(path), *t = NULL;

    if (d && b) {
        const char *dir = dirname(d), *base = basename(b);
        size_t n = strlen(dir) + strlen(base) + 8;

        if ((t = malloc(n)))
            snprintf(t, n, "%s/.%s.ckpt", dir, base);
    }
    free(d);
    free(b);
    return t;
}

/* Opens the kept file t: new (offset < 0) or cut back to offset. */
static int open_kept(const char *t, int64_t offset, char *err, size_t errlen)
{
    struct stat st;
    int fd;

    if (offset < 0)
        return open(t, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if ((fd = open(t, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < offset) {
        snprintf(err, errlen, "%s: shorter than the %lld bytes recorded", t, (long long)offset);
        close(fd);
        errno = 0;
        return -1;
    }
    if (ftruncate(fd, (off_t)offset) != 0 || lseek(fd, 0, SEEK_END) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static ls_status sink_new(struct ls_outfile *o, struct ls_sink **out)
{
    struct ls_sink *s = calloc(1, sizeof *s);

    if (!s)
        return LS_ENOMEM;
    s->out = o;
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return LS_OK;
}

ls_status ls_sink_open_kept(const char *path, int64_t offset, struct ls_sink **out, char *err,
                            size_t errlen)
{
    struct ls_outfile *o = calloc(1, sizeof *o);
    struct stat st;
    int fd = -1;

    *out = NULL;
    err[0] = '\0';
    if (!o || !(o->path = strdup(path)) || !(o->tmp = kept_name(path))) {
        if (o)
            free(o->path);
        free(o);
        snprintf(err, errlen, "%s", strerror(ENOMEM));
        return LS_ENOMEM;
    }
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen,
                 "%s: not a regular file (a scan with --checkpoint writes its lines "
                 "to a file it can resume)",
                 path);
        free(o->tmp);
        o->tmp = NULL; /* nothing of ours to remove */
    } else if ((fd = open_kept(o->tmp, offset, err, errlen)) < 0 || !(o->f = fdopen(fd, "w"))) {
        if (!err[0])
            snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    if (!o->f) {
        free(o->tmp);
        free(o->path);
        free(o);
        return offset >= 0 ? LS_EUSAGE : LS_EIO;
    }
    if (sink_new(o, out) != LS_OK) {
        ls_outfile_close(o, -1, 0, err, errlen);
        return LS_ENOMEM;
    }
    return LS_OK;
}

int ls_sink_sync(struct ls_sink *s, uint64_t *offset)
{
    FILE *f;
    off_t at;
    int r = -1;

    pthread_mutex_lock(&s->lock);
    if (s->out && !s->error) {
        f = ls_outfile_stream(s->out);
        if (fflush(f) == 0 && fsync(fileno(f)) == 0 && (at = ftello(f)) >= 0) {
            *offset = (uint64_t)at;
            r = 0;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return r;
}

ls_status ls_sink_open(const char *path, struct ls_sink **out, char *err, size_t errlen)
{
    struct ls_sink *s = calloc(1, sizeof *s);
    ls_status st;

    *out = NULL;
    if (!s)
        return LS_ENOMEM;
    if ((st = ls_outfile_open(path, &s->out, err, errlen)) != LS_OK) {
        free(s);
        return st;
    }
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return LS_OK;
}

void ls_sink_line(struct ls_sink *s, const char *line, size_t len)
{
    FILE *f;

    pthread_mutex_lock(&s->lock);
    if (s->out && !s->error) {
        f = ls_outfile_stream(s->out);
        if (fwrite(line, 1, len, f) != len || fputc('\n', f) == EOF)
            s->error = errno ? errno : EIO;
    }
    pthread_mutex_unlock(&s->lock);
}

void ls_sink_lines(struct ls_sink *s, const char *lines, size_t len)
{
    FILE *f = ls_outfile_stream(s->out);

    if (len == 0)
        return;
    pthread_mutex_lock(&s->lock);
    if (!s->error && fwrite(lines, 1, len, f) != len)
        s->error = errno ? errno : EIO;
    pthread_mutex_unlock(&s->lock);
}

const struct ls_outfile *ls_sink_file(const struct ls_sink *s)
{
    return s ? s->out : NULL;
}

ls_status ls_sink_finish(struct ls_sink *s, int commit, char *err, size_t errlen)
{
    ls_status st = LS_OK;

    if (!s)
        return LS_OK;
    pthread_mutex_lock(&s->lock);
    if (s->out)
        st = ls_outfile_close(s->out, commit, s->error, err, errlen);
    s->out = NULL;
    pthread_mutex_unlock(&s->lock);
    return st;
}

ls_status ls_sink_close(struct ls_sink *s, int commit, char *err, size_t errlen)
{
    ls_status st;

    if (!s)
        return LS_OK;
    st = ls_sink_finish(s, commit, err, errlen);
    pthread_mutex_destroy(&s->lock);
    free(s);
    return st;
}
