// A single background thread that runs state transitions (Pending -> Active,
// InProgress -> Successful) after the API call that started them returned.
// Jobs run in submission order. The destructor runs the jobs still queued,
// then joins. [thread-safe]
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace localemu::lambda {

class StateWorker {
 public:
  StateWorker();
  ~StateWorker();
  StateWorker(const StateWorker&) = delete;
  StateWorker& operator=(const StateWorker&) = delete;

  void submit(std::function<void()> job);
  // Blocks until every job submitted before the call has run.
  void drain();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> jobs_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localemu::lambda
