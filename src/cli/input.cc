// Loading rules and reading case records for the command-line program. Stage: cli.
#include "cli/input.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/cli.h"
#include "evaluate/json_reader.h"

namespace threshold::cli {

std::optional<Rules> LoadRules(const std::string& directory, std::ostream& err) {
  CompileResult compiled = directory.empty() ? Rules::Builtin() : Rules::LoadDirectory(directory);
  if (!compiled.diagnostics.empty()) err << compiled.FormatDiagnostics();
  return compiled.rules;
}

bool ReadInput(const std::string& path, std::string& text, std::ostream& err) {
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    return true;
  }
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    err << "threshold: '" << path << "' is a directory, not a file of case records\n";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "threshold: cannot open '" << path << "'\n";
    return false;
  }
  // Read straight into the string, sized from the file when its size is known (one copy, no
  // doubling); then on to the end in case the file grew or its size was not the whole story.
  text.clear();
  std::uintmax_t size = std::filesystem::file_size(path, error);
  if (!error && size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(size));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  if (!in.bad() && !in.eof()) {
    char chunk[65536];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) text.append(chunk, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    // A read that failed part way would silently lose the records after it.
    err << "threshold: cannot read all of '" << path << "'\n";
    return false;
  }
  return true;
}

namespace {

// A file descriptor: standard input, or a file this object opened (and closes).
class FileSource : public ByteSource {
 public:
  FileSource(int fd, bool owned) : fd_(fd), owned_(owned) {}
  ~FileSource() override {
    if (owned_) ::close(fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::ptrdiff_t Read(char* into, size_t size) override {
    while (true) {
      ssize_t got = ::read(fd_, into, size);
      if (got >= 0) return got;
      if (errno != EINTR) return -1;
    }
  }

 private:
  int fd_;
  bool owned_;
};

// The first character of a line that is not a space or a tab; ' ' for a blank line.
char FirstChar(std::string_view line) {
  size_t at = line.find_first_not_of(" \t");
  return at == std::string_view::npos ? ' ' : line[at];
}

}  // namespace

std::unique_ptr<ByteSource> OpenInput(const std::string& path, std::ostream& err) {
  if (path == "-") return std::make_unique<FileSource>(0, false);
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    err << "threshold: '" << path << "' is a directory, not a file of case records\n";
    return nullptr;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err << "threshold: cannot open '" << path << "'\n";
    return nullptr;
  }
  return std::make_unique<FileSource>(fd, true);
}

std::ptrdiff_t MemorySource::Read(char* into, size_t size) {
  size_t count = std::min({size, piece_, text_.size()});
  std::memcpy(into, text_.data(), count);
  text_.remove_prefix(count);
  return static_cast<std::ptrdiff_t>(count);
}

RecordReader::RecordReader(ByteSource& source, size_t chunk) : source_(source), chunk_(std::max<size_t>(chunk, 1)) {}

// Reads more of the input onto the end of the buffer. Once the start of the input is no longer
// needed, what was handed out is dropped first, so the buffer holds about one chunk (or the
// longest line).
bool RecordReader::Fill() {
  if (mode_ == Mode::kLines && line_start_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + line_start_, end_ - line_start_);
    base_ += line_start_;
    end_ -= line_start_;
    scan_ -= line_start_;
    line_start_ = 0;
    // After a long line, give the memory back.
    if (buffer_.size() > 16 * chunk_ && end_ < buffer_.size() / 4) {
      std::string smaller(std::max(2 * chunk_, 2 * end_), '\0');
      std::memcpy(smaller.data(), buffer_.data(), end_);
      buffer_.swap(smaller);
    }
  }
  if (buffer_.size() - end_ < chunk_) buffer_.resize(std::max(buffer_.size() * 2, end_ + chunk_));
  std::ptrdiff_t got = source_.Read(buffer_.data() + end_, buffer_.size() - end_);
  if (got < 0) {
    failed_ = true;
    return false;
  }
  if (got == 0) eof_ = true;
  end_ += static_cast<size_t>(got);
  return true;
}

// The next line: it ends at LF, CR LF or a bare CR, or at the end of the input.
bool RecordReader::ReadLine(Line& line) {
  while (true) {
    const char* data = buffer_.data();
    size_t at = scan_;
    while (at < end_ && data[at] != '\n' && data[at] != '\r') ++at;
    if (at < end_) {
      if (data[at] == '\r' && at + 1 == end_ && !eof_) {
        // Is the CR followed by an LF? The next read says.
        scan_ = at;
        if (!Fill()) return false;
        continue;
      }
      size_t next = at + 1;
      if (data[at] == '\r' && next < end_ && data[next] == '\n') ++next;
      line = {line_start_, at, next};
      line_start_ = scan_ = next;
      ++line_number_;
      return true;
    }
    scan_ = end_;
    if (eof_) {
      if (line_start_ == end_) return false;
      line = {line_start_, end_, end_};
      line_start_ = end_;
      ++line_number_;
      return true;
    }
    if (!Fill()) return false;
  }
}

// Reads the input from its start as JSON, as far as `length` (which ends with a line end).
void RecordReader::Check(size_t length) {
  evaluate::AcceptAll handler;
  std::string scratch;
  evaluate::JsonReadResult result =
      evaluate::JsonReader<evaluate::AcceptAll>::Read(std::string_view(buffer_.data(), length), handler, scratch);
  checked_ = length;
  if (result.status == evaluate::JsonReadResult::kDone) {
    json_ = Json::kComplete;
  } else if (result.byte != length + 1) {
    // The text stops being JSON before its end. The end is a line end, so no number, word or
    // string is cut there: nothing that follows can make it JSON again.
    json_ = Json::kNo;
  }
  // Otherwise it ends too soon: the start of a value spread over more lines.
}

void RecordReader::Decide() {
  Line line;
  while (ReadLine(line)) {
    lines_.push_back(line);
    std::string_view text(buffer_.data() + line.begin, line.end - line.begin);
    bool ended = line.next > line.end;  // not the input's last, unended line
    bool was_pretty = pretty_;
    if (lines_.size() == 1) {
      if (ended) Check(line.next);
      pretty_ = FirstChar(text) == '{' && json_ != Json::kComplete;
    } else {
      if (FirstChar(text) == '{') pretty_ = false;
      if (json_ == Json::kComplete) {
        if (text.find_first_not_of(" \t") != std::string_view::npos) json_ = Json::kNo;
      } else if (json_ == Json::kPrefix && ended && ((was_pretty && !pretty_) || line.next >= 2 * checked_)) {
        // Read again as the text doubles, so the input is read as JSON a bounded number of times.
        Check(line.next);
      }
    }
    if (json_ == Json::kNo && !pretty_) {
      mode_ = Mode::kPending;
      return;
    }
  }
  if (failed_) {
    mode_ = Mode::kDone;
    return;
  }
  // The whole input is in the buffer: decide exactly.
  std::string_view all(buffer_.data(), end_);
  auto text = [&](size_t i) { return std::string_view(buffer_.data() + lines_[i].begin, lines_[i].end - lines_[i].begin); };
  bool one = lines_.empty() || json_ == Json::kComplete || (json_ == Json::kPrefix && evaluate::IsJson(all));
  if (!one) {
    // A broken pretty-printed object: its first line opens the object and does not close it, its
    // last closes it, and no line in between starts another object.
    size_t last = lines_.size();
    while (last > 0 && FirstChar(text(last - 1)) == ' ') --last;
    bool inner = true;
    for (size_t i = 1; i < lines_.size() && inner; ++i) inner = FirstChar(text(i)) != '{';
    one = last > 1 && FirstChar(text(0)) == '{' && FirstChar(text(last - 1)) == '}' && inner &&
          !evaluate::IsJson(text(0));
  }
  mode_ = one ? Mode::kWhole : Mode::kPending;
}

bool RecordReader::Read(Next& record) {
  if (mode_ == Mode::kDeciding) Decide();
  switch (mode_) {
    case Mode::kWhole:
      record = {std::string_view(buffer_.data(), end_), 1, base_};
      mode_ = Mode::kDone;
      return true;
    case Mode::kPending:
      if (pending_ < lines_.size()) {
        const Line& line = lines_[pending_++];
        record = {std::string_view(buffer_.data() + line.begin, line.end - line.begin), static_cast<int64_t>(pending_),
                  base_ + line.begin};
        return true;
      }
      lines_ = {};
      mode_ = Mode::kLines;
      [[fallthrough]];
    case Mode::kLines: {
      Line line;
      if (!ReadLine(line)) {
        mode_ = Mode::kDone;
        return false;
      }
      record = {std::string_view(buffer_.data() + line.begin, line.end - line.begin), line_number_,
                base_ + line.begin};
      return true;
    }
    case Mode::kDeciding:
    case Mode::kDone:
      break;
  }
  return false;
}

std::vector<Record> SplitRecords(std::string_view text, const std::string& source) {
  std::vector<Record> records;
  MemorySource memory(text);
  RecordReader reader(memory);
  RecordReader::Next next;
  while (reader.Read(next)) {
    records.push_back({text.substr(static_cast<size_t>(next.offset), next.text.size()), source, static_cast<int>(next.line)});
  }
  return records;
}

}  // namespace threshold::cli
