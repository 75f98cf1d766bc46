// Counterfactuals ("why not, and what would change it"): for each outcome a review does not reach
// for certain, a small set of fact changes and additions that would guarantee it: a cheapest path
// through the rule set's decision diagram, then without each change the outcome is reached without
// (a path must give every fact it tests, though some are needed on no completion). Stage: explain.
#ifndef THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_
#define THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_

#include <vector>

#include "compile/program.h"
#include "threshold/facts.h"
#include "threshold/screening.h"

namespace threshold::internal {

// Fills review.why_not. `scratch.cells` are the case's diagram variables as screening set them;
// the rest of `scratch` is working storage, reused between calls (`masks` is overwritten).
void ComputeWhyNot(const Program& program, const Facts& facts, Screening::Scratch& scratch, ReviewResult& review);

}  // namespace threshold::internal

#endif  // THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_
