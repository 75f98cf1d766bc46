// Renders a Screening as a screening note a panel can read (the CLI's --format text, Python's
// explain()). The summary note leads with the decision: for each review first one sentence in
// words with its deadlines, or, undetermined, the outcomes still possible and the facts they turn
// on; then what a person must decide, what was assumed and the advice; a review that cannot apply
// gets one line that says why. The test clause by clause and what would lead to each other
// outcome follow for the reviews that are live; the full note (TextOptions::Detail::kFull) gives
// them for every review, with every citation and note. Stage: explain.
#include <algorithm>
#include <map>
#include <sstream>

#include "compile/program.h"
#include "threshold/rules.h"
#include "threshold/version.h"

namespace threshold {
namespace {

using internal::DueNode;
using internal::Model;

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

// "Wednesday 8 October 2025".
std::string LongDate(Date date) {
  return std::string(kWeekdays[date.Weekday()]) + " " + std::to_string(date.day()) + " " +
         kMonths[date.month() - 1] + " " + std::to_string(date.year());
}

// "8 October 2025".
std::string ShortDate(Date date) {
  return std::to_string(date.day()) + " " + kMonths[date.month() - 1] + " " + std::to_string(date.year());
}

std::string Sentence(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out.back() != '.') out += '.';
  return out;
}

// "Care Act 2014, s44(1)(a) [statute] (note)"; `notes`: include the note.
std::string CitationText(const Citation& citation, bool notes = true) {
  std::string out = citation.instrument + ", " + citation.provision + " [" + citation.evidence + "]";
  if (notes && !citation.note.empty()) out += " (" + citation.note + ")";
  return out;
}

std::string CitationsText(std::span<const Citation> citations, bool notes = true) {
  std::string out;
  for (const Citation& citation : citations) out += (out.empty() ? "" : "; ") + CitationText(citation, notes);
  return out;
}

// One citation, short: "Care Act 2014 s44(1)(a)", its provision cut after about 60 characters
// (a provision that quotes the text at length), marked [U] where its note says a source was not
// confirmed. The full note gives every citation whole, with its note.
std::string ShortCitation(const Citation& c) {
  std::string provision = c.provision;
  if (provision.size() > 64) {
    size_t cut = provision.rfind(' ', 60);
    provision = provision.substr(0, cut == std::string::npos ? 60 : cut) + "...";
  }
  std::string out = c.instrument + " " + provision;
  const std::string& note = c.note;
  if (note.find("unconfirmed") != std::string::npos || note.find("not seen") != std::string::npos ||
      note.find("seen only") != std::string::npos) {
    out += " [U]";
  }
  return out;
}

// The first citation, short.
std::string ShortCitation(std::span<const Citation> citations) {
  return citations.empty() ? std::string() : ShortCitation(citations.front());
}

// Every citation, short.
std::string ShortCitations(std::span<const Citation> citations) {
  std::string out;
  for (const Citation& citation : citations) out += (out.empty() ? "" : "; ") + ShortCitation(citation);
  return out;
}

// Appends `text` to `out`, wrapped at `width` columns; the first line starts with `first` (already
// counted as written by the caller when `first` is empty), the others with `indent`.
void Wrap(std::ostringstream& out, std::string_view first, std::string_view indent, std::string_view text,
          int width) {
  std::string line(first);
  size_t at = 0;
  bool line_has_word = false;
  while (at < text.size()) {
    size_t space = text.find(' ', at);
    std::string_view word = text.substr(at, space == std::string_view::npos ? std::string_view::npos : space - at);
    at = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (line_has_word && static_cast<int>(line.size() + 1 + word.size()) > width) {
      out << line << "\n";
      line = std::string(indent);
      line_has_word = false;
    }
    if (line_has_word) line += ' ';
    line += word;
    line_has_word = true;
  }
  out << line << "\n";
}

const char* Mark(Truth truth) {
  switch (truth) {
    case Truth::kTrue: return "met      ";
    case Truth::kFalse: return "not met  ";
    case Truth::kUnknown: return "not known";
  }
  return "";
}

// A due-date expression in words: "5 working days after aware_date".
std::string DueText(const Model& model, const DueNode& node) {
  switch (node.kind) {
    case DueNode::Kind::kFact: return model.facts[node.fact].path;
    case DueNode::Kind::kDate: return ShortDate(node.date);
    case DueNode::Kind::kAfter: {
      const char* unit = node.unit == DueNode::Unit::kWorkingDays ? " working day"
                         : node.unit == DueNode::Unit::kDays      ? " day"
                                                                  : " month";
      return std::to_string(node.count) + unit + (node.count == 1 ? "" : "s") + " after " +
             DueText(model, node.children[0]);
    }
    case DueNode::Kind::kElse: {
      std::string out;
      for (const DueNode& child : node.children) out += (out.empty() ? "" : ", or failing that ") + DueText(model, child);
      return out;
    }
  }
  return "";
}

class NoteWriter {
 public:
  NoteWriter(const Screening& screening, const Rules& rules, const TextOptions& options)
      : screening_(screening), program_(rules.program()), model_(program_.model), rules_(rules), options_(options),
        full_(options.detail == TextOptions::Detail::kFull), width_(std::max(40, options.width)) {}

  std::string Write() {
    out_ << "Screening note for case " << (screening_.case_id ? *screening_.case_id : std::string("(no case_id)"))
         << ", as of " << LongDate(screening_.as_of) << "\n";
    out_ << "Rules: " << rules_.name() << " " << rules_.version() << " (" << rules_.digest().substr(0, 19)
         << "...), engine " << THRESHOLD_VERSION << "\n";
    for (const ReviewResult& review : screening_.reviews) Review(review);
    if (!screening_.advisories.empty()) {
      out_ << "\nAcross the reviews:\n";
      for (const Raised& advisory : screening_.advisories) Item("  - ", advisory.text, advisory.citations);
    }
    if (screening_.next_question) {
      const NextQuestion& next = *screening_.next_question;
      out_ << "\n";
      Wrap(out_, next.assumed ? "Next question (to replace an assumption): " : "Next question: ", "  ",
           std::string(next.question) + " [" + std::string(next.fact) + "]", width_);
    }
    return out_.str();
  }

 private:
  // A line item: the text, then its citation (short in the summary, whole in the full note).
  void Item(std::string_view bullet, std::string_view text, std::span<const Citation> citations) {
    std::string line(text);
    if (!citations.empty()) line += " (" + (full_ ? CitationsText(citations) : ShortCitation(citations)) + ")";
    Wrap(out_, bullet, std::string(bullet.size(), ' '), line, width_);
  }

  // A review that cannot give another outcome by adding facts: determined, and not met.
  static bool Closed(const ReviewResult& review) {
    if (!review.determined() || review.met) return false;
    for (const AssumptionResult& assumption : review.assumptions) {
      if (assumption.could_change) return false;
    }
    return true;
  }

  void Review(const ReviewResult& review) {
    out_ << "\n" << review.title << " [" << review.id << ": "
         << (review.determined() ? std::string(review.outcome_id) : std::string("not yet determined")) << "]\n";
    if (review.rule_set < 0) {
      std::string line = "Not in force: " + Sentence(review.summary);
      if (review.commenced) line += " It commenced on " + ShortDate(*review.commenced) + ".";
      Wrap(out_, "  ", "  ", line, width_);
      RuleSetLine(review);
      if (full_ && !review.citations.empty()) Item("  Legal basis: ", "", review.citations);
      return;
    }
    if (review.determined()) {
      Decision(review);
    } else {
      Undecided(review);
    }
    bool live = !Closed(review);
    if (live || full_) {
      if (!review.citations.empty() && review.determined()) {
        Wrap(out_, "  Legal basis: ", "    ", full_ ? CitationsText(review.citations) : ShortCitations(review.citations),
             width_);
      }
      RuleSetLine(review);
    }
    Flags(review);
    Assumptions(review);
    if (live || full_) {
      Advice(review);
      Clauses(review);
      WhyNot(review);
    }
  }

  // The outcome in one sentence, with its deadlines; for a closed review, why in the law's terms.
  void Decision(const ReviewResult& review) {
    if (Closed(review) && !full_) {
      std::string line = Sentence(review.summary);
      std::string because = Blockers(review);
      if (!because.empty()) line += " " + because;
      Wrap(out_, "  ", "  ", line, width_);
      return;
    }
    std::string line = Sentence(review.summary);
    std::string assumed = OnAssumptions(review);
    if (!assumed.empty()) line += " " + assumed;
    Wrap(out_, "  ", "  ", line, width_);
    for (const DeadlineResult& deadline : review.deadlines) {
      std::string text = std::string(deadline.text);
      std::string how = DueWords(review, deadline.id);
      if (deadline.due) {
        Wrap(out_, "  By " + LongDate(*deadline.due) + ": ", "    ",
             text + (how.empty() ? "" : " (" + how + ")") +
                 (full_ ? "; " + CitationsText(deadline.citations) : " (" + ShortCitation(deadline.citations) + ")"),
             width_);
      } else if (deadline.outside_calendar) {
        Wrap(out_, "  Deadline: ", "    ",
             text + ": cannot be worked out, it falls outside the years the bank-holiday calendar covers", width_);
      } else {
        std::string facts;
        for (std::string_view fact : deadline.waits_on) facts += (facts.empty() ? "" : ", ") + std::string(fact);
        Wrap(out_, "  Deadline: ", "    ", text + (how.empty() ? "" : " (" + how + ")") + ": give " + facts, width_);
      }
    }
  }

  // "On the assumption that incident_date is aware_date (...)": where the outcome rests on an
  // assumption another answer could change.
  std::string OnAssumptions(const ReviewResult& review) const {
    std::string out;
    for (const AssumptionResult& assumption : review.assumptions) {
      if (!assumption.could_change) continue;
      out += (out.empty() ? "This rests on the assumption that " : "; and that ") + AssumedWords(assumption);
    }
    return out.empty() ? out : out + ": another answer could change it.";
  }

  std::string AssumedWords(const AssumptionResult& assumption) const {
    std::string value = !assumption.value.empty() ? std::string(assumption.value)
                        : assumption.number       ? std::to_string(*assumption.number)
                        : assumption.date         ? ShortDate(*assumption.date)
                                                  : "the same as " + std::string(assumption.value_of);
    switch (assumption.kind) {
      case AssumptionResult::Kind::kRuleSetDate:
        return std::string(assumption.fact) + " is the screening date, " + value;
      case AssumptionResult::Kind::kDerivedAge:
        return std::string(assumption.fact) + " is " + value + " (worked out on " + std::string(assumption.value_of) +
               ")";
      case AssumptionResult::Kind::kCarriedAge:
        return std::string(assumption.fact) + " is " + value + " or one more (" + std::string(assumption.value_of) +
               " and the whole years since)";
      case AssumptionResult::Kind::kDeclared:
        break;
    }
    std::string out = std::string(assumption.fact) + " is " + value;
    if (assumption.conditional) out += " where " + std::string(assumption.when);
    return out;
  }

  // "5 working days after aware_date (1 October 2025)".
  std::string DueWords(const ReviewResult& review, std::string_view id) const {
    const auto& set = model_.reviews[review.review].rule_sets[review.rule_set];
    if (review.outcome < 0) return "";
    for (const internal::DeadlineDecl& deadline : set.outcomes[review.outcome].deadlines) {
      if (deadline.id == id) return DueText(model_, deadline.due);
    }
    return "";
  }

  // Why a closed review cannot apply: the facts given that would have to be otherwise for any other
  // outcome, each with the clause it fails and its value.
  std::string Blockers(const ReviewResult& review) const {
    // The changed facts common to every way to another outcome; failing any, those of the first.
    std::vector<const FactChange*> common;
    bool first = true;
    for (const Counterfactual& counterfactual : review.why_not) {
      std::vector<const FactChange*> changed;
      for (const FactChange& change : counterfactual.changes) {
        if (change.changed) changed.push_back(&change);
      }
      if (first) {
        common = changed;
        first = false;
        continue;
      }
      std::erase_if(common, [&](const FactChange* c) {
        return std::none_of(changed.begin(), changed.end(), [&](const FactChange* d) { return d->fact == c->fact; });
      });
    }
    if (common.empty() && !review.why_not.empty()) {
      for (const FactChange& change : review.why_not.front().changes) {
        if (change.changed) common.push_back(&change);
      }
    }
    std::string out;
    std::vector<std::string_view> seen;
    for (const FactChange* change : common) {
      if (std::find(seen.begin(), seen.end(), change->clause) != seen.end()) continue;
      seen.push_back(change->clause);
      out += out.empty() ? "Because " : "; and ";
      if (change->clause.empty()) {
        out += std::string(change->fact) + " is " + GivenValue(*change);
        continue;
      }
      // The clause as the case has it: the change would make it true (so it is not met now), or
      // false (so it is met now, and that is what excludes the other outcomes).
      out += change->clause_value == Truth::kFalse ? "it is met that " : "it is not met that ";
      out += std::string(change->clause) + " (" + ShortCitation(change->citations) + "): " + std::string(change->fact) +
             " is " + GivenValue(*change);
    }
    return out.empty() ? out : out + ".";
  }

  // A given fact's value in words: the value itself when the note has the case's facts, else the
  // range of values it falls in.
  std::string GivenValue(const FactChange& change) const {
    auto it = program_.fact_by_path.find(change.fact);
    if (it != program_.fact_by_path.end()) {
      auto value = values_.find(it->second);
      if (value != values_.end()) return value->second;
    }
    return change.given.empty() ? std::string("as given") : std::string(change.given);
  }

 public:
  // The case's values in words (for the one-line reasons of closed reviews).
  void SetValues(const Facts* facts) {
    if (!facts) return;
    for (size_t f = 0; f < model_.facts.size() && f < facts->values.size(); ++f) {
      const FactValue& value = facts->values[f];
      if (!value.known) continue;
      const internal::FactDecl& fact = model_.facts[f];
      switch (fact.type) {
        case internal::FactType::kBool: values_[static_cast<int>(f)] = value.value ? "yes" : "no"; break;
        case internal::FactType::kInt: values_[static_cast<int>(f)] = std::to_string(value.value); break;
        case internal::FactType::kDate:
          values_[static_cast<int>(f)] = ShortDate(Date::FromDays(static_cast<int32_t>(value.value)));
          break;
        case internal::FactType::kEnum:
          values_[static_cast<int>(f)] = "'" + fact.labels[static_cast<size_t>(value.value)] + "'";
          break;
        case internal::FactType::kText: values_[static_cast<int>(f)] = "given"; break;
      }
    }
  }

 private:
  void Undecided(const ReviewResult& review) {
    const auto& set = model_.reviews[review.review].rule_sets[review.rule_set];
    Wrap(out_, "  ", "  ", "Not yet determined. Still possible:", width_);
    for (std::string_view id : review.possible_outcomes) {
      for (const internal::OutcomeDecl& outcome : set.outcomes) {
        if (outcome.id == id) Wrap(out_, "    - ", "      ", Sentence(outcome.summary) + " [" + std::string(id) + "]", width_);
      }
    }
    if (!review.missing.empty()) {
      out_ << "  It turns on:\n";
      for (const MissingFact& fact : review.missing) {
        int index = model_.FindFact(fact.fact);
        Wrap(out_, "    - ", "      ",
             std::string(index >= 0 ? model_.facts[index].question : std::string()) + " [" + std::string(fact.fact) + "]",
             width_);
      }
    }
  }

  void RuleSetLine(const ReviewResult& review) {
    std::string line;
    if (review.rule_set >= 0) {
      line = std::string(review.rule_set_title);
      if (review.in_force_from) line += ", in force from " + ShortDate(*review.in_force_from);
      if (review.in_force_until) line += " until " + ShortDate(*review.in_force_until);
    } else {
      line = "none in force on " + ShortDate(review.rule_date);
    }
    switch (review.chosen_by) {
      case RuleSetChoice::kByDate:
        line += "; chosen by " + std::string(review.dated_by) + ", " + ShortDate(review.rule_date);
        break;
      case RuleSetChoice::kByAsOf:
        line += "; chosen by the screening date, " + ShortDate(review.rule_date) + ", as no date of the case is known";
        break;
      case RuleSetChoice::kExplicit:
        line += "; as requested";
        break;
    }
    Wrap(out_, "  Version of the law: ", "    ", line, width_);
  }

  void Flags(const ReviewResult& review) {
    if (review.flags.empty()) return;
    out_ << "  For a person to decide:\n";
    for (const Raised& flag : review.flags) Item("    ! ", flag.text, flag.citations);
  }

  void Assumptions(const ReviewResult& review) {
    bool any = false;
    for (const AssumptionResult& assumption : review.assumptions) {
      if (!full_ && !assumption.could_change) continue;
      if (!any) out_ << "  Assumed, as the referral does not say:\n";
      any = true;
      std::string line = AssumedWords(assumption) + ": " + std::string(assumption.because);
      if (!line.empty() && line.back() != '.' && line.back() != ')') line += '.';
      line += assumption.could_change ? " Another answer could change the outcome." : " Another answer would not change the outcome.";
      Item("    - ", line, assumption.citations);
    }
  }

  void Advice(const ReviewResult& review) {
    if (review.advisories.empty()) return;
    out_ << "  Advice:\n";
    for (const Raised& advisory : review.advisories) Item("    - ", advisory.text, advisory.citations);
  }

  // The test clause by clause: in the summary the conditions the outcomes name (depth 0); in full
  // every condition they read.
  void Clauses(const ReviewResult& review) {
    bool any = false;
    for (const Reason& reason : review.reasons) {
      if (!full_ && reason.depth > 0) continue;
      if (!any) out_ << "  The test, clause by clause:\n";
      any = true;
      std::string bullet = "    " + std::string(2 * reason.depth, ' ') + Mark(reason.value) + "  ";
      std::string line(reason.text);
      if (!reason.citations.empty()) {
        line += " (" + (full_ ? CitationsText(reason.citations) : ShortCitation(reason.citations)) + ")";
      }
      Wrap(out_, bullet, std::string(bullet.size(), ' '), line, width_);
    }
  }

  // What would lead to each other outcome: in the summary, the outcomes still possible (what
  // each needs); in full, every outcome.
  void WhyNot(const ReviewResult& review) {
    bool any = false;
    for (const Counterfactual& counterfactual : review.why_not) {
      if (!full_ && !counterfactual.possible) continue;
      if (!any) out_ << (full_ ? "  What would lead to another outcome:\n" : "  What each outcome still possible needs:\n");
      any = true;
      out_ << "    - " << counterfactual.outcome << (full_ && counterfactual.possible ? " (still possible)" : "")
           << ", if:\n";
      for (const FactChange& change : counterfactual.changes) {
        std::string line = std::string(change.changed ? "instead, " : "") + std::string(change.fact) + " were " +
                           internal::ChangeValueText(program_, change);
        if (!change.clause.empty()) {
          line += change.clause_value == Truth::kFalse ? ", so that it is not met that " : ", so that ";
          line += std::string(change.clause);
          if (!change.citations.empty()) line += " (" + ShortCitation(change.citations) + ")";
        }
        Wrap(out_, "        ", "          ", line, width_);
      }
      if (!counterfactual.open.empty()) {
        std::string facts;
        for (size_t i = 0; i < counterfactual.open.size(); ++i) {
          if (i > 0) facts += i + 1 == counterfactual.open.size() ? " and " : ", ";
          facts += counterfactual.open[i];
        }
        Wrap(out_, "        ", "          ", "then it would turn on " + facts, width_);
      }
    }
  }

  const Screening& screening_;
  const internal::Program& program_;
  const Model& model_;
  const Rules& rules_;
  const TextOptions& options_;
  bool full_;
  int width_;
  std::map<int, std::string> values_;
  std::ostringstream out_;
};

}  // namespace

std::string ToText(const Screening& screening, const Rules& rules, const TextOptions& options) {
  NoteWriter writer(screening, rules, options);
  writer.SetValues(options.facts);
  return writer.Write();
}

}  // namespace threshold
