// Cheapest paths to each outcome leaf: an edge that agrees with the case costs nothing; one that
// needs a given fact to differ, or an unknown fact to be given, costs one; an edge that would
// need a given fact taken away is never taken (the referral's facts are what they are). Any
// assignment that follows a path in a decision diagram reaches that path's leaf, so the edges that
// cost something are a sufficient set of changes. Then the changes are put in the law's terms:
// each is dropped if the outcome is certain without it, each range of values is widened as far as
// the outcome stays certain, and each sits under the condition whose test it decides. Stage:
// explain.
#include "explain/counterfactual.h"

#include <algorithm>
#include <limits>

namespace threshold::internal {
namespace {

constexpr int kUnreachable = std::numeric_limits<int>::max() / 4;
constexpr size_t kMaxChanges = 128;

// The cost of taking child `cell` at a node testing `var`.
int EdgeCost(uint32_t var, int cell, const int8_t* cells) {
  int current = cells[var];
  if (var % 2 == 1) {  // known(x): whether the referral gives x
    if (current == cell) return 0;
    return current == 1 ? kUnreachable : 1;  // never take a given fact away; giving one costs one
  }
  if (current < 0) return 1;                 // an unknown fact must be given
  return current == cell ? 0 : 1;            // a given fact must change
}

// The changes of one counterfactual while they are worked out: per change, its fact and the
// diagram cells it sets (value, and whether given).
struct ChangeSet {
  int fact[kMaxChanges];
  int8_t value[kMaxChanges], given[kMaxChanges];
  size_t count = 0;
};

// `trial` := the case's cells with the changes applied.
void Apply(const ChangeSet& set, const int8_t* cells, size_t size, std::vector<int8_t>& trial) {
  trial.assign(cells, cells + size);
  for (size_t i = 0; i < set.count; ++i) {
    trial[2 * set.fact[i]] = set.value[i];
    trial[2 * set.fact[i] + 1] = set.given[i];
  }
}

Truth ValueOf(const Diagram& diagram, const int8_t* cells, uint64_t* masks) {
  uint64_t leaves = diagram.Reachable(cells, masks);
  return leaves == 0b10 ? Truth::kTrue : leaves == 0b01 ? Truth::kFalse : Truth::kUnknown;
}

}  // namespace

void ComputeWhyNot(const Program& program, const Facts& facts, Screening::Scratch& scratch, ReviewResult& review) {
  if (review.rule_set < 0) return;
  const int8_t* cells = scratch.cells.data();
  const size_t cell_vars = scratch.cells.size();
  std::vector<int>& costs = scratch.costs;
  std::vector<int8_t>& trial = scratch.trial;
  const Model& model = program.model;
  const RuleSetDecl& set = model.reviews[review.review].rule_sets[review.rule_set];
  const CompiledRuleSet& compiled = program.reviews[review.review][review.rule_set];
  const Diagram& diagram = compiled.outcomes;
  size_t outcomes = set.outcomes.size();
  size_t nodes = diagram.nodes.size();
  if (scratch.masks.size() < program.max_diagram_nodes) return;  // (never: screening sized it)
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
      costs[i * outcomes + k] = std::min(best, kUnreachable);
    }
  }
  size_t marks[64];
  for (size_t k = 0; k < outcomes; ++k) {
    if (review.determined() && static_cast<int>(k) == review.outcome) continue;
    if (cost_of(diagram.root, k) >= kUnreachable) continue;
    const uint64_t wanted = uint64_t{1} << k;
    Counterfactual counterfactual;
    counterfactual.outcome = set.outcomes[k].id;
    counterfactual.possible = std::find(review.possible_outcomes.begin(), review.possible_outcomes.end(),
                                        counterfactual.outcome) != review.possible_outcomes.end();
    // 1. The cheapest path: its changes, one per fact.
    ChangeSet changes;
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
        size_t slot = 0;
        while (slot < changes.count && changes.fact[slot] != fact) ++slot;
        if (slot == changes.count) {
          if (changes.count == kMaxChanges) {
            tracked = false;
            break;
          }
          changes.fact[slot] = fact;
          changes.value[slot] = cells[2 * fact];
          changes.given[slot] = cells[2 * fact + 1];
          ++changes.count;
        }
        if (node.var % 2 == 1) {
          changes.given[slot] = static_cast<int8_t>(chosen);
        } else {
          changes.value[slot] = static_cast<int8_t>(chosen);
          changes.given[slot] = 1;  // a value given is a fact given
        }
      }
      at = diagram.children[node.first_child + chosen];
    }
    if (!tracked) continue;  // (never with real rules: a path tests each fact at most twice)
    // 2. Drop each change the outcome is certain without (in path order).
    Apply(changes, cells, cell_vars, trial);
    if (diagram.Reachable(trial.data(), scratch.masks.data()) != wanted) continue;  // (never: the path is exact)
    size_t kept = 0;
    for (size_t i = 0; i < changes.count; ++i) {
      int f = changes.fact[i];
      trial[2 * f] = cells[2 * f];
      trial[2 * f + 1] = cells[2 * f + 1];
      if (diagram.Reachable(trial.data(), scratch.masks.data()) == wanted) continue;  // not needed
      trial[2 * f] = changes.value[i];
      trial[2 * f + 1] = changes.given[i];
      changes.fact[kept] = f;
      changes.value[kept] = changes.value[i];
      changes.given[kept] = changes.given[i];
      ++kept;
    }
    changes.count = kept;
    // 3. In the law's terms: `trial` now holds the case with every kept change.
    size_t first = review.changes_storage.size();
    for (size_t i = 0; i < changes.count; ++i) {
      int f = changes.fact[i];
      const FactDecl& decl = model.facts[f];
      FactChange change;
      change.fact = decl.path;
      change.changed = facts.values[f].known;
      int low = changes.value[i], high = changes.value[i];
      if (low < 0) {
        change.value = "given";  // (a path that asks only whether the fact is given)
      } else {
        // The widest run of values around the one chosen that still gives the outcome for certain:
        // "under 18", not the "under 16" of the diagram's cells.
        if (!program.range_text[f].empty()) {
          const int count = decl.CellCount();
          auto gives = [&](int cell) {
            trial[2 * f] = static_cast<int8_t>(cell);
            bool ok = diagram.Reachable(trial.data(), scratch.masks.data()) == wanted;
            trial[2 * f] = changes.value[i];
            return ok;
          };
          while (low > 0 && gives(low - 1)) --low;
          while (high + 1 < count && gives(high + 1)) ++high;
          change.value = program.range_text[f][low * count + high];
        } else {
          change.value = program.cell_text[f][low];
        }
      }
      change.cell_first = static_cast<int8_t>(low);
      change.cell_last = static_cast<int8_t>(high);
      // The clause: the first condition of the test (outcomes tried in order, depth first) that
      // reads this fact itself and whose value the changes alter; failing that, the first that
      // reads it.
      int clause = -1, fallback = -1;
      for (const auto& [c, depth] : compiled.reasons[k]) {
        const std::vector<int>& read = program.condition_facts[c];
        if (std::find(read.begin(), read.end(), f) == read.end()) continue;
        if (fallback < 0) fallback = c;
        if (ValueOf(program.conditions[c], trial.data(), scratch.masks.data()) !=
            ValueOf(program.conditions[c], cells, scratch.masks.data())) {
          clause = c;
          break;
        }
      }
      if (clause < 0) clause = fallback >= 0 ? fallback : compiled.clauses[k][f];
      if (clause >= 0) {
        change.clause = model.conditions[clause].text;
        change.citations = model.conditions[clause].citations;
      }
      review.changes_storage.push_back(change);
    }
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
