// Rules::ScreenMany when screening a case throws (issue 12, item 2): its threads had no try/catch,
// so a throw on a worker (out of memory, in practice) was std::terminate for the whole host
// process, a case-management system or a Python kernel. The contract (include/threshold/rules.h):
// every thread is joined and the first exception is rethrown on the calling thread.
//
// Screen itself cannot be made to throw from outside, so the test drives ScreenMany's thread
// runner, internal::RunScreenMany (src/api/rules.cc), with a step that throws for chosen cases.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace threshold::internal {
// Defined in src/api/rules.cc; deliberately in no header.
void RunScreenMany(size_t count, int threads, const std::function<void(size_t)>& screen_one);
}  // namespace threshold::internal

namespace threshold {
namespace {

TEST(ScreenManyFailure, ThrowingCaseIsRethrownOnTheCallingThread) {
  for (int threads : {1, 2, 8}) {
    for (size_t failing : {size_t{0}, size_t{700}, size_t{1999}}) {
      SCOPED_TRACE("threads " + std::to_string(threads) + ", case " + std::to_string(failing));
      std::vector<std::atomic<int>> screened(2000);
      std::atomic<bool> returned{false};
      std::thread::id caller = std::this_thread::get_id();
      std::thread::id thrower;
      try {
        internal::RunScreenMany(screened.size(), threads, [&](size_t i) {
          EXPECT_FALSE(returned.load());  // nothing runs after ScreenMany returns
          if (i == failing) {
            thrower = std::this_thread::get_id();
            throw std::bad_alloc();
          }
          ++screened[i];
        });
        ADD_FAILURE() << "no exception";
      } catch (const std::bad_alloc&) {
        // The exception thrown on a worker, here.
      }
      returned = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a stray thread would show now
      for (size_t i = 0; i < screened.size(); ++i) EXPECT_LE(screened[i].load(), 1) << i;
      EXPECT_EQ(screened[failing].load(), 0);
      // The last case is on a worker thread: the failure did cross threads.
      if (threads > 1 && failing == 1999) {
        EXPECT_NE(thrower, caller);
      }
    }
  }
}

TEST(ScreenManyFailure, FirstExceptionWinsWhenSeveralThrow) {
  std::atomic<int> thrown{0};
  try {
    internal::RunScreenMany(4000, 4, [&](size_t i) {
      if (i % 1000 == 10) {
        ++thrown;
        throw std::runtime_error("case " + std::to_string(i));
      }
    });
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& error) {
    EXPECT_EQ(std::string(error.what()).rfind("case ", 0), 0u);
  }
  EXPECT_GE(thrown.load(), 1);
}

TEST(ScreenManyFailure, EveryCaseOnceWhenNothingThrows) {
  for (int threads : {0, 1, 3, 8}) {
    std::vector<std::atomic<int>> screened(1000);
    internal::RunScreenMany(screened.size(), threads, [&](size_t i) { ++screened[i]; });
    for (size_t i = 0; i < screened.size(); ++i) ASSERT_EQ(screened[i].load(), 1) << i;
  }
}

}  // namespace
}  // namespace threshold
