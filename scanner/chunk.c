/* chunk.c — chunks of one large item's records, matched by any worker and
 * put back together in order (chunk.h).
 *
 * A chunk holds copies of whole records: their texts back to back, and for
 * each record its numbers (index, line, offset, page), its fields' spans,
 * and its column names and part name (interned: a run of records with the
 * same header names shares one copy).  Everything is stored as offsets,
 * since the arrays grow while the chunk fills; the pointers of struct
 * ls_record are made when the chunk is matched.  The chunks of a splitter
 * form a ring: slots[head] is the oldest in flight, and only the cutter
 * fills, submits and retires them; a chunk's `done` flag (under the
 * splitter's lock) is the one thing another thread writes. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "strbuf.h"

/* Findings lines of one chunk: a chunk's records each yield a handful of
 * lines at most, each bounded by the matcher. */
#define CHUNK_LINES_MAX ((size_t)1 << 30)
#define NONE SIZE_MAX

struct crec {
    size_t text_off, len;
    uint64_t index, line, offset;
    uint32_t page;
    int prose;
    int ascii;       /* as in the record: its text holds ASCII bytes only */
    size_t part;     /* offset of its part name in names, or NONE */
    size_t ncolumns; /* as in the record */
    size_t fbase;    /* its fields: foff[fbase..], flen[fbase..], or NONE */
    size_t cbase;    /* its column names: cname[cbase..], or NONE */
    size_t lbase;    /* its fields' lines: flines[lbase..], or NONE */
};

struct ls_chunk {
    struct ls_item item; /* its queue entry */
    struct ls_splitter *sp;
    int done;     /* matched (under sp->lock) */
    ls_status st; /* the matcher's failure, if any */
    char *text;
    size_t tlen, tcap;
    struct crec *recs;
    size_t nrec, rcap;
    size_t *foff, *flen;     /* field spans of every record */
    size_t nf, fcap, flcap2; /* fields, capacity of foff, of flen */
    uint64_t *flines;        /* field lines of the records that have them */
    size_t nfl, flcap;
    size_t *cname; /* column names: offsets in names, or NONE */
    size_t nc, ccap;
    char *names; /* NUL-terminated names, back to back */
    size_t nlen, ncap;
    size_t last_cbase, last_ncol; /* the last interned column names */
    size_t last_part;             /* the last interned part name, or NONE */
    const char **colptr;          /* cname as pointers, made when matched */
    size_t colptr_cap;
    struct ls_strbuf lines;        /* its findings lines */
    struct ls_item_counts *counts; /* the item's counts over its records */
};

struct ls_splitter {
    pthread_mutex_t lock;
    pthread_cond_t cond; /* a chunk is done */
    struct ls_queue *q;
    struct ls_sink *sink;
    struct ls_chunk *slots;
    unsigned n;
    unsigned head, count;  /* in flight, oldest first: slots[head], … (count of them) */
    struct ls_chunk *fill; /* being filled (the newest in flight), or NULL */
    size_t chunk_bytes;
    const char *path;
    struct ls_matcher *owner, *self;
    ls_status st;        /* the first failure of a chunk */
    uint64_t cuts;       /* chunks cut for the current item */
    size_t direct_left;  /* record text still matched by the cutter itself */
    _Atomic int *cancel; /* the scan's interrupt flag, or NULL */
};

static void chunk_free(struct ls_chunk *c)
{
    free(c->text);
    free(c->recs);
    free(c->foff);
    free(c->flen);
    free(c->flines);
    free(c->cname);
    free(c->names);
    free(c->colptr);
    ls_strbuf_free(&c->lines);
    ls_item_counts_free(c->counts);
}

ls_status ls_splitter_new(struct ls_queue *q, struct ls_sink *findings, unsigned nchunks,
                          size_t chunk_bytes, _Atomic int *cancel, struct ls_splitter **out)
{
    struct ls_splitter *sp = calloc(1, sizeof *sp);
    unsigned i;

    *out = NULL;
    if (!sp)
        return LS_ENOMEM;
    sp->n = nchunks < 2 ? 2 : nchunks;
    sp->slots = calloc(sp->n, sizeof *sp->slots);
    if (!sp->slots) {
        free(sp);
        return LS_ENOMEM;
    }
    pthread_mutex_init(&sp->lock, NULL);
    pthread_cond_init(&sp->cond, NULL);
    sp->q = q;
    sp->sink = findings;
    sp->cancel = cancel;
    sp->chunk_bytes = chunk_bytes ? chunk_bytes : 1;
    for (i = 0; i < sp->n; i++) {
        sp->slots[i].sp = sp;
        sp->slots[i].item.kind = LS_ITEM_CHUNK;
        sp->slots[i].item.chunk = &sp->slots[i];
        ls_strbuf_init(&sp->slots[i].lines, CHUNK_LINES_MAX);
    }
    *out = sp;
    return LS_OK;
}

void ls_splitter_free(struct ls_splitter *sp)
{
    unsigned i;

    if (!sp)
        return;
    for (i = 0; i < sp->n; i++)
        chunk_free(&sp->slots[i]);
    free(sp->slots);
    pthread_cond_destroy(&sp->cond);
    pthread_mutex_destroy(&sp->lock);
    free(sp);
}

ls_status ls_splitter_begin(struct ls_splitter *sp, const char *path, struct ls_matcher *owner,
                            struct ls_matcher *self, int64_t size_hint)
{
    unsigned i;

    for (i = 0; i < sp->n; i++)
        if (!sp->slots[i].counts && ls_item_counts_new(owner, &sp->slots[i].counts) != LS_OK)
            return LS_ENOMEM;
    sp->path = path;
    sp->owner = owner;
    sp->self = self;
    sp->head = sp->count = 0;
    sp->fill = NULL;
    sp->st = LS_OK;
    sp->cuts = 0;
    sp->direct_left = size_hint < 0 ? sp->chunk_bytes : 0;
    return LS_OK;
}

uint64_t ls_splitter_cuts(const struct ls_splitter *sp)
{
    return sp->cuts;
}

/* --- filling ---------------------------------------------------------------- */

/* Room for need elements of size elem in *p (capacity *cap); -1 out of memory. */
static int grow(void *pp, size_t *cap, size_t need, size_t elem)
{
    void **p = pp;
    size_t nc = *cap ? *cap : 64;
    void *np;

    if (need <= *cap)
        return 0;
    while (nc < need)
        nc *= 2;
    np = realloc(*p, nc * elem);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

/* The offset of a copy of s in c->names (NONE for NULL), or -1 out of memory
 * through *oom. */
static size_t name_add(struct ls_chunk *c, const char *s, int *oom)
{
    size_t n, off;

    if (!s)
        return NONE;
    n = strlen(s) + 1;
    if (grow(&c->names, &c->ncap, c->nlen + n, 1) < 0) {
        *oom = 1;
        return NONE;
    }
    off = c->nlen;
    memcpy(c->names + off, s, n);
    c->nlen += n;
    return off;
}

static int name_eq(const struct ls_chunk *c, size_t off, const char *s)
{
    if (off == NONE || !s)
        return off == NONE && !s;
    return strcmp(c->names + off, s) == 0;
}

/* The first of rec's column names in c->cname: the last ones again when
 * they are the same, else a new copy. */
static size_t columns_add(struct ls_chunk *c, const struct ls_record *rec, int *oom)
{
    size_t f, base;

    if (c->last_ncol == rec->ncolumns && c->last_cbase != NONE) {
        for (f = 0; f < rec->ncolumns; f++)
            if (!name_eq(c, c->cname[c->last_cbase + f], rec->columns ? rec->columns[f] : NULL))
                break;
        if (f == rec->ncolumns)
            return c->last_cbase;
    }
    if (grow(&c->cname, &c->ccap, c->nc + rec->ncolumns, sizeof *c->cname) < 0) {
        *oom = 1;
        return 0;
    }
    base = c->nc;
    for (f = 0; f < rec->ncolumns; f++)
        c->cname[c->nc++] = name_add(c, rec->columns ? rec->columns[f] : NULL, oom);
    c->last_cbase = base;
    c->last_ncol = rec->ncolumns;
    return base;
}

/* Copies rec into c; LS_ENOMEM on failure. */
static ls_status chunk_add(struct ls_chunk *c, const struct ls_record *rec)
{
    struct crec *r;
    int oom = 0;
    size_t f;

    if (grow(&c->recs, &c->rcap, c->nrec + 1, sizeof *c->recs) < 0 ||
        grow(&c->text, &c->tcap, c->tlen + rec->len, 1) < 0 ||
        grow(&c->foff, &c->fcap, c->nf + rec->ncolumns, sizeof *c->foff) < 0 ||
        grow(&c->flen, &c->flcap2, c->nf + rec->ncolumns, sizeof *c->flen) < 0)
        return LS_ENOMEM;
    r = &c->recs[c->nrec];
    memset(r, 0, sizeof *r);
    r->text_off = c->tlen;
    r->len = rec->len;
    if (rec->len)
        memcpy(c->text + c->tlen, rec->text, rec->len);
    c->tlen += rec->len;
    r->index = rec->index;
    r->line = rec->line;
    r->offset = rec->offset;
    r->page = rec->page;
    r->prose = rec->prose;
    r->ascii = rec->ascii;
    r->part = c->last_part;
    if (!name_eq(c, c->last_part, rec->part))
        r->part = c->last_part = name_add(c, rec->part, &oom);
    r->ncolumns = rec->ncolumns;
    r->fbase = r->cbase = r->lbase = NONE;
    if (rec->ncolumns && rec->field_off && rec->field_len) {
        r->fbase = c->nf;
        for (f = 0; f < r->ncolumns; f++) {
            c->foff[c->nf + f] = rec->field_off[f];
            c->flen[c->nf + f] = rec->field_len[f];
        }
        c->nf += r->ncolumns;
    }
    if (rec->ncolumns && rec->columns)
        r->cbase = columns_add(c, rec, &oom);
    if (r->ncolumns && rec->field_line) {
        if (grow(&c->flines, &c->flcap, c->nfl + r->ncolumns, sizeof *c->flines) < 0)
            return LS_ENOMEM;
        r->lbase = c->nfl;
        memcpy(c->flines + c->nfl, rec->field_line, r->ncolumns * sizeof *c->flines);
        c->nfl += r->ncolumns;
    }
    if (oom)
        return LS_ENOMEM;
    c->nrec++;
    return LS_OK;
}

static void chunk_reset(struct ls_chunk *c)
{
    c->done = 0;
    c->st = LS_OK;
    c->tlen = c->nrec = c->nf = c->nfl = c->nc = c->nlen = 0;
    c->last_cbase = NONE;
    c->last_ncol = 0;
    c->last_part = NONE;
    ls_strbuf_reset(&c->lines);
    c->lines.overflow = 0;
}

/* --- matching --------------------------------------------------------------- */

void ls_chunk_serve(struct ls_item *it, struct ls_matcher *m)
{
    struct ls_chunk *c = it->chunk;
    struct ls_splitter *sp = c->sp;
    struct ls_record rec;
    ls_status st = LS_OK;
    size_t i;

    if (!m || grow(&c->colptr, &c->colptr_cap, c->nc, sizeof *c->colptr) < 0)
        st = LS_ENOMEM; /* no matcher: the chunk fails rather than counting nothing */
    for (i = 0; st == LS_OK && i < c->nc; i++)
        c->colptr[i] = c->cname[i] == NONE ? NULL : c->names + c->cname[i];
    ls_matcher_item_begin(m, sp->path);
    ls_matcher_set_lines(m, sp->sink ? &c->lines : NULL);
    for (i = 0; st == LS_OK && i < c->nrec; i++) {
        const struct crec *r = &c->recs[i];

        if (sp->cancel && atomic_load_explicit(sp->cancel, memory_order_relaxed)) {
            st = LS_ELIMIT; /* interrupted: the item ends as skipped */
            break;
        }

        memset(&rec, 0, sizeof rec);
        rec.text = c->text + r->text_off;
        rec.len = r->len;
        rec.index = r->index;
        rec.line = r->line;
        rec.offset = r->offset;
        rec.page = r->page;
        rec.prose = r->prose;
        rec.ascii = r->ascii;
        rec.part = r->part == NONE ? NULL : c->names + r->part;
        rec.ncolumns = r->ncolumns;
        rec.columns = r->cbase == NONE ? NULL : c->colptr + r->cbase;
        rec.field_off = r->fbase == NONE ? NULL : c->foff + r->fbase;
        rec.field_len = r->fbase == NONE ? NULL : c->flen + r->fbase;
        rec.field_line = r->lbase == NONE ? NULL : c->flines + r->lbase;
        st = ls_matcher_record(m, &rec);
    }
    ls_matcher_set_lines(m, NULL);
    ls_matcher_item_save(m, c->counts);
    if (st == LS_OK && c->lines.overflow)
        st = LS_ENOMEM;
    pthread_mutex_lock(&sp->lock);
    c->st = st;
    c->done = 1;
    pthread_cond_broadcast(&sp->cond);
    pthread_mutex_unlock(&sp->lock);
}

/* --- putting back in order ---------------------------------------------------- */

static void submit(struct ls_splitter *sp)
{
    struct ls_chunk *c = sp->fill;

    sp->fill = NULL;
    if (c) {
        sp->cuts++;
        ls_queue_push_front(sp->q, &c->item);
    }
}

/* Waits until the oldest chunk in flight (submitted) is matched, matching
 * queued chunks (its own or other cutters') meanwhile; then writes its lines
 * and adds its counts. */
static void retire_head(struct ls_splitter *sp)
{
    struct ls_chunk *c = &sp->slots[sp->head];
    struct ls_item *it;
    int done;

    for (;;) {
        pthread_mutex_lock(&sp->lock);
        done = c->done;
        pthread_mutex_unlock(&sp->lock);
        if (done)
            break;
        it = ls_queue_take_front(sp->q);
        if (it) {
            ls_chunk_serve(it, sp->self);
            continue;
        }
        /* None queued: c is being matched by another worker. */
        pthread_mutex_lock(&sp->lock);
        while (!c->done)
            pthread_cond_wait(&sp->cond, &sp->lock);
        pthread_mutex_unlock(&sp->lock);
        break;
    }
    if (c->st != LS_OK && sp->st == LS_OK)
        sp->st = c->st;
    if (sp->sink && c->lines.len)
        ls_sink_lines(sp->sink, c->lines.data, c->lines.len);
    ls_matcher_item_add(sp->owner, c->counts);
    chunk_reset(c);
    sp->head = (sp->head + 1) % sp->n;
    sp->count--;
}

/* Retires every chunk in flight. */
static void drain_all(struct ls_splitter *sp)
{
    submit(sp);
    while (sp->count > 0)
        retire_head(sp);
}

ls_status ls_splitter_record(struct ls_splitter *sp, const struct ls_record *rec)
{
    ls_status st;

    if (sp->direct_left > 0 && sp->count == 0) {
        /* The first chunk's worth is matched here, in order, before any
         * chunk exists: an item of unknown size that turns out small (an
         * entry of a compressed stream) costs nothing more than before. */
        sp->direct_left -= rec->len < sp->direct_left ? rec->len : sp->direct_left;
        return ls_matcher_record(sp->owner, rec);
    }
    if (rec->nparts) {
        /* A record joined from parts (documents, never the line and row
         * formats split today): matched here, after every chunk before it. */
        drain_all(sp);
        st = ls_matcher_record(sp->owner, rec);
        return st != LS_OK ? st : sp->st;
    }
    if (!sp->fill) {
        if (sp->count == sp->n)
            retire_head(sp);
        sp->fill = &sp->slots[(sp->head + sp->count) % sp->n];
        sp->count++;
        chunk_reset(sp->fill);
    }
    if ((st = chunk_add(sp->fill, rec)) != LS_OK)
        return st;
    if (sp->fill->tlen >= sp->chunk_bytes || sp->fill->nrec >= LS_CHUNK_MAX_RECORDS)
        submit(sp);
    return sp->st;
}

ls_status ls_splitter_end(struct ls_splitter *sp)
{
    drain_all(sp);
    sp->owner = sp->self = NULL;
    sp->path = NULL;
    return sp->st;
}
