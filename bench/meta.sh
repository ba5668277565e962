#!/bin/sh
# The metadata part of make bench (bench/run.sh calls it; it also runs
# alone): decruft -f json on the WCXB dev pages and on Readability's test
# pages, scored by bench/score_meta.py (title, author, date; Readability's
# fields).
# usage: bench/meta.sh DECRUFT BENCH_DATA [--show FIELD]
set -eu
bin=$1
data=$2
shift 2
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# json IN_DIR SUFFIX OUT_DIR: every IN_DIR/.../NAME to OUT_DIR/ID.json,
# ID the file name without SUFFIX (or, for SUFFIX "/source.html", the
# folder's name); on every core, each page writing its own file.
json() {
    mkdir -p "$3"
    find "$1" -type f -path "*$2" -print0 | xargs -0 -n 32 -P "$(nproc)" sh -c '
        bin=$1 suffix=$2 dir=$3
        shift 3
        for f; do
            id=${f%"$suffix"}
            id=${id##*/}
            "$bin" --type html -f json "$f" >"$dir/$id.json" 2>/dev/null || :
        done' sh "$bin" "$2" "$3"
}

if [ -f "$data/wcxb-dev/metadata.json" ]; then
    json "$data/wcxb-dev/html" .html.gz "$out/wcxb"
    python3 "$here/score_meta.py" wcxb "$data/wcxb-dev" "$out/wcxb" "$@"
else
    echo "== metadata: no WCXB data under $data/wcxb-dev, skipped"
fi
if [ -d "$data/readability-pages" ]; then
    json "$data/readability-pages" /source.html "$out/readability"
    python3 "$here/score_meta.py" readability "$data/readability-pages" "$out/readability" "$@"
else
    echo "== metadata: no Readability pages under $data/readability-pages, skipped"
fi
