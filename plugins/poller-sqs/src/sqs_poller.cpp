#include "sqs_poller.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include "event_filter.hpp"
#include "sqs_records.hpp"

namespace localemu::poller {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const localemu_plugin_descriptor kDescriptor = {
    sizeof(localemu_plugin_descriptor),
    "sqs-poller",
    LOCALEMU_KIND_POLLER,
    "0.1.0",
    "SQS queue -> Lambda event-source mapping batches (ReceiveMessage / DeleteMessageBatch through the bus)",
    nullptr,
    nullptr,
    0,
};

struct SqsSession final : sdk::Poller::Session {
  std::string queueArn;
  std::string region;
  std::string account;
  std::string queueUrl;
  EventFilter filter;
};

std::string stringify(const Object& o) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(o, out);
  return out.str();
}

std::string stringify(const Array& a) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(a, out);
  return out.str();
}

Poco::Dynamic::Var parse(std::string_view json) {
  Poco::JSON::Parser parser;
  return parser.parse(std::string(json));
}

// arn:aws:sqs:<region>:<account>:<name>
std::vector<std::string> arnParts(const std::string& arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const auto colon = arn.find(':', start);
    if (colon == std::string::npos) break;
    parts.push_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  parts.push_back(arn.substr(start));
  return parts;
}

sdk::BusResult callSqs(const sdk::Host& host, const SqsSession& s, std::string_view op, const Object& in) {
  sdk::CallerContext caller;
  caller.region = s.region;
  caller.accountId = s.account;
  return host.call("sqs", op, stringify(in), caller);
}

void deleteHandles(const sdk::Host& host, const SqsSession& s, const std::vector<std::string>& handles) {
  for (std::size_t first = 0; first < handles.size(); first += 10) {
    Object in;
    in.set("QueueUrl", s.queueUrl);
    Array::Ptr entries = new Array;
    for (std::size_t i = first; i < std::min(handles.size(), first + 10); ++i) {
      Object::Ptr entry = new Object;
      entry->set("Id", std::to_string(i));
      entry->set("ReceiptHandle", handles[i]);
      entries->add(entry);
    }
    in.set("Entries", entries);
    const auto result = callSqs(host, s, "DeleteMessageBatch", in);
    if (!result.ok) throw sdk::PluginError(LOCALEMU_ERR_INTERNAL, "DeleteMessageBatch: " + result.code + ": " + result.message);
  }
}

}  // namespace

const localemu_plugin_descriptor& sqsPollerDescriptor() noexcept { return kDescriptor; }

std::unique_ptr<sdk::Poller::Session> SqsPoller::open(std::string_view mappingJson) {
  const auto mapping = parse(mappingJson).extract<Object::Ptr>();
  auto session = std::make_unique<SqsSession>();
  session->queueArn = mapping->optValue<std::string>("EventSourceArn", "");
  const auto parts = arnParts(session->queueArn);
  if (parts.size() != 6 || parts[2] != "sqs")
    throw sdk::PluginError(LOCALEMU_ERR_INVALID_ARG, "not an SQS queue ARN: " + session->queueArn);
  session->region = parts[3];
  session->account = parts[4];
  if (mapping->has("FilterCriteria") && mapping->get("FilterCriteria").type() == typeid(Object::Ptr))
    session->filter = EventFilter::fromCriteria(mapping->getObject("FilterCriteria"));
  Object in;
  in.set("QueueName", parts[5]);
  in.set("QueueOwnerAWSAccountId", session->account);
  const auto result = callSqs(host(), *session, "GetQueueUrl", in);
  if (!result.ok) throw sdk::PluginError(LOCALEMU_ERR_NOT_FOUND, "GetQueueUrl: " + result.code + ": " + result.message);
  session->queueUrl = parse(result.output).extract<Object::Ptr>()->getValue<std::string>("QueueUrl");
  return session;
}

std::optional<sdk::Poller::Batch> SqsPoller::poll(Session& base, std::uint32_t maxRecords, std::uint32_t waitMs) {
  auto& s = static_cast<SqsSession&>(base);
  Object in;
  in.set("QueueUrl", s.queueUrl);
  in.set("MaxNumberOfMessages", static_cast<int>(std::clamp<std::uint32_t>(maxRecords, 1, 10)));
  in.set("WaitTimeSeconds", static_cast<int>(std::min<std::uint32_t>(waitMs / 1000, 20)));
  Array::Ptr all = new Array;
  all->add("All");
  in.set("AttributeNames", all);
  in.set("MessageSystemAttributeNames", all);
  in.set("MessageAttributeNames", all);
  const auto result = callSqs(host(), s, "ReceiveMessage", in);
  if (!result.ok) throw sdk::PluginError(LOCALEMU_ERR_INTERNAL, "ReceiveMessage: " + result.code + ": " + result.message);
  const auto out = parse(result.output).extract<Object::Ptr>();
  const auto messages = out->has("Messages") ? out->getArray("Messages") : nullptr;
  if (!messages || messages->size() == 0) return std::nullopt;

  Array records;
  Array token;
  std::vector<std::string> filteredOut;
  for (std::size_t i = 0; i < messages->size(); ++i) {
    const auto record = toLambdaRecord(*messages->getObject(static_cast<unsigned>(i)), s.queueArn, s.region);
    const std::string handle = record->getValue<std::string>("receiptHandle");
    if (!s.filter.matches(*filterView(*record))) {
      filteredOut.push_back(handle);
      continue;
    }
    records.add(record);
    Array::Ptr pair = new Array;
    pair->add(record->getValue<std::string>("messageId"));
    pair->add(handle);
    token.add(pair);
  }
  if (!filteredOut.empty()) deleteHandles(host(), s, filteredOut);
  if (records.size() == 0) return std::nullopt;
  return Batch{stringify(token), stringify(records), records.size()};
}

void SqsPoller::complete(Session& base, std::string_view batchToken, const localemu_batch_outcome& outcome) {
  auto& s = static_cast<SqsSession&>(base);
  if (outcome.result == LOCALEMU_BATCH_FAILED) return;
  std::set<std::string> failed;
  if (outcome.result == LOCALEMU_BATCH_PARTIAL) {
    const auto ids = parse(sdk::view(outcome.failed_ids_json)).extract<Array::Ptr>();
    for (std::size_t i = 0; i < ids->size(); ++i) failed.insert(ids->get(static_cast<unsigned>(i)).toString());
  }
  const auto pairs = parse(batchToken).extract<Array::Ptr>();
  std::vector<std::string> handles;
  for (std::size_t i = 0; i < pairs->size(); ++i) {
    const auto pair = pairs->getArray(static_cast<unsigned>(i));
    if (!failed.contains(pair->get(0).toString())) handles.push_back(pair->get(1).toString());
  }
  deleteHandles(host(), s, handles);
}

}  // namespace localemu::poller
