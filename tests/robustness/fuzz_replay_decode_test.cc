// Replays fuzz/corpus/decode/ and tests/robustness/fuzz-regressions/decode/ through fuzz/fuzz_decode.cc
// (see fuzz_replay.h).
#include "robustness/fuzz_replay.h"

#define LLVMFuzzerTestOneInput FuzzReplayDecodeOneInput
#include "../../fuzz/fuzz_decode.cc"
#undef LLVMFuzzerTestOneInput

namespace threshold::robustness {
namespace {

TEST(FuzzReplay, Decode) { Replay("decode", FuzzReplayDecodeOneInput, 10); }

}  // namespace
}  // namespace threshold::robustness
