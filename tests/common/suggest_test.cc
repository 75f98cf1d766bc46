// Did-you-mean suggestions (src/common/suggest.cc): which typos they catch, and that their cost is
// bounded whatever the length of the misspelt name.
#include "common/suggest.h"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace threshold::common {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("adult", "adult"), 0);
  EXPECT_EQ(EditDistance("adlut", "adult"), 1);   // two neighbours swapped
  EXPECT_EQ(EditDistance("adul", "adult"), 1);    // one deleted
  EXPECT_EQ(EditDistance("adullt", "adult"), 1);  // one inserted
  EXPECT_EQ(EditDistance("adalt", "adult"), 1);   // one substituted
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("ca", "abc"), 3);        // optimal string alignment, not full Damerau
}

TEST(Suggest, FindsTheClosestPlausibleName) {
  std::vector<std::string_view> names = {"subject.age", "subject.in_area", "incident.died"};
  EXPECT_EQ(Suggest("subject.aeg", names), "subject.age");
  EXPECT_EQ(Suggest("incident.dead", names), "incident.died");
  EXPECT_EQ(Suggest("age", names), "subject.age");  // the last part of a dotted name
  EXPECT_EQ(Suggest("weather", names), "");          // nothing close
  EXPECT_EQ(DidYouMean("subject.aeg", names), "; did you mean 'subject.age'?");
  EXPECT_EQ(DidYouMean("weather", names), "");
}

TEST(Suggest, LongNamesCostNothing) {
  std::vector<std::string_view> names = {"subject.age", "subject.in_area"};
  std::string name(kLongestSuggestedName + 1, 'a');
  EXPECT_EQ(Suggest(name, names), "");
  std::string same_length_as_a_long_candidate(5'000'000, 'x');
  std::string candidate(5'000'000, 'x');
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Suggest(same_length_as_a_long_candidate, {candidate}), "");  // would be 25e12 cells
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
}

}  // namespace
}  // namespace threshold::common
