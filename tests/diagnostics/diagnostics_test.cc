// Golden diagnostics: every tests/diagnostics/cases/NN_name.rules is compiled on its own with
// Rules::Compile, and the rendered diagnostics must equal NN_name.expected byte for byte. One
// test per case file, found by listing the directory. To regenerate the expected files after a
// deliberate change of wording, run the binary with THRESHOLD_UPDATE_GOLDEN=1, then read every
// changed file before committing it. (Two expected files are written by hand as the message
// should read, and fail until the engine is fixed: 02_syntax_unterminated_string and
// 41_top_level_advisory_uses_a_condition; regenerating would overwrite them.)
//
// Also here: a file with many errors reports every one of them, sorted by position.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "threshold/rules.h"

namespace threshold {
namespace {

namespace fs = std::filesystem;

fs::path CasesDirectory() { return fs::path(THRESHOLD_SOURCE_DIR) / "tests/diagnostics/cases"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The case names (file names without ".rules"), sorted.
std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(CasesDirectory(), error)) {
    if (entry.is_regular_file() && entry.path().extension() == ".rules") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenDiagnostics : public testing::TestWithParam<std::string> {};

TEST_P(GoldenDiagnostics, MatchesExpectedText) {
  const std::string& name = GetParam();
  const fs::path rules_path = CasesDirectory() / (name + ".rules");
  const fs::path expected_path = CasesDirectory() / (name + ".expected");
  CompileResult result = Rules::Compile({{name + ".rules", ReadFile(rules_path)}});
  const std::string actual = result.FormatDiagnostics();
  EXPECT_FALSE(result.ok()) << "a golden case must not compile cleanly";

  if (const char* update = std::getenv("THRESHOLD_UPDATE_GOLDEN"); update && *update == '1') {
    std::ofstream(expected_path, std::ios::binary) << actual;
    GTEST_SKIP() << "wrote " << expected_path;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; actual output:\n"
                                         << actual;
  const std::string expected = ReadFile(expected_path);
  EXPECT_EQ(actual, expected) << "---- expected (" << expected_path.filename().string()
                              << ") ----\n"
                              << expected << "---- actual ----\n"
                              << actual << "----";
}

// The directory listing must find the cases; an empty parameter list would pass silently.
TEST(GoldenDiagnosticsDirectory, HasCases) { EXPECT_GE(CaseNames().size(), 24u); }

// Every case has both files.
TEST(GoldenDiagnosticsDirectory, EveryExpectedFileHasARulesFile) {
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(CasesDirectory(), error)) {
    if (entry.path().extension() != ".expected") continue;
    fs::path rules = entry.path();
    rules.replace_extension(".rules");
    EXPECT_TRUE(fs::exists(rules)) << entry.path() << " has no .rules file";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, GoldenDiagnostics, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return "case_" + name;
                         });

// ---- Many errors in one file ------------------------------------------------------------------

// One file with an error of each checker kind, in scrambled declaration order (facts are
// resolved before conditions, reviews after, examples last), so sorting is really exercised.
constexpr char kManyErrors[] = R"(pack t "Test" version "1"

example e "An example"
  given
    died is yes
  expect
    nosuch is x
end

fact died: yes/no
  question "Did the person die?"
  sensitivity hihg

condition c1 "first"
  if dide

fact incident_date: date
  question "When?"

condition c2 "second"
  if incident_date < 2023-02-30
  cite statute "Test Act" "s1"

review r "Review"
  decided by "Board"
  dated by died
  cite statute "Test Act" "s1"

  rules r_2020 "Test Act"
    in force from 2020-01-01
    cite statute "Test Act" "s1"
    outcome needed "Needed"
      if died = 3
      cite statute "Test Act" "s2"
  end
end

fact died: yes/no
  question "Again?"
)";

struct Position {
  int line;
  int column;
  std::string code;
  bool operator==(const Position&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Position& p) {
  return out << p.line << ":" << p.column << " " << p.code;
}

TEST(ManyErrors, EveryErrorIsReportedInPositionOrder) {
  CompileResult result = Rules::Compile({{"many.rules", kManyErrors}});
  ASSERT_FALSE(result.ok());
  std::vector<Position> got;
  for (const Diagnostic& d : result.diagnostics) {
    EXPECT_EQ(d.where.file, "many.rules") << d.message;
    got.push_back({d.where.line, d.where.column, d.code});
  }
  const std::vector<Position> want = {
      {7, 5, "E307"},    // unknown review 'nosuch'
      {12, 15, "E208"},  // unknown sensitivity 'hihg'
      {14, 11, "E301"},  // condition 'c1' has no citation
      {15, 6, "E201"},   // unknown name 'dide'
      {21, 22, "E206"},  // invalid date '2023-02-30'
      {26, 12, "E203"},  // 'dated by' fact is not a date
      {29, 9, "E302"},   // rule set has no otherwise
      {33, 17, "E203"},  // died compared with a number
      {38, 6, "E305"},   // duplicate fact 'died'
  };
  EXPECT_EQ(got, want) << result.FormatDiagnostics();
}

// Syntax errors and checker errors in one file come out in one position order.
constexpr char kSyntaxAndCheckErrors[] = R"(pack t "Test" version "1"

fact died: yes/no
  question "Did the person die?"

condition c1 "first"
  if dide
  cite statute "Test Act" "s1"

condition c2 "second"
  if died and
  cite statute "Test Act" "s2"

condition c3 "third"
  if diedd
  cite statute "Test Act" "s3"
)";

TEST(ManyErrors, SyntaxAndCheckErrorsAreSortedTogether) {
  CompileResult result = Rules::Compile({{"mixed.rules", kSyntaxAndCheckErrors}});
  ASSERT_FALSE(result.ok());
  std::vector<Position> got;
  for (const Diagnostic& d : result.diagnostics) got.push_back({d.where.line, d.where.column, d.code});
  const std::vector<Position> want = {
      {7, 6, "E201"},   // unknown name 'dide'
      {12, 3, "E101"},  // expected a condition, found 'cite'
      {15, 6, "E201"},  // unknown name 'diedd'
  };
  EXPECT_EQ(got, want) << result.FormatDiagnostics();
}

// Diagnostics of several files are grouped by file name, each file in position order.
TEST(ManyErrors, SortedByFileThenPosition) {
  CompileResult result = Rules::Compile({
      {"b.rules", "condition x \"x\"\n  if nothing\n  cite statute \"A\" \"s1\"\n"},
      {"a.rules", "pack t \"Test\" version \"1\"\nfact f: yes/no\n  question \"F?\"\n"
                  "condition y \"y\"\n  if nothing_either\n"},
  });
  ASSERT_FALSE(result.ok());
  std::vector<std::tuple<std::string, int, std::string>> got;
  for (const Diagnostic& d : result.diagnostics) got.emplace_back(d.where.file, d.where.line, d.code);
  const std::vector<std::tuple<std::string, int, std::string>> want = {
      {"a.rules", 4, "E301"},
      {"a.rules", 5, "E201"},
      {"b.rules", 2, "E201"},
  };
  EXPECT_EQ(got, want) << result.FormatDiagnostics();
}

}  // namespace
}  // namespace threshold
