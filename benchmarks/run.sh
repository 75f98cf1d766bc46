#!/usr/bin/env bash
# Reproduces benchmarks/README.md: builds a Release tree with the benchmarks, runs the Google
# Benchmark suite, times whole-process JSON Lines screening through the CLI, and (when node is
# installed) runs the peer engines on the same cases. Takes a few minutes; not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=OFF \
      -DTHRESHOLD_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build-bench
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Google Benchmark (per case, one thread)"
build-bench/benchmarks/threshold_benchmarks --benchmark_min_time=1
cases=build-bench/benchmarks/cases.jsonl
echo "== whole process, 100,000 cases of JSON Lines"
for format in outcomes json; do
  for jobs in 1 2; do
    start=$(date +%s.%N)
    build-bench/threshold screen --as-of 2025-06-01 --format "$format" --jobs "$jobs" "$cases" >/dev/null
    end=$(date +%s.%N)
    echo "threshold screen --format $format --jobs $jobs: $(echo "$end - $start" | bc) s"
  done
done
start=$(date +%s.%N)
echo '{"subject": {"age": 17}}' | build-bench/threshold screen --as-of 2025-06-01 - >/dev/null
end=$(date +%s.%N)
echo "one case from a cold start: $(echo "($end - $start) * 1000" | bc) ms"
if command -v node >/dev/null 2>&1 && [ -x benchmarks/peers/run.sh ]; then
  echo "== peer engines (benchmarks/peers/run.sh)"
  THRESHOLD_CLI="$PWD/build-bench/threshold" bash benchmarks/peers/run.sh
fi
