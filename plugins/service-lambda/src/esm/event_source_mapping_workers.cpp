#include "esm/event_source_mapping_workers.hpp"

#include <algorithm>

namespace localemu::lambda {

EventSourceMappingWorkers::EventSourceMappingWorkers(const sdk::Host& host, EventSourceMappingRepository& mappings,
                                                     BatchInvoker invoker)
    : host_(host), mappings_(mappings), invoker_(std::move(invoker)), pacing_(EsmPacing::fromHost(host)) {}

EventSourceMappingWorkers::~EventSourceMappingWorkers() { stop(); }

void EventSourceMappingWorkers::start() {
  {
    std::lock_guard lock(mutex_);
    if (subscribed_) return;
    subscribed_ = true;
  }
  mappings_.subscribe(this);
  const auto all = mappings_.all();
  std::lock_guard lock(mutex_);
  for (const auto& mapping : all)
    if (mapping.enabled && !workers_.contains(mapping.uuid)) startLocked(mapping);
}

void EventSourceMappingWorkers::stop() {
  bool wasSubscribed = false;
  {
    std::lock_guard lock(mutex_);
    wasSubscribed = std::exchange(subscribed_, false);
  }
  if (wasSubscribed) mappings_.unsubscribe(this);
  std::map<std::string, std::unique_ptr<MappingWorker>> workers;
  std::vector<std::unique_ptr<MappingWorker>> retired;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
    retired.swap(retired_);
  }
  for (auto& [uuid, worker] : workers) worker->requestStop();
  for (auto& worker : retired) worker->requestStop();
  workers.clear();
  retired.clear();
}

void EventSourceMappingWorkers::mappingChanged(MappingChange change, const EventSourceMapping& mapping) {
  std::lock_guard lock(mutex_);
  if (!subscribed_) return;
  reapLocked();
  switch (change) {
    case MappingChange::Updated:
      if (const auto it = workers_.find(mapping.uuid); mapping.enabled && it != workers_.end()) {
        it->second->update(mapping);
        break;
      }
      [[fallthrough]];
    case MappingChange::Created:
    case MappingChange::Enabled:
      if (mapping.enabled) {
        startLocked(mapping);
      } else {
        stopLocked(mapping.uuid);
      }
      break;
    case MappingChange::Disabled:
    case MappingChange::Deleted:
      stopLocked(mapping.uuid);
      break;
  }
}

std::vector<std::string> EventSourceMappingWorkers::running() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> uuids;
  for (const auto& [uuid, worker] : workers_) uuids.push_back(uuid);
  return uuids;
}

void EventSourceMappingWorkers::startLocked(const EventSourceMapping& mapping) {
  stopLocked(mapping.uuid);
  workers_[mapping.uuid] = std::make_unique<MappingWorker>(host_, mapping, invoker_, pacing_);
}

void EventSourceMappingWorkers::stopLocked(const std::string& uuid) {
  const auto it = workers_.find(uuid);
  if (it == workers_.end()) return;
  it->second->requestStop();
  retired_.push_back(std::move(it->second));
  workers_.erase(it);
}

void EventSourceMappingWorkers::reapLocked() {
  std::erase_if(retired_, [](const std::unique_ptr<MappingWorker>& worker) { return worker->finished(); });
}

}  // namespace localemu::lambda
