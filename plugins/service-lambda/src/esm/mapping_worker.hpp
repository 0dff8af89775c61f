// One thread per enabled event-source mapping: opens a poller session, then
// loops poll (up to BatchSize records, within MaximumBatchingWindowInSeconds)
// -> synchronous invoke with {"Records":[...]} -> complete() with the verdict
// of esm/batch_outcome.hpp. Errors (no poller, source gone, invoke refused)
// back off for kErrorBackoff and retry; records polled after a stop request
// are returned (FAILED) without an invocation.
//
// Ownership: holds a copy of the mapping; the Host and the invoker must outlive it.
// Threading: requestStop()/finished() are [thread-safe]; join() from one thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "localemu/sdk/host.hpp"
#include "model/event_source_mapping.hpp"

namespace localemu::lambda {

struct BatchInvokeResult {
  bool functionError = false;
  std::string payload;
};

// Invokes the mapping's function synchronously with `eventJson`; throws on a refused invocation.
using BatchInvoker = std::function<BatchInvokeResult(const EventSourceMapping& mapping, const std::string& eventJson)>;

class MappingWorker {
 public:
  static constexpr std::chrono::milliseconds kErrorBackoff{1000};
  static constexpr std::uint32_t kMaxPollWaitMs = 1000;

  MappingWorker(const sdk::Host& host, EventSourceMapping mapping, const BatchInvoker& invoker);
  ~MappingWorker();
  MappingWorker(const MappingWorker&) = delete;
  MappingWorker& operator=(const MappingWorker&) = delete;

  void requestStop();
  bool finished() const noexcept { return finished_; }
  void join();
  const EventSourceMapping& mapping() const noexcept { return mapping_; }

 private:
  void run();
  void runOnce(class PollerSession& session);
  // Sleeps up to `duration`; false when a stop was requested.
  bool pause(std::chrono::milliseconds duration);

  const sdk::Host& host_;
  const EventSourceMapping mapping_;
  const BatchInvoker& invoker_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> finished_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace localemu::lambda
