#!/bin/sh
# Runs every fixture: fixtures/CASE/input.* through decruft with the flags in
# fixtures/CASE/args (if any), compares standard output with
# fixtures/CASE/expected and, when present, the exit status with
# fixtures/CASE/status (default 0) and standard error with
# fixtures/CASE/stderr.  Prints a unified diff for each failure and closes
# with "N passed, N failed".
# usage: tests/run-fixtures.sh DECRUFT FIXTURES_DIR
set -u
bin=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for case in "$dir"/*/; do
    case=${case%/}
    name=$(basename "$case")
    input=$(ls "$case"/input* 2>/dev/null | head -n 1)
    if [ -z "$input" ] || [ ! -f "$case/expected" ]; then
        echo "FAIL $name: needs input.* and expected"
        fail=$((fail + 1))
        continue
    fi
    args=""
    [ -f "$case/args" ] && args=$(cat "$case/args")
    want_status=0
    [ -f "$case/status" ] && want_status=$(cat "$case/status")
    # args may name files of the case folder: run from inside it.
    (cd "$case" && eval "\"$OLDPWD/$bin\" $args" <"$(basename "$input")" >"$tmp/out" 2>"$tmp/err")
    status=$?
    ok=1
    if ! cmp -s "$case/expected" "$tmp/out"; then
        ok=0
        echo "FAIL $name: output differs"
        diff -u "$case/expected" "$tmp/out" | head -n 60
    fi
    if [ "$status" != "$want_status" ]; then
        ok=0
        echo "FAIL $name: exit status $status, expected $want_status"
        head -c 2000 "$tmp/err"
    fi
    if [ -f "$case/stderr" ] && ! grep -qF -f "$case/stderr" "$tmp/err"; then
        ok=0
        echo "FAIL $name: stderr lacks: $(cat "$case/stderr")"
        head -c 2000 "$tmp/err"
    fi
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
