// Decode: a case record (JSON) -> one value slot per declared fact, validated against the fact
// declarations. Every message names the field by JSON Pointer and never quotes its value: case
// records hold sensitive personal data. Stage: evaluate (input).
#include <nlohmann/json.hpp>

#include "common/suggest.h"
#include "compile/program.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

using internal::FactDecl;
using internal::FactType;
using internal::Program;

// JSON Pointer escaping (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string EscapePointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

const char* JsonTypeName(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "an integer";
    case nlohmann::json::value_t::number_float: return "a number with a fraction";
    case nlohmann::json::value_t::null: return "null";
    default: return "an unsupported value";
  }
}

class Decoder {
 public:
  Decoder(const Program& program, DecodeResult& result) : program_(program), result_(result) {
    facts_.values.assign(program.model.facts.size(), FactValue{});
  }

  void Run(const nlohmann::json& record) {
    if (!record.is_object()) {
      Fail("E406", "", std::string("a case record must be a JSON object, not ") + JsonTypeName(record));
      return;
    }
    auto id = record.find("case_id");
    if (id != record.end()) {
      if (id->is_string()) {
        facts_.case_id = id->get<std::string>();
        result_.case_id = facts_.case_id;
      } else if (!id->is_null()) {
        Fail("E408", "/case_id", std::string("case_id must be a string, not ") + JsonTypeName(*id));
      }
    }
    Walk(record, 0, "", true);
    Derive();
    if (result_.errors.empty()) result_.facts = std::move(facts_);
  }

 private:
  void Fail(const char* code, std::string pointer, std::string message) {
    result_.errors.push_back({code, std::move(pointer), std::move(message)});
  }

  std::vector<std::string_view> Members(int key) const {
    std::vector<std::string_view> names;
    for (const auto& [name, index] : program_.record_keys[key].members) names.push_back(name);
    return names;
  }

  void Walk(const nlohmann::json& object, int key, const std::string& pointer, bool top) {
    const internal::RecordKey& node = program_.record_keys[key];
    for (const auto& [name, value] : object.items()) {
      std::string here = pointer + "/" + EscapePointerToken(name);
      if (top && name == "case_id") continue;
      auto member = node.members.find(name);
      if (member == node.members.end() && top && name.find('.') != std::string::npos) {
        // A flat, dotted field name ("subject.age"), as tables and forms often produce.
        int fact = program_.model.FindFact(name);
        if (fact >= 0) {
          DecodeFact(fact, value, here);
          continue;
        }
      }
      if (member == node.members.end()) {
        std::vector<std::string_view> candidates = Members(key);
        if (top) candidates.push_back("case_id");
        std::string hint = common::Suggest(name, candidates);
        Fail("E405", here,
             "unknown field '" + here + "'" +
                 (hint.empty() ? std::string()
                               : "; did you mean '" + pointer + "/" + EscapePointerToken(hint) + "'?"));
        continue;
      }
      const internal::RecordKey& child = program_.record_keys[member->second];
      if (child.fact >= 0) {
        DecodeFact(child.fact, value, here);
      } else if (value.is_object()) {
        Walk(value, member->second, here, false);
      } else if (!value.is_null()) {
        Fail("E401", here, std::string("expected an object, found ") + JsonTypeName(value));
      }
    }
  }

  void DecodeFact(int index, const nlohmann::json& value, const std::string& pointer) {
    const FactDecl& fact = program_.model.facts[index];
    FactValue& slot = facts_.values[index];
    if (value.is_null()) return;  // null means unknown
    switch (fact.type) {
      case FactType::kBool:
        if (!value.is_boolean()) {
          Fail("E401", pointer, std::string("expected true or false, found ") + JsonTypeName(value));
          return;
        }
        slot = {value.get<bool>() ? 1 : 0, true};
        return;
      case FactType::kInt: {
        int64_t number = 0;
        if (value.is_number_integer()) {
          if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
            Fail("E402", pointer, "the number is outside the range " + std::to_string(fact.min) + " to " + std::to_string(fact.max));
            return;
          }
          number = value.get<int64_t>();
        } else if (value.is_number_float()) {
          double d = value.get<double>();
          if (!(d == d) || d != static_cast<double>(static_cast<int64_t>(d)) || d > 9e15 || d < -9e15) {
            Fail("E401", pointer, "expected a whole number, found a number with a fraction");
            return;
          }
          number = static_cast<int64_t>(d);
        } else {
          Fail("E401", pointer, std::string("expected a whole number, found ") + JsonTypeName(value));
          return;
        }
        if (number < fact.min || number > fact.max) {
          Fail("E402", pointer,
               "the number is outside the range " + std::to_string(fact.min) + " to " + std::to_string(fact.max));
          return;
        }
        slot = {number, true};
        return;
      }
      case FactType::kDate: {
        if (!value.is_string()) {
          Fail("E401", pointer, std::string("expected a date string (YYYY-MM-DD), found ") + JsonTypeName(value));
          return;
        }
        std::optional<Date> date = Date::Parse(value.get_ref<const std::string&>());
        if (!date) {
          Fail("E403", pointer, "not a valid date: expected a real calendar date written YYYY-MM-DD");
          return;
        }
        slot = {date->days(), true};
        return;
      }
      case FactType::kEnum: {
        if (!value.is_string()) {
          Fail("E401", pointer, std::string("expected one of the options as a string, found ") + JsonTypeName(value));
          return;
        }
        const std::string& text = value.get_ref<const std::string&>();
        auto it = std::find(fact.options.begin(), fact.options.end(), text);
        if (it == fact.options.end()) {
          std::string listing;
          for (const std::string& option : fact.options) listing += (listing.empty() ? "" : ", ") + option;
          Fail("E404", pointer, "not one of the options (" + listing + ")");
          return;
        }
        slot = {it - fact.options.begin(), true};
        return;
      }
      case FactType::kText: {
        if (!value.is_string()) {
          Fail("E401", pointer, std::string("expected a string, found ") + JsonTypeName(value));
          return;
        }
        const std::string& text = value.get_ref<const std::string&>();
        auto it = std::find(fact.text_constants.begin(), fact.text_constants.end(), text);
        slot = {it - fact.text_constants.begin(), true};
        return;
      }
    }
  }

  // Derived ages: when both dates are known, the age on the second date, by the birthday rule,
  // wins over an age given directly.
  void Derive() {
    for (size_t f = 0; f < program_.model.facts.size(); ++f) {
      const FactDecl& fact = program_.model.facts[f];
      if (fact.derive_from < 0) continue;
      const FactValue& birth = facts_.values[fact.derive_from];
      int on_fact = -1;
      for (int candidate : fact.derive_on) {
        if (facts_.values[candidate].known) {
          on_fact = candidate;
          break;
        }
      }
      if (!birth.known || on_fact < 0) continue;
      const FactValue& on = facts_.values[on_fact];
      int age = AgeOn(Date::FromDays(static_cast<int32_t>(birth.value)),
                      Date::FromDays(static_cast<int32_t>(on.value)));
      const std::string& pointer = program_.model.facts[fact.derive_from].pointer;
      if (age < 0) {
        Fail("E409", pointer, "the date of birth is after " + program_.model.facts[on_fact].pointer);
        continue;
      }
      if (age < fact.min || age > fact.max) {
        Fail("E402", pointer, "the age worked out from the date of birth is outside the range " +
                                  std::to_string(fact.min) + " to " + std::to_string(fact.max));
        continue;
      }
      facts_.values[f] = {age, true};
    }
  }

  const Program& program_;
  DecodeResult& result_;
  Facts facts_;
};

}  // namespace

DecodeResult Rules::DecodeValue(const nlohmann::json& record) const {
  DecodeResult result;
  Decoder(*program_, result).Run(record);
  return result;
}

DecodeResult Rules::Decode(std::string_view json_text) const {
  DecodeResult result;
  nlohmann::json record;
  try {
    record = nlohmann::json::parse(json_text);
  } catch (const nlohmann::json::parse_error& error) {
    // nlohmann's message can quote the offending input; report only the position.
    result.errors.push_back({"E407", "", "not valid JSON (syntax error at byte " + std::to_string(error.byte) + ")"});
    return result;
  }
  Decoder(*program_, result).Run(record);
  return result;
}

}  // namespace threshold
