// threshold screen: reads case records and writes one result per record, in input order. A bad
// record gets one error line and the batch goes on. Inputs are read as a stream (input.h) and
// screened in batches on --jobs threads (batch.h), so memory does not grow with the input.
// Stage: cli.
#include <iostream>
#include <new>
#include <optional>
#include <system_error>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/input.h"
#include "compile/program.h"
#include "explain/json_writer.h"

namespace threshold::cli {
namespace {

enum class Format { kJson, kText, kOutcomes };

void WriteErrorLine(const std::optional<std::string>& case_id, const std::vector<CaseError>& errors,
                    const Place& place, std::string& out) {
  internal::JsonWriter w(out);
  w.BeginObject().Key("case_id");
  case_id ? w.String(*case_id) : w.Null();
  auto error = [&](const CaseError& e) {
    w.BeginObject().Key("code").String(e.code).Key("pointer").String(e.pointer);
    w.Key("message").String(e.message).EndObject();
  };
  w.Key("error");
  if (errors.empty()) {
    w.Null();
  } else {
    error(errors.front());
  }
  w.Key("errors").BeginArray();
  for (const CaseError& e : errors) error(e);
  w.EndArray();
  w.Key("input").BeginObject().Key("file").String(place.source).Key("line").Int(place.line).EndObject();
  w.EndObject();
}

void WriteErrorNote(const std::optional<std::string>& case_id, const std::vector<CaseError>& errors,
                    const Place& place, std::string& out) {
  out += "Case ";
  out += case_id ? *case_id : std::string("(no case_id)");
  out += " (";
  out += place.source;
  out += " line " + std::to_string(place.line) + ") was not screened:\n";
  for (const CaseError& error : errors) {
    out += "  " + (error.pointer.empty() ? std::string("record") : error.pointer) + ": " + error.message + " [" +
           error.code + "]\n";
  }
}

// Decodes, screens and renders records, reusing its storage from one record to the next.
class ScreenProcessor : public RecordProcessor {
 public:
  ScreenProcessor(const Rules& rules, const ScreenOptions& options, Format format, TextOptions::Detail detail)
      : rules_(rules), options_(options), format_(format) {
    text_.detail = detail;
  }

  bool Process(std::string_view text, const Place& place, std::string& out) override {
    rules_.Decode(text, decoded_);
    if (!decoded_.ok()) {
      if (format_ == Format::kText) {
        WriteErrorNote(decoded_.case_id, decoded_.errors, place, out);
      } else {
        WriteErrorLine(decoded_.case_id, decoded_.errors, place, out);
        out += '\n';
      }
      return false;
    }
    rules_.Screen(*decoded_.facts, options_, screening_);
    switch (format_) {
      case Format::kJson:
        WriteJson(screening_, rules_, out);
        out += '\n';
        break;
      case Format::kOutcomes:
        WriteOutcomesJson(screening_, out);
        out += '\n';
        break;
      case Format::kText:
        text_.facts = &*decoded_.facts;  // the note quotes the case's values (it is the case's own note)
        out += ToText(screening_, rules_, text_);
        out += std::string(78, '-') + "\n";
        break;
    }
    return true;
  }

  // The exception's own text is never shown: it could quote the record. Nor is the case_id, which
  // may not have been read.
  void WriteInternalError(const Place& place, std::string& out) override {
    std::vector<CaseError> errors(1);
    errors[0].code = "E499";
    errors[0].message = "internal error while screening this record (its message is withheld, as it may quote "
                        "case data); the other records were screened; please report it";
    if (format_ == Format::kText) {
      WriteErrorNote(std::nullopt, errors, place, out);
    } else {
      WriteErrorLine(std::nullopt, errors, place, out);
      out += '\n';
    }
  }

 private:
  const Rules& rules_;
  const ScreenOptions& options_;
  Format format_;
  TextOptions text_;
  DecodeResult decoded_;
  Screening screening_;
};

}  // namespace

int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return ScreenCommand(args, out, err, nullptr);
}

int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                  const ProcessorWrapper& wrap) {
  std::string rules_dir;
  Format format = Format::kJson;
  TextOptions::Detail detail = TextOptions::Detail::kSummary;
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
    } else if (arg == "--detail") {
      const std::string* v = value("--detail");
      if (!v) return kExitUsage;
      if (*v == "summary") detail = TextOptions::Detail::kSummary;
      else if (*v == "full") detail = TextOptions::Detail::kFull;
      else {
        err << "threshold screen: --detail is summary or full\n";
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
             "[--format json|text|outcomes] [--detail summary|full] [--jobs N] [FILE ...|-]\n";
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

  ProcessorFactory make = [&]() -> std::unique_ptr<RecordProcessor> {
    auto processor = std::make_unique<ScreenProcessor>(*rules, options, format, detail);
    if (wrap) return wrap(std::move(processor));
    return processor;
  };
  std::optional<BatchRunner> started;
  try {
    started.emplace(jobs, make, out);
  } catch (const std::system_error&) {
    err << "threshold: cannot start a thread to screen on (out of memory, or a limit on threads); nothing "
           "was screened\n";
    return kExitUsage;
  }
  BatchRunner& runner = *started;
  bool input_failed = false;   // an input could not be opened or read: exit 2 after the rest is written
  RunFailure reading = RunFailure::kNone;  // a failure while reading (on this thread)
  try {
    for (const std::string& input : inputs) {
      std::unique_ptr<ByteSource> source = OpenInput(input, err);
      if (!source) {
        input_failed = true;
        break;
      }
      RecordReader reader(*source);
      RecordReader::Next record;
      bool going = true;
      while (going && reader.Read(record)) going = runner.Add(record.text, input, record.line);
      if (!going) break;
      if (reader.failed()) {
        // A read that failed part way would silently lose the records after it.
        err << "threshold: cannot read all of '" << input << "'\n";
        input_failed = true;
        break;
      }
    }
  } catch (const std::bad_alloc&) {
    reading = RunFailure::kOutOfMemory;
  } catch (...) {
    reading = RunFailure::kInternal;
  }
  // Everything queued before a failure is still written, in order.
  BatchSummary summary = runner.Finish();
  out.flush();
  if (summary.failure == RunFailure::kNone) summary.failure = reading;
  if (summary.failure == RunFailure::kNone && !out) summary.failure = RunFailure::kOutput;
  if (summary.failure == RunFailure::kOutput) {
    // Some of what was handed to the output may not have reached it.
    err << "threshold: cannot write the results; at most " << summary.written
        << " records were written, in input order; the records after them were not screened\n";
    return kExitUsage;
  }
  if (summary.failure != RunFailure::kNone) {
    err << (summary.failure == RunFailure::kOutOfMemory
                ? "threshold: out of memory"
                : "threshold: internal error (its message is withheld, as it may quote case data)")
        << "; stopped after writing the results of " << summary.written
        << " records, in input order; the records after them were not screened\n";
    return kExitUsage;
  }
  if (input_failed) return kExitUsage;
  return summary.failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace threshold::cli
