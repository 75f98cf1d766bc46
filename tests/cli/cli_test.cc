// The command-line program (ARCHITECTURE section 6), run as a real process: exit codes, one output
// line per input record in order, error lines for bad records, standard input, output formats,
// --as-of, --rule-set, --rules with broken rules, check, test and --version.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "robustness/robustness_util.h"
#include "threshold/version.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The scratch directory, file and quoting helpers are the robustness tests' (one copy of each).
using Process = threshold::robustness::Output;
using threshold::robustness::Quote;
using threshold::robustness::ReadFile;
using threshold::robustness::WriteFile;

class Cli : public threshold::robustness::ScratchTest {
 protected:
  // Runs the program with `args`; `stdin_text`, if given, is fed on standard input.
  Process Exec(const std::vector<std::string>& args, const std::optional<std::string>& stdin_text = std::nullopt) {
    std::string command = Quote(THRESHOLD_CLI);
    for (const std::string& arg : args) command += " " + Quote(arg);
    fs::path in = Temp("stdin.txt"), out = Temp("stdout.txt"), err = Temp("stderr.txt");
    WriteFile(in, stdin_text.value_or(""));
    command += " < " + Quote(in.string()) + " > " + Quote(out.string()) + " 2> " + Quote(err.string());
    int status = std::system(command.c_str());
    Process run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(out);
    run.err = ReadFile(err);
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) run.lines.push_back(line);
    return run;
  }

  // A copy of the built-in rules in a temporary directory.
  fs::path CopyRules(const std::string& name) const {
    fs::path target = Temp(name);
    fs::copy(fs::path(THRESHOLD_SOURCE_DIR) / "rules" / "england", target, fs::copy_options::recursive);
    return target;
  }

  // A copy of the built-in rules with an unknown fact name in sar.rules.
  fs::path BrokenRules() const {
    fs::path target = CopyRules("broken");
    std::string sar = ReadFile(target / "sar.rules");
    const std::string test = "(subject.age >= 18 or judgement.sar_adult_at_relevant_time)";
    size_t at = sar.find(test);
    EXPECT_NE(at, std::string::npos) << "sar.rules changed: adjust this test";
    sar.replace(at, test.size(), "(subject.agee >= 18 or judgement.sar_adult_at_relevant_time)");
    WriteFile(target / "sar.rules", sar);
    return target;
  }
};

const char* kGood1 = R"({"case_id": "g1", "aware_date": "2025-07-07", "incident_date": "2025-07-05", "subject": {"age": 67, "in_area": true, "care_and_support_needs": true}, "incident": {"died": true}, "death_from_abuse_or_neglect": "suspected"})";
const char* kGood2 = R"({"case_id": "g2", "aware_date": "2025-05-12", "incident_date": "2025-05-11", "subject": {"age": 16}, "incident": {"died": true, "suicide": false, "location": "in_area"}, "abuse_or_neglect": "known", "death_from_abuse_or_neglect": "known", "perpetrator": {"relationship": "intimate_partner"}})";
const char* kBadAge = R"({"case_id": "b1", "subject": {"age": 987654}})";
const char* kBadJson = R"({"case_id": "b2", "subject": )";
const char* kBadField = R"({"case_id": "b3", "subject": {"agee": 17}})";

// A one-review pack for --rules and test.
const char* kSmallPack = R"(pack small "Small" version "1"

fact when: date
  question "When?"
fact ready: yes/no
  question "Is it ready?"

review r "R" decided by "test" dated by when
  cite practice "test" "r"
  rules s "S" in force from 2000-01-01
    cite practice "test" "s"
    outcome yes_outcome "Yes" if ready
      cite practice "test" "yes"
    otherwise no_outcome "No"
      cite practice "test" "no"
  end
end
)";

// ---------------------------------------------------------------------------------------------
// Usage
// ---------------------------------------------------------------------------------------------

TEST_F(Cli, HelpExitsZero) {
  Process run = Exec({"--help"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("screen"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("check"), std::string::npos);
}

TEST_F(Cli, NoArgumentsIsUsageError) {
  Process run = Exec({});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("screen"), std::string::npos) << "usage expected on stderr: " << run.err;
}

TEST_F(Cli, UnknownCommandIsUsageError) {
  Process run = Exec({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("frobnicate"), std::string::npos) << run.err;
}

TEST_F(Cli, UnknownOptionIsUsageError) {
  Process run = Exec({"screen", "--no-such-option"}, "{}");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--no-such-option"), std::string::npos) << run.err;
}

TEST_F(Cli, Version) {
  Process run = Exec({"--version"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find(THRESHOLD_VERSION), std::string::npos) << run.out;
}

// ---------------------------------------------------------------------------------------------
// screen
// ---------------------------------------------------------------------------------------------

TEST_F(Cli, ScreenSinglePrettyPrintedObject) {
  json record = json::parse(kGood1);
  fs::path file = WriteTemp("case.json", record.dump(2));  // spread over many lines
  Process run = Exec({"screen", "--as-of", "2025-09-01", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 1u) << run.out;
  json result = json::parse(run.lines[0]);
  EXPECT_EQ(result["case_id"], "g1");
  EXPECT_TRUE(result["reviews"]["sar"]["outcome"].is_null());
  EXPECT_EQ(result["reviews"]["sar"]["possible_outcomes"], json({"mandatory", "discretionary"}));
  EXPECT_EQ(result["reviews"]["sar"]["missing"], json({"concern_agencies_worked_together"}));
  EXPECT_TRUE(result["rules"]["digest"].get<std::string>().starts_with("sha256:"));
}

TEST_F(Cli, ScreenJsonLinesMixedGoodAndBad) {
  std::string input = std::string(kGood1) + "\n" + kBadAge + "\n" + kGood2 + "\n" + kBadJson + "\n" + kBadField + "\n";
  fs::path file = WriteTemp("cases.jsonl", input);
  Process run = Exec({"screen", "--as-of", "2025-09-01", file.string()});
  EXPECT_EQ(run.exit_code, 1) << "a failed record must give exit 1: " << run.err;
  ASSERT_EQ(run.lines.size(), 5u) << run.out;
  std::vector<json> out;
  for (const std::string& line : run.lines) out.push_back(json::parse(line));

  // In input order.
  EXPECT_EQ(out[0]["case_id"], "g1");
  EXPECT_TRUE(out[0].contains("reviews"));
  EXPECT_FALSE(out[0].contains("error"));
  EXPECT_EQ(out[2]["case_id"], "g2");
  EXPECT_EQ(out[2]["reviews"]["dhr"]["outcome"], "criteria_met");

  // The bad records: {"case_id": ..., "error": {"code", "pointer", "message"}}.
  EXPECT_EQ(out[1]["case_id"], "b1");
  EXPECT_EQ(out[1]["error"]["code"], "E402");
  EXPECT_EQ(out[1]["error"]["pointer"], "/subject/age");
  EXPECT_TRUE(out[1]["error"]["message"].is_string());
  EXPECT_EQ(out[1]["error"]["message"].get<std::string>().find("987654"), std::string::npos)
      << "the message quotes the value";
  EXPECT_FALSE(out[1].contains("reviews"));

  // The record did not parse: its case_id is null, or "b2" if the program recovers it.
  EXPECT_TRUE(out[3]["case_id"].is_null() || out[3]["case_id"] == "b2") << out[3]["case_id"];
  EXPECT_EQ(out[3]["error"]["code"], "E407");
  EXPECT_EQ(out[3]["error"]["pointer"], "");

  EXPECT_EQ(out[4]["case_id"], "b3");
  EXPECT_EQ(out[4]["error"]["code"], "E405");
  EXPECT_EQ(out[4]["error"]["pointer"], "/subject/agee");
  EXPECT_NE(out[4]["error"]["message"].get<std::string>().find("/subject/age'"), std::string::npos)
      << out[4]["error"]["message"];
}

TEST_F(Cli, ScreenJsonLinesAllGoodExitsZero) {
  fs::path file = WriteTemp("good.jsonl", std::string(kGood1) + "\n" + kGood2 + "\n");
  Process run = Exec({"screen", "--as-of", "2025-09-01", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_EQ(json::parse(run.lines[0])["case_id"], "g1");
  EXPECT_EQ(json::parse(run.lines[1])["case_id"], "g2");
}

// Many records on several threads: still one line per record, in input order, and the same bytes
// as on one thread.
TEST_F(Cli, ScreenInOrderWithJobs) {
  std::string input;
  const char* records[] = {kGood1, kBadAge, kGood2, kBadField};
  for (int i = 0; i < 400; ++i) {
    json record = json::parse(records[i % 4]);
    record["case_id"] = "r" + std::to_string(i);
    input += record.dump() + "\n";
  }
  fs::path file = WriteTemp("many.jsonl", input);
  Process one = Exec({"screen", "--as-of", "2025-09-01", "--jobs", "1", file.string()});
  Process four = Exec({"screen", "--as-of", "2025-09-01", "--jobs", "4", file.string()});
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(four.exit_code, 1) << four.err;
  ASSERT_EQ(four.lines.size(), 400u);
  for (int i = 0; i < 400; ++i) {
    json line = json::parse(four.lines[i]);
    EXPECT_EQ(line["case_id"], "r" + std::to_string(i));
    EXPECT_EQ(line.contains("error"), i % 2 == 1) << i;
  }
  EXPECT_EQ(four.out, one.out);
}

TEST_F(Cli, ScreenSeveralFilesInOrder) {
  fs::path a = WriteTemp("a.json", kGood2);
  fs::path b = WriteTemp("b.jsonl", std::string(kGood1) + "\n" + kBadAge + "\n");
  Process run = Exec({"screen", "--as-of", "2025-09-01", a.string(), b.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 3u) << run.out;
  EXPECT_EQ(json::parse(run.lines[0])["case_id"], "g2");
  EXPECT_EQ(json::parse(run.lines[1])["case_id"], "g1");
  EXPECT_EQ(json::parse(run.lines[2])["case_id"], "b1");
}

TEST_F(Cli, ScreenFromStandardInput) {
  std::string input = std::string(kGood1) + "\n" + kGood2 + "\n";
  Process dash = Exec({"screen", "--as-of", "2025-09-01", "-"}, input);
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  ASSERT_EQ(dash.lines.size(), 2u);
  EXPECT_EQ(json::parse(dash.lines[0])["case_id"], "g1");
  EXPECT_EQ(json::parse(dash.lines[1])["case_id"], "g2");
  // No file at all also reads standard input.
  Process none = Exec({"screen", "--as-of", "2025-09-01"}, input);
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, dash.out);
}

TEST_F(Cli, ScreenMissingFileIsUsageError) {
  Process run = Exec({"screen", Temp("no_such_file.json").string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(run.err.empty());
}

TEST_F(Cli, FormatText) {
  Process run = Exec({"screen", "--as-of", "2025-09-01", "--format", "text", "-"}, kGood2);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("Child safeguarding: notification and rapid review"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Domestic Homicide Review"), std::string::npos);
  EXPECT_NE(run.out.find("Safeguarding Adults Review"), std::string::npos);
  EXPECT_NE(run.out.find("notify_panel"), std::string::npos);
  EXPECT_NE(run.out.find("criteria_met"), std::string::npos);
  EXPECT_NE(run.out.find("g2"), std::string::npos);
  // Not JSON.
  EXPECT_FALSE(json::accept(run.out));
}

TEST_F(Cli, FormatTextWithABadRecord) {
  Process run = Exec({"screen", "--as-of", "2025-09-01", "--format", "text", "-"},
                 std::string(kGood2) + "\n" + kBadAge + "\n");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("/subject/age"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("E402"), std::string::npos);
  EXPECT_EQ(run.out.find("987654"), std::string::npos) << "the text quotes the value";
}

TEST_F(Cli, FormatOutcomes) {
  Process run = Exec({"screen", "--as-of", "2025-09-01", "--format", "outcomes", "-"},
                 std::string(kGood1) + "\n" + kGood2 + "\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 2u);
  json first = json::parse(run.lines[0]);
  EXPECT_EQ(first["case_id"], "g1");
  EXPECT_TRUE(first["reviews"]["sar"].is_null());
  EXPECT_EQ(first["reviews"]["cspr"], "not_met");
  json second = json::parse(run.lines[1]);
  EXPECT_EQ(second["reviews"]["cspr"], "notify_panel");
  EXPECT_EQ(second["reviews"]["dhr"], "criteria_met");
  EXPECT_EQ(second["reviews"]["sar"], "not_applicable");
}

TEST_F(Cli, BadFormatIsUsageError) {
  Process run = Exec({"screen", "--format", "xml", "-"}, "{}");
  EXPECT_EQ(run.exit_code, 2);
}

TEST_F(Cli, AsOfChoosesTheRuleSetWhenNoDateIsKnown) {
  Process early = Exec({"screen", "--as-of", "2015-03-31", "-"}, R"({"case_id": "x"})");
  EXPECT_EQ(early.exit_code, 0) << early.err;
  ASSERT_EQ(early.lines.size(), 1u);
  json result = json::parse(early.lines[0]);
  EXPECT_EQ(result["reviews"]["sar"]["outcome"], "not_in_force");
  EXPECT_EQ(result["reviews"]["sar"]["rule_set"]["chosen_by"], "as_of");

  Process late = Exec({"screen", "--as-of", "2025-09-01", "-"}, R"({"case_id": "x"})");
  ASSERT_EQ(late.lines.size(), 1u);
  EXPECT_EQ(json::parse(late.lines[0])["reviews"]["sar"]["rule_set"]["id"], "sar_2015");
}

TEST_F(Cli, BadAsOfIsUsageError) {
  for (const char* bad : {"2023-02-30", "yesterday", "2025-9-1"}) {
    SCOPED_TRACE(bad);
    Process run = Exec({"screen", "--as-of", bad, "-"}, "{}");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(run.out.empty());
    EXPECT_FALSE(run.err.empty());
  }
  Process missing_value = Exec({"screen", "--as-of"}, "{}");
  EXPECT_EQ(missing_value.exit_code, 2);
}

TEST_F(Cli, RuleSetOptionSelectsAProspectiveRuleSet) {
  // dardr_2024 is the prospective rule set of rules/england/dhr.rules.
  Process run = Exec({"screen", "--as-of", "2025-09-01", "--rule-set", "dhr=dardr_2024", "-"}, kGood2);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 1u);
  json result = json::parse(run.lines[0]);
  EXPECT_EQ(result["reviews"]["dhr"]["rule_set"]["id"], "dardr_2024");
  EXPECT_EQ(result["reviews"]["dhr"]["rule_set"]["chosen_by"], "explicit");
  // Without the option the in-force rule set is used.
  Process plain = Exec({"screen", "--as-of", "2025-09-01", "-"}, kGood2);
  EXPECT_EQ(json::parse(plain.lines.at(0))["reviews"]["dhr"]["rule_set"]["id"], "dhr_s9");
}

TEST_F(Cli, UnknownRuleSetIsUsageError) {
  Process run = Exec({"screen", "--rule-set", "dhr=no_such_rule_set", "-"}, kGood2);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no_such_rule_set"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
  Process review = Exec({"screen", "--rule-set", "nope=dardr_2024", "-"}, kGood2);
  EXPECT_EQ(review.exit_code, 2);
  Process malformed = Exec({"screen", "--rule-set", "dhr", "-"}, kGood2);
  EXPECT_EQ(malformed.exit_code, 2);
}

TEST_F(Cli, RulesDirectoryCopyOfTheBuiltInRules) {
  fs::path rules = CopyRules("copy");
  Process copy = Exec({"screen", "--rules", rules.string(), "--as-of", "2025-09-01", "-"}, kGood2);
  EXPECT_EQ(copy.exit_code, 0) << copy.err;
  ASSERT_EQ(copy.lines.size(), 1u);
  json result = json::parse(copy.lines[0]);
  EXPECT_EQ(result["rules"]["name"], "england");
  for (const char* review : {"cspr", "sar", "dhr"}) EXPECT_TRUE(result["reviews"].contains(review)) << review;
}

TEST_F(Cli, RulesDirectoryOfAnotherPack) {
  fs::create_directories(Temp("small"));
  WriteFile(Temp("small") / "small.rules", kSmallPack);
  Process run = Exec({"screen", "--rules", Temp("small").string(), "--as-of", "2025-09-01", "-"},
                     "{\"case_id\": \"s1\", \"ready\": true}\n{\"case_id\": \"s2\", \"ready\": false}\n{\"case_id\": \"s3\"}\n");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 3u) << run.out;
  json first = json::parse(run.lines[0]);
  EXPECT_EQ(first["rules"]["name"], "small");
  EXPECT_EQ(first["reviews"].size(), 1u);
  EXPECT_EQ(first["reviews"]["r"]["outcome"], "yes_outcome");
  EXPECT_EQ(json::parse(run.lines[1])["reviews"]["r"]["outcome"], "no_outcome");
  json third = json::parse(run.lines[2]);
  EXPECT_TRUE(third["reviews"]["r"]["outcome"].is_null());
  EXPECT_EQ(third["reviews"]["r"]["missing"], json({"ready"}));
  EXPECT_EQ(third["next_question"]["fact"], "ready");
  // A field of the England vocabulary is unknown to this pack.
  Process other = Exec({"screen", "--rules", Temp("small").string(), "-"}, R"({"subject": {"age": 3}})");
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_EQ(json::parse(other.lines.at(0))["error"]["code"], "E405");
}

TEST_F(Cli, BrokenRulesDirectoryIsExitTwoWithPositionedDiagnostics) {
  fs::path rules = BrokenRules();
  Process run = Exec({"screen", "--rules", rules.string(), "-"}, kGood2);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_TRUE(std::regex_search(run.err, std::regex(R"(sar\.rules:\d+:\d+: error: .*subject\.agee)")))
      << run.err;
  EXPECT_NE(run.err.find("[E201]"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("did you mean 'subject.age'"), std::string::npos) << run.err;
}

TEST_F(Cli, RulesDirectoryThatDoesNotExist) {
  Process run = Exec({"screen", "--rules", Temp("nowhere").string(), "-"}, "{}");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_FALSE(run.err.empty());
}

// ---------------------------------------------------------------------------------------------
// check and test
// ---------------------------------------------------------------------------------------------

TEST_F(Cli, CheckBuiltIn) {
  Process run = Exec({"check"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_FALSE(run.lines.empty());
  EXPECT_TRUE(run.lines.back().starts_with("ok:")) << run.out;
}

TEST_F(Cli, CheckDirectory) {
  Process run = Exec({"check", CopyRules("good").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.starts_with("ok:")) << run.out;
}

TEST_F(Cli, CheckBrokenDirectoryExitsOne) {
  Process run = Exec({"check", BrokenRules().string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(std::regex_search(run.err, std::regex(R"(sar\.rules:\d+:\d+: error: )"))) << run.err;
  EXPECT_EQ(run.out.find("ok:"), std::string::npos);
}

TEST_F(Cli, TestRunsTheExamples) {
  Process run = Exec({"test"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  ASSERT_FALSE(run.lines.empty());
  std::smatch match;
  ASSERT_TRUE(std::regex_match(run.lines.back(), match, std::regex(R"((\d+) passed, 0 failed)"))) << run.lines.back();
  EXPECT_GT(std::stoi(match[1].str()), 0);
}

TEST_F(Cli, TestReportsAFailingExample) {
  fs::create_directories(Temp("examples"));
  WriteFile(Temp("examples") / "small.rules", std::string(kSmallPack) + R"(
example passes "A yes answer"
  as of 2025-09-01
  given
    ready is yes
  expect
    r is yes_outcome
end

example fails "An example that expects the wrong outcome"
  as of 2025-09-01
  given
    ready is no
  expect
    r is yes_outcome
end
)");
  Process run = Exec({"test", Temp("examples").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  ASSERT_FALSE(run.lines.empty());
  EXPECT_EQ(run.lines.back(), "1 passed, 1 failed") << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex(R"(small\.rules:\d+: example 'fails')"))) << run.out;
  EXPECT_EQ(run.out.find("example 'passes'"), std::string::npos) << run.out;
}

}  // namespace
