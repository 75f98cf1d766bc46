// Diagnostics: the errors and warnings found in rule files, as data. Rendering to text happens
// in one pure function, FormatDiagnostic, so the CLI, Python and WebAssembly layers all show
// the same thing.
//
//   sar.rules:12:8: error: unknown fact 'subject.agee'; did you mean 'subject.age'? [E201]
//      12 |     if subject.agee >= 18
//         |        ^~~~~~~~~~~~
#ifndef THRESHOLD_DIAGNOSTIC_H_
#define THRESHOLD_DIAGNOSTIC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace threshold {

enum class Severity {
  kError,    // the rules cannot be used
  kWarning,  // the rules can be used, but something looks wrong
  kNote,     // extra located information attached to a diagnostic
};

// A place in a source file. Offsets are bytes; line and column are 1-based, and the column
// counts Unicode code points.
struct SourceSpan {
  std::string file;
  uint32_t begin = 0;
  uint32_t end = 0;
  int line = 0;
  int column = 0;
};

struct DiagnosticNote {
  SourceSpan where;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;     // stable, e.g. "E201"; catalogued in docs/diagnostics.md
  std::string message;  // lowercase, no final period
  SourceSpan where;
  std::vector<DiagnosticNote> notes;
};

// A rule source: its name (as shown in diagnostics) and its text.
struct RuleSource {
  std::string name;
  std::string text;
};

// Renders one diagnostic as "file:line:col: severity: message [code]" followed by the source
// line and a caret, then its notes the same way. `sources` supplies the text for the snippet;
// a diagnostic whose file is not among them is rendered without one.
std::string FormatDiagnostic(const Diagnostic& diagnostic, const std::vector<RuleSource>& sources);

// Renders every diagnostic, in order.
std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics,
                              const std::vector<RuleSource>& sources);

}  // namespace threshold

#endif  // THRESHOLD_DIAGNOSTIC_H_
