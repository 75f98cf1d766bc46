// Shared checks for the libFuzzer targets (fuzz/README.md). Each check aborts through
// FUZZ_CHECK, which libFuzzer reports as a crash with the input that caused it.
#ifndef THRESHOLD_FUZZ_FUZZ_COMMON_H_
#define THRESHOLD_FUZZ_FUZZ_COMMON_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

// The regression tests (tests/robustness/fuzz_replay_*_test.cc) define their own FUZZ_CHECK, a
// test failure, before including a target.
#ifndef FUZZ_CHECK
#define FUZZ_CHECK(condition)                                                          \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)
#endif

namespace threshold::fuzz {

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
inline bool ValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length;
    unsigned code;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2, code = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3, code = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4, code = c & 0x07;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    for (size_t k = 1; k < length; ++k) {
      unsigned char next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    if ((length == 3 && code < 0x800) || (length == 4 && code < 0x10000) || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

// A stable error code: one letter and three digits.
inline bool IsCode(std::string_view code, char series) {
  return code.size() == 4 && code[0] == 'E' && code[1] == series && code[2] >= '0' && code[2] <= '9' &&
         code[3] >= '0' && code[3] <= '9';
}

}  // namespace threshold::fuzz

#endif  // THRESHOLD_FUZZ_FUZZ_COMMON_H_
