// Rules::LoadDirectory: reads a rule pack from a directory (every *.rules file and the calendar)
// and compiles it. A file that cannot be read is never taken as empty: a review would silently
// disappear. Stage: the library's front door.
#include "api/load_directory.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "parse/parser.h"

namespace threshold {
namespace internal {
namespace {

namespace fs = std::filesystem;

Diagnostic FileError(const std::string& file, std::string code, std::string message) {
  Diagnostic diagnostic;
  diagnostic.code = std::move(code);
  diagnostic.message = std::move(message);
  diagnostic.where.file = file;
  return diagnostic;
}

bool IsPackFile(const std::string& name) { return name.ends_with(".rules") || name.ends_with(".txt"); }

}  // namespace

bool ReadRuleFile(const fs::path& path, std::size_t size, std::string& text, std::string& error) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = errno != 0 ? std::strerror(errno) : "it could not be opened";
    return false;
  }
  text.assign(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad() || static_cast<std::size_t>(in.gcount()) != size) {
    error = errno != 0 ? std::strerror(errno) : "it could not be read to the end";
    return false;
  }
  // A file that grew while it was read: the part read is not the whole file.
  if (in.peek() != std::char_traits<char>::eof()) {
    error = "it changed while it was read";
    return false;
  }
  return true;
}

CompileResult LoadDirectoryWith(const std::string& directory, const RuleFileReader& reader) {
  CompileResult failed;
  std::error_code error;
  fs::directory_iterator it(directory, error);
  if (error) {
    failed.diagnostics.push_back(
        FileError("", "E308", "cannot read the rules directory '" + directory + "': " + error.message()));
    return failed;
  }
  // The entries first, sorted, so that errors come in a stable order; nothing is read until every
  // entry has been looked at.
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator end; it != end; it.increment(error)) {
    if (error) break;
    entries.push_back(*it);
  }
  if (error) {
    failed.diagnostics.push_back(
        FileError("", "E308", "cannot list the rules directory '" + directory + "': " + error.message()));
    return failed;
  }
  std::sort(entries.begin(), entries.end(),
            [](const fs::directory_entry& a, const fs::directory_entry& b) { return a.path() < b.path(); });
  std::vector<RuleSource> sources;
  for (const fs::directory_entry& entry : entries) {
    std::string name = entry.path().filename().string();
    if (!IsPackFile(name)) continue;
    // status() follows symbolic links: a link to nowhere or a loop of links is an error here.
    fs::file_status status = entry.status(error);
    if (error) {
      failed.diagnostics.push_back(FileError(name, "E308", "cannot read rule file '" + name + "': " + error.message()));
      continue;
    }
    if (fs::is_directory(status)) {
      failed.diagnostics.push_back(
          FileError(name, "E308", "'" + name + "' is a directory, not a rule file; rename or remove it"));
      continue;
    }
    if (!fs::is_regular_file(status)) {
      failed.diagnostics.push_back(FileError(name, "E308", "'" + name + "' is not a regular file"));
      continue;
    }
    std::uintmax_t size = fs::file_size(entry.path(), error);
    if (error) {
      failed.diagnostics.push_back(FileError(name, "E308", "cannot read rule file '" + name + "': " + error.message()));
      continue;
    }
    if (size >= parse::kMaxSourceBytes) {
      failed.diagnostics.push_back(FileError(
          name, "E106",
          "the file is larger than " + std::to_string(parse::kMaxSourceBytes >> 20) +
              " MB; a rule file is text written by people, and so much smaller"));
      continue;
    }
    std::string text, why;
    if (!reader(entry.path(), static_cast<std::size_t>(size), text, why)) {
      failed.diagnostics.push_back(FileError(name, "E308", "cannot read rule file '" + name + "': " + why));
      continue;
    }
    sources.push_back({name, std::move(text)});
  }
  if (!failed.diagnostics.empty()) {
    failed.sources = std::move(sources);
    return failed;
  }
  return Rules::Compile(std::move(sources));
}

}  // namespace internal

CompileResult Rules::LoadDirectory(const std::string& directory) {
  return internal::LoadDirectoryWith(directory, internal::ReadRuleFile);
}

}  // namespace threshold
