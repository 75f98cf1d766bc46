// Line ends in `threshold screen`'s input (issue 12, item 8): LF, CR LF and a bare CR each end a
// line. A file with CR line ends (old Mac OS, some exports) was one record: one error for the
// whole file, and every case in it unscreened.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

using nlohmann::json;

class LineEndings : public ScratchTest {};

std::string Record(int i) {
  return R"({"case_id": "c)" + std::to_string(i) + R"(", "incident_date": "2025-03-01", "subject": {"age": 17}})";
}

TEST_F(LineEndings, BareCarriageReturnsEndRecords) {
  fs::path file = WriteTemp("cr.jsonl", Record(1) + "\r" + Record(2) + "\r" + Record(3) + "\r");
  for (const char* jobs : {"1", "2"}) {
    Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", "--jobs", jobs, file.string()});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    ASSERT_EQ(run.lines.size(), 3u) << run.out;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(json::parse(run.lines[i])["case_id"], "c" + std::to_string(i + 1));
  }
  // A pretty-printed record with CR line ends is still one record, and so is a broken one (one
  // error, not one per line).
  fs::path good = WriteTemp("pretty.json", "{\r  \"case_id\": \"p\",\r  \"subject\": {\"age\": 17}\r}\r");
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", good.string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(run.lines.size(), 1u) << run.out;
  EXPECT_EQ(json::parse(run.lines[0])["case_id"], "p");
  fs::path broken = WriteTemp("broken.json", "{\r  \"case_id\": \"p\",\r  \"subject\": {\"age\": 17\r  \"x\": 1\r}\r");
  run = Exec({"screen", "--as-of", "2025-06-01", broken.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << run.out;
  EXPECT_EQ(json::parse(run.lines[0])["error"]["code"], "E407");
}

TEST_F(LineEndings, MixedLineEndsKeepTheirLineNumbers) {
  // LF, CR LF, CR, and a last line without an end; the third record is bad.
  std::string text = Record(1) + "\n" + Record(2) + "\r\n" + R"({"case_id": "bad", "subject": {"age": 999}})" + "\r" +
                     Record(4);
  fs::path file = WriteTemp("mixed.jsonl", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 4u) << run.out;
  json bad = json::parse(run.lines[2]);
  EXPECT_EQ(bad["case_id"], "bad");
  EXPECT_EQ(bad["input"]["line"], 3);
  EXPECT_EQ(json::parse(run.lines[3])["case_id"], "c4");
}

}  // namespace
}  // namespace threshold::robustness
