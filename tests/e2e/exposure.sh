#!/bin/sh
# tests/e2e/exposure.sh — the report's exposure.persons, exposure.minors,
# exposure.movement_profiles and severity inputs, end to end, on small
# CSV files made here with exact expected figures.
#
# anpr.csv: five plates; one seen 3 times at 2 cameras, one 3 times at one
# camera on 3 days (both tracked with the defaults 3 and 2), one twice at 2
# cameras, one 5 times at one camera on one day, one once.  The thresholds
# move the count as they should (--profile-min-hits 2: one more;
# --profile-min-sites 3: only the 3-day plate).
# persons.csv: national numbers (check digits computed here), phones and
# e-mail addresses in rows; a phone shared by two rows joins them; a row
# about two e-mail addresses alone joins nothing; a child's number dated by
# its row, and rows with a minors keyword.
# Then: the same figures with -j1, -j2 and large items cut into small
# chunks; --circumstances sets CB and shows each element and its source;
# wrong values of the new options end with status 2 and say why.
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init exposure

"$PY" - <<'PY'
def nn(year, mm, dd, seq):
    first9 = (year % 100) * 10**7 + mm * 10**5 + dd * 10**3 + seq
    v = 2 * 10**9 + first9 if year >= 2000 else first9
    return "%02d.%02d.%02d-%03d.%02d" % (year % 100, mm, dd, seq, 97 - v % 97)

with open("anpr.csv", "w") as f:
    f.write("camera_id;tijdstip;nummerplaat;land\n")
    rows = [("CAM0001", "2021-03-01T08:00:00", "1-ABC-123"),
            ("CAM0002", "2021-03-01T09:00:00", "1-ABC-123"),
            ("CAM0001", "2021-03-01T10:00:00", "1-ABC-123"),
            ("CAM0001", "2021-03-01T08:00:00", "1-ABD-124"),
            ("CAM0001", "2021-03-02T08:00:00", "1-ABD-124"),
            ("CAM0001", "2021-03-03T08:00:00", "1-ABD-124"),
            ("CAM0001", "2021-03-01T11:00:00", "1-ABE-125"),
            ("CAM0002", "2021-03-01T12:00:00", "1-ABE-125")]
    rows += [("CAM0003", "2021-03-04T0%d:00:00" % h, "2-XKZ-907") for h in range(5)]
    rows += [("CAM0003", "2021-03-04T10:00:00", "1-GHT-455")]
    for r in rows:
        f.write("%s;%s;%s;B\n" % r)

kid, adult = nn(2010, 3, 4, 11), nn(1980, 6, 7, 12)
with open("persons.csv", "w") as f:
    f.write("rijksregisternummer;telefoon;email;datum;opmerking\n")
    f.write("%s;0470 12 34 56;;2020-05-01;\n" % kid)
    f.write(";0470 12 34 56;ouder@example.org;2020-05-02;minderjarige betrokken\n")
    f.write("%s;;adult@example.org;2021-01-01;\n" % adult)
    f.write(";;a@example.org b@example.org;2021-01-02;jeugdrechter verwittigd\n")
    f.write(";;alleen@example.org;2021-01-03;\n")
PY

run_scan 0 scan -j1 --no-progress --format json -o a1.json anpr.csv persons.csv
run_scan 0 scan -j2 --no-progress --format json -o a2.json anpr.csv persons.csv
run_scan 0 scan -j2 --no-progress --chunk-bytes 64 --format json -o a3.json anpr.csv persons.csv
run_scan 0 scan -j1 --no-progress --profile-min-hits 2 --format json -o h2.json anpr.csv
run_scan 0 scan -j1 --no-progress --profile-min-sites 3 --format json -o s3.json anpr.csv
run_scan 0 scan -j1 --no-progress --circumstances lost-device,unintended,data-lost \
    --format json -o cb.json persons.csv
run_scan 0 scan -j1 --no-progress --circumstances none --format json -o cb0.json persons.csv
run_scan 0 scan -j1 --no-progress -o a1.txt anpr.csv persons.csv

"$PY" - <<'PY' || fail "exposure figures"
import json, sys

def load(p):
    return json.load(open(p))

bad = []
def check(what, got, want):
    if got != want:
        bad.append("%s: %r, want %r" % (what, got, want))

a = load("a1.json")
e = a["exposure"]
mp = e["movement_profiles"]
check("plates_seen", mp["plates_seen"], 5)
check("vehicles_tracked", mp["vehicles_tracked"], 2)
check("min_hits", mp["min_hits"], 3)
check("min_sites", mp["min_sites"], 2)
check("hits 2", load("h2.json")["exposure"]["movement_profiles"]["vehicles_tracked"], 3)
check("sites 3", load("s3.json")["exposure"]["movement_profiles"]["vehicles_tracked"], 1)

p = e["persons"]
# {kid, phone, ouder@}, {adult, adult@}, {a@}, {b@}, {alleen@}
check("persons.count", p["count"], 5)
check("persons.identified", p["identified"], 2)
check("persons.records_several_persons", p["records_several_persons"], 1)
for k in ("method", "bound"):
    if not isinstance(p.get(k), str) or len(p[k]) < 40:
        bad.append("persons.%s missing" % k)
check("data_subjects", e["data_subjects"]["estimate"], 5)  # the e-mail addresses

m = e["minors"]
check("minors.persons_under_18", m["persons_under_18"], 1)
check("minors.national_numbers_under_18", m["national_numbers_under_18"], 1)
check("minors.dated_by_record", m["dated_by_record"], 1)
check("minors.dated_by_scan_date", m["dated_by_scan_date"], 0)
check("minors.records_flagged", m["records_flagged"], 2)
if "Art. 8" not in m.get("note", ""):
    bad.append("minors.note has no Art. 8")

for other in ("a2.json", "a3.json"):
    o = load(other)["exposure"]
    for k in ("persons", "minors", "movement_profiles"):
        check(other + " " + k, o[k], e[k])

sv = e["severity"]
check("default cb source", sv["inputs"]["cb"]["source"], "assumed (no --circumstances)")
check("default cb", sv["cb"], 1.0)
check("default circumstances", sv["inputs"]["cb"]["circumstances"], ["public", "malicious"])
check("dpc input", sv["inputs"]["dpc"]["value"], sv["dpc"])
check("ei input", sv["inputs"]["ei"]["value"], sv["ei"])
for cls in e["gdpr_classes"]:
    c = sv["classes"].get(cls)
    if not c or abs(c["score"] - (c["dpc"] * sv["ei"] + sv["cb"])) > 0.006 or c["dpc"] > sv["dpc"]:
        bad.append("classes.%s: %r" % (cls, c))
if max(c["dpc"] for c in sv["classes"].values()) != sv["dpc"]:
    bad.append("no class has the overall DPC")

cb = load("cb.json")["exposure"]["severity"]
check("cb given", cb["cb"], 0.75)
check("cb source", cb["inputs"]["cb"]["source"], "--circumstances")
check("cb elements", [cb["inputs"]["cb"][k] for k in
      ("confidentiality", "integrity", "availability", "malicious_intent")], [0.25, 0.0, 0.5, 0.0])
check("cb names", cb["inputs"]["cb"]["circumstances"], ["exposed", "data-lost", "unintended"])
check("cb score", cb["score"], round(cb["dpc"] * cb["ei"] + 0.75, 2))
cb0 = load("cb0.json")["exposure"]["severity"]
check("cb none", cb0["cb"], 0.0)
check("cb none names", cb0["inputs"]["cb"]["circumstances"], [])

mem = a["memory"]
if not mem.get("exposure_bytes"):
    bad.append("memory.exposure_bytes missing")
if "exposure_link_bytes" not in mem:
    bad.append("memory.exposure_link_bytes missing")
if bad:
    print("\n".join(bad))
    sys.exit(1)
PY

grep -Eq '^Persons: +2 named \(.*\) to at most 5 with linked identifiers \(bounds\)$' a1.txt ||
    fail_later "text report: $(grep -n Persons a1.txt || echo no Persons line)"
grep -Eq "^Minors: +1 person\(s\) under 18 at the record's date, 2 record\(s\) with minors keywords$" a1.txt ||
    fail_later "text report: $(grep -n Minors a1.txt || echo no Minors line)"
grep -Eq '^Movement: +2 of 5 plates seen by ANPR 3\+ times at 2\+ cameras or days \(trackable vehicles\)$' a1.txt ||
    fail_later "text report: $(grep -n Movement a1.txt || echo no Movement line)"

# wrong values: status 2 and the reason on stderr
bad_opt() { # expected-message args...
    msg="$1"
    shift
    run_scan 2 scan "$@" persons.csv
    grep -qF -- "$msg" stderr.log || fail_later "$*: stderr lacks '$msg': $(cat stderr.log)"
}
bad_opt 'unknown "stolen"' --circumstances public,stolen
bad_opt 'malicious and unintended exclude each other' --circumstances malicious,unintended
bad_opt 'empty name at the end' --circumstances public,
bad_opt '--circumstances takes a comma-separated list' --circumstances ''
bad_opt '--profile-min-hits takes a number from 1 to 255' --profile-min-hits 0
bad_opt '--profile-min-hits takes a number from 1 to 255' --profile-min-hits 256
bad_opt '--profile-min-sites takes a number from 1 to 15' --profile-min-sites 16
bad_opt '--profile-min-sites takes a number from 1 to 15' --profile-min-sites x
e2e_exit
