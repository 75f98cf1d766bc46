// One review's outcome read by another ("review R is met", "review R is OUTCOME", "review R in
// {...}"): resolved against R's rule set in force while the reading rule set is, compiled into the
// reader's decision diagram (so possible outcomes, missing facts and counterfactuals stay exact),
// and refused where it cannot mean one thing (E317).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "threshold/threshold.h"

namespace threshold {
namespace {

constexpr char kPack[] = R"(pack t "Test" version "1"
  reviews first, second

fact day: date
  question "When?"
fact a: yes/no
  question "A?"
fact b: yes/no
  question "B?"
fact c: yes/no
  question "C?"

review first "First" decided by "someone" dated by day
  cite practice "t" "first"
  rules first_2020 "First" in force from 2020-01-01
    cite practice "t" "s"
    outcome required "Required" counts as met if a
      cite practice "t" "required"
    outcome optional "Optional" counts as met if b
      cite practice "t" "optional"
    otherwise none "None"
      cite practice "t" "none"
  end
end
)";

CompileResult Compile(const std::string& second) {
  return Rules::Compile({{"a.rules", kPack}, {"b.rules", second}, {"c.txt", ""}});
}

std::string Second(const std::string& test, const std::string& from = "2021-01-01") {
  return R"(review second "Second" decided by "someone" dated by day
  cite practice "t" "second"
  rules second_x "Second" in force from )" + from + R"(
    cite practice "t" "s"
    condition other_review "the other review applies"
      if )" + test + R"(
      cite practice "t" "the rule that excludes"
    outcome excluded "Not required: the other review applies" if other_review
      cite practice "t" "excluded"
    outcome needed "Needed" counts as met if c
      cite practice "t" "needed"
    otherwise no "No"
      cite practice "t" "no"
  end
end
)";
}

std::vector<std::string_view> Possible(const Rules& rules, const char* record, std::string_view review) {
  DecodeResult decoded = rules.Decode(record);
  EXPECT_TRUE(decoded.ok()) << record;
  ScreenOptions options;
  options.as_of = Date::FromYmd(2022, 1, 1);
  Screening s = rules.Screen(*decoded.facts, options);
  for (const ReviewResult& r : s.reviews) {
    if (r.id == review) return r.possible_outcomes;
  }
  return {};
}

TEST(ReviewReference, ReadsTheOtherReviewsOutcomeExactly) {
  CompileResult c = Compile(Second("review first is met"));
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  using V = std::vector<std::string_view>;
  // a yes: first is required (met), so second is excluded.
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": true})", "second"), V({"excluded"}));
  // a no, b yes: first is optional (met too): excluded.
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": false, "b": true})", "second"), V({"excluded"}));
  // a no, b no: first none: second turns on c.
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": false, "b": false})", "second"), V({"needed", "no"}));
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": false, "b": false, "c": true})", "second"),
            V({"needed"}));
  // Nothing known: any of them.
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01"})", "second"), V({"excluded", "needed", "no"}));
}

TEST(ReviewReference, NamedOutcomes) {
  CompileResult c = Compile(Second("review first is required"));
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  using V = std::vector<std::string_view>;
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": false, "b": true, "c": true})", "second"),
            V({"needed"}));
  c = Compile(Second("review first in {required, optional}"));
  ASSERT_TRUE(c.ok()) << c.FormatDiagnostics();
  EXPECT_EQ(Possible(*c.rules, R"({"day": "2022-01-01", "a": false, "b": true})", "second"), V({"excluded"}));
}

TEST(ReviewReference, RefusedWhereItCannotMeanOneThing) {
  auto code = [](const CompileResult& c) { return c.diagnostics.empty() ? std::string() : c.diagnostics[0].code; };
  EXPECT_EQ(code(Compile(Second("review nope is met"))), "E317");
  EXPECT_EQ(code(Compile(Second("review first is maybe"))), "E317");
  // Before the other review's only rule set: none of it in force while this one is.
  EXPECT_EQ(code(Compile(Second("review first is met", "2010-01-01\n    until 2015-01-01"))), "E317");
  // A top-level condition has no dates to choose the rule set by.
  CompileResult top = Rules::Compile({{"a.rules", kPack},
                                      {"b.rules", "condition top_level \"t\" if review first is met\n  cite practice \"t\" \"c\"\n" +
                                                      Second("top_level")},
                                      {"c.txt", ""}});
  EXPECT_FALSE(top.ok());
  EXPECT_EQ(code(top), "E317");
}

TEST(ReviewReference, ReviewsMayNotReadEachOtherInACircle) {
  std::string pack = R"(pack t "Test" version "1"
fact day: date
  question "When?"
review one "One" decided by "x" dated by day
  cite practice "t" "one"
  rules one_s "One" in force from 2020-01-01
    cite practice "t" "s"
    outcome yes_one "Yes" if review two is met
      cite practice "t" "y"
    otherwise no_one "No"
      cite practice "t" "n"
  end
end
review two "Two" decided by "x" dated by day
  cite practice "t" "two"
  rules two_s "Two" in force from 2020-01-01
    cite practice "t" "s"
    outcome yes_two "Yes" counts as met if review one is yes_one
      cite practice "t" "y"
    otherwise no_two "No"
      cite practice "t" "n"
  end
end
)";
  CompileResult c = Rules::Compile({{"a.rules", pack}, {"c.txt", ""}});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.diagnostics[0].code, "E317") << c.FormatDiagnostics();
}

}  // namespace
}  // namespace threshold
