// Example runner: each example's case record is decoded and screened like any referral, then
// every expectation is compared with the result. Stage: evaluate.
#include "api/examples.h"

#include <algorithm>
#include <set>

#include "compile/program.h"

namespace threshold::internal {
namespace {

std::string Join(const std::vector<std::string_view>& items) {
  std::string out;
  for (std::string_view item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return "{" + out + "}";
}

std::string Describe(const ReviewResult& review) {
  if (review.determined()) return std::string(review.outcome_id);
  std::vector<std::string_view> possible(review.possible_outcomes.begin(), review.possible_outcomes.end());
  return "undetermined (could be " + Join(possible) + ")";
}

bool SameSet(std::vector<std::string_view> a, std::vector<std::string> b) {
  std::vector<std::string_view> bb(b.begin(), b.end());
  std::sort(a.begin(), a.end());
  std::sort(bb.begin(), bb.end());
  return a == bb;
}

}  // namespace

ExampleReport RunExamples(const Rules& rules) {
  const Model& model = rules.program().model;
  ExampleReport report;
  std::set<std::string> reached;
  for (const ExampleDecl& example : model.examples) {
    std::vector<std::string> problems;
    std::vector<int> problem_lines;
    DecodeResult decoded = rules.DecodeValue(example.record);
    if (!decoded.ok()) {
      for (const CaseError& error : decoded.errors) {
        problems.push_back("the given facts are not a valid case record: " + error.pointer + ": " + error.message +
                           " [" + error.code + "]");
        problem_lines.push_back(example.where.line);
      }
    } else {
      ScreenOptions options;
      options.as_of = example.as_of;
      for (const auto& [review, rule_set] : example.using_rule_sets) options.rule_sets[review] = rule_set;
      Screening screening = rules.Screen(*decoded.facts, options);
      for (const ReviewResult& review : screening.reviews) {
        if (review.determined() && review.rule_set >= 0) {
          reached.insert(std::string(review.id) + "/" + std::string(review.rule_set_id) + "/" +
                         std::string(review.outcome_id));
        }
      }
      for (const Expectation& expectation : example.expectations) {
        const ReviewResult& review = screening.reviews[expectation.review];
        std::string problem;
        switch (expectation.kind) {
          case Expectation::Kind::kIs:
            if (!review.determined() || review.outcome_id != expectation.items[0]) {
              problem = "expected " + std::string(review.id) + " is " + expectation.items[0] + ", got " +
                        Describe(review);
            }
            break;
          case Expectation::Kind::kUndetermined:
            if (review.determined()) {
              problem = "expected " + std::string(review.id) + " is undetermined, got " + Describe(review);
            }
            break;
          case Expectation::Kind::kCouldBe:
            if (!SameSet(review.possible_outcomes, expectation.items)) {
              std::vector<std::string_view> wanted(expectation.items.begin(), expectation.items.end());
              problem = "expected " + std::string(review.id) + " could be " + Join(wanted) + ", got " +
                        Join(review.possible_outcomes);
            }
            break;
          case Expectation::Kind::kNeeds: {
            std::vector<std::string_view> missing;
            for (const MissingFact& fact : review.missing) missing.push_back(fact.fact);
            if (!SameSet(missing, expectation.items)) {
              std::vector<std::string_view> wanted(expectation.items.begin(), expectation.items.end());
              problem = "expected " + std::string(review.id) + " needs " + Join(wanted) + ", got " + Join(missing);
            }
            break;
          }
          case Expectation::Kind::kAssumes: {
            std::vector<std::string_view> assumed;
            for (const AssumptionResult& assumption : review.assumptions) assumed.push_back(assumption.fact);
            if (!SameSet(assumed, expectation.items)) {
              std::vector<std::string_view> wanted(expectation.items.begin(), expectation.items.end());
              problem = "expected " + std::string(review.id) + " assumes " + Join(wanted) + ", got " + Join(assumed);
            }
            break;
          }
          case Expectation::Kind::kFlags:
          case Expectation::Kind::kAdvises: {
            bool flags = expectation.kind == Expectation::Kind::kFlags;
            const char* what = flags ? "flag" : "advisory";
            std::vector<std::string_view> raised;
            for (const Raised& raise : flags ? review.flags : review.advisories) raised.push_back(raise.id);
            if (expectation.only) {
              if (!SameSet(raised, expectation.items)) {
                std::vector<std::string_view> wanted(expectation.items.begin(), expectation.items.end());
                problem = "expected " + std::string(review.id) + (flags ? " flags only " : " advises only ") +
                          Join(wanted) + ", raised " + Join(raised);
              }
              break;
            }
            for (const std::string& item : expectation.items) {
              if (std::find(raised.begin(), raised.end(), item) == raised.end()) {
                problem = "expected " + std::string(review.id) + " to raise " + what + " " + item + ", raised " +
                          Join(raised);
                break;
              }
            }
            break;
          }
          case Expectation::Kind::kDeadline: {
            auto it = std::find_if(review.deadlines.begin(), review.deadlines.end(),
                                   [&](const DeadlineResult& d) { return d.id == expectation.items[0]; });
            if (it == review.deadlines.end()) {
              problem = "expected " + std::string(review.id) + " deadline " + expectation.items[0] +
                        ", but the outcome " + Describe(review) + " has no such deadline";
            } else if (!it->due || *it->due != expectation.due) {
              problem = "expected " + std::string(review.id) + " deadline " + expectation.items[0] + " due " +
                        expectation.due.ToString() + ", got " + (it->due ? it->due->ToString() : "no date");
            }
            break;
          }
        }
        if (!problem.empty()) {
          problems.push_back(problem);
          problem_lines.push_back(expectation.where.line);
        }
      }
    }
    if (problems.empty()) {
      ++report.passed;
    } else {
      ++report.failed;
      for (size_t i = 0; i < problems.size(); ++i) {
        report.failures.push_back({example.where.file, problem_lines[i], example.id, problems[i]});
      }
    }
  }
  for (const ReviewDecl& review : model.reviews) {
    for (const RuleSetDecl& set : review.rule_sets) {
      for (const OutcomeDecl& outcome : set.outcomes) {
        ++report.outcomes;
        std::string key = review.id + "/" + set.id + "/" + outcome.id;
        if (!reached.count(key)) report.uncovered.push_back(key);
      }
    }
  }
  return report;
}

}  // namespace threshold::internal
