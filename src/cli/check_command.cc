// threshold check: parses, type-checks and lints a rule pack; prints every diagnostic. Stage: cli.
#include <iostream>

#include "check/model.h"
#include "cli/cli.h"
#include "compile/program.h"

namespace threshold::cli {

int CheckCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string directory;
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << "threshold check [DIR]: parses, type-checks and lints the rules in DIR (default: built-in)\n";
      return kExitOk;
    }
    if (!arg.empty() && arg[0] == '-') {
      err << "threshold check: unknown option '" << arg << "'\n";
      return kExitUsage;
    }
    if (!directory.empty()) {
      err << "threshold check: give one rules directory\n";
      return kExitUsage;
    }
    directory = arg;
  }
  CompileResult compiled = directory.empty() ? Rules::Builtin() : Rules::LoadDirectory(directory);
  if (!compiled.diagnostics.empty()) err << compiled.FormatDiagnostics();
  int errors = 0;
  for (const Diagnostic& d : compiled.diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  if (!compiled.ok()) {
    err << errors << (errors == 1 ? " error" : " errors") << "\n";
    return kExitFailed;
  }
  const internal::Model& model = compiled.rules->program().model;
  size_t rule_sets = 0, outcomes = 0;
  for (const auto& review : model.reviews) {
    rule_sets += review.rule_sets.size();
    for (const auto& set : review.rule_sets) outcomes += set.outcomes.size();
  }
  std::string review_ids;
  for (const auto& review : model.reviews) review_ids += (review_ids.empty() ? "" : ", ") + review.id;
  out << "ok: " << model.name << " " << model.version << ": " << model.facts.size() << " facts, "
      << model.conditions.size() << " conditions, " << model.reviews.size() << " reviews (" << review_ids << "), "
      << rule_sets << " rule sets, " << outcomes << " outcomes, " << model.examples.size() << " examples\n";
  if (!model.declares_reviews) {
    err << "note: the pack does not list the reviews it defines; add 'reviews " << review_ids
        << "' to its pack declaration, so that a missing rule file cannot drop a review unnoticed\n";
  }
  return kExitOk;
}

}  // namespace threshold::cli
