#!/bin/sh
# The learned models' C inference against the trainer: tools/train.py wrote
# its own stage-1 and stage-2 probabilities for every block of the
# fixtures (tests/model-sample-html.tsv, -text.tsv) with xgboost; blockdump
# -m computes them with src/gbdt.c and src/model.c from the shipped
# data/model-*.txt.  They must agree to float rounding (xgboost sums
# leaves in float, as gbdt.c does; a stray bit in stage 1 can move stage 2
# by about 1e-6).
set -eu
bin=$1
here=$(dirname "$0")
root=$here/..
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
for mode in html text; do
    sample=$root/tests/model-sample-$mode.tsv
    # shellcheck disable=SC2046
    (cd "$root" && "$bin" -t "$mode" -m "data/model-$mode.txt" $(cut -f1 "tests/model-sample-$mode.tsv" | uniq)) \
        >"$out"
    python3 - "$mode" "$sample" "$out" <<'PY' || status=1
import sys
mode, want_path, got_path = sys.argv[1:]
want = [l.split("\t") for l in open(want_path)]
got = [l.split("\t") for l in open(got_path)]
if len(want) != len(got):
    print("model %s: %d blocks in the sample, %d from C" % (mode, len(want), len(got)))
    sys.exit(1)
bad, worst = 0, 0.0
for w, g in zip(want, got):
    if w[:2] != g[:2]:
        print("model %s: block %s %s, C gave %s %s" % (mode, w[0], w[1], g[0], g[1]))
        sys.exit(1)
    for a, b in zip(w[2:], g[2:]):
        d = abs(float(a) - float(b))
        worst = max(worst, d)
        if d > 1e-5:
            bad += 1
            if bad <= 5:
                print("model %s: %s block %s: trainer %s, C %s" % (mode, w[0], w[1], a.strip(), b.strip()))
pages = len({w[0] for w in want})
print("model %s: %d blocks of %d fixtures, %d differ, largest difference %.2g" % (mode, len(want), pages, bad, worst))
sys.exit(1 if bad else 0)
PY
done
exit $status
