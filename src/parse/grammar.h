// The rule-file grammar's entry point, with no Boost type in sight: the Spirit X3 definitions live
// in grammar_def.h, which only grammar.cc includes. Stage: parse.
#ifndef THRESHOLD_PARSE_GRAMMAR_H_
#define THRESHOLD_PARSE_GRAMMAR_H_

#include <cstdint>
#include <string>

#include "parse/ast.h"

namespace threshold::parse {

enum class StepResult {
  kParsed,         // one declaration was appended to the file
  kEndOfInput,     // only blanks and comments remained
  kNoDeclaration,  // the next word does not start a declaration
  kSyntaxError,    // a declaration started but broke off: see SyntaxError
  kTooDeep,        // parentheses, 'not' or 'after' nested deeper than kMaxNesting (at SyntaxError::offset)
};

// How deeply conditions ('(' and 'not') and due dates ('N days after') may nest. The parser, the
// checker and the evaluator all recurse once per level, so the limit keeps hostile rule files
// from overflowing the stack. Documented in docs/robustness.md and docs/language.md.
inline constexpr int kMaxNesting = 100;

struct SyntaxError {
  uint32_t offset = 0;   // where the parser expected something else
  std::string expected;  // what it expected, as a noun phrase ("'if'", "a condition")
};

// Skips blanks and comments, then parses one top-level declaration from [first, last) and
// appends it to `file`. `base` is the start of the whole source (for byte ranges). On success
// `first` moves past the declaration; on failure it is left where the declaration began.
StepResult ParseDeclaration(const char* base, const char*& first, const char* last,
                            ast::File& file, SyntaxError& error);

// Moves `first` past blanks and comments.
void SkipBlanks(const char*& first, const char* last);

}  // namespace threshold::parse

#endif  // THRESHOLD_PARSE_GRAMMAR_H_
