/* tally.c — per-worker inventory counters and their merge (tally.h). */
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct ls_tally {
    uint64_t total, scanned, skipped, failed;
    uint64_t bytes_read, bytes_scanned;
    uint64_t image, video, audio;
    uint64_t invalid_sequences, invalid_files, partial_files, scanned_docs;
    /* types: a small open-addressing map name → count, then sorted arrays. */
    char **type_names;
    uint64_t *type_counts;
    size_t ntypes, type_cap;
    struct ls_problem *problems;
    size_t nproblems, problem_cap;
    uint64_t problems_dropped;
    struct ls_problem *limits; /* PCRE2 limits hit */
    size_t nlimits, limit_cap;
    /* The top-files list: made by ls_tally_view from the files list (which
     * holds the files with most findings by the same order), entries
     * borrowed from it, not owned. */
    struct ls_topfile top[LS_TOP_FILES];
    size_t ntop;
    /* Files with findings: a heap whose root is the one to drop first (the
     * fewest findings, then the greatest path), at most LS_FILES_LISTED;
     * sorted by path by ls_tally_view (files_sorted), heaped again when one
     * is offered after that. */
    struct ls_topfile *files;
    size_t nfiles, files_cap;
    int files_sorted;
    uint64_t files_with_findings;
    /* view scratch */
    const char **view_names;
};

ls_status ls_tally_new(struct ls_tally **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? LS_OK : LS_ENOMEM;
}

void ls_tally_free(struct ls_tally *t)
{
    size_t i;

    if (!t)
        return;
    for (i = 0; i < t->ntypes; i++)
        free(t->type_names[i]);
    free(t->type_names);
    free(t->type_counts);
    for (i = 0; i < t->nproblems; i++) {
        free(t->problems[i].path);
        free(t->problems[i].reason);
    }
    free(t->problems);
    for (i = 0; i < t->nlimits; i++) {
        free(t->limits[i].path);
        free(t->limits[i].reason);
    }
    free(t->limits);
    for (i = 0; i < t->nfiles; i++) {
        free(t->files[i].path);
        free(t->files[i].categories_json);
    }
    free(t->files);
    free(t->view_names);
    free(t);
}

/* Types are few (tens): a linear scan over a short list is fine. */
static void type_add(struct ls_tally *t, const char *type, uint64_t n)
{
    size_t i;

    for (i = 0; i < t->ntypes; i++)
        if (strcmp(t->type_names[i], type) == 0) {
            t->type_counts[i] += n;
            return;
        }
    if (t->ntypes == t->type_cap) {
        size_t cap = t->type_cap ? t->type_cap * 2 : 16;
        char **nn = realloc(t->type_names, cap * sizeof *nn);
        uint64_t *nc;
        if (!nn)
            return;
        t->type_names = nn;
        nc = realloc(t->type_counts, cap * sizeof *nc);
        if (!nc)
            return;
        t->type_counts = nc;
        t->type_cap = cap;
    }
    t->type_names[t->ntypes] = strdup(type);
    if (!t->type_names[t->ntypes])
        return;
    t->type_counts[t->ntypes++] = n;
}

static char *memdup0(const char *p, size_t n)
{
    char *s = malloc(n + 1);

    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

/* Appends to a bounded list of problems; counts what does not fit. */
static void list_add(struct ls_problem **list, size_t *n, size_t *capp, uint64_t *dropped,
                     const char *path, size_t path_len, enum ls_outcome st, const char *reason)
{
    struct ls_problem *p;

    if (*n >= LS_MAX_PROBLEMS) {
        (*dropped)++;
        return;
    }
    if (*n == *capp) {
        size_t cap = *capp ? *capp * 2 : 64;
        p = realloc(*list, cap * sizeof *p);
        if (!p) {
            (*dropped)++;
            return;
        }
        *list = p;
        *capp = cap;
    }
    p = &(*list)[*n];
    p->path = memdup0(path, path_len);
    p->path_len = path_len;
    p->status = st;
    p->reason = strdup(reason ? reason : "");
    if (!p->path || !p->reason) {
        free(p->path);
        free(p->reason);
        (*dropped)++;
        return;
    }
    (*n)++;
}

static void problem_add(struct ls_tally *t, const char *path, size_t path_len, enum ls_outcome st,
                        const char *reason)
{
    list_add(&t->problems, &t->nproblems, &t->problem_cap, &t->problems_dropped, path, path_len, st,
             reason);
}

void ls_tally_match_limit(struct ls_tally *t, const char *path, size_t path_len, const char *note)
{
    list_add(&t->limits, &t->nlimits, &t->limit_cap, &t->problems_dropped, path, path_len,
             LS_SCANNED, note);
}

void ls_tally_item(struct ls_tally *t, const char *path, size_t path_len, const char *type,
                   uint64_t size, enum ls_outcome status, const char *reason)
{
    (void)size;
    t->total++;
    if (status == LS_SCANNED)
        t->scanned++;
    else if (status == LS_SKIPPED)
        t->skipped++;
    else
        t->failed++;
    if (!type || !*type)
        type = "unknown";
    type_add(t, type, 1);
    if (strncmp(type, "image/", 6) == 0)
        t->image++;
    else if (strncmp(type, "video/", 6) == 0)
        t->video++;
    else if (strncmp(type, "audio/", 6) == 0)
        t->audio++;
    if (status != LS_SCANNED)
        problem_add(t, path, path_len, status, reason);
}

void ls_tally_decode(struct ls_tally *t, uint64_t invalid_sequences, int partial, int no_text)
{
    t->scanned_docs += no_text != 0;
    t->invalid_sequences += invalid_sequences;
    t->invalid_files += invalid_sequences > 0;
    t->partial_files += partial != 0;
}

void ls_tally_bytes(struct ls_tally *t, uint64_t read, uint64_t scanned)
{
    t->bytes_read += read;
    t->bytes_scanned += scanned;
}

static int path_cmp(const char *a, size_t an, const char *b, size_t bn)
{
    int c = memcmp(a, b, an < bn ? an : bn);

    if (c)
        return c;
    return an < bn ? -1 : an > bn;
}

/* Orders the top list: most findings first, then by path (deterministic). */
static int top_before(const struct ls_topfile *a, const struct ls_topfile *b)
{
    if (a->findings != b->findings)
        return a->findings > b->findings;
    return path_cmp(a->path, a->path_len, b->path, b->path_len) < 0;
}

/* Restores the heap below i (files_offer). */
static void files_sift_down(struct ls_tally *t, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        struct ls_topfile tmp;

        if (l < t->nfiles && top_before(&t->files[w], &t->files[l]))
            w = l;
        if (r < t->nfiles && top_before(&t->files[w], &t->files[r]))
            w = r;
        if (w == i)
            return;
        tmp = t->files[i];
        t->files[i] = t->files[w];
        t->files[w] = tmp;
        i = w;
    }
}

/* Replaces f's borrowed path and categories with copies of its own; -1
 * (nothing allocated) out of memory. */
static int topfile_own(struct ls_topfile *f)
{
    char *path = memdup0(f->path, f->path_len);
    char *cats = strdup(f->categories_json ? f->categories_json : "{}");

    if (!path || !cats) {
        free(path);
        free(cats);
        return -1;
    }
    f->path = path;
    f->categories_json = cats;
    return 0;
}

/* Offers a file to the files-with-findings list (the LS_FILES_LISTED with
 * most findings are kept, whatever the order they come in). */
static void files_offer(struct ls_tally *t, const char *path, size_t path_len, uint64_t findings,
                        const char *categories_json)
{
    struct ls_topfile cand = {(char *)path, path_len, findings, (char *)categories_json};
    size_t i;

    if (t->files_sorted) { /* sorted by path since the view: a heap again */
        for (i = t->nfiles / 2; i-- > 0;)
            files_sift_down(t, i);
        t->files_sorted = 0;
    }
    if (t->nfiles == LS_FILES_LISTED) {
        if (!top_before(&cand, &t->files[0]))
            return;
        if (topfile_own(&cand) < 0)
            return;
        free(t->files[0].path);
        free(t->files[0].categories_json);
        t->files[0] = cand;
        files_sift_down(t, 0);
        return;
    }
    if (t->nfiles == t->files_cap) {
        size_t cap = t->files_cap ? t->files_cap * 2 : 64;
        struct ls_topfile *nf;

        if (cap > LS_FILES_LISTED)
            cap = LS_FILES_LISTED;
        if (!(nf = realloc(t->files, cap * sizeof *nf)))
            return;
        t->files = nf;
        t->files_cap = cap;
    }
    if (topfile_own(&cand) < 0)
        return;
    i = t->nfiles++;
    while (i > 0 && top_before(&t->files[(i - 1) / 2], &cand)) { /* sift up */
        t->files[i] = t->files[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    t->files[i] = cand;
}

void ls_tally_topfile(struct ls_tally *t, const char *path, size_t path_len, uint64_t findings,
                      const char *categories_json)
{
    if (findings == 0)
        return;
    t->files_with_findings++;
    files_offer(t, path, path_len, findings, categories_json);
}

/* The top-files list: the LS_TOP_FILES first of the files list by
 * top_before (the files list keeps the files with most findings in that
 * order, so the top of all files is in it); entries borrowed from it. */
static void top_of_files(struct ls_tally *t)
{
    size_t i, pos;

    t->ntop = 0;
    for (i = 0; i < t->nfiles; i++) {
        if (t->ntop == LS_TOP_FILES && !top_before(&t->files[i], &t->top[LS_TOP_FILES - 1]))
            continue;
        pos = t->ntop < LS_TOP_FILES ? t->ntop++ : LS_TOP_FILES - 1;
        while (pos > 0 && top_before(&t->files[i], &t->top[pos - 1])) {
            t->top[pos] = t->top[pos - 1];
            pos--;
        }
        t->top[pos] = t->files[i];
    }
}

ls_status ls_tally_merge(struct ls_tally *into, const struct ls_tally *from)
{
    size_t i;

    into->total += from->total;
    into->scanned += from->scanned;
    into->skipped += from->skipped;
    into->failed += from->failed;
    into->bytes_read += from->bytes_read;
    into->bytes_scanned += from->bytes_scanned;
    into->invalid_sequences += from->invalid_sequences;
    into->invalid_files += from->invalid_files;
    into->partial_files += from->partial_files;
    into->scanned_docs += from->scanned_docs;
    into->image += from->image;
    into->video += from->video;
    into->audio += from->audio;
    for (i = 0; i < from->ntypes; i++)
        type_add(into, from->type_names[i], from->type_counts[i]);
    for (i = 0; i < from->nproblems; i++)
        problem_add(into, from->problems[i].path, from->problems[i].path_len,
                    from->problems[i].status, from->problems[i].reason);
    into->problems_dropped += from->problems_dropped;
    for (i = 0; i < from->nlimits; i++)
        ls_tally_match_limit(into, from->limits[i].path, from->limits[i].path_len,
                             from->limits[i].reason);
    for (i = 0; i < from->nfiles; i++)
        files_offer(into, from->files[i].path, from->files[i].path_len, from->files[i].findings,
                    from->files[i].categories_json);
    into->files_with_findings += from->files_with_findings;
    return LS_OK;
}

ls_status ls_tally_absorb(struct ls_tally *t, const struct ls_tally_view *v)
{
    size_t i;

    t->total += v->total;
    t->scanned += v->scanned;
    t->skipped += v->skipped;
    t->failed += v->failed;
    t->bytes_read += v->bytes_read;
    t->bytes_scanned += v->bytes_scanned;
    t->invalid_sequences += v->invalid_sequences;
    t->invalid_files += v->invalid_files;
    t->partial_files += v->partial_files;
    t->scanned_docs += v->scanned_docs;
    t->image += v->image;
    t->video += v->video;
    t->audio += v->audio;
    for (i = 0; i < v->ntypes; i++)
        type_add(t, v->type_names[i], v->type_counts[i]);
    for (i = 0; i < v->nproblems; i++)
        problem_add(t, v->problems[i].path, v->problems[i].path_len, v->problems[i].status,
                    v->problems[i].reason);
    t->problems_dropped += v->problems_dropped;
    for (i = 0; i < v->nlimits; i++)
        ls_tally_match_limit(t, v->limits[i].path, v->limits[i].path_len, v->limits[i].reason);
    for (i = 0; i < v->nfiles; i++)
        files_offer(t, v->files[i].path, v->files[i].path_len, v->files[i].findings,
                    v->files[i].categories_json);
    t->files_with_findings += v->files_with_findings;
    return LS_OK;
}

static int problem_cmp(const void *a, const void *b)
{
    const struct ls_problem *x = a, *y = b;
    int c = path_cmp(x->path, x->path_len, y->path, y->path_len);

    return c ? c : strcmp(x->reason, y->reason);
}

static int file_path_cmp(const void *a, const void *b)
{
    const struct ls_topfile *x = a, *y = b;

    return path_cmp(x->path, x->path_len, y->path, y->path_len);
}

ls_status ls_tally_view(struct ls_tally *t, struct ls_tally_view *v)
{
    size_t i, j;
    uint64_t *counts;

    memset(v, 0, sizeof *v);
    if (t->nproblems) /* problems is NULL when there are none: not for qsort */
        qsort(t->problems, t->nproblems, sizeof *t->problems, problem_cmp);
    if (t->nlimits)
        qsort(t->limits, t->nlimits, sizeof *t->limits, problem_cmp);
    /* Sort types by name, keeping counts alongside. */
    for (i = 1; i < t->ntypes; i++)
        for (j = i; j > 0 && strcmp(t->type_names[j - 1], t->type_names[j]) > 0; j--) {
            char *tn = t->type_names[j];
            uint64_t tc = t->type_counts[j];
            t->type_names[j] = t->type_names[j - 1];
            t->type_counts[j] = t->type_counts[j - 1];
            t->type_names[j - 1] = tn;
            t->type_counts[j - 1] = tc;
        }
    counts = t->type_counts;
    v->total = t->total;
    v->scanned = t->scanned;
    v->skipped = t->skipped;
    v->failed = t->failed;
    v->bytes_read = t->bytes_read;
    v->bytes_scanned = t->bytes_scanned;
    v->invalid_sequences = t->invalid_sequences;
    v->invalid_files = t->invalid_files;
    v->partial_files = t->partial_files;
    v->scanned_docs = t->scanned_docs;
    v->image = t->image;
    v->video = t->video;
    v->audio = t->audio;
    v->problems_dropped = t->problems_dropped;
    v->ntypes = t->ntypes;
    v->type_names = (const char *const *)t->type_names;
    v->type_counts = counts;
    v->nproblems = t->nproblems;
    v->problems = t->problems;
    v->nlimits = t->nlimits;
    v->limits = t->limits;
    top_of_files(t);
    v->ntop = t->ntop;
    v->top = t->top;
    if (t->nfiles && !t->files_sorted) {
        qsort(t->files, t->nfiles, sizeof *t->files, file_path_cmp);
        t->files_sorted = 1;
    }
    v->files_with_findings = t->files_with_findings;
    v->nfiles = t->nfiles;
    v->files = t->files;
    return LS_OK;
}
