// invoke/environment_launcher.hpp — turns a function version into a running
// execution environment: image through the resolver plugin, code and layers
// on disk, the environment variables Lambda sets, a Runtime API endpoint, and
// the executor plugin's create/start. And takes them down again.
//
// Threading: [thread-safe]. Ownership: a RunningEnvironment is shared between
// the pool and the invoker that holds it; the executor callbacks point into it,
// so it is destroyed only after destroy() returned.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <Poco/ThreadPool.h>

#include "invoke/execution_environment.hpp"
#include "invoke/executor_client.hpp"
#include "model/function_record.hpp"
#include "store/function_repository.hpp"

namespace localemu::lambda {

// What to run: one version of one function, with its files already on disk.
struct LaunchTarget {
  FunctionKey key;
  std::string version;        // "$LATEST" or the version number
  std::string qualifiedArn;   // function ARN with ":<version>"
  FunctionVersion function;
  std::string codePath;       // unpacked zip; empty for images
  std::vector<std::string> layerPaths;
  std::string poolKey;        // environments are shared only between equal keys
};

struct RunningEnvironment {
  std::string envId;          // 32 hex digits, also the log stream suffix
  std::string poolKey;
  std::string functionId;     // FunctionKey::id()
  std::string logGroup;
  std::string logStream;      // YYYY/MM/DD/[<version>]<envId>
  int memoryMb = 128;
  bool provisioned = false;
  std::unique_ptr<ExecutionEnvironment> environment;
  localemu_env_output output{};
  bool created = false;       // the executor knows it; guarded by executorMutex once shared
  std::chrono::steady_clock::time_point lastUsed = std::chrono::steady_clock::now();
  // Keeps status() (MemorySampler) apart from stop/destroy: executor.h drives one
  // environment from one thread at a time. Guards the sample below too.
  std::mutex executorMutex;
  std::uint64_t peakMemoryBytes = 0;  // last sampled peak (MemorySampler)
  std::chrono::steady_clock::time_point sampledAt{};
  std::chrono::steady_clock::duration sampleCost{};
};

struct LauncherSettings {
  std::string executor = "docker";
  std::string resolver = "runtime-images";
  std::string owner;               // label on every environment of this host ("localemu.owner")
  std::string gatewayUrl;          // AWS_ENDPOINT_URL inside functions; empty: not set
  bool removeOnDestroy = true;
};

class EnvironmentLauncher {
 public:
  using LineSink = std::function<void(const RunningEnvironment&, std::int64_t epochMs, const std::string& line)>;
  EnvironmentLauncher(const sdk::Host& host, LauncherSettings settings, LineSink lines);
  ~EnvironmentLauncher();

  // Creates and starts an environment; its runtime then calls the Runtime API.
  std::shared_ptr<RunningEnvironment> launch(const LaunchTarget& target, bool provisioned);
  // Stops and removes it (idempotent).
  void destroy(RunningEnvironment& env, std::uint32_t graceMs = 0);
  // Removes environments a previous run of this host left behind.
  void cleanupOrphans();
  const ExecutorClient& executor() const noexcept { return executor_; }

  // The variables a function sees, exactly as Lambda sets them (user variables
  // first, reserved ones win).
  std::vector<std::pair<std::string, std::string>> environmentVariables(const LaunchTarget& target,
                                                                        const RunningEnvironment& env,
                                                                        bool provisioned) const;

 private:
  std::string imageFor(const FunctionVersion& function) const;

  const sdk::Host& host_;
  LauncherSettings settings_;
  LineSink lines_;
  ExecutorClient executor_;
  std::unique_ptr<ResolverClient> resolver_;
  Poco::ThreadPool runtimeApiThreads_{2, 1024, 60};
  std::mutex preparedMutex_;
  std::vector<std::string> prepared_;
};

}  // namespace localemu::lambda
