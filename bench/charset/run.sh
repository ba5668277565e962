#!/bin/sh
# Measures the charset detectors Debian packages (uchardet, ICU's ucsdet,
# enca) against the rule decruft 0.1 had, on legacy-encoded samples made
# here (corpus.py): the README's "Encodings" table.  Not part of make
# check or make bench; run by hand.
# needs: apt-get install libuchardet-dev libicu-dev libenca-dev gettext
# usage: bench/charset/run.sh [OUT_DIR]   (from the source tree; default build/charset)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-build/charset}
mkdir -p "$out"
make -s build/libdecruft-internal.a
cc -O2 -iquote src -Iinclude -o "$out/measure" "$here/measure.c" build/libdecruft-internal.a \
    $(pkg-config --cflags --libs uchardet icu-uc icu-i18n libpcre2-8 libxml-2.0 jansson) -lenca
cd "$out"
python3 "$here/corpus.py"
echo "accuracy (decoded text equal to the original):"
./measure corpus/manifest.tsv >results.tsv
python3 "$here/summary.py" results.tsv
echo "speed, processor time, samples of 10,000 characters (5 passes) and of 100 (20 passes):"
awk -F'\t' '$4 == 10000' corpus/manifest.tsv >big.tsv
awk -F'\t' '$4 == 100' corpus/manifest.tsv >small.tsv
./measure big.tsv 5 >/dev/null
./measure small.tsv 20 >/dev/null
