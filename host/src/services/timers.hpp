// services/timers.hpp — one-shot and periodic timers on one host thread.
// Threading: schedule()/cancel() are thread-safe. Callbacks run on the timer
// thread, one at a time; cancel() waits for a running callback of that timer
// (so it must not be called from that callback).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace localemu::host {

class TimerService {
 public:
  using Callback = std::function<void()>;
  TimerService();
  ~TimerService();  // stops the thread; pending timers never fire
  TimerService(const TimerService&) = delete;
  TimerService& operator=(const TimerService&) = delete;

  std::uint64_t schedule(std::uint64_t delayMs, std::uint64_t periodMs, Callback callback);
  void cancel(std::uint64_t id);

 private:
  using Clock = std::chrono::steady_clock;
  struct Timer {
    Clock::time_point due;
    std::uint64_t periodMs;
    Callback callback;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::map<std::uint64_t, Timer> timers_;
  std::uint64_t nextId_ = 1;
  std::uint64_t running_ = 0;  // id of the callback being run, 0 when none
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace localemu::host
