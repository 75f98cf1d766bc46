#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# in build-fuzz/, and runs each for a while, one after another:
#
#   bash scripts/fuzz.sh            # 60 seconds per target
#   bash scripts/fuzz.sh 600        # 10 minutes per target
#   bash scripts/fuzz.sh 600 decode # one target (rules, decode or screen)
#
# Each target starts from its seed corpus in fuzz/corpus/<target>/ (committed, small) and adds
# what it finds to build-fuzz/corpus/<target>/ (not committed). A crash leaves its input in
# build-fuzz/crashes/<target>/ and stops the script with exit status 1: turn the input into a
# regression test in tests/robustness/ (see docs/robustness.md) before fixing the bug.
# Set FUZZ_JOBS=2 to run two targets side by side (the machine is assumed to have 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(rules decode screen); fi

# clang and its sanitizer and libFuzzer runtimes (Debian 12 package names).
packages=(clang-14 libclang-rt-14-dev cmake ninja-build libboost1.81-dev nlohmann-json3-dev libgtest-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

CXX=clang++-14 CC=clang-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTHRESHOLD_BUILD_FUZZERS=ON -DTHRESHOLD_BUILD_TESTS=OFF -DTHRESHOLD_BUILD_CLI=OFF -DTHRESHOLD_INSTALL=OFF \
  -DTHRESHOLD_SANITIZE=address,undefined >/dev/null
cmake --build build-fuzz -j 2 --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

run() {
  local target="$1"
  local corpus="build-fuzz/corpus/$target" crashes="build-fuzz/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  local dict=()
  if [ -f "fuzz/$target.dict" ]; then dict=(-dict="fuzz/$target.dict"); fi
  local max_len=65536
  if [ "$target" = screen ]; then max_len=16384; fi
  if [ "$target" = decode ]; then max_len=8192; fi
  echo "== fuzz_$target for $seconds s"
  # -rss_limit_mb: the sanitizers' shadow memory counts too. -timeout: an input that takes longer
  # than this many seconds is reported as a hang.
  local rc=0
  "build-fuzz/fuzz/fuzz_$target" "$corpus" "fuzz/corpus/$target" "${dict[@]}" \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$crashes/" >"build-fuzz/$target.log" 2>&1 || rc=$?
  grep -E "^#[0-9]+ +(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|ERROR|SUMMARY|Test unit written" \
    "build-fuzz/$target.log" | sed "s/^/  fuzz_$target: /" || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz_$target found a problem: see build-fuzz/$target.log and $crashes/" >&2
    return 1
  fi
}

status=0
if [ "${FUZZ_JOBS:-1}" -ge 2 ] && [ ${#targets[@]} -gt 1 ]; then
  pids=()
  for target in "${targets[@]}"; do
    run "$target" &
    pids+=($!)
    if [ ${#pids[@]} -ge 2 ]; then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
else
  for target in "${targets[@]}"; do run "$target" || status=1; done
fi
exit "$status"
