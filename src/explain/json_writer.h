// A small streaming JSON writer: appends to a std::string, escaping strings on the fly, with the
// commas between members and elements handled by a nesting stack. Rendering the result this way is
// many times faster than building a DOM, which matters because a full result is tens of kilobytes
// of mostly fixed text. Stage: explain.
#ifndef THRESHOLD_EXPLAIN_JSON_WRITER_H_
#define THRESHOLD_EXPLAIN_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace threshold::internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // A member name; the next value call writes its value.
  JsonWriter& Key(std::string_view name);
  JsonWriter& String(std::string_view text);
  JsonWriter& Int(int64_t number);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void Separate();
  void Escaped(std::string_view text);

  std::string& out_;
  // One bit per nesting level: whether that level already has an element. 64 levels is far more
  // than a result uses.
  uint64_t has_element_ = 0;
  int depth_ = 0;
  bool after_key_ = false;
};

}  // namespace threshold::internal

#endif  // THRESHOLD_EXPLAIN_JSON_WRITER_H_
