#include "invoke/function_log_writer.hpp"

#include <algorithm>
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
// A stream with nothing pending and no line for this long is forgotten (its
// environment is most likely gone); a later line starts it afresh.
constexpr std::int64_t kForgetAfterMs = 60000;

std::string json(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

}  // namespace

void FunctionLogWriter::Slot::fill(std::vector<std::string> messages) const {
  if (writer_ != nullptr) writer_->fill(key_, id_, std::move(messages));
}

FunctionLogWriter::FunctionLogWriter(const sdk::Host& host) : FunctionLogWriter(host, nullptr) {}

FunctionLogWriter::FunctionLogWriter(const sdk::Host& host, Sink sink)
    : host_(host),
      echoChars_(static_cast<std::size_t>(
          std::max<std::int64_t>(0, host.configInt("LAMBDA_TRUNCATE_STDOUT", kDefaultTruncateStdout)))),
      sink_(sink ? std::move(sink) : Sink([this](const StreamName& name, const std::vector<LogEvent>& events) {
        sendToLogs(name, events);
      })),
      thread_([this] { run(); }) {}

FunctionLogWriter::~FunctionLogWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::string FunctionLogWriter::keyOf(const StreamName& name) {
  std::string key;
  key.reserve(name.region.size() + name.account.size() + name.group.size() + name.stream.size() + 3);
  key.append(name.region).append(1, '\n').append(name.account).append(1, '\n').append(name.group).append(1, '\n');
  key.append(name.stream);
  return key;
}

FunctionLogWriter::Stream& FunctionLogWriter::stream(const std::string& key, const StreamName& name) {
  auto [it, added] = streams_.try_emplace(key);
  if (added) it->second.name = std::make_shared<const StreamName>(name);
  return it->second;
}

void FunctionLogWriter::append(const StreamName& name, std::int64_t epochMs, std::string message) {
  add(name, epochMs, std::move(message), false);
}

void FunctionLogWriter::appendStart(const StreamName& name, std::int64_t epochMs, std::string message) {
  add(name, epochMs, std::move(message), true);
}

void FunctionLogWriter::add(const StreamName& name, std::int64_t epochMs, std::string message, bool start) {
  const auto key = keyOf(name);
  const auto now = Clock::now();
  Item item;
  item.epochMs = epochMs;
  item.messages.push_back(std::move(message));
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    const auto before = queue_.size();
    ++appended_;
    auto& s = stream(key, name);
    s.lastUsedMs = std::max(s.lastUsedMs, epochMs);
    if (s.settlingSlot != 0 && (start || now >= s.settleUntil)) s.settlingSlot = 0;
    if (s.settlingSlot != 0)
      s.items.insert(s.items.end() - 1, std::move(item));  // the settling slot is the last item
    else
      s.items.push_back(std::move(item));
    release(s, now);
    wake = wakeNeeded(before);
  }
  if (wake) wake_.notify_one();
}

FunctionLogWriter::Slot FunctionLogWriter::reserve(const StreamName& name, std::chrono::milliseconds settle,
                                                   std::chrono::milliseconds bound, std::vector<std::string> fallback) {
  Slot slot;
  slot.writer_ = this;
  slot.key_ = keyOf(name);
  const auto now = Clock::now();
  Item item;
  item.filled = false;
  item.epochMs = sdk::aws::nowMillis();
  item.fallback = std::move(fallback);
  item.fallbackAt = now + bound;
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    const auto before = queue_.size();
    ++appended_;
    auto& s = stream(slot.key_, name);
    s.lastUsedMs = std::max(s.lastUsedMs, item.epochMs);
    slot.id_ = item.slotId = nextSlot_++;
    wake = schedule(item.fallbackAt, slot.key_);
    s.items.push_back(std::move(item));
    s.settlingSlot = 0;
    if (settle.count() > 0) {
      s.settlingSlot = slot.id_;
      s.settleUntil = now + settle;
      wake = schedule(s.settleUntil, slot.key_) || wake;
    }
    release(s, now);  // a slot before it may have been waiting for its window to close
    wake = wakeNeeded(before) || wake;
  }
  if (wake) wake_.notify_one();
  return slot;
}

void FunctionLogWriter::fill(const std::string& key, std::uint64_t id, std::vector<std::string> messages) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    const auto it = streams_.find(key);
    if (it == streams_.end()) return;
    auto& s = it->second;
    const auto item = std::find_if(s.items.begin(), s.items.end(), [&](const Item& i) { return i.slotId == id; });
    if (item == s.items.end() || item->filled) return;  // released with its fallback, or filled before
    item->messages = std::move(messages);
    item->filled = true;
    const auto before = queue_.size();
    release(s, Clock::now());
    wake = wakeNeeded(before);
  }
  if (wake) wake_.notify_one();
}

bool FunctionLogWriter::release(Stream& s, Clock::time_point now) {
  bool queued = false;
  while (!s.items.empty()) {
    auto& front = s.items.front();
    if (front.slotId != 0) {
      if (!front.filled) {
        if (!stopping_ && now < front.fallbackAt) break;
        front.messages = std::move(front.fallback);
        front.filled = true;
      }
      if (s.settlingSlot == front.slotId) {
        if (!stopping_ && now < s.settleUntil) break;
        s.settlingSlot = 0;
      }
    }
    std::uint32_t units = 1;
    for (auto& message : front.messages) {
      s.lastStamp = std::max(s.lastStamp, front.epochMs);
      queue_.push_back({s.name, s.lastStamp, std::move(message), units});
      units = 0;
      queued = true;
    }
    if (units != 0) {  // a slot filled with nothing: done without a delivery
      ++delivered_;
      drained_.notify_all();
    }
    s.items.pop_front();
  }
  return queued;
}

bool FunctionLogWriter::schedule(Clock::time_point at, const std::string& key) {
  const auto it = timers_.emplace(at, key);
  if (it != timers_.begin()) return false;
  timerAdded_ = true;
  return true;
}

bool FunctionLogWriter::wakeNeeded(std::size_t queuedBefore) const {
  // The writer sleeps until the queue fills from empty, or fills up; else it is gathering lines.
  return (queuedBefore == 0 && !queue_.empty()) || (queuedBefore < kMaxBatchEvents && queue_.size() >= kMaxBatchEvents);
}

void FunctionLogWriter::flush() {
  std::unique_lock lock(mutex_);
  const auto target = appended_;
  drained_.wait(lock, [&] { return delivered_ >= target; });
}

void FunctionLogWriter::prune(std::int64_t nowMs) {
  for (auto it = streams_.begin(); it != streams_.end();)
    if (it->second.items.empty() && it->second.settlingSlot == 0 && it->second.lastUsedMs + kForgetAfterMs < nowMs)
      it = streams_.erase(it);
    else
      ++it;
}

void FunctionLogWriter::run() {
  std::unique_lock lock(mutex_);
  Clock::time_point lastDelivery{};
  auto nextPrune = Clock::now() + std::chrono::milliseconds(kForgetAfterMs);
  while (true) {
    const auto now = Clock::now();
    while (!timers_.empty() && (stopping_ || timers_.begin()->first <= now)) {
      const auto key = std::move(timers_.begin()->second);
      timers_.erase(timers_.begin());
      if (const auto it = streams_.find(key); it != streams_.end()) release(it->second, now);
    }
    if (stopping_)
      for (auto& entry : streams_) release(entry.second, now);  // open slots get their fallback
    if (queue_.empty()) {
      if (stopping_) return;
      if (now >= nextPrune) {
        prune(sdk::aws::nowMillis());
        nextPrune = now + std::chrono::milliseconds(kForgetAfterMs);
      }
      timerAdded_ = false;
      const auto woken = [&] { return stopping_ || !queue_.empty() || timerAdded_; };
      if (timers_.empty())
        wake_.wait(lock, woken);
      else
        wake_.wait_until(lock, timers_.begin()->first, woken);
      continue;
    }
    if (const auto due = lastDelivery + kLinger;
        !stopping_ && queue_.size() < kMaxBatchEvents && now < due) {
      wake_.wait_until(lock, due, [&] { return stopping_ || queue_.size() >= kMaxBatchEvents; });
      continue;
    }
    lastDelivery = now;
    std::deque<Event> batch;
    batch.swap(queue_);
    std::uint64_t units = 0;
    for (const auto& e : batch) units += e.units;
    lock.unlock();
    try {
      deliver(batch);
    } catch (const std::exception& e) {
      host_.warn(std::string("function logs were not delivered: ") + e.what());
    }
    lock.lock();
    delivered_ += units;
    drained_.notify_all();
  }
}

void FunctionLogWriter::deliver(std::deque<Event>& batch) {
  if (host_.logs(LOCALEMU_LOG_DEBUG))  // docker-features: LAMBDA_TRUNCATE_STDOUT
    for (const auto& e : batch) host_.debug(echoLine(e.name->group, e.message, echoChars_));
  // Each stream's events in release order (already monotonic in time).
  std::vector<std::pair<std::shared_ptr<const StreamName>, std::vector<LogEvent>>> streams;
  std::unordered_map<const StreamName*, std::size_t> index;
  for (auto& e : batch) {
    auto [it, added] = index.try_emplace(e.name.get(), streams.size());
    if (added) streams.emplace_back(e.name, std::vector<LogEvent>{});
    streams[it->second].second.push_back({e.epochMs, std::move(e.message)});
  }
  for (const auto& [name, events] : streams) sink_(*name, events);
}

void FunctionLogWriter::sendToLogs(const StreamName& name, const std::vector<LogEvent>& events) {
  if (events.empty() || !host_.hasService("logs")) return;
  const sdk::CallerContext caller{{}, name.region, name.account, {}, {}};
  if (const auto key = keyOf(name); !createdStreams_.count(key)) {
    createStream(name, caller);
    createdStreams_.insert(key);
  }
  std::size_t begin = 0;
  while (begin < events.size()) {
    std::size_t end = begin, bytes = 0;
    while (end < events.size() && end - begin < kMaxBatchEvents &&
           bytes + events[end].message.size() + kEventOverhead <= kMaxBatchBytes)
      bytes += events[end++].message.size() + kEventOverhead;
    if (end == begin) ++end;  // one oversized event: the service will say so
    auto result = host_.call("logs", "PutLogEvents", putLogEvents(name, events, begin, end), caller);
    if (!result.ok && result.code == "ResourceNotFoundException") {
      createStream(name, caller);  // the group or stream was deleted: Lambda recreates them
      result = host_.call("logs", "PutLogEvents", putLogEvents(name, events, begin, end), caller);
    }
    if (!result.ok) host_.warn("PutLogEvents to " + name.group + " failed: " + result.code + ": " + result.message);
    begin = end;
  }
}

void FunctionLogWriter::createStream(const StreamName& name, const sdk::CallerContext& caller) {
  Poco::JSON::Object group;
  group.set("logGroupName", name.group);
  host_.call("logs", "CreateLogGroup", json(group), caller);  // ResourceAlreadyExists is fine
  Poco::JSON::Object stream;
  stream.set("logGroupName", name.group);
  stream.set("logStreamName", name.stream);
  host_.call("logs", "CreateLogStream", json(stream), caller);
}

std::string FunctionLogWriter::putLogEvents(const StreamName& name, const std::vector<LogEvent>& events,
                                            std::size_t begin, std::size_t end) {
  Poco::JSON::Array logEvents;
  for (std::size_t i = begin; i < end; ++i) {
    Poco::JSON::Object event;
    event.set("timestamp", events[i].epochMs);
    event.set("message", events[i].message);
    logEvents.add(event);
  }
  Poco::JSON::Object put;
  put.set("logGroupName", name.group);
  put.set("logStreamName", name.stream);
  put.set("logEvents", logEvents);
  return json(put);
}

}  // namespace localemu::lambda
