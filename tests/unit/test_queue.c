/* test_queue.c — unit tests of the bounded work queue (scanner/queue.c).
 *
 * Bounds by items and by bytes, try_push failing when full, pop and push
 * blocking, and the end of the queue: closed, empty and no worker busy (a
 * busy worker may still produce items, so idle workers must keep waiting);
 * the quiet point of --checkpoint (ls_queue_quiesce): nothing queued and at
 * most `keep` workers busy. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "queue.h"

/* Long enough for a thread that should block to have got there. */
static void settle(void)
{
    struct timespec ts = {0, 30 * 1000 * 1000};

    nanosleep(&ts, NULL);
}

static struct ls_item *mk(const char *path, size_t len)
{
    struct ls_item *it = ls_item_new(len ? LS_ITEM_BLOB : LS_ITEM_FILE, path, strlen(path), 0);

    assert_non_null(it);
    if (len) {
        it->data = calloc(1, len);
        assert_non_null(it->data);
        it->len = len;
    }
    return it;
}

static void test_item_new(void **state)
{
    struct ls_item *it = ls_item_new(LS_ITEM_NOTE, "a\0b/c", 5, 3);

    (void)state;
    assert_non_null(it);
    assert_int_equal(it->kind, LS_ITEM_NOTE);
    assert_int_equal(it->path_len, 5);
    assert_memory_equal(it->path, "a\0b/c", 5);
    assert_int_equal(it->path[5], '\0');
    assert_int_equal(it->depth, 3);
    assert_null(it->data);
    assert_null(it->next);
    it->note_reason = strdup("fifo");
    it->note_type = strdup("inode/fifo");
    ls_item_free(it);
    ls_item_free(NULL);
}

static void test_bound_items(void **state)
{
    struct ls_queue *q;
    struct ls_item *a = mk("a", 0), *b = mk("b", 0), *c = mk("c", 0), *got;

    (void)state;
    assert_int_equal(ls_queue_new(2, 1000, &q), LS_OK);
    assert_int_equal(ls_queue_try_push(q, a), 0);
    assert_int_equal(ls_queue_try_push(q, b), 0);
    assert_int_equal(ls_queue_try_push(q, c), -1); /* full: the caller keeps c */
    assert_string_equal(c->path, "c");
    got = ls_queue_pop(q);
    assert_ptr_equal(got, a); /* FIFO */
    assert_int_equal(ls_queue_try_push(q, c), 0);
    ls_queue_done(q);
    ls_item_free(got);
    ls_queue_free(q); /* frees b and c */
}

static void test_bound_items_zero_means_one(void **state)
{
    struct ls_queue *q;
    struct ls_item *a = mk("a", 0), *b = mk("b", 0);

    (void)state;
    assert_int_equal(ls_queue_new(0, 1000, &q), LS_OK);
    assert_int_equal(ls_queue_try_push(q, a), 0);
    assert_int_equal(ls_queue_try_push(q, b), -1);
    ls_item_free(b);
    ls_queue_free(q);
}

static void test_bound_bytes(void **state)
{
    struct ls_queue *q;
    struct ls_item *a = mk("a", 60), *b = mk("b", 60), *c = mk("c", 40), *f = mk("f", 0), *got;

    (void)state;
    assert_int_equal(ls_queue_new(10, 100, &q), LS_OK);
    assert_int_equal(ls_queue_try_push(q, a), 0);
    assert_int_equal(ls_queue_try_push(q, b), -1); /* 120 > 100 */
    assert_int_equal(ls_queue_try_push(q, c), 0);  /* exactly 100 */
    assert_int_equal(ls_queue_try_push(q, f), 0);  /* no bytes: only the item bound applies */
    got = ls_queue_pop(q);
    assert_ptr_equal(got, a);
    assert_int_equal(ls_queue_try_push(q, b), 0); /* 40 + 60 */
    ls_queue_done(q);
    ls_item_free(got);
    ls_queue_free(q);
}

static void test_oversized_blob_enters_empty_queue(void **state)
{
    struct ls_queue *q;
    struct ls_item *big = mk("big", 500), *small = mk("small", 1), *got;

    (void)state;
    assert_int_equal(ls_queue_new(10, 100, &q), LS_OK);
    /* Larger than the whole bound: it still goes in when nothing is held,
     * or it could never be queued at all. */
    assert_int_equal(ls_queue_try_push(q, big), 0);
    assert_int_equal(ls_queue_try_push(q, small), -1);
    got = ls_queue_pop(q);
    assert_ptr_equal(got, big);
    assert_int_equal(ls_queue_try_push(q, small), 0);
    ls_queue_done(q);
    ls_item_free(got);
    ls_queue_free(q);
}

/* --- blocking ---------------------------------------------------------- */

struct popper {
    struct ls_queue *q;
    pthread_mutex_t lock;
    int returned;
    struct ls_item *got;
};

static void *pop_thread(void *arg)
{
    struct popper *p = arg;
    struct ls_item *it = ls_queue_pop(p->q);

    pthread_mutex_lock(&p->lock);
    p->got = it;
    p->returned = 1;
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static int popper_returned(struct popper *p)
{
    int r;

    pthread_mutex_lock(&p->lock);
    r = p->returned;
    pthread_mutex_unlock(&p->lock);
    return r;
}

static void test_pop_blocks_until_push(void **state)
{
    struct popper p;
    pthread_t th;
    struct ls_item *it = mk("x", 0);

    (void)state;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.lock, NULL);
    assert_int_equal(ls_queue_new(4, 1000, &p.q), LS_OK);
    assert_int_equal(pthread_create(&th, NULL, pop_thread, &p), 0);
    settle();
    assert_false(popper_returned(&p)); /* empty and open: it waits */
    ls_queue_push(p.q, it);
    pthread_join(th, NULL);
    assert_ptr_equal(p.got, it);
    ls_queue_done(p.q);
    ls_item_free(p.got);
    ls_queue_free(p.q);
    pthread_mutex_destroy(&p.lock);
}

static void test_pop_returns_null_after_close(void **state)
{
    struct popper p;
    pthread_t th;

    (void)state;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.lock, NULL);
    assert_int_equal(ls_queue_new(4, 1000, &p.q), LS_OK);
    assert_int_equal(pthread_create(&th, NULL, pop_thread, &p), 0);
    settle();
    assert_false(popper_returned(&p));
    ls_queue_close(p.q); /* wakes the idle worker: nothing more can come */
    pthread_join(th, NULL);
    assert_null(p.got);
    assert_null(ls_queue_pop(p.q)); /* and stays ended */
    ls_queue_free(p.q);
    pthread_mutex_destroy(&p.lock);
}

struct pusher {
    struct ls_queue *q;
    struct ls_item *it;
    pthread_mutex_t lock;
    int returned;
};

static void *push_thread(void *arg)
{
    struct pusher *p = arg;

    ls_queue_push(p->q, p->it);
    pthread_mutex_lock(&p->lock);
    p->returned = 1;
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

static void test_push_blocks_while_full(void **state)
{
    struct pusher p;
    pthread_t th;
    struct ls_item *a = mk("a", 80), *got;
    int r;

    (void)state;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.lock, NULL);
    assert_int_equal(ls_queue_new(4, 100, &p.q), LS_OK);
    ls_queue_push(p.q, a);
    p.it = mk("b", 80); /* would exceed the byte bound */
    assert_int_equal(pthread_create(&th, NULL, push_thread, &p), 0);
    settle();
    pthread_mutex_lock(&p.lock);
    r = p.returned;
    pthread_mutex_unlock(&p.lock);
    assert_false(r);
    got = ls_queue_pop(p.q); /* makes room */
    assert_ptr_equal(got, a);
    pthread_join(th, NULL);
    ls_queue_done(p.q);
    ls_item_free(got);
    got = ls_queue_pop(p.q);
    assert_ptr_equal(got, p.it);
    ls_queue_done(p.q);
    ls_item_free(got);
    ls_queue_free(p.q);
    pthread_mutex_destroy(&p.lock);
}

/* Closed and empty, but a worker is busy: another worker must keep waiting,
 * because the busy one may still produce an item. */
static void test_close_waits_for_busy_worker(void **state)
{
    struct popper p;
    pthread_t th;
    struct ls_item *root = mk("root", 0), *child = mk("root!/child", 0), *got;

    (void)state;
    memset(&p, 0, sizeof p);
    pthread_mutex_init(&p.lock, NULL);
    assert_int_equal(ls_queue_new(4, 1000, &p.q), LS_OK);
    ls_queue_push(p.q, root);
    got = ls_queue_pop(p.q); /* this thread is now the busy worker */
    assert_ptr_equal(got, root);
    ls_queue_close(p.q);
    assert_int_equal(pthread_create(&th, NULL, pop_thread, &p), 0);
    settle();
    assert_false(popper_returned(&p));                  /* closed and empty, but not ended */
    assert_int_equal(ls_queue_try_push(p.q, child), 0); /* workers may push after close */
    pthread_join(th, NULL);
    assert_ptr_equal(p.got, child);
    ls_item_free(p.got);
    ls_queue_done(p.q); /* the other worker is still busy with the child */

    /* Now wait again while the child's worker is done but we are busy. */
    p.returned = 0;
    p.got = NULL;
    assert_int_equal(pthread_create(&th, NULL, pop_thread, &p), 0);
    settle();
    assert_false(popper_returned(&p));
    ls_queue_done(p.q); /* last busy worker done: the queue has ended */
    pthread_join(th, NULL);
    assert_null(p.got);
    assert_null(ls_queue_pop(p.q));
    ls_item_free(got);
    ls_queue_free(p.q);
    pthread_mutex_destroy(&p.lock);
}

/* --- many workers that produce items ------------------------------------ */

#define ROOTS 200
#define FANOUT 2
#define LEVELS 3 /* depth 0, 1, 2: each root is 1 + 2 + 4 = 7 items */

struct pool {
    struct ls_queue *q;
    pthread_mutex_t lock;
    unsigned long processed;
    unsigned long inline_done; /* children the queue refused, done by their producer */
    unsigned long per_depth[LEVELS];
};

static void process(struct pool *pl, struct ls_item *it)
{
    unsigned i;

    pthread_mutex_lock(&pl->lock);
    pl->processed++;
    pl->per_depth[it->depth]++;
    pthread_mutex_unlock(&pl->lock);
    if (it->depth + 1 < LEVELS)
        for (i = 0; i < FANOUT; i++) {
            char name[64];
            struct ls_item *c;
            int n = snprintf(name, sizeof name, "%s/%u", it->path, i);
            c = ls_item_new(LS_ITEM_BLOB, name, (size_t)n, it->depth + 1);
            if (!c) /* no cmocka asserts off the main thread */
                abort();
            c->len = 10;
            if (ls_queue_try_push(pl->q, c) != 0) {
                /* A worker never blocks on the queue: it does the work itself. */
                pthread_mutex_lock(&pl->lock);
                pl->inline_done++;
                pthread_mutex_unlock(&pl->lock);
                process(pl, c);
            }
        }
    ls_item_free(it);
}

static void *worker(void *arg)
{
    struct pool *pl = arg;
    struct ls_item *it;

    while ((it = ls_queue_pop(pl->q)) != NULL) {
        process(pl, it);
        ls_queue_done(pl->q);
    }
    return NULL;
}

static void run_pool(unsigned nthreads, size_t max_items, uint64_t max_bytes)
{
    struct pool pl;
    pthread_t th[4];
    unsigned i;

    memset(&pl, 0, sizeof pl);
    pthread_mutex_init(&pl.lock, NULL);
    assert_int_equal(ls_queue_new(max_items, max_bytes, &pl.q), LS_OK);
    for (i = 0; i < nthreads; i++)
        assert_int_equal(pthread_create(&th[i], NULL, worker, &pl), 0);
    for (i = 0; i < ROOTS; i++) {
        char name[32];
        int n = snprintf(name, sizeof name, "r%u", i);
        ls_queue_push(pl.q, ls_item_new(LS_ITEM_FILE, name, (size_t)n, 0));
    }
    ls_queue_close(pl.q);
    for (i = 0; i < nthreads; i++)
        pthread_join(th[i], NULL);
    /* Every item, pushed by the walker or produced by a worker, was processed
     * exactly once, and every worker ended. */
    assert_int_equal(pl.processed, ROOTS * 7);
    assert_int_equal(pl.per_depth[0], ROOTS);
    assert_int_equal(pl.per_depth[1], ROOTS * 2);
    assert_int_equal(pl.per_depth[2], ROOTS * 4);
    assert_null(ls_queue_pop(pl.q));
    ls_queue_free(pl.q);
    pthread_mutex_destroy(&pl.lock);
}

static void test_drain_2_workers(void **state)
{
    (void)state;
    run_pool(2, 8, 1000);
}

static void test_drain_4_workers_tight(void **state)
{
    (void)state;
    run_pool(4, 2, 15); /* tight bounds: many children are done inline */
}

static void test_drain_3_workers_roomy(void **state)
{
    (void)state;
    run_pool(3, 4096, (uint64_t)1 << 30);
}

struct done_later {
    struct ls_queue *q;
};

static void *done_later_main(void *arg)
{
    struct done_later *d = arg;

    settle();
    ls_queue_done(d->q);
    return NULL;
}

static void test_quiesce(void **state)
{
    struct ls_queue *q;
    struct ls_item *it;
    struct done_later d;
    pthread_t th;

    (void)state;
    assert_int_equal(ls_queue_new(8, 0, &q), LS_OK);
    assert_int_equal(ls_queue_quiesce(q, 0, 10), 0); /* empty, nobody busy */
    ls_queue_push(q, mk("a", 0));
    assert_int_equal(ls_queue_quiesce(q, 1, 20), -1); /* an item waits */
    it = ls_queue_pop(q);                             /* now busy with it */
    assert_non_null(it);
    assert_int_equal(ls_queue_quiesce(q, 1, 10), 0);  /* the caller is the busy one */
    assert_int_equal(ls_queue_quiesce(q, 0, 20), -1); /* a worker is busy */
    d.q = q;
    assert_int_equal(pthread_create(&th, NULL, done_later_main, &d), 0);
    assert_int_equal(ls_queue_quiesce(q, 0, 5000), 0); /* woken by its done */
    pthread_join(th, NULL);
    ls_item_free(it);
    ls_queue_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_item_new),
        cmocka_unit_test(test_bound_items),
        cmocka_unit_test(test_bound_items_zero_means_one),
        cmocka_unit_test(test_bound_bytes),
        cmocka_unit_test(test_oversized_blob_enters_empty_queue),
        cmocka_unit_test(test_pop_blocks_until_push),
        cmocka_unit_test(test_pop_returns_null_after_close),
        cmocka_unit_test(test_push_blocks_while_full),
        cmocka_unit_test(test_close_waits_for_busy_worker),
        cmocka_unit_test(test_drain_2_workers),
        cmocka_unit_test(test_drain_4_workers_tight),
        cmocka_unit_test(test_drain_3_workers_roomy),
        cmocka_unit_test(test_quiesce),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
