// Edit-distance suggestions for misspelt names. Stage: common.
#include "common/suggest.h"

#include <algorithm>
#include <numeric>

namespace threshold::common {

int EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions, and swaps of two neighbouring
  // letters ("adlut" for "adult") each count as one edit.
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates) {
  int allowed = std::max<int>(1, static_cast<int>(name.size()) / 3);
  int best = allowed + 1;
  std::string_view choice;
  for (std::string_view candidate : candidates) {
    int distance = EditDistance(name, candidate);
    // A candidate that ends with the name ("age" -> "subject.age") is also a good hint.
    if (distance > allowed && candidate.size() > name.size() &&
        candidate.substr(candidate.size() - name.size()) == name &&
        candidate[candidate.size() - name.size() - 1] == '.') {
      distance = allowed;
    }
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
