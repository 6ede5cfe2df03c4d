/* worker.c — processing one work item on one thread (worker.h).
 *
 * An item is opened as a stream (struct ls_input), sniffed from its first
 * bytes, then either unpacked (containers: each entry comes back here, one
 * level deeper) or handed to its extractor, whose records go to the matcher.
 * Small archive entries are copied into memory and queued, so that one big
 * .tar.gz keeps several cores busy: this thread inflates, others match.
 * Every item ends as one inventory line and one tally count; whether it was
 * skipped or failed is decided from statuses and the stream's fault (struct
 * ls_fault), never from the words of a message. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "budget.h"
#include "docrun.h"
#include "extract/extract.h"
#include "jsonw.h"
#include "shard.h"
#include "unpack_child.h"
#include "wipe.h"
#include "worker.h"

/* Entries up to this size are queued for other workers as memory blobs;
 * larger ones are read as streams on this thread. */
#define BLOB_MAX_BYTES (8u << 20)
/* Chunks in flight for one large item: four per worker keep every worker
 * fed while the cutter matches too (with two per worker the other workers
 * were seen idle, waiting for the cutter), at most this many, so memory
 * stays bounded with many workers. */
#define SPLIT_MAX_CHUNKS 16u
/* An inventory line never grows past this (paths are bounded too). */
#define LINE_MAX_BYTES (1u << 20)

ls_status ls_worker_init(struct ls_worker *w, const struct ls_shared *sh, char *err, size_t errlen)
{
    struct ls_isolate_conf ic;
    ls_status st;

    memset(w, 0, sizeof *w);
    w->sh = sh;
    ls_strbuf_init(&w->line, LINE_MAX_BYTES);
    ic.max_item_seconds = sh->cfg->limits.max_item_seconds;
    ic.max_memory = sh->cfg->limits.max_parser_memory;
    ic.passwords = sh->env.passwords;
    ic.npasswords = sh->env.npasswords;
    ic.serve_in_thread = sh->cfg->parser_in_thread ? ls_unpack_child_serve : NULL;
    ic.debug = sh->cfg->debug_hardening;
    st = ls_isolate_new(&ic, &w->iso);
    if (st == LS_OK)
        st = ls_sniffer_new(&w->sniffer, err, errlen);
    if (st == LS_OK)
        st = ls_tally_new(&w->tally);
    if (st == LS_OK && sh->sample)
        st = ls_sample_acc_new(ls_ruleset_ncats(sh->rules), &w->sacc);
    if (st == LS_OK && sh->rules) {
        st = ls_matcher_new(sh->rules, sh->cfg, sh->key, sh->findings, &w->matchers[0]);
        if (st != LS_OK)
            snprintf(err, errlen, "cannot create a matcher: %s", ls_strerror(st));
    }
    return st;
}

void ls_worker_fini(struct ls_worker *w)
{
    unsigned i;

    ls_isolate_free(w->iso);
    ls_sniffer_free(w->sniffer);
    /* The extra matchers count into matchers[0]'s tally: freed first. */
    ls_matcher_free(w->chunk_m);
    for (i = LS_WORKER_MATCHERS; i-- > 0;)
        ls_matcher_free(w->matchers[i]);
    ls_splitter_free(w->splitter);
    ls_tally_free(w->tally);
    ls_sample_acc_free(w->sacc);
    ls_strbuf_free(&w->line);
    free(w->jobs);
}

ls_status ls_worker_fold(struct ls_worker *w, struct ls_tally *t, struct ls_matcher *m)
{
    const struct ls_shared *sh = w->sh;
    struct ls_tally *nt;
    ls_status st;
    unsigned k;

    if ((st = ls_tally_new(&nt)) != LS_OK)
        return st;
    ls_tally_merge(t, w->tally); /* adds: it cannot fail */
    ls_tally_free(w->tally);
    w->tally = nt;
    if (!sh->rules)
        return LS_OK;
    for (k = 0; k < LS_WORKER_MATCHERS && st == LS_OK; k++)
        st = ls_matcher_merge(m, w->matchers[k]);
    if (st == LS_OK)
        st = ls_matcher_merge(m, w->chunk_m);
    if (st != LS_OK) { /* counts on both sides now: the scan cannot go on */
        w->fatal = st;
        snprintf(w->fatal_msg, sizeof w->fatal_msg, "checkpoint: %s", ls_strerror(st));
        return st;
    }
    ls_matcher_free(w->chunk_m);
    w->chunk_m = NULL;
    for (k = LS_WORKER_MATCHERS; k-- > 0;) {
        ls_matcher_free(w->matchers[k]);
        w->matchers[k] = NULL;
    }
    st = ls_matcher_new(sh->rules, sh->cfg, sh->key, sh->findings, &w->matchers[0]);
    if (st != LS_OK) {
        w->fatal = st;
        snprintf(w->fatal_msg, sizeof w->fatal_msg, "checkpoint: %s", ls_strerror(st));
    }
    return st;
}

void ls_worker_checkpoint(const struct ls_shared *sh, unsigned keep, uint64_t lone_done)
{
    struct ls_ckpt *ck = sh->ckpt;
    struct ls_tally *t;
    struct ls_matcher *m;
    char err[1024] = "", msg[1200];
    int stopping = ls_ckpt_stopping(ck), zero = 0;
    ls_status st = LS_OK;
    unsigned i;

    if (atomic_load(sh->cancel) || !ls_ckpt_due(ck, lone_done))
        return;
    while (ls_queue_quiesce(sh->queue, keep, 100) != 0) {
        ls_ckpt_grace(ck, sh->cancel);
        if (atomic_load(sh->cancel))
            return;
    }
    for (i = 0; i < sh->nworkers; i++)
        if (sh->workers[i].fatal || atomic_load(sh->cancel))
            return; /* a unit may have lost items: no checkpoint of it */
    ls_ckpt_base(ck, &t, &m);
    for (i = 0; i < sh->nworkers && st == LS_OK; i++)
        st = ls_worker_fold(&sh->workers[i], t, m);
    if (st != LS_OK)
        return; /* the worker's fatal status ends the scan */
    st = ls_ckpt_commit(ck, sh->inventory, sh->findings, sh->nworkers, lone_done, err, sizeof err);
    if (st != LS_OK) {
        snprintf(msg, sizeof msg,
                 "leakscan: warning: cannot write the checkpoint %s: %s; the scan goes on "
                 "without checkpoints\n",
                 sh->cfg->checkpoint, err[0] ? err : ls_strerror(st));
        ls_progress_say(sh->progress, msg);
    }
    if (stopping) /* Ctrl-C: the scan ends here */
        atomic_compare_exchange_strong(sh->cancel, &zero, stopping);
}

/* *slot (a matcher for nested documents or for chunks), made on first use.
 * Every matcher of a worker runs on the worker's thread only, so they all
 * count into matchers[0]'s tally: a distinct value the worker sees at any
 * level or in any chunk is held once, not once per matcher.  NULL when
 * there are no rules or no memory. */
static struct ls_matcher *extra_matcher(struct ls_worker *w, struct ls_matcher **slot)
{
    const struct ls_shared *sh = w->sh;

    if (!*slot && sh->rules) {
        if (ls_matcher_new(sh->rules, sh->cfg, sh->key, sh->findings, slot) != LS_OK)
            *slot = NULL;
        else
            ls_matcher_share_tally(*slot, w->matchers[0]);
    }
    return *slot;
}

static const char *base_name(const char *path, size_t len, size_t *blen)
{
    const char *b = path, *p;

    for (p = path; p < path + len; p++)
        if (*p == '/')
            b = p + 1;
    *blen = (size_t)(path + len - b);
    return b;
}

/* --- the inventory line ----------------------------------------------------- */

struct outcome {
    const char *type, *charset;
    uint64_t size;
    enum ls_outcome status;
    const char *reason;
    uint64_t records;
    uint64_t invalid;    /* invalid sequences replaced while decoding */
    const char *partial; /* a scanned document read in part: why */
    int no_text;         /* a document without a text layer (a scanned image) */
};

struct fdsrc;
static int changed_note(const struct ls_worker *w, const char *path, char *out, size_t outlen);

/* --sample: the item's counts go to its unit's (sample.h). */
static void sample_item(struct ls_worker *w, const char *path, const struct ls_matcher *m)
{
    const uint64_t *f, *r;

    ls_matcher_item_cats(m, &f, &r);
    if (f && ls_sample_item(w->sacc, ls_shard_hash(path, w->unit_len), f, r) != LS_OK)
        w->fatal = LS_ENOMEM;
}

/* --sample: a unit of the sample starts: path[0..plen), of bytes bytes. */
static void sample_unit(struct ls_worker *w, const char *path, size_t plen, uint64_t bytes)
{
    w->unit_len = plen;
    if (ls_sample_unit(w->sacc, ls_shard_hash(path, plen), bytes) != LS_OK)
        w->fatal = LS_ENOMEM;
}

/* Writes the line of one item and counts it.  With a matcher, the item's
 * findings object comes from it; otherwise it is empty. */
static void record_item(struct ls_worker *w, const char *path, size_t plen, const struct outcome *o,
                        struct ls_matcher *m)
{
    struct ls_jsonw j;
    struct ls_strbuf *b = &w->line;
    uint64_t nfind = 0;
    const char *note = NULL;
    size_t fpos;
    char changed[160];

    if (w->split_len && plen == w->split_len && !w->split_owner)
        return; /* the shared root's line is another shard's */
    ls_strbuf_reset(b);
    b->overflow = 0;
    ls_jsonw_init(&j, b, 0);
    ls_jsonw_obj_begin(&j);
    ls_jsonw_key(&j, "path");
    ls_jsonw_strn(&j, path, plen);
    if (!ls_json_is_utf8(path, plen)) {
        struct ls_strbuf b64;
        ls_strbuf_init(&b64, LS_MAX_PATH_BYTES * 2);
        ls_base64_append(&b64, (const unsigned char *)path, plen);
        ls_jsonw_kstr(&j, "path_bytes", b64.data ? b64.data : "");
        ls_strbuf_free(&b64);
    }
    ls_jsonw_kstr(&j, "type", o->type ? o->type : "unknown");
    ls_jsonw_kstr(&j, "charset", o->charset ? o->charset : "binary");
    ls_jsonw_ku64(&j, "size", o->size);
    ls_jsonw_kstr(&j, "status",
                  o->status == LS_SCANNED   ? "scanned"
                  : o->status == LS_SKIPPED ? "skipped"
                                            : "failed");
    if (o->status != LS_SCANNED)
        ls_jsonw_kstr(&j, "reason", o->reason ? o->reason : "");
    ls_jsonw_ku64(&j, "records", o->records);
    if (o->invalid)
        ls_jsonw_ku64(&j, "invalid_sequences", o->invalid);
    if (o->partial && o->status == LS_SCANNED)
        ls_jsonw_kstr(&j, "partial", o->partial);
    if (o->no_text && o->status == LS_SCANNED) {
        ls_jsonw_key(&j, "text_layer");
        ls_jsonw_bool(&j, 0);
    }
    if (changed_note(w, path, changed, sizeof changed))
        ls_jsonw_kstr(&j, "changed", changed);
    fpos = b->len;
    if (m && w->sacc && w->unit_len && plen >= w->unit_len)
        sample_item(w, path, m);
    if (m) {
        nfind = ls_matcher_item_end(m, &j, &note);
        if (note) {
            ls_jsonw_kstr(&j, "note", note);
            ls_tally_match_limit(w->tally, path, plen, note);
        }
    } else {
        ls_jsonw_key(&j, "findings");
        ls_jsonw_obj_begin(&j);
        ls_jsonw_obj_end(&j);
    }
    if (nfind) {
        /* The findings object, for the top-files list: after "findings":. */
        const char *f = strstr(b->data + fpos, "\"findings\":");
        if (f) {
            const char *v = f + 11, *e = v;
            int depth = 0;
            for (; *e; e++) {
                if (*e == '{')
                    depth++;
                else if (*e == '}' && --depth == 0) {
                    e++;
                    break;
                }
            }
            char *obj = strndup(v, (size_t)(e - v));
            ls_tally_topfile(w->tally, path, plen, nfind, obj ? obj : "{}");
            free(obj);
        }
    }
    ls_jsonw_obj_end(&j);
    if (w->sh->inventory && !b->overflow)
        ls_sink_line(w->sh->inventory, b->data, b->len);
    ls_tally_item(w->tally, path, plen, o->type, o->size, o->status, o->reason);
    if (o->status == LS_SCANNED)
        ls_tally_decode(w->tally, o->invalid, o->partial != NULL, o->no_text);
    atomic_fetch_add_explicit(&w->done_items, 1, memory_order_relaxed);
}

static void note_cb(void *ud, const char *path, size_t plen, const char *type,
                    enum ls_outcome outcome, const char *reason)
{
    struct ls_worker *w = ud;
    struct outcome o = {type, "binary", 0, outcome, reason, 0, 0, NULL, 0};

    record_item(w, path, plen, &o, NULL);
}

/* --- extraction ------------------------------------------------------------- */

struct docctx {
    struct ls_worker *w;
    struct ls_matcher *m; /* NULL without rules */
    uint64_t records;
    uint64_t bytes;
    const char *path;
    size_t plen;
    unsigned depth;
    struct ls_budget *budget;
    struct ls_splitter *sp; /* a large item: records go to chunks */
};

static ls_status on_record(void *ud, const struct ls_record *rec)
{
    struct docctx *d = ud;

    d->records++;
    d->bytes += rec->len;
    if (d->sp)
        return ls_splitter_record(d->sp, rec);
    if (d->m)
        return ls_matcher_record(d->m, rec);
    return LS_OK;
}

/* The single entry of a compressed stream (see unpack.h, transparent):
 * when it is a container, its result goes back to the compressed file's line. */
struct xparent {
    size_t parent_len; /* the compressed file's path length */
    int used;          /* the entry was a container and took the place */
    ls_status st;      /* its outcome */
    char reason[512];
};

static void process(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                    struct ls_input *in, int fd, struct ls_budget *b, int64_t size_hint,
                    int may_queue, struct xparent *xp);

static ls_status on_child(void *ud, const char *name, const unsigned char *data, size_t len)
{
    struct docctx *d = ud;
    struct ls_worker *w = d->w;
    struct ls_input in;
    unsigned char *head;
    char *cpath;
    size_t nlen = strnlen(name, LS_MAX_NAME_BYTES), cl;

    if (d->plen + 2 + nlen > LS_MAX_PATH_BYTES)
        return LS_OK;
    cpath = malloc(d->plen + 3 + nlen);
    head = malloc(LS_SNIFF_BYTES);
    if (!cpath || !head) {
        free(cpath);
        free(head);
        return LS_ENOMEM;
    }
    memcpy(cpath, d->path, d->plen);
    memcpy(cpath + d->plen, "!/", 2);
    memcpy(cpath + d->plen + 2, name, nlen);
    cl = d->plen + 2 + nlen;
    cpath[cl] = '\0';
    ls_input_from_memory(&in, data, len, head);
    process(w, cpath, cl, d->depth + 1, &in, -1, d->budget, (int64_t)len, 0, NULL);
    free(cpath);
    ls_wipe_free(head, LS_SNIFF_BYTES);
    return w->fatal ? w->fatal : LS_OK;
}

/* Reads what is left of an entry, so that its size is known (bounded by the budget). */
static void drain(struct ls_input *in)
{
    unsigned char buf[16384];

    while (ls_input_read(in, buf, sizeof buf) > 0)
        ;
    ls_wipe(buf, sizeof buf);
}

static int is_media(const char *mime)
{
    return strncmp(mime, "image/", 6) == 0 || strncmp(mime, "video/", 6) == 0 ||
           strncmp(mime, "audio/", 6) == 0;
}

/* Sets the outcome of an item that did not come through: skipped when it
 * stopped on purpose (the stage said LS_ESKIPPED or LS_ELIMIT, or, with no
 * reason of the stage's own, the stream under it stopped on a limit or on
 * data it could not decrypt), failed otherwise.  The reason is the stage's,
 * else the stream's message, else the status in words. */
static void classify_failure(struct ls_input *in, ls_status st, const char *reason,
                             struct outcome *o)
{
    int stopped = st == LS_ESKIPPED || st == LS_ELIMIT;

    if (reason && *reason) {
        o->reason = reason;
    } else if (in->err[0]) {
        o->reason = in->err;
        stopped = stopped || in->fault.st == LS_ELIMIT || in->fault.st == LS_ESKIPPED;
    } else {
        o->reason = ls_strerror(st);
    }
    o->status = stopped ? LS_SKIPPED : LS_FAILED;
}

/* The text formats whose records are lines, rows or elements of a stream:
 * a large item of these is cut into chunks for every worker (chunk.h). */
static int splits(const struct ls_extractor *ex)
{
    static const char *const names[] = {"text", "csv", "json", "xml", "html", "sql"};
    size_t i;

    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(ex->name, names[i]) == 0)
            return 1;
    return 0;
}

/* The splitter for an item of size_hint bytes (-1: unknown) read by ex at
 * document level lvl, or NULL when it is matched here as a whole: with one
 * worker, without rules, inside another document, below two chunks' worth
 * of bytes, or under --no-split. */
static struct ls_splitter *split_begin(struct ls_worker *w, const struct ls_extractor *ex,
                                       unsigned lvl, int64_t size_hint, struct docctx *d)
{
    const struct ls_shared *sh = w->sh;
    size_t cb = sh->cfg->chunk_bytes ? sh->cfg->chunk_bytes : LS_CHUNK_BYTES_DEFAULT;

    if (!d->m || sh->nworkers < 2 || sh->cfg->no_split || lvl != 0 || !splits(ex) ||
        (size_hint >= 0 && (uint64_t)size_hint < 2 * (uint64_t)cb))
        return NULL;
    if (!extra_matcher(w, &w->chunk_m))
        return NULL;
    if (!w->splitter &&
        ls_splitter_new(sh->queue, sh->findings,
                        sh->nworkers * 4 > SPLIT_MAX_CHUNKS ? SPLIT_MAX_CHUNKS : sh->nworkers * 4,
                        cb, sh->cancel, &w->splitter) != LS_OK)
        return NULL;
    if (ls_splitter_begin(w->splitter, d->path, d->m, w->chunk_m, size_hint) != LS_OK)
        return NULL;
    return w->splitter;
}

static void extract_doc(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                        struct ls_input *in, int fd, struct ls_budget *b, const struct ls_sniff *sn,
                        const struct ls_extractor *ex, int64_t size_hint)
{
    struct outcome o = {sn->mime, sn->charset, 0, LS_SCANNED, NULL, 0, 0, NULL, 0};
    struct docctx d;
    struct ls_doc doc;
    struct stat stb;
    ls_status st = LS_OK;
    unsigned lvl = w->doc_level;
    int isolated = 0;

    memset(&d, 0, sizeof d);
    d.w = w;
    d.path = path;
    d.plen = plen;
    d.depth = depth;
    d.budget = b;
    if (ex) {
        if (w->sh->rules && lvl < LS_WORKER_MATCHERS) {
            d.m = lvl == 0 ? w->matchers[0] : extra_matcher(w, &w->matchers[lvl]);
        }
        if (d.m)
            ls_matcher_item_begin(d.m, path);
        d.sp = split_begin(w, ex, lvl, size_hint, &d);
        memset(&doc, 0, sizeof doc);
        doc.path = path;
        doc.mime = sn->mime;
        doc.charset = sn->charset;
        doc.in = in;
        doc.limits = &w->sh->cfg->limits;
        doc.on_record = on_record;
        doc.on_child = on_child;
        doc.ud = &d;
        w->doc_level++;
        isolated = ls_extract_isolated(ex);
        /* Parsers of attacker bytes run in a child (extract.c's table). */
        st = isolated ? ls_docrun(w->iso, b, ex, &doc, fd, w->batch) : ex->run(&doc);
        w->doc_level--;
        if (d.sp) { /* every chunk matched and put back before the item's line */
            ls_status cst = ls_splitter_end(d.sp);
            if (cst == LS_ELIMIT && !LS_IS_FATAL(st)) { /* chunks left unmatched */
                st = LS_ELIMIT;
                snprintf(doc.reason, sizeof doc.reason, "%s",
                         ls_limit_reason(LS_LIMIT_INTERRUPTED));
            } else if (cst != LS_OK && !LS_IS_FATAL(st)) {
                st = cst;
            }
        }
        if (LS_IS_FATAL(st)) {
            w->fatal = st;
            snprintf(w->fatal_msg, sizeof w->fatal_msg, "%.700s: %.255s", path, doc.reason);
        }
        if (st != LS_OK)
            classify_failure(in, st, doc.reason, &o);
        /* The charset layer reports a stream it could not decrypt as a read
         * failure, in the stream's words: the item is skipped as encrypted. */
        if (st == LS_EFAILED && in->fault.st == LS_ESKIPPED)
            o.status = LS_SKIPPED;
        if (st == LS_OK && doc.no_text_layer)
            o.no_text = 1; /* a scanned image document: "text_layer": false */
        /* A file on disk the child read itself: nothing here to drain. */
        if (st == LS_OK && !(isolated && fd >= 0))
            drain(in);
        o.records = d.records;
        o.invalid = doc.invalid_sequences;
        if (doc.no_text_layer && st == LS_OK) {
            o.reason = NULL;
        } else if (st == LS_OK && doc.reason[0]) {
            o.partial = doc.reason; /* e.g. "partial: word/footer1.xml: …" */
        }
    } else if (is_media(sn->mime) || strcmp(sn->mime, "inode/x-empty") == 0) {
        drain(in);
    } else if (strcmp(sn->charset, "binary") == 0 || strncmp(sn->mime, "application/", 12) == 0) {
        o.status = LS_SKIPPED;
        o.reason = strcmp(sn->mime, "application/octet-stream") == 0 ? "binary" : "unsupported";
        if (fd < 0)
            drain(in);
    } else {
        o.status = LS_SKIPPED;
        o.reason = "unsupported";
        if (fd < 0)
            drain(in);
    }
    /* A read error while extracting or draining outranks what the content
     * looked like: the item could not be read to its end. */
    if (o.status != LS_FAILED && in->fault.st != LS_OK) {
        o.status =
            in->fault.st == LS_ELIMIT || in->fault.st == LS_ESKIPPED ? LS_SKIPPED : LS_FAILED;
        o.reason = in->err;
    }
    o.size = in->consumed;
    if (fd >= 0 && fstat(fd, &stb) == 0)
        o.size = (uint64_t)stb.st_size;
    ls_tally_bytes(w->tally, 0, d.bytes);
    atomic_fetch_add_explicit(&w->done_bytes, d.bytes, memory_order_relaxed);
    record_item(w, path, plen, &o, ex ? d.m : NULL);
}

/* --- dispatch --------------------------------------------------------------- */

struct unpack_ud {
    struct ls_worker *w;
    struct ls_budget *b;
    struct xparent xp;
    unsigned depth; /* the container's (its entries are one deeper) */
};

/* Whether an entry of depth 1 of the shared root file (--shard, shard.h)
 * is another shard's, or (--sample) outside the sample: by its path after
 * the root's. */
static int shard_other(const struct ls_worker *w, const char *path, size_t plen, unsigned depth)
{
    const struct ls_config *cfg = w->sh->cfg;

    if (!w->split_len || depth != 1 || plen <= w->split_len)
        return 0;
    if (w->sacc)
        return !ls_sample_mine(cfg->sample, cfg->sample_seed, path + w->split_len,
                               plen - w->split_len);
    return !ls_shard_mine(cfg->shard_k, cfg->shard_n, path + w->split_len, plen - w->split_len);
}

/* --sample: a first-level entry of a lone root file is a unit of the
 * population (sample.h), counted whether sampled or not.  1 when it is in
 * the sample (then it is the unit being processed). */
static int sample_entry(struct ls_worker *w, const char *path, size_t plen, int64_t size_hint)
{
    struct ls_sample_live *l = w->sh->sample;

    w->split_entries++;
    atomic_fetch_add(&l->entry_units, 1);
    if (size_hint >= 0)
        atomic_fetch_add(&l->entry_bytes, (uint64_t)size_hint);
    else
        atomic_store(&l->entry_unknown, 1);
    if (shard_other(w, path, plen, 1))
        return 0;
    sample_unit(w, path, plen, size_hint >= 0 ? (uint64_t)size_hint : 0);
    return 1;
}

/* --checkpoint of a lone root file: a first-level entry is a unit, by its
 * rank.  1 when it was done by an earlier run (skipped unread); else a
 * checkpoint may be taken here, between two entries. */
static int ckpt_entry(struct ls_worker *w, unsigned depth)
{
    uint64_t ord;

    if (!w->ck_lone || depth != 1)
        return 0;
    ord = w->ck_ord++;
    if (ord < ls_ckpt_lone_resumed(w->sh->ckpt))
        return 1;
    ls_worker_checkpoint(w->sh, 1, ord);
    return 0;
}

static ls_status unpack_entry(void *ud, const char *path, size_t plen, unsigned depth,
                              struct ls_input *in, int64_t size_hint, int transparent,
                              size_t parent_len)
{
    struct unpack_ud *u = ud;
    size_t unit = u->w->unit_len;

    if (!transparent && u->w->sacc && u->w->split_len && depth == 1 &&
        !sample_entry(u->w, path, plen, size_hint))
        return LS_OK; /* outside the sample: skipped unread */
    if (!transparent && ckpt_entry(u->w, depth))
        return LS_OK; /* done before this run: its data is skipped unread */
    if (!transparent && shard_other(u->w, path, plen, depth))
        return LS_OK; /* another shard's entry: its data is skipped unread */
    if (transparent)
        u->xp.parent_len = parent_len;
    process(u->w, path, plen, depth, in, -1, u->b, size_hint, 1, transparent ? &u->xp : NULL);
    u->w->unit_len = unit;
    return u->w->fatal;
}

static void unpack_note(void *ud, const char *path, size_t plen, const char *type,
                        enum ls_outcome outcome, const char *reason)
{
    struct unpack_ud *u = ud;
    size_t unit = u->w->unit_len;

    if (u->w->sacc && u->w->split_len && u->depth + 1 == 1) {
        if (!sample_entry(u->w, path, plen, 0))
            return;
    } else if (ckpt_entry(u->w, u->depth + 1) || shard_other(u->w, path, plen, u->depth + 1)) {
        return;
    }
    note_cb(u->w, path, plen, type, outcome, reason);
    u->w->unit_len = unit;
}

/* A prefix already read into memory, then the rest of a stream. */
struct concat {
    const unsigned char *pre;
    size_t pre_len, pre_pos;
    struct ls_input *rest;
};

static ssize_t concat_read(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                           size_t errlen)
{
    struct concat *c = ctx;
    ssize_t r;

    if (c->pre_pos < c->pre_len) {
        size_t k = c->pre_len - c->pre_pos < n ? c->pre_len - c->pre_pos : n;
        memcpy(buf, c->pre + c->pre_pos, k);
        c->pre_pos += k;
        return (ssize_t)k;
    }
    r = ls_input_read(c->rest, buf, n);
    if (r < 0) {
        *fault = c->rest->fault;
        snprintf(err, errlen, "%s", c->rest->err);
    }
    return r;
}

/* Tries to hand a small entry to another worker: reads up to BLOB_MAX_BYTES.
 * Returns 1 when the entry was queued or fully processed, 0 when the caller
 * must go on with *in replaced by a stream over (prefix + rest). */
static int try_queue(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                     struct ls_input *in, struct ls_budget *b, int64_t size_hint)
{
    size_t cap = size_hint >= 0 && size_hint < BLOB_MAX_BYTES ? (size_t)size_hint + 1 : 65536;
    unsigned char *buf = malloc(cap), *nb;
    size_t used = 0;
    ssize_t r = 1;
    struct ls_item *it;

    if (!buf)
        return 0;
    for (;;) {
        if (used == cap) { /* the size hint was short (or unknown): grow to the bound */
            if (cap > BLOB_MAX_BYTES)
                break;
            cap = cap * 2 > BLOB_MAX_BYTES + 1 ? BLOB_MAX_BYTES + 1 : cap * 2;
            if (!(nb = ls_wipe_realloc(buf, used, cap)))
                break;
            buf = nb;
        }
        r = ls_input_read(in, buf + used, cap - used);
        if (r <= 0)
            break;
        used += (size_t)r;
    }
    if (r == 0 && used <= BLOB_MAX_BYTES) {
        it = ls_item_new(LS_ITEM_BLOB, path, plen, depth);
        if (it) {
            it->unit_len = w->unit_len;
            it->data = buf;
            it->len = used;
            if (ls_queue_try_push(w->sh->queue, it) == 0)
                return 1;
            it->data = NULL;
            ls_item_free(it);
        }
        /* Queue full: process it here, from memory. */
        {
            struct ls_input min;
            unsigned char *head = malloc(LS_SNIFF_BYTES);
            if (head) {
                ls_input_from_memory(&min, buf, used, head);
                process(w, path, plen, depth, &min, -1, b, (int64_t)used, 0, NULL);
                ls_wipe_free(head, LS_SNIFF_BYTES);
            }
        }
        ls_wipe_free(buf, used);
        return 1;
    }
    {
        /* Too big or an error: continue as a stream of prefix + rest. */
        struct concat c = {buf, used, 0, in};
        struct ls_input cin;
        unsigned char *head = malloc(LS_SNIFF_BYTES);
        if (!head) {
            ls_wipe_free(buf, used);
            return 1;
        }
        memset(&cin, 0, sizeof cin);
        cin.read = concat_read;
        cin.ctx = &c;
        cin.head = head;
        process(w, path, plen, depth, &cin, -1, b, -1, 0, NULL);
        ls_wipe_free(head, LS_SNIFF_BYTES);
        ls_wipe_free(buf, used);
        return 1;
    }
}

/* libmagic names a document only by its container when its layout is not
 * the canonical one (an ODF zip whose "mimetype" entry has extra fields, an
 * mbox that starts like plain text): the extractor that claimed it knows. */
static void refine_type(struct ls_sniff *sn, const struct ls_extractor *ex)
{
    static const struct {
        const char *extractor, *mime;
    } types[] = {
        {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
        {"odt", "application/vnd.oasis.opendocument.text"},
        {"ods", "application/vnd.oasis.opendocument.spreadsheet"},
        {"pdf", "application/pdf"},
        {"mail", "message/rfc822"},
    };
    size_t i;

    if (strcmp(sn->mime, "application/zip") != 0 &&
        strcmp(sn->mime, "application/octet-stream") != 0 &&
        !(strcmp(ex->name, "mail") == 0 && strcmp(sn->mime, "text/plain") == 0))
        return;
    for (i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(ex->name, types[i].extractor) == 0) {
            snprintf(sn->mime, sizeof sn->mime, "%s", types[i].mime);
            return;
        }
}

/* A container: its entries come back through unpack_entry, one level
 * deeper; then its own line.  Inside a compressed stream (xp) it takes the
 * compressed file's place and its outcome goes back there. */
static void unpack_item(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                        struct ls_input *in, int fd, struct ls_budget *b, const struct ls_sniff *sn,
                        struct xparent *xp)
{
    struct unpack_ud u;
    struct ls_unpack_cb cb = {&u, unpack_entry, unpack_note};
    char reason[512];
    struct outcome o = {sn->mime, sn->charset, 0, LS_SCANNED, NULL, 0, 0, NULL, 0};
    struct stat stb;
    ls_status st;

    memset(&u, 0, sizeof u);
    u.w = w;
    u.b = b;
    u.depth = xp ? depth - 1 : depth;
    if (xp) { /* a container inside a compressed stream takes its place */
        xp->used = 1;
        /* The compressed file's path and depth: x.tar.gz is one level
         * (unpack bounds stacked compression separately). */
        xp->st = ls_unpack(&w->sh->env, w->iso, b, sn, path, xp->parent_len, depth - 1, in, fd, &cb,
                           xp->reason, sizeof xp->reason);
        if (LS_IS_FATAL(xp->st)) {
            w->fatal = xp->st;
            snprintf(w->fatal_msg, sizeof w->fatal_msg, "%.700s: %s", path, ls_strerror(xp->st));
        }
        drain(in);
        return;
    }
    st = ls_unpack(&w->sh->env, w->iso, b, sn, path, plen, depth, in, fd, &cb, reason,
                   sizeof reason);
    if (LS_IS_FATAL(st)) {
        w->fatal = st;
        snprintf(w->fatal_msg, sizeof w->fatal_msg, "%.700s: %s", path, ls_strerror(st));
        return;
    }
    if (st == LS_OK && u.xp.used && u.xp.st != LS_OK) {
        st = u.xp.st;
        snprintf(reason, sizeof reason, "%s", u.xp.reason);
    }
    if (st != LS_OK)
        classify_failure(in, st, reason, &o);
    if (fd < 0)
        drain(in);
    o.size = in->consumed;
    if (fd >= 0 && fstat(fd, &stb) == 0)
        o.size = (uint64_t)stb.st_size;
    record_item(w, path, plen, &o, NULL);
}

/* Primes in and sniffs it: *sn, and the extractor that claims it (NULL:
 * none).  LS_OK, or the status of the failed read. */
static ls_status sniff_item(struct ls_worker *w, const char *path, size_t plen, struct ls_input *in,
                            struct ls_sniff *sn, const struct ls_extractor **ex)
{
    size_t blen;
    const char *base = base_name(path, plen, &blen);
    char namebuf[256];
    ls_status st = ls_input_prime(in);

    *ex = NULL;
    if (st != LS_OK)
        return st;
    ls_sniff_buffer(w->sniffer, in->head, in->head_len, sn);
    snprintf(namebuf, sizeof namebuf, "%.*s", (int)(blen < 255 ? blen : 255), base);
    *ex = ls_extract_find(sn->mime, sn->charset, in->head, in->head_len, namebuf);
    if (sn->kind == LS_KIND_ARCHIVE && strstr(sn->mime, "zip") && *ex)
        sn->kind = LS_KIND_DOCUMENT; /* an office document is a zip read by its extractor */
    if (*ex)
        refine_type(sn, *ex);
    return LS_OK;
}

/* The line of an item whose first bytes could not be read (st). */
static void prime_failed(struct ls_worker *w, const char *path, size_t plen, struct ls_input *in,
                         ls_status st)
{
    struct outcome o = {"unknown", "binary", in->consumed, LS_FAILED, NULL, 0, 0, NULL, 0};

    classify_failure(in, st, NULL, &o);
    record_item(w, path, plen, &o, NULL);
}

/* A sniffed stream: unpacked, queued for another worker, or extracted. */
static void dispatch(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                     struct ls_input *in, int fd, struct ls_budget *b, int64_t size_hint,
                     int may_queue, struct xparent *xp, const struct ls_sniff *sn,
                     const struct ls_extractor *ex)
{
    if (sn->kind == LS_KIND_ARCHIVE || sn->kind == LS_KIND_COMPRESSED) {
        unpack_item(w, path, plen, depth, in, fd, b, sn, xp);
        return;
    }
    /* --shard of a lone root file that is no container: the owner's alone;
     * the one document of a compressed root (x.csv.gz): its entry's shard
     * (only the root's: a compressed entry's document goes with the entry);
     * --sample: such a root is one unit, scanned when sampled */
    if (w->split_len && w->sacc && !w->root_in &&
        (depth == 0 || (xp && xp->parent_len == w->split_len)))
        return;
    if (w->split_len && !w->sacc &&
        ((depth == 0 && !w->split_owner) ||
         (xp && xp->parent_len == w->split_len && shard_other(w, path, plen, 1))))
        return;
    if (may_queue && w->sh->nworkers > 1 && (size_hint < 0 || size_hint <= BLOB_MAX_BYTES) &&
        try_queue(w, path, plen, depth, in, b, size_hint))
        return;
    extract_doc(w, path, plen, depth, in, fd, b, sn, ex, size_hint);
}

/* Processes one stream: in is not primed yet (except memory inputs). */
static void process(struct ls_worker *w, const char *path, size_t plen, unsigned depth,
                    struct ls_input *in, int fd, struct ls_budget *b, int64_t size_hint,
                    int may_queue, struct xparent *xp)
{
    unsigned char *own_head = NULL;
    struct ls_sniff sn;
    const struct ls_extractor *ex;
    ls_status st;

    if (w->sh->progress) /* per item: the line names what is being read */
        ls_progress_item(w->sh->progress, w->slot, path, plen);
    if (!in->head) {
        own_head = in->head = malloc(LS_SNIFF_BYTES);
        if (!own_head) {
            w->fatal = LS_ENOMEM;
            return;
        }
    }
    st = sniff_item(w, path, plen, in, &sn, &ex);
    if (st != LS_OK)
        prime_failed(w, path, plen, in, st);
    else
        dispatch(w, path, plen, depth, in, fd, b, size_hint, may_queue, xp, &sn, ex);
    if (own_head) {
        in->head = NULL;
        ls_wipe_free(own_head, LS_SNIFF_BYTES);
    }
}

/* --- items from the queue ------------------------------------------------------ */

struct fdsrc {
    int fd;
    struct ls_budget *b;          /* for the interrupt flag */
    const char *path;             /* the item's path (its inventory line is checked for change) */
    struct stat at_open;          /* fstat right after open */
    uint64_t got;                 /* bytes read through fd_read */
    _Atomic uint64_t *disk_bytes; /* the worker's progress counter */
    int eof;                      /* fd_read saw the end of the file */
};

static ssize_t fd_read(void *ctx, void *buf, size_t n, struct ls_fault *fault, char *err,
                       size_t errlen)
{
    struct fdsrc *s = ctx;
    ssize_t r;

    if (ls_budget_interrupted(s->b)) {
        fault->st = LS_ELIMIT;
        fault->limit = LS_LIMIT_INTERRUPTED;
        snprintf(err, errlen, "%s", ls_limit_reason(LS_LIMIT_INTERRUPTED));
        return -1;
    }
    do
        r = read(s->fd, buf, n);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        fault->st = LS_EFAILED;
        snprintf(err, errlen, "%s", strerror(errno));
    } else if (r == 0) {
        s->eof = 1;
    } else {
        s->got += (uint64_t)r;
        atomic_fetch_add_explicit(s->disk_bytes, (uint64_t)r, memory_order_relaxed);
    }
    return r;
}

/* The hidden test hook --test-resize-after-open: a file whose name holds
 * "resize-me" is cut or grown (with zeros) to the given size right after it
 * was opened and its size taken, as a writer racing the scan would. */
static void test_resize(const struct ls_config *cfg, struct ls_progress *progress, const char *path,
                        const struct stat *st)
{
    int fd;

    if (cfg->test_resize < 0 || !strstr(path, "resize-me") || !S_ISREG(st->st_mode))
        return;
    fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return;
    if (ftruncate(fd, (off_t)cfg->test_resize) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "leakscan: test hook: cannot resize %s: %s\n", path,
                 strerror(errno));
        ls_progress_say(progress, msg);
    }
    close(fd);
}

/* Whether the file on disk whose line is being written changed while it was
 * scanned: its size or modification time now differ from those at open, or
 * it was read to its end and gave another number of bytes than its size.
 * Then out says how, for the inventory's "changed" field. */
static int changed_note(const struct ls_worker *w, const char *path, char *out, size_t outlen)
{
    const struct fdsrc *s = w->disk;
    struct stat now;

    if (!s || s->path != path || fstat(s->fd, &now) != 0)
        return 0;
    if (now.st_size != s->at_open.st_size)
        snprintf(out, outlen, "changed during scan: %lld bytes at open, %lld after reading",
                 (long long)s->at_open.st_size, (long long)now.st_size);
    else if (s->eof && s->got != (uint64_t)s->at_open.st_size)
        snprintf(out, outlen, "changed during scan: %lld bytes at open, %llu read",
                 (long long)s->at_open.st_size, (unsigned long long)s->got);
    else if (now.st_mtim.tv_sec != s->at_open.st_mtim.tv_sec ||
             now.st_mtim.tv_nsec != s->at_open.st_mtim.tv_nsec)
        snprintf(out, outlen, "changed during scan: modified while read");
    else
        return 0;
    return 1;
}

/* Whether it is the one root of the scan, a file. */
static int lone_root(const struct ls_worker *w, const struct ls_item *it)
{
    const struct ls_config *cfg = w->sh->cfg;

    return cfg->ninputs == 1 && strlen(cfg->inputs[0]) == it->path_len &&
           memcmp(cfg->inputs[0], it->path, it->path_len) == 0;
}

/* --shard with one root that is a file: it is shared out by entries
 * (shard.h); its own line and bytes are the shard's of its name. */
static void shard_root(struct ls_worker *w, const struct ls_item *it)
{
    const struct ls_config *cfg = w->sh->cfg;
    const char *rel;
    size_t rl;

    w->split_len = 0;
    if ((cfg->shard_n <= 1 && !w->sacc) || !lone_root(w, it))
        return;
    rel = ls_shard_rel(it->path, it->path_len, it->path, it->path_len, &rl);
    w->split_len = it->path_len;
    if (w->sacc) { /* its line and bytes are always counted; its entries sampled */
        w->split_owner = 1;
        w->root_in = ls_sample_mine(cfg->sample, cfg->sample_seed, rel, rl);
        return;
    }
    w->split_owner = ls_shard_mine(cfg->shard_k, cfg->shard_n, rel, rl);
}

/* A file on disk, from its opening to its line. */
struct filejob {
    struct ls_item *it;
    struct fdsrc s;
    struct stat stb;
    struct ls_budget b;
    struct ls_input in;
    unsigned char *head;
    struct ls_sniff sn;
    const struct ls_extractor *ex;
    enum { FJ_OPEN_FAILED, FJ_NOT_REGULAR, FJ_OPEN, FJ_SNIFFED } state;
    int open_errno;
    ls_status prime_st;
    int batched; /* sent to the child in a batch (docrun.h) */
};

/* Opens j->it (its line is not written yet: file_finish does). */
static void file_open(struct ls_worker *w, struct filejob *j)
{
    struct ls_item *it = j->it;
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;

    ls_budget_init(&j->b, &w->sh->cfg->limits);
    j->b.cancel = w->sh->cancel;
    memset(&j->in, 0, sizeof j->in);
    if (!w->sh->cfg->follow_symlinks)
        flags |= O_NOFOLLOW;
    j->s.fd = open(it->path, flags);
    if (j->s.fd < 0) {
        j->open_errno = errno;
        j->state = FJ_OPEN_FAILED;
        return;
    }
    /* It was a regular file when walked; make sure it still is. */
    if (fstat(j->s.fd, &j->stb) != 0 || !S_ISREG(j->stb.st_mode)) {
        close(j->s.fd);
        j->state = FJ_NOT_REGULAR;
        return;
    }
    fcntl(j->s.fd, F_SETFL, fcntl(j->s.fd, F_GETFL) & ~O_NONBLOCK);
    j->s.b = &j->b;
    j->s.path = it->path;
    j->s.got = 0;
    j->s.eof = 0;
    j->s.disk_bytes = &w->disk_bytes;
    test_resize(w->sh->cfg, w->sh->progress, it->path, &j->stb);
    j->s.at_open = j->stb;
    j->in.read = fd_read;
    j->in.ctx = &j->s;
    j->state = FJ_OPEN;
}

/* Reads the first bytes of an open file and sniffs them (a batch needs its
 * documents' types before any of them runs). */
static void file_sniff(struct ls_worker *w, struct filejob *j)
{
    if (!(j->head = malloc(LS_SNIFF_BYTES))) {
        w->fatal = LS_ENOMEM;
        return;
    }
    j->in.head = j->head;
    j->prime_st = sniff_item(w, j->it->path, j->it->path_len, &j->in, &j->sn, &j->ex);
    j->state = FJ_SNIFFED;
}

/* --checkpoint: the file is a unit done, unless the scan was cancelled
 * (then it may have ended before its end). */
static void unit_done(struct ls_worker *w, const struct filejob *j)
{
    w->ck_lone = 0;
    if (w->sh->ckpt && !atomic_load_explicit(w->sh->cancel, memory_order_relaxed))
        ls_ckpt_unit_done(w->sh->ckpt, j->it->unit, j->state >= FJ_OPEN ? &j->stb : NULL);
}

/* --checkpoint with one root that is a file: its entries are units. */
static void ckpt_root(struct ls_worker *w, const struct ls_item *it)
{
    const struct ls_config *cfg = w->sh->cfg;

    w->ck_ord = 0;
    w->ck_lone = w->sh->ckpt && ls_ckpt_lone(w->sh->ckpt) && cfg->ninputs == 1 &&
                 strlen(cfg->inputs[0]) == it->path_len &&
                 memcmp(cfg->inputs[0], it->path, it->path_len) == 0;
}

/* The rest of an opened (or not) file: extracted or unpacked, its line. */
static void file_finish_here(struct ls_worker *w, struct filejob *j)
{
    struct ls_item *it = j->it;

    if (j->state == FJ_OPEN_FAILED) {
        struct outcome o = {"unknown", "binary", 0,    LS_FAILED, strerror(j->open_errno),
                            0,         0,        NULL, 0};
        if (j->open_errno == ELOOP) {
            o.status = LS_SKIPPED;
            o.reason = "symlink";
            o.type = "inode/symlink";
        }
        record_item(w, it->path, it->path_len, &o, NULL);
        unit_done(w, j);
        return;
    }
    if (j->state == FJ_NOT_REGULAR) {
        struct outcome o = {"unknown", "binary", 0,    LS_SKIPPED, "not a regular file",
                            0,         0,        NULL, 0};
        record_item(w, it->path, it->path_len, &o, NULL);
        unit_done(w, j);
        return;
    }
    shard_root(w, it);
    ckpt_root(w, it);
    w->disk = &j->s;
    if (j->state == FJ_OPEN) { /* sniffed here, as any stream */
        process(w, it->path, it->path_len, 0, &j->in, j->s.fd, &j->b, (int64_t)j->stb.st_size, 0,
                NULL);
    } else if (j->head) {
        /* Its time (--max-seconds) starts now, not when it was sniffed
         * ahead of the files before it in a batch. */
        ls_budget_init(&j->b, &w->sh->cfg->limits);
        j->b.cancel = w->sh->cancel;
        if (w->sh->progress)
            ls_progress_item(w->sh->progress, w->slot, it->path, it->path_len);
        if (j->prime_st != LS_OK)
            prime_failed(w, it->path, it->path_len, &j->in, j->prime_st);
        else
            dispatch(w, it->path, it->path_len, 0, &j->in, j->s.fd, &j->b, (int64_t)j->stb.st_size,
                     0, NULL, &j->sn, j->ex);
    }
    w->disk = NULL;
    if (!w->split_len || w->split_owner)
        ls_tally_bytes(w->tally, (uint64_t)j->stb.st_size, 0);
    w->split_len = 0;
    /* What a child read of an archive (through the descriptor) is not
     * counted per read: the file counts whole once done. */
    if ((uint64_t)j->stb.st_size > j->s.got)
        atomic_fetch_add_explicit(&w->disk_bytes, (uint64_t)j->stb.st_size - j->s.got,
                                  memory_order_relaxed);
    unit_done(w, j);
}

/* --sample: a file on disk starts.  Under a folder it is a unit of the
 * sample (the walk took it); a lone root file is shared out by entries,
 * or is one unit when it has none (sample_file_end). */
static void sample_file_begin(struct ls_worker *w, const struct filejob *j)
{
    const struct ls_item *it = j->it;

    w->root_in = 0;
    w->split_entries = 0;
    if (lone_root(w, it)) {
        atomic_store(&w->sh->sample->lone, 1);
        w->unit_len = it->path_len;
        return;
    }
    sample_unit(w, it->path, it->path_len, j->state >= FJ_OPEN ? (uint64_t)j->stb.st_size : 0);
}

static void sample_file_end(struct ls_worker *w, const struct filejob *j)
{
    const struct ls_item *it = j->it;

    if (lone_root(w, it) && j->state >= FJ_OPEN && w->split_entries == 0) {
        atomic_store(&w->sh->sample->root_bytes, (uint64_t)j->stb.st_size);
        if (w->root_in)
            sample_unit(w, it->path, it->path_len, (uint64_t)j->stb.st_size);
    }
    w->unit_len = 0;
}

static void file_finish(struct ls_worker *w, struct filejob *j)
{
    if (w->sacc)
        sample_file_begin(w, j);
    file_finish_here(w, j);
    if (w->sacc)
        sample_file_end(w, j);
}

/* What file_open and file_sniff hold, freed. */
static void file_close(struct filejob *j)
{
    if (j->state >= FJ_OPEN)
        close(j->s.fd);
    if (j->head)
        ls_wipe_free(j->head, LS_SNIFF_BYTES);
    j->head = NULL;
}

void ls_worker_process(struct ls_worker *w, struct ls_item *it)
{
    struct ls_budget b;
    struct ls_input in;

    ls_budget_init(&b, &w->sh->cfg->limits);
    b.cancel = w->sh->cancel;
    memset(&in, 0, sizeof in);
    if (it->kind == LS_ITEM_CHUNK) {
        ls_chunk_serve(it, extra_matcher(w, &w->chunk_m));
    } else if (it->kind == LS_ITEM_NOTE) {
        if (w->sacc) /* a walker's note is a unit (nothing in it) */
            sample_unit(w, it->path, it->path_len, 0);
        w->unit_len = 0;
        note_cb(w, it->path, it->path_len, it->note_type, (enum ls_outcome)it->note_status,
                it->note_reason);
    } else if (it->kind == LS_ITEM_BLOB) {
        unsigned char *head = malloc(LS_SNIFF_BYTES);
        if (!head) {
            w->fatal = LS_ENOMEM;
            return;
        }
        ls_input_from_memory(&in, it->data, it->len, head);
        w->unit_len = it->unit_len;
        process(w, it->path, it->path_len, it->depth, &in, -1, &b, (int64_t)it->len, 0, NULL);
        w->unit_len = 0;
        ls_wipe_free(head, LS_SNIFF_BYTES);
    } else {
        struct filejob j;
        memset(&j, 0, sizeof j);
        j.it = it;
        file_open(w, &j);
        file_finish(w, &j);
        file_close(&j);
    }
}

/* --- batches of small documents on disk ---------------------------------------- */

/* A document on disk joins a batch up to this size, and a batch holds at
 * most BATCH_BYTES of them (and LS_ISO_MAX_BATCH): past a few hundred
 * kilobytes the extractor's work dwarfs the round trip a batch saves.
 * Files of other kinds read in between (plain text, CSV: extracted here)
 * are taken along up to the same size, at most BATCH_FILES in all. */
#define BATCH_DOC_BYTES (1u << 20)
#define BATCH_BYTES (4u << 20)
#define BATCH_FILES (2 * LS_ISO_MAX_BATCH)

/* What a file taken for a batch is: a document the batch sends to the
 * child, one that does not need the child (read here, or not at all), or
 * one that ends the run (a container, a large file: they go after the
 * batch, since a container uses the same child). */
enum batch_role { BR_DOC, BR_PASS, BR_END };

static enum batch_role batch_role(const struct ls_worker *w, const struct filejob *j)
{
    const struct ls_config *cfg = w->sh->cfg;
    size_t cb = cfg->chunk_bytes ? cfg->chunk_bytes : LS_CHUNK_BYTES_DEFAULT;

    if (j->state != FJ_SNIFFED || j->prime_st != LS_OK)
        return j->state == FJ_OPEN ? BR_END : BR_PASS; /* an open file not sniffed: no memory */
    if (j->sn.kind == LS_KIND_ARCHIVE || j->sn.kind == LS_KIND_COMPRESSED ||
        j->stb.st_size > (off_t)BATCH_DOC_BYTES)
        return BR_END;
    if (!j->ex || !ls_extract_isolated(j->ex))
        return BR_PASS;
    /* A document cut into chunks for other workers is not batched. */
    return !splits(j->ex) || (uint64_t)j->stb.st_size < 2 * (uint64_t)cb ? BR_DOC : BR_END;
}

/* Opens and sniffs j[0] and the files queued right behind it (taken while
 * more than one item per other worker is left) until one ends the run or
 * a bound is reached.  Returns the files taken; *nb: the documents among
 * them, *last: the index of the last one. */
static unsigned batch_gather(struct ls_worker *w, struct filejob *j, unsigned *nb, unsigned *last)
{
    struct ls_queue *q = w->sh->queue;
    uint64_t bytes = 0;
    unsigned n = 0;
    enum batch_role r;

    *nb = *last = 0;
    for (;;) {
        file_open(w, &j[n]);
        if (j[n].state == FJ_OPEN)
            file_sniff(w, &j[n]);
        r = batch_role(w, &j[n]);
        n++;
        if (r == BR_END)
            return n;
        bytes += j[n - 1].state >= FJ_OPEN ? (uint64_t)j[n - 1].stb.st_size : 0;
        if (r == BR_DOC) {
            j[n - 1].batched = 1;
            *last = n - 1;
            ++*nb;
        }
        if (*nb == LS_ISO_MAX_BATCH || n == BATCH_FILES || bytes >= BATCH_BYTES || w->fatal ||
            !(j[n].it = ls_queue_try_pop_file(q, w->sh->nworkers - 1)))
            return n;
    }
}

void ls_worker_files(struct ls_worker *w, struct ls_item *it)
{
    struct filejob *j = w->jobs;
    const struct ls_extractor *ex[LS_ISO_MAX_BATCH];
    struct ls_doc docs[LS_ISO_MAX_BATCH], *dp[LS_ISO_MAX_BATCH];
    int fds[LS_ISO_MAX_BATCH];
    struct ls_docbatch bt;
    unsigned n, nb, last, i, k = 0;

    if (w->sh->cfg->parser_in_thread || w->sh->cfg->test_resize >= 0 ||
        (!j && !(j = w->jobs = malloc(BATCH_FILES * sizeof *j)))) {
        ls_worker_process(w, it);
        return;
    }
    memset(j, 0, BATCH_FILES * sizeof *j);
    j[0].it = it;
    n = batch_gather(w, j, &nb, &last);
    memset(&bt, 0, sizeof bt);
    for (i = 0; nb > 1 && i < n; i++) {
        if (!j[i].batched)
            continue;
        memset(&docs[k], 0, sizeof docs[k]);
        docs[k].path = j[i].it->path;
        docs[k].mime = j[i].sn.mime;
        docs[k].charset = j[i].sn.charset;
        docs[k].limits = &w->sh->cfg->limits;
        dp[k] = &docs[k];
        ex[k] = j[i].ex;
        fds[k++] = j[i].s.fd;
    }
    if (k) {
        ls_docrun_batch(w->iso, &bt, ex, dp, fds, k);
        w->batch = &bt;
    }
    for (i = 0; i < n; i++) {
        /* The files taken with it: as the engine's loop does with an item. */
        if (i == 0 || (!w->fatal && !atomic_load_explicit(w->sh->cancel, memory_order_relaxed) &&
                       !ls_ckpt_stopping(w->sh->ckpt)))
            file_finish(w, &j[i]);
        file_close(&j[i]);
        if (i == last) { /* what follows may use the child: the batch is done */
            ls_docrun_batch_end(&bt);
            w->batch = NULL;
        }
        if (i > 0) {
            atomic_fetch_add_explicit(&w->disk_files, 1, memory_order_relaxed);
            ls_item_free(j[i].it);
            ls_queue_done(w->sh->queue);
        }
    }
    ls_docrun_batch_end(&bt); /* done at the last document already */
    w->batch = NULL;
}
