#include "services/timers.hpp"

#include <spdlog/spdlog.h>

namespace localemu::host {

TimerService::TimerService() : thread_([this] { run(); }) {}

TimerService::~TimerService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::uint64_t TimerService::schedule(std::uint64_t delayMs, std::uint64_t periodMs, Callback callback) {
  std::uint64_t id;
  {
    std::lock_guard lock(mutex_);
    id = nextId_++;
    timers_.emplace(id, Timer{Clock::now() + std::chrono::milliseconds(delayMs), periodMs, std::move(callback)});
  }
  wake_.notify_all();
  return id;
}

void TimerService::cancel(std::uint64_t id) {
  std::unique_lock lock(mutex_);
  timers_.erase(id);
  idle_.wait(lock, [&] { return running_ != id; });
}

void TimerService::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto next = timers_.end();
    for (auto it = timers_.begin(); it != timers_.end(); ++it)
      if (next == timers_.end() || it->second.due < next->second.due) next = it;
    if (next == timers_.end()) {
      wake_.wait(lock);
      continue;
    }
    if (const auto due = next->second.due; Clock::now() < due) {
      wake_.wait_until(lock, due);  // a copy: cancel() may erase the timer while this waits
      continue;
    }
    const auto id = next->first;
    Callback callback = next->second.callback;
    if (next->second.periodMs > 0)
      next->second.due += std::chrono::milliseconds(next->second.periodMs);
    else
      timers_.erase(next);
    running_ = id;
    lock.unlock();
    try {
      callback();
    } catch (const std::exception& e) {
      spdlog::error("timer {} callback threw: {}", id, e.what());
    } catch (...) {
      spdlog::error("timer {} callback threw", id);
    }
    lock.lock();
    running_ = 0;
    idle_.notify_all();
  }
}

}  // namespace localemu::host
