// Loading rules and reading case records for the command-line program. Stage: cli.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"

namespace threshold::cli {

std::optional<Rules> LoadRules(const std::string& directory, std::ostream& err) {
  CompileResult compiled = directory.empty() ? Rules::Builtin() : Rules::LoadDirectory(directory);
  if (!compiled.diagnostics.empty()) err << compiled.FormatDiagnostics();
  return compiled.rules;
}

bool ReadInput(const std::string& path, std::string& text, std::ostream& err) {
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "threshold: cannot open '" << path << "'\n";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return true;
}

std::vector<Record> SplitRecords(std::string_view text, const std::string& source) {
  std::vector<Record> records;
  // One JSON value (possibly spread over several lines) is one record.
  if (nlohmann::json::accept(text)) {
    records.push_back({text, source, 1});
    return records;
  }
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  // A pretty-printed object that does not parse is still one (broken) record, not one per line.
  bool first_line_alone = !lines.empty() && nlohmann::json::accept(lines[0]);
  bool opens_object = !lines.empty() && lines[0].find_first_not_of(" \t") != std::string_view::npos &&
                      lines[0][lines[0].find_first_not_of(" \t")] == '{' && !first_line_alone;
  if (opens_object && lines.size() > 1) {
    records.push_back({text, source, 1});
    return records;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    records.push_back({lines[i], source, static_cast<int>(i) + 1});
  }
  return records;
}

}  // namespace threshold::cli
