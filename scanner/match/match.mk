# scanner/match/match.mk — the rule side: rule packs, matching, validators,
# normalizers, masking, classification, and what a scan counts: the taxonomy
# (a leaf), fingerprint sets and dates (leaves), the tallies, and the report
# sections written from them (exposure).  The built-in packs and the Belgian
# postcode list are compiled into the binary.
# Fragment of the top-level Makefile.am.
LS_RULE_PACKS = rules/identity.yaml rules/contact.yaml rules/vehicles.yaml rules/finance.yaml \
	rules/telecom.yaml rules/police.yaml rules/special.yaml rules/credentials.yaml \
	rules/records.yaml

libleakscan_a_SOURCES += \
	scanner/match/match.h scanner/match/match.c \
	scanner/match/rules.c scanner/match/rules.h \
	scanner/match/prefilter.c scanner/match/prefilter.h \
	scanner/match/cands.c scanner/match/cands.h \
	scanner/match/classify.c scanner/match/classify.h \
	scanner/match/validate.c scanner/match/validate.h \
	scanner/match/normalize.c scanner/match/normalize.h \
	scanner/match/repair.c scanner/match/repair.h \
	scanner/match/mask.c scanner/match/mask.h \
	scanner/match/taxonomy.c scanner/match/taxonomy.h \
	scanner/match/fpset.c scanner/match/fpset.h scanner/match/bigtable.h \
	scanner/match/dates.c scanner/match/dates.h \
	scanner/match/findtally.c scanner/match/findtally.h \
	scanner/match/exposure.c scanner/match/exposure.h \
	scanner/match/persons.c scanner/match/persons.h \
	scanner/match/profiles.c scanner/match/profiles.h
nodist_libleakscan_a_SOURCES += scanner/match/builtin_rules.c scanner/match/postcodes_be.c

BUILT_SOURCES += scanner/match/builtin_rules.c scanner/match/postcodes_be.c
CLEANFILES += scanner/match/builtin_rules.c scanner/match/builtin_rules.c.tmp \
	scanner/match/postcodes_be.c scanner/match/postcodes_be.c.tmp
EXTRA_DIST += $(LS_RULE_PACKS) rules/README.md rules/data/postcodes_be.tsv \
	scanner/match/embed_rules.sh scanner/match/embed_postcodes.sh

scanner/match/builtin_rules.c: $(LS_RULE_PACKS:%=$(srcdir)/%) $(srcdir)/scanner/match/embed_rules.sh
	@$(MKDIR_P) scanner/match
	$(AM_V_GEN)$(SHELL) $(srcdir)/scanner/match/embed_rules.sh $(srcdir) $(LS_RULE_PACKS) > $@.tmp && mv $@.tmp $@

scanner/match/postcodes_be.c: $(srcdir)/rules/data/postcodes_be.tsv $(srcdir)/scanner/match/embed_postcodes.sh
	@$(MKDIR_P) scanner/match
	$(AM_V_GEN)$(SHELL) $(srcdir)/scanner/match/embed_postcodes.sh $(srcdir)/rules/data/postcodes_be.tsv > $@.tmp && mv $@.tmp $@
