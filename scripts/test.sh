#!/usr/bin/env bash
# Installs what the build and the tests need, builds everything, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
python="$(bash scripts/python-env.sh)"
jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=ON \
      -DTHRESHOLD_PYTHON="$python"
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
