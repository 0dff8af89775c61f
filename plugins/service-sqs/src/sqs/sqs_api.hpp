// sqs_api.hpp — the 23 SQS operations over JSON in the model's member names.
// Owns the queues (by region/account/name), their write-through journal and the
// message move tasks; restores everything from the host store on start().
// Threading: call() is thread-safe and may block (long polling) up to 20 s;
// start/stop from the host's control thread. stop() wakes every long poll.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

#include "localemu/sdk/host.hpp"
#include "sqs/journal.hpp"
#include "sqs/move_tasks.hpp"
#include "sqs/queue.hpp"

namespace localemu::sqs {

// Who calls, as the gateway saw it.
struct Caller {
  std::string region = "us-east-1";
  std::string account = "000000000000";
  std::string gatewayUrl;  // "http://localhost:4566"; the queue URLs' port comes from it
};

class SqsApi {
 public:
  using Clock = std::function<std::int64_t()>;  // epoch milliseconds
  static std::int64_t systemClock();

  // `host` may be null (unit tests): state then lives in memory only.
  explicit SqsApi(const sdk::Host* host, Clock clock = &SqsApi::systemClock);
  ~SqsApi();
  SqsApi(const SqsApi&) = delete;
  SqsApi& operator=(const SqsApi&) = delete;

  void start();
  void stop();
  // Forgets every queue (host reset).
  void reset();
  // Returns the output JSON; throws sdk::AwsError.
  std::string call(std::string_view operation, std::string_view inputJson, const Caller& caller);

  // The queue URL AWS would hand this caller.
  static std::string queueUrl(const QueueId& id, const Caller& caller);

 private:
  using Object = Poco::JSON::Object;
  using Handler = Object::Ptr (SqsApi::*)(const Object::Ptr&, const Caller&);
  static const std::map<std::string, Handler, std::less<>>& handlers();

  std::shared_ptr<Queue> queueByUrl(const Object::Ptr& in, const Caller& caller) const;
  std::shared_ptr<Queue> queueByArn(const std::string& arn) const;
  std::shared_ptr<Queue> find(const std::string& key) const;
  void checkRedriveTarget(const std::string& policy, const std::string& sourceArn, bool sourceFifo) const;
  Message prepareMessage(const Queue& queue, const Object::Ptr& entry, const Caller& caller, std::int64_t now) const;
  Object::Ptr sendOne(Queue& queue, const Object::Ptr& entry, const Caller& caller);
  Object::Ptr attributesOf(Queue& queue, const std::vector<std::string>& names);

  Object::Ptr createQueue(const Object::Ptr& in, const Caller& caller);
  Object::Ptr deleteQueue(const Object::Ptr& in, const Caller& caller);
  Object::Ptr getQueueUrl(const Object::Ptr& in, const Caller& caller);
  Object::Ptr listQueues(const Object::Ptr& in, const Caller& caller);
  Object::Ptr getQueueAttributes(const Object::Ptr& in, const Caller& caller);
  Object::Ptr setQueueAttributes(const Object::Ptr& in, const Caller& caller);
  Object::Ptr purgeQueue(const Object::Ptr& in, const Caller& caller);
  Object::Ptr sendMessage(const Object::Ptr& in, const Caller& caller);
  Object::Ptr sendMessageBatch(const Object::Ptr& in, const Caller& caller);
  Object::Ptr receiveMessage(const Object::Ptr& in, const Caller& caller);
  Object::Ptr deleteMessage(const Object::Ptr& in, const Caller& caller);
  Object::Ptr deleteMessageBatch(const Object::Ptr& in, const Caller& caller);
  Object::Ptr changeMessageVisibility(const Object::Ptr& in, const Caller& caller);
  Object::Ptr changeMessageVisibilityBatch(const Object::Ptr& in, const Caller& caller);
  Object::Ptr tagQueue(const Object::Ptr& in, const Caller& caller);
  Object::Ptr untagQueue(const Object::Ptr& in, const Caller& caller);
  Object::Ptr listQueueTags(const Object::Ptr& in, const Caller& caller);
  Object::Ptr addPermission(const Object::Ptr& in, const Caller& caller);
  Object::Ptr removePermission(const Object::Ptr& in, const Caller& caller);
  Object::Ptr listDeadLetterSourceQueues(const Object::Ptr& in, const Caller& caller);
  Object::Ptr startMessageMoveTask(const Object::Ptr& in, const Caller& caller);
  Object::Ptr listMessageMoveTasks(const Object::Ptr& in, const Caller& caller);
  Object::Ptr cancelMessageMoveTask(const Object::Ptr& in, const Caller& caller);

  const sdk::Host* host_;
  Clock clock_;
  Journal journal_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::shared_ptr<Queue>> queues_;  // by QueueId::key()
  MoveTasks moveTasks_;
};

}  // namespace localemu::sqs
