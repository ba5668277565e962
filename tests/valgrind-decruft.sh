#!/bin/sh
# decruft under valgrind, for tests/run-fixtures.sh: any memory error or
# leak turns into exit status 99, which no fixture expects.
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$DECRUFT_BIN" "$@"
