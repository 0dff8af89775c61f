#include "esm/mapping_worker.hpp"

#include <algorithm>
#include <set>
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

}  // namespace

MappingWorker::MappingWorker(const sdk::Host& host, EventSourceMapping mapping, const BatchInvoker& invoker)
    : host_(host), mapping_(std::move(mapping)), invoker_(invoker), thread_([this] { run(); }) {}

MappingWorker::~MappingWorker() {
  requestStop();
  join();
}

void MappingWorker::requestStop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void MappingWorker::join() {
  if (thread_.joinable()) thread_.join();
}

bool MappingWorker::pause(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stopping_.load(); });
  return !stopping_;
}

void MappingWorker::run() {
  std::unique_ptr<PollerSession> session;
  const std::string mappingJson = stringify(toConfiguration(mapping_));
  while (!stopping_) {
    try {
      if (!session) session = PollerSession::open(host_, mapping_.eventSourceArn, mappingJson);
      runOnce(*session);
    } catch (const std::exception& e) {
      host_.warn("event source mapping " + mapping_.uuid + ": " + e.what());
      session.reset();
      pause(kErrorBackoff);
    }
  }
  finished_ = true;
}

void MappingWorker::runOnce(PollerSession& session) {
  const auto batchSize = static_cast<std::size_t>(std::max<std::int64_t>(1, mapping_.integerSetting("BatchSize").value_or(10)));
  const auto window = std::chrono::seconds(mapping_.integerSetting("MaximumBatchingWindowInSeconds").value_or(0));
  const auto deadline = Clock::now() + window;

  std::vector<PolledBatch> batches;
  Array::Ptr records = new Array;
  while (!stopping_ && records->size() < batchSize) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    const std::uint32_t waitMs =
        window.count() > 0 ? static_cast<std::uint32_t>(std::clamp<std::int64_t>(remaining, 0, kMaxPollWaitMs)) : kMaxPollWaitMs;
    auto batch = session.poll(static_cast<std::uint32_t>(batchSize - records->size()), waitMs);
    if (batch) {
      Poco::JSON::Parser parser;
      const auto polled = parser.parse(batch->recordsJson).extract<Array::Ptr>();
      for (std::size_t i = 0; i < polled->size(); ++i) records->add(polled->get(static_cast<unsigned>(i)));
      batches.push_back(std::move(*batch));
    } else if (window.count() > 0 && waitMs < kMaxPollWaitMs) {
      pause(std::chrono::milliseconds(std::min<std::int64_t>(std::max<std::int64_t>(remaining, 0), 100)));
    }
    if (window.count() == 0 || Clock::now() >= deadline) break;
  }
  if (batches.empty()) return;
  if (stopping_) {
    for (const auto& b : batches) session.complete(b.token, LOCALEMU_BATCH_FAILED);
    return;
  }

  std::set<std::string> ids;
  for (std::size_t i = 0; i < records->size(); ++i)
    if (const auto record = records->getObject(static_cast<unsigned>(i))) ids.insert(itemIdentifier(*record));
  Object event(Poco::JSON_PRESERVE_KEY_ORDER);
  event.set("Records", records);

  BatchVerdict verdict{LOCALEMU_BATCH_FAILED, "[]"};
  std::string invokeError;
  try {
    const auto result = invoker_(mapping_, stringify(event));
    verdict = batchVerdict(result.functionError, reportsBatchItemFailures(mapping_), result.payload, ids);
  } catch (const std::exception& e) {
    invokeError = e.what();
  }
  for (const auto& b : batches) session.complete(b.token, verdict.result, verdict.failedIdsJson);
  if (!invokeError.empty()) {
    host_.warn("event source mapping " + mapping_.uuid + ": invoking " + mapping_.functionArn + " failed: " + invokeError);
    pause(kErrorBackoff);
  }
}

}  // namespace localemu::lambda
