// Event-source mappings in the host store, and the seam through which the
// runtime side (one poller worker per enabled mapping) learns of changes.
//
// Collection (namespaced per plugin instance by the host):
//   event-source-mappings  <region>/<account>/<uuid>  EventSourceMapping (toJson form)
//
// Threading: every member is [thread-safe]. Callers take lock(uuid) around a
// read-modify-write of one mapping, and lockSources() around a create or a
// function change (the duplicate check and the write must be one step).
// Listeners are called after the change is stored, on the thread that made
// it (an API thread or the state worker), with that mapping's lock held so
// that the changes of one mapping arrive in order; they must return quickly,
// must not call back into the mapping operations, and must not call
// subscribe/unsubscribe. A listener that starts late (a worker manager at
// start-up) reads all() for the mappings that already exist.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "localemu/sdk/host.hpp"
#include "model/event_source_mapping.hpp"
#include "store/function_locks.hpp"

namespace localemu::lambda {

enum class MappingChange {
  Created,   // settled after CreateEventSourceMapping (State Enabled or Disabled)
  Enabled,   // an update turned it on (the mapping carries any other changed settings)
  Disabled,  // an update turned it off
  Updated,   // settings or function changed, enabled flag unchanged
  Deleted,   // removed from the store
};

class EventSourceMappingListener {
 public:
  virtual ~EventSourceMappingListener() = default;
  virtual void mappingChanged(MappingChange change, const EventSourceMapping& mapping) = 0;
};

class EventSourceMappingRepository {
 public:
  explicit EventSourceMappingRepository(const sdk::Host& host) : host_(host) {}

  std::unique_lock<std::mutex> lock(const std::string& uuid) { return locks_.lock(uuid); }
  std::unique_lock<std::mutex> lockSources() { return std::unique_lock(sourcesMutex_); }

  std::optional<EventSourceMapping> get(const std::string& region, const std::string& account,
                                        const std::string& uuid) const;
  void put(const EventSourceMapping& mapping) const;
  bool remove(const EventSourceMapping& mapping) const;
  // Mappings of one region/account in UUID order.
  std::vector<EventSourceMapping> list(const std::string& region, const std::string& account) const;
  // Every stored mapping (all regions and accounts), for a worker manager starting up.
  std::vector<EventSourceMapping> all() const;

  // The listener must outlive its subscription (unsubscribe before it goes).
  void subscribe(EventSourceMappingListener* listener);
  void unsubscribe(EventSourceMappingListener* listener);
  void notify(MappingChange change, const EventSourceMapping& mapping) const;

 private:
  std::vector<EventSourceMapping> scan(const std::string& prefix) const;

  const sdk::Host& host_;
  FunctionLocks locks_;
  std::mutex sourcesMutex_;
  mutable std::mutex listenersMutex_;
  std::vector<EventSourceMappingListener*> listeners_;
};

}  // namespace localemu::lambda
