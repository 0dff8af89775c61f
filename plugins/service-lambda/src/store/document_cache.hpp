// A read cache of decoded store documents (one collection, one value type),
// so that hot reads (every Invoke reads its function, version and alias) skip
// the store round trip and the JSON decoding. The store stays the source of
// truth: the cache holds what a read found or what a write committed, and a
// write that fails invalidates the ids it touched.
//
// Stale data is impossible after a write returned: a load that began before an
// invalidation is not kept (a generation counter decides), and the
// invalidation runs after the commit, so nothing older can be inserted later.
// Absent documents are not cached.
//
// Threading: every member is [thread-safe]; load() runs outside the lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

namespace localemu::lambda {

template <class T>
class DocumentCache {
 public:
  // The cached value of `id`, else `load()` (std::optional<T>), kept when present.
  template <class Load>
  std::optional<T> get(const std::string& id, const Load& load) {
    std::uint64_t generation = 0;
    {
      std::shared_lock lock(mutex_);
      if (const auto it = entries_.find(id); it != entries_.end()) return *it->second;
      generation = generation_;
    }
    std::optional<T> loaded = load();
    if (loaded) {
      auto value = std::make_shared<const T>(*loaded);
      std::unique_lock lock(mutex_);
      if (generation == generation_) entries_.insert_or_assign(id, std::move(value));
    }
    return loaded;
  }

  // `value` is what the store has just committed for `id`. Writers of one id
  // must be serialized (an older put must not land after a newer one).
  void put(const std::string& id, T value) {
    auto shared = std::make_shared<const T>(std::move(value));
    std::unique_lock lock(mutex_);
    ++generation_;
    entries_.insert_or_assign(id, std::move(shared));
  }

  void invalidate(const std::string& id) {
    std::unique_lock lock(mutex_);
    ++generation_;
    entries_.erase(id);
  }

  // Every id starting with `prefix`.
  void invalidatePrefix(const std::string& prefix) {
    std::unique_lock lock(mutex_);
    ++generation_;
    for (auto it = entries_.lower_bound(prefix); it != entries_.end() && it->first.starts_with(prefix);)
      it = entries_.erase(it);
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
  }

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<const T>> entries_;
  std::uint64_t generation_ = 0;
};

}  // namespace localemu::lambda
