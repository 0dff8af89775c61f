// queue.hpp — one SQS queue: its attributes and tags, its messages in send
// order, visibility, FIFO group ordering and deduplication, and long polling.
// Threading: every member locks the queue's mutex; receive() waits on the
// queue's condition variable, which send/changeVisibility/delete wake, so a
// long poll answers the moment a message becomes receivable.
// Times are epoch milliseconds handed in by the caller (SqsApi's clock).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sqs/journal.hpp"
#include "sqs/message.hpp"

namespace localemu::sqs {

struct QueueId {
  std::string region, account, name;
  std::string key() const { return region + "/" + account + "/" + name; }
  std::string arn() const { return "arn:aws:sqs:" + region + ":" + account + ":" + name; }
};

struct Redrive {
  std::string deadLetterTargetArn;
  int maxReceiveCount = 0;
};

struct QueueCounts {
  std::size_t visible = 0, inFlight = 0, delayed = 0;
};

class Queue {
 public:
  using Attributes = std::map<std::string, std::string>;

  Queue(QueueId id, Attributes attributes, std::map<std::string, std::string> tags, std::int64_t createdMs,
        Journal& journal);

  const QueueId& id() const noexcept { return id_; }
  bool fifo() const noexcept { return fifo_; }

  // ---- attributes and tags (validated by the caller)
  Attributes attributes() const;
  std::optional<std::string> attribute(const std::string& name) const;
  void setAttributes(const Attributes& changes, std::int64_t nowMs);  // "" removes RedrivePolicy etc.
  std::int64_t createdMs() const noexcept { return createdMs_; }
  std::int64_t modifiedMs() const;
  std::map<std::string, std::string> tags() const;
  void tag(const std::map<std::string, std::string>& tags);
  void untag(const std::vector<std::string>& keys);
  std::optional<Redrive> redrive() const;
  QueueCounts counts(std::int64_t nowMs);
  // Marks the last purge; false when one happened within 60 s.
  bool startPurge(std::int64_t nowMs);
  void purge();

  // ---- messages
  struct Sent {
    std::string messageId;
    std::string sequenceNumber;
  };
  // Enqueues `m` (id, body, digests, timestamps filled; visibleAtMs = delay end).
  // FIFO: a duplicate within the deduplication window answers the first send.
  Sent send(Message m, std::int64_t nowMs);
  // Adopts a message moved here, receivable at once: dead-lettered messages keep their
  // receive count (as in AWS, the DLQ's first receive reports maxReceiveCount + 1);
  // messages a move task brings back start afresh.
  void adopt(Message m, std::int64_t nowMs, bool keepReceiveCount = false);

  struct Received {
    std::vector<Message> messages;  // copies, with the new receipt token
    std::vector<Message> deadLettered;  // removed here, for the caller to adopt into the DLQ
  };
  // Up to `max` receivable messages, waiting until `deadline` (steady clock) for one.
  // `maxReceiveCount` > 0: messages received that often already are dead-lettered instead.
  Received receive(int max, int visibilitySeconds, std::chrono::steady_clock::time_point deadline,
                   int maxReceiveCount, const std::function<std::int64_t()>& clock);

  enum class HandleResult { Ok, NotFound, NotInFlight };
  HandleResult remove(const std::string& messageId, const std::string& token);
  HandleResult changeVisibility(const std::string& messageId, const std::string& token, int seconds,
                                std::int64_t nowMs);
  // Takes up to `max` receivable messages out of the queue (move tasks).
  std::vector<Message> take(std::size_t max, std::int64_t nowMs);

  // Deletes every message and the queue's stored state; closes the queue.
  void discard();
  // Wakes every waiting receive (queue deleted, host stopping).
  void close();
  bool closed() const;

  std::string toDocument() const;
  static std::shared_ptr<Queue> fromDocument(const std::string& json, Journal& journal);
  void restoreMessage(Message m);
  void restoreDedup(const std::string& json);

 private:
  struct Dedup {
    std::int64_t expiresMs;
    std::string messageId;
    std::string sequenceNumber;
  };
  std::string messageKey(std::uint64_t position) const;
  void persistQueue() const;  // requires mutex_
  std::string toDocumentLocked() const;
  void persist(const Message& m) const;
  void drop(std::map<std::uint64_t, Message>::iterator it);
  void expire(std::int64_t nowMs);
  void expireDedup(std::int64_t nowMs);
  static std::string dedupDocument(const std::string& key, const Dedup& d);
  std::int64_t retentionMs() const;
  void insert(Message m);

  QueueId id_;
  bool fifo_;
  Journal& journal_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  Attributes attributes_;
  std::map<std::string, std::string> tags_;
  std::int64_t createdMs_;
  std::int64_t modifiedMs_;
  std::int64_t lastPurgeMs_ = 0;
  std::map<std::uint64_t, Message> messages_;
  std::unordered_map<std::string, std::uint64_t> byId_;
  std::unordered_map<std::string, Dedup> dedup_;
  std::deque<std::pair<std::int64_t, std::string>> dedupOrder_;  // (expiry, key), oldest first
  std::uint64_t nextPosition_ = 1;
  std::uint64_t nextSequence_ = 0;
  bool closed_ = false;
};

}  // namespace localemu::sqs
