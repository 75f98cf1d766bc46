// Proves that screening decoded facts does not allocate once its storage is warm: the global
// operator new is counted while a batch of cases is screened a second time with the same
// Screening. Covers outcomes only, the full screening, and the full screening with counterfactuals.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "compile/program.h"
#include "threshold/rules.h"

namespace {
std::atomic<long> g_allocations{0};
std::atomic<bool> g_counting{false};
}  // namespace

// GCC cannot see that these replacements pair malloc with free, and warns that free is called on
// memory from operator new (-Wmismatched-new-delete): a false positive for replaced operators.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

void* operator new(std::size_t size) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
// The nothrow forms too (std::stable_sort's temporary buffer uses them): every allocation that
// the replaced operator delete frees must come from malloc, or AddressSanitizer rightly reports a
// new/free mismatch.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept { return operator new(size, tag); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace threshold {
namespace {

long CountAllocationsWhileScreening(const Rules& rules, const std::vector<Facts>& cases, const ScreenOptions& options) {
  Screening screening;
  // Warm up: the storage grows to the largest case it has to hold.
  for (const Facts& facts : cases) rules.Screen(facts, options, screening);
  g_allocations = 0;
  g_counting = true;
  for (const Facts& facts : cases) rules.Screen(facts, options, screening);
  g_counting = false;
  return g_allocations.load();
}

class Allocation : public testing::Test {
 protected:
  void SetUp() override {
    CompileResult compiled = Rules::Builtin();
    ASSERT_TRUE(compiled.ok());
    rules_ = compiled.rules;
    for (const internal::ExampleDecl& example : rules_->program().model.examples) {
      DecodeResult decoded = rules_->DecodeValue(example.record);
      if (decoded.ok()) cases_.push_back(*decoded.facts);
    }
    ASSERT_GT(cases_.size(), 100u);
    options_.as_of = Date::FromYmd(2025, 6, 1);
  }
  std::optional<Rules> rules_;
  std::vector<Facts> cases_;
  ScreenOptions options_;
};

TEST_F(Allocation, OutcomesOnlyDoesNotAllocate) {
  options_.reasons = options_.flags = options_.relevance = options_.why_not = false;
  EXPECT_EQ(CountAllocationsWhileScreening(*rules_, cases_, options_), 0);
}

TEST_F(Allocation, FullScreeningDoesNotAllocate) {
  options_.why_not = false;
  EXPECT_EQ(CountAllocationsWhileScreening(*rules_, cases_, options_), 0);
}

TEST_F(Allocation, CounterfactualsDoNotAllocate) {
  EXPECT_EQ(CountAllocationsWhileScreening(*rules_, cases_, options_), 0);
}

TEST_F(Allocation, DecodingIntoWarmStorageAllocatesABoundedAmount) {
  // Decoding reuses the Facts' slots. It still allocates a little per record: nlohmann's SAX lexer
  // keeps a token buffer and a nesting stack per parse, and the decoder its own small stacks. This
  // pins that at a small constant, so a regression (a DOM, a copy per field) shows.
  DecodeResult decoded;
  std::string text = R"({"subject": {"age": 40, "in_area": true}, "incident": {"died": true}})";
  rules_->Decode(text, decoded);
  g_allocations = 0;
  g_counting = true;
  for (int i = 0; i < 100; ++i) rules_->Decode(text, decoded);
  g_counting = false;
  EXPECT_LE(g_allocations.load(), 100 * 12) << "decoding one record should allocate a few times at most";
}

TEST_F(Allocation, TheCounterCounts) {
  g_allocations = 0;
  g_counting = true;
  auto* p = new std::vector<int>(100);
  g_counting = false;
  delete p;
  EXPECT_GE(g_allocations.load(), 2);
}

}  // namespace
}  // namespace threshold
