#!/bin/sh
# Heavy limits, not in make check (make check-limits; .ci/run runs it):
# hundreds of threads under a 2 GB address-space limit must clean every
# record, starting fewer threads (and saying so) where they do not fit;
# a page larger than the memory left fails, whole.
# usage: tests/limits.sh DECRUFT
set -u
. "$(dirname "$0")/lib.sh"
python3 -c "
import json
art = 'The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead. ' * 20
for i in range(3000):
    print(json.dumps({'id': i, 'html': '<html><body><p>' + art + str(i) + '</p><p>Share on Facebook</p></body></html>'}))" >"$tmp/r.jsonl"
for j in 200 400 1000; do
    (ulimit -v 2000000 && timeout 300 "$bin" -j "$j" --jsonl "$tmp/r.jsonl" >"$tmp/out" 2>"$tmp/err")
    status=$?
    if [ "$status" = 0 ] && [ "$(grep -c committee "$tmp/out")" = 3000 ] &&
        { [ ! -s "$tmp/err" ] || grep -q "going on with [0-9]* threads" "$tmp/err"; }; then
        ok
        echo "-j $j under ulimit -v 2000000: 3000 records$(sed -n 's/.*going on with/, went on with/p' "$tmp/err")"
    else
        bad "-j $j under ulimit -v 2000000: exit status $status, $(wc -l <"$tmp/out") records"
        head -c 300 "$tmp/err"
    fi
done
# A page too large for the memory left, its article at the end: under an
# address-space limit it fails as out of memory, or comes out with the
# article, never as a shorter text with success (a 164 MB page gave empty
# output and exit 0 under ulimit -v 600000).
python3 -c "
import sys
nav = '<div class=\"nav\"><a href=\"/a\">Link one</a> <a href=\"/b\">Link two</a></div>\n' * 1300000
art = '<p>The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead.</p>' * 20
sys.stdout.write('<html><body>' + nav + '<article><h1>The end</h1>' + art + '</article></body></html>')" >"$tmp/big.html"
for v in 600000 1000000 2000000; do
    (ulimit -v "$v" && timeout 300 "$bin" "$tmp/big.html" >"$tmp/out" 2>"$tmp/err")
    status=$?
    if { [ "$status" = 1 ] && grep -q "out of memory" "$tmp/err" && [ ! -s "$tmp/out" ]; } ||
        { [ "$status" = 0 ] && grep -q "members agreed" "$tmp/out"; }; then
        ok
        echo "a $(($(wc -c <"$tmp/big.html") / 1000000)) MB page under ulimit -v $v: exit $status, $(head -c 100 "$tmp/err")"
    else
        bad "a large page under ulimit -v $v: exit status $status, $(wc -c <"$tmp/out") bytes out, $(head -c 200 "$tmp/err")"
    fi
done
summary
