// threshold screen: reads case records and writes one result per record, in input order. A bad
// record gets one error line and the batch goes on. With --jobs, slices of the input are decoded,
// screened and rendered on several threads, each into its own buffer, and written in order.
// Stage: cli.
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "compile/program.h"
#include "explain/json_writer.h"

namespace threshold::cli {
namespace {

enum class Format { kJson, kText, kOutcomes };

void WriteErrorLine(const DecodeResult& decoded, const Record& record, std::string& out) {
  internal::JsonWriter w(out);
  w.BeginObject().Key("case_id");
  decoded.case_id ? w.String(*decoded.case_id) : w.Null();
  auto error = [&](const CaseError& e) {
    w.BeginObject().Key("code").String(e.code).Key("pointer").String(e.pointer);
    w.Key("message").String(e.message).EndObject();
  };
  w.Key("error");
  if (decoded.errors.empty()) {
    w.Null();
  } else {
    error(decoded.errors.front());
  }
  w.Key("errors").BeginArray();
  for (const CaseError& e : decoded.errors) error(e);
  w.EndArray();
  w.Key("input").BeginObject().Key("file").String(record.source).Key("line").Int(record.line).EndObject();
  w.EndObject();
}

// What one thread keeps between records.
struct Worker {
  DecodeResult decoded;
  Screening screening;
  std::string out;
  int failed = 0;
};

void Process(const Rules& rules, const ScreenOptions& options, Format format, const std::vector<Record>& records,
             size_t begin, size_t end, Worker& worker) {
  for (size_t i = begin; i < end; ++i) {
    const Record& record = records[i];
    rules.Decode(record.text, worker.decoded);
    if (!worker.decoded.ok()) {
      ++worker.failed;
      if (format == Format::kText) {
        worker.out += "Case " + (worker.decoded.case_id ? *worker.decoded.case_id : std::string("(no case_id)")) +
                      " (" + record.source + " line " + std::to_string(record.line) + ") was not screened:\n";
        for (const CaseError& error : worker.decoded.errors) {
          worker.out += "  " + (error.pointer.empty() ? std::string("record") : error.pointer) + ": " +
                        error.message + " [" + error.code + "]\n";
        }
      } else {
        WriteErrorLine(worker.decoded, record, worker.out);
        worker.out += '\n';
      }
      continue;
    }
    rules.Screen(*worker.decoded.facts, options, worker.screening);
    switch (format) {
      case Format::kJson:
        WriteJson(worker.screening, rules, worker.out);
        worker.out += '\n';
        break;
      case Format::kOutcomes:
        WriteOutcomesJson(worker.screening, worker.out);
        worker.out += '\n';
        break;
      case Format::kText:
        worker.out += ToText(worker.screening, rules);
        worker.out += std::string(78, '-') + "\n";
        break;
    }
  }
}

}  // namespace

int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string rules_dir;
  Format format = Format::kJson;
  ScreenOptions options;
  std::vector<std::string> inputs;
  int jobs = 1;
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
    } else if (arg == "--jobs" || arg == "-j") {
      const std::string* v = value("--jobs");
      if (!v) return kExitUsage;
      try {
        jobs = std::stoi(*v);
      } catch (...) {
        jobs = -1;
      }
      if (jobs < 0 || jobs > 256) {
        err << "threshold screen: --jobs takes a number from 0 (one per core) to 256\n";
        return kExitUsage;
      }
      if (jobs == 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    } else if (arg == "--help" || arg == "-h") {
      out << "threshold screen [--rules DIR] [--as-of DATE] [--rule-set REVIEW=ID] "
             "[--format json|text|outcomes] [--jobs N] [FILE ...|-]\n";
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
    options.flags = false;
    options.relevance = false;
  }
  for (const auto& [review, rule_set] : options.rule_sets) {
    bool found = false;
    for (const auto& r : rules->program().model.reviews) {
      if (r.id != review) continue;
      for (const auto& s : r.rule_sets) found = found || s.id == rule_set;
    }
    if (!found) {
      err << "threshold screen: there is no rule set '" << rule_set << "' for review '" << review << "'\n";
      return kExitUsage;
    }
  }
  if (!options.as_of) {
    // One screening date for the whole batch, even if it runs past midnight: the date in England.
    options.as_of = TodayInEngland();
  }

  std::vector<Worker> workers(static_cast<size_t>(jobs));
  int failed = 0;
  // Slices of this many records are handed to the threads, so output can be written as it goes.
  constexpr size_t kSlice = 8192;
  for (const std::string& input : inputs) {
    std::string text;
    if (!ReadInput(input, text, err)) return kExitUsage;
    std::vector<Record> records = SplitRecords(text, input);
    for (size_t start = 0; start < records.size(); start += kSlice * workers.size()) {
      size_t stop = std::min(records.size(), start + kSlice * workers.size());
      size_t per = (stop - start + workers.size() - 1) / workers.size();
      std::vector<std::thread> threads;
      for (size_t w = 0; w < workers.size(); ++w) {
        size_t begin = start + w * per, end = std::min(stop, begin + per);
        workers[w].out.clear();
        if (begin >= end) continue;
        if (w + 1 == workers.size() || workers.size() == 1) {
          Process(*rules, options, format, records, begin, end, workers[w]);
        } else {
          threads.emplace_back(Process, std::cref(*rules), std::cref(options), format, std::cref(records), begin,
                               end, std::ref(workers[w]));
        }
      }
      for (std::thread& thread : threads) thread.join();
      for (Worker& worker : workers) out.write(worker.out.data(), static_cast<std::streamsize>(worker.out.size()));
    }
  }
  for (const Worker& worker : workers) failed += worker.failed;
  out.flush();
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace threshold::cli
