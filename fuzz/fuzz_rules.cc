// Fuzzes the rule-file front end: Rules::Compile (parse, check, compile) on arbitrary text, with
// or without the England pack's other files, then - when the text compiles - the examples in it,
// screenings and every renderer. The first byte of the input chooses the role of the rest:
//
//   0       the text alone, with the pack's calendar (a self-contained pack; fast)
//   1       the text with pack.rules, vocabulary.rules and the calendar
//   2 - 9   the text in place of the pack's Nth rules file, in name order (boundaries, cspr, dhr,
//           pack, sar, vignettes, vignettes_contract_fields, vocabulary), beside the others
//   10      the text as one more rules file beside the whole pack
//   11      the text as the calendar (bank-holidays.txt), with pack, vocabulary and sar
//
// (the byte is taken modulo 12). fuzz/corpus/rules holds each pack file under each role it fits.
// Checks: nothing throws or crashes; the rules compile exactly when no error is reported; every
// diagnostic has a code and a position inside its file; messages are UTF-8 when the input is; the
// rendered diagnostics, result JSON, text note, schema and graphs of compiled rules are well formed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/examples.h"
#include "builtin/builtin_rules.h"
#include "compile/program.h"
#include "fuzz_common.h"
#include "threshold/rules.h"

namespace {

using threshold::RuleSource;
using threshold::fuzz::IsCode;
using threshold::fuzz::ValidUtf8;

const std::vector<RuleSource>& Pack() {
  static const std::vector<RuleSource> files = [] {
    std::vector<RuleSource> all;
    for (const auto& file : threshold::builtin::BuiltinRuleFiles()) {
      all.push_back({std::string(file.name), std::string(file.text)});
    }
    return all;
  }();
  return files;
}

const RuleSource* Find(const std::string& name) {
  for (const RuleSource& file : Pack()) {
    if (file.name == name) return &file;
  }
  return nullptr;
}

// pack.rules without its list of reviews, for the modes where the fuzz text stands in for the
// review files (the list would refuse every such pack with E313, and fuzzing would never compile).
RuleSource Unlisted(const RuleSource& file) {
  RuleSource copy = file;
  if (copy.name != "pack.rules") return copy;
  size_t at = copy.text.find("\n  reviews ");
  if (at != std::string::npos) copy.text.erase(at, copy.text.find('\n', at + 1) - at);
  return copy;
}

std::vector<RuleSource> Sources(unsigned mode, std::string text) {
  std::vector<RuleSource> sources;
  auto add = [&](const char* name) {
    if (const RuleSource* file = Find(name)) sources.push_back(Unlisted(*file));
  };
  std::vector<const RuleSource*> rules;
  for (const RuleSource& file : Pack()) {
    if (file.name.ends_with(".rules")) rules.push_back(&file);
  }
  if (mode == 0) {
    add("bank-holidays.txt");
    sources.push_back({"fuzz.rules", std::move(text)});
  } else if (mode == 1) {
    add("bank-holidays.txt");
    add("pack.rules");
    add("vocabulary.rules");
    sources.push_back({"fuzz.rules", std::move(text)});
  } else if (mode <= 9) {
    size_t replaced = (mode - 2) % rules.size();
    for (const RuleSource& file : Pack()) {
      if (&file == rules[replaced]) {
        sources.push_back({file.name, std::move(text)});
      } else {
        sources.push_back(file);
      }
    }
  } else if (mode == 10) {
    sources = Pack();
    sources.push_back({"zz_fuzz.rules", std::move(text)});
  } else {
    add("pack.rules");
    add("vocabulary.rules");
    add("sar.rules");
    sources.push_back({"bank-holidays.txt", std::move(text)});
  }
  return sources;
}

// A record giving every fact a value of its type, so screening walks known paths too.
std::string FullRecord(const threshold::Rules& rules) {
  nlohmann::json record = nlohmann::json::object();
  record["case_id"] = "fuzz";
  for (const threshold::FactInfo& fact : rules.fact_info()) {
    if (fact.derived) continue;
    nlohmann::json value;
    if (fact.type == "boolean") value = true;
    else if (fact.type == "integer") value = fact.min + (fact.max - fact.min) / 2;
    else if (fact.type == "date") value = "2024-02-29";
    else if (fact.type == "enum") value = fact.options.empty() ? "" : fact.options.back();
    else value = "text";
    record[fact.path] = value;  // flat, dotted keys are accepted
  }
  return record.dump();
}

void Exercise(const threshold::Rules& rules) {
  threshold::internal::ExampleReport report = threshold::internal::RunExamples(rules);
  FUZZ_CHECK(report.passed + report.failed == static_cast<int>(rules.program().model.examples.size()));

  FUZZ_CHECK(!rules.Schema().dump().empty());
  for (const auto& review : rules.program().model.reviews) {
    FUZZ_CHECK(!rules.Graph(review.id).empty());
  }
  for (const std::string& record : {std::string("{}"), FullRecord(rules)}) {
    threshold::DecodeResult decoded = rules.Decode(record);
    if (!decoded.ok()) continue;  // e.g. a fact path that is also another's parent
    threshold::ScreenOptions options;
    options.as_of = threshold::Date::FromYmd(2025, 6, 1);
    threshold::Screening screening = rules.Screen(*decoded.facts, options);
    std::string json;
    threshold::WriteJson(screening, rules, json);
    FUZZ_CHECK(!nlohmann::json::parse(json, nullptr, false).is_discarded());
    FUZZ_CHECK(ValidUtf8(threshold::ToText(screening, rules)));
    threshold::RankQuestions(screening, rules);
    for (const auto& review : rules.program().model.reviews) rules.Graph(review.id, {}, &screening);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  unsigned mode = data[0] % 12;
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  bool utf8 = ValidUtf8(text);
  std::vector<RuleSource> sources = Sources(mode, std::move(text));
  threshold::CompileResult result = threshold::Rules::Compile(sources);

  bool errors = false;
  for (const threshold::Diagnostic& d : result.diagnostics) {
    errors = errors || d.severity == threshold::Severity::kError;
    FUZZ_CHECK(IsCode(d.code, '1') || IsCode(d.code, '2') || IsCode(d.code, '3'));
    FUZZ_CHECK(!d.message.empty());
    if (utf8) FUZZ_CHECK(ValidUtf8(d.message));
    if (d.where.line > 0) {
      const RuleSource* file = nullptr;
      for (const RuleSource& s : result.sources) {
        if (s.name == d.where.file) file = &s;
      }
      FUZZ_CHECK(file != nullptr);
      FUZZ_CHECK(d.where.begin <= d.where.end);
      FUZZ_CHECK(d.where.begin <= file->text.size());
      FUZZ_CHECK(d.where.column >= 1);
    }
  }
  FUZZ_CHECK(result.ok() == !errors);
  // Each rendered diagnostic copies its source line, so a long line with thousands of diagnostics
  // costs their product; past 1000 diagnostics rendering is skipped to keep the fuzzer fast.
  if (result.diagnostics.size() <= 1000) {
    std::string rendered = result.FormatDiagnostics();
    if (utf8) FUZZ_CHECK(ValidUtf8(rendered));
  }
  if (result.ok()) Exercise(*result.rules);
  return 0;
}
