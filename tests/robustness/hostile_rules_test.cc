// Hostile rule files (docs/robustness.md): nesting far past any real rule, bytes that are not
// UTF-8, byte-order marks, control characters, reference cycles, conditions that name conditions
// a thousand deep, a fact inside another fact, 10,000 conditions, and a file too large to be a
// rule file. Each must end in a clear, positioned error (or compile, where the input is legal), and
// never in a crash, a stack overflow or a hang.
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "parse/grammar.h"
#include "parse/parser.h"
#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

constexpr const char* kCite = "\n  cite statute \"Test Act\" \"s1\"\n";

std::string Condition(const std::string& id, const std::string& expr) {
  return "condition " + id + " \"" + id + "\" if " + expr + kCite;
}

std::string Repeat(const std::string& text, int times) {
  std::string out;
  out.reserve(text.size() * times);
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

CompileResult CompileWith(const std::string& text, const std::string& name = "hostile.rules") {
  return Rules::Compile(BaseSources({{name, text}}));
}

// The diagnostics of one parse, for tests of the parser alone.
std::vector<Diagnostic> ParseDiagnostics(const std::string& text) { return parse::Parse("hostile.rules", text).diagnostics; }

TEST(HostileRules, HundredThousandNestedParenthesesAreRefusedWhereTheLimitIsPassed) {
  // "condition x "x" if " is 19 characters; level k starts at column 19 + k, and level 101 is the
  // first one refused.
  std::string text = Condition("x", Repeat("(", 100000) + "yes" + Repeat(")", 100000));
  CompileResult result = CompileWith(text);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(Codes(result), "E104");
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.where.file, "hostile.rules");
  EXPECT_EQ(d.where.line, 1);
  EXPECT_EQ(d.where.column, 19 + parse::kMaxNesting + 1);
  EXPECT_NE(d.message.find("nested more than 100 levels deep"), std::string::npos) << d.message;
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].where.column, 1);  // the declaration that was being parsed
}

TEST(HostileRules, HundredThousandNotsAreRefusedWhereTheLimitIsPassed) {
  std::string text = Condition("x", Repeat("not ", 100000) + "yes");
  CompileResult result = CompileWith(text);
  ASSERT_EQ(Codes(result), "E104");
  EXPECT_EQ(result.diagnostics[0].where.line, 1);
  EXPECT_EQ(result.diagnostics[0].where.column, 20 + 4 * parse::kMaxNesting);
}

TEST(HostileRules, HundredThousandNestedDueDatesAreRefused) {
  std::string text =
      "review r \"R\" decided by \"x\" dated by incident_date" + std::string(kCite) +
      "  rules r1 \"R1\" in force from 2000-01-01" + kCite + "    otherwise no \"N\"" + kCite +
      "      deadline d \"D\" due " + Repeat("1 day after ", 100000) + "incident_date" + kCite + "  end\nend\n";
  CompileResult result = CompileWith(text);
  ASSERT_EQ(Codes(result), "E104");
  EXPECT_EQ(result.diagnostics[0].where.line, 7);
}

TEST(HostileRules, MixedNestingCountsEveryLevel) {
  // 50 times "not (" is 100 levels below the top one: refused. 49 times is accepted.
  std::string deep = Condition("x", Repeat("not (", 50) + "yes" + Repeat(")", 50));
  EXPECT_EQ(Codes(CompileWith(deep)), "E104");
  std::string fine = Condition("x", Repeat("not (", 49) + "yes" + Repeat(")", 49));
  EXPECT_EQ(Codes(CompileWith(fine)), "");
}

TEST(HostileRules, NestingUpToTheLimitIsAccepted) {
  // The condition itself is level 1, so 99 parentheses make 100 levels: allowed. 100 are not.
  int inside = parse::kMaxNesting - 1;
  CompileResult ok = CompileWith(Condition("x", Repeat("(", inside) + "incident.died" + Repeat(")", inside)));
  EXPECT_TRUE(ok.ok()) << ok.FormatDiagnostics();
  CompileResult refused =
      CompileWith(Condition("x", Repeat("(", inside + 1) + "incident.died" + Repeat(")", inside + 1)));
  EXPECT_EQ(Codes(refused), "E104");
}

TEST(HostileRules, ParsingGoesOnAfterANestingError) {
  std::string text = Condition("x", Repeat("(", 500) + "yes" + Repeat(")", 500)) +
                     Condition("y", "incident.diedd");
  CompileResult result = CompileWith(text);
  EXPECT_EQ(Codes(result), "E104 E201");  // the second declaration is still checked
}

TEST(HostileRules, InvalidUtf8IsReportedAtTheByte) {
  // Latin-1 "café" in a string, a stray continuation byte in a comment, an overlong '/', a UTF-16
  // surrogate and a truncated sequence at the end of the file.
  std::string text = Condition("x", "yes") + "condition y \"caf\xE9\" if yes" + kCite + "# note \x80\n" +
                     "# \xC0\xAF\n" + "# \xED\xA0\x80\n" + "# \xE2\x82";
  std::vector<Diagnostic> diagnostics = ParseDiagnostics(text);
  ASSERT_GE(diagnostics.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(diagnostics[i].code, "E105") << i;
  EXPECT_EQ(diagnostics[0].where.line, 3);
  EXPECT_EQ(diagnostics[0].where.column, 17);  // condition y "caf|
  EXPECT_NE(diagnostics[0].message.find("byte 0xE9"), std::string::npos) << diagnostics[0].message;
  EXPECT_EQ(diagnostics[1].where.line, 5);
  EXPECT_EQ(diagnostics[1].where.column, 8);
  EXPECT_EQ(diagnostics[2].where.line, 6);
  EXPECT_EQ(diagnostics[3].where.line, 7);
  EXPECT_EQ(diagnostics[4].where.line, 8);
  EXPECT_FALSE(CompileWith(text).ok());
}

TEST(HostileRules, ValidUtf8IsAccepted) {
  std::string text = Condition("x", "incident.died") + "condition y \"café – naïve ✓ 🙂\" if yes" + kCite;
  CompileResult result = CompileWith(text);
  EXPECT_TRUE(result.ok()) << result.FormatDiagnostics();
}

TEST(HostileRules, TooManyEncodingErrorsStop) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "# \xFF\n";
  std::vector<Diagnostic> diagnostics = ParseDiagnostics(text);
  ASSERT_EQ(diagnostics.size(), 21u);
  EXPECT_EQ(diagnostics.back().code, "E103");
}

TEST(HostileRules, ByteOrderMarkAtTheStartIsSkipped) {
  CompileResult result = CompileWith("\xEF\xBB\xBF" + Condition("x", "incident.died"));
  EXPECT_TRUE(result.ok()) << result.FormatDiagnostics();
  // Anywhere else it is not white space.
  CompileResult middle = CompileWith(Condition("x", "incident.died") + "\xEF\xBB\xBF" + Condition("y", "yes"));
  EXPECT_EQ(Codes(middle), "E102");
  EXPECT_EQ(middle.diagnostics[0].where.line, 3);
}

TEST(HostileRules, ByteOrderMarkInTheCalendarIsSkipped) {
  std::vector<RuleSource> sources = BaseSources();
  for (RuleSource& source : sources) {
    if (source.name == "bank-holidays.txt") source.text = "\xEF\xBB\xBF" + source.text;
  }
  CompileResult result = Rules::Compile(sources);
  EXPECT_TRUE(result.ok()) << result.FormatDiagnostics();
}

TEST(HostileRules, ControlCharactersAreNamedNotCopied) {
  std::string text = Condition("x", "yes") + std::string("\0\x01garbage", 9);
  std::vector<Diagnostic> diagnostics = ParseDiagnostics(text);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "E102");
  EXPECT_NE(diagnostics[0].message.find("a control character (U+0000)"), std::string::npos) << diagnostics[0].message;
  EXPECT_EQ(diagnostics[0].message.find('\0'), std::string::npos);
}

TEST(HostileRules, BadCalendarLinesAreDescribedNotQuoted) {
  std::vector<RuleSource> sources = BaseSources();
  for (RuleSource& source : sources) {
    if (source.name == "bank-holidays.txt") source.text += "20\xFF\x01-01-01 Broken\n";
  }
  CompileResult result = Rules::Compile(sources);
  ASSERT_FALSE(result.ok());
  bool found = false;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.code != "E309") continue;
    found = true;
    EXPECT_EQ(d.message.find('\xFF'), std::string::npos);
  }
  EXPECT_TRUE(found) << result.FormatDiagnostics();
}

TEST(HostileRules, ReferenceCycleIsReportedWithEveryMember) {
  std::string text = Condition("a", "b") + Condition("b", "c and subject.in_area") + Condition("c", "a or not b");
  CompileResult result = CompileWith(text);
  ASSERT_FALSE(result.ok());
  ASSERT_GE(result.diagnostics.size(), 1u);
  const Diagnostic& d = result.diagnostics[0];
  EXPECT_EQ(d.code, "E205");
  EXPECT_EQ(d.message, "condition 'a' depends on itself (a -> b -> c -> a)");
  EXPECT_EQ(d.where.line, 1);
  EXPECT_EQ(d.where.column, 11);
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0].where.line, 3);
  EXPECT_EQ(d.notes[1].where.line, 5);
}

TEST(HostileRules, SelfReferenceIsACycle) {
  EXPECT_EQ(Codes(CompileWith(Condition("a", "a"))), "E205");
}

TEST(HostileRules, LongChainOfConditionsIsRefusedAtTheLimit) {
  // c(i) names c(i-1): each link is two levels (the name and the 'and'). 100,000 links would
  // overflow the stack when compiling or screening; the checker stops the chain at 1000 levels.
  std::string text = Condition("c0", "subject.in_area");
  for (int i = 1; i < 100000; ++i) {
    text += Condition("c" + std::to_string(i), "c" + std::to_string(i - 1) + " and incident.died");
  }
  auto start = std::chrono::steady_clock::now();
  CompileResult result = CompileWith(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(Codes(result), "E216");
  EXPECT_NE(result.diagnostics[0].message.find("condition 'c500'"), std::string::npos)
      << result.diagnostics[0].message;
  EXPECT_EQ(result.diagnostics[0].where.line, 1001);
  std::printf("[ timing   ] 100,000 chained conditions checked in %.2f s\n", seconds);
}

TEST(HostileRules, ChainJustUnderTheLimitCompilesAndScreens) {
  std::string text = Condition("c0", "subject.in_area");
  for (int i = 1; i < 499; ++i) {
    text += Condition("c" + std::to_string(i), "c" + std::to_string(i - 1) + " and incident.died");
  }
  text += "review r \"R\" decided by \"x\" dated by incident_date" + std::string(kCite) +
          "  rules r1 \"R1\" in force from 2000-01-01" + kCite + "    outcome yes \"Y\" if c498" + kCite +
          "    otherwise no \"N\"" + kCite + "  end\nend\n";
  CompileResult result = CompileWith(text);
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics().substr(0, 2000);
  DecodeResult decoded = result.rules->Decode(R"({"subject": {"in_area": true}, "incident": {"died": true}})");
  ASSERT_TRUE(decoded.ok());
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 6, 1);
  Screening screening = result.rules->Screen(*decoded.facts, options);
  EXPECT_EQ(screening.reviews[0].outcome_id, "yes");
}

TEST(HostileRules, FactInsideAnotherFactIsRefused) {
  std::string text = "fact incident.died.when: date\n  question \"When?\"" + std::string(kCite) +
                     "fact extra: yes/no\n  question \"Extra?\"" + kCite +
                     "fact extra.more: yes/no\n  question \"More?\"" + kCite +
                     "example e \"E\"\n  given\n    extra is yes\n    extra.more is yes\n  expect\nend\n";
  CompileResult result = CompileWith(text);
  ASSERT_FALSE(result.ok());
  std::string codes = Codes(result);
  EXPECT_NE(codes.find("E215"), std::string::npos) << result.FormatDiagnostics();
  int conflicts = 0;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.code != "E215") continue;
    ++conflicts;
    EXPECT_EQ(d.notes.size(), 1u);
  }
  EXPECT_EQ(conflicts, 2);
}

// 10,000 conditions in the shapes a generator might produce: chains of ten, one outcome naming a
// thousand of them, and sixty outcomes naming all of them. Must compile in reasonable time.
TEST(HostileRules, TenThousandConditionsCompileInReasonableTime) {
  const char* facts[] = {"subject.in_area", "incident.died", "incident.serious_harm", "subject.looked_after",
                         "subject.care_leaver", "incident.suicide", "perpetrator.same_household", "subject.unborn"};
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    std::string expr = std::string("(") + facts[i % 8] + " or not " + facts[(i / 8) % 8] +
                       ") and subject.age >= " + std::to_string(i % 50);
    if (i % 10 != 0) expr += " and c" + std::to_string(i - 1);
    text += Condition("c" + std::to_string(i), expr);
  }
  text += "review r \"R\" decided by \"x\" dated by incident_date" + std::string(kCite) +
          "  rules r1 \"R1\" in force from 2000-01-01" + kCite;
  for (int k = 0; k < 60; ++k) {
    std::string names;
    for (int j = k * 166; j < (k + 1) * 166; ++j) names += (names.empty() ? "" : " or ") + ("c" + std::to_string(j));
    text += "    outcome o" + std::to_string(k) + " \"O\" if " + names + kCite;
  }
  text += "    otherwise no \"N\"" + std::string(kCite) + "  end\nend\n";
  auto start = std::chrono::steady_clock::now();
  CompileResult result = CompileWith(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Most of these outcomes are unreachable (E304): the first ones already cover their cases.
  for (const Diagnostic& d : result.diagnostics) ASSERT_EQ(d.code, "E304") << d.message;
  std::printf("[ timing   ] 10,000 conditions, 60 outcomes: %.2f s\n", seconds);
  EXPECT_LT(seconds, 120.0);
}

TEST(HostileRules, TenThousandConditionsOneOutcomeCompileAndScreen) {
  std::string text;
  std::string names;
  for (int i = 0; i < 10000; ++i) {
    text += Condition("w" + std::to_string(i), "subject.age >= " + std::to_string(i % 60) + " and incident.died");
    names += (names.empty() ? "" : " or ") + ("w" + std::to_string(i));
  }
  text += "review r \"R\" decided by \"x\" dated by incident_date" + std::string(kCite) +
          "  rules r1 \"R1\" in force from 2000-01-01" + kCite + "    outcome yes \"Y\" if " + names + kCite +
          "    otherwise no \"N\"" + kCite + "  end\nend\n";
  auto start = std::chrono::steady_clock::now();
  CompileResult result = CompileWith(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.FormatDiagnostics().substr(0, 2000);
  DecodeResult decoded = result.rules->Decode(R"({"subject": {"age": 30}})");
  ASSERT_TRUE(decoded.ok());
  ScreenOptions options;
  options.as_of = Date::FromYmd(2025, 6, 1);
  Screening screening = result.rules->Screen(*decoded.facts, options);
  EXPECT_FALSE(screening.reviews[0].determined());
  std::printf("[ timing   ] 10,000 conditions, one outcome naming them all: %.2f s\n", seconds);
  EXPECT_LT(seconds, 60.0);
}

TEST(HostileRules, FileLargerThanTheLimitIsRefusedWhole) {
  std::string text(size_t{64} << 20, '#');
  std::vector<Diagnostic> diagnostics = ParseDiagnostics(text);
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "E106");
}

TEST(HostileRules, EmptyAndBlankRuleFilesAreFine) {
  EXPECT_TRUE(CompileWith("").ok());
  EXPECT_TRUE(CompileWith("\n\n   \t\n# only a comment").ok());
}

TEST(HostileRules, OneHundredThousandOperandsInOneCondition) {
  std::string expr = "incident.died";
  for (int i = 0; i < 100000; ++i) expr += i % 2 ? " or incident.died" : " and subject.in_area";
  CompileResult result = CompileWith(Condition("x", expr));
  EXPECT_TRUE(result.ok()) << result.FormatDiagnostics().substr(0, 2000);
}

// A generated file with thousands of misspelt names: each is reported, the first ones with a
// suggestion, and the did-you-mean searches (an edit distance per known name) stop after a budget,
// so the check stays fast. They used to make it quadratic: minutes for a file like this.
TEST(HostileRules, TenThousandMisspeltNamesAreReportedQuickly) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += Condition("c" + std::to_string(i), "subject.in_aera and incident.deid");
  auto start = std::chrono::steady_clock::now();
  CompileResult result = CompileWith(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  int unknown = 0, suggested = 0;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.code != "E201") continue;
    ++unknown;
    suggested += d.message.find("did you mean") != std::string::npos;
  }
  EXPECT_EQ(unknown, 20000);
  EXPECT_EQ(suggested, 200);  // the budget
  EXPECT_NE(result.diagnostics[0].message.find("did you mean 'subject.in_area'"), std::string::npos)
      << result.diagnostics[0].message;
  std::printf("[ timing   ] 20,000 misspelt names: %.2f s\n", seconds);
  EXPECT_LT(seconds, 60.0);
}

// One condition listing 10,000 different texts: refused (a fact is compared with at most 63
// values, E211) without a quadratic search of the texts already seen.
TEST(HostileRules, TenThousandTextValuesAreRefusedQuickly) {
  std::string list;
  for (int i = 0; i < 10000; ++i) list += (list.empty() ? "\"t" : ", \"t") + std::to_string(i) + "\"";
  std::string text = "fact case.note: text\n  question \"Note?\"" + std::string(kCite) +
                     Condition("x", "case.note in {" + list + "}");
  auto start = std::chrono::steady_clock::now();
  CompileResult result = CompileWith(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(Codes(result), "E211") << result.FormatDiagnostics().substr(0, 2000);
  EXPECT_LT(seconds, 30.0);
}

using HostileRulesCli = ScratchTest;

TEST_F(HostileRulesCli, CheckReportsNestingWithFileLineAndColumn) {
  fs::path pack = Pack("deep", {{"deep.rules", Condition("x", Repeat("(", 100000) + "yes" + Repeat(")", 100000))}});
  Output run = Exec({"check", pack.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("deep.rules:1:120: error: nested more than 100 levels deep"), std::string::npos)
      << run.err.substr(0, 500);
}

TEST_F(HostileRulesCli, CheckReportsInvalidUtf8WithFileLineAndColumn) {
  fs::path pack = Pack("latin1", {{"latin1.rules", "condition x \"caf\xE9\" if yes" + std::string(kCite)}});
  Output run = Exec({"check", pack.string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("latin1.rules:1:17: error: invalid UTF-8 (byte 0xE9"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace threshold::robustness
