// journal.hpp — write-through of SQS state to the host store, off the hot path.
// Writes are coalesced per (collection, id) — the latest wins — and applied in
// one atomic batch by a flusher thread within a few milliseconds; flush()
// applies them at once (queue-level changes, stop()). sync() is the group
// commit behind every acknowledged call: it returns once everything recorded
// before it is in the store, so an answered SendMessage survives kill -9 while
// concurrent callers still share one transaction.
// Threading: every member is thread-safe. Without a host (unit tests) it only
// drops the writes.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "localemu/sdk/host.hpp"

namespace localemu::sqs {

class Journal {
 public:
  explicit Journal(const sdk::Host* host) : host_(host) {}
  ~Journal() { stop(); }
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Drops every later write to these collections (set before start()).
  void skip(std::set<std::string> collections) { skipped_ = std::move(collections); }
  void start();
  void stop();  // flushes what is pending
  void put(std::string collection, std::string id, std::string document);
  void erase(std::string collection, std::string id);
  void flush();
  // Waits until every write recorded so far has been applied.
  void sync();

 private:
  void record(std::string collection, std::string id, std::optional<std::string> document);
  void run();

  const sdk::Host* host_;
  std::mutex mutex_;
  std::mutex flushMutex_;
  std::condition_variable wake_;
  std::condition_variable applied_;
  std::uint64_t recorded_ = 0;  // writes recorded so far
  std::uint64_t committed_ = 0; // of those, applied to the store
  std::map<std::pair<std::string, std::string>, std::optional<std::string>> pending_;
  std::thread flusher_;
  bool stopping_ = false;
  std::set<std::string> skipped_;
};

}  // namespace localemu::sqs
