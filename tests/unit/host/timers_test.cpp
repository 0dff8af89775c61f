#include "services/timers.hpp"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace localemu::host {
namespace {

using namespace std::chrono_literals;

TEST(Timers, OneShotFiresOnceAfterItsDelay) {
  TimerService timers;
  std::atomic<int> fired{0};
  const auto start = std::chrono::steady_clock::now();
  std::atomic<long long> elapsedMs{-1};
  timers.schedule(30, 0, [&] {
    elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    ++fired;
  });
  for (int i = 0; i < 200 && fired == 0; ++i) std::this_thread::sleep_for(5ms);
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(fired, 1);
  EXPECT_GE(elapsedMs, 30);
}

TEST(Timers, PeriodicRepeatsUntilCancelled) {
  TimerService timers;
  std::atomic<int> fired{0};
  const auto id = timers.schedule(0, 5, [&] { ++fired; });
  for (int i = 0; i < 400 && fired < 3; ++i) std::this_thread::sleep_for(5ms);
  timers.cancel(id);
  const int atCancel = fired;
  EXPECT_GE(atCancel, 3);
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(fired, atCancel);
}

TEST(Timers, CancelWaitsForARunningCallback) {
  TimerService timers;
  std::atomic<bool> inside{false}, finished{false};
  const auto id = timers.schedule(0, 0, [&] {
    inside = true;
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  while (!inside) std::this_thread::sleep_for(1ms);
  timers.cancel(id);
  EXPECT_TRUE(finished);
}

TEST(Timers, AThrowingCallbackDoesNotStopTheService) {
  TimerService timers;
  std::atomic<bool> later{false};
  timers.schedule(0, 0, [] { throw std::runtime_error("boom"); });
  timers.schedule(10, 0, [&] { later = true; });
  for (int i = 0; i < 200 && !later; ++i) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(later);
}

}  // namespace
}  // namespace localemu::host
