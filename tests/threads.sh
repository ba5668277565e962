#!/bin/sh
# Every mode with threads (files, JSON Lines, WARC at -j 4) on a decruft
# built with ThreadSanitizer (make tsan): a data race stops the run
# (TSAN_OPTIONS=halt_on_error=1) and fails the test; outputs must equal -j 1.
# usage: tests/threads.sh DECRUFT
set -u
. "$(dirname "$0")/lib.sh"
same() { # NAME CMD...: -j 4 output equals -j 1 output, no race reported
    name=$1
    shift
    "$bin" -j 1 "$@" >one.out 2>/dev/null # some inputs are bad on purpose: status 1
    "$bin" -j 4 "$@" >four.out 2>err.txt
    if grep -q ThreadSanitizer err.txt; then
        echo "FAIL $name: data race"
        head -40 err.txt
        fail=$((fail + 1))
    elif ! cmp -s one.out four.out; then
        echo "FAIL $name: -j 4 output differs from -j 1"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}
mkdir -p tree
for f in "$fixtures"/*/input.*; do cp "$f" "tree/$(basename "$(dirname "$f")")-$(basename "$f")"; done
same "files" -r tree
python3 - "$fixtures" >docs.jsonl <<'PY'
import glob, json, os, sys
for i, f in enumerate(sorted(glob.glob(sys.argv[1] + "/html-*/input.html"))):
    print(json.dumps({"id": i, "url": "https://example.org/%d" % i, "html": open(f, encoding="utf-8", errors="replace").read()}))
PY
same "JSON Lines" --jsonl docs.jsonl
# The metadata objects are built by the workers and written by the main
# thread.
same "JSON Lines --metadata" --jsonl --metadata -f markdown docs.jsonl
python3 "$here/make_warc.py" pages.warc.gz "$fixtures"/html-*/input.html
same "WARC" --warc pages.warc.gz
same "WARC --metadata" --warc --metadata pages.warc.gz
summary
