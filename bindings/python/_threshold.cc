// threshold._threshold: the native half of the Python package (the pure-Python facade is
// bindings/python/threshold). A thin shim over the public C++ API: it turns Python values into the
// library's inputs, releases the GIL while cases are screened, and turns results and diagnostics
// back into Python objects. Errors are raised as the classes of threshold/_errors.py, carrying
// codes, JSON Pointers and rule-file positions, never a case fact's value: case records hold
// sensitive personal data, and nothing here prints, logs or stores them. Stage: bindings.
//
// Two ways in:
//   - records (dicts, JSON texts or bytes): a dict is written as JSON text, its fields in their
//     order (JsonWriter), and decoded by Rules::Decode, so results and errors are exactly the
//     command line's for that line;
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
#include <charconv>
#include <cstdio>
#include <limits>
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

// A Python value as JSON text, written straight into a string: what `threshold screen` would read
// for the same record, so the library decides what every value means. Where Python can hold a
// value that JSON text cannot, it is written as the JSON the other shells write for it:
//   - NaN (and pandas.NA, NaT) is null: unknown, pandas' missing value;
//   - an infinity is the largest number JSON carries, +-1.7976931348623157e+308 (what a JSON
//     parser reads for a number too big for a double is no number at all, and the library refuses
//     it as text that is not JSON, with no field to point at): the library refuses it for every
//     fact as out of range (E402) or as the wrong type (E401), at the fact's pointer;
//   - a string holding a lone surrogate (which UTF-8 cannot encode) is written with the JSON
//     escape for it, "\ud800", as json.dumps and JavaScript's JSON.stringify write it, and the
//     library decides (it refuses such text, E407).
// A value with no JSON form at all (a set, an arbitrary object, a dict key that is not a string) is
// written as null and reported as a problem: E401 at its pointer, or at the pointer of the
// enclosing object when a field name on the way is not one the library would show
// (FieldNameIsShowable: it may hold case data).
class JsonWriter {
 public:
  JsonWriter(std::string& out, std::vector<CaseError>& problems) : out_(out), problems_(problems) {}

  void Value(PyObject* o) { Write(o, 0); }

  // A string of UTF-8 (known to be valid or not: the library checks), escaped as JSON.
  static void Escaped(std::string& out, std::string_view text) {
    static const char* const kHex = "0123456789abcdef";
    out += '"';
    size_t run = 0;  // the start of the bytes not yet copied
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out.append(text.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
      }
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
  }

  // A Python str as a JSON string; lone surrogates as their \u escapes.
  static void Str(std::string& out, PyObject* o) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(o, &size);
    if (data != nullptr) {
      Escaped(out, std::string_view(data, static_cast<size_t>(size)));
      return;
    }
    PyErr_Clear();  // lone surrogates: not representable in UTF-8
    py::object bytes = py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(o, "utf-8", "surrogatepass"));
    if (!bytes) {
      PyErr_Clear();
      out += "null";  // cannot happen for a str; never a guess at its text
      return;
    }
    std::string_view text(PyBytes_AS_STRING(bytes.ptr()), static_cast<size_t>(PyBytes_GET_SIZE(bytes.ptr())));
    // With surrogatepass a surrogate is the three bytes ED A0..BF 80..BF (never valid UTF-8): each
    // becomes its escape; everything else is escaped as usual.
    std::string piece;
    out += '"';
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      if (c != 0xED || i + 2 >= text.size() || (static_cast<unsigned char>(text[i + 1]) & 0xE0) != 0xA0) continue;
      piece.clear();
      Escaped(piece, text.substr(start, i - start));
      out.append(piece, 1, piece.size() - 2);  // without its quotes
      unsigned code = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6) |
                      (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", code);
      out += escape;
      i += 2;
      start = i + 1;
    }
    piece.clear();
    Escaped(piece, text.substr(start));
    out.append(piece, 1, piece.size() - 2);
    out += '"';
  }

  // A double as JSON reads it back: the shortest text that round-trips, with ".0" when it would
  // otherwise read as an integer (as nlohmann and Python's json write it). Infinities: see above.
  static void Number(std::string& out, double value) {
    if (std::isnan(value)) {
      out += "null";
      return;
    }
    if (std::isinf(value)) value = value > 0 ? std::numeric_limits<double>::max() : -std::numeric_limits<double>::max();
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string_view text(buffer, static_cast<size_t>(end - buffer));
    out += text;
    if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
  }

  template <typename Integer>
  static void Whole(std::string& out, Integer value) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, static_cast<size_t>(end - buffer));
  }

 private:
  // Where the value being written is: the keys (borrowed from their dicts) and list indexes.
  struct Step {
    PyObject* key = nullptr;  // a dict key, or null for a list index
    size_t index = 0;
  };

  void Write(PyObject* o, int depth) {
    // The library refuses records nested deeper than it reads (E411); this only bounds the recursion.
    if (depth > 256) {
      Problem("a value nested deeper than 256 levels");
      out_ += "null";
      return;
    }
    Scalar s = Classify(o);
    switch (s.kind) {
      case Kind::kMissing: out_ += "null"; return;
      case Kind::kBool: out_ += s.boolean ? "true" : "false"; return;
      case Kind::kInt: Whole(out_, s.integer); return;
      case Kind::kUnsigned: Whole(out_, s.unsigned_integer); return;
      case Kind::kFloat: Number(out_, s.number); return;
      case Kind::kStr: Escaped(out_, s.str()); return;
      case Kind::kDate: Escaped(out_, DateText(s.year, s.month, s.day)); return;
      case Kind::kDict: {
        out_ += '{';
        bool first = true;
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(o, &pos, &key, &value)) {
          if (!PyUnicode_Check(key)) {
            Problem("a dict key that is not a string");
            continue;
          }
          if (!first) out_ += ',';
          first = false;
          Str(out_, key);
          out_ += ':';
          path_.push_back({key, 0});
          Write(value, depth + 1);
          path_.pop_back();
        }
        out_ += '}';
        return;
      }
      case Kind::kList: {
        out_ += '[';
        py::sequence items = py::reinterpret_borrow<py::sequence>(o);
        size_t n = items.size();
        for (size_t i = 0; i < n; ++i) {
          if (i > 0) out_ += ',';
          py::object item = items[i];
          path_.push_back({nullptr, i});
          Write(item.ptr(), depth + 1);
          path_.pop_back();
        }
        out_ += ']';
        return;
      }
      case Kind::kOther:
        break;
    }
    if (PyUnicode_Check(o)) {  // a str with lone surrogates
      Str(out_, o);
      return;
    }
    Problem(std::string("a Python '") + Py_TYPE(o)->tp_name + "'");
    out_ += "null";
  }

  // Reports the value being written as one with no JSON form.
  void Problem(const std::string& what) {
    std::string pointer;
    bool withheld = false;
    for (const Step& step : path_) {
      if (step.key == nullptr) {
        pointer += "/" + std::to_string(step.index);
        continue;
      }
      Py_ssize_t size = 0;
      const char* data = PyUnicode_AsUTF8AndSize(step.key, &size);
      if (data == nullptr) PyErr_Clear();
      std::string_view name = data ? std::string_view(data, static_cast<size_t>(size)) : std::string_view();
      if (data == nullptr || !FieldNameIsShowable(name)) {
        withheld = true;  // the pointer stops at the enclosing object
        break;
      }
      pointer += "/" + EscapePointerToken(name);
    }
    std::string message = "expected a JSON value (None, bool, int, float, str, date, list or dict), found " + what;
    if (withheld) message += ", in a field whose name is not shown (it may hold case data)";
    problems_.push_back({"E401", std::move(pointer), std::move(message)});
  }

  std::string& out_;
  std::vector<CaseError>& problems_;
  std::vector<Step> path_;
};

// The JSON text the library decodes for one record: JSON text (a str, as UTF-8, its lone
// surrogates escaped; or bytes, as they are, so that invalid UTF-8 is refused as the CLI refuses
// it) or any other Python value, written as JSON. Returns false when the record itself has no JSON
// form (`problems` then holds its E406); a value inside it with none is a problem too (E401).
bool RecordText(PyObject* record, std::string& text, std::vector<CaseError>& problems) {
  text.clear();
  problems.clear();
  if (PyUnicode_Check(record)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(record, &size);
    if (data != nullptr) {
      text.assign(data, static_cast<size_t>(size));
      return true;
    }
    PyErr_Clear();
    // Lone surrogates in JSON text: written as their escapes (\ud800), which the library reads
    // as the lone surrogate they stand for (and refuses). No other character changes.
    py::object bytes =
        py::reinterpret_steal<py::object>(PyUnicode_AsEncodedString(record, "utf-8", "backslashreplace"));
    if (!bytes) {
      PyErr_Clear();
      problems.push_back({"E407", "", "not valid JSON (the text could not be encoded as UTF-8)"});
      return false;
    }
    text.assign(PyBytes_AS_STRING(bytes.ptr()), static_cast<size_t>(PyBytes_GET_SIZE(bytes.ptr())));
    return true;
  }
  if (PyBytes_Check(record)) {
    text.assign(PyBytes_AS_STRING(record), static_cast<size_t>(PyBytes_GET_SIZE(record)));
    return true;
  }
  Scalar s = Classify(record);
  if (s.kind == Kind::kOther) {
    problems.push_back({"E406", "", std::string("a case record must be a JSON object, not a Python '") +
                                        Py_TYPE(record)->tp_name + "'"});
    return false;
  }
  JsonWriter(text, problems).Value(record);
  return true;
}

// Decodes one record's text (RecordText) and adds the problems found while writing it.
void DecodeText(const Rules& rules, const std::string& text, std::vector<CaseError>& problems, DecodeResult& out) {
  rules.Decode(text, out);
  if (problems.empty()) return;
  out.facts.reset();
  for (CaseError& problem : problems) out.errors.push_back(std::move(problem));
  problems.clear();
}

// Decodes one record: JSON text, or a Python value converted to JSON.
DecodeResult DecodeRecord(const Rules& rules, const py::handle& record) {
  std::string text;
  std::vector<CaseError> problems;
  DecodeResult decoded;
  if (!RecordText(record.ptr(), text, problems)) {
    decoded.errors = std::move(problems);
    return decoded;
  }
  py::gil_scoped_release release;
  DecodeText(rules, text, problems, decoded);
  return decoded;
}

// JSON text -> Python objects, by the standard library's C parser (keeps the contract's order).
py::object JsonLoads(const std::string& text) {
  static py::object* loads = new py::object(py::module_::import("json").attr("loads"));  // never freed
  return (*loads)(py::str(text));
}

// ------------------------------------------------------------------------------------------------
// The column encoder: Python values straight into fact slots, with exactly Decode's rules. Built
// once per Rules from the public fact descriptors (fact_info()); the slot values of text facts are
// learned by asking DecodeValue itself (Encoder::TextValue), and the derived facts are worked out
// by the library (Rules::Complete), as Decode works them out.

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

struct Encoder {
  std::vector<FactCodec> facts;
  // False when a fact's type is not one the encoder knows: then every row is decoded by Decode
  // (slower, still exact).
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
                    const OptionalRuleSets& rule_sets, const std::string& detail) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  Facts facts = self.DecodeOrRaise(record);
  TextOptions text;
  text.detail = detail == "full" ? TextOptions::Detail::kFull : TextOptions::Detail::kSummary;
  text.facts = &facts;
  py::gil_scoped_release release;
  return ToText(self.rules().Screen(facts, options), self.rules(), text);
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
    if (q.assumed) item["assumed"] = true;
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

// The command line's error line for a record that cannot be screened, without its "input" (there
// is no file): {"case_id", "error", "errors"}.
py::dict ErrorObject(const std::vector<CaseError>& errors, const std::optional<std::string>& case_id) {
  py::list list = CaseErrorList(errors);
  py::object first = list.empty() ? py::object(py::none()) : py::object(list[0]);
  return py::dict("case_id"_a = OptionalString(case_id), "error"_a = first, "errors"_a = list);
}

// Screens many records (dicts, JSON texts, bytes, or anything else: each becomes JSON text, which
// the library reads or refuses); returns a list with one `wrap(result)` or `wrap(error object)`
// per record, in order: a record that cannot be read gets its error in place and never stops the
// others. A chunk at a time: the records of a chunk are turned into JSON text under the GIL, then
// decoded and screened without it; each result is then written as JSON and turned into Python
// objects at once, so the memory used besides the results is one chunk's screenings and one
// result's text, however many records there are.
py::list ScreenRecords(PyRules& self, const py::sequence& records, const OptionalDate& as_of,
                       const OptionalRuleSets& rule_sets, bool why_not, int threads, const py::object& wrap) {
  ScreenOptions options = self.Options(as_of, rule_sets);
  options.why_not = why_not;
  size_t n = records.size();
  // Rules::ScreenMany gives each thread at least 64 cases: a chunk keeps every thread busy.
  unsigned cores = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  const size_t chunk = std::clamp<size_t>(64 * static_cast<size_t>(cores), 64, 1024);
  std::vector<std::string> texts(std::min(chunk, n));
  std::vector<std::vector<CaseError>> problems(texts.size());
  std::vector<bool> written(texts.size());
  std::vector<DecodeResult> decoded(texts.size());
  std::vector<Facts> facts;
  std::vector<size_t> screened;  // facts[k] is the record at chunk position screened[k]
  std::vector<Screening> screenings;
  std::string json;
  py::list out;
  for (size_t begin = 0; begin < n; begin += chunk) {
    size_t count = std::min(chunk, n - begin);
    for (size_t j = 0; j < count; ++j) {
      py::object record = records[begin + j];
      written[j] = RecordText(record.ptr(), texts[j], problems[j]);
    }
    {
      py::gil_scoped_release release;
      facts.clear();
      screened.clear();
      for (size_t j = 0; j < count; ++j) {
        if (!written[j]) {
          decoded[j].facts.reset();
          decoded[j].case_id.reset();
          decoded[j].errors = std::move(problems[j]);
          problems[j].clear();
          continue;
        }
        DecodeText(self.rules(), texts[j], problems[j], decoded[j]);
        if (decoded[j].ok()) {
          facts.push_back(std::move(*decoded[j].facts));
          screened.push_back(j);
        }
      }
      if (screenings.size() < facts.size()) screenings.resize(facts.size());
      self.rules().ScreenMany(std::span<const Facts>(facts.data(), facts.size()), options,
                              std::span<Screening>(screenings.data(), facts.size()), threads);
    }
    size_t k = 0;
    for (size_t j = 0; j < count; ++j) {
      if (k < screened.size() && screened[k] == j) {
        {
          py::gil_scoped_release release;
          json.clear();
          WriteJson(screenings[k], self.rules(), json);
        }
        ++k;
        py::object result = JsonLoads(json);
        out.append(wrap.is_none() ? result : wrap(result));
      } else {
        py::object error = ErrorObject(decoded[j].errors, decoded[j].case_id);
        out.append(wrap.is_none() ? error : wrap(error));
      }
    }
    // Returns what one large result made the text grow to, rather than keep it for the next.
    if (json.capacity() > (1u << 20)) std::string().swap(json);
  }
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
    std::string text;
    std::vector<CaseError> problems;
    DecodeResult decoded;
    for (size_t i = 0; i < n_; ++i) {
      if (state_[i] != kBad) continue;
      RowText(i, text, problems);
      DecodeText(self_.rules(), text, problems, decoded);
      if (decoded.ok()) {
        facts_[i] = std::move(*decoded.facts);
        state_[i] = kKnown;
      } else {
        errors_[i] = std::move(decoded.errors);
        facts_[i].case_id = decoded.case_id;
        // The case_id the library read, as for a record (none when it could not be read).
        if (case_id_objects_.size() == n_ && !decoded.case_id) case_id_objects_[i] = nullptr;
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

  // The derived facts of every row the encoder vouches for, by the library itself (Rules::Complete:
  // ages from dates of birth, values implied by other facts). A row it cannot complete is decoded
  // again by Decode, for its errors.
  void Derive() {
    std::vector<CaseError> problems;
    for (size_t i = 0; i < n_; ++i) {
      if (state_[i] == kBad) continue;
      problems.clear();
      if (!self_.rules().Complete(facts_[i], problems)) state_[i] = kBad;
    }
  }


  // Row i as a JSON record with the columns, in order, as (possibly dotted) member names: the line
  // `threshold screen` would read for it (written as JsonWriter writes a dict). A value with no
  // JSON form is a problem, as for a dict.
  void RowText(size_t i, std::string& text, std::vector<CaseError>& problems) const {
    text.clear();
    problems.clear();
    text += '{';
    bool first = true;
    for (const Column& column : columns_) {
      if (!first) text += ',';
      first = false;
      JsonWriter::Escaped(text, column.name);
      text += ':';
      if (Missing(column, i)) {
        text += "null";
        continue;
      }
      Element(column, i, text, problems);
    }
    text += '}';
  }

  void Element(const Column& column, size_t i, std::string& text, std::vector<CaseError>& problems) const {
    char kind = column.values.dtype().kind();
    const void* raw = column.values.data();
    if (kind == 'O') {
      std::vector<CaseError> found;
      JsonWriter(text, found).Value(static_cast<PyObject* const*>(raw)[i]);
      for (CaseError& problem : found) {
        // Inside the column's value: the column's own name (a fact path or a top-level key) first.
        problem.pointer = "/" + EscapePointerToken(column.name) + problem.pointer;
        problems.push_back(std::move(problem));
      }
      return;
    }
    if (kind == 'b') {
      text += static_cast<const uint8_t*>(raw)[i] != 0 ? "true" : "false";
      return;
    }
    if (kind == 'i') {
      int64_t v = static_cast<const int64_t*>(raw)[i];
      if (column.days) {
        Date date = Date::FromDays(static_cast<int32_t>(std::clamp<int64_t>(v, INT32_MIN, INT32_MAX)));
        JsonWriter::Escaped(text, date.ToString());
      } else {
        JsonWriter::Whole(text, v);
      }
      return;
    }
    if (kind == 'f') {
      JsonWriter::Number(text, static_cast<const double*>(raw)[i]);  // NaN: null; infinities as for a dict
      return;
    }
    text += "null";
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
  m.def(
      "field_name_is_showable",
      [](const py::handle& name) {
        if (!PyUnicode_Check(name.ptr())) return false;
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(name.ptr(), &size);
        if (data == nullptr) {
          PyErr_Clear();
          return false;
        }
        return threshold::FieldNameIsShowable(std::string_view(data, static_cast<size_t>(size)));
      },
      "name"_a, R"pbdoc(Whether an error may quote this field name (the library's FieldNameIsShowable).)pbdoc");

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
           "why_not"_a = true, "threads"_a = 0, "wrap"_a = py::none(),
           R"pbdoc(Screens a sequence of records; returns a list of wrap(result or error object).)pbdoc")
      .def("screen_columns", &ScreenColumns, "rows"_a, "columns"_a, "as_of"_a = py::none(),
           "rule_sets"_a = py::none(), "threads"_a = 0,
           R"pbdoc(Screens a table given column by column; returns the output columns as object arrays.)pbdoc")
      .def("explain", &Explain, "record"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(), "detail"_a = "summary",
           R"pbdoc(The screening note for one record, as text.)pbdoc")
      .def("questions", &Questions, "record"_a, "as_of"_a = py::none(), "rule_sets"_a = py::none(),
           R"pbdoc(The missing facts of every review as one ranked list of questions.)pbdoc")
      .def(
          "schema", [](const PyRules& self) { return JsonLoads(self.rules().Schema().dump()); },
          R"pbdoc(The JSON Schema (draft 2020-12) of the case record.)pbdoc")
      .def(
          "field_errors",
          [](const PyRules& self, const py::handle& name) {
            // What the library says of a record with this field (null): an unknown name's E405,
            // with the name shown or withheld by its rule (FieldNameIsShowable), and its did-you-mean.
            if (!PyUnicode_Check(name.ptr())) throw py::type_error("a field name is a str");
            std::string text = "{";
            JsonWriter::Str(text, name.ptr());
            text += ":null}";
            return CaseErrorList(self.rules().Decode(text).errors);
          },
          "name"_a, R"pbdoc(The errors of the record {name: null}: for a DataFrame column that names no fact.)pbdoc")
      .def("graph", &Graph, "review"_a, "rule_set"_a = "", "record"_a = py::none(), "as_of"_a = py::none(),
           "rule_sets"_a = py::none(), R"pbdoc(A review's decision logic as Graphviz DOT.)pbdoc");
}
