#!/bin/sh
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for
# SECONDS (default 60). Exits non-zero on the first target that finds a
# crash, a leak, a timeout or an out-of-memory; the reproducer is left in
# build/fuzz/findings/<target>/. New interesting inputs go to a scratch
# corpus under build/fuzz/, never into the committed seeds.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Environment: FUZZ_JOBS (parallel workers per target, default 1),
# FUZZ_FLAGS (extra libFuzzer flags). See docs/fuzzing.md.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$ROOT/build/fuzz"
SECONDS_EACH=${1:-60}
[ $# -gt 0 ] && shift
TARGETS=${*:-"fuzz_config fuzz_messages fuzz_responses fuzz_tokenizer"}
JOBS=${FUZZ_JOBS:-1}

case $SECONDS_EACH in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac

cmake -S "$ROOT" -B "$BUILD" -DBM_FUZZ=ON -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null

# The tokenizer target reads its rank asset from here.
export BM_FUZZ_TOKENIZER_ASSET="${BM_FUZZ_TOKENIZER_ASSET:-$ROOT/dist/o200k_base.bmtok}"

status=0
for t in $TARGETS; do
  bin="$BUILD/$t"
  if [ ! -x "$bin" ]; then
    echo "fuzz: $t is not built here, skipped"
    continue
  fi
  seeds="$ROOT/tests/fuzz/corpus/$t"
  work="$BUILD/corpus/$t"
  findings="$BUILD/findings/$t"
  dict="$ROOT/tests/fuzz/$t.dict"
  mkdir -p "$work" "$findings"
  set -- -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=512 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$findings/"
  [ -f "$dict" ] && set -- "$@" -dict="$dict"
  if [ "$JOBS" -gt 1 ]; then
    set -- "$@" -jobs="$JOBS" -workers="$JOBS"
  fi
  echo "fuzz: $t for ${SECONDS_EACH}s"
  # shellcheck disable=SC2086
  if ! "$bin" "$@" ${FUZZ_FLAGS:-} "$work" "$seeds" \
      >"$BUILD/$t.log" 2>&1; then
    echo "fuzz: $t FOUND A PROBLEM; see $BUILD/$t.log and $findings/"
    tail -n 40 "$BUILD/$t.log"
    status=1
    continue
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' \
    "$BUILD/$t.log" | sed "s/^/fuzz: $t /"
done
exit $status
