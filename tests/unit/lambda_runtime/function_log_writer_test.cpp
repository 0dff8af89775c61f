// FunctionLogWriter's per-stream order: slots (END/REPORT) hold later lines
// until filled, fills in any order, fallback at the bound, monotonic stamps,
// the settle window for late output, independent streams.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "invoke/function_log_writer.hpp"
#include "localemu/sdk/aws/timestamp.hpp"
#include "test_host.hpp"

namespace localemu::lambda {
namespace {

using namespace std::chrono_literals;
using Name = FunctionLogWriter::StreamName;

class Captured {
 public:
  FunctionLogWriter::Sink sink() {
    return [this](const Name& name, const std::vector<FunctionLogWriter::LogEvent>& events) {
      std::lock_guard lock(mutex_);
      auto& stream = streams_[name.group + "/" + name.stream];
      stream.insert(stream.end(), events.begin(), events.end());
      changed_.notify_all();
    };
  }
  std::vector<std::string> messages(const std::string& stream) {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& e : streams_[stream]) out.push_back(e.message);
    return out;
  }
  std::vector<std::int64_t> stamps(const std::string& stream) {
    std::lock_guard lock(mutex_);
    std::vector<std::int64_t> out;
    for (const auto& e : streams_[stream]) out.push_back(e.epochMs);
    return out;
  }
  // Waits (at most 5 s) until `stream` holds `count` events.
  bool waitFor(const std::string& stream, std::size_t count) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return streams_[stream].size() >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::vector<FunctionLogWriter::LogEvent>> streams_;
};

class FunctionLogWriterTest : public ::testing::Test {
 protected:
  test::TestHost testHost_;
  sdk::Host host_{testHost_.api("lambda")};
  Captured captured_;
  const Name a_{"eu-west-1", "111122223333", "/aws/lambda/f", "a"};
  const Name b_{"eu-west-1", "111122223333", "/aws/lambda/f", "b"};
  static constexpr auto kLong = std::chrono::milliseconds(3600000);
};

TEST_F(FunctionLogWriterTest, LinesAfterAnUnfilledSlotWaitForIt) {
  FunctionLogWriter writer(host_, captured_.sink());
  const auto now = sdk::aws::nowMillis();
  writer.appendStart(a_, now, "START 1");
  writer.append(a_, now, "line 1");
  const auto slot = writer.reserve(a_, 0ms, kLong, {"END 1", "fallback"});
  writer.appendStart(a_, now, "START 2");
  writer.append(a_, now, "line 2");
  ASSERT_TRUE(captured_.waitFor("/aws/lambda/f/a", 2));
  std::this_thread::sleep_for(150ms);  // more than one linger period: nothing may pass the slot
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"START 1", "line 1"}));
  slot.fill({"END 1", "REPORT 1"});
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"),
            (std::vector<std::string>{"START 1", "line 1", "END 1", "REPORT 1", "START 2", "line 2"}));
}

TEST_F(FunctionLogWriterTest, SlotsFilledOutOfOrderKeepTheirPlaces) {
  FunctionLogWriter writer(host_, captured_.sink());
  const auto now = sdk::aws::nowMillis();
  writer.appendStart(a_, now, "START 1");
  const auto first = writer.reserve(a_, 0ms, kLong, {"fb 1"});
  writer.appendStart(a_, now, "START 2");
  const auto second = writer.reserve(a_, 0ms, kLong, {"fb 2"});
  writer.appendStart(a_, now, "START 3");
  second.fill({"END 2", "REPORT 2"});
  second.fill({"ignored"});  // the first fill wins
  first.fill({"END 1", "REPORT 1"});
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"START 1", "END 1", "REPORT 1", "START 2",
                                                                            "END 2", "REPORT 2", "START 3"}));
}

TEST_F(FunctionLogWriterTest, UnfilledSlotGetsItsFallbackAtTheBoundAndLateFillsAreIgnored) {
  FunctionLogWriter writer(host_, captured_.sink());
  writer.appendStart(a_, sdk::aws::nowMillis(), "START 1");
  const auto begin = std::chrono::steady_clock::now();
  const auto slot = writer.reserve(a_, 0ms, 100ms, {"END 1", "REPORT 1 without figure"});
  writer.appendStart(a_, sdk::aws::nowMillis(), "START 2");
  writer.flush();  // returns once the bound has passed
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 100ms);
  slot.fill({"END 1", "REPORT 1 late"});
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"),
            (std::vector<std::string>{"START 1", "END 1", "REPORT 1 without figure", "START 2"}));
}

TEST_F(FunctionLogWriterTest, StampsAreMonotonicPerStream) {
  FunctionLogWriter writer(host_, captured_.sink());
  const auto now = sdk::aws::nowMillis();
  writer.appendStart(a_, now, "START 1");
  writer.append(a_, now + 5000, "line read late");  // stamped after the slot's own time
  const auto slot = writer.reserve(a_, 0ms, kLong, {"fb"});
  writer.appendStart(a_, now - 1000, "START 2");  // an older stamp than what precedes it
  slot.fill({"END 1", "REPORT 1"});
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"),
            (std::vector<std::string>{"START 1", "line read late", "END 1", "REPORT 1", "START 2"}));
  EXPECT_EQ(captured_.stamps("/aws/lambda/f/a"),
            (std::vector<std::int64_t>{now, now + 5000, now + 5000, now + 5000, now + 5000}));
}

TEST_F(FunctionLogWriterTest, LateOutputLandsBeforeASettlingSlotUntilTheNextStart) {
  FunctionLogWriter writer(host_, captured_.sink());
  const auto now = sdk::aws::nowMillis();
  writer.appendStart(a_, now, "START 1");
  const auto slot = writer.reserve(a_, 10000ms, kLong, {"fb"});
  slot.fill({"END 1", "REPORT 1"});
  writer.append(a_, now, "late line of 1");
  writer.appendStart(a_, now, "START 2");  // closes the window: what follows is invocation 2's
  writer.append(a_, now, "line of 2");
  writer.flush();  // does not wait for the settle window: START 2 closed it
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"),
            (std::vector<std::string>{"START 1", "late line of 1", "END 1", "REPORT 1", "START 2", "line of 2"}));
}

TEST_F(FunctionLogWriterTest, SettleWindowEndsByItself) {
  FunctionLogWriter writer(host_, captured_.sink());
  writer.appendStart(a_, sdk::aws::nowMillis(), "START 1");
  const auto begin = std::chrono::steady_clock::now();
  writer.reserve(a_, 100ms, kLong, {"fb"}).fill({"END 1"});
  writer.flush();
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 100ms);
  writer.append(a_, sdk::aws::nowMillis(), "after the window");
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"START 1", "END 1", "after the window"}));
}

TEST_F(FunctionLogWriterTest, StreamsAreIndependent) {
  FunctionLogWriter writer(host_, captured_.sink());
  const auto now = sdk::aws::nowMillis();
  writer.appendStart(a_, now, "A START");
  const auto slot = writer.reserve(a_, 0ms, kLong, {"fb"});
  writer.appendStart(a_, now, "A START 2");
  writer.appendStart(b_, now, "B START");
  writer.reserve(b_, 0ms, kLong, {"fb"}).fill({"B END"});
  writer.appendStart(b_, now, "B START 2");
  ASSERT_TRUE(captured_.waitFor("/aws/lambda/f/b", 3));
  EXPECT_EQ(captured_.messages("/aws/lambda/f/b"), (std::vector<std::string>{"B START", "B END", "B START 2"}));
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"A START"}));
  slot.fill({"A END"});
  writer.flush();
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"A START", "A END", "A START 2"}));
}

TEST_F(FunctionLogWriterTest, DestructionReleasesOpenSlotsWithTheirFallback) {
  {
    FunctionLogWriter writer(host_, captured_.sink());
    writer.appendStart(a_, sdk::aws::nowMillis(), "START 1");
    writer.reserve(a_, 10000ms, kLong, {"END 1", "REPORT 1"});
    writer.appendStart(a_, sdk::aws::nowMillis(), "START 2");
  }
  EXPECT_EQ(captured_.messages("/aws/lambda/f/a"), (std::vector<std::string>{"START 1", "END 1", "REPORT 1", "START 2"}));
}

TEST_F(FunctionLogWriterTest, ManyThreadsKeepEachStreamsSequence) {
  FunctionLogWriter writer(host_, captured_.sink());
  constexpr int kThreads = 4, kInvokes = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const Name name{"eu-west-1", "111122223333", "/aws/lambda/f", "s" + std::to_string(t)};
      std::vector<FunctionLogWriter::Slot> slots;
      for (int i = 0; i < kInvokes; ++i) {
        writer.appendStart(name, sdk::aws::nowMillis(), "START " + std::to_string(i));
        writer.append(name, sdk::aws::nowMillis(), "line " + std::to_string(i));
        slots.push_back(writer.reserve(name, 1ms, kLong, {"fb"}));
        if (i % 3 == 2)  // filled late, newest first
          for (auto it = slots.rbegin(); it != slots.rend(); ++it) it->fill({"END", "REPORT"});
        if (i % 3 == 2) slots.clear();
      }
      for (const auto& slot : slots) slot.fill({"END", "REPORT"});
    });
  for (auto& thread : threads) thread.join();
  writer.flush();
  for (int t = 0; t < kThreads; ++t) {
    const auto stream = "/aws/lambda/f/s" + std::to_string(t);
    const auto messages = captured_.messages(stream);
    ASSERT_EQ(messages.size(), static_cast<std::size_t>(kInvokes * 4));
    for (int i = 0; i < kInvokes; ++i) {
      EXPECT_EQ(messages[i * 4], "START " + std::to_string(i));
      EXPECT_EQ(messages[i * 4 + 1], "line " + std::to_string(i));
      EXPECT_EQ(messages[i * 4 + 2], "END");
      EXPECT_EQ(messages[i * 4 + 3], "REPORT");
    }
    const auto stamps = captured_.stamps(stream);
    EXPECT_TRUE(std::is_sorted(stamps.begin(), stamps.end()));
  }
}

}  // namespace
}  // namespace localemu::lambda
