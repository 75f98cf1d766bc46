// Evaluate: Program x Facts -> Screening. For each review, chooses the rule set by date, finds
// the possible outcomes exactly by walking the rule set's decision diagram, and (on request)
// the reasons clause by clause, the missing facts, deadlines, flags and advisories; then the
// cross-review advisories and the next question. Pure: no I/O, no logging, no shared state.
// Stage: evaluate.
#include <algorithm>
#include <bit>
#include <chrono>

#include "compile/program.h"
#include "explain/counterfactual.h"
#include "explain/questions.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

using internal::DueNode;
using internal::Program;

Date Today() {
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDays(static_cast<int32_t>(now.time_since_epoch().count()));
}

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
      std::vector<std::string_view> waiting;
      DueResult last;
      for (const DueNode& child : node.children) {
        last = EvaluateDue(program, child, facts, waiting);
        if (last.date) return last;
      }
      waits_on.insert(waits_on.end(), waiting.begin(), waiting.end());
      return last;
    }
  }
  return {};
}

Truth TruthOf(uint64_t leaves) {
  if (leaves == 0b10) return Truth::kTrue;
  if (leaves == 0b01) return Truth::kFalse;
  return Truth::kUnknown;
}

// Chooses the rule set for a review; returns -1 when none is in force on the date.
int ChooseRuleSet(const internal::ReviewDecl& review, const Facts& facts, const ScreenOptions& options,
                  Date as_of, const Program& program, ReviewResult& out, std::string& error) {
  auto forced = options.rule_sets.find(review.id);
  if (forced != options.rule_sets.end()) {
    for (size_t s = 0; s < review.rule_sets.size(); ++s) {
      if (review.rule_sets[s].id == forced->second) {
        out.chosen_by = RuleSetChoice::kExplicit;
        out.rule_date = as_of;
        return static_cast<int>(s);
      }
    }
    error = "review '" + review.id + "' has no rule set '" + forced->second + "'";
  }
  out.chosen_by = RuleSetChoice::kByAsOf;
  out.rule_date = as_of;
  for (int fact : review.dated_by) {
    if (facts.values[fact].known) {
      out.chosen_by = RuleSetChoice::kByDate;
      out.dated_by = program.model.facts[fact].path;
      out.rule_date = Date::FromDays(static_cast<int32_t>(facts.values[fact].value));
      break;
    }
  }
  for (size_t s = 0; s < review.rule_sets.size(); ++s) {
    const internal::RuleSetDecl& set = review.rule_sets[s];
    if (set.prospective || !set.from) continue;
    if (*set.from <= out.rule_date && (!set.until || out.rule_date <= *set.until)) {
      return static_cast<int>(s);
    }
  }
  return -1;
}

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
  const internal::Model& model = program.model;
  out.case_id = facts.case_id;
  out.as_of = options.as_of ? *options.as_of : Today();
  out.advisories.clear();
  out.next_question.reset();
  out.error.clear();
  out.reviews.resize(model.reviews.size());

  // Cells: a known fact fixes its value variable; an unknown fact leaves it free (any value is
  // still possible). known(x) describes the referral as given, so its variable is always fixed.
  std::vector<int8_t>& cells = out.scratch_cells;
  cells.assign(2 * model.facts.size(), -1);
  for (size_t f = 0; f < model.facts.size(); ++f) {
    if (facts.values[f].known) {
      cells[2 * f] = static_cast<int8_t>(model.facts[f].CellOf(facts.values[f].value));
      cells[2 * f + 1] = 1;
    } else {
      cells[2 * f + 1] = 0;
    }
  }
  out.scratch_masks.resize(program.max_diagram_nodes + 1);
  uint64_t* scratch = out.scratch_masks.data();

  for (size_t r = 0; r < model.reviews.size(); ++r) {
    const internal::ReviewDecl& review = model.reviews[r];
    ReviewResult& result = out.reviews[r];
    result = ReviewResult{};
    result.review = static_cast<int>(r);
    result.id = review.id;
    result.title = review.title;
    result.decision_maker = review.decided_by;
    int s = ChooseRuleSet(review, facts, options, out.as_of, program, result, out.error);
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
      continue;
    }
    const internal::RuleSetDecl& set = review.rule_sets[s];
    const internal::CompiledRuleSet& compiled = program.reviews[r][s];
    result.rule_set_id = set.id;
    result.rule_set_title = set.title;
    result.in_force_from = set.from;
    result.in_force_until = set.until;

    uint64_t possible = compiled.outcomes.Reachable(cells.data(), scratch);
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
      for (const internal::DeadlineDecl& deadline : outcome.deadlines) {
        DeadlineResult due;
        due.id = deadline.id;
        due.text = deadline.text;
        due.citations = deadline.citations;
        DueResult value = EvaluateDue(program, deadline.due, facts, due.waits_on);
        due.due = value.date;
        due.outside_calendar = value.outside_calendar;
        if (due.due) due.waits_on.clear();
        result.deadlines.push_back(std::move(due));
      }
    } else {
      result.citations = review.citations;
    }

    if (options.reasons) {
      // Reasons: the conditions named by each outcome tried, up to the one reached, depth first
      // through the conditions they name; each with its exact value.
      size_t last = decided >= 0 ? static_cast<size_t>(decided) : set.outcomes.size() - 1;
      std::vector<std::pair<int, int>> order;  // condition, depth
      auto visit = [&](auto&& self, int c, int depth) -> void {
        for (const auto& seen : order) {
          if (seen.first == c) return;
        }
        order.push_back({c, depth});
        for (int sub : model.conditions[c].references) self(self, sub, depth + 1);
      };
      for (size_t k = 0; k <= last; ++k) {
        for (int c : set.outcomes[k].conditions) visit(visit, c, 0);
      }
      for (const auto& [c, depth] : order) {
        const internal::ConditionDecl& condition = model.conditions[c];
        Reason reason{condition.id, depth, TruthOf(program.conditions[c].Reachable(cells.data(), scratch)),
                      condition.text, condition.citations};
        result.reasons.push_back(reason);
      }
      for (size_t i = 0; i < set.flags.size(); ++i) {
        if (compiled.flags[i].Reachable(cells.data(), scratch) == 0b10) {
          result.flags.push_back({set.flags[i].id, set.flags[i].text, set.flags[i].citations});
        }
      }
      for (size_t i = 0; i < set.advisories.size(); ++i) {
        if (compiled.advisories[i].Reachable(cells.data(), scratch) == 0b10) {
          result.advisories.push_back({set.advisories[i].id, set.advisories[i].text, set.advisories[i].citations});
        }
      }
    }

    if (options.relevance) {
      // A fact is missing when giving it some value, the other unknowns left free, changes the
      // possible outcomes. A determined outcome can only change through known(x), so then only
      // the facts the rule set reads with known() need trying.
      const std::vector<int>& candidates =
          decided < 0 ? compiled.outcomes.support : compiled.outcomes.known_support;
      for (int f : candidates) {
        if (facts.values[f].known) continue;
        bool changes = false;
        int decisiveness = 0;
        int count = model.facts[f].CellCount();
        cells[2 * f + 1] = 1;
        for (int c = 0; c < count; ++c) {
          cells[2 * f] = static_cast<int8_t>(c);
          uint64_t narrowed = compiled.outcomes.Reachable(cells.data(), scratch);
          if (narrowed != possible) changes = true;
          if (std::popcount(narrowed) == 1) ++decisiveness;
        }
        cells[2 * f] = -1;
        cells[2 * f + 1] = 0;
        if (changes) result.missing.push_back({model.facts[f].path, decisiveness});
      }
      std::stable_sort(result.missing.begin(), result.missing.end(),
                       [&](const MissingFact& a, const MissingFact& b) {
                         if (a.decisiveness != b.decisiveness) return a.decisiveness > b.decisiveness;
                         int sa = static_cast<int>(model.facts[model.FindFact(a.fact)].sensitivity);
                         int sb = static_cast<int>(model.facts[model.FindFact(b.fact)].sensitivity);
                         return sa < sb;
                       });
    }
  }

  if (options.reasons && options.why_not) {
    for (ReviewResult& result : out.reviews) internal::ComputeWhyNot(program, facts, cells.data(), result);
  }

  // Cross-review advisories count the reviews met for certain, and those that may yet be met.
  int met_for_certain = 0, may_be_met = 0;
  for (const ReviewResult& result : out.reviews) {
    if (result.rule_set < 0) continue;
    const auto& outcomes = model.reviews[result.review].rule_sets[result.rule_set].outcomes;
    if (result.determined() && result.met) ++met_for_certain;
    if (std::any_of(result.possible_outcomes.begin(), result.possible_outcomes.end(), [&](std::string_view id) {
          return std::any_of(outcomes.begin(), outcomes.end(), [&](const auto& o) { return o.id == id && o.met; });
        })) {
      ++may_be_met;
    }
  }
  if (options.reasons) {
    for (const internal::TopAdvisoryDecl& advisory : model.advisories) {
      bool raised = advisory.at_least > 0 ? met_for_certain >= advisory.at_least : may_be_met == 0;
      if (raised) out.advisories.push_back({advisory.id, advisory.text, advisory.citations});
    }
  }

  if (options.relevance) {
    std::vector<internal::QuestionScore> scores = internal::ScoreQuestions(model, out.reviews);
    auto best = std::min_element(scores.begin(), scores.end(), [&](const auto& a, const auto& b) {
      return internal::AskBefore(model, a, b);
    });
    if (best != scores.end()) {
      const internal::FactDecl& fact = model.facts[best->fact];
      out.next_question = NextQuestion{fact.path, fact.question, internal::FactTypeName(fact.type),
                                       fact.help, best->reviews};
    }
  }
}

}  // namespace threshold
