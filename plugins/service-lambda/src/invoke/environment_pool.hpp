// invoke/environment_pool.hpp — the warm environments of every function
// version: reuse an idle one, else launch one; keep idle ones for
// LAMBDA_KEEPALIVE_MS (never tearing down one that is invoking); retire the
// environments of a function whose code or configuration changed.
//
// Threading: every member is [thread-safe]. An acquired environment belongs to
// its caller until release().
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "invoke/environment_launcher.hpp"

namespace localemu::lambda {

class EnvironmentPool {
 public:
  using Clock = std::chrono::steady_clock;

  struct Acquired {
    std::shared_ptr<RunningEnvironment> env;  // null when the start failed
    bool coldStart = false;
    std::optional<InvocationOutcome> failure;  // why it could not start (init error, crash, timeout)
  };

  EnvironmentPool(EnvironmentLauncher& launcher, std::chrono::milliseconds keepalive,
                  std::chrono::milliseconds startTimeout, std::chrono::milliseconds coldStartDelay);
  ~EnvironmentPool();  // shutdown()

  // A ready environment for `target`: an idle warm one, else a new one.
  Acquired acquire(const LaunchTarget& target);
  // Starts `count` environments ahead of demand (provisioned concurrency).
  void provision(const LaunchTarget& target, std::size_t count);
  // Hands an environment back; `reusable` false discards it (timeout, crash).
  void release(const std::shared_ptr<RunningEnvironment>& env, bool reusable);
  // Discards every idle environment of the function; busy ones are discarded on release.
  void retire(const std::string& functionId);
  // Tears down environments idle for longer than the keepalive.
  void reapIdle();
  // Tears everything down (host shutdown).
  void shutdown();

  std::size_t size() const;

 private:
  EnvironmentLauncher& launcher_;
  const std::chrono::milliseconds keepalive_;
  const std::chrono::milliseconds startTimeout_;
  const std::chrono::milliseconds coldStartDelay_;

  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::shared_ptr<RunningEnvironment>>> idle_;  // by pool key
  std::set<std::shared_ptr<RunningEnvironment>> busy_;
  std::set<std::shared_ptr<RunningEnvironment>> retiring_;  // busy ones to discard on release
  bool shutDown_ = false;
};

}  // namespace localemu::lambda
