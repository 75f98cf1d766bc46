// Renders a Screening as the result contract, version 1 (docs/result.md), with the streaming
// writer: WriteJson is the one definition of the format; ToJson parses its output for callers who
// want a DOM. Existing field names never change; new fields may be added. Stage: explain.
#include <nlohmann/json.hpp>

#include "compile/program.h"
#include "explain/json_writer.h"
#include "threshold/rules.h"
#include "threshold/version.h"

namespace threshold {
namespace {

using internal::JsonWriter;

void WriteCitation(JsonWriter& w, const Citation& citation) {
  w.BeginObject().Key("instrument").String(citation.instrument);
  w.Key("provision").String(citation.provision);
  w.Key("evidence").String(citation.evidence);
  if (!citation.note.empty()) w.Key("note").String(citation.note);
  w.EndObject();
}

// "citation" is the first (the primary) citation; "citations" lists all when there are several.
void WriteCitations(JsonWriter& w, std::span<const Citation> citations) {
  w.Key("citation");
  if (citations.empty()) {
    w.Null();
  } else {
    WriteCitation(w, citations.front());
  }
  if (citations.size() > 1) {
    w.Key("citations").BeginArray();
    for (const Citation& c : citations) WriteCitation(w, c);
    w.EndArray();
  }
}

void WriteRaised(JsonWriter& w, const std::vector<Raised>& raised) {
  w.BeginArray();
  for (const Raised& r : raised) {
    w.BeginObject().Key("id").String(r.id).Key("text").String(r.text);
    WriteCitations(w, r.citations);
    w.EndObject();
  }
  w.EndArray();
}

void WriteDate(JsonWriter& w, Date date) {
  char buffer[48];
  w.String(date.Format(buffer));
}

void WriteDate(JsonWriter& w, const std::optional<Date>& date) {
  if (date) {
    char buffer[48];
    w.String(date->Format(buffer));
  } else {
    w.Null();
  }
}

const char* AssumptionKindName(AssumptionResult::Kind kind) {
  switch (kind) {
    case AssumptionResult::Kind::kDeclared: return "declared";
    case AssumptionResult::Kind::kRuleSetDate: return "rule_set_date";
    case AssumptionResult::Kind::kDerivedAge: return "derived_age";
    case AssumptionResult::Kind::kCarriedAge: return "carried_age";
  }
  return "declared";
}

const char* ChoiceName(RuleSetChoice choice) {
  switch (choice) {
    case RuleSetChoice::kByDate: return "date";
    case RuleSetChoice::kByAsOf: return "as_of";
    case RuleSetChoice::kExplicit: return "explicit";
  }
  return "date";
}

void WriteReview(JsonWriter& w, const internal::Program& program, const ReviewResult& review, std::string& scratch) {
  const internal::Model& model = program.model;
  bool determined = review.determined();
  w.BeginObject();
  w.Key("title").String(review.title);
  w.Key("outcome");
  determined ? w.String(review.outcome_id) : w.Null();
  w.Key("determined").Bool(determined);
  w.Key("possible_outcomes").BeginArray();
  for (std::string_view id : review.possible_outcomes) w.String(id);
  w.EndArray();
  w.Key("summary");
  determined ? w.String(review.summary) : w.Null();
  w.Key("decision_maker").String(review.decision_maker);
  WriteCitations(w, review.citations);
  w.Key("rule_set").BeginObject();
  if (review.rule_set >= 0) {
    w.Key("id").String(review.rule_set_id);
    w.Key("title").String(review.rule_set_title);
    w.Key("in_force_from");
    WriteDate(w, review.in_force_from);
    w.Key("in_force_until");
    WriteDate(w, review.in_force_until);
  } else {
    // The same fields in every result, so tables and forms can rely on them.
    w.Key("id").Null().Key("title").Null().Key("in_force_from").Null().Key("in_force_until").Null();
    w.Key("commenced");
    WriteDate(w, review.commenced);
  }
  w.Key("chosen_by").String(ChoiceName(review.chosen_by));
  w.Key("date");
  WriteDate(w, review.rule_date);
  if (!review.dated_by.empty()) w.Key("dated_by").String(review.dated_by);
  w.EndObject();
  w.Key("reasons").BeginArray();
  for (const Reason& reason : review.reasons) {
    w.BeginObject().Key("condition").String(reason.condition).Key("value");
    if (reason.value == Truth::kUnknown) {
      w.Null();
    } else {
      w.Bool(reason.value == Truth::kTrue);
    }
    w.Key("text").String(reason.text).Key("depth").Int(reason.depth);
    WriteCitations(w, reason.citations);
    w.EndObject();
  }
  w.EndArray();
  w.Key("missing").BeginArray();
  for (const MissingFact& fact : review.missing) w.String(fact.fact);
  w.EndArray();
  w.Key("assumptions").BeginArray();
  for (const AssumptionResult& assumption : review.assumptions) {
    w.BeginObject().Key("fact").String(assumption.fact);
    w.Key("kind").String(AssumptionKindName(assumption.kind));
    w.Key("value");
    if (assumption.number) {
      scratch = std::to_string(*assumption.number);
      w.String(scratch);
    } else if (assumption.date) {
      char buffer[48];
      w.String(assumption.date->Format(buffer));
    } else if (!assumption.value.empty()) {
      w.String(assumption.value);
    } else {
      w.Null();
    }
    if (!assumption.value_of.empty()) w.Key("value_of").String(assumption.value_of);
    if (!assumption.when.empty()) {
      w.Key("when").String(assumption.when);
      w.Key("conditional").Bool(assumption.conditional);
    }
    w.Key("because").String(assumption.because);
    WriteCitations(w, assumption.citations);
    w.Key("could_change").Bool(assumption.could_change);
    w.Key("ask").String(assumption.ask);
    w.EndObject();
  }
  w.EndArray();
  w.Key("deadlines").BeginArray();
  for (const DeadlineResult& deadline : review.deadlines) {
    w.BeginObject().Key("id").String(deadline.id).Key("due");
    WriteDate(w, deadline.due);
    w.Key("text").String(deadline.text);
    WriteCitations(w, deadline.citations);
    if (!deadline.waits_on.empty()) {
      w.Key("waits_on").BeginArray();
      for (std::string_view fact : deadline.waits_on) w.String(fact);
      w.EndArray();
    }
    if (deadline.outside_calendar) w.Key("outside_calendar").Bool(true);
    w.EndObject();
  }
  w.EndArray();
  w.Key("flags");
  WriteRaised(w, review.flags);
  w.Key("advisories");
  WriteRaised(w, review.advisories);
  w.Key("why_not").BeginArray();
  for (const Counterfactual& counterfactual : review.why_not) {
    w.BeginObject().Key("outcome").String(counterfactual.outcome);
    w.Key("possible").Bool(counterfactual.possible);
    w.Key("changes").BeginArray();
    scratch.assign(counterfactual.outcome);
    scratch += " if";
    bool first = true;
    for (const FactChange& change : counterfactual.changes) {
      w.BeginObject().Key("fact").String(change.fact);
      std::string value = internal::ChangeValueText(program, change);
      w.Key("value").String(value);
      if (int f = model.FindFact(change.fact); f >= 0 && model.facts[f].type == internal::FactType::kEnum &&
                                               change.values_mask != 0) {
        w.Key("values").BeginArray();
        for (size_t c = 0; c < model.facts[f].options.size(); ++c) {
          if ((change.values_mask >> c) & 1) w.String(model.facts[f].options[c]);
        }
        w.EndArray();
      }
      w.Key("change").String(change.changed ? "change" : "add");
      w.Key("clause");
      change.clause.empty() ? w.Null() : w.String(change.clause);
      if (!change.clause.empty() && change.clause_value != Truth::kUnknown) {
        w.Key("clause_met").Bool(change.clause_value == Truth::kTrue);
      }
      WriteCitations(w, change.citations);
      w.EndObject();
      scratch += first ? " " : "; and ";
      scratch += change.fact;
      scratch += " were ";
      scratch += value;
      if (!change.clause.empty()) {
        scratch += change.clause_value == Truth::kFalse ? " (so that it is not met that " : " (so that ";
        scratch += change.clause;
        if (!change.citations.empty()) {
          scratch += ", ";
          scratch += change.citations.front().instrument;
          scratch += " ";
          scratch += change.citations.front().provision;
        }
        scratch += ")";
      }
      first = false;
    }
    w.EndArray();
    if (!counterfactual.open.empty()) {
      w.Key("open").BeginArray();
      scratch += "; then it turns on ";
      for (size_t i = 0; i < counterfactual.open.size(); ++i) {
        w.String(counterfactual.open[i]);
        if (i > 0) scratch += i + 1 == counterfactual.open.size() ? " and " : ", ";
        scratch += counterfactual.open[i];
      }
      w.EndArray();
    }
    w.Key("text").String(scratch);
    w.EndObject();
  }
  w.EndArray();
  // Whether the determined outcome engages the review (`counts as met` in the rules), so that a
  // reader need not keep its own list of outcome ids. Last, after the version 1 fields.
  w.Key("met");
  determined ? w.Bool(review.met) : w.Null();
  w.EndObject();
}

}  // namespace

void WriteJson(const Screening& screening, const Rules& rules, std::string& out) {
  const internal::Program& program = rules.program();
  const internal::Model& model = program.model;
  std::string scratch;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("case_id");
  screening.case_id ? w.String(*screening.case_id) : w.Null();
  w.Key("as_of");
  WriteDate(w, screening.as_of);
  w.Key("engine").BeginObject().Key("name").String("threshold").Key("version").String(THRESHOLD_VERSION).EndObject();
  w.Key("rules").BeginObject().Key("name").String(rules.name()).Key("version").String(rules.version());
  w.Key("digest").String(rules.digest()).EndObject();
  w.Key("reviews").BeginObject();
  for (const ReviewResult& review : screening.reviews) {
    w.Key(review.id);
    WriteReview(w, program, review, scratch);
  }
  w.EndObject();
  w.Key("advisories").BeginArray();
  for (const Raised& advisory : screening.advisories) {
    w.BeginObject().Key("id").String(advisory.id).Key("text").String(advisory.text);
    w.Key("reviews").BeginArray();
    for (const ReviewResult& review : screening.reviews) {
      if (review.determined() && review.met) w.String(review.id);
    }
    w.EndArray();
    WriteCitations(w, advisory.citations);
    w.EndObject();
  }
  w.EndArray();
  w.Key("next_question");
  if (screening.next_question) {
    const NextQuestion& next = *screening.next_question;
    w.BeginObject().Key("fact").String(next.fact).Key("question").String(next.question);
    w.Key("type").String(next.type);
    if (!next.help.empty()) w.Key("help").String(next.help);
    int fact = model.FindFact(next.fact);
    if (fact >= 0 && model.facts[fact].type == internal::FactType::kEnum) {
      w.Key("options").BeginArray();
      for (size_t i = 0; i < model.facts[fact].options.size(); ++i) {
        w.BeginObject().Key("value").String(model.facts[fact].options[i]);
        w.Key("label").String(model.facts[fact].labels[i]).EndObject();
      }
      w.EndArray();
    }
    w.Key("reviews").Int(next.reviews);
    if (next.assumed) w.Key("assumed").Bool(true);
    w.EndObject();
  } else {
    w.Null();
  }
  if (!screening.error.empty()) w.Key("warning").String(screening.error);
  // Last, so that version 1 readers that rely on the order of the fields still find them in place.
  w.Key("result_version").Int(kResultVersion);
  w.EndObject();
}

void WriteOutcomesJson(const Screening& screening, std::string& out) {
  JsonWriter w(out);
  w.BeginObject().Key("case_id");
  screening.case_id ? w.String(*screening.case_id) : w.Null();
  w.Key("reviews").BeginObject();
  for (const ReviewResult& review : screening.reviews) {
    w.Key(review.id);
    review.determined() ? w.String(review.outcome_id) : w.Null();
  }
  w.EndObject().EndObject();
}

nlohmann::json ToJson(const Screening& screening, const Rules& rules) {
  std::string text;
  WriteJson(screening, rules, text);
  return nlohmann::json::parse(text);
}

nlohmann::json ToOutcomesJson(const Screening& screening) {
  std::string text;
  WriteOutcomesJson(screening, text);
  return nlohmann::json::parse(text);
}

}  // namespace threshold
