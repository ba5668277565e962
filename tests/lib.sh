# Sourced by the shell tests after `set -u`, with the decruft to test as $1:
# sets bin (absolute), here and fixtures, works in a temporary directory
# removed on exit, counts with ok and bad, and `summary` prints the tally
# and fails when anything did.
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
summary() {
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
}
