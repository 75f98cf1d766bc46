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

bool FactDecl::Holds(const std::string& op, const std::vector<int64_t>& values, int cell) const {
  int64_t representative = cell;
  if (type == FactType::kInt || type == FactType::kDate) {
    if (cell == 0) {
      representative = type == FactType::kInt ? min : (splits.empty() ? 0 : splits[0] - 1);
    } else {
      representative = splits[cell - 1];
    }
  }
  int64_t c = values.empty() ? 0 : values[0];
  if (type == FactType::kText && cell == static_cast<int>(text_constants.size())) {
    // The "any other text" cell equals no constant.
    if (op == "=" || op == "in") return false;
    if (op == "!=") return true;
  }
  if (op == "=") return representative == c;
  if (op == "!=") return representative != c;
  if (op == "<") return representative < c;
  if (op == "<=") return representative <= c;
  if (op == ">") return representative > c;
  if (op == ">=") return representative >= c;
  if (op == "in") return std::find(values.begin(), values.end(), representative) != values.end();
  return false;
}

uint64_t FactDecl::MaskOf(const std::string& op, const std::vector<int64_t>& values) const {
  uint64_t mask = 0;
  for (int cell = 0; cell < CellCount(); ++cell) {
    if (Holds(op, values, cell)) mask |= uint64_t{1} << cell;
  }
  return mask;
}

std::string FactDecl::DescribeCell(int cell) const {
  switch (type) {
    case FactType::kBool: return cell == 1 ? "yes" : "no";
    case FactType::kEnum: return labels[cell] + " (" + options[cell] + ")";
    case FactType::kText:
      return cell < static_cast<int>(text_constants.size()) ? "\"" + text_constants[cell] + "\""
                                                            : "any other text";
    case FactType::kInt: {
      int64_t low = cell == 0 ? min : splits[cell - 1];
      int64_t high = cell == static_cast<int>(splits.size()) ? max : splits[cell] - 1;
      if (low == high) return std::to_string(low);
      if (cell == 0 && low == min && min == 0) return "under " + std::to_string(high + 1);
      if (high == max) return std::to_string(low) + " or over";
      return std::to_string(low) + " to " + std::to_string(high);
    }
    case FactType::kDate: {
      auto day = [](int64_t days) { return Date::FromDays(static_cast<int32_t>(days)).ToString(); };
      if (splits.empty()) return "any date";
      if (cell == 0) return "before " + day(splits[0]);
      if (cell == static_cast<int>(splits.size())) return "on or after " + day(splits[cell - 1]);
      if (splits[cell] - 1 == splits[cell - 1]) return "on " + day(splits[cell - 1]);
      return "from " + day(splits[cell - 1]) + " to " + day(splits[cell] - 1);
    }
  }
  return "";
}

std::string FactDecl::DescribeCells(int first, int last) const {
  if (first == last || (type != FactType::kInt && type != FactType::kDate)) return DescribeCell(first);
  // Describe the merged range as if it were one cell of a partition without the splits inside it.
  FactDecl merged = *this;
  merged.splits.erase(merged.splits.begin() + first, merged.splits.begin() + last);
  return merged.DescribeCell(first);
}

int Model::FindFact(std::string_view path) const {
  for (size_t i = 0; i < facts.size(); ++i) {
    if (facts[i].path == path) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace threshold::internal
