// Checks possible_outcomes, missing and next_question against brute force on every example in the
// built-in rules (the vignettes among them), with given facts removed one, two and three at a time.
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

// Two-valued evaluation of a resolved expression with every fact's cell fixed.
bool Eval(const Model& model, int node_index, const std::vector<int>& cells, const std::vector<bool>& given) {
  const ExprNode& node = model.nodes[node_index];
  switch (node.kind) {
    case ExprNode::Kind::kConst: return node.value;
    case ExprNode::Kind::kAtom: return (node.mask >> cells[node.fact]) & 1;
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

void CollectFacts(const Model& model, int node_index, std::set<int>& facts) {
  const ExprNode& node = model.nodes[node_index];
  if (node.kind == ExprNode::Kind::kAtom || node.kind == ExprNode::Kind::kKnown) facts.insert(node.fact);
  if (node.kind == ExprNode::Kind::kCondition) {
    CollectFacts(model, model.conditions[node.condition].root, facts);
  }
  for (int child : node.children) CollectFacts(model, child, facts);
}

struct BruteForce {
  std::set<std::string> possible;
  std::set<std::string> missing;
  bool skipped = false;
};

constexpr long kMaxCompletions = 200000;

// The outcomes of every completion of `unknown` facts (each over all its cells), the others as given.
std::set<std::string> Possible(const Model& model, const internal::RuleSetDecl& set, std::vector<int> cells,
                               const std::vector<bool>& given, const std::vector<int>& unknown) {
  std::set<std::string> outcomes;
  std::function<void(size_t)> walk = [&](size_t i) {
    if (i == unknown.size()) {
      for (const auto& outcome : set.outcomes) {
        if (outcome.root < 0 || Eval(model, outcome.root, cells, given)) {
          outcomes.insert(outcome.id);
          return;
        }
      }
      return;
    }
    int fact = unknown[i];
    for (int c = 0; c < model.facts[fact].CellCount(); ++c) {
      cells[fact] = c;
      walk(i + 1);
    }
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
    with[f] = true;  // giving the fact makes known(f) true
    for (int c = 0; c < model.facts[f].CellCount(); ++c) {
      std::vector<int> fixed = cells;
      fixed[f] = c;
      if (Possible(model, set, fixed, with, others) != result.possible) {
        result.missing.insert(model.facts[f].path);
        break;
      }
    }
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
    Screening screening;
    for (const std::vector<int>& removed : subsets) {
      nlohmann::json record = example.record;
      for (int f : removed) Remove(record, model.facts[f].keys);
      DecodeResult decoded = rules.DecodeValue(record);
      ASSERT_TRUE(decoded.ok()) << example.id;
      rules.Screen(*decoded.facts, options, screening);
      std::set<std::string> all_missing;
      for (const ReviewResult& review : screening.reviews) {
        for (const MissingFact& m : review.missing) all_missing.insert(std::string(m.fact));
        if (review.rule_set < 0) continue;
        const auto& set = model.reviews[review.review].rule_sets[review.rule_set];
        BruteForce expected = Solve(model, set, *decoded.facts);
        if (expected.skipped) {
          ++skipped;
          continue;
        }
        ++checked;
        std::set<std::string> possible(review.possible_outcomes.begin(), review.possible_outcomes.end());
        std::set<std::string> missing;
        for (const MissingFact& m : review.missing) missing.insert(std::string(m.fact));
        std::string what = example.id + " without";
        for (int f : removed) what += " " + model.facts[f].path;
        EXPECT_EQ(possible, expected.possible) << what << " (" << review.id << ")";
        EXPECT_EQ(missing, expected.missing) << what << " (" << review.id << ")";
      }
      if (!all_missing.empty()) {
        ++next_checked;
        ASSERT_TRUE(screening.next_question.has_value());
        EXPECT_TRUE(all_missing.count(std::string(screening.next_question->fact))) << example.id;
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
