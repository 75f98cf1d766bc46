// Line index over a source text. Stage: common.
#include "common/source.h"

#include <algorithm>

namespace threshold::common {

SourceIndex::SourceIndex(std::string name, std::string_view text)
    : name_(std::move(name)), text_(text) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

int SourceIndex::Line(uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<int>(it - line_starts_.begin());
}

int SourceIndex::Column(uint32_t offset) const {
  uint32_t start = line_starts_[Line(offset) - 1];
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  int column = 1;
  for (uint32_t i = start; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

std::string_view SourceIndex::LineText(int line) const {
  if (line < 1 || line > static_cast<int>(line_starts_.size())) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < static_cast<int>(line_starts_.size())
                     ? line_starts_[line] - 1
                     : static_cast<uint32_t>(text_.size());
  std::string_view result = text_.substr(start, end - start);
  if (!result.empty() && result.back() == '\r') result.remove_suffix(1);
  return result;
}

SourceSpan SourceIndex::Span(uint32_t begin, uint32_t end) const {
  return SourceSpan{name_, begin, end, Line(begin), Column(begin)};
}

}  // namespace threshold::common
