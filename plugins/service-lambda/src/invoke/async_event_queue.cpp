#include "invoke/async_event_queue.hpp"

#include <sstream>

#include <fmt/format.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::lambda {
namespace {

// Stored form: {"due": <ms>, "event": <handler document as a string>}
std::string wrap(const AsyncEventQueue::Event& event) {
  Poco::JSON::Object object;
  object.set("due", event.dueEpochMs);
  object.set("event", event.document);
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

AsyncEventQueue::AsyncEventQueue(const sdk::Host& host, std::string collection, std::size_t workers, Handler handler)
    : host_(host), collection_(std::move(collection)), workerCount_(workers), handler_(std::move(handler)) {}

AsyncEventQueue::~AsyncEventQueue() { stop(); }

void AsyncEventQueue::start() {
  {
    std::lock_guard lock(mutex_);
    host_.list(collection_, "", [&](std::string_view id, std::string_view document) {
      try {
        const auto object = Poco::JSON::Parser().parse(std::string(document)).extract<Poco::JSON::Object::Ptr>();
        Event event{std::string(id), object->getValue<std::string>("event"), object->getValue<std::int64_t>("due")};
        due_.emplace(event.dueEpochMs, std::move(event));
      } catch (const std::exception& e) {
        host_.warn("dropping unreadable queued event " + std::string(id) + ": " + e.what());
      }
      return true;
    });
    if (!due_.empty()) host_.info(fmt::format("resuming {} queued asynchronous invocation(s)", due_.size()));
    stopping_ = false;
  }
  for (std::size_t i = 0; i < workerCount_; ++i) workers_.emplace_back([this] { work(); });
}

std::string AsyncEventQueue::enqueue(std::string document) {
  Event event;
  event.dueEpochMs = sdk::aws::nowMillis();
  {
    std::lock_guard lock(mutex_);
    event.id = fmt::format("{:016d}-{:08d}", event.dueEpochMs, sequence_++ % 100000000);
  }
  event.document = std::move(document);
  persist(event);
  const std::string id = event.id;
  {
    std::lock_guard lock(mutex_);
    due_.emplace(event.dueEpochMs, std::move(event));
  }
  wake_.notify_one();
  return id;
}

void AsyncEventQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
  workers_.clear();
}

std::size_t AsyncEventQueue::pending() const {
  std::lock_guard lock(mutex_);
  return due_.size();
}

void AsyncEventQueue::persist(const Event& event) const { host_.put(collection_, event.id, wrap(event)); }

void AsyncEventQueue::work() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (due_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto now = sdk::aws::nowMillis();
    auto next = due_.begin();
    if (next->first > now) {
      wake_.wait_for(lock, std::chrono::milliseconds(next->first - now));
      continue;
    }
    Event event = std::move(next->second);
    due_.erase(next);
    lock.unlock();
    std::optional<std::int64_t> retryAt;
    try {
      retryAt = handler_(event);
    } catch (const std::exception& e) {
      host_.error("asynchronous invocation " + event.id + " failed: " + e.what());
    }
    try {
      if (retryAt) {
        event.dueEpochMs = *retryAt;
        persist(event);
      } else {
        host_.remove(collection_, event.id);
      }
    } catch (const std::exception& e) {
      host_.error("could not record the state of queued event " + event.id + ": " + e.what());
    }
    lock.lock();
    if (retryAt) due_.emplace(event.dueEpochMs, std::move(event));
  }
}

}  // namespace localemu::lambda
