/* taxonomy.c — the taxonomy table, the GDPR classes and the lookup
 * (taxonomy.h).  The ids and classes are those of docs/taxonomy.md, verbatim:
 * reports, tests and rule packs use them as they are. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "match/taxonomy.h"

const struct ls_taxon ls_taxonomy[] = {
    {"national_register_number_be", "personal", LS_TAXON_CATEGORY},
    {"bis_number_be", "personal", LS_TAXON_CATEGORY},
    {"eid_card_number_be", "personal", LS_TAXON_CATEGORY},
    {"passport_number_be", "personal", LS_TAXON_CATEGORY},
    {"date_of_birth", "personal", LS_TAXON_CATEGORY},
    {"person_name", "personal", LS_TAXON_CATEGORY},
    {"address_be", "personal", LS_TAXON_CATEGORY},
    {"email", "personal", LS_TAXON_CATEGORY},
    {"phone_be", "personal", LS_TAXON_CATEGORY},
    {"phone_other", "personal", LS_TAXON_CATEGORY},
    {"vehicle_plate_be", "personal", LS_TAXON_CATEGORY},
    {"vehicle_plate_nl", "personal", LS_TAXON_CATEGORY},
    {"vehicle_plate_fr", "personal", LS_TAXON_CATEGORY},
    {"vin", "personal", LS_TAXON_CATEGORY},
    {"iban", "financial", LS_TAXON_CATEGORY},
    {"bank_account_be", "financial", LS_TAXON_CATEGORY},
    {"payment_card", "financial", LS_TAXON_CATEGORY},
    {"payment_reference_be", "financial", LS_TAXON_CATEGORY},
    {"enterprise_number_be", "personal", LS_TAXON_CATEGORY},
    {"imsi", "communications", LS_TAXON_CATEGORY},
    {"imei", "communications", LS_TAXON_CATEGORY},
    {"iccid", "communications", LS_TAXON_CATEGORY},
    {"ipv4", "communications", LS_TAXON_CATEGORY},
    {"ipv6", "communications", LS_TAXON_CATEGORY},
    {"cell_id", "location", LS_TAXON_CATEGORY},
    {"gps_coordinates", "location", LS_TAXON_CATEGORY},
    {"pv_number", "criminal", LS_TAXON_CATEGORY},
    {"credential", "credentials", LS_TAXON_CATEGORY},
    {"special_minor", "minors", LS_TAXON_KEYWORD_CLASS},
    {"special_health", "special", LS_TAXON_KEYWORD_CLASS},
    {"special_sexual", "special", LS_TAXON_KEYWORD_CLASS},
    {"special_other", "special", LS_TAXON_KEYWORD_CLASS},
    {"criminal_offence", "criminal", LS_TAXON_KEYWORD_CLASS},
    {"anpr_record", "location", LS_TAXON_RECORD_TYPE},
    {"fine_record", "criminal", LS_TAXON_RECORD_TYPE},
    {"police_report", "criminal", LS_TAXON_RECORD_TYPE},
    {"telecom_record", "communications", LS_TAXON_RECORD_TYPE},
    {"person_record", "personal", LS_TAXON_RECORD_TYPE},
    {NULL, NULL, LS_TAXON_CATEGORY},
};

const char *const ls_gdpr_classes[] = {"personal",       "special",     "criminal",
                                       "minors",         "financial",   "location",
                                       "communications", "credentials", NULL};

const struct ls_taxon *ls_taxon_find(const char *id, unsigned kind_mask)
{
    const struct ls_taxon *t;

    for (t = ls_taxonomy; t->id; t++)
        if ((kind_mask & (1u << t->kind)) && strcmp(t->id, id) == 0)
            return t;
    return NULL;
}
