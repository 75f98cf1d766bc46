// threshold._threshold: the native half of the Python package (the pure-Python facade is
// bindings/python/threshold). A thin shim over the public C++ API: it turns Python values into the
// library's inputs, releases the GIL while cases are screened, and turns results and diagnostics
// back into Python objects. Errors are raised as the classes of threshold/_errors.py, carrying
// codes, JSON Pointers and rule-file positions, never a case fact's value: case records hold
// sensitive personal data, and nothing here prints, logs or stores them. Stage: bindings.
//
// Two ways in:
//   - records (dicts or JSON texts): a dict is written as JSON text, its fields in their order, and
//     decoded by Rules::Decode, so results and errors are exactly the command line's for that line;
//   - a table (screen_columns, used for pandas DataFrames): each column is encoded straight into
//     the fact slots, column by column under the GIL; the cases are then screened with
//     Rules::ScreenMany on every core with the GIL released, in chunks; and the output columns are
//     built from the Screening structs, sharing one Python object per distinct string or tuple.
//     A row the fast encoder cannot vouch for is rebuilt as a JSON record and decoded by
//     Rules::Decode, so its errors are the command line's too.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <datetime.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <exception>
#include <set>
#include <thread>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "threshold/threshold.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace threshold::python {
namespace {

using nlohmann::json;
// Records are built in the order their fields are given, and decoded from JSON text: exactly what
// `threshold screen` does with the same record as a line of JSON (errors in the same order).
using ojson = nlohmann::ordered_json;

// ------------------------------------------------------------------------------------------------
// Errors: instances of the exception classes in threshold/_errors.py.

py::object ErrorClass(const char* name) { return py::module_::import("threshold._errors").attr(name); }

[[noreturn]] void Throw(const py::object& exception) {
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  throw py::error_already_set();
}

[[noreturn]] void RaiseOptions(const std::string& pointer, const std::string& message) {
  Throw(ErrorClass("OptionsError")(message, "pointer"_a = pointer));
}

py::dict CaseErrorDict(const CaseError& error) {
  return py::dict("code"_a = error.code, "pointer"_a = error.pointer, "message"_a = error.message);
}

py::list CaseErrorList(const std::vector<CaseError>& errors) {
  py::list list;
  for (const CaseError& error : errors) list.append(CaseErrorDict(error));
  return list;
}

py::object OptionalString(const std::optional<std::string>& text) {
  return text ? py::object(py::str(*text)) : py::object(py::none());
}

[[noreturn]] void RaiseCase(const std::vector<CaseError>& errors, const std::optional<std::string>& case_id) {
  const CaseError& first = errors.front();
  Throw(ErrorClass("CaseError")(first.message, "code"_a = first.code, "pointer"_a = first.pointer,
                                "errors"_a = CaseErrorList(errors), "case_id"_a = OptionalString(case_id)));
}

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

py::dict DiagnosticDict(const Diagnostic& d) {
  py::list notes;
  for (const DiagnosticNote& note : d.notes) {
    notes.append(py::dict("file"_a = note.where.file, "line"_a = note.where.line, "column"_a = note.where.column,
                          "message"_a = note.message));
  }
  return py::dict("severity"_a = SeverityName(d.severity), "code"_a = d.code, "message"_a = d.message,
                  "file"_a = d.where.file, "line"_a = d.where.line, "column"_a = d.where.column,
                  "notes"_a = notes);
}

py::list DiagnosticList(const std::vector<Diagnostic>& diagnostics) {
  py::list list;
  for (const Diagnostic& d : diagnostics) list.append(DiagnosticDict(d));
  return list;
}

// ------------------------------------------------------------------------------------------------
// Python values -> JSON. None, NaN, pandas.NA and NaT are null (unknown); dates and datetimes
// (pandas Timestamps included) become "YYYY-MM-DD", their calendar date; numpy scalars count as
// the Python values they stand for.

// A value that has no JSON form; `pointer` is filled in on the way out.
struct Unsupported {
  std::string pointer;
  std::string type;
};

std::string EscapePointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// What a Python scalar is, for both the JSON conversion and the column encoder.
enum class Kind { kMissing, kBool, kInt, kUnsigned, kFloat, kStr, kDate, kDict, kList, kOther };

struct Scalar {
  Kind kind = Kind::kOther;
  bool boolean = false;
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;  // kUnsigned: above INT64_MAX
  double number = 0;
  std::string_view text;  // kStr: valid while the object lives (unless `owned`)
  std::string owned;      // kStr made here (from a numpy datetime64); `text` is empty then
  std::string_view str() const { return owned.empty() ? text : std::string_view(owned); }
  int year = 0, month = 0, day = 0;
};

Scalar Classify(PyObject* o) {
  Scalar s;
  if (o == Py_None) {
    s.kind = Kind::kMissing;
  } else if (PyBool_Check(o)) {
    s.kind = Kind::kBool;
    s.boolean = o == Py_True;
  } else if (PyLong_Check(o)) {
    int overflow = 0;
    long long value = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0) {
      // Beyond int64, as a JSON parser reads it: unsigned up to 2^64, then a float.
      unsigned long long big = overflow > 0 ? PyLong_AsUnsignedLongLong(o) : 0;
      if (overflow > 0 && !PyErr_Occurred()) {
        s.kind = Kind::kUnsigned;
        s.unsigned_integer = big;
      } else {
        PyErr_Clear();
        s.kind = Kind::kFloat;
        s.number = PyLong_AsDouble(o);
        if (PyErr_Occurred()) {
          PyErr_Clear();
          s.number = overflow > 0 ? HUGE_VAL : -HUGE_VAL;
        }
      }
    } else {
      s.kind = Kind::kInt;
      s.integer = value;
    }
  } else if (PyFloat_Check(o)) {
    s.number = PyFloat_AS_DOUBLE(o);
    s.kind = std::isnan(s.number) ? Kind::kMissing : Kind::kFloat;
  } else if (PyUnicode_Check(o)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data == nullptr) {
      PyErr_Clear();  // lone surrogates: not representable as UTF-8
      s.kind = Kind::kOther;
    } else {
      s.kind = Kind::kStr;
      s.text = std::string_view(data, static_cast<size_t>(size));
    }
  } else {
    std::string_view type = Py_TYPE(o)->tp_name;
    // pandas.NA and pandas.NaT (NaT is a datetime subclass, so before PyDate_Check).
    if (EndsWith(type, "NAType") || EndsWith(type, "NaTType")) {
      s.kind = Kind::kMissing;
    } else if (PyDate_Check(o)) {
      s.kind = Kind::kDate;
      s.year = PyDateTime_GET_YEAR(o);
      s.month = PyDateTime_GET_MONTH(o);
      s.day = PyDateTime_GET_DAY(o);
    } else if (PyDict_Check(o)) {
      s.kind = Kind::kDict;
    } else if (PyList_Check(o) || PyTuple_Check(o)) {
      s.kind = Kind::kList;
    } else if (type.starts_with("numpy.")) {
      if (type == "numpy.bool" || type == "numpy.bool_") {
        s.kind = Kind::kBool;
        s.boolean = PyObject_IsTrue(o) == 1;
      } else if (type == "numpy.datetime64") {
        // str() is "NaT" or ISO 8601 with the date first, whatever the unit.
        py::str text = py::str(py::handle(o));
        std::string iso = text;
        if (iso == "NaT") {
          s.kind = Kind::kMissing;
        } else {
          s.kind = Kind::kStr;
          s.owned = iso.substr(0, 10);
        }
      } else if (type.starts_with("numpy.float") || type == "numpy.longdouble" || type == "numpy.half" ||
                 type == "numpy.single" || type == "numpy.double") {
        s.number = PyFloat_AsDouble(o);
        if (PyErr_Occurred()) {
          PyErr_Clear();
          s.kind = Kind::kOther;
        } else {
          s.kind = std::isnan(s.number) ? Kind::kMissing : Kind::kFloat;
        }
      } else if (PyIndex_Check(o)) {
        py::object index = py::reinterpret_steal<py::object>(PyNumber_Index(o));
        if (!index) {
          PyErr_Clear();
          s.kind = Kind::kOther;
        } else {
          return Classify(index.ptr());
        }
      }
    }
  }
  return s;
}

std::string DateText(int year, int month, int day) {
  std::optional<Date> date = Date::FromYmd(year, month, day);
  return date ? date->ToString() : std::string();
}

ojson ToJsonValue(PyObject* o, int depth = 0) {
  // Decode refuses records nested deeper than 32 levels (E411); this only bounds the recursion.
  if (depth > 256) throw Unsupported{"", "object nested too deeply"};
  Scalar s = Classify(o);
  switch (s.kind) {
    case Kind::kMissing: return nullptr;
    case Kind::kBool: return s.boolean;
    case Kind::kInt: return s.integer;
    case Kind::kUnsigned: return s.unsigned_integer;
    case Kind::kFloat: return s.number;
    case Kind::kStr: return std::string(s.str());
    case Kind::kDate: return DateText(s.year, s.month, s.day);
    case Kind::kDict: {
      ojson object = ojson::object();
      PyObject *key, *value;
      Py_ssize_t pos = 0;
      while (PyDict_Next(o, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) throw Unsupported{"", "dict key that is not a string"};
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(key, &size);
        if (data == nullptr) {
          PyErr_Clear();
          throw Unsupported{"", "dict key that is not valid Unicode"};
        }
        std::string name(data, static_cast<size_t>(size));
        try {
          object[name] = ToJsonValue(value, depth + 1);
        } catch (Unsupported& error) {
          error.pointer = "/" + EscapePointerToken(name) + error.pointer;
          throw;
        }
      }
      return object;
    }
    case Kind::kList: {
      ojson array = ojson::array();
      py::sequence items = py::reinterpret_borrow<py::sequence>(o);
      for (size_t i = 0; i < items.size(); ++i) {
        try {
          array.push_back(ToJsonValue(items[i].ptr(), depth + 1));
        } catch (Unsupported& error) {
          error.pointer = "/" + std::to_string(i) + error.pointer;
          throw;
        }
      }
      return array;
    }
    case Kind::kOther: break;
  }
  throw Unsupported{"", std::string("Python '") + Py_TYPE(o)->tp_name + "'"};
}

CaseError UnsupportedError(const Unsupported& error) {
  return {"E401", error.pointer,
          "expected a JSON value (None, bool, int, float, str, date, list or dict), found a " + error.type};
}

[[noreturn]] void RaiseUnsupported(const Unsupported& error) { RaiseCase({UnsupportedError(error)}, std::nullopt); }

// Decodes one record: JSON text, or a Python mapping converted to JSON.
DecodeResult DecodeRecord(const Rules& rules, const py::handle& record) {
  if (PyUnicode_Check(record.ptr())) {
    std::string text = py::cast<std::string>(record);
    py::gil_scoped_release release;
    return rules.Decode(text);
  }
  std::string text;
  try {
    text = ToJsonValue(record.ptr()).dump();
  } catch (const Unsupported& error) {
    RaiseUnsupported(error);
  }
  py::gil_scoped_release release;
  return rules.Decode(text);
}

// JSON text -> Python objects, by the standard library's C parser (keeps the contract's order).
py::object JsonLoads(const std::string& text) {
  static py::object* loads = new py::object(py::module_::import("json").attr("loads"));  // never freed
  return (*loads)(py::str(text));
}

// ------------------------------------------------------------------------------------------------
// The column encoder: Python values straight into fact slots, with exactly Decode's rules. Built
// once per Rules from the public fact descriptors (fact_info()); what they do not say (the dates a
// derived age is worked out from, the slot values of text facts) is learned by asking
// DecodeValue itself (Encoder::Learn, Encoder::TextValue).

// The descriptors of the facts, one per slot of Facts::values. fact_info() is documented to have
// exactly one per slot; it is cut to the slot count that Decode gives, so that a longer list (as a
// compiler bug once produced) cannot shift the slots.
std::span<const FactInfo> FactInfos(const Rules& rules) {
  DecodeResult empty = rules.DecodeValue(json::object());
  size_t slots = empty.ok() ? empty.facts->values.size() : rules.fact_info().size();
  return std::span<const FactInfo>(rules.fact_info().data(), std::min(slots, rules.fact_info().size()));
}

enum class FactType { kBool, kInt, kDate, kText, kEnum };

enum State : uint8_t {
  kUnknown = 0,  // absent or null: leave the slot as it is
  kKnown = 1,
  kBad = 2,  // not a valid value: the row is decoded again by Rules::Decode, for its errors
};

struct FactCodec {
  FactType type = FactType::kBool;
  std::string path;
  int64_t min = 0, max = 0;
  std::vector<std::string> options;
  std::unordered_map<std::string, int64_t> texts;  // text slot values, learned from DecodeValue
};

// A derived age: worked out from a date of birth on the first known of some dates.
struct Derivation {
  int fact = -1;
  int from = -1;
  std::vector<int> on;
};

struct Encoder {
  std::vector<FactCodec> facts;
  std::vector<Derivation> derived;
  // False when what DecodeValue showed of a derivation could not be pinned down: then every row
  // is decoded by Decode (slower, still exact).
  bool exact = true;
  std::unordered_map<std::string, int> by_path;
  std::set<std::string> objects;  // top-level keys that hold nested objects ("subject", ...)

  // The value of a text fact's slot for `text`: an index into the rules' text constants, which
  // only DecodeValue knows; learned once per distinct text.
  int64_t TextValue(const Rules& rules, int fact, std::string_view text) {
    FactCodec& codec = facts[fact];
    auto it = codec.texts.find(std::string(text));
    if (it != codec.texts.end()) return it->second;
    json record = json::object();
    record[codec.path] = std::string(text);
    DecodeResult decoded = rules.DecodeValue(record);
    int64_t value = decoded.ok() ? decoded.facts->values[fact].value : 0;
    codec.texts.emplace(std::string(text), value);
    return value;
  }

  // Learns which date facts each derived fact is worked out from, and in which order its "on"
  // dates are tried, by decoding small probe records (dates only: no case data is involved).
  void Learn(const Rules& rules) {
    std::vector<int> dates;
    for (size_t f = 0; f < facts.size(); ++f) {
      if (facts[f].type == FactType::kDate) dates.push_back(static_cast<int>(f));
    }
    std::span<const FactInfo> info = FactInfos(rules);
    auto age_from = [&](int g, const std::vector<std::pair<int, std::string>>& given) -> std::optional<int64_t> {
      json record = json::object();
      for (const auto& [fact, date] : given) record[facts[fact].path] = date;
      DecodeResult decoded = rules.DecodeValue(record);
      if (!decoded.ok() || !decoded.facts->values[g].known) return std::nullopt;
      return decoded.facts->values[g].value;
    };
    for (size_t g = 0; g < info.size(); ++g) {
      if (!info[g].derived) continue;
      Derivation derivation;
      derivation.fact = static_cast<int>(g);
      // Ages inside the fact's range, 1 apart, so that the on-date that won can be told.
      int64_t base = std::clamp<int64_t>(10, facts[g].min, std::max(facts[g].min, facts[g].max - 1));
      std::string birth = "1900-01-01";
      auto on_date = [&](int64_t years) { return std::to_string(1900 + years) + "-06-01"; };
      std::set<int> froms;
      for (int b : dates) {
        for (int o : dates) {
          if (o == b) continue;
          std::optional<int64_t> age = age_from(static_cast<int>(g), {{b, birth}, {o, on_date(base)}});
          if (age && *age == base) {
            froms.insert(b);
            if (std::find(derivation.on.begin(), derivation.on.end(), o) == derivation.on.end()) {
              derivation.on.push_back(o);
            }
          }
        }
      }
      if (froms.size() != 1 || derivation.on.empty()) {
        exact = false;
        continue;
      }
      derivation.from = *froms.begin();
      // First known wins: a comes before b if, with both given, a's date is the one used.
      bool consistent = true;
      std::stable_sort(derivation.on.begin(), derivation.on.end(), [&](int a, int b) {
        if (a == b) return false;
        std::optional<int64_t> age =
            age_from(static_cast<int>(g), {{derivation.from, birth}, {a, on_date(base)}, {b, on_date(base + 1)}});
        if (!age) consistent = false;
        return age && *age == base;
      });
      if (!consistent) exact = false;
      derived.push_back(std::move(derivation));
    }
  }

  static std::unique_ptr<Encoder> Make(const Rules& rules) {
    auto encoder = std::make_unique<Encoder>();
    for (const FactInfo& info : FactInfos(rules)) {
      FactCodec codec;
      codec.path = info.path;
      codec.min = info.min;
      codec.max = info.max;
      codec.options = info.options;
      if (info.type == "boolean") codec.type = FactType::kBool;
      else if (info.type == "integer") codec.type = FactType::kInt;
      else if (info.type == "date") codec.type = FactType::kDate;
      else if (info.type == "text") codec.type = FactType::kText;
      else if (info.type == "enum") codec.type = FactType::kEnum;
      else encoder->exact = false;
      encoder->by_path.emplace(info.path, static_cast<int>(encoder->facts.size()));
      size_t dot = info.path.find('.');
      if (dot != std::string::npos) encoder->objects.insert(info.path.substr(0, dot));
      encoder->facts.push_back(std::move(codec));
    }
    encoder->Learn(rules);
    return encoder;
  }

  // Encodes one Python value for fact `f`.
  State Encode(const Rules& rules, int f, PyObject* o, int64_t& out) {
    Scalar s = Classify(o);
    if (s.kind == Kind::kMissing) return kUnknown;
    FactCodec& codec = facts[f];
    switch (codec.type) {
      case FactType::kBool:
        if (s.kind != Kind::kBool) return kBad;
        out = s.boolean ? 1 : 0;
        return kKnown;
      case FactType::kInt:
        return EncodeInt(codec, s, out);
      case FactType::kDate: {
        std::optional<Date> date;
        if (s.kind == Kind::kStr) date = Date::Parse(s.str());
        else if (s.kind == Kind::kDate) date = Date::FromYmd(s.year, s.month, s.day);
        if (!date) return kBad;
        out = date->days();
        return kKnown;
      }
      case FactType::kEnum: {
        if (s.kind != Kind::kStr) return kBad;
        for (size_t i = 0; i < codec.options.size(); ++i) {
          if (codec.options[i] == s.str()) {
            out = static_cast<int64_t>(i);
            return kKnown;
          }
        }
        return kBad;
      }
      case FactType::kText:
        if (s.kind != Kind::kStr) return kBad;
        out = TextValue(rules, f, s.str());
        return kKnown;
    }
    return kBad;
  }

  static State EncodeInt(const FactCodec& codec, const Scalar& s, int64_t& out) {
    int64_t number = 0;
    if (s.kind == Kind::kInt) {
      number = s.integer;
    } else if (s.kind == Kind::kFloat) {
      double d = s.number;
      if (!std::isfinite(d) || d != std::floor(d) || std::fabs(d) >= 9e15) return kBad;
      number = static_cast<int64_t>(d);
    } else {
      return kBad;
    }
    if (number < codec.min || number > codec.max) return kBad;
    out = number;
    return kKnown;
  }
};

// ------------------------------------------------------------------------------------------------
// The compiled rules as Python sees them.

class PyRules {
 public:
  explicit PyRules(CompileResult compiled)
      : rules_(std::move(*compiled.rules)),
        diagnostics_(std::move(compiled.diagnostics)),
        sources_(std::move(compiled.sources)),
        fact_count_(FactInfos(rules_).size()) {
    Facts empty = EmptyFacts();
    ScreenOptions outline{.as_of = Date(), .rule_sets = {}, .reasons = false, .relevance = false, .why_not = false};
    Screening screening = rules_.Screen(empty, outline);
    for (const ReviewResult& review : screening.reviews) reviews_.emplace_back(review.id);
  }

  static PyRules FromCompile(CompileResult compiled) {
    if (!compiled.ok()) {
      Throw(ErrorClass("RuleError")(compiled.FormatDiagnostics(),
                                    "diagnostics"_a = DiagnosticList(compiled.diagnostics)));
    }
    return PyRules(std::move(compiled));
  }

  const Rules& rules() const { return rules_; }
  const std::vector<std::string>& reviews() const { return reviews_; }
  size_t fact_count() const { return fact_count_; }

  Facts EmptyFacts() const {
    Facts facts;
    facts.values.assign(fact_count_, FactValue{});
    return facts;
  }

  // Checks and builds the screening options. `as_of` is "YYYY-MM-DD" or None (today).
  ScreenOptions Options(const std::optional<std::string>& as_of,
                        const std::optional<std::map<std::string, std::string>>& rule_sets) const {
    ScreenOptions options;
    if (as_of) {
      options.as_of = Date::Parse(*as_of);
      if (!options.as_of) RaiseOptions("/as_of", "as_of must be a real date written YYYY-MM-DD");
    }
    if (rule_sets) {
      Facts empty = EmptyFacts();
      for (const auto& [review, rule_set] : *rule_sets) {
        std::string pointer = "/rule_sets/" + EscapePointerToken(review);
        if (std::find(reviews_.begin(), reviews_.end(), review) == reviews_.end()) {
          RaiseOptions(pointer, "there is no review '" + review + "'");
        }
        ScreenOptions probe{.as_of = Date(), .rule_sets = {{review, rule_set}}, .reasons = false,
                            .relevance = false, .why_not = false};
        if (!rules_.Screen(empty, probe).error.empty()) {
          RaiseOptions(pointer, "there is no rule set '" + rule_set + "' for review '" + review + "'");
        }
        options.rule_sets[review] = rule_set;
      }
    }
    return options;
  }

  Facts DecodeOrRaise(const py::handle& record) const {
    DecodeResult decoded = DecodeRecord(rules_, record);
    if (!decoded.ok()) RaiseCase(decoded.errors, decoded.case_id);
    return std::move(*decoded.facts);
  }

  Encoder& encoder() {
    if (!encoder_) encoder_ = Encoder::Make(rules_);
    return *encoder_;
  }

  std::string FormatDiagnostics() const { return threshold::FormatDiagnostics(diagnostics_, sources_); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  Rules rules_;
  std::vector<Diagnostic> diagnostics_;  // warnings (usable rules have no errors)
  std::vector<RuleSource> sources_;
  size_t fact_count_ = 0;
  std::vector<std::string> reviews_;
  std::unique_ptr<Encoder> encoder_;  // built on first use, under the GIL
};

using OptionalDate = std::optional<std::string>;
using OptionalRuleSets = std::optional<std::map<std::string, std::string>>;

py::object Screen(PyRules& self, const py::handle& record, const OptionalDate& as_of, const OptionalRuleSets& rule_sets,
                  bool why_not) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  options.why_not = why_not;
  Facts facts = self.DecodeOrRaise(record);
  std::string text;
  {
    py::gil_scoped_release release;
    Screening screening = self.rules().Screen(facts, options);
    WriteJson(screening, self.rules(), text);
  }
  return JsonLoads(text);
}

std::string Explain(PyRules& self, const py::handle& record, const OptionalDate& as_of,
                    const OptionalRuleSets& rule_sets) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  Facts facts = self.DecodeOrRaise(record);
  py::gil_scoped_release release;
  return ToText(self.rules().Screen(facts, options), self.rules());
}

// The ranked questions, in the shape of `threshold questions --format json`.
py::list Questions(PyRules& self, const py::handle& record, const OptionalDate& as_of,
                   const OptionalRuleSets& rule_sets) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  options.why_not = false;
  Facts facts = self.DecodeOrRaise(record);
  Screening screening;
  std::vector<Question> questions;
  {
    py::gil_scoped_release release;
    screening = self.rules().Screen(facts, options);
    questions = RankQuestions(screening, self.rules());
  }
  std::span<const FactInfo> info = FactInfos(self.rules());
  py::list list;
  for (const Question& q : questions) {
    py::list reviews;
    for (std::string_view review : q.reviews) reviews.append(py::str(review.data(), review.size()));
    py::dict item("fact"_a = py::str(q.fact.data(), q.fact.size()),
                  "question"_a = py::str(q.question.data(), q.question.size()),
                  "type"_a = py::str(q.type.data(), q.type.size()), "reviews"_a = reviews, "why"_a = q.why);
    if (!q.help.empty()) item["help"] = py::str(q.help.data(), q.help.size());
    for (const FactInfo& fact : info) {
      if (fact.path != q.fact || fact.type != "enum") continue;
      py::list opts;
      for (size_t i = 0; i < fact.options.size(); ++i) {
        opts.append(py::dict("value"_a = fact.options[i], "label"_a = i < fact.labels.size() ? fact.labels[i] : ""));
      }
      item["options"] = opts;
    }
    list.append(item);
  }
  return list;
}

std::string Graph(PyRules& self, const std::string& review, const std::string& rule_set, const py::object& record,
                  const OptionalDate& as_of, const OptionalRuleSets& rule_sets) {
  const std::vector<std::string>& reviews = self.reviews();
  if (std::find(reviews.begin(), reviews.end(), review) == reviews.end()) {
    RaiseOptions("/review", "there is no review '" + review + "'");
  }
  std::optional<Screening> screening;
  if (!record.is_none()) {
    ScreenOptions options = self.Options(as_of, rule_sets);
    options.why_not = false;
    Facts facts = self.DecodeOrRaise(record);
    py::gil_scoped_release release;
    screening = self.rules().Screen(facts, options);
  }
  std::string dot = self.rules().Graph(review, rule_set, screening ? &*screening : nullptr);
  if (dot.empty()) RaiseOptions("/rule_set", "review '" + review + "' has no rule set '" + rule_set + "'");
  return dot;
}

// Screens many records (dicts or JSON texts); returns a JSON array text with one result or error
// object per record, in order. Records are turned into JSON text under the GIL, a chunk at a time;
// decoding and screening run without it.
std::string ScreenRecords(PyRules& self, const py::sequence& records, const OptionalDate& as_of,
                          const OptionalRuleSets& rule_sets, bool why_not, int threads) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  options.why_not = why_not;
  size_t n = records.size();
  constexpr size_t kChunk = 4096;
  std::vector<std::string> texts;
  std::vector<std::optional<CaseError>> conversion;
  std::vector<DecodeResult> decoded;
  std::vector<Facts> facts;
  std::vector<Screening> screenings;
  std::string out = "[";
  for (size_t begin = 0; begin < n; begin += kChunk) {
    size_t count = std::min(kChunk, n - begin);
    texts.assign(count, std::string());
    conversion.assign(count, std::nullopt);
    for (size_t j = 0; j < count; ++j) {
      py::object record = records[begin + j];
      try {
        texts[j] = PyUnicode_Check(record.ptr()) ? py::cast<std::string>(record) : ToJsonValue(record.ptr()).dump();
      } catch (const Unsupported& error) {
        conversion[j] = UnsupportedError(error);
      }
    }
    py::gil_scoped_release release;
    decoded.resize(count);
    facts.resize(count);
    screenings.resize(count);
    for (size_t j = 0; j < count; ++j) {
      decoded[j] = DecodeResult{};
      if (conversion[j]) {
        decoded[j].errors.push_back(*conversion[j]);
      } else {
        self.rules().Decode(texts[j], decoded[j]);
      }
      facts[j] = decoded[j].ok() ? std::move(*decoded[j].facts) : self.EmptyFacts();
    }
    self.rules().ScreenMany(std::span<const Facts>(facts.data(), count), options,
                            std::span<Screening>(screenings.data(), count), threads);
    for (size_t j = 0; j < count; ++j) {
      if (begin + j > 0) out += ",";
      if (decoded[j].ok()) {
        WriteJson(screenings[j], self.rules(), out);
        continue;
      }
      // The command line's error line, without its "input" (there is no file).
      ojson errors = ojson::array();
      for (const CaseError& error : decoded[j].errors) {
        errors.push_back({{"code", error.code}, {"pointer", error.pointer}, {"message", error.message}});
      }
      ojson line = ojson::object();
      line["case_id"] = decoded[j].case_id ? ojson(*decoded[j].case_id) : ojson(nullptr);
      line["error"] = errors.empty() ? ojson(nullptr) : errors[0];
      line["errors"] = std::move(errors);
      out += line.dump();
    }
  }
  out += "]";
  return out;
}

// ------------------------------------------------------------------------------------------------
// Tables: columns in, columns out.

// One input column: a fact's values (or nested objects, or case ids) for every row.
struct Column {
  std::string name;
  int fact = -1;  // >= 0: a fact; kNested: dicts below a top-level key; kCaseId: case_id
  py::array values;
  py::object mask;  // None, or a bool array: true where the value is missing
  bool days = false;  // int64 values are days since 1970-01-01 (from datetime64)
  const bool* missing = nullptr;
};

constexpr int kNested = -1;
// The dates Decode accepts: years 1 to 9999.
constexpr int64_t kFirstDay = -719162;  // 0001-01-01
constexpr int64_t kLastDay = 2932896;   // 9999-12-31
constexpr int kCaseId = -2;

// Python objects shared by every row that needs the same string or tuple of strings. Keys are the
// addresses of strings inside the compiled rules, which outlive the table.
class Interner {
 public:
  ~Interner() {
    for (auto& [key, object] : strings_) Py_DECREF(object);
    for (auto& [key, object] : tuples_) Py_DECREF(object);
    for (auto& [key, object] : dates_) Py_DECREF(object);
  }

  // A new reference.
  PyObject* String(std::string_view text) {
    auto [it, inserted] = strings_.try_emplace(MakeKey(text), nullptr);
    if (inserted) it->second = Checked(PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size())));
    Py_INCREF(it->second);
    return it->second;
  }

  PyObject* DateString(threshold::Date date) {
    auto [it, inserted] = dates_.try_emplace(date.days(), nullptr);
    if (inserted) it->second = Checked(PyUnicode_FromString(date.ToString().c_str()));
    Py_INCREF(it->second);
    return it->second;
  }

  // A tuple of the strings `get(items[i])`, shared between rows with the same strings. `slot`
  // names the call site: consecutive rows often repeat its last tuple, found without hashing.
  template <typename Items, typename Get>
  PyObject* Tuple(size_t slot, const Items& items, Get get) {
    scratch_.clear();
    for (const auto& item : items) {
      std::string_view text = get(item);
      scratch_.push_back(MakeKey(text));
    }
    if (slot >= last_.size()) last_.resize(slot + 1);
    Last& last = last_[slot];
    if (last.object == nullptr || last.key != scratch_) {
      auto it = tuples_.find(scratch_);
      if (it == tuples_.end()) {
        PyObject* tuple = Checked(PyTuple_New(static_cast<Py_ssize_t>(items.size())));
        Py_ssize_t i = 0;
        for (const auto& item : items) PyTuple_SET_ITEM(tuple, i++, String(get(item)));
        it = tuples_.emplace(scratch_, tuple).first;
      }
      last.key = scratch_;
      last.object = it->second;
    }
    Py_INCREF(last.object);
    return last.object;
  }

 private:
  using Key = std::pair<const char*, size_t>;
  static Key MakeKey(std::string_view text) { return {text.data(), text.size()}; }
  static PyObject* Checked(PyObject* object) {
    if (object == nullptr) throw py::error_already_set();
    return object;
  }
  struct KeyHash {
    size_t operator()(const std::pair<const char*, size_t>& key) const {
      return std::hash<const void*>()(key.first) * 31 + key.second;
    }
  };
  struct KeysHash {
    size_t operator()(const std::vector<std::pair<const char*, size_t>>& keys) const {
      size_t h = keys.size();
      for (const auto& key : keys) h = h * 1000003 ^ KeyHash()(key);
      return h;
    }
  };
  std::unordered_map<std::pair<const char*, size_t>, PyObject*, KeyHash> strings_;
  std::unordered_map<std::vector<std::pair<const char*, size_t>>, PyObject*, KeysHash> tuples_;
  std::unordered_map<int32_t, PyObject*> dates_;
  std::vector<std::pair<const char*, size_t>> scratch_;
  struct Last {
    std::vector<std::pair<const char*, size_t>> key;
    PyObject* object = nullptr;  // borrowed from tuples_
  };
  std::vector<Last> last_;
};

// Screens a table's rows chunk by chunk on a worker thread, one chunk ahead of the caller: Next()
// waits (with the GIL released) for the chunk screened in the background, starts the one after
// it, and returns the results, valid until the following call. The worker never touches Python.
class Pipeline {
 public:
  Pipeline(const Rules& rules, const std::vector<Facts>& facts, const ScreenOptions& options, int threads,
           size_t chunk)
      : rules_(rules), facts_(facts), options_(options), threads_(threads), chunk_(chunk) {
    Start();
  }
  ~Pipeline() { Join(); }  // also on an exception while building the output
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  const std::vector<Screening>& Next() {
    {
      py::gil_scoped_release release;
      Join();
    }
    if (failure_) std::rethrow_exception(failure_);
    current_ ^= 1;  // the chunk just finished
    Start();
    return buffers_[current_];
  }

 private:
  void Start() {
    size_t begin = next_ * chunk_;
    if (begin >= facts_.size()) return;
    size_t count = std::min(chunk_, facts_.size() - begin);
    std::vector<Screening>& out = buffers_[current_ ^ 1];
    if (out.size() < count) out.resize(count);
    ++next_;
    worker_ = std::thread([this, begin, count, &out] {
      try {
        rules_.ScreenMany(std::span<const Facts>(facts_.data() + begin, count), options_,
                          std::span<Screening>(out.data(), count), threads_);
      } catch (...) {
        failure_ = std::current_exception();
      }
    });
  }

  void Join() {
    if (worker_.joinable()) worker_.join();
  }

  const Rules& rules_;
  const std::vector<Facts>& facts_;
  const ScreenOptions& options_;
  int threads_;
  size_t chunk_;
  size_t next_ = 0;     // the next chunk to start
  int current_ = 1;     // buffers_[current_] holds the chunk last returned
  std::vector<Screening> buffers_[2];
  std::thread worker_;
  std::exception_ptr failure_;
};

// An object array of length n, every slot None.
py::array ObjectArray(size_t n) {
  py::array array(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)});
  PyObject** data = static_cast<PyObject**>(array.mutable_data());
  for (size_t i = 0; i < n; ++i) {
    Py_INCREF(Py_None);
    data[i] = Py_None;
  }
  return array;
}

// Stores a new reference in an object array slot.
void Put(py::array& array, size_t i, PyObject* object) {
  PyObject** data = static_cast<PyObject**>(array.mutable_data());
  PyObject* old = data[i];
  data[i] = object;
  Py_XDECREF(old);
}

class Table {
 public:
  Table(PyRules& rules, size_t rows, std::vector<Column> columns)
      : self_(rules), encoder_(rules.encoder()), n_(rows), columns_(std::move(columns)) {
    dotted_.assign(encoder_.facts.size(), false);
    for (Column& column : columns_) {
      if (column.fact >= 0) dotted_[column.fact] = true;
      if (static_cast<size_t>(column.values.ndim()) != 1 || static_cast<size_t>(column.values.shape(0)) != n_) {
        throw py::value_error("column '" + column.name + "' does not have one value per row");
      }
      if (!column.mask.is_none()) {
        py::array_t<bool> mask = py::cast<py::array_t<bool>>(column.mask);
        if (mask.ndim() != 1 || static_cast<size_t>(mask.shape(0)) != n_) {
          throw py::value_error("the mask of column '" + column.name + "' does not have one value per row");
        }
        column.mask = mask;
        column.missing = mask.data();
      }
    }
  }

  // Fills the fact slots of every row, column by column.
  void Encode() {
    size_t fact_count = encoder_.facts.size();
    facts_.resize(n_);
    for (Facts& facts : facts_) facts.values.assign(fact_count, FactValue{});
    state_.assign(n_, kKnown);
    if (!encoder_.exact) {
      std::fill(state_.begin(), state_.end(), kBad);
    }
    for (const Column& column : columns_) {
      if (column.fact == kCaseId) EncodeCaseIds(column);
      else if (column.fact == kNested) EncodeNested(column);
      else EncodeFact(column);
    }
    Derive();
    // Rows the encoder could not vouch for: decoded again as JSON records, for their errors.
    errors_.assign(n_, {});
    for (size_t i = 0; i < n_; ++i) {
      if (state_[i] != kBad) continue;
      DecodeResult decoded = self_.rules().Decode(RowRecord(i).dump());
      if (decoded.ok()) {
        facts_[i] = std::move(*decoded.facts);
        state_[i] = kKnown;
      } else {
        errors_[i] = std::move(decoded.errors);
        facts_[i].case_id = decoded.case_id;
      }
    }
  }

  // Screens every row and returns the output columns.
  py::dict Screen(const ScreenOptions& options, int threads) {
    const std::vector<std::string>& reviews = self_.reviews();
    size_t review_count = reviews.size();
    static constexpr const char* kFields[] = {"outcome", "possible", "missing", "deadlines", "flags", "rule_set"};
    constexpr size_t kFieldCount = std::size(kFields);
    py::array case_ids = ObjectArray(n_);
    std::vector<py::array> outputs;
    for (size_t k = 0; k < review_count * kFieldCount; ++k) outputs.push_back(ObjectArray(n_));
    py::array next_question = ObjectArray(n_);
    py::array error = ObjectArray(n_);
    py::array errors = ObjectArray(n_);

    Interner interner;
    // In chunks, which bound the memory held in Screening structs: while the output of one chunk
    // is built under the GIL, the next chunk is screened (on every core) by a worker thread.
    constexpr size_t kChunk = 8192;
    Pipeline pipeline(self_.rules(), facts_, options, threads, kChunk);
    for (size_t begin = 0; begin < n_; begin += kChunk) {
      size_t count = std::min(kChunk, n_ - begin);
      const std::vector<Screening>& screenings = pipeline.Next();
      for (size_t j = 0; j < count; ++j) {
        size_t i = begin + j;
        if (case_id_objects_.size() == n_ && case_id_objects_[i]) {
          Py_INCREF(case_id_objects_[i]);
          Put(case_ids, i, case_id_objects_[i]);
        } else if (facts_[i].case_id) {
          Put(case_ids, i, PyUnicode_FromStringAndSize(facts_[i].case_id->data(), facts_[i].case_id->size()));
        }
        if (!errors_[i].empty()) {
          std::string text;
          for (const CaseError& e : errors_[i]) {
            if (!text.empty()) text += "; ";
            text += (e.pointer.empty() ? std::string("record") : e.pointer) + ": " + e.message + " [" + e.code + "]";
          }
          Put(error, i, py::str(text).release().ptr());
          Put(errors, i, CaseErrorList(errors_[i]).release().ptr());
          continue;
        }
        const Screening& screening = screenings[j];
        for (size_t r = 0; r < review_count && r < screening.reviews.size(); ++r) {
          const ReviewResult& review = screening.reviews[r];
          py::array* out = &outputs[r * kFieldCount];
          if (review.determined()) Put(out[0], i, interner.String(review.outcome_id));
          Put(out[1], i, interner.Tuple(3 * r, review.possible_outcomes, [](std::string_view id) { return id; }));
          Put(out[2], i, interner.Tuple(3 * r + 1, review.missing, [](const MissingFact& m) { return m.fact; }));
          PyObject* deadlines = PyDict_New();
          if (deadlines == nullptr) throw py::error_already_set();
          for (const DeadlineResult& deadline : review.deadlines) {
            PyObject* key = interner.String(deadline.id);
            PyObject* due = deadline.due ? interner.DateString(*deadline.due) : (Py_INCREF(Py_None), Py_None);
            PyDict_SetItem(deadlines, key, due);
            Py_DECREF(key);
            Py_DECREF(due);
          }
          Put(out[3], i, deadlines);
          Put(out[4], i, interner.Tuple(3 * r + 2, review.flags, [](const Raised& flag) { return flag.id; }));
          if (review.rule_set >= 0) Put(out[5], i, interner.String(review.rule_set_id));
        }
        if (screening.next_question) Put(next_question, i, interner.String(screening.next_question->fact));
      }
    }

    py::dict result;
    result["case_id"] = case_ids;
    for (size_t r = 0; r < review_count; ++r) {
      for (size_t k = 0; k < kFieldCount; ++k) {
        result[py::str(reviews[r] + "." + kFields[k])] = outputs[r * kFieldCount + k];
      }
    }
    result["next_question"] = next_question;
    result["error"] = error;
    result["errors"] = errors;
    return result;
  }

 private:
  bool Missing(const Column& column, size_t i) const { return column.missing != nullptr && column.missing[i]; }

  void Set(size_t i, int fact, State state, int64_t value) {
    if (state == kKnown) facts_[i].values[fact] = {value, true};
    else if (state == kBad) state_[i] = kBad;
  }

  void EncodeCaseIds(const Column& column) {
    case_id_objects_.assign(n_, nullptr);
    if (column.values.dtype().kind() != 'O') {
      // Not strings: every row's case_id is wrong (E408).
      for (size_t i = 0; i < n_; ++i) {
        if (!Missing(column, i)) state_[i] = kBad;
      }
      return;
    }
    PyObject* const* data = static_cast<PyObject* const*>(column.values.data());
    for (size_t i = 0; i < n_; ++i) {
      if (Missing(column, i)) continue;
      Scalar s = Classify(data[i]);
      if (s.kind == Kind::kMissing) continue;
      if (s.kind != Kind::kStr) {
        state_[i] = kBad;
        continue;
      }
      facts_[i].case_id = std::string(s.str());
      case_id_objects_[i] = data[i];  // borrowed: the column outlives the table
    }
  }

  void EncodeFact(const Column& column) {
    int f = column.fact;
    const FactCodec& codec = encoder_.facts[f];
    char kind = column.values.dtype().kind();
    size_t item = static_cast<size_t>(column.values.itemsize());
    const void* raw = column.values.data();
    for (size_t i = 0; i < n_; ++i) {
      if (Missing(column, i)) continue;
      int64_t value = 0;
      State state = kBad;
      if (kind == 'O') {
        state = encoder_.Encode(self_.rules(), f, static_cast<PyObject* const*>(raw)[i], value);
      } else if (kind == 'b' && item == 1) {
        state = codec.type == FactType::kBool ? kKnown : kBad;
        value = static_cast<const uint8_t*>(raw)[i] != 0;
      } else if (kind == 'i' && item == 8) {
        int64_t v = static_cast<const int64_t*>(raw)[i];
        if (column.days) {
          state = codec.type == FactType::kDate && v >= kFirstDay && v <= kLastDay ? kKnown : kBad;
          value = v;
        } else if (codec.type == FactType::kInt) {
          Scalar s;
          s.kind = Kind::kInt;
          s.integer = v;
          state = Encoder::EncodeInt(codec, s, value);
        }
      } else if (kind == 'f' && item == 8) {
        double v = static_cast<const double*>(raw)[i];
        if (std::isnan(v)) continue;
        if (codec.type == FactType::kInt) {
          Scalar s;
          s.kind = Kind::kFloat;
          s.number = v;
          state = Encoder::EncodeInt(codec, s, value);
        }
      } else {
        throw py::type_error("column '" + column.name + "' has an unsupported dtype");
      }
      if (state == kUnknown) continue;
      Set(i, f, state, value);
    }
  }

  // Dicts below a top-level key ("subject": {"age": 17, ...}), walked as Decode walks them.
  void EncodeNested(const Column& column) {
    if (column.values.dtype().kind() != 'O') {
      for (size_t i = 0; i < n_; ++i) {
        if (!Missing(column, i)) state_[i] = kBad;
      }
      return;
    }
    PyObject* const* data = static_cast<PyObject* const*>(column.values.data());
    for (size_t i = 0; i < n_; ++i) {
      if (Missing(column, i)) continue;
      if (!WalkNested(i, column.name, data[i])) state_[i] = kBad;
    }
  }

  bool WalkNested(size_t i, const std::string& prefix, PyObject* object) {
    Scalar s = Classify(object);
    if (s.kind == Kind::kMissing) return true;
    if (s.kind != Kind::kDict) return false;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    bool ok = true;
    while (PyDict_Next(object, &pos, &key, &value)) {
      Scalar k = Classify(key);
      if (k.kind != Kind::kStr || k.str().find('.') != std::string_view::npos) {
        ok = false;
        continue;
      }
      std::string path = prefix + "." + std::string(k.str());
      auto fact = encoder_.by_path.find(path);
      if (fact != encoder_.by_path.end() && dotted_[fact->second]) {
        ok = false;  // also given by a column of its own: E410, the field appears more than once
        continue;
      }
      if (fact != encoder_.by_path.end()) {
        int64_t v = 0;
        State state = encoder_.Encode(self_.rules(), fact->second, value, v);
        if (state == kBad) ok = false;
        else if (state == kKnown) facts_[i].values[fact->second] = {v, true};
        continue;
      }
      // A nested object deeper down: only if some fact lives below it.
      std::string below = path + ".";
      bool object_key = false;
      for (const auto& [fact_path, index] : encoder_.by_path) {
        if (fact_path.starts_with(below)) {
          object_key = true;
          break;
        }
      }
      if (!object_key || !WalkNested(i, path, value)) ok = false;
    }
    return ok;
  }

  // Derived ages, as Decode works them out (the worked-out value wins over a given one).
  void Derive() {
    for (const Derivation& d : encoder_.derived) {
      const FactCodec& codec = encoder_.facts[d.fact];
      for (size_t i = 0; i < n_; ++i) {
        const FactValue& birth = facts_[i].values[d.from];
        if (!birth.known) continue;
        const FactValue* on = nullptr;
        for (int candidate : d.on) {
          if (facts_[i].values[candidate].known) {
            on = &facts_[i].values[candidate];
            break;
          }
        }
        if (on == nullptr) continue;
        int age = AgeOn(Date::FromDays(static_cast<int32_t>(birth.value)),
                        Date::FromDays(static_cast<int32_t>(on->value)));
        if (age < 0 || age < codec.min || age > codec.max) {
          state_[i] = kBad;
          continue;
        }
        facts_[i].values[d.fact] = {age, true};
      }
    }
  }

  // Row i as a JSON record with the columns, in order, as (possibly dotted) member names: the line
  // `threshold screen` would read for it.
  ojson RowRecord(size_t i) const {
    ojson record = ojson::object();
    for (const Column& column : columns_) {
      ojson value;
      if (!Missing(column, i)) value = Element(column, i);
      record[column.name] = std::move(value);
    }
    return record;
  }

  ojson Element(const Column& column, size_t i) const {
    char kind = column.values.dtype().kind();
    const void* raw = column.values.data();
    if (kind == 'O') {
      try {
        return ToJsonValue(static_cast<PyObject* const*>(raw)[i]);
      } catch (const Unsupported& error) {
        // Decode will call this the wrong type; a Python object with no JSON form is that.
        return ojson::array();
      }
    }
    if (kind == 'b') return static_cast<const uint8_t*>(raw)[i] != 0;
    if (kind == 'i') {
      int64_t v = static_cast<const int64_t*>(raw)[i];
      if (column.days) {
        return Date::FromDays(static_cast<int32_t>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX))).ToString();
      }
      return v;
    }
    if (kind == 'f') {
      double v = static_cast<const double*>(raw)[i];
      return std::isnan(v) ? ojson() : ojson(v);
    }
    return ojson();
  }

  PyRules& self_;
  Encoder& encoder_;
  size_t n_;
  std::vector<Column> columns_;
  std::vector<bool> dotted_;  // [fact]: the fact has a column of its own
  std::vector<Facts> facts_;
  std::vector<State> state_;
  std::vector<std::vector<CaseError>> errors_;
  std::vector<PyObject*> case_id_objects_;  // borrowed from the case_id column
};

// Flags come with the reasons (ScreenOptions::reasons), which cost about as much again as the rest
// of a screening. A library whose ScreenOptions has a `flags` switch (flags and advisories without
// the reasons) is asked for just those; this compiles either way.
template <typename Options>
void FlagsWithoutReasons(Options& options) {
  if constexpr (requires { options.flags = true; }) {
    options.flags = true;
    options.reasons = false;
  } else {
    options.reasons = true;
  }
}

py::dict ScreenColumns(PyRules& self, size_t rows, const py::list& columns, const OptionalDate& as_of,
                       const OptionalRuleSets& rule_sets, int threads) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  // The table needs outcomes, missing facts (relevance) and flags; not the reasons' values or the
  // counterfactuals.
  options.relevance = true;
  options.why_not = false;
  FlagsWithoutReasons(options);
  std::vector<Column> list;
  for (const py::handle& item : columns) {
    py::tuple t = py::cast<py::tuple>(item);
    if (t.size() != 5) throw py::value_error("a column is (name, fact, values, mask, days)");
    Column column;
    column.name = py::cast<std::string>(t[0]);
    column.fact = py::cast<int>(t[1]);
    column.values = py::cast<py::array>(t[2]);
    column.mask = py::reinterpret_borrow<py::object>(t[3]);
    column.days = py::cast<bool>(t[4]);
    if (column.fact >= static_cast<int>(self.fact_count()) || column.fact < kCaseId) {
      throw py::value_error("column '" + column.name + "' names no fact");
    }
    list.push_back(std::move(column));
  }
  Table table(self, rows, std::move(list));
  table.Encode();
  return table.Screen(options, threads);
}

py::list FactList(const Rules& rules) {
  py::list list;
  for (const FactInfo& info : FactInfos(rules)) {
    py::dict fact("path"_a = info.path, "pointer"_a = info.pointer, "type"_a = info.type, "question"_a = info.question,
                  "help"_a = info.help, "sensitivity"_a = info.sensitivity, "derived"_a = info.derived);
    if (info.type == "integer") {
      fact["min"] = info.min;
      fact["max"] = info.max;
    }
    if (info.type == "enum") {
      fact["options"] = info.options;
      fact["labels"] = info.labels;
    }
    list.append(fact);
  }
  return list;
}

PyRules Compile(const std::vector<std::pair<std::string, std::string>>& sources) {
  std::vector<RuleSource> list;
  for (const auto& [name, text] : sources) list.push_back({name, text});
  CompileResult compiled;
  {
    py::gil_scoped_release release;
    compiled = Rules::Compile(std::move(list));
  }
  return PyRules::FromCompile(std::move(compiled));
}

}  // namespace
}  // namespace threshold::python

PYBIND11_MODULE(_threshold, m) {
  using namespace threshold::python;
  PyDateTime_IMPORT;
  m.doc() = R"pbdoc(
    The native half of the threshold package: compiled rules and the screening functions.
    Use the pure-Python package `threshold` instead of this module.
  )pbdoc";
  m.attr("__version__") = THRESHOLD_VERSION;
  m.attr("ENGINE_VERSION") = THRESHOLD_VERSION;

  py::class_<PyRules>(m, "Rules", R"pbdoc(
    A compiled rule pack. Immutable; safe to share between threads.
  )pbdoc")
      .def_static(
          "builtin",
          [] {
            threshold::CompileResult compiled;
            {
              py::gil_scoped_release release;
              compiled = threshold::Rules::Builtin();
            }
            return PyRules::FromCompile(std::move(compiled));
          },
          R"pbdoc(Compiles the rule pack built into the library (rules/england).)pbdoc")
      .def_static(
          "load",
          [](const std::string& directory) {
            threshold::CompileResult compiled;
            {
              py::gil_scoped_release release;
              compiled = threshold::Rules::LoadDirectory(directory);
            }
            return PyRules::FromCompile(std::move(compiled));
          },
          "directory"_a, R"pbdoc(Compiles every *.rules and *.txt file of a directory; raises RuleError.)pbdoc")
      .def_static("compile", &Compile, "sources"_a,
                  R"pbdoc(Compiles rule sources given as (name, text) pairs; raises RuleError.)pbdoc")
      .def_property_readonly("name", [](const PyRules& self) { return std::string(self.rules().name()); })
      .def_property_readonly("title", [](const PyRules& self) { return std::string(self.rules().title()); })
      .def_property_readonly("version", [](const PyRules& self) { return std::string(self.rules().version()); })
      .def_property_readonly("digest", [](const PyRules& self) { return std::string(self.rules().digest()); })
      .def_property_readonly("reviews", [](const PyRules& self) { return self.reviews(); })
      .def_property_readonly("facts", [](const PyRules& self) { return FactList(self.rules()); })
      .def_property_readonly("diagnostics", [](const PyRules& self) { return DiagnosticList(self.diagnostics()); })
      .def("format_diagnostics", &PyRules::FormatDiagnostics)
      .def("screen", &Screen, "record"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(), "why_not"_a = true,
           R"pbdoc(Screens one record (a dict or JSON text); returns the result contract as a dict.)pbdoc")
      .def("screen_records", &ScreenRecords, "records"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(),
           "why_not"_a = true, "threads"_a = 0,
           R"pbdoc(Screens a sequence of records; returns a JSON array text of results and error objects.)pbdoc")
      .def("screen_columns", &ScreenColumns, "rows"_a, "columns"_a, "as_of"_a = py::none(),
           "rule_sets"_a = py::none(), "threads"_a = 0,
           R"pbdoc(Screens a table given column by column; returns the output columns as object arrays.)pbdoc")
      .def("explain", &Explain, "record"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(),
           R"pbdoc(The screening note for one record, as text.)pbdoc")
      .def("questions", &Questions, "record"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(),
           R"pbdoc(The missing facts of every review as one ranked list of questions.)pbdoc")
      .def(
          "schema", [](const PyRules& self) { return JsonLoads(self.rules().Schema().dump()); },
          R"pbdoc(The JSON Schema (draft 2020-12) of the case record.)pbdoc")
      .def("graph", &Graph, "review"_a, "rule_set"_a = "", "record"_a = py::none(), "as_of"_a = py::none(),
           "rule_sets"_a = py::none(), R"pbdoc(A review's decision logic as Graphviz DOT.)pbdoc");
}
