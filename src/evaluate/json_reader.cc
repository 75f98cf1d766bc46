// IsJson: the reader of json_reader.h with a handler that takes everything. Stage: evaluate (input).
#include "evaluate/json_reader.h"

namespace threshold::evaluate {
namespace {

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

}  // namespace

bool IsJson(std::string_view text) {
  AcceptAll handler;
  std::string scratch;
  return JsonReader<AcceptAll>::Read(text, handler, scratch).status == JsonReadResult::kDone;
}

}  // namespace threshold::evaluate
