// `threshold screen --jobs N` under a real memory limit (ulimit -v), end to end (issue 12,
// item 2): with a limit that one job survived, two jobs ended in std::terminate (exit 134, no
// record written, and a core dump if allowed) because a worker's bad_alloc was never caught.
// Now every job count survives a limit the work fits in, and a record too large for the limit
// stops the run cleanly: exit 2, a message that says how many records were written, and those
// results, in order. The same failures are injected deterministically in tests/cli/batch_test.cc.
// Skipped under sanitizers, which reserve terabytes of address space.
#include <string>

#include <gtest/gtest.h>

#include "robustness/child_process.h"
#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

class OutOfMemory : public ScratchTest {
 protected:
  void SetUp() override {
    if (kSanitized) GTEST_SKIP() << "an address-space limit cannot work under a sanitizer";
    ScratchTest::SetUp();
  }

  static std::string Record(int i) {
    return R"({"case_id":"c-)" + std::to_string(i) + R"(","subject":{"age":)" + std::to_string(i % 100) +
           R"(,"in_area":true},"incident_date":"2025-03-01","incident":{"died":true}})";
  }

  struct Screened {
    int exit_code;
    std::string out, err;
  };
  Screened Screen(const fs::path& input, int jobs, std::optional<rlim_t> limit) {
    Child child = Start({"screen", "--as-of", "2025-06-01", "--jobs", std::to_string(jobs), input.string()},
                        Temp(".out"), Temp(".err"), false, Limits{.address_space = limit, .core = std::nullopt});
    Ended ended = Wait(child);
    return {ended.exit_code(), ReadFile(Temp(".out")), ReadFile(Temp(".err"))};
  }

  static constexpr rlim_t kLimit = 100 << 20;  // 100 MB of address space
};

TEST_F(OutOfMemory, EveryJobCountSurvivesALimitTheWorkFitsIn) {
  // 3,000 results of 36 KB: 108 MB if they were buffered, as they were.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += Record(i) + "\n";
  fs::path input = WriteTemp("cases.jsonl", text);
  Screened expected = Screen(input, 1, std::nullopt);
  ASSERT_EQ(expected.exit_code, 0);
  for (int jobs : {1, 2, 4}) {
    Screened run = Screen(input, jobs, kLimit);
    EXPECT_EQ(run.exit_code, 0) << "jobs " << jobs << ": " << run.err;
    EXPECT_TRUE(run.out == expected.out) << "jobs " << jobs;
  }
}

TEST_F(OutOfMemory, RecordLargerThanTheLimitStopsTheRunCleanly) {
  // 500 records, one of 70 MB (refused by a 100 MB limit), and 500 more.
  std::string text;
  for (int i = 0; i < 500; ++i) text += Record(i) + "\n";
  std::string before = text;
  text += R"({"case_id":"huge","notes":")" + std::string(70 << 20, 'x') + "\"}\n";
  for (int i = 500; i < 1000; ++i) text += Record(i) + "\n";
  fs::path input = WriteTemp("cases.jsonl", text);
  text.clear();
  text.shrink_to_fit();
  Screened expected = Screen(WriteTemp("before.jsonl", before), 1, std::nullopt);
  ASSERT_EQ(expected.exit_code, 0);
  for (int jobs : {1, 2, 4}) {
    Screened run = Screen(input, jobs, kLimit);
    EXPECT_EQ(run.exit_code, 2) << "jobs " << jobs;
    EXPECT_EQ(run.err, "threshold: out of memory; stopped after writing the results of 500 records, in input "
                       "order; the records after them were not screened\n")
        << "jobs " << jobs;
    EXPECT_TRUE(run.out == expected.out) << "jobs " << jobs << ": " << run.out.size() << " bytes";
  }
}

}  // namespace
}  // namespace threshold::robustness
