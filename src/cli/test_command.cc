// threshold test: runs the examples in the rule files and reports which outcomes no example
// reaches. The closing line reads "N passed, M failed". Stage: cli.
#include <iostream>

#include <nlohmann/json.hpp>

#include "api/examples.h"
#include "check/model.h"
#include "cli/cli.h"
#include "compile/program.h"

namespace threshold::cli {

int TestCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string directory;
  bool require_coverage = false;
  bool print_records = false;
  for (const std::string& arg : args) {
    if (arg == "--require-coverage") {
      require_coverage = true;
    } else if (arg == "--print-records") {
      print_records = true;
    } else if (arg == "--help" || arg == "-h") {
      out << "threshold test [DIR] [--require-coverage] [--print-records]: runs the examples in the rules\n"
             "  --print-records  prints each example's case record as JSON Lines instead\n";
      return kExitOk;
    } else if (!arg.empty() && arg[0] == '-') {
      err << "threshold test: unknown option '" << arg << "'\n";
      return kExitUsage;
    } else {
      directory = arg;
    }
  }
  std::optional<Rules> rules = LoadRules(directory, err);
  if (!rules) return kExitUsage;
  if (print_records) {
    // The examples' case records, one JSON line each: a shared corpus for other front ends.
    for (const internal::ExampleDecl& example : rules->program().model.examples) {
      nlohmann::json line = {{"example", example.id},
                             {"as_of", example.as_of ? nlohmann::json(example.as_of->ToString()) : nullptr},
                             {"rule_sets", example.using_rule_sets},
                             {"record", example.record}};
      out << line.dump() << "\n";
    }
    return kExitOk;
  }
  internal::ExampleReport report = internal::RunExamples(*rules);
  for (const internal::ExampleFailure& failure : report.failures) {
    out << failure.file << ":" << failure.line << ": example '" << failure.example << "': " << failure.message
        << "\n";
  }
  int covered = report.outcomes - static_cast<int>(report.uncovered.size());
  out << "coverage: " << covered << " of " << report.outcomes << " outcomes reached by an example\n";
  for (const std::string& outcome : report.uncovered) out << "  not reached: " << outcome << "\n";
  out << report.passed << " passed, " << report.failed << " failed\n";
  if (report.failed > 0) return kExitFailed;
  if (require_coverage && !report.uncovered.empty()) return kExitFailed;
  return kExitOk;
}

}  // namespace threshold::cli
