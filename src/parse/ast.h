// The abstract syntax tree of a rule file, as the parser builds it. Plain standard types only, so
// the checker and later stages never see Boost; every node records its byte range in the source.
// Stage: parse (output) -> check (input).
#ifndef THRESHOLD_PARSE_AST_H_
#define THRESHOLD_PARSE_AST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace threshold::parse::ast {

// Byte offsets [begin, end) into the source text.
struct Range {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// An identifier, a dotted fact path, a number or a date as written, with where it was written.
struct Ident {
  std::string name;
  Range range;
};

struct Citation {
  std::string evidence;  // statute, regulation, guidance or practice
  std::string instrument;
  std::string provision;
  std::string note;
  Range range;
};

enum class LiteralKind { kBool, kInt, kDate, kString };

// An expression node. One uniform struct keeps the grammar's semantic actions simple; `kind`
// says which fields matter.
struct Expr {
  enum class Kind {
    kOr,       // children: two or more operands
    kAnd,      // children: two or more operands
    kNot,      // children: one operand
    kCompare,  // op, children: left and right
    kIn,       // children: the tested operand, then the listed values
    kKnown,    // text: the fact path
    kReview,   // text: a review id; children: outcome names (kName), or one kName "met"
    kName,     // text: a fact path, a condition or an option name
    kLiteral,  // literal, text (strings unescaped, booleans "yes"/"no")
  };
  Kind kind = Kind::kLiteral;
  std::string op;  // "=", "!=", "<", "<=", ">", ">="
  std::string text;
  LiteralKind literal = LiteralKind::kBool;
  std::vector<Expr> children;
  Range range;
};

struct Option {
  Ident id;
  std::string label;
  Range range;
};

struct TypeSpec {
  enum class Kind { kBool, kInt, kDate, kText, kEnum };
  Kind kind = Kind::kBool;
  Ident low, high;  // integer bounds as written
  std::vector<Option> options;
  Range range;
};

// "derive age from DOB on D1 else D2 ...", or "derive VALUE when F1 [in {V, ...}] or F2 ... [given]".
struct Derive {
  bool implied = false;   // the second form
  Ident from;             // age: the date of birth fact
  std::vector<Ident> on;  // age: the dates the age is taken on, first known wins
  Ident carry_age, carry_date;  // age: "else from AGE at DATE", an age on another date carried forward
  Expr value;             // implied: the value the fact takes
  std::vector<Ident> given;  // implied: the facts any of which, given, implies it
  // implied: values after "in", each with the index in `given` of the fact it belongs to; a fact
  // with none implies the value whatever its own value.
  std::vector<Expr> given_in;
  std::vector<size_t> given_in_of;
  Range range;
};

// "assume VALUE [if EXPR] because TEXT citations": the value to take when the referral does not
// give the fact. VALUE is a fixed value of the fact's type or another fact of the same type.
struct Assumption {
  Expr value;
  std::optional<Expr> when;
  std::string because;
  std::vector<Citation> citations;
  Range range;
};

struct Fact {
  Ident path;
  TypeSpec type;
  std::string question;
  std::string help;
  Ident sensitivity;  // empty name: not given
  std::optional<Derive> derive;
  std::vector<Citation> citations;
  std::vector<Assumption> assumptions;
  Range range;
};

struct Condition {
  Ident id;
  std::string text;
  Expr expr;
  std::vector<Citation> citations;
  Range range;
};

// A due-date expression.
struct Due {
  enum class Kind { kFact, kDate, kAfter, kElse };
  enum class Unit { kWorkingDays, kDays, kMonths };
  Kind kind = Kind::kFact;
  Unit unit = Unit::kDays;
  Ident text;               // fact path, date, or the count for kAfter
  std::vector<Due> children;  // kAfter: the start; kElse: the alternatives in order
  Range range;
};

struct Deadline {
  Ident id;
  std::string text;
  Due due;
  std::vector<Citation> citations;
  Range range;
};

struct Outcome {
  Ident id;
  std::string summary;
  bool counts_as_met = false;
  bool otherwise = false;
  std::optional<Expr> when;  // absent for otherwise
  std::vector<Citation> citations;
  std::vector<Deadline> deadlines;
  Range range;
};

// A flag (a human must decide) or an advisory (information), raised when its condition holds.
struct Raise {
  bool is_flag = false;
  Ident id;
  std::string text;
  Expr when;
  std::vector<Citation> citations;
  Range range;
};

struct RuleSet {
  Ident id;
  std::string title;
  Ident from, until;  // empty names when not given
  bool prospective = false;
  std::vector<Citation> citations;
  std::vector<Condition> conditions;
  std::vector<Outcome> outcomes;
  std::vector<Raise> raises;
  Range range;
};

struct NotInForce {
  std::string text;
  std::vector<Citation> citations;
  Range range;
};

struct Review {
  Ident id;
  std::string title;
  std::string decided_by;
  std::vector<Ident> dated_by;
  std::vector<Citation> citations;
  std::optional<NotInForce> not_in_force;
  std::vector<RuleSet> rule_sets;
  Range range;
};

// A cross-review advisory: raised when at least `at_least` reviews are met, or (at_least == 0)
// when no review is met.
struct TopAdvisory {
  Ident id;
  std::string text;
  Ident at_least;  // empty: the "no review met" form
  std::vector<Ident> among;  // empty: every review
  std::vector<Citation> citations;
  Range range;
};

struct Given {
  Ident path;
  Expr value;
  Range range;
};

struct Expectation {
  enum class Kind { kIs, kCouldBe, kNeeds, kAssumes, kFlags, kAdvises, kDeadline };
  Kind kind = Kind::kIs;
  bool only = false;  // kFlags, kAdvises: "only {...}", exactly these are raised
  Ident review;
  std::vector<Ident> items;  // kIs: the outcome; kDeadline: the deadline id then the date
  Range range;
};

struct UsingRuleSet {
  Ident review;
  Ident rule_set;
  Range range;
};

struct Example {
  Ident id;
  std::string title;
  Ident as_of;  // empty: not given
  std::vector<UsingRuleSet> using_rule_sets;
  std::vector<Given> given;
  std::vector<Expectation> expect;
  Range range;
};

struct Pack {
  Ident id;
  std::string title;
  std::string version;
  std::string calendar;
  std::vector<Ident> reviews;  // the reviews the pack declares it defines (empty: not declared)
  Range range;
};

// Everything one file declares, grouped by kind, each kind in source order.
struct File {
  std::string name;
  std::vector<Pack> packs;
  std::vector<Fact> facts;
  std::vector<Condition> conditions;
  std::vector<Review> reviews;
  std::vector<TopAdvisory> advisories;
  std::vector<Example> examples;
};

}  // namespace threshold::parse::ast

#endif  // THRESHOLD_PARSE_AST_H_
