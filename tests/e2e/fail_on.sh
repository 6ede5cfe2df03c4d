#!/bin/sh
# tests/e2e/fail_on.sh — `scan --fail-on` (and `leakscan rules categories`),
# on two small synthetic folders: a/ holds e-mail addresses (class personal,
# severity low), b/ the same plus an IBAN and criminal-offence words
# (financial, criminal, severity very high).  tests/e2e/diff.sh does the
# same for `leakscan diff`.
#
#   scan --fail-on   exit 1 when a class, category, record type or severity
#                    condition holds (the reason on stderr), 0 when none
#                    does, 2 with a clear message for a bad condition; the
#                    report is written either way
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
e2e_init fail_on

mkdir a b
for i in 1 2 3; do echo "contact: jan.peeters$i@example.org"; done >a/contacts.txt
cp a/contacts.txt b/
printf 'Rekening IBAN BE71 0961 2345 6769 van de klant\nDiefstal gemeld, proces-verbaal wegens diefstal\n' >b/pay.txt

# --- scan --fail-on ------------------------------------------------------------
lsrun scan --no-progress -j1 -o /dev/null a
want_rc 0 "scan a (no --fail-on)"
lsrun scan --no-progress -j1 -o a.txt --fail-on email a
want_rc 1 "--fail-on email on a"
out_has '^leakscan: --fail-on: email: 3 findings$' || fail_later "--fail-on email: no reason given"
[ -s a.txt ] || fail_later "--fail-on: no report written"
lsrun scan --no-progress -j1 -o /dev/null --fail-on iban,criminal --fail-on 'severity>=high' a
want_rc 0 "--fail-on iban,criminal,severity>=high on a"
lsrun scan --no-progress -j1 -o /dev/null --fail-on 'severity>=low' a
want_rc 1 "--fail-on severity>=low on a (1.75, low)"
lsrun scan --no-progress -j1 -o /dev/null --fail-on 'severity>=medium' a
want_rc 0 "--fail-on severity>=medium on a (1.75, low)"
mkdir none
echo "nothing personal here" >none/x.txt
lsrun scan --no-progress -j1 -o /dev/null --fail-on 'severity>=low' none
want_rc 0 "--fail-on severity>=low with no finding (score 0)"
lsrun scan --no-progress -j1 -o /dev/null --fail-on 'severity >= very high' b
want_rc 1 "--fail-on severity>=very high on b"
lsrun scan --no-progress -j1 -o /dev/null --fail-on 'iban, criminal' b
want_rc 1 "--fail-on iban on b"
out_has 'iban: 1 findings' || fail_later "--fail-on iban: reason"
lsrun scan --no-progress -j1 -o /dev/null --fail-on criminal b
want_rc 1 "--fail-on criminal (a class) on b"
lsrun scan --no-progress -j1 -o /dev/null --fail-on person_record a
want_rc 1 "--fail-on person_record (a record type) on a"
lsrun scan --no-progress -j1 -o /dev/null --fail-on acme.customer_id b
want_rc 0 "--fail-on a pack's own id that is absent"
lsrun scan --no-progress -o /dev/null --fail-on iban_typo a
want_rc 2 "--fail-on iban_typo"
out_has "unknown condition 'iban_typo'.*leakscan rules categories" ||
    fail_later "unknown id: the message does not say where ids are listed"
lsrun scan --no-progress -o /dev/null --fail-on 'severity>=huge' a
want_rc 2 "--fail-on severity>=huge"
out_has "unknown severity level 'huge'" || fail_later "bad level: message"
lsrun scan --no-progress -o /dev/null --fail-on 'severity=high' a
want_rc 2 "--fail-on severity=high"
lsrun scan --no-progress -o /dev/null --fail-on 'email,,iban' a
want_rc 2 "--fail-on with an empty condition"
lsrun rules categories
want_rc 0 "rules categories"
out_has '^iban  *category  *financial$' || fail_later "rules categories does not list iban"
out_has '^GDPR classes: personal special criminal' || fail_later "rules categories: classes"
e2e_exit
