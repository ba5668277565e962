#!/bin/sh
# make bench: on the scrapinghub HTML pages, how many of the -f markdown
# and -f html outputs say the text of -f text up to markup
# (tests/markup-text.py), and how many open with the headline.
# usage: bench/formats.sh DECRUFT BENCH_DATA
set -u
bin=$1
data=$2
pages=$data/scrapinghub/html
if [ ! -d "$pages" ]; then
    echo "bench: no $pages (set BENCH_DATA)" >&2
    exit 2
fi
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
md=0
html=0
md_links=0
headline=0
for f in "$pages"/*.html.gz; do
    n=$((n + 1))
    "$bin" -t html "$f" >"$tmp/text" 2>/dev/null
    "$bin" -t html -f markdown "$f" >"$tmp/md" 2>/dev/null
    "$bin" -t html -f markdown --links --images "$f" >"$tmp/mdl" 2>/dev/null
    "$bin" -t html -f html "$f" >"$tmp/html" 2>/dev/null
    python3 "$here/../tests/markup-text.py" markdown "$tmp/text" "$tmp/md" >>"$tmp/why" && md=$((md + 1))
    python3 "$here/../tests/markup-text.py" markdown "$tmp/text" "$tmp/mdl" >>"$tmp/why" && md_links=$((md_links + 1))
    python3 "$here/../tests/markup-text.py" html "$tmp/text" "$tmp/html" >>"$tmp/why" && html=$((html + 1))
    "$bin" -t html -f json <"$f" >"$tmp/json" 2>/dev/null
    python3 "$here/headline.py" "$tmp/json" "$tmp/md" && headline=$((headline + 1))
done
echo "== formats: text of the markup equals -f text, up to markup, on $n scrapinghub pages"
echo "markdown                  $md / $n"
echo "markdown --links --images $md_links / $n"
echo "html                      $html / $n"
echo "markdown holding the title's first 3 words in its first 600 characters: $headline / $n"
head -n 5 "$tmp/why"
