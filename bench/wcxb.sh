#!/bin/sh
# The WCXB part of make bench (bench/run.sh calls it; it also runs alone):
# decruft on the benchmark's dev pages, as HTML and as the text three
# renderers make of them, scored per page type with WCXB's own metric
# (bench/score_wcxb.py) beside the peers' outputs.
# usage: bench/wcxb.sh DECRUFT BENCH_DATA
# BENCH_DATA holds wcxb-dev/ (html/, ground-truth/, metadata.json, peers/)
# and wcxb-dev-text/{lynx,w3m,html2text}/; see the README.md in each.
# Rows from bench/oof/*.tsv (per-page scores make train writes) are shown
# in the matching table when present.
set -eu
bin=$1
data=$2
wcxb=$data/wcxb-dev
text=$data/wcxb-dev-text
here=$(dirname "$0")
if [ ! -f "$wcxb/metadata.json" ] || [ ! -d "$wcxb/html" ]; then
    echo "== WCXB: no benchmark data under $wcxb, skipped"
    exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# clean TYPE SUFFIX IN_DIR OUT_DIR: every IN_DIR/ID.SUFFIX to OUT_DIR/ID.txt.
# One process a page, as the scrapinghub part runs it, but on every core:
# 1,497 pages one after the other take minutes.  Each page writes only its
# own file, so the outputs do not depend on the scheduling.
clean() {
    mkdir -p "$4"
    find "$3" -type f -name "*$2" -print0 | xargs -0 -n 32 -P "$(nproc)" sh -c '
        bin=$1 type=$2 suffix=$3 dir=$4
        shift 4
        for f; do
            id=${f##*/}
            "$bin" --type "$type" "$f" >"$dir/${id%"$suffix"}.txt" 2>/dev/null || :
        done' sh "$bin" "$1" "$2" "$4"
}

echo "== quality: WCXB dev, HTML, $(ls "$wcxb"/html | wc -l) pages, scorer bench/score_wcxb.py (WCXB's bag-of-words metric, F1 = mean of per-page F1)"
clean html .html.gz "$wcxb/html" "$out/html"
set --
if [ -f "$here/oof/html-wcxb.tsv" ]; then
    set -- --oof "$here/oof/html-wcxb.tsv"
fi
python3 "$here/score_wcxb.py" "$@" "$wcxb" "decruft=$out/html" "$wcxb"/peers/*.json

set --
renders=
for r in lynx w3m html2text; do
    [ -d "$text/$r" ] || continue
    clean text .txt "$text/$r" "$out/text-$r"
    set -- "$@" "decruft on $r=$out/text-$r"
    renders="$renders${renders:+, }$r"
    if [ -f "$here/oof/text-wcxb-$r.tsv" ]; then
        set -- "$@" --oof "$here/oof/text-wcxb-$r.tsv"
    fi
done
if [ -z "$renders" ]; then
    echo "== WCXB: no text renders under $text, skipped"
    exit 0
fi
if [ -d "$text/lynx" ]; then
    set -- "$@" "input unchanged (lynx)=$text/lynx"
fi
# A page a renderer failed on (its _failed.log) is an empty input, so it
# scores as an empty prediction, as it would for a user.
echo "== quality: WCXB dev as plain text ($renders renders), same scorer"
python3 "$here/score_wcxb.py" "$wcxb" "$@"
