// No case data in a core dump (issue 12, item 2): with core dumps enabled, an abort of
// `threshold screen` wrote a 519 MB core file holding the input records. The program now marks
// itself non-dumpable and sets its core limit to zero before it reads anything
// (src/cli/process.cc). Checked on the running program (its core limit in /proc, and no core when
// it is killed by a signal whose default action dumps core, though the limit it was started with
// allowed one) and on the function itself (the dumpable flag, which only the process can read).
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "cli/cli.h"
#include "robustness/child_process.h"
#include "robustness/robustness_util.h"

namespace threshold::robustness {
namespace {

class CoreDump : public ScratchTest {};

// The soft and hard core limits of a process, as /proc/<pid>/limits shows them ("0 0").
std::string CoreLimits(pid_t pid) {
  std::istringstream limits(ReadFile("/proc/" + std::to_string(pid) + "/limits"));
  for (std::string line; std::getline(limits, line);) {
    if (line.rfind("Max core file size", 0) != 0) continue;
    std::istringstream fields(line.substr(18));
    std::string soft, hard;
    fields >> soft >> hard;
    return soft + " " + hard;
  }
  return "";
}

TEST_F(CoreDump, TheProgramCannotDumpCore) {
  fs::path cwd = Temp("cwd");
  fs::create_directories(cwd);
  // Started with core dumps allowed, reading a case from a pipe that stays open.
  Child child = Start({"screen", "--as-of", "2025-06-01", "-"}, Temp("out"), Temp("err"), true,
                      Limits{.address_space = std::nullopt, .core = RLIM_INFINITY}, cwd);
  ASSERT_GT(child.pid, 0);
  std::string record = R"({"case_id": "c-1", "subject": {"age": 17}})" "\n";
  ASSERT_EQ(write(child.stdin_fd, record.data(), record.size()), static_cast<ssize_t>(record.size()));
  // The limit is set first thing in main().
  std::string limits;
  for (int i = 0; i < 500 && (limits = CoreLimits(child.pid)) != "0 0"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(limits, "0 0");
  kill(child.pid, SIGQUIT);  // default action: terminate and dump core
  Ended ended = Wait(child);
  ASSERT_TRUE(WIFSIGNALED(ended.status));
  EXPECT_EQ(WTERMSIG(ended.status), SIGQUIT);
  EXPECT_FALSE(WCOREDUMP(ended.status));
  for (const auto& entry : fs::directory_iterator(cwd)) ADD_FAILURE() << "left " << entry.path();
}

TEST_F(CoreDump, KeepCaseDataOutOfCoreDumpsMakesTheProcessNonDumpable) {
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
    setrlimit(RLIMIT_CORE, &unlimited);
    if (prctl(PR_GET_DUMPABLE) != 1) _exit(3);  // dumpable to begin with
    cli::KeepCaseDataOutOfCoreDumps();
    struct rlimit core = {};
    getrlimit(RLIMIT_CORE, &core);
    _exit(prctl(PR_GET_DUMPABLE) == 0 && core.rlim_cur == 0 && core.rlim_max == 0 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace threshold::robustness
