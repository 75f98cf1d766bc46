// The error catalogue is complete: every code the source can emit ("E" and three digits in a
// string literal anywhere under src/) has an entry in docs/diagnostics.md, and every catalogued
// code is still emitted somewhere.
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

std::set<std::string> CodesInSource() {
  std::set<std::string> codes;
  const std::regex code("\"(E[0-9]{3})\"");
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(THRESHOLD_SOURCE_DIR) / "src")) {
    if (!entry.is_regular_file()) continue;
    std::string ext = entry.path().extension().string();
    if (ext != ".cc" && ext != ".h") continue;
    std::string text = ReadFile(entry.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), code); it != std::sregex_iterator(); ++it) {
      codes.insert((*it)[1].str());
    }
  }
  return codes;
}

std::set<std::string> CodesInCatalogue() {
  std::set<std::string> codes;
  std::string text = ReadFile(fs::path(THRESHOLD_SOURCE_DIR) / "docs" / "diagnostics.md");
  // A catalogue entry is a table row that starts with the code.
  const std::regex row("(^|\n)\\| *(E[0-9]{3}) *\\|");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it) {
    codes.insert((*it)[2].str());
  }
  return codes;
}

TEST(Catalogue, EveryEmittedCodeIsCatalogued) {
  std::set<std::string> emitted = CodesInSource();
  ASSERT_GT(emitted.size(), 30u);
  std::set<std::string> catalogued = CodesInCatalogue();
  std::string missing;
  for (const std::string& code : emitted) {
    if (!catalogued.count(code)) missing += " " + code;
  }
  EXPECT_EQ(missing, "") << "codes emitted under src/ but missing from docs/diagnostics.md";
}

TEST(Catalogue, EveryCataloguedCodeIsEmitted) {
  std::set<std::string> emitted = CodesInSource();
  std::string stale;
  for (const std::string& code : CodesInCatalogue()) {
    if (!emitted.count(code)) stale += " " + code;
  }
  EXPECT_EQ(stale, "") << "codes in docs/diagnostics.md that nothing under src/ emits";
}

}  // namespace
}  // namespace threshold::robustness
