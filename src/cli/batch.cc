// The batch runner of `threshold screen` (see batch.h). Stage: cli.
#include "cli/batch.h"

#include <algorithm>
#include <new>
#include <ostream>
#include <system_error>

namespace threshold::cli {

struct BatchRunner::Batch {
  struct Item {
    size_t offset, size;  // the record's text in `text`
    int64_t line;
  };
  uint64_t sequence = 0;  // input order, from 1
  std::string source;
  std::string text;
  std::vector<Item> items;
  std::string out;          // results not yet written
  size_t done = 0;          // records processed
  size_t flushed = 0;       // records whose results were written early
  size_t output_total = 0;  // bytes written early
  uint64_t failed = 0;      // records that could not be screened
  bool finished = false;
  RunFailure failure = RunFailure::kNone;  // the run failed at record `done`

  // Ready for reuse; storage beyond `keep` bytes (left by an unusually large record) is released.
  void Clear(size_t keep) noexcept {
    sequence = 0;
    text.clear();
    out.clear();
    items.clear();
    if (text.capacity() > keep) std::string().swap(text);
    if (out.capacity() > keep) std::string().swap(out);
    done = flushed = output_total = 0;
    failed = 0;
    finished = false;
    failure = RunFailure::kNone;
  }
};

BatchRunner::BatchRunner(int jobs, ProcessorFactory make, std::ostream& out, BatchLimits limits)
    : make_(std::move(make)), out_(out), limits_(limits) {
  size_t workers = static_cast<size_t>(std::max(1, jobs));
  max_batches_ = 2 * workers + 1;
  batches_.reserve(max_batches_);
  free_.reserve(max_batches_);
  queue_.reserve(max_batches_);
  order_.reserve(max_batches_);
  for (size_t w = 0; w < workers; ++w) processors_.push_back(make_());
  threads_.reserve(workers);
  try {
    for (size_t w = 0; w < workers; ++w) {
      try {
        threads_.emplace_back([this, w] { Work(w); });
      } catch (const std::system_error&) {
        if (w == 0) throw;
        break;  // fewer threads: the same results, later
      }
    }
  } catch (...) {
    // The threads already started are joined as threads_ goes; they must not wait for work.
    {
      std::lock_guard lock(mutex_);
      abandon_ = true;
    }
    work_.notify_all();
    throw;
  }
}

BatchRunner::~BatchRunner() {
  {
    std::lock_guard lock(mutex_);
    abandon_ = true;
  }
  work_.notify_all();
  turn_.notify_all();
  space_.notify_all();
  // threads_ is destroyed first, joining every worker.
}

bool BatchRunner::Stopped() const noexcept { return abandon_ || stop_after_ != UINT64_MAX; }

bool BatchRunner::Dropped(const Batch& batch) const noexcept {
  return abandon_ || batch.sequence > stop_after_;
}

BatchRunner::Batch* BatchRunner::Acquire() {
  std::unique_lock lock(mutex_);
  space_.wait(lock, [&] { return !free_.empty() || batches_.size() < max_batches_ || Stopped(); });
  if (Stopped()) return nullptr;
  if (!free_.empty()) {
    Batch* batch = free_.back();
    free_.pop_back();
    return batch;
  }
  batches_.push_back(std::make_unique<Batch>());
  return batches_.back().get();
}

void BatchRunner::Dispatch() {
  {
    std::lock_guard lock(mutex_);
    filling_->sequence = ++next_sequence_;
    queue_.push_back(filling_);  // both have room for every batch: no allocation
    order_.push_back(filling_);
    filling_ = nullptr;
  }
  work_.notify_one();
}

bool BatchRunner::Add(std::string_view text, std::string_view source, int64_t line) {
  if (Stopped()) return false;
  if (filling_ && !filling_->items.empty()) {
    // Sized to render about output_target bytes, from the output per record so far.
    size_t per = output_per_record_.load(std::memory_order_relaxed);
    size_t records = per == 0 ? limits_.first_records
                              : std::clamp<size_t>(limits_.output_target / per, 1, limits_.max_records);
    if (filling_->items.size() >= records || filling_->text.size() + text.size() > limits_.input_bytes ||
        filling_->source != source) {
      Dispatch();
    }
  }
  if (!filling_) {
    filling_ = Acquire();
    if (!filling_) return false;
  }
  Batch& batch = *filling_;
  if (batch.items.empty()) batch.source.assign(source);
  size_t offset = batch.text.size();
  batch.text.append(text);
  try {
    batch.items.push_back({offset, text.size(), line});
  } catch (...) {
    batch.text.resize(offset);
    throw;
  }
  return true;
}

BatchSummary BatchRunner::Finish() noexcept {
  if (filling_) {
    if (!filling_->items.empty() && !Stopped()) {
      Dispatch();
    } else {
      std::lock_guard lock(mutex_);
      filling_->Clear(0);
      free_.push_back(filling_);
      filling_ = nullptr;
    }
  }
  std::unique_lock lock(mutex_);
  closing_ = true;
  work_.notify_all();
  space_.wait(lock, [&] { return order_.empty(); });
  return summary_;
}

void BatchRunner::Work(size_t worker) noexcept {
  while (true) {
    Batch* batch;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [&] { return !queue_.empty() || closing_ || abandon_; });
      if (abandon_ || queue_.empty()) return;
      batch = queue_.front();
      queue_.erase(queue_.begin());
    }
    Run(*batch, worker);
    std::lock_guard lock(mutex_);
    batch->finished = true;
    WriteFinished();
  }
}

void BatchRunner::Run(Batch& batch, size_t worker) noexcept {
  for (size_t i = batch.done; i < batch.items.size(); ++i) {
    if (Dropped(batch)) return;
    const Batch::Item& item = batch.items[i];
    Place place{batch.source, item.line};
    std::string_view text(batch.text.data() + item.offset, item.size);
    size_t mark = batch.out.size();
    try {
      try {
        if (!processors_[worker]->Process(text, place, batch.out)) ++batch.failed;
      } catch (const std::bad_alloc&) {
        throw;
      } catch (...) {
        // A failure of this record only: its error line, and a fresh processor for the records
        // after it (the old one's state is whatever the exception left).
        if (batch.out.size() > mark) batch.out.resize(mark);
        processors_[worker] = make_();
        processors_[worker]->WriteInternalError(place, batch.out);
        ++batch.failed;
      }
    } catch (const std::bad_alloc&) {
      if (batch.out.size() > mark) batch.out.resize(mark);
      Fail(batch, RunFailure::kOutOfMemory);
      return;
    } catch (...) {
      if (batch.out.size() > mark) batch.out.resize(mark);
      Fail(batch, RunFailure::kInternal);
      return;
    }
    batch.done = i + 1;
    if (batch.out.size() >= limits_.output_bytes && batch.done < batch.items.size() && !WriteEarly(batch)) return;
  }
  if (batch.done > 0) {
    output_per_record_.store(std::max<size_t>(1, (batch.output_total + batch.out.size()) / batch.done),
                             std::memory_order_relaxed);
  }
}

void BatchRunner::Fail(Batch& batch, RunFailure failure) noexcept {
  {
    std::lock_guard lock(mutex_);
    batch.failure = failure;
    if (batch.sequence < stop_after_) stop_after_ = batch.sequence;
  }
  turn_.notify_all();
  space_.notify_all();
}

bool BatchRunner::WriteEarly(Batch& batch) noexcept {
  std::unique_lock lock(mutex_);
  turn_.wait(lock, [&] { return Dropped(batch) || order_.front() == &batch; });
  if (Dropped(batch) || !Write(batch.out)) return false;
  summary_.written += batch.done - batch.flushed;
  batch.flushed = batch.done;
  batch.output_total += batch.out.size();
  batch.out.clear();
  return true;
}

bool BatchRunner::Write(const std::string& text) noexcept {
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (out_) return true;
  if (summary_.failure == RunFailure::kNone) summary_.failure = RunFailure::kOutput;
  stop_after_ = 0;  // nothing more is written
  turn_.notify_all();
  space_.notify_all();
  return false;
}

void BatchRunner::WriteFinished() noexcept {
  bool written = false;
  while (!order_.empty() && order_.front()->finished) {
    Batch* batch = order_.front();
    if (!Dropped(*batch) && Write(batch->out)) {
      summary_.written += batch->done - batch->flushed;
      summary_.failed += batch->failed;
      if (batch->failure != RunFailure::kNone && summary_.failure == RunFailure::kNone) {
        summary_.failure = batch->failure;
      }
    }
    order_.erase(order_.begin());
    batch->Clear(2 * (limits_.input_bytes + limits_.output_bytes));
    free_.push_back(batch);
    written = true;
  }
  if (written) {
    turn_.notify_all();
    space_.notify_all();
  }
}

}  // namespace threshold::cli
