// The threshold command-line program: dispatches to the subcommands. Stage: cli.
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "threshold/version.h"

namespace {

constexpr const char* kUsage = R"(threshold: screens safeguarding referrals against the statutory review criteria
(Child Safeguarding Practice Reviews, Safeguarding Adults Reviews, Domestic Homicide Reviews,
and the child death and Offensive Weapons Homicide Reviews a screening must name).

Usage:
  threshold screen [--rules DIR] [--as-of DATE] [--rule-set REVIEW=ID] [--format json|text|outcomes]
                   [--jobs N] [FILE ...|-]
      Screens case records (one JSON object, or JSON Lines) and writes one result per record,
      in input order. A bad record gets an error line and the others go on.
  threshold check [DIR]     Parses, type-checks and lints rules (the built-in rules by default).
  threshold test [DIR] [--require-coverage]
                            Runs the examples in the rule files and reports outcome coverage.
  threshold questions [--rules DIR] [--as-of DATE] [--format text|json] FILE
                            The missing facts of a case, ranked, with their questions and why they matter.
  threshold interview [--rules DIR] [--case FILE] [--as-of DATE] [--json]
                            Asks the next question in the terminal until every review is decided.
  threshold schema [--rules DIR]
                            JSON Schema (draft 2020-12) of the case record, for forms.
  threshold graph [--rules DIR] [--regime ID] [--rule-set ID] [--case FILE]
                            The decision logic as Graphviz DOT, coloured by a case if given.
  threshold --version       Prints the engine version.

Exit codes: 0 success; 1 a record or test failed, or check found errors; 2 usage or unusable rules.
Documentation: docs/cli.md, docs/language.md, docs/result.md.
)";

int Run(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << kUsage;
    return args.empty() ? threshold::cli::kExitUsage : threshold::cli::kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "threshold " << THRESHOLD_VERSION << "\n";
    return threshold::cli::kExitOk;
  }
  std::string command = args[0];
  args.erase(args.begin());
  if (command == "screen") return threshold::cli::ScreenCommand(args, std::cout, std::cerr);
  if (command == "check") return threshold::cli::CheckCommand(args, std::cout, std::cerr);
  if (command == "test") return threshold::cli::TestCommand(args, std::cout, std::cerr);
  if (command == "questions") return threshold::cli::QuestionsCommand(args, std::cout, std::cerr);
  if (command == "schema") return threshold::cli::SchemaCommand(args, std::cout, std::cerr);
  if (command == "graph") return threshold::cli::GraphCommand(args, std::cout, std::cerr);
  if (command == "interview") return threshold::cli::InterviewCommand(args, std::cin, std::cout, std::cerr);
  std::cerr << "threshold: unknown command '" << command << "'; see 'threshold --help'\n";
  return threshold::cli::kExitUsage;
}

}  // namespace

// Every command reports bad input as diagnostics or error lines. Should anything still throw (out
// of memory on a huge input, or a bug), the program says so and exits 2 instead of aborting. The
// exception's own text is not printed: library exceptions (nlohmann's parse errors, for one) can
// quote the input, and case records are sensitive.
int main(int argc, char** argv) {
  // Before anything is read: an abort or a crash must not leave case records in a core file.
  threshold::cli::KeepCaseDataOutOfCoreDumps();
  std::ios::sync_with_stdio(false);
  try {
    return Run(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cout.flush();
    std::cerr << "threshold: out of memory\n";
  } catch (...) {
    std::cout.flush();
    std::cerr << "threshold: internal error (its message is withheld, as it may quote case data); "
                 "please report it with the command line\n";
  }
  return threshold::cli::kExitUsage;
}
