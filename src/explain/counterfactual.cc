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

// The path found gives every fact it tests, but leaving some of them as they are may reach the
// outcome all the same (whatever their values): for instance where the person normally lives, once
// the harm is known to have happened in the area. Each change is tried without (in order), and
// dropped when the outcome is still certain without it. Allocation-free once `scratch` is warm.
void DropUnneeded(const Diagram& diagram, size_t outcome, const int8_t* cells, const int* change_fact,
                  const int8_t* change_value, const int8_t* change_known, size_t change_count, size_t first,
                  Screening::Scratch& scratch, ReviewResult& review) {
  std::vector<int8_t>& trial = scratch.trial;
  trial.assign(cells, cells + scratch.cells.size());
  for (size_t i = 0; i < change_count; ++i) {
    trial[2 * change_fact[i]] = change_value[i];
    trial[2 * change_fact[i] + 1] = change_known[i];
  }
  if (scratch.masks.size() < diagram.nodes.size()) return;  // (never: sized for the largest diagram)
  const uint64_t wanted = uint64_t{1} << outcome;
  if (diagram.Reachable(trial.data(), scratch.masks.data()) != wanted) return;  // (never: the path is exact)
  bool keep[128];
  for (size_t i = 0; i < change_count; ++i) {
    int f = change_fact[i];
    trial[2 * f] = cells[2 * f];
    trial[2 * f + 1] = cells[2 * f + 1];
    keep[i] = diagram.Reachable(trial.data(), scratch.masks.data()) != wanted;
    if (keep[i]) {
      trial[2 * f] = change_value[i];
      trial[2 * f + 1] = change_known[i];
    }
  }
  size_t out = first;
  for (size_t i = 0; i < change_count; ++i) {
    if (!keep[i]) continue;
    if (out != first + i) review.changes_storage[out] = std::move(review.changes_storage[first + i]);
    ++out;
  }
  review.changes_storage.resize(out);
}

}  // namespace

void ComputeWhyNot(const Program& program, const Facts& facts, Screening::Scratch& scratch, ReviewResult& review) {
  if (review.rule_set < 0) return;
  const int8_t* cells = scratch.cells.data();
  std::vector<int>& costs = scratch.costs;
  const Model& model = program.model;
  const RuleSetDecl& set = model.reviews[review.review].rule_sets[review.rule_set];
  const CompiledRuleSet& compiled = program.reviews[review.review][review.rule_set];
  const Diagram& diagram = compiled.outcomes;
  size_t outcomes = set.outcomes.size();
  size_t nodes = diagram.nodes.size();
  // costs[i * outcomes + k]: the cheapest way from node i to outcome k. Nodes are stored
  // children first, so one forward pass fills it.
  costs.assign(nodes * outcomes, kUnreachable);
  auto cost_of = [&](int32_t ref, size_t k) -> int {
    if (ref < 0) return static_cast<size_t>(-ref - 1) == k ? 0 : kUnreachable;
    return costs[ref * outcomes + k];
  };
  for (size_t i = 0; i < nodes; ++i) {
    const Diagram::Node& node = diagram.nodes[i];
    for (size_t k = 0; k < outcomes; ++k) {
      int best = kUnreachable;
      for (uint32_t c = 0; c < node.cell_count; ++c) {
        int through = cost_of(diagram.children[node.first_child + c], k);
        if (through < kUnreachable) best = std::min(best, through + EdgeCost(node.var, c, cells));
      }
      costs[i * outcomes + k] = best;
    }
  }
  size_t marks[64];
  for (size_t k = 0; k < outcomes; ++k) {
    if (review.determined() && static_cast<int>(k) == review.outcome) continue;
    if (cost_of(diagram.root, k) >= kUnreachable) continue;
    Counterfactual counterfactual;
    counterfactual.outcome = set.outcomes[k].id;
    counterfactual.possible = std::find(review.possible_outcomes.begin(), review.possible_outcomes.end(),
                                        counterfactual.outcome) != review.possible_outcomes.end();
    size_t first = review.changes_storage.size();
    // Per change (in storage order from `first`): its fact, and the diagram cells it sets.
    constexpr size_t kMaxChanges = 128;
    int change_fact[kMaxChanges];
    int8_t change_value[kMaxChanges], change_known[kMaxChanges];
    size_t change_count = 0;
    bool tracked = true;
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
        FactChange change;
        change.fact = model.facts[fact].path;
        change.changed = facts.values[fact].known;
        if (node.var % 2 == 1) {
          change.value = chosen == 1 ? "given" : "not given";
        } else if (!program.range_text[fact].empty()) {
          // Neighbouring values that lead the same way are one range: "under 18", not "under 16".
          int32_t next = diagram.children[node.first_child + chosen];
          int low = chosen, high = chosen;
          while (low > 0 && diagram.children[node.first_child + low - 1] == next) --low;
          while (high + 1 < static_cast<int>(node.cell_count) && diagram.children[node.first_child + high + 1] == next) {
            ++high;
          }
          change.value = program.range_text[fact][low * node.cell_count + high];
        } else {
          change.value = program.cell_text[fact][chosen];
        }
        int clause = compiled.clauses[k][fact];
        if (clause >= 0) {
          change.clause = model.conditions[clause].text;
          change.citations = model.conditions[clause].citations;
        }
        auto begin = review.changes_storage.begin() + static_cast<std::ptrdiff_t>(first);
        auto same = std::find_if(begin, review.changes_storage.end(),
                                 [&](const FactChange& c) { return c.fact == change.fact; });
        size_t slot = static_cast<size_t>(same - begin);
        if (same == review.changes_storage.end()) {
          review.changes_storage.push_back(change);
          if (change_count < kMaxChanges) {
            change_fact[change_count] = fact;
            change_value[change_count] = cells[2 * fact];
            change_known[change_count] = cells[2 * fact + 1];
            ++change_count;
          } else {
            tracked = false;
          }
        } else if (node.var % 2 == 0) {
          same->value = change.value;  // the value says more than "given"
        }
        if (slot < change_count) {
          if (node.var % 2 == 1) {
            change_known[slot] = static_cast<int8_t>(chosen);
            if (chosen == 0) change_value[slot] = -1;  // not given: no value either
          } else {
            change_value[slot] = static_cast<int8_t>(chosen);
            change_known[slot] = 1;  // a value given is a fact given
          }
        }
      }
      at = diagram.children[node.first_child + chosen];
    }
    if (tracked && change_count > 1) DropUnneeded(diagram, k, cells, change_fact, change_value, change_known,
                                                  change_count, first, scratch, review);
    marks[review.why_not.size()] = first;
    review.why_not.push_back(counterfactual);
  }
  // The spans are set once the storage is complete, since appending may move it.
  for (size_t i = 0; i < review.why_not.size(); ++i) {
    size_t end = i + 1 < review.why_not.size() ? marks[i + 1] : review.changes_storage.size();
    review.why_not[i].changes = std::span<const FactChange>(review.changes_storage).subspan(marks[i], end - marks[i]);
  }
}

}  // namespace threshold::internal
