// Concurrency (docs/robustness.md): a compiled Rules is immutable and shared. Eight threads decode
// and screen different cases against one Rules at the same time, each rendering the result JSON
// and the text note, and every answer must equal the single-threaded one. Run under
// ThreadSanitizer by scripts/test-sanitizers.sh, this also proves the sharing free of data races
// (the lazily computed digest included). ScreenMany is checked the same way.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compile/program.h"
#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

constexpr int kThreads = 8;

// The case records: every example of the built-in rules with its as-of date, the example cases,
// and variants with facts removed so that undetermined paths are screened too.
struct Case {
  std::string record;
  ScreenOptions options;
};

std::vector<Case> Cases(const Rules& rules) {
  std::vector<Case> cases;
  for (const internal::ExampleDecl& example : rules.program().model.examples) {
    Case c;
    c.record = example.record.dump();
    c.options.as_of = example.as_of;
    for (const auto& [review, rule_set] : example.using_rule_sets) c.options.rule_sets[review] = rule_set;
    cases.push_back(c);
    // The same record with each top-level field removed in turn (more unknowns).
    for (const auto& [key, value] : example.record.items()) {
      nlohmann::json fewer = example.record;
      fewer.erase(key);
      cases.push_back({fewer.dump(), c.options});
    }
  }
  for (const auto& entry : fs::directory_iterator(fs::path(THRESHOLD_SOURCE_DIR) / "examples" / "cases")) {
    Case c;
    c.record = ReadFile(entry.path());
    c.options.as_of = Date::FromYmd(2025, 11, 1);
    cases.push_back(c);
  }
  // A few bad ones: decoding errors must be deterministic too.
  for (const char* bad : {"garbage", R"({"subject": {"age": 200}})", R"({"subject": {"agee": 1}})"}) {
    Case c;
    c.record = bad;
    c.options.as_of = Date::FromYmd(2025, 6, 1);
    cases.push_back(c);
  }
  return cases;
}

// Everything one case produces, as text.
std::string Render(const Rules& rules, const Case& c, DecodeResult& decoded, Screening& screening) {
  rules.Decode(c.record, decoded);
  if (!decoded.ok()) {
    std::string out = "error";
    for (const CaseError& e : decoded.errors) out += " " + e.code + " " + e.pointer + " " + e.message;
    return out;
  }
  rules.Screen(*decoded.facts, c.options, screening);
  std::string out;
  WriteJson(screening, rules, out);
  out += "\n" + ToText(screening, rules);
  WriteOutcomesJson(screening, out);
  for (const Question& q : RankQuestions(screening, rules)) out += std::string(q.fact) + ":" + q.why + "\n";
  return out;
}

TEST(Concurrency, EightThreadsScreeningOneSharedRulesAgreeWithOneThread) {
  // A fresh compile, so the first uses of its lazily built parts happen on the threads.
  CompileResult compiled = Rules::Builtin();
  ASSERT_TRUE(compiled.ok());
  const Rules rules = *compiled.rules;
  std::vector<Case> cases = Cases(Builtin());
  ASSERT_GT(cases.size(), 500u);

  std::vector<std::string> concurrent(cases.size());
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      DecodeResult decoded;
      Screening screening;
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();  // start together
      // Thread t takes cases t, t + 8, ...: different cases on every thread at once.
      for (size_t i = t; i < cases.size(); i += kThreads) concurrent[i] = Render(rules, cases[i], decoded, screening);
    });
  }
  for (std::thread& thread : threads) thread.join();

  DecodeResult decoded;
  Screening screening;
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_EQ(concurrent[i], Render(rules, cases[i], decoded, screening)) << "case " << i << ": " << cases[i].record;
  }
}

TEST(Concurrency, EightThreadsScreeningTheSameCaseAgree) {
  const Rules& rules = Builtin();
  std::vector<Case> cases = Cases(rules);
  const Case& one = cases[cases.size() / 2];
  DecodeResult decoded;
  Screening screening;
  std::string expected = Render(rules, one, decoded, screening);
  std::vector<std::string> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      DecodeResult d;
      Screening s;
      for (int round = 0; round < 20; ++round) got[t] = Render(rules, one, d, s);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

TEST(Concurrency, ScreenManyOnEightThreadsAgreesWithOneThread) {
  const Rules& rules = Builtin();
  std::vector<Case> cases = Cases(rules);
  std::vector<Facts> facts;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 6, 1);
  for (const Case& c : cases) {
    DecodeResult decoded = rules.Decode(c.record);
    if (decoded.ok()) facts.push_back(*decoded.facts);
  }
  ASSERT_GT(facts.size(), 500u);
  std::vector<Screening> many(facts.size()), single(facts.size());
  rules.ScreenMany(facts, options, many, kThreads);
  rules.ScreenMany(facts, options, single, 1);
  for (size_t i = 0; i < facts.size(); ++i) {
    std::string a, b;
    WriteJson(many[i], rules, a);
    WriteJson(single[i], rules, b);
    ASSERT_EQ(a, b) << "case " << i;
  }
}

TEST(Concurrency, CompilingOnEightThreadsAtOnce) {
  // Compiling is also pure: eight compiles at once give eight identical programs.
  std::vector<std::string> digests(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      CompileResult compiled = Rules::Builtin();
      digests[t] = compiled.ok() ? std::string(compiled.rules->digest()) : "failed";
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& digest : digests) EXPECT_EQ(digest, digests[0]);
  EXPECT_NE(digests[0], "failed");
}

}  // namespace
}  // namespace threshold::robustness
