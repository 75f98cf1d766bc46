// The checked model of a rule pack: every name resolved, every expression typed, every fact given
// its value partition. The checker builds it from the ASTs; the compiler adds decision diagrams.
// Stage: check (output) -> compile (input). Immutable once built.
#ifndef THRESHOLD_CHECK_MODEL_H_
#define THRESHOLD_CHECK_MODEL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "threshold/calendar.h"
#include "threshold/date.h"
#include "threshold/diagnostic.h"
#include "threshold/screening.h"

namespace threshold::internal {

enum class FactType { kBool, kInt, kDate, kText, kEnum };

// Declared sensitivity, lowest first; the next question prefers less sensitive facts.
enum class Sensitivity { kLow = 1, kMedium = 2, kHigh = 3 };

// An assumption declared at a fact: the value to take when the referral does not give the fact.
struct AssumptionDecl {
  int fact = -1;          // the value is that fact's (same type); -1: the fixed `value`
  int64_t value = 0;      // the fixed value (as FactValue holds it)
  int cell = -1;          // its cell, once the fact is partitioned
  int when = -1;          // expression node: it applies only where this holds; -1: always
  std::string when_text;  // that expression as written
  std::string because;    // why the law or settled practice gives this default
  std::vector<Citation> citations;
  std::string value_text; // the value as written (a fact path, or a value in words)
};

struct FactDecl {
  std::string path;               // "subject.age"
  std::vector<std::string> keys;  // {"subject", "age"}
  std::string pointer;            // "/subject/age"
  FactType type = FactType::kBool;
  int64_t min = 0, max = 0;       // integer range
  std::vector<std::string> options;  // enum option ids, in declaration order
  std::vector<std::string> labels;   // their labels
  std::string question, help;
  Sensitivity sensitivity = Sensitivity::kMedium;
  int derive_from = -1;         // derived age: the date-of-birth fact
  std::vector<int> derive_on;   // the dates the age is taken on, first known wins
  // "else from AGE at DATE": without the birth date, an age known on DATE carried forward to the
  // first `on` date by the whole years between (a lower bound: one more if a birthday fell between).
  int carry_age = -1, carry_date = -1;
  std::vector<int> implied_by;  // "derive VALUE when F given": the facts any of which implies it
  int64_t implied_value = 0;    // ... and the value they imply
  int implied_copy = -1;        // ... or, "derive OTHER_FACT when ...", the fact whose value it takes
  std::vector<uint64_t> implied_cells;  // per implied_by: the cells that imply it ("F in {...}"); 0: any
  std::vector<AssumptionDecl> assumptions;  // tried in order; the first that applies gives the value
  std::vector<Citation> citations;
  // The value partition. Integers and dates are split at the constants the rules compare them
  // with: cell k holds values in [splits[k-1], splits[k]). Text facts: cell k < n is
  // text_constants[k], cell n every other text.
  std::vector<int64_t> splits;
  std::vector<std::string> text_constants;

  int CellCount() const;
  int CellOf(int64_t value) const;  // for text facts `value` is a cell already
  // Whether a comparison (`op` with `values`, as in ExprNode) holds for every value of a cell, and
  // the cells where it does as a mask. Cells never straddle a constant the rules compare with.
  bool Holds(const std::string& op, const std::vector<int64_t>& values, int cell) const;
  uint64_t MaskOf(const std::string& op, const std::vector<int64_t>& values) const;
  // The values of a cell in words: "yes", "Known", "18 or over", "16 to 17", "before 2015-04-01".
  std::string DescribeCell(int cell) const;
  // The values of cells first..last together (integers and dates: one range, "under 18").
  std::string DescribeCells(int first, int last) const;
};

// One node of a resolved expression; nodes live in Model::nodes and refer to each other by index.
struct ExprNode {
  enum class Kind {
    kConst,      // truth: value
    kAtom,       // fact `fact` has a value in the cells of `mask` (filled after partitioning)
    kKnown,      // fact `fact` is given (never unknown)
    kNot,
    kAnd,
    kOr,
    kCondition,  // named condition `condition`
    kReview,     // review `review`'s outcome, under its rule set `rule_set`, is in `mask`
  };
  Kind kind = Kind::kConst;
  bool value = false;
  int fact = -1;
  int condition = -1;
  int review = -1, rule_set = -1;  // kReview
  std::string op;               // kAtom: "=", "!=", "<", "<=", ">", ">=", "in"
  std::vector<int64_t> values;  // kAtom: the constants (text: index into text_constants)
  uint64_t mask = 0;
  std::vector<int> children;
};

struct ConditionDecl {
  std::string id;
  std::string text;
  int root = -1;
  std::vector<Citation> citations;
  int rule_set_review = -1, rule_set = -1;  // scope; -1 for a top-level condition
  std::vector<int> references;  // conditions it names, in order of appearance (no repeats)
};

struct DueNode {
  enum class Kind { kFact, kDate, kAfter, kElse };
  enum class Unit { kWorkingDays, kDays, kMonths };
  Kind kind = Kind::kFact;
  Unit unit = Unit::kDays;
  int fact = -1;
  Date date;
  int count = 0;
  std::vector<DueNode> children;
};

struct DeadlineDecl {
  std::string id;
  std::string text;
  DueNode due;
  std::vector<Citation> citations;
};

struct OutcomeDecl {
  std::string id;
  std::string summary;
  bool met = false;
  int root = -1;  // -1 for otherwise
  std::vector<Citation> citations;
  std::vector<DeadlineDecl> deadlines;
  std::vector<int> conditions;  // conditions its test names, in order of appearance
  SourceSpan where;             // for diagnostics found after checking (unreachable)
};

struct RaiseDecl {
  std::string id;
  std::string text;
  int root = -1;
  std::vector<Citation> citations;
};

struct RuleSetDecl {
  std::string id;
  std::string title;
  std::optional<Date> from, until;
  bool prospective = false;
  std::vector<Citation> citations;
  std::vector<OutcomeDecl> outcomes;
  std::vector<RaiseDecl> flags;
  std::vector<RaiseDecl> advisories;
};

struct ReviewDecl {
  std::string id;
  std::string title;
  std::string decided_by;
  std::vector<int> dated_by;  // date facts
  std::vector<Citation> citations;
  std::string not_in_force;
  std::vector<Citation> not_in_force_citations;
  std::vector<RuleSetDecl> rule_sets;
};

struct TopAdvisoryDecl {
  std::string id;
  std::string text;
  int at_least = 0;  // 0: raised when no review is met
  std::vector<int> among;  // the reviews counted (indexes into reviews); empty: all of them
  std::vector<Citation> citations;
};


// Where something was written, for reporting test failures.
struct Located {
  std::string file;
  int line = 0;
};

struct Expectation {
  enum class Kind { kIs, kUndetermined, kCouldBe, kNeeds, kAssumes, kFlags, kAdvises, kDeadline };
  Kind kind = Kind::kIs;
  bool only = false;  // kFlags, kAdvises: exactly `items` are raised (else at least them)
  int review = -1;
  std::vector<std::string> items;  // outcome ids, fact paths, flag ids; kDeadline: the id
  Date due;
  Located where;
};

struct ExampleDecl {
  std::string id;
  std::string title;
  std::optional<Date> as_of;
  std::vector<std::pair<std::string, std::string>> using_rule_sets;  // review id -> rule set id
  nlohmann::json record;  // the case record the given lines build
  std::vector<Expectation> expectations;
  Located where;
};

struct Model {
  std::string name, title, version, calendar_name;
  bool declares_reviews = false;  // the pack lists its reviews (and the checker matched the list)
  std::vector<FactDecl> facts;
  std::vector<ExprNode> nodes;
  std::vector<ConditionDecl> conditions;
  std::vector<ReviewDecl> reviews;
  std::vector<TopAdvisoryDecl> advisories;
  std::vector<ExampleDecl> examples;
  HolidayCalendar calendar;

  int FindFact(std::string_view path) const;
};

}  // namespace threshold::internal

#endif  // THRESHOLD_CHECK_MODEL_H_
