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
  }
  return false;
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
  for (int child : node.children) CollectFacts(model, child, facts);
}

struct BruteForce {
  std::set<std::string> possible;
  std::set<std::string> missing;
  std::set<std::string> assumed_could_change;  // may be assumed, and giving it could change `possible`
  bool skipped = false;
};

constexpr long kMaxCompletions = 200000;

// Calls `visit` with every completion of `unknown` facts (each over all its cells), the others as given.
void ForEachCompletion(const Model& model, std::vector<int> cells, const std::vector<int>& unknown,
                       const std::function<void(const std::vector<int>&)>& visit) {
  std::function<void(size_t)> walk = [&](size_t i) {
    if (i == unknown.size()) {
      visit(cells);
      return;
    }
    int fact = unknown[i];
    for (int c = 0; c < model.facts[fact].CellCount(); ++c) {
      cells[fact] = c;
      walk(i + 1);
    }
  };
  walk(0);
}

std::set<std::string> Possible(const Model& model, const internal::RuleSetDecl& set, const std::vector<int>& cells,
                               const std::vector<bool>& given, const std::vector<int>& unknown) {
  std::set<std::string> outcomes;
  ForEachCompletion(model, cells, unknown, [&](const std::vector<int>& completion) {
    for (const auto& outcome : set.outcomes) {
      if (outcome.root < 0 || Eval(model, outcome.root, completion, given)) {
        outcomes.insert(outcome.id);
        return;
      }
    }
  });
  return outcomes;
}

BruteForce Solve(const Model& model, const internal::RuleSetDecl& set, const Facts& facts) {
  BruteForce result;
  std::set<int> read;
  for (const auto& outcome : set.outcomes) {
    if (outcome.root >= 0) CollectFacts(model, outcome.root, read);
  }
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
      completions *= model.facts[f].CellCount();
    }
  }
  if (completions > kMaxCompletions) {
    result.skipped = true;
    return result;
  }
  result.possible = Possible(model, set, cells, given, unknown);
  for (int f : unknown) {
    std::vector<int> others;
    for (int g : unknown) {
      if (g != f) others.push_back(g);
    }
    std::vector<bool> with = given;
    with[f] = true;  // giving the fact: its own value, no assumption
    bool changes = false;
    for (int c = 0; c < model.facts[f].CellCount() && !changes; ++c) {
      std::vector<int> fixed = cells;
      fixed[f] = c;
      changes = Possible(model, set, fixed, with, others) != result.possible;
    }
    if (!changes) continue;
    // May an assumption of f apply, on some completion of the other unknown facts?
    bool may_be_assumed = false;
    for (const internal::AssumptionDecl& assumption : model.facts[f].assumptions) {
      if (assumption.when < 0) {
        may_be_assumed = true;
        break;
      }
      ForEachCompletion(model, cells, unknown, [&](const std::vector<int>& completion) {
        may_be_assumed = may_be_assumed || Eval(model, assumption.when, completion, given);
      });
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
    // Every subset of one given fact; for the vignettes (ids "v..."), also of two and three.
    bool vignette = example.id.size() > 1 && example.id[0] == 'v' && isdigit(static_cast<unsigned char>(example.id[1]));
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
            bool derived_from_it = other.derive_from == removed[0] ||
                                   std::count(other.derive_on.begin(), other.derive_on.end(), removed[0]) > 0;
            if (derived_from_it) listed = listed || named.count(other.path) > 0;
          }
          // A date the review is dated by: the screening date stood in for the case's dates.
          const auto& dated_by = model.reviews[review.review].dated_by;
          if (std::count(dated_by.begin(), dated_by.end(), removed[0]) > 0) listed = listed || rule_set_by_screening_date;
          EXPECT_TRUE(listed) << what << ": undetermined, but neither missing nor assumptions name " << gone.path;
        }
        if (review.rule_set < 0) continue;
        const auto& set = model.reviews[review.review].rule_sets[review.rule_set];
        BruteForce expected = Solve(model, set, *decoded.facts);
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
