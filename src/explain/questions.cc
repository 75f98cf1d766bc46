// Question ranking and the "why it matters" text. Stage: explain.
#include "explain/questions.h"

#include <algorithm>

#include "compile/program.h"
#include "threshold/rules.h"

namespace threshold {
namespace internal {

std::vector<QuestionScore> ScoreQuestions(const Model& model, const std::vector<ReviewResult>& reviews) {
  std::vector<QuestionScore> scores;
  for (size_t f = 0; f < model.facts.size(); ++f) {
    QuestionScore score{static_cast<int>(f), 0, 0};
    for (const ReviewResult& review : reviews) {
      for (const MissingFact& missing : review.missing) {
        if (missing.fact == model.facts[f].path) {
          ++score.reviews;
          score.decisive += missing.decisiveness;
        }
      }
    }
    if (score.reviews > 0) scores.push_back(score);
  }
  return scores;
}

bool AskBefore(const Model& model, const QuestionScore& a, const QuestionScore& b) {
  if (a.reviews != b.reviews) return a.reviews > b.reviews;
  auto sa = model.facts[a.fact].sensitivity, sb = model.facts[b.fact].sensitivity;
  if (sa != sb) return sa < sb;
  if (a.decisive != b.decisive) return a.decisive > b.decisive;
  return a.fact < b.fact;
}

std::string_view FactTypeName(FactType type) {
  switch (type) {
    case FactType::kBool: return "boolean";
    case FactType::kInt: return "integer";
    case FactType::kDate: return "date";
    case FactType::kText: return "text";
    case FactType::kEnum: return "enum";
  }
  return "text";
}

}  // namespace internal

namespace {

std::string Words(std::string_view id) {
  std::string out(id);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace

std::vector<Question> RankQuestions(const Screening& screening, const Rules& rules) {
  const internal::Model& model = rules.program().model;
  std::vector<internal::QuestionScore> scores = internal::ScoreQuestions(model, screening.reviews);
  std::sort(scores.begin(), scores.end(), [&](const auto& a, const auto& b) {
    return internal::AskBefore(model, a, b);
  });
  // The question a fact asks, as the rules word it; the caller says which reviews and why.
  auto question_for = [&](int f) {
    const internal::FactDecl& fact = model.facts[f];
    Question question;
    question.fact = fact.path;
    question.question = fact.question;
    question.type = internal::FactTypeName(fact.type);
    question.help = fact.help;
    return question;
  };
  std::vector<Question> questions;
  for (const internal::QuestionScore& score : scores) {
    const internal::FactDecl& fact = model.facts[score.fact];
    Question question = question_for(score.fact);
    for (const ReviewResult& review : screening.reviews) {
      bool listed = std::any_of(review.missing.begin(), review.missing.end(),
                                [&](const MissingFact& m) { return m.fact == fact.path; });
      if (!listed) continue;
      question.reviews.push_back(review.id);
      std::string choices;
      for (size_t i = 0; i < review.possible_outcomes.size(); ++i) {
        if (i > 0) choices += i + 1 == review.possible_outcomes.size() ? " or " : ", ";
        choices += Words(review.possible_outcomes[i]);
      }
      if (!question.why.empty()) question.why += "; ";
      question.why += review.determined()
                          ? "can change the " + std::string(review.title) + " from " + Words(review.outcome_id)
                          : "decides whether the " + std::string(review.title) + " is " + choices;
    }
    questions.push_back(std::move(question));
  }
  // Then the facts the screening assumed where another answer could change a review (the first of
  // them is the next question once nothing is missing), ranked the same way.
  std::vector<internal::QuestionScore> assumed;
  for (size_t f = 0; f < model.facts.size(); ++f) {
    internal::QuestionScore score{static_cast<int>(f), 0, 0};
    for (const ReviewResult& review : screening.reviews) {
      for (const AssumptionResult& assumption : review.assumptions) {
        if (assumption.could_change && assumption.ask == model.facts[f].path) {
          ++score.reviews;
          break;
        }
      }
    }
    bool missing = std::any_of(scores.begin(), scores.end(), [&](const auto& s) { return s.fact == score.fact; });
    if (score.reviews > 0 && !missing) assumed.push_back(score);
  }
  std::sort(assumed.begin(), assumed.end(), [&](const auto& a, const auto& b) { return internal::AskBefore(model, a, b); });
  for (const internal::QuestionScore& score : assumed) {
    const internal::FactDecl& fact = model.facts[score.fact];
    Question question = question_for(score.fact);
    question.assumed = true;
    for (const ReviewResult& review : screening.reviews) {
      for (const AssumptionResult& assumption : review.assumptions) {
        if (!assumption.could_change || assumption.ask != fact.path) continue;
        question.reviews.push_back(review.id);
        if (!question.why.empty()) question.why += "; ";
        question.why += "the screening assumed an answer; another could change the " + std::string(review.title);
        break;
      }
    }
    questions.push_back(std::move(question));
  }
  return questions;
}

}  // namespace threshold
