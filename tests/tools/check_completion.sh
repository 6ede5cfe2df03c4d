#!/bin/bash
# tests/tools/check_completion.sh — completion/leakscan, sourced in bash,
# completes by calling _leakscan with COMP_WORDS and COMP_CWORD set as bash
# would: `leakscan sc<TAB>` gives scan, `leakscan scan --for<TAB>` --format,
# --format's values (html among scan's), --color's, --fail-on's ids (from
# `leakscan rules categories`) also after a comma, rules subcommands, file names for paths (only *.json and
# folders for diff), and `leakscan scan --<TAB>` offers every long option of
# `leakscan scan --help` (so the two stay in sync), and the same for merge.
if [ -z "${BASH_VERSION:-}" ]; then # run by sh: the completion is bash's
    command -v bash >/dev/null 2>&1 || { echo "SKIP: no bash"; exit 77; }
    exec bash "$0" "$@"
fi
set -u
src="${LS_SRCDIR:?}/completion/leakscan"
bin="${LEAKSCAN:?}"
# shellcheck source=/dev/null
. "$src" || { echo "FAIL: cannot source $src"; exit 1; }
status=0
work="${LS_BUILDDIR:?}/tests-work/check_completion"
rm -rf "$work" && mkdir -p "$work/dir" && cd "$work" || exit 1
touch report.json notes.txt dir/x.json

# complete WORD...: COMPREPLY for the command line WORD... (the last word is
# the one being completed), sorted, one a line, in $got.
complete_words() {
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _leakscan
    got=$(printf '%s\n' "${COMPREPLY[@]}" | sort)
}

# want WHAT EXPECTED...: the completions are exactly EXPECTED.
want() {
    local what=$1 exp
    shift
    exp=$(printf '%s\n' "$@" | sort)
    if [ "$got" != "$exp" ]; then
        echo "FAIL: $what: got [$(echo $got)], want [$(echo $exp)]"
        status=1
    fi
}

# has WHAT WORD: WORD is among the completions.
has() {
    printf '%s\n' "$got" | grep -qx -- "$2" || { echo "FAIL: $1: no '$2' in [$(echo $got)]"; status=1; }
}

complete -p leakscan >/dev/null 2>&1 || { echo "FAIL: no completion registered for leakscan"; status=1; }
complete_words leakscan sc
want "leakscan sc<TAB>" scan
complete_words leakscan ""
want "leakscan <TAB>" scan merge rules diff --version --help
complete_words leakscan scan --for
want "leakscan scan --for<TAB>" --format
complete_words leakscan scan --format ""
want "leakscan scan --format <TAB>" text json csv sarif notification html
complete_words leakscan scan --format json,s
want "leakscan scan --format json,s<TAB>" json,sarif
complete_words leakscan scan --output-dir ""
want "leakscan scan --output-dir <TAB>" dir
complete_words leakscan scan --color ""
want "leakscan scan --color <TAB>" auto always never
complete_words leakscan diff --format ""
want "leakscan diff --format <TAB>" text json
complete_words leakscan scan --format = j
want "leakscan scan --format=j<TAB>" json
complete_words leakscan diff --format j
want "leakscan diff --format j<TAB>" json
complete_words leakscan scan --min-confidence h
want "--min-confidence h<TAB>" high
complete_words leakscan rules ""
want "leakscan rules <TAB>" list check lint export categories
complete_words leakscan rules export --p
want "leakscan rules export --p<TAB>" --patterns
complete_words leakscan scan no
want "leakscan scan no<TAB> (a file)" notes.txt
complete_words leakscan scan -o rep
want "leakscan scan -o rep<TAB>" report.json
complete_words leakscan diff ""
want "leakscan diff <TAB> (reports and folders)" dir report.json
complete_words leakscan scan -j ""
want "leakscan scan -j <TAB> (a number)"
complete_words "$bin" scan --fail-on ib
want "--fail-on ib<TAB>" iban
complete_words "$bin" scan --fail-on iban,crim
want "--fail-on iban,crim<TAB>" iban,criminal iban,criminal_offence
complete_words "$bin" diff --fail-on sev
has "--fail-on sev<TAB>" "severity>=high"
complete_words "$bin" scan --fail-on anpr
want "--fail-on anpr<TAB>" anpr_record

# Every long option of scan --help is offered after "--".
complete_words leakscan scan --
n=0
for o in $("$bin" scan --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    n=$((n + 1))
    has "leakscan scan --<TAB> ($o of scan --help)" "$o"
done
complete_words leakscan merge --
for o in $("$bin" merge --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    has "leakscan merge --<TAB> ($o of merge --help)" "$o"
done
complete_words leakscan diff --
for o in $("$bin" diff --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    has "leakscan diff --<TAB> ($o of diff --help)" "$o"
done
[ "$n" -ge 30 ] || { echo "FAIL: only $n options in scan --help"; status=1; }
[ $status -eq 0 ] && echo "completion: subcommands, options, values, ids and files complete ($n scan options)"
exit $status
