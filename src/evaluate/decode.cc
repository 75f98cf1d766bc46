// Decode: a case record (JSON) -> one value slot per declared fact, validated against the fact
// declarations. One event-driven decoder holds every rule; it is fed by the strict JSON reader of
// evaluate/json_reader.h when decoding text (no DOM is built, no string copied unless escaped)
// and by a walk over a nlohmann DOM for DecodeValue, so both paths accept and reject the same
// records with the same messages (fuzz/fuzz_decode.cc checks it; the DOM cannot hold a repeated
// key, so only the text path reports one). Every message names the field by JSON
// Pointer and never quotes its value: case records hold sensitive personal data.
// Stage: evaluate (input).
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "common/suggest.h"
#include "compile/program.h"
#include "evaluate/json_reader.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

using internal::FactDecl;
using internal::FactType;
using internal::Program;

// Deeper nesting than this is refused: no case record needs it, and it bounds the work and the
// memory a hostile record can demand.
constexpr size_t kMaxDepth = 32;

void AppendPointerToken(std::string& pointer, std::string_view key) {
  pointer += '/';
  // Almost every key needs no escaping. (A plain loop: find_first_of calls memchr per byte.)
  if (std::none_of(key.begin(), key.end(), [](char c) { return c == '~' || c == '/'; })) {
    pointer += key;
    return;
  }
  for (char c : key) {
    if (c == '~') pointer += "~0";
    else if (c == '/') pointer += "~1";
    else pointer += c;
  }
}

// A pointer as quoted in a message: whole up to 200 bytes, then cut (at a character boundary)
// with an ellipsis. The error's `pointer` stays whole; the message is for a person to read, and a
// hostile field name can be megabytes long.
std::string Abbreviated(std::string_view pointer) {
  constexpr size_t kLongest = 200;
  if (pointer.size() <= kLongest) return std::string(pointer);
  size_t cut = kLongest;
  while (cut > 0 && (static_cast<unsigned char>(pointer[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
  return std::string(pointer.substr(0, cut)) + "\u2026";
}

// Derived facts. Ages: when the birth date and one of the `on` dates are known, the age on that
// date, by the birthday rule, wins over an age given directly, except that an age given directly
// wins over one taken on a fallback date (a later `on` date: the age given is the age at the
// incident, the fallback only an assumption about it). Without the birth date, "else from AGE at
// DATE" carries an age known on DATE forward to the first `on` date by the whole years between
// (reported as the assumption `carried_age`: the age may be one more). Implied values ("derive no when
// subject.age given"): a fact that follows from another being given; given otherwise, it
// contradicts the record (E409).
void DeriveImplied(const internal::Model& model, Facts& facts, std::vector<CaseError>& errors, bool copies);

void DeriveFacts(const Program& program, Facts& facts, std::vector<CaseError>& errors) {
  const internal::Model& model = program.model;
  DeriveImplied(model, facts, errors, /*copies=*/true);
  for (size_t f = 0; f < model.facts.size(); ++f) {
    const FactDecl& fact = model.facts[f];
    if (fact.derive_from < 0) continue;
    const FactValue& birth = facts.values[fact.derive_from];
    int on_fact = -1;
    for (int candidate : fact.derive_on) {
      if (facts.values[candidate].known) {
        on_fact = candidate;
        break;
      }
    }
    if (!birth.known || on_fact < 0) {
      // Without the birth date: an age known on another date, carried forward by the whole years
      // since (the age then was this or one more). Never over an age given directly, never
      // backwards in time.
      if (birth.known || facts.values[f].known || fact.carry_age < 0 || fact.carry_date < 0) continue;
      const FactValue& age_then = facts.values[fact.carry_age];
      const FactValue& date_then = facts.values[fact.carry_date];
      const int target = fact.derive_on.front();
      if (!age_then.known || !date_then.known || !facts.values[target].known) continue;
      int years = AgeOn(Date::FromDays(static_cast<int32_t>(date_then.value)),
                        Date::FromDays(static_cast<int32_t>(facts.values[target].value)));
      if (years < 0) continue;  // the date is before the one the age is on: nothing to carry
      int64_t age = age_then.value + years;
      if (age < fact.min || age > fact.max) continue;
      // On the very date the age is given for, it is that age exactly (no birthday in between).
      bool same_day = date_then.value == facts.values[target].value;
      facts.values[f] = {age, true, -1, static_cast<int16_t>(same_day ? target : fact.carry_age)};
      continue;
    }
    const bool fallback = on_fact != fact.derive_on.front();
    if (fallback && facts.values[f].known) continue;
    int age = AgeOn(Date::FromDays(static_cast<int32_t>(birth.value)),
                    Date::FromDays(static_cast<int32_t>(facts.values[on_fact].value)));
    const std::string& pointer = model.facts[fact.derive_from].pointer;
    if (age < 0) {
      errors.push_back({"E409", pointer, "the date of birth is after " + model.facts[on_fact].pointer});
      continue;
    }
    if (age < fact.min || age > fact.max) {
      errors.push_back({"E402", pointer, "the age worked out from the date of birth is outside the range " +
                                             std::to_string(fact.min) + " to " + std::to_string(fact.max)});
      continue;
    }
    facts.values[f] = {age, true, -1, static_cast<int16_t>(on_fact)};
  }
  // Implied values last, so that a derived age implies them too (copies of another fact's value
  // came first, so that an age can be taken on them).
  DeriveImplied(model, facts, errors, /*copies=*/false);
}

// "derive VALUE when F [in {...}] ...": a fact that follows from another being given (with one of
// some values); given otherwise, it contradicts the record (E409). `copies`: only those whose value
// is another fact's ("derive incident_date when ..."), else only those with a fixed value.
void DeriveImplied(const internal::Model& model, Facts& facts, std::vector<CaseError>& errors, bool copies) {
  for (size_t f = 0; f < model.facts.size(); ++f) {
    const FactDecl& fact = model.facts[f];
    if ((fact.implied_copy >= 0) != copies) continue;
    if (!fact.implied_by.empty()) {
      for (size_t i = 0; i < fact.implied_by.size(); ++i) {
        int source = fact.implied_by[i];
        if (!facts.values[source].known) continue;
        uint64_t cells = fact.implied_cells[i];
        if (cells != 0 && !((cells >> model.facts[source].CellOf(facts.values[source].value)) & 1)) {
          continue;  // "when F in {...}": F has another value
        }
        FactValue& slot = facts.values[f];
        if (fact.implied_copy >= 0) {
          // A copy never overrides a value given, and needs the value it copies.
          if (!slot.known && facts.values[fact.implied_copy].known) {
            slot = {facts.values[fact.implied_copy].value, true, -1, static_cast<int16_t>(fact.implied_copy)};
          }
          break;
        }
        if (slot.known && slot.derived_from < 0 && slot.value != fact.implied_value) {
          errors.push_back({"E409", fact.pointer,
                            "contradicts " + model.facts[source].pointer + ", which is given (the rules derive " +
                                fact.pointer + " from it)"});
        } else {
          slot = {fact.implied_value, true, -1, static_cast<int16_t>(source)};
        }
        break;
      }
    }
  }
}


// Derives the derived facts, then records every known fact's cell (so that screening need not
// search the partitions again) and marks the facts prepared for this program. Leaves them
// unprepared when a derivation fails (the errors say why).
void CompleteFacts(const Program& program, Facts& facts, std::vector<CaseError>& errors) {
  size_t before = errors.size();
  facts.prepared_for = nullptr;
  DeriveFacts(program, facts, errors);
  if (errors.size() != before) return;
  const internal::Model& model = program.model;
  for (size_t f = 0; f < model.facts.size(); ++f) {
    FactValue& slot = facts.values[f];
    slot.cell = slot.known ? static_cast<int8_t>(model.facts[f].CellOf(slot.value)) : -1;
  }
  facts.prepared_for = &program;
}

class RecordDecoder {
 public:
  RecordDecoder(const Program& program, DecodeResult& result) : program_(program), result_(result) {
    result_.errors.clear();
    result_.case_id.reset();
    if (!result_.facts) result_.facts.emplace();
    facts_ = &*result_.facts;
    facts_->case_id.reset();
    facts_->prepared_for = nullptr;
    facts_->values.assign(program.model.facts.size(), FactValue{});
    seen_.assign(program.model.facts.size(), false);
    seen_objects_.assign(program.record_keys.size(), false);
  }

  // ---- Events ----

  bool StartObject() {
    if (!Enter()) return false;
    if (frames_.empty()) {  // the record itself
      frames_.push_back({Frame::kObject, 0, 0});
      return true;
    }
    Target target = TakeTarget();
    switch (target.kind) {
      case Target::kNode:
        frames_.push_back({Frame::kObject, target.index, pointer_.size()});
        return true;
      case Target::kFact:
        Fail("E401", pointer_, Expected(target.index) + ", found an object");
        break;
      case Target::kCaseId:
        Fail("E408", pointer_, "case_id must be a string, not an object");
        break;
      case Target::kSkip:
        break;
    }
    frames_.push_back({Frame::kSkip, 0, pointer_.size()});
    return true;
  }

  bool EndObject() {
    Leave();
    return true;
  }

  bool StartArray() {
    if (!Enter()) return false;
    if (frames_.empty()) {
      Fail("E406", "", "a case record must be a JSON object, not an array");
      frames_.push_back({Frame::kSkip, 0, 0});
      return true;
    }
    Target target = TakeTarget();
    if (target.kind == Target::kFact) Fail("E401", pointer_, Expected(target.index) + ", found an array");
    if (target.kind == Target::kNode) Fail("E401", pointer_, "expected an object, found an array");
    if (target.kind == Target::kCaseId) Fail("E408", pointer_, "case_id must be a string, not an array");
    frames_.push_back({Frame::kSkip, 0, pointer_.size()});
    return true;
  }

  bool EndArray() {
    Leave();
    return true;
  }

  bool Key(std::string_view key) {
    Frame& frame = frames_.back();
    pointer_.resize(frame.pointer_length);
    if (frame.kind == Frame::kSkip) {
      target_ = {Target::kSkip, 0};
      return true;
    }
    AppendPointerToken(pointer_, key);
    bool top = frames_.size() == 1;
    if (top && key == "case_id") {
      Claim(-1);
      target_ = {Target::kCaseId, 0};
      return true;
    }
    const internal::RecordKey& node = program_.record_keys[frame.node];
    int member = node.Find(key);
    if (member >= 0) {
      const internal::RecordKey& child = program_.record_keys[member];
      if (child.fact >= 0) {
        Claim(child.fact);
        target_ = {Target::kFact, child.fact};
      } else if (ClaimObject(member)) {
        target_ = {Target::kNode, member};
      } else {
        target_ = {Target::kSkip, 0};  // one error for the repeat, none for what it holds
      }
      return true;
    }
    if (top && key.find('.') != std::string_view::npos) {
      // A flat, dotted field name ("subject.age"), as tables and forms often produce.
      auto fact = program_.fact_by_path.find(key);
      if (fact != program_.fact_by_path.end()) {
        Claim(fact->second);
        target_ = {Target::kFact, fact->second};
        return true;
      }
    }
    if (!FieldNameIsShowable(key)) {
      // Not a field name: a headerless table's first row, free text. It may hold case data, so the
      // error names neither it nor anything like it: only where it is.
      std::string parent = pointer_.substr(0, frame.pointer_length);
      Fail("E405", parent,
           "an unknown field in " + (parent.empty() ? std::string("the record") : "'" + parent + "'") +
               " (its name is not shown: it is not a name of letters, digits, '_' and '.' starting with a letter, so it may hold case data)");
      target_ = {Target::kSkip, 0};
      return true;
    }
    std::vector<std::string_view> candidates;
    for (const auto& [name, index] : node.members) candidates.push_back(name);
    std::sort(candidates.begin(), candidates.end());  // the same suggestion on every platform
    if (top) candidates.push_back("case_id");
    std::string hint = common::Suggest(key, candidates);
    std::string parent = pointer_.substr(0, frame.pointer_length);
    std::string suggestion;
    if (!hint.empty()) {
      AppendPointerToken(parent, hint);
      suggestion = "; did you mean '" + parent + "'?";
    }
    Fail("E405", pointer_, "unknown field '" + Abbreviated(pointer_) + "'" + suggestion);
    target_ = {Target::kSkip, 0};
    return true;
  }

  bool Null() {
    if (frames_.empty()) return TopLevelNotObject("null");
    TakeTarget();  // null is unknown, whatever the field
    return true;
  }

  bool Bool(bool value) {
    if (frames_.empty()) return TopLevelNotObject("a boolean");
    Target target = TakeTarget();
    if (target.kind == Target::kFact) {
      const FactDecl& fact = program_.model.facts[target.index];
      if (fact.type == FactType::kBool) {
        Set(target.index, value ? 1 : 0);
      } else {
        Fail("E401", pointer_, Expected(target.index) + ", found a boolean");
      }
    } else {
      Mismatch(target, "a boolean");
    }
    return true;
  }

  bool Integer(int64_t value) {
    if (frames_.empty()) return TopLevelNotObject("an integer");
    Target target = TakeTarget();
    if (target.kind != Target::kFact) return Mismatch(target, "an integer");
    SetInteger(target.index, value, "an integer");
    return true;
  }

  bool Unsigned(uint64_t value) {
    if (value > static_cast<uint64_t>(INT64_MAX)) {
      if (frames_.empty()) return TopLevelNotObject("an integer");
      Target target = TakeTarget();
      if (target.kind != Target::kFact) return Mismatch(target, "an integer");
      const FactDecl& fact = program_.model.facts[target.index];
      if (fact.type == FactType::kInt) {
        Fail("E402", pointer_, RangeMessage(fact));
      } else {
        Fail("E401", pointer_, Expected(target.index) + ", found an integer");
      }
      return true;
    }
    return Integer(static_cast<int64_t>(value));
  }

  // `whole`: the number denotes a whole number exactly (a double alone cannot say: 1e-400 reads as
  // 0, and a person aged 1e-400 is not a newborn).
  bool Float(double value, bool whole) {
    if (frames_.empty()) return TopLevelNotObject("a number");
    Target target = TakeTarget();
    if (target.kind != Target::kFact) return Mismatch(target, whole ? "a number" : "a number with a fraction");
    const FactDecl& fact = program_.model.facts[target.index];
    if (fact.type == FactType::kInt && whole) {
      // A whole number written with a fraction or an exponent (17.0, 1.7e1) is still whole.
      if (std::isfinite(value) && std::fabs(value) < 9e15) {
        SetInteger(target.index, static_cast<int64_t>(value), "a number");
      } else {
        Fail("E402", pointer_, RangeMessage(fact));
      }
      return true;
    }
    Fail("E401", pointer_, Expected(target.index) + (whole ? ", found a number" : ", found a number with a fraction"));
    return true;
  }

  bool String(std::string_view text) {
    if (frames_.empty()) return TopLevelNotObject("a string");
    Target target = TakeTarget();
    if (target.kind == Target::kCaseId) {
      facts_->case_id = std::string(text);
      result_.case_id = facts_->case_id;
      return true;
    }
    if (target.kind != Target::kFact) return Mismatch(target, "a string");
    const FactDecl& fact = program_.model.facts[target.index];
    switch (fact.type) {
      case FactType::kDate: {
        std::optional<Date> date = Date::Parse(text);
        if (!date) {
          Fail("E403", pointer_, "not a valid date: expected a real calendar date written YYYY-MM-DD");
        } else {
          Set(target.index, date->days());
        }
        return true;
      }
      case FactType::kEnum: {
        auto it = std::find(fact.options.begin(), fact.options.end(), text);
        if (it == fact.options.end()) {
          std::string listing;
          for (const std::string& option : fact.options) listing += (listing.empty() ? "" : ", ") + option;
          Fail("E404", pointer_, "not one of the options (" + listing + ")");
        } else {
          Set(target.index, it - fact.options.begin());
        }
        return true;
      }
      case FactType::kText: {
        auto it = std::find(fact.text_constants.begin(), fact.text_constants.end(), text);
        Set(target.index, it - fact.text_constants.begin());
        return true;
      }
      default:
        Fail("E401", pointer_, Expected(target.index) + ", found a string");
        return true;
    }
  }

  bool SyntaxError(size_t byte) {
    result_.errors.clear();
    Fail("E407", "", "not valid JSON (syntax error at byte " + std::to_string(byte) + ")");
    syntax_error_ = true;
    return false;
  }

  // Completes the record: derived facts, then success or failure.
  void Finish() {
    if (result_.errors.empty()) CompleteFacts(program_, *facts_, result_.errors);
    if (!result_.errors.empty()) result_.facts.reset();
  }

 private:
  struct Frame {
    enum Kind { kObject, kSkip } kind;
    int node;               // kObject: index into Program::record_keys
    size_t pointer_length;  // the pointer of this object
  };
  struct Target {
    enum Kind { kFact, kNode, kCaseId, kSkip } kind;
    int index;
  };

  bool Enter() {
    if (frames_.size() >= kMaxDepth) {
      if (!too_deep_) {
        Fail("E411", pointer_, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
      }
      too_deep_ = true;
      return false;  // stops the parse: nothing deeper can be a valid record
    }
    return true;
  }

  void Leave() {
    frames_.pop_back();
    if (!frames_.empty()) pointer_.resize(frames_.back().pointer_length);
  }

  Target TakeTarget() {
    Target target = target_;
    target_ = {Target::kSkip, 0};
    return target;
  }

  bool TopLevelNotObject(const char* what) {
    Fail("E406", "", std::string("a case record must be a JSON object, not ") + what);
    return true;
  }

  bool Mismatch(const Target& target, const char* found) {
    if (target.kind == Target::kNode) Fail("E401", pointer_, std::string("expected an object, found ") + found);
    if (target.kind == Target::kCaseId) Fail("E408", pointer_, std::string("case_id must be a string, not ") + found);
    return true;
  }

  // A second value for the same field (duplicate keys) is an error, not silently the last one.
  void Claim(int fact) {
    if (fact < 0) {
      if (case_id_seen_) Fail("E410", pointer_, "the field appears more than once");
      case_id_seen_ = true;
      return;
    }
    if (seen_[fact]) Fail("E410", pointer_, "the field appears more than once");
    seen_[fact] = true;
  }

  // The same for an object of the record ({"subject": {...}, "subject": {...}}): merging the two
  // would guess at what the sender meant, and a reader that keeps only the last (as most JSON
  // libraries do, including the DOM behind DecodeValue) would see different facts.
  // Returns false for a repeat.
  bool ClaimObject(int node) {
    if (seen_objects_[node]) {
      Fail("E410", pointer_, "the field appears more than once");
      return false;
    }
    seen_objects_[node] = true;
    return true;
  }

  std::string Expected(int fact) const {
    switch (program_.model.facts[fact].type) {
      case FactType::kBool: return "expected true or false";
      case FactType::kInt: return "expected a whole number";
      case FactType::kDate: return "expected a date string (YYYY-MM-DD)";
      case FactType::kEnum: return "expected one of the options as a string";
      case FactType::kText: return "expected a string";
    }
    return "expected a value";
  }

  static std::string RangeMessage(const FactDecl& fact) {
    return "the number is outside the range " + std::to_string(fact.min) + " to " + std::to_string(fact.max);
  }

  void SetInteger(int index, int64_t value, const char* found) {
    const FactDecl& fact = program_.model.facts[index];
    if (fact.type != FactType::kInt) {
      Fail("E401", pointer_, Expected(index) + ", found " + found);
      return;
    }
    if (value < fact.min || value > fact.max) {
      Fail("E402", pointer_, RangeMessage(fact));
      return;
    }
    Set(index, value);
  }

  void Set(int index, int64_t value) { facts_->values[index] = {value, true}; }

  void Fail(const char* code, const std::string& pointer, std::string message) {
    result_.errors.push_back({code, pointer, std::move(message)});
  }

  const Program& program_;
  DecodeResult& result_;
  Facts* facts_ = nullptr;
  std::vector<bool> seen_;          // per fact
  std::vector<bool> seen_objects_;  // per Program::record_keys node
  bool case_id_seen_ = false;
  std::vector<Frame> frames_;
  std::string pointer_;
  Target target_{Target::kSkip, 0};
  bool syntax_error_ = false;
  bool too_deep_ = false;
};

// Feeds the reader's events (evaluate/json_reader.h) to the decoder.
class ReaderAdapter {
 public:
  explicit ReaderAdapter(RecordDecoder& decoder) : decoder_(decoder) {}
  bool Null() { return decoder_.Null(); }
  bool Bool(bool value) { return decoder_.Bool(value); }
  bool Integer(int64_t value) { return decoder_.Integer(value); }
  bool Unsigned(uint64_t value) { return decoder_.Unsigned(value); }
  bool Float(double value, bool whole) { return decoder_.Float(value, whole); }
  bool String(std::string_view value) { return decoder_.String(value); }
  bool Key(std::string_view key) { return decoder_.Key(key); }
  bool StartObject() { return decoder_.StartObject(); }
  bool EndObject() { return decoder_.EndObject(); }
  bool StartArray() { return decoder_.StartArray(); }
  bool EndArray() { return decoder_.EndArray(); }

 private:
  RecordDecoder& decoder_;
};

// Feeds a DOM to the decoder as the same events, depth first.
bool Walk(const nlohmann::json& value, RecordDecoder& decoder) {
  switch (value.type()) {
    case nlohmann::json::value_t::object:
      if (!decoder.StartObject()) return false;
      for (const auto& [key, member] : value.items()) {
        if (!decoder.Key(key) || !Walk(member, decoder)) return false;
      }
      return decoder.EndObject();
    case nlohmann::json::value_t::array:
      if (!decoder.StartArray()) return false;
      for (const auto& element : value) {
        if (!Walk(element, decoder)) return false;
      }
      return decoder.EndArray();
    case nlohmann::json::value_t::string: return decoder.String(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean: return decoder.Bool(value.get<bool>());
    case nlohmann::json::value_t::number_integer: return decoder.Integer(value.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: return decoder.Unsigned(value.get<uint64_t>());
    case nlohmann::json::value_t::number_float: {
      const double number = value.get<double>();
      return decoder.Float(number, std::isfinite(number) && number == std::floor(number));
    }
    default: return decoder.Null();
  }
}

}  // namespace

void Rules::Decode(std::string_view json_text, DecodeResult& out) const {
  RecordDecoder decoder(*program_, out);
  ReaderAdapter adapter(decoder);
  // Unescaped strings go here; one per thread, so decoding a stream of records reuses it.
  thread_local std::string scratch;
  evaluate::JsonReadResult read = evaluate::JsonReader<ReaderAdapter>::Read(json_text, adapter, scratch);
  // Only the position is reported: a message quoting the input could quote a fact.
  if (read.status == evaluate::JsonReadResult::kSyntaxError) decoder.SyntaxError(read.byte);
  decoder.Finish();
}

DecodeResult Rules::Decode(std::string_view json_text) const {
  DecodeResult result;
  Decode(json_text, result);
  return result;
}

bool Rules::Complete(Facts& facts, std::vector<CaseError>& errors) const {
  size_t before = errors.size();
  if (facts.values.size() != program_->model.facts.size()) {
    errors.push_back({"E406", "", "the facts do not have one slot per declared fact"});
    return false;
  }
  CompleteFacts(*program_, facts, errors);
  return errors.size() == before;
}

DecodeResult Rules::DecodeValue(const nlohmann::json& record) const {
  DecodeResult result;
  RecordDecoder decoder(*program_, result);
  Walk(record, decoder);
  decoder.Finish();
  return result;
}

bool FieldNameIsShowable(std::string_view name) {
  if (name.empty() || name.size() > kLongestShowableFieldName) return false;
  const char first = name.front();
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z') || first == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

}  // namespace threshold
