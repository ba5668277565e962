#!/bin/sh
# make bench-peers: installs the peers the package registries hold
# (Readability.js with linkedom from npm; readability-lxml and boilerpipe
# from Debian), runs them and decruft on the same HTML pages on this
# machine, and prints F1 and pages/s in one table.  Pages/s counts the
# extraction alone, files already in memory, one thread, for every tool.
# usage: bench/peers/run.sh DECRUFT SPEED BENCH_DATA
set -eu
bin=$1
speed=$2
data=$3
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$data" && pwd)
html=$data/scrapinghub/html
truth=$data/scrapinghub/ground-truth.json
work=${PEERS_DIR:-build/peers}
mkdir -p "$work"
work=$(cd "$work" && pwd)

if ! dpkg -s python3-readability libboilerpipe-java default-jdk-headless >/dev/null 2>&1; then
    apt-get install -y python3-readability libboilerpipe-java default-jdk-headless >/dev/null
fi
if [ ! -d "$work/node_modules/@mozilla/readability" ] || [ ! -d "$work/node_modules/linkedom" ]; then
    (cd "$work" && npm install --silent --no-audit --no-fund @mozilla/readability@0.6.0 linkedom@0.18.15 >/dev/null)
fi
cp "$here/readability_js.mjs" "$work/"
cp_jars=$(ls /usr/share/java/boilerpipe.jar /usr/share/java/nekohtml.jar /usr/share/java/xercesImpl.jar | tr '\n' ':')
javac -d "$work" -cp "$cp_jars" "$here/Boilerpipe.java"

row() { # name outdir count secs
    f1=$(python3 "$here/../score.py" "$truth" "$2" | awk '{print $3, $5, $7}')
    printf '%-22s %s %s %s  %8.1f\n' "$1" $f1 "$(echo "$3 $4" | awk '{print $1 / $2}')"
}
echo "== peers and decruft on $(ls "$html" | wc -l) HTML pages, one thread, this machine"
printf '%-22s %5s %5s %5s  %8s\n' tool F1 P R pages/s
mkdir -p "$work/out-decruft"
for f in "$html"/*.html.gz; do
    "$bin" --type html "$f" >"$work/out-decruft/$(basename "$f" .html.gz).txt" 2>/dev/null || true
done
rate=$("$speed" -t html "$html"/*.html.gz | sed -n 's/^decruft html:.* \([0-9.]*\) docs\/s.*/\1/p')
row decruft "$work/out-decruft" "$rate" 1
for peer in readability_js readability_lxml boilerpipe; do
    out="$work/out-$peer"
    rm -rf "$out"
    mkdir -p "$out"
    case $peer in
    readability_js) res=$(cd "$work" && node readability_js.mjs "$html" "$out") ;;
    readability_lxml) res=$(/usr/bin/python3 "$here/readability_lxml.py" "$html" "$out") ;;
    boilerpipe) res=$(java -cp "$work:$cp_jars" Boilerpipe "$html" "$out" 2>/dev/null) ;;
    esac
    row "$peer" "$out" $res
done
