// Renders a Screening as the result contract, version 1 (ARCHITECTURE section 5, docs/result.md).
// Existing field names never change; new fields may be added. Stage: explain.
#include <nlohmann/json.hpp>

#include "compile/program.h"
#include "threshold/rules.h"
#include "threshold/version.h"

namespace threshold {
namespace {

using nlohmann::json;

json CitationJson(const Citation& citation) {
  json out = {{"instrument", citation.instrument},
              {"provision", citation.provision},
              {"evidence", citation.evidence}};
  if (!citation.note.empty()) out["note"] = citation.note;
  return out;
}

// "citation" is the first (the primary) citation; "citations" lists all when there are several.
void AddCitations(json& out, std::span<const Citation> citations) {
  out["citation"] = citations.empty() ? json(nullptr) : CitationJson(citations.front());
  if (citations.size() > 1) {
    json all = json::array();
    for (const Citation& c : citations) all.push_back(CitationJson(c));
    out["citations"] = std::move(all);
  }
}

json TruthJson(Truth truth) {
  if (truth == Truth::kUnknown) return nullptr;
  return truth == Truth::kTrue;
}

json RaisedJson(const std::vector<Raised>& raised) {
  json out = json::array();
  for (const Raised& r : raised) {
    json item = {{"id", r.id}, {"text", r.text}};
    AddCitations(item, r.citations);
    out.push_back(std::move(item));
  }
  return out;
}

const char* ChoiceName(RuleSetChoice choice) {
  switch (choice) {
    case RuleSetChoice::kByDate: return "date";
    case RuleSetChoice::kByAsOf: return "as_of";
    case RuleSetChoice::kExplicit: return "explicit";
  }
  return "date";
}

json DateJson(const std::optional<Date>& date) {
  return date ? json(date->ToString()) : json(nullptr);
}

json ReviewJson(const ReviewResult& review) {
  json out;
  out["title"] = review.title;
  out["outcome"] = review.determined() ? json(review.outcome_id) : json(nullptr);
  out["determined"] = review.determined();
  json possible = json::array();
  for (std::string_view id : review.possible_outcomes) possible.push_back(id);
  out["possible_outcomes"] = std::move(possible);
  out["summary"] = review.determined() ? json(review.summary) : json(nullptr);
  out["decision_maker"] = review.decision_maker;
  AddCitations(out, review.citations);
  json rule_set;
  if (review.rule_set >= 0) {
    rule_set = {{"id", review.rule_set_id},
                {"title", review.rule_set_title},
                {"in_force_from", DateJson(review.in_force_from)},
                {"in_force_until", DateJson(review.in_force_until)}};
  } else {
    rule_set = {{"id", nullptr}, {"commenced", DateJson(review.commenced)}};
  }
  rule_set["chosen_by"] = ChoiceName(review.chosen_by);
  rule_set["date"] = review.rule_date.ToString();
  if (!review.dated_by.empty()) rule_set["dated_by"] = review.dated_by;
  out["rule_set"] = std::move(rule_set);
  json reasons = json::array();
  for (const Reason& reason : review.reasons) {
    json item = {{"condition", reason.condition},
                 {"value", TruthJson(reason.value)},
                 {"text", reason.text},
                 {"depth", reason.depth}};
    AddCitations(item, reason.citations);
    reasons.push_back(std::move(item));
  }
  out["reasons"] = std::move(reasons);
  json missing = json::array();
  for (const MissingFact& fact : review.missing) missing.push_back(fact.fact);
  out["missing"] = std::move(missing);
  json deadlines = json::array();
  for (const DeadlineResult& deadline : review.deadlines) {
    json item = {{"id", deadline.id}, {"due", DateJson(deadline.due)}, {"text", deadline.text}};
    AddCitations(item, deadline.citations);
    if (!deadline.waits_on.empty()) item["waits_on"] = deadline.waits_on;
    if (deadline.outside_calendar) item["outside_calendar"] = true;
    deadlines.push_back(std::move(item));
  }
  out["deadlines"] = std::move(deadlines);
  out["flags"] = RaisedJson(review.flags);
  out["advisories"] = RaisedJson(review.advisories);
  json why_not = json::array();
  for (const Counterfactual& counterfactual : review.why_not) {
    json changes = json::array();
    std::string text = std::string(counterfactual.outcome) + " if";
    bool first = true;
    for (const FactChange& change : counterfactual.changes) {
      json item = {{"fact", change.fact},
                   {"value", change.value},
                   {"change", change.changed ? "change" : "add"},
                   {"clause", change.clause.empty() ? json(nullptr) : json(change.clause)}};
      AddCitations(item, change.citations);
      changes.push_back(std::move(item));
      text += std::string(first ? " " : "; and ") + std::string(change.fact) + " were " + change.value;
      if (!change.clause.empty()) {
        text += " (" + std::string(change.clause);
        if (!change.citations.empty()) {
          text += ", " + change.citations.front().instrument + " " + change.citations.front().provision;
        }
        text += ")";
      }
      first = false;
    }
    why_not.push_back({{"outcome", counterfactual.outcome},
                       {"possible", counterfactual.possible},
                       {"changes", std::move(changes)},
                       {"text", std::move(text)}});
  }
  out["why_not"] = std::move(why_not);
  return out;
}

}  // namespace

json ToJson(const Screening& screening, const Rules& rules) {
  const internal::Model& model = rules.program().model;
  json out;
  out["case_id"] = screening.case_id ? json(*screening.case_id) : json(nullptr);
  out["as_of"] = screening.as_of.ToString();
  out["engine"] = {{"name", "threshold"}, {"version", THRESHOLD_VERSION}};
  out["rules"] = {{"name", rules.name()}, {"version", rules.version()}, {"digest", rules.digest()}};
  json reviews = json::object();
  for (const ReviewResult& review : screening.reviews) reviews[std::string(review.id)] = ReviewJson(review);
  out["reviews"] = std::move(reviews);
  json advisories = json::array();
  for (const Raised& advisory : screening.advisories) {
    json item = {{"id", advisory.id}, {"text", advisory.text}};
    json involved = json::array();
    for (const ReviewResult& review : screening.reviews) {
      if (review.determined() && review.met) involved.push_back(review.id);
    }
    item["reviews"] = std::move(involved);
    AddCitations(item, advisory.citations);
    advisories.push_back(std::move(item));
  }
  out["advisories"] = std::move(advisories);
  if (screening.next_question) {
    const NextQuestion& next = *screening.next_question;
    json question = {{"fact", next.fact}, {"question", next.question}, {"type", next.type}};
    if (!next.help.empty()) question["help"] = next.help;
    int fact = model.FindFact(next.fact);
    if (fact >= 0 && model.facts[fact].type == internal::FactType::kEnum) {
      json options = json::array();
      for (size_t i = 0; i < model.facts[fact].options.size(); ++i) {
        options.push_back({{"value", model.facts[fact].options[i]}, {"label", model.facts[fact].labels[i]}});
      }
      question["options"] = std::move(options);
    }
    question["reviews"] = next.reviews;
    out["next_question"] = std::move(question);
  } else {
    out["next_question"] = nullptr;
  }
  if (!screening.error.empty()) out["warning"] = screening.error;
  return out;
}

json ToOutcomesJson(const Screening& screening) {
  json out;
  out["case_id"] = screening.case_id ? json(*screening.case_id) : json(nullptr);
  json reviews = json::object();
  for (const ReviewResult& review : screening.reviews) {
    reviews[std::string(review.id)] = review.determined() ? json(review.outcome_id) : json(nullptr);
  }
  out["reviews"] = std::move(reviews);
  return out;
}

}  // namespace threshold
