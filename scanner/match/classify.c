/* classify.c — folding, tokens and phrase dictionaries (classify.h).
 *
 * Context words, keyword classes and column headers all match the same way:
 * on whole tokens of folded text, so "Rijksregisternummer:", "NISS" and
 * "numéro national" match "rijksregisternummer", "niss" and "numero national".
 * A trailing '*' on the last word of a phrase accepts any longer token
 * (minderjarig* → minderjarige, minderjarigen). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "match/classify.h"
#include "wipe.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* U+00C0..U+00FF folded; "" keeps the byte pair unchanged (× ÷). */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Folding never makes text longer (every replacement is at most as long as the
 * UTF-8 sequence it replaces), so one reservation of n + 1 bytes suffices. */
static int fold_reserve(struct ls_fold *f, size_t n)
{
    char *nb;
    size_t *nm;

    if (n + 1 <= f->cap)
        return 0;
    nb = realloc(f->buf, n + 1);
    if (!nb)
        return -1;
    f->buf = nb;
    nm = realloc(f->map, (n + 1) * sizeof *nm);
    if (!nm)
        return -1;
    f->map = nm;
    f->cap = n + 1;
    return 0;
}

#define PUT(c, orig) (f->buf[f->len] = (c), f->map[f->len++] = (orig))

/* ASCII s[0..n) lower-cased into d, eight bytes at a time, up to the first
 * byte >= 0x80.  Returns how many bytes were done (n: all ASCII). */
static size_t fold_ascii(char *d, const char *s, size_t n)
{
    const uint64_t hi = 0x8080808080808080ULL, ones = 0x0101010101010101ULL;
    size_t i = 0;

    for (; n - i >= 8; i += 8) {
        uint64_t w, ge_a, gt_z;

        memcpy(&w, s + i, 8);
        if (w & hi)
            break;
        /* per byte: bit 7 of ge_a is b >= 'A', of gt_z b > 'Z' (no carry: b < 0x80) */
        ge_a = w + ones * (0x80 - 'A');
        gt_z = w + ones * (0x80 - 'Z' - 1);
        w |= ((ge_a ^ gt_z) & hi) >> 2;
        memcpy(d + i, &w, 8);
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c & 0x80)
            break;
        d[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return i;
}

int ls_fold_text(struct ls_fold *f, const char *s, size_t n)
{
    size_t i = 0;

    f->len = 0;
    f->identity = 0;
    if (fold_reserve(f, n) < 0)
        return -1;
    i = fold_ascii(f->buf, s, n);
    if (i == n) { /* ASCII: lower case, offsets unchanged */
        f->buf[n] = '\0';
        f->len = n;
        f->identity = 1;
        return 0;
    }
    /* The ASCII prefix is folded already: its offsets are the same. */
    for (f->len = 0; f->len < i; f->len++)
        f->map[f->len] = f->len;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x80) {
            PUT((char)(c >= 'A' && c <= 'Z' ? c + 32 : c), i);
            i++;
        } else if (c == 0xC3 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            const char *m = latin1[((unsigned char)s[i + 1] & 0x3F)];

            if (*m) {
                for (; *m; m++)
                    PUT(*m, i);
            } else {
                PUT(s[i], i);
                PUT(s[i + 1], i);
            }
            i += 2;
        } else if (c == 0xC5 && i + 1 < n &&
                   ((unsigned char)s[i + 1] == 0x92 || (unsigned char)s[i + 1] == 0x93)) {
            PUT('o', i);
            PUT('e', i);
            i += 2;
        } else if (c == 0xC2 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            PUT(' ', i); /* NBSP, «, », ° … */
            i += 2;
        } else if (c == 0xE2 && i + 2 < n &&
                   ((unsigned char)s[i + 1] == 0x80 || (unsigned char)s[i + 1] == 0x81)) {
            PUT(' ', i); /* ’ “ ” – — … */
            i += 3;
        } else {
            PUT((char)c, i);
            i++;
        }
    }
    f->buf[f->len] = '\0';
    f->map[f->len] = n;
    return 0;
}

/* ASCII letter classes for the camelCase split. */
static int is_upper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_lower_or_digit(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

size_t ls_split_camel(const char *s, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (i > 0 && is_upper(c)) {
            unsigned char p = (unsigned char)s[i - 1];

            /* ownerRrn → owner Rrn; NISSNummer → NISS Nummer */
            if (is_lower_or_digit(p) ||
                (is_upper(p) && i + 1 < n && s[i + 1] >= 'a' && s[i + 1] <= 'z'))
                out[o++] = ' ';
        }
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return o;
}

void ls_fold_free(struct ls_fold *f)
{
    ls_wipe_free(f->buf, f->cap);
    free(f->map);
    memset(f, 0, sizeof *f);
}

/* Bit i set when s[i] is a token byte ([a-z0-9] or >= 0x80), for 16 bytes. */
#ifdef __SSE2__
static unsigned tokmask16(const char *s)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)s);
    /* signed compares: bytes >= 0x80 are negative */
    __m128i lo = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)),
                               _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
    __m128i dg = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                               _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i hi = _mm_cmplt_epi8(x, _mm_setzero_si128());
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(lo, dg), hi));
}
#else
/* Token bytes: [a-z0-9] and every byte >= 0x80. */
static int tokch(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned tokmask16(const char *s)
{
    unsigned m = 0, k;

    for (k = 0; k < 16; k++)
        m |= (unsigned)tokch((unsigned char)s[k]) << k;
    return m;
}
#endif

/* Room for at least `more` tokens after tk->n.  0, or -1 out of memory. */
static int toks_reserve(struct ls_toks *tk, size_t more)
{
    size_t ncap;
    struct ls_tok *nt;

    if (tk->cap - tk->n >= more)
        return 0;
    ncap = tk->cap ? tk->cap * 2 : 64;
    while (ncap - tk->n < more)
        ncap *= 2;
    nt = realloc(tk->t, ncap * sizeof *nt);
    if (!nt)
        return -1;
    tk->t = nt;
    tk->cap = ncap;
    return 0;
}

/* The token boundaries of one block of up to 16 bytes at offset base: m
 * has the token bits of the block, prev that of the byte before it, valid
 * the positions to look at.  Tokens start (off set) at tk->t[*ns] and end
 * (len set) at tk->t[*ne]: starts and ends alternate, *ns == *ne + 1 while
 * a token is open. */
static inline void toks_block(struct ls_toks *tk, size_t base, uint32_t m, uint32_t prev,
                              uint32_t valid, size_t *ns, size_t *ne)
{
    uint32_t shifted = (m << 1) | prev;
    uint32_t starts = m & ~shifted & valid, ends = ~m & shifted & valid;
    struct ls_tok *t = tk->t;

    for (; starts; starts &= starts - 1)
        t[(*ns)++].off = base + (size_t)__builtin_ctz(starts);
    for (; ends; ends &= ends - 1, (*ne)++)
        t[*ne].len = base + (size_t)__builtin_ctz(ends) - t[*ne].off;
}

int ls_tokenize(struct ls_toks *tk, const char *s, size_t n)
{
    size_t i = 0, ns = 0, ne = 0;
    uint32_t prev = 0; /* s[i - 1] is a token byte */

    tk->n = 0;
    /* A token and the byte after it take two bytes: at most n / 2 + 1 tokens. */
    if (toks_reserve(tk, n / 2 + 1) < 0)
        return -1;
    for (; n - i >= 16; i += 16) {
        uint32_t m = tokmask16(s + i);

        toks_block(tk, i, m, prev, 0xFFFFu, &ns, &ne);
        prev = (m >> 15) & 1;
    }
    if (i < n) { /* the last 1..15 bytes: the last 16 (or a padded copy), shifted */
        uint32_t m;

        if (n >= 16) {
            m = tokmask16(s + n - 16) >> (16 - (n - i));
        } else {
            char pad[16] = {0};

            memcpy(pad, s, n);
            m = tokmask16(pad) & ((1u << n) - 1);
        }
        /* the bit after the last byte is 0: it ends an open token */
        toks_block(tk, i, m, prev, (1u << (n - i + 1)) - 1, &ns, &ne);
    } else if (ns > ne) { /* a token runs to the end of a block */
        tk->t[ne].len = n - tk->t[ne].off;
        ne++;
    }
    tk->n = ne;
    return 0;
}

void ls_toks_free(struct ls_toks *tk)
{
    free(tk->t);
    memset(tk, 0, sizeof *tk);
}

int ls_phrase_make(struct ls_phrase *p, const char *word)
{
    struct ls_fold f = {0};
    struct ls_toks tk = {0};
    size_t wl = strlen(word), i;
    int st = -1;

    memset(p, 0, sizeof *p);
    while (wl && word[wl - 1] == ' ')
        wl--;
    if (wl && word[wl - 1] == '*') {
        p->prefix = 1;
        wl--;
    }
    if (ls_fold_text(&f, word, wl) < 0 || ls_tokenize(&tk, f.buf, f.len) < 0)
        goto out;
    if (tk.n == 0) {
        st = -2;
        goto out;
    }
    p->text = strdup(word);
    p->tok = calloc(tk.n, sizeof *p->tok);
    if (!p->text || !p->tok)
        goto out;
    p->ntok = tk.n;
    for (i = 0; i < tk.n; i++) {
        p->tok[i] = strndup(f.buf + tk.t[i].off, tk.t[i].len);
        if (!p->tok[i])
            goto out;
    }
    st = 0;
out:
    ls_fold_free(&f);
    ls_toks_free(&tk);
    return st;
}

void ls_wordlist_free(struct ls_wordlist *wl)
{
    size_t i, j;

    for (i = 0; i < wl->n; i++) {
        if (wl->p[i].tok)
            for (j = 0; j < wl->p[i].ntok; j++)
                free(wl->p[i].tok[j]);
        free(wl->p[i].tok);
        free(wl->p[i].text);
    }
    free(wl->p);
    free(wl->index);
    memset(wl, 0, sizeof *wl);
}

int ls_phrase_at(const struct ls_phrase *p, const char *s, const struct ls_toks *tk, size_t i)
{
    size_t j;

    if (i + p->ntok > tk->n)
        return 0;
    for (j = 0; j < p->ntok; j++) {
        const struct ls_tok *t = &tk->t[i + j];
        const char *w = p->tok[j], *x = s + t->off;
        size_t l = 0;

        /* the word must be all of the token (a prefix of the last one when
         * the phrase ends in '*') */
        while (w[l] && l < t->len && w[l] == x[l])
            l++;
        if (w[l])
            return 0;
        if (l != t->len && !(p->prefix && j + 1 == p->ntok))
            return 0;
    }
    return 1;
}

int ls_wordlist_index(struct ls_wordlist *wl)
{
    uint32_t *x;
    size_t k;

    free(wl->index);
    wl->index = NULL;
    if (wl->n > UINT32_MAX - 257 || !(x = calloc(257 + wl->n, sizeof *x)))
        return wl->n > UINT32_MAX - 257 ? 0 : -1; /* not indexed: searched as before */
    for (k = 0; k < wl->n; k++)                   /* counts, then starts (a counting sort) */
        x[(unsigned char)wl->p[k].tok[0][0] + 1]++;
    for (k = 1; k < 257; k++)
        x[k] += x[k - 1];
    for (k = 0; k < wl->n; k++) {
        unsigned char b = (unsigned char)wl->p[k].tok[0][0];

        x[257 + x[b]++] = (uint32_t)k;
    }
    for (k = 256; k > 0; k--) /* x[b] moved to the end of b's run: back one byte */
        x[k] = x[k - 1];
    x[0] = 0;
    wl->index = x;
    return 0;
}

int ls_wordlist_any(const struct ls_wordlist *wl, const char *s, const struct ls_toks *tk,
                    size_t from, size_t to)
{
    uint64_t first[4] = {0, 0, 0, 0}; /* the first bytes of the tokens [from, to) */
    size_t i, k;

    if (to > tk->n)
        to = tk->n;
    if (from >= to)
        return 0;
    if (wl->index) { /* each token against the phrases that start with its first byte */
        for (i = from; i < to; i++) {
            unsigned char b = (unsigned char)s[tk->t[i].off];

            for (uint32_t e = wl->index[b]; e < wl->index[b + 1]; e++) {
                const struct ls_phrase *p = &wl->p[wl->index[257 + e]];

                if (p->ntok <= to - i && ls_phrase_at(p, s, tk, i))
                    return 1;
            }
        }
        return 0;
    }
    for (i = from; i < to; i++) {
        unsigned char b = (unsigned char)s[tk->t[i].off];

        first[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    for (k = 0; k < wl->n; k++) {
        const struct ls_phrase *p = &wl->p[k];
        unsigned char c0 = (unsigned char)p->tok[0][0];

        if (!((first[c0 >> 6] >> (c0 & 63)) & 1) || p->ntok > to - from)
            continue;
        for (i = from; i + p->ntok <= to; i++)
            if ((unsigned char)s[tk->t[i].off] == c0 && ls_phrase_at(p, s, tk, i))
                return 1;
    }
    return 0;
}

size_t ls_toks_lower(const struct ls_toks *tk, size_t off)
{
    size_t lo = 0, hi = tk->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (tk->t[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t ls_fold_pos(const struct ls_fold *f, size_t orig)
{
    size_t lo = 0, hi = f->len;

    if (f->identity)
        return orig < f->len ? orig : f->len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (f->map[mid] < orig)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Whether a[0..an) and b[0..bn) are the same once every run of one repeated
 * byte is taken as one byte. */
static int same_squeezed(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;

    while (i < an && j < bn) {
        char c = a[i];

        if (b[j] != c)
            return 0;
        while (i < an && a[i] == c)
            i++;
        while (j < bn && b[j] == c)
            j++;
    }
    return i == an && j == bn;
}

int ls_wordlist_any_field(const struct ls_wordlist *wl, const char *s, const struct ls_toks *tk)
{
    size_t i, k;

    if (ls_wordlist_any(wl, s, tk, 0, tk->n))
        return 1;
    for (k = 0; k < wl->n; k++) {
        const struct ls_phrase *p = &wl->p[k];
        size_t wl_len;

        if (p->ntok != 1 || p->prefix || (wl_len = strlen(p->tok[0])) < 4)
            continue;
        for (i = 0; i < tk->n; i++)
            if (tk->t[i].len >= 4 &&
                same_squeezed(p->tok[0], wl_len, s + tk->t[i].off, tk->t[i].len))
                return 1;
    }
    return 0;
}
