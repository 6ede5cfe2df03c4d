/* match.c — the match stage: runs the compiled ruleset over one record at a
 * time and tallies what it finds (match.h).
 *
 * Per record: fold the text once (classify.c) for context words and keywords;
 * classify table columns by header; run every rule with PCRE2 (JIT, per-worker
 * match data, JIT stack and limits); validate; raise or lower confidence by
 * context, negative context and column; resolve overlaps (one span, one
 * finding: validated > longer > more confident > earlier rule); count column
 * values and keywords; filter by --min-confidence; tally, write --findings
 * lines; decide record types.  Everything mutable is in struct ls_matcher,
 * owned by one worker.  PCRE2 stays the authority on every match: the
 * prefilter (prefilter.c) only skips rules that cannot match a record;
 * --plain-match turns it off.  The older start-byte check (has_first) is
 * kept in both modes: it is part of today's results (it is not sound for a
 * pattern whose (?i) is inline: its first byte is taken in one case only). */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/charset.h"
#include "match/classify.h"
#include "match/dates.h"
#include "match/exposure.h"
#include "match/findtally.h"
#include "match/fpset.h"
#include "match/mask.h"
#include "match/persons.h"
#include "match/repair.h"
#include "match/rules.h"

/* Most column classifiers one header can fall in (e.g. INSZ: NN and BIS). */
#define LS_COL_CLASSES 4
/* Longest value kept for normalizing, fingerprints and masks. */
#define LS_VALUE_MAX 1024
/* Longest revealed value (a whole counted field can be long). */
#define LS_REVEAL_MAX (16u << 10)
/* Longest findings line: a logical path (LS_MAX_PATH_BYTES, escaped) and a
 * revealed value always fit. */
#define LS_LINE_MAX (512u << 10)

struct cand {
    size_t s, e; /* value span in the record text */
    int rule;    /* index in rs->rules, or -1 */
    int col;     /* index in rs->columns, or -1 */
    int kw;      /* index in rs->kw, or -1 */
    int cat;
    int conf;
    int validated;
};

/* A rule's checks before PCRE2, copied together so that the rules a record
 * skips cost a few cache lines, not each rule's whole struct. */
struct rgate {
    uint64_t first[4]; /* ls_rule.first */
    int has_first;
    struct ls_prefilter pf;
};

#define PEND_N 8 /* a power of two */

struct ls_matcher {
    const struct ls_ruleset *rs;
    struct rgate *gates; /* one per rule */
    const struct ls_config *cfg;
    const unsigned char *key;
    struct ls_sink *sink;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    struct ls_fold fold;    /* the record, folded */
    struct ls_repair rep;   /* the record with damaged values repaired (repair.h) */
    struct ls_pf_record pf; /* what the record holds, for the rules' prefilters */
    struct ls_cands_rec cr; /* the record's candidate masks (cands.h) */
    int cr_state;           /* this record: 0 not measured yet, 1 measured, -1 not used */
    /* The last block's candidates (all its positions) and whose: the next
     * search after a match usually goes on in the same block. */
    int cb_valid;
    size_t cb_ri, cb_b;
    uint64_t cb_x;
    struct ls_toks toks;
    struct cand *cand; /* pattern candidates; after overlaps the kept ones, [0, nacc) */
    size_t ncand, capcand, nacc;
    unsigned char
        *cover; /* overlap resolution: bytes of the record already kept (all 0 between records) */
    size_t cover_cap;
    /* tallies */
    struct ls_findtally own; /* categories, record types, dates */
    struct ls_findtally *t;  /* &own, or the tally this matcher shares (ls_matcher_share_tally) */
    uint64_t *item_cat;      /* findings of the current item, by category */
    uint64_t *item_rec;      /* records of the current item with a finding, by category */
    uint64_t *rec_stamp;     /* last record serial a category was counted in */
    uint64_t recserial;
    uint8_t *rt_item; /* record type seen in the current item */
    uint8_t *sig;     /* signals of the current record */
    uint8_t *present; /* categories of the current record (at or above the threshold) */
    uint64_t item_total;
    /* column cache: the classes of each header (one pointer for all rows of a table) */
    const char *const *cols_ptr;
    size_t cols_n;
    char *cols_key; /* the classified header names, NUL-separated */
    size_t cols_key_len, cols_key_cap;
    int *colclass; /* cols_n * LS_COL_CLASSES column indexes, -1 padded */
    size_t colclass_cap;
    uint8_t *colneg; /* cols_n * rs->nrules: the header holds a negative context word of the rule */
    size_t colneg_cap;
    char *hsplit; /* a header with its camelCase words apart */
    size_t hsplit_cap;
    struct ls_fold hfold;
    struct ls_toks htoks;
    /* date span: the dates of the current record, and the spans of the
     * dates of birth it reported (those dates are not event dates) */
    struct dspan {
        size_t s, e;
        uint32_t ymd;
    } * dates, *dobs;
    size_t ndates, capdates, ndobs, capdobs;
    int dob_cat; /* index of date_of_birth, -1 when the ruleset has none */
    const char *path;
    const char *limit_note;
    char limit_buf[256];                 /* limit_note with the rule that hit it */
    struct ls_strbuf line;               /* one findings line */
    struct ls_fpcache fpc;               /* fingerprints of recent values (mask.h) */
    unsigned char vkey[LS_VALKEY_BYTES]; /* key of the distinct-value hashes */
    int need_fold; /* context words or keywords: records are folded and tokenized */
    /* The gate: every rule's prefilter needs one of these bytes in a record
     * (ngate 0: no such short list).  A record holding none of them skips
     * the measure and every rule at once. */
    int ngate;
    unsigned char gate[3];
    ls_found_fn hook; /* rules tooling */
    void *hook_ud;
    struct ls_strbuf *lines; /* findings lines go here instead of the sink (chunks) */
    /* exposure figures that link a record's values (persons.h) */
    struct ls_persons *pp;     /* own_pp, or the one this matcher shares (ls_matcher_share_tally) */
    struct ls_persons *own_pp; /* made with the matcher, freed with it */
    uint8_t *pkind;            /* by category: enum ls_pkind, | PK_MINORS for a minors class */
    int cam_sig;               /* index of the camera_id signal, -1 when none */
    int anpr_rt;               /* index of the anpr_record type, -1 when none */
    struct ls_precord prec;    /* the current record, for persons.c */
    size_t cam_s, cam_e;       /* the current record's camera field (cam_e 0: none) */
    /* Distinct-value hashes on their way into the tally's sets: each is
     * added PEND_N findings after its slot was prefetched, so the add
     * rarely waits for memory (the sets of a large leak are far larger than
     * the caches).  Emptied at every item end, save and merge: the sets are
     * only read after those. */
    struct pend {
        struct ls_fpset *set; /* NULL: free */
        uint64_t h;
    } pend[PEND_N];
    unsigned pend_i;
    int pend_oom; /* a flush ran out of memory where it could not say so */
};

/* pkind bit: the category is of the GDPR class minors. */
#define PK_MINORS 0x80

/* An item's counts so far, moved out of one matcher and into another. */
struct ls_item_counts {
    size_t ncats, nrectypes;
    uint64_t *cat; /* findings by category */
    uint64_t *rec; /* records with a finding, by category */
    uint8_t *rt;   /* record types seen */
    uint64_t total;
    int has_note;
    char note[256]; /* the last PCRE2 limit note, when has_note */
};

void ls_matcher_set_hook(struct ls_matcher *m, ls_found_fn fn, void *ud)
{
    m->hook = fn;
    m->hook_ud = ud;
}

void ls_matcher_free(struct ls_matcher *m)
{
    if (!m)
        return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mctx);
    pcre2_jit_stack_free(m->jit);
    ls_cands_rec_free(&m->cr);
    free(m->gates);
    ls_fold_free(&m->fold);
    ls_fold_free(&m->hfold);
    ls_repair_free(&m->rep);
    ls_toks_free(&m->toks);
    ls_toks_free(&m->htoks);
    free(m->cand);
    free(m->cover);
    free(m->dates);
    free(m->dobs);
    ls_findtally_free(&m->own, m->rs->ncats);
    free(m->item_cat);
    free(m->item_rec);
    free(m->rec_stamp);
    free(m->rt_item);
    free(m->sig);
    free(m->present);
    free(m->colclass);
    free(m->colneg);
    free(m->hsplit);
    free(m->cols_key);
    ls_strbuf_free(&m->line);
    ls_fpcache_free(&m->fpc);
    ls_valkey_wipe(m->vkey);
    ls_persons_free(m->own_pp);
    free(m->pkind);
    free(m);
}

/* The gate bytes: of each rule, its required byte set with the fewest
 * members; the union, when it has at most 3 bytes.  A rule the prefilter
 * does not know (or that requires no byte) leaves the gate off. */
static void gate_build(struct ls_matcher *m)
{
    uint8_t u[32] = {0};
    int n = 0;

    m->ngate = 0;
    if (m->cfg->plain_match || m->rs->nrules == 0)
        return;
    for (size_t i = 0; i < m->rs->nrules; i++) {
        const struct ls_prefilter *pf = &m->rs->rules[i].pf;
        int best = -1, bestn = 257;

        for (int k = 0; pf->known && k < pf->nset; k++) {
            int c = 0;

            for (int b = 0; b < 32; b++)
                c += __builtin_popcount(pf->set[k][b]);
            if (c < bestn) {
                bestn = c;
                best = k;
            }
        }
        if (best < 0)
            return;
        for (int b = 0; b < 32; b++)
            u[b] |= pf->set[best][b];
    }
    for (int c = 0; c < 256; c++) {
        if (!(u[c >> 3] & (1u << (c & 7))))
            continue;
        if (n == 3)
            return;
        m->gate[n++] = (unsigned char)c;
    }
    while (n > 0 && n < 3) /* ls_find3 takes three: repeat one */
        m->gate[n] = m->gate[n - 1], n++;
    m->ngate = n;
}

/* The categories persons.c links, by the packs' ids. */
static const struct {
    const char *id;
    enum ls_pkind kind;
} pkinds[] = {
    {"national_register_number_be", LS_PK_NATIONAL},
    {"bis_number_be", LS_PK_NATIONAL},
    {"eid_card_number_be", LS_PK_EID},
    {"passport_number_be", LS_PK_PASSPORT},
    {"person_name", LS_PK_NAME},
    {"date_of_birth", LS_PK_DOB},
    {"address_be", LS_PK_ADDRESS},
    {"email", LS_PK_EMAIL},
    {"phone_be", LS_PK_PHONE},
    {"phone_other", LS_PK_PHONE},
    {"iban", LS_PK_ACCOUNT},
    {"bank_account_be", LS_PK_ACCOUNT},
    {"vehicle_plate_be", LS_PK_PLATE},
    {"vehicle_plate_nl", LS_PK_PLATE},
    {"vehicle_plate_fr", LS_PK_PLATE},
};

/* What persons.c needs: the kind of each category, the camera signal, the
 * ANPR record type, the date of a record without one.  0 or -1. */
static int persons_setup(struct ls_matcher *m, const struct ls_config *cfg)
{
    const struct ls_ruleset *rs = m->rs;
    uint32_t today = cfg->scan_date;
    size_t i;

    m->pkind = calloc(rs->ncats ? rs->ncats : 1, 1);
    if (!m->pkind)
        return -1;
    for (i = 0; i < sizeof pkinds / sizeof pkinds[0]; i++) {
        int c = ls_ruleset_cat(rs, pkinds[i].id);

        if (c >= 0)
            m->pkind[c] = (uint8_t)pkinds[i].kind;
    }
    for (i = 0; i < rs->ncats; i++)
        if (rs->cats[i].gdpr && !strcmp(rs->cats[i].gdpr, "minors"))
            m->pkind[i] |= PK_MINORS;
    m->cam_sig = m->anpr_rt = -1;
    for (i = 0; i < rs->nsignals; i++)
        if (!strcmp(rs->signals[i], "camera_id"))
            m->cam_sig = (int)i;
    for (i = 0; i < rs->nrectypes; i++)
        if (!strcmp(rs->rectypes[i].id, "anpr_record"))
            m->anpr_rt = (int)i;
    if (!today) {
        time_t now = time(NULL);
        struct tm tm;

        if (gmtime_r(&now, &tm))
            today = (uint32_t)(tm.tm_year + 1900) * 10000 + (uint32_t)(tm.tm_mon + 1) * 100 +
                    (uint32_t)tm.tm_mday;
    }
    if (ls_persons_new(today, cfg->profile_min_hits, cfg->profile_min_sites, &m->own_pp) != LS_OK)
        return -1;
    m->pp = m->own_pp;
    return 0;
}

ls_status ls_matcher_new(const struct ls_ruleset *rs, const struct ls_config *cfg,
                         const unsigned char key[32], struct ls_sink *findings,
                         struct ls_matcher **out)
{
    struct ls_matcher *m;
    size_t nc, nt, ns;

    *out = NULL;
    if (!rs)
        return LS_OK; /* no ruleset: no matcher (the engine then counts nothing) */
    m = calloc(1, sizeof *m);
    if (!m)
        return LS_ENOMEM;
    nc = rs->ncats ? rs->ncats : 1;
    nt = rs->nrectypes ? rs->nrectypes : 1;
    ns = rs->nsignals ? rs->nsignals : 1;
    m->rs = rs;
    m->cfg = cfg;
    m->key = key;
    m->sink = findings;
    ls_strbuf_init(&m->line, LS_LINE_MAX);
    m->md = pcre2_match_data_create(32, NULL);
    m->mctx = pcre2_match_context_create(NULL);
    m->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    m->item_cat = calloc(nc, sizeof *m->item_cat);
    m->item_rec = calloc(nc, sizeof *m->item_rec);
    m->rec_stamp = calloc(nc, sizeof *m->rec_stamp);
    m->present = calloc(nc, 1);
    m->rt_item = calloc(nt, 1);
    m->sig = calloc(ns, 1);
    if (ls_valkey_derive(key, m->vkey) < 0) {
        ls_matcher_free(m);
        return LS_EFATAL;
    }
    m->gates = calloc(rs->nrules ? rs->nrules : 1, sizeof *m->gates);
    m->t = &m->own;
    if (ls_findtally_init(&m->own, nc, nt) < 0 || !m->md || !m->mctx || !m->item_cat ||
        !m->item_rec || !m->rec_stamp || !m->present || !m->rt_item || !m->sig || !m->gates) {
        ls_matcher_free(m);
        return LS_ENOMEM;
    }
    ls_findtally_exact_max(&m->own, nc, cfg->exact_distinct);
    for (size_t i = 0; i < rs->nrules; i++) {
        memcpy(m->gates[i].first, rs->rules[i].first, sizeof m->gates[i].first);
        m->gates[i].has_first = rs->rules[i].has_first;
        m->gates[i].pf = rs->rules[i].pf;
    }
    m->dob_cat = ls_ruleset_cat(rs, "date_of_birth");
    if (persons_setup(m, cfg) < 0) {
        ls_matcher_free(m);
        return LS_ENOMEM;
    }
    m->need_fold = rs->nkw > 0;
    for (size_t i = 0; i < rs->nrules; i++)
        if (rs->rules[i].ctx.n || rs->rules[i].neg.n)
            m->need_fold = 1;
    gate_build(m);
    if (m->jit)
        pcre2_jit_stack_assign(m->mctx, NULL, m->jit);
    pcre2_set_match_limit(m->mctx, cfg->limits.pcre2_match_limit);
    pcre2_set_depth_limit(m->mctx, cfg->limits.pcre2_depth_limit);
    pcre2_set_heap_limit(m->mctx, cfg->limits.pcre2_heap_limit);
    *out = m;
    return LS_OK;
}

/* Queues h for set (see pend in struct ls_matcher) and adds the hash queued
 * PEND_N adds ago.  0, or -1 out of memory. */
static int pend_add(struct ls_matcher *m, struct ls_fpset *set, uint64_t h)
{
    struct pend *p = &m->pend[m->pend_i];
    int r = 0;

    ls_fpset_prefetch(set, h);
    if (p->set)
        r = ls_fpset_add(p->set, p->h);
    p->set = set;
    p->h = h;
    m->pend_i = (m->pend_i + 1) & (PEND_N - 1);
    return r < 0 ? -1 : 0;
}

/* Adds every queued hash.  LS_OK, or LS_ENOMEM. */
static ls_status pend_flush(struct ls_matcher *m)
{
    ls_status st = LS_OK;
    unsigned i;

    for (i = 0; i < PEND_N; i++) {
        struct pend *p = &m->pend[i];

        if (p->set && ls_fpset_add(p->set, p->h) < 0)
            st = LS_ENOMEM;
        p->set = NULL;
    }
    m->pend_i = 0;
    if (m->pend_oom) {
        m->pend_oom = 0;
        st = LS_ENOMEM;
    }
    return st;
}

/* pend_flush where no status can be returned: a failure is kept for the
 * next call that can return one (ls_matcher_record, ls_matcher_merge). */
static void pend_flush_keep(struct ls_matcher *m)
{
    if (pend_flush(m) != LS_OK)
        m->pend_oom = 1;
}

void ls_matcher_item_begin(struct ls_matcher *m, const char *path)
{
    if (!m)
        return;
    pend_flush_keep(m);
    m->path = path;
    m->limit_note = NULL;
    m->item_total = 0;
    m->cols_ptr = NULL;
    m->cols_n = 0;
    memset(m->item_cat, 0, m->rs->ncats * sizeof *m->item_cat);
    memset(m->item_rec, 0, m->rs->ncats * sizeof *m->item_rec);
    memset(m->rt_item, 0, m->rs->nrectypes);
}

/* --- columns ---------------------------------------------------------------- */

/* Whether rec's header names are those classified last.  Compared by
 * content, not by pointer: an extractor may reuse one array for several
 * tables (SQL dumps do), and a freed array's address may come back for the
 * next item. */
static int same_header(const struct ls_matcher *m, const struct ls_record *rec)
{
    const char *k = m->cols_key;
    size_t f, n;

    for (f = 0; f < rec->ncolumns; f++) {
        const char *h = rec->columns ? rec->columns[f] : NULL;
        if (!h)
            h = "";
        n = strlen(h) + 1;
        if ((size_t)(k - m->cols_key) + n > m->cols_key_len || memcmp(k, h, n) != 0)
            return 0;
        k += n;
    }
    return (size_t)(k - m->cols_key) == m->cols_key_len;
}

/* Remembers rec's header names as the ones classified. */
static int keep_header(struct ls_matcher *m, const struct ls_record *rec)
{
    size_t f, len = 0, n;
    char *k;

    for (f = 0; f < rec->ncolumns; f++)
        len += strlen(rec->columns && rec->columns[f] ? rec->columns[f] : "") + 1;
    if (len > m->cols_key_cap) {
        k = realloc(m->cols_key, len);
        if (!k)
            return -1;
        m->cols_key = k;
        m->cols_key_cap = len;
    }
    k = m->cols_key;
    for (f = 0; f < rec->ncolumns; f++) {
        const char *h = rec->columns && rec->columns[f] ? rec->columns[f] : "";
        n = strlen(h) + 1;
        memcpy(k, h, n);
        k += n;
    }
    m->cols_key_len = len;
    return 0;
}

/* Grows *p to hold n bytes; 0, or -1 out of memory. */
static int grow_bytes(void **p, size_t *cap, size_t n)
{
    void *np;

    if (n <= *cap)
        return 0;
    np = realloc(*p, n);
    if (!np)
        return -1;
    *p = np;
    *cap = n;
    return 0;
}

/* Folds and tokenizes header h (camelCase words apart) into hfold/htoks. */
static int header_tokens(struct ls_matcher *m, const char *h)
{
    size_t n = strlen(h), len;

    if (grow_bytes((void **)&m->hsplit, &m->hsplit_cap, 2 * n + 1) < 0)
        return -1;
    len = ls_split_camel(h, n, m->hsplit);
    if (ls_fold_text(&m->hfold, m->hsplit, len) < 0 ||
        ls_tokenize(&m->htoks, m->hfold.buf, m->hfold.len) < 0)
        return -1;
    return 0;
}

/* Classifies header f (already in hfold/htoks): its column classifiers,
 * and the rules whose negative context words it holds. */
static void classify_header(struct ls_matcher *m, size_t f)
{
    const struct ls_ruleset *rs = m->rs;
    int *cl = &m->colclass[f * LS_COL_CLASSES];
    uint8_t *neg = &m->colneg[f * rs->nrules];
    size_t c, k = 0;

    for (c = 0; c < rs->ncolumns && k < LS_COL_CLASSES; c++)
        if (ls_wordlist_any_field(&rs->columns[c].kw, m->hfold.buf, &m->htoks))
            cl[k++] = (int)c;
    for (c = 0; c < rs->nrules; c++)
        neg[c] = rs->rules[c].neg.n &&
                 ls_wordlist_any(&rs->rules[c].neg, m->hfold.buf, &m->htoks, 0, m->htoks.n);
}

static int classify_columns(struct ls_matcher *m, const struct ls_record *rec)
{
    const struct ls_ruleset *rs = m->rs;
    size_t f, c;

    if (m->cols_ptr && m->cols_n == rec->ncolumns && same_header(m, rec))
        return 0;
    if (rec->ncolumns * LS_COL_CLASSES > m->colclass_cap) {
        int *n = realloc(m->colclass, rec->ncolumns * LS_COL_CLASSES * sizeof *n);

        if (!n)
            return -1;
        m->colclass = n;
        m->colclass_cap = rec->ncolumns * LS_COL_CLASSES;
    }
    if (grow_bytes((void **)&m->colneg, &m->colneg_cap, rec->ncolumns * rs->nrules + 1) < 0)
        return -1;
    for (f = 0; f < rec->ncolumns; f++) {
        const char *h = rec->columns ? rec->columns[f] : NULL;

        for (c = 0; c < LS_COL_CLASSES; c++)
            m->colclass[f * LS_COL_CLASSES + c] = -1;
        memset(&m->colneg[f * rs->nrules], 0, rs->nrules);
        if (!h)
            continue;
        if (header_tokens(m, h) < 0)
            return -1;
        classify_header(m, f);
    }
    if (keep_header(m, rec) < 0)
        return -1;
    m->cols_ptr = rec->columns;
    m->cols_n = rec->ncolumns;
    return 0;
}

/* The field holding [s, e), or -1. */
static long field_of(const struct ls_record *rec, size_t s, size_t e)
{
    size_t f;

    for (f = 0; f < rec->ncolumns; f++)
        if (rec->field_off[f] <= s && e <= rec->field_off[f] + rec->field_len[f])
            return (long)f;
    return -1;
}

/* Whether [s, e) is all of field f, but for white space and quotes around
 * it: a cell, a JSON value, an XML element text or attribute value. */
static int whole_field(const struct ls_record *rec, long f, size_t s, size_t e)
{
    size_t a = rec->field_off[f], b = a + rec->field_len[f];

    while (a < s && strchr(" \t\r\n\"'", rec->text[a]))
        a++;
    while (b > e && strchr(" \t\r\n\"'", rec->text[b - 1]))
        b--;
    return a == s && b == e;
}

/* Appends [s, e) with its date to a span list; -1 out of memory. */
static int dspan_push(struct dspan **v, size_t *n, size_t *cap, size_t s, size_t e, uint32_t ymd)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        struct dspan *p = realloc(*v, nc * sizeof *p);

        if (!p)
            return -1;
        *v = p;
        *cap = nc;
    }
    (*v)[*n].s = s;
    (*v)[*n].e = e;
    (*v)[*n].ymd = ymd;
    (*n)++;
    return 0;
}

/* --- candidates --------------------------------------------------------------- */

static int push(struct ls_matcher *m, const struct cand *c)
{
    if (m->ncand == m->capcand) {
        size_t ncap = m->capcand ? m->capcand * 2 : 64;
        struct cand *n = realloc(m->cand, ncap * sizeof *n);

        if (!n)
            return -1;
        m->cand = n;
        m->capcand = ncap;
    }
    m->cand[m->ncand++] = *c;
    return 0;
}

/* Any phrase of wl wholly inside the folded window [a, b)? */
static int words_in(struct ls_matcher *m, const struct ls_wordlist *wl, size_t a, size_t b)
{
    size_t from = ls_toks_lower(&m->toks, a), to = ls_toks_lower(&m->toks, b);

    while (to > from && m->toks.t[to - 1].off + m->toks.t[to - 1].len > b)
        to--;
    return ls_wordlist_any(wl, m->fold.buf, &m->toks, from, to);
}

/* conf raised by r's context words around [s, e), then lowered one step by
 * its negative context words around it inside [lo, hi) (the value's field:
 * the name and value of the next field are not about this one). */
static int adjust_conf(struct ls_matcher *m, const struct ls_rule *r, size_t s, size_t e, int conf,
                       size_t lo, size_t hi)
{
    size_t fs, fe;

    if (!r->ctx.n && !r->neg.n)
        return conf; /* no context words: the record may not even be folded */
    fs = ls_fold_pos(&m->fold, s);
    fe = ls_fold_pos(&m->fold, e);
    if (r->ctx.n && r->ctx_conf > conf) { /* else a hit could not raise it */
        size_t w = r->ctx_window;
        int hit = 0;

        if (r->ctx_side != LS_SIDE_AFTER)
            hit = words_in(m, &r->ctx, fs > w ? fs - w : 0, fs);
        if (!hit && r->ctx_side != LS_SIDE_BEFORE)
            hit = words_in(m, &r->ctx, fe, fe + w < m->fold.len ? fe + w : m->fold.len);
        if (hit && r->ctx_conf > conf)
            conf = r->ctx_conf;
    }
    if (r->neg.n) {
        size_t w = r->neg_window, a = ls_fold_pos(&m->fold, lo), b = ls_fold_pos(&m->fold, hi);

        a = fs > a + w ? fs - w : a;
        b = fe + w < b ? fe + w : b;
        if (words_in(m, &r->neg, a, fs) || words_in(m, &r->neg, fe, b))
            conf = conf > LS_CONF_LOW ? conf - 1 : LS_CONF_LOW;
    }
    return conf;
}

static const char *limit_text(int rc)
{
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        return "PCRE2 match limit hit: some matches in this item may be missing";
    case PCRE2_ERROR_DEPTHLIMIT:
        return "PCRE2 depth limit hit: some matches in this item may be missing";
    case PCRE2_ERROR_HEAPLIMIT:
        return "PCRE2 heap limit hit: some matches in this item may be missing";
    case PCRE2_ERROR_JIT_STACKLIMIT:
        return "PCRE2 JIT stack limit hit: some matches in this item may be missing";
    case PCRE2_ERROR_NOMEMORY:
        return "PCRE2 out of memory: some matches in this item may be missing";
    default:
        return "PCRE2 matching error: some matches in this item may be missing";
    }
}

/* Whether rule ri is searched through the candidate pass in this record:
 * it has a plan, the record is short enough, and the record is measured
 * (once, by the first rule that needs it). */
static int use_cands(struct ls_matcher *m, size_t ri, const struct ls_record *rec)
{
    const struct ls_cands *c = &m->rs->cands;

    if (m->cfg->plain_match || !c->rule || ri >= c->nrules || !c->rule[ri].nvar)
        return 0;
    if (m->cr_state == 0) {
        m->cr_state = -1;
        if (rec->len <= LS_CANDS_MAX_LEN && ls_cands_measure(c, rec->text, rec->len, &m->cr) == 0)
            m->cr_state = 1;
    }
    return m->cr_state == 1;
}

/* The leftmost match of rule ri at or after off (a pcre2_match result):
 * searched by PCRE2, or PCRE2 anchored at each candidate start in turn: the
 * first that matches is the match the search would find (it tries the same
 * starts in the same order, and the candidate pass leaves out only starts
 * where no match can begin).  The whole record is the subject either way,
 * so lookbehinds see the bytes before the start. */
static int next_match(struct ls_matcher *m, size_t ri, const struct ls_record *rec, size_t off)
{
    const struct ls_rule *r = &m->rs->rules[ri];
    PCRE2_SPTR text = (PCRE2_SPTR)rec->text;
    size_t p;

    if (!use_cands(m, ri, rec)) {
        if (r->pairs && !m->cfg->plain_match) { /* no match starts before the first pair */
            size_t q = ls_pairs_next(r->pairs, text, rec->len, off);

            if (q == SIZE_MAX)
                return PCRE2_ERROR_NOMATCH;
            off = q;
        }
        return pcre2_match(r->code, text, rec->len, off, 0, m->md, m->mctx);
    }
    for (size_t b = off / LS_CANDS_BLOCK; b < m->cr.nblk; b++) {
        size_t base = b * LS_CANDS_BLOCK;
        uint64_t x;

        if (m->cb_valid && m->cb_ri == ri && m->cb_b == b) {
            x = m->cb_x;
        } else {
            x = ls_cands_block(&m->rs->cands, ri, &m->cr, b, 0);
            m->cb_valid = 1;
            m->cb_ri = ri;
            m->cb_b = b;
            m->cb_x = x;
        }
        if (off > base) /* positions before off: bits 1 .. off - base */
            x &= ~(((uint64_t)1 << (off - base + 1)) - 1);

        while (x) { /* bit i: position b * LS_CANDS_BLOCK - 1 + i */
            int rc;

            p = b * LS_CANDS_BLOCK + (size_t)__builtin_ctzll(x) - 1;
            x &= x - 1;
            if (p >= rec->len)
                return PCRE2_ERROR_NOMATCH;
            /* the JIT entry point skips pcre2_match's checks and set-up,
             * which cost as much as a short failing match itself */
            rc = r->acode_jit ? pcre2_jit_match(r->acode, text, rec->len, p, 0, m->md, m->mctx)
                              : pcre2_match(r->acode, text, rec->len, p, 0, m->md, m->mctx);
            if (rc != PCRE2_ERROR_NOMATCH)
                return rc;
        }
    }
    return PCRE2_ERROR_NOMATCH;
}

/* The confidence of a match of r at [s, e): the base confidence (a rule's
 * field_confidence when the match is a whole field value), raised by
 * context words and by a column of r's category, lowered one step by
 * negative context words around it (inside its field) or, outside such a
 * column, in the name of its field (a ref, seq or order_no column says what
 * its numbers are). */
static int field_conf(struct ls_matcher *m, const struct ls_rule *r, const struct ls_record *rec,
                      size_t s, size_t e)
{
    long f = -1;
    int conf, k, colhit = 0;

    if (rec->ncolumns && rec->field_off && rec->field_len)
        f = field_of(rec, s, e);
    if (f < 0)
        return adjust_conf(m, r, s, e, r->conf, 0, rec->len);
    conf = r->conf;
    if (r->field_conf > conf && whole_field(rec, f, s, e))
        conf = r->field_conf;
    conf = adjust_conf(m, r, s, e, conf, rec->field_off[f], rec->field_off[f] + rec->field_len[f]);
    if ((size_t)f >= m->cols_n)
        return conf;
    for (k = 0; k < LS_COL_CLASSES; k++) {
        int ci = m->colclass[(size_t)f * LS_COL_CLASSES + (size_t)k];

        if (ci >= 0 && m->rs->columns[ci].cat == r->cat) {
            colhit = 1;
            if (m->rs->columns[ci].values == LS_COL_PATTERN && m->rs->columns[ci].conf > conf)
                conf = m->rs->columns[ci].conf;
        }
    }
    if (!colhit && m->colneg[(size_t)f * m->rs->nrules + (size_t)(r - m->rs->rules)] &&
        conf > LS_CONF_LOW)
        conf--;
    return conf;
}

static ls_status run_rule(struct ls_matcher *m, size_t ri, const struct ls_record *rec)
{
    const struct ls_rule *r = &m->rs->rules[ri];
    size_t len = rec->len, off = 0;

    const struct rgate *g = &m->gates[ri];

    if (g->has_first) { /* can any byte of the record start a match? (as before the prefilter) */
        const uint64_t *b = m->pf.bytes_w;

        if (!((g->first[0] & b[0]) | (g->first[1] & b[1]) | (g->first[2] & b[2]) |
              (g->first[3] & b[3])))
            return LS_OK;
    }
    if (!m->cfg->plain_match && !ls_prefilter_may_match(&g->pf, &m->pf))
        return LS_OK; /* the record lacks something every match holds */
    while (off <= len) {
        int rc = next_match(m, ri, rec, off);
        PCRE2_SIZE *ov;
        size_t s, e, next;
        struct cand c;

        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0) {
            /* Noted with the rule; this rule stops for this record. */
            snprintf(m->limit_buf, sizeof m->limit_buf, "rule %.100s: %s", r->id, limit_text(rc));
            m->limit_note = m->limit_buf;
            break;
        }
        ov = pcre2_get_ovector_pointer(m->md);
        s = ov[0];
        e = ov[1];
        next = e > s ? e : s + 1;
        while (next < len && ((unsigned char)rec->text[next] & 0xC0) == 0x80)
            next++;
        off = next;
        if (r->value_group && r->value_group < rc && ov[2 * r->value_group] != PCRE2_UNSET) {
            s = ov[2 * r->value_group];
            e = ov[2 * r->value_group + 1];
        }
        if (e <= s)
            continue;
        if (r->validator && !r->validator->fn(rec->text + s, e - s))
            continue;
        if (r->signal >= 0) {
            m->sig[r->signal] = 1;
            if (r->is_date) {
                uint32_t ymd = ls_date_parse(rec->text + s, e - s);

                if (ymd && dspan_push(&m->dates, &m->ndates, &m->capdates, s, e, ymd) < 0)
                    return LS_ENOMEM;
            }
            continue;
        }
        memset(&c, 0, sizeof c);
        c.s = s;
        c.e = e;
        c.rule = (int)ri;
        c.col = c.kw = -1;
        c.cat = r->cat;
        c.validated = r->validator != NULL;
        c.conf = field_conf(m, r, rec, s, e);
        if (push(m, &c) < 0)
            return LS_ENOMEM;
    }
    return LS_OK;
}

/* Priority: validated checksum > longer span > higher confidence > rule order. */
static int cand_prio(const void *pa, const void *pb)
{
    const struct cand *a = pa, *b = pb;

    if (a->validated != b->validated)
        return b->validated - a->validated;
    if (a->e - a->s != b->e - b->s)
        return a->e - a->s > b->e - b->s ? -1 : 1;
    if (a->conf != b->conf)
        return b->conf - a->conf;
    if (a->rule != b->rule)
        return a->rule - b->rule;
    return a->s < b->s ? -1 : a->s > b->s;
}

static int cand_pos(const void *pa, const void *pb)
{
    const struct cand *a = pa, *b = pb;

    return a->s < b->s ? -1 : a->s > b->s;
}

/* A record has a handful of candidates: a stable insertion sort costs less
 * than qsort's set-up.  qsort (glibc's merge sort, stable too) past that, so
 * the order is the same either way. */
#define CAND_SORT_SMALL 24

static void sort_cands(struct cand *c, size_t n, int (*cmp)(const void *, const void *))
{
    size_t i, j;

    if (n > CAND_SORT_SMALL) {
        qsort(c, n, sizeof *c, cmp);
        return;
    }
    for (i = 1; i < n; i++) {
        struct cand t = c[i];

        for (j = i; j > 0 && cmp(&c[j - 1], &t) > 0; j--)
            c[j] = c[j - 1];
        c[j] = t;
    }
}

/* Keeps, of overlapping candidates, the most specific; result in m->cand[0..nacc).
 * Candidates are taken in priority order and kept when none of their bytes is
 * covered by one kept before: a byte map of the record makes this linear in
 * the total length of the spans. */
static int resolve_overlaps(struct ls_matcher *m, size_t len)
{
    size_t i, j, k = 0;

    m->nacc = 0;
    if (!m->ncand)
        return 0;
    if (len > m->cover_cap) {
        unsigned char *n = realloc(m->cover, len);

        if (!n)
            return -1;
        memset(n + m->cover_cap, 0, len - m->cover_cap);
        m->cover = n;
        m->cover_cap = len;
    }
    sort_cands(m->cand, m->ncand, cand_prio);
    for (i = 0; i < m->ncand; i++) {
        const struct cand *c = &m->cand[i];

        for (j = c->s; j < c->e && !m->cover[j]; j++)
            ;
        if (j < c->e)
            continue;
        memset(m->cover + c->s, 1, c->e - c->s);
        m->cand[k++] = *c;
    }
    for (i = 0; i < k; i++)
        memset(m->cover + m->cand[i].s, 0, m->cand[i].e - m->cand[i].s);
    sort_cands(m->cand, k, cand_pos);
    m->nacc = k;
    return 0;
}

/* --- emitting findings -------------------------------------------------------- */

static const char *cand_rule_id(const struct ls_matcher *m, const struct cand *c)
{
    if (c->rule >= 0)
        return m->rs->rules[c->rule].id;
    if (c->col >= 0)
        return m->rs->columns[c->col].id;
    return m->rs->kw[c->kw].id;
}

/* Line of byte s of the record, counting newlines from a moving cursor. */
struct linecur {
    size_t pos;
    uint64_t line;
};

static uint64_t line_at(const struct ls_record *rec, struct linecur *lc, size_t s)
{
    if (!rec->line)
        return 0;
    if (s < lc->pos) {
        lc->pos = 0;
        lc->line = rec->line;
    }
    for (; lc->pos < s && lc->pos < rec->len; lc->pos++)
        if (rec->text[lc->pos] == '\n')
            lc->line++;
    return lc->line;
}

/* The date span counts dated records: every event date of the record widens
 * the span, and the record is counted once, in the year of its earliest
 * event date.  A date that was reported as a date of birth is no event date. */
static uint32_t record_dates(struct ls_matcher *m)
{
    uint32_t first = 0;
    size_t i, j;

    for (i = 0; i < m->ndates; i++) {
        const struct dspan *d = &m->dates[i];

        for (j = 0; j < m->ndobs; j++)
            if (m->dobs[j].s < d->e && d->s < m->dobs[j].e)
                break;
        if (j < m->ndobs)
            continue;
        ls_date_extend(&m->t->dates, d->ymd);
        if (!first || d->ymd < first)
            first = d->ymd;
    }
    ls_date_add(&m->t->dates, first);
    return first;
}

/* The line of a finding at s in field f (-1: none): the source line of its
 * field when the extractor gives them (a JSON/XML record is a rendering of
 * its fields), the line on its page in a document of pages, otherwise
 * counted in the record's text. */
static uint64_t finding_line(const struct ls_record *rec, struct linecur *lc, size_t s, long f)
{
    if (rec->field_line && rec->ncolumns && rec->field_off && rec->field_len)
        return f >= 0 && rec->field_line[f] ? rec->field_line[f] : rec->line;
    if (rec->part_pages && rec->part_line && rec->line) {
        /* a document of pages: the line within the finding's page */
        uint64_t before = 0;

        for (size_t i = 0; i < rec->nparts && rec->part_off[i] <= s; i++)
            before = rec->part_line[i];
        return line_at(rec, lc, s) - before;
    }
    return line_at(rec, lc, s);
}

/* Counts one finding (and writes its findings line).  The value is the span
 * c->s..c->e of the record; canon (NULL: the value) is what gets normalized
 * and fingerprinted — the folded word for keywords.  lc locates the line,
 * computed only for a finding that is written. */
static ls_status emit(struct ls_matcher *m, const struct ls_record *rec, const struct cand *c,
                      const char *canon, size_t cn, struct linecur *lc)
{
    const char *value = rec->text + c->s;
    size_t vn = c->e - c->s;
    const struct ls_normalizer *nz = NULL;
    char norm[LS_VALUE_MAX + 1], masked[LS_VALUE_MAX + 1], hex[33];
    unsigned char fp[16];
    size_t nn = 0;
    struct ls_cattally *t = &m->t->cats[c->cat];
    const struct ls_rule *r = c->rule >= 0 ? &m->rs->rules[c->rule] : NULL;

    if (m->hook) {
        struct ls_found f = {m->rs->cats[c->cat].id, cand_rule_id(m, c), c->s, c->e, c->conf};

        m->hook(m->hook_ud, &f);
    }
    if (c->conf < (int)m->cfg->min_confidence)
        return LS_OK;
    if (r)
        nz = r->normalizer;
    else if (c->col >= 0)
        nz = m->rs->columns[c->col].normalizer;
    if (!canon) {
        canon = value;
        cn = vn;
    }
    if (nz)
        nn = nz->fn(canon, cn, norm, sizeof norm);
    if (nn == 0 || nn > LS_VALUE_MAX) {
        nn = cn < LS_VALUE_MAX ? cn : LS_VALUE_MAX;
        memcpy(norm, canon, nn);
    }
    norm[nn] = '\0';
    uint64_t vh = ls_value_hash(m->vkey, norm, nn);

    if (pend_add(m, &t->uniq, vh) < 0)
        return LS_ENOMEM;
    if (m->pkind[c->cat]) { /* a value persons.c links, or a minors class */
        if (m->pkind[c->cat] & PK_MINORS)
            m->prec.minors_kw = 1;
        ls_persons_note(m->pp, (enum ls_pkind)(m->pkind[c->cat] & ~PK_MINORS), vh, c->s, norm, nn);
    }
    t->findings++;
    t->conf[c->conf]++;
    if (m->rec_stamp[c->cat] != m->recserial) {
        m->rec_stamp[c->cat] = m->recserial;
        t->records++;
        m->item_rec[c->cat]++;
    }
    m->item_cat[c->cat]++;
    m->item_total++;
    m->present[c->cat] = 1;
    if (c->cat == m->dob_cat) {
        if (dspan_push(&m->dobs, &m->ndobs, &m->capdobs, c->s, c->e, 0) < 0)
            return LS_ENOMEM;
    } else if (r && r->is_date) {
        uint32_t ymd = ls_date_parse(value, vn);

        if (ymd && dspan_push(&m->dates, &m->ndates, &m->capdates, c->s, c->e, ymd) < 0)
            return LS_ENOMEM;
    }
    if (m->sink) {
        struct ls_jsonw w;

        if (ls_fingerprint_cached(&m->fpc, m->key, norm, nn, fp) != 0)
            return LS_EFATAL;
        size_t ml = ls_mask(value, vn < LS_VALUE_MAX ? vn : LS_VALUE_MAX, masked, sizeof masked);
        long f = rec->ncolumns && rec->field_off && rec->field_len ? field_of(rec, c->s, c->e) : -1;

        ls_strbuf_reset(&m->line);
        ls_jsonw_init(&w, &m->line, 0);
        ls_jsonw_obj_begin(&w);
        ls_jsonw_kstr(&w, "path", m->path ? m->path : "");
        ls_jsonw_kstr(&w, "category", m->rs->cats[c->cat].id);
        ls_jsonw_kstr(&w, "rule", cand_rule_id(m, c));
        ls_jsonw_ku64(&w, "record", rec->index);
        ls_jsonw_ku64(&w, "line", finding_line(rec, lc, c->s, f));
        ls_jsonw_ku64(&w, "offset", rec->offset + ls_repair_orig(&m->rep, c->s));
        {
            const char *part = rec->part;
            uint32_t page = rec->page;

            for (size_t i = 0; i < rec->nparts && rec->part_off[i] <= c->s; i++) {
                if (rec->part_names)
                    part = rec->part_names[i];
                if (rec->part_pages)
                    page = rec->part_pages[i];
            }
            if (page)
                ls_jsonw_ku64(&w, "page", page);
            if (part)
                ls_jsonw_kstr(&w, "part", part);
        }
        if (f >= 0 && rec->columns && rec->columns[f] && rec->columns[f][0])
            ls_jsonw_kstr(&w, "column", rec->columns[f]);
        ls_jsonw_kstr(&w, "confidence", ls_conf_name(c->conf));
        ls_jsonw_key(&w, "masked");
        ls_jsonw_strn(&w, masked, ml < sizeof masked ? ml : sizeof masked - 1);
        ls_fingerprint_hex(fp, hex);
        ls_jsonw_kstr(&w, "fingerprint", hex);
        if (m->cfg->reveal) {
            ls_jsonw_key(&w, "value");
            ls_jsonw_strn(&w, value, vn < LS_REVEAL_MAX ? vn : LS_REVEAL_MAX);
        }
        ls_jsonw_obj_end(&w);
        if (!m->line.overflow) {
            if (m->lines) {
                ls_strbuf_append(m->lines, m->line.data, m->line.len);
                ls_strbuf_putc(m->lines, '\n');
            } else {
                ls_sink_line(m->sink, m->line.data, m->line.len);
            }
        }
    }
    return LS_OK;
}

/* Non-empty fields of "count" columns: one finding each; signal columns: signals. */
/* Whether a rule finding of category cat kept for this record overlaps [s, e). */
static int rule_found(const struct ls_matcher *m, int cat, size_t s, size_t e)
{
    size_t i;

    for (i = 0; i < m->nacc; i++)
        if (m->cand[i].cat == cat && m->cand[i].s < e && s < m->cand[i].e)
            return 1;
    return 0;
}

static ls_status columns_count(struct ls_matcher *m, const struct ls_record *rec,
                               struct linecur *lc)
{
    size_t f;
    int k;
    ls_status st;

    if (!rec->field_off || !rec->field_len)
        return LS_OK;
    for (f = 0; f < rec->ncolumns && f < m->cols_n; f++) {
        size_t s = rec->field_off[f], e = s + rec->field_len[f];
        int counted = 0;

        if (e > rec->len || s > e)
            continue;
        while (s < e && (rec->text[s] == ' ' || rec->text[s] == '\t' || rec->text[s] == '"'))
            s++;
        while (e > s && (rec->text[e - 1] == ' ' || rec->text[e - 1] == '\t' ||
                         rec->text[e - 1] == '"' || rec->text[e - 1] == '\r'))
            e--;
        if (s == e)
            continue;
        for (k = 0; k < LS_COL_CLASSES; k++) {
            int ci = m->colclass[f * LS_COL_CLASSES + (size_t)k];
            const struct ls_column *col;
            struct cand c;

            if (ci < 0)
                break;
            col = &m->rs->columns[ci];
            if (col->signal >= 0) {
                m->sig[col->signal] = 1;
                if (col->signal == m->cam_sig) { /* hashed at the record's end, if ANPR */
                    m->cam_s = s;
                    m->cam_e = e;
                }
                continue;
            }
            if (col->values != LS_COL_COUNT || counted)
                continue;
            counted = 1; /* one finding per field */
            memset(&c, 0, sizeof c);
            c.s = s;
            c.e = e;
            c.rule = c.kw = -1;
            c.col = ci;
            c.cat = col->cat;
            c.conf = col->conf;
            if (rule_found(m, c.cat, s, e))
                continue; /* one span, one finding: a rule already took it */
            if ((st = emit(m, rec, &c, NULL, 0, lc)) != LS_OK)
                return st;
        }
    }
    return LS_OK;
}

/* Every keyword occurrence is one finding of its class; one per class and token. */
static ls_status keywords_count(struct ls_matcher *m, const struct ls_record *rec,
                                struct linecur *lc)
{
    const struct ls_ruleset *rs = m->rs;
    size_t i;
    uint32_t e;
    ls_status st;

    if (!rs->kwidx)
        return LS_OK;
    for (i = 0; i < m->toks.n; i++) {
        unsigned char b = (unsigned char)m->fold.buf[m->toks.t[i].off];
        long last_kw = -1;

        for (e = rs->kwstart[b]; e < rs->kwstart[b + 1]; e++) {
            const struct ls_kwclass *kc = &rs->kw[rs->kwidx[e].kw];
            const struct ls_phrase *ph = &kc->words.p[rs->kwidx[e].ph];
            struct cand c;
            size_t fs, fe;

            if ((long)rs->kwidx[e].kw == last_kw || !ls_phrase_at(ph, m->fold.buf, &m->toks, i))
                continue;
            last_kw = (long)rs->kwidx[e].kw;
            fs = m->toks.t[i].off;
            fe = m->toks.t[i + ph->ntok - 1].off + m->toks.t[i + ph->ntok - 1].len;
            memset(&c, 0, sizeof c);
            c.s = ls_fold_orig(&m->fold, fs);
            c.e = ls_fold_orig(&m->fold, fe);
            if (c.e <= c.s)
                c.e = c.s + 1;
            c.rule = c.col = -1;
            c.kw = (int)rs->kwidx[e].kw;
            c.cat = kc->cat;
            c.conf = kc->conf;
            /* The distinct value of a keyword is its folded form. */
            if ((st = emit(m, rec, &c, m->fold.buf + fs, fe - fs, lc)) != LS_OK)
                return st;
        }
    }
    return LS_OK;
}

static void record_types(struct ls_matcher *m)
{
    const struct ls_ruleset *rs = m->rs;
    size_t t, g, k;

    for (t = 0; t < rs->nrectypes; t++) {
        const struct ls_rectype *rt = &rs->rectypes[t];
        int all = 1;

        for (g = 0; g < rt->ngroups && all; g++) {
            int any = 0;

            for (k = 0; k < rt->ngroup[g] && !any; k++) {
                const struct ls_term *term = &rt->groups[g][k];

                any = term->cat >= 0 ? m->present[term->cat] : m->sig[term->signal];
            }
            all = any;
        }
        if (all) {
            m->t->rt[t].count++;
            m->rt_item[t] = 1;
            if ((int)t == m->anpr_rt)
                m->prec.anpr = 1;
        }
    }
}

/* Can the record hold a token (a letter, a digit or a non-ASCII byte)? */
static int has_token_bytes(const struct ls_matcher *m)
{
    size_t k;

    /* '0'-'9' are in bytes 6-7 of the set, letters in 8-15, 0x80-0xFF in 16-31 */
    for (k = 6; k < 32; k++)
        if (m->pf.bytes[k])
            return 1;
    return 0;
}

ls_status ls_matcher_record(struct ls_matcher *m, const struct ls_record *rec)
{
    const struct ls_ruleset *rs;
    struct linecur lc = {0, rec->line};
    size_t i;
    ls_status st = LS_OK;

    if (!m)
        return LS_OK;
    rs = m->rs;
    if (rs->nrules == 0 && rs->ncolumns == 0 && rs->nkw == 0)
        return LS_OK; /* an inventory-only scan: nothing can match */
    if (m->pend_oom) {
        m->pend_oom = 0;
        return LS_ENOMEM;
    }
    if (rec->ascii && !rec->prose) /* nothing to repair (repair.c, needs_repair) */
        m->rep.active = 0;
    else if (!(rec = ls_repair_record(&m->rep, rec))) /* NBSP, full width, OCR: repair.h */
        return LS_ENOMEM;
    m->recserial++;
    m->cr_state = 0;
    m->cb_valid = 0;
    m->ncand = 0;
    m->ndates = m->ndobs = 0;
    memset(&m->prec, 0, sizeof m->prec);
    m->cam_e = 0;
    memset(m->present, 0, rs->ncats);
    if (rs->nsignals)
        memset(m->sig, 0, rs->nsignals);
    if (m->ngate && !m->need_fold && rs->ncolumns == 0 && rs->nkw == 0) {
        const unsigned char *t = (const unsigned char *)rec->text, *e = t + rec->len;

        if (m->gate[0] == m->gate[2] ? !memchr(t, m->gate[0], rec->len)
                                     : ls_find3(t, e, m->gate[0], m->gate[1], m->gate[2]) == e) {
            /* no rule's prefilter can pass: nothing to match */
            m->nacc = 0;
            record_types(m);
            record_dates(m);
            return LS_OK;
        }
    }
    ls_prefilter_measure(rec->text, rec->len, &m->pf);
    m->toks.n = 0;
    if (m->need_fold) { /* context words and keywords match on folded tokens */
        if (ls_fold_text(&m->fold, rec->text, rec->len) < 0)
            return LS_ENOMEM;
        if (has_token_bytes(m) && ls_tokenize(&m->toks, m->fold.buf, m->fold.len) < 0)
            return LS_ENOMEM;
    }
    /* without column classifiers no header can raise or count anything */
    if (rec->ncolumns && rs->ncolumns && classify_columns(m, rec) < 0)
        return LS_ENOMEM;
    for (i = 0; i < rs->nrules; i++)
        if ((st = run_rule(m, i, rec)) != LS_OK)
            return st;
    if (resolve_overlaps(m, rec->len) < 0)
        return LS_ENOMEM;
    for (i = 0; i < m->nacc; i++) {
        const struct cand *c = &m->cand[i];

        if ((st = emit(m, rec, c, NULL, 0, &lc)) != LS_OK)
            return st;
    }
    if (rec->ncolumns && rs->ncolumns && (st = columns_count(m, rec, &lc)) != LS_OK)
        return st;
    if ((st = keywords_count(m, rec, &lc)) != LS_OK)
        return st;
    record_types(m);
    m->prec.date = record_dates(m);
    if (m->prec.anpr && m->cam_e > m->cam_s) { /* FNV-1a: held as a count, never written */
        uint32_t ch = 2166136261u;

        for (size_t k = m->cam_s; k < m->cam_e; k++)
            ch = (ch ^ (unsigned char)rec->text[k]) * 16777619u;
        m->prec.camera = ch ? ch : 1;
    }
    return ls_persons_record_end(m->pp, &m->prec);
}

const char *ls_ruleset_cat_id(const struct ls_ruleset *rs, size_t i)
{
    return rs->cats[i].id;
}

size_t ls_ruleset_ncats(const struct ls_ruleset *rs)
{
    return rs ? rs->ncats : 0;
}

void ls_matcher_item_cats(const struct ls_matcher *m, const uint64_t **findings,
                          const uint64_t **records)
{
    *findings = m ? m->item_cat : NULL;
    *records = m ? m->item_rec : NULL;
}

uint64_t ls_matcher_item_end(struct ls_matcher *m, struct ls_jsonw *inv, const char **limit_note)
{
    const struct ls_ruleset *rs;
    size_t i;

    if (limit_note)
        *limit_note = m ? m->limit_note : NULL;
    if (inv) {
        ls_jsonw_key(inv, "findings");
        ls_jsonw_obj_begin(inv);
    }
    if (!m) {
        if (inv)
            ls_jsonw_obj_end(inv);
        return 0;
    }
    pend_flush_keep(m);
    rs = m->rs;
    for (i = 0; i < rs->ncats; i++) {
        if (!m->item_cat[i])
            continue;
        m->t->cats[i].files++;
        if (inv)
            ls_jsonw_ku64(inv, rs->cats[i].id, m->item_cat[i]);
    }
    if (inv)
        ls_jsonw_obj_end(inv);
    for (i = 0; i < rs->nrectypes; i++)
        if (m->rt_item[i])
            m->t->rt[i].files++;
    memset(m->item_cat, 0, rs->ncats * sizeof *m->item_cat);
    memset(m->item_rec, 0, rs->ncats * sizeof *m->item_rec);
    memset(m->rt_item, 0, rs->nrectypes);
    m->cols_ptr = NULL;
    m->cols_n = 0;
    return m->item_total;
}

void ls_matcher_set_lines(struct ls_matcher *m, struct ls_strbuf *buf)
{
    if (m)
        m->lines = buf;
}

ls_status ls_item_counts_new(const struct ls_matcher *m, struct ls_item_counts **out)
{
    struct ls_item_counts *c = calloc(1, sizeof *c);

    *out = NULL;
    if (!c)
        return LS_ENOMEM;
    c->ncats = m ? m->rs->ncats : 0;
    c->nrectypes = m ? m->rs->nrectypes : 0;
    c->cat = calloc(c->ncats ? c->ncats : 1, sizeof *c->cat);
    c->rec = calloc(c->ncats ? c->ncats : 1, sizeof *c->rec);
    c->rt = calloc(c->nrectypes ? c->nrectypes : 1, 1);
    if (!c->cat || !c->rec || !c->rt) {
        ls_item_counts_free(c);
        return LS_ENOMEM;
    }
    *out = c;
    return LS_OK;
}

void ls_item_counts_free(struct ls_item_counts *c)
{
    if (!c)
        return;
    free(c->cat);
    free(c->rec);
    free(c->rt);
    free(c);
}

void ls_matcher_item_save(struct ls_matcher *m, struct ls_item_counts *c)
{
    if (!m || !c || c->ncats != m->rs->ncats || c->nrectypes != m->rs->nrectypes)
        return;
    pend_flush_keep(m);
    memcpy(c->cat, m->item_cat, c->ncats * sizeof *c->cat);
    memcpy(c->rec, m->item_rec, c->ncats * sizeof *c->rec);
    memcpy(c->rt, m->rt_item, c->nrectypes);
    c->total = m->item_total;
    c->has_note = m->limit_note != NULL;
    if (m->limit_note)
        snprintf(c->note, sizeof c->note, "%s", m->limit_note);
    ls_matcher_item_begin(m, m->path);
}

void ls_matcher_item_add(struct ls_matcher *m, const struct ls_item_counts *c)
{
    size_t i;

    if (!m || !c || c->ncats != m->rs->ncats || c->nrectypes != m->rs->nrectypes)
        return;
    for (i = 0; i < c->ncats; i++) {
        m->item_cat[i] += c->cat[i];
        m->item_rec[i] += c->rec[i];
    }
    for (i = 0; i < c->nrectypes; i++)
        m->rt_item[i] |= c->rt[i];
    m->item_total += c->total;
    if (c->has_note) { /* the last note wins, as when the records are matched here */
        snprintf(m->limit_buf, sizeof m->limit_buf, "%s", c->note);
        m->limit_note = m->limit_buf;
    }
}

/* The persons' merge, on a thread of its own while the tally merges. */
struct pmerge {
    struct ls_persons *into, *from;
    ls_status st;
};

static void *pmerge_run(void *arg)
{
    struct pmerge *pm = arg;

    pm->st = ls_persons_merge(pm->into, pm->from);
    return NULL;
}

ls_status ls_matcher_merge(struct ls_matcher *into, struct ls_matcher *from)
{
    if (!into || !from)
        return LS_OK;
    ls_status st = LS_OK;
    int tally, persons;
    struct pmerge pm;
    pthread_t th;

    if (into->rs != from->rs)
        return LS_EFATAL;
    if (pend_flush(into) != LS_OK || pend_flush(from) != LS_OK)
        return LS_ENOMEM;
    /* a shared tally (and persons' links) is merged once, through the
     * matcher that owns it */
    tally = from->t == &from->own && from->t != into->t;
    persons = from->pp == from->own_pp && from->pp != into->pp;
    /* They share nothing: when both are to merge (the serial end of a
     * scan), the persons (links, plate table) merge on a second thread. */
    pm.into = into->pp;
    pm.from = from->pp;
    pm.st = LS_OK;
    if (tally && persons && pthread_create(&th, NULL, pmerge_run, &pm) == 0) {
        st = ls_findtally_merge(into->t, from->t, into->rs->ncats, into->rs->nrectypes);
        pthread_join(th, NULL);
        return st != LS_OK ? st : pm.st;
    }
    if (tally)
        st = ls_findtally_merge(into->t, from->t, into->rs->ncats, into->rs->nrectypes);
    if (st == LS_OK && persons)
        st = ls_persons_merge(into->pp, from->pp);
    return st;
}

struct ls_findtally *ls_matcher_findtally(struct ls_matcher *m)
{
    return m->t;
}

struct ls_persons *ls_matcher_persons(struct ls_matcher *m)
{
    return m->pp;
}

void ls_matcher_share_tally(struct ls_matcher *m, const struct ls_matcher *with)
{
    if (m && with && m->rs == with->rs) {
        m->t = with->t;
        m->pp = with->pp;
    }
}

void ls_matcher_memory(const struct ls_matcher *m, struct ls_setmem *out)
{
    struct ls_persons_fig f;

    memset(out, 0, sizeof *out);
    if (!m)
        return;
    ls_findtally_memory(m->t, m->rs->ncats, out);
    (void)ls_persons_figures(m->pp, &f);
    out->exposure_bytes = ls_persons_bytes(m->pp);
    out->exposure_link_bytes = f.link_bytes;
}

/* The exposure figures of m besides its tally. */
static void exposure_in(const struct ls_matcher *m, struct ls_exposure_in *x)
{
    memset(x, 0, sizeof *x);
    x->fig_ok = ls_persons_figures(m->pp, &x->fig) == LS_OK;
    x->min_hits = m->cfg->profile_min_hits;
    x->min_sites = m->cfg->profile_min_sites;
    x->circumstances = m->cfg->circumstances;
}

void ls_matcher_report_json(const struct ls_matcher *m, struct ls_jsonw *w)
{
    struct ls_exposure_in x;

    if (!m)
        return;
    exposure_in(m, &x);
    ls_exposure_report_json(m->rs, m->t, &x, w);
}

void ls_matcher_report_text(const struct ls_matcher *m, struct ls_strbuf *out)
{
    struct ls_exposure_in x;

    if (!m)
        return;
    exposure_in(m, &x);
    ls_exposure_report_text(m->rs, m->t, &x, out);
}
