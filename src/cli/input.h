// Reading case records as a stream: an input is read in chunks and split into records as it
// comes, so memory does not grow with the number of records. Stage: cli.
//
// How an input is split (docs/cli.md, docs/robustness.md), exactly as SplitRecords does it on a
// whole input:
// - a whole input that is one JSON value (even spread over many lines) is one record;
// - a broken pretty-printed object is one record: its first line starts with `{` and is not
//   complete, its last non-blank line starts with `}`, and no line in between starts with `{`;
// - an empty input is one (empty) record;
// - otherwise every line is a record, blank lines included. A line ends at LF, CR LF or a bare CR
//   (a raw CR or LF is never inside a JSON string, so splitting there never cuts a record).
// The reader holds the input from its start only while the first two rules could still apply: as
// soon as the text read so far can be neither one JSON value nor a broken pretty-printed object,
// the lines read are handed out as records and the rest is read line by line. A JSON Lines input
// is decided at its second line; one pretty-printed record is held whole, as it is one record.
#ifndef THRESHOLD_CLI_INPUT_H_
#define THRESHOLD_CLI_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace threshold::cli {

// Where an input's bytes come from.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes into `into`: how many were read, 0 at the end of the input, or -1 if
  // reading failed.
  virtual std::ptrdiff_t Read(char* into, size_t size) = 0;
};

// A file, or standard input for "-". Returns nothing and prints a message to `err` if it cannot
// be opened (or is a directory).
std::unique_ptr<ByteSource> OpenInput(const std::string& path, std::ostream& err);

// Bytes in memory, handed out at most `piece` bytes at a time (tests vary it to cut the input at
// every place).
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view text, size_t piece = SIZE_MAX) : text_(text), piece_(piece) {}
  std::ptrdiff_t Read(char* into, size_t size) override;

 private:
  std::string_view text_;
  size_t piece_;
};

// Splits what a ByteSource gives into records, as described at the top of this file.
class RecordReader {
 public:
  // `chunk`: how much to read at a time.
  explicit RecordReader(ByteSource& source, size_t chunk = 64 * 1024);

  struct Next {
    std::string_view text;  // valid until the next call
    int64_t line = 1;       // the record's first line, from 1
    uint64_t offset = 0;    // the record's first byte in the input, from 0
  };
  // The next record; false at the end of the input, or when reading failed (then failed()).
  bool Read(Next& record);
  bool failed() const { return failed_; }

 private:
  struct Line {
    size_t begin, end, next;  // in buffer_: the text is [begin, end), the next line starts at next
  };
  enum class Mode { kDeciding, kPending, kLines, kWhole, kDone };
  enum class Json { kPrefix, kComplete, kNo };  // what the text from the start could still be

  bool ReadLine(Line& line);
  bool Fill();
  void Decide();
  void Check(size_t length);

  ByteSource& source_;
  size_t chunk_;
  std::string buffer_;
  size_t end_ = 0;         // buffer_[0, end_) holds what was read and is still needed
  uint64_t base_ = 0;      // the input offset of buffer_[0]
  size_t line_start_ = 0;  // where the next line begins
  size_t scan_ = 0;        // where the search for its end goes on
  bool eof_ = false;
  bool failed_ = false;
  Mode mode_ = Mode::kDeciding;
  int64_t line_number_ = 0;  // of the last line read

  // While deciding: the lines read so far (the buffer holds the input from its start).
  std::vector<Line> lines_;
  size_t pending_ = 0;     // the next of lines_ to hand out
  Json json_ = Json::kPrefix;
  bool pretty_ = false;    // could still be a broken pretty-printed object
  size_t checked_ = 0;     // the length of text last read as JSON
};

}  // namespace threshold::cli

#endif  // THRESHOLD_CLI_INPUT_H_
