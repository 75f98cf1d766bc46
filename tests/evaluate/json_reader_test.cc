// The decoder's JSON reader (src/evaluate/json_reader.h) against nlohmann's parser as the oracle:
// for every input, both accept or both refuse, and when they accept they report the same events
// (numbers as the same kind: Integer for negative whole numbers, Unsigned for the others, Float
// past 64 bits or with a fraction or exponent). Also: where a refusal is reported, that strings
// without escapes are not copied, and that a NUL byte is refused rather than taken for the end.
#include "evaluate/json_reader.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace threshold::evaluate {
namespace {

// Records events as text: "{", "}", "[", "]", "k:name", "s:text", "i:-1", "u:1", "f:1.5", "b:1", "n".
struct Recorder {
  std::string events;
  bool Null() { return Add("n"); }
  bool Bool(bool v) { return Add(v ? "b:1" : "b:0"); }
  bool Integer(int64_t v) { return Add("i:" + std::to_string(v)); }
  bool Unsigned(uint64_t v) { return Add("u:" + std::to_string(v)); }
  bool Float(double v, bool) { return Add("f:" + nlohmann::json(v).dump()); }
  bool String(std::string_view v) { return Add("s:" + std::string(v)); }
  bool Key(std::string_view v) { return Add("k:" + std::string(v)); }
  bool StartObject() { return Add("{"); }
  bool EndObject() { return Add("}"); }
  bool StartArray() { return Add("["); }
  bool EndArray() { return Add("]"); }
  bool Add(const std::string& e) {
    events += e + " ";
    return true;
  }
};

// The same from nlohmann's SAX parser.
struct Oracle : nlohmann::json_sax<nlohmann::json> {
  Recorder r;
  bool null() override { return r.Null(); }
  bool boolean(bool v) override { return r.Bool(v); }
  bool number_integer(number_integer_t v) override { return r.Integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return r.Unsigned(v); }
  bool number_float(number_float_t v, const string_t&) override { return r.Float(v, false); }
  bool string(string_t& v) override { return r.String(v); }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override { return r.StartObject(); }
  bool key(string_t& v) override { return r.Key(v); }
  bool end_object() override { return r.EndObject(); }
  bool start_array(std::size_t) override { return r.StartArray(); }
  bool end_array() override { return r.EndArray(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
};

struct Read {
  bool ok;
  std::string events;
};

Read Ours(std::string_view text) {
  Recorder r;
  std::string scratch;
  JsonReadResult result = JsonReader<Recorder>::Read(text, r, scratch);
  return {result.status == JsonReadResult::kDone, r.events};
}

Read Theirs(std::string_view text) {
  Oracle o;
  bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &o, nlohmann::json::input_format_t::json, true);
  return {ok, o.r.events};
}

void ExpectSameAsNlohmann(const std::string& text) {
  SCOPED_TRACE(testing::PrintToString(text));
  Read ours = Ours(text), theirs = Theirs(text);
  EXPECT_EQ(ours.ok, theirs.ok);
  if (ours.ok && theirs.ok) {
    EXPECT_EQ(ours.events, theirs.events);
  }
}

TEST(JsonReader, AgreesWithNlohmannOnValidJson) {
  for (const char* text : {
           "{}", "[]", "null", "true", "false", "0", "-0", "1", "-1", "\"\"", " \t\r\n{ } \n",
           R"({"subject": {"age": 17, "in_area": true}, "incident": {"died": null}})",
           R"([1, 2.5, -3e2, 4E+1, 5e-1, 0.0, -0.0, 1e-400, 123456789012345678901234567890])",
           "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
           "18446744073709551615", "18446744073709551616", "-18446744073709551616",
           R"("a\"b\\c\/d\be\ff\ng\rh\ti")", R"("\u0041\u00e9\u20AC\uD83D\uDE00\u0000")",
           "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"", "\xEF\xBB\xBF{\"a\": 1}",
           R"({"a": [{"b": [[], {}]}], "c": "d"})", R"({"a": 1, "a": 2})", "[[[[[[[[[[1]]]]]]]]]]",
           "1.7976931348623157e308", "4.9e-324", "17.000000000000000001",
       }) {
    ExpectSameAsNlohmann(text);
  }
}

TEST(JsonReader, AgreesWithNlohmannOnInvalidJson) {
  for (const std::string& text : std::vector<std::string>{
           "", " ", "{", "}", "[", "]", "{,}", "[,]", "[1,]", R"({"a":1,})", R"({"a" 1})", R"({a: 1})",
           "{'a': 1}", "01", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "0x10", "NaN", "Infinity", "-Infinity",
           "1e400", "-1e400", "tru", "nul", "True", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\uD83D\"",
           "\"\\uD83D\\u0041\"", "\"\\uDE00\"", "\"a\nb\"", "\"\t\"", "{} {}", "1 2", "\xEF\xBB{}",
           "{\xEF\xBB\xBF}", "\xFF\xFE{}", "\"\xC0\xAF\"", "\"\xE0\x80\xAF\"", "\"\xED\xA0\x80\"",
           "\"\xF4\x90\x80\x80\"", "\"\xC3\"", "\"\x80\"", "\"\xF8\x88\x80\x80\x80\"",
           std::string("[\0]", 3), std::string("\0", 1),  // (a NUL after a value: see below)
       }) {
    ExpectSameAsNlohmann(text);
  }
}

TEST(JsonReader, NulIsNotTheEndOfTheInput) {
  // nlohmann takes a NUL for the end of the input (so accepts "{}\0junk"); the reader does not.
  EXPECT_FALSE(Ours(std::string("{}\0junk", 7)).ok);
  EXPECT_FALSE(Ours(std::string("{}\0", 3)).ok);
  EXPECT_TRUE(Ours("\"\\u0000\"").ok);  // an escaped NUL in a string is fine
}

TEST(JsonReader, ReportsWhereTheTextStopsBeingJson) {
  auto byte = [](std::string_view text) {
    Recorder r;
    std::string scratch;
    JsonReadResult result = JsonReader<Recorder>::Read(text, r, scratch);
    EXPECT_EQ(result.status, JsonReadResult::kSyntaxError) << text;
    return result.byte;
  };
  EXPECT_EQ(byte(R"({"subject": {"age": 17,}})"), 24u);  // the '}' after the comma, counted from 1
  EXPECT_EQ(byte("{"), 2u);                               // one past the end
  EXPECT_EQ(byte(""), 1u);
  EXPECT_EQ(byte("\"caf\xE9\""), 6u);  // 0xE9 opens a 3-byte sequence; the '"' breaks it
  EXPECT_EQ(byte("\"caf\xFF\""), 5u);  // 0xFF is never UTF-8
  EXPECT_EQ(byte("[1e400]"), 2u);                           // the number that overflows
}

TEST(JsonReader, AHandlerCanStopTheReading) {
  struct StopAtArrays : Recorder {
    bool StartArray() { return false; }
  } handler;
  std::string scratch;
  JsonReadResult result = JsonReader<StopAtArrays>::Read(R"({"a": [1, 2}})", handler, scratch);  // broken after
  EXPECT_EQ(result.status, JsonReadResult::kStopped);
  EXPECT_EQ(handler.events, "{ k:a ");
}

TEST(JsonReader, NestingPastItsOwnLimitIsRefused) {
  std::string deep = std::string(1000, '[') + std::string(1000, ']');
  EXPECT_FALSE(Ours(deep).ok);
  std::string fine = std::string(500, '[') + std::string(500, ']');
  EXPECT_TRUE(Ours(fine).ok);
}

TEST(JsonReader, StringsWithoutEscapesAreNotCopied) {
  struct Views : Recorder {
    std::vector<std::string_view> seen;
    bool String(std::string_view v) {
      seen.push_back(v);
      return true;
    }
  } handler;
  std::string text = R"(["plain", "esc\"aped"])";
  std::string scratch;
  ASSERT_EQ(JsonReader<Views>::Read(text, handler, scratch).status, JsonReadResult::kDone);
  ASSERT_EQ(handler.seen.size(), 2u);
  EXPECT_EQ(handler.seen[0].data(), text.data() + 2);  // a view into the input
  EXPECT_EQ(handler.seen[1], "esc\"aped");
  EXPECT_TRUE(IsJson(text));
  EXPECT_FALSE(IsJson(text + "x"));
}

}  // namespace
}  // namespace threshold::evaluate
