// The language additions of engine 0.3, each on a small pack of its own: `derive VALUE when F in
// {...}` (a value only for some of the source's values), a date copied from another date, an age
// carried forward from another date (`else from AGE at DATE`, reported as `carried_age`), `among
// {...}` on a cross-review advisory, and the expectations `flags only`, `advises`, `advises only`.
// Each test also checks what the checker refuses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "api/examples.h"
#include "threshold/threshold.h"

namespace threshold {
namespace {

constexpr char kFacts[] = R"(
fact incident_date: date
  question "When did it happen?"
fact later_date: date
  question "On what later date?"
  derive incident_date when died in {yes}
fact died: yes/no
  question "Did they die?"
fact status: one of { none "None", remanded "Remanded", sentenced "Sentenced" }
  question "Status?"
fact looked_after: yes/no
  question "Looked after?"
  derive yes when status in {remanded}
fact dob: date
  question "Date of birth?"
fact age: integer 0 to 130
  question "Age at the incident?"
  derive age from dob on incident_date
fact age_later: integer 0 to 130
  question "Age on the later date?"
  derive age from dob on later_date else from age at incident_date
  assume age because "the later date is taken to be the incident date"
    cite practice "t" "test default"
)";

std::string Review(const std::string& id, const std::string& met_test) {
  return "review " + id + R"( "Review )" + id + R"(" decided by "someone" dated by incident_date
  cite practice "t" "r"
  rules )" + id + R"(_set "Set" in force from 2000-01-01
    cite practice "t" "s"
    outcome met "Met" counts as met if )" + met_test + R"(
      cite practice "t" "met"
    otherwise not_met "Not met"
      cite practice "t" "not met"
    flag adult_later "An adult on the later date" if age_later >= 18
      cite practice "t" "flag"
    advisory remanded_child "A remanded child is looked after" if looked_after
      cite practice "t" "advisory"
  end
end
)";
}

std::string Pack(const std::string& extra = "") {
  return R"(pack t "Test" version "1"
  reviews one, two, three
)" + std::string(kFacts) + Review("one", "age_later >= 18") + Review("two", "looked_after") +
         Review("three", "died") + R"(
advisory joint "Two reviews met" if at least 2 reviews met among {one, two}
  cite practice "t" "joint"
)" + extra;
}

CompileResult Compile(const std::string& text) { return Rules::Compile({{"a.rules", text}, {"c.txt", ""}}); }

Screening ScreenRecord(const Rules& rules, const char* record) {
  DecodeResult decoded = rules.Decode(record);
  EXPECT_TRUE(decoded.ok()) << record;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 6, 1);
  return rules.Screen(*decoded.facts, options);
}

// A copy: the screening is usually a temporary (its strings point into the rules, which live on).
ReviewResult Find(const Screening& s, std::string_view id) {
  for (const ReviewResult& r : s.reviews) {
    if (r.id == id) return r;
  }
  ADD_FAILURE() << "no review " << id;
  return {};
}

bool Advised(const Screening& s, std::string_view id) {
  for (const Raised& a : s.advisories) {
    if (a.id == id) return true;
  }
  return false;
}

TEST(LanguageAdditions, DeriveOnlyForTheListedValues) {
  CompileResult c = Compile(Pack());
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  // remanded: looked after is derived yes; sentenced: the fact stays unknown (no value is implied).
  EXPECT_EQ(Find(ScreenRecord(*c.rules, R"({"incident_date":"2025-01-01","status":"remanded"})"), "two").outcome_id, "met");
  const ReviewResult sentenced = Find(ScreenRecord(*c.rules, R"({"incident_date":"2025-01-01","status":"sentenced"})"), "two");
  EXPECT_FALSE(sentenced.determined());
  ASSERT_EQ(sentenced.missing.size(), 1u);
  EXPECT_EQ(sentenced.missing[0].fact, "looked_after");
  // A record that gives the derived fact against its source contradicts itself (E409).
  DecodeResult contradiction = c.rules->Decode(R"({"status":"remanded","looked_after":false})");
  ASSERT_FALSE(contradiction.ok());
  ASSERT_FALSE(contradiction.errors.empty());
  EXPECT_EQ(contradiction.errors.front().code, "E409");
  // ...but the same answer beside an unlisted value is simply given.
  EXPECT_TRUE(c.rules->Decode(R"({"status":"sentenced","looked_after":false})").ok());
}

TEST(LanguageAdditions, DateCopiedFromAnotherDate) {
  CompileResult c = Compile(Pack());
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  const Rules& rules = *c.rules;
  // died: the later date is the incident date, so the age on it is the age at the incident, exact.
  const ReviewResult same = Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","died":true,"age":17})"), "one");
  EXPECT_EQ(same.outcome_id, "not_met");
  EXPECT_TRUE(same.assumptions.empty());
  // A later date given wins over the copy.
  const ReviewResult later =
      Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2026-03-01","died":true,"age":17})"), "one");
  EXPECT_EQ(later.outcome_id, "met");
  // Not died: no copy, so the later date is unknown and the declared assumption stands in.
  const ReviewResult alive = Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","died":false,"age":17})"), "one");
  EXPECT_EQ(alive.outcome_id, "not_met");
  ASSERT_EQ(alive.assumptions.size(), 1u);
  EXPECT_EQ(alive.assumptions[0].kind, AssumptionResult::Kind::kDeclared);
  EXPECT_EQ(alive.assumptions[0].fact, "age_later");
  EXPECT_TRUE(alive.assumptions[0].could_change);
}

TEST(LanguageAdditions, CarriedAgeIsReportedAndMayBeOneMore) {
  CompileResult c = Compile(Pack());
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  const Rules& rules = *c.rules;
  // 17 at the incident, the later date 11 months on: carried 17, maybe 18 if the birthday fell in
  // between. Like any assumption, the answer rests on it (not met, at 17) and the result says so,
  // that one more could change the outcome, and that the date of birth would settle it.
  const ReviewResult near =
      Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2025-12-01","age":17})"), "one");
  EXPECT_EQ(near.outcome_id, "not_met");
  bool carried = false;
  for (const AssumptionResult& a : near.assumptions) {
    if (a.kind != AssumptionResult::Kind::kCarriedAge) continue;
    carried = true;
    EXPECT_EQ(a.fact, "age_later");
    ASSERT_TRUE(a.number.has_value());
    EXPECT_EQ(*a.number, 17);
    EXPECT_TRUE(a.could_change);
    EXPECT_EQ(a.ask, "dob");
  }
  EXPECT_TRUE(carried);
  // At 12 one more could not reach 18: still reported, but could_change is false.
  const ReviewResult far =
      Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2025-12-01","age":12})"), "one");
  EXPECT_EQ(far.outcome_id, "not_met");
  for (const AssumptionResult& a : far.assumptions) {
    if (a.kind == AssumptionResult::Kind::kCarriedAge) {
      EXPECT_FALSE(a.could_change);
    }
  }
  // A whole year and more on: 18 at least, determined.
  EXPECT_EQ(Find(ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2026-01-01","age":17})"), "one").outcome_id,
            "met");
  // The date of birth decides exactly, with no assumption.
  const ReviewResult exact = Find(
      ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2025-12-01","dob":"2007-11-30"})"), "one");
  EXPECT_EQ(exact.outcome_id, "met");
  for (const AssumptionResult& a : exact.assumptions) EXPECT_NE(a.kind, AssumptionResult::Kind::kCarriedAge);
  // In JSON the kind is "carried_age".
  Screening s = ScreenRecord(rules, R"({"incident_date":"2025-01-01","later_date":"2025-12-01","age":17})");
  EXPECT_NE(ToJson(s, rules).dump().find(R"("kind":"carried_age")"), std::string::npos);
}

// Two ages carried from the same age at the incident are one more together (a birthday soon after
// the incident): a test that needs both is changed only by both, and the result must say so.
TEST(LanguageAdditions, CarriedAgesMayBeOneMoreTogether) {
  CompileResult c = Compile(R"(pack t "Test" version "1"
  reviews both
fact incident_date: date
  question "When?"
fact d1: date
  question "First later date?"
fact d2: date
  question "Second later date?"
fact dob: date
  question "Date of birth?"
fact age: integer 0 to 130
  question "Age at the incident?"
  derive age from dob on incident_date
fact a1: integer 0 to 130
  question "Age on d1?"
  derive age from dob on d1 else from age at incident_date
fact a2: integer 0 to 130
  question "Age on d2?"
  derive age from dob on d2 else from age at incident_date
review both "Both" decided by "someone" dated by incident_date
  cite practice "t" "r"
  rules both_set "Set" in force from 2000-01-01
    cite practice "t" "s"
    outcome met "Met" counts as met if a1 >= 18 and a2 >= 18
      cite practice "t" "met"
    otherwise not_met "Not met"
      cite practice "t" "not met"
  end
end
)");
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  const ReviewResult r =
      Find(ScreenRecord(*c.rules, R"({"incident_date":"2025-01-01","d1":"2025-06-01","d2":"2025-07-01","age":17})"), "both");
  EXPECT_EQ(r.outcome_id, "not_met");
  int carried = 0;
  for (const AssumptionResult& a : r.assumptions) {
    if (a.kind != AssumptionResult::Kind::kCarriedAge) continue;
    ++carried;
    EXPECT_TRUE(a.could_change) << a.fact;
  }
  EXPECT_EQ(carried, 2);
}

TEST(LanguageAdditions, AmongCountsOnlyTheReviewsNamed) {
  CompileResult c = Compile(Pack());
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  // one and three met: only one of {one, two}, so no joint review.
  EXPECT_FALSE(Advised(
      ScreenRecord(*c.rules, R"({"incident_date":"2025-01-01","later_date":"2026-06-01","age":17,"died":false,"status":"none","looked_after":false})"),
      "joint"));
  // one and two met.
  EXPECT_TRUE(Advised(
      ScreenRecord(*c.rules, R"({"incident_date":"2025-01-01","later_date":"2026-06-01","age":17,"died":false,"status":"remanded"})"),
      "joint"));
  // A review the pack does not define is an error naming it.
  CompileResult bad = Compile(Pack(R"(advisory other "x" if at least 2 reviews met among {one, nine}
  cite practice "t" "x"
)"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.FormatDiagnostics().find("nine"), std::string::npos) << bad.FormatDiagnostics();
}

std::string WithExample(const std::string& expect) {
  return Pack(R"(
example e "A remanded 17-year-old, a year later"
  given
    incident_date is 2025-01-01
    later_date is 2026-02-01
    age is 17
    status is remanded
    died is no
  expect
)" + expect + "end\n");
}

internal::ExampleReport RunOne(const std::string& expect) {
  CompileResult c = Compile(WithExample(expect));
  EXPECT_TRUE(c.ok()) << c.FormatDiagnostics();
  if (!c.ok()) return {};
  return internal::RunExamples(*c.rules);
}

TEST(LanguageAdditions, FlagsOnlyAndAdvisesExpectations) {
  EXPECT_EQ(RunOne("    one flags only {adult_later}\n").passed, 1);
  EXPECT_EQ(RunOne("    three flags only {adult_later}\n").passed, 1);
  EXPECT_EQ(RunOne("    two advises {remanded_child}\n").passed, 1);
  EXPECT_EQ(RunOne("    two advises only {remanded_child}\n").passed, 1);
  // Each fails when the review raises more, or other, than it says.
  internal::ExampleReport more = RunOne("    one flags only {}\n");
  EXPECT_EQ(more.failed, 1);
  ASSERT_EQ(more.failures.size(), 1u);
  EXPECT_NE(more.failures[0].message.find("adult_later"), std::string::npos) << more.failures[0].message;
  EXPECT_EQ(RunOne("    two advises only {}\n").failed, 1);
}

TEST(LanguageAdditions, CheckerRefusesWhatCannotMeanAnything) {
  // An expectation naming an advisory the review does not have.
  CompileResult unknown_advisory = Compile(WithExample("    two advises {no_such_advisory}\n"));
  EXPECT_FALSE(unknown_advisory.ok());
  // `derive ... in {...}` with a value the source fact does not have.
  std::string bad_value = Pack();
  bad_value.replace(bad_value.find("status in {remanded}"), 20, "status in {on_bail}");
  CompileResult bad = Compile(bad_value);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.FormatDiagnostics().find("on_bail"), std::string::npos) << bad.FormatDiagnostics();
  // Carrying an age from a fact that is not an integer.
  std::string not_age = Pack();
  not_age.replace(not_age.find("else from age at"), 16, "else from died at");
  EXPECT_FALSE(Compile(not_age).ok());
}

}  // namespace
}  // namespace threshold
