/* classify.h — the classify stage's text helpers: folding text for case- and
 * accent-insensitive word matching (nl/fr/de/en), whole-word tokens, phrase
 * dictionaries (context words, keyword classes, column headers). */
#ifndef LS_CLASSIFY_H
#define LS_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "match/rules.h"

/* Folded text: ASCII lower case, Latin-1 letters and œ without accents
 * (é → e, ß → ss, æ → ae), punctuation in U+0080–U+00BF and U+2000–U+207F
 * as spaces; other bytes as they are.  ls_fold_orig(f, i) is the offset in
 * the original text of folded byte i (i = len: the original length).  ASCII
 * text (most of a leak) is folded without building the offset map. */
struct ls_fold {
    char *buf;
    size_t *map; /* unused (not filled) when identity */
    size_t len;
    size_t cap;
    int identity; /* the text was ASCII: folded byte i is original byte i */
};
/* A token: a run of [a-z0-9] or bytes >= 0x80 in the folded text. */
struct ls_tok {
    size_t off;
    size_t len;
};
struct ls_toks {
    struct ls_tok *t;
    size_t n;
    size_t cap;
};

/* Folds s[0..n) into f (buffers reused).  0, or -1 out of memory. */
int ls_fold_text(struct ls_fold *f, const char *s, size_t n);
void ls_fold_free(struct ls_fold *f);
/* A field name with its camelCase words apart (ownerRrn → "owner Rrn",
 * NISSNummer → "NISS Nummer"), so that folding and tokenizing see them as
 * words; snake_case, kebab-case and dots are word breaks already.  out has
 * room for 2n + 1 bytes; returns the length written (NUL-terminated). */
size_t ls_split_camel(const char *s, size_t n, char *out);
/* Tokenizes folded text.  0, or -1 out of memory. */
int ls_tokenize(struct ls_toks *tk, const char *s, size_t n);
void ls_toks_free(struct ls_toks *tk);

/* Builds a phrase from a word as written in a pack ("medisch attest",
 * "minderjarig*").  0, -1 out of memory, -2 no letters or digits. */
int ls_phrase_make(struct ls_phrase *p, const char *word);
void ls_wordlist_free(struct ls_wordlist *wl);

/* 1 when phrase p matches at token i of tk (over folded text s). */
int ls_phrase_at(const struct ls_phrase *p, const char *s, const struct ls_toks *tk, size_t i);
/* Indexes wl's phrases by their first byte (once its phrases are all in).
 * 0, or -1 out of memory. */
int ls_wordlist_index(struct ls_wordlist *wl);
/* 1 when any phrase of wl matches wholly inside tokens [from, to). */
int ls_wordlist_any(const struct ls_wordlist *wl, const char *s, const struct ls_toks *tk,
                    size_t from, size_t to);
/* ls_wordlist_any for a field name, where typing slips are common: when no
 * phrase matches exactly, a one-word phrase of 4 letters or more also
 * matches a token of 4 or more that differs from it only by doubled or
 * undoubled letters ("naaam", "adress", "straat"/"strat"). */
int ls_wordlist_any_field(const struct ls_wordlist *wl, const char *s, const struct ls_toks *tk);
/* First token index whose offset is >= off (binary search). */
size_t ls_toks_lower(const struct ls_toks *tk, size_t off);
/* The original offset of folded byte i (0 <= i <= len). */
static inline size_t ls_fold_orig(const struct ls_fold *f, size_t i)
{
    return f->identity ? i : f->map[i];
}
/* First folded index whose original offset is >= orig. */
size_t ls_fold_pos(const struct ls_fold *f, size_t orig);

/* What the rule tooling sees of each finding of a record (after overlaps,
 * before the --min-confidence filter). */
struct ls_found {
    const char *category;
    const char *rule;
    size_t start; /* span of the value in the record text */
    size_t end;
    int conf;
};
typedef void (*ls_found_fn)(void *ud, const struct ls_found *f);
void ls_matcher_set_hook(struct ls_matcher *m, ls_found_fn fn, void *ud);

#endif
