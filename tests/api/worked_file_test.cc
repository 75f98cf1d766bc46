// The complete worked file in docs/language.md must compile and its examples must pass, so the
// documentation cannot drift from the language.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "api/examples.h"
#include "threshold/rules.h"

namespace threshold {
namespace {

TEST(WorkedFile, CompilesAndItsExamplesPass) {
  std::ifstream in(THRESHOLD_SOURCE_DIR "/docs/language.md");
  ASSERT_TRUE(in) << "docs/language.md not found";
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  size_t start = doc.find("```threshold\n");
  ASSERT_NE(start, std::string::npos) << "no ```threshold block in docs/language.md";
  start += 13;
  size_t end = doc.find("```", start);
  ASSERT_NE(end, std::string::npos);
  CompileResult compiled = Rules::Compile({{"worked.rules", doc.substr(start, end - start)}});
  ASSERT_TRUE(compiled.ok()) << compiled.FormatDiagnostics();
  EXPECT_TRUE(compiled.diagnostics.empty()) << compiled.FormatDiagnostics();
  internal::ExampleReport report = internal::RunExamples(*compiled.rules);
  for (const auto& failure : report.failures) ADD_FAILURE() << failure.example << ": " << failure.message;
  EXPECT_EQ(report.passed, 3);
  EXPECT_EQ(report.failed, 0);
}

}  // namespace
}  // namespace threshold
