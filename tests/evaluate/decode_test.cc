// Decoding case records (ARCHITECTURE section 4) with the built-in rules: every decode error with
// its code and JSON Pointer (E401-E409), the rule that no message ever quotes a field's value,
// derived ages by the birthday rule, null as unknown, and dotted flat keys.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "compile/program.h"
#include "threshold/threshold.h"

namespace threshold {
namespace {

using nlohmann::json;

class Decode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { compiled_ = new CompileResult(Rules::Builtin()); }
  static void TearDownTestSuite() {
    delete compiled_;
    compiled_ = nullptr;
  }

  void SetUp() override { ASSERT_TRUE(compiled_->ok()) << compiled_->FormatDiagnostics(); }

  const Rules& rules() const { return *compiled_->rules; }

  int FactIndex(std::string_view path) const {
    int index = rules().program().model.FindFact(path);
    EXPECT_GE(index, 0) << path;
    return index;
  }

  // The decoded value of a fact, or nullopt when it is unknown. Fails the test if decoding failed.
  std::optional<int64_t> Value(const DecodeResult& decoded, std::string_view path) const {
    EXPECT_TRUE(decoded.ok()) << (decoded.errors.empty() ? "" : decoded.errors[0].message);
    if (!decoded.ok()) return std::nullopt;
    const FactValue& v = decoded.facts->values.at(FactIndex(path));
    if (!v.known) return std::nullopt;
    return v.value;
  }

  // Expects exactly one error, with this code and pointer.
  void ExpectOneError(const DecodeResult& decoded, const std::string& code, const std::string& pointer) {
    EXPECT_FALSE(decoded.ok());
    EXPECT_FALSE(decoded.facts.has_value());
    ASSERT_EQ(decoded.errors.size(), 1u) << [&] {
      std::string all;
      for (const CaseError& e : decoded.errors) all += e.code + " " + e.pointer + " " + e.message + "\n";
      return all;
    }();
    EXPECT_EQ(decoded.errors[0].code, code) << decoded.errors[0].message;
    EXPECT_EQ(decoded.errors[0].pointer, pointer) << decoded.errors[0].message;
    EXPECT_FALSE(decoded.errors[0].message.empty());
  }

  static CompileResult* compiled_;
};

CompileResult* Decode::compiled_ = nullptr;

// ---------------------------------------------------------------------------------------------
// Errors, one by one
// ---------------------------------------------------------------------------------------------

TEST_F(Decode, EmptyRecordIsAllUnknown) {
  DecodeResult decoded = rules().Decode("{}");
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(decoded.errors.empty());
  EXPECT_FALSE(decoded.facts->case_id.has_value());
  for (const FactValue& v : decoded.facts->values) EXPECT_FALSE(v.known);
}

TEST_F(Decode, WrongTypeIsE401) {
  ExpectOneError(rules().Decode(R"({"subject": {"age": "seventeen"}})"), "E401", "/subject/age");
  ExpectOneError(rules().Decode(R"({"incident": {"died": "yes"}})"), "E401", "/incident/died");
  ExpectOneError(rules().Decode(R"({"incident": {"died": 1}})"), "E401", "/incident/died");
  ExpectOneError(rules().Decode(R"({"incident_date": 20250101})"), "E401", "/incident_date");
  ExpectOneError(rules().Decode(R"({"abuse_or_neglect": true})"), "E401", "/abuse_or_neglect");
  ExpectOneError(rules().Decode(R"({"subject": {"age": 17.5}})"), "E401", "/subject/age");
  ExpectOneError(rules().Decode(R"({"subject": {"age": [17]}})"), "E401", "/subject/age");
  // An object where a group of fields belongs must be an object.
  ExpectOneError(rules().Decode(R"({"subject": 17})"), "E401", "/subject");
}

TEST_F(Decode, WholeNumberWrittenWithAFractionIsAccepted) {
  // 17.0 is a whole number; JSON does not distinguish it from 17.
  EXPECT_EQ(Value(rules().Decode(R"({"subject": {"age": 17.0}})"), "subject.age"), 17);
}

TEST_F(Decode, OutOfRangeIntegerIsE402) {
  ExpectOneError(rules().Decode(R"({"subject": {"age": 131}})"), "E402", "/subject/age");
  ExpectOneError(rules().Decode(R"({"subject": {"age": -1}})"), "E402", "/subject/age");
  ExpectOneError(rules().Decode(R"({"perpetrator": {"age": 18446744073709551615}})"), "E402", "/perpetrator/age");
  // The ends of the range are in it.
  EXPECT_EQ(Value(rules().Decode(R"({"subject": {"age": 0}})"), "subject.age"), 0);
  EXPECT_EQ(Value(rules().Decode(R"({"subject": {"age": 130}})"), "subject.age"), 130);
}

TEST_F(Decode, InvalidDateIsE403) {
  ExpectOneError(rules().Decode(R"({"incident_date": "2023-02-30"})"), "E403", "/incident_date");
  ExpectOneError(rules().Decode(R"({"aware_date": "2023-13-01"})"), "E403", "/aware_date");
  ExpectOneError(rules().Decode(R"({"aware_date": "1/2/2023"})"), "E403", "/aware_date");
  ExpectOneError(rules().Decode(R"({"aware_date": "2023-01-01T10:00:00"})"), "E403", "/aware_date");
  ExpectOneError(rules().Decode(R"({"subject": {"date_of_birth": "2023-2-1"}})"), "E403",
                 "/subject/date_of_birth");
  // 29 February exists in leap years only.
  EXPECT_TRUE(rules().Decode(R"({"incident_date": "2024-02-29"})").ok());
  ExpectOneError(rules().Decode(R"({"incident_date": "2023-02-29"})"), "E403", "/incident_date");
}

TEST_F(Decode, UnknownOptionIsE404) {
  DecodeResult decoded = rules().Decode(R"({"abuse_or_neglect": "maybe"})");
  ExpectOneError(decoded, "E404", "/abuse_or_neglect");
  // The message lists the options, so the caller can correct the record.
  EXPECT_NE(decoded.errors[0].message.find("not_suspected"), std::string::npos) << decoded.errors[0].message;
  ExpectOneError(rules().Decode(R"({"incident": {"location": "Wales"}})"), "E404", "/incident/location");
  // Options are case sensitive.
  ExpectOneError(rules().Decode(R"({"coercive_control": "Known"})"), "E404", "/coercive_control");
}

TEST_F(Decode, UnknownFieldIsE405WithDidYouMean) {
  DecodeResult decoded = rules().Decode(R"({"subject": {"agee": 17}})");
  ExpectOneError(decoded, "E405", "/subject/agee");
  EXPECT_NE(decoded.errors[0].message.find("did you mean '/subject/age'"), std::string::npos)
      << decoded.errors[0].message;

  decoded = rules().Decode(R"({"incident_dat": "2025-01-01"})");
  ExpectOneError(decoded, "E405", "/incident_dat");
  EXPECT_NE(decoded.errors[0].message.find("did you mean '/incident_date'"), std::string::npos)
      << decoded.errors[0].message;

  decoded = rules().Decode(R"({"caseid": "c-1"})");
  ExpectOneError(decoded, "E405", "/caseid");
  EXPECT_NE(decoded.errors[0].message.find("did you mean '/case_id'"), std::string::npos)
      << decoded.errors[0].message;

  // A name like nothing known gets no hint, but still its pointer.
  decoded = rules().Decode(R"({"favourite_colour": "blue"})");
  ExpectOneError(decoded, "E405", "/favourite_colour");

  // A name that is not a field name (a table's first row of data, free text, a date) may hold case
  // data: the error says where it is (the object holding it), never what it is.
  for (const char* name : {"a/b~c", "Jane Smith", "2025-01-01", "17", "x\u00e9", ""}) {
    decoded = rules().Decode(std::string(R"({"subject": {")") + name + R"(": 1}})");
    ExpectOneError(decoded, "E405", "/subject");
    EXPECT_NE(decoded.errors[0].message.find("name is not shown"), std::string::npos) << name;
  }
  decoded = rules().Decode(R"({"Jane Smith": 1})");
  ExpectOneError(decoded, "E405", "");
  EXPECT_EQ(decoded.errors[0].message.find("Jane"), std::string::npos);
  // 64 bytes is shown, 65 is not.
  decoded = rules().Decode("{\"" + std::string(64, 'k') + "\": 1}");
  ExpectOneError(decoded, "E405", "/" + std::string(64, 'k'));
  decoded = rules().Decode("{\"" + std::string(65, 'k') + "\": 1}");
  ExpectOneError(decoded, "E405", "");
}

TEST_F(Decode, NumbersThatAreNotWholeAreRefusedForIntegerFacts) {
  // A double rounds 1e-400 to 0 and 17.0000000000000000001 to 17: the text says otherwise.
  for (const char* number : {"1e-400", "-1e-400", "17.0000000000000000001", "0.5", "1.7", "17e-1"}) {
    ExpectOneError(rules().Decode(std::string(R"({"subject": {"age": )") + number + "}}"), "E401", "/subject/age");
  }
  // Whole numbers however they are written.
  for (const char* number : {"17.0", "1.7e1", "170e-1", "0e-400", "0.000", "-0"}) {
    DecodeResult decoded = rules().Decode(std::string(R"({"subject": {"age": )") + number + "}}");
    EXPECT_TRUE(decoded.ok()) << number;
  }
  // Whole but beyond any integer a fact can hold: out of range, not "a fraction".
  ExpectOneError(rules().Decode(R"({"subject": {"age": 1e300}})"), "E402", "/subject/age");
  ExpectOneError(rules().Decode(R"({"subject": {"age": 1e16}})"), "E402", "/subject/age");
}

TEST_F(Decode, RecordNotAnObjectIsE406) {
  ExpectOneError(rules().Decode("[1, 2, 3]"), "E406", "");
  ExpectOneError(rules().Decode("\"a string\""), "E406", "");
  ExpectOneError(rules().Decode("17"), "E406", "");
  ExpectOneError(rules().Decode("null"), "E406", "");
}

TEST_F(Decode, InvalidJsonIsE407) {
  ExpectOneError(rules().Decode("{"), "E407", "");
  ExpectOneError(rules().Decode(R"({"subject": {"age": 17,}})"), "E407", "");
  ExpectOneError(rules().Decode(""), "E407", "");
  ExpectOneError(rules().Decode(R"({"case_id": "c-1"} trailing)"), "E407", "");
}

TEST_F(Decode, CaseIdNotAStringIsE408) {
  ExpectOneError(rules().Decode(R"({"case_id": 42})"), "E408", "/case_id");
  ExpectOneError(rules().Decode(R"({"case_id": {"id": "x"}})"), "E408", "/case_id");
  // A null case_id is simply absent.
  DecodeResult decoded = rules().Decode(R"({"case_id": null})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded.facts->case_id.has_value());
}

TEST_F(Decode, CaseIdIsEchoedEvenWhenTheRecordFails) {
  DecodeResult decoded = rules().Decode(R"({"case_id": "c-17", "subject": {"age": 200}})");
  EXPECT_FALSE(decoded.ok());
  ASSERT_TRUE(decoded.case_id.has_value());
  EXPECT_EQ(*decoded.case_id, "c-17");
  decoded = rules().Decode(R"({"case_id": "c-18"})");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.facts->case_id, "c-18");
  EXPECT_EQ(decoded.case_id, "c-18");
}

TEST_F(Decode, DateOfBirthAfterIncidentIsE409) {
  ExpectOneError(
      rules().Decode(R"({"subject": {"date_of_birth": "2025-06-02"}, "incident_date": "2025-06-01"})"),
      "E409", "/subject/date_of_birth");
  // Born on the day of the incident: age 0, no error.
  EXPECT_EQ(Value(rules().Decode(R"({"subject": {"date_of_birth": "2025-06-01"}, "incident_date": "2025-06-01"})"),
                  "subject.age"),
            0);
}

TEST_F(Decode, DuplicateFieldIsE410) {
  ExpectOneError(rules().Decode(R"({"subject": {"age": 17, "age": 18}})"), "E410", "/subject/age");
  // Never resolved silently, even when both values agree.
  ExpectOneError(rules().Decode(R"({"incident_date": "2025-01-01", "incident_date": "2025-01-01"})"), "E410",
                 "/incident_date");
}

TEST_F(Decode, DeepNestingIsE411) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += "{\"a\": ";
  deep += "1";
  for (int i = 0; i < 40; ++i) deep += "}";
  DecodeResult decoded = rules().Decode(deep);
  EXPECT_FALSE(decoded.ok());
  ASSERT_FALSE(decoded.errors.empty());
  // The unknown field "a" is reported too (E405); the depth limit must be among the errors.
  EXPECT_TRUE(std::any_of(decoded.errors.begin(), decoded.errors.end(),
                          [](const CaseError& e) { return e.code == "E411"; }))
      << decoded.errors[0].code << " " << decoded.errors[0].message;
  // Nesting inside a known group is refused the same way.
  std::string nested = "{\"subject\": ";
  for (int i = 0; i < 40; ++i) nested += "{\"age\": ";
  nested += "1";
  for (int i = 0; i < 41; ++i) nested += "}";
  decoded = rules().Decode(nested);
  EXPECT_FALSE(decoded.ok());
  EXPECT_TRUE(std::any_of(decoded.errors.begin(), decoded.errors.end(),
                          [](const CaseError& e) { return e.code == "E411"; }));
}

TEST_F(Decode, EveryErrorIsReported) {
  DecodeResult decoded = rules().Decode(
      R"({"case_id": "c-1", "subject": {"age": 300, "in_area": "yes"}, "abuse_or_neglect": "maybe",
          "incident_date": "2023-02-30", "incident_dat": "2023-02-01"})");
  EXPECT_FALSE(decoded.ok());
  std::set<std::pair<std::string, std::string>> got;
  for (const CaseError& e : decoded.errors) got.insert({e.code, e.pointer});
  std::set<std::pair<std::string, std::string>> want = {{"E402", "/subject/age"},
                                                        {"E401", "/subject/in_area"},
                                                        {"E404", "/abuse_or_neglect"},
                                                        {"E403", "/incident_date"},
                                                        {"E405", "/incident_dat"}};
  EXPECT_EQ(got, want);
}

// ---------------------------------------------------------------------------------------------
// Messages never contain the offending value
// ---------------------------------------------------------------------------------------------

// Each record plants a unique marker value ("ZQX123", 987654 and variants) in one field of some
// type; whatever the error, neither its message nor its pointer may contain the marker.
TEST_F(Decode, NoMessageContainsTheValue) {
  const std::vector<std::string> records = {
      // strings in fields of every type
      R"({"subject": {"age": "ZQX123"}})",
      R"({"incident": {"died": "ZQX123"}})",
      R"({"incident_date": "ZQX123"})",
      R"({"incident_date": "2023-02-30ZQX123"})",
      R"({"abuse_or_neglect": "ZQX123"})",
      R"({"incident": {"location": "ZQX123"}})",
      R"({"subject": "ZQX123"})",
      R"({"unknown_field_here": "ZQX123"})",
      R"({"subject": {"agee": "ZQX123"}})",
      // numbers in fields of every type
      R"({"subject": {"age": 987654}})",
      R"({"perpetrator": {"age": -987654}})",
      R"({"subject": {"age": 987654.5}})",
      R"({"subject": {"age": 9876543210987654321}})",
      R"({"incident": {"died": 987654}})",
      R"({"aware_date": 987654}})",
      R"({"abuse_or_neglect": 987654})",
      R"({"case_id": 987654})",
      R"({"subject": 987654})",
      // arrays and objects holding markers
      R"({"subject": {"age": ["ZQX123", 987654]}})",
      R"({"case_id": {"ZQX123": 987654}})",
      R"(["ZQX123", 987654])",
      R"("ZQX123")",
      R"(987654)",
      // invalid JSON around a marker: the parser's own message could quote the input
      R"({"subject": {"age": ZQX123}})",
      R"({"case_id": "c-1", "subject": {"age": 987654x}})",
      R"({"ZQX123": )",
      R"({"incident_date": "ZQX123)",
      // duplicate fields
      R"({"subject": {"age": 987654, "age": 987654}})",
      R"({"abuse_or_neglect": "ZQX123", "abuse_or_neglect": "known"})",
      // a date of birth after the incident date (the derived age would be negative)
      R"({"subject": {"date_of_birth": "2099-09-09"}, "incident_date": "2001-01-01"})",
      // a date of birth that makes the age out of range
      R"({"subject": {"date_of_birth": "1801-01-01"}, "incident_date": "2001-01-01"})",
  };
  const std::vector<std::string> markers = {"ZQX123", "ZQX", "987654", "98765", "2099-09-09", "1801-01-01",
                                            "2099", "1801"};
  for (const std::string& record : records) {
    SCOPED_TRACE(record);
    DecodeResult decoded = rules().Decode(record);
    ASSERT_FALSE(decoded.ok());
    ASSERT_FALSE(decoded.errors.empty());
    for (const CaseError& error : decoded.errors) {
      EXPECT_FALSE(error.code.empty());
      for (const std::string& marker : markers) {
        EXPECT_EQ(error.message.find(marker), std::string::npos)
            << "message quotes the value: " << error.code << " " << error.message;
        // A pointer names a place; it may contain a key the caller wrote ("ZQX123" as a key
        // below), never a value.
        if (record.find("\"ZQX123\":") == std::string::npos) {
          EXPECT_EQ(error.pointer.find(marker), std::string::npos)
              << "pointer quotes the value: " << error.code << " " << error.pointer;
        }
      }
    }
  }
}

// The same rule through the pre-parsed JSON entry point.
TEST_F(Decode, DecodeValueMessagesDoNotContainTheValue) {
  json record = {{"subject", {{"age", "ZQX123"}, {"in_area", 987654}}},
                 {"abuse_or_neglect", "ZQX123"},
                 {"case_id", 987654}};
  DecodeResult decoded = rules().DecodeValue(record);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.errors.size(), 4u);
  for (const CaseError& error : decoded.errors) {
    EXPECT_EQ(error.message.find("ZQX123"), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find("987654"), std::string::npos) << error.message;
  }
}

// ---------------------------------------------------------------------------------------------
// Values, null, flat keys and derived ages
// ---------------------------------------------------------------------------------------------

TEST_F(Decode, ValuesOfEachType) {
  DecodeResult decoded = rules().Decode(
      R"({"case_id": "c-1", "subject": {"age": 17, "in_area": true}, "incident": {"died": false,
          "location": "outside_england"}, "incident_date": "2025-03-09", "abuse_or_neglect": "suspected"})");
  EXPECT_EQ(Value(decoded, "subject.age"), 17);
  EXPECT_EQ(Value(decoded, "subject.in_area"), 1);
  EXPECT_EQ(Value(decoded, "incident.died"), 0);
  EXPECT_EQ(Value(decoded, "incident.location"), 2);  // third option: in_area, elsewhere_in_england, outside_england
  EXPECT_EQ(Value(decoded, "incident_date"), Date::FromYmd(2025, 3, 9)->days());
  EXPECT_EQ(Value(decoded, "abuse_or_neglect"), 1);  // known, suspected, not_suspected
  EXPECT_EQ(Value(decoded, "concern_agencies_worked_together"), std::nullopt);
}

TEST_F(Decode, NullIsUnknown) {
  DecodeResult decoded = rules().Decode(
      R"({"subject": {"age": null, "in_area": null, "date_of_birth": null}, "incident_date": null,
          "abuse_or_neglect": null, "incident": null, "case_id": null})");
  ASSERT_TRUE(decoded.ok()) << decoded.errors[0].message;
  for (const FactValue& v : decoded.facts->values) EXPECT_FALSE(v.known);
}

TEST_F(Decode, DottedFlatKeysAreAccepted) {
  DecodeResult decoded = rules().Decode(
      R"({"subject.age": 17, "incident.died": true, "perpetrator.relationship": "intimate_partner"})");
  EXPECT_EQ(Value(decoded, "subject.age"), 17);
  EXPECT_EQ(Value(decoded, "incident.died"), 1);
  EXPECT_EQ(Value(decoded, "perpetrator.relationship"), 0);
  // A flat key is validated like a nested one, with the flat key's own pointer.
  DecodeResult bad = rules().Decode(R"({"subject.age": 200})");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].code, "E402");
  // An unknown dotted key is an unknown field.
  DecodeResult unknown = rules().Decode(R"({"subject.agee": 17})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.errors[0].code, "E405");
}

struct AgeCase {
  const char* dob;
  const char* on;
  int age;
  const char* why;
};

// The birthday rule: an age is attained at the start of the anniversary; a 29 February birthday
// is reached on 1 March in a non-leap year.
TEST_F(Decode, DerivedAgeByTheBirthdayRule) {
  const AgeCase cases[] = {
      {"2009-05-10", "2025-05-09", 15, "day before the 16th birthday"},
      {"2009-05-10", "2025-05-10", 16, "on the 16th birthday"},
      {"2007-05-10", "2025-05-09", 17, "day before the 18th birthday"},
      {"2007-05-10", "2025-05-10", 18, "on the 18th birthday"},
      {"2007-12-31", "2025-12-30", 17, "day before an end-of-year 18th birthday"},
      {"2007-12-31", "2025-12-31", 18, "on an end-of-year 18th birthday"},
      {"2008-02-29", "2026-02-28", 17, "29 February birthday, non-leap year, 28 February: not yet 18"},
      {"2008-02-29", "2026-03-01", 18, "29 February birthday, non-leap year: 18 on 1 March"},
      {"2008-02-29", "2024-02-28", 15, "29 February birthday, leap year: not yet 16 on 28 February"},
      {"2008-02-29", "2024-02-29", 16, "29 February birthday, leap year: 16 on 29 February"},
      {"2084-02-29", "2100-02-28", 15, "2100 is not a leap year: not yet 16 on 28 February"},
      {"2084-02-29", "2100-03-01", 16, "2100 is not a leap year: 16 on 1 March"},
  };
  for (const AgeCase& c : cases) {
    SCOPED_TRACE(c.why);
    json record = {{"subject", {{"date_of_birth", c.dob}}}, {"incident_date", c.on}};
    EXPECT_EQ(Value(rules().DecodeValue(record), "subject.age"), c.age);
  }
}

// The derived age decides the age thresholds in the screening itself.
TEST_F(Decode, DerivedAgeDecidesTheThresholds) {
  ScreenOptions options;
  options.as_of = Date::FromYmd(2026, 6, 1);
  auto reason = [&](const char* dob, const char* on, std::string_view review, std::string_view condition) {
    json record = {{"subject", {{"date_of_birth", dob}}},
                   {"incident_date", on},
                   {"incident", {{"died", true}}},
                   {"death_from_abuse_or_neglect", "known"},
                   {"perpetrator", {{"relationship", "intimate_partner"}}}};
    DecodeResult decoded = rules().DecodeValue(record);
    EXPECT_TRUE(decoded.ok());
    Screening s = rules().Screen(*decoded.facts, options);
    for (const ReviewResult& r : s.reviews) {
      if (r.id != review) continue;
      for (const Reason& x : r.reasons) {
        if (x.condition == condition) return x.value;
      }
    }
    ADD_FAILURE() << "no reason " << condition << " in " << review;
    return Truth::kUnknown;
  };
  EXPECT_EQ(reason("2008-02-29", "2026-02-28", "sar", "sar_subject_adult"), Truth::kFalse);
  EXPECT_EQ(reason("2008-02-29", "2026-03-01", "sar", "sar_subject_adult"), Truth::kTrue);
  EXPECT_EQ(reason("2010-03-01", "2026-02-28", "dhr", "victim_aged_16_or_over"), Truth::kFalse);
  EXPECT_EQ(reason("2010-03-01", "2026-03-01", "dhr", "victim_aged_16_or_over"), Truth::kTrue);
}

TEST_F(Decode, DateOfBirthWinsOverAGivenAge) {
  DecodeResult decoded = rules().Decode(
      R"({"subject": {"date_of_birth": "2009-05-10", "age": 40}, "incident_date": "2025-05-10"})");
  EXPECT_EQ(Value(decoded, "subject.age"), 16);
  // Without the incident date the age cannot be worked out, and the given age stands.
  decoded = rules().Decode(R"({"subject": {"date_of_birth": "2009-05-10", "age": 40}})");
  EXPECT_EQ(Value(decoded, "subject.age"), 40);
  // Without either, the age is unknown.
  decoded = rules().Decode(R"({"subject": {"date_of_birth": "2009-05-10"}})");
  EXPECT_EQ(Value(decoded, "subject.age"), std::nullopt);
  // A null date of birth is unknown: the given age stands.
  decoded = rules().Decode(R"({"subject": {"date_of_birth": null, "age": 40}, "incident_date": "2025-05-10"})");
  EXPECT_EQ(Value(decoded, "subject.age"), 40);
}

TEST_F(Decode, DerivedAgeOutOfRangeIsAnError) {
  DecodeResult decoded = rules().Decode(R"({"subject": {"date_of_birth": "1801-01-01"}, "incident_date": "2001-01-01"})");
  ASSERT_FALSE(decoded.ok());
  ASSERT_EQ(decoded.errors.size(), 1u);
  EXPECT_EQ(decoded.errors[0].code, "E402");
  EXPECT_EQ(decoded.errors[0].pointer, "/subject/date_of_birth");
}

}  // namespace
}  // namespace threshold
