// Reading a rule pack from a directory, with the file reading injectable so that tests can make a
// read fail as it would for another user (CI runs as root, whom permission bits do not stop).
// Stage: the library's front door.
#ifndef THRESHOLD_API_LOAD_DIRECTORY_H_
#define THRESHOLD_API_LOAD_DIRECTORY_H_

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include "threshold/rules.h"

namespace threshold::internal {

// Reads the whole of `path` into `text`, whose size is known to be `size` bytes. On failure returns
// false and says why in `error` (e.g. "Permission denied").
using RuleFileReader =
    std::function<bool(const std::filesystem::path& path, std::size_t size, std::string& text, std::string& error)>;

// Reads with an ifstream, checking that the open and every read worked and that the whole file came.
bool ReadRuleFile(const std::filesystem::path& path, std::size_t size, std::string& text, std::string& error);

// Rules::LoadDirectory with the reader given. Every *.rules and *.txt entry of the directory is
// read; an entry that cannot be inspected, opened or read, one that is too large (checked before
// reading) and a directory named like a rule file are each an error naming the file, and then the
// pack is not compiled (what is left would be incomplete, and its errors noise).
CompileResult LoadDirectoryWith(const std::string& directory, const RuleFileReader& reader);

}  // namespace threshold::internal

#endif  // THRESHOLD_API_LOAD_DIRECTORY_H_
