// Check: ASTs -> the checked Model. Resolves every name, types every expression, partitions every
// fact's values, detects reference cycles, and insists on citations. Collects every error, not
// only the first. Stage: check.
#ifndef THRESHOLD_CHECK_CHECKER_H_
#define THRESHOLD_CHECK_CHECKER_H_

#include <vector>

#include "check/model.h"
#include "parse/ast.h"
#include "threshold/diagnostic.h"

namespace threshold::check {

// Checks the parsed files of one rule pack. `sources` holds every source of the pack (the rule
// files and the calendar file). Appends diagnostics; returns true when there was no error.
bool Check(const std::vector<const parse::ast::File*>& files, const std::vector<RuleSource>& sources,
           internal::Model& model, std::vector<Diagnostic>& diagnostics);

}  // namespace threshold::check

#endif  // THRESHOLD_CHECK_CHECKER_H_
