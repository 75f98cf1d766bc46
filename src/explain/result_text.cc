// Renders a Screening as a screening note a panel can read: per review the outcome, the
// statutory test clause by clause with citations, what is still needed, deadlines, flags and
// advisories. Stage: explain.
#include <sstream>

#include "compile/program.h"
#include "threshold/rules.h"
#include "threshold/version.h"

namespace threshold {
namespace {

std::string CitationText(const Citation& citation) {
  std::string out = citation.instrument + ", " + citation.provision + " [" + citation.evidence + "]";
  if (!citation.note.empty()) out += " (" + citation.note + ")";
  return out;
}

std::string CitationsText(std::span<const Citation> citations) {
  std::string out;
  for (const Citation& citation : citations) out += (out.empty() ? "" : "; ") + CitationText(citation);
  return out;
}

const char* Mark(Truth truth) {
  switch (truth) {
    case Truth::kTrue: return "met      ";
    case Truth::kFalse: return "not met  ";
    case Truth::kUnknown: return "not known";
  }
  return "";
}

}  // namespace

std::string ToText(const Screening& screening, const Rules& rules) {
  const internal::Model& model = rules.program().model;
  std::ostringstream out;
  out << "Screening of case " << (screening.case_id ? *screening.case_id : std::string("(no case_id)"))
      << " as of " << screening.as_of.ToString() << "\n";
  out << "Rules: " << rules.name() << " " << rules.version() << " (" << rules.digest().substr(0, 19)
      << "...), engine " << THRESHOLD_VERSION << "\n";
  for (const ReviewResult& review : screening.reviews) {
    out << "\n" << review.title << " [" << review.id << "]\n";
    if (review.determined()) {
      out << "  Outcome: " << review.outcome_id << ": " << review.summary << "\n";
    } else {
      out << "  Outcome: not yet determined; still possible:";
      for (std::string_view id : review.possible_outcomes) out << " " << id;
      out << "\n";
    }
    out << "  Decided by: " << review.decision_maker << "\n";
    if (review.rule_set >= 0) {
      out << "  Rules applied: " << review.rule_set_title << " (" << review.rule_set_id;
      if (review.in_force_from) out << ", in force from " << review.in_force_from->ToString();
      if (review.in_force_until) out << " until " << review.in_force_until->ToString();
      out << ")";
    } else if (review.commenced) {
      out << "  Not in force on " << review.rule_date.ToString() << "; commenced "
          << review.commenced->ToString();
    }
    switch (review.chosen_by) {
      case RuleSetChoice::kByDate:
        out << ", by " << review.dated_by << " " << review.rule_date.ToString() << "\n";
        break;
      case RuleSetChoice::kByAsOf:
        out << ", by the screening date " << review.rule_date.ToString()
            << " because no date of the case is known\n";
        break;
      case RuleSetChoice::kExplicit:
        out << ", as requested\n";
        break;
    }
    if (!review.citations.empty()) out << "  Legal basis: " << CitationsText(review.citations) << "\n";
    if (!review.reasons.empty()) {
      out << "  The test, clause by clause:\n";
      for (const Reason& reason : review.reasons) {
        out << "    " << std::string(2 * reason.depth, ' ') << Mark(reason.value) << "  " << reason.text;
        if (!reason.citations.empty()) out << "  (" << CitationsText(reason.citations) << ")";
        out << "\n";
      }
    }
    if (!review.missing.empty()) {
      out << "  Still needed to decide:\n";
      for (const MissingFact& fact : review.missing) {
        int index = model.FindFact(fact.fact);
        out << "    - " << fact.fact << ": " << (index >= 0 ? model.facts[index].question : std::string()) << "\n";
      }
    }
    if (!review.why_not.empty()) {
      out << "  What would lead to another outcome:\n";
      for (const Counterfactual& counterfactual : review.why_not) {
        out << "    - " << counterfactual.outcome << (counterfactual.possible ? " (still possible)" : "")
            << ", if:\n";
        for (const FactChange& change : counterfactual.changes) {
          out << "        " << (change.changed ? "instead, " : "") << change.fact << " were " << change.value;
          if (!change.clause.empty()) {
            out << ": " << change.clause;
            if (!change.citations.empty()) {
              out << " (" << change.citations.front().instrument << ", " << change.citations.front().provision << ")";
            }
          }
          out << "\n";
        }
      }
    }
    if (!review.deadlines.empty()) {
      out << "  Deadlines:\n";
      for (const DeadlineResult& deadline : review.deadlines) {
        out << "    - " << deadline.text << ": ";
        if (deadline.due) {
          out << "by " << deadline.due->ToString();
        } else if (deadline.outside_calendar) {
          out << "cannot be worked out: it falls outside the years the bank-holiday calendar covers";
        } else {
          out << "cannot be worked out until known:";
          for (std::string_view fact : deadline.waits_on) out << " " << fact;
        }
        out << "  (" << CitationsText(deadline.citations) << ")\n";
      }
    }
    if (!review.flags.empty()) {
      out << "  For a human to decide:\n";
      for (const Raised& flag : review.flags) {
        out << "    ! " << flag.text << "  (" << CitationsText(flag.citations) << ")\n";
      }
    }
    if (!review.advisories.empty()) {
      out << "  Advice:\n";
      for (const Raised& advisory : review.advisories) {
        out << "    - " << advisory.text << "  (" << CitationsText(advisory.citations) << ")\n";
      }
    }
  }
  if (!screening.advisories.empty()) {
    out << "\nAcross the reviews:\n";
    for (const Raised& advisory : screening.advisories) {
      out << "  - " << advisory.text << "  (" << CitationsText(advisory.citations) << ")\n";
    }
  }
  if (screening.next_question) {
    out << "\nNext question: " << screening.next_question->question << " [" << screening.next_question->fact
        << "]\n";
  }
  return out.str();
}

}  // namespace threshold
