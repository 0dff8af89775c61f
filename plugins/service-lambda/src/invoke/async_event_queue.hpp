// invoke/async_event_queue.hpp — the durable queue behind asynchronous
// (Event) invocations. Every event is a document in the host store from the
// moment enqueue() returns until its handler is done with it, so a restart
// (PERSISTENCE=1) loses no queued event: start() picks them up again.
//
// The handler runs on one of the queue's worker threads. It returns nothing
// when the event is finished (delivered, or given up and dead-lettered), or
// the epoch-ms time of the next attempt, having updated the document.
//
// Threading: enqueue() is [thread-safe]; start()/stop() [control].
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

class AsyncEventQueue {
 public:
  struct Event {
    std::string id;
    std::string document;      // JSON, the handler's own format
    std::int64_t dueEpochMs = 0;
  };
  using Handler = std::function<std::optional<std::int64_t>(Event& event)>;

  AsyncEventQueue(const sdk::Host& host, std::string collection, std::size_t workers, Handler handler);
  ~AsyncEventQueue();  // stop()

  // Loads persisted events and starts the workers.
  void start();
  // Persists the event, then schedules it now. Returns its id.
  std::string enqueue(std::string document);
  // Stops the workers after their current event; queued events stay persisted.
  void stop();
  std::size_t pending() const;

 private:
  void work();
  void persist(const Event& event) const;

  const sdk::Host& host_;
  const std::string collection_;
  const std::size_t workerCount_;
  Handler handler_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::int64_t, Event> due_;  // by due time
  std::uint64_t sequence_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace localemu::lambda
