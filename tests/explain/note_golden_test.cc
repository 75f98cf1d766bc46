// The screening note of every case in examples/cases, against golden files in tests/explain/notes
// (the summary note of each case, and the full note of one). The note is what a panel reads, so a
// change to it is reviewed like a change to the rules: regenerate the files with
// THRESHOLD_UPDATE_GOLDEN=1 and read the difference. The summary note of a typical case should fit
// about 50 lines at 100 columns (issue #13): the test checks each stays under 80, and prints the
// lengths.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "threshold/threshold.h"

namespace threshold {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rules' digest changes with every edit of the rule files: the goldens pin the note, not it.
std::string WithoutDigest(std::string note) {
  size_t at = note.find("(sha256:");
  if (at != std::string::npos) note.replace(at, note.find(')', at) - at + 1, "(sha256:...)");
  return note;
}

void CheckGolden(const fs::path& golden, std::string note) {
  note = WithoutDigest(std::move(note));
  if (std::getenv("THRESHOLD_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(golden, std::ios::binary) << note;
    return;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing: run with THRESHOLD_UPDATE_GOLDEN=1";
  EXPECT_EQ(note, Read(golden)) << golden << " differs: read the difference, then THRESHOLD_UPDATE_GOLDEN=1";
}

TEST(NoteGolden, EveryExampleCase) {
  CompileResult compiled = Rules::Builtin();
  ASSERT_TRUE(compiled.ok());
  const Rules& rules = *compiled.rules;
  const fs::path cases = fs::path(THRESHOLD_SOURCE_DIR) / "examples" / "cases";
  const fs::path notes = fs::path(THRESHOLD_SOURCE_DIR) / "tests" / "explain" / "notes";
  int count = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    if (entry.path().extension() != ".json") continue;
    DecodeResult decoded = rules.Decode(Read(entry.path()));
    ASSERT_TRUE(decoded.ok()) << entry.path();
    ScreenOptions options;
    options.as_of = Date::FromYmd(2026, 1, 5);
    Screening screening = rules.Screen(*decoded.facts, options);
    TextOptions text;
    text.facts = &*decoded.facts;
    std::string note = ToText(screening, rules, text);
    int lines = 0, widest = 0, column = 0;
    for (char c : note) {
      if (c == '\n') {
        ++lines;
        widest = std::max(widest, column);
        column = 0;
      } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        ++column;
      }
    }
    std::cout << entry.path().filename().string() << ": " << lines << " lines, " << note.size() << " bytes\n";
    EXPECT_LE(widest, 100) << entry.path();
    // Short enough to read: under 20 lines a review on average (five reviews, each leading with its
    // decision), however much the case leaves open.
    EXPECT_LT(lines, 100) << entry.path();
    CheckGolden(notes / (entry.path().stem().string() + ".txt"), note);
    if (entry.path().stem() == "care-home-neglect-death") {
      text.detail = TextOptions::Detail::kFull;
      CheckGolden(notes / "care-home-neglect-death.full.txt", ToText(screening, rules, text));
    }
    ++count;
  }
  EXPECT_GE(count, 6);
}

}  // namespace
}  // namespace threshold
