#!/bin/sh
# Heavy limits, not in make check (make check-limits; .ci/run runs it):
# hundreds of threads under a 2 GB address-space limit must clean every
# record, starting fewer threads (and saying so) where they do not fit.
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
summary
