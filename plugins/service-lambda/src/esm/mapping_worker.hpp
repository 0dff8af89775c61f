// The runtime side of one enabled event-source mapping: a set of lanes, each a
// thread with its own poller session looping poll (up to BatchSize records,
// within MaximumBatchingWindowInSeconds) -> synchronous invoke with
// {"Records":[...]} -> complete() with the verdict of esm/batch_outcome.hpp.
//
// Concurrency (AWS's SQS scaling, locally): one lane to start; a lane that
// receives records while every other lane is invoking adds a lane, up to
// laneLimit() — ScalingConfig.MaximumConcurrency, else the account's
// concurrency (LAMBDA_LIMITS_CONCURRENT_EXECUTIONS) — and never beyond the
// function's reserved concurrency. A lane whose poll comes back empty ends
// while others remain. update() takes effect at once: a lane holding records
// invokes only while fewer than laneLimit() batches are in flight, and lanes
// above a lowered limit end after their batch. A throttled invoke (429) returns its records
// to the source (FAILED: they reappear after the visibility timeout), ends the
// lane while others remain and holds growth back for the error backoff.
// FIFO: the records of one MessageGroupId are never in two in-flight batches
// (SQS withholds a group with in-flight messages; the worker also waits for a
// group still held by another lane, e.g. after an expired visibility timeout).
// Pacing and backoff: esm/esm_backoff.hpp. Records polled after a stop request
// are returned (FAILED) without an invocation.
//
// Ownership: the Host and the invoker must outlive it.
// Threading: every member is [thread-safe]; join() from one thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "esm/esm_backoff.hpp"
#include "localemu/poller.h"
#include "localemu/sdk/host.hpp"
#include "model/event_source_mapping.hpp"

namespace localemu::lambda {

struct BatchInvokeResult {
  bool functionError = false;
  std::string payload;
};

// Invokes the mapping's function synchronously with `eventJson`; throws on a refused
// invocation (sdk::AwsError TooManyRequestsException when throttled).
using BatchInvoker = std::function<BatchInvokeResult(const EventSourceMapping& mapping, const std::string& eventJson)>;
// The poller serving an event source ARN (nullptr: none); default: the host registry (esm/poller_session.hpp).
using PollerLookup = std::function<const localemu_poller_vtable*(std::string_view eventSourceArn)>;

// ScalingConfig.MaximumConcurrency when set, else `accountLimit` (at least 1).
std::size_t laneLimit(const EventSourceMapping& mapping, std::int64_t accountLimit);
// The MessageGroupIds (attributes.MessageGroupId) of a JSON array of SQS records.
std::set<std::string> messageGroups(const std::string& recordsJson);

class MappingWorker {
 public:
  static constexpr std::uint32_t kMaxPollWaitMs = 1000;

  MappingWorker(const sdk::Host& host, EventSourceMapping mapping, const BatchInvoker& invoker, EsmPacing pacing,
                PollerLookup lookup = {});
  ~MappingWorker();
  MappingWorker(const MappingWorker&) = delete;
  MappingWorker& operator=(const MappingWorker&) = delete;

  // New settings for the batches that start from now on; a changed FilterCriteria
  // or source reopens the lanes' sessions.
  void update(EventSourceMapping mapping);
  void requestStop();
  bool finished() const;
  void join();
  EventSourceMapping mapping() const;
  std::size_t lanes() const;

 private:
  enum class Outcome { Delivered, Empty, InvokeFailed, Throttled };
  struct Round {
    Outcome outcome = Outcome::Empty;
    bool waited = false;  // an empty poll that waited on the source (long poll)
  };
  struct Lane {
    std::thread thread;
    bool done = false;
  };

  void runLane(Lane& lane);
  Round runBatch(class PollerSession& session, const EventSourceMapping& mapping);
  // Sleeps up to `duration`; false when a stop was requested.
  bool pause(std::chrono::milliseconds duration);
  // Adds a lane when every lane is busy and the limits allow it.
  void maybeGrow(const EventSourceMapping& mapping);
  std::optional<std::int64_t> reservedConcurrency(const EventSourceMapping& mapping);
  // Caller holds mutex_.
  void spawnLocked();
  bool retireLocked(Lane& lane, bool idle);

  const sdk::Host& host_;
  const BatchInvoker& invoker_;
  const EsmPacing pacing_;
  const PollerLookup lookup_;
  const std::int64_t accountLimit_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  EventSourceMapping mapping_;
  std::uint64_t generation_ = 0;
  bool stopping_ = false;
  std::list<Lane> lanes_;
  std::size_t active_ = 0;
  std::size_t busy_ = 0;
  std::set<std::string> groupsInFlight_;
  std::chrono::steady_clock::time_point growthHeldUntil_{};
  std::chrono::steady_clock::time_point reservedCheckedAt_{};
  std::optional<std::int64_t> reserved_;
};

}  // namespace localemu::lambda
