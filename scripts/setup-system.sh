#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build and test the
# project: the C and WASM toolchains, Chromium for the validator test,
# and the cJSON source (fetched with `apt-get source`, never committed).
# Safe to run again; it skips work that is already done.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"

packages=(build-essential cmake clang lld wasi-libc libclang-rt-14-dev-wasm32
  libclang-rt-14-dev libcjson-dev binaryen wabt chromium dpkg-dev emscripten
  clang-format
  valgrind)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing+=("$p")
done

# Source entries: copy each enabled binary entry as a deb-src entry, so no
# host name is ever written here.
enable_sources() {
  local f out
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -e "$f" ] || continue
    case "$f" in *-src.sources) continue ;; esac
    grep -q '^Types:.*deb-src' "$f" && continue
    out="${f%.sources}-src.sources"
    [ -e "$out" ] && continue
    sed -e 's/^Types: *deb *$/Types: deb-src/' "$f" | $sudo_cmd tee "$out" >/dev/null
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -e "$f" ] || continue
    case "$f" in *-src.list) continue ;; esac
    out="/etc/apt/sources.list.d/$(basename "${f%.list}")-src.list"
    [ -e "$out" ] && continue
    grep -E '^deb ' "$f" | sed 's/^deb /deb-src /' | $sudo_cmd tee "$out" >/dev/null || true
  done
}

need_cjson_src=0
[ -f "$here/third_party/cjson/cJSON.c" ] || need_cjson_src=1

if [ ${#missing[@]} -gt 0 ] || [ $need_cjson_src -eq 1 ]; then
  enable_sources
  $sudo_cmd apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi

if [ $need_cjson_src -eq 1 ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -qq --download-only cjson >/dev/null \
    && dpkg-source -x --no-check ./*.dsc src >/dev/null)
  mkdir -p "$here/third_party/cjson"
  cp "$tmp"/src/cJSON.c "$tmp"/src/cJSON.h "$tmp"/src/LICENSE "$here/third_party/cjson/"
  rm -rf "$tmp"
  echo "setup: cJSON source placed in third_party/cjson"
fi
