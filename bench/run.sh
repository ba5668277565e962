#!/bin/sh
# make bench: quality (F1 against the gold article text) and speed of
# decruft on the shared benchmark data.
# usage: bench/run.sh DECRUFT SPEED BENCH_DATA
# BENCH_DATA holds scrapinghub/ (ground-truth.json, peers/) and
# scrapinghub-text/lynx/ (the same pages rendered by lynx); get them from
# https://github.com/scrapinghub/article-extraction-benchmark (see README).
# It may also hold wcxb-dev/ and wcxb-dev-text/, the WCXB dev split, which
# bench/wcxb.sh scores last (skipped when absent).
# Per-page scores make train writes to bench/oof/*.tsv show as extra rows.
set -eu
bin=$1
speed=$2
data=$3
truth=$data/scrapinghub/ground-truth.json
lynx=$data/scrapinghub-text/lynx
if [ ! -f "$truth" ] || [ ! -d "$lynx" ]; then
    echo "bench: no benchmark data under $data (set BENCH_DATA)" >&2
    exit 2
fi
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "== quality: plain text (lynx renders), $(ls "$lynx" | wc -l) pages, scorer bench/score.py"
for f in "$lynx"/*.txt; do
    "$bin" --type text "$f" >"$out/$(basename "$f")" 2>/dev/null || true
done
mkdir -p "$out/none"
cp "$lynx"/*.txt "$out/none/"
mkdir -p "$out/decruft"
mv "$out"/*.txt "$out/decruft/"
set --
if [ -f "$here/oof/text-scrapinghub.tsv" ]; then
    set -- --oof "$here/oof/text-scrapinghub.tsv"
fi
SCORE_WORST=${SCORE_WORST:-0} python3 "$here/score.py" "$@" "$truth" "$out/decruft" "$out/none" |
    sed -e 's/^decruft  /decruft  /' -e 's/^none    /(input)  /'
echo "== quality: HTML, $(ls "$data"/scrapinghub/html | wc -l) pages, same scorer"
clean_html() { # OUT_DIR [OPTION...]: every page to OUT_DIR/ID.txt
    dir=$1
    shift
    mkdir -p "$dir"
    for f in "$data"/scrapinghub/html/*.html.gz; do
        "$bin" --type html "$@" "$f" >"$dir/$(basename "$f" .html.gz).txt" 2>/dev/null || true
    done
}
clean_html "$out/decruft-html"
clean_html "$out/decruft-html-no-captions" --no-captions
set --
if [ -f "$here/oof/html-scrapinghub.tsv" ]; then
    set -- --oof "$here/oof/html-scrapinghub.tsv"
fi
SCORE_WORST=${SCORE_WORST:-0} python3 "$here/score.py" "$@" "$truth" "$out/decruft-html" "$out/decruft-html-no-captions"
echo "== published outputs of peers on the HTML pages, same scorer"
python3 "$here/score.py" "$truth" "$data"/scrapinghub/peers/*.json

echo "== speed: single thread, in process (bench/speed.c)"
"$speed" "$lynx"/*.txt
"$speed" -t html "$data"/scrapinghub/html/*.html.gz
build=$(dirname "$speed")
if [ -x "$build/memory" ] && [ -f "$build/peak_heap.so" ]; then
    echo "== memory: peak heap of a page above the heap before it (bench/memory.c)"
    for set in scrapinghub/html wcxb-dev/html; do
        [ -d "$data/$set" ] || continue
        printf '%s: ' "$set"
        LD_PRELOAD=$(cd "$build" && pwd)/peak_heap.so "$build/memory" -t html "$data/$set"/*.html.gz
    done
fi

"$here/wcxb.sh" "$bin" "$data"
"$here/meta.sh" "$bin" "$data"
