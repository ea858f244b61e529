#!/usr/bin/env sh
# Formats the C sources with the committed .clang-format, or with --check
# fails when a file differs from its formatted form.
set -eu
cd "$(dirname "$0")/.."
files=$(ls src/*.c src/*.h wasm/*.c tests/c/*.c tests/c/*.h tests/fuzz/*.c \
  tests/fuzz/*.h bench/*.c 2>/dev/null)
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror $files
else
  clang-format -i $files
fi
