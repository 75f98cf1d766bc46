// Replays fuzzer inputs as regression tests: every seed in fuzz/corpus/<target>/ and every input
// in tests/robustness/fuzz-regressions/<target>/ (crashes the fuzzers found, kept after the fix)
// is run through the fuzz target's own code, compiled into the test binary with FUZZ_CHECK turned
// into a test failure. Include this, then the target's source with LLVMFuzzerTestOneInput renamed.
#ifndef THRESHOLD_TESTS_ROBUSTNESS_FUZZ_REPLAY_H_
#define THRESHOLD_TESTS_ROBUSTNESS_FUZZ_REPLAY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "robustness/robustness_util.h"

#define FUZZ_CHECK(condition)                                      \
  do {                                                             \
    if (!(condition)) ADD_FAILURE() << "check failed: " #condition; \
  } while (false)

namespace threshold::robustness {

// The inputs to replay for one target, in name order.
inline std::vector<fs::path> ReplayInputs(const std::string& target) {
  std::vector<fs::path> inputs;
  for (const fs::path& dir : {fs::path(THRESHOLD_SOURCE_DIR) / "fuzz" / "corpus" / target,
                              fs::path(THRESHOLD_SOURCE_DIR) / "tests" / "robustness" / "fuzz-regressions" / target}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().filename().string()[0] != '.' &&
          entry.path().filename() != "README.md") {
        inputs.push_back(entry.path());
      }
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

template <typename OneInput>
void Replay(const std::string& target, OneInput one_input, size_t at_least) {
  std::vector<fs::path> inputs = ReplayInputs(target);
  EXPECT_GE(inputs.size(), at_least);
  for (const fs::path& input : inputs) {
    SCOPED_TRACE(input.string());
    std::string data = ReadFile(input);
    one_input(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  }
}

}  // namespace threshold::robustness

#endif  // THRESHOLD_TESTS_ROBUSTNESS_FUZZ_REPLAY_H_
