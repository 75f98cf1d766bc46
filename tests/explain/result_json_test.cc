// The result contract, version 1 (ARCHITECTURE section 5): every field present with the right
// JSON type, over a corpus of cases that reach determined, undetermined and not_in_force reviews,
// deadlines, flags, advisories and next questions. Also the outcomes-only form and the text note.
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compile/program.h"
#include "threshold/threshold.h"

namespace threshold {
namespace {

using nlohmann::json;

bool IsIsoDate(const json& v) { return v.is_string() && Date::Parse(v.get<std::string>()).has_value(); }

void CheckCitation(const json& c, const std::string& where) {
  SCOPED_TRACE(where + ": citation " + c.dump());
  ASSERT_TRUE(c.is_object());
  ASSERT_TRUE(c.contains("instrument"));
  ASSERT_TRUE(c.contains("provision"));
  ASSERT_TRUE(c.contains("evidence"));
  EXPECT_TRUE(c["instrument"].is_string());
  EXPECT_FALSE(c["instrument"].get<std::string>().empty());
  EXPECT_TRUE(c["provision"].is_string());
  static const std::set<std::string> kEvidence = {"statute", "regulation", "guidance", "practice"};
  ASSERT_TRUE(c["evidence"].is_string());
  EXPECT_TRUE(kEvidence.count(c["evidence"].get<std::string>()));
}

void CheckRaised(const json& list, const std::string& where) {
  ASSERT_TRUE(list.is_array()) << where;
  for (const json& item : list) {
    SCOPED_TRACE(where + ": " + item.dump());
    ASSERT_TRUE(item.is_object());
    EXPECT_TRUE(item["id"].is_string());
    EXPECT_TRUE(item["text"].is_string());
    ASSERT_TRUE(item.contains("citation"));
    CheckCitation(item["citation"], where);
  }
}

// Checks one review against the contract and returns its outcome ids (for the caller's checks).
void CheckReview(const std::string& id, const json& r, const std::set<std::string>& fact_paths) {
  SCOPED_TRACE("review " + id);
  ASSERT_TRUE(r.is_object());
  for (const char* field : {"title", "outcome", "possible_outcomes", "summary", "decision_maker", "citation",
                            "rule_set", "reasons", "missing", "deadlines", "flags"}) {
    EXPECT_TRUE(r.contains(field)) << "missing field " << field;
  }
  EXPECT_TRUE(r["title"].is_string());
  EXPECT_FALSE(r["title"].get<std::string>().empty());
  EXPECT_TRUE(r["decision_maker"].is_string());
  ASSERT_TRUE(r["possible_outcomes"].is_array());
  ASSERT_FALSE(r["possible_outcomes"].empty());
  for (const json& o : r["possible_outcomes"]) EXPECT_TRUE(o.is_string());
  // Determined exactly when one outcome is possible; undetermined is "outcome": null, "met": null.
  ASSERT_TRUE(r.contains("met"));
  if (r["possible_outcomes"].size() == 1) {
    ASSERT_TRUE(r["outcome"].is_string());
    EXPECT_EQ(r["outcome"], r["possible_outcomes"][0]);
    EXPECT_TRUE(r["summary"].is_string());
    EXPECT_TRUE(r["met"].is_boolean());
  } else {
    EXPECT_TRUE(r["met"].is_null());
    EXPECT_TRUE(r["outcome"].is_null());
    EXPECT_TRUE(r["summary"].is_string() || r["summary"].is_null());
  }
  CheckCitation(r["citation"], "review");

  const json& rs = r["rule_set"];
  ASSERT_TRUE(rs.is_object());
  EXPECT_TRUE(rs.contains("id"));
  if (r["outcome"] == "not_in_force") {
    // No rule set was in force: id is null (see NotInForceRuleSetKeepsItsFields for the rest).
    EXPECT_TRUE(rs["id"].is_null());
  } else {
    EXPECT_TRUE(rs["id"].is_string());
    ASSERT_TRUE(rs.contains("in_force_from")) << rs.dump();
    // A prospective rule set has no in-force date.
    EXPECT_TRUE(IsIsoDate(rs["in_force_from"]) || rs["in_force_from"].is_null());
  }

  ASSERT_TRUE(r["reasons"].is_array());
  for (const json& reason : r["reasons"]) {
    SCOPED_TRACE("reason " + reason.dump().substr(0, 200));
    ASSERT_TRUE(reason.is_object());
    EXPECT_TRUE(reason["condition"].is_string());
    ASSERT_TRUE(reason.contains("value"));
    EXPECT_TRUE(reason["value"].is_boolean() || reason["value"].is_null());
    EXPECT_TRUE(reason["text"].is_string());
    ASSERT_TRUE(reason.contains("citation"));
    CheckCitation(reason["citation"], "reason");
  }

  ASSERT_TRUE(r["missing"].is_array());
  for (const json& m : r["missing"]) {
    ASSERT_TRUE(m.is_string());
    EXPECT_TRUE(fact_paths.count(m.get<std::string>())) << m;
  }
  if (r["possible_outcomes"].size() > 1) {
    // An undetermined review always waits on something.
    EXPECT_FALSE(r["missing"].empty());
  }

  ASSERT_TRUE(r["deadlines"].is_array());
  for (const json& d : r["deadlines"]) {
    SCOPED_TRACE("deadline " + d.dump());
    EXPECT_TRUE(d["id"].is_string());
    ASSERT_TRUE(d.contains("due"));
    EXPECT_TRUE(IsIsoDate(d["due"]) || d["due"].is_null());
    EXPECT_TRUE(d["text"].is_string());
    ASSERT_TRUE(d.contains("citation"));
    CheckCitation(d["citation"], "deadline");
  }
  CheckRaised(r["flags"], "flags");
}

class ResultJson : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { compiled_ = new CompileResult(Rules::Builtin()); }
  static void TearDownTestSuite() {
    delete compiled_;
    compiled_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics(); }
  const Rules& rules() const { return *compiled_->rules; }

  Screening ScreenRecord(const json& record, const char* as_of = "2025-09-01") {
    DecodeResult decoded = rules().DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump();
    if (!decoded.ok()) return {};
    ScreenOptions options;
    options.as_of = Date::Parse(as_of);
    return rules().Screen(*decoded.facts, options);
  }

  // Every fact path the vocabulary declares.
  std::set<std::string> FactPaths() const {
    std::set<std::string> paths;
    for (const auto& fact : rules().program().model.facts) paths.insert(fact.path);
    return paths;
  }

  void CheckContract(const json& result) {
    SCOPED_TRACE(result.dump().substr(0, 300));
    ASSERT_TRUE(result.is_object());
    ASSERT_TRUE(result.contains("case_id"));
    EXPECT_TRUE(result["case_id"].is_string() || result["case_id"].is_null());

    const json& r = result["rules"];
    ASSERT_TRUE(r.is_object());
    EXPECT_EQ(r["name"], "england");
    EXPECT_TRUE(r["version"].is_string());
    EXPECT_FALSE(r["version"].get<std::string>().empty());
    ASSERT_TRUE(r["digest"].is_string());
    EXPECT_TRUE(std::regex_match(r["digest"].get<std::string>(), std::regex("sha256:[0-9a-f]{64}")))
        << r["digest"];

    ASSERT_TRUE(result.contains("engine"));
    ASSERT_TRUE(result["engine"].is_object());
    ASSERT_TRUE(result["engine"]["version"].is_string());
    EXPECT_FALSE(result["engine"]["version"].get<std::string>().empty());

    const json& reviews = result["reviews"];
    ASSERT_TRUE(reviews.is_object());
    for (const char* id : {"cspr", "sar", "dhr"}) EXPECT_TRUE(reviews.contains(id)) << id;
    const std::set<std::string> paths = FactPaths();
    for (const auto& [id, review] : reviews.items()) CheckReview(id, review, paths);

    ASSERT_TRUE(result["advisories"].is_array());
    for (const json& a : result["advisories"]) {
      SCOPED_TRACE("advisory " + a.dump().substr(0, 200));
      EXPECT_TRUE(a["id"].is_string());
      EXPECT_TRUE(a["text"].is_string());
      ASSERT_TRUE(a["reviews"].is_array());
      for (const json& id : a["reviews"]) {
        ASSERT_TRUE(id.is_string());
        EXPECT_TRUE(reviews.contains(id.get<std::string>())) << id;
      }
    }

    ASSERT_TRUE(result.contains("next_question"));
    const json& next = result["next_question"];
    if (!next.is_null()) {
      ASSERT_TRUE(next.is_object());
      EXPECT_TRUE(next["fact"].is_string());
      EXPECT_TRUE(next["question"].is_string());
      EXPECT_FALSE(next["question"].get<std::string>().empty());
      static const std::set<std::string> kTypes = {"boolean", "integer", "date", "text", "enum"};
      ASSERT_TRUE(next["type"].is_string());
      EXPECT_TRUE(kTypes.count(next["type"].get<std::string>())) << next["type"];
      // The next question is one of the missing facts.
      bool listed = false;
      for (const auto& [id, review] : reviews.items()) {
        for (const json& m : review["missing"]) listed = listed || m == next["fact"];
      }
      EXPECT_TRUE(listed) << next["fact"];
    } else {
      for (const auto& [id, review] : reviews.items()) EXPECT_TRUE(review["missing"].empty()) << id;
    }
  }

  static CompileResult* compiled_;
};

CompileResult* ResultJson::compiled_ = nullptr;

json V04() {
  return {{"case_id", "v04"},
          {"aware_date", "2025-05-12"},
          {"incident_date", "2025-05-11"},
          {"subject", {{"age", 16}}},
          {"incident", {{"died", true}, {"suicide", false}, {"location", "in_area"}}},
          {"abuse_or_neglect", "known"},
          {"death_from_abuse_or_neglect", "known"},
          {"perpetrator", {{"relationship", "intimate_partner"}, {"age", 19}}}};
}

json AdultWorkingTogetherUnknown() {
  return {{"case_id", "c-17"},
          {"aware_date", "2025-07-07"},
          {"incident_date", "2025-07-05"},
          {"subject", {{"age", 67}, {"in_area", true}, {"care_and_support_needs", true}}},
          {"incident", {{"died", true}}},
          {"death_from_abuse_or_neglect", "suspected"}};
}

json KilledByLodger() {
  return {{"aware_date", "2025-07-07"},
          {"incident_date", "2025-07-05"},
          {"subject", {{"age", 55}, {"care_and_support_needs", false}}},
          {"incident", {{"died", true}, {"suicide", false}}},
          {"death_from_abuse_or_neglect", "known"},
          {"perpetrator", {{"relationship", "lodger"}, {"same_household", true}}}};
}

TEST_F(ResultJson, EveryFieldOverACorpus) {
  const std::vector<std::pair<json, const char*>> corpus = {
      {json::object(), "2025-09-01"},
      {json::object(), "2010-01-01"},  // every review not in force (by the as-of date)
      {V04(), "2025-09-01"},
      {AdultWorkingTogetherUnknown(), "2025-09-01"},
      {KilledByLodger(), "2025-09-01"},
      {{{"aware_date", "2017-05-08"}, {"subject", {{"age", 6}}}, {"abuse_or_neglect", "known"},
        {"incident", {{"died", false}, {"serious_harm", true}, {"location", "in_area"}}}},
       "2017-06-01"},
      {{{"subject", {{"date_of_birth", "2008-02-29"}}}, {"incident_date", "2026-03-01"}}, "2026-06-01"},
  };
  for (const auto& [record, as_of] : corpus) {
    SCOPED_TRACE(record.dump() + " as of " + as_of);
    CheckContract(ToJson(ScreenRecord(record, as_of), rules()));
  }
}

TEST_F(ResultJson, DeterminedReviewWithDeadlinesAndAdvisories) {
  json result = ToJson(ScreenRecord(V04()), rules());
  CheckContract(result);
  EXPECT_EQ(result["case_id"], "v04");
  const json& cspr = result["reviews"]["cspr"];
  EXPECT_EQ(cspr["outcome"], "notify_panel");
  EXPECT_EQ(cspr["possible_outcomes"], json({"notify_panel"}));
  EXPECT_EQ(cspr["title"], "Child safeguarding: notification and rapid review");
  EXPECT_EQ(cspr["decision_maker"], "local authority");
  EXPECT_EQ(cspr["citation"]["instrument"], "Children Act 2004");
  EXPECT_EQ(cspr["citation"]["provision"], "s16C(1)");
  EXPECT_EQ(cspr["citation"]["evidence"], "statute");
  EXPECT_EQ(cspr["rule_set"]["id"], "wt2023");
  EXPECT_EQ(cspr["rule_set"]["in_force_from"], "2023-12-15");
  EXPECT_EQ(cspr["missing"], json::array());
  ASSERT_FALSE(cspr["deadlines"].empty());
  EXPECT_EQ(cspr["deadlines"][0]["id"], "notify_panel");
  EXPECT_EQ(cspr["deadlines"][0]["due"], "2025-05-19");
  ASSERT_FALSE(cspr["reasons"].empty());
  // Every reason of a determined review has a definite value here.
  bool any_true = false;
  for (const json& reason : cspr["reasons"]) any_true = any_true || reason["value"] == true;
  EXPECT_TRUE(any_true);
  EXPECT_EQ(result["reviews"]["dhr"]["outcome"], "criteria_met");
  ASSERT_FALSE(result["advisories"].empty());
  EXPECT_EQ(result["advisories"][0]["id"], "joint_review");
  EXPECT_EQ(result["advisories"][0]["reviews"], json({"cspr", "dhr"}));
}

// `met` is the rules' own `counts as met`, so no reader keeps a list of outcome ids: true for an
// outcome that engages the review, false for one that does not, whatever its id.
TEST_F(ResultJson, MetIsTheRulesCountsAsMet) {
  json result = ToJson(ScreenRecord(V04()), rules());
  EXPECT_EQ(result["reviews"]["cspr"]["met"], true);   // notify_panel
  EXPECT_EQ(result["reviews"]["dhr"]["met"], true);    // criteria_met
  EXPECT_EQ(result["reviews"]["sar"]["met"], false);   // not_applicable
  // Outcomes that are not "not_met" by name and still engage no review.
  json non_recent = {{"aware_date", "2026-02-02"}, {"incident_date", "1983-06-01"},
                     {"subject", {{"date_of_birth", "1974-03-01"}, {"care_and_support_needs", false}}},
                     {"incident", {{"died", false}, {"serious_harm", true}, {"location", "in_area"}}},
                     {"abuse_or_neglect", "known"}, {"perpetrator", {{"relationship", "relative"}}}};
  json later = ToJson(ScreenRecord(non_recent, "2026-03-01"), rules());
  EXPECT_EQ(later["reviews"]["cspr"]["outcome"], "non_recent_abuse");
  EXPECT_EQ(later["reviews"]["cspr"]["met"], false);
  EXPECT_EQ(later["reviews"]["owhr"]["outcome"], "not_in_force");
  EXPECT_EQ(later["reviews"]["owhr"]["met"], false);
  json after_pilot = ToJson(ScreenRecord({{"incident_date", "2025-01-01"}}, "2025-06-01"), rules());
  EXPECT_EQ(after_pilot["reviews"]["owhr"]["outcome"], "pilot_ended");
  EXPECT_EQ(after_pilot["reviews"]["owhr"]["met"], false);
  // The last field of the review object, after every version 1 field (in the written text, which
  // keeps the order; the parsed object here sorts its keys).
  std::string text;
  WriteJson(ScreenRecord(non_recent, "2026-03-01"), rules(), text);
  EXPECT_NE(text.find(R"(,"met":false},"dhr":{)"), std::string::npos) << text.substr(0, 200);
}

TEST_F(ResultJson, UndeterminedReviewHasNullOutcome) {
  json result = ToJson(ScreenRecord(AdultWorkingTogetherUnknown()), rules());
  CheckContract(result);
  const json& sar = result["reviews"]["sar"];
  ASSERT_TRUE(sar.contains("outcome"));
  EXPECT_TRUE(sar["outcome"].is_null());
  EXPECT_EQ(sar["possible_outcomes"], json({"mandatory", "discretionary"}));
  EXPECT_EQ(sar["missing"], json({"concern_agencies_worked_together"}));
  EXPECT_TRUE(sar["deadlines"].empty());
  // The reasons show the unanswered clause as null.
  bool found = false;
  for (const json& reason : sar["reasons"]) {
    if (reason["condition"] == "cause_for_concern_working_together") {
      found = true;
      EXPECT_TRUE(reason["value"].is_null());
    }
  }
  EXPECT_TRUE(found) << sar["reasons"].dump();
}

TEST_F(ResultJson, FlagsAreListedWithCitations) {
  json result = ToJson(ScreenRecord(KilledByLodger()), rules());
  CheckContract(result);
  const json& dhr = result["reviews"]["dhr"];
  EXPECT_TRUE(dhr["outcome"].is_null());
  bool flagged = false;
  for (const json& flag : dhr["flags"]) flagged = flagged || flag["id"] == "paid_carer_or_lodger_household";
  EXPECT_TRUE(flagged) << dhr["flags"].dump();
  EXPECT_EQ(dhr["missing"], json({"judgement.paid_carer_is_household_member"}));
}

TEST_F(ResultJson, NextQuestionNamesAMissingFact) {
  json result = ToJson(ScreenRecord(json::object()), rules());
  CheckContract(result);
  ASSERT_TRUE(result["next_question"].is_object());
  // An empty referral: the age is asked first (it decides every review; low sensitivity).
  EXPECT_EQ(result["next_question"]["fact"], "subject.age") << result["next_question"].dump();
  EXPECT_EQ(result["next_question"]["type"], "integer");
}

// next_question (ARCHITECTURE section 3): the missing fact that decides more reviews first; on a
// tie, the one with the lower sensitivity.
TEST(NextQuestion, PrefersMoreReviewsThenLowerSensitivity) {
  const char* pack = R"(pack nq "Next question" version "1"
fact when: date
  question "When?"
fact secret: yes/no
  question "The sensitive question?"
  sensitivity high
fact plain: yes/no
  question "The plain question?"
  sensitivity low
fact other: yes/no
  question "Another sensitive question?"
  sensitivity high

review one "One" decided by "t" dated by when
  cite practice "t" "t"
  rules s1 "S1" in force from 2000-01-01
    cite practice "t" "t"
    outcome met "Met" if secret and plain
      cite practice "t" "t"
    otherwise not_met "Not met"
      cite practice "t" "t"
  end
end

review two "Two" decided by "t" dated by when
  cite practice "t" "t"
  rules s2 "S2" in force from 2000-01-01
    cite practice "t" "t"
    outcome met "Met" if secret or other
      cite practice "t" "t"
    otherwise not_met "Not met"
      cite practice "t" "t"
  end
end
)";
  CompileResult compiled = Rules::Compile({{"nq.rules", pack}});
  ASSERT_TRUE(compiled.ok()) << compiled.FormatDiagnostics();
  const Rules& rules = *compiled.rules;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 1, 1);
  auto next = [&](const char* record) -> std::string {
    DecodeResult decoded = rules.Decode(record);
    EXPECT_TRUE(decoded.ok());
    Screening s = rules.Screen(*decoded.facts, options);
    json result = ToJson(s, rules);
    if (result["next_question"].is_null()) return "";
    EXPECT_EQ(result["next_question"]["fact"], std::string(s.next_question->fact));
    return result["next_question"]["fact"];
  };
  // secret can change both reviews; plain and other one each: secret first, despite its
  // sensitivity.
  EXPECT_EQ(next("{}"), "secret");
  // secret known: plain (review one) and other (review two) tie on one review each; plain is less
  // sensitive.
  EXPECT_EQ(next(R"({"secret": true})"), "plain");
  // secret no settles review one; review two still waits on other.
  EXPECT_EQ(next(R"({"secret": false})"), "other");
  // Everything settled on the facts given: the one question left is the date the rules are dated
  // by, which the screening date stood in for (an assumption that could change the rule set).
  EXPECT_EQ(next(R"({"secret": false, "other": false})"), "when");
  DecodeResult settled = rules.Decode(R"({"secret": false, "other": false})");
  EXPECT_TRUE(rules.Screen(*settled.facts, options).next_question->assumed);
}

TEST_F(ResultJson, NextQuestionIsNullWhenNothingIsMissing) {
  json record = V04();
  json result = ToJson(ScreenRecord(record), rules());
  CheckContract(result);
  bool none_missing = true;
  for (const auto& [id, review] : result["reviews"].items()) none_missing = none_missing && review["missing"].empty();
  if (none_missing) {
    EXPECT_TRUE(result["next_question"].is_null());
  }
}

TEST_F(ResultJson, NotInForceReview) {
  json result = ToJson(ScreenRecord({{"aware_date", "2015-03-31"}, {"incident_date", "2015-03-30"}}), rules());
  CheckContract(result);
  const json& sar = result["reviews"]["sar"];
  EXPECT_EQ(sar["outcome"], "not_in_force");
  EXPECT_EQ(sar["possible_outcomes"], json({"not_in_force"}));
  EXPECT_TRUE(sar["summary"].is_string());
}

// ARCHITECTURE section 5 lists rule_set {id, in_force_from} for every review. A review that is not
// in force on the case's date has no rule set: the fields are still present, null, beside
// "commenced", so a consumer can read result["reviews"][id]["rule_set"]["in_force_from"]
// unconditionally. (An earlier engine omitted in_force_from here; this test caught it.)
TEST_F(ResultJson, NotInForceRuleSetKeepsItsFields) {
  json result = ToJson(ScreenRecord({{"aware_date", "2015-03-31"}}), rules());
  const json& rs = result["reviews"]["sar"]["rule_set"];
  ASSERT_EQ(result["reviews"]["sar"]["outcome"], "not_in_force");
  EXPECT_TRUE(rs.contains("id"));
  EXPECT_TRUE(rs["id"].is_null());
  EXPECT_EQ(rs["commenced"], "2015-04-01");
  ASSERT_TRUE(rs.contains("in_force_from")) << "rule_set lacks in_force_from: " << rs.dump();
  EXPECT_TRUE(rs["in_force_from"].is_null());
}

TEST_F(ResultJson, CaseIdIsNullWhenAbsent) {
  json result = ToJson(ScreenRecord(json::object()), rules());
  ASSERT_TRUE(result.contains("case_id"));
  EXPECT_TRUE(result["case_id"].is_null());
}

TEST_F(ResultJson, DigestIsStableAndTracksTheSources) {
  CompileResult again = Rules::Builtin();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.rules->digest(), rules().digest());
  EXPECT_EQ(ToJson(ScreenRecord(json::object()), rules())["rules"]["digest"], std::string(rules().digest()));

  const char* pack = R"(pack t "T" version "1"
fact d: date
  question "When?"
review r "R" decided by "x" dated by d
  cite practice "p" "q"
  rules s "S" in force from 2000-01-01
    cite practice "p" "q"
    otherwise none "Nothing"
      cite practice "p" "q"
  end
end
)";
  CompileResult a = Rules::Compile({{"t.rules", pack}});
  CompileResult b = Rules::Compile({{"t.rules", std::string(pack) + "# a comment\n"}});
  ASSERT_TRUE(a.ok()) << a.FormatDiagnostics();
  ASSERT_TRUE(b.ok()) << b.FormatDiagnostics();
  EXPECT_NE(a.rules->digest(), b.rules->digest());
  EXPECT_TRUE(std::regex_match(std::string(a.rules->digest()), std::regex("sha256:[0-9a-f]{64}")));
}

TEST_F(ResultJson, OutcomesOnlyForm) {
  json out = ToOutcomesJson(ScreenRecord(AdultWorkingTogetherUnknown()));
  EXPECT_EQ(out["case_id"], "c-17");
  EXPECT_TRUE(out["reviews"]["sar"].is_null());
  EXPECT_EQ(out["reviews"]["cspr"], "not_met");
  ASSERT_TRUE(out["reviews"].contains("dhr"));
}

TEST_F(ResultJson, TextNoteNamesEachReviewAndOutcome) {
  for (const json& record : {V04(), AdultWorkingTogetherUnknown(), KilledByLodger()}) {
    Screening s = ScreenRecord(record);
    std::string text = ToText(s, rules());
    SCOPED_TRACE(text);
    for (const ReviewResult& r : s.reviews) {
      EXPECT_NE(text.find(std::string(r.title)), std::string::npos) << r.title;
      if (r.determined()) {
        EXPECT_NE(text.find(std::string(r.outcome_id)), std::string::npos) << r.outcome_id;
      } else {
        for (std::string_view possible : r.possible_outcomes) {
          EXPECT_NE(text.find(std::string(possible)), std::string::npos) << possible;
        }
      }
    }
    if (s.case_id) {
      EXPECT_NE(text.find(*s.case_id), std::string::npos);
    }
  }
}

TEST_F(ResultJson, TruthNames) {
  EXPECT_EQ(TruthName(Truth::kTrue), "true");
  EXPECT_EQ(TruthName(Truth::kFalse), "false");
  EXPECT_EQ(TruthName(Truth::kUnknown), "unknown");
}

}  // namespace
}  // namespace threshold
