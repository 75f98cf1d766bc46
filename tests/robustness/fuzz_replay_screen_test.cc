// Replays fuzz/corpus/screen/ and tests/robustness/fuzz-regressions/screen/ through fuzz/fuzz_screen.cc
// (see fuzz_replay.h).
#include "robustness/fuzz_replay.h"

#define LLVMFuzzerTestOneInput FuzzReplayScreenOneInput
#include "../../fuzz/fuzz_screen.cc"
#undef LLVMFuzzerTestOneInput

namespace threshold::robustness {
namespace {

TEST(FuzzReplay, Screen) { Replay("screen", FuzzReplayScreenOneInput, 10); }

}  // namespace
}  // namespace threshold::robustness
