// Renders diagnostics as text: "file:line:col: severity: message [code]", then the source line
// in a numbered gutter and a caret (with tildes under the rest of a one-line range). Pure.
// Stage: common (used at the edge by the CLI and bindings).
#include <algorithm>
#include <map>

#include "common/source.h"
#include "threshold/diagnostic.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

const char* SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

int CodePoints(std::string_view text) {
  int count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// The line indexes of the sources, built on first use and kept for the whole rendering: a file
// with thousands of diagnostics is indexed once, not once per diagnostic.
class SourceIndexes {
 public:
  explicit SourceIndexes(const std::vector<RuleSource>& sources) : sources_(sources) {}

  // The index of the named source, or null if there is no such source.
  const common::SourceIndex* Find(const std::string& name) {
    auto cached = indexes_.find(name);
    if (cached != indexes_.end()) return &cached->second;
    auto source = std::find_if(sources_.begin(), sources_.end(), [&](const RuleSource& s) { return s.name == name; });
    if (source == sources_.end()) return nullptr;
    return &indexes_.try_emplace(name, source->name, source->text).first->second;
  }

 private:
  const std::vector<RuleSource>& sources_;
  std::map<std::string, common::SourceIndex> indexes_;
};

void AppendLocated(std::string& out, const SourceSpan& where, const char* severity,
                   const std::string& message, const std::string& code, SourceIndexes& indexes) {
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ':' + std::to_string(where.line) + ':' + std::to_string(where.column);
    }
    out += ": ";
  }
  out += severity;
  out += ": ";
  out += message;
  if (!code.empty()) out += " [" + code + "]";
  out += '\n';
  if (where.line <= 0) return;
  const common::SourceIndex* found = indexes.Find(where.file);
  if (found == nullptr) return;
  const common::SourceIndex& index = *found;
  std::string_view line = index.LineText(where.line);
  // Tabs would misplace the caret, so the snippet shows them as single spaces.
  std::string shown(line);
  std::replace(shown.begin(), shown.end(), '\t', ' ');
  std::string number = std::to_string(where.line);
  std::string gutter(number.size(), ' ');
  out += ' ' + number + " | " + shown + '\n';
  out += ' ' + gutter + " | " + std::string(std::max(where.column - 1, 0), ' ') + '^';
  // Underline the rest of the range while it stays on this line.
  uint32_t line_end = index.LineStart(where.line) + static_cast<uint32_t>(line.size());
  uint32_t stop = std::min(where.end, line_end);
  if (stop > where.begin + 1) {
    out += std::string(CodePoints(index.text().substr(where.begin + 1, stop - where.begin - 1)), '~');
  }
  out += '\n';
}

void AppendDiagnostic(std::string& out, const Diagnostic& diagnostic, SourceIndexes& indexes) {
  AppendLocated(out, diagnostic.where, SeverityName(diagnostic.severity), diagnostic.message,
                diagnostic.code, indexes);
  for (const DiagnosticNote& note : diagnostic.notes) {
    AppendLocated(out, note.where, "note", note.message, "", indexes);
  }
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& diagnostic, const std::vector<RuleSource>& sources) {
  SourceIndexes indexes(sources);
  std::string out;
  AppendDiagnostic(out, diagnostic, indexes);
  return out;
}

std::string FormatDiagnostics(const std::vector<Diagnostic>& diagnostics,
                              const std::vector<RuleSource>& sources) {
  SourceIndexes indexes(sources);
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) AppendDiagnostic(out, diagnostic, indexes);
  return out;
}

std::string CompileResult::FormatDiagnostics() const {
  return threshold::FormatDiagnostics(diagnostics, sources);
}

}  // namespace threshold
