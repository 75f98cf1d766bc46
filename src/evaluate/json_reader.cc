// IsJson: the reader of json_reader.h with a handler that takes everything (AcceptAll). Stage:
// evaluate (input).
#include "evaluate/json_reader.h"

namespace threshold::evaluate {

bool IsJson(std::string_view text) {
  AcceptAll handler;
  std::string scratch;
  return JsonReader<AcceptAll>::Read(text, handler, scratch).status == JsonReadResult::kDone;
}

}  // namespace threshold::evaluate
