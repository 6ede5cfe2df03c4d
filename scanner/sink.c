/* sink.c — shared JSON Lines outputs and safe output files (sink.h). */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sink.h"

struct ls_sink {
    FILE *f;              /* the stream */
    int is_stdout;        /* do not fclose stdout */
    int error;            /* errno of the first failed write, or 0 */
    pthread_mutex_t lock; /* one line at a time */
};

FILE *ls_open_output(const char *path, char *err, size_t errlen)
{
    int fd;
    FILE *f;

    if (!path || strcmp(path, "-") == 0)
        return stdout;
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path,
                 errno == ELOOP ? "refusing to write through a symbolic link" : strerror(errno));
        return NULL;
    }
    /* An existing file keeps its mode through O_TRUNC: make it 0600 too. */
    if (fchmod(fd, 0600) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    f = fdopen(fd, "w");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

ls_status ls_sink_open(const char *path, struct ls_sink **out, char *err, size_t errlen)
{
    struct ls_sink *s = calloc(1, sizeof *s);

    *out = NULL;
    if (!s)
        return LS_ENOMEM;
    s->f = ls_open_output(path, err, errlen);
    if (!s->f) {
        free(s);
        return LS_EIO;
    }
    s->is_stdout = s->f == stdout;
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return LS_OK;
}

void ls_sink_line(struct ls_sink *s, const char *line, size_t len)
{
    pthread_mutex_lock(&s->lock);
    if (!s->error && (fwrite(line, 1, len, s->f) != len || fputc('\n', s->f) == EOF))
        s->error = errno ? errno : EIO;
    pthread_mutex_unlock(&s->lock);
}

ls_status ls_sink_close(struct ls_sink *s, char *err, size_t errlen)
{
    ls_status st = LS_OK;

    if (!s)
        return LS_OK;
    if (fflush(s->f) != 0 && !s->error)
        s->error = errno;
    if (!s->is_stdout && fclose(s->f) != 0 && !s->error)
        s->error = errno;
    if (s->error) {
        snprintf(err, errlen, "write failed: %s", strerror(s->error));
        st = LS_EIO;
    }
    pthread_mutex_destroy(&s->lock);
    free(s);
    return st;
}
