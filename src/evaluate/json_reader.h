// A strict JSON reader (RFC 8259) that reports what it reads as events to a handler, for the case
// decoder. It builds nothing: strings without escapes are handed over as views into the input, and
// only a string with escapes is unescaped, into one reusable buffer. Written for the decoder's
// speed (nlohmann's SAX lexer copied every string, byte by byte, and was most of the cost of
// decoding) and for its exactness: a NUL byte is an error like any other stray byte, not the end
// of the input.
//
// What it accepts is what nlohmann::json::parse accepts: one value between optional white space,
// an optional UTF-8 byte-order mark at the very start, strings of valid UTF-8 (RFC 3629: no
// overlong forms, no surrogates) with the JSON escapes, and numbers in JSON's grammar. Numbers are
// reported as nlohmann reports them: a negative whole number that fits in int64 as Integer, a
// non-negative one that fits in uint64 as Unsigned, anything else as Float; a number too large for
// a double is an error. fuzz/fuzz_decode.cc checks the two agree.
//
// The handler has bool Null(), Bool(bool), Integer(int64_t), Unsigned(uint64_t), Float(double,
// bool whole) (whole: the text denotes a whole number exactly, whatever the double rounds to),
// String(std::string_view), Key(std::string_view), StartObject(), EndObject(), StartArray() and
// EndArray(); returning false stops the reading (the handler's own limit, not a syntax error).
// Stage: evaluate (input).
#ifndef THRESHOLD_EVALUATE_JSON_READER_H_
#define THRESHOLD_EVALUATE_JSON_READER_H_

#include <algorithm>
#include <clocale>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace threshold::evaluate {

struct JsonReadResult {
  enum Status { kDone, kStopped, kSyntaxError } status = kDone;
  // kSyntaxError: the byte where the text stops being JSON, counted from 1 (one past the end for a
  // text that ends too soon).
  size_t byte = 0;
};

template <typename Handler>
class JsonReader {
 public:
  // Reads `text` into `handler`. `scratch` holds unescaped strings; reusing it saves allocations.
  static JsonReadResult Read(std::string_view text, Handler& handler, std::string& scratch) {
    JsonReader reader(text, handler, scratch);
    return reader.ReadDocument();
  }

 private:
  // Nesting deeper than this is a syntax error. The decoder stops far sooner (at 32 levels); this
  // only bounds the recursion for any other handler.
  static constexpr int kMaxDepth = 512;

  // Why reading ended early.
  enum Flow { kGo, kStop, kBad };

  JsonReader(std::string_view text, Handler& handler, std::string& scratch)
      : begin_(text.data()), at_(text.data()), end_(text.data() + text.size()), handler_(handler), scratch_(scratch) {}

  JsonReadResult ReadDocument() {
    if (end_ - at_ >= 3 && Byte(0) == 0xEF && Byte(1) == 0xBB && Byte(2) == 0xBF) at_ += 3;
    SkipSpace();
    Flow flow = ReadValue(0);
    if (flow == kGo) {
      SkipSpace();
      if (at_ != end_) flow = Bad();
    }
    if (flow == kStop) return {JsonReadResult::kStopped, 0};
    if (flow == kBad) return {JsonReadResult::kSyntaxError, static_cast<size_t>(error_at_ - begin_) + 1};
    return {JsonReadResult::kDone, 0};
  }

  unsigned char Byte(ptrdiff_t ahead) const { return static_cast<unsigned char>(at_[ahead]); }

  Flow Bad() {
    error_at_ = at_;
    return kBad;
  }

  static Flow Go(bool handler_goes_on) { return handler_goes_on ? kGo : kStop; }

  void SkipSpace() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  Flow ReadValue(int depth) {
    if (at_ == end_) return Bad();
    switch (*at_) {
      case '{': return ReadObject(depth + 1);
      case '[': return ReadArray(depth + 1);
      case '"': {
        std::string_view text;
        if (Flow flow = ReadString(text); flow != kGo) return flow;
        return Go(handler_.String(text));
      }
      case 't': return ReadWord("true") == kGo ? Go(handler_.Bool(true)) : kBad;
      case 'f': return ReadWord("false") == kGo ? Go(handler_.Bool(false)) : kBad;
      case 'n': return ReadWord("null") == kGo ? Go(handler_.Null()) : kBad;
      default: return ReadNumber();
    }
  }

  Flow ReadWord(std::string_view word) {
    for (char c : word) {
      if (at_ == end_ || *at_ != c) return Bad();
      ++at_;
    }
    return kGo;
  }

  Flow ReadObject(int depth) {
    if (depth > kMaxDepth) return Bad();
    ++at_;  // '{'
    if (!handler_.StartObject()) return kStop;
    SkipSpace();
    if (at_ != end_ && *at_ == '}') {
      ++at_;
      return Go(handler_.EndObject());
    }
    while (true) {
      if (at_ == end_ || *at_ != '"') return Bad();
      std::string_view key;
      if (Flow flow = ReadString(key); flow != kGo) return flow;
      SkipSpace();
      if (at_ == end_ || *at_ != ':') return Bad();
      ++at_;
      if (!handler_.Key(key)) return kStop;
      SkipSpace();
      if (Flow flow = ReadValue(depth); flow != kGo) return flow;
      SkipSpace();
      if (at_ == end_) return Bad();
      if (*at_ == '}') {
        ++at_;
        return Go(handler_.EndObject());
      }
      if (*at_ != ',') return Bad();
      ++at_;
      SkipSpace();
    }
  }

  Flow ReadArray(int depth) {
    if (depth > kMaxDepth) return Bad();
    ++at_;  // '['
    if (!handler_.StartArray()) return kStop;
    SkipSpace();
    if (at_ != end_ && *at_ == ']') {
      ++at_;
      return Go(handler_.EndArray());
    }
    while (true) {
      if (Flow flow = ReadValue(depth); flow != kGo) return flow;
      SkipSpace();
      if (at_ == end_) return Bad();
      if (*at_ == ']') {
        ++at_;
        return Go(handler_.EndArray());
      }
      if (*at_ != ',') return Bad();
      ++at_;
      SkipSpace();
    }
  }

  // A string, at its opening quote. `out` views the input when the string has no escapes, and
  // `scratch_` otherwise.
  Flow ReadString(std::string_view& out) {
    ++at_;  // '"'
    const char* start = at_;
    bool copied = false;
    while (true) {
      if (at_ == end_) return Bad();
      unsigned char c = Byte(0);
      if (c == '"') {
        if (copied) {
          scratch_.append(start, at_);
          out = scratch_;
        } else {
          out = std::string_view(start, static_cast<size_t>(at_ - start));
        }
        ++at_;
        return kGo;
      }
      if (c < 0x20) return Bad();  // control characters must be escaped
      if (c < 0x80 && c != '\\') {
        ++at_;
        continue;
      }
      if (c >= 0x80) {
        if (!SkipUtf8()) return kBad;
        continue;
      }
      // An escape: from here on the string is built in scratch_.
      if (!copied) {
        scratch_.clear();
        copied = true;
      }
      scratch_.append(start, at_);
      if (Flow flow = ReadEscape(); flow != kGo) return flow;
      start = at_;
    }
  }

  // One UTF-8 sequence of 2 to 4 bytes at at_, checked by RFC 3629's table.
  bool SkipUtf8() {
    unsigned char lead = Byte(0);
    int length;
    unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;   // no overlong forms
      if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;   // no overlong forms
      if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
      Bad();
      return false;
    }
    ++at_;
    for (int i = 1; i < length; ++i) {
      if (at_ == end_) {
        Bad();
        return false;
      }
      unsigned char c = Byte(0);
      if (c < (i == 1 ? low : 0x80) || c > (i == 1 ? high : 0xBF)) {
        Bad();
        return false;
      }
      ++at_;
    }
    return true;
  }

  // An escape, at its backslash, appended to scratch_ as UTF-8.
  Flow ReadEscape() {
    ++at_;  // '\\'
    if (at_ == end_) return Bad();
    char c = *at_++;
    switch (c) {
      case '"': scratch_ += '"'; return kGo;
      case '\\': scratch_ += '\\'; return kGo;
      case '/': scratch_ += '/'; return kGo;
      case 'b': scratch_ += '\b'; return kGo;
      case 'f': scratch_ += '\f'; return kGo;
      case 'n': scratch_ += '\n'; return kGo;
      case 'r': scratch_ += '\r'; return kGo;
      case 't': scratch_ += '\t'; return kGo;
      case 'u': break;
      default:
        --at_;
        return Bad();
    }
    uint32_t code = 0;
    if (!ReadHex4(code)) return kBad;
    if (code >= 0xDC00 && code <= 0xDFFF) return Bad();  // a low surrogate on its own
    if (code >= 0xD800 && code <= 0xDBFF) {
      // A high surrogate must be followed by an escaped low one.
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return Bad();
      at_ += 2;
      uint32_t low = 0;
      if (!ReadHex4(low)) return kBad;
      if (low < 0xDC00 || low > 0xDFFF) return Bad();
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(code);
    return kGo;
  }

  bool ReadHex4(uint32_t& code) {
    for (int i = 0; i < 4; ++i) {
      if (at_ == end_) {
        Bad();
        return false;
      }
      char c = *at_;
      uint32_t digit;
      if (c >= '0' && c <= '9') digit = static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') digit = static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') digit = static_cast<uint32_t>(c - 'A' + 10);
      else {
        Bad();
        return false;
      }
      code = code * 16 + digit;
      ++at_;
    }
    return true;
  }

  void AppendUtf8(uint32_t code) {
    if (code < 0x80) {
      scratch_ += static_cast<char>(code);
    } else if (code < 0x800) {
      scratch_ += static_cast<char>(0xC0 | (code >> 6));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      scratch_ += static_cast<char>(0xE0 | (code >> 12));
      scratch_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      scratch_ += static_cast<char>(0xF0 | (code >> 18));
      scratch_ += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      scratch_ += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      scratch_ += static_cast<char>(0x80 | (code & 0x3F));
    }
  }

  static bool Digit(char c) { return c >= '0' && c <= '9'; }

  // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  Flow ReadNumber() {
    const char* start = at_;
    bool negative = false;
    if (*at_ == '-') {
      negative = true;
      ++at_;
    }
    if (at_ == end_ || !Digit(*at_)) return Bad();
    const char* digits = at_;
    if (*at_ == '0') {
      ++at_;
    } else {
      while (at_ != end_ && Digit(*at_)) ++at_;
    }
    const char* digits_end = at_;
    bool whole = true;
    if (at_ != end_ && *at_ == '.') {
      whole = false;
      ++at_;
      if (at_ == end_ || !Digit(*at_)) return Bad();
      while (at_ != end_ && Digit(*at_)) ++at_;
    }
    if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
      whole = false;
      ++at_;
      if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (at_ == end_ || !Digit(*at_)) return Bad();
      while (at_ != end_ && Digit(*at_)) ++at_;
    }
    if (whole) {
      // Up to 19 digits always fit in uint64; 20 might.
      uint64_t magnitude = 0;
      bool fits = digits_end - digits <= 20;
      for (const char* p = digits; fits && p != digits_end; ++p) {
        uint64_t digit = static_cast<uint64_t>(*p - '0');
        if (magnitude > (UINT64_MAX - digit) / 10) fits = false;
        else magnitude = magnitude * 10 + digit;
      }
      if (fits && !negative) return Go(handler_.Unsigned(magnitude));
      if (fits && magnitude <= static_cast<uint64_t>(INT64_MAX)) {
        return Go(handler_.Integer(-static_cast<int64_t>(magnitude)));
      }
      if (fits && magnitude == static_cast<uint64_t>(INT64_MAX) + 1) return Go(handler_.Integer(INT64_MIN));
      // Too large for a whole number: a double, as nlohmann reads it.
    }
    // strtod, as nlohmann uses, on a NUL-terminated copy with the locale's decimal point (the
    // program does not change the locale, but a host embedding the library might).
    char small[64];
    std::string large;
    size_t length = static_cast<size_t>(at_ - start);
    char* copy = small;
    if (length + 1 > sizeof small) {
      large.assign(length + 1, '\0');
      copy = large.data();
    }
    const char point = *std::localeconv()->decimal_point;
    for (size_t i = 0; i < length; ++i) copy[i] = start[i] == '.' ? point : start[i];
    copy[length] = '\0';
    char* parsed_end = nullptr;
    double value = std::strtod(copy, &parsed_end);
    // Too large for a double is not a number a record can carry (nlohmann refuses it as an
    // overflow); too small is zero, or nearly, as strtod gives it.
    if (parsed_end != copy + length || !std::isfinite(value)) {
      error_at_ = start;
      return kBad;
    }
    return Go(handler_.Float(value, DenotesWholeNumber(std::string_view(start, length))));
  }

  // Whether a number in JSON's grammar denotes a whole number exactly, from its digits: 1e-400 and
  // 17.0000000000000000001 do not, although a double rounds them to 0 and 17.
  static bool DenotesWholeNumber(std::string_view number) {
    size_t at = number[0] == '-' ? 1 : 0;
    // The significant digits and where the decimal point falls among them.
    int64_t point = 0;       // digits before the point
    int64_t last_nonzero = 0;  // 1-based position of the last non-zero digit, 0 if none
    int64_t position = 0;
    bool after_point = false;
    for (; at < number.size() && number[at] != 'e' && number[at] != 'E'; ++at) {
      if (number[at] == '.') {
        after_point = true;
        continue;
      }
      ++position;
      if (!after_point) ++point;
      if (number[at] != '0') last_nonzero = position;
    }
    if (last_nonzero == 0) return true;  // zero, however it is written
    int64_t exponent = 0;
    if (at < number.size()) {
      ++at;
      bool negative = number[at] == '-';
      if (number[at] == '-' || number[at] == '+') ++at;
      for (; at < number.size(); ++at) {
        exponent = std::min<int64_t>(exponent * 10 + (number[at] - '0'), int64_t{1} << 40);
      }
      if (negative) exponent = -exponent;
    }
    // Whole when every non-zero digit stands at or before the point, once it has moved.
    return last_nonzero <= point + exponent;
  }

  const char* begin_;
  const char* at_;
  const char* end_;
  const char* error_at_ = nullptr;
  Handler& handler_;
  std::string& scratch_;
};

// A handler that accepts every value: for asking only whether a text is JSON, or how much of it
// could still be the start of one.
struct AcceptAll {
  bool Null() { return true; }
  bool Bool(bool) { return true; }
  bool Integer(int64_t) { return true; }
  bool Unsigned(uint64_t) { return true; }
  bool Float(double, bool) { return true; }
  bool String(std::string_view) { return true; }
  bool Key(std::string_view) { return true; }
  bool StartObject() { return true; }
  bool EndObject() { return true; }
  bool StartArray() { return true; }
  bool EndArray() { return true; }
};

// Whether `text` is one JSON value (as the reader reads it), without reporting anything.
bool IsJson(std::string_view text);

}  // namespace threshold::evaluate

#endif  // THRESHOLD_EVALUATE_JSON_READER_H_
