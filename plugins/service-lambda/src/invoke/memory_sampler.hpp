// invoke/memory_sampler.hpp — the peak memory of execution environments for
// the REPORT line's "Max Memory Used", sampled off the invocation's path.
//
// The executor reports it (executor.h: status().memory_used_bytes, the peak of
// the container's cgroup or of the process). An invocation that ends asks for
// it with whenSampled(); a background thread asks the executor and calls back.
// An environment is asked at most once per interval (at least kMinInterval,
// and ten times what the last ask cost, so a slow engine is asked less);
// within it the last figure is reused. The peak only grows, so a reused
// figure can only lag behind a rise of the last fraction of a second.
//
// Threading: every member is [thread-safe]; callbacks run on the sampler's
// thread. Destruction answers what is queued, then joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "invoke/environment_launcher.hpp"

namespace localemu::lambda {

class MemorySampler {
 public:
  static constexpr std::chrono::milliseconds kMinInterval{200};
  using Done = std::function<void(std::uint64_t peakBytes)>;  // 0: the executor cannot tell

  explicit MemorySampler(EnvironmentLauncher& launcher);
  ~MemorySampler();

  // Calls `done` with the environment's peak, from the sampler's thread.
  void whenSampled(std::shared_ptr<RunningEnvironment> env, Done done);
  // The peak now, asking the executor on this thread if the last figure is stale.
  std::uint64_t sampleNow(RunningEnvironment& env);
  // Blocks until every request made so far was answered.
  void flush();

  // "Max Memory Used" as Lambda prints it: whole megabytes (MiB), rounded up.
  static std::uint64_t toMegabytes(std::uint64_t bytes);

 private:
  struct Request {
    std::shared_ptr<RunningEnvironment> env;
    Done done;
  };
  void run();

  EnvironmentLauncher& launcher_;
  std::mutex mutex_;
  std::condition_variable wake_, drained_;
  std::deque<Request> queue_;
  std::uint64_t requested_ = 0, answered_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localemu::lambda
