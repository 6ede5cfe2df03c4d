/* report_ctx.c — the JSON accessors and taxonomy names shared by the
 * derived formats (report_ctx.h). */
#include <math.h>
#include <string.h>

#include "report/report_ctx.h"

json_t *ls_rj_get(const json_t *root, const char *path)
{
    const json_t *cur = root;
    const char *p = path;

    while (cur && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);

        if (!json_is_object(cur))
            return NULL;
        cur = json_object_getn(cur, p, n);
        p += n;
        if (*p == '.')
            p++;
    }
    return (json_t *)cur;
}

const char *ls_rj_str(const json_t *root, const char *path, const char *def)
{
    const json_t *v = ls_rj_get(root, path);

    return json_is_string(v) ? json_string_value(v) : def;
}

uint64_t ls_rj_u64(const json_t *root, const char *path, uint64_t def)
{
    const json_t *v = ls_rj_get(root, path);

    if (json_is_integer(v))
        return json_integer_value(v) < 0 ? def : (uint64_t)json_integer_value(v);
    if (!json_is_real(v) || !(json_real_value(v) >= 0))
        return def;
    /* a report parsed with JSON_DECODE_INT_AS_REAL holds every count as a real */
    return json_real_value(v) >= 18446744073709551615.0 ? UINT64_MAX
                                                        : (uint64_t)floor(json_real_value(v));
}

double ls_rj_dbl(const json_t *root, const char *path, double def)
{
    const json_t *v = ls_rj_get(root, path);

    return json_is_number(v) ? json_number_value(v) : def;
}

/* Names of the taxonomy's ids (docs/taxonomy.md), for people. */
static const struct {
    const char *id, *name;
} taxon_names[] = {
    {"national_register_number_be", "Belgian national register number"},
    {"bis_number_be", "Belgian BIS number"},
    {"eid_card_number_be", "Belgian eID card number"},
    {"passport_number_be", "Belgian passport number"},
    {"date_of_birth", "date of birth"},
    {"person_name", "person name"},
    {"address_be", "Belgian postal address"},
    {"email", "e-mail address"},
    {"phone_be", "Belgian phone number"},
    {"phone_other", "non-Belgian phone number"},
    {"vehicle_plate_be", "Belgian licence plate"},
    {"vehicle_plate_nl", "Dutch licence plate"},
    {"vehicle_plate_fr", "French licence plate"},
    {"vin", "vehicle identification number"},
    {"iban", "IBAN"},
    {"bank_account_be", "Belgian bank account (pre-IBAN)"},
    {"payment_card", "payment card number"},
    {"payment_reference_be", "Belgian structured payment reference"},
    {"enterprise_number_be", "Belgian enterprise / VAT number"},
    {"imsi", "IMSI (SIM subscriber identity)"},
    {"imei", "IMEI (device identity)"},
    {"iccid", "ICCID (SIM serial)"},
    {"ipv4", "IPv4 address"},
    {"ipv6", "IPv6 address"},
    {"cell_id", "mobile cell identity"},
    {"gps_coordinates", "GPS coordinates"},
    {"pv_number", "police report (PV) number"},
    {"credential", "credential (password, key, token)"},
    {"special_minor", "data about a minor"},
    {"special_health", "health data"},
    {"special_sexual", "sexual life or sexual offences"},
    {"special_other", "religion, ethnic origin, biometrics, political opinion or union membership"},
    {"criminal_offence", "criminal offences and suspects"},
    {"anpr_record", "ANPR record (plate, time, camera)"},
    {"fine_record", "traffic fine record"},
    {"police_report", "police report"},
    {"telecom_record", "telecom record"},
    {"person_record", "person record"},
};

const char *ls_report_taxon_name(const char *id)
{
    size_t i;

    for (i = 0; i < sizeof taxon_names / sizeof taxon_names[0]; i++)
        if (strcmp(taxon_names[i].id, id) == 0)
            return taxon_names[i].name;
    return id;
}
