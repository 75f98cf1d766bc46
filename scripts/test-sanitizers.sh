#!/usr/bin/env bash
# Builds and runs the tests under the sanitizers (docs/robustness.md):
#
#   1. AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/): the whole ctest suite, except
#      the tests listed in ASAN_EXCLUDE below, each with the reason;
#   2. ThreadSanitizer (build-tsan/): the tests that run threads - eight threads screening against
#      one shared Rules and ScreenMany (tests/robustness/concurrency_test.cc), and `screen --jobs`
#      (the program itself is built with ThreadSanitizer too, so a race in it fails its test).
#
#   bash scripts/test-sanitizers.sh          # both
#   bash scripts/test-sanitizers.sh asan     # one of them
#   bash scripts/test-sanitizers.sh tsan
#
# Any sanitizer report fails the run: the code is built with -fno-sanitize-recover=all and the
# runtimes are told to abort on the first error. About 10 minutes from scratch on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
which="${1:-all}"

# Not run under ASan/UBSan, and why:
#   package.*  installs the library and builds a consumer project with find_package: the installed
#              library is instrumented, and a consumer built without -fsanitize cannot link it.
#   wasm.*     builds and runs the WebAssembly module with Emscripten: none of that code is built
#              with the sanitizers, and it takes over a minute.
#   tools.*, python.*
#              run a Python interpreter that loads no instrumented code (or, for the extension
#              module, would need the ASan runtime preloaded into python itself).
ASAN_EXCLUDE='^(package\.|wasm\.|tools\.|python\.)'

# The ThreadSanitizer runs: every test that starts threads.
TSAN_FILTER='Concurrency.*:NothingLost.*:Cli.*Jobs*:ScreenBatch.*:BatchRunner.*:ScreenManyFailure.*:LineEndings.*:CoreDump.*'

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

if [ "$which" = all ] || [ "$which" = asan ]; then
  echo "== AddressSanitizer + UndefinedBehaviorSanitizer (build-asan)"
  start=$SECONDS
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DTHRESHOLD_SANITIZE=address,undefined -DTHRESHOLD_BUILD_TESTS=ON -DTHRESHOLD_PYTHON= >/dev/null
  cmake --build build-asan -j "$jobs"
  echo "   built in $((SECONDS - start)) s"
  start=$SECONDS
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E "$ASAN_EXCLUDE"
  echo "   tests ran in $((SECONDS - start)) s"
fi

if [ "$which" = all ] || [ "$which" = tsan ]; then
  echo "== ThreadSanitizer (build-tsan)"
  start=$SECONDS
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
        -DTHRESHOLD_SANITIZE=thread -DTHRESHOLD_BUILD_TESTS=ON -DTHRESHOLD_INSTALL=OFF -DTHRESHOLD_PYTHON= >/dev/null
  cmake --build build-tsan -j "$jobs" --target threshold_tests threshold_cli
  echo "   built in $((SECONDS - start)) s"
  start=$SECONDS
  build-tsan/tests/threshold_tests --gtest_filter="$TSAN_FILTER" --gtest_brief=1
  echo "   tests ran in $((SECONDS - start)) s"
fi
