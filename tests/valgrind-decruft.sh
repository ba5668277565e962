#!/bin/sh
# decruft under valgrind, for tests/run-fixtures.sh: any memory error or
# leak turns into exit status 99, which no fixture expects.
# tests/valgrind.supp: a false report inside glibc's loader, when iconv
# loads its Korean and Japanese converters.
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --suppressions="$(dirname "$0")/valgrind.supp" "$DECRUFT_BIN" "$@"
