/* labels.h — words for a reader of the report: a short name for each
 * category, keyword class and record type id of the taxonomy
 * (docs/taxonomy.md), and what each GDPR class means. */
#ifndef LS_LABELS_H
#define LS_LABELS_H

/* The name of a taxonomy id ("Belgian national register number"), or NULL
 * for an id it does not know (a rule pack's own). Static. */
const char *ls_label_name(const char *id);
/* The GDPR class in words ("special categories (Art. 9)"), or cls itself
 * for a class it does not know. Static, or cls. */
const char *ls_label_class(const char *cls);

#endif
