#include "sqs/queue.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "sqs/ids.hpp"

namespace localemu::sqs {
namespace {

constexpr std::int64_t kDedupWindowMs = 5 * 60 * 1000;
constexpr const char* kQueues = "queues";
constexpr const char* kMessages = "messages";
constexpr const char* kDedup = "dedup";

std::int64_t intAttribute(const Queue::Attributes& a, const char* name, std::int64_t fallback) {
  const auto it = a.find(name);
  if (it == a.end() || it->second.empty()) return fallback;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return fallback;
  }
}

std::string twentyDigits(std::uint64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%020llu", static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

Queue::Queue(QueueId id, Attributes attributes, std::map<std::string, std::string> tags, std::int64_t createdMs,
             Journal& journal)
    : id_(std::move(id)),
      fifo_(attributes.count("FifoQueue") != 0 && attributes.at("FifoQueue") == "true"),
      journal_(journal),
      attributes_(std::move(attributes)),
      tags_(std::move(tags)),
      createdMs_(createdMs),
      modifiedMs_(createdMs),
      nextSequence_(static_cast<std::uint64_t>(createdMs) * 10000000ULL) {}

std::string Queue::messageKey(std::uint64_t position) const { return id_.key() + "/" + twentyDigits(position); }

Queue::Attributes Queue::attributes() const {
  std::lock_guard lock(mutex_);
  return attributes_;
}

std::optional<std::string> Queue::attribute(const std::string& name) const {
  std::lock_guard lock(mutex_);
  const auto it = attributes_.find(name);
  if (it == attributes_.end()) return std::nullopt;
  return it->second;
}

void Queue::setAttributes(const Attributes& changes, std::int64_t nowMs) {
  {
    std::lock_guard lock(mutex_);
    for (const auto& [k, v] : changes) {
      if (v.empty() && (k == "RedrivePolicy" || k == "RedriveAllowPolicy" || k == "Policy" || k == "KmsMasterKeyId"))
        attributes_.erase(k);
      else
        attributes_[k] = v;
    }
    modifiedMs_ = nowMs;
    persistQueue();
  }
  ready_.notify_all();
}

std::int64_t Queue::modifiedMs() const {
  std::lock_guard lock(mutex_);
  return modifiedMs_;
}

std::map<std::string, std::string> Queue::tags() const {
  std::lock_guard lock(mutex_);
  return tags_;
}

void Queue::tag(const std::map<std::string, std::string>& tags) {
  std::lock_guard lock(mutex_);
  for (const auto& [k, v] : tags) tags_[k] = v;
  persistQueue();
}

void Queue::untag(const std::vector<std::string>& keys) {
  std::lock_guard lock(mutex_);
  for (const auto& k : keys) tags_.erase(k);
  persistQueue();
}

std::optional<Redrive> Queue::redrive() const {
  std::lock_guard lock(mutex_);
  const auto it = attributes_.find("RedrivePolicy");
  if (it == attributes_.end() || it->second.empty()) return std::nullopt;
  try {
    Poco::JSON::Parser parser;
    const auto o = parser.parse(it->second).extract<Poco::JSON::Object::Ptr>();
    Redrive r;
    r.deadLetterTargetArn = o->optValue<std::string>("deadLetterTargetArn", "");
    r.maxReceiveCount = o->optValue<int>("maxReceiveCount", 0);
    return r;
  } catch (...) {
    return std::nullopt;
  }
}

std::int64_t Queue::retentionMs() const { return intAttribute(attributes_, "MessageRetentionPeriod", 345600) * 1000; }

void Queue::drop(std::map<std::uint64_t, Message>::iterator it) {
  journal_.erase(kMessages, messageKey(it->first));
  byId_.erase(it->second.id);
  messages_.erase(it);
}

void Queue::expire(std::int64_t nowMs) {
  const std::int64_t retention = retentionMs();
  for (auto it = messages_.begin(); it != messages_.end();) {
    if (it->second.sentMs + retention <= nowMs) {
      auto next = std::next(it);
      drop(it);
      it = next;
    } else {
      ++it;
    }
  }
  if (fifo_) expireDedup(nowMs);
}

// Entries expire in the order they were made (the window is fixed): only the oldest are looked at.
void Queue::expireDedup(std::int64_t nowMs) {
  while (!dedupOrder_.empty() && dedupOrder_.front().first <= nowMs) {
    const auto it = dedup_.find(dedupOrder_.front().second);
    if (it != dedup_.end() && it->second.expiresMs <= nowMs) {
      journal_.erase(kDedup, id_.key() + "/" + it->first);
      dedup_.erase(it);
    }
    dedupOrder_.pop_front();
  }
}

QueueCounts Queue::counts(std::int64_t nowMs) {
  std::lock_guard lock(mutex_);
  expire(nowMs);
  QueueCounts c;
  for (const auto& [pos, m] : messages_) {
    if (m.inFlight(nowMs)) ++c.inFlight;
    else if (m.delayed(nowMs)) ++c.delayed;
    else ++c.visible;
  }
  return c;
}

bool Queue::startPurge(std::int64_t nowMs) {
  std::lock_guard lock(mutex_);
  if (lastPurgeMs_ != 0 && nowMs - lastPurgeMs_ < 60000) return false;
  lastPurgeMs_ = nowMs;
  persistQueue();
  return true;
}

void Queue::purge() {
  std::lock_guard lock(mutex_);
  while (!messages_.empty()) drop(messages_.begin());
}

void Queue::discard() {
  std::lock_guard lock(mutex_);
  while (!messages_.empty()) drop(messages_.begin());
  for (const auto& [key, d] : dedup_) journal_.erase(kDedup, id_.key() + "/" + key);
  dedup_.clear();
  dedupOrder_.clear();
  journal_.erase(kQueues, id_.key());
  closed_ = true;
  ready_.notify_all();
}

void Queue::insert(Message m) {
  m.position = nextPosition_++;
  persist(m);
  byId_[m.id] = m.position;
  const auto position = m.position;
  messages_.emplace(position, std::move(m));
}

Queue::Sent Queue::send(Message m, std::int64_t nowMs) {
  Sent sent;
  {
    std::lock_guard lock(mutex_);
    if (fifo_) {
      expireDedup(nowMs);
      const bool perGroup = attributes_.count("DeduplicationScope") && attributes_.at("DeduplicationScope") == "messageGroup";
      const std::string dedupKey = perGroup ? m.groupId + "\n" + m.deduplicationId : m.deduplicationId;
      if (const auto it = dedup_.find(dedupKey); it != dedup_.end()) return {it->second.messageId, it->second.sequenceNumber};
      m.sequenceNumber = twentyDigits(++nextSequence_);
      dedup_[dedupKey] = Dedup{nowMs + kDedupWindowMs, m.id, m.sequenceNumber};
      dedupOrder_.emplace_back(nowMs + kDedupWindowMs, dedupKey);
      journal_.put(kDedup, id_.key() + "/" + dedupKey, dedupDocument(dedupKey, dedup_[dedupKey]));
    }
    sent = {m.id, m.sequenceNumber};
    insert(std::move(m));
  }
  ready_.notify_all();
  return sent;
}

void Queue::adopt(Message m, std::int64_t nowMs, bool keepReceiveCount) {
  {
    std::lock_guard lock(mutex_);
    if (!keepReceiveCount) {
      m.receiveCount = 0;
      m.firstReceiveMs = 0;
    }
    m.receiptToken.clear();
    m.visibleAtMs = nowMs;
    if (fifo_ && m.sequenceNumber.empty()) m.sequenceNumber = twentyDigits(++nextSequence_);
    insert(std::move(m));
  }
  ready_.notify_all();
}

Queue::Received Queue::receive(int max, int visibilitySeconds, std::chrono::steady_clock::time_point deadline,
                               int maxReceiveCount, const std::function<std::int64_t()>& clock) {
  Received out;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (closed_) return out;
    const std::int64_t now = clock();
    const std::int64_t retention = retentionMs();
    std::int64_t nextChange = INT64_MAX;
    std::set<std::string> blockedGroups;
    for (auto it = messages_.begin(); it != messages_.end() && static_cast<int>(out.messages.size()) < max;) {
      Message& m = it->second;
      if (m.sentMs + retention <= now) {
        auto next = std::next(it);
        drop(it);
        it = next;
        continue;
      }
      if (fifo_ && blockedGroups.count(m.groupId)) {
        ++it;
        continue;
      }
      if (m.visibleAtMs > now) {
        nextChange = std::min(nextChange, m.visibleAtMs);
        if (fifo_) blockedGroups.insert(m.groupId);
        ++it;
        continue;
      }
      if (maxReceiveCount > 0 && m.receiveCount >= maxReceiveCount) {
        auto next = std::next(it);
        out.deadLettered.push_back(std::move(m));
        drop(it);
        it = next;
        continue;
      }
      ++m.receiveCount;
      if (m.firstReceiveMs == 0) m.firstReceiveMs = now;
      m.visibleAtMs = now + static_cast<std::int64_t>(visibilitySeconds) * 1000;
      m.receiptToken = randomHex(32);
      persist(m);
      out.messages.push_back(m);
      ++it;
    }
    if (!out.messages.empty() || !out.deadLettered.empty()) return out;
    const auto steadyNow = std::chrono::steady_clock::now();
    if (steadyNow >= deadline) return out;
    auto until = deadline;
    if (nextChange != INT64_MAX) until = std::min(until, steadyNow + std::chrono::milliseconds(nextChange - now));
    ready_.wait_until(lock, until);
  }
}

Queue::HandleResult Queue::remove(const std::string& messageId, const std::string& token) {
  std::lock_guard lock(mutex_);
  const auto found = byId_.find(messageId);
  if (found == byId_.end()) return HandleResult::NotFound;
  const auto it = messages_.find(found->second);
  (void)token;
  drop(it);
  ready_.notify_all();
  return HandleResult::Ok;
}

Queue::HandleResult Queue::changeVisibility(const std::string& messageId, const std::string& token, int seconds,
                                            std::int64_t nowMs) {
  {
    std::lock_guard lock(mutex_);
    const auto found = byId_.find(messageId);
    if (found == byId_.end()) return HandleResult::NotFound;
    Message& m = messages_.at(found->second);
    if (m.receiptToken != token) return HandleResult::NotFound;
    if (!m.inFlight(nowMs)) return HandleResult::NotInFlight;
    m.visibleAtMs = nowMs + static_cast<std::int64_t>(seconds) * 1000;
    persist(m);
  }
  ready_.notify_all();
  return HandleResult::Ok;
}

std::vector<Message> Queue::take(std::size_t max, std::int64_t nowMs) {
  std::lock_guard lock(mutex_);
  expire(nowMs);
  std::vector<Message> out;
  for (auto it = messages_.begin(); it != messages_.end() && out.size() < max;) {
    if (it->second.visibleAtMs > nowMs) {
      ++it;
      continue;
    }
    auto next = std::next(it);
    out.push_back(std::move(it->second));
    drop(it);
    it = next;
  }
  return out;
}

void Queue::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  ready_.notify_all();
}

bool Queue::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void Queue::persist(const Message& m) const { journal_.put(kMessages, messageKey(m.position), m.toDocument()); }

void Queue::persistQueue() const { journal_.put(kQueues, id_.key(), toDocumentLocked()); }

std::string Queue::toDocument() const {
  std::lock_guard lock(mutex_);
  return toDocumentLocked();
}

std::string Queue::toDocumentLocked() const {
  Poco::JSON::Object o;
  o.set("region", id_.region);
  o.set("account", id_.account);
  o.set("name", id_.name);
  Poco::JSON::Object::Ptr attrs = new Poco::JSON::Object;
  for (const auto& [k, v] : attributes_) attrs->set(k, v);
  o.set("attributes", attrs);
  Poco::JSON::Object::Ptr tags = new Poco::JSON::Object;
  for (const auto& [k, v] : tags_) tags->set(k, v);
  o.set("tags", tags);
  o.set("createdMs", createdMs_);
  o.set("modifiedMs", modifiedMs_);
  o.set("lastPurgeMs", lastPurgeMs_);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

std::shared_ptr<Queue> Queue::fromDocument(const std::string& json, Journal& journal) {
  Poco::JSON::Parser parser;
  const auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  QueueId id{o->getValue<std::string>("region"), o->getValue<std::string>("account"), o->getValue<std::string>("name")};
  Attributes attrs;
  for (const auto& [k, v] : *o->getObject("attributes")) attrs[k] = v.convert<std::string>();
  std::map<std::string, std::string> tags;
  for (const auto& [k, v] : *o->getObject("tags")) tags[k] = v.convert<std::string>();
  auto q = std::make_shared<Queue>(std::move(id), std::move(attrs), std::move(tags), o->getValue<std::int64_t>("createdMs"),
                                   journal);
  q->modifiedMs_ = o->getValue<std::int64_t>("modifiedMs");
  q->lastPurgeMs_ = o->getValue<std::int64_t>("lastPurgeMs");
  return q;
}

std::string Queue::dedupDocument(const std::string& key, const Dedup& d) {
  Poco::JSON::Object e;
  e.set("key", key);
  e.set("expiresMs", d.expiresMs);
  e.set("messageId", d.messageId);
  e.set("sequenceNumber", d.sequenceNumber);
  std::ostringstream out;
  e.stringify(out);
  return out.str();
}

void Queue::restoreDedup(const std::string& json) {
  Poco::JSON::Parser parser;
  const auto e = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  std::lock_guard lock(mutex_);
  Dedup d{e->getValue<std::int64_t>("expiresMs"), e->getValue<std::string>("messageId"),
          e->getValue<std::string>("sequenceNumber")};
  nextSequence_ = std::max<std::uint64_t>(nextSequence_, std::stoull(d.sequenceNumber));
  const std::string key = e->getValue<std::string>("key");
  // Restored in id order, not age order: keep the order list sorted by expiry.
  const auto at = std::upper_bound(dedupOrder_.begin(), dedupOrder_.end(), d.expiresMs,
                                   [](std::int64_t v, const auto& entry) { return v < entry.first; });
  dedupOrder_.insert(at, {d.expiresMs, key});
  dedup_[key] = std::move(d);
}

void Queue::restoreMessage(Message m) {
  std::lock_guard lock(mutex_);
  if (!m.sequenceNumber.empty()) nextSequence_ = std::max<std::uint64_t>(nextSequence_, std::stoull(m.sequenceNumber));
  nextPosition_ = std::max(nextPosition_, m.position + 1);
  byId_[m.id] = m.position;
  const auto position = m.position;
  messages_.emplace(position, std::move(m));
}

}  // namespace localemu::sqs
