# tests/unit/unit.mk — cmocka unit tests, one program per module, each built
# from tests/unit/<name>.c and linked with the library (the global LDADD).
# Fragment of the top-level Makefile.am.
LS_UNIT_TESTS = \
	tests/unit/test_budget \
	tests/unit/test_cands \
	tests/unit/test_chunk \
	tests/unit/test_charset \
	tests/unit/test_classify \
	tests/unit/test_cli \
	tests/unit/test_dates \
	tests/unit/test_extract_csv \
	tests/unit/test_extract_image \
	tests/unit/test_extract_json \
	tests/unit/test_extract_mail \
	tests/unit/test_extract_odf \
	tests/unit/test_extract_ooxml \
	tests/unit/test_extract_pdf \
	tests/unit/test_extract_rtf \
	tests/unit/test_extract_sql \
	tests/unit/test_extract_text \
	tests/unit/test_extract_xml \
	tests/unit/test_failon \
	tests/unit/test_fpset \
	tests/unit/test_input \
	tests/unit/test_isolate \
	tests/unit/test_jsonw \
	tests/unit/test_mask \
	tests/unit/test_match \
	tests/unit/test_persons \
	tests/unit/test_prefilter \
	tests/unit/test_progress \
	tests/unit/test_queue \
	tests/unit/test_repair \
	tests/unit/test_report_formats \
	tests/unit/test_reader \
	tests/unit/test_recwire \
	tests/unit/test_report_render \
	tests/unit/test_rules \
	tests/unit/test_sample \
	tests/unit/test_sink \
	tests/unit/test_sniff \
	tests/unit/test_strbuf \
	tests/unit/test_tally \
	tests/unit/test_taxonomy \
	tests/unit/test_validate \
	tests/unit/test_walk \
	tests/unit/test_zipcheck
check_PROGRAMS += $(LS_UNIT_TESTS)
TESTS += $(LS_UNIT_TESTS)
EXTRA_DIST += tests/unit/extract_harness.h

# Differential test of the checksum validators against python-stdnum:
# validate_cand prints random and mutated candidates with the C verdicts;
# validate_stdnum.py (run through PY_LOG_COMPILER) checks every verdict.
check_PROGRAMS += tests/unit/validate_cand
TESTS += tests/unit/validate_stdnum.py
EXTRA_DIST += tests/unit/validate_stdnum.py
