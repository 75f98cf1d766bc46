// Parse: rule text -> AST plus syntax diagnostics. After a syntax error the parser skips to the
// next line that starts (in column 1) with a top-level keyword and carries on, so one run reports
// the errors of every broken declaration. Stage: parse.
#ifndef THRESHOLD_PARSE_PARSER_H_
#define THRESHOLD_PARSE_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "parse/ast.h"
#include "threshold/diagnostic.h"

namespace threshold::parse {

// Larger rule sources are refused (E106): byte offsets in the AST and in diagnostics are 32-bit,
// and no rule file written by people comes near this. Readers check it before reading a file.
inline constexpr size_t kMaxSourceBytes = size_t{64} << 20;

struct ParsedFile {
  ast::File file;
  std::vector<Diagnostic> diagnostics;
};

// Parses one rule file. Never throws on bad input.
ParsedFile Parse(const std::string& name, std::string_view text);

}  // namespace threshold::parse

#endif  // THRESHOLD_PARSE_PARSER_H_
