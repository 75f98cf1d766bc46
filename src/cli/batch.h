// The batch runner of `threshold screen`: records go in one by one, in input order; worker
// threads process them in batches; results come out in input order as soon as they are ready.
// Memory is bounded by the number of jobs, not by the number of records. Stage: cli.
//
// Threads. `jobs` worker threads (std::jthread, so they are always joined, whatever throws) take
// batches in input order from a queue. The calling thread reads and queues records; at most
// 2 * jobs + 1 batches exist at a time, so it waits when the workers fall behind.
//
// Buffering. A batch holds its records' text (a copy, at most BatchLimits::input_bytes beyond
// its first record) and their rendered results. It is sized from the output per record seen so
// far to render about BatchLimits::output_target bytes; should its output pass
// BatchLimits::output_bytes all the same, its worker waits until the batch is the oldest one not
// yet written, writes what it has and goes on.
//
// Ordering. Only the oldest unwritten batch is ever written: whoever finishes it writes it and
// every finished batch after it, in order.
//
// Failures. A record whose processing throws anything but std::bad_alloc gets an error line
// (RecordProcessor::WriteInternalError, code E499, without the exception's text) and the batch
// goes on with a fresh processor. std::bad_alloc, or a failure to write that error line, fails
// the whole run: the results of every record before the failing one are written, in order,
// nothing after it is, and Finish() reports how many were written.
#ifndef THRESHOLD_CLI_BATCH_H_
#define THRESHOLD_CLI_BATCH_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace threshold::cli {

// Where a record came from.
struct Place {
  std::string_view source;  // file name, or "-" for standard input
  int64_t line = 1;
};

// Turns one record into its output. Each worker thread has its own, so it may keep state (reused
// storage) from one record to the next.
class RecordProcessor {
 public:
  virtual ~RecordProcessor() = default;
  // Appends the record's result, or its error line, to `out`; false if the record could not be
  // screened (an error line). May throw: see the top of this file.
  virtual bool Process(std::string_view text, const Place& place, std::string& out) = 0;
  // Appends the error line of a record whose processing threw.
  virtual void WriteInternalError(const Place& place, std::string& out) = 0;
};

// Makes a processor; called on the calling thread for each worker, and on a worker after a record
// failed (a fresh state for the records after it).
using ProcessorFactory = std::function<std::unique_ptr<RecordProcessor>()>;

struct BatchLimits {
  size_t input_bytes = 256 * 1024;        // a batch's text, beyond its first record
  size_t output_target = 512 * 1024;      // the output a batch is sized for
  size_t max_records = 4096;              // records per batch
  size_t first_records = 16;              // records per batch until the output per record is known
  size_t output_bytes = 4 * 1024 * 1024;  // buffered output past which a worker waits for its turn
};

enum class RunFailure {
  kNone,
  kOutOfMemory,  // std::bad_alloc
  kInternal,     // anything else that could not be put on one record's error line
  kOutput,       // the output could not be written
};

struct BatchSummary {
  uint64_t written = 0;  // records whose results (or error lines) were written
  uint64_t failed = 0;   // of those, the ones that could not be screened
  RunFailure failure = RunFailure::kNone;
};

class BatchRunner {
 public:
  // Starts `jobs` worker threads writing to `out` (fewer if the system cannot start that many,
  // but at least one; std::system_error if it cannot start any).
  BatchRunner(int jobs, ProcessorFactory make, std::ostream& out, BatchLimits limits = {});
  // Stops the workers, dropping what is not yet written, and joins them. Call Finish() first to
  // write everything.
  ~BatchRunner();
  BatchRunner(const BatchRunner&) = delete;
  BatchRunner& operator=(const BatchRunner&) = delete;

  // Queues a record; its text and source are copied. Waits while every batch is in use. Returns
  // false once the run has failed: read no further. Throws std::bad_alloc, and then the runner
  // is as before the call.
  bool Add(std::string_view text, std::string_view source, int64_t line);
  // Processes and writes everything queued, in order, and says how it went. Never throws.
  BatchSummary Finish() noexcept;

 private:
  struct Batch;

  void Work(size_t worker) noexcept;
  void Run(Batch& batch, size_t worker) noexcept;
  bool WriteEarly(Batch& batch) noexcept;
  void WriteFinished() noexcept;  // with mutex_ held
  bool Write(const std::string& text) noexcept;  // with mutex_ held
  void Fail(Batch& batch, RunFailure failure) noexcept;
  void Dispatch();
  Batch* Acquire();
  bool Dropped(const Batch& batch) const noexcept;
  bool Stopped() const noexcept;

  ProcessorFactory make_;
  std::ostream& out_;
  BatchLimits limits_;
  size_t max_batches_;
  std::vector<std::unique_ptr<RecordProcessor>> processors_;  // one per worker

  std::mutex mutex_;
  std::condition_variable work_;   // workers: a batch was queued, or the run is closing
  std::condition_variable turn_;   // workers: the oldest unwritten batch changed
  std::condition_variable space_;  // the calling thread: a batch was written
  std::vector<std::unique_ptr<Batch>> batches_;
  std::vector<Batch*> free_;
  std::vector<Batch*> queue_;  // queued, not yet taken by a worker (capacity reserved: no allocation)
  std::vector<Batch*> order_;  // queued or taken, not yet written, in input order (likewise)
  Batch* filling_ = nullptr;   // the batch Add() is filling
  uint64_t next_sequence_ = 0;
  bool closing_ = false;
  std::atomic<bool> abandon_{false};
  // The run failed in this batch: the batches after it are dropped.
  std::atomic<uint64_t> stop_after_{UINT64_MAX};
  std::atomic<size_t> output_per_record_{0};
  BatchSummary summary_;

  std::vector<std::jthread> threads_;  // last, so they are joined before anything else goes
};

// `threshold screen` with every worker's processor wrapped by `wrap` (a test seam: tests make the
// processing of chosen records throw). ScreenCommand(args, out, err) is this with no wrapping.
using ProcessorWrapper = std::function<std::unique_ptr<RecordProcessor>(std::unique_ptr<RecordProcessor>)>;
int ScreenCommand(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                  const ProcessorWrapper& wrap);

}  // namespace threshold::cli

#endif  // THRESHOLD_CLI_BATCH_H_
