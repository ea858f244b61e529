#!/bin/sh
# The soak test (tests/c/soak.c) under the leak checkers: built with ASan
# and UBSan in build/asan, so LeakSanitizer reports anything the engine
# still holds at exit; then, when valgrind is installed, the release build
# in build/native under memcheck. Exits non-zero on the first failure.
#
#   scripts/soak.sh [CALLS]
#
# CALLS (default 20000) is the number of tool calls of the ASan run.
# Environment: SOAK_VALGRIND_CALLS, the calls of the valgrind run
# (default 10000, since memcheck is some 30 times slower; 0 skips it).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CALLS=${1:-20000}
VG_CALLS=${SOAK_VALGRIND_CALLS:-10000}
JOBS=$(nproc 2>/dev/null || echo 2)

case $CALLS$VG_CALLS in
  *[!0-9]*) echo "usage: scripts/soak.sh [CALLS]" >&2; exit 2 ;;
esac

echo "soak: ASan + UBSan build, $CALLS calls"
cmake -S "$ROOT" -B "$ROOT/build/asan" -DBM_SANITIZE=ON \
  -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$ROOT/build/asan" --target soak -j"$JOBS" >/dev/null
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "$ROOT/build/asan/soak" "$CALLS"

if [ "$VG_CALLS" -eq 0 ]; then
  echo "soak: valgrind run skipped (SOAK_VALGRIND_CALLS=0)"
  exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo "soak: valgrind is not installed; its run is skipped"
  exit 0
fi
echo "soak: release build under valgrind memcheck, $VG_CALLS calls"
if [ ! -f "$ROOT/build/native/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$ROOT/build/native" -DCMAKE_BUILD_TYPE=Release \
    >/dev/null
fi
cmake --build "$ROOT/build/native" --target soak -j"$JOBS" >/dev/null
valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
  "$ROOT/build/native/soak" "$VG_CALLS"
echo "soak: no leaks, no memory errors"
