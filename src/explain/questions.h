// Ranking the missing facts of all reviews into questions for the referrer. One comparator
// serves both Screening::next_question and RankQuestions, so they always agree. Stage: explain.
#ifndef THRESHOLD_EXPLAIN_QUESTIONS_H_
#define THRESHOLD_EXPLAIN_QUESTIONS_H_

#include <vector>

#include "check/model.h"
#include "threshold/screening.h"

namespace threshold::internal {

struct QuestionScore {
  int fact = -1;
  int reviews = 0;   // how many reviews list it as missing
  int decisive = 0;  // summed decisiveness across those reviews
};

// Scores every fact missing from at least one review, in declaration order.
std::vector<QuestionScore> ScoreQuestions(const Model& model, const std::vector<ReviewResult>& reviews);

// True when `a` should be asked before `b`: more reviews, then lower sensitivity, then more
// decisive, then declared earlier.
bool AskBefore(const Model& model, const QuestionScore& a, const QuestionScore& b);

std::string_view FactTypeName(FactType type);

}  // namespace threshold::internal

#endif  // THRESHOLD_EXPLAIN_QUESTIONS_H_
