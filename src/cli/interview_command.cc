// threshold interview: asks the next question in the terminal until every review is determined,
// nothing more can be asked, or the user stops; then prints the screening note. Answers are
// validated by decoding the growing case record, so a bad answer is asked again with the same
// error message any case record would get. Stage: cli.
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "check/model.h"
#include "cli/cli.h"
#include "compile/program.h"

namespace threshold::cli {
namespace {

std::string Trim(std::string text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  size_t end = text.find_last_not_of(" \t\r\n");
  return start == std::string::npos ? std::string() : text.substr(start, end - start + 1);
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Converts a typed answer to the JSON value of the fact, or returns null JSON with a hint.
std::optional<nlohmann::json> Interpret(const internal::FactDecl& fact, const std::string& answer,
                                        std::string& hint) {
  std::string a = Lower(answer);
  switch (fact.type) {
    case internal::FactType::kBool:
      if (a == "y" || a == "yes" || a == "true") return nlohmann::json(true);
      if (a == "n" || a == "no" || a == "false") return nlohmann::json(false);
      hint = "answer yes or no (or ? if you do not know)";
      return std::nullopt;
    case internal::FactType::kInt: {
      try {
        size_t used = 0;
        long long value = std::stoll(a, &used);
        if (used == a.size()) return nlohmann::json(value);
      } catch (...) {
      }
      hint = "answer a whole number from " + std::to_string(fact.min) + " to " + std::to_string(fact.max);
      return std::nullopt;
    }
    case internal::FactType::kDate:
      return nlohmann::json(answer);  // decoding checks it
    case internal::FactType::kText:
      return nlohmann::json(answer);
    case internal::FactType::kEnum: {
      for (size_t i = 0; i < fact.options.size(); ++i) {
        if (a == fact.options[i] || a == Lower(fact.labels[i]) || a == std::to_string(i + 1)) {
          return nlohmann::json(fact.options[i]);
        }
      }
      hint = "answer with the number of an option";
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

int InterviewCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                     std::ostream& err) {
  std::string rules_dir, case_file;
  ScreenOptions options;
  bool json_out = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if ((args[i] == "--rules" || args[i] == "--case" || args[i] == "--as-of") && i + 1 < args.size()) {
      const std::string& v = args[++i];
      if (args[i - 1] == "--rules") rules_dir = v;
      else if (args[i - 1] == "--case") case_file = v;
      else if (!(options.as_of = Date::Parse(v))) {
        err << "threshold interview: --as-of needs a date written YYYY-MM-DD\n";
        return kExitUsage;
      }
    } else if (args[i] == "--json") {
      json_out = true;
    } else {
      err << "threshold interview [--rules DIR] [--case FILE] [--as-of DATE] [--json]\n";
      return kExitUsage;
    }
  }
  std::optional<Rules> rules = LoadRules(rules_dir, err);
  if (!rules) return kExitUsage;
  const internal::Model& model = rules->program().model;
  nlohmann::json record = nlohmann::json::object();
  if (!case_file.empty()) {
    std::string text;
    if (!ReadInput(case_file, text, err)) return kExitUsage;
    std::vector<Record> records = SplitRecords(text, case_file);
    if (records.empty() || !nlohmann::json::accept(records[0].text)) {
      err << "threshold interview: '" << case_file << "' does not start with a JSON case record\n";
      return kExitUsage;
    }
    record = nlohmann::json::parse(records[0].text);
  }
  out << "Threshold screening interview. Answer each question; '?' if you do not know, 'stop' to finish.\n";
  std::set<std::string> unknown_to_referrer;
  Screening screening;
  int asked = 0;
  while (true) {
    DecodeResult decoded = rules->DecodeValue(record);
    if (!decoded.ok()) {
      for (const CaseError& error : decoded.errors) {
        err << (error.pointer.empty() ? "record" : error.pointer) << ": " << error.message << " [" << error.code
            << "]\n";
      }
      return kExitFailed;
    }
    rules->Screen(*decoded.facts, options, screening);
    const Question* next = nullptr;
    std::vector<Question> questions = RankQuestions(screening, *rules);
    for (const Question& q : questions) {
      if (!unknown_to_referrer.count(std::string(q.fact))) {
        next = &q;
        break;
      }
    }
    if (!next) break;
    const internal::FactDecl& fact = model.facts[model.FindFact(next->fact)];
    out << "\nQ" << ++asked << ". " << next->question << "\n";
    out << "    (" << next->why << ")\n";
    if (!fact.help.empty()) out << "    " << fact.help << "\n";
    if (fact.type == internal::FactType::kEnum) {
      for (size_t i = 0; i < fact.options.size(); ++i) out << "    " << (i + 1) << ". " << fact.labels[i] << "\n";
    } else if (fact.type == internal::FactType::kDate) {
      out << "    (a date, YYYY-MM-DD)\n";
    } else if (fact.type == internal::FactType::kBool) {
      out << "    (yes / no)\n";
    }
    bool stop = false;
    while (true) {
      out << "> " << std::flush;
      std::string line;
      if (!std::getline(in, line)) {
        stop = true;
        break;
      }
      std::string answer = Trim(line);
      std::string lowered = Lower(answer);
      if (lowered == "stop" || lowered == "quit" || lowered == "q") {
        stop = true;
        break;
      }
      if (lowered == "?" || lowered == "don't know" || lowered == "dont know" || lowered == "unknown" ||
          lowered == "skip") {
        unknown_to_referrer.insert(std::string(next->fact));
        break;
      }
      std::string hint;
      std::optional<nlohmann::json> value = Interpret(fact, answer, hint);
      if (!value) {
        out << "    " << hint << "\n";
        continue;
      }
      nlohmann::json trial = record;
      nlohmann::json* slot = &trial;
      for (const std::string& key : fact.keys) slot = &(*slot)[key];
      *slot = *value;
      DecodeResult check = rules->DecodeValue(trial);
      if (!check.ok()) {
        out << "    " << check.errors[0].message << "\n";
        continue;
      }
      record = std::move(trial);
      break;
    }
    if (stop) break;
  }
  out << "\n";
  if (json_out) {
    out << ToJson(screening, *rules).dump(2) << "\n";
  } else {
    TextOptions text;
    DecodeResult decoded = rules->DecodeValue(record);
    if (decoded.ok()) text.facts = &*decoded.facts;
    out << ToText(screening, *rules, text);
  }
  return kExitOk;
}

}  // namespace threshold::cli
