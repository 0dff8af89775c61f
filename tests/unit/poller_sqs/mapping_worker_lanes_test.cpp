// MappingWorker's lanes against an in-memory poller (a hand-built
// localemu_poller_vtable) and an invoker that sleeps and records when it ran:
// MaximumConcurrency bounds the concurrent invocations, the account limit does
// when there is no ScalingConfig, updates apply at once, throttled batches go
// back to the source, and one FIFO group is never in two batches at once.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include "esm/mapping_worker.hpp"
#include "test_host.hpp"

namespace localemu::lambda {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Item {
  std::string id;
  std::string group;
};

// A queue without visibility timeouts: FAILED records come back at once. With
// `withholdGroups` it withholds a FIFO group while it has records in flight, as
// SQS does; without, the worker's own group guard is all that keeps a group
// out of two batches.
class FakeSource {
 public:
  bool withholdGroups = true;

  FakeSource() {
    vtable_.object = {sizeof(localemu_poller_vtable), this, nullptr, nullptr};
    vtable_.open = [](void*, localemu_str, localemu_poller_session** out, localemu_error*) {
      *out = reinterpret_cast<localemu_poller_session*>(new int(0));
      return LOCALEMU_OK;
    };
    vtable_.close = [](void*, localemu_poller_session* s) { delete reinterpret_cast<int*>(s); };
    vtable_.poll = [](void* self, localemu_poller_session*, std::uint32_t max, std::uint32_t waitMs,
                      const localemu_batch_sink* sink, localemu_error*) {
      return static_cast<FakeSource*>(self)->poll(max, waitMs, sink);
    };
    vtable_.complete = [](void* self, localemu_poller_session*, localemu_str token, const localemu_batch_outcome* o,
                          localemu_error*) {
      static_cast<FakeSource*>(self)->complete(std::string(token.data, token.size), o->result);
      return LOCALEMU_OK;
    };
  }

  const localemu_poller_vtable* vtable() const { return &vtable_; }

  void add(const std::string& id, const std::string& group = {}) {
    {
      std::lock_guard lock(mutex_);
      pending_.push_back({id, group});
    }
    ready_.notify_all();
  }

  int succeeded() const {
    std::lock_guard lock(mutex_);
    return succeeded_;
  }
  int failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
  }

 private:
  localemu_status poll(std::uint32_t max, std::uint32_t waitMs, const localemu_batch_sink* sink) {
    std::unique_lock lock(mutex_);
    const auto receivable = [this] {
      std::vector<std::deque<Item>::iterator> out;
      std::set<std::string> blocked;
      for (const auto& [id, item] : inFlight_)
        if (withholdGroups && !item.group.empty()) blocked.insert(item.group);
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        if (!it->group.empty() && blocked.contains(it->group)) continue;
        out.push_back(it);
      }
      return out;
    };
    ready_.wait_for(lock, std::chrono::milliseconds(waitMs), [&] { return !receivable().empty(); });
    auto ready = receivable();
    if (ready.empty()) return LOCALEMU_IDLE;
    if (ready.size() > max) ready.resize(max);
    Poco::JSON::Array records;
    std::string token;
    std::vector<Item> taken;
    for (const auto& it : ready) taken.push_back(*it);
    for (auto it = ready.rbegin(); it != ready.rend(); ++it) pending_.erase(*it);
    for (const Item& item : taken) {
      Poco::JSON::Object::Ptr record = new Poco::JSON::Object;
      record->set("messageId", item.id);
      Poco::JSON::Object::Ptr attributes = new Poco::JSON::Object;
      if (!item.group.empty()) attributes->set("MessageGroupId", item.group);
      record->set("attributes", attributes);
      records.add(record);
      inFlight_[item.id] = item;
      token += (token.empty() ? "" : ",") + item.id;
    }
    std::ostringstream json;
    records.stringify(json);
    const std::string text = json.str();
    lock.unlock();
    sink->deliver(sink->ctx, {token.data(), token.size()}, {text.data(), text.size()}, records.size());
    return LOCALEMU_OK;
  }

  void complete(const std::string& token, std::int32_t result) {
    {
      std::lock_guard lock(mutex_);
      std::stringstream ids(token);
      for (std::string id; std::getline(ids, id, ',');) {
        const Item item = inFlight_.at(id);
        inFlight_.erase(id);
        if (result == LOCALEMU_BATCH_SUCCEEDED) {
          ++succeeded_;
        } else {
          ++failed_;
          pending_.push_back(item);
        }
      }
    }
    ready_.notify_all();
  }

  localemu_poller_vtable vtable_{};
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Item> pending_;
  std::map<std::string, Item> inFlight_;
  int succeeded_ = 0;
  int failed_ = 0;
};

struct Span {
  Clock::time_point start;
  Clock::time_point end;
  std::vector<std::string> ids;
  std::vector<std::string> groups;
};

// Sleeps `work`, recording each invocation; `throttleAbove` > 0 refuses (429)
// an invocation that would exceed that many at once.
class Probe {
 public:
  explicit Probe(std::chrono::milliseconds work, int throttleAbove = 0) : work_(work), throttleAbove_(throttleAbove) {}

  BatchInvoker invoker() {
    return [this](const EventSourceMapping&, const std::string& eventJson) {
      Span span;
      Poco::JSON::Parser parser;
      const auto records = parser.parse(eventJson).extract<Poco::JSON::Object::Ptr>()->getArray("Records");
      for (std::size_t i = 0; i < records->size(); ++i) {
        const auto record = records->getObject(static_cast<unsigned>(i));
        span.ids.push_back(record->getValue<std::string>("messageId"));
        span.groups.push_back(record->getObject("attributes")->optValue<std::string>("MessageGroupId", ""));
      }
      {
        std::lock_guard lock(mutex_);
        if (throttleAbove_ > 0 && current_ >= throttleAbove_) {
          ++throttled_;
          throw sdk::AwsError(429, "TooManyRequestsException", "Rate Exceeded.");
        }
        ++current_;
      }
      span.start = Clock::now();
      std::this_thread::sleep_for(work_);
      span.end = Clock::now();
      std::lock_guard lock(mutex_);
      --current_;
      spans_.push_back(span);
      return BatchInvokeResult{};
    };
  }

  std::vector<Span> spans() const {
    std::lock_guard lock(mutex_);
    return spans_;
  }
  int throttled() const {
    std::lock_guard lock(mutex_);
    return throttled_;
  }

 private:
  const std::chrono::milliseconds work_;
  const int throttleAbove_;
  mutable std::mutex mutex_;
  int current_ = 0;
  int throttled_ = 0;
  std::vector<Span> spans_;
};

int maxOverlap(const std::vector<Span>& spans) {
  std::vector<std::pair<Clock::time_point, int>> edges;
  for (const auto& s : spans) {
    edges.emplace_back(s.start, 1);
    edges.emplace_back(s.end, -1);
  }
  std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second < b.second;
  });
  int current = 0;
  int best = 0;
  for (const auto& [at, step] : edges) best = std::max(best, current += step);
  return best;
}

EventSourceMapping mapping(std::optional<int> maximumConcurrency, int batchSize = 1) {
  EventSourceMapping m;
  m.uuid = "lanes";
  m.region = "us-east-1";
  m.account = "000000000000";
  m.functionArn = "arn:aws:lambda:us-east-1:000000000000:function:f";
  m.eventSourceArn = "arn:aws:sqs:us-east-1:000000000000:q";
  m.settings->set("BatchSize", batchSize);
  m.settings->set("MaximumBatchingWindowInSeconds", 0);
  if (maximumConcurrency) {
    Poco::JSON::Object::Ptr scaling = new Poco::JSON::Object;
    scaling->set("MaximumConcurrency", *maximumConcurrency);
    m.settings->set("ScalingConfig", scaling);
  }
  return m;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout = 15s) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

class MappingWorkerLanes : public ::testing::Test {
 protected:
  explicit MappingWorkerLanes(std::map<std::string, std::string> config = {{"LAMBDA_LIMITS_CONCURRENT_EXECUTIONS", "3"}})
      : testHost_(std::move(config)), host_(testHost_.api("lambda")) {}

  std::unique_ptr<MappingWorker> start(const EventSourceMapping& m, const BatchInvoker& invoker) {
    return std::make_unique<MappingWorker>(host_, m, invoker, EsmPacing{},
                                           [this](std::string_view) { return source_.vtable(); });
  }

  test::TestHost testHost_;
  sdk::Host host_;
  FakeSource source_;
};

TEST_F(MappingWorkerLanes, MaximumConcurrencyBoundsConcurrentInvocations) {
  Probe probe(150ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 12; ++i) source_.add("m" + std::to_string(i));
  auto worker = start(mapping(2), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 12; }));
  EXPECT_EQ(maxOverlap(probe.spans()), 2);
  EXPECT_LE(worker->lanes(), 2u);
  worker->requestStop();
  worker->join();
  EXPECT_TRUE(worker->finished());
}

TEST_F(MappingWorkerLanes, WithoutScalingConfigTheAccountLimitBoundsThem) {
  Probe probe(150ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 15; ++i) source_.add("m" + std::to_string(i));
  auto worker = start(mapping(std::nullopt), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 15; }));
  EXPECT_EQ(maxOverlap(probe.spans()), 3);
}

TEST_F(MappingWorkerLanes, IdleLanesEndButOneKeepsPolling) {
  Probe probe(100ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 6; ++i) source_.add("m" + std::to_string(i));
  auto worker = start(mapping(3), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 6; }));
  ASSERT_TRUE(eventually([&] { return worker->lanes() == 1; }, 5s));
  source_.add("late");
  EXPECT_TRUE(eventually([&] { return source_.succeeded() == 7; }));
}

TEST_F(MappingWorkerLanes, AnUpdateAppliesToTheNextBatches) {
  Probe probe(120ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 9; ++i) source_.add("a" + std::to_string(i));
  auto worker = start(mapping(3), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 9; }));
  EXPECT_EQ(maxOverlap(probe.spans()), 3);

  worker->update(mapping(1));
  EXPECT_EQ(laneLimit(worker->mapping(), 3), 1u);
  const auto updatedAt = Clock::now();
  for (int i = 0; i < 5; ++i) source_.add("b" + std::to_string(i));
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 14; }));
  std::vector<Span> after;
  for (const auto& s : probe.spans())
    if (s.start >= updatedAt) after.push_back(s);
  EXPECT_EQ(after.size(), 5u);
  EXPECT_EQ(maxOverlap(after), 1);
  EXPECT_TRUE(eventually([&] { return worker->lanes() == 1; }, 5s));
}

TEST_F(MappingWorkerLanes, ThrottledBatchesGoBackToTheSource) {
  Probe probe(150ms, 1);  // the function takes one invocation at a time
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 4; ++i) source_.add("m" + std::to_string(i));
  auto worker = start(mapping(4), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 4; }, 30s));
  EXPECT_EQ(maxOverlap(probe.spans()), 1);
  EXPECT_EQ(source_.failed(), probe.throttled());
}

TEST_F(MappingWorkerLanes, AFifoGroupIsNeverInTwoBatchesAtOnce) {
  Probe probe(80ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 4; ++i)
    for (const std::string group : {"a", "b"}) source_.add(group + std::to_string(i), group);
  auto worker = start(mapping(4), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 8; }));
  const auto spans = probe.spans();
  for (const std::string group : {"a", "b"}) {
    std::vector<Span> mine;
    for (const auto& s : spans)
      if (s.groups.front() == group) mine.push_back(s);
    std::sort(mine.begin(), mine.end(), [](const Span& x, const Span& y) { return x.start < y.start; });
    ASSERT_EQ(mine.size(), 4u);
    EXPECT_EQ(maxOverlap(mine), 1) << group;
    for (int i = 0; i < 4; ++i) EXPECT_EQ(mine[static_cast<std::size_t>(i)].ids.front(), group + std::to_string(i));
  }
  EXPECT_GE(maxOverlap(spans), 2);
}

TEST_F(MappingWorkerLanes, TheWorkerKeepsAGroupOutOfTwoBatchesEvenWhenTheSourceDoesNot) {
  source_.withholdGroups = false;
  Probe probe(80ms);
  const BatchInvoker invoker = probe.invoker();
  for (int i = 0; i < 6; ++i) source_.add("a" + std::to_string(i), "a");
  auto worker = start(mapping(4), invoker);
  ASSERT_TRUE(eventually([&] { return source_.succeeded() == 6; }));
  EXPECT_EQ(maxOverlap(probe.spans()), 1);
}

TEST_F(MappingWorkerLanes, StopReturnsPromptlyAndEveryLaneEnds) {
  Probe probe(50ms);
  const BatchInvoker invoker = probe.invoker();
  auto worker = start(mapping(5), invoker);
  std::this_thread::sleep_for(50ms);
  const auto started = Clock::now();
  worker->requestStop();
  worker->join();
  EXPECT_LT(Clock::now() - started, 2s);
  EXPECT_TRUE(worker->finished());
}

}  // namespace
}  // namespace localemu::lambda
