#!/bin/sh
# The HTML reader keeps in libxml2's tree only the attributes listed in
# kept_attributes (src/reader_html.c).  Every attribute a stage reads by
# name must be in that list, and the list must be sorted (it is searched
# by bsearch): an attribute read but not kept reads as absent.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -ohE '(markup_attr|attr|attr_url|attr_copy)\([^,()]+(, *[^,()]+)?, *"[a-z:-]+"\)' src/*.c |
    grep -oE '"[a-z:-]+"\)$' | tr -d '")' | LC_ALL=C sort -u >"$tmp/read"
sed -n '/^static const char \*const kept_attributes/,/};/p' src/reader_html.c | grep -oE '"[a-z:-]+"' | tr -d '"' \
    >"$tmp/kept"
status=0
if ! LC_ALL=C sort -c "$tmp/kept" 2>/dev/null; then
    echo "FAIL kept_attributes is not sorted"
    status=1
fi
missing=$(LC_ALL=C sort -u "$tmp/kept" | LC_ALL=C comm -23 "$tmp/read" -)
if [ -n "$missing" ]; then
    echo "FAIL read but not kept in the tree:" $missing
    status=1
fi
[ -s "$tmp/read" ] || { echo "FAIL no attribute reads found"; status=1; }
echo "attributes: $(wc -l <"$tmp/read") read by name"
[ "$status" = 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit "$status"
