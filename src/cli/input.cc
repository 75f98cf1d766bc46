// Loading rules and reading case records for the command-line program. Stage: cli.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
#include "evaluate/json_reader.h"

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
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    err << "threshold: '" << path << "' is a directory, not a file of case records\n";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "threshold: cannot open '" << path << "'\n";
    return false;
  }
  // Read straight into the string, sized from the file when its size is known (one copy, no
  // doubling); then on to the end in case the file grew or its size was not the whole story.
  text.clear();
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  if (!in.bad() && !in.eof()) {
    char chunk[65536];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) text.append(chunk, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    // A read that failed part way would silently lose the records after it.
    err << "threshold: cannot read all of '" << path << "'\n";
    return false;
  }
  return true;
}

std::vector<Record> SplitRecords(std::string_view text, const std::string& source) {
  std::vector<Record> records;
  // One JSON value (possibly spread over several lines) is one record. The decoder's own reader
  // decides, so "one value" means exactly what decoding will accept (a NUL byte, say, is never
  // JSON, so an input holding one is read line by line and loses nothing after it).
  if (evaluate::IsJson(text)) {
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
  // An empty input is one (empty) record, so it gets an error line rather than no output at all.
  if (lines.empty()) {
    records.push_back({text, source, 1});
    return records;
  }
  // A pretty-printed object that does not parse is still one (broken) record, not one error per
  // line: its first line opens the object and does not close it, its last closes it, and no line in
  // between starts another object. Anything else is JSON Lines, so a JSON Lines input whose first
  // line is broken (truncated, say) still gets a result or an error for every line.
  auto first_char = [](std::string_view line) {  // ' ' for a blank line
    size_t at = line.find_first_not_of(" \t");
    return at == std::string_view::npos ? ' ' : line[at];
  };
  size_t last = lines.size();
  while (last > 0 && first_char(lines[last - 1]) == ' ') --last;
  if (last > 1 && first_char(lines[0]) == '{' && first_char(lines[last - 1]) == '}' &&
      std::none_of(lines.begin() + 1, lines.end(), [&](std::string_view line) { return first_char(line) == '{'; }) &&
      !evaluate::IsJson(lines[0])) {
    records.push_back({text, source, 1});
    return records;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    records.push_back({lines[i], source, static_cast<int>(i) + 1});
  }
  return records;
}

}  // namespace threshold::cli
