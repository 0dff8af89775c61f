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
// A value may also carry its rendering (rendered()): text made from it once,
// e.g. the JSON a listing answers, dropped with the value it was made from.
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
#include <utility>

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
      if (const auto it = entries_.find(id); it != entries_.end()) return it->second->value;
      generation = generation_;
    }
    std::optional<T> loaded = load();
    if (loaded) {
      auto entry = std::make_shared<Entry>(*loaded);
      std::unique_lock lock(mutex_);
      if (generation == generation_) entries_.insert_or_assign(id, std::move(entry));
    }
    return loaded;
  }

  // `render(const T&)` of `id`'s value (loaded as get() does), made once per
  // cached value; null when `id` is absent. One cache has one rendering: every
  // caller must pass the same `render`.
  template <class Load, class Render>
  std::shared_ptr<const std::string> rendered(const std::string& id, const Load& load, const Render& render) {
    std::shared_ptr<Entry> entry;
    {
      std::shared_lock lock(mutex_);
      if (const auto it = entries_.find(id); it != entries_.end()) {
        if (it->second->rendering) return it->second->rendering;
        entry = it->second;
      }
    }
    if (!entry) {
      const auto value = get(id, load);
      return value ? std::make_shared<const std::string>(render(*value)) : nullptr;
    }
    auto text = std::make_shared<const std::string>(render(entry->value));
    std::unique_lock lock(mutex_);
    if (!entry->rendering) entry->rendering = text;  // the entry may have been replaced since: harmless
    return text;
  }

  // `value` is what the store has just committed for `id`. Writers of one id
  // must be serialized (an older put must not land after a newer one).
  void put(const std::string& id, T value) {
    auto shared = std::make_shared<Entry>(std::move(value));
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
  struct Entry {
    explicit Entry(T v) : value(std::move(v)) {}
    const T value;
    std::shared_ptr<const std::string> rendering;  // guarded by mutex_
  };

  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
  std::uint64_t generation_ = 0;
};

}  // namespace localemu::lambda
