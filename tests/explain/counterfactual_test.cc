// Counterfactuals ("what would lead to another outcome", src/explain/counterfactual.cc): each
// lists changes that are enough to reach its outcome, and no change the outcome is reached
// without. (A path through the decision diagram gives every fact it tests; the changes that are
// needed on no completion of the case are dropped.)
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "threshold/rules.h"

namespace threshold {
namespace {

using nlohmann::json;

class Counterfactuals : public ::testing::Test {
 protected:
  static const Rules& rules() {
    static const Rules built = *Rules::Builtin().rules;
    return built;
  }

  Screening Screen(const json& record) {
    DecodeResult decoded = rules().DecodeValue(record);
    EXPECT_TRUE(decoded.ok()) << record.dump();
    ScreenOptions options;
    options.as_of = Date::FromYmd(2026, 6, 30);
    Screening screening;
    rules().Screen(*decoded.facts, options, screening);
    return screening;
  }

  static const ReviewResult& Review(const Screening& s, std::string_view id) {
    for (const ReviewResult& r : s.reviews) {
      if (r.id == id) return r;
    }
    ADD_FAILURE() << "no review " << id;
    return s.reviews.front();
  }

  static std::vector<std::string> Changes(const ReviewResult& review, std::string_view outcome) {
    for (const Counterfactual& c : review.why_not) {
      if (c.outcome != outcome) continue;
      std::vector<std::string> facts;
      for (const FactChange& change : c.changes) facts.emplace_back(change.fact);
      return facts;
    }
    return {"(no counterfactual)"};
  }
};

// A 14-year-old died in the area; abuse or neglect not suspected; looked-after status not given,
// so the looked-after death notification is still possible (no default: the review waits). Where
// the child normally lived cannot matter once the death was in the area, and whether they were
// looked after does not matter to the Panel notification once abuse is known or suspected.
TEST_F(Counterfactuals, ListOnlyTheChangesThatAreNeeded) {
  json record = {{"aware_date", "2025-04-01"},
                 {"incident_date", "2025-03-28"},
                 {"subject", {{"age", 14}}},
                 {"incident", {{"died", true}, {"location", "in_area"}, {"suicide", false}}},
                 {"abuse_or_neglect", "not_suspected"}};
  Screening s = Screen(record);
  const ReviewResult& cspr = Review(s, "cspr");
  ASSERT_FALSE(cspr.determined());
  EXPECT_EQ(cspr.possible_outcomes, (std::vector<std::string_view>{"notify_lac_death", "not_met"}));
  EXPECT_EQ(Changes(cspr, "notify_panel"), std::vector<std::string>{"abuse_or_neglect"});
  EXPECT_EQ(Changes(cspr, "notify_lac_death"), std::vector<std::string>{"subject.looked_after"});

  // And they are enough: making each change reaches its outcome.
  json abused = record;
  abused["abuse_or_neglect"] = "known";
  EXPECT_EQ(Review(Screen(abused), "cspr").outcome_id, "notify_panel");
  json looked_after = record;
  looked_after["subject"]["looked_after"] = true;
  EXPECT_EQ(Review(Screen(looked_after), "cspr").outcome_id, "notify_lac_death");
}

}  // namespace
}  // namespace threshold
