// Checks possible_outcomes, missing, the assumptions that could change the outcome and
// next_question against brute force on every example in the built-in rules (the vignettes among
// them), with given facts removed one, two and three at a time; and the promises of
// docs/semantics.md: a determined review lists no missing fact, and a review that removing one fact
// leaves undetermined names that fact (or the age it gives) among its missing facts or assumptions.
// The brute force walks the resolved expression trees directly over every completion of the
// unknown facts, so it shares nothing with the decision diagrams the engine uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "compile/program.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

using internal::ExprNode;
using internal::Model;

// Two-valued evaluation of a resolved expression with every fact's cell fixed, as the rules read
// the facts: a fact not given reads as the value of the first of its assumptions that applies
// (docs/semantics.md), else as its cell in the completion.
bool Eval(const Model& model, int node_index, const std::vector<int>& cells, const std::vector<bool>& given);

// Whether a comparison (as an atom on fact f holds it) holds for fact f as the rules read it.
bool Holds(const Model& model, int f, const std::string& op, const std::vector<int64_t>& values, uint64_t mask,
           const std::vector<int>& cells, const std::vector<bool>& given) {
  const internal::FactDecl& fact = model.facts[f];
  if (!given[f]) {
    for (const internal::AssumptionDecl& assumption : fact.assumptions) {
      if (assumption.when >= 0 && !Eval(model, assumption.when, cells, given)) continue;
      if (assumption.fact < 0) return (mask >> assumption.cell) & 1;
      const internal::FactDecl& source = model.facts[assumption.fact];
      return Holds(model, assumption.fact, op, values, source.MaskOf(op, values), cells, given);
    }
  }
  return (mask >> cells[f]) & 1;
}

bool Eval(const Model& model, int node_index, const std::vector<int>& cells, const std::vector<bool>& given) {
  const ExprNode& node = model.nodes[node_index];
  switch (node.kind) {
    case ExprNode::Kind::kConst: return node.value;
    case ExprNode::Kind::kAtom: return Holds(model, node.fact, node.op, node.values, node.mask, cells, given);
    case ExprNode::Kind::kKnown: return given[node.fact];
    case ExprNode::Kind::kNot: return !Eval(model, node.children[0], cells, given);
    case ExprNode::Kind::kAnd:
      for (int child : node.children) {
        if (!Eval(model, child, cells, given)) return false;
      }
      return true;
    case ExprNode::Kind::kOr:
      for (int child : node.children) {
        if (Eval(model, child, cells, given)) return true;
      }
      return false;
    case ExprNode::Kind::kCondition: return Eval(model, model.conditions[node.condition].root, cells, given);
    case ExprNode::Kind::kReview: {
      // The other review's first-hit outcome, under the rule set the reference names.
      const auto& outcomes = model.reviews[node.review].rule_sets[node.rule_set].outcomes;
      for (size_t k = 0; k < outcomes.size(); ++k) {
        if (outcomes[k].root < 0 || Eval(model, outcomes[k].root, cells, given)) return (node.mask >> k) & 1;
      }
      return false;
    }
  }
  return false;
}

// Three-valued (Kleene) evaluation over a partial completion: a cell of -1 is not yet chosen. A
// value it returns (0 or 1) holds for every completion of the cells left open, so the search below
// branches only where the answer still depends on them. Reads facts as Holds does.
int Eval3(const Model& model, int node_index, const std::vector<int>& cells, const std::vector<bool>& given);

int Holds3(const Model& model, int f, const std::string& op, const std::vector<int64_t>& values, uint64_t mask,
           const std::vector<int>& cells, const std::vector<bool>& given) {
  const internal::FactDecl& fact = model.facts[f];
  if (!given[f]) {
    for (const internal::AssumptionDecl& assumption : fact.assumptions) {
      if (assumption.when >= 0) {
        int when = Eval3(model, assumption.when, cells, given);
        if (when < 0) return -1;
        if (when == 0) continue;
      }
      if (assumption.fact < 0) return static_cast<int>((mask >> assumption.cell) & 1);
      const internal::FactDecl& source = model.facts[assumption.fact];
      return Holds3(model, assumption.fact, op, values, source.MaskOf(op, values), cells, given);
    }
  }
  if (cells[f] < 0) return -1;
  return static_cast<int>((mask >> cells[f]) & 1);
}

int Eval3(const Model& model, int node_index, const std::vector<int>& cells, const std::vector<bool>& given) {
  const ExprNode& node = model.nodes[node_index];
  switch (node.kind) {
    case ExprNode::Kind::kConst: return node.value ? 1 : 0;
    case ExprNode::Kind::kAtom: return Holds3(model, node.fact, node.op, node.values, node.mask, cells, given);
    case ExprNode::Kind::kKnown: return given[node.fact] ? 1 : 0;
    case ExprNode::Kind::kNot: {
      int v = Eval3(model, node.children[0], cells, given);
      return v < 0 ? -1 : 1 - v;
    }
    case ExprNode::Kind::kAnd:
    case ExprNode::Kind::kOr: {
      const int absorbing = node.kind == ExprNode::Kind::kAnd ? 0 : 1;
      int result = 1 - absorbing;
      for (int child : node.children) {
        int v = Eval3(model, child, cells, given);
        if (v == absorbing) return absorbing;
        if (v < 0) result = -1;
      }
      return result;
    }
    case ExprNode::Kind::kCondition: return Eval3(model, model.conditions[node.condition].root, cells, given);
    case ExprNode::Kind::kReview: {
      const auto& outcomes = model.reviews[node.review].rule_sets[node.rule_set].outcomes;
      // The first outcome that holds: unknown as soon as an earlier one may or may not hold, unless
      // every outcome still reachable gives the same answer.
      int answer = -2;  // -2: none reached yet
      for (size_t k = 0; k < outcomes.size(); ++k) {
        int v = outcomes[k].root < 0 ? 1 : Eval3(model, outcomes[k].root, cells, given);
        if (v == 0) continue;
        int here = static_cast<int>((node.mask >> k) & 1);
        if (answer == -2) answer = here;
        else if (answer != here) return -1;
        if (v == 1) return answer;
      }
      return answer == -2 ? 0 : answer;
    }
  }
  return -1;
}

// The tests a rule set reads, as (fact, mask of the fact's cells that pass): every atom reachable
// from its outcomes (through conditions, other reviews and the conditions of assumptions), and,
// where an atom's fact may be assumed from another fact, the same test on that fact.
void CollectTests(const Model& model, int node_index, std::set<int>& seen, std::vector<std::pair<int, uint64_t>>& tests) {
  if (!seen.insert(node_index).second) return;
  const ExprNode& node = model.nodes[node_index];
  if (node.kind == ExprNode::Kind::kAtom) {
    std::vector<int> facts = {node.fact};
    std::set<int> visited = {node.fact};
    for (size_t i = 0; i < facts.size(); ++i) {
      const internal::FactDecl& fact = model.facts[facts[i]];
      tests.emplace_back(facts[i], fact.MaskOf(node.op, node.values));
      for (const internal::AssumptionDecl& assumption : fact.assumptions) {
        if (assumption.when >= 0) CollectTests(model, assumption.when, seen, tests);
        if (assumption.fact >= 0 && visited.insert(assumption.fact).second) facts.push_back(assumption.fact);
      }
    }
  }
  if (node.kind == ExprNode::Kind::kKnown) {
    for (const internal::AssumptionDecl& assumption : model.facts[node.fact].assumptions) {
      if (assumption.when >= 0) CollectTests(model, assumption.when, seen, tests);
    }
  }
  if (node.kind == ExprNode::Kind::kCondition) CollectTests(model, model.conditions[node.condition].root, seen, tests);
  if (node.kind == ExprNode::Kind::kReview) {
    for (const auto& outcome : model.reviews[node.review].rule_sets[node.rule_set].outcomes) {
      if (outcome.root >= 0) CollectTests(model, outcome.root, seen, tests);
    }
  }
  for (int child : node.children) CollectTests(model, child, seen, tests);
}

// For each fact, one cell of each class of cells that no test the rule set reads tells apart: a
// completion may take any cell of a class with the same answer, so the searches branch on these
// only (a date fact has a cell between every two dates the whole pack names; one rule set reads a
// few of them).
std::vector<std::vector<int>> Representatives(const Model& model, const internal::RuleSetDecl& set) {
  std::set<int> seen;
  std::vector<std::pair<int, uint64_t>> tests;
  for (const auto& outcome : set.outcomes) {
    if (outcome.root >= 0) CollectTests(model, outcome.root, seen, tests);
  }
  std::vector<std::vector<int>> reps(model.facts.size());
  for (size_t f = 0; f < model.facts.size(); ++f) {
    std::set<std::vector<bool>> classes;
    for (int c = 0; c < model.facts[f].CellCount(); ++c) {
      std::vector<bool> signature;
      for (const auto& [fact, mask] : tests) {
        if (fact == static_cast<int>(f)) signature.push_back((mask >> c) & 1);
      }
      if (classes.insert(signature).second) reps[f].push_back(c);
    }
  }
  return reps;
}

// Whether some completion of `unknown` makes the expression true (a search that stops where
// Kleene evaluation settles it, and otherwise reads every fact chosen two-valued).
bool SomeCompletionHolds(const Model& model, int node, const std::vector<int>& cells, const std::vector<bool>& given,
                         const std::vector<int>& unknown, const std::vector<std::vector<int>>& reps) {
  std::vector<int> partial = cells;
  for (int f : unknown) partial[f] = -1;
  std::function<bool(size_t)> walk = [&](size_t i) {
    int v = Eval3(model, node, partial, given);
    if (v >= 0) return v == 1;
    if (i == unknown.size()) return Eval(model, node, partial, given);
    int fact = unknown[i];
    for (int c : reps[fact]) {
      partial[fact] = c;
      if (walk(i + 1)) {
        partial[fact] = -1;
        return true;
      }
    }
    partial[fact] = -1;
    return false;
  };
  return walk(0);
}

// The facts an expression reads, through the conditions it names and the assumptions of the facts.
void CollectFacts(const Model& model, int node_index, std::set<int>& facts) {
  const ExprNode& node = model.nodes[node_index];
  if ((node.kind == ExprNode::Kind::kAtom || node.kind == ExprNode::Kind::kKnown) && facts.insert(node.fact).second) {
    for (const internal::AssumptionDecl& assumption : model.facts[node.fact].assumptions) {
      if (assumption.when >= 0) CollectFacts(model, assumption.when, facts);
      if (assumption.fact >= 0 && facts.insert(assumption.fact).second) {
        // (its own assumptions are read when an atom on it is: follow them here too)
        for (const internal::AssumptionDecl& next : model.facts[assumption.fact].assumptions) {
          if (next.when >= 0) CollectFacts(model, next.when, facts);
        }
      }
    }
  }
  if (node.kind == ExprNode::Kind::kCondition) {
    CollectFacts(model, model.conditions[node.condition].root, facts);
  }
  if (node.kind == ExprNode::Kind::kReview) {
    for (const auto& outcome : model.reviews[node.review].rule_sets[node.rule_set].outcomes) {
      if (outcome.root >= 0) CollectFacts(model, outcome.root, facts);
    }
  }
  for (int child : node.children) CollectFacts(model, child, facts);
}

struct BruteForce {
  std::set<std::string> possible;
  std::set<std::string> missing;
  std::set<std::string> assumed_could_change;  // may be assumed, and giving it could change `possible`
  bool skipped = false;
};

constexpr long kMaxCompletions = 20000000;  // the search prunes: this bounds only the worst case

// The outcomes some completion of `unknown` reaches (the first outcome whose test holds). Every
// completion is covered: the search stops branching where Kleene evaluation of the partial
// completion already settles the first outcome, which it does soundly for every completion below.
// Where it settles nothing, a completion of every fact is two-valued, as Eval reads it.
//
// With `coverage` (a mask per outcome and unknown fact, all zero), each settled part of the search
// records, for its outcome, the cells of every unknown fact it covers (all of them for a fact it
// left open): so coverage[k][i] has cell c exactly when some completion with unknown[i] in cell c
// reaches outcome k.
std::set<std::string> Possible(const Model& model, const internal::RuleSetDecl& set, const std::vector<int>& cells,
                               const std::vector<bool>& given, const std::vector<int>& unknown,
                               const std::vector<std::vector<int>>& reps,
                               std::vector<std::vector<uint64_t>>* coverage = nullptr) {
  std::set<std::string> outcomes;
  std::vector<int> partial = cells;
  for (int f : unknown) partial[f] = -1;
  // The search branches on a fact the first outcome still open reads (the facts it reads, with
  // those its facts' assumptions read, in order), so that it settles that outcome quickly, and only
  // when that outcome reads none still open, on the next unknown fact in order.
  std::vector<std::vector<int>> reads(set.outcomes.size());
  for (size_t k = 0; k < set.outcomes.size(); ++k) {
    std::set<int> facts;
    if (set.outcomes[k].root >= 0) CollectFacts(model, set.outcomes[k].root, facts);
    for (int f : unknown) {
      if (facts.count(f)) reads[k].push_back(f);
    }
  }
  auto found = [&](size_t k) {
    const std::string& id = set.outcomes[k].id;
    outcomes.insert(id);
    if (coverage != nullptr) {
      for (size_t i = 0; i < unknown.size(); ++i) {
        int f = unknown[i];
        int n = model.facts[f].CellCount();
        (*coverage)[k][i] |= partial[f] < 0 ? (n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1) : uint64_t{1} << partial[f];
      }
    }
  };
  std::function<void(size_t)> walk = [&](size_t chosen) {
    int open = -1;  // the first outcome that may or may not hold here
    for (size_t k = 0; k < set.outcomes.size(); ++k) {
      const auto& outcome = set.outcomes[k];
      int v = outcome.root < 0 ? 1 : Eval3(model, outcome.root, partial, given);
      if (v == 1) {
        found(k);
        return;
      }
      if (v < 0) {
        open = static_cast<int>(k);
        break;
      }
    }
    if (chosen == unknown.size()) {
      // Every fact chosen: the two-valued reading decides (equal to Kleene here).
      for (size_t k = 0; k < set.outcomes.size(); ++k) {
        const auto& outcome = set.outcomes[k];
        if (outcome.root < 0 || Eval(model, outcome.root, partial, given)) {
          found(k);
          return;
        }
      }
      return;
    }
    int fact = -1;
    if (open >= 0) {
      for (int f : reads[open]) {
        if (partial[f] < 0) {
          fact = f;
          break;
        }
      }
    }
    if (fact < 0) {
      for (int f : unknown) {
        if (partial[f] < 0) {
          fact = f;
          break;
        }
      }
    }
    for (int c : reps[fact]) {
      partial[fact] = c;
      walk(chosen + 1);
    }
    partial[fact] = -1;
  };
  walk(0);
  return outcomes;
}

BruteForce Solve(const Model& model, const internal::RuleSetDecl& set, const Facts& facts) {
  BruteForce result;
  std::set<int> read;
  for (const auto& outcome : set.outcomes) {
    if (outcome.root >= 0) CollectFacts(model, outcome.root, read);
  }
  const std::vector<std::vector<int>> reps = Representatives(model, set);
  std::vector<int> cells(model.facts.size(), 0);
  std::vector<bool> given(model.facts.size(), false);
  std::vector<int> unknown;
  long completions = 1;
  for (size_t f = 0; f < model.facts.size(); ++f) {
    if (facts.values[f].known) {
      cells[f] = model.facts[f].CellOf(facts.values[f].value);
      given[f] = true;
    } else if (read.count(static_cast<int>(f))) {
      unknown.push_back(static_cast<int>(f));
      completions *= static_cast<long>(reps[f].size());
    }
  }
  if (completions > kMaxCompletions) {
    result.skipped = true;
    return result;
  }
  std::vector<std::vector<uint64_t>> coverage(set.outcomes.size(), std::vector<uint64_t>(unknown.size(), 0));
  result.possible = Possible(model, set, cells, given, unknown, reps, &coverage);
  for (size_t i = 0; i < unknown.size(); ++i) {
    int f = unknown[i];
    std::vector<bool> with = given;
    with[f] = true;  // giving the fact: its own value, no assumption
    bool changes = false;
    // Giving the fact cell c, the answer is the outcomes whose coverage has c. For a fact with no
    // assumption the search above already read it as given; a fact with an assumption, once given,
    // is read differently (no longer assumed), so it is searched once more, read as given and open.
    const std::vector<std::vector<uint64_t>>* cover = &coverage;
    std::vector<std::vector<uint64_t>> given_coverage;
    if (!model.facts[f].assumptions.empty()) {
      given_coverage.assign(set.outcomes.size(), std::vector<uint64_t>(unknown.size(), 0));
      Possible(model, set, cells, with, unknown, reps, &given_coverage);
      cover = &given_coverage;
    }
    for (int c : reps[f]) {
      if (changes) break;
      std::set<std::string> answer;
      for (size_t k = 0; k < set.outcomes.size(); ++k) {
        if (((*cover)[k][i] >> c) & 1) answer.insert(set.outcomes[k].id);
      }
      changes = answer != result.possible;
    }
    if (!changes) continue;
    // May an assumption of f apply, on some completion of the other unknown facts?
    bool may_be_assumed = false;
    for (const internal::AssumptionDecl& assumption : model.facts[f].assumptions) {
      if (assumption.when < 0) {
        may_be_assumed = true;
        break;
      }
      may_be_assumed = SomeCompletionHolds(model, assumption.when, cells, given, unknown, reps);
      if (may_be_assumed) break;
    }
    (may_be_assumed ? result.assumed_could_change : result.missing).insert(model.facts[f].path);
  }
  return result;
}

// Removes a fact's leaf from a nested record.
void Remove(nlohmann::json& record, const std::vector<std::string>& keys) {
  nlohmann::json* at = &record;
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    if (!at->contains(keys[i])) return;
    at = &(*at)[keys[i]];
  }
  at->erase(keys.back());
}

TEST(RelevanceAgainstBruteForce, EveryExampleWithFactsRemoved) {
  CompileResult compiled = Rules::Builtin();
  ASSERT_TRUE(compiled.ok()) << compiled.FormatDiagnostics();
  const Rules& rules = *compiled.rules;
  const Model& model = rules.program().model;
  long checked = 0, skipped = 0, next_checked = 0;
  for (const internal::ExampleDecl& example : model.examples) {
    DecodeResult full = rules.DecodeValue(example.record);
    if (!full.ok()) continue;
    std::vector<int> given;
    for (size_t f = 0; f < model.facts.size(); ++f) {
      if (full.facts->values[f].known && model.facts[f].derive_from < 0) given.push_back(static_cast<int>(f));
    }
    // Every subset of one given fact; for the vignettes (ids "v..."), also of two and three. Under
    // the sanitizers, one only: they look for memory errors, which the single removals reach, and
    // the pairs and triples would take five minutes there.
    bool vignette = example.id.size() > 1 && example.id[0] == 'v' && isdigit(static_cast<unsigned char>(example.id[1]));
#ifdef THRESHOLD_SANITIZED
    vignette = false;
#endif
    std::vector<std::vector<int>> subsets;
    for (size_t a = 0; a < given.size(); ++a) {
      subsets.push_back({given[a]});
      if (!vignette) continue;
      for (size_t b = a + 1; b < given.size(); ++b) {
        subsets.push_back({given[a], given[b]});
        for (size_t c = b + 1; c < given.size(); ++c) subsets.push_back({given[a], given[b], given[c]});
      }
    }
    ScreenOptions options;
    options.as_of = example.as_of;
    options.why_not = false;
    for (const auto& [review, rule_set] : example.using_rule_sets) options.rule_sets[review] = rule_set;
    Screening screening, full_screening;
    rules.Screen(*full.facts, options, full_screening);
    for (const std::vector<int>& removed : subsets) {
      nlohmann::json record = example.record;
      for (int f : removed) Remove(record, model.facts[f].keys);
      DecodeResult decoded = rules.DecodeValue(record);
      ASSERT_TRUE(decoded.ok()) << example.id;
      rules.Screen(*decoded.facts, options, screening);
      std::set<std::string> all_missing;
      bool assumption_could_change = false;
      for (const ReviewResult& review : screening.reviews) {
        for (const MissingFact& m : review.missing) all_missing.insert(std::string(m.fact));
        for (const AssumptionResult& a : review.assumptions) assumption_could_change |= a.could_change;
        std::string what = example.id + " without";
        for (int f : removed) what += " " + model.facts[f].path;
        what += " (" + std::string(review.id) + ")";
        // A determined review lists no missing fact.
        EXPECT_TRUE(!review.determined() || review.missing.empty()) << what;
        // A review the full example settles, left undetermined by removing one fact, names that
        // fact (or the age it gives) among the missing facts or the assumptions.
        const ReviewResult& before = full_screening.reviews[&review - screening.reviews.data()];
        if (removed.size() == 1 && before.determined() && !review.determined()) {
          const internal::FactDecl& gone = model.facts[removed[0]];
          std::set<std::string> named;
          for (const MissingFact& m : review.missing) named.insert(std::string(m.fact));
          bool rule_set_by_screening_date = false;
          for (const AssumptionResult& a : review.assumptions) {
            named.insert(std::string(a.fact));
            named.insert(std::string(a.ask));
            named.insert(std::string(a.value_of));
            rule_set_by_screening_date |= a.kind == AssumptionResult::Kind::kRuleSetDate;
          }
          bool listed = named.count(gone.path) > 0;
          for (size_t g = 0; g < model.facts.size(); ++g) {
            const internal::FactDecl& other = model.facts[g];
            bool derived_from_it = other.derive_from == removed[0] || other.carry_age == removed[0] ||
                                   other.carry_date == removed[0] ||
                                   std::count(other.derive_on.begin(), other.derive_on.end(), removed[0]) > 0 ||
                                   std::count(other.implied_by.begin(), other.implied_by.end(), removed[0]) > 0;
            if (derived_from_it) listed = listed || named.count(other.path) > 0;
          }
          // Or the record still gives it, worked out from another fact (the date of death from the
          // incident date): then it is not unknown, and the answer follows that value.
          listed = listed || (decoded.facts->values[removed[0]].known && decoded.facts->values[removed[0]].derived_from >= 0);
          // A date the review is dated by: the screening date stood in for the case's dates.
          const auto& dated_by = model.reviews[review.review].dated_by;
          if (std::count(dated_by.begin(), dated_by.end(), removed[0]) > 0) listed = listed || rule_set_by_screening_date;
          EXPECT_TRUE(listed) << what << ": undetermined, but neither missing nor assumptions name " << gone.path;
        }
        if (review.rule_set < 0) continue;
        const auto& set = model.reviews[review.review].rule_sets[review.rule_set];
        auto solve_start = std::chrono::steady_clock::now();
        BruteForce expected = Solve(model, set, *decoded.facts);
        double solve_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - solve_start).count();
        if (solve_seconds > 2.0) std::cout << "[ slow ] " << what << ": " << solve_seconds << " s\n" << std::flush;
        if (expected.skipped) {
          ++skipped;
          continue;
        }
        ++checked;
        std::set<std::string> possible(review.possible_outcomes.begin(), review.possible_outcomes.end());
        std::set<std::string> missing, assumed;
        for (const MissingFact& m : review.missing) missing.insert(std::string(m.fact));
        for (const AssumptionResult& a : review.assumptions) {
          if (a.kind == AssumptionResult::Kind::kDeclared && a.could_change) assumed.insert(std::string(a.fact));
        }
        EXPECT_EQ(possible, expected.possible) << what;
        EXPECT_EQ(missing, expected.missing) << what;
        EXPECT_EQ(assumed, expected.assumed_could_change) << what;
      }
      if (!all_missing.empty()) {
        ++next_checked;
        ASSERT_TRUE(screening.next_question.has_value());
        EXPECT_TRUE(all_missing.count(std::string(screening.next_question->fact))) << example.id;
        EXPECT_FALSE(screening.next_question->assumed);
      } else if (assumption_could_change) {
        ASSERT_TRUE(screening.next_question.has_value()) << example.id;
        EXPECT_TRUE(screening.next_question->assumed) << example.id;
      } else {
        EXPECT_FALSE(screening.next_question.has_value()) << example.id;
      }
    }
  }
  std::cout << "checked " << checked << " review screenings against brute force (" << skipped
            << " skipped as too large), next_question checked " << next_checked << " times\n";
  EXPECT_GT(checked, 1000);
  EXPECT_LT(skipped, checked / 10);
}

}  // namespace
}  // namespace threshold
