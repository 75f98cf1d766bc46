// Drives the grammar declaration by declaration and turns syntax errors into diagnostics of the
// form "expected <what>, found '<token>'". Stage: parse.
#include "parse/parser.h"

#include <cctype>

#include "common/source.h"
#include "parse/grammar.h"

namespace threshold::parse {
namespace {

constexpr int kMaxSyntaxErrors = 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' ||
         c == '/';
}

// The length of the valid UTF-8 character at text[pos], or 0 if the bytes there are not one
// (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, or a code
// point above U+10FFFF).
size_t Utf8Length(std::string_view text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  if (c < 0x80) return 1;
  size_t length;
  uint32_t code;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    code = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    code = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  for (size_t i = 1; i < length; ++i) {
    unsigned char next = static_cast<unsigned char>(text[pos + i]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return 0;
  }
  return length;
}

// Describes the token at `at` for "found ..." (a word, a quoted string's start, one character,
// or the end of the file). Control characters and bytes that are not UTF-8 are named, never
// copied, so a message is always printable text (and valid in JSON).
std::string DescribeToken(std::string_view text, uint32_t at) {
  const char* first = text.data() + at;
  SkipBlanks(first, text.data() + text.size());
  size_t pos = first - text.data();
  if (pos >= text.size()) return "end of file";
  size_t end = pos;
  unsigned char c = static_cast<unsigned char>(text[pos]);
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (IsWordChar(text[pos])) {
    while (end < text.size() && IsWordChar(text[end]) && end - pos < 40) ++end;
  } else if (text[pos] == '"') {
    return "a string";
  } else if (c < 0x20 || c == 0x7F) {
    return std::string("a control character (U+00") + kHex[c >> 4] + kHex[c & 15] + ")";
  } else {
    // One UTF-8 character.
    size_t length = Utf8Length(text, pos);
    if (length == 0) return std::string("a byte that is not UTF-8 (0x") + kHex[c >> 4] + kHex[c & 15] + ")";
    end = pos + length;
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
  // Byte offsets are 32-bit: a larger file is refused whole rather than mislocated.
  if (text.size() >= kMaxSourceBytes) {
    Diagnostic diagnostic;
    diagnostic.code = "E106";
    diagnostic.message = "the file is larger than " + std::to_string(kMaxSourceBytes >> 20) +
                         " MB; a rule file is text written by people, and so much smaller";
    diagnostic.where.file = name;
    result.diagnostics.push_back(std::move(diagnostic));
    return result;
  }
  common::SourceIndex index(name, text);
  const char* base = text.data();
  const char* last = base + text.size();
  const char* cursor = base;
  int errors = 0;
  // A UTF-8 byte-order mark (as some Windows editors write) is not content: skip it.
  if (text.starts_with(kUtf8Bom)) cursor += kUtf8Bom.size();
  // Rule text is UTF-8: its strings become titles, questions and citations in JSON output and in
  // messages. Each line holding bytes that are not UTF-8 is reported once, at the first of them.
  for (size_t pos = cursor - base; pos < text.size();) {
    size_t length = Utf8Length(text, pos);
    if (length > 0) {
      pos += length;
      continue;
    }
    Diagnostic diagnostic;
    diagnostic.code = "E105";
    unsigned char c = static_cast<unsigned char>(text[pos]);
    static constexpr char kHex[] = "0123456789ABCDEF";
    diagnostic.message = std::string("invalid UTF-8 (byte 0x") + kHex[c >> 4] + kHex[c & 15] +
                         " is not part of a valid character); save the file as UTF-8";
    diagnostic.where = index.Span(static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + 1));
    pos = text.find('\n', pos);
    if (++errors >= kMaxSyntaxErrors) {
      Diagnostic stop;
      stop.code = "E103";
      stop.message = "too many syntax errors; stopping";
      stop.where = diagnostic.where;
      result.diagnostics.push_back(std::move(diagnostic));
      result.diagnostics.push_back(std::move(stop));
      return result;
    }
    result.diagnostics.push_back(std::move(diagnostic));
  }
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
    if (step == StepResult::kTooDeep) {
      diagnostic.code = "E104";
      at = error.offset;
      diagnostic.message = "nested more than " + std::to_string(kMaxNesting) +
                           " levels deep (each '(', 'not' and 'N days after' is a level); simplify it, "
                           "or make part of a condition a condition of its own";
    }
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
