// Counterfactuals ("why not, and what would change it"): for each outcome a review does not reach
// for certain, the smallest set of fact changes and additions that would guarantee it, found as a
// cheapest path through the rule set's decision diagram. Stage: explain.
#ifndef THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_
#define THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_

#include <vector>

#include "compile/program.h"
#include "threshold/facts.h"
#include "threshold/screening.h"

namespace threshold::internal {

// Fills review.why_not. `cells` are the case's diagram variables as screening set them; `costs`
// is working storage, reused between calls.
void ComputeWhyNot(const Program& program, const Facts& facts, const int8_t* cells, std::vector<int>& costs,
                   ReviewResult& review);

}  // namespace threshold::internal

#endif  // THRESHOLD_EXPLAIN_COUNTERFACTUAL_H_
