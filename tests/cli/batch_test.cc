// Worker failures in `threshold screen --jobs N` (issue 12, item 2), injected through the batch
// runner's test seam (src/cli/batch.h): the processing of chosen records throws.
// - Anything but std::bad_alloc fails that record only: its error line (E499, the record's file and
//   line, never the exception's text) and every other record written, in order.
// - std::bad_alloc fails the run: exit 2, a message that says how many records were written, and
//   exactly the results of the records before the failing one, in order.
// With --jobs 1, 2 and 4, and with the runner's own limits small enough that batches are cut and
// written early all the time. Worker threads used to have no try/catch: the first throw was
// std::terminate (exit 134) with nothing written.
#include <chrono>
#include <memory>
#include <new>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/batch.h"
#include "cli/cli.h"
#include "robustness/robustness_util.h"

namespace threshold::cli {
namespace {

using nlohmann::json;
using robustness::SplitLines;

constexpr const char* kMarker = "MARKER-7f3a";  // in the records and in the exceptions' text

// Throws when processing the records on the chosen lines; otherwise the real processing.
class Throwing : public RecordProcessor {
 public:
  enum Kind { kRuntime, kBadAlloc, kNotAnException };
  Throwing(std::unique_ptr<RecordProcessor> inner, std::vector<int64_t> lines, Kind kind)
      : inner_(std::move(inner)), lines_(std::move(lines)), kind_(kind) {}
  bool Process(std::string_view text, const Place& place, std::string& out) override {
    for (int64_t line : lines_) {
      if (place.line != line) continue;
      out += "half a result that must not be written";  // the runner drops a failed record's output
      if (kind_ == kBadAlloc) throw std::bad_alloc();
      if (kind_ == kNotAnException) throw 42;
      throw std::runtime_error(std::string("the age ") + kMarker + " is wrong");
    }
    return inner_->Process(text, place, out);
  }
  void WriteInternalError(const Place& place, std::string& out) override { inner_->WriteInternalError(place, out); }

 private:
  std::unique_ptr<RecordProcessor> inner_;
  std::vector<int64_t> lines_;
  Kind kind_;
};

// Follows each record's output with a delimiter, to tell the records' outputs apart.
constexpr char kDelimiter = '\x1e';
class Delimited : public RecordProcessor {
 public:
  explicit Delimited(std::unique_ptr<RecordProcessor> inner) : inner_(std::move(inner)) {}
  bool Process(std::string_view text, const Place& place, std::string& out) override {
    bool ok = inner_->Process(text, place, out);
    out += kDelimiter;
    return ok;
  }
  void WriteInternalError(const Place& place, std::string& out) override { inner_->WriteInternalError(place, out); }

 private:
  std::unique_ptr<RecordProcessor> inner_;
};

struct Screened {
  int exit_code;
  std::string out, err;
  std::vector<std::string> lines;
};

class ScreenBatch : public robustness::ScratchTest {
 protected:
  void SetUp() override {
    ScratchTest::SetUp();
    std::string text;
    for (int i = 1; i <= kRecords; ++i) {
      if (i % 10 == 3) {
        text += R"({"case_id": "bad-)" + std::to_string(i) + R"(", "subject": {"age": 999}, "notes": ")" + kMarker +
                "\"}\n";
      } else {
        text += R"({"case_id": "c-)" + std::to_string(i) + R"(", "incident_date": "2025-03-01", "subject": {"age": )" +
                std::to_string(i % 90) + R"(, "in_area": true}, "incident": {"died": )" + (i % 2 ? "true" : "false") +
                "}}\n";
      }
    }
    file_ = WriteTemp("cases.jsonl", text).string();
  }

  Screened Screen(const std::string& format, int jobs, const ProcessorWrapper& wrap = nullptr) {
    std::ostringstream out, err;
    Screened run;
    run.exit_code = ScreenCommand({"--as-of", "2025-06-01", "--format", format, "--jobs",
                                   std::to_string(jobs), file_},
                                  out, err, wrap);
    run.out = out.str();
    run.err = err.str();
    run.lines = SplitLines(run.out);
    return run;
  }

  static ProcessorWrapper Throw(std::vector<int64_t> lines, Throwing::Kind kind) {
    return [lines, kind](std::unique_ptr<RecordProcessor> inner) -> std::unique_ptr<RecordProcessor> {
      return std::make_unique<Throwing>(std::move(inner), lines, kind);
    };
  }

  // Each record's output on its own, from a run with one job: the program's own rendering, whatever
  // the format looks like.
  std::vector<std::string> Outputs(const std::string& format) {
    Screened run = Screen(format, 1, [](std::unique_ptr<RecordProcessor> inner) -> std::unique_ptr<RecordProcessor> {
      return std::make_unique<Delimited>(std::move(inner));
    });
    std::vector<std::string> outputs;
    for (size_t at = 0, end; (end = run.out.find(kDelimiter, at)) != std::string::npos; at = end + 1) {
      outputs.push_back(run.out.substr(at, end - at));
    }
    EXPECT_EQ(outputs.size(), static_cast<size_t>(kRecords));
    return outputs;
  }

  static std::string Join(const std::vector<std::string>& outputs, size_t begin, size_t end) {
    std::string joined;
    for (size_t i = begin; i < end && i < outputs.size(); ++i) joined += outputs[i];
    return joined;
  }

  static constexpr int kRecords = 300;
  std::string file_;
};

TEST_F(ScreenBatch, RecordThatThrowsGetsAnErrorLineAndTheOthersGoOn) {
  for (Throwing::Kind kind : {Throwing::kRuntime, Throwing::kNotAnException}) {
    Screened expected = Screen("json", 1);
    ASSERT_EQ(expected.lines.size(), static_cast<size_t>(kRecords));
    for (int jobs : {1, 2, 4}) {
      SCOPED_TRACE("jobs " + std::to_string(jobs));
      Screened run = Screen("json", jobs, Throw({1, 17, 150, 151, kRecords}, kind));
      EXPECT_EQ(run.exit_code, 1);
      EXPECT_EQ(run.err, "");
      ASSERT_EQ(run.lines.size(), static_cast<size_t>(kRecords));
      for (int i = 1; i <= kRecords; ++i) {
        const std::string& line = run.lines[i - 1];
        if (i != 1 && i != 17 && i != 150 && i != 151 && i != kRecords) {
          ASSERT_EQ(line, expected.lines[i - 1]) << "line " << i;
          continue;
        }
        json error = json::parse(line);
        EXPECT_EQ(error["case_id"], nullptr);
        EXPECT_EQ(error["error"]["code"], "E499");
        EXPECT_EQ(error["error"]["pointer"], "");
        EXPECT_EQ(error["errors"].size(), 1u);
        EXPECT_EQ(error["input"]["file"], file_);
        EXPECT_EQ(error["input"]["line"], i);
      }
      EXPECT_EQ(run.out.find(kMarker), std::string::npos);  // neither the record nor the exception
      EXPECT_EQ(run.out.find("half a result"), std::string::npos);
    }
  }
}

TEST_F(ScreenBatch, RecordThatThrowsInTextFormat) {
  std::vector<std::string> expected = Outputs("text");
  Screened run = Screen("text", 2, Throw({5}, Throwing::kRuntime));
  EXPECT_EQ(run.exit_code, 1);
  // Every other record has its note, in order; the fifth has the error note instead of its own.
  std::string before = Join(expected, 0, 4), after = Join(expected, 5, kRecords);
  ASSERT_EQ(run.out.substr(0, before.size()), before);
  ASSERT_GE(run.out.size(), before.size() + after.size());
  EXPECT_EQ(run.out.substr(run.out.size() - after.size()), after);
  EXPECT_EQ(run.out.substr(before.size(), run.out.size() - before.size() - after.size()),
            "Case (no case_id) (" + file_ +
                " line 5) was not screened:\n  record: internal error while screening this record (its message is "
                "withheld, as it may quote case data); the other records were screened; please report it [E499]\n");
  EXPECT_EQ(run.out.find(kMarker), std::string::npos);
}

TEST_F(ScreenBatch, OutOfMemoryWritesEverythingBeforeItAndExitsTwo) {
  for (const char* format : {"json", "outcomes", "text"}) {
    std::vector<std::string> expected = Outputs(format);
    for (int jobs : {1, 2, 4}) {
      for (int64_t failing : {int64_t{1}, int64_t{2}, int64_t{77}, int64_t{251}, int64_t{kRecords}}) {
        SCOPED_TRACE(std::string(format) + ", jobs " + std::to_string(jobs) + ", line " + std::to_string(failing));
        Screened run = Screen(format, jobs, Throw({failing, failing + 5}, Throwing::kBadAlloc));
        EXPECT_EQ(run.exit_code, 2);
        EXPECT_EQ(run.err, "threshold: out of memory; stopped after writing the results of " +
                               std::to_string(failing - 1) +
                               " records, in input order; the records after them were not screened\n");
        // Exactly the results of the records before it.
        EXPECT_TRUE(run.out == Join(expected, 0, static_cast<size_t>(failing - 1)))
            << run.out.size() << " bytes written";
      }
    }
  }
}

// The runner on its own, with a processor whose output and speed vary and limits so small that
// nearly every batch is cut short and written early: the output is still every record once, in
// order, whatever the number of jobs, and a failure still writes exactly what comes before it.
class Echo : public RecordProcessor {
 public:
  explicit Echo(int64_t fail_at) : fail_at_(fail_at), random_(std::random_device{}()) {}
  bool Process(std::string_view text, const Place& place, std::string& out) override {
    if (random_() % 8 == 0) std::this_thread::sleep_for(std::chrono::microseconds(random_() % 200));
    if (place.line == fail_at_) throw std::bad_alloc();
    out.append(text);
    out.append(random_() % 64, '.');
    out += '\n';
    return place.line % 7 != 0;
  }
  void WriteInternalError(const Place&, std::string& out) override { out += "error\n"; }

 private:
  int64_t fail_at_;
  std::mt19937 random_;
};

TEST(BatchRunner, KeepsInputOrderWhenBatchesAreWrittenEarly) {
  BatchLimits tiny;
  tiny.input_bytes = 40;
  tiny.output_target = 100;
  tiny.first_records = 3;
  tiny.output_bytes = 50;
  for (int jobs : {1, 2, 4}) {
    for (int64_t fail_at : {int64_t{-1}, int64_t{1234}}) {
      SCOPED_TRACE("jobs " + std::to_string(jobs) + ", failing at " + std::to_string(fail_at));
      std::ostringstream out;
      BatchSummary summary;
      {
        BatchRunner runner(jobs, [&] { return std::make_unique<Echo>(fail_at); }, out, tiny);
        for (int64_t line = 1; line <= 3000; ++line) {
          // Two sources, so batches are also cut where the source changes.
          if (!runner.Add(std::string("r").append(std::to_string(line)), line <= 1500 ? "a" : "b", line)) break;
        }
        summary = runner.Finish();
      }
      std::vector<std::string> lines = SplitLines(out.str());
      int64_t expected = fail_at < 0 ? 3000 : fail_at - 1;
      ASSERT_EQ(lines.size(), static_cast<size_t>(expected));
      for (int64_t i = 0; i < expected; ++i) {
        ASSERT_EQ(lines[i].substr(0, lines[i].find('.')), std::string("r").append(std::to_string(i + 1)));
      }
      EXPECT_EQ(summary.written, static_cast<uint64_t>(expected));
      EXPECT_EQ(summary.failed, static_cast<uint64_t>(expected / 7));
      EXPECT_EQ(summary.failure, fail_at < 0 ? RunFailure::kNone : RunFailure::kOutOfMemory);
    }
  }
}

// A runner that is destroyed without Finish (its caller threw) joins its threads and returns.
TEST(BatchRunner, DestroyedMidRunJoinsItsThreads) {
  std::ostringstream out;
  {
    BatchRunner runner(4, [] { return std::make_unique<Echo>(-1); }, out);
    for (int64_t line = 1; line <= 5000; ++line) runner.Add("r", "a", line);
  }
  SUCCEED();
}

}  // namespace
}  // namespace threshold::cli
