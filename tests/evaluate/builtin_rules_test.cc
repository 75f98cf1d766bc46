// The built-in England rules (rules/england/*.rules) screened end to end: an undetermined SAR
// that waits on exactly one fact, a determined not_applicable for a 17-year-old, the rule set
// chosen by date at each commencement boundary, working-day deadlines across bank holidays, and
// the joint-review advisory. Fact names are those of the case record (ARCHITECTURE section 4).
//
// If one of these fails because the rules changed (not the engine), the failure message names
// the review and the case; see the report of the test author for which is which.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "threshold/threshold.h"

namespace threshold {
namespace {

using nlohmann::json;
using Strings = std::vector<std::string>;

class BuiltinRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { compiled_ = new CompileResult(Rules::Builtin()); }
  static void TearDownTestSuite() {
    delete compiled_;
    compiled_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics(); }

  const Rules& rules() const { return *compiled_->rules; }

  Screening Screen(const json& record, const char* as_of = "2025-09-01",
                   std::map<std::string, std::string> rule_sets = {}) {
    DecodeResult decoded = rules().DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump() << ": "
                              << (decoded.errors.empty() ? "" : decoded.errors[0].message);
    if (!decoded.ok()) return {};
    ScreenOptions options;
    options.as_of = Date::Parse(as_of);
    options.rule_sets = std::move(rule_sets);
    return rules().Screen(*decoded.facts, options);
  }

  static const ReviewResult& Review(const Screening& s, std::string_view id) {
    static const ReviewResult kNone;
    auto it = std::find_if(s.reviews.begin(), s.reviews.end(), [&](const ReviewResult& r) { return r.id == id; });
    if (it == s.reviews.end()) {
      ADD_FAILURE() << "no review " << id;
      return kNone;
    }
    return *it;
  }

  static Strings Possible(const ReviewResult& r) { return {r.possible_outcomes.begin(), r.possible_outcomes.end()}; }
  static Strings Missing(const ReviewResult& r) {
    Strings out;
    for (const MissingFact& m : r.missing) out.emplace_back(m.fact);
    return out;
  }
  static std::optional<std::string> Due(const ReviewResult& r, std::string_view deadline) {
    for (const DeadlineResult& d : r.deadlines) {
      if (d.id == deadline) return d.due ? std::optional<std::string>(d.due->ToString()) : std::nullopt;
    }
    ADD_FAILURE() << "no deadline " << deadline << " in " << r.id << " (outcome " << r.outcome_id << ")";
    return std::nullopt;
  }

  static CompileResult* compiled_;
};

CompileResult* BuiltinRules::compiled_ = nullptr;

// An adult with care and support needs in the area died of suspected neglect; whether agencies
// worked together well is not yet known. Everything else points to a mandatory review.
json AdultDeathWorkingTogetherUnknown() {
  return {{"case_id", "adult-1"},
          {"aware_date", "2025-07-07"},
          {"incident_date", "2025-07-05"},
          {"subject", {{"age", 67}, {"in_area", true}, {"care_and_support_needs", true}}},
          {"incident", {{"died", true}, {"suicide", false}}},
          {"death_from_abuse_or_neglect", "suspected"},
          {"perpetrator", {{"relationship", "paid_carer"}, {"same_household", false}}}};
}

// (a)
TEST_F(BuiltinRules, SarWaitsOnlyOnTheWorkingTogetherQuestion) {
  Screening s = Screen(AdultDeathWorkingTogetherUnknown());
  const ReviewResult& sar = Review(s, "sar");
  EXPECT_FALSE(sar.determined());
  EXPECT_EQ(sar.outcome, -1);
  EXPECT_EQ(Possible(sar), Strings({"mandatory", "discretionary"}));
  EXPECT_EQ(Missing(sar), Strings({"concern_agencies_worked_together"}));

  json result = ToJson(s, rules());
  EXPECT_TRUE(result["reviews"]["sar"]["outcome"].is_null());
  EXPECT_EQ(result["reviews"]["sar"]["possible_outcomes"], json({"mandatory", "discretionary"}));
  EXPECT_EQ(result["reviews"]["sar"]["missing"], json({"concern_agencies_worked_together"}));

  // The other reviews are settled on these facts, so the next question is the SAR's.
  EXPECT_TRUE(Review(s, "cspr").determined()) << Review(s, "cspr").outcome_id;
  EXPECT_TRUE(Review(s, "dhr").determined()) << Review(s, "dhr").outcome_id;
  ASSERT_TRUE(s.next_question.has_value());
  EXPECT_EQ(s.next_question->fact, "concern_agencies_worked_together");
  EXPECT_EQ(s.next_question->type, "boolean");

  // Answering it settles the review either way.
  json yes = AdultDeathWorkingTogetherUnknown();
  yes["concern_agencies_worked_together"] = true;
  Screening s_yes = Screen(yes);  // held: Review returns a reference into it
  const ReviewResult& mandatory = Review(s_yes, "sar");
  EXPECT_TRUE(mandatory.determined());
  EXPECT_EQ(mandatory.outcome_id, "mandatory");
  EXPECT_TRUE(mandatory.met);
  json no = AdultDeathWorkingTogetherUnknown();
  no["concern_agencies_worked_together"] = false;
  Screening s_no = Screen(no);
  EXPECT_EQ(Review(s_no, "sar").outcome_id, "discretionary");
  EXPECT_TRUE(Review(s_no, "sar").missing.empty());
}

// (b)
TEST_F(BuiltinRules, SeventeenYearOldIsNotApplicableForSar) {
  json record = {{"aware_date", "2025-07-07"},
                 {"incident_date", "2025-07-05"},
                 {"subject", {{"age", 17}, {"in_area", true}}},
                 {"incident", {{"died", false}, {"serious_harm", true}}},
                 {"abuse_or_neglect", "known"}};
  Screening s = Screen(record);
  const ReviewResult& sar = Review(s, "sar");
  EXPECT_TRUE(sar.determined());
  EXPECT_EQ(sar.outcome_id, "not_applicable");
  EXPECT_EQ(Possible(sar), Strings({"not_applicable"}));
  EXPECT_TRUE(sar.missing.empty()) << Missing(sar)[0];
  EXPECT_FALSE(sar.met);
  // The same by date of birth: 18 the day after the board became aware (the decision is taken to
  // be on that date), so still 17 when the board decides.
  json by_birth = record;
  by_birth["subject"].erase("age");
  by_birth["subject"]["date_of_birth"] = "2007-07-08";
  EXPECT_EQ(Review(Screen(by_birth), "sar").outcome_id, "not_applicable");
  // 18 on the day the board decides, abused at 17: s44 does not say when the person must be an
  // adult, so the board decides (judgement fact, flag age_timing), never a silent answer.
  by_birth["subject"]["date_of_birth"] = "2007-07-06";
  by_birth["subject"]["care_and_support_needs"] = true;
  const ReviewResult adult_at_decision = Review(Screen(by_birth), "sar");
  EXPECT_FALSE(adult_at_decision.determined());
  const auto possible = Possible(adult_at_decision);
  EXPECT_NE(std::find(possible.begin(), possible.end(), "not_applicable"), possible.end());
  EXPECT_TRUE(std::any_of(adult_at_decision.flags.begin(), adult_at_decision.flags.end(),
                          [](const Raised& f) { return f.id == "age_timing"; }));
}

// (c) The rule set is chosen by the review's date facts; before commencement the outcome is
// not_in_force with the date the review commenced.
TEST_F(BuiltinRules, SarRuleSetChosenByDate) {
  const ReviewResult before = Review(Screen({{"aware_date", "2015-03-31"}}), "sar");
  EXPECT_EQ(before.rule_set, -1);
  EXPECT_EQ(before.outcome_id, "not_in_force");
  EXPECT_EQ(Possible(before), Strings({"not_in_force"}));
  ASSERT_TRUE(before.commenced.has_value());
  EXPECT_EQ(before.commenced->ToString(), "2015-04-01");
  EXPECT_EQ(before.chosen_by, RuleSetChoice::kByDate);
  EXPECT_EQ(before.dated_by, "aware_date");
  EXPECT_FALSE(before.summary.empty());

  const ReviewResult on = Review(Screen({{"aware_date", "2015-04-01"}}), "sar");
  EXPECT_EQ(on.rule_set_id, "sar_2015");
  ASSERT_TRUE(on.in_force_from.has_value());
  EXPECT_EQ(on.in_force_from->ToString(), "2015-04-01");

  // The first date the case gives chooses. The SAR is dated by decision_date, then aware_date
  // (rules/england/sar.rules): the incident date never chooses.
  const ReviewResult both = Review(Screen({{"decision_date", "2015-04-01"}, {"aware_date", "2015-03-01"}}), "sar");
  EXPECT_EQ(both.rule_set_id, "sar_2015");
  EXPECT_EQ(both.dated_by, "decision_date");
  const ReviewResult aware_first = Review(Screen({{"aware_date", "2015-03-31"}, {"incident_date", "2015-04-02"}}), "sar");
  EXPECT_EQ(aware_first.outcome_id, "not_in_force");
  EXPECT_EQ(aware_first.dated_by, "aware_date");
  const ReviewResult incident_only = Review(Screen({{"incident_date", "2015-03-31"}}, "2025-09-01"), "sar");
  EXPECT_EQ(incident_only.chosen_by, RuleSetChoice::kByAsOf);
  EXPECT_EQ(incident_only.rule_set_id, "sar_2015");
}

TEST_F(BuiltinRules, DhrRuleSetChosenByDateOfDeath) {
  const ReviewResult before = Review(Screen({{"incident_date", "2011-04-12"}}), "dhr");
  EXPECT_EQ(before.outcome_id, "not_in_force");
  ASSERT_TRUE(before.commenced.has_value());
  EXPECT_EQ(before.commenced->ToString(), "2011-04-13");
  const ReviewResult on = Review(Screen({{"incident_date", "2011-04-13"}}), "dhr");
  EXPECT_EQ(on.rule_set_id, "dhr_s9");
  EXPECT_EQ(on.dated_by, "incident_date");
  // Without the date of death, the awareness date stands in: the death came on or before it, so
  // awareness before commencement settles that s9 was not in force.
  const ReviewResult aware_before = Review(Screen({{"aware_date", "2011-04-12"}}, "2025-06-01"), "dhr");
  EXPECT_EQ(aware_before.outcome_id, "not_in_force");
  EXPECT_EQ(aware_before.dated_by, "aware_date");
  const ReviewResult aware_on = Review(Screen({{"aware_date", "2011-04-13"}}, "2025-06-01"), "dhr");
  EXPECT_EQ(aware_on.rule_set_id, "dhr_s9");
  EXPECT_EQ(aware_on.dated_by, "aware_date");
  // With neither, the screening date.
  const ReviewResult neither = Review(Screen({{"subject", {{"age", 40}}}}, "2011-04-12"), "dhr");
  EXPECT_EQ(neither.outcome_id, "not_in_force");
  EXPECT_EQ(neither.chosen_by, RuleSetChoice::kByAsOf);
}

TEST_F(BuiltinRules, CsprRuleSetsAtEachBoundary) {
  auto chosen = [&](const char* aware) {
    return std::string(Review(Screen({{"aware_date", aware}}), "cspr").rule_set_id);
  };
  EXPECT_EQ(chosen("2018-06-28"), "lscb_2006");
  EXPECT_EQ(chosen("2018-06-29"), "wt2018");
  EXPECT_EQ(chosen("2023-12-14"), "wt2018");
  EXPECT_EQ(chosen("2023-12-15"), "wt2023");
  EXPECT_EQ(Review(Screen({{"aware_date", "2006-03-31"}}), "cspr").outcome_id, "not_in_force");
}

TEST_F(BuiltinRules, ChosenByAsOfWhenNoDateIsKnown) {
  Screening early = Screen(json::object(), "2015-03-31");
  const ReviewResult& sar = Review(early, "sar");
  EXPECT_EQ(sar.chosen_by, RuleSetChoice::kByAsOf);
  EXPECT_EQ(sar.outcome_id, "not_in_force");
  EXPECT_EQ(sar.rule_date.ToString(), "2015-03-31");
  EXPECT_TRUE(sar.dated_by.empty());

  Screening late = Screen(json::object(), "2025-09-01");
  EXPECT_EQ(Review(late, "sar").chosen_by, RuleSetChoice::kByAsOf);
  EXPECT_EQ(Review(late, "sar").rule_set_id, "sar_2015");
  EXPECT_EQ(Review(late, "dhr").rule_set_id, "dhr_s9");
  EXPECT_EQ(Review(late, "cspr").rule_set_id, "wt2023");
  json result = ToJson(late, rules());
  EXPECT_EQ(result["reviews"]["sar"]["rule_set"]["chosen_by"], "as_of");
  EXPECT_EQ(result["reviews"]["sar"]["rule_set"]["id"], "sar_2015");

  Screening dated = Screen({{"aware_date", "2025-07-07"}}, "2025-09-01");
  EXPECT_EQ(ToJson(dated, rules())["reviews"]["sar"]["rule_set"]["chosen_by"], "date");
}

TEST_F(BuiltinRules, ProspectiveRuleSetOnlyWhenNamed) {
  json record = {{"incident_date", "2025-07-05"}};
  EXPECT_EQ(Review(Screen(record), "dhr").rule_set_id, "dhr_s9");
  Screening named = Screen(record, "2025-09-01", {{"dhr", "dardr_2024"}});
  EXPECT_EQ(Review(named, "dhr").rule_set_id, "dardr_2024");
  EXPECT_EQ(Review(named, "dhr").chosen_by, RuleSetChoice::kExplicit);
  EXPECT_TRUE(named.error.empty());
  Screening unknown = Screen(record, "2025-09-01", {{"dhr", "no_such_rule_set"}});
  EXPECT_FALSE(unknown.error.empty());
}

// (d) A child seriously harmed by known abuse in the area: the local authority must notify the
// Panel within 5 working days of becoming aware.
json ChildSeriouslyHarmed(const char* aware) {
  return {{"aware_date", aware},
          {"subject", {{"age", 10}}},
          {"incident", {{"died", false}, {"serious_harm", true}, {"location", "in_area"}}},
          {"abuse_or_neglect", "known"}};
}

TEST_F(BuiltinRules, NotifyPanelDeadlineAcrossBankHolidays) {
  struct Case {
    const char* aware;
    const char* due;
    const char* why;
  };
  const Case cases[] = {
      {"2025-07-07", "2025-07-14", "an ordinary week: Monday to Monday"},
      {"2025-12-22", "2025-12-31", "Christmas Day and Boxing Day skipped"},
      {"2025-12-24", "2026-01-05", "Christmas, Boxing Day and New Year's Day skipped"},
      {"2026-04-01", "2026-04-10", "Good Friday and Easter Monday 2026 skipped"},
      {"2026-04-03", "2026-04-13", "aware on Good Friday itself"},
      {"2025-07-05", "2025-07-11", "aware on a Saturday: the next five working days"},
      {"2019-12-20", "2019-12-31", "Christmas 2019, under Working Together 2018"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.why) + " (aware " + c.aware + ")");
    Screening s = Screen(ChildSeriouslyHarmed(c.aware), "2026-06-01");
    const ReviewResult& cspr = Review(s, "cspr");
    ASSERT_EQ(cspr.outcome_id, "notify_panel") << "possible: " << cspr.possible_outcomes.size();
    EXPECT_EQ(Due(cspr, "notify_panel"), c.due);
  }
}

TEST_F(BuiltinRules, DeadlineWaitsOnAnUnknownDate) {
  json record = ChildSeriouslyHarmed("2025-07-07");
  record.erase("aware_date");
  record["incident_date"] = "2025-07-05";
  Screening s = Screen(record);
  const ReviewResult& cspr = Review(s, "cspr");
  ASSERT_EQ(cspr.outcome_id, "notify_panel");
  const DeadlineResult* notify = nullptr;
  for (const DeadlineResult& d : cspr.deadlines) {
    if (d.id == "notify_panel") notify = &d;
  }
  ASSERT_NE(notify, nullptr);
  EXPECT_FALSE(notify->due.has_value());
  ASSERT_EQ(notify->waits_on.size(), 1u);
  EXPECT_EQ(notify->waits_on[0], "aware_date");
  json result = ToJson(s, rules());
  bool found = false;
  for (const json& d : result["reviews"]["cspr"]["deadlines"]) {
    if (d["id"] == "notify_panel") {
      found = true;
      EXPECT_TRUE(d["due"].is_null());
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(BuiltinRules, RapidReviewDeadlineCountsFromAwarenessAndShowsTheNotificationCount) {
  // WT2023: the start is not settled, so the rapid review is due 15 working days after awareness
  // (the earlier, safer date); where the notification has been sent, the date counted from it is
  // shown too (legal review 2026-12, class 7).
  json record = ChildSeriouslyHarmed("2025-07-07");
  record["notified_date"] = "2025-07-09";
  const ReviewResult notified = Review(Screen(record), "cspr");
  EXPECT_EQ(Due(notified, "rapid_review"), "2025-07-28");
  EXPECT_EQ(Due(notified, "rapid_review_from_notification"), "2025-07-30");
  // Not yet sent: the same date from awareness, and no date from a notification.
  const ReviewResult not_sent = Review(Screen(ChildSeriouslyHarmed("2025-07-07")), "cspr");
  EXPECT_EQ(Due(not_sent, "rapid_review"), "2025-07-28");
  EXPECT_EQ(Due(not_sent, "rapid_review_from_notification"), std::nullopt);
}

// (e) A 16-year-old killed by her partner engages both the child route and the DHR.
TEST_F(BuiltinRules, JointReviewAdvisoryForSixteenYearOldKilledByPartner) {
  json record = {{"case_id", "v04"},
                 {"aware_date", "2025-05-12"},
                 {"incident_date", "2025-05-11"},
                 {"subject", {{"age", 16}}},
                 {"incident", {{"died", true}, {"suicide", false}, {"location", "in_area"}}},
                 {"abuse_or_neglect", "known"},
                 {"death_from_abuse_or_neglect", "known"},
                 {"perpetrator", {{"relationship", "intimate_partner"}, {"age", 19}}}};
  Screening s = Screen(record);
  EXPECT_EQ(Review(s, "cspr").outcome_id, "notify_panel");
  EXPECT_EQ(Review(s, "dhr").outcome_id, "criteria_met");
  EXPECT_EQ(Review(s, "sar").outcome_id, "not_applicable");
  EXPECT_TRUE(Review(s, "cspr").met);
  EXPECT_TRUE(Review(s, "dhr").met);
  auto joint = std::find_if(s.advisories.begin(), s.advisories.end(), [](const Raised& a) { return a.id == "joint_review"; });
  ASSERT_NE(joint, s.advisories.end());
  EXPECT_FALSE(joint->citations.empty());
  EXPECT_EQ(std::count_if(s.advisories.begin(), s.advisories.end(), [](const Raised& a) { return a.id == "alternatives"; }), 0);

  json result = ToJson(s, rules());
  bool found = false;
  for (const json& a : result["advisories"]) {
    if (a["id"] != "joint_review") continue;
    found = true;
    EXPECT_EQ(a["reviews"], json({"cspr", "dhr"}));
  }
  EXPECT_TRUE(found) << result["advisories"].dump();

  // At 15 the DHR is not available (s9: aged 16 or over), so only one review is engaged.
  record["subject"]["age"] = 15;
  Screening younger = Screen(record);
  EXPECT_EQ(Review(younger, "dhr").outcome_id, "not_met");
  EXPECT_TRUE(std::none_of(younger.advisories.begin(), younger.advisories.end(),
                           [](const Raised& a) { return a.id == "joint_review"; }));
}

TEST_F(BuiltinRules, AlternativesAdvisoryWhenNoReviewIsEngaged) {
  // A man of 30 with no care needs killed in a road accident: no abuse or neglect.
  json record = {{"aware_date", "2025-09-05"},
                 {"incident_date", "2025-09-04"},
                 {"subject", {{"age", 30}, {"care_and_support_needs", false}}},
                 {"incident", {{"died", true}, {"suicide", false}, {"location", "in_area"}}},
                 {"abuse_or_neglect", "not_suspected"},
                 {"death_from_abuse_or_neglect", "not_suspected"}};
  Screening s = Screen(record, "2025-10-01");
  for (const ReviewResult& r : s.reviews) EXPECT_TRUE(r.determined()) << r.id;
  auto alternatives = [](const Screening& screening) {
    return std::any_of(screening.advisories.begin(), screening.advisories.end(),
                       [](const Raised& a) { return a.id == "alternatives"; });
  };
  EXPECT_TRUE(alternatives(s));
  // An 8-year-old who lived in the area, killed in the same way: the child death review partners
  // must review every child death (Children Act 2004 s16M), so "none of the reviews is engaged" is
  // never said after a child's death.
  json child = record;
  child["subject"] = {{"age", 8}, {"looked_after", false}, {"normally_resident_in_area", true}};
  Screening c = Screen(child, "2025-10-01");
  EXPECT_EQ(Review(c, "cdr").outcome_id, "must_review");
  EXPECT_EQ(Review(c, "cspr").outcome_id, "not_met");
  EXPECT_FALSE(alternatives(c));
}

// Screening into reused storage (the batch path) gives the same result as a fresh screening.
TEST_F(BuiltinRules, ScreeningIsRepeatableWithReusedStorage) {
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 9, 1);
  DecodeResult a = rules().DecodeValue(AdultDeathWorkingTogetherUnknown());
  DecodeResult b = rules().DecodeValue(ChildSeriouslyHarmed("2025-12-22"));
  ASSERT_TRUE(a.ok() && b.ok());
  Screening reused;
  rules().Screen(*a.facts, options, reused);
  json first = ToJson(reused, rules());
  rules().Screen(*b.facts, options, reused);
  rules().Screen(*a.facts, options, reused);
  EXPECT_EQ(ToJson(reused, rules()), first);
  EXPECT_EQ(ToJson(rules().Screen(*a.facts, options), rules()), first);
}

}  // namespace
}  // namespace threshold
