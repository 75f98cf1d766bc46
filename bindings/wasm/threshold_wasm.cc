// The WebAssembly shim: the library's screen, questions and schema as JavaScript functions that
// take JSON text and give JSON text (post.js wraps them: screenJson, screen, ...). Nothing is thrown
// across the boundary: a bad record, bad options or an internal failure comes back as an error
// object, the same shape as the CLI's error line. Like the library, it never logs a case fact
// and never quotes one in a message. Stage: bindings.
//
// Each function writes its JSON into one buffer and returns a Uint8Array view of it, which post.js
// decodes with TextDecoder at once: embind's own std::string return copies byte by byte in
// JavaScript, which took longer than screening. The view is valid until the next call.
#include <emscripten/bind.h>

#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <string>
#include <string_view>

#include <emscripten/val.h>
#include <nlohmann/json.hpp>

#include "threshold/threshold.h"

namespace threshold::wasm {
namespace {

using nlohmann::json;

// The built-in rules, compiled once on first use and shared by every call.
const CompileResult& Compiled() {
  static const CompileResult compiled = Rules::Builtin();
  return compiled;
}

// One error in the shape of a CaseError.
json ErrorItem(std::string_view code, std::string_view pointer, std::string_view message) {
  return {{"code", code}, {"pointer", pointer}, {"message", message}};
}

// {"case_id", "error", "errors"}: the CLI's error line without its "input" (there is no file).
std::string ErrorObject(const std::optional<std::string>& case_id, json errors) {
  json out;
  out["case_id"] = case_id ? json(*case_id) : json(nullptr);
  out["error"] = errors.empty() ? json(nullptr) : errors[0];
  out["errors"] = std::move(errors);
  // A string from JavaScript can hold a lone surrogate, which is not UTF-8: replace, never throw.
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string OneError(std::string_view code, std::string_view pointer, std::string_view message) {
  return ErrorObject(std::nullopt, json::array({ErrorItem(code, pointer, message)}));
}

// Reads the options object: {"as_of": "YYYY-MM-DD", "rule_sets": {"dhr": "dardr_2024"},
// "reasons": bool, "relevance": bool, "why_not": bool}. Every member is optional; an unknown
// member is an error rather than silently ignored. Returns false with `*error` set.
bool ParseOptions(std::string_view text, ScreenOptions& options, std::string* error) {
  json value = json::parse(text.empty() ? std::string_view("{}") : text, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    *error = OneError("options", "", "the options must be a JSON object");
    return false;
  }
  for (const auto& [key, member] : value.items()) {
    std::string pointer = "/" + key;
    if (key == "as_of") {
      if (member.is_null()) continue;
      std::optional<Date> date = member.is_string() ? Date::Parse(member.get<std::string>()) : std::nullopt;
      if (!date) {
        *error = OneError("options", pointer, "as_of must be a real date written YYYY-MM-DD");
        return false;
      }
      options.as_of = date;
    } else if (key == "rule_sets") {
      if (member.is_null()) continue;
      if (!member.is_object()) {
        *error = OneError("options", pointer, "rule_sets must map review ids to rule set ids");
        return false;
      }
      for (const auto& [review, rule_set] : member.items()) {
        if (!rule_set.is_string()) {
          *error = OneError("options", pointer + "/" + review, "a rule set id must be a string");
          return false;
        }
        options.rule_sets[review] = rule_set.get<std::string>();
      }
    } else if (key == "reasons" || key == "relevance" || key == "why_not") {
      if (!member.is_boolean()) {
        *error = OneError("options", pointer, key + " must be true or false");
        return false;
      }
      bool on = member.get<bool>();
      (key == "reasons" ? options.reasons : key == "relevance" ? options.relevance : options.why_not) = on;
    } else {
      *error = OneError("options", pointer, "unknown option '" + key + "'");
      return false;
    }
  }
  return true;
}

// A forced rule set must name a review and one of its rule sets, as the CLI insists.
bool CheckRuleSets(const ScreenOptions& options, const Screening& screening, std::string* error) {
  for (const auto& [review, rule_set] : options.rule_sets) {
    bool known = false;
    for (const ReviewResult& result : screening.reviews) known = known || result.id == review;
    if (!known || !screening.error.empty()) {
      *error = OneError("options", "/rule_sets/" + review,
                        known ? screening.error : "there is no review '" + review + "'");
      return false;
    }
  }
  return true;
}

// Decodes and screens one record; on failure returns false with `*error` set.
bool Run(const std::string& record, const std::string& options_text, Screening& screening,
         std::string* error) {
  const CompileResult& compiled = Compiled();
  if (!compiled.ok()) {
    *error = OneError("rules", "", compiled.FormatDiagnostics());
    return false;
  }
  ScreenOptions options;
  if (!ParseOptions(options_text, options, error)) return false;
  DecodeResult decoded = compiled.rules->Decode(record);
  if (!decoded.ok()) {
    json errors = json::array();
    for (const CaseError& e : decoded.errors) errors.push_back(ErrorItem(e.code, e.pointer, e.message));
    *error = ErrorObject(decoded.case_id, std::move(errors));
    return false;
  }
  compiled.rules->Screen(*decoded.facts, options, screening);
  return CheckRuleSets(options, screening, error);
}

// Runs `body`, which writes JSON text into the buffer, and returns a view of the buffer. Catches
// anything the library throws, so that JavaScript only ever gets JSON.
template <typename F>
emscripten::val Guarded(F&& body) {
  static std::string out;
  out.clear();
  try {
    body(out);
  } catch (const std::bad_alloc&) {
    out = OneError("internal", "", "out of memory");
  } catch (...) {  // what() is not shown: a library's message might quote the input
    out = OneError("internal", "", "internal error");
  }
  return emscripten::val(emscripten::typed_memory_view(out.size(), reinterpret_cast<const uint8_t*>(out.data())));
}

// The result contract (docs/result.md), as `threshold screen` writes it, or an error object.
emscripten::val ScreenBytes(const std::string& record, const std::string& options) {
  return Guarded([&](std::string& out) {
    static Screening screening;  // reused storage; the module is single-threaded
    if (Run(record, options, screening, &out)) WriteJson(screening, *Compiled().rules, out);
  });
}

// The ranked questions, as `threshold questions --format json` writes them, or an error object.
emscripten::val QuestionsBytes(const std::string& record, const std::string& options) {
  return Guarded([&](std::string& out) {
    static Screening screening;
    if (!Run(record, options, screening, &out)) return;
    const Rules& rules = *Compiled().rules;
    json list = json::array();
    for (const Question& q : RankQuestions(screening, rules)) {
      json item = {{"fact", q.fact}, {"question", q.question}, {"type", q.type},
                   {"reviews", q.reviews}, {"why", q.why}};
      if (q.assumed) item["assumed"] = true;
      if (!q.help.empty()) item["help"] = q.help;
      for (const FactInfo& fact : rules.fact_info()) {
        if (fact.path != q.fact || fact.type != "enum") continue;
        json options_list = json::array();
        for (size_t i = 0; i < fact.options.size(); ++i) {
          options_list.push_back({{"value", fact.options[i]}, {"label", fact.labels[i]}});
        }
        item["options"] = std::move(options_list);
      }
      list.push_back(std::move(item));
    }
    out = list.dump(-1, ' ', false, json::error_handler_t::replace);
  });
}

// The JSON Schema of the case record, as `threshold schema` writes it.
emscripten::val SchemaBytes() {
  return Guarded([](std::string& out) {
    const CompileResult& compiled = Compiled();
    out = compiled.ok() ? compiled.rules->Schema().dump() : OneError("rules", "", compiled.FormatDiagnostics());
  });
}

// The declared facts in declaration order (the order a form asks them in): the descriptors of
// the value slots of a decoded record, Facts::values[i] described by fact_info()[i].
emscripten::val FactsBytes() {
  return Guarded([](std::string& out) {
    const CompileResult& compiled = Compiled();
    if (!compiled.ok()) {
      out = OneError("rules", "", compiled.FormatDiagnostics());
      return;
    }
    static const char* const kSensitivity[] = {"", "low", "medium", "high"};
    const std::vector<FactInfo>& facts = compiled.rules->fact_info();
    size_t slots = std::min(facts.size(), compiled.rules->Decode("{}").facts->values.size());
    json list = json::array();
    for (size_t f = 0; f < slots; ++f) {
      const FactInfo& fact = facts[f];
      json item = {{"path", fact.path}, {"pointer", fact.pointer}, {"type", fact.type},
                   {"question", fact.question}, {"help", fact.help},
                   {"sensitivity", kSensitivity[std::clamp(fact.sensitivity, 1, 3)]},
                   {"derived", fact.derived}};
      if (fact.type == "integer") {
        item["min"] = fact.min;
        item["max"] = fact.max;
      }
      if (fact.type == "enum") {
        json options = json::array();
        for (size_t i = 0; i < fact.options.size(); ++i) {
          options.push_back({{"value", fact.options[i]}, {"label", fact.labels[i]}});
        }
        item["options"] = std::move(options);
      }
      list.push_back(std::move(item));
    }
    out = list.dump();
  });
}

// The engine and the rules: enough, with a result, to replay a screening.
emscripten::val AboutBytes() {
  return Guarded([](std::string& out) {
    const CompileResult& compiled = Compiled();
    if (!compiled.ok()) {
      out = OneError("rules", "", compiled.FormatDiagnostics());
      return;
    }
    const Rules& rules = *compiled.rules;
    json about = {{"engine", {{"name", "threshold"}, {"version", THRESHOLD_VERSION}}},
                  {"rules", {{"name", rules.name()}, {"title", rules.title()},
                             {"version", rules.version()}, {"digest", rules.digest()}}}};
    out = about.dump();
  });
}

}  // namespace
}  // namespace threshold::wasm

// Internal names: post.js builds the API (screenJson, screen, ...) on these.
EMSCRIPTEN_BINDINGS(threshold) {
  emscripten::function("screenBytes", &threshold::wasm::ScreenBytes);
  emscripten::function("questionsBytes", &threshold::wasm::QuestionsBytes);
  emscripten::function("schemaBytes", &threshold::wasm::SchemaBytes);
  emscripten::function("factsBytes", &threshold::wasm::FactsBytes);
  emscripten::function("aboutBytes", &threshold::wasm::AboutBytes);
}
