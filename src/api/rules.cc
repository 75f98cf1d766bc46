// The public Rules object: runs parse -> check -> compile over a pack's sources, and reads packs
// from the embedded copy or a directory. Stage: the library's front door.
#include "threshold/rules.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "builtin/builtin_rules.h"
#include "check/checker.h"
#include "common/sha256.h"
#include "compile/program.h"
#include "parse/parser.h"

namespace threshold {

Rules::Rules(std::shared_ptr<const internal::Program> program) : program_(std::move(program)) {}

std::string_view Rules::name() const { return program_->model.name; }
std::string_view Rules::title() const { return program_->model.title; }
std::string_view Rules::version() const { return program_->model.version; }
std::string_view Rules::digest() const {
  const internal::Program& program = *program_;
  std::call_once(program.digest_once, [&] {
    common::Sha256 hash;
    for (const RuleSource& source : program.sources) {
      hash.Update(source.name);
      hash.Update(std::string_view("\0", 1));
      hash.Update(source.text);
      hash.Update(std::string_view("\0", 1));
    }
    program.digest = "sha256:" + hash.FinishHex();
  });
  return program.digest;
}
const std::vector<FactInfo>& Rules::fact_info() const { return program_->fact_info; }

namespace internal {

// Runs screen_one(i) for every i below `count` on up to `threads` threads (0: one per core), in
// contiguous chunks, each thread writing only its own results (no locking). The contract of
// Rules::ScreenMany (rules.h): every thread is joined, whatever throws, and the first exception is
// rethrown on the calling thread. Not in a header: Rules::ScreenMany is its one caller, and
// tests/robustness/screen_many_failure_test.cc declares it to make a case throw.
void RunScreenMany(size_t count, int threads, const std::function<void(size_t)>& screen_one);

void RunScreenMany(size_t count, int threads, const std::function<void(size_t)>& screen_one) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads), std::max<size_t>(1, count / 64)));
  if (threads <= 1) {
    for (size_t i = 0; i < count; ++i) screen_one(i);
    return;
  }
  size_t chunk = (count + threads - 1) / threads;
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::exception_ptr first;
  auto run = [&](size_t part) noexcept {
    size_t begin = part * chunk, end = std::min(count, begin + chunk);
    try {
      for (size_t i = begin; i < end && !stop.load(std::memory_order_relaxed); ++i) screen_one(i);
    } catch (...) {
      stop = true;
      std::lock_guard lock(mutex);
      if (!first) first = std::current_exception();
    }
  };
  std::vector<size_t> unstarted;  // chunks no thread could be started for: run here
  unstarted.reserve(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(threads) - 1);
  {
    // Joins every thread started, on every path. (Not std::jthread: the WebAssembly build's
    // standard library has none.)
    struct JoinAll {
      std::vector<std::thread>& threads;
      ~JoinAll() {
        for (std::thread& thread : threads) thread.join();
      }
    } join_all{pool};
    for (size_t part = 1; part < static_cast<size_t>(threads); ++part) {
      if (part * chunk >= count) break;
      try {
        pool.emplace_back(run, part);
      } catch (...) {
        unstarted.push_back(part);
      }
    }
    run(0);
    for (size_t part : unstarted) run(part);
  }
  if (first) std::rethrow_exception(first);
}

}  // namespace internal

void Rules::ScreenMany(std::span<const Facts> cases, const ScreenOptions& options, std::span<Screening> out,
                       int threads) const {
  size_t count = std::min(cases.size(), out.size());
  internal::RunScreenMany(count, threads, [&](size_t i) { Screen(cases[i], options, out[i]); });
}

CompileResult Rules::Compile(std::vector<RuleSource> sources) {
  CompileResult result;
  std::sort(sources.begin(), sources.end(),
            [](const RuleSource& a, const RuleSource& b) { return a.name < b.name; });
  std::vector<parse::ParsedFile> parsed;
  for (const RuleSource& source : sources) {
    if (source.name.size() >= 6 && source.name.ends_with(".rules")) {
      parsed.push_back(parse::Parse(source.name, source.text));
    }
  }
  bool syntax_ok = true;
  for (parse::ParsedFile& file : parsed) {
    syntax_ok = syntax_ok && file.diagnostics.empty();
    for (Diagnostic& d : file.diagnostics) result.diagnostics.push_back(std::move(d));
  }
  if (parsed.empty()) {
    Diagnostic diagnostic;
    diagnostic.code = "E308";
    diagnostic.message = "no rule files (*.rules) were given";
    result.diagnostics.push_back(std::move(diagnostic));
    result.sources = std::move(sources);
    return result;
  }
  std::vector<const parse::ast::File*> files;
  for (const parse::ParsedFile& file : parsed) files.push_back(&file.file);
  internal::Model model;
  // Check even after syntax errors, so the names and types of the declarations that did parse
  // are reported too.
  std::vector<Diagnostic> checked;
  bool check_ok = check::Check(files, sources, model, checked);
  for (Diagnostic& d : checked) result.diagnostics.push_back(std::move(d));
  // Syntax and checker diagnostics in one order: by file, then by position.
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.where.file != b.where.file) return a.where.file < b.where.file;
                     return a.where.begin < b.where.begin;
                   });
  if (syntax_ok && check_ok) {
    auto program = std::make_shared<internal::Program>();
    if (internal::CompileModel(std::move(model), *program, result.diagnostics)) {
      // The program keeps the sources (for its digest); a successful result needs them only to
      // render warnings, so it shares nothing and the text is not copied twice.
      bool warnings = !result.diagnostics.empty();
      if (warnings) result.sources = sources;
      program->sources = std::move(sources);
      result.rules = Rules(std::move(program));
      return result;
    }
  }
  result.sources = std::move(sources);
  return result;
}

CompileResult Rules::Builtin() {
  std::vector<RuleSource> sources;
  for (const builtin::EmbeddedFile& file : builtin::BuiltinRuleFiles()) {
    sources.push_back({std::string(file.name), std::string(file.text)});
  }
  return Compile(std::move(sources));
}

}  // namespace threshold
