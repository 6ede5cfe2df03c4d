/* match.h — the match, validate and classify stages as seen by the engine.
 *
 * A ruleset is compiled once (rule packs: built-in YAML compiled into the
 * binary, plus --rules paths), is immutable afterwards and shared read-only by
 * every worker.  Each worker owns one ls_matcher: PCRE2 match data and JIT
 * stack, scratch, and its own tally of categories, record types, distinct
 * values (keyed fingerprints) and dates.  The engine merges the workers'
 * matchers once at the end and asks the merged one to write its sections of
 * the report. */
#ifndef LS_MATCH_H
#define LS_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include "extract/extract.h"
#include "jsonw.h"
#include "match/findtally.h"
#include "scanconf.h"
#include "sink.h"
#include "status.h"
#include "strbuf.h"

struct ls_ruleset;
struct ls_matcher;

/* Loads the built-in packs (unless cfg->rules_only) and cfg->rule_paths.
 * On a broken pack returns LS_ERULES with "file:line:column: what" in err. */
ls_status ls_ruleset_load(const struct ls_config *cfg, struct ls_ruleset **out, char *err,
                          size_t errlen);
void ls_ruleset_free(struct ls_ruleset *rs);
/* Its number of categories. */
size_t ls_ruleset_ncats(const struct ls_ruleset *rs);
/* The id of its category i (< ls_ruleset_ncats). */
const char *ls_ruleset_cat_id(const struct ls_ruleset *rs, size_t i);
/* Writes the "rule_packs" array members ({"name","version","rules"}) of the report. */
void ls_ruleset_report_json(const struct ls_ruleset *rs, struct ls_jsonw *w);

/* A worker's matcher.  findings may be NULL (no --findings).  key is the
 * 32-byte fingerprint key of this run (given or random), shared read-only. */
ls_status ls_matcher_new(const struct ls_ruleset *rs, const struct ls_config *cfg,
                         const unsigned char key[32], struct ls_sink *findings,
                         struct ls_matcher **out);
void ls_matcher_free(struct ls_matcher *m);

/* Starts an item (a file or entry that has an extractor).  path is its logical path. */
void ls_matcher_item_begin(struct ls_matcher *m, const char *path);
/* Matches one record.  A PCRE2 limit hit is not an error: it is counted in
 * the item's problems (ls_matcher_item_end reports it) and matching goes on. */
ls_status ls_matcher_record(struct ls_matcher *m, const struct ls_record *rec);
/* Ends the item: appends to inv the members `"findings": {"<category>": n, …}`
 * for its inventory line (a key and an object, nothing else), and returns the
 * number of findings of the item.  If a PCRE2 limit was hit, *limit_note gets a
 * static description (else NULL). */
uint64_t ls_matcher_item_end(struct ls_matcher *m, struct ls_jsonw *inv, const char **limit_note);
/* The current item's findings and records with a finding, by category (the
 * ruleset's ncats each; NULL when m is NULL), for --sample (sample.h):
 * valid until ls_matcher_item_end. */
void ls_matcher_item_cats(const struct ls_matcher *m, const uint64_t **findings,
                          const uint64_t **records);

/* Records of one large item can be matched in chunks on several threads
 * (scanner/chunk.c), each chunk on the matcher of the thread that takes it,
 * and the chunks' results put back together in order.  These calls are that
 * interface:
 *
 * ls_matcher_set_lines: findings lines are appended to buf (each with its
 * '\n') instead of being written to the findings sink; NULL writes to the
 * sink again.  buf is the caller's, and must outlive its use. */
void ls_matcher_set_lines(struct ls_matcher *m, struct ls_strbuf *buf);
/* The counts of one item so far (findings by category, record types seen,
 * the total, the last PCRE2 limit note), sized for m's ruleset.  m may be
 * NULL (no rules: empty counts).  LS_ENOMEM on failure. */
struct ls_item_counts;
ls_status ls_item_counts_new(const struct ls_matcher *m, struct ls_item_counts **out);
void ls_item_counts_free(struct ls_item_counts *c);
/* Moves m's counts of the current item into c (overwritten) and starts the
 * item over in m (same path): what ls_matcher_item_end would have counted. */
void ls_matcher_item_save(struct ls_matcher *m, struct ls_item_counts *c);
/* Adds c to m's current item, as if m had matched those records itself
 * (counts add up, record types are or-ed, a limit note replaces m's). */
void ls_matcher_item_add(struct ls_matcher *m, const struct ls_item_counts *c);

/* Adds everything `from` counted into `into` (distinct sets are unioned;
 * from's sets are emptied as they are moved over, so from's distinct counts
 * are gone afterwards: free it). */
ls_status ls_matcher_merge(struct ls_matcher *into, struct ls_matcher *from);

/* Makes m count into the tally of `with` (categories, record types, dates,
 * distinct sets, and the links and plate counts of the exposure figures)
 * instead of its own, so that the matchers of one worker
 * (one per document level, one for chunks) hold every distinct value once.
 * Only for matchers used by one thread at a time, all of them; `with` must
 * outlive m.  ls_matcher_merge of m is then a no-op: the shared tally is
 * merged once, through `with`. */
void ls_matcher_share_tally(struct ls_matcher *m, const struct ls_matcher *with);

/* The tally m counts into, and its persons' state (persons.h; NULL when
 * none), for partial results (partial.c). */
struct ls_persons;
struct ls_findtally *ls_matcher_findtally(struct ls_matcher *m);
struct ls_persons *ls_matcher_persons(struct ls_matcher *m);
/* Fills *out (findtally.h) for m's distinct-value sets (zeros for NULL). */
void ls_matcher_memory(const struct ls_matcher *m, struct ls_setmem *out);
/* Writes the report members "categories", "records", "exposure" (keys and
 * values, into the open top-level object). */
void ls_matcher_report_json(const struct ls_matcher *m, struct ls_jsonw *w);
/* Appends a plain-text summary of categories and record types. */
void ls_matcher_report_text(const struct ls_matcher *m, struct ls_strbuf *out);

#endif
