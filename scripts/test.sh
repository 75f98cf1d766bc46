#!/usr/bin/env bash
# Installs what the build and the tests need, builds everything, and runs every test with ctest;
# then builds again with AddressSanitizer and UndefinedBehaviorSanitizer and runs the suite there
# too (scripts/test-sanitizers.sh asan; see docs/robustness.md).
#
#   bash scripts/test.sh                            # both (what .ci/run and CI run)
#   THRESHOLD_SKIP_SANITIZERS=1 bash scripts/test.sh  # the ordinary build only, for a quick local run
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
python="$(bash scripts/python-env.sh)"
jobs="$(nproc 2>/dev/null || echo 2)"
start=$SECONDS
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=ON \
      -DTHRESHOLD_PYTHON="$python"
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
echo "== ordinary build and tests: $((SECONDS - start)) s"
if [ "${THRESHOLD_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/test-sanitizers.sh asan
fi
