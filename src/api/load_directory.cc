// Rules::LoadDirectory: reads a rule pack from a directory (every *.rules file and the calendar)
// and compiles it. Stage: the library's front door.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "threshold/rules.h"

namespace threshold {

CompileResult Rules::LoadDirectory(const std::string& directory) {
  namespace fs = std::filesystem;
  std::vector<RuleSource> sources;
  std::error_code error;
  fs::directory_iterator it(directory, error);
  if (error) {
    CompileResult result;
    Diagnostic diagnostic;
    diagnostic.code = "E308";
    diagnostic.message = "cannot read the rules directory '" + directory + "': " + error.message();
    result.diagnostics.push_back(std::move(diagnostic));
    return result;
  }
  for (const fs::directory_entry& entry : it) {
    std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !(name.ends_with(".rules") || name.ends_with(".txt"))) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    sources.push_back({name, text.str()});
  }
  return Compile(std::move(sources));
}

}  // namespace threshold
