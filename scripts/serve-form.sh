#!/usr/bin/env bash
# Builds the WebAssembly module and serves the referral form on this computer only:
#   bash scripts/serve-form.sh [PORT]          (default 8765)
# then open the URL it prints. The server listens on 127.0.0.1, so nothing outside this computer
# can reach it, and the page itself sends nothing anywhere: the screening runs inside it.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8765}"
if ! command -v emcc >/dev/null 2>&1 || [ ! -d /usr/include/boost ]; then
  bash scripts/install-wasm-deps.sh
fi
bash bindings/wasm/build.sh
echo
echo "Referral form: open http://127.0.0.1:${port}/ in a browser (Ctrl-C stops the server)."
echo
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory examples/referral-form
