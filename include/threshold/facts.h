// Facts: a case record decoded into one slot per declared fact. Each slot is known or unknown;
// absent and null fields are unknown. Decoding validates against the fact declarations.
#ifndef THRESHOLD_FACTS_H_
#define THRESHOLD_FACTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace threshold {

// One fact's value. Booleans are 0/1, integers themselves, dates days since 1970-01-01,
// options the option's index in its declaration, text an index into Facts::texts.
struct FactValue {
  int64_t value = 0;
  bool known = false;
  int8_t cell = -1;  // filled by Rules::Decode: which part of the fact's values the rules tell apart
  // How a known value came: -1, given in the record; otherwise worked out by Rules::Decode from that
  // fact (the date an age was taken on, or the fact whose presence implies this one's value).
  int16_t derived_from = -1;
};

// The decoded case record. Holds sensitive personal data: never log it.
struct Facts {
  std::optional<std::string> case_id;
  std::vector<FactValue> values;  // one per declared fact, in declaration order
  // The rules whose Decode filled the cells (an internal identity), or null. Facts built or changed
  // by hand leave it null (or reset it), and screening then works the cells out itself.
  const void* prepared_for = nullptr;
};

// A declared fact, as bindings and forms need it: Facts::values[i] belongs to fact_info()[i].
struct FactInfo {
  std::string path;      // "subject.age"
  std::string pointer;   // "/subject/age"
  std::string type;      // boolean, integer, date, text or enum
  int64_t min = 0, max = 0;  // integers
  std::vector<std::string> options, labels;  // enums
  std::string question, help;
  int sensitivity = 2;   // 1 low, 2 medium, 3 high
  bool derived = false;  // worked out from other facts when they are given (an age from a date of
                         // birth; a value implied by another fact being given)
};

// A problem with a case record: where (JSON Pointer) and what, never the value.
struct CaseError {
  std::string code;     // E4xx, catalogued in docs/diagnostics.md
  std::string pointer;  // e.g. "/subject/age"; "" for the whole record
  std::string message;
};

// Whether an unknown field's name may be quoted in an error message or pointer: ASCII letters,
// digits, '_' and '.', starting with a letter or '_', at most kLongestShowableFieldName bytes. Any other name (a headerless
// table's first row of data, free text) may hold case data: errors say where it is, not what it is.
// Every shell (CLI, Python, browser) applies this one rule.
inline constexpr size_t kLongestShowableFieldName = 64;
bool FieldNameIsShowable(std::string_view name);

struct DecodeResult {
  std::optional<Facts> facts;     // present when there were no errors (its storage is reused)
  std::optional<std::string> case_id;  // echoed even when decoding failed, if it was a string
  std::vector<CaseError> errors;
  bool ok() const { return facts.has_value(); }
};

}  // namespace threshold

#endif  // THRESHOLD_FACTS_H_
