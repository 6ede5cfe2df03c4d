#!/bin/sh
# tests/tools/check_headers.sh — no header of ours is named like a system one.
#
# With -I scanner on every compile, a scanner/limits.h would be what
# #include <limits.h> finds, for our files and for every library header that
# includes it (pcre2.h does): it works only by luck.  Fails when a header of
# scanner/ (at any depth, as reached through -I scanner) has the name of a
# header in the compiler's or the C library's include directories.
src=${LS_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${CC:-cc}
dirs=$(echo | $cc -E -Wp,-v -x c - 2>&1 | sed -n 's/^ \(\/.*\)/\1/p')
[ -n "$dirs" ] || dirs="/usr/include /usr/local/include"
cd "$src/scanner" || exit 2
bad=0
n=0
for h in $(find . -name '*.h' | sed 's|^\./||' | sort); do
    n=$((n + 1))
    for d in $dirs; do
        if [ -f "$d/$h" ]; then
            echo "check_headers: scanner/$h shadows the system header $d/$h"
            bad=1
        fi
    done
done
[ "$bad" -eq 0 ] && echo "check_headers: $n headers, none named like a header in: $(echo $dirs)"
exit $bad
