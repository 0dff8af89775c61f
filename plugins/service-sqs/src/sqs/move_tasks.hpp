// move_tasks.hpp — StartMessageMoveTask / ListMessageMoveTasks /
// CancelMessageMoveTask: moving messages out of a dead-letter queue back to
// their source queues (or to a destination), optionally at a rate.
// Threading: thread-safe; each running task owns one worker thread, joined by
// cancel/stop.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sqs/queue.hpp"

namespace localemu::sqs {

struct MoveTaskView {
  std::string handle, status, sourceArn, destinationArn, failureReason;
  std::optional<int> maxPerSecond;
  std::int64_t moved = 0, toMove = 0, startedMs = 0;
};

class MoveTasks {
 public:
  using Resolve = std::function<std::shared_ptr<Queue>(const std::string& arn)>;
  using Clock = std::function<std::int64_t()>;
  MoveTasks(Resolve resolve, Clock clock) : resolve_(std::move(resolve)), clock_(std::move(clock)) {}
  ~MoveTasks() { stop(); }

  // Returns the task handle; throws AwsError when one is already running for the source.
  std::string start(const std::shared_ptr<Queue>& source, const std::string& destinationArn,
                    std::optional<int> maxPerSecond);
  // Most recent first.
  std::vector<MoveTaskView> list(const std::string& sourceArn, std::size_t max) const;
  // Returns the number of messages moved so far; throws AwsError for an unknown or finished task.
  std::int64_t cancel(const std::string& handle);
  void stop();

 private:
  struct Task {
    MoveTaskView view;
    std::shared_ptr<Queue> source;
    bool cancelled = false;
    std::thread worker;
  };
  void run(const std::shared_ptr<Task>& task);

  Resolve resolve_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, std::vector<std::shared_ptr<Task>>> bySource_;
  bool stopping_ = false;
};

}  // namespace localemu::sqs
