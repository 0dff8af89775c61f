// local_executor.hpp — the "local" executor plugin: each execution environment
// is the runtime's bootstrap run as a host process, leader of its own session
// and process group. It offers NO isolation (see README.md).
//
//   create_env  copies the spec, prepares the /opt folder (layers) and the
//               launch plan (program, clean environment, folder); nothing runs
//   start_env   fork/exec (returns once execve succeeded), writes the pid record,
//               starts the environment's reader thread
//   stop_env    SIGTERM to the group, SIGKILL after grace (grace 0: SIGKILL);
//               returns once the runtime process is reaped
//   destroy_env SIGKILL to the group, joins the reader, removes the pid record and
//               the environment's work folder; safe after a self-exit
//   status      CREATED / RUNNING / EXITED (exit code: the status, or 128+signal);
//               memory_used_bytes: the peak RSS of the environment's session (the
//               sum of its processes' VmHWM; ru_maxrss once reaped); unknown ids report GONE
//   cleanup_orphans  kills the groups recorded in the state folder with that owner
//               (label localemu.owner) that this instance does not run
//
// When the runtime process ends (by itself or stopped), its group is SIGKILLed
// while it is still a zombie (so the group id cannot have been reused), the pipes
// are drained, and then output.exited(env_id, code) is called — never once
// destroy_env has begun.
//
// Configuration (read once, at construction): LAMBDA_LOCAL_RUNTIMES_DIR,
// LAMBDA_LOCAL_STATE_DIR, LAMBDA_LOCAL_PYTHON, LAMBDA_LOCAL_NODE. The
// interpreters are looked up on the host's PATH at construction (a shim script,
// e.g. pyenv's, is resolved once to the interpreter it runs).
//
// Threading: every member is [thread-safe]; one environment is driven by one
// host thread at a time (executor.h). Output callbacks run on the environment's
// reader thread: one thread per running environment, blocked in poll() on its
// two pipes and its pidfd, so that a slow consumer of one environment never
// delays another's output or exit report.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "launch_plan.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::local {

// The label carrying the owner string that cleanup_orphans() matches (as docker's).
inline constexpr std::string_view kOwnerLabel = "localemu.owner";
// RLIMIT_NOFILE of every environment, as Lambda's.
inline constexpr std::uint64_t kMaxOpenFiles = 1024;

class LocalExecutor : public sdk::Executor {
 public:
  explicit LocalExecutor(const sdk::PluginContext& context);
  ~LocalExecutor() override;

  void prepare(std::string_view image, std::string_view architecture) override;
  void createEnv(const localemu_env_spec& spec, const localemu_env_output& output) override;
  void startEnv(std::string_view envId) override;
  void stopEnv(std::string_view envId, std::uint32_t graceMs) override;
  void destroyEnv(std::string_view envId) override;
  localemu_env_status status(std::string_view envId) override;
  void cleanupOrphans(std::string_view owner) override;

  const std::filesystem::path& runtimesDir() const noexcept { return runtimesDir_; }
  const std::filesystem::path& stateDir() const noexcept { return stateDir_; }

 private:
  struct Environment {
    std::string envId;
    std::string owner;
    std::string functionArn;
    localemu_env_output output{};
    LaunchPlan plan;
    std::filesystem::path workDir;  // <state>/<env_id>.d: merged layers; removed with the environment

    std::mutex mutex;  // guards everything below
    std::condition_variable changed;
    int state = LOCALEMU_ENV_CREATED;
    pid_t pid = -1;
    bool reaped = false;
    int exitCode = 0;
    std::uint64_t peakRss = 0;
    std::thread reader;
    std::atomic<bool> destroying{false};
  };

  std::shared_ptr<Environment> find(std::string_view envId);
  std::shared_ptr<Environment> require(std::string_view envId);
  void follow(const std::shared_ptr<Environment>& env, int stdoutFd, int stderrFd, int pidFd);
  void release(Environment& env) noexcept;

  std::filesystem::path runtimesDir_;
  std::filesystem::path stateDir_;
  std::string hostPath_;          // the host's PATH at construction
  // The interpreter of a runtime family, resolved once, on first use.
  const std::filesystem::path& interpreter(RuntimeFamily family);

  std::once_flag interpretersResolved_;
  std::filesystem::path python_;  // absolute; found on hostPath_ (shims resolved) or configured
  std::filesystem::path node_;
  std::mutex mutex_;              // guards envs_
  std::map<std::string, std::shared_ptr<Environment>, std::less<>> envs_;
};

}  // namespace localemu::local
