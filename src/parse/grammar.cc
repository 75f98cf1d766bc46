// Instantiates the rule-file grammar and runs it one declaration at a time, turning Spirit's
// expectation failures into SyntaxError data. The only file that includes grammar_def.h.
// Stage: parse.
#include "parse/grammar.h"

#include "parse/grammar_def.h"

namespace threshold::parse {

void SkipBlanks(const char*& first, const char* last) {
  namespace x3 = boost::spirit::x3;
  x3::parse(first, last, *grammar::skipper);
}

StepResult ParseDeclaration(const char* base, const char*& first, const char* last,
                            ast::File& file, SyntaxError& error) {
  namespace x3 = boost::spirit::x3;
  SkipBlanks(first, last);
  if (first == last) return StepResult::kEndOfInput;
  const char* start = first;
  const char* cursor = first;
  // Boost 1.81's X3 reports an expectation failure by throwing; it never escapes this function.
  int depth = 0;
  try {
    const auto parser = x3::with<grammar::source_begin_tag>(base)[
        x3::with<grammar::nesting_tag>(depth)[grammar::declaration]];
    if (x3::phrase_parse(cursor, last, parser, grammar::skipper, file)) {
      first = cursor;
      return StepResult::kParsed;
    }
    return StepResult::kNoDeclaration;
  } catch (const x3::expectation_failure<const char*>& failure) {
    error.offset = static_cast<uint32_t>(failure.where() - base);
    error.expected = failure.which();
    first = start;
    return StepResult::kSyntaxError;
  } catch (const grammar::NestingTooDeep& too_deep) {
    error.offset = static_cast<uint32_t>(too_deep.where - base);
    error.expected.clear();
    first = start;
    return StepResult::kTooDeep;
  }
}

}  // namespace threshold::parse
