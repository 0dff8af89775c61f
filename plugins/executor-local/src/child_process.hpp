// child_process.hpp — starts a launch plan as a host process that leads its
// own session and process group (setsid), so that the whole group can be
// signalled at once.
//
// The child gets: stdin /dev/null, stdout and stderr on fresh pipes, exactly
// plan.env as its environment, plan.workingDir as its folder, default signal
// dispositions and an empty signal mask, RLIMIT_NOFILE `maxOpenFiles` (capped by
// the hard limit), and no other inherited descriptor.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "launch_plan.hpp"

namespace localemu::local {

// OWNERSHIP: the caller owns the descriptors (close them) and must reap `pid`.
struct SpawnedProcess {
  pid_t pid = -1;           // also the process group and session id
  int stdoutFd = -1;        // non-blocking read ends
  int stderrFd = -1;
  int pidFd = -1;           // pidfd_open(pid), readable once it exits; -1 when the kernel has none
  std::uint64_t startTime = 0;  // /proc/<pid>/stat starttime
};

// Returns once the program runs (execve succeeded). Throws sdk::PluginError
// (NOT_FOUND/INTERNAL) naming the program and the reason when it cannot start.
// [thread-safe]
SpawnedProcess spawnProcess(const LaunchPlan& plan, std::uint64_t maxOpenFiles);

// kill(-pgid, signal); false when the group no longer exists.
bool signalGroup(pid_t pgid, int signal) noexcept;

}  // namespace localemu::local
