// Fuzzes screening end to end, as `threshold screen` does it: an input file is split into records
// (cli/input.cc), and each record is decoded, screened with the built-in rules and rendered as the
// result JSON, the outcomes JSON and the text note.
// Checks: nothing throws or crashes; no record is lost (one record for a single JSON value, else
// one per line, except a broken pretty-printed object with no complete object on any line); every
// rendering is well formed (the JSON parses; the note is UTF-8); the result echoes the case_id.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "fuzz_common.h"
#include "threshold/rules.h"

namespace {

using threshold::fuzz::ValidUtf8;

const threshold::Rules& BuiltinRules() {
  static const threshold::Rules rules = *threshold::Rules::Builtin().rules;
  return rules;
}

// Lines end at LF, CR LF or a bare CR (docs/cli.md).
size_t CountLines(std::string_view text) {
  size_t lines = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++lines;
  }
  if (!text.empty() && text.back() != '\n' && text.back() != '\r') ++lines;
  return lines;
}

// Options vary with the input's length, so the corpus covers them without a control byte that
// would make seeds differ from real input files.
threshold::ScreenOptions Options(size_t size) {
  static const threshold::Date kDates[] = {*threshold::Date::FromYmd(2010, 1, 1), *threshold::Date::FromYmd(2019, 6, 1),
                                           *threshold::Date::FromYmd(2025, 6, 1), *threshold::Date::FromYmd(2031, 12, 31)};
  threshold::ScreenOptions options;
  options.as_of = kDates[size % 4];
  if (size % 5 == 0) options.rule_sets["dhr"] = "dardr_2024";
  if (size % 7 == 0) options.relevance = false;
  if (size % 11 == 0) options.reasons = false, options.why_not = false;
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const threshold::Rules& rules = BuiltinRules();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<threshold::cli::Record> records = threshold::cli::SplitRecords(text, "fuzz.jsonl");

  // Nothing lost.
  FUZZ_CHECK(!records.empty());
  if (records.size() != 1) FUZZ_CHECK(records.size() == CountLines(text));
  for (size_t i = 0; i < records.size(); ++i) {
    FUZZ_CHECK(records[i].text.data() >= text.data());
    FUZZ_CHECK(records[i].text.data() + records[i].text.size() <= text.data() + text.size());
    if (records.size() > 1) FUZZ_CHECK(records[i].line == static_cast<int>(i) + 1);
  }

  threshold::ScreenOptions options = Options(size);
  static threshold::DecodeResult decoded;
  static threshold::Screening screening;
  size_t limit = std::min<size_t>(records.size(), 16);
  for (size_t i = 0; i < limit; ++i) {
    rules.Decode(records[i].text, decoded);
    if (!decoded.ok()) continue;
    rules.Screen(*decoded.facts, options, screening);
    FUZZ_CHECK(screening.error.empty());
    std::string json;
    threshold::WriteJson(screening, rules, json);
    nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
    FUZZ_CHECK(!parsed.is_discarded());
    FUZZ_CHECK(parsed.is_object() && parsed.contains("case_id"));
    if (decoded.case_id) {
      FUZZ_CHECK(parsed["case_id"] == *decoded.case_id);
    } else {
      FUZZ_CHECK(parsed["case_id"].is_null());
    }
    std::string outcomes;
    threshold::WriteOutcomesJson(screening, outcomes);
    FUZZ_CHECK(!nlohmann::json::parse(outcomes, nullptr, false).is_discarded());
    FUZZ_CHECK(ValidUtf8(threshold::ToText(screening, rules)));
    threshold::RankQuestions(screening, rules);
  }
  return 0;
}
