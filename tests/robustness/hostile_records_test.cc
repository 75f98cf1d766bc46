// Hostile case records (docs/robustness.md): malformed and truncated JSON, bytes that are not
// UTF-8, byte-order marks, duplicate keys, NaN and numbers too large for any field, integers out
// of range, impossible dates, nesting 100,000 deep, a 100 MB line, empty input. Each is refused
// with a code and a JSON Pointer (or a byte position for broken JSON), never quoting the value,
// and never crashes; through the command line each still gets its own output line.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

// The errors of one record as "CODE pointer" lines, or "ok".
std::string Errors(std::string_view record) {
  DecodeResult decoded = Builtin().Decode(record);
  if (decoded.ok()) return "ok";
  std::string out;
  for (const CaseError& e : decoded.errors) out += (out.empty() ? "" : "; ") + e.code + " " + e.pointer;
  return out;
}

std::string FirstMessage(std::string_view record) {
  DecodeResult decoded = Builtin().Decode(record);
  return decoded.errors.empty() ? "" : decoded.errors[0].message;
}

TEST(HostileRecords, MalformedJsonIsRefusedWithTheBytePosition) {
  EXPECT_EQ(Errors(R"({"subject": {"age": 17,}})"), "E407 ");
  EXPECT_EQ(FirstMessage(R"({"subject": {"age": 17,}})"), "not valid JSON (syntax error at byte 24)");
  EXPECT_EQ(Errors(R"({"subject" {"age": 17}})"), "E407 ");
  EXPECT_EQ(Errors("{'subject': 1}"), "E407 ");
  EXPECT_EQ(Errors(R"({"a": 1} {"b": 2})"), "E407 ");  // two values in one record
  EXPECT_EQ(Errors("garbage"), "E407 ");
}

TEST(HostileRecords, TruncatedRecordIsRefused) {
  std::string record = R"({"case_id": "t-1", "subject": {"age": 17, "in_area": true}, "incident": {"died": tr)";
  for (size_t cut = 1; cut < record.size(); ++cut) {
    DecodeResult decoded = Builtin().Decode(std::string_view(record).substr(0, cut));
    ASSERT_FALSE(decoded.ok()) << cut;
    EXPECT_EQ(decoded.errors.back().code, "E407") << cut;
  }
  // The case_id read before the break is still echoed, so the error can be matched to the case.
  EXPECT_EQ(Builtin().Decode(record).case_id, "t-1");
}

TEST(HostileRecords, InvalidUtf8InAStringIsRefused) {
  EXPECT_EQ(Errors("{\"perpetrator\": {\"relationship\": \"partner\xFF\"}}"), "E407 ");
  EXPECT_EQ(Errors("{\"case_id\": \"c\xC3\"}"), "E407 ");
  EXPECT_EQ(Errors("{\"case_id\": \"\xED\xA0\x80\"}"), "E407 ");  // a UTF-16 surrogate
  EXPECT_EQ(Errors("{\"case_id\": \"\xC0\xAF\"}"), "E407 ");      // an overlong '/'
  EXPECT_EQ(Errors("{\"k\xFF\": 1}"), "E407 ");                   // in a key
  EXPECT_EQ(Errors("{\"case_id\": \"caf\xC3\xA9 \xF0\x9F\x99\x82\"}"), "ok");
}

TEST(HostileRecords, ByteOrderMarkAtTheStartIsSkipped) {
  EXPECT_EQ(Errors("\xEF\xBB\xBF{\"subject\": {\"age\": 17}}"), "ok");
  // Not at the start it is not white space.
  EXPECT_EQ(Errors("{\xEF\xBB\xBF\"subject\": {\"age\": 17}}"), "E407 ");
  // A UTF-16 byte-order mark means the record is not UTF-8 at all.
  EXPECT_EQ(Errors("\xFF\xFE{\x00}\x00"), "E407 ");
}

TEST(HostileRecords, DuplicateKeysAreRefusedNotResolved) {
  EXPECT_EQ(Errors(R"({"subject": {"age": 17, "age": 18}})"), "E410 /subject/age");
  EXPECT_EQ(Errors(R"({"subject": {"age": 17}, "subject": {"age": 18}})"), "E410 /subject");
  EXPECT_EQ(Errors(R"({"case_id": "a", "case_id": "b"})"), "E410 /case_id");
  EXPECT_EQ(Errors(R"({"subject.age": 17, "subject": {"age": 17}})"), "E410 /subject/age");
}

// Found by fuzz_decode (tests/robustness/fuzz-regressions/decode/duplicate-object-key-merged): a
// repeated object key was merged by the streaming decoder, while the DOM path (DecodeValue, used by
// the bindings and `interview`) keeps only the last object, so the two gave different facts.
TEST(HostileRecords, DuplicateObjectKeysAreRefusedNotMerged) {
  EXPECT_EQ(Errors(R"({"subject": {"age": 17}, "subject": {"in_area": true}})"), "E410 /subject");
  EXPECT_EQ(Errors(R"({"case_id": "a", "incident": {}, "incident": {}})"), "E410 /incident");
}

TEST(HostileRecords, NaNAndInfinityAreNotJson) {
  EXPECT_EQ(Errors(R"({"subject": {"age": NaN}})"), "E407 ");
  EXPECT_EQ(Errors(R"({"subject": {"age": Infinity}})"), "E407 ");
  EXPECT_EQ(Errors(R"({"subject": {"age": -Infinity}})"), "E407 ");
  EXPECT_EQ(Errors(R"({"subject": {"age": 1e400}})"), "E407 ");  // beyond a double
}

TEST(HostileRecords, HugeNumbersAreRefusedAtTheirField) {
  for (const char* number : {"99999999999999999999999", "-99999999999999999999999", "1e300", "-1e300",
                             "18446744073709551616", "1.5", "1e-7"}) {
    std::string record = std::string(R"({"subject": {"age": )") + number + "}}";
    DecodeResult decoded = Builtin().Decode(record);
    ASSERT_EQ(decoded.errors.size(), 1u) << number;
    EXPECT_TRUE(decoded.errors[0].code == "E401" || decoded.errors[0].code == "E402") << number;
    EXPECT_EQ(decoded.errors[0].pointer, "/subject/age") << number;
    EXPECT_EQ(decoded.errors[0].message.find(number), std::string::npos) << decoded.errors[0].message;
  }
  // A number where a yes/no, a date or an option belongs.
  EXPECT_EQ(Errors(R"({"incident": {"died": 1e308}})"), "E401 /incident/died");
  EXPECT_EQ(Errors(R"({"incident_date": 20230101})"), "E401 /incident_date");
}

TEST(HostileRecords, IntegersOutOfRangeAreRefused) {
  for (const char* number : {"-1", "131", "9223372036854775807", "-9223372036854775808", "18446744073709551615"}) {
    std::string record = std::string(R"({"subject": {"age": )") + number + "}}";
    EXPECT_EQ(Errors(record), "E402 /subject/age") << number;
    EXPECT_EQ(FirstMessage(record), "the number is outside the range 0 to 130") << number;
  }
  EXPECT_EQ(Errors(R"({"subject": {"age": 130}})"), "ok");
  EXPECT_EQ(Errors(R"({"subject": {"age": 0}})"), "ok");
  EXPECT_EQ(Errors(R"({"subject": {"age": 17.0}})"), "ok");  // a whole number written with a fraction
}

TEST(HostileRecords, ImpossibleDatesAreRefused) {
  for (const char* date : {"2023-02-29", "2023-02-30", "2023-13-01", "2023-00-10", "2023-04-31", "0000-01-01",
                           "2023-1-1", "23-01-01", "10000-01-01", "2023-01-01T00:00", "2023/01/01", "",
                           "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA3-01-01"}) {
    std::string record = std::string(R"({"incident_date": ")") + date + "\"}";
    EXPECT_EQ(Errors(record), "E403 /incident_date") << date;
  }
  EXPECT_EQ(Errors(R"({"incident_date": "2024-02-29"})"), "ok");
  EXPECT_EQ(Errors(R"({"incident_date": "9999-12-31"})"), "ok");
  EXPECT_EQ(Errors(R"({"incident_date": "0001-01-01"})"), "ok");
}

TEST(HostileRecords, BirthAfterTheIncidentIsRefused) {
  EXPECT_EQ(Errors(R"({"incident_date": "2020-01-01", "subject": {"date_of_birth": "2021-01-01"}})"),
            "E409 /subject/date_of_birth");
}

TEST(HostileRecords, HundredThousandDeepNestingIsRefusedWithoutRecursion) {
  std::string objects = R"({"case_id": "deep", "subject": )";
  for (int i = 0; i < 100000; ++i) objects += R"({"a": )";
  objects += "1" + std::string(100000, '}') + "}";
  DecodeResult decoded = Builtin().Decode(objects);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.errors.back().code, "E411");
  EXPECT_EQ(decoded.case_id, "deep");

  std::string arrays = std::string(100000, '[') + std::string(100000, ']');
  decoded = Builtin().Decode(arrays);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.errors.back().code, "E411");

  // Unclosed: the depth limit is reached before the end of the input is.
  decoded = Builtin().Decode(std::string(100000, '['));
  ASSERT_FALSE(decoded.ok());

  // The DOM path refuses the same record.
  nlohmann::json dom = nlohmann::json::parse(arrays);
  EXPECT_EQ(Builtin().DecodeValue(dom).errors.back().code, "E411");
}

TEST(HostileRecords, EmptyAndBlankRecordsAreRefused) {
  EXPECT_EQ(Errors(""), "E407 ");
  EXPECT_EQ(Errors("   \t "), "E407 ");
  EXPECT_EQ(Errors("null"), "E406 ");
  EXPECT_EQ(Errors("[]"), "E406 ");
  EXPECT_EQ(Errors("\"a string\""), "E406 ");
  EXPECT_EQ(Errors("17"), "E406 ");
  EXPECT_EQ(Errors("{}"), "ok");
}

TEST(HostileRecords, NulAndControlCharacters) {
  EXPECT_EQ(Errors(std::string("{\"case_id\": \"a\0b\"}", 18)), "E407 ");  // raw control characters are not JSON
  EXPECT_EQ(Errors(R"({"case_id": "a\u0000b"})"), "ok");                  // escaped, they are text
  EXPECT_EQ(Errors(std::string("\0{}", 3)), "E407 ");
}

// nlohmann's parser takes a NUL byte for the end of the input, so whatever followed one after a
// complete object was silently ignored: a second record, or a field given twice. Rules::Decode
// now refuses any raw NUL byte (never valid JSON) with E407 at that byte.
TEST(HostileRecords, NulAfterTheRecordIsNotTheEnd) {
  EXPECT_EQ(Errors(std::string("{}\0", 3)), "E407 ");
  EXPECT_EQ(Errors(std::string("{\"case_id\": \"a\"}\0{\"subject\": {\"agee\": 1}}", 41)), "E407 ");
}

// ---- Through the command line ----

using HostileRecordsCli = ScratchTest;

TEST_F(HostileRecordsCli, EmptyFileGivesOneErrorLine) {
  fs::path empty = WriteTemp("empty.jsonl", "");
  Output run = Exec({"screen", "--as-of", "2025-06-01", empty.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << run.out;
  nlohmann::json line = nlohmann::json::parse(run.lines[0]);
  EXPECT_EQ(line["error"]["code"], "E407");
  EXPECT_EQ(line["input"]["line"], 1);
  EXPECT_EQ(run.err, "");

  // The same from standard input.
  run = Exec({"screen", "--as-of", "2025-06-01", "-"}, empty);
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.lines.size(), 1u);
}

TEST_F(HostileRecordsCli, DirectoryIsNotAnInput) {
  Output run = Exec({"screen", dir_.string()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("is a directory"), std::string::npos) << run.err;
}

TEST_F(HostileRecordsCli, HundredMegabyteLineIsOneRecord) {
  std::string big = R"({"case_id": "big", "subject": {"age": 17}, "notes": ")" + std::string(100'000'000, 'x') + "\"}\n";
  big += R"({"case_id": "after", "subject": {"age": 17}})" "\n";
  fs::path file = WriteTemp("big.jsonl", big);
  big.clear();
  big.shrink_to_fit();
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 2u);
  nlohmann::json first = nlohmann::json::parse(run.lines[0]);
  EXPECT_EQ(first["case_id"], "big");
  EXPECT_EQ(first["error"]["code"], "E405");
  EXPECT_EQ(first["error"]["pointer"], "/notes");
  EXPECT_LT(run.lines[0].size(), 1000u);  // the value is never echoed
  EXPECT_EQ(nlohmann::json::parse(run.lines[1])["case_id"], "after");
}

TEST_F(HostileRecordsCli, HundredMegabyteValueOfAKnownFieldIsOneRecord) {
  std::string big = R"({"case_id": "big", "perpetrator": {"relationship": ")" + std::string(100'000'000, 'p') + "\"}}";
  fs::path file = WriteTemp("big.json", big);
  big.clear();
  big.shrink_to_fit();
  Output run = Exec({"screen", "--as-of", "2025-06-01", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u);
  nlohmann::json line = nlohmann::json::parse(run.lines[0]);
  EXPECT_EQ(line["error"]["code"], "E404");
  EXPECT_LT(run.lines[0].size(), 1000u);
}

// A long unknown field name must be refused as quickly as a short one. The did-you-mean search
// (common/suggest.cc) used to build a full edit-distance table of the name against every
// candidate: a 10 MB name took minutes and gigabytes, and 100 MB ran out of memory. It now skips
// candidates whose length rules them out and names longer than kLongestSuggestedName. A name that
// long is not a field name and may hold case data: neither the message nor the pointer quotes it.
TEST_F(HostileRecordsCli, HundredMegabyteFieldNameIsRefusedQuickly) {
  std::string big = R"({"case_id": "big", ")" + std::string(100'000'000, 'k') + "\": 1}\n";
  fs::path file = WriteTemp("bigkey.jsonl", big);
  big.clear();
  big.shrink_to_fit();
  auto start = std::chrono::steady_clock::now();
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u);
  nlohmann::json line = nlohmann::json::parse(run.lines[0]);
  EXPECT_EQ(line["error"]["code"], "E405");
  EXPECT_EQ(line["error"]["pointer"], "");  // where: the record itself, not the name
  EXPECT_EQ(line["error"]["message"].get<std::string>().find("kkkk"), std::string::npos);
  // Under a minute even in a sanitizer build (about a second in a release build): the old quadratic
  // search never finished.
  EXPECT_LT(seconds, 60.0);
}

TEST_F(HostileRecordsCli, TruncatedFirstLineLosesNoRecord) {
  std::string text = R"({"case_id": "a", "subject": {"age": 1)" "\n"
                     R"({"case_id": "b", "subject": {"age": 17}})" "\n"
                     R"({"case_id": "c", "subject": {"age": 17}})" "\n";
  fs::path file = WriteTemp("truncated.jsonl", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  ASSERT_EQ(run.lines.size(), 3u) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.lines[0])["error"]["code"], "E407");
  EXPECT_EQ(nlohmann::json::parse(run.lines[1])["case_id"], "b");
  EXPECT_EQ(nlohmann::json::parse(run.lines[2])["case_id"], "c");
}

TEST_F(HostileRecordsCli, EveryLineBadStillGivesALineEach) {
  std::string text = "{\"case_id\": \"x\", \"perpetrator\": {\"relationship\": \"p\xFF\"}}\n{\"case_id\": \"y\xC3\"}\n";
  fs::path file = WriteTemp("bad.jsonl", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 2u) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.lines[1])["input"]["line"], 2);
}

TEST_F(HostileRecordsCli, NulByteLosesNoLine) {
  fs::path file = WriteTemp("nul.jsonl", std::string("{\"case_id\": \"a\"}\n\0\n{\"case_id\": \"b\"}\n", 36));
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 3u) << run.out;
  EXPECT_EQ(nlohmann::json::parse(run.lines[1])["error"]["code"], "E407");
  EXPECT_EQ(nlohmann::json::parse(run.lines[2])["case_id"], "b");
}

TEST_F(HostileRecordsCli, BrokenPrettyPrintedObjectIsOneRecord) {
  std::string text = "{\n  \"case_id\": \"p\",\n  \"subject\": {\"age\": 17\n  \"incident\": {\"died\": true}\n}\n";
  fs::path file = WriteTemp("pretty.json", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 1u) << run.out;
  nlohmann::json line = nlohmann::json::parse(run.lines[0]);
  EXPECT_EQ(line["error"]["code"], "E407");
  EXPECT_EQ(line["case_id"], "p");
}

TEST_F(HostileRecordsCli, ByteOrderMarkedFileIsScreened) {
  fs::path file = WriteTemp("bom.jsonl", "\xEF\xBB\xBF{\"case_id\": \"a\"}\n{\"case_id\": \"b\"}\n");
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  EXPECT_EQ(run.exit_code, 0) << run.out;
  ASSERT_EQ(run.lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(run.lines[0])["case_id"], "a");
}

TEST_F(HostileRecordsCli, DeeplyNestedRecordOnTheCommandLine) {
  std::string text = std::string(100000, '[') + std::string(100000, ']') + "\n{\"case_id\": \"ok\"}\n" +
                     std::string(100000, '{') + "\n";
  fs::path file = WriteTemp("deep.jsonl", text);
  Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", "outcomes", file.string()});
  EXPECT_EQ(run.exit_code, 1);
  ASSERT_EQ(run.lines.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(run.lines[0])["error"]["code"], "E406");
  EXPECT_EQ(nlohmann::json::parse(run.lines[1])["case_id"], "ok");
  EXPECT_TRUE(nlohmann::json::parse(run.lines[2]).contains("error"));
}

}  // namespace
}  // namespace threshold::robustness
