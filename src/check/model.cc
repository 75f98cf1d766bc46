// Small helpers of the checked model: value partitions and fact lookup. Stage: check.
#include "check/model.h"

#include <algorithm>

namespace threshold::internal {

int FactDecl::CellCount() const {
  switch (type) {
    case FactType::kBool: return 2;
    case FactType::kEnum: return static_cast<int>(options.size());
    case FactType::kText: return static_cast<int>(text_constants.size()) + 1;
    case FactType::kInt:
    case FactType::kDate: return static_cast<int>(splits.size()) + 1;
  }
  return 1;
}

int FactDecl::CellOf(int64_t value) const {
  switch (type) {
    case FactType::kBool:
    case FactType::kEnum:
    case FactType::kText: return static_cast<int>(value);
    case FactType::kInt:
    case FactType::kDate:
      return static_cast<int>(std::upper_bound(splits.begin(), splits.end(), value) - splits.begin());
  }
  return 0;
}

int Model::FindFact(std::string_view path) const {
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace threshold::internal
