// The runtime side of event-source mappings: one MappingWorker per enabled
// mapping, kept in step with the store through EventSourceMappingListener.
//   Created/Enabled with Enabled -> (re)start the mapping's worker
//   Updated while enabled -> the running worker takes the new settings at once
//     (MappingWorker::update), else a worker starts
//   Disabled/Deleted (or Updated while disabled) -> stop it at once
// A stopped worker is signalled under the listener call and joined later (on
// the next change or in stop()), so the listener never waits for a poll or
// an invocation to end.
//
// Ownership: the Host, the repository and the invoker must outlive it.
// Threading: [thread-safe]. start()/stop() from the owner's start/stop path.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "esm/mapping_worker.hpp"
#include "store/event_source_mapping_repository.hpp"

namespace localemu::lambda {

class EventSourceMappingWorkers final : public EventSourceMappingListener {
 public:
  EventSourceMappingWorkers(const sdk::Host& host, EventSourceMappingRepository& mappings, BatchInvoker invoker);
  ~EventSourceMappingWorkers() override;
  EventSourceMappingWorkers(const EventSourceMappingWorkers&) = delete;
  EventSourceMappingWorkers& operator=(const EventSourceMappingWorkers&) = delete;

  // Subscribes and starts a worker for every stored enabled mapping.
  void start();
  // Unsubscribes, stops and joins every worker.
  void stop();
  void mappingChanged(MappingChange change, const EventSourceMapping& mapping) override;

  // UUIDs of the mappings with a running worker, in order.
  std::vector<std::string> running() const;

 private:
  // Caller holds mutex_.
  void startLocked(const EventSourceMapping& mapping);
  void stopLocked(const std::string& uuid);
  void reapLocked();

  const sdk::Host& host_;
  EventSourceMappingRepository& mappings_;
  const BatchInvoker invoker_;
  const EsmPacing pacing_;
  mutable std::mutex mutex_;
  bool subscribed_ = false;
  std::map<std::string, std::unique_ptr<MappingWorker>> workers_;
  std::vector<std::unique_ptr<MappingWorker>> retired_;
};

}  // namespace localemu::lambda
