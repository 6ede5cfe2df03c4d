/* queue.c — bounded multi-producer work queue with close and drain (queue.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "queue.h"
#include "wipe.h"

struct ls_queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty; /* an item arrived, or the queue may have ended */
    pthread_cond_t not_full;  /* room for the walker */
    pthread_cond_t quiet;     /* a worker is done with an item (ls_queue_quiesce) */
    struct ls_item *head, *tail;
    struct ls_item *front, *front_tail; /* chunks: served before any item */
    size_t items, max_items;            /* items waiting and their bound */
    uint64_t bytes, max_bytes;          /* blob bytes waiting and their bound */
    unsigned busy;                      /* workers between pop and done */
    int closed;                         /* the walker has finished */
};

ls_status ls_queue_new(size_t max_items, uint64_t max_bytes, struct ls_queue **out)
{
    struct ls_queue *q = calloc(1, sizeof *q);

    *out = NULL;
    if (!q)
        return LS_ENOMEM;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    pthread_cond_init(&q->quiet, NULL);
    q->max_items = max_items ? max_items : 1;
    q->max_bytes = max_bytes;
    *out = q;
    return LS_OK;
}

void ls_queue_free(struct ls_queue *q)
{
    struct ls_item *it, *next;

    if (!q)
        return;
    for (it = q->head; it; it = next) {
        next = it->next;
        ls_item_free(it);
    }
    /* chunks are owned by their splitter, never freed here */
    pthread_cond_destroy(&q->quiet);
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->lock);
    free(q);
}

static int has_room(const struct ls_queue *q, const struct ls_item *it)
{
    if (q->items >= q->max_items)
        return 0;
    /* A blob larger than the whole byte bound still goes in an empty queue. */
    if (it->len && q->bytes && q->bytes + it->len > q->max_bytes)
        return 0;
    return 1;
}

static void append(struct ls_queue *q, struct ls_item *it)
{
    it->next = NULL;
    if (q->tail)
        q->tail->next = it;
    else
        q->head = it;
    q->tail = it;
    q->items++;
    q->bytes += it->len;
    pthread_cond_signal(&q->not_empty);
}

void ls_queue_push(struct ls_queue *q, struct ls_item *it)
{
    pthread_mutex_lock(&q->lock);
    while (!has_room(q, it))
        pthread_cond_wait(&q->not_full, &q->lock);
    append(q, it);
    pthread_mutex_unlock(&q->lock);
}

int ls_queue_try_push(struct ls_queue *q, struct ls_item *it)
{
    int ok;

    pthread_mutex_lock(&q->lock);
    ok = has_room(q, it);
    if (ok)
        append(q, it);
    pthread_mutex_unlock(&q->lock);
    return ok ? 0 : -1;
}

void ls_queue_close(struct ls_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

void ls_queue_push_front(struct ls_queue *q, struct ls_item *it)
{
    pthread_mutex_lock(&q->lock);
    it->next = NULL;
    if (q->front_tail)
        q->front_tail->next = it;
    else
        q->front = it;
    q->front_tail = it;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
}

static struct ls_item *front_take(struct ls_queue *q)
{
    struct ls_item *it = q->front;

    if (it) {
        q->front = it->next;
        if (!q->front)
            q->front_tail = NULL;
        it->next = NULL;
    }
    return it;
}

struct ls_item *ls_queue_take_front(struct ls_queue *q)
{
    struct ls_item *it;

    pthread_mutex_lock(&q->lock);
    it = front_take(q);
    pthread_mutex_unlock(&q->lock);
    return it;
}

/* Takes the first item of the queue proper (the lock held, q->head set):
 * counted busy, and a producer waiting for room woken. */
static struct ls_item *head_take(struct ls_queue *q)
{
    struct ls_item *it = q->head;

    q->head = it->next;
    if (!q->head)
        q->tail = NULL;
    q->items--;
    q->bytes -= it->len;
    q->busy++;
    pthread_cond_broadcast(&q->not_full);
    return it;
}

struct ls_item *ls_queue_pop(struct ls_queue *q)
{
    struct ls_item *it = NULL;

    pthread_mutex_lock(&q->lock);
    while (!q->front && !q->head && !(q->closed && q->busy == 0))
        pthread_cond_wait(&q->not_empty, &q->lock);
    if (q->front) {
        it = front_take(q);
        q->busy++;
    } else if (q->head) {
        it = head_take(q);
    } else {
        pthread_cond_broadcast(&q->not_empty); /* wake the other idle workers to end too */
    }
    pthread_mutex_unlock(&q->lock);
    return it;
}

struct ls_item *ls_queue_try_pop_file(struct ls_queue *q, size_t keep)
{
    struct ls_item *it = NULL;

    pthread_mutex_lock(&q->lock);
    if (!q->front && q->head && q->head->kind == LS_ITEM_FILE && q->items > keep) {
        it = head_take(q);
    }
    pthread_mutex_unlock(&q->lock);
    return it;
}

void ls_queue_done(struct ls_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->busy--;
    if (q->busy == 0 && q->closed && !q->head)
        pthread_cond_broadcast(&q->not_empty);
    if (!q->head && !q->front)
        pthread_cond_broadcast(&q->quiet);
    pthread_mutex_unlock(&q->lock);
}

int ls_queue_quiesce(struct ls_queue *q, unsigned keep, unsigned ms)
{
    struct timespec dl;
    int quiet;

    clock_gettime(CLOCK_REALTIME, &dl);
    dl.tv_sec += ms / 1000;
    dl.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (dl.tv_nsec >= 1000000000L) {
        dl.tv_sec++;
        dl.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->lock);
    while (!(quiet = !q->head && !q->front && q->busy <= keep))
        if (pthread_cond_timedwait(&q->quiet, &q->lock, &dl) != 0)
            break;
    quiet = !q->head && !q->front && q->busy <= keep;
    pthread_mutex_unlock(&q->lock);
    return quiet ? 0 : -1;
}

struct ls_item *ls_item_new(enum ls_item_kind kind, const char *path, size_t path_len,
                            unsigned depth)
{
    struct ls_item *it = calloc(1, sizeof *it);

    if (!it)
        return NULL;
    it->path = malloc(path_len + 1);
    if (!it->path) {
        free(it);
        return NULL;
    }
    memcpy(it->path, path, path_len);
    it->path[path_len] = '\0';
    it->path_len = path_len;
    it->kind = kind;
    it->depth = depth;
    return it;
}

void ls_item_free(struct ls_item *it)
{
    if (!it)
        return;
    free(it->path);
    ls_wipe_free(it->data, it->len);
    free(it->note_reason);
    free(it->note_type);
    free(it);
}
