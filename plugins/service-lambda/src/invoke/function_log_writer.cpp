#include "invoke/function_log_writer.hpp"

#include <map>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::lambda {
namespace {

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

FunctionLogWriter::FunctionLogWriter(const sdk::Host& host) : host_(host), thread_([this] { run(); }) {}

FunctionLogWriter::~FunctionLogWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FunctionLogWriter::append(const std::string& region, const std::string& account, const std::string& group,
                               const std::string& stream, std::int64_t epochMs, std::string message) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({region, account, group, stream, epochMs, std::move(message)});
    ++appended_;
  }
  wake_.notify_one();
}

void FunctionLogWriter::appendLater(std::chrono::milliseconds delay, const std::string& region,
                                    const std::string& account, const std::string& group, const std::string& stream,
                                    std::vector<std::string> messages) {
  std::vector<Event> events;
  const auto epochMs = sdk::aws::nowMillis();
  for (auto& message : messages) events.push_back({region, account, group, stream, epochMs, std::move(message)});
  {
    std::lock_guard lock(mutex_);
    appended_ += events.size();
    later_.emplace(std::chrono::steady_clock::now() + delay, std::move(events));
  }
  wake_.notify_one();
}

void FunctionLogWriter::flush() {
  std::unique_lock lock(mutex_);
  const auto target = appended_;
  drained_.wait(lock, [&] { return delivered_ >= target; });
}

void FunctionLogWriter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (later_.empty())
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || !later_.empty(); });
    else
      wake_.wait_until(lock, later_.begin()->first, [&] { return stopping_ || !queue_.empty(); });
    for (auto it = later_.begin(); it != later_.end() && (stopping_ || it->first <= std::chrono::steady_clock::now());
         it = later_.erase(it))
      queue_.insert(queue_.end(), std::make_move_iterator(it->second.begin()), std::make_move_iterator(it->second.end()));
    if (queue_.empty()) {
      if (stopping_ && later_.empty()) return;
      continue;
    }
    std::deque<Event> batch;
    batch.swap(queue_);
    lock.unlock();
    try {
      deliver(batch);
    } catch (const std::exception& e) {
      host_.warn(std::string("function logs were not delivered: ") + e.what());
    }
    lock.lock();
    delivered_ += batch.size();
    drained_.notify_all();
  }
}

void FunctionLogWriter::deliver(std::deque<Event>& batch) {
  if (!host_.hasService("logs")) return;
  // One PutLogEvents per stream, events in arrival order.
  std::map<std::string, std::vector<const Event*>> byStream;
  for (const auto& e : batch) byStream[e.region + "\n" + e.account + "\n" + e.group + "\n" + e.stream].push_back(&e);
  for (const auto& [key, events] : byStream) {
    const Event& first = *events.front();
    const sdk::CallerContext caller{{}, first.region, first.account, {}, {}};
    if (!createdStreams_.count(key)) {
      Poco::JSON::Object group;
      group.set("logGroupName", first.group);
      host_.call("logs", "CreateLogGroup", json(group), caller);  // ResourceAlreadyExists is fine
      Poco::JSON::Object stream;
      stream.set("logGroupName", first.group);
      stream.set("logStreamName", first.stream);
      host_.call("logs", "CreateLogStream", json(stream), caller);
      createdStreams_.insert(key);
    }
    Poco::JSON::Array logEvents;
    for (const auto* e : events) {
      Poco::JSON::Object event;
      event.set("timestamp", e->epochMs);
      event.set("message", e->message);
      logEvents.add(event);
    }
    Poco::JSON::Object put;
    put.set("logGroupName", first.group);
    put.set("logStreamName", first.stream);
    put.set("logEvents", logEvents);
    const auto result = host_.call("logs", "PutLogEvents", json(put), caller);
    if (!result.ok) host_.warn("PutLogEvents to " + first.group + " failed: " + result.code + ": " + result.message);
  }
}

}  // namespace localemu::lambda
