// Helpers shared by the robustness tests (docs/robustness.md): a scratch directory, running the
// threshold program as a real process, the England pack's files, and rule packs built around them.
#ifndef THRESHOLD_TESTS_ROBUSTNESS_ROBUSTNESS_UTIL_H_
#define THRESHOLD_TESTS_ROBUSTNESS_ROBUSTNESS_UTIL_H_

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "threshold/rules.h"

namespace threshold::robustness {

namespace fs = std::filesystem;

inline std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void WriteFile(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

// A base file's text for a test pack: pack.rules without its list of reviews, and its
// cross-review advisories counting every review (no "among {...}"), since a test pack defines
// reviews of its own (or none).
inline std::string BaseText(const fs::path& file) {
  std::string text = ReadFile(file);
  if (file.filename() == "pack.rules") {
    size_t at = text.find("\n  reviews ");
    if (at != std::string::npos) text.erase(at, text.find('\n', at + 1) - at);
    for (size_t among = text.find(" among {"); among != std::string::npos; among = text.find(" among {", among)) {
      text.erase(among, text.find('}', among) + 1 - among);
    }
  }
  return text;
}


inline std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

struct Output {
  int exit_code = -1;
  std::string out, err;
  std::vector<std::string> lines;  // stdout, line by line
};

// A scratch directory, removed at the end of the test.
class ScratchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/threshold_robustness_XXXXXX";
    char* dir = mkdtemp(pattern);
    ASSERT_NE(dir, nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path Temp(const std::string& name) const { return dir_ / name; }
  fs::path WriteTemp(const std::string& name, std::string_view text) const {
    fs::path path = Temp(name);
    WriteFile(path, text);
    return path;
  }

  // Runs the threshold program; `stdin_file`, if given, is its standard input.
  Output Exec(const std::vector<std::string>& args, const std::optional<fs::path>& stdin_file = std::nullopt) const {
    std::string command = Quote(THRESHOLD_CLI);
    for (const std::string& arg : args) command += " " + Quote(arg);
    fs::path out = Temp(".stdout"), err = Temp(".stderr");
    command += " >" + Quote(out.string()) + " 2>" + Quote(err.string());
    command += " <" + Quote(stdin_file ? stdin_file->string() : std::string("/dev/null"));
    int status = std::system(command.c_str());
    Output run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    run.out = ReadFile(out);
    run.err = ReadFile(err);
    run.lines = SplitLines(run.out);
    return run;
  }

  // A rule pack directory: the England pack's pack.rules, vocabulary.rules and calendar, plus
  // `files` (name, text).
  fs::path Pack(const std::string& name, const std::vector<std::pair<std::string, std::string>>& files) const {
    fs::path dir = Temp(name);
    fs::create_directories(dir);
    fs::path england = fs::path(THRESHOLD_SOURCE_DIR) / "rules" / "england";
    for (const char* base : {"pack.rules", "vocabulary.rules", "bank-holidays.txt"}) {
      WriteFile(dir / base, BaseText(england / base));
    }
    for (const auto& [file, text] : files) WriteFile(dir / file, text);
    return dir;
  }

  fs::path dir_;
};

// The England pack's pack.rules, vocabulary.rules and calendar as sources, plus `extra`.
inline std::vector<RuleSource> BaseSources(std::vector<RuleSource> extra = {}) {
  fs::path england = fs::path(THRESHOLD_SOURCE_DIR) / "rules" / "england";
  std::vector<RuleSource> sources;
  for (const char* base : {"pack.rules", "vocabulary.rules", "bank-holidays.txt"}) {
    sources.push_back({base, BaseText(england / base)});
  }
  for (RuleSource& source : extra) sources.push_back(std::move(source));
  return sources;
}

// The codes of a compile's diagnostics, in order, joined by spaces.
inline std::string Codes(const CompileResult& result) {
  std::string codes;
  for (const Diagnostic& d : result.diagnostics) codes += (codes.empty() ? "" : " ") + d.code;
  return codes;
}

// The built-in rules, compiled once for the whole test binary.
inline const Rules& Builtin() {
  static const Rules rules = *Rules::Builtin().rules;
  return rules;
}

}  // namespace threshold::robustness

#endif  // THRESHOLD_TESTS_ROBUSTNESS_ROBUSTNESS_UTIL_H_
