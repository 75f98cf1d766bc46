// Edit-distance suggestions for misspelt names. Stage: common.
#include "common/suggest.h"

#include <algorithm>
#include <numeric>

namespace threshold::common {

int EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions, and swaps of two neighbouring
  // letters ("adlut" for "adult") each count as one edit. Three rolling rows of the table, so the
  // memory is linear in the length of b.
  std::vector<int> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  std::iota(previous.begin(), previous.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  // Nobody mistypes a name this long: a longer one is not a typo, and it could be hostile input
  // (a field name of megabytes) whose edit distance to every candidate would cost its length times theirs.
  if (name.size() > kLongestSuggestedName) return "";
  int allowed = std::max<int>(1, static_cast<int>(name.size()) / 3);
  int best = allowed + 1;
  std::string_view choice;
  for (std::string_view candidate : candidates) {
    int distance = allowed + 1;
    // A candidate that ends with the name ("age" -> "subject.age") is also a good hint.
    if (candidate.size() > name.size() && candidate.substr(candidate.size() - name.size()) == name &&
        candidate[candidate.size() - name.size() - 1] == '.') {
      distance = allowed;
    }
    // The lengths alone bound the distance from below: skip the table when they rule it out.
    size_t difference = candidate.size() > name.size() ? candidate.size() - name.size() : name.size() - candidate.size();
    if (difference <= static_cast<size_t>(allowed)) distance = std::min(distance, EditDistance(name, candidate));
    if (distance < best) {
      best = distance;
      choice = candidate;
    }
  }
  return std::string(choice);
}

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string suggestion = Suggest(name, candidates);
  if (suggestion.empty()) return "";
  return "; did you mean '" + suggestion + "'?";
}

}  // namespace threshold::common
