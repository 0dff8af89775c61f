#include "sqs/move_tasks.hpp"

#include <chrono>

#include "localemu/sdk/aws/encoding.hpp"
#include "sqs/errors.hpp"
#include "sqs/ids.hpp"

namespace localemu::sqs {

std::string MoveTasks::start(const std::shared_ptr<Queue>& source, const std::string& destinationArn,
                             std::optional<int> maxPerSecond) {
  std::lock_guard lock(mutex_);
  auto& tasks = bySource_[source->id().arn()];
  for (const auto& t : tasks)
    if (t->view.status == "RUNNING")
      throw errors::make("InvalidParameterValue",
                         "There is already a task running. Only one active task is allowed for a source queue arn "
                         "at a given time.");
  auto task = std::make_shared<Task>();
  task->source = source;
  task->view.handle = sdk::aws::base64Encode("{\"taskId\":\"" + newUuid() + "\",\"sourceArn\":\"" +
                                             source->id().arn() + "\"}");
  task->view.status = "RUNNING";
  task->view.sourceArn = source->id().arn();
  task->view.destinationArn = destinationArn;
  task->view.maxPerSecond = maxPerSecond;
  const auto now = clock_();
  const auto counts = source->counts(now);
  task->view.toMove = static_cast<std::int64_t>(counts.visible + counts.inFlight + counts.delayed);
  task->view.startedMs = now;
  tasks.insert(tasks.begin(), task);
  while (tasks.size() > 10) {
    if (tasks.back()->worker.joinable()) break;
    tasks.pop_back();
  }
  task->worker = std::thread([this, task] { run(task); });
  return task->view.handle;
}

void MoveTasks::run(const std::shared_ptr<Task>& task) {
  std::unique_lock lock(mutex_);
  while (!stopping_ && !task->cancelled) {
    const std::int64_t remaining = task->view.toMove - task->view.moved;
    if (remaining <= 0) break;
    const std::size_t chunk = static_cast<std::size_t>(
        std::min<std::int64_t>(remaining, task->view.maxPerSecond ? *task->view.maxPerSecond : 1000));
    const auto destinationArn = task->view.destinationArn;
    lock.unlock();
    const auto messages = task->source->take(chunk, clock_());
    std::string failure;
    std::int64_t moved = 0;
    for (auto m : messages) {
      const auto target = resolve_(destinationArn.empty() ? m.deadLetterSourceArn : destinationArn);
      if (!target) {
        failure = "AWS.SimpleQueueService.NonExistentQueue";
        task->source->adopt(std::move(m), clock_(), true);
        continue;
      }
      m.deadLetterSourceArn.clear();
      target->adopt(std::move(m), clock_());
      ++moved;
    }
    lock.lock();
    task->view.moved += moved;
    if (!failure.empty()) {
      task->view.status = "FAILED";
      task->view.failureReason = failure;
      return;
    }
    if (messages.empty()) break;
    if (task->view.maxPerSecond)
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stopping_ || task->cancelled; });
  }
  task->view.status = task->cancelled ? "CANCELLED" : "COMPLETED";
}

std::vector<MoveTaskView> MoveTasks::list(const std::string& sourceArn, std::size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<MoveTaskView> out;
  const auto it = bySource_.find(sourceArn);
  if (it == bySource_.end()) return out;
  for (const auto& t : it->second) {
    if (out.size() >= max) break;
    out.push_back(t->view);
  }
  return out;
}

std::int64_t MoveTasks::cancel(const std::string& handle) {
  std::shared_ptr<Task> found;
  {
    std::lock_guard lock(mutex_);
    for (auto& [arn, tasks] : bySource_)
      for (auto& t : tasks)
        if (t->view.handle == handle) found = t;
    if (!found || found->view.status != "RUNNING") throw errors::make("ResourceNotFoundException", "Task does not exist.");
    found->cancelled = true;
    found->view.status = "CANCELLING";
  }
  wake_.notify_all();
  if (found->worker.joinable() && found->worker.get_id() != std::this_thread::get_id()) found->worker.join();
  std::lock_guard lock(mutex_);
  return found->view.moved;
}

void MoveTasks::stop() {
  std::vector<std::shared_ptr<Task>> all;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [arn, tasks] : bySource_) all.insert(all.end(), tasks.begin(), tasks.end());
  }
  wake_.notify_all();
  for (auto& t : all)
    if (t->worker.joinable()) t->worker.join();
}

}  // namespace localemu::sqs
