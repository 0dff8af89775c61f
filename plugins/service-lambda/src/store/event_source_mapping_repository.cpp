#include "store/event_source_mapping_repository.hpp"

#include <algorithm>

#include "model/function_record.hpp"

namespace localemu::lambda {

namespace {
constexpr const char* kCollection = "event-source-mappings";
}  // namespace

std::optional<EventSourceMapping> EventSourceMappingRepository::get(const std::string& region, const std::string& account,
                                                                    const std::string& uuid) const {
  auto doc = host_.get(kCollection, region + "/" + account + "/" + uuid);
  if (!doc) return std::nullopt;
  return eventSourceMappingFromJson(*parseObject(*doc));
}

void EventSourceMappingRepository::put(const EventSourceMapping& mapping) const {
  host_.put(kCollection, mapping.id(), stringify(Poco::Dynamic::Var(toJson(mapping))));
}

bool EventSourceMappingRepository::remove(const EventSourceMapping& mapping) const {
  return host_.remove(kCollection, mapping.id());
}

std::vector<EventSourceMapping> EventSourceMappingRepository::scan(const std::string& prefix) const {
  // The visitor must not call back into the store: collect first, decode after.
  std::vector<std::string> docs;
  host_.list(kCollection, prefix, [&](std::string_view, std::string_view doc) {
    docs.emplace_back(doc);
    return true;
  });
  std::vector<EventSourceMapping> out;
  out.reserve(docs.size());
  for (const auto& doc : docs) out.push_back(eventSourceMappingFromJson(*parseObject(doc)));
  return out;
}

std::vector<EventSourceMapping> EventSourceMappingRepository::list(const std::string& region,
                                                                   const std::string& account) const {
  return scan(region + "/" + account + "/");
}

std::vector<EventSourceMapping> EventSourceMappingRepository::all() const { return scan(""); }

void EventSourceMappingRepository::subscribe(EventSourceMappingListener* listener) {
  std::lock_guard lock(listenersMutex_);
  listeners_.push_back(listener);
}

void EventSourceMappingRepository::unsubscribe(EventSourceMappingListener* listener) {
  std::lock_guard lock(listenersMutex_);
  listeners_.erase(std::remove(listeners_.begin(), listeners_.end(), listener), listeners_.end());
}

void EventSourceMappingRepository::notify(MappingChange change, const EventSourceMapping& mapping) const {
  std::vector<EventSourceMappingListener*> listeners;
  {
    std::lock_guard lock(listenersMutex_);
    listeners = listeners_;
  }
  for (auto* listener : listeners) listener->mappingChanged(change, mapping);
}

}  // namespace localemu::lambda
