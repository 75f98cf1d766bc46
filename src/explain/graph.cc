// The decision logic of a review as Graphviz DOT: outcomes in order, the conditions each reads,
// the facts, with citations as labels. With a screening, the path the case took is coloured:
// met green, not met red, unknown amber; the outcome reached bold. Stage: explain.
#include <set>
#include <sstream>

#include "compile/program.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Wraps text at about `width` characters for a readable node.
std::string Wrap(std::string_view text, size_t width) {
  std::string out, line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + std::string(word);
    start = end + 1;
  }
  return out + line;
}

std::string CitationLabel(std::span<const Citation> citations) {
  if (citations.empty()) return "";
  return citations.front().instrument + " " + citations.front().provision;
}

}  // namespace

std::string Rules::Graph(std::string_view review_id, std::string_view rule_set_id,
                         const Screening* screening) const {
  const internal::Model& model = program_->model;
  int r = -1;
  for (size_t i = 0; i < model.reviews.size(); ++i) {
    if (model.reviews[i].id == review_id) r = static_cast<int>(i);
  }
  if (r < 0) return "";
  const internal::ReviewDecl& review = model.reviews[r];
  const ReviewResult* result = screening ? &screening->reviews[r] : nullptr;
  int s = -1;
  for (size_t i = 0; i < review.rule_sets.size(); ++i) {
    if (!rule_set_id.empty() && review.rule_sets[i].id == rule_set_id) s = static_cast<int>(i);
  }
  if (s < 0 && rule_set_id.empty() && result && result->rule_set >= 0) s = result->rule_set;
  if (s < 0 && rule_set_id.empty()) {
    for (size_t i = 0; i < review.rule_sets.size(); ++i) {
      const auto& set = review.rule_sets[i];
      if (set.prospective || !set.from) continue;
      if (s < 0 || *review.rule_sets[s].from < *set.from) s = static_cast<int>(i);
    }
  }
  if (s < 0) return "";
  const internal::RuleSetDecl& set = review.rule_sets[s];
  bool same_rule_set = result && result->rule_set == s;

  std::ostringstream dot;
  dot << "digraph \"" << Escape(review.id) << "\" {\n"
      << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\""
      << Escape(review.title + ": " + set.title) << "\\nDecided by: " << Escape(review.decided_by) << "\"];\n"
      << "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [color=\"#555555\"];\n";

  auto truth_colour = [&](int condition) -> std::string {
    if (!same_rule_set) return "";
    for (const Reason& reason : result->reasons) {
      if (reason.condition != model.conditions[condition].id) continue;
      switch (reason.value) {
        case Truth::kTrue: return ", style=filled, fillcolor=\"#c8e6c9\"";
        case Truth::kFalse: return ", style=filled, fillcolor=\"#ffcdd2\"";
        case Truth::kUnknown: return ", style=filled, fillcolor=\"#ffe0b2\"";
      }
    }
    return "";
  };

  std::set<int> conditions, facts;
  auto collect = [&](auto&& self, int c) -> void {
    if (!conditions.insert(c).second) return;
    for (int sub : model.conditions[c].references) self(self, sub);
    for (int f : program_->condition_facts[c]) facts.insert(f);
  };
  for (size_t k = 0; k < set.outcomes.size(); ++k) {
    const internal::OutcomeDecl& outcome = set.outcomes[k];
    std::string style;
    if (same_rule_set) {
      bool possible = false;
      for (std::string_view id : result->possible_outcomes) possible = possible || id == outcome.id;
      if (result->determined() && result->outcome == static_cast<int>(k)) {
        style = ", style=\"filled,bold\", penwidth=3, fillcolor=\"#a5d6a7\"";
      } else if (possible) {
        style = ", style=filled, fillcolor=\"#ffe0b2\"";
      } else {
        style = ", style=filled, fillcolor=\"#eeeeee\", fontcolor=\"#777777\"";
      }
    }
    dot << "  \"outcome:" << Escape(outcome.id) << "\" [shape=box" << style << ", label=\"" << (k + 1) << ". "
        << Escape(outcome.id) << (outcome.root < 0 ? " (otherwise)" : "") << "\\n"
        << Escape(Wrap(outcome.summary, 40)) << "\\n[" << Escape(CitationLabel(outcome.citations)) << "]\"];\n";
    if (k + 1 < set.outcomes.size()) {
      dot << "  \"outcome:" << Escape(outcome.id) << "\" -> \"outcome:" << Escape(set.outcomes[k + 1].id)
          << "\" [style=dashed, label=\"else\"];\n";
    }
    for (int c : outcome.conditions) {
      dot << "  \"outcome:" << Escape(outcome.id) << "\" -> \"condition:" << Escape(model.conditions[c].id)
          << "\";\n";
      collect(collect, c);
    }
  }
  for (int c : conditions) {
    const internal::ConditionDecl& condition = model.conditions[c];
    dot << "  \"condition:" << Escape(condition.id) << "\" [shape=ellipse" << truth_colour(c) << ", label=\""
        << Escape(Wrap(condition.text, 36)) << "\\n[" << Escape(CitationLabel(condition.citations)) << "]\"];\n";
    for (int sub : condition.references) {
      dot << "  \"condition:" << Escape(condition.id) << "\" -> \"condition:" << Escape(model.conditions[sub].id)
          << "\";\n";
    }
    for (int f : program_->condition_facts[c]) {
      dot << "  \"condition:" << Escape(condition.id) << "\" -> \"fact:" << Escape(model.facts[f].path)
          << "\" [color=\"#999999\"];\n";
    }
  }
  for (int f : facts) {
    std::string style = ", style=filled, fillcolor=\"#f5f5f5\"";
    dot << "  \"fact:" << Escape(model.facts[f].path) << "\" [shape=note" << style << ", label=\""
        << Escape(model.facts[f].path) << "\"];\n";
  }
  if (screening) {
    dot << "  legend [shape=plaintext, fontsize=9, label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\">"
           "<tr><td colspan=\"2\"><b>This case</b></td></tr>"
           "<tr><td bgcolor=\"#c8e6c9\">met</td><td bgcolor=\"#ffcdd2\">not met</td></tr>"
           "<tr><td bgcolor=\"#ffe0b2\">not yet known</td><td bgcolor=\"#a5d6a7\"><b>outcome reached</b></td></tr>"
           "<tr><td colspan=\"2\" bgcolor=\"#eeeeee\">outcome no longer possible</td></tr></table>>];\n";
  }
  dot << "}\n";
  return dot.str();
}

}  // namespace threshold
