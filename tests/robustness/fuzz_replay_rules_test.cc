// Replays fuzz/corpus/rules/ and tests/robustness/fuzz-regressions/rules/ through fuzz/fuzz_rules.cc
// (see fuzz_replay.h).
#include "robustness/fuzz_replay.h"

#define LLVMFuzzerTestOneInput FuzzReplayRulesOneInput
#include "../../fuzz/fuzz_rules.cc"
#undef LLVMFuzzerTestOneInput

namespace threshold::robustness {
namespace {

TEST(FuzzReplay, Rules) { Replay("rules", FuzzReplayRulesOneInput, 10); }

}  // namespace
}  // namespace threshold::robustness
