// What the program does to its own process before it reads any case record. Stage: cli.
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/cli.h"

namespace threshold::cli {

// A core dump (or a debugger's copy of the process) would hold the case records being screened.
// Non-dumpable: the kernel writes no core for this process (whatever the core limit and
// core_pattern, piped handlers such as systemd-coredump included, as long as fs.suid_dumpable is
// 0, the default), and other users' processes cannot ptrace it or read its /proc/<pid>/mem. The
// core limit of zero is the second lock, and is inherited by anything the program starts. Both
// are best effort: if either call fails the program still runs.
void KeepCaseDataOutOfCoreDumps() noexcept {
  prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
}

}  // namespace threshold::cli
