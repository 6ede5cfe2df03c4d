/* labels.h — words for a reader of the report: what each GDPR class means
 * (the taxonomy's ids are named by ls_report_taxon_name, report_ctx.h). */
#ifndef LS_LABELS_H
#define LS_LABELS_H

/* The GDPR class in words ("special categories (Art. 9)"), or cls itself
 * for a class it does not know. Static, or cls. */
const char *ls_label_class(const char *cls);

#endif
