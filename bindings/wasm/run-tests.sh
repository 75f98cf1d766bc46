#!/usr/bin/env bash
# Tests of the WebAssembly module and the referral form, run by ctest (wasm.tests):
#   bash bindings/wasm/run-tests.sh PATH/TO/threshold
# Builds the module if needed (incrementally), installs the npm packages from the lock file,
# type-checks threshold.d.ts, then runs the node tests (the module against the CLI on every
# example case; the edge values of tests/shared/edge-values.json) and the browser test (the form
# in headless Chromium).
# Exits 77, which ctest reports as skipped, when Emscripten, node, npm or Chromium is missing:
# scripts/install-wasm-deps.sh installs them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -ne 1 ]; then
  echo "usage: bash bindings/wasm/run-tests.sh PATH/TO/threshold" >&2
  exit 2
fi
cli="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
chromium="${THRESHOLD_CHROMIUM:-/usr/bin/chromium}"

missing=()
command -v emcc >/dev/null 2>&1 || missing+=("emcc (Debian package emscripten)")
if ! command -v node >/dev/null 2>&1; then
  missing+=("node")
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  missing+=("node 20 or later (playwright-core needs it; this is $(node --version))")
fi
command -v npm >/dev/null 2>&1 || missing+=("npm")
[ -x "$chromium" ] || missing+=("$chromium (Debian package chromium)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "SKIPPED: the WebAssembly tests need: ${missing[*]}. Run scripts/install-wasm-deps.sh." >&2
  exit 77
fi

build="${THRESHOLD_WASM_BUILD:-$here/build}"
bash "$here/build.sh" "$build"

# npm ci only when the lock file changed since the last install.
cd "$here"
if ! cmp -s package-lock.json node_modules/.threshold-installed-lock 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.threshold-installed-lock
fi

export THRESHOLD_CLI="$cli" THRESHOLD_WASM_JS="$build/threshold.js" THRESHOLD_CHROMIUM="$chromium"
node_modules/.bin/tsc -p tests/tsconfig.json
node --test --test-reporter=spec tests/module.test.mjs tests/edge-values.test.mjs tests/browser.test.mjs
