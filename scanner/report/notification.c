/* notification.c — a Markdown draft of the notification of a personal data
 * breach to the supervisory authority, GDPR Art. 33(3) (report_ctx.h), from
 * the parsed JSON report: (a) the nature of the breach with the categories
 * and the approximate numbers of data subjects and records, (b) the DPO's
 * contact (a placeholder), (c) the likely consequences, derived from the
 * GDPR classes found, (d) the measures (placeholders), then the severity
 * (ENISA) and how the numbers were counted.  It says it is a draft made by
 * leakscan: a person completes and signs it. */
#include <string.h>

#include "report/report_ctx.h"

/* Appends s with the characters Markdown would read as markup escaped, and
 * control characters dropped (an input path is the user's, but may hold
 * anything). */
static void md_text(struct ls_strbuf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x20 || c == 0x7F)
            continue;
        if (strchr("\\`*_[]<>#|~", c))
            ls_strbuf_putc(out, '\\');
        ls_strbuf_putc(out, (char)c);
    }
}

static int class_present(const json_t *report, const char *cls)
{
    const json_t *a = ls_rj_get(report, "exposure.gdpr_classes"), *v;
    size_t i;

    json_array_foreach(a, i,
                       v) if (json_is_string(v) && strcmp(json_string_value(v), cls) == 0) return 1;
    return 0;
}

static int cat_found(const json_t *report, const char *id)
{
    return ls_rj_u64(json_object_get(ls_rj_get(report, "categories"), id), "findings", 0) > 0;
}

/* The likely consequences per GDPR class (and the identity numbers within
 * the personal class), in the report's class order. */
static void consequences(const json_t *r, struct ls_strbuf *out)
{
    int any = 0;

    if (cat_found(r, "national_register_number_be") || cat_found(r, "bis_number_be") ||
        cat_found(r, "eid_card_number_be") || cat_found(r, "passport_number_be")) {
        ls_strbuf_puts(out, "- **Identity theft and fraud**: national register, BIS, eID card or "
                            "passport numbers were exposed; with names and dates of birth they "
                            "let someone impersonate the data subjects (loans, contracts, "
                            "accounts opened in their name).\n");
        any = 1;
    }
    if (class_present(r, "personal")) {
        ls_strbuf_puts(out, "- **Phishing, scams and unwanted contact**: names, addresses, "
                            "e-mail addresses or phone numbers let someone contact the data "
                            "subjects convincingly (social engineering, spam, harassment).\n");
        any = 1;
    }
    if (class_present(r, "special"))
        ls_strbuf_puts(out, "- **Discrimination, stigma and distress** (Art. 9 special "
                            "categories: health, sexual life, religion, origin, …): damage to "
                            "reputation, loss of employment or insurance, psychological harm.\n");
    if (class_present(r, "criminal"))
        ls_strbuf_puts(out, "- **Stigma and danger from criminal-offence data** (Art. 10; police "
                            "data also under the Law Enforcement Directive): suspects, victims and "
                            "witnesses may be exposed to reprisals, discrimination or damage to "
                            "reputation; investigations may be compromised.\n");
    if (class_present(r, "minors"))
        ls_strbuf_puts(out, "- **Harm to children**: the data concerns minors, who are "
                            "particularly vulnerable (grooming, bullying, lasting stigma).\n");
    if (class_present(r, "financial"))
        ls_strbuf_puts(out, "- **Financial loss**: bank accounts, cards or payment references "
                            "enable fraudulent payments, direct-debit fraud and convincing "
                            "invoice scams.\n");
    if (class_present(r, "location"))
        ls_strbuf_puts(out, "- **Tracking and profiling of movements**: locations, number-plate "
                            "(ANPR) or cell data reveal where people were and their habits "
                            "(stalking, burglary when away, profiling).\n");
    if (class_present(r, "communications"))
        ls_strbuf_puts(out, "- **Surveillance of communications**: subscriber, device and network "
                            "identifiers reveal who communicated with whom and allow device "
                            "tracking or SIM-swap fraud.\n");
    if (class_present(r, "credentials"))
        ls_strbuf_puts(out, "- **Account takeover and further intrusion**: passwords, keys or "
                            "tokens open systems and accounts; they must be revoked.\n");
    any |= json_array_size(ls_rj_get(r, "exposure.gdpr_classes")) > 0;
    if (!any)
        ls_strbuf_puts(out, "- No personal data was found by the scan: consequences follow from "
                            "what the scan could not read (see the method notes).\n");
}

/* (a): the categories, data subjects and records. */
static void nature(const json_t *r, struct ls_strbuf *out)
{
    const json_t *cats = ls_rj_get(r, "categories"), *c, *recs = ls_rj_get(r, "records");
    uint64_t rec_max = 0, rec_sum = 0;
    const char *id;

    ls_strbuf_puts(out, "## (a) Nature of the breach\n\n"
                        "*Describe how the breach happened (what leaked, how, since when, who "
                        "found it).*  [TO COMPLETE]\n\n"
                        "Categories of personal data found in the leaked data:\n\n"
                        "| category | GDPR class | findings | distinct values | files |\n"
                        "|---|---|---:|---:|---:|\n");
    json_object_foreach((json_t *)cats, id, c)
    {
        uint64_t n = ls_rj_u64(c, "records", 0);

        ls_strbuf_puts(out, "| ");
        md_text(out, ls_report_taxon_name(id));
        ls_strbuf_puts(out, " (");
        md_text(out, id);
        ls_strbuf_printf(out, ") | %s | %llu | %llu | %llu |\n", ls_rj_str(c, "gdpr", "?"),
                         (unsigned long long)ls_rj_u64(c, "findings", 0),
                         (unsigned long long)ls_rj_u64(c, "unique", 0),
                         (unsigned long long)ls_rj_u64(c, "files", 0));
        rec_sum += n;
        if (n > rec_max)
            rec_max = n;
    }
    if (json_object_size(cats) == 0)
        ls_strbuf_puts(out, "| (none found) | | 0 | 0 | 0 |\n");
    {
        const json_t *cls = ls_rj_get(r, "exposure.gdpr_classes"), *v;
        size_t i;

        ls_strbuf_puts(out, "\nGDPR classes present: ");
        json_array_foreach(cls, i, v)
        {
            const char *s = json_string_value(v);
            ls_strbuf_printf(out, "%s%s%s", i ? ", " : "", s ? s : "?",
                             !s                       ? ""
                             : !strcmp(s, "special")  ? " (Art. 9 special categories)"
                             : !strcmp(s, "criminal") ? " (Art. 10 criminal-offence data)"
                             : !strcmp(s, "minors")   ? " (data about children)"
                                                      : "");
        }
        ls_strbuf_puts(out, json_array_size(cls) ? ".\n" : "none.\n");
    }
    ls_strbuf_printf(out,
                     "\nApproximate number of data subjects concerned: **%llu** (%s).\n\n"
                     "Approximate number of personal data records concerned: **between %llu and "
                     "%llu** records holding personal data.\n",
                     (unsigned long long)ls_rj_u64(r, "exposure.data_subjects.estimate", 0),
                     ls_rj_str(r, "exposure.data_subjects.basis", "no estimate"),
                     (unsigned long long)rec_max, (unsigned long long)rec_sum);
    if (json_object_size(recs)) {
        json_t *rt;

        ls_strbuf_puts(out, "\nRecord types recognised:\n\n");
        json_object_foreach((json_t *)recs, id, rt)
        {
            ls_strbuf_puts(out, "- ");
            md_text(out, ls_report_taxon_name(id));
            ls_strbuf_printf(out, ": %llu records in %llu files\n",
                             (unsigned long long)ls_rj_u64(rt, "count", 0),
                             (unsigned long long)ls_rj_u64(rt, "files", 0));
        }
    }
    {
        const char *first = ls_rj_str(r, "exposure.date_span.first", NULL);
        const char *last = ls_rj_str(r, "exposure.date_span.last", NULL);

        if (first && last)
            ls_strbuf_printf(
                out,
                "\nThe leaked records describe events from **%s to %s** (%llu dated "
                "records).\n",
                first, last,
                (unsigned long long)ls_rj_u64(r, "exposure.date_span.dated_records", 0));
        else
            ls_strbuf_puts(out, "\nNo event dates were found in the leaked records.\n");
    }
}

/* An estimate "est (95 % CI low–high)". */
static void md_ci(struct ls_strbuf *out, const json_t *e)
{
    ls_strbuf_printf(out, " %llu (%llu–", (unsigned long long)ls_rj_u64(e, "estimate", 0),
                     (unsigned long long)ls_rj_u64(e, "ci_low", 0));
    if (json_is_number(json_object_get(e, "ci_high")))
        ls_strbuf_printf(out, "%llu) |", (unsigned long long)ls_rj_u64(e, "ci_high", 0));
    else
        ls_strbuf_puts(out, "?) |");
}

/* --sample: the draft says first that its figures come from a sample, and
 * gives the estimated totals (docs/sampling.md). */
static void sample_note(const json_t *r, struct ls_strbuf *out)
{
    const json_t *s = ls_rj_get(r, "sample"), *cats = ls_rj_get(s, "categories");
    const char *id;
    json_t *c;

    if (!s)
        return;
    ls_strbuf_printf(out,
                     "> **SAMPLE — ESTIMATES.  Only a random sample was scanned**: %llu of %llu "
                     "units (fraction %g, seed %llu), %llu of %llu bytes.  The totals in the "
                     "table below are estimates with 95 %% confidence intervals; every other "
                     "figure of this draft counts the sampled units only and is not a total.  "
                     "Scan the whole data before notifying figures.\n\n"
                     "| category | findings (95 %% CI) | records (95 %% CI) | files (95 %% CI) | "
                     "units (95 %% CI) |\n|---|---|---|---|---|\n",
                     (unsigned long long)ls_rj_u64(s, "units_sampled", 0),
                     (unsigned long long)ls_rj_u64(s, "units_total", 0),
                     ls_rj_dbl(s, "fraction", 0), (unsigned long long)ls_rj_u64(s, "seed", 0),
                     (unsigned long long)ls_rj_u64(s, "bytes_sampled", 0),
                     (unsigned long long)ls_rj_u64(s, "bytes_total", 0));
    json_object_foreach((json_t *)cats, id, c)
    {
        ls_strbuf_puts(out, "| ");
        md_text(out, id);
        ls_strbuf_puts(out,
                       json_is_true(json_object_get(c, "reliable")) ? " |" : " (unreliable) |");
        md_ci(out, json_object_get(c, "findings"));
        md_ci(out, json_object_get(c, "records"));
        md_ci(out, json_object_get(c, "files"));
        md_ci(out, json_object_get(c, "units"));
        ls_strbuf_putc(out, '\n');
    }
    ls_strbuf_putc(out, '\n');
}

ls_status ls_report_notification(const struct ls_report_ctx *ctx, struct ls_strbuf *out)
{
    const json_t *r = ctx->report, *in, *v;
    size_t i;

    ls_strbuf_printf(out,
                     "# DRAFT — Notification of a personal data breach (GDPR Art. 33)\n\n"
                     "> **This is a draft generated by leakscan %s** from a scan of the leaked "
                     "data started %s.  It is not a notification until a person has checked "
                     "every figure, completed the parts marked [TO COMPLETE] and sent it.  "
                     "Art. 33(1): notify the supervisory authority without undue delay and, "
                     "where feasible, within 72 hours of becoming aware of the breach.\n\n",
                     ls_rj_str(r, "tool.version", "?"), ls_rj_str(r, "scan.started_at", "?"));
    if (ls_rj_get(r, "scan.complete") == json_false())
        ls_strbuf_printf(out,
                         "> **The scan was interrupted (%s)**: the figures below cover only the "
                         "part of the data read before; they are lower bounds.\n\n",
                         ls_rj_str(r, "scan.interrupted_by", "signal"));
    sample_note(r, out);
    ls_strbuf_puts(out, "Data scanned: ");
    in = ls_rj_get(r, "scan.inputs");
    json_array_foreach(in, i, v)
    {
        if (i)
            ls_strbuf_puts(out, ", ");
        md_text(out, json_is_string(v) ? json_string_value(v) : "?");
    }
    ls_strbuf_printf(out, " (%llu files and archive entries).\n\n",
                     (unsigned long long)ls_rj_u64(r, "scan.files.total", 0));
    nature(r, out);
    ls_strbuf_puts(out, "\n## (b) Data protection officer\n\n"
                        "Name: [TO COMPLETE]  \nE-mail: [TO COMPLETE]  \nPhone: [TO COMPLETE]  \n"
                        "Other contact point where more information can be obtained: [TO "
                        "COMPLETE]\n\n"
                        "## (c) Likely consequences of the breach\n\n"
                        "Derived from the classes of data found; review them for this case:\n\n");
    consequences(r, out);
    ls_strbuf_printf(
        out,
        "\nSeverity (%s): **%.2f, %s** — DPC %llu (%s) × EI %.2f (%s) + CB %.2f "
        "(%s).\n",
        ls_rj_str(r, "exposure.severity.method", "SE = DPC x EI + CB"),
        ls_rj_dbl(r, "exposure.severity.score", 0), ls_rj_str(r, "exposure.severity.level", "?"),
        (unsigned long long)ls_rj_u64(r, "exposure.severity.dpc", 0),
        ls_rj_str(r, "exposure.severity.dpc_basis", ""), ls_rj_dbl(r, "exposure.severity.ei", 0),
        ls_rj_str(r, "exposure.severity.ei_basis", ""), ls_rj_dbl(r, "exposure.severity.cb", 0),
        ls_rj_str(r, "exposure.severity.cb_basis", ""));
    ls_strbuf_puts(out, "\n## (d) Measures taken or proposed\n\n"
                        "Measures taken to address the breach: [TO COMPLETE]\n\n"
                        "Measures to mitigate its possible adverse effects (e.g. informing the "
                        "data subjects, Art. 34; revoking credentials; asking for the data to be "
                        "taken down): [TO COMPLETE]\n\n"
                        "Data subjects informed (Art. 34)? [TO COMPLETE]\n\n");
    ls_strbuf_printf(
        out,
        "## How the figures were counted\n\n"
        "- *Findings* are the occurrences that passed their validator (checksums such as "
        "mod 97, Luhn) and the minimum confidence; values the rules do not know, scanned "
        "images and unreadable files are not counted, so every count is a **lower bound** "
        "of what the data holds.\n"
        "- *Distinct values* count each normalized value once per category.\n"
        "- *Data subjects*: %s — an estimate: one person written two ways counts twice, a "
        "person named only by a plate or phone not at all.\n"
        "- *Records*: the lower figure is the most records of any one category (a **lower "
        "bound**), the higher one sums the categories, so a record holding two categories "
        "counts twice (an **upper bound**).\n"
        "- Files: %llu total, %llu scanned, %llu skipped, %llu failed (encrypted, limits, "
        "damaged: see the leakscan report for each); %llu scanned documents had no text "
        "layer.\n"
        "- The severity score is a starting point for the DPO's own assessment: the ENISA "
        "method also weighs circumstances a scan cannot see.\n",
        ls_rj_str(r, "exposure.data_subjects.basis", "no estimate"),
        (unsigned long long)ls_rj_u64(r, "scan.files.total", 0),
        (unsigned long long)ls_rj_u64(r, "scan.files.scanned", 0),
        (unsigned long long)ls_rj_u64(r, "scan.files.skipped", 0),
        (unsigned long long)ls_rj_u64(r, "scan.files.failed", 0),
        (unsigned long long)ls_rj_u64(r, "media.scanned_documents", 0));
    return LS_OK;
}
