/* labels.c — names of the taxonomy's ids and GDPR classes (labels.h). */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "report/labels.h"

struct label {
    const char *id, *name;
};

/* In the order of docs/taxonomy.md. */
static const struct label names[] = {
    {"national_register_number_be", "Belgian national register number"},
    {"bis_number_be", "Belgian BIS number"},
    {"eid_card_number_be", "Belgian eID card number"},
    {"passport_number_be", "Belgian passport number"},
    {"date_of_birth", "Date of birth"},
    {"person_name", "Person name"},
    {"address_be", "Belgian postal address"},
    {"email", "E-mail address"},
    {"phone_be", "Belgian phone number"},
    {"phone_other", "Other phone number"},
    {"vehicle_plate_be", "Belgian licence plate"},
    {"vehicle_plate_nl", "Dutch licence plate"},
    {"vehicle_plate_fr", "French licence plate"},
    {"vin", "Vehicle identification number"},
    {"iban", "IBAN"},
    {"bank_account_be", "Belgian bank account (pre-IBAN)"},
    {"payment_card", "Payment card number"},
    {"payment_reference_be", "Structured payment reference"},
    {"enterprise_number_be", "Belgian enterprise / VAT number"},
    {"imsi", "IMSI (SIM subscriber)"},
    {"imei", "IMEI (device)"},
    {"iccid", "ICCID (SIM serial)"},
    {"ipv4", "IPv4 address"},
    {"ipv6", "IPv6 address"},
    {"cell_id", "Mobile cell identity"},
    {"gps_coordinates", "GPS coordinates"},
    {"pv_number", "Police report (PV) number"},
    {"credential", "Credential (password, key, token)"},
    {"special_minor", "Concerns a minor"},
    {"special_health", "Health data"},
    {"special_sexual", "Sexual life or sexual offence"},
    {"special_other", "Religion, ethnicity, biometrics, politics, union"},
    {"criminal_offence", "Offences, suspects, arrests"},
    {"anpr_record", "ANPR camera record"},
    {"fine_record", "Traffic fine record"},
    {"police_report", "Police report"},
    {"telecom_record", "Telecom record"},
    {"person_record", "Record with a direct person identifier"},
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

const char *ls_label_name(const char *id)
{
    return lookup(names, sizeof names / sizeof names[0], id);
}

const char *ls_label_class(const char *cls)
{
    const char *s = lookup(classes, sizeof classes / sizeof classes[0], cls);

    return s ? s : cls;
}
