#include "invoke/memory_sampler.hpp"

#include <algorithm>
#include <map>
#include <vector>

namespace localemu::lambda {

MemorySampler::MemorySampler(EnvironmentLauncher& launcher) : launcher_(launcher), thread_([this] { run(); }) {}

MemorySampler::~MemorySampler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t MemorySampler::toMegabytes(std::uint64_t bytes) {
  constexpr std::uint64_t kMiB = 1024 * 1024;
  return (bytes + kMiB - 1) / kMiB;
}

void MemorySampler::whenSampled(std::shared_ptr<RunningEnvironment> env, Done done) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({std::move(env), std::move(done)});
    ++requested_;
    wake = queue_.size() == 1;  // else the sampler is awake, or about to take the queue
  }
  if (wake) wake_.notify_one();
}

std::uint64_t MemorySampler::sampleNow(RunningEnvironment& env) {
  using Clock = std::chrono::steady_clock;
  std::lock_guard lock(env.executorMutex);
  const auto begin = Clock::now();
  const auto interval = std::max<Clock::duration>(kMinInterval, env.sampleCost * 10);
  const bool fresh = env.sampledAt != Clock::time_point{} && begin - env.sampledAt < interval;
  if (fresh || !env.created) return env.peakMemoryBytes;
  try {
    env.peakMemoryBytes = std::max(env.peakMemoryBytes, launcher_.executor().status(env.envId).memory_used_bytes);
  } catch (const std::exception&) {
    // memory is best effort: keep the last figure
  }
  env.sampledAt = Clock::now();
  env.sampleCost = env.sampledAt - begin;
  return env.peakMemoryBytes;
}

void MemorySampler::flush() {
  std::unique_lock lock(mutex_);
  const auto target = requested_;
  drained_.wait(lock, [&] { return answered_ >= target; });
}

void MemorySampler::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::deque<Request> batch;
    batch.swap(queue_);
    lock.unlock();
    // One ask per environment for the whole batch.
    std::map<RunningEnvironment*, std::uint64_t> peaks;
    for (auto& request : batch) {
      auto [it, added] = peaks.try_emplace(request.env.get(), 0);
      if (added) it->second = sampleNow(*request.env);
      try {
        request.done(it->second);
      } catch (const std::exception&) {
        // a callback's failure is its own; the others still get their answer
      }
    }
    const auto count = batch.size();
    batch.clear();  // environments are released outside the lock
    lock.lock();
    answered_ += count;
    drained_.notify_all();
  }
}

}  // namespace localemu::lambda
