// Nothing lost (docs/robustness.md): for any JSON Lines input, `threshold screen` writes exactly
// one output line per input line, in input order, each either a result or an error that names its
// input line. Checked over a file that mixes good records with every kind of bad one, with one
// thread and several, in each line-per-record format, from a file and from standard input, and
// across several files.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

using nlohmann::json;

// Every kind of bad record, one per line. Each is refused on its own line; none may disturb its
// neighbours.
std::vector<std::string> BadRecords() {
  std::vector<std::string> bad = {
      "",                                                              // blank line
      "   \t",                                                         // white space only
      "garbage",                                                       // not JSON
      R"({"case_id": "t1", "subject": {"age": 17)",                    // truncated
      R"({"case_id": "t2", "subject": {"age": 17,}})",                 // trailing comma
      "{\"case_id\": \"u1\", \"perpetrator\": {\"relationship\": \"p\xFF\"}}",  // invalid UTF-8
      "{\"case_id\": \"u2\xC3\"}",                                     // truncated UTF-8 sequence
      "\xEF\xBB\xBF{\"case_id\": \"bom\", \"subject\": {\"age\": 4}}",  // byte-order mark: accepted
      R"({"case_id": "d1", "subject": {"age": 17, "age": 18}})",       // duplicate key
      R"({"case_id": "d2", "subject": {"age": 17}, "subject": {"in_area": true}})",  // duplicate object
      std::string("{\"case_id\": \"d3\"}\0{\"case_id\": \"d4\"}", 35),   // a NUL after a record
      R"({"case_id": "d5", ")" + std::string(1000000, 'k') + R"(": 1})",  // a 1 MB field name
      R"({"case_id": "n1", "subject": {"age": NaN}})",                 // NaN
      R"({"case_id": "n2", "subject": {"age": 1e400}})",               // beyond a double
      R"({"case_id": "n3", "subject": {"age": 99999999999999999999999}})",  // huge
      R"({"case_id": "n4", "subject": {"age": 131}})",                 // out of range
      R"({"case_id": "n5", "subject": {"age": -1}})",                  // out of range
      R"({"case_id": "n6", "subject": {"age": 17.5}})",                // fraction
      R"({"case_id": "n7", "subject": {"age": 18446744073709551615}})",  // 2^64 - 1
      R"({"case_id": "x1", "incident_date": "2023-02-29"})",           // impossible date
      R"({"case_id": "x2", "incident_date": "2023-13-01"})",           // impossible date
      R"({"case_id": "x3", "incident_date": 20230101})",               // a number for a date
      R"({"case_id": "x4", "incident": {"died": "yes"}})",             // a string for yes/no
      R"({"case_id": "x5", "abuse_or_neglect": "suspect"})",           // not an option
      R"({"case_id": "x6", "subject": {"agee": 17}})",                 // unknown field
      R"({"case_id": "x7", "subject": 17})",                           // a number for an object
      R"({"case_id": 17})",                                            // case_id not a string
      R"({"case_id": "x8", "incident_date": "2020-01-01", "subject": {"date_of_birth": "2021-01-01"}})",
      "null",
      "[]",
      R"(["an", "array"])",
      "\"a string\"",
      "42",
      "true",
      "{} {}",                                                         // two values on one line
      std::string(100000, '[') + std::string(100000, ']'),             // 100,000 deep
      R"({"case_id": "deep", "subject": )" + std::string(40, '[') + std::string(40, ']') + "}",
      std::string("{\"case_id\": \"nul\0\"}", 19),                     // a raw NUL in a string
      "{",
      "}",
      "{\"case_id\": \"cr\"}\r",                                        // CRLF line ending: accepted
  };
  return bad;
}

// A good record, unique by case_id.
std::string Good(int i) {
  return R"({"case_id": "good-)" + std::to_string(i) +
         R"(", "incident_date": "2025-03-01", "aware_date": "2025-03-03", "subject": {"age": )" +
         std::to_string(i % 100) + R"(, "in_area": true}, "incident": {"died": )" + (i % 2 ? "true" : "false") +
         "}}";
}

// The mixed file: good records between and around every bad one.
std::vector<std::string> MixedLines() {
  std::vector<std::string> lines;
  int good = 0;
  lines.push_back(Good(good++));
  for (const std::string& bad : BadRecords()) {
    lines.push_back(bad);
    lines.push_back(Good(good++));
  }
  // A long tail so that several threads get slices.
  const std::vector<std::string> all = BadRecords();
  for (int i = 0; i < 300; ++i) {
    lines.push_back(i % 3 ? Good(good++) : all[i % all.size()]);
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// The case_id a line holds, if it parses as an object with a string case_id.
std::optional<std::string> CaseId(const std::string& line) {
  json record = json::parse(line, nullptr, false);
  if (record.is_discarded() || !record.is_object() || !record.contains("case_id") || !record["case_id"].is_string()) {
    return std::nullopt;
  }
  return record["case_id"].get<std::string>();
}

class NothingLost : public ScratchTest {
 protected:
  // Checks that `run` has one line per input line, in order: results carry the case_id of their
  // input line, errors name their input line (and file).
  void ExpectEveryLine(const Output& run, const std::vector<std::pair<std::string, std::vector<std::string>>>& inputs) {
    size_t expected = 0;
    for (const auto& [file, lines] : inputs) expected += lines.size();
    ASSERT_EQ(run.lines.size(), expected) << run.err;
    size_t at = 0;
    int errors = 0;
    for (const auto& [file, lines] : inputs) {
      for (size_t i = 0; i < lines.size(); ++i, ++at) {
        json out = json::parse(run.lines[at], nullptr, false);
        ASSERT_FALSE(out.is_discarded()) << "output line " << at + 1 << " is not JSON";
        ASSERT_TRUE(out.is_object());
        if (out.contains("error")) {
          ++errors;
          EXPECT_EQ(out["input"]["line"], i + 1) << "output line " << at + 1;
          EXPECT_EQ(out["input"]["file"], file) << "output line " << at + 1;
          ASSERT_TRUE(out["error"].is_object());
          EXPECT_TRUE(out["error"]["code"].get<std::string>().starts_with("E4"));
          EXPECT_FALSE(lines[i].starts_with(R"({"case_id": "good-)")) << "good record refused: " << run.lines[at];
        } else {
          std::optional<std::string> id = CaseId(lines[i].starts_with("\xEF\xBB\xBF") ? lines[i].substr(3) : lines[i]);
          ASSERT_TRUE(out.contains("case_id"));
          if (id) {
            EXPECT_EQ(out["case_id"], *id) << "output line " << at + 1 << " is out of order";
          } else {
            EXPECT_TRUE(out["case_id"].is_null());
          }
        }
      }
    }
    EXPECT_GT(errors, 0);
    EXPECT_EQ(run.exit_code, 1);
  }
};

TEST_F(NothingLost, MixedFileKeepsEveryRecordInOrder) {
  std::vector<std::string> lines = MixedLines();
  fs::path file = WriteTemp("mixed.jsonl", Join(lines));
  for (const char* jobs : {"1", "3"}) {
    for (const char* format : {"json", "outcomes"}) {
      SCOPED_TRACE(std::string("--jobs ") + jobs + " --format " + format);
      Output run = Exec({"screen", "--as-of", "2025-06-01", "--jobs", jobs, "--format", format, file.string()});
      ExpectEveryLine(run, {{file.string(), lines}});
    }
  }
}

TEST_F(NothingLost, ExactlyTheGoodRecordsAreScreened) {
  std::vector<std::string> lines = MixedLines();
  fs::path file = WriteTemp("mixed.jsonl", Join(lines));
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  ASSERT_EQ(run.lines.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    bool good = lines[i].starts_with(R"({"case_id": "good-)");
    json out = json::parse(run.lines[i]);
    // Of the bad lines only two are accepted: a byte-order mark at the start, and a CRLF ending.
    bool accepted = lines[i].starts_with("\xEF\xBB\xBF") || lines[i] == "{\"case_id\": \"cr\"}\r";
    if (good || accepted) {
      EXPECT_FALSE(out.contains("error")) << run.lines[i];
    } else {
      EXPECT_TRUE(out.contains("error")) << "line " << i + 1 << " was screened: " << run.lines[i].substr(0, 200);
    }
  }
}

TEST_F(NothingLost, StandardInputKeepsEveryRecord) {
  std::vector<std::string> lines = MixedLines();
  fs::path file = WriteTemp("mixed.jsonl", Join(lines));
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--jobs", "2", "-"}, file);
  ExpectEveryLine(run, {{"-", lines}});
}

TEST_F(NothingLost, SeveralFilesKeepTheirOrder) {
  std::vector<std::string> first = MixedLines();
  std::vector<std::string> second = {Good(9001), "garbage", Good(9002)};
  std::vector<std::string> third = BadRecords();  // only bad lines, and the first starts with nothing
  fs::path a = WriteTemp("a.jsonl", Join(first));
  fs::path b = WriteTemp("b.jsonl", Join(second));
  fs::path c = WriteTemp("c.jsonl", Join(third));
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", a.string(), b.string(), c.string()});
  ExpectEveryLine(run, {{a.string(), first}, {b.string(), second}, {c.string(), third}});
}

TEST_F(NothingLost, FileWithoutFinalNewline) {
  std::vector<std::string> lines = {Good(1), "garbage", Good(2)};
  std::string text = Join(lines);
  text.pop_back();
  fs::path file = WriteTemp("no-newline.jsonl", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", file.string()});
  ExpectEveryLine(run, {{file.string(), lines}});
}

TEST_F(NothingLost, BlankLinesAreRecordsToo) {
  std::vector<std::string> lines = {"", Good(1), "", "", Good(2), ""};
  fs::path file = WriteTemp("blank.jsonl", Join(lines));
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  ExpectEveryLine(run, {{file.string(), lines}});
}

}  // namespace
}  // namespace threshold::robustness
