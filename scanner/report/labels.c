/* labels.c — the GDPR classes in words (labels.h). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "report/labels.h"

struct label {
    const char *id, *name;
};

static const struct label classes[] = {
    {"personal", "ordinary personal data (Art. 4)"},
    {"special", "special categories (Art. 9)"},
    {"criminal", "criminal-offence data (Art. 10)"},
    {"minors", "data about minors"},
    {"financial", "financial data"},
    {"location", "location data"},
    {"communications", "communications metadata"},
    {"credentials", "credentials"},
};

static const char *lookup(const struct label *t, size_t n, const char *id)
{
    size_t i;

    for (i = 0; id && i < n; i++)
        if (!strcmp(t[i].id, id))
            return t[i].name;
    return NULL;
}

const char *ls_label_class(const char *cls)
{
    const char *s = lookup(classes, sizeof classes / sizeof classes[0], cls);

    return s ? s : cls;
}
