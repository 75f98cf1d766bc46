// Edit-distance suggestions for misspelt names. Stage: common.
#include "common/suggest.h"

#include <algorithm>
#include <numeric>

namespace threshold::common {

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
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
