// Evaluate: Program x Facts -> Screening. For each review: choose the rule set by date, find the
// possible outcomes exactly from the rule set's decision diagram (a straight walk while the facts
// met are known, a memoised search below the first unknown one), then on request the reasons
// clause by clause, the missing facts, deadlines, flags and advisories; then the cross-review
// advisories and the next question. Pure: no I/O, no logging, no shared state; all storage lives
// in the caller's Screening and is reused, so a batch loop does not allocate once warm.
// Stage: evaluate.
#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "compile/program.h"
#include "explain/counterfactual.h"
#include "explain/questions.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

using internal::DueNode;
using internal::ExprNode;
using internal::Program;

struct DueResult {
  std::optional<Date> date;
  bool outside_calendar = false;
};

DueResult EvaluateDue(const Program& program, const DueNode& node, const Facts& facts,
                      std::vector<std::string_view>& waits_on) {
  switch (node.kind) {
    case DueNode::Kind::kFact: {
      const FactValue& value = facts.values[node.fact];
      if (!value.known) {
        waits_on.push_back(program.model.facts[node.fact].path);
        return {};
      }
      return {Date::FromDays(static_cast<int32_t>(value.value))};
    }
    case DueNode::Kind::kDate:
      return {node.date};
    case DueNode::Kind::kAfter: {
      DueResult start = EvaluateDue(program, node.children[0], facts, waits_on);
      if (!start.date) return start;
      switch (node.unit) {
        case DueNode::Unit::kDays: return {start.date->AddDays(node.count)};
        case DueNode::Unit::kMonths: return {start.date->AddMonths(node.count)};
        case DueNode::Unit::kWorkingDays: {
          std::optional<Date> due = program.model.calendar.AddWorkingDays(*start.date, node.count);
          return {due, !due.has_value()};
        }
      }
      return {};
    }
    case DueNode::Kind::kElse: {
      // The alternatives are tried in order; only when none can be worked out does the deadline
      // wait on the facts they need.
      size_t mark = waits_on.size();
      DueResult last;
      for (const DueNode& child : node.children) {
        last = EvaluateDue(program, child, facts, waits_on);
        if (last.date) {
          waits_on.resize(mark);
          return last;
        }
      }
      return last;
    }
  }
  return {};
}

// Kleene's strong three-valued logic over a resolved expression, with conditions memoised per case.
// Sound but not complete; used first because it settles most values cheaply, and where it answers
// true or false that answer is exact.
Truth Kleene(const internal::Model& model, int index, const int8_t* cells, int8_t* memo) {
  const ExprNode& node = model.nodes[index];
  switch (node.kind) {
    case ExprNode::Kind::kConst: return node.value ? Truth::kTrue : Truth::kFalse;
    case ExprNode::Kind::kAtom: {
      int cell = cells[2 * node.fact];
      if (cell < 0) return Truth::kUnknown;
      return (node.mask >> cell) & 1 ? Truth::kTrue : Truth::kFalse;
    }
    case ExprNode::Kind::kKnown: return cells[2 * node.fact + 1] == 1 ? Truth::kTrue : Truth::kFalse;
    case ExprNode::Kind::kNot: {
      Truth inner = Kleene(model, node.children[0], cells, memo);
      return inner == Truth::kUnknown ? inner : (inner == Truth::kTrue ? Truth::kFalse : Truth::kTrue);
    }
    case ExprNode::Kind::kAnd:
    case ExprNode::Kind::kOr: {
      // "and": any false decides; "or": any true decides; otherwise unknown beats the identity.
      Truth decisive = node.kind == ExprNode::Kind::kAnd ? Truth::kFalse : Truth::kTrue;
      Truth result = node.kind == ExprNode::Kind::kAnd ? Truth::kTrue : Truth::kFalse;
      for (int child : node.children) {
        Truth value = Kleene(model, child, cells, memo);
        if (value == decisive) return decisive;
        if (value == Truth::kUnknown) result = Truth::kUnknown;
      }
      return result;
    }
    case ExprNode::Kind::kReview: return Truth::kUnknown;  // the diagram decides it exactly
    case ExprNode::Kind::kCondition: {
      int8_t& slot = memo[node.condition];
      if (slot < 0) slot = static_cast<int8_t>(Kleene(model, model.conditions[node.condition].root, cells, memo));
      return static_cast<Truth>(slot);
    }
  }
  return Truth::kUnknown;
}

class Evaluator {
 public:
  Evaluator(const Program& program, const Facts& facts, const ScreenOptions& options, Screening& out)
      : program_(program), model_(program.model), facts_(facts), options_(options), out_(out),
        scratch_(out.scratch) {
    size_t count = model_.facts.size();
    scratch_.cells.resize(2 * count);
    int8_t* cells = scratch_.cells.data();
    const FactValue* values = facts.values.data();
    bool prepared = facts.prepared_for == &program;
    for (size_t f = 0; f < count; ++f) {
      // A known fact fixes its value variable; an unknown fact leaves it free (any value is still
      // possible). known(x) describes the referral as given, so its variable is always fixed.
      const FactValue& value = values[f];
      int8_t cell = !value.known ? int8_t{-1}
                    : prepared   ? value.cell
                                 : static_cast<int8_t>(model_.facts[f].CellOf(value.value));
      cells[2 * f] = cell;
      cells[2 * f + 1] = value.known ? 1 : 0;
    }
    if (options.reasons || options.flags || options.relevance) scratch_.conditions.assign(model_.conditions.size(), -1);
    if (scratch_.masks.size() < program.max_diagram_nodes) {
      scratch_.masks.resize(program.max_diagram_nodes);
      scratch_.stamps.assign(program.max_diagram_nodes, 0);
      scratch_.stamp = 0;
    }
    words_ = (count + 63) / 64;
    if (options.relevance) scratch_.met.resize(2 * words_);  // free value variables met, then known(x) met
  }

  uint64_t Reach(const internal::Diagram& diagram, uint64_t* met = nullptr, uint64_t* met_known = nullptr) {
    if (++scratch_.stamp == 0) {  // the stamp wrapped: forget every old one
      std::fill(scratch_.stamps.begin(), scratch_.stamps.end(), 0);
      scratch_.stamp = 1;
    }
    return diagram.ReachableFrom(scratch_.cells.data(), scratch_.masks.data(), scratch_.stamps.data(),
                                 scratch_.stamp, met, met_known);
  }

  // The exact value of a condition: Kleene where it decides, the diagram where it cannot.
  Truth Exact(int root, const internal::Diagram& diagram) {
    Truth value = Kleene(model_, root, scratch_.cells.data(), scratch_.conditions.data());
    if (value != Truth::kUnknown) return value;
    uint64_t leaves = Reach(diagram);
    return leaves == 0b10 ? Truth::kTrue : leaves == 0b01 ? Truth::kFalse : Truth::kUnknown;
  }

  void Review(size_t r, ReviewResult& result) {
    const internal::ReviewDecl& review = model_.reviews[r];
    ResetReview(result);
    result.review = static_cast<int>(r);
    result.id = review.id;
    result.title = review.title;
    result.decision_maker = review.decided_by;
    int s = ChooseRuleSet(review, result);
    result.rule_set = s;
    if (s < 0) {
      result.outcome_id = "not_in_force";
      result.summary = review.not_in_force;
      result.citations = review.not_in_force_citations;
      result.possible_outcomes.push_back("not_in_force");
      for (const auto& set : review.rule_sets) {
        if (set.prospective || !set.from) continue;
        if (!result.commenced || *set.from < *result.commenced) result.commenced = set.from;
      }
      return;
    }
    const internal::RuleSetDecl& set = review.rule_sets[s];
    const internal::CompiledRuleSet& compiled = program_.reviews[r][s];
    result.rule_set_id = set.id;
    result.rule_set_title = set.title;
    result.in_force_from = set.from;
    result.in_force_until = set.until;

    uint64_t* met = nullptr;
    uint64_t* met_known = nullptr;
    if (options_.relevance) {
      std::fill(scratch_.met.begin(), scratch_.met.end(), 0);
      met = scratch_.met.data();
      met_known = met + words_;
    }
    uint64_t possible = Reach(compiled.outcomes, met, met_known);
    for (size_t k = 0; k < set.outcomes.size(); ++k) {
      if ((possible >> k) & 1) result.possible_outcomes.push_back(set.outcomes[k].id);
    }
    int decided = std::popcount(possible) == 1 ? std::countr_zero(possible) : -1;
    if (decided >= 0) {
      const internal::OutcomeDecl& outcome = set.outcomes[decided];
      result.outcome = decided;
      result.outcome_id = outcome.id;
      result.summary = outcome.summary;
      result.met = outcome.met;
      result.citations = outcome.citations;
      if (options_.reasons || options_.relevance) Deadlines(outcome, result);
    } else {
      result.citations = review.citations;
    }
    if (options_.reasons) Reasons(set, compiled, decided, result);
    if (options_.reasons || options_.flags) Raise(set, compiled, result);
    if (options_.relevance) {
      RuleSetDateAssumption(review, result);
      Relevance(compiled, possible, result);
    }
  }

  void CrossReview() {
    // Cross-review advisories count the reviews met for certain, and those that may yet be met,
    // among the reviews each names (all of them when it names none).
    if (options_.reasons || options_.flags) {
      for (const internal::TopAdvisoryDecl& advisory : model_.advisories) {
        int met_for_certain = 0, may_be_met = 0;
        for (const ReviewResult& result : out_.reviews) {
          if (result.rule_set < 0) continue;
          if (!advisory.among.empty() &&
              std::find(advisory.among.begin(), advisory.among.end(), result.review) ==
                  advisory.among.end()) {
            continue;
          }
          const auto& outcomes = model_.reviews[result.review].rule_sets[result.rule_set].outcomes;
          if (result.determined() && result.met) ++met_for_certain;
          for (const auto& outcome : outcomes) {
            if (outcome.met && std::find(result.possible_outcomes.begin(),
                                         result.possible_outcomes.end(),
                                         outcome.id) != result.possible_outcomes.end()) {
              ++may_be_met;
              break;
            }
          }
        }
        bool raised = advisory.at_least > 0 ? met_for_certain >= advisory.at_least : may_be_met == 0;
        if (raised) out_.advisories.push_back({advisory.id, advisory.text, advisory.citations});
      }
    }
    if (options_.relevance) {
      // The next question: the best-ranked missing fact (explain/questions.h), found without
      // building the ranked list.
      internal::QuestionScore best;
      for (size_t f = 0; f < model_.facts.size(); ++f) {
        internal::QuestionScore score{static_cast<int>(f), 0, 0};
        for (const ReviewResult& result : out_.reviews) {
          for (const MissingFact& missing : result.missing) {
            if (missing.fact.data() == model_.facts[f].path.data()) {
              ++score.reviews;
              score.decisive += missing.decisiveness;
            }
          }
        }
        if (score.reviews > 0 && (best.fact < 0 || internal::AskBefore(model_, score, best))) best = score;
      }
      bool assumed = false;
      if (best.fact < 0) {
        // No fact is missing: ask about an assumption that could change a review, if any.
        assumed = true;
        for (size_t f = 0; f < model_.facts.size(); ++f) {
          internal::QuestionScore score{static_cast<int>(f), 0, 0};
          for (const ReviewResult& result : out_.reviews) {
            for (const AssumptionResult& assumption : result.assumptions) {
              if (assumption.could_change && assumption.ask.data() == model_.facts[f].path.data()) {
                ++score.reviews;
                break;
              }
            }
          }
          if (score.reviews > 0 && (best.fact < 0 || internal::AskBefore(model_, score, best))) best = score;
        }
      }
      if (best.fact >= 0) {
        const internal::FactDecl& fact = model_.facts[best.fact];
        out_.next_question = NextQuestion{fact.path, assumed, fact.question, internal::FactTypeName(fact.type),
                                          fact.help, best.reviews};
      }
    }
  }

 private:
  static void ResetReview(ReviewResult& result) {
    // Field by field, so the vectors keep their capacity.
    result.rule_set = -1;
    result.rule_set_id = result.rule_set_title = {};
    result.in_force_from = result.in_force_until = std::nullopt;
    result.chosen_by = RuleSetChoice::kByDate;
    result.dated_by = {};
    result.commenced = std::nullopt;
    result.outcome = -1;
    result.outcome_id = result.summary = {};
    result.met = false;
    result.citations = {};
    result.possible_outcomes.clear();
    result.reasons.clear();
    result.missing.clear();
    result.assumptions.clear();
    result.deadlines.clear();
    result.waits_on_storage.clear();
    result.flags.clear();
    result.advisories.clear();
    result.why_not.clear();
    result.changes_storage.clear();
    result.open_storage.clear();
  }

  int ChooseRuleSet(const internal::ReviewDecl& review, ReviewResult& out) {
    if (!options_.rule_sets.empty()) {
      auto forced = options_.rule_sets.find(review.id);
      if (forced != options_.rule_sets.end()) {
        for (size_t s = 0; s < review.rule_sets.size(); ++s) {
          if (review.rule_sets[s].id == forced->second) {
            out.chosen_by = RuleSetChoice::kExplicit;
            out.rule_date = out_.as_of;
            return static_cast<int>(s);
          }
        }
        out_.error = "review '" + review.id + "' has no rule set '" + forced->second + "'";
      }
    }
    out.chosen_by = RuleSetChoice::kByAsOf;
    out.rule_date = out_.as_of;
    for (int fact : review.dated_by) {
      if (facts_.values[fact].known) {
        out.chosen_by = RuleSetChoice::kByDate;
        out.dated_by = model_.facts[fact].path;
        out.rule_date = Date::FromDays(static_cast<int32_t>(facts_.values[fact].value));
        break;
      }
    }
    for (size_t s = 0; s < review.rule_sets.size(); ++s) {
      const internal::RuleSetDecl& set = review.rule_sets[s];
      if (set.prospective || !set.from) continue;
      if (*set.from <= out.rule_date && (!set.until || out.rule_date <= *set.until)) return static_cast<int>(s);
    }
    return -1;
  }

  void Deadlines(const internal::OutcomeDecl& outcome, ReviewResult& result) {
    // The facts each deadline waits on go into one flat list; the spans are set once it is complete,
    // since appending may move it.
    size_t marks[16];
    size_t n = std::min<size_t>(outcome.deadlines.size(), 16);
    for (size_t i = 0; i < n; ++i) {
      const internal::DeadlineDecl& deadline = outcome.deadlines[i];
      DeadlineResult due;
      due.id = deadline.id;
      due.text = deadline.text;
      due.citations = deadline.citations;
      size_t mark = result.waits_on_storage.size();
      DueResult value = EvaluateDue(program_, deadline.due, facts_, result.waits_on_storage);
      due.due = value.date;
      due.outside_calendar = value.outside_calendar;
      if (due.due) result.waits_on_storage.resize(mark);
      marks[i] = mark;
      result.deadlines.push_back(due);
    }
    for (size_t i = 0; i < n; ++i) {
      size_t end = i + 1 < n ? marks[i + 1] : result.waits_on_storage.size();
      result.deadlines[i].waits_on = std::span<const std::string_view>(result.waits_on_storage).subspan(marks[i], end - marks[i]);
    }
  }

  void Reasons(const internal::RuleSetDecl& set, const internal::CompiledRuleSet& compiled, int decided,
               ReviewResult& result) {
    // The conditions named by each outcome tried, up to the one reached (all of them while
    // undetermined), each with its exact value.
    size_t last = decided >= 0 ? static_cast<size_t>(decided) : set.outcomes.size() - 1;
    for (const auto& [c, depth] : compiled.reasons[last]) {
      const internal::ConditionDecl& condition = model_.conditions[c];
      result.reasons.push_back({condition.id, depth, Exact(condition.root, program_.conditions[c]), condition.text,
                                condition.citations});
    }
  }

  // Flags and advisories: raised when their condition is certainly true.
  void Raise(const internal::RuleSetDecl& set, const internal::CompiledRuleSet& compiled, ReviewResult& result) {
    for (size_t i = 0; i < set.flags.size(); ++i) {
      if (Exact(set.flags[i].root, compiled.flags[i]) == Truth::kTrue) {
        result.flags.push_back({set.flags[i].id, set.flags[i].text, set.flags[i].citations});
      }
    }
    for (size_t i = 0; i < set.advisories.size(); ++i) {
      if (Exact(set.advisories[i].root, compiled.advisories[i]) == Truth::kTrue) {
        result.advisories.push_back({set.advisories[i].id, set.advisories[i].text, set.advisories[i].citations});
      }
    }
  }

  bool Met(const uint64_t* bits, int f) const { return (bits[f / 64] >> (f % 64)) & 1; }

  // Whether giving fact f (unknown) a value could change the possible outcomes; `decisiveness`, if
  // given, counts the values that would settle the outcome on their own.
  bool CouldChange(const internal::Diagram& outcomes, int f, uint64_t possible, int* decisiveness) {
    std::vector<int8_t>& cells = scratch_.cells;
    const int8_t value = cells[2 * f], given = cells[2 * f + 1];
    bool changes = false;
    cells[2 * f + 1] = 1;
    for (int c = 0; c < model_.facts[f].CellCount(); ++c) {
      cells[2 * f] = static_cast<int8_t>(c);
      uint64_t narrowed = Reach(outcomes);
      if (narrowed != possible) changes = true;
      if (decisiveness && std::popcount(narrowed) == 1) ++*decisiveness;
    }
    cells[2 * f] = value;
    cells[2 * f + 1] = given;
    return changes;
  }

  // The first of fact f's assumptions that applies on some completion of the unknown facts, or -1;
  // `certain`: it applies on every one.
  int ApplicableAssumption(int f, bool* certain) {
    const internal::FactDecl& fact = model_.facts[f];
    for (size_t k = 0; k < fact.assumptions.size(); ++k) {
      const internal::AssumptionDecl& assumption = fact.assumptions[k];
      Truth applies = assumption.when < 0 ? Truth::kTrue : Exact(assumption.when, program_.assumption_applies[f][k]);
      if (applies == Truth::kFalse) continue;
      *certain = applies == Truth::kTrue;
      return static_cast<int>(k);
    }
    return -1;
  }

  // The screening date chose the rule set: say so, as an assumption about the case's date.
  void RuleSetDateAssumption(const internal::ReviewDecl& review, ReviewResult& result) {
    if (result.chosen_by != RuleSetChoice::kByAsOf || review.dated_by.empty()) return;
    AssumptionResult assumption;
    assumption.kind = AssumptionResult::Kind::kRuleSetDate;
    assumption.fact = model_.facts[review.dated_by.front()].path;
    assumption.ask = assumption.fact;
    assumption.date = result.rule_date;
    assumption.because =
        "no date of the case is known, so the screening date chooses which version of the law applies; "
        "the case's own date could choose another, or none in force";
    assumption.citations = review.citations;
    assumption.could_change = true;  // an earlier date always reaches another version, or none
    result.assumptions.push_back(assumption);
  }

  // Missing facts and assumptions. A fact is missing when it is unknown, no assumption of it can
  // apply, the answer depends on it (the search met it free) and giving it some value, the other
  // unknowns left free, changes the possible outcomes. An assumed fact is never missing: where
  // the answer read it (the search asked whether it is given), it is listed among the assumptions
  // with whether another value could change the possible outcomes. So a determined review lists
  // no missing fact (docs/semantics.md).
  // Whether every age the record carries forward from the age `source` (each the age given plus
  // the whole years to its date, so each may be one more), taken one more together, changes the
  // possible outcomes.
  bool CarriedAgesTogetherChange(const internal::CompiledRuleSet& compiled, uint64_t possible, int source) {
    std::vector<int8_t>& cells = scratch_.cells;
    // No allocation while screening (allocation_test): a pack carries a few ages from one source.
    std::array<std::pair<int, int8_t>, 16> saved;
    size_t count = 0;
    for (int g : compiled.outcomes.support) {
      if (count == saved.size()) break;
      const internal::FactDecl& other = model_.facts[g];
      const FactValue& value = facts_.values[g];
      if (!value.known || value.derived_from < 0 || value.derived_from != other.carry_age || other.carry_age != source) {
        continue;
      }
      if (value.value >= other.max) continue;
      saved[count++] = {g, cells[2 * g]};
      cells[2 * g] = static_cast<int8_t>(other.CellOf(value.value + 1));
    }
    bool changes = count > 1 && Reach(compiled.outcomes) != possible;
    for (size_t i = 0; i < count; ++i) cells[2 * saved[i].first] = saved[i].second;
    return changes;
  }

  void Relevance(const internal::CompiledRuleSet& compiled, uint64_t possible, ReviewResult& result) {
    const uint64_t* met = scratch_.met.data();
    const uint64_t* met_known = met + words_;
    std::vector<int8_t>& cells = scratch_.cells;
    for (int f : compiled.outcomes.support) {
      const internal::FactDecl& fact = model_.facts[f];
      const FactValue& value = facts_.values[f];
      if (value.known) {
        // An age that stands in for the one the fact is about, reported with whether one of the
        // other cells it may really be in (first to last) could change the possible outcomes.
        auto report_age = [&](AssumptionResult::Kind kind, std::string_view ask, const char* because, int first,
                              int last) {
          AssumptionResult assumption;
          assumption.kind = kind;
          assumption.fact = fact.path;
          assumption.ask = ask;
          assumption.value_of = model_.facts[value.derived_from].path;
          assumption.number = value.value;
          assumption.because = because;
          assumption.citations = fact.citations;
          const int8_t current = cells[2 * f];
          for (int c = first; c <= last && !assumption.could_change; ++c) {
            if (c == current) continue;
            cells[2 * f] = static_cast<int8_t>(c);
            assumption.could_change = Reach(compiled.outcomes) != possible;
          }
          cells[2 * f] = current;
          result.assumptions.push_back(assumption);
        };
        // An age worked out on a later date than the one it is about (the incident's): the age
        // then was this or lower.
        if (value.derived_from >= 0 && !fact.derive_on.empty() && value.derived_from != fact.derive_on.front() &&
            fact.derive_from >= 0 && value.derived_from != fact.carry_age) {
          report_age(AssumptionResult::Kind::kDerivedAge, model_.facts[fact.derive_on.front()].path,
                     "the date the age is about is not given, so the age is worked out from the date of birth on a "
                     "later date; the age then may have been lower",
                     0, cells[2 * f] - 1);
        }
        // An age carried forward from another date: the age then was this or one more.
        if (value.derived_from >= 0 && value.derived_from == fact.carry_age) {
          const int next = value.value < fact.max ? fact.CellOf(value.value + 1) : cells[2 * f];
          report_age(AssumptionResult::Kind::kCarriedAge,
                     fact.derive_from >= 0 ? model_.facts[fact.derive_from].path : fact.path,
                     "the date of birth is not given, so the age is the age given for another date with the whole "
                     "years since added; it is one more if a birthday fell in between",
                     next, next);
          // A birthday soon after the incident makes every age carried from it one more at once
          // (the age at death and at awareness together): a test that needs both is changed only
          // by both, which one at a time would miss.
          if (!result.assumptions.back().could_change) {
            result.assumptions.back().could_change = CarriedAgesTogetherChange(compiled, possible, fact.carry_age);
          }
        }
        continue;
      }
      bool certain = false;
      int clause = ApplicableAssumption(f, &certain);
      if (clause >= 0) {
        if (!Met(met_known, f) && !Met(met, f)) continue;  // the answer never read it
        const internal::AssumptionDecl& declared = fact.assumptions[clause];
        AssumptionResult assumption;
        assumption.kind = AssumptionResult::Kind::kDeclared;
        assumption.fact = fact.path;
        assumption.ask = fact.path;
        if (declared.fact >= 0) {
          assumption.value_of = model_.facts[declared.fact].path;
        } else {
          assumption.value = program_.cell_text[f][declared.cell];
        }
        assumption.when = declared.when_text;
        assumption.conditional = !certain;
        assumption.because = declared.because;
        assumption.citations = declared.citations;
        assumption.could_change = CouldChange(compiled.outcomes, f, possible, nullptr);
        result.assumptions.push_back(assumption);
        continue;
      }
      if (!Met(met, f)) continue;
      int decisiveness = 0;
      if (CouldChange(compiled.outcomes, f, possible, &decisiveness)) {
        result.missing.push_back({fact.path, decisiveness});
      }
    }
    // Most decisive first, then least sensitive, otherwise as declared. An insertion sort: the
    // list is short, and std::stable_sort would allocate a buffer.
    auto before = [&](const MissingFact& a, const MissingFact& b) {
      if (a.decisiveness != b.decisiveness) return a.decisiveness > b.decisiveness;
      return SensitivityOf(a.fact) < SensitivityOf(b.fact);
    };
    for (size_t i = 1; i < result.missing.size(); ++i) {
      for (size_t j = i; j > 0 && before(result.missing[j], result.missing[j - 1]); --j) {
        std::swap(result.missing[j], result.missing[j - 1]);
      }
    }
  }

  int SensitivityOf(std::string_view path) const {
    auto it = program_.fact_by_path.find(path);
    return it == program_.fact_by_path.end() ? 0 : static_cast<int>(model_.facts[it->second].sensitivity);
  }

  const Program& program_;
  const internal::Model& model_;
  const Facts& facts_;
  const ScreenOptions& options_;
  Screening& out_;
  Screening::Scratch& scratch_;
  size_t words_ = 0;  // 64-bit words per fact bit set
};

}  // namespace

std::string_view TruthName(Truth truth) {
  switch (truth) {
    case Truth::kTrue: return "true";
    case Truth::kFalse: return "false";
    case Truth::kUnknown: return "unknown";
  }
  return "unknown";
}

Screening Rules::Screen(const Facts& facts, const ScreenOptions& options) const {
  Screening out;
  Screen(facts, options, out);
  return out;
}

void Rules::Screen(const Facts& facts, const ScreenOptions& options, Screening& out) const {
  const Program& program = *program_;
  out.case_id = facts.case_id;
  out.as_of = options.as_of ? *options.as_of : TodayInEngland();
  out.advisories.clear();
  out.next_question.reset();
  out.error.clear();
  out.reviews.resize(program.model.reviews.size());
  Evaluator evaluator(program, facts, options, out);
  for (size_t r = 0; r < program.model.reviews.size(); ++r) evaluator.Review(r, out.reviews[r]);
  if (options.reasons && options.why_not) {
    for (ReviewResult& result : out.reviews) {
      internal::ComputeWhyNot(program, facts, out.scratch, result);
    }
  }
  evaluator.CrossReview();
}

}  // namespace threshold
