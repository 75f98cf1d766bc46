#!/usr/bin/env bash
# The main job: installs what the build needs, builds Threshold, and screens the example
# referrals in examples/cases/ with the built-in England rules, printing a screening note for
# each. Pass --format json for the result JSON instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=OFF >/dev/null
cmake --build build --target threshold_cli
format="text"
if [ "${1:-}" = "--format" ] && [ -n "${2:-}" ]; then format="$2"; fi
./build/threshold screen --format "$format" examples/cases/*.json
