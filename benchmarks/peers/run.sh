#!/usr/bin/env bash
# Threshold and peer rules engines side by side (issue #7): installs the peers (npm ci), generates
# the seeded cases, builds or locates the threshold CLI, runs the agreement check, times every
# engine in process and as a whole process, and prints a markdown report (also written to
# benchmarks/peers/results.md).
#
#   benchmarks/peers/run.sh [THRESHOLD_CLI]
#
# THRESHOLD_CLI (argument or environment): a built `threshold` program. Without it the CLI (and the
# Google Benchmark binary, for Threshold's in-process figure) is built in build-peers/.
# Environment: THRESHOLD_BENCHMARKS (a threshold_benchmarks binary), PEERS_CASES (100000),
# PEERS_SLOW_CASES (10000: cases for the slow modes' timings), PEERS_EDGE_CASES (5000),
# PEERS_WORK (working directory, default benchmarks/peers/work), PEERS_RESULTS (the report, default
# benchmarks/peers/results.md).
# Exits 1 if a peer disagrees with Threshold (the report says where), 2 on other errors.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${PEERS_WORK:-$HERE/work}
RESULTS=${PEERS_RESULTS:-$HERE/results.md}
CLI=${1:-${THRESHOLD_CLI:-}}
BENCH=${THRESHOLD_BENCHMARKS:-}
case "$CLI" in ""|/*) ;; *) CLI="$PWD/$CLI" ;; esac
case "$BENCH" in ""|/*) ;; *) BENCH="$PWD/$BENCH" ;; esac
case "$WORK" in /*) ;; *) WORK="$PWD/$WORK" ;; esac
case "$RESULTS" in /*) ;; *) RESULTS="$PWD/$RESULTS" ;; esac
CASES_N=${PEERS_CASES:-100000}
SLOW_N=${PEERS_SLOW_CASES:-10000}
EDGE_N=${PEERS_EDGE_CASES:-5000}
SEED=20261122
AS_OF=2025-06-01
STARTED=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

log() { echo "== [$(( $(date +%s) - STARTED )) s] $*" >&2; }
trap 'echo "run.sh: failed at line $LINENO" >&2; exit 2' ERR

cd "$HERE"
rm -rf "$WORK"
mkdir -p "$WORK/whole" "$WORK/outcomes"

log "installing the peers (npm ci)"
npm ci --no-audit --no-fund --loglevel=error >&2
node rules/export.js   # the rules in each engine's JSON format, from rules/*.js

log "generating $CASES_N cases (seed $SEED) and $EDGE_N edge cases"
python3 "$ROOT/benchmarks/make_cases.py" "$CASES_N" "$SEED" > "$WORK/cases.jsonl"
head -n "$SLOW_N" "$WORK/cases.jsonl" > "$WORK/cases-slow.jsonl"
node edge_cases.js "$EDGE_N" "$SEED" > "$WORK/edge-cases.jsonl"

if [ -z "$CLI" ]; then
  log "building the threshold CLI in build-peers/"
  BUILD="$ROOT/build-peers"
  if cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=OFF \
       -DTHRESHOLD_BUILD_BENCHMARKS=ON > "$WORK/cmake.log" 2>&1; then
    ninja -C "$BUILD" threshold_cli threshold_benchmarks > "$WORK/ninja.log" 2>&1 || { cat "$WORK/ninja.log" >&2; exit 2; }
    BENCH=${BENCH:-$BUILD/benchmarks/threshold_benchmarks}
  else
    log "(Google Benchmark not found: building the CLI only)"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHRESHOLD_BUILD_TESTS=OFF \
      -DTHRESHOLD_BUILD_BENCHMARKS=OFF > "$WORK/cmake.log" 2>&1 || { cat "$WORK/cmake.log" >&2; exit 2; }
    ninja -C "$BUILD" threshold_cli > "$WORK/ninja.log" 2>&1 || { cat "$WORK/ninja.log" >&2; exit 2; }
  fi
  CLI="$BUILD/threshold"
elif [ -z "$BENCH" ] && [ -x "$(dirname "$CLI")/benchmarks/threshold_benchmarks" ]; then
  BENCH="$(dirname "$CLI")/benchmarks/threshold_benchmarks"
fi
[ -x "$CLI" ] || { echo "run.sh: no threshold CLI at $CLI" >&2; exit 2; }
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")

log "screening with Threshold ($CLI)"
"$CLI" screen --as-of "$AS_OF" --format outcomes "$WORK/cases.jsonl" > "$WORK/threshold.jsonl"
"$CLI" screen --as-of "$AS_OF" --format outcomes "$WORK/edge-cases.jsonl" > "$WORK/edge-threshold.jsonl"

log "agreement check: every peer on every case"
CHECK=0
node check.js --out "$WORK/outcomes" "$WORK/cases.jsonl" "$WORK/threshold.jsonl" > "$WORK/agreement.md" || CHECK=$?
CHECK_EDGE=0
node check.js --complete "$WORK/edge-cases.jsonl" "$WORK/edge-threshold.jsonl" > "$WORK/agreement-edge.md" || CHECK_EDGE=$?
if [ "$CHECK" -ne 0 ] || [ "$CHECK_EDGE" -ne 0 ]; then
  cat "$WORK/agreement.md" "$WORK/agreement-edge.md"
  if [ "$CHECK" -gt 1 ] || [ "$CHECK_EDGE" -gt 1 ]; then echo "run.sh: the agreement check could not run" >&2; exit 2; fi
  echo "run.sh: AGREEMENT CHECK FAILED: a peer disagrees with Threshold (above); a peer encoding, or Threshold, is wrong" >&2
  exit 1
fi

log "in-process timings"
: > "$WORK/inprocess.jsonl"
bench() { # PEER COUNT EXPECTED_OUTCOMES_OF
  node --expose-gc bench.js "$1" "$WORK/cases.jsonl" "$2" --expect "$WORK/outcomes/$3.jsonl" >> "$WORK/inprocess.jsonl"
}
bench json-logic-engine "$CASES_N" json-logic-engine
bench json-logic-engine-interpreted "$CASES_N" json-logic-engine-interpreted
bench json-logic-js "$CASES_N" json-logic-js
bench zen "$CASES_N" zen
bench zen-sequential "$SLOW_N" zen
node --expose-gc bench.js zen-passthrough "$WORK/cases.jsonl" "$CASES_N" >> "$WORK/inprocess.jsonl"
bench json-rules-engine "$SLOW_N" json-rules-engine
BENCH_NOTE=""
if [ -n "$BENCH" ] && [ -x "$BENCH" ]; then
  "$BENCH" --benchmark_filter='^BM_ScreenOutcomesOnly$' --benchmark_min_time=1 --benchmark_format=json \
    > "$WORK/threshold-benchmark.json" 2> /dev/null
  BENCH_CASES=$(dirname "$BENCH")/cases.jsonl
  if cmp -s "$BENCH_CASES" "$WORK/cases.jsonl"; then
    BENCH_NOTE="Threshold's in-process row screens the same cases ($BENCH_CASES is identical)."
  else
    BENCH_NOTE="Threshold's in-process row screens $BENCH_CASES, which differs from these cases."
  fi
else
  log "(no threshold_benchmarks binary: Threshold's in-process row is left out)"
fi

log "whole-process timings"
if command -v hyperfine > /dev/null; then TIMER="hyperfine $(hyperfine --version | cut -d' ' -f2)"; else TIMER="/usr/bin/time"; fi
echo "[]" > "$WORK/whole/index.json"
# whole NAME ENGINE MODE CASES RUNS EXPECTED_OUTPUT -- COMMAND...: one untimed run whose output must equal
# EXPECTED_OUTPUT (it also warms the file cache), then RUNS timed runs with output to /dev/null.
whole() {
  local name=$1 engine=$2 mode=$3 cases=$4 runs=$5 expected=$6
  shift 7
  "$@" > "$WORK/whole/$name.jsonl"
  cmp -s "$WORK/whole/$name.jsonl" "$expected" || { echo "run.sh: $name output differs from $expected" >&2; exit 2; }
  rm -f "$WORK/whole/$name.jsonl"
  if [ "$TIMER" != "/usr/bin/time" ]; then
    local quoted
    quoted=$(printf '%q ' "$@")
    hyperfine --runs "$runs" --warmup 0 --style basic --export-json "$WORK/whole/$name.json" -n "$name" "$quoted" >&2
  else
    local times=()
    for _ in $(seq "$runs"); do
      /usr/bin/time -f '%e %U %S' -o "$WORK/whole/$name.time" "$@" > /dev/null
      times+=("$(cat "$WORK/whole/$name.time")")
    done
    printf '%s\n' "${times[@]}" | node -e '
      const t = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
      const mean = (k) => t.reduce((s, x) => s + x[k], 0) / t.length;
      console.log(JSON.stringify({ results: [{ mean: mean(0), user: mean(1), system: mean(2), times: t.map((x) => x[0]) }] }));' \
      > "$WORK/whole/$name.json"
  fi
  node -e '
    const fs = require("fs"); const f = process.argv[1]; const list = JSON.parse(fs.readFileSync(f, "utf8"));
    list.push({ name: process.argv[2], engine: process.argv[3], mode: process.argv[4], cases: Number(process.argv[5]) });
    fs.writeFileSync(f, JSON.stringify(list));' "$WORK/whole/index.json" "$name" "$engine" "$mode" "$cases"
}
THRESHOLD_VERSION=$("$CLI" --version | head -n 1 | awk '{print $NF}')
head -n "$SLOW_N" "$WORK/outcomes/json-rules-engine.jsonl" > "$WORK/outcomes/json-rules-engine-slow.jsonl"
whole threshold "Threshold $THRESHOLD_VERSION (C++)" "threshold screen --format outcomes --jobs 1" "$CASES_N" 5 \
  "$WORK/threshold.jsonl" -- "$CLI" screen --as-of "$AS_OF" --format outcomes --jobs 1 "$WORK/cases.jsonl"
whole json-logic-engine "json-logic-engine $(node -p 'require("./node_modules/json-logic-engine/package.json").version')" \
  "node screen.js, compiled" "$CASES_N" 3 "$WORK/outcomes/json-logic-engine.jsonl" -- node screen.js json-logic-engine "$WORK/cases.jsonl"
whole json-logic-js "json-logic-js $(node -p 'require("./node_modules/json-logic-js/package.json").version')" \
  "node screen.js" "$CASES_N" 3 "$WORK/outcomes/json-logic-js.jsonl" -- node screen.js json-logic-js "$WORK/cases.jsonl"
whole zen "@gorules/zen-engine $(node -p 'require("./node_modules/@gorules/zen-engine/package.json").version')" \
  "node screen.js, batched" "$CASES_N" 2 "$WORK/outcomes/zen.jsonl" -- node screen.js zen "$WORK/cases.jsonl"
whole json-rules-engine "json-rules-engine $(node -p 'require("./node_modules/json-rules-engine/package.json").version')" \
  "node screen.js" "$SLOW_N" 1 "$WORK/outcomes/json-rules-engine-slow.jsonl" -- node screen.js json-rules-engine "$WORK/cases-slow.jsonl"

cat > "$WORK/machine.json" <<EOF
{
  "date": "$(date -u +%Y-%m-%dT%H:%MZ)",
  "cpu_model": "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')",
  "nproc": $(nproc),
  "memory_gb": $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo),
  "os": "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)",
  "load_start": "$LOAD_START",
  "node": "$(node --version)",
  "threshold_version": "$THRESHOLD_VERSION",
  "threshold_cli": "$CLI",
  "timer": "$TIMER",
  "cases": $CASES_N,
  "case_bytes": $(stat -c %s "$WORK/cases.jsonl"),
  "seed": $SEED,
  "as_of": "$AS_OF",
  "slow_cases": $SLOW_N,
  "edge_cases": $EDGE_N,
  "threshold_benchmark_cases": "$BENCH_NOTE"
}
EOF
node report.js "$WORK" "$RESULTS"
log "done in $(( $(date +%s) - STARTED )) s; report in $RESULTS"
