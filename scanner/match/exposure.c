/* exposure.c — the report sections of the merged tallies (exposure.h):
 * categories, record types, and the exposure estimate — data subjects (the
 * largest count of distinct national numbers, names or e-mail addresses),
 * the event-date span, the GDPR classes present and the ENISA (2013)
 * severity, each with the basis it rests on (docs/report.md). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "match/exposure.h"
#include "match/rules.h"
#include "match/taxonomy.h"

static uint64_t uniq_of(const struct ls_ruleset *rs, const struct ls_findtally *t, const char *id)
{
    int c = ls_ruleset_cat(rs, id);

    return c >= 0 ? ls_fpset_count(&t->cats[c].uniq) : 0;
}

static uint64_t found_of(const struct ls_ruleset *rs, const struct ls_findtally *t, const char *id)
{
    int c = ls_ruleset_cat(rs, id);

    return c >= 0 ? t->cats[c].findings : 0;
}

static uint64_t rt_count(const struct ls_ruleset *rs, const struct ls_findtally *t, const char *id)
{
    size_t i;

    for (i = 0; i < rs->nrectypes; i++)
        if (!strcmp(rs->rectypes[i].id, id))
            return t->rt[i].count;
    return 0;
}

static int class_present(const struct ls_ruleset *rs, const struct ls_findtally *t, const char *cls)
{
    size_t i;

    for (i = 0; i < rs->ncats; i++)
        if (t->cats[i].findings && !strcmp(rs->cats[i].gdpr, cls))
            return 1;
    for (i = 0; i < rs->nrectypes; i++) {
        const struct ls_taxon *tx = ls_taxon_find(rs->rectypes[i].id, LS_TAXON_M_RECORD_TYPE);

        if (t->rt[i].count && tx && !strcmp(tx->gdpr, cls))
            return 1;
    }
    return 0;
}

/* Distinct persons: the national numbers (NN + BIS) — one person each — else
 * distinct names, else distinct e-mail addresses; the largest of these is the
 * estimate, and its basis is named in the report. */
static uint64_t subjects(const struct ls_ruleset *rs, const struct ls_findtally *t,
                         const char **basis)
{
    uint64_t nn = uniq_of(rs, t, "national_register_number_be") + uniq_of(rs, t, "bis_number_be");
    uint64_t names = uniq_of(rs, t, "person_name"), mails = uniq_of(rs, t, "email");

    if (nn && nn >= names && nn >= mails) {
        *basis = "distinct national register and BIS numbers";
        return nn;
    }
    if (names && names >= mails) {
        *basis = "distinct person names (normalized)";
        return names;
    }
    if (mails) {
        *basis = "distinct e-mail addresses";
        return mails;
    }
    *basis = "no person identifier found";
    return 0;
}

struct severity {
    int dpc;
    double ei, cb, score;
    const char *level, *dpc_basis, *ei_basis;
    double cb_el[4]; /* confidentiality, integrity, availability, malicious intent */
};

/* --circumstances names: bit, CB element (0 confidentiality, 1 integrity,
 * 2 availability, 3 malicious intent) and its ENISA points. */
static const struct {
    const char *name;
    unsigned bit;
    int el;
    double points;
} circ[] = {
    {"exposed", LS_CB_EXPOSED, 0, 0.25},
    {"lost-device", LS_CB_EXPOSED, 0, 0.25},
    {"known-recipients", LS_CB_KNOWN, 0, 0.25},
    {"public", LS_CB_PUBLIC, 0, 0.5},
    {"unknown-recipients", LS_CB_PUBLIC, 0, 0.5},
    {"altered", LS_CB_ALTERED, 1, 0.25},
    {"altered-unrecoverable", LS_CB_ALTERED_LOST, 1, 0.5},
    {"unavailable", LS_CB_UNAVAILABLE, 2, 0.25},
    {"data-lost", LS_CB_DATA_LOST, 2, 0.5},
    {"malicious", LS_CB_MALICIOUS, 3, 0.5},
    {"unintended", LS_CB_UNINTENDED, 3, 0},
    {"accidental", LS_CB_UNINTENDED, 3, 0},
};

static const char *const cb_el_name[4] = {"confidentiality", "integrity", "availability",
                                          "malicious_intent"};

int ls_circumstances_parse(const char *list, unsigned *out, char *err, size_t errlen)
{
    const char *p = list ? list : "";
    unsigned bits = LS_CB_GIVEN;

    *out = 0;
    if (!*p) {
        snprintf(err, errlen, "--circumstances takes a comma-separated list (or none)");
        return -1;
    }
    if (!strcmp(p, "none")) {
        *out = bits;
        return 0;
    }
    while (*p) {
        size_t n = strcspn(p, ","), i;

        for (i = 0; i < sizeof circ / sizeof circ[0]; i++)
            if (strlen(circ[i].name) == n && !strncmp(p, circ[i].name, n))
                break;
        if (i == sizeof circ / sizeof circ[0]) {
            snprintf(err, errlen,
                     "--circumstances: unknown \"%.*s\"; known: none, exposed, lost-device, "
                     "known-recipients, public, unknown-recipients, altered, "
                     "altered-unrecoverable, unavailable, data-lost, malicious, unintended, "
                     "accidental",
                     (int)(n > 40 ? 40 : n), p);
            return -1;
        }
        bits |= circ[i].bit;
        p += n;
        if (*p == ',' && !*++p) {
            snprintf(err, errlen, "--circumstances: empty name at the end of the list");
            return -1;
        }
    }
    if ((bits & LS_CB_MALICIOUS) && (bits & LS_CB_UNINTENDED)) {
        snprintf(err, errlen, "--circumstances: malicious and unintended exclude each other");
        return -1;
    }
    *out = bits;
    return 0;
}

/* CB from the given circumstances (each element takes its highest points),
 * or the default for a leaked dump: public (+0.5) and malicious (+0.5). */
static void circumstances(unsigned bits, struct severity *s)
{
    size_t i;

    memset(s->cb_el, 0, sizeof s->cb_el);
    if (!(bits & LS_CB_GIVEN))
        bits = LS_CB_PUBLIC | LS_CB_MALICIOUS;
    for (i = 0; i < sizeof circ / sizeof circ[0]; i++)
        if ((bits & circ[i].bit) && circ[i].points > s->cb_el[circ[i].el])
            s->cb_el[circ[i].el] = circ[i].points;
    s->cb = s->cb_el[0] + s->cb_el[1] + s->cb_el[2] + s->cb_el[3];
}

/* ENISA (2013): SE = DPC × EI + CB (docs/report.md). */
static void severity(const struct ls_ruleset *rs, const struct ls_findtally *t, unsigned cbits,
                     struct severity *s)
{
    int any = 0;
    size_t i;

    for (i = 0; i < rs->ncats; i++)
        any |= t->cats[i].findings != 0;
    memset(s, 0, sizeof *s);
    s->level = "low";
    s->dpc_basis = "no personal data found";
    s->ei_basis = "no personal data found";
    if (!any)
        return;
    s->dpc = 1;
    s->dpc_basis = "simple personal data";
    if (class_present(rs, t, "location") || class_present(rs, t, "communications")) {
        s->dpc = 2;
        s->dpc_basis = "behavioural data (location, communications)";
        if (rt_count(rs, t, "anpr_record") || rt_count(rs, t, "telecom_record")) {
            s->dpc = 3;
            s->dpc_basis =
                "behavioural data allowing profiling over time (ANPR or telecom records)";
        }
    }
    if (class_present(rs, t, "financial") && s->dpc < 3) {
        s->dpc = 3;
        s->dpc_basis = "financial data";
    }
    if (class_present(rs, t, "special") || class_present(rs, t, "criminal") ||
        class_present(rs, t, "minors")) {
        s->dpc = 4;
        s->dpc_basis = "sensitive data (special categories, criminal-offence data or minors)";
    }
    s->ei = 0.25;
    s->ei_basis = "no direct identifier";
    if (found_of(rs, t, "iban") || found_of(rs, t, "bank_account_be") ||
        found_of(rs, t, "phone_be") || found_of(rs, t, "phone_other") || found_of(rs, t, "imsi") ||
        found_of(rs, t, "imei") || found_of(rs, t, "iccid") || found_of(rs, t, "ipv4") ||
        found_of(rs, t, "ipv6")) {
        s->ei = 0.5;
        s->ei_basis = "indirect identifiers (accounts, phone, device or network numbers)";
    }
    if (found_of(rs, t, "person_name") || found_of(rs, t, "email") ||
        found_of(rs, t, "vehicle_plate_be") || found_of(rs, t, "vehicle_plate_nl") ||
        found_of(rs, t, "vehicle_plate_fr")) {
        s->ei = 0.75;
        s->ei_basis =
            "names, e-mail addresses or licence plates (identifiable through the vehicle register)";
    }
    if (found_of(rs, t, "national_register_number_be") || found_of(rs, t, "bis_number_be") ||
        found_of(rs, t, "eid_card_number_be") || found_of(rs, t, "passport_number_be")) {
        s->ei = 1.0;
        s->ei_basis = "national numbers or identity documents";
    }
    circumstances(cbits, s);
    s->score = s->dpc * s->ei + s->cb;
    s->level = s->score < 2 ? "low" : s->score < 3 ? "medium" : s->score < 4 ? "high" : "very high";
}

static void ymd_str(uint32_t ymd, char out[11])
{
    snprintf(out, 11, "%04u-%02u-%02u", ymd / 10000 % 10000, ymd / 100 % 100, ymd % 100);
}

/* "categories": one object per category with findings. */
static void categories_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                            struct ls_jsonw *w)
{
    size_t i;

    ls_jsonw_key(w, "categories");
    ls_jsonw_obj_begin(w);
    for (i = 0; i < rs->ncats; i++) {
        const struct ls_cattally *ct = &t->cats[i];

        if (!ct->findings)
            continue;
        ls_jsonw_key(w, rs->cats[i].id);
        ls_jsonw_obj_begin(w);
        ls_jsonw_ku64(w, "findings", ct->findings);
        ls_jsonw_ku64(w, "unique", ls_fpset_count(&ct->uniq));
        if (ls_fpset_sketch(&ct->uniq)) { /* a HyperLogLog estimate (fpset.h) */
            ls_jsonw_key(w, "unique_estimated");
            ls_jsonw_bool(w, 1);
            ls_jsonw_key(w, "unique_standard_error");
            ls_jsonw_dbl(w, LS_HLL_STDERR, 4);
        }
        ls_jsonw_ku64(w, "files", ct->files);
        ls_jsonw_ku64(w, "records", ct->records);
        ls_jsonw_kstr(w, "gdpr", rs->cats[i].gdpr);
        ls_jsonw_key(w, "confidence");
        ls_jsonw_obj_begin(w);
        ls_jsonw_ku64(w, "high", ct->conf[LS_CONF_HIGH]);
        ls_jsonw_ku64(w, "medium", ct->conf[LS_CONF_MEDIUM]);
        ls_jsonw_ku64(w, "low", ct->conf[LS_CONF_LOW]);
        ls_jsonw_obj_end(w);
        ls_jsonw_obj_end(w);
    }
    ls_jsonw_obj_end(w);
}

/* "records": one object per record type found. */
static void records_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                         struct ls_jsonw *w)
{
    size_t i;

    ls_jsonw_key(w, "records");
    ls_jsonw_obj_begin(w);
    for (i = 0; i < rs->nrectypes; i++) {
        if (!t->rt[i].count)
            continue;
        ls_jsonw_key(w, rs->rectypes[i].id);
        ls_jsonw_obj_begin(w);
        ls_jsonw_ku64(w, "count", t->rt[i].count);
        ls_jsonw_ku64(w, "files", t->rt[i].files);
        ls_jsonw_obj_end(w);
    }
    ls_jsonw_obj_end(w);
}

/* A date as "yyyy-mm-dd", or null when there is none. */
static void ymd_json(struct ls_jsonw *w, uint32_t ymd)
{
    char d[11];

    if (ymd) {
        ymd_str(ymd, d);
        ls_jsonw_str(w, d);
    } else {
        ls_jsonw_null(w);
    }
}

/* exposure."date_span": first and last event date, dated records by year. */
static void date_span_json(const struct ls_datetally *dt, struct ls_jsonw *w)
{
    size_t i;
    char y[8];

    ls_jsonw_key(w, "date_span");
    ls_jsonw_obj_begin(w);
    ls_jsonw_key(w, "first");
    ymd_json(w, dt->first);
    ls_jsonw_key(w, "last");
    ymd_json(w, dt->last);
    ls_jsonw_key(w, "by_year");
    ls_jsonw_obj_begin(w);
    for (i = 0; i < sizeof dt->by_year / sizeof dt->by_year[0]; i++)
        if (dt->by_year[i]) {
            snprintf(y, sizeof y, "%zu", i + LS_YEAR_MIN);
            ls_jsonw_ku64(w, y, dt->by_year[i]);
        }
    ls_jsonw_obj_end(w);
    ls_jsonw_ku64(w, "dated_records", dt->n);
    ls_jsonw_kstr(w, "basis",
                  "event dates (rules with validate: date; dates reported as date_of_birth "
                  "excluded); by_year counts each dated record once, in the year of its "
                  "earliest event date");
    ls_jsonw_obj_end(w);
}

/* The DPC of one GDPR class alone (the steps of severity()). */
static int class_dpc(const struct ls_ruleset *rs, const struct ls_findtally *t, const char *cls)
{
    if (!strcmp(cls, "special") || !strcmp(cls, "criminal") || !strcmp(cls, "minors"))
        return 4;
    if (!strcmp(cls, "financial"))
        return 3;
    if (!strcmp(cls, "location") || !strcmp(cls, "communications"))
        return rt_count(rs, t, "anpr_record") || rt_count(rs, t, "telecom_record") ? 3 : 2;
    return 1; /* personal; credentials count as simple data: adjust by what they open */
}

/* severity."inputs" and "classes": every input with its source, and the
 * score each data class found would give alone. */
static void severity_inputs_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                                 const struct severity *sv, unsigned cbits, struct ls_jsonw *w)
{
    size_t i;
    int given = (cbits & LS_CB_GIVEN) != 0;

    ls_jsonw_key(w, "inputs");
    ls_jsonw_obj_begin(w);
    ls_jsonw_key(w, "dpc");
    ls_jsonw_obj_begin(w);
    ls_jsonw_ku64(w, "value", (uint64_t)sv->dpc);
    ls_jsonw_kstr(w, "source", "scan: the highest class found");
    ls_jsonw_kstr(w, "basis", sv->dpc_basis);
    ls_jsonw_obj_end(w);
    ls_jsonw_key(w, "ei");
    ls_jsonw_obj_begin(w);
    ls_jsonw_key(w, "value");
    ls_jsonw_dbl(w, sv->ei, 2);
    ls_jsonw_kstr(w, "source", "scan: the most direct identifier found");
    ls_jsonw_kstr(w, "basis", sv->ei_basis);
    ls_jsonw_obj_end(w);
    ls_jsonw_key(w, "cb");
    ls_jsonw_obj_begin(w);
    ls_jsonw_key(w, "value");
    ls_jsonw_dbl(w, sv->cb, 2);
    ls_jsonw_kstr(w, "source", given ? "--circumstances" : "assumed (no --circumstances)");
    ls_jsonw_key(w, "circumstances");
    ls_jsonw_arr_begin(w);
    for (i = 0; i < sizeof circ / sizeof circ[0]; i++) /* one name per bit: the first */
        if ((given ? cbits : (unsigned)(LS_CB_PUBLIC | LS_CB_MALICIOUS)) & circ[i].bit &&
            (i == 0 || circ[i - 1].bit != circ[i].bit))
            ls_jsonw_str(w, circ[i].name);
    ls_jsonw_arr_end(w);
    for (i = 0; i < 4; i++) {
        ls_jsonw_key(w, cb_el_name[i]);
        ls_jsonw_dbl(w, sv->cb_el[i], 2);
    }
    ls_jsonw_obj_end(w);
    ls_jsonw_obj_end(w);
    ls_jsonw_key(w, "classes");
    ls_jsonw_obj_begin(w);
    for (i = 0; sv->dpc && ls_gdpr_classes[i]; i++) {
        int d;

        if (!class_present(rs, t, ls_gdpr_classes[i]))
            continue;
        d = class_dpc(rs, t, ls_gdpr_classes[i]);
        ls_jsonw_key(w, ls_gdpr_classes[i]);
        ls_jsonw_obj_begin(w);
        ls_jsonw_ku64(w, "dpc", (uint64_t)d);
        ls_jsonw_key(w, "score");
        ls_jsonw_dbl(w, d * sv->ei + sv->cb, 2);
        ls_jsonw_obj_end(w);
    }
    ls_jsonw_obj_end(w);
}

/* exposure."severity": the ENISA score and what it rests on. */
static void severity_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                          const struct severity *sv, unsigned cbits, struct ls_jsonw *w)
{
    ls_jsonw_key(w, "severity");
    ls_jsonw_obj_begin(w);
    ls_jsonw_kstr(w, "method", "ENISA 2013: SE = DPC x EI + CB");
    ls_jsonw_key(w, "score");
    ls_jsonw_dbl(w, sv->score, 2);
    ls_jsonw_kstr(w, "level", sv->level);
    ls_jsonw_ku64(w, "dpc", (uint64_t)sv->dpc);
    ls_jsonw_kstr(w, "dpc_basis", sv->dpc_basis);
    ls_jsonw_key(w, "ei");
    ls_jsonw_dbl(w, sv->ei, 2);
    ls_jsonw_kstr(w, "ei_basis", sv->ei_basis);
    ls_jsonw_key(w, "cb");
    ls_jsonw_dbl(w, sv->cb, 2);
    ls_jsonw_kstr(w, "cb_basis",
                  !sv->dpc ? "no personal data found"
                  : (cbits & LS_CB_GIVEN)
                      ? "given with --circumstances (inputs.cb has each element)"
                      : "assumed for a leaked dump: confidentiality lost to unknown or public "
                        "recipients (+0.5), malicious intent (+0.5); adjust by hand");
    severity_inputs_json(rs, t, sv, cbits, w);
    ls_jsonw_obj_end(w);
}

/* exposure."persons", "minors", "movement_profiles" (docs/report.md). */
static void linked_json(const struct ls_exposure_in *x, struct ls_jsonw *w)
{
    const struct ls_persons_fig *f = &x->fig;

    ls_jsonw_key(w, "persons");
    ls_jsonw_obj_begin(w);
    ls_jsonw_key(w, "count");
    if (x->fig_ok)
        ls_jsonw_u64(w, f->persons);
    else
        ls_jsonw_null(w);
    ls_jsonw_key(w, "identified");
    if (x->fig_ok)
        ls_jsonw_u64(w, f->identified);
    else
        ls_jsonw_null(w);
    ls_jsonw_ku64(w, "identifiers", f->nodes);
    ls_jsonw_ku64(w, "links", f->links);
    ls_jsonw_ku64(w, "records", f->records);
    ls_jsonw_ku64(w, "records_several_persons", f->records_multi);
    ls_jsonw_kstr(w, "method",
                  "union-find over keyed fingerprints: national register/BIS, eID card, passport, "
                  "e-mail, phone and account numbers, and a name with a date of birth when a "
                  "record holds one of each; identifiers of one record are joined unless the "
                  "record holds two of a kind a person has once (or, with none of those, two "
                  "e-mail addresses, phones or accounts)");
    ls_jsonw_kstr(w, "bound",
                  "upper bound on the persons who have any of these identifiers: one person whose "
                  "identifiers never meet in a record counts once per group; it can fall below "
                  "only where a record about one person lists another's contact value. "
                  "data_subjects (distinct national numbers) is a lower bound when some persons "
                  "have no national number; persons named only by a name, a plate or an address "
                  "are in neither");
    ls_jsonw_obj_end(w);

    ls_jsonw_key(w, "minors");
    ls_jsonw_obj_begin(w);
    ls_jsonw_ku64(w, "persons_under_18", f->minors);
    ls_jsonw_ku64(w, "national_numbers_under_18", f->minor_numbers);
    ls_jsonw_ku64(w, "dated_by_record", f->minor_by_record);
    ls_jsonw_ku64(w, "dated_by_scan_date", f->minor_by_scan);
    ls_jsonw_ku64(w, "records_flagged", f->minors_flagged);
    ls_jsonw_kstr(w, "method",
                  "persons_under_18: persons (as above) with a national register or BIS number "
                  "whose birth date gives an age under 18 at the record's date: its earliest "
                  "event date, else the scan date (file dates are not used); an unknown birth "
                  "month or day counts as the first, so the age is the oldest possible. "
                  "records_flagged: records with a keyword of a minors class; counted apart");
    ls_jsonw_kstr(w, "note",
                  "GDPR Art. 8 and recital 38: children merit specific protection; ENISA raises "
                  "the processing context for vulnerable data subjects");
    ls_jsonw_obj_end(w);

    ls_jsonw_key(w, "movement_profiles");
    ls_jsonw_obj_begin(w);
    ls_jsonw_ku64(w, "vehicles_tracked", f->vehicles_tracked);
    ls_jsonw_ku64(w, "plates_seen", f->plates_seen);
    ls_jsonw_ku64(w, "min_hits", x->min_hits);
    ls_jsonw_ku64(w, "min_sites", x->min_sites);
    ls_jsonw_kstr(w, "method",
                  "distinct licence plates of ANPR records (anpr_record), and those seen at "
                  "least min_hits times at min_sites distinct cameras (the camera column) or on "
                  "min_sites distinct days (the record's earliest event date)");
    ls_jsonw_obj_end(w);
}

void ls_exposure_report_json(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             const struct ls_exposure_in *x, struct ls_jsonw *w)
{
    struct severity sv;
    const char *basis;
    uint64_t est;
    size_t i;

    categories_json(rs, t, w);
    records_json(rs, t, w);
    ls_jsonw_key(w, "exposure");
    ls_jsonw_obj_begin(w);
    est = subjects(rs, t, &basis);
    ls_jsonw_key(w, "data_subjects");
    ls_jsonw_obj_begin(w);
    ls_jsonw_ku64(w, "estimate", est);
    ls_jsonw_kstr(w, "basis", basis);
    ls_jsonw_obj_end(w);
    linked_json(x, w);
    date_span_json(&t->dates, w);
    ls_jsonw_key(w, "gdpr_classes");
    ls_jsonw_arr_begin(w);
    for (i = 0; ls_gdpr_classes[i]; i++)
        if (class_present(rs, t, ls_gdpr_classes[i]))
            ls_jsonw_str(w, ls_gdpr_classes[i]);
    ls_jsonw_arr_end(w);
    severity(rs, t, x->circumstances, &sv);
    severity_json(rs, t, &sv, x->circumstances, w);
    ls_jsonw_obj_end(w);
}

void ls_exposure_report_text(const struct ls_ruleset *rs, const struct ls_findtally *t,
                             const struct ls_exposure_in *x, struct ls_strbuf *out)
{
    struct severity sv;
    const char *basis;
    uint64_t est;
    size_t i;
    int any = 0;
    char a[11], b[11];

    ls_strbuf_puts(out, "Categories:\n");
    for (i = 0; i < rs->ncats; i++) {
        const struct ls_cattally *ct = &t->cats[i];

        if (!ct->findings)
            continue;
        any = 1;
        ls_strbuf_printf(out,
                         "  %-28s %9llu findings %9llu unique %7llu files %9llu records  [%s; "
                         "high %llu, medium %llu, low %llu]\n",
                         rs->cats[i].id, (unsigned long long)ct->findings,
                         (unsigned long long)ls_fpset_count(&ct->uniq),
                         (unsigned long long)ct->files, (unsigned long long)ct->records,
                         rs->cats[i].gdpr, (unsigned long long)ct->conf[LS_CONF_HIGH],
                         (unsigned long long)ct->conf[LS_CONF_MEDIUM],
                         (unsigned long long)ct->conf[LS_CONF_LOW]);
    }
    if (!any)
        ls_strbuf_puts(out, "  (none)\n");
    ls_strbuf_puts(out, "Record types:\n");
    any = 0;
    for (i = 0; i < rs->nrectypes; i++)
        if (t->rt[i].count) {
            any = 1;
            ls_strbuf_printf(out, "  %-28s %9llu records in %llu files\n", rs->rectypes[i].id,
                             (unsigned long long)t->rt[i].count,
                             (unsigned long long)t->rt[i].files);
        }
    if (!any)
        ls_strbuf_puts(out, "  (none)\n");
    est = subjects(rs, t, &basis);
    ls_strbuf_printf(out, "Data subjects: about %llu (%s)\n", (unsigned long long)est, basis);
    if (x->fig_ok)
        ls_strbuf_printf(out,
                         "Persons (linked identifiers): at most %llu; minors: %llu persons under "
                         "18, %llu records with minors keywords\n",
                         (unsigned long long)x->fig.persons, (unsigned long long)x->fig.minors,
                         (unsigned long long)x->fig.minors_flagged);
    if (x->fig.plates_seen)
        ls_strbuf_printf(out,
                         "Movement profiles: %llu of %llu plates seen by ANPR %u+ times at %u+ "
                         "cameras or days\n",
                         (unsigned long long)x->fig.vehicles_tracked,
                         (unsigned long long)x->fig.plates_seen, x->min_hits, x->min_sites);
    if (t->dates.first) {
        ymd_str(t->dates.first, a);
        ymd_str(t->dates.last, b);
        ls_strbuf_printf(out, "Dates: %s to %s (%llu dated records; dates of birth excluded)\n", a,
                         b, (unsigned long long)t->dates.n);
    }
    severity(rs, t, x->circumstances, &sv);
    ls_strbuf_printf(out, "Severity (ENISA): %.2f, %s: DPC %d (%s) x EI %.2f (%s) + CB %.2f\n",
                     sv.score, sv.level, sv.dpc, sv.dpc_basis, sv.ei, sv.ei_basis, sv.cb);
}
