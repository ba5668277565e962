#!/bin/sh
# make train: regenerate the learned models (data/model-html.txt and
# data/model-text.txt) from the dev pages, with their out-of-fold figures
# (bench/oof/) and the trainer's predictions on the fixtures
# (tests/model-sample-*.tsv, which make check compares with the C
# inference).
# usage: tools/train.sh [--oof-only] BLOCKDUMP BENCH_DATA WORK_DIR [html] [text]
# --oof-only reruns the out-of-fold outputs with the fold models already in
# WORK_DIR (after a change to the stages around the model: make oof).
# Needs python3-xgboost and python3-numpy (Debian).
set -eu
oof_only=
if [ "${1:-}" = --oof-only ]; then
    oof_only=1
    shift
fi
bin=$1
data=$2
work=$3
shift 3
[ $# -gt 0 ] || set -- html text
here=$(dirname "$0")
root=$here/..
for f in "$data/wcxb-dev/metadata.json" "$data/scrapinghub/ground-truth.json"; do
    [ -f "$f" ] || { echo "train: no $f (set BENCH_DATA)" >&2; exit 2; }
done
/usr/bin/python3 -c 'import xgboost, numpy' 2>/dev/null ||
    { echo "train: apt-get install python3-xgboost python3-numpy" >&2; exit 2; }

# set_dir SET: the folder of a set's pages and their file suffix.
set_dir() {
    case $1 in
    wcxb) echo "$data/wcxb-dev/html .html.gz" ;;
    scrapinghub) echo "$data/scrapinghub/html .html.gz" ;;
    wcxb-*) echo "$data/wcxb-dev-text/${1#wcxb-} .txt" ;;
    scrapinghub-lynx) echo "$data/scrapinghub-text/lynx .txt" ;;
    esac
}

for mode in "$@"; do
    case $mode in
    html) sets="wcxb scrapinghub" fixtures=$(ls "$root"/fixtures/html-*/input.html) ;;
    text) sets="wcxb-lynx wcxb-w3m wcxb-html2text scrapinghub-lynx"
        fixtures=$(ls "$root"/fixtures/*/input.txt) ;;
    *) echo "train: no mode '$mode' (html, text)" >&2; exit 2 ;;
    esac
    w=$work/$mode
    if [ -z "$oof_only" ]; then
        rm -rf "$w"
        echo "== $mode: blocks of the dev pages (tools/blockdump -t $mode)"
        for set in $sets; do
            set -- $(set_dir "$set")
            mkdir -p "$w/dump/$set" "$w/oof/$set"
            # 50 pages a file, on every core; each batch writes its own file.
            find "$1" -name "*$2" | sort | xargs -n 50 -P "$(nproc)" sh -c '
                bin=$1 mode=$2 out=$3
                shift 3
                f=${1##*/}
                "$bin" -t "$mode" "$@" | sed 1d >"$out/${f%%.*}.tsv"' sh "$bin" "$mode" "$w/dump/$set"
        done
        # shellcheck disable=SC2086
        (cd "$root" && "$bin" -t "$mode" $(echo "$fixtures" | sed "s|^$root/||") 2>/dev/null || :) >"$w/sample.tsv"
        head -1 "$w/sample.tsv" >"$w/dump/header.tsv"

        echo "== $mode: training (tools/train.py)"
        /usr/bin/python3 "$here/train.py" "$mode" "$data" "$w/dump" "$w" "$root/data/model-$mode.txt" \
            "$w/sample.tsv" "$root/tests/model-sample-$mode.tsv"
    fi

    echo "== $mode: out-of-fold outputs, each page cleaned by the fold model that never saw its site"
    for set in $sets; do
        rm -rf "$w/oof/$set"
        mkdir -p "$w/oof/$set"
    done
    for k in 0 1 2 3 4; do
        for set in $sets; do
            set -- $(set_dir "$set")
            awk -F '\t' -v k="$k" -v s="$set" -v d="$1" -v x="$2" '$4 == k && $2 == s { print d "/" $1 x }' \
                "$w/folds.tsv" | xargs -r -n 50 -P "$(nproc)" "$bin" -t "$mode" -m "$w/fold-$k.txt" -x "$w/oof/$set"
        done
    done
    mkdir -p "$root/bench/oof"
    for set in $sets; do
        case $set in
        scrapinghub*) /usr/bin/python3 "$root/bench/score.py" --per-page "$root/bench/oof/$mode-scrapinghub.tsv" \
            "$data/scrapinghub/ground-truth.json" "$w/oof/$set" ;;
        *) /usr/bin/python3 "$root/bench/score_wcxb.py" --per-page "$root/bench/oof/$mode-$set.tsv" \
            "$data/wcxb-dev" "out-of-fold=$w/oof/$set" ;;
        esac
    done
done
