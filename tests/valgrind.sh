#!/bin/sh
# The fixtures under valgrind: any memory error or leak is a failure.
# valgrind's start-up costs a second a process, so the fixtures without
# options run in one process that takes all their inputs as files (which
# also checks that nothing leaks from one document into the next); each
# fixture with options runs alone, as tests/run-fixtures.sh runs it.
# Outputs are tests/run-fixtures.sh's business: only memory is judged here.
# usage: tests/valgrind.sh DECRUFT FIXTURES_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
supp=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
vg() { # valgrind's verdict on one run: status 99 means errors or leaks
    # valgrind.supp: a false report inside glibc's loader, when iconv loads
    # its Korean and Japanese converters.
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --suppressions="$supp" "$@"
}
plain=""
for case in "$dir"/*/; do
    case=${case%/}
    input=$(ls "$case"/input* 2>/dev/null | head -n 1)
    [ -n "$input" ] || continue
    if [ ! -f "$case/args" ]; then
        plain="$plain $input"
        continue
    fi
    args=$(cat "$case/args")
    (cd "$case" && eval "vg \"$bin\" $args" <"$(basename "$input")" >/dev/null 2>"$tmp/err")
    if [ $? = 99 ]; then
        echo "FAIL $(basename "$case"): valgrind"
        head -c 4000 "$tmp/err"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# shellcheck disable=SC2086 # the inputs are fixture paths without spaces
vg "$bin" $plain >/dev/null 2>"$tmp/err"
if [ $? = 99 ]; then
    # Name the culprits: each input alone.
    for input in $plain; do
        vg "$bin" "$input" >/dev/null 2>"$tmp/one"
        if [ $? = 99 ]; then
            echo "FAIL $input: valgrind"
            head -c 4000 "$tmp/one"
            fail=$((fail + 1))
        fi
    done
    [ $fail -gt 0 ] || { echo "FAIL the inputs together: valgrind"; head -c 4000 "$tmp/err"; fail=1; }
else
    pass=$((pass + $(echo $plain | wc -w)))
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
