#!/usr/bin/env bash
# Runs a command under valgrind's memcheck and checks that it exits with the
# expected status (so error paths are covered too) and that valgrind found no
# invalid access and no definite leak (valgrind then exits with 99).
# Usage: check-leaks.sh EXPECTED_STATUS CMD [ARGS...]
expected=$1; shift
out=$(valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite \
      --show-leak-kinds=definite --error-exitcode=99 "$@" 2>&1)
rc=$?
if [ "$rc" -eq 99 ]; then
  echo "LEAK-CHECK FAILED: valgrind reported errors:"; echo "$out"; exit 1
fi
if [ "$rc" -ne "$expected" ]; then
  echo "LEAK-CHECK FAILED: status $rc, expected $expected:"; echo "$out"; exit 1
fi
echo "leak-check ok (status $rc)"
