// Benchmarks of each stage on the same seeded synthetic cases: compiling the England pack,
// decoding case JSON, screening decoded facts (outcomes only, and the full screening), rendering
// the result JSON, and the whole pipeline. Run: build/benchmarks/threshold_benchmarks.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "threshold/threshold.h"

namespace {

using threshold::DecodeResult;
using threshold::Facts;
using threshold::Rules;
using threshold::Screening;
using threshold::ScreenOptions;

const Rules& BuiltinRules() {
  static const Rules rules = *Rules::Builtin().rules;
  return rules;
}

const std::vector<std::string>& CaseLines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    std::ifstream in(THRESHOLD_BENCH_CASES);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    if (out.empty()) std::cerr << "no cases in " << THRESHOLD_BENCH_CASES << "\n";
    return out;
  }();
  return lines;
}

const std::vector<Facts>& DecodedCases() {
  static const std::vector<Facts> facts = [] {
    std::vector<Facts> out;
    for (const std::string& line : CaseLines()) {
      DecodeResult decoded = BuiltinRules().Decode(line);
      if (decoded.ok()) out.push_back(*decoded.facts);
    }
    return out;
  }();
  return facts;
}

ScreenOptions Options(bool full) {
  ScreenOptions options;
  options.as_of = threshold::Date::FromYmd(2025, 6, 1);
  options.reasons = full;
  options.flags = full;
  options.relevance = full;
  options.why_not = full;
  return options;
}

void BM_CompileEnglandPack(benchmark::State& state) {
  for (auto _ : state) {
    threshold::CompileResult compiled = Rules::Builtin();
    benchmark::DoNotOptimize(compiled.rules);
  }
}
BENCHMARK(BM_CompileEnglandPack)->Unit(benchmark::kMillisecond);

void BM_DecodeJson(benchmark::State& state) {
  const auto& lines = CaseLines();
  DecodeResult decoded;
  size_t i = 0;
  for (auto _ : state) {
    BuiltinRules().Decode(lines[i++ % lines.size()], decoded);
    benchmark::DoNotOptimize(decoded.facts);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeJson);

void ScreenLoop(benchmark::State& state, const ScreenOptions& options) {
  const auto& cases = DecodedCases();
  Screening screening;
  size_t i = 0;
  for (auto _ : state) {
    BuiltinRules().Screen(cases[i++ % cases.size()], options, screening);
    benchmark::DoNotOptimize(screening.reviews.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ScreenOutcomesOnly(benchmark::State& state) { ScreenLoop(state, Options(false)); }
BENCHMARK(BM_ScreenOutcomesOnly);

void BM_ScreenOutcomesAndRelevance(benchmark::State& state) {
  ScreenOptions options = Options(false);
  options.relevance = true;
  ScreenLoop(state, options);
}
BENCHMARK(BM_ScreenOutcomesAndRelevance);

// The full screening: outcomes, possible outcomes, missing facts, reasons, deadlines, flags,
// advisories and the next question.
void BM_ScreenFull(benchmark::State& state) {
  ScreenOptions options = Options(true);
  options.why_not = false;
  ScreenLoop(state, options);
}
BENCHMARK(BM_ScreenFull);

// The same with the counterfactuals ("what would change it") as well.
void BM_ScreenFullWithWhyNot(benchmark::State& state) { ScreenLoop(state, Options(true)); }
BENCHMARK(BM_ScreenFullWithWhyNot);

void BM_WriteResultJson(benchmark::State& state) {
  const auto& cases = DecodedCases();
  Screening screening;
  BuiltinRules().Screen(cases[0], Options(true), screening);
  std::string out;
  for (auto _ : state) {
    out.clear();
    threshold::WriteJson(screening, BuiltinRules(), out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * out.size()));
}
BENCHMARK(BM_WriteResultJson);

void BM_DecodeScreenWriteOutcomes(benchmark::State& state) {
  const auto& lines = CaseLines();
  DecodeResult decoded;
  Screening screening;
  std::string out;
  ScreenOptions options = Options(false);
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    BuiltinRules().Decode(lines[i++ % lines.size()], decoded);
    if (decoded.ok()) {
      BuiltinRules().Screen(*decoded.facts, options, screening);
      threshold::WriteOutcomesJson(screening, out);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeScreenWriteOutcomes);

}  // namespace

BENCHMARK_MAIN();
