// What would lead to another outcome (why_not), checked as a property over every example in the
// built-in rules and every case in examples/cases (issue #13): apply all the changes proposed for
// an outcome to the record, screen it again under the same rule set, and that outcome must be the
// determined outcome; no change removes a fact the referral gives; and where a proposal changes one
// fact to a range of values, the range is the widest that gives the outcome (the values just
// outside it do not: "under 18", not "under 16", when 16 and 17 give the outcome too).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compile/program.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

namespace fs = std::filesystem;
using internal::FactDecl;
using internal::FactType;
using nlohmann::json;

// A value of the fact inside cell `cell` of its partition, as the record writes it.
json ValueInCell(const FactDecl& fact, int cell) {
  switch (fact.type) {
    case FactType::kBool: return cell == 1;
    case FactType::kEnum: return fact.options[static_cast<size_t>(cell)];
    case FactType::kText: return cell < static_cast<int>(fact.text_constants.size()) ? fact.text_constants[cell] : "other";
    case FactType::kInt: return cell == 0 ? fact.min : fact.splits[cell - 1];
    case FactType::kDate: {
      int64_t days = cell == 0 ? (fact.splits.empty() ? 20000 : fact.splits[0] - 1) : fact.splits[cell - 1];
      return Date::FromDays(static_cast<int32_t>(days)).ToString();
    }
  }
  return nullptr;
}

void Set(json& record, const FactDecl& fact, json value) {
  json* at = &record;
  for (size_t i = 0; i + 1 < fact.keys.size(); ++i) {
    if (!at->contains(fact.keys[i]) || !(*at)[fact.keys[i]].is_object()) (*at)[fact.keys[i]] = json::object();
    at = &(*at)[fact.keys[i]];
  }
  (*at)[fact.keys.back()] = std::move(value);
}

void Erase(json& record, const FactDecl& fact) {
  json* at = &record;
  for (size_t i = 0; i + 1 < fact.keys.size(); ++i) {
    if (!at->contains(fact.keys[i])) return;
    at = &(*at)[fact.keys[i]];
  }
  if (at->is_object()) at->erase(fact.keys.back());
}

// A known value as the record writes it.
json ValueJson(const FactDecl& fact, int64_t value) {
  switch (fact.type) {
    case FactType::kBool: return value != 0;
    case FactType::kEnum: return fact.options[static_cast<size_t>(value)];
    case FactType::kInt: return value;
    case FactType::kDate: return Date::FromDays(static_cast<int32_t>(value)).ToString();
    case FactType::kText: return nullptr;
  }
  return nullptr;
}

// Writes every fact the decoder worked out from others (an age from the date of birth or carried
// from the age at the incident, the date of death from the incident date) into the record as
// given: a counterfactual holds every fact of the case at its value unless it changes it, so a
// change to a source must not move what was worked out from it.
// Those with the same value as the fact they were worked out from (an age carried with no birthday
// between, the date of death copied from the incident date) move with it instead, as the
// counterfactual reads them (explain/counterfactual.cc): they are left for the decoder.
void Pin(json& record, const internal::Model& model, const Facts& facts) {
  for (size_t f = 0; f < model.facts.size(); ++f) {
    const FactDecl& fact = model.facts[f];
    const FactValue& value = facts.values[f];
    if (!value.known || value.derived_from < 0 || fact.type == FactType::kText) continue;
    int source = -1;
    if (fact.implied_copy >= 0 && value.derived_from == fact.implied_copy) source = fact.implied_copy;
    if (fact.carry_age >= 0 && (fact.derive_from < 0 || !facts.values[fact.derive_from].known)) source = fact.carry_age;
    bool moves = source >= 0 && !fact.assumptions.empty() && facts.values[source].known &&
                 facts.values[source].value == value.value;
    if (!moves) Set(record, fact, ValueJson(fact, value.value));
  }
}

// Sets a fact as a counterfactual does: a derived fact is set directly, so what it is derived from
// is taken out of the record (an age replaces the date of birth it was worked out from).
void Apply(json& record, const internal::Model& model, int f, json value) {
  const FactDecl& fact = model.facts[f];
  if (fact.derive_from >= 0) Erase(record, model.facts[fact.derive_from]);
  // A value other than the one its sources imply (unborn, where an age is given): the sources go.
  // (A copy of another fact's value, the date of death, contradicts nothing.)
  bool implied_value = value.is_boolean() && fact.type == FactType::kBool && value.get<bool>() == (fact.implied_value == 1);
  if (!fact.implied_by.empty() && fact.implied_copy < 0 && !implied_value) {
    for (int source : fact.implied_by) Erase(record, model.facts[source]);
  }
  for (const FactDecl& other : model.facts) {
    // A fact this one implies (born, once an age is given) goes, so the record cannot contradict
    // itself.
    if (other.implied_copy < 0 && std::find(other.implied_by.begin(), other.implied_by.end(), f) != other.implied_by.end()) {
      Erase(record, other);
    }
  }
  Set(record, fact, std::move(value));
}

struct Subject {
  std::string label;
  json record;
  ScreenOptions options;
};

std::vector<Subject> Subjects(const Rules& rules) {
  std::vector<Subject> subjects;
  for (const internal::ExampleDecl& example : rules.program().model.examples) {
    Subject subject{example.id, example.record, {}};
    subject.options.as_of = example.as_of;
    for (const auto& [review, rule_set] : example.using_rule_sets) subject.options.rule_sets[review] = rule_set;
    subjects.push_back(std::move(subject));
  }
  for (const auto& entry : fs::directory_iterator(fs::path(THRESHOLD_SOURCE_DIR) / "examples" / "cases")) {
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    Subject subject{entry.path().filename().string(), json::parse(text.str()), {}};
    subject.options.as_of = Date::FromYmd(2026, 1, 5);
    subjects.push_back(std::move(subject));
  }
  return subjects;
}

// The review's result on `record`, under the rule set `rule_set` (forced, so that a changed date
// cannot move the case to another version of the law), or nullptr if it does not decode.
bool ScreenReview(const Rules& rules, const json& record, ScreenOptions options, std::string_view review,
                  std::string_view rule_set, Screening& out, const ReviewResult** result) {
  DecodeResult decoded = rules.DecodeValue(record);
  if (!decoded.ok()) return false;
  options.rule_sets[std::string(review)] = std::string(rule_set);
  rules.Screen(*decoded.facts, options, out);
  for (const ReviewResult& r : out.reviews) {
    if (r.id == review) *result = &r;
  }
  return *result != nullptr;
}

TEST(WhyNotProperty, ProposedChangesReachTheOutcomeAndRangesAreTheWidest) {
  CompileResult compiled = Rules::Builtin();
  ASSERT_TRUE(compiled.ok()) << compiled.FormatDiagnostics();
  const Rules& rules = *compiled.rules;
  const internal::Model& model = rules.program().model;
  int proposals = 0, ranges = 0, unreadable = 0, left_open = 0;
  Screening screening, again;
  for (const Subject& subject : Subjects(rules)) {
    DecodeResult decoded = rules.DecodeValue(subject.record);
    if (!decoded.ok()) continue;
    rules.Screen(*decoded.facts, subject.options, screening);
    for (const ReviewResult& review : screening.reviews) {
      if (review.rule_set < 0) continue;
      for (const Counterfactual& counterfactual : review.why_not) {
        std::string what = subject.label + " " + std::string(review.id) + " -> " + std::string(counterfactual.outcome);
        json changed = subject.record;
        Pin(changed, model, *decoded.facts);
        for (const FactChange& change : counterfactual.changes) {
          int f = model.FindFact(change.fact);
          ASSERT_GE(f, 0) << what;
          // Never a fact the referral gives taken away.
          ASSERT_NE(change.values_mask, 0u) << what << ": " << change.fact << " would be taken away";
          Apply(changed, model, f, ValueInCell(model.facts[f], std::countr_zero(change.values_mask)));
        }
        const ReviewResult* result = nullptr;
        if (!ScreenReview(rules, changed, subject.options, review.id, review.rule_set_id, again, &result)) {
          ++unreadable;  // (a change the record cannot carry on its own, e.g. two dates out of order)
          continue;
        }
        ++proposals;
        if (counterfactual.open.empty()) {
          EXPECT_TRUE(result->determined() && result->outcome_id == counterfactual.outcome)
              << what << ": the changes give " << (result->determined() ? std::string(result->outcome_id) : "undetermined")
              << "\n" << changed.dump();
        } else {
          // Stated at the threshold, with facts left open: the outcome is possible, and what it
          // still turns on is named.
          ++left_open;
          EXPECT_NE(std::find(result->possible_outcomes.begin(), result->possible_outcomes.end(), counterfactual.outcome),
                    result->possible_outcomes.end())
              << what << "\n" << changed.dump();
          for (const MissingFact& m : result->missing) {
            EXPECT_NE(std::find(counterfactual.open.begin(), counterfactual.open.end(), m.fact), counterfactual.open.end())
                << what << ": " << m.fact << " decides, but is not named\n" << changed.dump();
          }
        }
        // One change to a range of values: the values just outside it do not give the outcome.
        if (counterfactual.changes.size() != 1) continue;
        const FactChange& change = counterfactual.changes[0];
        int f = model.FindFact(change.fact);
        const FactDecl& fact = model.facts[f];
        if (fact.type != FactType::kInt && fact.type != FactType::kDate) continue;
        int low = std::countr_zero(change.values_mask);
        int high = 63 - std::countl_zero(change.values_mask);
        for (int outside : {low - 1, high + 1}) {
          if (outside < 0 || outside >= fact.CellCount()) continue;
          json beyond = subject.record;
          Pin(beyond, model, *decoded.facts);
          Apply(beyond, model, f, ValueInCell(fact, outside));
          const ReviewResult* other = nullptr;
          if (!ScreenReview(rules, beyond, subject.options, review.id, review.rule_set_id, again, &other)) continue;
          ++ranges;
          EXPECT_FALSE(other->determined() && other->outcome_id == counterfactual.outcome)
              << what << ": " << change.fact << " were " << change.value << ", but a value outside that range ("
              << ValueInCell(fact, outside).dump() << ") gives it too: the range stated is not the widest";
        }
      }
    }
  }
  std::cout << "why_not: " << proposals << " proposals applied (" << left_open << " at a threshold with facts left open), "
            << ranges << " range edges checked, " << unreadable << " could not be written as a record\n";
  EXPECT_GT(proposals, 300);
  EXPECT_GT(ranges, 50);
  EXPECT_LT(unreadable, proposals / 20);
}

// The cases of the issue, read in the law's own terms.
TEST(WhyNotProperty, TheIssueCasesReadInTheLawsTerms) {
  CompileResult compiled = Rules::Builtin();
  ASSERT_TRUE(compiled.ok());
  const Rules& rules = *compiled.rules;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 10, 6);
  auto screen = [&](const json& record) {
    DecodeResult decoded = rules.DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump();
    return rules.Screen(*decoded.facts, options);
  };
  auto changes = [](const Screening& s, std::string_view review, std::string_view outcome) {
    for (const ReviewResult& r : s.reviews) {
      if (r.id != review) continue;
      for (const Counterfactual& c : r.why_not) {
        if (c.outcome == outcome) return std::vector<FactChange>(c.changes.begin(), c.changes.end());
      }
    }
    return std::vector<FactChange>{};
  };
  // An adult: the Panel notification needs a child, under 18, not "under 16".
  Screening adult = screen({{"aware_date", "2025-10-01"}, {"incident_date", "2025-09-30"},
                            {"subject", {{"age", 30}}}, {"incident", {{"died", true}, {"location", "in_area"}}},
                            {"abuse_or_neglect", "known"}});
  std::vector<FactChange> notify = changes(adult, "cspr", "notify_panel");
  ASSERT_EQ(notify.size(), 1u);
  EXPECT_EQ(notify[0].fact, "subject.age");
  EXPECT_EQ(notify[0].value, "under 18");
  EXPECT_NE(notify[0].clause.find("under 18"), std::string_view::npos) << notify[0].clause;
  // A child: nothing says "25 or over".
  Screening child = screen({{"aware_date", "2025-10-01"}, {"incident_date", "2025-09-30"},
                            {"subject", {{"age", 9}}}, {"incident", {{"died", true}, {"location", "in_area"}}},
                            {"abuse_or_neglect", "known"}});
  for (const ReviewResult& r : child.reviews) {
    for (const Counterfactual& c : r.why_not) {
      for (const FactChange& change : c.changes) EXPECT_NE(change.value, "25 or over") << r.id << " " << c.outcome;
    }
  }
  // DHR: a partner sits under the definition's relationship limbs, not under "related".
  Screening killed = screen({{"aware_date", "2025-10-01"}, {"incident_date", "2025-09-30"},
                             {"subject", {{"age", 30}}}, {"incident", {{"died", true}}},
                             {"death_from_abuse_or_neglect", "known"}, {"perpetrator", {{"relationship", "stranger"}}}});
  std::vector<FactChange> met = changes(killed, "dhr", "criteria_met");
  ASSERT_FALSE(met.empty());
  for (const FactChange& change : met) {
    if (change.fact != "perpetrator.relationship") continue;
    EXPECT_EQ(change.clause.find("the person who died was related"), std::string_view::npos) << change.clause;
  }
  // SAR: never "incident_date were not given"; an earlier date never makes the duty mandatory.
  Screening sar = screen({{"aware_date", "2025-10-01"}, {"incident_date", "2014-06-01"},
                          {"subject", {{"age", 70}, {"in_area", true}, {"care_and_support_needs", true}}},
                          {"incident", {{"died", true}}}, {"death_from_abuse_or_neglect", "suspected"},
                          {"concern_agencies_worked_together", true}});
  for (const FactChange& change : changes(sar, "sar", "mandatory")) {
    EXPECT_NE(change.value, "not given") << change.fact;
    if (change.fact == "incident_date") {
      EXPECT_EQ(change.value.find("before"), std::string_view::npos) << change.value;
    }
  }
}

}  // namespace
}  // namespace threshold
