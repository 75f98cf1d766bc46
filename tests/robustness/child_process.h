// Running the threshold program as a child process and watching it: its peak memory (from
// wait4), its exit status (including whether it dumped core), and its /proc entries while it runs.
// For the memory, core-dump and out-of-memory tests.
#ifndef THRESHOLD_TESTS_ROBUSTNESS_CHILD_PROCESS_H_
#define THRESHOLD_TESTS_ROBUSTNESS_CHILD_PROCESS_H_

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <vector>

#include "robustness/robustness_util.h"

namespace threshold::robustness {

// Sanitizers reserve and shadow memory of their own: resident sizes and address-space limits mean
// nothing there.
#ifdef THRESHOLD_SANITIZED
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

struct Child {
  pid_t pid = -1;
  int stdin_fd = -1;  // the write end of its standard input, when it reads a pipe
};

struct Limits {
  std::optional<rlim_t> address_space;  // RLIMIT_AS, bytes (ulimit -v)
  std::optional<rlim_t> core;           // RLIMIT_CORE, bytes (ulimit -c)
  // Run the program under /usr/bin/time, writing its peak resident set (KB) to this file. A child
  // forked from the test process starts with the test's own resident pages counted, and an exec
  // keeps that peak (ru_maxrss): only a process forked from a small one, as time forks it, is
  // measured alone.
  std::optional<fs::path> peak_rss_file;
};

inline constexpr const char* kTimeProgram = "/usr/bin/time";

// Starts the program with `args`; standard output and error go to files, standard input is a pipe
// (the caller writes to and closes stdin_fd) or /dev/null.
inline Child Start(const std::vector<std::string>& args, const fs::path& out, const fs::path& err, bool pipe_stdin,
                   const Limits& limits = {}, const std::optional<fs::path>& cwd = std::nullopt) {
  std::vector<std::string> argv_text;
  if (limits.peak_rss_file) {
    argv_text = {kTimeProgram, "-f", "%M", "-o", limits.peak_rss_file->string(), THRESHOLD_CLI};
  } else {
    argv_text = {"threshold"};
  }
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const char* program = limits.peak_rss_file ? kTimeProgram : THRESHOLD_CLI;
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::string out_path = out.string(), err_path = err.string(), dir = cwd ? cwd->string() : std::string();
  int fds[2] = {-1, -1};
  if (pipe_stdin && pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    int in = pipe_stdin ? fds[0] : open("/dev/null", O_RDONLY);
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || o < 0 || e < 0) _exit(126);
    dup2(in, 0);
    dup2(o, 1);
    dup2(e, 2);
    if (pipe_stdin) close(fds[1]);
    if (limits.address_space) {
      struct rlimit limit = {*limits.address_space, *limits.address_space};
      if (setrlimit(RLIMIT_AS, &limit) != 0) _exit(125);
    }
    if (limits.core) {
      struct rlimit limit = {*limits.core, *limits.core};
      if (setrlimit(RLIMIT_CORE, &limit) != 0) _exit(125);
    }
    if (!dir.empty() && chdir(dir.c_str()) != 0) _exit(126);
    execv(program, argv.data());
    _exit(127);
  }
  Child child;
  child.pid = pid;
  if (pipe_stdin) {
    close(fds[0]);
    child.stdin_fd = fds[1];
  }
  return child;
}

struct Ended {
  int status = 0;
  long max_rss_kb = 0;  // the child's peak resident set (ru_maxrss)
  int exit_code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }
};

inline Ended Wait(Child& child) {
  if (child.stdin_fd >= 0) {
    close(child.stdin_fd);
    child.stdin_fd = -1;
  }
  Ended ended;
  struct rusage usage = {};
  while (wait4(child.pid, &ended.status, 0, &usage) < 0 && errno == EINTR) {
  }
  ended.max_rss_kb = usage.ru_maxrss;
  return ended;
}

}  // namespace threshold::robustness

#endif  // THRESHOLD_TESTS_ROBUSTNESS_CHILD_PROCESS_H_
