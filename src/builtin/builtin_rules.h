// The built-in rule pack, embedded into the library at build time by cmake/EmbedFiles.cmake
// (the generated source defines these functions). Stage: input to parse.
#ifndef THRESHOLD_BUILTIN_BUILTIN_RULES_H_
#define THRESHOLD_BUILTIN_BUILTIN_RULES_H_

#include <span>
#include <string_view>

namespace threshold::builtin {

// One embedded file: its name inside the pack directory and its bytes.
struct EmbeddedFile {
  std::string_view name;
  std::string_view text;
};

std::string_view BuiltinPackName();
std::span<const EmbeddedFile> BuiltinRuleFiles();

}  // namespace threshold::builtin

#endif  // THRESHOLD_BUILTIN_BUILTIN_RULES_H_
