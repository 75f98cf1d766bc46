// threshold screen: reads case records and writes one result per record, in input order. A bad
// record gets one error line and the batch goes on. Stage: cli.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "compile/program.h"

namespace threshold::cli {
namespace {

enum class Format { kJson, kText, kOutcomes };

nlohmann::json ErrorLine(const DecodeResult& decoded, const Record& record) {
  nlohmann::json errors = nlohmann::json::array();
  for (const CaseError& error : decoded.errors) {
    errors.push_back({{"code", error.code}, {"pointer", error.pointer}, {"message", error.message}});
  }
  nlohmann::json line;
  line["case_id"] = decoded.case_id ? nlohmann::json(*decoded.case_id) : nlohmann::json(nullptr);
  line["error"] = errors.empty() ? nlohmann::json(nullptr) : errors[0];
  line["errors"] = std::move(errors);
  line["input"] = {{"file", record.source}, {"line", record.line}};
  return line;
}

}  // namespace

int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string rules_dir;
  Format format = Format::kJson;
  ScreenOptions options;
  std::vector<std::string> inputs;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](const char* flag) -> const std::string* {
      if (i + 1 >= args.size()) {
        err << "threshold screen: " << flag << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    if (arg == "--rules") {
      const std::string* v = value("--rules");
      if (!v) return kExitUsage;
      rules_dir = *v;
    } else if (arg == "--as-of") {
      const std::string* v = value("--as-of");
      if (!v) return kExitUsage;
      options.as_of = Date::Parse(*v);
      if (!options.as_of) {
        err << "threshold screen: --as-of needs a date written YYYY-MM-DD\n";
        return kExitUsage;
      }
    } else if (arg == "--rule-set") {
      const std::string* v = value("--rule-set");
      if (!v) return kExitUsage;
      size_t eq = v->find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == v->size()) {
        err << "threshold screen: --rule-set needs REVIEW=RULESET, e.g. dhr=dardr_2024\n";
        return kExitUsage;
      }
      options.rule_sets[v->substr(0, eq)] = v->substr(eq + 1);
    } else if (arg == "--format") {
      const std::string* v = value("--format");
      if (!v) return kExitUsage;
      if (*v == "json") format = Format::kJson;
      else if (*v == "text") format = Format::kText;
      else if (*v == "outcomes") format = Format::kOutcomes;
      else {
        err << "threshold screen: --format is json, text or outcomes\n";
        return kExitUsage;
      }
    } else if (arg == "--help" || arg == "-h") {
      out << "threshold screen [--rules DIR] [--as-of DATE] [--rule-set REVIEW=ID] "
             "[--format json|text|outcomes] [FILE ...|-]\n";
      return kExitOk;
    } else if (arg.size() > 1 && arg[0] == '-' && arg != "-") {
      err << "threshold screen: unknown option '" << arg << "'\n";
      return kExitUsage;
    } else {
      inputs.push_back(arg);
    }
  }
  if (inputs.empty()) inputs.push_back("-");
  std::optional<Rules> rules = LoadRules(rules_dir, err);
  if (!rules) return kExitUsage;
  if (format == Format::kOutcomes) {
    options.reasons = false;
    options.relevance = false;
  }
  for (const auto& [review, rule_set] : options.rule_sets) {
    const auto& reviews = rules->program().model.reviews;
    bool found = false;
    for (const auto& r : reviews) {
      if (r.id != review) continue;
      for (const auto& s : r.rule_sets) found = found || s.id == rule_set;
    }
    if (!found) {
      err << "threshold screen: there is no rule set '" << rule_set << "' for review '" << review << "'\n";
      return kExitUsage;
    }
  }

  int failed = 0;
  Screening screening;
  bool first_text = true;
  for (const std::string& input : inputs) {
    std::string text;
    if (!ReadInput(input, text, err)) return kExitUsage;
    for (const Record& record : SplitRecords(text, input)) {
      DecodeResult decoded = rules->Decode(record.text);
      if (!decoded.ok()) {
        ++failed;
        if (format == Format::kText) {
          out << (first_text ? "" : "\n") << "Case " << (decoded.case_id ? *decoded.case_id : "(no case_id)")
              << " (" << record.source << " line " << record.line << ") was not screened:\n";
          for (const CaseError& error : decoded.errors) {
            out << "  " << (error.pointer.empty() ? "record" : error.pointer) << ": " << error.message << " ["
                << error.code << "]\n";
          }
          first_text = false;
        } else {
          out << ErrorLine(decoded, record).dump() << "\n";
        }
        continue;
      }
      rules->Screen(*decoded.facts, options, screening);
      switch (format) {
        case Format::kJson: out << ToJson(screening, *rules).dump() << "\n"; break;
        case Format::kOutcomes: out << ToOutcomesJson(screening).dump() << "\n"; break;
        case Format::kText:
          out << (first_text ? "" : "\n" + std::string(78, '-') + "\n") << ToText(screening, *rules);
          first_text = false;
          break;
      }
    }
  }
  out.flush();
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace threshold::cli
