#!/bin/sh
# Replays the rule-pack fuzz target over the shipped and test packs.
exec "$LS_BUILDDIR/tests/fuzz/fuzz_rules" "$LS_SRCDIR"/rules/*.yaml "$LS_SRCDIR"/tests/e2e/data/*.yaml
