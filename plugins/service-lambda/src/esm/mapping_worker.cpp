#include "esm/mapping_worker.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "esm/batch_outcome.hpp"
#include "esm/poller_session.hpp"

namespace localemu::lambda {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr auto kReservedRecheck = std::chrono::seconds(1);

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(v, out);
  return out.str();
}

bool reportsBatchItemFailures(const EventSourceMapping& mapping) {
  if (!mapping.settings->has("FunctionResponseTypes")) return false;
  const auto types = mapping.settings->getArray("FunctionResponseTypes");
  if (!types) return false;
  for (std::size_t i = 0; i < types->size(); ++i)
    if (types->get(static_cast<unsigned>(i)).toString() == "ReportBatchItemFailures") return true;
  return false;
}

std::string itemIdentifier(const Object& record) {
  if (record.has("messageId")) return record.get("messageId").toString();
  if (const auto kinesis = record.getObject("kinesis"); kinesis && kinesis->has("sequenceNumber"))
    return kinesis->get("sequenceNumber").toString();
  if (const auto dynamodb = record.getObject("dynamodb"); dynamodb && dynamodb->has("SequenceNumber"))
    return dynamodb->get("SequenceNumber").toString();
  return {};
}

void addGroups(const Array& records, std::set<std::string>& groups) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto record = records.getObject(static_cast<unsigned>(i));
    if (!record) continue;
    const auto attributes = record->getObject("attributes");
    if (attributes && attributes->has("MessageGroupId")) groups.insert(attributes->get("MessageGroupId").toString());
  }
}

bool throttled(const sdk::AwsError& e) { return e.status() == 429 || e.code() == "TooManyRequestsException"; }

// A filter or source change needs new sessions; other settings are read per batch.
bool sameSource(const EventSourceMapping& a, const EventSourceMapping& b) {
  const auto filter = [](const EventSourceMapping& m) {
    return m.settings->has("FilterCriteria") ? stringify(m.settings->get("FilterCriteria")) : std::string();
  };
  return a.eventSourceArn == b.eventSourceArn && filter(a) == filter(b);
}

}  // namespace

std::size_t laneLimit(const EventSourceMapping& mapping, std::int64_t accountLimit) {
  std::int64_t limit = accountLimit;
  if (const auto scaling = mapping.settings->getObject("ScalingConfig");
      scaling && scaling->has("MaximumConcurrency") && !scaling->get("MaximumConcurrency").isEmpty())
    limit = scaling->getValue<std::int64_t>("MaximumConcurrency");
  return static_cast<std::size_t>(std::max<std::int64_t>(1, limit));
}

std::set<std::string> messageGroups(const std::string& recordsJson) {
  std::set<std::string> groups;
  Poco::JSON::Parser parser;
  if (const auto records = parser.parse(recordsJson).extract<Array::Ptr>()) addGroups(*records, groups);
  return groups;
}

MappingWorker::MappingWorker(const sdk::Host& host, EventSourceMapping mapping, const BatchInvoker& invoker,
                             EsmPacing pacing, PollerLookup lookup)
    : host_(host),
      invoker_(invoker),
      pacing_(pacing),
      lookup_(lookup ? std::move(lookup) : PollerLookup([&host](std::string_view arn) { return findPoller(host, arn); })),
      accountLimit_(host.configInt("LAMBDA_LIMITS_CONCURRENT_EXECUTIONS", 1000)),
      mapping_(std::move(mapping)) {
  std::lock_guard lock(mutex_);
  spawnLocked();
}

MappingWorker::~MappingWorker() {
  requestStop();
  join();
}

void MappingWorker::update(EventSourceMapping mapping) {
  {
    std::lock_guard lock(mutex_);
    if (!sameSource(mapping_, mapping)) ++generation_;
    mapping_ = std::move(mapping);
    reservedCheckedAt_ = {};
  }
  wake_.notify_all();
}

void MappingWorker::requestStop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

bool MappingWorker::finished() const {
  std::lock_guard lock(mutex_);
  return active_ == 0;
}

void MappingWorker::join() {
  std::list<Lane> lanes;
  {
    std::lock_guard lock(mutex_);
    lanes.splice(lanes.end(), lanes_);
  }
  for (auto& lane : lanes)
    if (lane.thread.joinable()) lane.thread.join();
}

EventSourceMapping MappingWorker::mapping() const {
  std::lock_guard lock(mutex_);
  return mapping_;
}

std::size_t MappingWorker::lanes() const {
  std::lock_guard lock(mutex_);
  return active_;
}

bool MappingWorker::pause(milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stopping_; });
  return !stopping_;
}

void MappingWorker::spawnLocked() {
  for (auto it = lanes_.begin(); it != lanes_.end();) {
    if (it->done) {
      if (it->thread.joinable()) it->thread.join();
      it = lanes_.erase(it);
    } else {
      ++it;
    }
  }
  auto& lane = lanes_.emplace_back();
  ++active_;
  lane.thread = std::thread([this, &lane] { runLane(lane); });
}

bool MappingWorker::retireLocked(Lane& lane, bool idle) {
  const bool overLimit = active_ > laneLimit(mapping_, accountLimit_);
  if (!stopping_ && !overLimit && !(idle && active_ > 1)) return false;
  lane.done = true;
  --active_;
  return true;
}

std::optional<std::int64_t> MappingWorker::reservedConcurrency(const EventSourceMapping& mapping) {
  {
    std::lock_guard lock(mutex_);
    if (Clock::now() - reservedCheckedAt_ < kReservedRecheck) return reserved_;
  }
  std::optional<std::int64_t> reserved;
  sdk::CallerContext caller;
  caller.region = mapping.region;
  caller.accountId = mapping.account;
  try {
    const auto result = host_.call("lambda", "GetFunctionConcurrency",
                                   R"({"FunctionName":")" + mapping.functionName() + R"("})", caller);
    if (result.ok) {
      Poco::JSON::Parser parser;
      const auto out = parser.parse(result.output).extract<Object::Ptr>();
      if (out && out->has("ReservedConcurrentExecutions") && !out->get("ReservedConcurrentExecutions").isEmpty())
        reserved = out->getValue<std::int64_t>("ReservedConcurrentExecutions");
    }
  } catch (const std::exception& e) {
    host_.debug("event source mapping " + mapping.uuid + ": reserved concurrency unknown: " + e.what());
  }
  std::lock_guard lock(mutex_);
  reservedCheckedAt_ = Clock::now();
  reserved_ = reserved;
  return reserved;
}

void MappingWorker::maybeGrow(const EventSourceMapping& mapping) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || busy_ < active_ || active_ >= laneLimit(mapping_, accountLimit_) ||
        Clock::now() < growthHeldUntil_)
      return;
  }
  const auto reserved = reservedConcurrency(mapping);
  std::lock_guard lock(mutex_);
  if (stopping_ || busy_ < active_ || active_ >= laneLimit(mapping_, accountLimit_)) return;
  if (reserved && static_cast<std::int64_t>(active_) >= *reserved) return;
  spawnLocked();
}

void MappingWorker::runLane(Lane& lane) {
  std::unique_ptr<PollerSession> session;
  std::uint64_t sessionGeneration = 0;
  auto emptyBackoff = pacing_.emptyPollBackoff();
  auto errorBackoff = pacing_.errorBackoff();
  bool idle = false;
  for (;;) {
    EventSourceMapping mapping;
    std::uint64_t generation = 0;
    {
      std::lock_guard lock(mutex_);
      if (retireLocked(lane, idle)) return;
      mapping = mapping_;
      generation = generation_;
    }
    idle = false;
    milliseconds wait{0};
    try {
      if (!session || sessionGeneration != generation) {
        session.reset();
        const auto* vtable = lookup_(mapping.eventSourceArn);
        if (vtable == nullptr)
          throw sdk::PluginError(LOCALEMU_ERR_NOT_FOUND, "no poller plugin serves " + mapping.eventSourceArn);
        session = PollerSession::open(vtable, stringify(toConfiguration(mapping)));
        sessionGeneration = generation;
      }
      const Round round = runBatch(*session, mapping);
      switch (round.outcome) {
        case Outcome::Delivered:
          emptyBackoff.reset();
          errorBackoff.reset();
          wait = pacing_.pollInterval;
          break;
        case Outcome::Empty:
          errorBackoff.reset();
          idle = true;
          if (round.waited) {
            emptyBackoff.reset();
          } else {
            wait = emptyBackoff.next();
          }
          break;
        case Outcome::InvokeFailed:
          wait = errorBackoff.next();
          break;
        case Outcome::Throttled: {
          wait = errorBackoff.next();
          idle = true;
          std::lock_guard lock(mutex_);
          growthHeldUntil_ = Clock::now() + wait;
          break;
        }
      }
    } catch (const std::exception& e) {
      host_.warn("event source mapping " + mapping.uuid + ": " + e.what());
      session.reset();
      wait = errorBackoff.next();
    }
    if (wait.count() > 0 && !pause(wait)) {
      std::lock_guard lock(mutex_);
      lane.done = true;
      --active_;
      return;
    }
  }
}

MappingWorker::Round MappingWorker::runBatch(PollerSession& session, const EventSourceMapping& mapping) {
  const auto stopping = [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  };
  const auto batchSize = static_cast<std::size_t>(std::max<std::int64_t>(1, mapping.integerSetting("BatchSize").value_or(10)));
  const auto window = std::chrono::seconds(mapping.integerSetting("MaximumBatchingWindowInSeconds").value_or(0));
  const auto deadline = Clock::now() + window;

  Round round;
  std::vector<PolledBatch> batches;
  Array::Ptr records = new Array;
  while (!stopping() && records->size() < batchSize) {
    const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    const std::uint32_t waitMs =
        window.count() > 0 ? static_cast<std::uint32_t>(std::clamp<std::int64_t>(remaining, 0, kMaxPollWaitMs)) : kMaxPollWaitMs;
    const auto started = Clock::now();
    auto batch = session.poll(static_cast<std::uint32_t>(batchSize - records->size()), waitMs);
    if (batch) {
      Poco::JSON::Parser parser;
      const auto polled = parser.parse(batch->recordsJson).extract<Array::Ptr>();
      for (std::size_t i = 0; i < polled->size(); ++i) records->add(polled->get(static_cast<unsigned>(i)));
      batches.push_back(std::move(*batch));
    } else {
      round.waited = (Clock::now() - started) * 2 >= milliseconds(waitMs);
      if (window.count() > 0 && waitMs < kMaxPollWaitMs)
        pause(milliseconds(std::min<std::int64_t>(std::max<std::int64_t>(remaining, 0), 100)));
    }
    if (window.count() == 0 || Clock::now() >= deadline) break;
  }
  if (batches.empty()) return round;
  round.outcome = Outcome::Delivered;

  std::set<std::string> groups;
  addGroups(*records, groups);
  {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [&] {
      return stopping_ || (busy_ < laneLimit(mapping_, accountLimit_) &&
                           std::none_of(groups.begin(), groups.end(),
                                        [this](const std::string& g) { return groupsInFlight_.contains(g); }));
    });
    if (stopping_) {
      lock.unlock();
      for (const auto& b : batches) session.complete(b.token, LOCALEMU_BATCH_FAILED);
      return round;
    }
    groupsInFlight_.insert(groups.begin(), groups.end());
    ++busy_;
  }
  const auto release = [&] {
    {
      std::lock_guard lock(mutex_);
      for (const auto& g : groups) groupsInFlight_.erase(g);
      --busy_;
    }
    wake_.notify_all();
  };
  try {
    maybeGrow(mapping);
  } catch (const std::exception& e) {
    host_.warn("event source mapping " + mapping.uuid + ": cannot add a poller: " + e.what());
  }

  std::set<std::string> ids;
  for (std::size_t i = 0; i < records->size(); ++i)
    if (const auto record = records->getObject(static_cast<unsigned>(i))) ids.insert(itemIdentifier(*record));
  Object event(Poco::JSON_PRESERVE_KEY_ORDER);
  event.set("Records", records);

  BatchVerdict verdict{LOCALEMU_BATCH_FAILED, "[]"};
  std::string invokeError;
  try {
    const auto result = invoker_(mapping, stringify(event));
    verdict = batchVerdict(result.functionError, reportsBatchItemFailures(mapping), result.payload, ids);
  } catch (const sdk::AwsError& e) {
    invokeError = e.code() + ": " + e.what();
    if (throttled(e)) round.outcome = Outcome::Throttled;
    else round.outcome = Outcome::InvokeFailed;
  } catch (const std::exception& e) {
    invokeError = e.what();
    round.outcome = Outcome::InvokeFailed;
  }
  try {
    for (const auto& b : batches) session.complete(b.token, verdict.result, verdict.failedIdsJson);
  } catch (...) {
    release();
    throw;
  }
  release();
  if (round.outcome == Outcome::InvokeFailed)
    host_.warn("event source mapping " + mapping.uuid + ": invoking " + mapping.functionArn + " failed: " + invokeError);
  else if (round.outcome == Outcome::Throttled)
    host_.debug("event source mapping " + mapping.uuid + ": " + mapping.functionArn + " throttled; records go back to the source");
  return round;
}

}  // namespace localemu::lambda
