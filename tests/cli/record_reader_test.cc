// Reading records as a stream (src/cli/input.h): the reader splits an input exactly as the rules
// for a whole input say (checked against a plain whole-input reference on hand-picked and random
// inputs, cut into pieces at every size), accepts LF, CR LF and a bare CR as line ends, and holds
// no more of a JSON Lines input than the line it is on.
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "cli/cli.h"
#include "cli/input.h"
#include "evaluate/json_reader.h"

namespace threshold::cli {
namespace {

struct Got {
  std::string text;
  int64_t line;
  uint64_t offset;
  bool operator==(const Got&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Got& got) {
  return out << "{line " << got.line << " at " << got.offset << ": '" << got.text << "'}";
}

// The rules for a whole input (docs/robustness.md, "Reading records"), written plainly.
std::vector<Got> Reference(std::string_view text) {
  if (evaluate::IsJson(text)) return {{std::string(text), 1, 0}};
  struct Line {
    std::string_view text;
    size_t offset;
  };
  std::vector<Line> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find_first_of("\r\n", at);
    if (end == std::string_view::npos) {
      lines.push_back({text.substr(at), at});
      break;
    }
    lines.push_back({text.substr(at, end - at), at});
    at = end + (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1);
  }
  if (lines.empty()) return {{std::string(text), 1, 0}};
  auto first = [](std::string_view line) {
    size_t i = line.find_first_not_of(" \t");
    return i == std::string_view::npos ? ' ' : line[i];
  };
  size_t last = lines.size();
  while (last > 0 && first(lines[last - 1].text) == ' ') --last;
  bool inner = true;
  for (size_t i = 1; i < lines.size(); ++i) inner = inner && first(lines[i].text) != '{';
  if (last > 1 && first(lines[0].text) == '{' && first(lines[last - 1].text) == '}' && inner &&
      !evaluate::IsJson(lines[0].text)) {
    return {{std::string(text), 1, 0}};
  }
  std::vector<Got> got;
  for (size_t i = 0; i < lines.size(); ++i) {
    got.push_back({std::string(lines[i].text), static_cast<int64_t>(i) + 1, lines[i].offset});
  }
  return got;
}

std::vector<Got> Stream(std::string_view text, size_t piece, size_t chunk) {
  MemorySource source(text, piece);
  RecordReader reader(source, chunk);
  std::vector<Got> got;
  RecordReader::Next next;
  while (reader.Read(next)) got.push_back({std::string(next.text), next.line, next.offset});
  EXPECT_FALSE(reader.failed());
  return got;
}

void ExpectAgrees(std::string_view text) {
  std::vector<Got> expected = Reference(text);
  for (size_t chunk : {1, 2, 3, 5, 16, 65536}) {
    for (size_t piece : {size_t{1}, size_t{2}, size_t{7}, SIZE_MAX}) {
      ASSERT_EQ(Stream(text, piece, chunk), expected) << "chunk " << chunk << ", piece " << piece << ", input '"
                                                      << text << "'";
    }
  }
  std::vector<Record> split = SplitRecords(text, "x");
  ASSERT_EQ(split.size(), expected.size());
  for (size_t i = 0; i < split.size(); ++i) {
    EXPECT_EQ(split[i].text, expected[i].text);
    EXPECT_EQ(split[i].line, expected[i].line);
    EXPECT_EQ(split[i].text.data(), text.data() + expected[i].offset);  // a view into the input
  }
}

TEST(RecordReader, AgreesWithTheWholeInputRules) {
  const char* kPretty = "{\n  \"case_id\": \"p\",\n  \"subject\": {\"age\": 17}\n}\n";
  const char* kBrokenPretty = "{\n  \"case_id\": \"p\",\n  \"subject\": {\"age\": 17\n  \"x\": 1\n}\n";
  std::vector<std::string> inputs = {
      "",
      "\n",
      "\n\n",
      " \t",
      "{}",
      "{}\n",
      "{}\n\n  \n",
      "{}\n\n  \nx",
      "{}\n{}\n",
      "{}\r\n{}\r\n",
      "{}\r{}\r",
      "{}\r{}\r\n{}\n{}",
      "{\"a\": 1}\r",
      "\r",
      "\r\r\n\n",
      kPretty,
      kBrokenPretty,
      "{\r  \"case_id\": \"p\",\r  \"subject\": {\"age\": 17}\r}\r",
      "{\r  \"case_id\": \"p\",\r  \"subject\": {\"age\": 17\r  \"x\": 1\r}\r",
      "{\"case_id\": \"a\", \"subject\": {\"age\": 1\n{\"case_id\": \"b\"}\n{\"case_id\": \"c\"}\n",
      "{\"case_id\": \"a\"\n\"b\": 1\n}\n{\"c\": 2}\n",
      std::string("{\"case_id\": \"a\"}\n\0\n{\"case_id\": \"b\"}\n", 36),
      std::string("{\"a\": \"\0\"}", 10),
      "[\n1,\n2\n]\n",
      "[\n{\"a\": 1},\n{\"b\": 2}\n]",
      "[\n{\"a\": 1},\n{\"b\": 2}\n",
      "\xEF\xBB\xBF{\"a\": 1}\n",
      "\xEF\xBB\xBF{\n\"a\": 1\n}\n",
      "1\n2\n",
      "1\n\n",
      "\"abc\ndef\"\n",
      "{\n\n}\n\n",
      "{\n}\n{\n}\n",
      "{\n\"a\":\n1e400\n}\n",
      "{\n\"a\":\n-\n}\n",
      "{\n\"a\":\ntrue\n}\nfals\n",
      "{\"a\": \"\\ud800\n\\udc00\"}\n",
      "  {\n  }\n  ",
  };
  for (const std::string& input : inputs) ExpectAgrees(input);
}

// Random inputs built from the pieces that matter: braces, brackets, strings, numbers, words,
// blanks and every kind of line end.
TEST(RecordReader, AgreesWithTheWholeInputRulesOnRandomInputs) {
  const std::vector<std::string> pieces = {
      "{", "}", "[", "]", ",", ":", "\"a\"", "\"case_id\"", "1", "-", "1e400", "true", "tru", "null", " ", "\t",
      "\n", "\r", "\r\n", "\n\n", "{\"a\": 1}", "{}", "x", std::string(1, '\0'), "\xEF\xBB\xBF", "\"\\u00e9\"",
  };
  std::mt19937 random(12);
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    int count = static_cast<int>(random() % 24);
    // Often start like a record, so the multi-line rules are reached.
    if (random() % 2) input = "{\n";
    for (int i = 0; i < count; ++i) input += pieces[random() % pieces.size()];
    if (random() % 3 == 0) input += "\n}\n";
    ExpectAgrees(input);
    if (testing::Test::HasFatalFailure()) return;
  }
}

// Item 8 of issue 12: a file with CR line ends was one record.
TEST(RecordReader, EveryKindOfLineEndEndsALine) {
  std::vector<Got> got = Stream("{\"a\": 1}\r{\"b\": 2}\r\n{\"c\": 3}\n{\"d\": 4}\r", SIZE_MAX, 65536);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], (Got{"{\"a\": 1}", 1, 0}));
  EXPECT_EQ(got[1], (Got{"{\"b\": 2}", 2, 9}));
  EXPECT_EQ(got[2], (Got{"{\"c\": 3}", 3, 19}));
  EXPECT_EQ(got[3], (Got{"{\"d\": 4}", 4, 28}));
}

// Generates `lines` JSON Lines records and counts what the reader took.
class CountingSource : public ByteSource {
 public:
  CountingSource(std::string first, size_t lines) : first_(std::move(first)), lines_(lines) {}
  std::ptrdiff_t Read(char* into, size_t size) override {
    size_t done = 0;
    while (done < size) {
      if (pending_.empty()) {
        if (made_ == lines_) break;
        pending_ = made_ == 0 && !first_.empty() ? first_ : "{\"case_id\": \"r" + std::to_string(made_) + "\"}";
        pending_ += '\n';
        ++made_;
      }
      size_t take = std::min(size - done, pending_.size());
      std::memcpy(into + done, pending_.data(), take);
      pending_.erase(0, take);
      done += take;
    }
    read_ += done;
    return static_cast<std::ptrdiff_t>(done);
  }
  uint64_t read() const { return read_; }

 private:
  std::string first_;
  size_t lines_, made_ = 0;
  std::string pending_;
  uint64_t read_ = 0;
};

// A JSON Lines input is read as it is handed out, never held whole: when a record comes out,
// the reader has read no more than a few chunks past it. Also when the first line is broken.
TEST(RecordReader, HoldsNoMoreOfJsonLinesThanItNeeds) {
  for (std::string first : {std::string(), std::string("{\"case_id\": \"a\", \"subject\": {\"age\": 1")}) {
    CountingSource source(first, 200000);
    constexpr size_t kChunk = 4096;
    RecordReader reader(source, kChunk);
    RecordReader::Next next;
    size_t records = 0;
    uint64_t most_ahead = 0;
    while (reader.Read(next)) {
      ++records;
      most_ahead = std::max(most_ahead, source.read() - (next.offset + next.text.size()));
    }
    EXPECT_EQ(records, 200000u);
    EXPECT_GT(source.read(), 4'000'000u);
    EXPECT_LE(most_ahead, 2 * kChunk) << "first line '" << first << "'";
  }
}

// A read that fails part way hands out the records before it and says so; nothing after it, and
// not the cut line.
class FailingSource : public ByteSource {
 public:
  explicit FailingSource(std::string text) : text_(std::move(text)) {}
  std::ptrdiff_t Read(char* into, size_t size) override {
    if (text_.empty()) return -1;
    size_t take = std::min(size, text_.size());
    std::memcpy(into, text_.data(), take);
    text_.erase(0, take);
    return static_cast<std::ptrdiff_t>(take);
  }

 private:
  std::string text_;
};

TEST(RecordReader, ReadFailureIsReportedNotTakenForTheEnd) {
  FailingSource source("{\"a\": 1}\n{\"b\": 2}\n{\"c\": 3");
  RecordReader reader(source, 4);
  RecordReader::Next next;
  std::vector<std::string> got;
  while (reader.Read(next)) got.emplace_back(next.text);
  EXPECT_TRUE(reader.failed());
  EXPECT_EQ(got, (std::vector<std::string>{"{\"a\": 1}", "{\"b\": 2}"}));
}

}  // namespace
}  // namespace threshold::cli
