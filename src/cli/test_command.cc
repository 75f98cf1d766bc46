// threshold test: runs the examples in the rule files and reports which outcomes no example
// reaches. The closing line reads "N passed, M failed". Stage: cli.
#include <iostream>

#include "api/examples.h"
#include "cli/cli.h"

namespace threshold::cli {

int TestCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string directory;
  bool require_coverage = false;
  for (const std::string& arg : args) {
    if (arg == "--require-coverage") {
      require_coverage = true;
    } else if (arg == "--help" || arg == "-h") {
      out << "threshold test [DIR] [--require-coverage]: runs the examples in the rules\n";
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
