// Rules: a compiled, immutable rule pack. Compile once, screen many cases.
//
//   auto compiled = threshold::Rules::Builtin();
//   if (!compiled.ok()) { std::cerr << compiled.FormatDiagnostics(); return 2; }
//   const threshold::Rules& rules = *compiled.rules;
//   threshold::DecodeResult decoded = rules.Decode(R"({"subject": {"age": 17}})");
//   threshold::Screening screening = rules.Screen(*decoded.facts, {});
//   std::cout << threshold::ToJson(screening).dump(2);
//
// A Rules object is cheap to copy (it shares the compiled program) and every const method is
// safe to call from many threads at once.
#ifndef THRESHOLD_RULES_H_
#define THRESHOLD_RULES_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "threshold/diagnostic.h"
#include "threshold/facts.h"
#include "threshold/screening.h"

namespace threshold {

namespace internal {
struct Program;
}

struct CompileResult;

class Rules {
 public:
  // Parses, checks and compiles a rule pack given as named sources. One of them must be the
  // calendar file the pack declares.
  static CompileResult Compile(std::vector<RuleSource> sources);
  // The rule pack embedded in the library (rules/england).
  static CompileResult Builtin();
  // Every *.rules and *.txt file of a directory. A directory, or a file in it, that cannot be read
  // (permissions, a link to nowhere, a directory named like a rule file, a file over the size
  // limit, checked before reading) is an error naming the file, and nothing is compiled: a file
  // is never taken as empty, which would silently drop what it defines.
  static CompileResult LoadDirectory(const std::string& directory);

  std::string_view name() const;
  std::string_view title() const;
  std::string_view version() const;
  // "sha256:<hex>" over the sources (names and texts, in name order): identifies the exact rules
  // a screening used.
  std::string_view digest() const;

  // Reads a case record (a JSON object) and validates it against the fact declarations. Never
  // throws on bad input: errors come back with a JSON Pointer and a code, never a fact's value.
  DecodeResult Decode(std::string_view json_text) const;
  // The same, reusing `out`'s storage (for batch loops). Parses without building a DOM.
  void Decode(std::string_view json_text, DecodeResult& out) const;
  DecodeResult DecodeValue(const nlohmann::json& record) const;
  // Completes facts filled in slot by slot (by a binding's own fast encoder, say) exactly as Decode
  // completes the facts it reads: derives the derived facts (an age from a date of birth, a value
  // implied by another fact being given) and prepares the slots for screening. `facts` must hold one
  // slot per declared fact, with the given values and derived_from -1. Returns false, and appends
  // Decode's errors for them (E402, E409; pointers, never values), when they cannot be completed.
  bool Complete(Facts& facts, std::vector<CaseError>& errors) const;

  // The declared facts, in slot order.
  const std::vector<FactInfo>& fact_info() const;

  // Screens decoded facts against every review. Pure: no I/O, no logging, no shared state.
  Screening Screen(const Facts& facts, const ScreenOptions& options) const;
  // The same, reusing `out`'s storage (for batch loops).
  void Screen(const Facts& facts, const ScreenOptions& options, Screening& out) const;
  // Screens many cases on up to `threads` threads (0: one per core); out[i] is cases[i]'s result.
  // `out` must have cases.size() elements; their storage is reused. The calling thread screens a
  // share of the cases itself.
  // Failures: if screening a case throws (in practice only std::bad_alloc), the other threads stop
  // at their next case, every thread is joined, and the first exception is rethrown here, on the
  // calling thread: ScreenMany never ends the process and never returns with a thread running.
  // The elements of `out` are then valid but unspecified (some cases screened, some not): screen
  // the batch again, or fail it as a whole. A thread that cannot be started is not an error: its
  // cases are screened on the calling thread.
  // Core dumps: the library does not change its host process. A host that screens case records
  // should keep them out of crash dumps itself (docs/robustness.md, "Core dumps"): for instance
  // prctl(PR_SET_DUMPABLE, 0) and setrlimit(RLIMIT_CORE, {0, 0}) at start, as the threshold
  // program does, or LimitCORE=0 in its systemd unit.
  void ScreenMany(std::span<const Facts> cases, const ScreenOptions& options, std::span<Screening> out,
                  int threads = 0) const;

  // A JSON Schema (draft 2020-12) of the case record, generated from the fact declarations: for
  // forms. Titles are the questions, descriptions the help text; enum options carry their labels.
  nlohmann::json Schema() const;

  // The decision logic of one review as Graphviz DOT: outcomes, the conditions they read, the
  // facts, with citations. With a screening, colours the path the case took. `rule_set` empty:
  // the rule set the screening used, or else the latest in force.
  std::string Graph(std::string_view review, std::string_view rule_set = {},
                    const Screening* screening = nullptr) const;

  const internal::Program& program() const { return *program_; }

 private:
  explicit Rules(std::shared_ptr<const internal::Program> program);
  std::shared_ptr<const internal::Program> program_;
};

// The outcome of compiling rule sources: the rules, or the diagnostics that prevented them.
// Warnings may accompany usable rules.
struct CompileResult {
  std::optional<Rules> rules;
  std::vector<Diagnostic> diagnostics;  // sorted by file and position
  std::vector<RuleSource> sources;      // what was compiled, for rendering diagnostics

  bool ok() const { return rules.has_value(); }
  std::string FormatDiagnostics() const;
};

}  // namespace threshold

#endif  // THRESHOLD_RULES_H_
