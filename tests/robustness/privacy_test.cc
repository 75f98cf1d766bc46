// No fact leaks (docs/robustness.md): case facts are sensitive, so no error message, explanation
// or log line may quote one. Unique marker values are planted in every field, of every type, of
// bad records and good ones, and every command that reads a case record is run over them:
//
//   - bad records: no output line (error lines, on standard output) and nothing on standard error
//     contains a marker; errors carry codes and JSON Pointers only.
//   - good records: nothing on standard error contains a marker, and no marker appears anywhere
//     in the output either, except the dates the result contract echoes (the date that chose the
//     rule set, docs/result.md) and the case_id, which is why no marker is put in the case_id.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

using nlohmann::json;

// Sets a fact, by its dotted path, in a nested record.
void Set(json& record, const std::string& path, json value) {
  json* slot = &record;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    slot = &(*slot)[path.substr(start, dot - start)];
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  *slot = std::move(value);
}

struct Planted {
  std::vector<std::string> records;  // one JSON text per line
  std::vector<std::string> markers;  // every marker planted, as it would appear in text
};

// Bad records with markers in every field of every type of the built-in rules.
Planted BadRecords() {
  Planted planted;
  int n = 0;
  auto marker = [&](const char* kind) {
    std::string m = std::string("ZQXLEAK") + kind + std::to_string(++n);
    planted.markers.push_back(m);
    return m;
  };
  auto add = [&](const json& record) { planted.records.push_back(record.dump()); };
  for (const FactInfo& fact : Builtin().fact_info()) {
    // A marker string where the value belongs: wrong type, not a date, not an option.
    json record = {{"case_id", "bad-string-" + fact.path}};
    Set(record, fact.path, marker("str"));
    add(record);
    // A marker number: out of range, or the wrong type.
    int64_t number = 770000001 + n;
    planted.markers.push_back(std::to_string(number));
    record = {{"case_id", "bad-number-" + fact.path}};
    Set(record, fact.path, number);
    add(record);
    // A marker in an impossible date (30 February of a marked year) or a fraction.
    std::string date = std::to_string(1001 + n) + "-02-30";
    planted.markers.push_back(date);
    record = {{"case_id", "bad-date-" + fact.path}};
    Set(record, fact.path, date);
    add(record);
    record = {{"case_id", "bad-fraction-" + fact.path}};
    Set(record, fact.path, 123.456789 + n);
    planted.markers.push_back(std::to_string(123.456789 + n).substr(0, 7));
    add(record);
    // A marker in an object or array where a value belongs.
    record = {{"case_id", "bad-object-" + fact.path}};
    Set(record, fact.path, json{{"inner", marker("obj")}});
    add(record);
    record = {{"case_id", "bad-array-" + fact.path}};
    Set(record, fact.path, json::array({marker("arr")}));
    add(record);
    // A valid value repeated with a marker (duplicate key): written by hand, as json objects
    // cannot hold duplicates.
    std::string pointer = fact.pointer;
    std::string leaf = pointer.substr(pointer.rfind('/') + 1);
    std::string duplicate = "\"" + leaf + "\": \"" + marker("dup") + "\", \"" + leaf + "\": \"" + marker("dup") + "\"";
    std::string text = duplicate;
    for (size_t slash = pointer.rfind('/'); slash > 0; slash = pointer.rfind('/', slash - 1)) {
      size_t prev = pointer.rfind('/', slash - 1);
      text = "\"" + pointer.substr(prev + 1, slash - prev - 1) + "\": {" + text + "}";
    }
    planted.records.push_back("{\"case_id\": \"bad-duplicate-" + fact.path + "\", " + text + "}");
  }
  // Broken JSON around markers: before the break, at it, and after it.
  std::string m1 = marker("syn"), m2 = marker("syn"), m3 = marker("syn");
  planted.records.push_back("{\"case_id\": \"bad-syntax-1\", \"perpetrator\": {\"relationship\": \"" + m1 + "\"");
  planted.records.push_back("{\"case_id\": \"bad-syntax-2\", \"notes\": \"" + m2 + "\" \"" + m3 + "\"}");
  std::string m4 = marker("utf");
  planted.records.push_back("{\"case_id\": \"bad-utf8\", \"notes\": \"" + m4 + "\xFF\"}");
  std::string m5 = marker("unk");
  planted.records.push_back("{\"case_id\": \"bad-unknown\", \"notes\": \"" + m5 + "\"}");
  std::string m6 = marker("deep");
  planted.records.push_back("{\"case_id\": \"bad-deep\", \"subject\": " + std::string(50, '[') + "\"" + m6 + "\"" +
                            std::string(50, ']') + "}");
  std::string m7 = marker("top");
  planted.records.push_back("[\"" + m7 + "\"]");
  planted.records.push_back("\"" + marker("top") + "\"");
  // A birth after the incident: both dates valid, their order impossible.
  planted.markers.push_back("2024-07-19");
  planted.markers.push_back("2023-05-11");
  planted.records.push_back(
      R"({"case_id": "bad-birth", "incident_date": "2023-05-11", "subject": {"date_of_birth": "2024-07-19"}})");
  return planted;
}

// Every output of `run` must be free of every marker.
void ExpectNoMarker(const Output& run, const std::vector<std::string>& markers, const std::string& what) {
  for (const std::string& marker : markers) {
    EXPECT_EQ(run.out.find(marker), std::string::npos) << what << ": standard output quotes " << marker;
    EXPECT_EQ(run.err.find(marker), std::string::npos) << what << ": standard error quotes " << marker;
  }
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

using Privacy = ScratchTest;

TEST_F(Privacy, BadRecordsNeverQuoteAValue) {
  Planted planted = BadRecords();
  ASSERT_GT(planted.records.size(), 200u);
  fs::path file = WriteTemp("bad.jsonl", Join(planted.records));
  for (const char* format : {"json", "text", "outcomes"}) {
    Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", format, file.string()});
    EXPECT_EQ(run.exit_code, 1);
    ExpectNoMarker(run, planted.markers, std::string("screen --format ") + format);
    if (std::string(format) != "text") {
      ASSERT_EQ(run.lines.size(), planted.records.size());
      for (const std::string& line : run.lines) {
        json out = json::parse(line);
        EXPECT_TRUE(out.contains("error")) << line;  // every one of them is refused
      }
    }
  }
}

TEST_F(Privacy, BadRecordsThroughTheLibraryNeverQuoteAValue) {
  Planted planted = BadRecords();
  for (const std::string& record : planted.records) {
    DecodeResult decoded = Builtin().Decode(record);
    EXPECT_FALSE(decoded.ok()) << record;
    for (const CaseError& error : decoded.errors) {
      for (const std::string& marker : planted.markers) {
        EXPECT_EQ(error.message.find(marker), std::string::npos) << error.message;
        EXPECT_EQ(error.pointer.find(marker), std::string::npos) << error.pointer;
      }
    }
    json dom = json::parse(record, nullptr, false);
    if (dom.is_discarded()) continue;
    for (const CaseError& error : Builtin().DecodeValue(dom).errors) {
      for (const std::string& marker : planted.markers) EXPECT_EQ(error.message.find(marker), std::string::npos);
    }
  }
}

TEST_F(Privacy, ToolsReadingABadRecordNeverQuoteAValue) {
  Planted planted = BadRecords();
  for (size_t i = 0; i < planted.records.size(); i += 7) {
    fs::path file = WriteTemp("case.json", planted.records[i]);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"questions", "--as-of", "2025-06-01", file.string()},
          std::vector<std::string>{"questions", "--as-of", "2025-06-01", "--format", "json", file.string()},
          std::vector<std::string>{"graph", "--regime", "sar", "--case", file.string()},
          std::vector<std::string>{"interview", "--as-of", "2025-06-01", "--case", file.string()}}) {
      Output run = Exec(args);
      EXPECT_NE(run.exit_code, 0) << args[0] << " accepted " << planted.records[i];
      ExpectNoMarker(run, planted.markers, args[0] + " on " + planted.records[i]);
    }
  }
}

// A pack with free text and a date that no rule set is dated by, so that good records can carry
// markers that nothing in the output has any reason to show.
constexpr const char* kTextPack = R"(fact referral.summary: text
  question "What does the referral say, in a word?"
fact referral.received: date
  question "When was the referral received?"
condition says_neglect "the referral says neglect" if referral.summary = "neglect"
  cite statute "Test Act" "s1"
review t "Test review" decided by "the board" dated by incident_date
  cite statute "Test Act" "s2"
  rules t1 "Test rules" in force from 2000-01-01
    cite statute "Test Act" "s3"
    outcome flagged "Flagged" if says_neglect and referral.received >= 2020-01-01 and incident.died
      cite statute "Test Act" "s4"
    otherwise other "Other"
      cite statute "Test Act" "s5"
  end
end
)";

TEST_F(Privacy, GoodRecordsNeverShowAFreeTextOrUndatingValue) {
  fs::path pack = Pack("text-pack", {{"text.rules", kTextPack}});
  std::vector<std::string> markers = {"ZQXLEAKtextgood", "2021-09-17", "1931-07-19"};
  std::vector<std::string> records = {
      R"({"case_id": "good-1", "referral": {"summary": "ZQXLEAKtextgood", "received": "2021-09-17"},
          "incident_date": "2025-01-02", "incident": {"died": true}, "subject": {"date_of_birth": "1931-07-19"}})",
      R"({"case_id": "good-2", "referral": {"summary": "ZQXLEAKtextgood"}, "subject": {"date_of_birth": "1931-07-19"}})",
      R"({"case_id": "good-3", "referral.summary": "ZQXLEAKtextgood", "referral.received": "2021-09-17"})",
  };
  std::string text;
  for (const std::string& record : records) text += json::parse(record).dump() + "\n";
  fs::path file = WriteTemp("good.jsonl", text);
  for (const char* format : {"json", "text", "outcomes"}) {
    Output run = Exec({"screen", "--rules", pack.string(), "--as-of", "2025-06-01", "--format", format, file.string()});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(run.err, "");
    ExpectNoMarker(run, markers, std::string("screen --format ") + format);
  }
  fs::path one = WriteTemp("good.json", json::parse(records[0]).dump());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"questions", "--rules", pack.string(), "--as-of", "2025-06-01", one.string()},
        std::vector<std::string>{"questions", "--rules", pack.string(), "--format", "json", one.string()},
        std::vector<std::string>{"graph", "--rules", pack.string(), "--regime", "t", "--case", one.string()},
        std::vector<std::string>{"interview", "--rules", pack.string(), "--case", one.string()}}) {
    Output run = Exec(args);
    ExpectNoMarker(run, markers, args[0]);
  }
}

TEST_F(Privacy, GoodRecordsOfTheBuiltInRulesLogNothing) {
  // Every fact given a valid value; the date of birth is a marker (no rule set is dated by it).
  json record = {{"case_id", "good-builtin"}};
  for (const FactInfo& fact : Builtin().fact_info()) {
    if (fact.derived) continue;
    json value;
    if (fact.type == "boolean") value = true;
    else if (fact.type == "integer") value = fact.min + 1;
    else if (fact.type == "date") value = "2025-03-03";
    else if (fact.type == "enum") value = fact.options.front();
    else value = "ZQXLEAKtext";
    Set(record, fact.path, value);
  }
  Set(record, "subject.date_of_birth", "1931-07-19");
  Set(record, "subject.age", nullptr);
  fs::path file = WriteTemp("good.json", record.dump());
  for (const char* format : {"json", "text", "outcomes"}) {
    Output run = Exec({"screen", "--as-of", "2025-06-01", "--format", format, file.string()});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(run.err, "");
    ExpectNoMarker(run, {"1931-07-19", "ZQXLEAK"}, std::string("screen --format ") + format);
  }
}

}  // namespace
}  // namespace threshold::robustness
