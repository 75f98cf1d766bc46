#!/usr/bin/env bash
# Installs what the WebAssembly build and the referral-form tests need on Debian 12 (bookworm):
# Emscripten (with its clang, lld, binaryen and acorn), Node.js with npm, headless Chromium, and
# the Boost and nlohmann headers the library is compiled from, cmake and ninja to build it, a font
# for the screenshots and python3 for scripts/serve-form.sh. npm packages (playwright-core,
# typescript) are not installed here: bindings/wasm/run-tests.sh runs `npm ci` from the lock file.
# Safe to run again: only what is missing is installed.
set -euo pipefail

# chromium-l10n: Debian's chromium has only American English without it, and the browser test
# runs the form in British English (dates shown day first, as a referrer in England sees them).
packages=(emscripten binaryen node-acorn cmake ninja-build chromium chromium-l10n fonts-dejavu-core
          python3 libboost1.81-dev nlohmann-json3-dev)
# Node.js may come from elsewhere than Debian (it brings its own npm); only install Debian's
# when there is no node or no npm on the PATH.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
