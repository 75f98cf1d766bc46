// Screening: the result of evaluating one case against every review route: the outcome (or the
// outcomes still possible), the reasons clause by clause with citations, the facts still missing,
// deadlines, flags and advisories. Strings are views into the compiled rules, which must outlive
// the Screening. ToJson renders the result contract (docs/result.md); ToText a screening note.
#ifndef THRESHOLD_SCREENING_H_
#define THRESHOLD_SCREENING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "threshold/date.h"

namespace threshold {

// Kleene's strong three-valued logic.
enum class Truth : uint8_t {
  kFalse,
  kTrue,
  kUnknown,  // depends on facts not yet known
};

struct Citation {
  std::string evidence;  // statute, regulation, guidance or practice
  std::string instrument;
  std::string provision;
  std::string note;  // e.g. "paragraph number unconfirmed"; may be empty
};

struct Reason {
  std::string_view condition;
  int depth = 0;  // 0 for a condition an outcome names; 1 for a condition that one names; ...
  Truth value = Truth::kUnknown;
  std::string_view text;
  std::span<const Citation> citations;
};

struct Raised {  // a flag or an advisory
  std::string_view id;
  std::string_view text;
  std::span<const Citation> citations;
};

struct DeadlineResult {
  std::string_view id;
  std::string_view text;
  std::optional<Date> due;              // absent when it cannot be worked out yet
  std::span<const std::string_view> waits_on;  // the unknown date facts it needs
  bool outside_calendar = false;        // a working day fell outside the calendar's years
  std::span<const Citation> citations;
};

struct MissingFact {
  std::string_view fact;  // the fact's path, e.g. "concern_agencies_worked_together"
  int decisiveness = 0;   // how many of its values settle the outcome on their own
};

// One fact a counterfactual needs: changed (it was given with another value) or added (it was not
// given), and the clause of the test it satisfies. A counterfactual never removes a fact the
// referral gives.
struct FactChange {
  std::string_view fact;
  bool changed = false;         // true: the case gives another value; false: not given yet
  std::string_view value;       // the value it would need, in words: the widest range of values that
                                // still gives the outcome ("under 18", not "under 16"), or an option
                                // (values_mask says which other options would do as well)
  std::string_view clause;      // the text of the condition whose test the change decides
  Truth clause_value = Truth::kUnknown;  // what that condition becomes with the changes (kFalse: the
                                         // change makes the statement untrue)
  std::string_view given;       // for a changed fact: its value now, as the range of values it falls in
  std::span<const Citation> citations;
  uint64_t values_mask = 0;     // every value that gives the outcome (with the other changes), as
                                // cells of the fact's partition: the range of `value`, or the options
};

// What would reach an outcome the case does not reach for certain: a minimal set of fact changes
// and additions that guarantees it; or, where a changed fact is stated at the rule's own threshold
// ("18 or over") and the outcome there is possible but not yet certain, that makes it possible,
// with the facts it would then turn on (`open`).
struct Counterfactual {
  std::string_view outcome;
  bool possible = false;  // already possible with the facts given (only additions needed)
  std::span<const FactChange> changes;
  // Where a changed fact's range is stated at the rule's threshold and the outcome is then possible
  // but not yet certain: the unknown facts it would then still turn on.
  std::span<const std::string_view> open;
};

// A value the result rests on that the referral does not give: a default the rules declare at a
// fact (`assume`), the screening date standing in for the case's dates when choosing the rule set,
// or an age worked out on a later date than the incident's. Reported, never hidden
// (docs/semantics.md, "Assumptions").
struct AssumptionResult {
  enum class Kind : uint8_t {
    kDeclared,     // an `assume` clause of the fact
    kRuleSetDate,  // no date of the case is known: the screening date chose the rule set
    kDerivedAge,   // an age worked out on a later date than the one it is about (`derive ... else`)
    kCarriedAge,   // an age carried forward from another date by the whole years between (`else from`)
  };
  Kind kind = Kind::kDeclared;
  std::string_view fact;       // the fact assumed, e.g. "subject.unborn"
  std::string_view value;      // the value in words ("no", "In the local authority's area (in_area)");
                               // empty when it is another fact's (value_of) or a number/date below
  std::string_view value_of;   // the fact whose value is taken, e.g. "aware_date"; may be empty
  std::optional<int64_t> number;  // kDerivedAge, kCarriedAge: the age
  std::optional<Date> date;       // kRuleSetDate: the date that chose the rule set
  std::string_view when;       // the condition it applies under, as written; empty: always
  bool conditional = false;    // applies on some completions of the unknown facts only (its condition is
                               // not yet known)
  std::string_view because;    // why the law or settled practice gives this default
  std::span<const Citation> citations;
  bool could_change = false;   // giving the fact another value could change the possible outcomes
  std::string_view ask;        // the fact whose answer would replace the assumption (usually `fact`)
};

enum class RuleSetChoice : uint8_t {
  kByDate,    // chosen by the first known date fact the review is dated by
  kByAsOf,    // no such date was known: chosen by the screening's as-of date
  kExplicit,  // named by the caller (ScreenOptions::rule_sets)
};

struct ReviewResult {
  int review = -1;                       // index of the review in the rules
  std::string_view id, title, decision_maker;
  int rule_set = -1;                     // -1: not in force on the date
  std::string_view rule_set_id, rule_set_title;
  std::optional<Date> in_force_from, in_force_until;
  RuleSetChoice chosen_by = RuleSetChoice::kByDate;
  std::string_view dated_by;             // the date fact that chose the rule set, if any
  Date rule_date;                        // the date the rule set was chosen by
  std::optional<Date> commenced;         // for not_in_force: the date the review commenced

  int outcome = -1;                      // index into the rule set's outcomes; -1 if undetermined
  std::string_view outcome_id, summary;  // empty when undetermined
  bool met = false;                      // the determined outcome counts as met
  std::span<const Citation> citations;   // the outcome's (or the review's when undetermined)
  std::vector<std::string_view> possible_outcomes;
  std::vector<Reason> reasons;
  std::vector<MissingFact> missing;      // most decisive first; never assumed facts
  std::vector<AssumptionResult> assumptions;  // what the answer rests on that the referral does not give
  std::vector<DeadlineResult> deadlines;
  std::vector<Raised> flags;
  std::vector<Raised> advisories;
  std::vector<Counterfactual> why_not;   // every outcome but the determined one

  // Storage the spans above point into, kept so that screening reuses it.
  std::vector<std::string_view> waits_on_storage;
  std::vector<FactChange> changes_storage;
  std::vector<std::string_view> open_storage;

  bool determined() const { return possible_outcomes.size() == 1; }
};

struct NextQuestion {
  std::string_view fact;
  bool assumed = false;    // no fact is missing: this one is assumed, and another answer could change a review
  std::string_view question;
  std::string_view type;   // boolean, integer, date, text or enum
  std::string_view help;
  int reviews = 0;         // how many reviews it can change
};

// A question for the referrer, ranked across every review (RankQuestions).
struct Question {
  std::string_view fact;
  std::string_view question;
  std::string_view type;   // boolean, integer, date, text or enum
  std::string_view help;
  std::vector<std::string_view> reviews;  // the reviews whose outcome it can change
  std::string why;         // e.g. "decides whether the Safeguarding Adults Review is mandatory or discretionary"
  bool assumed = false;    // the screening assumes an answer (ranked after every missing fact)
};

struct ScreenOptions {
  std::optional<Date> as_of;                       // default: today's date
  std::map<std::string, std::string> rule_sets;    // review id -> rule set id, to force a choice
  bool reasons = true;                             // compute the reasons, clause by clause
  bool flags = true;                               // compute flags and advisories (also without reasons)
  bool relevance = true;                           // compute missing facts and the next question
  bool why_not = true;                             // compute counterfactuals (needs reasons)
};

struct Screening {
  std::optional<std::string> case_id;
  Date as_of;
  std::vector<ReviewResult> reviews;     // in declaration order
  std::vector<Raised> advisories;        // cross-review advisories
  std::optional<NextQuestion> next_question;
  std::string error;                     // non-empty if options were invalid (e.g. unknown rule set)

  // Working storage reused by Rules::Screen across calls, so a batch loop does not allocate;
  // not part of the result.
  struct Scratch {
    std::vector<int8_t> cells;       // per diagram variable: the cell, or -1 when free
    std::vector<int8_t> conditions;  // per condition: memoised Kleene value, or -1
    std::vector<uint64_t> masks;     // per diagram node: memoised reachable leaves
    std::vector<uint32_t> stamps;    // per diagram node: which search the memo belongs to
    std::vector<uint64_t> met;       // per fact: met unknown during a search (bits)
    std::vector<int> costs;          // counterfactual path costs
    std::vector<int8_t> trial;       // counterfactual: the cells with a set of changes applied
    std::vector<int8_t> why_not_cells;  // counterfactual: the cells, facts worked out from others coupled
    std::vector<int8_t> blocked;     // counterfactual: per fact, 1 when it cannot be added
    std::vector<uint64_t> blocked_cells;  // counterfactual: per fact, the values it cannot be added with
    uint32_t stamp = 0;
  } scratch;
};

class Rules;

// The version of the result contract (docs/result.md) that WriteJson and ToJson produce. Version 2
// added `assumptions` and `result_version`, and narrowed `missing` to facts that carry no
// assumption; every version 1 field is still there with the same name and shape.
inline constexpr int kResultVersion = 2;

// The result contract as JSON text, appended to `out` (no trailing newline). The one
// definition of the format; fast enough for batch output.
void WriteJson(const Screening& screening, const Rules& rules, std::string& out);
// Outcomes only, appended to `out`: {"case_id": ..., "reviews": {"sar": "mandatory", "dhr": null, ...}}.
void WriteOutcomesJson(const Screening& screening, std::string& out);
// The result contract as JSON.
nlohmann::json ToJson(const Screening& screening, const Rules& rules);
// Outcomes only: {"case_id": ..., "reviews": {"sar": "mandatory", "dhr": null, ...}}.
nlohmann::json ToOutcomesJson(const Screening& screening);
struct Facts;

// What a screening note shows (docs/cli.md, "The screening note").
struct TextOptions {
  enum class Detail : uint8_t {
    kSummary,  // the decision first; the clauses and what each possible outcome needs for live reviews
    kFull,     // every review's clauses, every counterfactual, every citation with its note
  };
  Detail detail = Detail::kSummary;
  int width = 100;               // wrap lines at this many columns
  const Facts* facts = nullptr;         // the case screened: lets the note quote a given value
                                        // ("subject.age is 84"); without it, the range it falls in
};

// A readable screening note. The summary leads with the decision: per review one sentence with its
// deadlines (or, undetermined, the outcomes still possible and the facts they turn on), then what a
// person must decide, what was assumed, the advice, and for live reviews the test clause by clause;
// a review that cannot apply gets one line that says why.
std::string ToText(const Screening& screening, const Rules& rules, const TextOptions& options = {});

// The missing facts of every review as one ranked list of questions: first the facts that can
// change the most reviews, then the less sensitive, then the more decisive, then declaration order.
// The first is Screening::next_question.
std::vector<Question> RankQuestions(const Screening& screening, const Rules& rules);

std::string_view TruthName(Truth truth);  // "true", "false", "unknown"

}  // namespace threshold

#endif  // THRESHOLD_SCREENING_H_
