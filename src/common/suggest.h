// "Did you mean" suggestions: the closest known name to a misspelt one, by edit distance.
// Stage: common (checker and case decoder).
#ifndef THRESHOLD_COMMON_SUGGEST_H_
#define THRESHOLD_COMMON_SUGGEST_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace threshold::common {

// Levenshtein distance between two strings.
int EditDistance(std::string_view a, std::string_view b);

// Names longer than this get no suggestion (see Suggest).
inline constexpr size_t kLongestSuggestedName = 200;

// The candidate closest to `name`, if it is close enough to be a plausible typo (distance at
// most a third of the name's length, and at least 1 edit allowed); otherwise empty. Costs at most
// kLongestSuggestedName squared per candidate, whatever the length of `name`.
std::string Suggest(std::string_view name, const std::vector<std::string_view>& candidates);

// " did you mean 'x'?" or "" (for appending to a message).
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace threshold::common

#endif  // THRESHOLD_COMMON_SUGGEST_H_
