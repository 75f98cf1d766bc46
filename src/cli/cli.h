// Shared pieces of the threshold command-line program: loading rules, reading case records, and
// the subcommands. Stage: cli (the edge, where results and diagnostics are rendered).
#ifndef THRESHOLD_CLI_CLI_H_
#define THRESHOLD_CLI_CLI_H_

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "threshold/rules.h"

namespace threshold::cli {

// Exit codes (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // a record failed, a test failed, or rules have errors (check)
inline constexpr int kExitUsage = 2;   // bad usage or unusable rules

// Loads the built-in rules, or a directory's. Prints diagnostics to `err`; returns nothing if
// the rules have errors.
std::optional<Rules> LoadRules(const std::string& directory, std::ostream& err);

// One case record as read from an input: its text (a view into the input, which must outlive it)
// and where it came from.
struct Record {
  std::string_view text;
  std::string source;  // file name, or "-" for standard input
  int line = 1;        // first line of the record in its source
};

// Splits an input into records: the whole input if it is one JSON value, otherwise one record
// per line (JSON Lines). Every line of a JSON Lines input becomes a record, blank ones included,
// so the output has a line for every input line; a line ends at LF, CR LF or a bare CR. The same
// splitting as `threshold screen` does on a stream (RecordReader, input.h), on a whole input.
std::vector<Record> SplitRecords(std::string_view text, const std::string& source);

// Reads a whole file ("-" for standard input), for the commands that read one case. Returns false
// and prints a message if it cannot.
bool ReadInput(const std::string& path, std::string& text, std::ostream& err);

// Marks the process non-dumpable and sets its core-file limit to zero, so no core dump can hold
// case data (docs/robustness.md). main() calls it first; a library must not (the host decides).
void KeepCaseDataOutOfCoreDumps() noexcept;

int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int CheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int TestCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int QuestionsCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int SchemaCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int GraphCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int InterviewCommand(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
                     std::ostream& err);

}  // namespace threshold::cli

#endif  // THRESHOLD_CLI_CLI_H_
