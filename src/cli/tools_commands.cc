// threshold questions / schema / graph: the referral-time tools. `questions` ranks the missing
// facts of a case; `schema` writes the case record's JSON Schema for forms; `graph` writes a
// review's decision logic as Graphviz DOT, optionally coloured by a case. Stage: cli.
#include <iostream>

#include <nlohmann/json.hpp>

#include "check/model.h"
#include "cli/cli.h"
#include "compile/program.h"

namespace threshold::cli {
namespace {

// Options shared by the tools: --rules DIR, --as-of DATE, --format; the rest are positional.
struct ToolOptions {
  std::string rules_dir;
  ScreenOptions screen;
  std::string format = "text";
  std::vector<std::string> positional;
  std::string review, rule_set, case_file;
};

bool ParseToolOptions(const char* command, const std::vector<std::string>& args, ToolOptions& options,
                      std::ostream& err) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        err << "threshold " << command << ": " << arg << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    const std::string* v = nullptr;
    if (arg == "--rules") {
      if (!(v = value())) return false;
      options.rules_dir = *v;
    } else if (arg == "--as-of") {
      if (!(v = value())) return false;
      options.screen.as_of = Date::Parse(*v);
      if (!options.screen.as_of) {
        err << "threshold " << command << ": --as-of needs a date written YYYY-MM-DD\n";
        return false;
      }
    } else if (arg == "--format") {
      if (!(v = value())) return false;
      if (*v != "text" && *v != "json") {
        err << "threshold " << command << ": --format is text or json\n";
        return false;
      }
      options.format = *v;
    } else if (arg == "--regime" || arg == "--review") {
      if (!(v = value())) return false;
      options.review = *v;
    } else if (arg == "--rule-set") {
      if (!(v = value())) return false;
      options.rule_set = *v;
    } else if (arg == "--case") {
      if (!(v = value())) return false;
      options.case_file = *v;
    } else if (arg.size() > 1 && arg[0] == '-') {
      err << "threshold " << command << ": unknown option '" << arg << "'\n";
      return false;
    } else {
      options.positional.push_back(arg);
    }
  }
  return true;
}

// Reads the first record of a file and decodes it; prints errors (pointers, never values).
std::optional<Facts> ReadCase(const Rules& rules, const std::string& path, std::ostream& err) {
  std::string text;
  if (!ReadInput(path, text, err)) return std::nullopt;
  std::vector<Record> records = SplitRecords(text, path);
  if (records.empty()) {
    err << "threshold: '" << path << "' holds no case record\n";
    return std::nullopt;
  }
  DecodeResult decoded = rules.Decode(records[0].text);
  for (const CaseError& error : decoded.errors) {
    err << path << ": " << (error.pointer.empty() ? "record" : error.pointer) << ": " << error.message << " ["
        << error.code << "]\n";
  }
  return decoded.facts;
}

}  // namespace

int QuestionsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ToolOptions options;
  if (!ParseToolOptions("questions", args, options, err)) return kExitUsage;
  if (options.positional.size() != 1) {
    err << "threshold questions [--rules DIR] [--as-of DATE] [--format text|json] FILE\n";
    return kExitUsage;
  }
  std::optional<Rules> rules = LoadRules(options.rules_dir, err);
  if (!rules) return kExitUsage;
  std::optional<Facts> facts = ReadCase(*rules, options.positional[0], err);
  if (!facts) return kExitFailed;
  Screening screening = rules->Screen(*facts, options.screen);
  std::vector<Question> questions = RankQuestions(screening, *rules);
  const internal::Model& model = rules->program().model;
  if (options.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const Question& q : questions) {
      nlohmann::json item = {{"fact", q.fact}, {"question", q.question}, {"type", q.type},
                             {"reviews", q.reviews}, {"why", q.why}};
      if (!q.help.empty()) item["help"] = q.help;
      if (q.assumed) item["assumed"] = true;
      const internal::FactDecl& fact = model.facts[model.FindFact(q.fact)];
      if (fact.type == internal::FactType::kEnum) {
        nlohmann::json opts = nlohmann::json::array();
        for (size_t i = 0; i < fact.options.size(); ++i) {
          opts.push_back({{"value", fact.options[i]}, {"label", fact.labels[i]}});
        }
        item["options"] = std::move(opts);
      }
      list.push_back(std::move(item));
    }
    out << list.dump(2) << "\n";
    return kExitOk;
  }
  if (questions.empty()) {
    out << "Every review is determined: there is nothing more to ask.\n";
    return kExitOk;
  }
  int n = 0;
  for (const Question& q : questions) {
    const internal::FactDecl& fact = model.facts[model.FindFact(q.fact)];
    out << ++n << ". " << q.question << "\n   fact: " << q.fact << " (" << q.type;
    if (fact.type == internal::FactType::kEnum) {
      out << ": ";
      for (size_t i = 0; i < fact.options.size(); ++i) {
        out << (i ? ", " : "") << fact.options[i] << " = " << fact.labels[i];
      }
    } else if (fact.type == internal::FactType::kInt) {
      out << " " << fact.min << " to " << fact.max;
    } else if (fact.type == internal::FactType::kDate) {
      out << ", YYYY-MM-DD";
    }
    out << ")\n   why it matters: " << q.why << "\n";
    if (!q.help.empty()) out << "   help: " << q.help << "\n";
  }
  return kExitOk;
}

int SchemaCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ToolOptions options;
  if (!ParseToolOptions("schema", args, options, err)) return kExitUsage;
  if (!options.positional.empty()) {
    err << "threshold schema [--rules DIR]\n";
    return kExitUsage;
  }
  std::optional<Rules> rules = LoadRules(options.rules_dir, err);
  if (!rules) return kExitUsage;
  out << rules->Schema().dump(2) << "\n";
  return kExitOk;
}

int GraphCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  ToolOptions options;
  if (!ParseToolOptions("graph", args, options, err)) return kExitUsage;
  if (!options.positional.empty()) {
    err << "threshold graph [--rules DIR] [--regime ID] [--rule-set ID] [--case FILE] [--as-of DATE]\n";
    return kExitUsage;
  }
  std::optional<Rules> rules = LoadRules(options.rules_dir, err);
  if (!rules) return kExitUsage;
  std::optional<Screening> screening;
  if (!options.case_file.empty()) {
    std::optional<Facts> facts = ReadCase(*rules, options.case_file, err);
    if (!facts) return kExitFailed;
    screening = rules->Screen(*facts, options.screen);
  }
  const internal::Model& model = rules->program().model;
  bool any = false;
  for (const auto& review : model.reviews) {
    if (!options.review.empty() && review.id != options.review) continue;
    std::string dot = rules->Graph(review.id, options.rule_set, screening ? &*screening : nullptr);
    if (dot.empty()) {
      err << "threshold graph: review '" << review.id << "' has no rule set '" << options.rule_set << "'\n";
      return kExitUsage;
    }
    out << dot;
    any = true;
  }
  if (!any) {
    err << "threshold graph: there is no review '" << options.review << "'\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace threshold::cli
