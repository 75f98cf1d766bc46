// Fuzzes the case decoder, Rules::Decode, with the built-in rules, on arbitrary bytes.
// Checks: nothing throws or crashes; a record is either decoded or has errors, never both; every
// error has an E4xx code, a JSON Pointer and a message that is valid UTF-8; decoded facts are in
// their declared ranges; and the DOM path (DecodeValue on the same record parsed by nlohmann)
// agrees with the streaming one whenever the record has no duplicate keys and is not too deep
// (those two stop or differ by design: the DOM keeps the last duplicate and walks keys sorted).
#include <algorithm>
#include <set>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "fuzz_common.h"
#include "threshold/rules.h"

namespace {

using threshold::CaseError;
using threshold::fuzz::IsCode;
using threshold::fuzz::ValidUtf8;

const threshold::Rules& BuiltinRules() {
  static const threshold::Rules rules = *threshold::Rules::Builtin().rules;
  return rules;
}

std::vector<std::tuple<std::string, std::string, std::string>> Sorted(const std::vector<CaseError>& errors) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const CaseError& e : errors) out.emplace_back(e.code, e.pointer, e.message);
  std::sort(out.begin(), out.end());
  return out;
}

void CheckResult(const threshold::Rules& rules, const threshold::DecodeResult& decoded) {
  FUZZ_CHECK(decoded.ok() == decoded.errors.empty());
  for (const CaseError& e : decoded.errors) {
    FUZZ_CHECK(IsCode(e.code, '4'));
    FUZZ_CHECK(e.pointer.empty() || e.pointer[0] == '/');
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(ValidUtf8(e.message));
    FUZZ_CHECK(ValidUtf8(e.pointer));
  }
  if (!decoded.ok()) return;
  const auto& info = rules.fact_info();
  const threshold::Facts& facts = *decoded.facts;
  FUZZ_CHECK(facts.values.size() == info.size());
  FUZZ_CHECK(facts.case_id == decoded.case_id);
  for (size_t f = 0; f < info.size(); ++f) {
    const threshold::FactValue& v = facts.values[f];
    if (!v.known) continue;
    FUZZ_CHECK(v.cell >= 0);
    if (info[f].type == "integer") FUZZ_CHECK(v.value >= info[f].min && v.value <= info[f].max);
    if (info[f].type == "boolean") FUZZ_CHECK(v.value == 0 || v.value == 1);
    if (info[f].type == "enum") FUZZ_CHECK(v.value >= 0 && v.value < static_cast<int64_t>(info[f].options.size()));
  }
}

// Whether any object in the text repeats a key (at any depth), by a SAX pass of its own.
class DuplicateFinder : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool found = false;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    keys_.emplace_back();
    return true;
  }
  bool key(string_t& key) override {
    found = found || !keys_.back().insert(key).second;
    return true;
  }
  bool end_object() override {
    keys_.pop_back();
    return true;
  }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

 private:
  std::vector<std::set<std::string>> keys_;
};

bool HasDuplicateKeys(std::string_view text) {
  DuplicateFinder finder;
  nlohmann::json::sax_parse(text.begin(), text.end(), &finder, nlohmann::json::input_format_t::json, true);
  return finder.found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const threshold::Rules& rules = BuiltinRules();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  threshold::DecodeResult decoded = rules.Decode(text);
  CheckResult(rules, decoded);

  // Decoding into a reused result gives the same answer.
  static threshold::DecodeResult reused;
  rules.Decode(text, reused);
  FUZZ_CHECK(Sorted(reused.errors) == Sorted(decoded.errors));
  FUZZ_CHECK(reused.case_id == decoded.case_id);

  // The decoder's own JSON reader (src/evaluate/json_reader.h) and nlohmann's parser agree on what
  // is JSON: a syntax error (E407) exactly when nlohmann refuses the text, except that nlohmann
  // stops at a NUL byte as at the end of the input, and that the decoder stops reading at 33
  // levels of nesting (E411) without looking further.
  bool nul = text.find('\0') != std::string_view::npos;
  auto has = [&](const char* code) {
    return std::any_of(decoded.errors.begin(), decoded.errors.end(), [&](const CaseError& e) { return e.code == code; });
  };
  nlohmann::json dom = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (has("E407") && !nul) FUZZ_CHECK(dom.is_discarded());
  if (dom.is_discarded()) {
    FUZZ_CHECK(has("E407") || has("E411"));
    return 0;
  }
  // A repeated key anywhere is refused by the streaming decoder (E410 for a field or object of
  // the record, E405 for an unknown one, or the error of the value it sits in); the DOM keeps only
  // the last of them, so such records are not comparable.
  bool duplicates = HasDuplicateKeys(text);
  if (duplicates) FUZZ_CHECK(!decoded.ok());
  if (nul) FUZZ_CHECK(has("E407") || has("E411"));
  bool comparable = !duplicates && !nul;
  for (const CaseError& e : decoded.errors) comparable = comparable && e.code != "E411";
  threshold::DecodeResult walked = rules.DecodeValue(dom);
  CheckResult(rules, walked);
  if (!comparable) return 0;
  FUZZ_CHECK(walked.ok() == decoded.ok());
  FUZZ_CHECK(Sorted(walked.errors) == Sorted(decoded.errors));
  if (decoded.ok()) {
    for (size_t f = 0; f < decoded.facts->values.size(); ++f) {
      FUZZ_CHECK(decoded.facts->values[f].known == walked.facts->values[f].known);
      FUZZ_CHECK(decoded.facts->values[f].value == walked.facts->values[f].value);
    }
  }
  return 0;
}
