// Cheapest paths to each outcome leaf: an edge that agrees with the case costs nothing; one that
// gives a fact not yet given costs one; one that needs a given fact to differ costs kChange (so a
// path changes as few given facts as it can, then adds as few facts as it can); an edge that would
// need a given fact taken away is never taken (the referral's facts are what they are). Any
// assignment that follows a path reaches its leaf, so the edges that differ from the case are a
// sufficient set of changes. Then the changes are put in the law's terms: each is dropped if the
// outcome is certain without it (the facts still unknown free); each added fact's range is widened
// as far as the outcome stays certain; each changed fact's range is widened as far as the outcome
// stays possible, at the test's own threshold ("18 or over", not the "25 or over" that settles it
// alone), and the facts it would then still turn on are named (`open`); and each sits under the
// condition whose test it decides. Stage: explain.
#include "explain/counterfactual.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace threshold::internal {
namespace {

constexpr int kUnreachable = std::numeric_limits<int>::max() / 4;
constexpr int kChange = 1000;  // a change to a given fact weighs more than any number of additions
constexpr size_t kMaxChanges = 128;

// Per fact, for EdgeCost: it cannot be added (it would imply a value of another fact that the
// referral gives otherwise: an age, for a referral about an unborn child); it cannot be added with
// some of its values (kBlockedValues: those in the fact's `blocked_cells`, "derive VALUE when F in
// {...}"); the diagram asks whether it is given (it has assumptions), so giving it is charged
// there, not at its value.
constexpr int8_t kBlocked = 1, kAskedIfGiven = 2, kBlockedValues = 4, kFixed = 8;

// The cost of taking child `cell` at a node testing `var`.
int EdgeCost(uint32_t var, int cell, const int8_t* cells, const int8_t* fact_flags, const uint64_t* blocked_cells) {
  int current = cells[var];
  int8_t flags = fact_flags[var / 2];
  if (current != cell && (flags & kBlocked) && cells[(var | 1)] == 0) return kUnreachable;
  if (current != cell && (flags & kFixed)) return kUnreachable;
  if (current != cell && (flags & kBlockedValues) && var % 2 == 0 && cells[var | 1] == 0 &&
      ((blocked_cells[var / 2] >> cell) & 1)) {
    return kUnreachable;
  }
  if (var % 2 == 1) {  // known(x): whether the referral gives x
    if (current == cell) return 0;
    return current == 1 ? kUnreachable : 1;  // never take a given fact away; giving one costs one
  }
  if (current < 0) return (flags & kAskedIfGiven) ? 0 : 1;  // an unknown fact must be given
  return current == cell ? 0 : kChange;                    // a given fact must change
}

// Whether taking child `cell` at a node testing `var` departs from the case (a change or an
// addition), though it may cost nothing.
bool Departs(uint32_t var, int cell, const int8_t* cells) { return cells[var] != cell; }

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

// Whether cells (value and given, per fact) give a fact that implies a value of another ("derive
// VALUE when F given"), and that other fact given with another value: a record the decoder refuses.
bool ContradictsItself(const Model& model, const std::vector<int8_t>& cells) {
  for (size_t f = 0; f < model.facts.size(); ++f) {
    const FactDecl& fact = model.facts[f];
    if (fact.implied_by.empty() || fact.implied_copy >= 0 || cells[2 * f + 1] != 1 || cells[2 * f] < 0) continue;
    if (cells[2 * f] == fact.CellOf(fact.implied_value)) continue;
    for (size_t i = 0; i < fact.implied_by.size(); ++i) {
      int source = fact.implied_by[i];
      if (cells[2 * source + 1] != 1) continue;
      uint64_t wanted = fact.implied_cells[i];
      if (wanted == 0 || (cells[2 * source] >= 0 && ((wanted >> cells[2 * source]) & 1))) return true;
    }
  }
  return false;
}

Truth ValueOf(const Diagram& diagram, const int8_t* cells, uint64_t* masks) {
  uint64_t leaves = diagram.Reachable(cells, masks);
  return leaves == 0b10 ? Truth::kTrue : leaves == 0b01 ? Truth::kFalse : Truth::kUnknown;
}

}  // namespace

void ComputeWhyNot(const Program& program, const Facts& facts, Screening::Scratch& scratch, ReviewResult& review) {
  if (review.rule_set < 0) return;
  std::vector<int>& costs = scratch.costs;
  std::vector<int8_t>& trial = scratch.trial;
  const Model& model = program.model;
  const RuleSetDecl& set = model.reviews[review.review].rule_sets[review.rule_set];
  const CompiledRuleSet& compiled = program.reviews[review.review][review.rule_set];
  const Diagram& diagram = compiled.outcomes;
  // Facts worked out from another fact of the record with the same value (an age carried from the
  // age at the incident with no birthday between, the date of death taken from the incident date)
  // move with it: here they are read through their assumption, which takes that other fact's
  // value, so a change to the source carries them along as the decoder would. Any other fact worked
  // out from the record is held at its value like a fact given (a change to its source keeps it;
  // the record may give it directly). Where reading them so would not give the case's own possible
  // outcomes (an assumption that takes another value), the cells are left as they are.
  const Model& model_for_cells = program.model;
  scratch.why_not_cells.assign(scratch.cells.begin(), scratch.cells.end());
  bool coupled = false;
  for (size_t f = 0; f < model_for_cells.facts.size(); ++f) {
    const FactDecl& fact = model_for_cells.facts[f];
    const FactValue& value = facts.values[f];
    if (!value.known || value.derived_from < 0 || fact.assumptions.empty()) continue;
    int source = -1;
    if (fact.implied_copy >= 0 && value.derived_from == fact.implied_copy) source = fact.implied_copy;
    if (fact.carry_age >= 0 && (fact.derive_from < 0 || !facts.values[fact.derive_from].known)) source = fact.carry_age;
    if (source < 0 || !facts.values[source].known || facts.values[source].value != value.value) continue;
    scratch.why_not_cells[2 * f] = -1;
    scratch.why_not_cells[2 * f + 1] = 0;
    coupled = true;
  }
  if (coupled && scratch.masks.size() >= program.max_diagram_nodes &&
      diagram.Reachable(scratch.why_not_cells.data(), scratch.masks.data()) !=
                     diagram.Reachable(scratch.cells.data(), scratch.masks.data())) {
    scratch.why_not_cells.assign(scratch.cells.begin(), scratch.cells.end());
  }
  const int8_t* cells = scratch.why_not_cells.data();
  const size_t cell_vars = scratch.why_not_cells.size();
  size_t outcomes = set.outcomes.size();
  size_t nodes = diagram.nodes.size();
  if (scratch.masks.size() < program.max_diagram_nodes) return;  // (never: screening sized it)
  // Facts that cannot be added: giving them would imply a value of another fact (derive VALUE when
  // F given) that the referral gives otherwise.
  scratch.blocked.assign(model.facts.size(), 0);
  scratch.blocked_cells.assign(model.facts.size(), 0);
  for (const FactDecl& implied : model.facts) {
    if (implied.implied_by.empty() || implied.implied_copy >= 0) continue;  // a copy never contradicts
    int g = program.fact_by_path.find(implied.path)->second;
    if (!facts.values[g].known || facts.values[g].value == implied.implied_value) continue;
    for (size_t i = 0; i < implied.implied_by.size(); ++i) {
      int source = implied.implied_by[i];
      if (facts.values[source].known) continue;
      if (implied.implied_cells[i] == 0) {
        scratch.blocked[source] |= kBlocked;
      } else {
        scratch.blocked[source] |= kBlockedValues;
        scratch.blocked_cells[source] |= implied.implied_cells[i];
      }
    }
  }
  // A value implied by a fact the referral gives (born, where an age is given) cannot change
  // without taking that fact away.
  for (size_t f = 0; f < model.facts.size(); ++f) {
    const FactDecl& fact = model.facts[f];
    const FactValue& value = facts.values[f];
    if (value.known && value.derived_from >= 0 && fact.implied_copy < 0 &&
        std::find(fact.implied_by.begin(), fact.implied_by.end(), value.derived_from) != fact.implied_by.end()) {
      scratch.blocked[f] |= kFixed;
    }
  }
  for (int f : diagram.known_support) scratch.blocked[f] |= kAskedIfGiven;
  const int8_t* blocked = scratch.blocked.data();
  const uint64_t* blocked_cells = scratch.blocked_cells.data();
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
        if (through < kUnreachable) best = std::min(best, through + EdgeCost(node.var, c, cells, blocked, blocked_cells));
      }
      costs[i * outcomes + k] = std::min(best, kUnreachable);
    }
  }
  size_t marks[64], open_marks[64];
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
        int total = through + EdgeCost(node.var, c, cells, blocked, blocked_cells);
        if (total < chosen_total) {
          chosen_total = total;
          chosen = static_cast<int>(c);
        }
      }
      if (node.var % 2 == 1 && chosen == 0) {
        // Not given after all (the branch where an assumption applies): a value the path chose for
        // the fact above was free, and is no change.
        int fact = static_cast<int>(node.var / 2);
        for (size_t slot = 0; slot < changes.count; ++slot) {
          if (changes.fact[slot] != fact) continue;
          changes.value[slot] = cells[2 * fact];
          changes.given[slot] = cells[2 * fact + 1];
        }
      }
      if (Departs(node.var, chosen, cells)) {
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
    // A record cannot give a fact that implies a value of another (an age: born) with that other
    // fact given otherwise (unborn); where the changes would, there is no proposal to make.
    if (ContradictsItself(model, trial)) continue;
    // 3. In the law's terms: `trial` now holds the case with every kept change.
    size_t first = review.changes_storage.size();
    for (size_t i = 0; i < changes.count; ++i) {
      int f = changes.fact[i];
      const FactDecl& decl = model.facts[f];
      FactChange change;
      change.fact = decl.path;
      change.changed = facts.values[f].known;
      if (change.changed && cells[2 * f] >= 0) change.given = program.cell_text[f][cells[2 * f]];
      int low = changes.value[i], high = changes.value[i];
      uint64_t mask = 0;
      if (low < 0) {
        change.value = "given";  // (a path that asks only whether the fact is given)
      } else {
        // Every value that still gives the outcome for certain, with the other changes: for an
        // integer or a date the widest run around the one chosen ("under 18", not the "under 16" of
        // the diagram's cells); for an option, every option that would do.
        const int count = decl.CellCount();
        auto gives = [&](int cell) {
          trial[2 * f] = static_cast<int8_t>(cell);
          bool ok = diagram.Reachable(trial.data(), scratch.masks.data()) == wanted;
          trial[2 * f] = changes.value[i];
          return ok;
        };
        // A changed fact: as far as the outcome stays possible (the other changes kept), which is
        // where the rule's own threshold lies; the facts that then still decide are named below.
        auto allows = [&](int cell) {
          trial[2 * f] = static_cast<int8_t>(cell);
          bool ok = (diagram.Reachable(trial.data(), scratch.masks.data()) & wanted) != 0;
          trial[2 * f] = changes.value[i];
          return ok;
        };
        auto widens = [&](int cell) { return change.changed ? allows(cell) : gives(cell); };
        if (!program.range_text[f].empty()) {
          while (low > 0 && widens(low - 1)) --low;
          while (high + 1 < count && widens(high + 1)) ++high;
          change.value = program.range_text[f][low * count + high];
          for (int c = low; c <= high; ++c) mask |= uint64_t{1} << c;
        } else {
          change.value = program.cell_text[f][low];
          for (int c = 0; c < count; ++c) {
            if (c == low || gives(c)) mask |= uint64_t{1} << c;
          }
        }
      }
      change.values_mask = mask;
      // The clause: the condition of the test that the change decides, whichever of those values
      // the fact takes. First a condition that reads the fact itself (in the order the outcomes are
      // tried, depth first) and whose value every one of them alters; failing that, the first
      // condition that every one alters (an enclosing one, when different values meet different
      // limbs: a relative or a partner); failing that, the first that reads the fact.
      // (Compared with the case as the other changes leave it, this fact as given.)
      auto alters_for_all = [&](int c) {
        trial[2 * f] = cells[2 * f];
        trial[2 * f + 1] = cells[2 * f + 1];
        Truth before = ValueOf(program.conditions[c], trial.data(), scratch.masks.data());
        trial[2 * f] = changes.value[i];
        trial[2 * f + 1] = changes.given[i];
        if (mask == 0) return ValueOf(program.conditions[c], trial.data(), scratch.masks.data()) != before;
        bool all = true;
        for (int cell = 0; cell < 64 && all; ++cell) {
          if (!((mask >> cell) & 1)) continue;
          trial[2 * f] = static_cast<int8_t>(cell);
          all = ValueOf(program.conditions[c], trial.data(), scratch.masks.data()) != before;
        }
        trial[2 * f] = changes.value[i];
        return all;
      };
      int clause = -1, enclosing = -1, fallback = -1;
      for (const auto& [c, depth] : compiled.reasons[k]) {
        const std::vector<int>& read = program.condition_facts[c];
        // It reads the fact itself, or a fact whose assumption reads it (the incident date taken
        // to be the date of awareness).
        bool direct = std::find(read.begin(), read.end(), f) != read.end();
        if (!direct && std::binary_search(program.conditions[c].support.begin(), program.conditions[c].support.end(), f)) {
          direct = std::any_of(read.begin(), read.end(), [&](int g) { return !model.facts[g].assumptions.empty(); });
        }
        if (direct && fallback < 0) fallback = c;
        if ((direct || enclosing < 0) && alters_for_all(c)) {
          if (direct) {
            clause = c;
            break;
          }
          enclosing = c;
        }
      }
      if (clause < 0) clause = enclosing >= 0 ? enclosing : fallback >= 0 ? fallback : compiled.clauses[k][f];
      if (clause >= 0) {
        change.clause = model.conditions[clause].text;
        change.clause_value = ValueOf(program.conditions[clause], trial.data(), scratch.masks.data());
        change.citations = model.conditions[clause].citations;
      }
      review.changes_storage.push_back(change);
    }
    // 4. Where a changed fact's range reaches values at which the outcome is possible but not yet
    // certain (the lowest of its range, the threshold), the unknown facts it would then turn on.
    size_t first_open = review.open_storage.size();
    bool certain = true;
    for (size_t i = first; i < review.changes_storage.size(); ++i) {
      const FactChange& change = review.changes_storage[i];
      if (!change.changed || change.values_mask == 0) continue;
      int f = program.fact_by_path.find(change.fact)->second;
      trial[2 * f] = static_cast<int8_t>(std::countr_zero(change.values_mask));
    }
    uint64_t at_threshold = diagram.Reachable(trial.data(), scratch.masks.data());
    certain = at_threshold == wanted;
    if (!certain) {
      for (int u : diagram.support) {
        if (trial[2 * u + 1] != 0) continue;  // given (or added by the changes)
        bool decides = false;
        const int8_t value = trial[2 * u];
        trial[2 * u + 1] = 1;
        for (int c = 0; c < model.facts[u].CellCount() && !decides; ++c) {
          trial[2 * u] = static_cast<int8_t>(c);
          decides = diagram.Reachable(trial.data(), scratch.masks.data()) != at_threshold;
        }
        trial[2 * u] = value;
        trial[2 * u + 1] = 0;
        if (decides) review.open_storage.push_back(model.facts[u].path);
      }
    }
    marks[review.why_not.size()] = first;
    open_marks[review.why_not.size()] = first_open;
    review.why_not.push_back(counterfactual);
  }
  // The spans are set once the storage is complete, since appending may move it.
  for (size_t i = 0; i < review.why_not.size(); ++i) {
    size_t end = i + 1 < review.why_not.size() ? open_marks[i + 1] : review.open_storage.size();
    review.why_not[i].open = std::span<const std::string_view>(review.open_storage).subspan(open_marks[i], end - open_marks[i]);
  }
  for (size_t i = 0; i < review.why_not.size(); ++i) {
    size_t end = i + 1 < review.why_not.size() ? marks[i + 1] : review.changes_storage.size();
    review.why_not[i].changes = std::span<const FactChange>(review.changes_storage).subspan(marks[i], end - marks[i]);
  }
}

}  // namespace threshold::internal
