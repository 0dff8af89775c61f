#include "invoke/function_log_writer.hpp"

#include <algorithm>
#include <map>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "invoke/log_echo.hpp"
#include "localemu/sdk/aws/timestamp.hpp"

namespace localemu::lambda {
namespace {

// PutLogEvents limits: 10,000 events and 1,048,576 bytes (message bytes + 26 per event).
constexpr std::size_t kMaxBatchEvents = 10000;
constexpr std::size_t kMaxBatchBytes = 1048576;
constexpr std::size_t kEventOverhead = 26;
// At most one delivery per period: lines that come sooner after the last one
// gather until it is over, so that a busy function costs one PutLogEvents per
// stream per period instead of one per few lines; after a quiet spell, lines go at once.
constexpr std::chrono::milliseconds kLinger{50};

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

FunctionLogWriter::FunctionLogWriter(const sdk::Host& host)
    : host_(host),
      echoChars_(static_cast<std::size_t>(
          std::max<std::int64_t>(0, host.configInt("LAMBDA_TRUNCATE_STDOUT", kDefaultTruncateStdout)))),
      thread_([this] { run(); }) {}

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
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({region, account, group, stream, epochMs, std::move(message)});
    ++appended_;
    wake = queue_.size() == 1 || queue_.size() == kMaxBatchEvents;  // the writer sleeps until then
  }
  if (wake) wake_.notify_one();
}

void FunctionLogWriter::appendLater(std::chrono::milliseconds delay, const std::string& region,
                                    const std::string& account, const std::string& group, const std::string& stream,
                                    std::vector<std::string> messages) {
  std::vector<Event> events;
  const auto epochMs = sdk::aws::nowMillis();
  for (auto& message : messages) events.push_back({region, account, group, stream, epochMs, std::move(message)});
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    appended_ += events.size();
    const auto it = later_.emplace(std::chrono::steady_clock::now() + delay, std::move(events));
    wake = it == later_.begin() && queue_.empty();  // else the writer wakes earlier, or is gathering lines
  }
  if (wake) wake_.notify_one();
}

void FunctionLogWriter::flush() {
  std::unique_lock lock(mutex_);
  const auto target = appended_;
  drained_.wait(lock, [&] { return delivered_ >= target; });
}

void FunctionLogWriter::run() {
  std::unique_lock lock(mutex_);
  std::chrono::steady_clock::time_point lastDelivery{};
  while (true) {
    if (later_.empty())
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty() || !later_.empty(); });
    else
      wake_.wait_until(lock, later_.begin()->first, [&] { return stopping_ || !queue_.empty(); });
    for (auto it = later_.begin(); it != later_.end() && (stopping_ || it->first <= std::chrono::steady_clock::now());
         it = later_.erase(it))
      for (auto& event : it->second) {
        event.epochMs = sdk::aws::nowMillis();  // stamped when due: after the output that came meanwhile
        queue_.push_back(std::move(event));
      }
    if (queue_.empty()) {
      if (stopping_ && later_.empty()) return;
      continue;
    }
    if (const auto due = lastDelivery + kLinger;
        !stopping_ && queue_.size() < kMaxBatchEvents && std::chrono::steady_clock::now() < due) {
      wake_.wait_until(lock, due, [&] { return stopping_ || queue_.size() >= kMaxBatchEvents; });
      continue;
    }
    lastDelivery = std::chrono::steady_clock::now();
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
  if (host_.logs(LOCALEMU_LOG_DEBUG))  // docker-features: LAMBDA_TRUNCATE_STDOUT
    for (const auto& e : batch) host_.debug(echoLine(e.group, e.message, echoChars_));
  if (!host_.hasService("logs")) return;
  // One stream's events go in timestamp order (arrival order for ties), in
  // PutLogEvents batches within the service's limits.
  std::map<std::string, std::vector<const Event*>> byStream;
  for (const auto& e : batch) byStream[e.region + "\n" + e.account + "\n" + e.group + "\n" + e.stream].push_back(&e);
  for (auto& [key, events] : byStream) {
    std::stable_sort(events.begin(), events.end(), [](const Event* a, const Event* b) { return a->epochMs < b->epochMs; });
    const Event& first = *events.front();
    const sdk::CallerContext caller{{}, first.region, first.account, {}, {}};
    if (!createdStreams_.count(key)) {
      createStream(first, caller);
      createdStreams_.insert(key);
    }
    std::size_t begin = 0;
    while (begin < events.size()) {
      std::size_t end = begin, bytes = 0;
      while (end < events.size() && end - begin < kMaxBatchEvents &&
             bytes + events[end]->message.size() + kEventOverhead <= kMaxBatchBytes)
        bytes += events[end++]->message.size() + kEventOverhead;
      if (end == begin) ++end;  // one oversized event: the service will say so
      auto result = host_.call("logs", "PutLogEvents", putLogEvents(first, events, begin, end), caller);
      if (!result.ok && result.code == "ResourceNotFoundException") {
        createStream(first, caller);  // the group or stream was deleted: Lambda recreates them
        result = host_.call("logs", "PutLogEvents", putLogEvents(first, events, begin, end), caller);
      }
      if (!result.ok) host_.warn("PutLogEvents to " + first.group + " failed: " + result.code + ": " + result.message);
      begin = end;
    }
  }
}

void FunctionLogWriter::createStream(const Event& event, const sdk::CallerContext& caller) {
  Poco::JSON::Object group;
  group.set("logGroupName", event.group);
  host_.call("logs", "CreateLogGroup", json(group), caller);  // ResourceAlreadyExists is fine
  Poco::JSON::Object stream;
  stream.set("logGroupName", event.group);
  stream.set("logStreamName", event.stream);
  host_.call("logs", "CreateLogStream", json(stream), caller);
}

std::string FunctionLogWriter::putLogEvents(const Event& stream, const std::vector<const Event*>& events,
                                            std::size_t begin, std::size_t end) {
  Poco::JSON::Array logEvents;
  for (std::size_t i = begin; i < end; ++i) {
    Poco::JSON::Object event;
    event.set("timestamp", events[i]->epochMs);
    event.set("message", events[i]->message);
    logEvents.add(event);
  }
  Poco::JSON::Object put;
  put.set("logGroupName", stream.group);
  put.set("logStreamName", stream.stream);
  put.set("logEvents", logEvents);
  return json(put);
}

}  // namespace localemu::lambda
