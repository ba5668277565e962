#!/bin/sh
# Outputs byte-identical between two builds on every page of the benchmark
# sets and on the fixtures: a speed change must change no answer.  Each set
# is cleaned by both binaries with -f explain (every block, its verdict and
# reason; explain also names the rule of every dropped block) and with
# -f text, the HTML sets also with -f json (the metadata), -f markdown
# --links --images and -f html (the inline markup), and the trees of
# outputs are compared.  Not part of make check (it takes
# minutes); run it against a build of main:
#   git worktree add /tmp/main main && make -C /tmp/main
#   bench/identical.sh /tmp/main/build/decruft build/decruft [BENCH_DATA]
set -eu
old=$1
new=$2
data=${3:-../shared/bench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# compare NAME TYPE DIR
compare() {
    [ -d "$3" ] || { echo "$1: $3 missing, skipped"; return; }
    formats="explain text"
    [ "$2" = html ] && formats="explain text json markdown,--links,--images html"
    for f in $formats; do
        fmt=$(echo "$f" | tr , ' ')
        # shellcheck disable=SC2086 # the format's flags are words
        "$old" -t "$2" -f $fmt -j 2 -r -o "$tmp/old" "$3" 2> "$tmp/old.err" || true
        # shellcheck disable=SC2086
        "$new" -t "$2" -f $fmt -j 2 -r -o "$tmp/new" "$3" 2> "$tmp/new.err" || true
        pages=$(find "$tmp/old" -type f | wc -l)
        if diff -r "$tmp/old" "$tmp/new" > "$tmp/diff" && cmp -s "$tmp/old.err" "$tmp/new.err"; then
            echo "$1, -f $fmt: $pages pages identical"
        else
            echo "$1, -f $fmt: DIFFERENT ($(grep -c '^diff\|^Only' "$tmp/diff" || true) pages)"
            head -20 "$tmp/diff"
            diff "$tmp/old.err" "$tmp/new.err" | head -10
            status=1
        fi
        rm -rf "$tmp/old" "$tmp/new"
    done
}

# The fixtures, each with its own type sniffed, their outputs one after
# the other.
for f in explain json markdown,--links,--images html; do
    fmt=$(echo "$f" | tr , ' ')
    # shellcheck disable=SC2086
    "$old" -f $fmt fixtures/*/input.* > "$tmp/old" 2>&1 || true
    # shellcheck disable=SC2086
    "$new" -f $fmt fixtures/*/input.* > "$tmp/new" 2>&1 || true
    if cmp -s "$tmp/old" "$tmp/new"; then
        echo "fixtures, -f $fmt: $(ls fixtures/*/input.* | wc -l) inputs identical"
    else
        echo "fixtures, -f $fmt: DIFFERENT"
        diff "$tmp/old" "$tmp/new" | head -20
        status=1
    fi
    rm -f "$tmp/old" "$tmp/new"
done

compare "scrapinghub, lynx" text "$data/scrapinghub-text/lynx"
for r in lynx w3m html2text; do
    compare "WCXB dev, $r" text "$data/wcxb-dev-text/$r"
done
compare "scrapinghub, HTML" html "$data/scrapinghub/html"
compare "WCXB dev, HTML" html "$data/wcxb-dev/html"
exit $status
