#!/usr/bin/env bash
# Installs the system packages the build and the tests need (Debian 12 "bookworm" package names).
# Safe to run again: apt-get only installs what is missing.
set -euo pipefail
# The browser build and its tests (emscripten, node, chromium) have their own script.
bash "$(dirname "$0")/install-wasm-deps.sh"
packages=(cmake ninja-build g++ pkg-config
          libboost1.81-dev nlohmann-json3-dev libgtest-dev libgmock-dev libbenchmark-dev
          graphviz python3 python3-venv python3-pip time)
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
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
