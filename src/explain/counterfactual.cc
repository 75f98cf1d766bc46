// Cheapest paths to each outcome leaf: an edge that agrees with the case costs nothing; one that
// needs a given fact to differ, or an unknown fact to be given, costs one. Any assignment that
// follows a path in a decision diagram reaches that path's leaf, so the edges that cost something
// are a sufficient set of changes. Stage: explain.
#include "explain/counterfactual.h"

#include <algorithm>
#include <limits>

namespace threshold::internal {
namespace {

constexpr int kUnreachable = std::numeric_limits<int>::max() / 4;

// The cost of taking child `cell` at a node testing `var`.
int EdgeCost(uint32_t var, int cell, const int8_t* cells) {
  int current = cells[var];
  if (var % 2 == 1) return current == cell ? 0 : 1;  // known(x) differs from the referral
  if (current < 0) return 1;                         // an unknown fact must be given
  return current == cell ? 0 : 1;                    // a given fact must change
}

// The condition that states the clause a fact decides for outcome k: the first condition, depth
// first from the outcome's test (then from the earlier outcomes' tests), that reads the fact itself.
int FindClause(const Program& program, const RuleSetDecl& set, size_t k, int fact) {
  const Model& model = program.model;
  std::vector<int> order;
  auto visit = [&](auto&& self, int c) -> void {
    if (std::find(order.begin(), order.end(), c) != order.end()) return;
    order.push_back(c);
    for (int sub : model.conditions[c].references) self(self, sub);
  };
  for (int c : set.outcomes[k].conditions) visit(visit, c);
  for (size_t j = 0; j < set.outcomes.size(); ++j) {
    for (int c : set.outcomes[j].conditions) visit(visit, c);
  }
  for (int c : order) {
    const auto& read = program.condition_facts[c];
    if (std::find(read.begin(), read.end(), fact) != read.end()) return c;
  }
  return -1;
}

}  // namespace

void ComputeWhyNot(const Program& program, const Facts& facts, const int8_t* cells,
                   ReviewResult& review) {
  if (review.rule_set < 0) return;
  const Model& model = program.model;
  const RuleSetDecl& set = model.reviews[review.review].rule_sets[review.rule_set];
  const Diagram& diagram = program.reviews[review.review][review.rule_set].outcomes;
  size_t outcomes = set.outcomes.size();
  size_t nodes = diagram.nodes.size();
  // cost[i * outcomes + k]: the cheapest way from node i to outcome k.
  std::vector<int> cost(nodes * outcomes, kUnreachable);
  auto cost_of = [&](int32_t ref, size_t k) -> int {
    if (ref < 0) return static_cast<size_t>(-ref - 1) == k ? 0 : kUnreachable;
    return cost[ref * outcomes + k];
  };
  for (size_t i = 0; i < nodes; ++i) {
    const Diagram::Node& node = diagram.nodes[i];
    for (size_t k = 0; k < outcomes; ++k) {
      int best = kUnreachable;
      for (uint32_t c = 0; c < node.cell_count; ++c) {
        int through = cost_of(diagram.children[node.first_child + c], k);
        if (through < kUnreachable) best = std::min(best, through + EdgeCost(node.var, c, cells));
      }
      cost[i * outcomes + k] = best;
    }
  }
  for (size_t k = 0; k < outcomes; ++k) {
    if (review.determined() && static_cast<int>(k) == review.outcome) continue;
    if (cost_of(diagram.root, k) >= kUnreachable) continue;
    Counterfactual counterfactual;
    counterfactual.outcome = set.outcomes[k].id;
    counterfactual.possible = std::find(review.possible_outcomes.begin(), review.possible_outcomes.end(),
                                        counterfactual.outcome) != review.possible_outcomes.end();
    int32_t at = diagram.root;
    while (at >= 0) {
      const Diagram::Node& node = diagram.nodes[at];
      int chosen = -1, chosen_total = kUnreachable;
      for (uint32_t c = 0; c < node.cell_count; ++c) {
        int through = cost_of(diagram.children[node.first_child + c], k);
        if (through >= kUnreachable) continue;
        int total = through + EdgeCost(node.var, c, cells);
        if (total < chosen_total) {
          chosen_total = total;
          chosen = static_cast<int>(c);
        }
      }
      if (EdgeCost(node.var, chosen, cells) > 0) {
        int fact = static_cast<int>(node.var / 2);
        const FactDecl& decl = model.facts[fact];
        FactChange change;
        change.fact = decl.path;
        change.changed = facts.values[fact].known;
        if (node.var % 2 == 1) {
          change.value = chosen == 1 ? "given" : "not given";
        } else {
          change.value = decl.DescribeCell(chosen);
        }
        int clause = FindClause(program, set, k, fact);
        if (clause >= 0) {
          change.clause = model.conditions[clause].text;
          change.citations = model.conditions[clause].citations;
        }
        auto same = std::find_if(counterfactual.changes.begin(), counterfactual.changes.end(),
                                 [&](const FactChange& c) { return c.fact == change.fact; });
        if (same == counterfactual.changes.end()) {
          counterfactual.changes.push_back(std::move(change));
        } else if (node.var % 2 == 0) {
          same->value = change.value;  // the value says more than "given"
        }
      }
      at = diagram.children[node.first_child + chosen];
    }
    review.why_not.push_back(std::move(counterfactual));
  }
}

}  // namespace threshold::internal
