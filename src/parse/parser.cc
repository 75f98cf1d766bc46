// Drives the grammar declaration by declaration and turns syntax errors into diagnostics of the
// form "expected <what>, found '<token>'". Stage: parse.
#include "parse/parser.h"

#include <cctype>

#include "common/source.h"
#include "parse/grammar.h"

namespace threshold::parse {
namespace {

constexpr int kMaxSyntaxErrors = 20;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
         c == '/';
}

// Describes the token at `at` for "found ..." (a word, a quoted string's start, one character,
// or the end of the file).
std::string DescribeToken(std::string_view text, uint32_t at) {
  const char* first = text.data() + at;
  SkipBlanks(first, text.data() + text.size());
  size_t pos = first - text.data();
  if (pos >= text.size()) return "end of file";
  size_t end = pos;
  if (IsWordChar(text[pos])) {
    while (end < text.size() && IsWordChar(text[end]) && end - pos < 40) ++end;
  } else if (text[pos] == '"') {
    return "a string";
  } else {
    // One UTF-8 character.
    end = pos + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  return "'" + std::string(text.substr(pos, end - pos)) + "'";
}

uint32_t TokenStart(std::string_view text, uint32_t at) {
  const char* first = text.data() + at;
  SkipBlanks(first, text.data() + text.size());
  return static_cast<uint32_t>(first - text.data());
}

constexpr std::string_view kStarts[] = {"pack ", "fact ", "condition ", "review ", "advisory ", "example "};

// Whether a top-level declaration starts at `at`, in column 1.
bool StartsDeclaration(std::string_view text, uint32_t at) {
  if (at > 0 && text[at - 1] != '\n') return false;
  std::string_view rest = text.substr(at);
  for (std::string_view start : kStarts) {
    if (rest.substr(0, start.size()) == start) return true;
  }
  return false;
}

// Finds the next line, after `from`, that starts in column 1 with a top-level keyword.
uint32_t Resynchronise(std::string_view text, uint32_t from) {
  size_t pos = text.find('\n', from);
  while (pos != std::string_view::npos) {
    if (StartsDeclaration(text, static_cast<uint32_t>(pos + 1))) return static_cast<uint32_t>(pos + 1);
    pos = text.find('\n', pos + 1);
  }
  return static_cast<uint32_t>(text.size());
}

}  // namespace

ParsedFile Parse(const std::string& name, std::string_view text) {
  ParsedFile result;
  result.file.name = name;
  common::SourceIndex index(name, text);
  const char* base = text.data();
  const char* last = base + text.size();
  const char* cursor = base;
  int errors = 0;
  while (true) {
    SyntaxError error;
    StepResult step = ParseDeclaration(base, cursor, last, result.file, error);
    if (step == StepResult::kParsed) continue;
    if (step == StepResult::kEndOfInput) break;
    Diagnostic diagnostic;
    diagnostic.code = "E101";
    if (step == StepResult::kNoDeclaration) {
      error.offset = static_cast<uint32_t>(cursor - base);
      error.expected = "a declaration (pack, fact, condition, review, advisory or example)";
      diagnostic.code = "E102";
    }
    uint32_t at = TokenStart(text, error.offset);
    std::string found = DescribeToken(text, at);
    if (error.offset < text.size() && (text[error.offset] == '\n' || text[error.offset] == '\r') &&
        error.expected.find("close the string") != std::string::npos) {
      // A string left open: the problem is where its line ends, not at the next line's token.
      at = error.offset;
      found = "end of line";
    }
    diagnostic.message = "expected " + error.expected + ", found " + found;
    diagnostic.where = index.Span(at, at + 1);
    if (at != static_cast<uint32_t>(cursor - base)) {
      uint32_t started = static_cast<uint32_t>(cursor - base);
      diagnostic.notes.push_back({index.Span(started, started + 1), "while parsing the declaration that starts here"});
    }
    result.diagnostics.push_back(std::move(diagnostic));
    if (++errors >= kMaxSyntaxErrors) {
      Diagnostic stop;
      stop.code = "E103";
      stop.message = "too many syntax errors; stopping";
      stop.where = index.Span(at, at + 1);
      result.diagnostics.push_back(std::move(stop));
      break;
    }
    uint32_t started = static_cast<uint32_t>(cursor - base);
    if (at > started && StartsDeclaration(text, at)) {
      // The declaration broke off just where the next one begins (in column 1): resume there,
      // so the next declaration is parsed rather than skipped.
      cursor = base + at;
    } else {
      cursor = base + Resynchronise(text, std::max(at, started));
    }
  }
  return result;
}

}  // namespace threshold::parse
