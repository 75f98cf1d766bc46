// Kleene's strong three-valued logic, observed through the engine (ARCHITECTURE section 3):
// the full truth tables of `and` (9 rows), `or` (9 rows) and `not` (3 rows). A small pack with
// yes/no facts a and b declares the conditions `a and b`, `a or b` and `not a`; each of the 9
// combinations of true / false / unknown is screened, and both the reason value of each
// condition (Reason::value) and the possible outcomes of a rule set that tests it are checked.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "threshold/threshold.h"

namespace threshold {
namespace {

constexpr const char* kPack = R"(
pack kleene "Kleene truth tables" version "1"

fact d: date
  question "When?"
fact a: yes/no
  question "Is a true?"
fact b: yes/no
  question "Is b true?"

condition a_and_b "a and b"
  if a and b
  cite practice "Kleene 1938" "strong three-valued logic: and"
condition a_or_b "a or b"
  if a or b
  cite practice "Kleene 1938" "strong three-valued logic: or"
condition not_a "not a"
  if not a
  cite practice "Kleene 1938" "strong three-valued logic: not"

review r_and "And" decided by "test" dated by d
  cite practice "test" "and"
  rules s_and "And" in force from 2000-01-01
    cite practice "test" "and"
    outcome holds "the condition holds" if a_and_b
      cite practice "test" "holds"
    otherwise fails "the condition does not hold"
      cite practice "test" "fails"
  end
end

review r_or "Or" decided by "test" dated by d
  cite practice "test" "or"
  rules s_or "Or" in force from 2000-01-01
    cite practice "test" "or"
    outcome holds "the condition holds" if a_or_b
      cite practice "test" "holds"
    otherwise fails "the condition does not hold"
      cite practice "test" "fails"
  end
end

review r_not "Not" decided by "test" dated by d
  cite practice "test" "not"
  rules s_not "Not" in force from 2000-01-01
    cite practice "test" "not"
    outcome holds "the condition holds" if not_a
      cite practice "test" "holds"
    otherwise fails "the condition does not hold"
      cite practice "test" "fails"
  end
end
)";

// T = true, F = false, U = unknown.
enum V { F, T, U };

Truth ToTruth(V v) { return v == T ? Truth::kTrue : v == F ? Truth::kFalse : Truth::kUnknown; }
const char* Name(V v) { return v == T ? "true" : v == F ? "false" : "unknown"; }

// The expected possible outcomes of a rule set "holds if C; otherwise fails", given C's value.
std::vector<std::string> Possible(V c) {
  if (c == T) return {"holds"};
  if (c == F) return {"fails"};
  return {"holds", "fails"};
}

class TruthTable : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    compiled_ = new CompileResult(Rules::Compile({{"kleene.rules", kPack}}));
  }
  static void TearDownTestSuite() {
    delete compiled_;
    compiled_ = nullptr;
  }

  const Rules& rules() {
    EXPECT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
    return *compiled_->rules;
  }

  Screening ScreenValues(V a, V b) {
    nlohmann::json record = nlohmann::json::object();
    if (a != U) record["a"] = a == T;
    if (b == U) {
      record["b"] = nullptr;  // null is unknown too
    } else {
      record["b"] = b == T;
    }
    DecodeResult decoded = rules().DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump();
    ScreenOptions options;
    options.as_of = Date::FromYmd(2025, 1, 1);
    return rules().Screen(*decoded.facts, options);
  }

  static const ReviewResult& Review(const Screening& s, std::string_view id) {
    auto it = std::find_if(s.reviews.begin(), s.reviews.end(),
                           [&](const ReviewResult& r) { return r.id == id; });
    EXPECT_NE(it, s.reviews.end()) << id;
    return *it;
  }

  static std::optional<Truth> ReasonValue(const ReviewResult& review, std::string_view condition) {
    for (const Reason& reason : review.reasons) {
      if (reason.condition == condition) return reason.value;
    }
    return std::nullopt;
  }

  static std::vector<std::string> PossibleOf(const ReviewResult& review) {
    return {review.possible_outcomes.begin(), review.possible_outcomes.end()};
  }

  static CompileResult* compiled_;
};

CompileResult* TruthTable::compiled_ = nullptr;

struct Row {
  V a, b, result;
};

// Kleene's strong conjunction: false dominates, then unknown.
const Row kAnd[] = {
    {T, T, T}, {T, F, F}, {T, U, U},
    {F, T, F}, {F, F, F}, {F, U, F},
    {U, T, U}, {U, F, F}, {U, U, U},
};

// Kleene's strong disjunction: true dominates, then unknown.
const Row kOr[] = {
    {T, T, T}, {T, F, T}, {T, U, T},
    {F, T, T}, {F, F, F}, {F, U, U},
    {U, T, T}, {U, F, U}, {U, U, U},
};

const Row kNot[] = {{T, U, F}, {F, U, T}, {U, U, U}};  // b is irrelevant

// The row of a table for the inputs (a, b); b is ignored for `not`.
template <size_t N>
V Lookup(const Row (&table)[N], V a, V b, bool unary = false) {
  for (const Row& row : table) {
    if (row.a == a && (unary || row.b == b)) return row.result;
  }
  ADD_FAILURE() << "no row";
  return U;
}

TEST_F(TruthTable, PackCompiles) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
}

TEST_F(TruthTable, And) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
  for (const Row& row : kAnd) {
    SCOPED_TRACE(std::string(Name(row.a)) + " and " + Name(row.b));
    Screening s = ScreenValues(row.a, row.b);
    const ReviewResult& review = Review(s, "r_and");
    EXPECT_EQ(ReasonValue(review, "a_and_b"), ToTruth(row.result));
    EXPECT_EQ(PossibleOf(review), Possible(row.result));
    EXPECT_EQ(review.determined(), row.result != U);
    EXPECT_EQ(std::string(review.outcome_id), row.result == T ? "holds" : row.result == F ? "fails" : "");
  }
}

TEST_F(TruthTable, Or) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
  for (const Row& row : kOr) {
    SCOPED_TRACE(std::string(Name(row.a)) + " or " + Name(row.b));
    Screening s = ScreenValues(row.a, row.b);
    const ReviewResult& review = Review(s, "r_or");
    EXPECT_EQ(ReasonValue(review, "a_or_b"), ToTruth(row.result));
    EXPECT_EQ(PossibleOf(review), Possible(row.result));
    EXPECT_EQ(review.determined(), row.result != U);
  }
}

TEST_F(TruthTable, Not) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
  for (const Row& row : kNot) {
    SCOPED_TRACE(std::string("not ") + Name(row.a));
    // b does not matter to `not a`: every value of b gives the same row.
    for (V b : {T, F, U}) {
      SCOPED_TRACE(std::string("b ") + Name(b));
      Screening s = ScreenValues(row.a, b);
      const ReviewResult& review = Review(s, "r_not");
      EXPECT_EQ(ReasonValue(review, "not_a"), ToTruth(row.result));
      EXPECT_EQ(PossibleOf(review), Possible(row.result));
    }
  }
}

// All nine combinations at once, every review in one screening: the three tables must agree
// with each other (De Morgan: not (a and b) = not a or not b holds in Kleene logic too) and the
// missing facts must be exactly the unknown inputs the condition still depends on.
TEST_F(TruthTable, AllCombinationsAndMissing) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
  for (V a : {T, F, U}) {
    for (V b : {T, F, U}) {
      SCOPED_TRACE(std::string("a=") + Name(a) + " b=" + Name(b));
      Screening s = ScreenValues(a, b);
      ASSERT_EQ(s.reviews.size(), 3u);
      V and_value = Lookup(kAnd, a, b);
      V or_value = Lookup(kOr, a, b);
      V not_value = Lookup(kNot, a, U, /*unary=*/true);
      EXPECT_EQ(ReasonValue(Review(s, "r_and"), "a_and_b"), ToTruth(and_value));
      EXPECT_EQ(ReasonValue(Review(s, "r_or"), "a_or_b"), ToTruth(or_value));
      EXPECT_EQ(ReasonValue(Review(s, "r_not"), "not_a"), ToTruth(not_value));

      auto missing = [](const ReviewResult& r) {
        std::vector<std::string> out;
        for (const MissingFact& m : r.missing) out.emplace_back(m.fact);
        std::sort(out.begin(), out.end());
        return out;
      };
      // An undetermined two-input condition waits on each unknown input; a determined one on
      // none.
      std::vector<std::string> expect_and, expect_or, expect_not;
      if (and_value == U) {
        if (a == U) expect_and.push_back("a");
        if (b == U) expect_and.push_back("b");
      }
      if (or_value == U) {
        if (a == U) expect_or.push_back("a");
        if (b == U) expect_or.push_back("b");
      }
      if (not_value == U) expect_not.push_back("a");
      EXPECT_EQ(missing(Review(s, "r_and")), expect_and);
      EXPECT_EQ(missing(Review(s, "r_or")), expect_or);
      EXPECT_EQ(missing(Review(s, "r_not")), expect_not);
    }
  }
}

// The JSON form of a reason value is true, false or null (ARCHITECTURE section 5).
TEST_F(TruthTable, ReasonValuesInJson) {
  ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics();
  for (V a : {T, F, U}) {
    Screening s = ScreenValues(a, U);
    nlohmann::json json = ToJson(s, rules());
    const nlohmann::json& reasons = json["reviews"]["r_not"]["reasons"];
    ASSERT_EQ(reasons.size(), 1u);
    EXPECT_EQ(reasons[0]["condition"], "not_a");
    V expected = Lookup(kNot, a, U, /*unary=*/true);
    if (expected == U) {
      EXPECT_TRUE(reasons[0]["value"].is_null());
    } else {
      EXPECT_EQ(reasons[0]["value"], expected == T);
    }
  }
}

}  // namespace
}  // namespace threshold
