// Source text with a line index: turns byte offsets into 1-based lines and code-point columns
// by binary search over line starts computed once. Stage: common to every stage that reports.
#ifndef THRESHOLD_COMMON_SOURCE_H_
#define THRESHOLD_COMMON_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "threshold/diagnostic.h"

namespace threshold::common {

class SourceIndex {
 public:
  SourceIndex(std::string name, std::string_view text);

  const std::string& name() const { return name_; }
  std::string_view text() const { return text_; }
  // 1-based line of a byte offset (offsets past the end map to the last line).
  int Line(uint32_t offset) const;
  // 1-based column in Unicode code points.
  int Column(uint32_t offset) const;
  // The byte offset where a 1-based line starts.
  uint32_t LineStart(int line) const { return line_starts_[line - 1]; }
  // The text of a 1-based line, without its line break.
  std::string_view LineText(int line) const;
  // A located span for [begin, end).
  SourceSpan Span(uint32_t begin, uint32_t end) const;

 private:
  std::string name_;
  std::string_view text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace threshold::common

#endif  // THRESHOLD_COMMON_SOURCE_H_
