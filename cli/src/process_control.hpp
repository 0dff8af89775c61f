// process_control.hpp — the detached host's process: where its state lives,
// finding the `localemu` executable, starting it (foreground or detached with a
// pid file and a wait until healthy) and stopping it with SIGTERM.
// Single-threaded; prints its own messages (stdout for progress, stderr for errors).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "endpoint.hpp"

namespace localemu::cli {

struct StatePaths {
  std::filesystem::path dir;      // LOCALEMU_STATE_DIR, else $XDG_STATE_HOME/localemu, else ~/.local/state/localemu
  std::filesystem::path pidFile;  // <dir>/localemu.pid
  std::filesystem::path logFile;  // <dir>/localemu.log
};
StatePaths statePaths(const std::map<std::string, std::string>& env);

// `localemu` next to this executable (/proc/self/exe), else the first on PATH.
std::optional<std::filesystem::path> findHostExecutable(const std::string& pathList);

// The pid in the pid file when that process is alive and is a localemu (not a
// zombie, not a reused pid); nullopt otherwise.
std::optional<pid_t> runningHostPid(const StatePaths& paths);

// The last `count` lines of a file ("" when it cannot be read).
std::string lastLines(const std::filesystem::path& file, std::size_t count);

// Replaces this process with `localemu hostArgs...`; returns an exit code on failure.
int startForeground(const std::vector<std::string>& hostArgs, const std::string& pathList);

// Starts localemu in its own session with output to paths.logFile, writes the
// pid file, waits up to timeoutMs for GET /_localemu/health == 200. Exit code:
// 0 healthy (or already running), 1 on failure (with the log's last lines).
int startDetached(const std::vector<std::string>& hostArgs, const std::string& pathList, const StatePaths& paths,
                  const Endpoint& endpoint, int timeoutMs = 30000);

// SIGTERM to the pid file's process, waits for its exit, removes the pid file.
// 0 stopped; 1 not running or did not exit in timeoutMs.
int stopHost(const StatePaths& paths, int timeoutMs = 30000);

}  // namespace localemu::cli
