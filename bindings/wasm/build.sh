#!/usr/bin/env bash
# Builds the WebAssembly module (incrementally) with Debian's Emscripten and copies it next to
# the referral form. Usage: bash bindings/wasm/build.sh [BUILD_DIR]
# Exits 77 when Emscripten is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$here/build}"
if ! command -v emcc >/dev/null 2>&1 || ! command -v emcmake >/dev/null 2>&1; then
  echo "bindings/wasm: emcc not found; run scripts/install-wasm-deps.sh" >&2
  exit 77
fi
# Debian's emcc runs its JavaScript optimiser with node and finds acorn through NODE_PATH.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  emcmake cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log" >&2
    exit 1
  }
fi
cmake --build "$build" -j "${THRESHOLD_WASM_JOBS:-$(nproc 2>/dev/null || echo 2)}"
form="$root/examples/referral-form/threshold.js"
cmp -s "$build/threshold.js" "$form" 2>/dev/null || cp "$build/threshold.js" "$form"
